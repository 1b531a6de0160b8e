package handlers

import (
	"context"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/crossaudit/crossaudit/assets"
	"github.com/crossaudit/crossaudit/audit"
	"github.com/crossaudit/crossaudit/audit/conduct"
	"github.com/crossaudit/crossaudit/internal/auth"
	"github.com/crossaudit/crossaudit/internal/i18n"
	"github.com/crossaudit/crossaudit/internal/role"
	"github.com/crossaudit/crossaudit/internal/web"
)

// Offline serves what the audit page needs to work through a dropped
// connection (issue 9): the service worker at the site's root, and
// GET /api/v1/offline, which tells the page and the worker who is signed in,
// the session's CSRF token (after a sign-in elsewhere the page's own token
// is stale) and which audits to keep for offline use. The queue itself lives
// in the browser (offline.js); the server's part is that every replay is
// idempotent (SaveAnswer, AddAttachmentOnce).
type Offline struct {
	Audits  *audit.Store
	Conduct *conduct.Store
	Catalog *i18n.Catalog
}

// offlineShell lists the static files the service worker keeps so that a
// page opens without a network.
var offlineShell = []string{"app.css", "app.js", "audit.js", "offline.js", "icon.svg", "markup.js"}

// MountOffline registers the service worker (/sw.js, public: the script
// holds no data, and the browser checks it for updates even after
// sign-out) and the offline session API.
func MountOffline(s *web.Server, r *web.Router, audits *audit.Store, c *conduct.Store) error {
	static, err := web.NewStatic(assets.Static, "static")
	if err != nil {
		return err
	}
	worker, err := static.Worker("sw.js", offlineShell...)
	if err != nil {
		return err
	}
	o := &Offline{Audits: audits, Conduct: c, Catalog: s.Catalog}
	r.GET("/sw.js", worker, web.Public())
	r.GET("/api/v1/offline", o.session, web.SignedIn())
	return nil
}

// offlineAudit is an audit the tablet keeps for offline use.
type offlineAudit struct {
	ID     int64  `json:"id"`
	Status string `json:"status"`
	Path   string `json:"path"`
}

// session answers {user, csrf, audits, messages}: audits are those the
// caller may conduct and that are still open, the ones worth having on a
// tablet that loses its connection; messages are the sign-out warning's
// texts in the caller's language, for app.js, which has no catalogue of its
// own.
func (o *Offline) session(c echo.Context) error {
	v := web.ViewerOf(c)
	audits, err := o.conductable(c.Request().Context(), auth.UserOf(c))
	if err != nil {
		return err
	}
	lang := web.Lang(c)
	msgs := map[string]string{}
	for _, k := range []string{"signout_warning", "signout_anyway", "signout_stay"} {
		msgs[k] = o.Catalog.T(lang, "offline.signout."+k)
	}
	return c.JSON(http.StatusOK, map[string]any{"user": v.Username, "csrf": v.CSRF, "audits": audits, "messages": msgs})
}

// conductable lists the open audits u may answer.
func (o *Offline) conductable(ctx context.Context, u *auth.User) ([]offlineAudit, error) {
	out := []offlineAudit{}
	if u.Role != role.Auditor {
		return out, nil
	}
	for _, status := range []string{audit.StatusInProgress, audit.StatusPlanned} {
		list, err := o.Audits.ListAudits(ctx, audit.Visibility(u, audit.AuditFilter{Status: status}))
		if err != nil {
			return nil, err
		}
		for _, a := range list {
			p, err := o.Conduct.Access(ctx, a.ID)
			if err != nil {
				return nil, err
			}
			if audit.CanConduct(u, p) {
				out = append(out, offlineAudit{ID: a.ID, Status: a.Status, Path: "/audits/" + strconv.FormatInt(a.ID, 10)})
			}
		}
	}
	return out, nil
}
