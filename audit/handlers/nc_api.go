package handlers

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/crossaudit/crossaudit/audit"
	"github.com/crossaudit/crossaudit/audit/conduct"
	"github.com/crossaudit/crossaudit/audit/findings"
	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/auth"
	"github.com/crossaudit/crossaudit/internal/org"
	"github.com/crossaudit/crossaudit/internal/role"
	"github.com/crossaudit/crossaudit/internal/text"
	"github.com/crossaudit/crossaudit/internal/web"
)

// Corrective serves the corrective-action workflow of nonconformities
// (ISO 9001 §10.2): the register with its filters, each nonconformity
// with its history, the audited unit's analysis, actions and evidence, the
// auditing lead's acceptance, verification and closure, the office's
// extensions, and the workflow's settings; both the JSON API and the
// tablet pages.
type Corrective struct {
	Audits   *audit.Store
	Conduct  *conduct.Store
	Findings *findings.Store
	Units    *org.Store
	Views    *web.Views
}

// Routes registers the API and the pages. Every route is open to signed-in
// users and narrowed by the handler per nonconformity (CONTRACT.md, "Who
// may do what"), except the office's extensions and the admin's settings.
func (h *Corrective) Routes(r *web.Router) {
	r.GET("/api/v1/nonconformities", h.list, web.SignedIn())
	r.GET("/api/v1/nonconformities/:id", h.get, web.SignedIn())
	r.PATCH("/api/v1/nonconformities/:id", h.patch, web.SignedIn())
	r.POST("/api/v1/nonconformities/:id/actions", h.addAction, web.SignedIn())
	r.POST("/api/v1/nonconformities/:id/actions/:aid/done", h.actionDone, web.SignedIn())
	h.actionEditRoutes(r)
	r.POST("/api/v1/nonconformities/:id/transition", h.transition, web.SignedIn())
	r.POST("/api/v1/nonconformities/:id/evidence", h.addEvidence, web.SignedIn())
	r.GET("/api/v1/nonconformities/:id/evidence/:eid", h.evidence, web.SignedIn())
	r.POST("/api/v1/nonconformities/:id/extend", h.extend, staff)
	r.GET("/api/v1/settings/nonconformities", h.getSettings, staff)
	r.PUT("/api/v1/settings/nonconformities", h.putSettings, web.Roles(role.Admin))
	h.pageRoutes(r)
}

// ncFilter reads the register's query: programme (id), round (its number
// in the programme), unit (either
// side), auditee, auditor (unit codes), clause, grade, status, overdue.
// Returns apperr.Invalid naming the parameter.
func ncFilter(c echo.Context) (findings.FindingFilter, error) {
	f := findings.FindingFilter{NonconformitiesOnly: true, Unit: text.Clean(c.QueryParam("unit")),
		Auditee: text.Clean(c.QueryParam("auditee")), Auditor: text.Clean(c.QueryParam("auditor")),
		Clause: text.Clean(c.QueryParam("clause")), Grade: text.Clean(c.QueryParam("grade"))}
	bad := apperr.Fields{}
	if v := text.Clean(c.QueryParam("programme")); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 1 {
			bad.Add("programme", apperr.M("validation.type"))
		}
		f.ProgrammeID = n
	}
	if v := text.Clean(c.QueryParam("round")); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			bad.Add("round", apperr.M("validation.type"))
		}
		f.RoundN = n
	}
	if f.Grade != "" && f.Grade != "minor" && f.Grade != "major" {
		bad.Add("grade", apperr.M("validation.oneof", "param", "minor major"))
	}
	switch v := text.Clean(c.QueryParam("overdue")); v {
	case "", "0", "false":
	case "1", "true":
		f.OverdueOnly = true
	default:
		bad.Add("overdue", apperr.M("validation.oneof", "param", "1 0"))
	}
	var err error
	if f.Status, err = findings.CleanStatus(c.QueryParam("status")); err != nil {
		bad.Add("status", apperr.M("validation.oneof", "param", strings.Join(findings.NCStates, " ")))
	}
	return f, bad.Err()
}

func (h *Corrective) list(c echo.Context) error {
	f, err := ncFilter(c)
	if err != nil {
		return err
	}
	list, err := h.Findings.Findings(c.Request().Context(), findings.FindingVisibility(auth.UserOf(c), f))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, list)
}

// load reads the path's nonconformity and what the caller is to it: 404
// when they may not see it.
func (h *Corrective) load(c echo.Context) (*findings.NCDetail, findings.NCActor, error) {
	ctx := c.Request().Context()
	id, err := web.PathID(c, "id", "thing.finding")
	if err != nil {
		return nil, findings.NCActor{}, err
	}
	d, err := h.Findings.NC(ctx, id)
	if err != nil {
		return nil, findings.NCActor{}, err
	}
	p, err := h.Conduct.Access(ctx, d.AuditID)
	if err != nil {
		return nil, findings.NCActor{}, err
	}
	a := findings.ActorOf(auth.UserOf(c), d.Finding, p)
	if !a.Sees {
		return nil, a, apperr.NotFoundThing("thing.finding")
	}
	d.Allowed = a.AllowedFor(d.Status)
	return d, a, nil
}

// loadFor is load for a step of one side: the nonconformity, once the
// caller is known to act for that side (403 otherwise). The JSON and the
// form handler of a step share it, so that both gate alike.
func (h *Corrective) loadFor(c echo.Context, side findings.NCSide) (*findings.NCDetail, findings.NCActor, error) {
	d, a, err := h.load(c)
	if err != nil {
		return nil, a, err
	}
	if err := a.Gate(side); err != nil {
		return nil, a, err
	}
	return d, a, nil
}

