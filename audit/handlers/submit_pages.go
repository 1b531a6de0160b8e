package handlers

import (
	"encoding/base64"
	"errors"
	"html/template"
	"io"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/crossaudit/crossaudit/audit"
	"github.com/crossaudit/crossaudit/audit/conduct"
	"github.com/crossaudit/crossaudit/audit/findings"
	"github.com/crossaudit/crossaudit/audit/measured"
	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/web"
)

// Form fields of the closing meeting's signatures: a data: URL (what the
// audit page's script puts in them) or, in a multipart post, a file.
const (
	fieldSignatureRep  = "signature_representative"
	fieldSignatureLead = "signature_lead"
)

// submitPage is the page that asks before an audit is submitted: the
// summary of what will be submitted and the closing meeting as it will be
// recorded, with the values carried again in the confirming form.
type submitPage struct {
	Plan   *audit.Audit
	Review *findings.Review
	Form   closingForm
	Grades []string
	// Warnings are the measured values that contradict the system's
	// figures: listed for a last look, never a refusal.
	Warnings []measured.Warning
}

// SignatureURL is a prepared signature as an image source, "" when the
// signer did not sign. The bytes are the server's own PNG encoding.
func (d *submitPage) SignatureURL(signer string) template.URL {
	if s, ok := d.Review.Prepared.Signature(signer); ok {
		return template.URL(s.DataURL())
	}
	return ""
}

// SignatureURL is a stored signature of the closing meeting as an image
// source, "" when the signer did not sign on the tablet.
func (d *auditPage) SignatureURL(signer string) template.URL {
	if s, ok := d.Signatures[signer]; ok {
		return template.URL(s.DataURL())
	}
	return ""
}

// summaryGrades are the grades the summary counts, in the order an auditor
// weighs them.
var summaryGrades = []string{"major", "minor", "observation", "improvement", "conform"}

// postedSubmission reads the closing meeting and its signatures from a form
// post, urlencoded or multipart. A closing meeting left entirely blank is
// not recorded, as in the API.
func postedSubmission(c echo.Context) (closingForm, findings.SubmitInput, error) {
	form := closingForm{Representative: c.FormValue("representative"), Agreed: c.FormValue("agreed"), Disagreement: c.FormValue("disagreement")}
	var err error
	if form.SignatureRep, err = postedSignature(c, fieldSignatureRep, conduct.SignerRepresentative); err != nil {
		return form, findings.SubmitInput{}, err
	}
	if form.SignatureLead, err = postedSignature(c, fieldSignatureLead, conduct.SignerLead); err != nil {
		return form, findings.SubmitInput{}, err
	}
	var in findings.SubmitInput
	if form != (closingForm{}) {
		in.Closing = &findings.ClosingInput{Representative: form.Representative, Disagreement: form.Disagreement}
		switch form.Agreed {
		case "yes", "true", "1":
			agreed := true
			in.Closing.Agreed = &agreed
		case "no", "false", "0":
			agreed := false
			in.Closing.Agreed = &agreed
		}
		if form.SignatureRep != "" || form.SignatureLead != "" {
			in.Closing.Signatures = &findings.SignaturesInput{Representative: form.SignatureRep, Lead: form.SignatureLead}
		}
	}
	return form, in, nil
}

// postedSignature reads one signature: a file part of a multipart post,
// made a data: URL, or the field's text as it came.
func postedSignature(c echo.Context, field, signer string) (string, error) {
	if !strings.HasPrefix(c.Request().Header.Get(echo.HeaderContentType), echo.MIMEMultipartForm) {
		return strings.TrimSpace(c.FormValue(field)), nil
	}
	fh, err := c.FormFile(field)
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return "", apperr.New(apperr.TooLarge, "too_large", apperr.M("error.too_large"))
		}
		return strings.TrimSpace(c.FormValue(field)), nil
	}
	if fh.Size > conduct.MaxSignatureBytes {
		return "", conduct.ErrSignatureTooLarge(signer)
	}
	f, err := fh.Open()
	if err != nil {
		return "", apperr.Wrap(err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, conduct.MaxSignatureBytes+1))
	if err != nil {
		return "", apperr.Wrap(err)
	}
	if len(b) > conduct.MaxSignatureBytes {
		return "", conduct.ErrSignatureTooLarge(signer)
	}
	return "data:image/png;base64," + base64.StdEncoding.EncodeToString(b), nil
}

