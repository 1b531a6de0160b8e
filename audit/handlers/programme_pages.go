package handlers

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/crossaudit/crossaudit/audit"
	"github.com/crossaudit/crossaudit/audit/findings"
	"github.com/crossaudit/crossaudit/checklist"
	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/auth"
	"github.com/crossaudit/crossaudit/internal/i18n"
	"github.com/crossaudit/crossaudit/internal/org"
	"github.com/crossaudit/crossaudit/internal/text"
	"github.com/crossaudit/crossaudit/internal/valid"
	"github.com/crossaudit/crossaudit/internal/web"
)

// Pages serves the HTML pages of programmes, rounds, plans and the register.
type Pages struct {
	Audits *audit.Store
	Units  *org.Store
	Views  *web.Views
	// Findings counts the nonconformities a programme leaves open when
	// it ends.
	Findings *findings.Store
}

// Routes registers the pages with their rules (the same as the API's).
func (p *Pages) Routes(r *web.Router) {
	p.addToShell()
	r.GET("/programmes", p.programmes, planner)
	r.POST("/programmes", p.createProgramme, staff)
	r.GET("/programmes/:id", p.programme, planner)
	r.POST("/programmes/:id/transition", p.transition, staff)
	r.GET("/programmes/:id/complete", p.completeForm, staff)
	r.POST("/programmes/:id/rounds", p.preview, staff)
	r.POST("/programmes/:id/rounds/:n/swap", p.swap, staff)
	r.POST("/programmes/:id/rotation", p.saveRotation, staff)
	r.GET("/programmes/:id/rounds/:n/confirm", p.confirmRoundForm, staff)
	r.POST("/programmes/:id/rounds/:n/confirm", p.confirm, staff)
	r.GET("/audits/:id/plan", p.plan, web.SignedIn())
	r.POST("/audits/:id/plan", p.savePlan, planner)
	r.POST("/audits/:id/reschedule", p.reschedule, staff)
	r.POST("/audits/:id/cancel", p.cancel, staff)
	r.POST("/audits/:id/team", p.setMember, staff)
	p.dateRoutes(r)
	r.GET("/register", p.register, staff)
	r.POST("/register/certificates", p.addCertificate, staff)
	r.POST("/register/import", p.importCertificates, staff)
	r.POST("/register/conflicts", p.addConflict, staff)
	r.POST("/register/conflicts/:id/delete", p.deleteConflict, staff)
}

// formErrors turns an invalid-input error into messages per field in the
// page's language; any other error is returned for the error handler.
func formErrors(page *web.Page, err error) (map[string]string, error) {
	e := apperr.As(err)
	switch e.Kind {
	case apperr.Invalid, apperr.Conflict, apperr.Unsupported, apperr.TooLarge, apperr.Malformed:
	default:
		return nil, err
	}
	out := map[string]string{"_": page.Msg(e.Message)}
	for k, m := range e.Fields {
		out[k] = page.Msg(m)
	}
	return out, nil
}

// statusFor is 422 for invalid input and 409 for a conflict of state.
func statusFor(err error) int { return web.Status(err) }

func redirect(c echo.Context, flash, path string) error {
	web.SetFlash(c, flash)
	return c.Redirect(http.StatusSeeOther, path)
}

func formInt(c echo.Context, name string) int {
	n, _ := strconv.Atoi(strings.TrimSpace(c.FormValue(name)))
	return n
}

func programmePath(id int64) string { return "/programmes/" + strconv.FormatInt(id, 10) }

// programmesData is the programmes page.
type programmesData struct {
	Programmes []*audit.Programme
	Checklists []checklist.Checklist
	Units      []org.Unit
	Form       audit.ProgrammeInput
	Window     audit.RoundWindow
	Errors     map[string]string
	CanManage  bool
}

func (p *Pages) programmesData(c echo.Context) (*programmesData, error) {
	ctx := c.Request().Context()
	ps, err := p.Audits.ListProgrammes(ctx)
	if err != nil {
		return nil, err
	}
	cls, err := p.Audits.Checklists.List(ctx, "")
	if err != nil {
		return nil, err
	}
	units, err := p.Units.ListUnits(ctx, org.UnitFilter{})
	if err != nil {
		return nil, err
	}
	return &programmesData{Programmes: ps, Checklists: cls, Units: units, CanManage: auth.UserOf(c).IsStaff(),
		Window: audit.DefaultWindow(p.Audits.DB.Now())}, nil
}