func (h *Corrective) get(c echo.Context) error {
	d, _, err := h.load(c)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, d)
}

// patch writes the audited unit's analysis (its side) or corrects the
// grade and statement (the office or the audit's lead).
func (h *Corrective) patch(c echo.Context) error {
	d, a, err := h.load(c)
	if err != nil {
		return err
	}
	var in findings.FindingEdit
	if err := web.BindJSON(c, &in); err != nil {
		return err
	}
	if err := h.gateEdit(a, in); err != nil {
		return err
	}
	if _, err := h.Findings.EditFinding(c.Request().Context(), d.ID, in); err != nil {
		return err
	}
	return h.answer(c, d.ID, http.StatusOK)
}

func (h *Corrective) gateEdit(a findings.NCActor, in findings.FindingEdit) error {
	if in.Analysing() {
		if err := a.Gate(findings.SideAuditee); err != nil {
			return err
		}
	}
	if in.Grading() {
		return a.Gate(findings.SideLead)
	}
	return nil
}

// answer writes the nonconformity as it is now, for the caller.
func (h *Corrective) answer(c echo.Context, id int64, status int) error {
	c.SetParamNames("id")
	c.SetParamValues(strconv.FormatInt(id, 10))
	d, _, err := h.load(c)
	if err != nil {
		return err
	}
	return c.JSON(status, d)
}

func (h *Corrective) addAction(c echo.Context) error {
	d, _, err := h.loadFor(c, findings.SideAuditee)
	if err != nil {
		return err
	}
	var in findings.ActionInput
	if err := web.BindJSON(c, &in); err != nil {
		return err
	}
	act, err := h.Findings.AddAction(c.Request().Context(), d.ID, in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, act)
}

func (h *Corrective) actionDone(c echo.Context) error {
	d, _, err := h.loadFor(c, findings.SideAuditee)
	if err != nil {
		return err
	}
	aid, err := web.PathID(c, "aid", "ca.thing_action")
	if err != nil {
		return err
	}
	var in findings.DoneInput
	if err := web.BindJSON(c, &in); err != nil {
		return err
	}
	if err := h.Findings.CompleteAction(c.Request().Context(), d.ID, aid, in); err != nil {
		return err
	}
	return h.answer(c, d.ID, http.StatusOK)
}

func (h *Corrective) transition(c echo.Context) error {
	d, a, err := h.load(c)
	if err != nil {
		return err
	}
	var in findings.TransitionInput
	if err := web.BindJSON(c, &in); err != nil {
		return err
	}
	if err := h.Findings.Transition(c.Request().Context(), d.ID, a, in); err != nil {
		return err
	}
	return h.answer(c, d.ID, http.StatusOK)
}

func (h *Corrective) addEvidence(c echo.Context) error {
	d, a, err := h.load(c)
	if err != nil {
		return err
	}
	kind := text.Clean(c.FormValue("kind"))
	side, ok := findings.EvidenceSide(kind)
	if !ok {
		return apperr.InvalidFields(map[string]apperr.Msg{"kind": apperr.M("validation.oneof", "param", "implementation effectiveness")})
	}
	if err := a.Gate(side); err != nil {
		return err
	}
	data, name, err := web.FormFile(c, "file")
	if err != nil {
		return err
	}
	e, err := h.Findings.AddNCEvidence(c.Request().Context(), d.ID, kind, name, data)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, e)
}

func (h *Corrective) evidence(c echo.Context) error {
	d, _, err := h.load(c)
	if err != nil {
		return err
	}
	eid, err := web.PathID(c, "eid", "thing.attachment")
	if err != nil {
		return err
	}
	e, data, err := h.Findings.NCEvidenceData(c.Request().Context(), d.ID, eid)
	if err != nil {
		return err
	}
	c.Response().Header().Set("Content-Disposition", `inline; filename="`+e.Filename+`"`)
	c.Response().Header().Set("X-Content-Type-Options", "nosniff")
	return c.Blob(http.StatusOK, e.ContentType, data)
}

func (h *Corrective) extend(c echo.Context) error {
	d, _, err := h.load(c)
	if err != nil {
		return err
	}
	var in findings.ExtendInput
	if err := web.BindJSON(c, &in); err != nil {
		return err
	}
	if err := h.Findings.ExtendPlan(c.Request().Context(), d.ID, in); err != nil {
		return err
	}
	return h.answer(c, d.ID, http.StatusOK)
}

func (h *Corrective) getSettings(c echo.Context) error {
	s, err := findings.LoadNCSettings(c.Request().Context(), h.Conduct.DB.R)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, s)
}

// putSettings changes the settings: fields left out keep their values.
func (h *Corrective) putSettings(c echo.Context) error {
	cur, err := findings.LoadNCSettings(c.Request().Context(), h.Conduct.DB.R)
	if err != nil {
		return err
	}
	// Maps start empty, or JSON would merge into the current ones: a map
	// sent replaces, a map left out keeps.
	in := cur
	in.Holidays, in.Workdays, in.Mailboxes = nil, nil, nil
	if err := web.BindJSON(c, &in); err != nil {
		return err
	}
	if in.Holidays == nil {
		in.Holidays = cur.Holidays
	}
	if in.Workdays == nil {
		in.Workdays = cur.Workdays
	}
	if in.Mailboxes == nil {
		in.Mailboxes = cur.Mailboxes
	}
	if err := h.Findings.SaveNCSettings(c.Request().Context(), in); err != nil {
		return err
	}
	return h.getSettings(c)
}
