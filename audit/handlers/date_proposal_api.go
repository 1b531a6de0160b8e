package handlers

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/crossaudit/crossaudit/audit"
	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/auth"
	"github.com/crossaudit/crossaudit/internal/role"
	"github.com/crossaudit/crossaudit/internal/text"
	"github.com/crossaudit/crossaudit/internal/web"
)

// dateRoutes registers the days of audits: a round's schedule before it
// is confirmed, and the audited unit's proposals of another day with the
// office's answers (issue 24).
func (a *API) dateRoutes(r *web.Router) {
	r.GET("/api/v1/programmes/:id/rounds/:n/schedule", a.roundSchedule, staff)
	r.GET("/api/v1/date-proposals", a.pendingProposals, staff)
	r.GET("/api/v1/audits/:id/date-proposals", a.listProposals, web.SignedIn())
	r.POST("/api/v1/audits/:id/date-proposals", a.proposeDate, web.Roles(role.Auditee))
	r.POST("/api/v1/audits/:id/date-proposals/:pid/accept", a.acceptProposal, staff)
	r.POST("/api/v1/audits/:id/date-proposals/:pid/decline", a.declineProposal, staff)
}

// roundSchedule answers what confirming the round would create, each audit
// with its day, the scheduler's day and its team; ?dates= is not taken,
// the chosen days travel with the confirmation itself.
func (a *API) roundSchedule(c echo.Context) error {
	id, n, err := roundParams(c)
	if err != nil {
		return err
	}
	planned, err := a.Audits.PlanConfirmation(c.Request().Context(), id, n)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"n": n, "audits": planned})
}

// pendingProposals lists the proposals waiting for the office, of one
// programme with ?programme=ID.
func (a *API) pendingProposals(c echo.Context) error {
	var programme int64
	if v := c.QueryParam("programme"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return apperr.InvalidFields(map[string]apperr.Msg{"programme": apperr.M("validation.type")})
		}
		programme = id
	}
	out, err := a.Audits.PendingDateProposals(c.Request().Context(), programme)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, out)
}

func (a *API) listProposals(c echo.Context) error {
	p, err := a.readablePlan(c)
	if err != nil {
		return err
	}
	out, err := a.Audits.DateProposals(c.Request().Context(), p.ID)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, out)
}

func (a *API) proposeDate(c echo.Context) error {
	p, err := a.readablePlan(c)
	if err != nil {
		return err
	}
	u := auth.UserOf(c)
	if !audit.CanProposeDate(u, p) {
		return errForbidden()
	}
	var in audit.DateProposalInput
	if err := web.BindJSON(c, &in); err != nil {
		return err
	}
	if day, ok := text.ParseDay(in.Date); ok {
		in.Date = day
	}
	dp, err := a.Audits.ProposeDate(c.Request().Context(), p.ID, u.ID, in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, dp)
}

func (a *API) acceptProposal(c echo.Context) error {
	p, pid, err := a.proposalParams(c)
	if err != nil {
		return err
	}
	dp, err := a.Audits.AcceptDateProposal(c.Request().Context(), p.ID, pid)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, dp)
}

func (a *API) declineProposal(c echo.Context) error {
	p, pid, err := a.proposalParams(c)
	if err != nil {
		return err
	}
	var in audit.DeclineInput
	if err := web.BindJSON(c, &in); err != nil {
		return err
	}
	dp, err := a.Audits.DeclineDateProposal(c.Request().Context(), p.ID, pid, in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, dp)
}

// proposalParams reads the audit (which the caller must be able to read)
// and the proposal's id from the path.
func (a *API) proposalParams(c echo.Context) (*audit.Audit, int64, error) {
	p, err := a.readablePlan(c)
	if err != nil {
		return nil, 0, err
	}
	if !audit.CanAnswerDateProposal(auth.UserOf(c)) {
		return nil, 0, errForbidden()
	}
	pid, err := web.PathID(c, "pid", "thing.date_proposal")
	if err != nil {
		return nil, 0, err
	}
	return p, pid, nil
}

func errForbidden() error {
	return apperr.New(apperr.Forbidden, "forbidden", apperr.M("error.forbidden"))
}
