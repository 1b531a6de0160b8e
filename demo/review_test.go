package demo_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/crossaudit/crossaudit/internal/i18n"
	"github.com/crossaudit/crossaudit/internal/pdftest"
	"github.com/crossaudit/crossaudit/reports/dashboard"
)

// TestDemoReviewPack checks that a demo unit's management-review pack is
// populated at first sign-in: the unit's Vietnamese name, its results of
// last year and this year, and its nonconformities still open; the PDF
// says the same.
func TestDemoReviewPack(t *testing.T) {
	d, _ := loaded(t)
	ctx := context.Background()
	year := time.Now().In(i18n.Zone).Year()
	// A unit audited this year, its report submitted, with follow-up open.
	var code, name string
	err := d.R.QueryRow(`SELECT bu.code, bu.name FROM findings f JOIN audits a ON a.id = f.audit_id JOIN rounds r ON r.id = a.round_id
		JOIN programmes p ON p.id = r.programme_id JOIN units bu ON bu.id = a.auditee_unit_id
		WHERE p.year = ? AND a.status IN ('submitted', 'issued') AND f.grade IN ('minor', 'major') AND f.status <> 'closed'
		ORDER BY bu.code LIMIT 1`, year).Scan(&code, &name)
	if err != nil {
		t.Fatalf("no unit of this year with open nonconformities: %v", err)
	}
	store := &dashboard.Store{DB: d}
	years, err := store.ReviewYears(ctx)
	if err != nil || len(years) == 0 || years[0] != year {
		t.Fatalf("review years %v (%v), want %d first: the page's default", years, err, year)
	}
	in, err := store.LoadReview(ctx, code, year)
	if err != nil {
		t.Fatal(err)
	}
	r := dashboard.BuildReview(in)
	if r.Name != name || !strings.ContainsAny(r.Name, "ăâđêôơưàáạảãằắặẳẵầấậẩẫèéẹẻẽềếệểễìíịỉĩòóọỏõồốộổỗờớợởỡùúụủũừứựửữỳýỵỷỹ") {
		t.Errorf("the pack names the unit %q, want its Vietnamese name %q", r.Name, name)
	}
	seen := map[int]bool{}
	for _, p := range r.Rounds {
		if p.Score != nil {
			seen[p.Year] = true
		}
	}
	if !seen[year-1] || !seen[year] || r.Score == nil || r.Previous == nil || r.Trend == nil {
		t.Errorf("%s: results by year %v, score %v, previous %v: want both years and the trend", code, seen, r.Score, r.Previous)
	}
	if r.Tally.Total == 0 || r.Tally.Open+r.Tally.Overdue == 0 {
		t.Errorf("%s: tally %+v, want open nonconformities", code, r.Tally)
	}
	b, err := dashboard.ReviewPDF(i18n.MustLoad(), i18n.VI, r)
	if err != nil {
		t.Fatal(err)
	}
	text := pdftest.Text(t, b)
	// The unit issues its own pack: its letterhead, its place, its chairman.
	var chairman string
	if err := d.R.QueryRow(`SELECT chairman FROM units WHERE code = ?`, code).Scan(&chairman); err != nil || chairman == "" {
		t.Fatalf("the demo unit %s has no chairman (%v)", code, err)
	}
	place := strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(name, "Xã"), "Thị trấn"))
	for _, want := range []string{"UBND " + strings.ToUpper(name), place + ", ngày", "TM. ỦY BAN NHÂN DÂN", chairman,
		name + " (" + code + ")", fmt.Sprintf("Năm %d, vòng 1", year-1),
		fmt.Sprintf("Năm %d, vòng 1", year), fmt.Sprintf("%d điểm không phù hợp (", r.Tally.Total), openLabel(r.Tally)} {
		if !strings.Contains(text, want) {
			t.Errorf("the pack of %s lacks %q", code, want)
		}
	}
}

// openLabel is how the pack marks the first kind of open follow-up the
// unit has: open, or overdue.
func openLabel(t dashboard.ReviewTally) string {
	if t.Open > 0 {
		return "Đang mở"
	}
	return "Quá hạn"
}
