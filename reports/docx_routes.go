package reports

import (
	"context"
	"mime"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/crossaudit/crossaudit/audit"
	"github.com/crossaudit/crossaudit/internal/docx"
	"github.com/crossaudit/crossaudit/internal/web"
)

// DocxRoutes registers the .docx twins of four PDFs for the văn thư, who
// retypes and files them in Word (CONTRACT.md: "the same documents as
// DOCX, with the same access as their PDFs"). Each route has its PDF's
// rule and its handler the PDF's check, through the same model reader:
// the plan for admin, office and auditors; a decision for whoever may
// read its audit (404 otherwise); an audit report for whoever may see
// its findings (404 otherwise); the programme summary for staff.
func (a *API) DocxRoutes(r *web.Router) {
	r.GET("/api/v1/rounds/:id/plan.docx", a.roundPlanDOCX, issuers)
	r.GET("/api/v1/audits/:id/decision.docx", a.decisionDOCX, web.SignedIn())
	r.GET("/api/v1/audits/:id/report.docx", a.auditDOCX, web.SignedIn())
	r.GET("/api/v1/programmes/:id/report.docx", a.programmeDOCX, staff)
}

// sendDOCX writes a .docx as a download under an ASCII name, as sendPDF.
func sendDOCX(c echo.Context, b []byte, name string) error {
	h := c.Response().Header()
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "private, no-cache")
	return c.Blob(http.StatusOK, docx.ContentType, b)
}

func (a *API) roundPlanDOCX(c echo.Context) error {
	p, name, err := a.roundPlan(c)
	if err != nil {
		return err
	}
	b, err := (&Renderer{Cat: a.Issuer.Cat, Lang: web.Lang(c)}).RoundPlanDOCX(p)
	if err != nil {
		return err
	}
	return sendDOCX(c, b, name+".docx")
}

func (a *API) decisionDOCX(c echo.Context) error {
	x, err := a.decision(c)
	if err != nil {
		return err
	}
	b, err := (&Renderer{Cat: a.Issuer.Cat, Lang: web.Lang(c)}).DecisionDOCX(x)
	if err != nil {
		return err
	}
	return sendDOCX(c, b, "quyet-dinh-thanh-lap-doan-"+strconv.FormatInt(x.AuditID, 10)+".docx")
}

func (a *API) programmeDOCX(c echo.Context) error {
	r, id, err := a.programmeReport(c)
	if err != nil {
		return err
	}
	b, err := (&Renderer{Cat: a.Issuer.Cat, Lang: web.Lang(c)}).ProgrammeDOCX(r)
	if err != nil {
		return err
	}
	return sendDOCX(c, b, "tong-hop-chuong-trinh-"+strconv.FormatInt(id, 10)+".docx")
}

// auditDOCX serves the report to whoever may see the audit's findings: a
// draft, marked DỰ THẢO, before issue, as the PDF. Once issued, the PDF
// is the stored bytes of a revision, but a .docx cannot be kept that way
// for free: it is written from the current data, which is the latest
// revision's (a revision's corrections are applied to the findings it
// corrects), with that revision's number, date and verification line.
// Earlier revisions exist only as their PDFs.
func (a *API) auditDOCX(c echo.Context) error {
	p, err := readable(c, a.findings())
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	in, _, err := a.Issuer.Loader.AuditInput(ctx, p.ID)
	if err != nil {
		return err
	}
	rd := &Renderer{Cat: a.Issuer.Cat, Lang: web.Lang(c)}
	name := "bao-cao-danh-gia-" + strconv.FormatInt(p.ID, 10) + "-du-thao.docx"
	var v *Verification
	if p.Status == audit.StatusIssued {
		if in.Issue, err = a.latestIssue(ctx, p.ID, a.baseURL(c)); err != nil {
			return err
		}
		v = rd.Verification(in.Issue)
		name = "bao-cao-danh-gia-" + strconv.FormatInt(p.ID, 10) + "-lan-" + strconv.Itoa(in.Issue.Revision) + ".docx"
	}
	b, err := rd.AuditDOCX(BuildAuditReport(in), v)
	if err != nil {
		return err
	}
	return sendDOCX(c, b, name)
}

// latestIssue is what the latest revision of an issued report added to
// it: number, code, date, and the number it replaced with the reason.
// Returns apperr.NotFound when none was issued.
func (a *API) latestIssue(ctx context.Context, auditID int64, base string) (*IssueInfo, error) {
	r, err := a.pickRevision(ctx, auditID, "")
	if err != nil {
		return nil, err
	}
	info := &IssueInfo{Number: r.Number, Code: r.Code, URL: VerifyURL(base, r.Code), At: r.IssuedAt, Revision: r.Revision}
	if r.Revision > 1 {
		prior, err := a.pickRevision(ctx, auditID, strconv.Itoa(r.Revision-1))
		if err != nil {
			return nil, err
		}
		info.Replaces, info.RevisionReason = prior.Number, r.Reason
	}
	return info, nil
}
