package reports

import (
	"context"
	"time"

	"github.com/crossaudit/crossaudit/audit"
	"github.com/crossaudit/crossaudit/audit/findings"
	"github.com/crossaudit/crossaudit/internal/db"
	"github.com/crossaudit/crossaudit/internal/i18n"
)

// Loader reads what the reports are drawn from, through the audit
// package's read side (the reader pool only: drawing never holds the
// writer).
type Loader struct {
	Findings *findings.Store
}

// AuditInput reads an audit for its report, with the photos of its
// findings, and the fingerprint of what was read. Returns apperr.NotFound.
func (l *Loader) AuditInput(ctx context.Context, id int64) (AuditInput, string, error) {
	c := l.Findings
	// The fingerprint first: if anything changes while the rest is read,
	// the write sees a different one and draws again.
	fp, err := c.ReportFingerprint(ctx, id)
	if err != nil {
		return AuditInput{}, "", err
	}
	p, err := c.Audits.Audit(ctx, id)
	if err != nil {
		return AuditInput{}, "", err
	}
	in := AuditInput{Plan: p, Images: map[int64][]byte{}, Today: c.DB.Now()}
	if in.Sheet, err = c.Conduct.Sheet(ctx, p); err != nil {
		return in, "", err
	}
	if in.Meeting, err = c.Conduct.Meeting(ctx, id); err != nil {
		return in, "", err
	}
	if p.Status == audit.StatusSubmitted || p.Status == audit.StatusIssued {
		if in.Findings, err = c.Findings(ctx, findings.FindingFilter{AuditID: id}); err != nil {
			return in, "", err
		}
		if in.Earlier, err = c.EarlierFindings(ctx, in.Findings); err != nil {
			return in, "", err
		}
	}
	src, err := c.ReportSource(ctx, id)
	if err != nil {
		return in, "", err
	}
	in.Owner = ownerOf(src)
	if t, err := db.ParseTime(src.SubmittedAt); err == nil {
		in.Submitted = i18n.Day(t)
	}
	if err := l.images(ctx, &in); err != nil {
		return in, "", err
	}
	return in, fp, nil
}

// images reads the bytes of the image attachments of the findings' items.
func (l *Loader) images(ctx context.Context, in *AuditInput) error {
	items := map[string]bool{}
	for _, f := range in.Findings {
		items[f.ItemID] = true
	}
	for _, si := range in.Sheet.Items() {
		if !items[si.Code] {
			continue
		}
		for _, a := range si.Attachments {
			if !a.IsImage() {
				continue
			}
			_, b, err := l.Findings.Conduct.AttachmentData(ctx, in.Plan.ID, a.ID)
			if err != nil {
				return err
			}
			in.Images[a.ID] = b
		}
	}
	return nil
}

// Corrected applies a revision's corrections to the findings read, so
// that the revision is drawn as it will be stored.
func Corrected(in AuditInput, cs []findings.Correction) AuditInput {
	out := make([]findings.Finding, len(in.Findings))
	copy(out, in.Findings)
	for _, c := range cs {
		for i := range out {
			if out[i].ID != c.FindingID {
				continue
			}
			if c.Grade != nil {
				out[i].Grade = *c.Grade
			}
			if c.Statement != nil {
				out[i].Statement = *c.Statement
			}
		}
	}
	in.Findings = out
	return in
}

// yearOf is the year of t in Asia/Ho_Chi_Minh, which numbers reports.
func yearOf(t time.Time) int { return t.In(i18n.Zone).Year() }
