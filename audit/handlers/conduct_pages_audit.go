package handlers

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/crossaudit/crossaudit/audit"
	"github.com/crossaudit/crossaudit/audit/conduct"
	"github.com/crossaudit/crossaudit/audit/findings"
	"github.com/crossaudit/crossaudit/checklist"
	"github.com/crossaudit/crossaudit/internal/auth"
	"github.com/crossaudit/crossaudit/internal/i18n"
	"github.com/crossaudit/crossaudit/internal/web"
)

// auditPage is the audit page's data.
type auditPage struct {
	Plan     *audit.Audit
	Sheet    *conduct.Sheet
	Meeting  conduct.Meeting
	Findings []findings.Finding
	// Drafts are what each finding's statement is written from; the
	// findings whose statement the auditor has not written yet get a
	// Suggestion, pre-filled in the form and marked as one.
	Drafts      map[int64]findings.Draft
	Suggestions map[int64]string
	// What the viewer may do: answer (the team's auditors while open),
	// see answers (not the audited unit before submission), correct
	// findings (staff and the lead until issued).
	CanAnswer  bool
	SeeAnswers bool
	// Conductor: the viewer is of the team that answers (CanConduct),
	// whatever the audit's state, so that the offline queue's refusals
	// show even once the audit is submitted.
	Conductor       bool
	CanEditFindings bool
	// CanIssue: the viewer may issue the report now (staff or the lead,
	// once submitted); VerificationCode is the issued report's code.
	CanIssue         bool
	VerificationCode string
	Show             string // the filter: "", "unanswered" or "nc"
	Results          []checklist.Result
	Grades           []string
	// Full draws every item open, for a browser without the script
	// (?full=1); otherwise an item's fields wait in a <template>.
	Full bool
	// Form names the form shown again after a refused post ("opening",
	// "submit", "answer:C01", "attach:C01", "finding:7"); Posted holds
	// what was typed, so that nothing is lost.
	Form    string
	Posted  map[string]conduct.AnswerInput
	Opening conduct.OpeningInput
	Closing closingForm
	Current *conduct.Answer // the team mate's answer after a refused save
	// Messages are the texts audit.js shows, in the page's language.
	Messages map[string]string
	// Panels are what ConductPages.Panels shows beside items, by code.
	Panels map[string]any
	// Measured are the measured items with a system figure, by code, for
	// the warning in their header (partial "measured_warning").
	Measured map[string]*measuredItem
	// Signatures are the closing meeting's signatures, by signer, once
	// recorded.
	Signatures map[string]conduct.Signature
}

// closingForm is the closing meeting as the submit form holds it, with
// the signatures drawn as data: URLs (carried again after a refusal).
type closingForm struct {
	Representative string
	Agreed         string // "yes", "no" or ""
	Disagreement   string
	SignatureRep   string
	SignatureLead  string
}

// answerForm is what an item's form shows.
type answerForm struct {
	Result  string
	Note    string
	Value   string
	Reason  string
	Version int64
}

// FormFor returns what an item's form shows: what was posted if that post
// was refused, else the stored answer.
func (d *auditPage) FormFor(si *conduct.SheetItem) answerForm {
	if in, ok := d.Posted[si.Code]; ok {
		f := answerForm{Result: in.Result, Note: in.Note, Reason: in.Reason}
		if in.Version != nil {
			f.Version = *in.Version
		}
		if in.Value != nil {
			f.Value = formatValue(*in.Value)
		}
		if d.Current != nil {
			f.Version = d.Current.Version
		}
		return f
	}
	a := si.Answer
	f := answerForm{Result: string(a.Result), Note: a.Note, Reason: a.Reason, Version: a.Version}
	if a.Value != nil {
		f.Value = formatValue(*a.Value)
	}
	return f
}

// Open reports whether an item the viewer answers is drawn open: on the
// page for a browser without the script, or when its own post was refused
// (what was typed shows beside its error).
func (d *auditPage) Open(code string) bool {
	return d.Full || d.Form == "answer:"+code || d.Form == "attach:"+code
}

// fullQuery keeps the page for a browser without the script after its
// posts: "?full=1" when the form came from it.
func fullQuery(c echo.Context) string {
	if c.QueryParam("full") == "1" {
		return "?full=1"
	}
	return ""
}

