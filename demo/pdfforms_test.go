package demo_test

import (
	"context"
	"testing"

	"github.com/crossaudit/crossaudit/audit/findings"
	"github.com/crossaudit/crossaudit/internal/i18n"
	"github.com/crossaudit/crossaudit/internal/pdftest"
	"github.com/crossaudit/crossaudit/reports"
)

// The demo fills the printable forms: a nonconformity whose request form
// carries the unit's root cause and actions, a programme whose register
// lists actions, a submitted audit whose minutes carry findings and the
// closing meeting, and a published checklist to print blank.
func TestDemoPDFForms(t *testing.T) {
	d, _ := loaded(t)
	ctx := context.Background()
	l := &reports.Loader{Findings: findings.Open(d)}
	id := func(q string) int64 {
		t.Helper()
		var n int64
		if err := d.R.QueryRow(q).Scan(&n); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return n
	}

	ncID := id(`SELECT f.id FROM findings f WHERE f.root_cause <> '' AND EXISTS (SELECT 1 FROM nc_actions x WHERE x.finding_id = f.id) ORDER BY f.id LIMIT 1`)
	nc, err := l.Findings.NC(ctx, ncID)
	if err != nil {
		t.Fatal(err)
	}
	in, err := l.CARequestInput(ctx, nc)
	if err != nil {
		t.Fatal(err)
	}
	if r := reports.BuildCARequest(in); r.RootCause == "" || len(r.Actions) == 0 || r.Auditee.Name == "" || r.Lead == "" {
		t.Errorf("request form of %d: cause %q, %d actions, unit %q, lead %q", ncID, r.RootCause, len(r.Actions), r.Auditee.Name, r.Lead)
	}

	programme := id(`SELECT r.programme_id FROM nc_actions x JOIN findings f ON f.id = x.finding_id JOIN audits a ON a.id = f.audit_id
		JOIN rounds r ON r.id = a.round_id ORDER BY x.id LIMIT 1`)
	rin, err := l.RegisterInput(ctx, programme)
	if err != nil {
		t.Fatal(err)
	}
	if r := reports.BuildActionRegister(rin); len(r.Rows) < 2 || r.Actions == 0 {
		t.Errorf("register of programme %d: %d rows, %d actions", programme, len(r.Rows), r.Actions)
	}

	auditID := id(`SELECT a.id FROM audits a WHERE a.status = 'submitted' AND EXISTS (SELECT 1 FROM findings f WHERE f.audit_id = a.id) ORDER BY a.id LIMIT 1`)
	p, err := l.Findings.Audits.Audit(ctx, auditID)
	if err != nil {
		t.Fatal(err)
	}
	mi, err := l.MinutesInput(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	m := reports.BuildMinutes(mi)
	if m.Closing == nil || len(m.Findings) == 0 || len(m.Team) == 0 {
		t.Errorf("minutes of audit %d: closing %v, %d findings, %d on the team", auditID, m.Closing, len(m.Findings), len(m.Team))
	}
	// Signed on the tablet by the representative and the lead (issue 22),
	// both printed on the minutes.
	if len(m.Signatures) != 2 {
		t.Errorf("minutes of audit %d: %d signatures, want the representative's and the lead's", auditID, len(m.Signatures))
	}
	if pdftest.Have(t, "pdfimages") {
		pdf, err := (&reports.Renderer{Cat: i18n.MustLoad(), Lang: i18n.VI}).MinutesPDF(m)
		if err != nil {
			t.Fatal(err)
		}
		if n := pdftest.Images(t, pdf); n != 2 {
			t.Errorf("minutes of audit %d print %d images, want 2 signatures", auditID, n)
		}
	}

	bin, err := l.BlankChecklistInput(ctx, id(`SELECT MIN(checklist_id) FROM checklist_versions WHERE status = 'published'`), 0, i18n.VI)
	if err != nil {
		t.Fatal(err)
	}
	if b := reports.BuildBlankChecklist(bin); b.Items < 20 || len(b.Sections) < 5 {
		t.Errorf("blank checklist: %d items in %d sections", b.Items, len(b.Sections))
	}
}
