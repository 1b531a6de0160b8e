package checklist_test

import (
	"bytes"
	"context"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/crossaudit/crossaudit/checklist"
	"github.com/crossaudit/crossaudit/internal/webtest"
)

// A database every earlier binary left at version 1 gets edition 2 as
// version 2 on the next start, once; version 1 keeps its questions.
func TestUpgradeSeedsVersion2Once(t *testing.T) {
	d, s := seeded(t) // edition 1 only: an install before the upgrade
	ctx := context.Background()
	id, err := checklist.BuiltinID(ctx, d)
	if err != nil {
		t.Fatal(err)
	}
	before, err := s.VersionNumber(ctx, id, 1)
	if err != nil {
		t.Fatal(err)
	}
	for range 2 { // the upgrade's start, then a second start that changes nothing
		if err := checklist.Seed(ctx, d); err != nil {
			t.Fatal(err)
		}
		if got := count(t, d, `SELECT COUNT(*) FROM checklist_versions WHERE checklist_id = ?`, id); got != 2 {
			t.Errorf("%d versions after seeding, want 2", got)
		}
		if got := count(t, d, `SELECT COUNT(*) FROM events WHERE entity = 'checklist' AND action = 'seed_edition'`); got != 1 {
			t.Errorf("edition 2 recorded %d times", got)
		}
	}
	latest, err := s.Published(ctx, id)
	if err != nil || latest.Number != 2 || len(latest.Items) != 69 || latest.NotApplicable["8.3"] == "" {
		t.Fatalf("latest = %+v, %v", latest, err)
	}
	after, err := s.VersionNumber(ctx, id, 1)
	if err != nil || !reflect.DeepEqual(after, before) {
		t.Errorf("version 1 changed with the upgrade: %v", err)
	}
	t08, _ := after.Item("T08")
	if !strings.Contains(t08.TextVI, "xem xét của lãnh đạo") || t08.LegalRefsVI != "" {
		t.Errorf("version 1's T08 is no longer the compound question it was: %+v", t08)
	}
	if got := count(t, d, `SELECT builtin_edition FROM checklists WHERE id = ?`, id); got != checklist.BuiltinEditions() {
		t.Errorf("builtin_edition = %d", got)
	}
}

// An office that had started a draft before the upgrade keeps it, one
// number up, above the new edition.
func TestUpgradeMovesAPendingDraftUp(t *testing.T) {
	d, s := seeded(t)
	ctx := context.Background()
	id, _ := checklist.BuiltinID(ctx, d)
	draft, _, err := s.StartDraft(ctx, id)
	if err != nil || draft.Number != 2 {
		t.Fatalf("draft: %v", err)
	}
	c05, _ := draft.Item("C05")
	c05.TextVI = "Câu hỏi văn phòng đã sửa"
	if _, err := s.SaveItem(ctx, id, 2, "C05", c05); err != nil {
		t.Fatal(err)
	}
	if err := checklist.Seed(ctx, d); err != nil {
		t.Fatal(err)
	}
	v2, err := s.VersionNumber(ctx, id, 2)
	if err != nil || !v2.Published() || len(v2.Items) != 69 {
		t.Fatalf("version 2 is not the new edition: %v", err)
	}
	moved, err := s.Draft(ctx, id)
	if err != nil || moved.Number != 3 || len(moved.Items) != len(draft.Items) || moved.NotApplicable["8.3"] == "" {
		t.Fatalf("the draft did not move to version 3: %+v %v", moved, err)
	}
	if it, _ := moved.Item("C05"); it.TextVI != "Câu hỏi văn phòng đã sửa" {
		t.Errorf("the draft lost its edit: %q", it.TextVI)
	}
}

func TestEdition2SplitsCompoundItemsAndAddsMeasures(t *testing.T) {
	v1, err := checklist.BuiltinEdition(1)
	if err != nil {
		t.Fatal(err)
	}
	v2, err := checklist.BuiltinEdition(2)
	if err != nil {
		t.Fatal(err)
	}
	by := map[string]checklist.Item{}
	for _, it := range v2 {
		by[it.Code] = it
		if it.LegalRefsVI == "" || it.LegalRefsEN == "" {
			t.Errorf("%s has no legal references in both languages", it.Code)
		}
		if want := strings.HasPrefix(it.Code, "T"); it.Failure != want {
			t.Errorf("%s failure = %v, want %v", it.Code, it.Failure, want)
		}
	}
	// Every id of version 1 stays; the parts split off and the new
	// measures are added, each where its parent was.
	diff := checklist.DiffItems(v1, v2)
	var added, removed []string
	for _, c := range diff {
		switch c.Kind {
		case checklist.Added:
			added = append(added, c.Code)
		case checklist.Removed:
			removed = append(removed, c.Code)
		}
	}
	if want := []string{"T08b", "T08c", "C27b", "C27c", "C34b", "C34c", "T09b", "T11", "T12", "C41b"}; !reflect.DeepEqual(added, want) || removed != nil {
		t.Errorf("v1→v2 added %v removed %v, want added %v", added, removed, want)
	}
	for code, clause := range map[string]string{"T08": "5.3", "T08b": "9.2", "T08c": "9.3", "C27": "8.2.3", "C27b": "8.2.3", "C27c": "8.2.3",
		"C34": "8.5.5", "C34b": "8.5.5", "C34c": "8.5.5", "C41": "9.2", "C41b": "9.2"} {
		if it := by[code]; it.Clause != clause || strings.Count(it.TextVI, "?") != 1 {
			t.Errorf("%s = %q (%s), want one question under %s", code, it.TextVI, it.Clause, clause)
		}
	}
	if t09 := by["T09"]; t09.Kind != checklist.KindMeasure || t09.Target != ">=98" || strings.Contains(t09.TextVI, "báo cáo") {
		t.Errorf("T09 should measure the on-time rate alone: %+v", t09)
	}
	if t02 := by["T02"]; t02.Target != "<=30" || checklist.SuggestResult(t02, 45) != checklist.Minor || checklist.SuggestResult(t02, 20) != checklist.Conform {
		t.Errorf("T02 target = %q", t02.Target)
	}
	if t07 := by["T07"]; !strings.Contains(t07.TextVI, "Mẫu 05") || !strings.Contains(t07.TextVI, "phần mềm một cửa điện tử") {
		t.Errorf("T07 does not accept the electronic record: %q", t07.TextVI)
	}
	for code, target := range map[string]string{"T11": ">=50", "T12": ">=90"} {
		it := by[code]
		if it.Kind != checklist.KindMeasure || it.Unit != "%" || it.Target != target || checklist.SuggestResult(it, 30) != checklist.Minor {
			t.Errorf("%s = %+v", code, it)
		}
	}
	if !strings.Contains(by["T11"].TextVI, "trực tuyến") || !strings.Contains(by["T12"].TextVI, "số hóa") {
		t.Error("T11 and T12 do not measure online submission and digitised results")
	}
	if refs := by["C27"].LegalRefsVI; !strings.Contains(refs, "61/2018/NĐ-CP") || !strings.Contains(refs, "01/2018/TT-VPCP") {
		t.Errorf("C27 cites %q", refs)
	}
}

