package conduct

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
