package handlers

import (
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/crossaudit/crossaudit/audit"
	"github.com/crossaudit/crossaudit/audit/conduct"
	"github.com/crossaudit/crossaudit/audit/findings"
	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/auth"
	"github.com/crossaudit/crossaudit/internal/web"
)

// refused shows the audit page again after a post that was refused for what
// the user sent (invalid, conflict, wrong file), with the form named and
// what was typed; anything else goes to the error handler.
func (p *ConductPages) refused(c echo.Context, auditID int64, form string, err error, keep func(d *auditPage)) error {
	switch apperr.KindOf(err) {
	case apperr.Invalid, apperr.Conflict, apperr.Unsupported, apperr.TooLarge:
	default:
		return err
	}
	d, derr := p.pageData(c, auditID)
	if derr != nil {
		return derr
	}
	d.Form = form
	if keep != nil {
		keep(d)
	}
	return p.render(c, web.Status(err), d, err)
}

// currentOf returns what a conflict's error carries as "current" (the
// stored answer or meeting), nil for any other error.
func currentOf(err error) any {
	d, _ := apperr.As(err).Detail.(map[string]any)
	return d["current"]
}

// postedAnswer reads an item's form. A value that is not a number is
// reported as the API reports it.
func postedAnswer(c echo.Context) (conduct.AnswerInput, error) {
	in := conduct.AnswerInput{Result: c.FormValue("result"), Note: c.FormValue("note"), Reason: c.FormValue("reason")}
	if v, err := strconv.ParseInt(strings.TrimSpace(c.FormValue("version")), 10, 64); err == nil {
		in.Version = &v
	}
	if s := strings.TrimSpace(strings.Replace(c.FormValue("value"), ",", ".", 1)); s != "" {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return in, apperr.InvalidFields(map[string]apperr.Msg{"value": apperr.M("validation.type")})
		}
		in.Value = &v
	}
	return in, nil
}

// saveAnswer is the item form's post, for a browser without JavaScript:
// back to the item on success, the page again with both answers on a
// conflict.
func (p *ConductPages) saveAnswer(c echo.Context) error {
	plan, err := conductable(c, p.Conduct)
	if err != nil {
		return err
	}
	code := c.Param("item")
	in, err := postedAnswer(c)
	if err == nil {
		_, err = p.Conduct.SaveAnswer(c.Request().Context(), plan, code, in)
	}
	if err != nil {
		return p.refused(c, plan.ID, "answer:"+code, err, func(d *auditPage) {
			d.Posted[code] = in
			if cur, ok := currentOf(err).(conduct.Answer); ok {
				d.Current = &cur
			}
		})
	}
	return redirect(c, "answer.saved", auditPath(plan.ID)+fullQuery(c)+itemAnchor(code))
}

func (p *ConductPages) saveOpening(c echo.Context) error {
	plan, err := conductable(c, p.Conduct)
	if err != nil {
		return err
	}
	in := conduct.OpeningInput{Date: c.FormValue("date"), Participants: c.FormValue("participants"), Guide: c.FormValue("guide")}
	if v, err := strconv.ParseInt(c.FormValue("version"), 10, 64); err == nil {
		in.Version = &v
	}
	if _, err := p.Conduct.SaveOpening(c.Request().Context(), plan.ID, in); err != nil {
		return p.refused(c, plan.ID, "opening", err, func(d *auditPage) {
			kept := in
			// Saving again overwrites the team mate's version, as the
			// alert says: the form is now based on it.
			if cur, ok := currentOf(err).(conduct.Meeting); ok {
				kept.Version = &cur.Version
			}
			d.Opening = kept
		})
	}
	return redirect(c, "opening.saved", auditPath(plan.ID)+"#opening")
}

func (p *ConductPages) attach(c echo.Context) error {
	plan, err := conductable(c, p.Conduct)
	if err != nil {
		return err
	}
	data, name, err := web.FormFile(c, "file")
	code := c.FormValue("item_id")
	if err == nil {
		_, err = p.Conduct.AddAttachment(c.Request().Context(), plan, code, name, data)
	}
	if err != nil {
		return p.refused(c, plan.ID, "attach:"+code, err, nil)
	}
	return redirect(c, "attachment.added", auditPath(plan.ID)+fullQuery(c)+itemAnchor(code))
}

func (p *ConductPages) detach(c echo.Context) error {
	plan, err := conductable(c, p.Conduct)
	if err != nil {
		return err
	}
	if !isTrue(c.FormValue("confirm")) {
		return p.confirmDetach(c)
	}
	aid, err := web.PathID(c, "aid", "thing.attachment")
	if err != nil {
		return err
	}
	if err := p.Conduct.DeleteAttachment(c.Request().Context(), plan.ID, aid); err != nil {
		return p.refused(c, plan.ID, "detach", err, nil)
	}
	return redirect(c, "attachment.deleted", auditPath(plan.ID)+itemAnchor(c.FormValue("item_id")))
}

// editFinding corrects a finding's grade or statement from the audit page.
func (p *ConductPages) editFinding(c echo.Context) error {
	ctx := c.Request().Context()
	id, err := web.PathID(c, "id", "thing.finding")
	if err != nil {
		return err
	}
	f, err := p.Findings.Finding(ctx, id)
	if err != nil {
		return err
	}
	u := auth.UserOf(c)
	plan, err := p.Audits.Audit(ctx, f.AuditID)
	if err != nil {
		return err
	}
	if !findings.CanSeeFinding(u, f, plan) || !audit.CanRead(u, plan) {
		return apperr.NotFoundThing("thing.finding")
	}
	if !audit.CanEditFindings(u, plan) {
		return audit.ErrForbidden()
	}
	grade, statement := c.FormValue("grade"), c.FormValue("statement")
	if _, err := p.Findings.EditFinding(ctx, id, findings.FindingEdit{Grade: &grade, Statement: &statement}); err != nil {
		return p.refused(c, f.AuditID, "finding:"+strconv.FormatInt(id, 10), err, nil)
	}
	return redirect(c, "finding.saved", auditPath(f.AuditID)+"#finding-"+strconv.FormatInt(id, 10))
}
