package audit

import (
	"strings"
	"testing"

	"github.com/crossaudit/crossaudit/checklist"
	"github.com/crossaudit/crossaudit/internal/apperr"
)

func f64(v float64) *float64 { return &v }
func i64(v int64) *int64     { return &v }

func TestDecideSave(t *testing.T) {
	stored := Answer{Result: checklist.Conform, Note: "Có sổ theo dõi", Version: 3}
	tests := []struct {
		name string
		in   Answer
		want saveOutcome
	}{
		{"based on the stored version", Answer{Result: checklist.Minor, Note: "Thiếu sổ", Version: 3}, saveApply},
		{"replay of the save that made version 3", Answer{Result: checklist.Conform, Note: "Có sổ theo dõi", Version: 2}, saveNoop},
		{"same content on the current version", Answer{Result: checklist.Conform, Note: "Có sổ theo dõi", Version: 3}, saveNoop},
		{"stale and different", Answer{Result: checklist.Minor, Note: "Thiếu sổ", Version: 2}, saveConflict},
		{"from the future", Answer{Result: checklist.Minor, Version: 9}, saveConflict},
		{"a value added is a change", Answer{Result: checklist.Conform, Note: "Có sổ theo dõi", Value: f64(0), Version: 2}, saveConflict},
	}
	for _, tt := range tests {
		if got := decideSave(stored, tt.in); got != tt.want {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
	if got := decideSave(Answer{}, Answer{Result: checklist.NA, Note: "x", Version: 0}); got != saveApply {
		t.Errorf("first answer: %v", got)
	}
	if got := decideSave(Answer{}, Answer{Version: 0}); got != saveNoop {
		t.Errorf("an empty save on no answer writes nothing: %v", got)
	}
	withValue := Answer{Result: checklist.Minor, Value: f64(91.5), Version: 4}
	if got := decideSave(withValue, Answer{Result: checklist.Minor, Value: f64(91.5), Version: 3}); got != saveNoop {
		t.Errorf("values compared by number: %v", got)
	}
}

func TestAnswerInputNormalize(t *testing.T) {
	tests := []struct {
		name  string
		in    AnswerInput
		field string
	}{
		{"unknown result", AnswerInput{Result: "good", Version: i64(0)}, "result"},
		{"note too long", AnswerInput{Note: strings.Repeat("ă", MaxNote+1), Version: i64(0)}, "note"},
		{"control characters", AnswerInput{Note: "a\x00b", Version: i64(0)}, "note"},
		{"reason too long", AnswerInput{Reason: strings.Repeat("x", MaxReason+1), Version: i64(0)}, "reason"},
		{"no version", AnswerInput{Result: "conform"}, "version"},
		{"negative version", AnswerInput{Result: "conform", Version: i64(-1)}, "version"},
	}
	for _, tt := range tests {
		_, err := tt.in.Normalize()
		if e := apperr.As(err); e.Kind != apperr.Invalid || e.Fields[tt.field].Key == "" {
			t.Errorf("%s: %v, want a problem with %s", tt.name, err, tt.field)
		}
	}
	in := AnswerInput{Result: " minor ", Note: "  Thiếu\r\nsổ  ", Version: i64(2)}
	a, err := in.Normalize()
	if err != nil || a.Result != checklist.Minor || a.Note != "Thiếu\nsổ" || a.Version != 2 {
		t.Errorf("normalised %+v, %v", a, err)
	}
	if _, err := (&AnswerInput{Note: strings.Repeat("ă", MaxNote), Version: i64(0)}).Normalize(); err != nil {
		t.Errorf("a note of exactly %d characters: %v", MaxNote, err)
	}
}

func TestSuggestionAndOverride(t *testing.T) {
	it := checklist.Item{Code: "T09", Kind: checklist.KindMeasure, Target: ">=98"}
	tests := []struct {
		a        Answer
		suggest  checklist.Result
		override bool
	}{
		{Answer{Value: f64(99), Result: checklist.Conform}, checklist.Conform, false},
		{Answer{Value: f64(95), Result: checklist.Minor}, checklist.Minor, false},
		{Answer{Value: f64(95), Result: checklist.Major}, checklist.Minor, true},
		{Answer{Value: f64(95), Result: checklist.Conform}, checklist.Minor, true},
		{Answer{Value: f64(95), Result: checklist.NA}, checklist.Minor, false},
		{Answer{Value: f64(95)}, checklist.Minor, false},
		{Answer{Result: checklist.Conform}, "", false},
	}
	for _, tt := range tests {
		if got := Suggested(it, tt.a); got != tt.suggest {
			t.Errorf("%+v: suggested %q, want %q", tt.a, got, tt.suggest)
		}
		if got := Overrides(it, tt.a); got != tt.override {
			t.Errorf("%+v: override %v, want %v", tt.a, got, tt.override)
		}
	}
}

func TestSubmitProblemsAndFindings(t *testing.T) {
	v := &checklist.Version{Items: []checklist.Item{
		{Code: "C01", Clause: "4.1", Kind: checklist.KindCheck, TextVI: "Có xác định bối cảnh không?"},
		{Code: "C02", Clause: "4.2", Kind: checklist.KindCheck, TextVI: "Có xác định các bên quan tâm không?"},
		{Code: "C03", Clause: "8.3", Kind: checklist.KindCheck, TextVI: "Thiết kế?"},
		{Code: "T09", Clause: "9.1.1/6.2", Kind: checklist.KindMeasure, TextVI: "Tỷ lệ đúng hạn?", Target: ">=98"},
		{Code: "C04", Clause: "4.3", Kind: checklist.KindCheck, TextVI: "Phạm vi?"},
		{Code: "C05", Clause: "5.1", Kind: checklist.KindCheck, TextVI: "Lãnh đạo?"},
	}, NotApplicable: map[string]string{}}
	answers := map[string]Answer{
		"C01": {Result: checklist.Minor},
		"C03": {Result: checklist.NA},
		"T09": {Result: checklist.Conform, Value: f64(90)},
		"C04": {Result: checklist.Observation, Note: "Phạm vi chưa cập nhật sau sáp nhập"},
		"C05": {Result: checklist.Major, Note: "Không có quyết định phân công"},
	}
	f := SubmitProblems(NewSheet(v, nil, answers, nil))
	want := map[string]string{"C01": "submit.evidence", "C02": "submit.unanswered", "C03": "submit.na_reason", "T09": "submit.override_reason"}
	if len(f) != len(want) {
		t.Errorf("problems %v, want %v", f, want)
	}
	for code, key := range want {
		if f[code].Key != key {
			t.Errorf("%s: %q, want %q", code, f[code].Key, key)
		}
	}
	answers["C01"] = Answer{Result: checklist.Minor, Note: "Chưa rà soát"}
	answers["C02"] = Answer{Result: checklist.Improvement, Note: "Nên khảo sát người dân"}
	answers["C03"] = Answer{Result: checklist.NA, Note: "Loại trừ 8.3"}
	answers["T09"] = Answer{Result: checklist.Minor, Value: f64(90), Note: "90% đúng hạn"}
	s := NewSheet(v, nil, answers, nil)
	if f := SubmitProblems(s); len(f) != 0 {
		t.Fatalf("still %v", f)
	}
	fs := FindingsOf(s)
	if len(fs) != 5 {
		t.Fatalf("%d findings: %+v", len(fs), fs)
	}
	if fs[0].ItemID != "C01" || fs[0].Grade != "minor" || fs[0].Statement != "Có xác định bối cảnh không?\nChưa rà soát" || fs[0].Evidence != "Chưa rà soát" {
		t.Errorf("first finding %+v", fs[0])
	}
	if fs[3].ItemID != "T09" || fs[3].Clause != "9.1.1" {
		t.Errorf("a finding is grouped by the item's first clause, in the sheet's order: %+v", fs[3])
	}
	ncs := 0
	for _, f := range fs {
		if f.IsNonconformity() {
			ncs++
		}
	}
	if ncs != 3 {
		t.Errorf("%d nonconformities, want 3 (C01, T09, C05)", ncs)
	}
	if s.Answered != 6 || s.Total != 6 || len(s.Sections) != 4 || s.Sections[0].Clause.Code != "4" || len(s.Sections[0].Groups) != 3 {
		t.Errorf("sheet %d/%d, %d sections", s.Answered, s.Total, len(s.Sections))
	}
}
