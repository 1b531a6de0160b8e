package handlers

import (
	"fmt"
	"net/http"
	"slices"

	"github.com/labstack/echo/v4"

	"github.com/crossaudit/crossaudit/audit"
	"github.com/crossaudit/crossaudit/audit/findings"
	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/auth"
	"github.com/crossaudit/crossaudit/internal/role"
	"github.com/crossaudit/crossaudit/internal/web"
)

// pageRoutes registers the tablet pages: the register, one
// nonconformity with the forms of whoever may act on it, and the settings.
// Forms post and redirect; the JavaScript-free pages are the tablets'
// fallback and what the browser test drives.
func (h *Corrective) pageRoutes(r *web.Router) {
	r.GET("/nonconformities", h.registerPage, web.SignedIn())
	r.GET("/nonconformities/:id", h.detailPage, web.SignedIn())
	r.POST("/nonconformities/:id/analysis", h.postAnalysis, web.SignedIn())
	r.POST("/nonconformities/:id/actions", h.postAction, web.SignedIn())
	r.POST("/nonconformities/:id/actions/:aid/done", h.postDone, web.SignedIn())
	r.POST("/nonconformities/:id/transition", h.postTransition, web.SignedIn())
	r.POST("/nonconformities/:id/evidence", h.postEvidence, web.SignedIn())
	r.POST("/nonconformities/:id/extend", h.postExtend, staff)
	r.POST("/nonconformities/:id/grade", h.postGrade, web.SignedIn())
	h.settingsRoutes(r)
	h.Views.Shell.AddHome(h.home)
}

// registerPage is /nonconformities: the register as the viewer may see it
// (the office all, an audited unit its own, an auditing unit those it
// raised), with every filter of the API.
func (h *Corrective) registerPage(c echo.Context) error {
	ctx, u := c.Request().Context(), auth.UserOf(c)
	f, err := ncFilter(c)
	if err != nil {
		return err
	}
	list, err := h.Findings.Findings(ctx, findings.FindingVisibility(u, f))
	if err != nil {
		return err
	}
	// The page's data and template are those of issue 8's register, so
	// that its handler, which this one replaces, still renders.
	d := registerPage{Filter: f, Statuses: findings.NCStates}
	// A page at a time: the office's register of a whole district runs to
	// hundreds of rows, too long to scroll on a tablet (the filters stay in
	// the page links).
	d.Findings, d.Pager = web.Paginate(c, list, web.PerPage)
	if d.Units, err = h.Units.UnitNames(ctx); err != nil {
		return err
	}
	visible := list
	if all := (findings.FindingFilter{NonconformitiesOnly: true}); !u.IsStaff() && f != all {
		// The filters offer every unit the viewer may see in the register,
		// not only the units of the rows the current filter keeps.
		if visible, err = h.Findings.Findings(ctx, findings.FindingVisibility(u, all)); err != nil {
			return err
		}
	}
	d.AuditeeUnits, d.AuditorUnits = registerUnits(u, d.Units, visible)
	// Programmes are for staff and auditors to read (CONTRACT.md).
	if u.Role != role.Auditee {
		if d.Programmes, err = h.Audits.ListProgrammes(ctx); err != nil {
			return err
		}
	}
	return h.Views.Render(c, http.StatusOK, "nonconformities", d)
}

// ncStepButton is a step the viewer may take, as the page offers it.
type ncStepButton struct {
	To        string
	NeedsNote bool
	Return    bool // back to the unit: a secondary button
}

// ncMember is a person of the audited unit who may own an action.
// ncDetailData is one nonconformity's page.
type ncDetailData struct {
	NC        *findings.NCDetail
	Actor     findings.NCActor
	Units     map[string]string
	Members   []findings.Member
	Steps     []ncStepButton
	Today     string
	Form      string // the form shown again after invalid input
	Analysis  findings.FindingEdit
	Whys      []string // the why-why aid's lines, at least five
	Action    findings.ActionInput
	Edit      findings.ActionInput // an action's edit form as typed, shown again when refused (Form "edit:ID")
	CanGrade  bool
	AuditPlan *audit.Audit
	// EvidenceKinds and GradeOptions are lists for the template.
	EvidenceKinds []string
	GradeOptions  []string
	// Causes are the root-cause categories the analysis form offers.
	Causes []string
}

// CauseKey is the message key of a root-cause category's name.
func (d *ncDetailData) CauseKey(category string) string { return findings.CauseKey(category) }

// ChosenCause is the category the analysis form shows selected: what was
// typed when the form comes back refused, else what is stored.
func (d *ncDetailData) ChosenCause() string {
	if d.Analysis.CauseCategory != nil {
		return *d.Analysis.CauseCategory
	}
	return ""
}

// whyLine is one line of the why-why aid.
type whyLine struct {
	N    int
	Text string
}

// WhyLines numbers the why-why aid's lines from 1.
func (d *ncDetailData) WhyLines() []whyLine {
	out := make([]whyLine, len(d.Whys))
	for i, w := range d.Whys {
		out[i] = whyLine{N: i + 1, Text: w}
	}
	return out
}

