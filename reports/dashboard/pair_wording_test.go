package dashboard_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/crossaudit/crossaudit/internal/webtest"
	"github.com/crossaudit/crossaudit/reports/dashboard"
)

// TestPairLenientWhileUnitsWithinChance: in a district of six units over
// two years, every unit audits all five others each year; U000 and U003
// find nothing in each other and eight nonconformities everywhere else.
// The pair is flagged, while each unit, judged over all ten of its audits,
// stays within chance: the page says in one sentence why both hold, under
// the headline and above the per-unit table. A district where the units are
// flagged themselves reads no such sentence.
func TestPairLenientWhileUnitsWithinChance(t *testing.T) {
	a := newApp(t)
	w := world{units: 6, years: []int{2025, 2026}, rounds: 5, nc: func(_, _, auditor, auditee int) int {
		if auditor+auditee == 3 && auditor*auditee == 0 {
			return 0
		}
		return 8
	}}
	ids := w.build(t, a)
	users(a)
	var d dashboard.Dashboard
	getJSON(t, a.Token("office", webtest.Password), fmt.Sprintf("/api/v1/dashboard?programme=%d", ids[2026]), 200, &d)
	pairs := d.Leniency.FlaggedPairs()
	if len(pairs) != 1 || pairs[0].A != "U000" || pairs[0].B != "U003" {
		t.Fatalf("flagged pairs %+v, want U000 ⇄ U003", pairs)
	}
	for _, code := range []string{"U000", "U003"} {
		if u := d.Leniency.Units[code]; !u.Tested || u.Lenient {
			t.Fatalf("%s: tested %v, lenient %v (z %.2f, threshold %.2f); want within chance", code, u.Tested, u.Lenient, u.Z, d.Leniency.UnitZ)
		}
	}
	for _, lang := range []struct{ lang, want string }{
		{"vi", "Vì sao Xã Đức Thạnh số 0, Xã Đức Thạnh số 3 vẫn ghi “Trong mức ngẫu nhiên” trong bảng theo đơn vị dù cặp bị đánh dấu dễ dãi: cặp chỉ được xét trên các cuộc đánh giá hai đơn vị thực hiện với nhau"},
		{"en", "Why Xã Đức Thạnh số 0, Xã Đức Thạnh số 3 read “Within chance” in the per-unit table although the pair is flagged lenient"},
	} {
		c := a.Login("office", webtest.Password)
		c.Header = http.Header{"Accept-Language": {lang.lang}}
		status, body := c.Page(fmt.Sprintf("/dashboard?programme=%d", ids[2026]))
		if status != 200 {
			t.Fatalf("page: %d", status)
		}
		headline, sentence, table := strings.Index(body, `id="db-flagged-pairs"`), strings.Index(body, `id="db-pair-vs-unit"`), strings.Index(body, `id="db-auditors"`)
		if headline < 0 || sentence < headline || table < sentence {
			t.Errorf("%s: headline at %d, sentence at %d, per-unit table at %d: want the sentence between them", lang.lang, headline, sentence, table)
		}
		if !strings.Contains(body, lang.want) {
			t.Errorf("%s: the page lacks %q", lang.lang, lang.want)
		}
	}

	// Units 2 and 5 find nothing anywhere: flagged themselves, no sentence.
	b := newApp(t)
	ids = world{units: 12, years: []int{2025, 2026}, rounds: 3, nc: func(_, _, auditor, _ int) int {
		if auditor == 2 || auditor == 5 {
			return 0
		}
		return 8
	}}.build(t, b)
	users(b)
	if _, body := b.Login("office", webtest.Password).Page(fmt.Sprintf("/dashboard?programme=%d", ids[2026])); strings.Contains(body, `id="db-pair-vs-unit"`) {
		t.Error("the sentence shows where no unit of a flagged pair reads within chance")
	}
}
