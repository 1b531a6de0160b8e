package checklist_test

import (
	"context"
	"strings"
	"testing"

	"github.com/crossaudit/crossaudit/checklist"
	"github.com/crossaudit/crossaudit/internal/apperr"
)

func TestSeedOnceNotTwice(t *testing.T) {
	d, s := seededLatest(t)
	ctx := context.Background()
	if err := checklist.Seed(ctx, d); err != nil {
		t.Fatal(err)
	}
	for q, want := range map[string]int{
		`SELECT COUNT(*) FROM checklists`:                                            1,
		`SELECT COUNT(*) FROM checklist_versions`:                                    2,
		`SELECT COUNT(*) FROM checklist_items`:                                       59 + 69,
		`SELECT COUNT(*) FROM clauses`:                                               78,
		`SELECT COUNT(*) FROM events WHERE entity = 'checklist' AND action = 'seed'`: 1,
	} {
		if got := count(t, d, q); got != want {
			t.Errorf("%s = %d, want %d", q, got, want)
		}
	}
	id, err := checklist.BuiltinID(ctx, d)
	if err != nil {
		t.Fatal(err)
	}
	v, err := s.Published(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if v.Name != checklist.BuiltinName || v.Number != 2 || !v.Published() || v.PublishedAt.IsZero() || len(v.Items) != 69 {
		t.Errorf("built-in = %q v%d %s, %d items", v.Name, v.Number, v.Status, len(v.Items))
	}
	if _, ok := v.NotApplicable["8.3"]; !ok {
		t.Errorf("8.3 is not excluded: %v", v.NotApplicable)
	}
	t09, _ := v.Item("t09")
	if t09.Kind != checklist.KindMeasure || t09.Target != ">=98" || t09.Unit != "%" || !t09.Failure || t09.Clause != "9.1.1/6.2" {
		t.Errorf("T09 = %+v", t09)
	}
	cs, err := s.Clauses(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if cs[0].Code != "4" || cs[len(cs)-1].Code != "VN" || cs[0].TitleVI != "Bối cảnh của tổ chức" {
		t.Errorf("clauses from %+v to %+v", cs[0], cs[len(cs)-1])
	}
}

// A published version refuses every change at the SQL level too, whatever
// code runs against the database.
func TestPublishedVersionIsImmutableInSQL(t *testing.T) {
	d, _ := seeded(t)
	var vid int64
	if err := d.R.QueryRow(`SELECT id FROM checklist_versions`).Scan(&vid); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`UPDATE checklist_items SET text_vi = 'Sửa lén' WHERE version_id = ?`,
		`DELETE FROM checklist_items WHERE version_id = ?`,
		`INSERT INTO checklist_items (version_id, position, code, clause, clause_code, kind, text_vi, search_key) VALUES (?, 99, 'X99', '4.1', '4.1', 'check', 'Thêm lén', '')`,
		`UPDATE checklist_versions SET status = 'draft', published_at = NULL WHERE id = ?`,
		`UPDATE checklist_versions SET number = 7 WHERE id = ?`,
		`DELETE FROM checklist_versions WHERE id = ?`,
		`INSERT INTO checklist_exclusions (version_id, clause, reason) VALUES (?, '7.1.5', 'lén')`,
		`DELETE FROM checklist_exclusions WHERE version_id = ?`,
		`INSERT INTO checklist_versions (checklist_id, number, status, created_at, updated_at, published_at) VALUES (1, 5 + 0 * ?, 'published', 'x', 'x', 'x')`,
	} {
		if _, err := d.W.Exec(q, vid); err == nil {
			t.Errorf("the database accepted: %s", q)
		}
	}
	if got := count(t, d, `SELECT COUNT(*) FROM checklist_items WHERE version_id = ? AND text_vi NOT LIKE '%lén%'`, vid); got != 59 {
		t.Errorf("%d intact items, want 59", got)
	}
}

func TestDraftEditPublishLeavesPinnedVersionAlone(t *testing.T) {
	d, s := seeded(t)
	ctx := context.Background()
	id, _ := checklist.BuiltinID(ctx, d)
	v1, _ := s.Published(ctx, id) // what an audit planned now pins
	draft, created, err := s.StartDraft(ctx, id)
	if err != nil || !created || draft.Number != 2 || draft.Published() || len(draft.Items) != 59 || draft.NotApplicable["8.3"] == "" {
		t.Fatalf("StartDraft = v%d %s %d items, created %v, %v", draft.Number, draft.Status, len(draft.Items), created, err)
	}
	if again, created, _ := s.StartDraft(ctx, id); created || again.ID != draft.ID {
		t.Errorf("a second StartDraft made another draft")
	}
	c05, _ := draft.Item("C05")
	c05.TextVI = "Câu hỏi đã sửa"
	if _, err := s.SaveItem(ctx, id, 2, "C05", c05); err != nil {
		t.Fatal(err)
	}
	added, err := s.SaveItem(ctx, id, 2, "", checklist.Item{Code: "N01", Clause: "5.1.2", TextVI: "Câu hỏi mới", Kind: "measure", Unit: "%", Target: "≥ 90"})
	if err != nil {
		t.Fatal(err)
	}
	if added.Target != ">=90" || added.Position != position(t, v1, "C07")+1 {
		t.Errorf("new item stored as %+v; C07 is at %d", added, position(t, v1, "C07"))
	}
	if pos, err := s.MoveItem(ctx, id, 2, "N01", -1); err != nil || pos != added.Position-1 {
		t.Errorf("MoveItem up = %d, %v", pos, err)
	}
	if err := s.RemoveItem(ctx, id, 2, "C49"); err != nil {
		t.Fatal(err)
	}
	if err := s.SetNotApplicable(ctx, id, 2, "7.1.5", "Không sử dụng thiết bị đo lường"); err != nil {
		t.Fatal(err)
	}
	if err := s.ClearNotApplicable(ctx, id, 2, "8.3"); err != nil {
		t.Fatal(err)
	}
	v2, err := s.Publish(ctx, id, 2)
	if err != nil {
		t.Fatal(err)
	}
	if latest, _ := s.Published(ctx, id); latest.ID != v2.ID || latest.Number != 2 {
		t.Errorf("latest published is v%d", latest.Number)
	}
	d2 := checklist.Compare(v1, v2)
	if got, want := summaryOf(d2.Items), "reworded C05 added N01 removed C49"; got != want {
		t.Errorf("diff v1→v2: %s, want %s", got, want)
	}
	if got := d2.NotApplicable; len(got) != 2 || got[0].Clause != "7.1.5" || got[1].Clause != "8.3" || got[1].New != "" {
		t.Errorf("exclusion changes %+v", got)
	}
	assertPositions(t, v2)
	pinned, err := s.Version(ctx, v1.ID)
	if err != nil {
		t.Fatal(err)
	}
	if c, _ := pinned.Item("C05"); c.TextVI == "Câu hỏi đã sửa" || len(pinned.Items) != 59 || pinned.NotApplicable["8.3"] == "" {
		t.Errorf("the pinned version 1 changed: C05 %q, %d items", c.TextVI, len(pinned.Items))
	}
	if v3, created, _ := s.StartDraft(ctx, id); !created || v3.Number != 3 || len(v3.Items) != 59 {
		t.Errorf("next draft v%d, %d items", v3.Number, len(v3.Items))
	}
}

func position(t *testing.T, v *checklist.Version, code string) int {
	t.Helper()
	it, ok := v.Item(code)
	if !ok {
		t.Fatalf("no %s", code)
	}
	return it.Position
}

func summaryOf(cs []checklist.Change) string {
	var parts []string
	for _, c := range cs {
		parts = append(parts, c.Kind+" "+c.Code)
	}
	return strings.Join(parts, " ")
}

// assertPositions checks that positions run 1…n without gaps.
func assertPositions(t *testing.T, v *checklist.Version) {
	t.Helper()
	for i, it := range v.Items {
		if it.Position != i+1 {
			t.Fatalf("item %s at position %d, want %d", it.Code, it.Position, i+1)
		}
	}
}

func TestDraftEditErrors(t *testing.T) {
	d, s := seeded(t)
	ctx := context.Background()
	id, _ := checklist.BuiltinID(ctx, d)
	if _, err := s.SaveItem(ctx, id, 1, "C01", checklist.Item{Code: "C01", Clause: "4.1", TextVI: "Sửa"}); appErr(t, err).Code != "version_published" {
		t.Errorf("editing v1: %v", err)
	}
	if _, err := s.Publish(ctx, id, 1); appErr(t, err).Code != "version_published" {
		t.Errorf("publishing v1 again: %v", err)
	}
	if _, _, err := s.StartDraft(ctx, 999); appErr(t, err).Kind != apperr.NotFound {
		t.Errorf("draft of an unknown checklist: %v", err)
	}
	if _, _, err := s.StartDraft(ctx, id); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		oldCode string
		item    checklist.Item
		code    string
		field   string
	}{
		{"duplicate code on add", "", checklist.Item{Code: "c01", Clause: "4.1", TextVI: "Trùng"}, "duplicate_code", "id"},
		{"duplicate code on rename", "C02", checklist.Item{Code: "C01", Clause: "4.1", TextVI: "Trùng"}, "duplicate_code", "id"},
		{"unknown clause", "C02", checklist.Item{Code: "C02", Clause: "4.1/11.2", TextVI: "Sai"}, "invalid", "clause"},
		{"empty question", "C02", checklist.Item{Code: "C02", Clause: "4.1", TextVI: "  "}, "invalid", "text_vi"},
		{"long text", "C02", checklist.Item{Code: "C02", Clause: "4.1", TextVI: "x", GuidanceEN: strings.Repeat("é", checklist.MaxText+1)}, "invalid", "guidance_en"},
		{"target on a check", "C02", checklist.Item{Code: "C02", Clause: "4.1", Kind: "check", TextVI: "x", Target: ">=1"}, "invalid", "target"},
		{"unknown item", "Z99", checklist.Item{Code: "Z99", Clause: "4.1", TextVI: "x"}, "not_found", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.SaveItem(ctx, id, 2, tt.oldCode, tt.item)
			e := appErr(t, err)
			if e.Code != tt.code {
				t.Fatalf("code %q, want %q: %v", e.Code, tt.code, err)
			}
			if _, ok := e.Fields[tt.field]; tt.field != "" && !ok {
				t.Errorf("fields %v lack %q", e.Fields, tt.field)
			}
		})
	}
	if err := s.SetNotApplicable(ctx, id, 2, "12.1", "Không có"); appErr(t, err).Kind != apperr.Invalid {
		t.Errorf("excluding an unknown clause: %v", err)
	}
	if err := s.SetNotApplicable(ctx, id, 2, "8.4", " "); appErr(t, err).Kind != apperr.Invalid {
		t.Errorf("excluding without a reason: %v", err)
	}
	draft, _ := s.Draft(ctx, id)
	if len(draft.Items) != 59 || draft.NotApplicable["8.4"] != "" {
		t.Errorf("failed edits changed the draft: %d items, %v", len(draft.Items), draft.NotApplicable)
	}
	if err := s.Discard(ctx, id, 2); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Draft(ctx, id); appErr(t, err).Kind != apperr.NotFound {
		t.Errorf("draft after discard: %v", err)
	}
}

