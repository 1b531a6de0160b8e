package checklist

import (
	"math"
	"testing"
)

func TestParseTarget(t *testing.T) {
	tests := []struct {
		in, want string
		bad      bool
	}{
		{"", "", false},
		{">=98", ">=98", false},
		{" >= 98 % ", ">=98", false},
		{"≥98", ">=98", false},
		{"≤ 2,5", "<=2.5", false},
		{"<3", "<3", false},
		{">0", ">0", false},
		{"=0", "=0", false},
		{"0", "=0", false},
		{"100%", "=100", false},
		{"=-1.25", "=-1.25", false},
		{"98.50", "=98.5", false},
		{"=>98", "", true},
		{">=", "", true},
		{"at least 98", "", true},
		{">=1e3", "", true},
		{"=in_force", "", true},
		{">=98 <=100", "", true},
	}
	for _, tt := range tests {
		got, err := ParseTarget(tt.in)
		if (err != nil) != tt.bad {
			t.Errorf("ParseTarget(%q) error = %v, want bad=%v", tt.in, err, tt.bad)
			continue
		}
		if got.String() != tt.want {
			t.Errorf("ParseTarget(%q) = %q, want %q", tt.in, got.String(), tt.want)
		}
	}
}

func TestSuggestResult(t *testing.T) {
	measure := func(target string) Item { return Item{Code: "T09", Kind: KindMeasure, Target: target} }
	tests := []struct {
		name  string
		item  Item
		value float64
		want  Result
	}{
		{"on-time rate above target", measure(">=98"), 99.2, Conform},
		{"on-time rate exactly at target", measure(">=98"), 98, Conform},
		{"on-time rate below target", measure(">=98"), 97.9, Minor},
		{"portal gap of zero", measure("=0"), 0, Conform},
		{"portal gap of three", measure("=0"), 3, Minor},
		{"share typed with rounding", measure("=100"), 100.0000000001, Conform},
		{"at most five days", measure("<=5"), 5, Conform},
		{"at most five days, six", measure("<=5"), 6, Minor},
		{"strictly more than zero", measure(">0"), 0, Minor},
		{"strictly less than three", measure("<3"), 2.99, Conform},
		{"decimal comma target", measure("≥ 97,5"), 97.5, Conform},
		{"measure without target", measure(""), 50, ""},
		{"measure with broken target", measure("lots"), 50, ""},
		{"check item", Item{Kind: KindCheck, Target: ">=98"}, 99, ""},
		{"not a number", measure(">=98"), math.NaN(), ""},
		{"infinite", measure("<=5"), math.Inf(-1), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := SuggestResult(tt.item, tt.value); got != tt.want {
				t.Errorf("SuggestResult(%q, %v) = %q, want %q", tt.item.Target, tt.value, got, tt.want)
			}
		})
	}
}
