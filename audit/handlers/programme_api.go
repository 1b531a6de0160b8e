package handlers

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/crossaudit/crossaudit/audit"
	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/auth"
	"github.com/crossaudit/crossaudit/internal/i18n"
	"github.com/crossaudit/crossaudit/internal/role"
	"github.com/crossaudit/crossaudit/internal/web"
)

// API serves programmes, rounds, audit plans, the register and conflicts.
// Catalog words a round's rule breaks and spot checks in the reader's
// language.
type API struct {
	Audits  *audit.Store
	Catalog *i18n.Catalog
}

var (
	staff   = web.Roles(role.Admin, role.Office)
	planner = web.Roles(role.Admin, role.Office, role.Auditor)
)

// Routes registers the API with its rules (CONTRACT.md, "Who may do what":
// programmes, rounds and teams are managed by admin and office and read by
// auditors; an audit is read by its team and its audited unit).
func (a *API) Routes(r *web.Router) {
	r.GET("/api/v1/programmes", a.listProgrammes, planner)
	r.POST("/api/v1/programmes", a.createProgramme, staff)
	r.GET("/api/v1/programmes/:id", a.getProgramme, planner)
	r.POST("/api/v1/programmes/:id/transition", a.transitionProgramme, staff)
	r.POST("/api/v1/programmes/:id/rounds", a.previewRound, staff)
	r.GET("/api/v1/programmes/:id/rounds/:n", a.getRound, planner)
	r.POST("/api/v1/programmes/:id/rounds/:n/confirm", a.confirmRound, staff)
	r.POST("/api/v1/programmes/:id/rounds/:n/swap", a.swap, staff)
	r.GET("/api/v1/audits", a.listAudits, web.SignedIn())
	r.GET("/api/v1/audits/:id/plan", a.getPlan, web.SignedIn())
	r.PATCH("/api/v1/audits/:id/plan", a.updatePlan, web.Roles(role.Admin, role.Office, role.Auditor))
	r.POST("/api/v1/audits/:id/reschedule", a.reschedule, staff)
	r.POST("/api/v1/audits/:id/cancel", a.cancel, staff)
	r.POST("/api/v1/audits/:id/team", a.setMember, staff)
	r.GET("/api/v1/certificates", a.listCertificates, staff)
	r.POST("/api/v1/certificates", a.addCertificate, staff)
	r.POST("/api/v1/certificates/import", a.importCertificates, staff)
	r.GET("/api/v1/conflicts", a.listConflicts, staff)
	r.POST("/api/v1/conflicts", a.addConflict, staff)
	r.DELETE("/api/v1/conflicts/:id", a.deleteConflict, staff)
	a.dateRoutes(r)
}

func (a *API) listProgrammes(c echo.Context) error {
	ps, err := a.Audits.ListProgrammes(c.Request().Context())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, ps)
}

func (a *API) createProgramme(c echo.Context) error {
	var in audit.ProgrammeInput
	if err := web.BindJSON(c, &in); err != nil {
		return err
	}
	p, err := a.Audits.CreateProgramme(c.Request().Context(), in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, p)
}

func (a *API) getProgramme(c echo.Context) error {
	id, err := web.PathID(c, "id", "thing.programme")
	if err != nil {
		return err
	}
	p, err := a.Audits.Programme(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, p)
}

type transitionInput struct {
	To string `json:"to" validate:"required"`
}

func (a *API) transitionProgramme(c echo.Context) error {
	id, err := web.PathID(c, "id", "thing.programme")
	if err != nil {
		return err
	}
	var in transitionInput
	if err := web.BindJSON(c, &in); err != nil {
		return err
	}
	p, err := a.Audits.TransitionProgramme(c.Request().Context(), id, in.To)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, p)
}

func (a *API) previewRound(c echo.Context) error {
	id, err := web.PathID(c, "id", "thing.programme")
	if err != nil {
		return err
	}
	var in audit.RoundInput
	if err := web.BindJSON(c, &in); err != nil {
		return err
	}
	r, err := a.Audits.PreviewRound(c.Request().Context(), id, in)
	if err != nil {
		return err
	}
	a.word(c, r)
	return c.JSON(http.StatusCreated, r)
}

func roundParams(c echo.Context) (int64, int, error) {
	id, err := web.PathID(c, "id", "thing.programme")
	if err != nil {
		return 0, 0, err
	}
	n, err := strconv.Atoi(c.Param("n"))
	if err != nil || n <= 0 {
		return 0, 0, apperr.NotFoundThing("thing.round")
	}
	return id, n, nil
}

