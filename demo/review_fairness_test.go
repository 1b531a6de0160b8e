package demo_test

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/crossaudit/crossaudit/internal/db"
	"github.com/crossaudit/crossaudit/internal/i18n"
	"github.com/crossaudit/crossaudit/internal/pdftest"
	"github.com/crossaudit/crossaudit/internal/web"
	"github.com/crossaudit/crossaudit/internal/webtest"
	"github.com/crossaudit/crossaudit/reports/dashboard"
)

// TestDemoReviewPackCarriesTheFairnessCaveat opens Liên Nghĩa's
// management-review pack as the office does: this year's result came from
// Hiệp An's audit, half of the lenient pair, so the score and its change
// since last year say so next to the figures, on the page and in the PDF,
// naming the round and the auditing unit; the round's row is marked. A
// unit audited by fair teams only reads no caveat.
func TestDemoReviewPackCarriesTheFairnessCaveat(t *testing.T) {
	d, _ := loaded(t)
	year := time.Now().In(i18n.Zone).Year()
	in, err := (&dashboard.Store{DB: d}).LoadReview(context.Background(), "24958", year)
	if err != nil {
		t.Fatal(err)
	}
	r := dashboard.BuildReview(in)
	if r.Trend == nil || len(r.TrendCaveat()) == 0 {
		t.Fatalf("Liên Nghĩa's pack: trend %v, flagged %+v; want this year's result flagged", r.Trend, r.Flagged)
	}
	delta := strings.Replace(fmt.Sprintf("%+.1f", *r.Trend), ".", ",", 1)
	audit := fmt.Sprintf("năm %d, vòng 1 do Xã Hiệp An đánh giá", year)
	wantTrend := "Lưu ý: mức thay đổi " + delta + " điểm phần trăm dựa trên kết quả mà phân tích tính khách quan đánh dấu là dễ dãi (" + audit + ")"
	wantScore := "Lưu ý: tỷ lệ này gồm kết quả mà phân tích tính khách quan đánh dấu là dễ dãi (" + audit + ")"

	a := webtest.NewOn(t, d, func(s *web.Server, r *web.Router, d *db.DB) { dashboard.Mount(s, r, &dashboard.Store{DB: d}) })
	office := a.Login("office", "crossaudit-demo")
	status, body := office.Page("/dashboard/units/24958/review")
	if status != http.StatusOK {
		t.Fatalf("the pack's page: %d", status)
	}
	body = html.UnescapeString(body) // "+14,2" is written &#43;14,2
	trendLine := between(body, `id="rv-trend-line"`, "</p>")
	if !strings.Contains(trendLine, delta+" điểm phần trăm.") || !strings.Contains(trendLine, `id="rv-trend-caveat"`) || !strings.Contains(trendLine, wantTrend) {
		t.Errorf("the page's change since last year lacks its caveat next to it: %q", trendLine)
	}
	if line := between(body, `id="rv-score-line"`, "</p>"); !strings.Contains(line, wantScore) {
		t.Errorf("the page's score lacks its caveat: %q", line)
	}
	if !strings.Contains(body, `data-flag="lenient_auditor">Kết quả từ cuộc đánh giá bị đánh dấu dễ dãi`) || !strings.Contains(body, `id="rv-flag-legend"`) {
		t.Error("the page's round table does not mark this year's round")
	}

	resp, pdf := office.Do(http.MethodGet, "/dashboard/units/24958/review.pdf", nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("the PDF: %d", resp.StatusCode)
	}
	text := pdftest.Text(t, pdf)
	for _, want := range []string{"So với năm trước", wantTrend, wantScore, "(đánh giá bị đánh dấu dễ dãi)", "cơ quan chủ trì nên kiểm tra lại"} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF lacks %q", want)
		}
	}
	if i, j := strings.Index(text, "So với năm trước"), strings.Index(text, wantTrend); i < 0 || j < i || j-i > 120 {
		t.Errorf("the PDF's caveat does not follow the change it qualifies (at %d and %d)", i, j)
	}
	en, err := dashboard.ReviewPDF(i18n.MustLoad(), i18n.EN, r)
	if err != nil {
		t.Fatal(err)
	}
	if text := pdftest.Text(t, en); !strings.Contains(text, fmt.Sprintf("rests on results the fairness analysis flags as lenient (round 1 of %d, audited by Xã Hiệp An)", year)) {
		t.Error("the English PDF lacks the caveat")
	}

	// A unit that neither audit of the pair touched: no caveat.
	var fair string
	if err := d.R.QueryRow(`SELECT code FROM units WHERE code NOT IN ('24958', '24961') AND retired_at IS NULL AND NOT EXISTS (
		SELECT 1 FROM audits a JOIN units au ON au.id = a.auditor_unit_id WHERE a.auditee_unit_id = units.id AND au.code IN ('24958', '24961'))
		ORDER BY code LIMIT 1`).Scan(&fair); err != nil {
		t.Fatal(err)
	}
	if _, body := office.Page("/dashboard/units/" + fair + "/review"); strings.Contains(body, "fairness-caveat") || strings.Contains(body, "rv-flag-legend") {
		t.Errorf("the pack of %s, audited by fair teams only, carries the caveat", fair)
	}
}

// between is the part of s from the first from to the next to.
func between(s, from, to string) string {
	i := strings.Index(s, from)
	if i < 0 {
		return ""
	}
	s = s[i:]
	if j := strings.Index(s, to); j >= 0 {
		return s[:j]
	}
	return s
}