// submitReview is GET /audits/{id}/submit: what a submission would submit
// now, asked before it is made, for a closing meeting not recorded yet.
func (p *ConductPages) submitReview(c echo.Context) error {
	plan, err := conductable(c, p.Conduct)
	if err != nil {
		return err
	}
	if !audit.OpenForAnswers(plan.Status) {
		return c.Redirect(http.StatusSeeOther, auditPath(plan.ID))
	}
	r, err := p.Findings.Review(c.Request().Context(), plan, findings.SubmitInput{})
	if err != nil {
		return err
	}
	return p.renderReview(c, plan, r, closingForm{})
}

func (p *ConductPages) renderReview(c echo.Context, access *audit.Audit, r *findings.Review, form closingForm) error {
	plan, err := p.Audits.Audit(c.Request().Context(), access.ID)
	if err != nil {
		return err
	}
	// The signatures go on as the server encoded them, not as posted.
	form.SignatureRep, form.SignatureLead = "", ""
	if s, ok := r.Prepared.Signature(conduct.SignerRepresentative); ok {
		form.SignatureRep = s.DataURL()
	}
	if s, ok := r.Prepared.Signature(conduct.SignerLead); ok {
		form.SignatureLead = s.DataURL()
	}
	sheet, err := p.Conduct.Sheet(c.Request().Context(), plan)
	if err != nil {
		return err
	}
	warnings, err := measuredWarnings(c.Request().Context(), p.Measured, plan, sheet)
	if err != nil {
		return err
	}
	return p.Views.Render(c, http.StatusOK, "submit_confirm", &submitPage{Plan: plan, Review: r, Form: form, Grades: summaryGrades,
		Warnings: warnings})
}

// submit is the closing meeting and submission form. Posted from the
// audit page it asks first (the confirmation page, which the page's script
// shows in a dialog); posted with confirm=1 it submits; "back" returns to
// the audit page with what was typed. A refusal shows the audit page again
// with every field and valid signature kept.
func (p *ConductPages) submit(c echo.Context) error {
	plan, err := conductable(c, p.Conduct)
	if err != nil {
		return err
	}
	form, in, err := postedSubmission(c)
	switch {
	case err != nil:
	case c.FormValue("back") != "":
		return p.backToForm(c, plan.ID, form)
	case c.FormValue("confirm") != "1":
		var r *findings.Review
		if r, err = p.Findings.Review(c.Request().Context(), plan, in); err == nil {
			return p.renderReview(c, plan, r, form)
		}
	default:
		_, err = p.Findings.Submit(c.Request().Context(), plan, in)
	}
	if err != nil {
		return p.refused(c, plan.ID, "submit", err, func(d *auditPage) { d.Closing = keptForm(form, err) })
	}
	return redirect(c, "submit.done", auditPath(plan.ID))
}

// backToForm shows the audit page at its submission form with what was
// typed, as the confirmation page's "back" asks.
func (p *ConductPages) backToForm(c echo.Context, id int64, form closingForm) error {
	d, err := p.pageData(c, id)
	if err != nil {
		return err
	}
	d.Closing = form
	return p.render(c, http.StatusOK, d, nil)
}

// keptForm is what the form shows again after err: everything typed, less
// a signature the error is about.
func keptForm(form closingForm, err error) closingForm {
	f := apperr.As(err).Fields
	if _, bad := f[conduct.SignatureField(conduct.SignerRepresentative)]; bad {
		form.SignatureRep = ""
	}
	if _, bad := f[conduct.SignatureField(conduct.SignerLead)]; bad {
		form.SignatureLead = ""
	}
	return form
}

// submissionBody reads the API's submission: JSON (CONTRACT.md, with the
// signatures as base64 in closing.signatures), or multipart with the
// closing meeting's fields and the signatures as files, for a client that
// sends the drawn images as they are.
func submissionBody(c echo.Context) (findings.SubmitInput, error) {
	if strings.HasPrefix(c.Request().Header.Get(echo.HeaderContentType), echo.MIMEMultipartForm) {
		_, in, err := postedSubmission(c)
		return in, err
	}
	var in findings.SubmitInput
	err := web.BindJSON(c, &in)
	return in, err
}
