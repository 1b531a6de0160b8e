package demo_test

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"strings"
	"testing"

	"github.com/crossaudit/crossaudit/audit"
	"github.com/crossaudit/crossaudit/audit/findings"
	"github.com/crossaudit/crossaudit/internal/i18n"
	"github.com/crossaudit/crossaudit/internal/pdftest"
	"github.com/crossaudit/crossaudit/reports"
)

// The round's documents of the demo: this year's plan and a team's
// decision carry the demo's Vietnamese names; last year's ZIP holds its
// 15 issued reports byte for byte.
func TestDemoRoundDocuments(t *testing.T) {
	d, _ := loaded(t)
	ctx := context.Background()
	l := &reports.Loader{Findings: findings.Open(d)}
	is := &reports.Issuer{Loader: l, Cat: i18n.MustLoad()}
	rd := &reports.Renderer{Cat: is.Cat, Lang: i18n.VI}
	var this, last int64
	if err := d.R.QueryRow(`SELECT r.id FROM rounds r JOIN programmes p ON p.id = r.programme_id WHERE r.status = 'confirmed' ORDER BY p.year DESC, r.n LIMIT 1`).Scan(&this); err != nil {
		t.Fatal(err)
	}
	if err := d.R.QueryRow(`SELECT r.id FROM rounds r JOIN programmes p ON p.id = r.programme_id WHERE r.status = 'confirmed' ORDER BY p.year, r.n LIMIT 1`).Scan(&last); err != nil {
		t.Fatal(err)
	}

	t.Run("this year's plan", func(t *testing.T) {
		in, err := l.RoundPlanInput(ctx, this)
		if err != nil {
			t.Fatal(err)
		}
		p := reports.BuildRoundPlan(in)
		if len(p.Rows) != 15 || p.Units != 15 {
			t.Errorf("the plan schedules %d audits of %d units, want 15 and 15", len(p.Rows), p.Units)
		}
		pdf, err := rd.RoundPlanPDF(p)
		if err != nil {
			t.Fatal(err)
		}
		txt := pdftest.Text(t, pdf)
		for _, r := range p.Rows {
			for _, w := range []string{r.Auditee.Name, r.Lead} {
				if w == "" || !strings.Contains(txt, w) {
					t.Errorf("the plan lacks %q", w)
				}
			}
		}
		if !strings.Contains(txt, strings.ToUpper(p.Owner.Name)) || !strings.Contains(txt, "KẾ HOẠCH") {
			t.Errorf("the plan's heading:\n%.500s", txt)
		}
	})

	t.Run("a decision of this year's round", func(t *testing.T) {
		var id int64
		if err := d.R.QueryRow(`SELECT id FROM audits WHERE round_id = ? AND status <> 'cancelled' ORDER BY planned_date, id LIMIT 1`, this).Scan(&id); err != nil {
			t.Fatal(err)
		}
		p, err := l.Findings.Audits.Audit(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		in, err := l.DecisionInput(ctx, p)
		if err != nil {
			t.Fatal(err)
		}
		x := reports.BuildDecision(in)
		if len(x.Members) == 0 || x.Members[0].Role != audit.TeamLead {
			t.Fatalf("the decision's members: %+v", x.Members)
		}
		pdf, err := rd.DecisionPDF(x)
		if err != nil {
			t.Fatal(err)
		}
		txt := pdftest.Text(t, pdf)
		for _, w := range []string{"QUYẾT ĐỊNH", p.AuditeeUnitName, p.AuditorUnitName} {
			if !strings.Contains(txt, w) {
				t.Errorf("the decision lacks %q", w)
			}
		}
		// A long name wraps in its table cell, where the text extractor
		// interleaves it with the next cells: its words must all be there.
		for _, w := range strings.Fields(x.Members[0].Name) {
			if !strings.Contains(txt, w) {
				t.Errorf("the decision lacks %q of the lead's name %q", w, x.Members[0].Name)
			}
		}
	})

	t.Run("last year's ZIP", func(t *testing.T) {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		job := &reports.ZipJob{}
		if err := is.BuildRoundZip(last)(ctx, job, zw); err != nil {
			t.Fatal(err)
		}
		if err := zw.Close(); err != nil {
			t.Fatal(err)
		}
		if s := job.Status(); s.Done != 15 || s.Total != 15 {
			t.Errorf("progress %d/%d, want 15/15", s.Done, s.Total)
		}
		zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
		if err != nil {
			t.Fatal(err)
		}
		if len(zr.File) != 15 {
			t.Fatalf("%d reports in last year's ZIP, want 15", len(zr.File))
		}
		stored := map[string]bool{}
		rows, err := d.R.Query(`SELECT b.data FROM issued_reports r JOIN issued_report_blobs b ON b.report_id = r.id JOIN audits a ON a.id = r.audit_id
			WHERE a.round_id = ?`, last)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var b []byte
			if err := rows.Scan(&b); err != nil {
				t.Fatal(err)
			}
			stored[string(b)] = true
		}
		rows.Close()
		for _, f := range zr.File {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(rc)
			rc.Close()
			if !stored[string(b)] || strings.Contains(f.Name, "DỰ THẢO") {
				t.Errorf("%s is not a stored issued report", f.Name)
			}
		}
	})
}