// AnalysisStep is the step that sends the cause analysis, offered inside
// the analysis form so that one press saves what is typed and takes the
// step; nil when the form or the step is not offered.
func (d *ncDetailData) AnalysisStep() *ncStepButton {
	if !d.Can("analysis") {
		return nil
	}
	for i, s := range d.Steps {
		if s.To == findings.NCCauseAnalysed {
			return &d.Steps[i]
		}
	}
	return nil
}

// OtherSteps are the steps offered on their own, after the forms.
func (d *ncDetailData) OtherSteps() []ncStepButton {
	inForm := d.AnalysisStep()
	var out []ncStepButton
	for _, s := range d.Steps {
		if inForm == nil || s.To != inForm.To {
			out = append(out, s)
		}
	}
	return out
}

// fieldLabels name the fields a step's refusal points at, for the list of
// problems above the step buttons.
var fieldLabels = map[string]string{"root_cause": "ca.root_cause", "cause_category": "training.cause_category", "correction": "ca.correction",
	"similar_cases": "ca.similar_cases", "whys": "ca.whys", "actions": "ca.actions", "evidence": "ca.evidence"}

// FieldLabel is the message key of a field's label, "" when it has none.
func (d *ncDetailData) FieldLabel(field string) string { return fieldLabels[field] }

// Can reports whether the viewer may use a part of the page now.
func (d *ncDetailData) Can(part string) bool {
	a, s := d.Actor, d.NC.Status
	switch part {
	case "analysis":
		return a.May(findings.SideAuditee) && findings.AnalysisOpen(s)
	case "actions":
		return a.May(findings.SideAuditee) && s == findings.NCCauseAnalysed
	case "done":
		return a.May(findings.SideAuditee) && s == findings.NCPlanAccepted
	case "implementation":
		return a.May(findings.SideAuditee) && s == findings.NCPlanAccepted
	case "effectiveness":
		return a.May(findings.SideLead) && s == findings.NCVerified
	case "extend":
		return a.Staff && findings.AnalysisOpen(s)
	case "grade":
		return d.CanGrade && d.NC.AuditStatus == audit.StatusSubmitted
	}
	return false
}

func (h *Corrective) detailData(c echo.Context) (*ncDetailData, error) {
	ctx := c.Request().Context()
	nc, a, err := h.load(c)
	if err != nil {
		return nil, err
	}
	p, err := h.Audits.Audit(ctx, nc.AuditID)
	if err != nil {
		return nil, err
	}
	d := &ncDetailData{NC: nc, Actor: a, Today: h.Findings.Today(), AuditPlan: p,
		CanGrade: a.May(findings.SideLead), EvidenceKinds: []string{findings.EvidenceImplementation, findings.EvidenceEffectiveness}, GradeOptions: findings.Grades,
		Causes: findings.CauseCategories}
	d.Analysis = findings.FindingEdit{RootCause: &nc.RootCause, Correction: &nc.Correction, SimilarCases: &nc.SimilarCases, CauseCategory: nc.CauseCategory}
	d.Whys = append(slices.Clone(nc.Whys), make([]string, max(0, 5-len(nc.Whys)))...)
	d.Action.DueDate = d.Today
	for _, to := range nc.Allowed {
		st, _ := findings.StepOf(nc.Status, to)
		d.Steps = append(d.Steps, ncStepButton{To: to, NeedsNote: st.NeedsNote, Return: nc.Status == findings.NCPlanSubmitted && to == findings.NCCauseAnalysed})
	}
	if d.Units, err = h.Units.UnitNames(ctx); err != nil {
		return nil, err
	}
	if d.Can("actions") {
		if d.Members, err = h.Findings.ActionOwners(ctx, nc.AuditeeUnit); err != nil {
			return nil, err
		}
	}
	return d, nil
}

func (h *Corrective) detailPage(c echo.Context) error {
	d, err := h.detailData(c)
	if err != nil {
		return err
	}
	return h.Views.Render(c, http.StatusOK, "nc_detail", d)
}

// refused shows the page again with the form's problems; errors that are
// not the user's go to the error handler.
func (h *Corrective) refused(c echo.Context, form string, err error, keep func(d *ncDetailData)) error {
	switch apperr.KindOf(err) {
	case apperr.Invalid, apperr.Conflict, apperr.Unsupported, apperr.TooLarge:
	default:
		return err
	}
	d, derr := h.detailData(c)
	if derr != nil {
		return derr
	}
	d.Form = form
	if keep != nil {
		keep(d)
	}
	return h.Views.RenderInvalid(c, "nc_detail", d, err)
}

func ncRedirect(c echo.Context, flash string, id int64, anchor string) error {
	web.SetFlash(c, flash)
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/nonconformities/%d%s", id, anchor))
}