func formatValue(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// IsItem reports whether a problem's field is an item code (the submit
// form's own fields are "closing.…").
func (d *auditPage) IsItem(field string) bool {
	for _, si := range d.Sheet.Items() {
		if si.Code == field {
			return true
		}
	}
	return false
}

// pageData loads the audit page's data for the viewer.
func (p *ConductPages) pageData(c echo.Context, id int64) (*auditPage, error) {
	plan, err := readableID(c, p.Audits, id)
	if err != nil {
		return nil, err
	}
	ctx, u := c.Request().Context(), auth.UserOf(c)
	d := &auditPage{Plan: plan, SeeAnswers: audit.CanSeeFindings(u, plan), Results: resultChoices, Grades: findings.Grades,
		Posted: map[string]conduct.AnswerInput{}}
	if show := c.QueryParam("show"); show == "unanswered" || show == "nc" {
		d.Show = show
	}
	d.Full = c.QueryParam("full") == "1"
	d.Conductor = audit.CanConduct(u, plan)
	d.CanAnswer = d.Conductor && audit.OpenForAnswers(plan.Status)
	d.CanEditFindings = audit.CanEditFindings(u, plan) && plan.Status == audit.StatusSubmitted
	d.CanIssue = d.CanEditFindings
	if plan.Status == audit.StatusIssued && d.SeeAnswers {
		if d.VerificationCode, err = p.Findings.VerificationCode(ctx, plan.ID); err != nil {
			return nil, err
		}
	}
	if d.Sheet, err = p.Conduct.Sheet(ctx, plan); err != nil {
		return nil, err
	}
	if d.Meeting, err = p.Conduct.Meeting(ctx, plan.ID); err != nil {
		return nil, err
	}
	if d.Meeting.Closing != nil && d.SeeAnswers {
		if d.Signatures, err = p.Conduct.Signatures(ctx, plan.ID); err != nil {
			return nil, err
		}
	}
	v := d.Meeting.Version
	d.Opening = conduct.OpeningInput{Date: d.Meeting.OpeningDate, Participants: d.Meeting.Participants, Guide: d.Meeting.Guide, Version: &v}
	if d.SeeAnswers && (plan.Status == audit.StatusSubmitted || plan.Status == audit.StatusIssued) {
		if d.Findings, err = p.Findings.Findings(ctx, findings.FindingFilter{AuditID: plan.ID}); err != nil {
			return nil, err
		}
		d.Drafts = findings.Drafts(d.Sheet, d.Findings)
	}
	if p.Panels != nil && d.SeeAnswers {
		if d.Panels, err = p.Panels(ctx, u, plan); err != nil {
			return nil, err
		}
	}
	// Only while answers are open: a submitted record stands, and today's
	// figures would judge it against data it never saw.
	if p.Measured != nil && d.SeeAnswers && audit.OpenForAnswers(plan.Status) {
		figs, err := p.Measured(ctx, plan)
		if err != nil {
			return nil, err
		}
		d.Measured = measuredItems(d.Sheet, figs)
	}
	return d, nil
}

func (p *ConductPages) audit(c echo.Context) error {
	id, err := web.PathID(c, "id", "thing.audit")
	if err != nil {
		return err
	}
	d, err := p.pageData(c, id)
	if err != nil {
		return err
	}
	return p.render(c, http.StatusOK, d, nil)
}

// render writes the audit page, with a refused post's error when err is
// not nil.
func (p *ConductPages) render(c echo.Context, status int, d *auditPage, err error) error {
	page := p.Views.NewPage(c, d)
	d.Messages = scriptMessages(page)
	d.Suggestions = suggestions(page, d)
	if err != nil {
		page.SetError(err)
	}
	return p.Views.RenderPage(c, status, "audit", page)
}

// offlineMessages are the offline queue's texts (offline.js), under
// "offline." in the page's messages.
var offlineMessages = []string{"dismiss", "never_synced", "last_sync", "offline", "other_audits", "photo", "photo_waiting",
	"queued", "refused", "refused_state", "sending", "signin", "signin_needed", "title", "waiting", "waiting_none",
	"not_kept", "not_kept_panel", "page_not_kept"}

// scriptMessages are the texts audit.js needs, translated for the page;
// "progress" and "suggested" keep their {placeholders} for the script.
func scriptMessages(page *web.Page) map[string]string {
	m := map[string]string{"progress": page.T("conduct.progress"), "suggested": page.T("conduct.suggested")}
	for _, k := range []string{"saving", "saved", "failed", "locked", "conflict", "mine", "theirs", "keep_mine",
		"take_theirs", "all_saved", "unsaved", "uploading", "upload_failed", "no_result", "value", "delete", "leave"} {
		m[k] = page.T("conduct.js." + k)
	}
	for _, k := range offlineMessages {
		m["offline."+k] = page.T("offline.js." + k)
	}
	for _, k := range []string{"signout_warning", "signout_anyway", "signout_stay"} {
		m["offline."+k] = page.T("offline.signout." + k)
	}
	for _, r := range checklist.Results {
		m["result."+string(r)] = page.T("result." + string(r))
	}
	addMarkupMessages(page, m)
	for _, k := range fieldworkMessages {
		m[strings.TrimPrefix(k, "fieldwork.js.")] = page.T(k)
	}
	m["fields_offline"] = page.T("auditpage.js.fields_offline")
	return m
}

// fieldworkMessages are audit.js's texts for required fields, the next
// unanswered item and signing in again where the auditor works; the script
// knows each by its key without "fieldwork.js.".
var fieldworkMessages = []string{"fieldwork.js.next_count", "fieldwork.js.none_unanswered", "fieldwork.js.required",
	"fieldwork.js.need_evidence", "fieldwork.js.need_na_reason", "fieldwork.js.need_reason", "fieldwork.js.need_value",
	"fieldwork.js.missing_evidence", "fieldwork.js.missing_na_reason", "fieldwork.js.missing_reason", "fieldwork.js.missing_value",
	"fieldwork.js.saved_missing", "fieldwork.js.queued_missing", "fieldwork.js.signin_title", "fieldwork.js.signin_text",
	"fieldwork.js.username", "fieldwork.js.password", "fieldwork.js.signin", "fieldwork.js.signin_tab", "fieldwork.js.continue",
	"fieldwork.js.later", "fieldwork.js.signin_failed", "fieldwork.js.signin_offline"}

// suggestions are the first drafts of the statements the auditor has not
// written yet, in the page's language, for those who may edit them.
func suggestions(page *web.Page, d *auditPage) map[int64]string {
	out := map[int64]string{}
	if !d.CanEditFindings {
		return out
	}
	for _, f := range d.Findings {
		if dr := d.Drafts[f.ID]; !dr.Written {
			out[f.ID] = dr.Suggestion(page.T, page.Lang, page.Lang != i18n.EN)
		}
	}
	return out
}