func (a *API) getRound(c echo.Context) error {
	id, n, err := roundParams(c)
	if err != nil {
		return err
	}
	r, err := a.Audits.Round(c.Request().Context(), id, n)
	if err != nil {
		return err
	}
	a.word(c, r)
	return c.JSON(http.StatusOK, r)
}

// confirmInput is a round's confirmation: optionally the days the office
// chose for some pairs, keyed "auditor->auditee" (audit.PairKey).
type confirmInput struct {
	Dates audit.RoundDates `json:"dates"`
}

func (a *API) confirmRound(c echo.Context) error {
	id, n, err := roundParams(c)
	if err != nil {
		return err
	}
	var in confirmInput
	if err := web.BindJSON(c, &in); err != nil {
		return err
	}
	audits, err := a.Audits.ConfirmRoundDates(c.Request().Context(), id, n, in.Dates)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"n": n, "status": audit.RoundConfirmed, "audits": audits})
}

func (a *API) swap(c echo.Context) error {
	id, n, err := roundParams(c)
	if err != nil {
		return err
	}
	var in audit.SwapInput
	if err := web.BindJSON(c, &in); err != nil {
		return err
	}
	r, err := a.Audits.SwapPairs(c.Request().Context(), id, n, in)
	if err != nil {
		return err
	}
	a.word(c, r)
	return c.JSON(http.StatusOK, r)
}

func (a *API) listAudits(c echo.Context) error {
	f := audit.AuditFilter{Unit: c.QueryParam("unit"), Status: c.QueryParam("status")}
	if p := c.QueryParam("programme"); p != "" {
		id, err := strconv.ParseInt(p, 10, 64)
		if err != nil {
			return apperr.InvalidFields(map[string]apperr.Msg{"programme": apperr.M("validation.type")})
		}
		f.ProgrammeID = id
	}
	audits, err := a.Audits.ListAudits(c.Request().Context(), audit.Visibility(auth.UserOf(c), f))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, audits)
}

// readablePlan loads an audit's plan if the caller may read it.
func (a *API) readablePlan(c echo.Context) (*audit.Audit, error) {
	id, err := web.PathID(c, "id", "thing.audit")
	if err != nil {
		return nil, err
	}
	p, err := a.Audits.Audit(c.Request().Context(), id)
	if err != nil {
		return nil, err
	}
	if !audit.CanRead(auth.UserOf(c), p) {
		return nil, audit.ErrHidden()
	}
	return p, nil
}

func (a *API) getPlan(c echo.Context) error {
	p, err := a.readablePlan(c)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, p)
}

func (a *API) updatePlan(c echo.Context) error {
	p, err := a.readablePlan(c)
	if err != nil {
		return err
	}
	if !audit.CanEditPlan(auth.UserOf(c), p) {
		return apperr.New(apperr.Forbidden, "forbidden", apperr.M("error.forbidden"))
	}
	var in audit.PlanInput
	if err := web.BindJSON(c, &in); err != nil {
		return err
	}
	if err := a.Audits.UpdatePlan(c.Request().Context(), p.ID, in); err != nil {
		return err
	}
	p, err = a.Audits.Audit(c.Request().Context(), p.ID)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, p)
}

func (a *API) reschedule(c echo.Context) error {
	return a.change(c, func(p *audit.Audit) error {
		var in audit.ChangeInput
		if err := web.BindJSON(c, &in); err != nil {
			return err
		}
		return a.Audits.Reschedule(c.Request().Context(), p.ID, in)
	})
}

func (a *API) cancel(c echo.Context) error {
	return a.change(c, func(p *audit.Audit) error {
		var in audit.ChangeInput
		if err := web.BindJSON(c, &in); err != nil {
			return err
		}
		return a.Audits.Cancel(c.Request().Context(), p.ID, in.Reason)
	})
}

func (a *API) setMember(c echo.Context) error {
	return a.change(c, func(p *audit.Audit) error {
		var in audit.MemberInput
		if err := web.BindJSON(c, &in); err != nil {
			return err
		}
		return a.Audits.SetMember(c.Request().Context(), p.ID, in)
	})
}

// change runs an office change on a plan and answers with the new plan.
func (a *API) change(c echo.Context, fn func(p *audit.Audit) error) error {
	p, err := a.readablePlan(c)
	if err != nil {
		return err
	}
	if err := fn(p); err != nil {
		return err
	}
	p, err = a.Audits.Audit(c.Request().Context(), p.ID)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, p)
}
