package reports

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/crossaudit/crossaudit/audit"
	"github.com/crossaudit/crossaudit/audit/findings"
	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/auth"
	"github.com/crossaudit/crossaudit/internal/org"
	"github.com/crossaudit/crossaudit/internal/web"
)

// The issuing API: issuing and revising an audit's report, its revisions,
// its PDF (a draft before issue, the stored bytes after) and the public
// verification. The issued record and the lock it puts on the findings
// are audit/findings' (issue.go, issue_store.go); drawing and numbering
// are issue.go's here.

// issuable loads the audit if the caller may issue its report.
func issuable(c echo.Context, s *findings.Store) (*audit.Audit, error) {
	p, err := readable(c, s)
	if err != nil {
		return nil, err
	}
	if !findings.CanIssue(auth.UserOf(c), p) {
		return nil, apperr.New(apperr.Forbidden, "forbidden", apperr.M("error.forbidden"))
	}
	return p, nil
}

// baseURL is the site's address for the verification address printed on
// an issued report: the configured public one, else the request's.
func (a *API) baseURL(c echo.Context) string {
	if a.PublicURL != "" {
		return strings.TrimSuffix(a.PublicURL, "/")
	}
	return c.Scheme() + "://" + c.Request().Host
}

func (a *API) issue(c echo.Context) error {
	p, err := issuable(c, a.findings())
	if err != nil {
		return err
	}
	// Optional {number, signed_on}: the outgoing register's (CONTRACT.md).
	var reg org.RegisterInput
	if err := web.BindJSON(c, &reg); err != nil {
		return err
	}
	r, err := a.Issuer.Issue(c.Request().Context(), p.ID, a.baseURL(c), nil, reg)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, r)
}

func (a *API) revise(c echo.Context) error {
	p, err := issuable(c, a.findings())
	if err != nil {
		return err
	}
	var in findings.RevisionInput
	if err := web.BindJSON(c, &in); err != nil {
		return err
	}
	r, err := a.Issuer.Issue(c.Request().Context(), p.ID, a.baseURL(c), &in, org.RegisterInput{})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, r)
}

func (a *API) revisions(c echo.Context) error {
	p, err := readable(c, a.findings())
	if err != nil {
		return err
	}
	rs, err := a.findings().IssuedReports(c.Request().Context(), p.ID)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, rs)
}

// auditPDF serves the report: the stored bytes of the latest revision (or
// of ?revision=N) once issued, a draft drawn now before.
func (a *API) auditPDF(c echo.Context) error {
	p, err := readable(c, a.findings())
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	if p.Status != audit.StatusIssued {
		b, err := a.Issuer.Draft(ctx, p.ID, web.Lang(c))
		if err != nil {
			return err
		}
		return sendPDF(c, b, "bao-cao-danh-gia-"+strconv.FormatInt(p.ID, 10)+"-du-thao.pdf", "")
	}
	r, err := a.pickRevision(ctx, p.ID, c.QueryParam("revision"))
	if err != nil {
		return err
	}
	b, err := a.findings().IssuedPDF(ctx, r.ID)
	if err != nil {
		return err
	}
	name := "bao-cao-danh-gia-" + strconv.FormatInt(p.ID, 10) + "-lan-" + strconv.Itoa(r.Revision) + ".pdf"
	return sendPDF(c, b, name, r.SHA256)
}

func (a *API) pickRevision(ctx context.Context, auditID int64, want string) (findings.IssuedReport, error) {
	rs, err := a.findings().IssuedReports(ctx, auditID)
	if err != nil {
		return findings.IssuedReport{}, err
	}
	if len(rs) == 0 {
		return findings.IssuedReport{}, apperr.NotFoundThing("report.thing")
	}
	if want == "" {
		return rs[len(rs)-1], nil
	}
	n, err := strconv.Atoi(want)
	if err != nil || n < 1 || n > len(rs) {
		return findings.IssuedReport{}, apperr.NotFoundThing("report.thing")
	}
	return rs[n-1], nil
}

// lookup finds a report by its code, as typed from paper: case and
// surrounding spaces do not matter. Returns apperr.NotFound.
func lookup(ctx context.Context, s *findings.Store, code string) (Verified, error) {
	r, err := s.IssuedByCode(ctx, NormalizeCode(code))
	if err != nil {
		return Verified{}, err
	}
	return Verified{Code: r.Code, AuditID: r.AuditID, AuditeeUnit: r.AuditeeUnit, AuditeeName: r.AuditeeName,
		IssuedAt: r.IssuedAt.UTC().Format(time.RFC3339), SHA256: r.SHA256,
		Number: r.Number, Revision: r.Revision, Current: r.Current, At: r.IssuedAt}, nil
}

func (a *API) verify(c echo.Context) error {
	v, err := lookup(c.Request().Context(), a.findings(), c.Param("code"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, v)
}