func TestPublishRefusesAnEmptyDraft(t *testing.T) {
	_, s := seeded(t)
	ctx := context.Background()
	c, err := s.Import(ctx, "Một câu", []checklist.Item{{Code: "A", Clause: "4.1", Kind: "check", TextVI: "Một"}})
	if err != nil {
		t.Fatal(err)
	}
	if c.Version != 1 || c.Items != 1 || c.Builtin {
		t.Errorf("imported %+v", c)
	}
	if _, _, err := s.StartDraft(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.RemoveItem(ctx, c.ID, 2, "a"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Publish(ctx, c.ID, 2); appErr(t, err).Code != "draft_empty" {
		t.Errorf("publishing an empty draft: %v", err)
	}
}

func TestListSearchIgnoresCaseAndDiacritics(t *testing.T) {
	_, s := seeded(t)
	ctx := context.Background()
	if _, err := s.Import(ctx, "Kiểm tra thủ tục đất đai", []checklist.Item{{Code: "D1", Clause: "8.1", Kind: "check", TextVI: "Hồ sơ cấp giấy chứng nhận quyền sử dụng đất"}}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		q    string
		want []string
	}{
		{"", []string{checklist.BuiltinName, "Kiểm tra thủ tục đất đai"}},
		{"thu tuc", []string{checklist.BuiltinName, "Kiểm tra thủ tục đất đai"}},
		{"tthc", []string{checklist.BuiltinName}},
		{"DAT DAI", []string{"Kiểm tra thủ tục đất đai"}},
		{"chung nhan quyen su dung", []string{"Kiểm tra thủ tục đất đai"}},
		{"cong dich vu", []string{checklist.BuiltinName}},
		{"100%", nil},
	}
	for _, tt := range tests {
		cs, err := s.List(ctx, tt.q)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, c := range cs {
			got = append(got, c.Name)
		}
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("List(%q) = %v, want %v", tt.q, got, tt.want)
		}
	}
}
