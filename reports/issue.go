package reports

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"strings"

	"github.com/crossaudit/crossaudit/audit"
	"github.com/crossaudit/crossaudit/audit/findings"
	"github.com/crossaudit/crossaudit/internal/i18n"
	"github.com/crossaudit/crossaudit/internal/org"
)

// Issuer draws and stores issued audit reports. Drawing happens before and
// outside the write: the write only checks that nothing changed, stores
// the bytes and locks the audit, so that it never holds the single writer
// while a PDF is drawn.
type Issuer struct {
	Loader *Loader
	Cat    *i18n.Catalog
}

// codeAlphabet has no 0/O or 1/I, so that a code read aloud or typed from
// paper is not mistaken.
const codeAlphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"

// NewCode returns a verification code of ten random characters (50 bits)
// as XXXXX-XXXXX.
func NewCode() string {
	b := make([]byte, 10)
	_, _ = rand.Read(b) // never fails (crypto/rand)
	out := make([]byte, 0, 11)
	for i, v := range b {
		if i == 5 {
			out = append(out, '-')
		}
		out = append(out, codeAlphabet[int(v)%len(codeAlphabet)])
	}
	return string(out)
}

// VerifyURL is the address printed and encoded on every page of an issued
// report. base is the site's address (scheme and host); a base that is
// not plain ASCII is left out so that the QR payload stays ASCII.
func VerifyURL(base, code string) string {
	base = strings.TrimRight(base, "/")
	for _, r := range base {
		if r > 0x7e || r <= ' ' {
			base = ""
			break
		}
	}
	return base + "/verify/" + code
}

// attempts bounds the redraws when the audit or the numbering changes
// while a report is drawn.
const attempts = 3

// Issue issues an audit's report (rev nil: the first issue of a submitted
// audit) or a revision of an issued one, drawn in Vietnamese with its
// number, verification code and QR code. reg, when not empty, is the
// number and signing day the văn thư gave it in the organiser's outgoing
// register (the day defaults to today); else the report takes the next
// number of the app's own series and today's date. Returns
// apperr.Conflict for the wrong state or a number taken, apperr.Invalid
// for a bad revision or registration.
func (is *Issuer) Issue(ctx context.Context, auditID int64, base string, rev *findings.RevisionInput, reg org.RegisterInput) (findings.IssuedReport, error) {
	if rev != nil {
		if err := rev.Normalize(); err != nil {
			return findings.IssuedReport{}, err
		}
	}
	var registered *org.Registration
	if !reg.Empty() {
		now := is.Loader.Findings.DB.Now()
		if strings.TrimSpace(reg.SignedOn) == "" {
			reg.SignedOn = i18n.Day(now)
		}
		if err := reg.Check(now); err != nil {
			return findings.IssuedReport{}, err
		}
		registered = &org.Registration{Kind: org.OutgoingReport, Number: reg.Number, SignedOn: reg.SignedOn}
	}
	for range attempts {
		r, err := is.issueOnce(ctx, auditID, base, rev, registered)
		if !errors.Is(err, findings.ErrChanged) {
			return r, err
		}
	}
	return findings.IssuedReport{}, findings.ErrChanged
}

func (is *Issuer) issueOnce(ctx context.Context, auditID int64, base string, rev *findings.RevisionInput, reg *org.Registration) (findings.IssuedReport, error) {
	c := is.Loader.Findings
	in, fp, err := is.Loader.AuditInput(ctx, auditID)
	if err != nil {
		return findings.IssuedReport{}, err
	}
	status := in.Plan.Status
	switch {
	case rev == nil && status != audit.StatusSubmitted:
		return findings.IssuedReport{}, findings.ErrNotSubmitted(status)
	case rev != nil && status != audit.StatusIssued:
		return findings.IssuedReport{}, findings.ErrNotIssued(status)
	}
	prior, err := c.IssuedReports(ctx, auditID)
	if err != nil {
		return findings.IssuedReport{}, err
	}
	now := c.DB.Now()
	year := yearOf(now)
	seq, err := c.NextReportSeq(ctx, in.Owner.ID, year)
	if err != nil {
		return findings.IssuedReport{}, err
	}
	info := &IssueInfo{Number: fmt.Sprintf("%d/%s", seq, Symbol), Code: NewCode(), At: now, Revision: len(prior) + 1}
	info.URL = VerifyURL(base, info.Code)
	rec := findings.IssueRecord{AuditID: auditID, Revision: info.Revision, OwnerID: in.Owner.ID, Year: year, Seq: seq,
		Number: info.Number, Code: info.Code, Fingerprint: fp, At: now}
	if reg != nil {
		r := *reg
		info.Number, info.Signed = r.Number, r.Signed()
		rec.Number, rec.Registered = r.Number, &r
	}
	if rev != nil {
		in = Corrected(in, rev.Corrections)
		info.Replaces, info.RevisionReason = prior[len(prior)-1].Number, rev.Reason
		rec.Reason, rec.Corrections = rev.Reason, rev.Corrections
	}
	in.Issue = info
	rd := &Renderer{Cat: is.Cat, Lang: i18n.VI}
	if rec.PDF, err = rd.AuditPDF(BuildAuditReport(in), rd.Verification(info)); err != nil {
		return findings.IssuedReport{}, err
	}
	return c.StoreIssued(ctx, rec)
}

// Verification is the line and QR code of an issued report.
func (rd *Renderer) Verification(info *IssueInfo) *Verification {
	return &Verification{Label: rd.t("report.verify_line", "code", info.Code, "url", info.URL), URL: info.URL}
}

// Draft draws the report of an audit not yet issued, marked DỰ THẢO on
// every page, in lang.
func (is *Issuer) Draft(ctx context.Context, auditID int64, lang string) ([]byte, error) {
	in, _, err := is.Loader.AuditInput(ctx, auditID)
	if err != nil {
		return nil, err
	}
	return (&Renderer{Cat: is.Cat, Lang: lang}).AuditPDF(BuildAuditReport(in), nil)
}