func (p *Pages) programmes(c echo.Context) error {
	d, err := p.programmesData(c)
	if err != nil {
		return err
	}
	d.Form = audit.ProgrammeInput{Year: p.Audits.DB.Now().Year()}
	for _, u := range d.Units {
		d.Form.Units = append(d.Form.Units, u.Code)
	}
	return p.Views.Render(c, http.StatusOK, "programmes", d)
}

func (p *Pages) createProgramme(c echo.Context) error {
	form, _ := c.FormParams()
	in := audit.ProgrammeInput{Name: c.FormValue("name"), Year: formInt(c, "year"), Objectives: c.FormValue("objectives"),
		Units: form["units"]}
	in.ChecklistID, _ = strconv.ParseInt(c.FormValue("checklist_id"), 10, 64)
	w := audit.RoundWindow{StartsOn: c.FormValue("starts_on"), EndsOn: c.FormValue("ends_on")}
	if w.StartsOn != "" || w.EndsOn != "" {
		w.StartsOn, _ = text.ParseDay(w.StartsOn)
		w.EndsOn, _ = text.ParseDay(w.EndsOn)
		in.Rounds = []audit.RoundWindow{w}
	}
	prog, err := p.Audits.CreateProgramme(c.Request().Context(), in)
	if err == nil {
		return redirect(c, "programme.created", programmePath(prog.ID))
	}
	d, derr := p.programmesData(c)
	if derr != nil {
		return derr
	}
	page := p.Views.NewPage(c, d)
	var ferr error
	if d.Errors, ferr = formErrors(page, err); ferr != nil {
		return ferr
	}
	d.Form, d.Window = in, w
	return p.Views.RenderPage(c, statusFor(err), "programmes", page)
}

// Selected reports whether a unit is in the form, to keep its box checked.
func (d *programmesData) Selected(code string) bool { return slices.Contains(d.Form.Units, code) }

// programmeData is the programme page.
type programmeData struct {
	Programme *audit.Programme
	UnitNames map[string]string
	Matrix    map[int]*audit.Matrix
	Next      []string
	Errors    map[string]string
	Round     audit.RoundInput
	CanManage bool
	// ClusterModes are the choices of the round form.
	ClusterModes []string
	// Plans and Decisions are the registered numbers of the rounds' plans
	// and the audits' decisions; a missing one is still a draft.
	Plans, Decisions map[int64]string
	// Late are the programme's audits past their day without results.
	Late []audit.LateAudit
	// Swap is the swap form as it was typed, shown again when refused.
	Swap swapForm
	// RotationYears is the rotation window of the settings form, as stored
	// or as typed.
	RotationYears string
	// DateProposals are the audited units' proposals of another day that
	// wait for the office's answer.
	DateProposals []audit.DateProposal
}

func (p *Pages) programmeData(c echo.Context) (*programmeData, error) {
	id, err := web.PathID(c, "id", "thing.programme")
	if err != nil {
		return nil, err
	}
	prog, err := p.Audits.Programme(c.Request().Context(), id)
	if err != nil {
		return nil, err
	}
	names, err := p.Units.UnitNames(c.Request().Context())
	if err != nil {
		return nil, err
	}
	d := &programmeData{Programme: prog, UnitNames: names, Matrix: map[int]*audit.Matrix{}, Next: audit.NextProgrammeStates(prog.Status),
		CanManage: auth.UserOf(c).IsStaff(), Round: audit.RoundInput{PerUnit: 1, Clusters: "any"},
		ClusterModes: []string{"any", "within", "across"}}
	if d.CanManage {
		if d.RotationYears, err = p.rotationYears(c); err != nil {
			return nil, err
		}
		if d.Plans, err = p.Units.Numbers(c.Request().Context(), org.OutgoingPlan); err != nil {
			return nil, err
		}
		if d.Decisions, err = p.Units.Numbers(c.Request().Context(), org.OutgoingDecision); err != nil {
			return nil, err
		}
		if d.Late, err = audit.LateAudits(c.Request().Context(), p.Audits.DB.R, i18n.Day(p.Audits.DB.Now()), prog.ID); err != nil {
			return nil, err
		}
		if d.DateProposals, err = p.Audits.PendingDateProposals(c.Request().Context(), prog.ID); err != nil {
			return nil, err
		}
	}
	for _, r := range prog.Rounds {
		if len(r.Pairs) > 0 {
			d.Matrix[r.N] = audit.NewMatrix(prog.Units, r.Pairs)
		}
	}
	return d, nil
}

