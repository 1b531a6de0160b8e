package i18n

import "testing"

func TestPeriodsReadAsPeopleWriteThem(t *testing.T) {
	c := MustLoad()
	for _, tc := range []struct{ in, vi, en string }{
		{"2026-Q1", "Quý I/2026", "Q1 2026"},
		{"2025-Q4", "Quý IV/2025", "Q4 2025"},
		{"2026-09", "Tháng 09/2026", "09/2026"},
		{"2026", "2026", "2026"},
		{"quý 3", "quý 3", "quý 3"},
	} {
		if got := c.Period(VI, tc.in); got != tc.vi {
			t.Errorf("Period(vi, %q) = %q, want %q", tc.in, got, tc.vi)
		}
		if got := c.Period(EN, tc.in); got != tc.en {
			t.Errorf("Period(en, %q) = %q, want %q", tc.in, got, tc.en)
		}
	}
}

func TestEveryStatusHasItsOneWord(t *testing.T) {
	c := MustLoad()
	if got := c.Status(VI, StatusNC, "verified"); got != "Đã kiểm tra xác nhận" {
		t.Errorf("verified reads %q", got)
	}
	if got := c.Status(VI, StatusAudit, "submitted"); got != "Đã nộp kết quả" {
		t.Errorf("submitted reads %q", got)
	}
	if got := c.Status(VI, StatusAudit, "no_such"); got != "no_such" {
		t.Errorf("an unknown status reads %q", got)
	}
}
