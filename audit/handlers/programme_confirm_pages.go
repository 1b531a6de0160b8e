package handlers

import (
	"net/http"
	"slices"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/crossaudit/crossaudit/audit"
	"github.com/crossaudit/crossaudit/audit/assign"
	"github.com/crossaudit/crossaudit/audit/findings"
	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/i18n"
	"github.com/crossaudit/crossaudit/internal/text"
	"github.com/crossaudit/crossaudit/internal/web"
)

// The pages that ask before the office's acts that cannot be undone:
// confirming a round (it creates the audits and tells their teams) and
// ending a programme. Each is a GET page with a summary and a form that
// posts confirm=1; the same POST without confirm=1 shows the page instead of
// acting, so that a form posted without the page (no JavaScript, an old
// tab) still asks. The API acts at once, as CONTRACT.md says.

// confirmed reports whether a form post carries the confirmation.
func confirmed(c echo.Context) bool { return c.FormValue("confirm") == "1" }

// roundConfirmData is the page that asks before a round is confirmed.
type roundConfirmData struct {
	Programme *audit.Programme
	Round     audit.Round
	Audits    []audit.PlannedAudit
	// Rows are the audits with the day field of each: what was typed, or
	// the planned day, and its error.
	Rows      []confirmRow
	UnitNames map[string]string
	// Auditors counts the auditing units, Auditees the audited ones.
	Auditors, Auditees int
	// Errors are the refused days by field (audit.DateField).
	Errors map[string]string
}

// confirmRow is one audit of the confirmation with its day field.
type confirmRow struct {
	audit.PlannedAudit
	Field, Value, Error string
}

// confirmRoundForm shows what confirming the round creates; a round that
// cannot be confirmed now shows the programme page with the reason, as the
// confirmation itself would.
func (p *Pages) confirmRoundForm(c echo.Context) error {
	return p.showRoundConfirm(c, nil, nil, nil)
}

// formDates reads the days posted as dates[auditor->auditee]: each parsed
// from dd/mm/yyyy or yyyy-mm-dd (one that does not parse goes to the store
// as typed, which refuses it by name), and what was typed, to show again.
func formDates(c echo.Context) (audit.RoundDates, map[string]string) {
	form, err := c.FormParams()
	if err != nil {
		return nil, nil
	}
	dates, typed := audit.RoundDates{}, map[string]string{}
	for name, vs := range form {
		key, ok := strings.CutPrefix(name, "dates[")
		if !ok || !strings.HasSuffix(key, "]") || len(vs) == 0 {
			continue
		}
		key = strings.TrimSuffix(key, "]")
		typed[key] = vs[0]
		if day, ok := text.ParseDay(vs[0]); ok {
			dates[key] = day
		} else {
			dates[key] = strings.TrimSpace(vs[0])
		}
	}
	return dates, typed
}