func (p *Pages) programme(c echo.Context) error {
	d, err := p.programmeData(c)
	if err != nil {
		return err
	}
	return p.Views.Render(c, http.StatusOK, "programme", d)
}

// rerender shows the programme page again with the round form as typed
// and its errors.
func (p *Pages) rerender(c echo.Context, err error, round audit.RoundInput) error {
	return p.refused(c, err, func(d *programmeData) { d.Round = round })
}

// refused shows the programme page again after a refused form: its errors
// beside their fields, and what was typed put back by keep.
func (p *Pages) refused(c echo.Context, err error, keep func(*programmeData)) error {
	d, derr := p.programmeData(c)
	if derr != nil {
		return derr
	}
	page := p.Views.NewPage(c, d)
	var ferr error
	if d.Errors, ferr = formErrors(page, err); ferr != nil {
		return ferr
	}
	keep(d)
	return p.Views.RenderPage(c, statusFor(err), "programme", page)
}

func (p *Pages) transition(c echo.Context) error {
	id, err := web.PathID(c, "id", "thing.programme")
	if err != nil {
		return err
	}
	if c.FormValue("to") == audit.ProgrammeCompleted && !confirmed(c) {
		return p.completeForm(c) // ending cannot be undone: ask first
	}
	if _, err := p.Audits.TransitionProgramme(c.Request().Context(), id, c.FormValue("to")); err != nil {
		return p.rerender(c, err, audit.RoundInput{})
	}
	return redirect(c, "programme.updated", programmePath(id))
}

func (p *Pages) preview(c echo.Context) error {
	id, err := web.PathID(c, "id", "thing.programme")
	if err != nil {
		return err
	}
	in := audit.RoundInput{PerUnit: 1, Clusters: c.FormValue("clusters")}
	if k := strings.TrimSpace(c.FormValue("per_unit")); k != "" {
		// A number typed is taken as typed: 0 is refused, not the default.
		n, err := strconv.Atoi(k)
		if err != nil {
			return p.rerender(c, apperr.InvalidFields(map[string]apperr.Msg{"per_unit": apperr.M("validation.type")}), in)
		}
		in.PerUnit = n
	}
	seed, perr := strconv.ParseUint(strings.TrimSpace(c.FormValue("seed")), 10, 64)
	if perr != nil && strings.TrimSpace(c.FormValue("seed")) != "" {
		return p.rerender(c, apperr.InvalidFields(map[string]apperr.Msg{"seed": apperr.M("validation.type")}), in)
	}
	in.Seed = seed
	if err := valid.Struct(in); err != nil {
		return p.rerender(c, err, in)
	}
	r, err := p.Audits.PreviewRound(c.Request().Context(), id, in)
	if err != nil {
		return p.rerender(c, err, in)
	}
	return redirect(c, "round.previewed", programmePath(id)+"#round-"+strconv.Itoa(r.N))
}

func (p *Pages) swap(c echo.Context) error {
	id, n, err := roundParams(c)
	if err != nil {
		return err
	}
	in := audit.SwapInput{Reason: c.FormValue("reason")}
	in.A.Auditor, in.A.Auditee, _ = strings.Cut(c.FormValue("a"), ">")
	in.B.Auditor, in.B.Auditee, _ = strings.Cut(c.FormValue("b"), ">")
	if _, err := p.Audits.SwapPairs(c.Request().Context(), id, n, in); err != nil {
		return p.refusedSwap(c, err, swapForm{N: n, A: c.FormValue("a"), B: c.FormValue("b"), Reason: c.FormValue("reason")})
	}
	return redirect(c, "round.swapped", programmePath(id)+"#round-"+strconv.Itoa(n))
}

func (p *Pages) confirm(c echo.Context) error {
	id, n, err := roundParams(c)
	if err != nil {
		return err
	}
	dates, typed := formDates(c)
	if !confirmed(c) {
		// Confirming cannot be undone: ask first, with the days chosen.
		return p.showRoundConfirm(c, dates, typed, nil)
	}
	if _, err := p.Audits.ConfirmRoundDates(c.Request().Context(), id, n, dates); err != nil {
		if apperr.KindOf(err) == apperr.Invalid && hasDateFields(err) {
			return p.showRoundConfirm(c, nil, typed, err)
		}
		return p.rerender(c, err, audit.RoundInput{PerUnit: 1})
	}
	return redirect(c, "round.confirmed", programmePath(id)+"#round-"+strconv.Itoa(n))
}
