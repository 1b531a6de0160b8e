package org

import (
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/db"
	"github.com/crossaudit/crossaudit/internal/role"
	"github.com/crossaudit/crossaudit/internal/web"
)

// ownAccountPaths are what a person of a dissolved unit may still do: look
// after their own account and inbox. Everything else that changes data is
// work of a unit that no longer exists.
var ownAccountPaths = []string{"/lang", "/account/", "/inbox", "/api/v1/tokens"}

// GateDissolvedUnit is the name of the gate of DissolvedUnitGate.
const GateDissolvedUnit = "dissolved-unit"

// DissolvedUnitGate is the gate that keeps the people of a unit retired
// without a successor from acting on current work: an auditor or auditee
// attached to such a unit reads as before (their unit's records, the audits
// of their teams), but every request that changes something is refused
// with 403 "unit_dissolved", except signing out, the password and their own
// account and inbox, until the office moves them to a live unit. People of
// merged units never meet it: they move to the successor with the merger.
// It needs the signed-in user and the matched route's rule, so it runs
// after the gates that load the user and apply the route rules.
func DissolvedUnitGate(d *db.DB, r *web.Router) web.Gate {
	return web.Gate{Name: GateDissolvedUnit, Middleware: dissolvedGuard(d, r)}
}

func dissolvedGuard(d *db.DB, r *web.Router) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			v := web.ViewerOf(c)
			if v == nil || v.UnitCode == "" || (v.Role != role.Auditor && v.Role != role.Auditee) || !unsafeMethod(c.Request().Method) || ownAccount(c, r) {
				return next(c)
			}
			var retired bool
			err := d.R.QueryRowContext(c.Request().Context(), `SELECT retired_at IS NOT NULL FROM units WHERE code = ?`, v.UnitCode).Scan(&retired)
			switch {
			case errors.Is(err, sql.ErrNoRows):
				return next(c)
			case err != nil:
				return fmt.Errorf("org: unit of %s: %w", v.Username, err)
			case retired:
				return apperr.New(apperr.Forbidden, "unit_dissolved", apperr.M("reorg.err.unit_dissolved", "unit", v.UnitName))
			}
			return next(c)
		}
	}
}

func unsafeMethod(m string) bool {
	return m != http.MethodGet && m != http.MethodHead && m != http.MethodOptions
}

// ownAccount reports whether the request is about the caller's own account:
// a route let through during a forced password change (sign-out, password),
// or one of ownAccountPaths.
func ownAccount(c echo.Context, r *web.Router) bool {
	if rule, ok := r.RuleFor(c.Request().Method, c.Path()); ok && rule.DuringForcedChange {
		return true
	}
	for _, p := range ownAccountPaths {
		if strings.HasPrefix(c.Path(), p) {
			return true
		}
	}
	return false
}