// showRoundConfirm renders the confirmation with the days chosen so far:
// the teams are those of the chosen days. refused is the error of a
// confirmation whose chosen days were refused (nil when there is none);
// the page then shows the schedule with what was typed and each day's
// error, answering 422.
func (p *Pages) showRoundConfirm(c echo.Context, dates audit.RoundDates, typed map[string]string, refused error) error {
	id, n, err := roundParams(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	planned, err := p.Audits.PlanConfirmationDates(ctx, id, n, dates)
	if apperr.KindOf(err) == apperr.Invalid && hasDateFields(err) {
		// Days refused while asking: the schedule without them, each
		// refusal beside its field.
		refused = err
		planned, err = p.Audits.PlanConfirmation(ctx, id, n)
	}
	if err != nil {
		if k := apperr.KindOf(err); k == apperr.NotFound || k == apperr.Forbidden {
			return err
		}
		return p.rerender(c, err, audit.RoundInput{PerUnit: 1})
	}
	prog, err := p.Audits.Programme(ctx, id)
	if err != nil {
		return err
	}
	names, err := p.Units.UnitNames(ctx)
	if err != nil {
		return err
	}
	d := roundConfirmData{Programme: prog, Audits: planned, UnitNames: names}
	for _, r := range prog.Rounds {
		if r.N == n {
			d.Round = r
		}
	}
	auditors, auditees := map[string]bool{}, map[string]bool{}
	for _, a := range planned {
		auditors[a.Auditor], auditees[a.Auditee] = true, true
	}
	d.Auditors, d.Auditees = len(auditors), len(auditees)
	page := p.Views.NewPage(c, &d)
	status := http.StatusOK
	if refused != nil {
		if d.Errors, err = formErrors(page, refused); err != nil {
			return err
		}
		status = http.StatusUnprocessableEntity
	}
	for _, a := range planned {
		key := audit.PairKey(assign.Pair{Auditor: a.Auditor, Auditee: a.Auditee})
		row := confirmRow{PlannedAudit: a, Field: audit.DateField(key), Value: a.Day}
		if v, ok := typed[key]; ok && refused != nil {
			row.Value = v
		}
		row.Error = d.Errors[row.Field]
		d.Rows = append(d.Rows, row)
	}
	// A day posted for a pair the round does not hold has no row to stand
	// beside: it is said in the page's alert with its field.
	for field, msg := range d.Errors {
		if strings.HasPrefix(field, "dates[") && !slices.ContainsFunc(d.Rows, func(r confirmRow) bool { return r.Field == field }) {
			d.Errors["_"] += " " + field + ": " + msg
		}
	}
	return p.Views.RenderPage(c, status, "round_confirm", page)
}

// hasDateFields reports whether a refusal names a chosen day.
func hasDateFields(err error) bool {
	for f := range apperr.As(err).Fields {
		if strings.HasPrefix(f, "dates[") {
			return true
		}
	}
	return false
}

// statusCount is a state and how many records are in it.
type statusCount struct {
	Status string
	N      int
}

// completeData is the page that asks before a programme is ended: what it
// locks (rounds not confirmed) and what stays open (audits not yet issued,
// nonconformities not closed).
type completeData struct {
	Programme *audit.Programme
	UnitNames map[string]string
	// Unconfirmed are the rounds that will never be confirmed.
	Unconfirmed []audit.Round
	// OpenAudits are the audits not issued nor cancelled, which go on.
	OpenAudits []audit.AuditSummary
	// OpenNCs counts the nonconformities not closed, by state in the
	// workflow's order; OpenNCTotal is their sum.
	OpenNCs     []statusCount
	OpenNCTotal int
}

// completeForm shows what ending the programme locks and leaves open;
// a programme that cannot be ended now answers as the step would (409
// with the steps allowed).
func (p *Pages) completeForm(c echo.Context) error {
	id, err := web.PathID(c, "id", "thing.programme")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	prog, err := p.Audits.Programme(ctx, id)
	if err != nil {
		return err
	}
	if prog.Status != audit.ProgrammeActive {
		return p.rerender(c, errNotEndable(prog.Status), audit.RoundInput{PerUnit: 1})
	}
	d := completeData{Programme: prog}
	if d.UnitNames, err = p.Units.UnitNames(ctx); err != nil {
		return err
	}
	for _, r := range prog.Rounds {
		if r.Status != audit.RoundConfirmed {
			d.Unconfirmed = append(d.Unconfirmed, r)
		}
	}
	for _, a := range prog.Audits {
		if a.Status != audit.StatusIssued && a.Status != audit.StatusCancelled {
			d.OpenAudits = append(d.OpenAudits, a)
		}
	}
	ncs, err := p.Findings.Findings(ctx, findings.FindingFilter{ProgrammeID: id, NonconformitiesOnly: true})
	if err != nil {
		return err
	}
	byStatus := map[string]int{}
	for _, f := range ncs {
		if f.Status != findings.NCClosed {
			byStatus[f.Status]++
			d.OpenNCTotal++
		}
	}
	for _, s := range findings.NCStates {
		if byStatus[s] > 0 {
			d.OpenNCs = append(d.OpenNCs, statusCount{Status: s, N: byStatus[s]})
		}
	}
	return p.Views.Render(c, http.StatusOK, "programme_complete", d)
}

// errNotEndable is the 409 TransitionProgramme gives a programme that is
// not active.
func errNotEndable(status string) error {
	e := apperr.New(apperr.Conflict, "invalid_transition", apperr.M("programme.invalid_transition", "from", i18n.StatusMsg(i18n.StatusProgramme, status)))
	e.Allowed = append([]string{}, audit.NextProgrammeStates(status)...)
	return e
}

// swapForm is the swap form of round N as typed: the two pairs chosen
// ("auditor>auditee") and the reason.
type swapForm struct {
	N            int
	A, B, Reason string
}

// refusedSwap shows the programme page again with the refused swap as it
// was typed and its errors beside its fields.
func (p *Pages) refusedSwap(c echo.Context, err error, in swapForm) error {
	return p.refused(c, err, func(d *programmeData) { d.Round, d.Swap = audit.RoundInput{PerUnit: 1, Clusters: "any"}, in })
}
