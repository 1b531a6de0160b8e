package demo_test

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/crossaudit/crossaudit/audit/findings"
	"github.com/crossaudit/crossaudit/audit/handlers"
	"github.com/crossaudit/crossaudit/audit/procedures"
	"github.com/crossaudit/crossaudit/demo"
	"github.com/crossaudit/crossaudit/internal/db"
	"github.com/crossaudit/crossaudit/internal/i18n"
	"github.com/crossaudit/crossaudit/internal/org"
	"github.com/crossaudit/crossaudit/internal/pdftest"
	"github.com/crossaudit/crossaudit/internal/web"
	"github.com/crossaudit/crossaudit/internal/webtest"
	"github.com/crossaudit/crossaudit/reports"
)

// TestDemoProcedures checks what the demo guarantees of procedure
// reconciliation (CONTRACT.md): a catalogue of about a hundred procedures
// with history, portal, one-stop and process lists for every unit, gaps of
// every kind, and dossier figures with rates on both sides of the target.
func TestDemoProcedures(t *testing.T) {
	d, _ := loaded(t)
	ctx := context.Background()
	store := &procedures.Store{DB: d}
	ov, err := store.Overview(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if ov.Catalogue == nil || ov.Catalogue.Procedures < 90 || ov.Catalogue.Procedures > 120 || ov.Catalogue.Imports < 2 {
		t.Fatalf("catalogue %+v: want about 100 procedures imported at least twice", ov.Catalogue)
	}
	units, err := demo.Units()
	if err != nil {
		t.Fatal(err)
	}
	if len(ov.Units) != len(units) {
		t.Fatalf("%d units reconciled, want %d", len(ov.Units), len(units))
	}
	below := map[string]int{}
	for _, u := range ov.Units {
		for _, k := range procedures.ListKinds {
			if !u.Imported(k) {
				t.Errorf("unit %s: no %s list", u.Unit, k)
			}
		}
		if u.Missing() == 0 {
			t.Errorf("unit %s has no gap", u.Unit)
		}
		if u.Figures == nil {
			t.Errorf("unit %s has no dossier figures", u.Unit)
			continue
		}
		if u.Figures.OnTimeRate.Below {
			below["on_time"]++
		}
		if u.Figures.Parity.Below {
			below["parity"]++
		}
	}
	for _, k := range []string{procedures.GapMissingOnPortal, procedures.GapMissingOnOneStop, procedures.GapMissingProcess,
		procedures.GapStaleProcess, procedures.GapNotInForce, procedures.GapMatchedByName, procedures.GapUnmatchedByName} {
		if ov.Totals[k] == 0 {
			t.Errorf("no %s gap in the demo", k)
		}
	}
	for _, k := range []string{"on_time", "parity"} {
		if below[k] == 0 || below[k] == len(units) {
			t.Errorf("%d units below target on %s: want some, not all", below[k], k)
		}
	}
	// The unit the demo logins of the sweep belong to shows gaps beside the
	// audit items.
	ev, err := store.UnitEvidence(ctx, "24961")
	if err != nil {
		t.Fatal(err)
	}
	flagged := 0
	for _, ie := range ev {
		for _, l := range ie.Lines {
			if l.Flag {
				flagged++
			}
		}
	}
	if flagged == 0 {
		t.Error("no flagged evidence for unit 24961")
	}
	vs, err := store.History(ctx, "1.004120")
	if err != nil || len(vs) != 2 {
		t.Errorf("history of 1.004120: %d versions, %v; want 2 (changed this year)", len(vs), err)
	}
	t.Logf("totals %v, below target %v", ov.Totals, below)
}

// TestDemoProceduresInAudit checks that the demo shows reconciliation where
// the auditors and the office meet it: a unit's reconciliation document
// lists its gaps, and the audit page of an audit in progress shows the
// audited unit's flagged gaps inside checklist items with the action, and
// flags its T01 = 0 against the reconciliation's differences.
func TestDemoProceduresInAudit(t *testing.T) {
	d, _ := loaded(t)
	ctx := context.Background()
	l := &reports.ReconcileLoader{Store: &procedures.Store{DB: d}, Org: &org.Store{DB: d}, DB: d}
	in, err := l.Input(ctx, "24961")
	if err != nil {
		t.Fatal(err)
	}
	r := reports.BuildReconcileReport(in)
	if r.Unit == nil || len(r.Units) != 1 || r.Units[0].Missing == 0 || len(r.Units[0].Figures) == 0 {
		t.Fatalf("the document of 24961 has no gap or no figures: %+v", r.Units)
	}
	pdf, err := (&reports.Renderer{Cat: i18n.MustLoad(), Lang: i18n.VI}).ReconcilePDF(r)
	if err != nil {
		t.Fatal(err)
	}
	if pdftest.Have(t, "pdftotext") {
		text := pdftest.Text(t, pdf)
		g := r.Units[0].Gaps[0]
		for _, w := range []string{r.Unit.Name, g.Code, "BÁO CÁO", "I. SỐ LIỆU HỒ SƠ"} {
			if !strings.Contains(text, w) {
				t.Errorf("the document of 24961 lacks %q", w)
			}
		}
	}

	a := webtest.NewOn(t, d, func(s *web.Server, r *web.Router, d *db.DB) {
		st := findings.Open(d)
		h := procedures.Mount(s, r, &procedures.Store{DB: d}, st.Conduct)
		stores := handlers.StoresOf(st)
		stores.Measured = h.MeasuredFigures
		if err := handlers.Mount(s, r, stores, h.ItemPanels); err != nil {
			t.Fatal(err)
		}
	})
	var id, lead string
	if err := d.R.QueryRow(`SELECT CAST(a.id AS TEXT), u.username FROM audits a JOIN audit_team t ON t.audit_id = a.id AND t.role = 'lead'
		JOIN users u ON u.id = t.user_id WHERE a.status = 'in_progress' ORDER BY a.id LIMIT 1`).Scan(&id, &lead); err != nil {
		t.Fatalf("no audit in progress in the demo: %v", err)
	}
	// The items' panels come with their fields, which the audit page
	// fetches from /audits/{id}/forms.
	status, page := a.Login(lead, demo.Password).Page("/audits/" + id + "/forms")
	if status != 200 {
		t.Fatalf("audit %s: %d", id, status)
	}
	flagged := 0
	for _, item := range procedures.EvidenceItems() {
		art := regexp.MustCompile(`(?s)<template data-more="` + item + `">.*?</template>`).FindString(page)
		if !strings.Contains(art, `id="ev-`+item+`"`) || !strings.Contains(art, "Dùng làm bằng chứng") {
			t.Errorf("audit %s: item %s shows no inline gaps with the action", id, item)
		}
		flagged += strings.Count(art, "badge-late")
	}
	if flagged == 0 {
		t.Errorf("audit %s: no flagged gap or rate beside its items", id)
	}
	// The team recorded T01 = 0 differences while the reconciliation finds
	// procedures without a process: the item's header, on the audit page
	// itself, says so with both numbers.
	_, main := a.Login(lead, demo.Password).Page("/audits/" + id)
	t01 := regexp.MustCompile(`(?s)<article class="q" id="item-T01".*?</article>`).FindString(main)
	if !regexp.MustCompile(`<p class="measured-warning"[^>]*role="status">.*?Bạn ghi 0; hệ thống đối chiếu ghi \d+ chênh lệch: \d+ thủ tục chưa có quy trình`).MatchString(t01) {
		t.Errorf("audit %s: T01 = 0 shows no contradiction with the reconciliation:\n%s", id, t01)
	}
}
