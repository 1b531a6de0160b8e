package reports_test

import (
	"context"
	"strings"
	"testing"

	"github.com/crossaudit/crossaudit/audit"
	"github.com/crossaudit/crossaudit/audit/findings"
	"github.com/crossaudit/crossaudit/demo/demotest"
	"github.com/crossaudit/crossaudit/internal/org"
	"github.com/crossaudit/crossaudit/internal/pdftest"
	"github.com/crossaudit/crossaudit/reports"
)

// History stays true: after the 2025 reform the province takes over as
// organiser, yet last year's programme keeps the district's letterhead in
// its documents; a programme created afterwards takes the province's.
func TestProgrammesKeepTheirOrganiser(t *testing.T) {
	d := demotest.Open(t)
	ctx := context.Background()
	st := findings.Open(d)
	progs, err := st.Audits.ListProgrammes(ctx)
	if err != nil || len(progs) < 2 {
		t.Fatalf("demo programmes: %v %v", progs, err)
	}
	old := progs[0]
	for _, p := range progs {
		if p.Year < old.Year {
			old = p
		}
	}
	orgs := &org.Store{DB: d}
	profile, err := orgs.Profile(ctx)
	if err != nil {
		t.Fatal(err)
	}
	before := profile.Name
	profile.Name, profile.Parent, profile.Place, profile.Symbol = "SỞ NỘI VỤ", "UBND TỈNH LÂM ĐỒNG", "Lâm Đồng", "SNV"
	if err := orgs.SaveProfile(ctx, profile); err != nil {
		t.Fatal(err)
	}
	full, err := st.Audits.Programme(ctx, old.ID)
	if err != nil {
		t.Fatal(err)
	}
	created, err := st.Audits.CreateProgramme(ctx, audit.ProgrammeInput{Name: "Đánh giá chéo sau sắp xếp", Year: old.Year + 2,
		ChecklistID: full.ChecklistID, Units: full.Units[:4]})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		id         int64
		want, gone string
	}{{old.ID, strings.ToUpper(before), "SỞ NỘI VỤ"}, {created.ID, "SỞ NỘI VỤ", strings.ToUpper(before)}} {
		pdf, err := reports.ProgrammeFile(ctx, st, c.id)
		if err != nil {
			t.Fatal(err)
		}
		text := strings.ToUpper(pdftest.Text(t, pdf))
		if !strings.Contains(text, c.want) || strings.Contains(text, c.gone) {
			t.Errorf("programme %d's summary: want the letterhead %q and not %q:\n%.600s", c.id, c.want, c.gone, text)
		}
	}
	kept, err := st.Audits.Programme(ctx, old.ID)
	if err != nil || kept.Organiser.Name != before {
		t.Errorf("last year's programme keeps organiser %q, want %q (%v)", kept.Organiser.Name, before, err)
	}
}