func (h *Corrective) postAnalysis(c echo.Context) error {
	nc, _, err := h.loadFor(c, findings.SideAuditee)
	if err != nil {
		return err
	}
	root, corr, sim := c.FormValue("root_cause"), c.FormValue("correction"), c.FormValue("similar_cases")
	cause := c.FormValue("cause_category")
	form, _ := c.FormParams()
	whys := form["why"]
	in := findings.FindingEdit{RootCause: &root, Correction: &corr, SimilarCases: &sim, Whys: &whys, CauseCategory: &cause}
	keep := func(d *ncDetailData) {
		d.Analysis = in
		d.Whys = append(slices.Clone(whys), make([]string, max(0, 5-len(whys)))...)
	}
	ctx := c.Request().Context()
	if _, err := h.Findings.EditFinding(ctx, nc.ID, in); err != nil {
		return h.refused(c, "analysis", err, keep)
	}
	// "Save and send": the analysis is saved first, then the step taken;
	// a refused step shows the form again with what was typed.
	if then := c.FormValue("then"); then != "" {
		_, a, err := h.load(c)
		if err != nil {
			return err
		}
		if err := h.Findings.Transition(ctx, nc.ID, a, findings.TransitionInput{To: then, Note: c.FormValue("note")}); err != nil {
			if k := apperr.KindOf(err); k == apperr.Forbidden || k == apperr.NotFound {
				return err
			}
			return h.refused(c, "analysis", err, keep)
		}
		return ncRedirect(c, "ca.moved", nc.ID, "")
	}
	return ncRedirect(c, "ca.saved", nc.ID, "#analysis")
}

func (h *Corrective) postAction(c echo.Context) error {
	nc, _, err := h.loadFor(c, findings.SideAuditee)
	if err != nil {
		return err
	}
	in := findings.ActionInput{Description: c.FormValue("description"), Owner: c.FormValue("owner"), DueDate: c.FormValue("due_date")}
	if _, err := h.Findings.AddAction(c.Request().Context(), nc.ID, in); err != nil {
		return h.refused(c, "action", err, func(d *ncDetailData) { d.Action = in })
	}
	return ncRedirect(c, "ca.action_added", nc.ID, "#actions")
}

func (h *Corrective) postDone(c echo.Context) error {
	nc, _, err := h.loadFor(c, findings.SideAuditee)
	if err != nil {
		return err
	}
	aid, err := web.PathID(c, "aid", "ca.thing_action")
	if err != nil {
		return err
	}
	if err := h.Findings.CompleteAction(c.Request().Context(), nc.ID, aid, findings.DoneInput{Note: c.FormValue("note")}); err != nil {
		return h.refused(c, fmt.Sprintf("done:%d", aid), err, nil)
	}
	return ncRedirect(c, "ca.action_done", nc.ID, "#actions")
}

func (h *Corrective) postTransition(c echo.Context) error {
	nc, a, err := h.load(c)
	if err != nil {
		return err
	}
	in := findings.TransitionInput{To: c.FormValue("to"), Note: c.FormValue("note")}
	if err := h.Findings.Transition(c.Request().Context(), nc.ID, a, in); err != nil {
		if k := apperr.KindOf(err); k == apperr.Forbidden || k == apperr.NotFound {
			return err
		}
		return h.refused(c, "step", err, nil)
	}
	return ncRedirect(c, "ca.moved", nc.ID, "")
}

func (h *Corrective) postEvidence(c echo.Context) error {
	nc, a, err := h.load(c)
	if err != nil {
		return err
	}
	kind := c.FormValue("kind")
	side, ok := findings.EvidenceSide(kind)
	if !ok {
		side = findings.SideAuditee
	}
	if err := a.Gate(side); err != nil {
		return err
	}
	data, name, err := web.FormFile(c, "file")
	if err == nil {
		_, err = h.Findings.AddNCEvidence(c.Request().Context(), nc.ID, kind, name, data)
	}
	if err != nil {
		return h.refused(c, "evidence:"+kind, err, nil)
	}
	return ncRedirect(c, "ca.evidence_added", nc.ID, "#evidence")
}

func (h *Corrective) postExtend(c echo.Context) error {
	nc, _, err := h.load(c)
	if err != nil {
		return err
	}
	in := findings.ExtendInput{PlanDue: c.FormValue("plan_due"), Reason: c.FormValue("reason")}
	if err := h.Findings.ExtendPlan(c.Request().Context(), nc.ID, in); err != nil {
		return h.refused(c, "extend", err, nil)
	}
	return ncRedirect(c, "ca.extended", nc.ID, "")
}

func (h *Corrective) postGrade(c echo.Context) error {
	nc, a, err := h.load(c)
	if err != nil {
		return err
	}
	if err := a.Gate(findings.SideLead); err != nil {
		return err
	}
	grade, statement := c.FormValue("grade"), c.FormValue("statement")
	if _, err := h.Findings.EditFinding(c.Request().Context(), nc.ID, findings.FindingEdit{Grade: &grade, Statement: &statement}); err != nil {
		return h.refused(c, "grade", err, nil)
	}
	return ncRedirect(c, "finding.saved", nc.ID, "")
}