// The legal references survive every export format and its import.
func TestLegalReferencesRoundTrip(t *testing.T) {
	items, err := checklist.BuiltinEdition(2)
	if err != nil {
		t.Fatal(err)
	}
	for _, format := range []string{checklist.FormatCSV, checklist.FormatXLSX, checklist.FormatJSON} {
		b := export(t, format, &checklist.Version{Name: "Phiên bản 2", Number: 2, Items: items})
		got, err := checklist.ParseFile(b, known(t))
		if err != nil {
			t.Fatalf("%s: %v", format, err)
		}
		if !reflect.DeepEqual(got.Items, items) {
			t.Errorf("%s: the round trip changed the items", format)
		}
	}
	// A file without the columns still imports, its items citing nothing.
	p, err := checklist.ParseFile([]byte("id,clause,text_vi,text_en\nA,4.1,Một,\n"), known(t))
	if err != nil || p.Items[0].LegalRefsVI != "" {
		t.Errorf("import without legal_refs: %+v %v", p.Items, err)
	}
}

// Through the API: the built-in's version 2 exported, imported as a new
// checklist, and shown on its page and the printed checklist.
func TestLegalReferencesThroughTheAPIAndPages(t *testing.T) {
	a := app(t) // edition 1: the start below upgrades it
	if err := checklist.Seed(context.Background(), a.DB); err != nil {
		t.Fatal(err)
	}
	c := a.Token("office", webtest.Password)
	id := builtinID(t, a)
	resp, file := c.Do("GET", path(id, "/export?format=csv"), nil)
	if resp.StatusCode != http.StatusOK || !bytes.Contains(file, []byte("legal_refs_vi,legal_refs_en")) || !bytes.Contains(file, []byte("Decree No. 61/2018/NĐ-CP")) {
		t.Fatalf("export: %d %.200s", resp.StatusCode, file)
	}
	resp, body := c.Upload("/api/v1/checklists/import", "file", "v2.csv", file, map[string]string{"name": "Bản sao v2"})
	created := decode[struct{ ID int64 }](t, resp, body, http.StatusCreated)
	resp, again := c.Do("GET", path(created.ID, "/export?format=csv"), nil)
	if resp.StatusCode != http.StatusOK || !bytes.Equal(again, file) {
		t.Errorf("the imported copy exports differently")
	}
	resp, body = c.Do("GET", path(created.ID, ""), nil)
	v := decode[struct {
		Items []struct {
			ID          string `json:"id"`
			LegalRefsVI string `json:"legal_refs_vi"`
			LegalRefsEN string `json:"legal_refs_en"`
		}
	}](t, resp, body, http.StatusOK)
	if len(v.Items) != 69 || !strings.Contains(v.Items[0].LegalRefsVI, "19/2014/QĐ-TTg") || !strings.Contains(v.Items[0].LegalRefsEN, "Decision No. 19/2014") {
		t.Errorf("API items: %+v", v.Items[:1])
	}

	reader := a.Login("auditor.U1", webtest.Password)
	sid := itoa(id)
	for _, p := range []string{"/checklists/" + sid, "/checklists/" + sid + "/print"} {
		if body := page(t, reader, p, 200); !strings.Contains(body, "Căn cứ pháp lý:") || !strings.Contains(body, "Nghị định số 61/2018/NĐ-CP") {
			t.Errorf("%s does not show the legal references", p)
		}
	}
	if body := page(t, reader, "/checklists/"+sid+"?version=1", 200); strings.Contains(body, "Căn cứ pháp lý:") {
		t.Error("version 1 shows legal references it never had")
	}
	reader.Header = http.Header{"Accept-Language": {"en"}}
	if body := page(t, reader, "/checklists/"+sid, 200); !strings.Contains(body, "Legal basis:") || !strings.Contains(body, "Decree No. 61/2018/NĐ-CP") {
		t.Error("the English page does not show the English references")
	}
	body = []byte(page(t, reader, "/checklists/"+sid+"/diff?from=1&to=2", 200))
	for _, want := range []string{"T08b", "T11", "T12", "&lt;=30", "Legal basis:"} {
		if !bytes.Contains(body, []byte(want)) {
			t.Errorf("the diff v1→v2 lacks %q", want)
		}
	}
}
