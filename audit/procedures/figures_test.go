package procedures_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/crossaudit/crossaudit/audit/procedures"
	"github.com/crossaudit/crossaudit/internal/webtest"
)

func TestRates(t *testing.T) {
	for _, tc := range []struct {
		f              procedures.Figures
		onTime, parity procedures.Rate
	}{
		{procedures.Figures{Received: 100, OnTime: 98, Late: 2, Paper: 50, Electronic: 50},
			procedures.Rate{Pct: 98, Known: true}, procedures.Rate{Pct: 100, Known: true}},
		{procedures.Figures{Received: 100, OnTime: 97, Late: 3, Paper: 40, Electronic: 36},
			procedures.Rate{Pct: 97, Known: true, Below: true}, procedures.Rate{Pct: 90, Known: true, Below: true}},
		{procedures.Figures{Received: 5}, procedures.Rate{}, procedures.Rate{}},
	} {
		v := tc.f.View(procedures.DefaultTarget)
		if v.OnTimeRate != tc.onTime || v.Parity != tc.parity {
			t.Errorf("%+v: on time %+v parity %+v, want %+v %+v", tc.f, v.OnTimeRate, v.Parity, tc.onTime, tc.parity)
		}
	}
	for p, ok := range map[string]bool{"2025": true, "2025-Q3": true, "2025-09": true, "2025-13": false, "Q3/2025": false, "2025-Q5": false, "": false} {
		if procedures.ValidPeriod(p) != ok {
			t.Errorf("ValidPeriod(%q) != %v", p, ok)
		}
	}
}

// TestFiguresEnteredAndImported enters figures through the API and the
// form, imports a file, moves the target, and checks what is flagged.
func TestFiguresEnteredAndImported(t *testing.T) {
	e := newEnv(t)
	resp, body := e.office.Do(http.MethodPost, "/api/v1/procedures/figures",
		map[string]any{"unit": "A", "period": "2025", "received": 100, "on_time": 95, "late": 6, "paper": 10, "electronic": 11})
	eb := webtest.DecodeError(t, body)
	if resp.StatusCode != 422 || eb.Error.Fields["late"] == nil || eb.Error.Fields["electronic"] == nil {
		t.Errorf("inconsistent figures: %d %v", resp.StatusCode, eb.Error.Fields)
	}
	resp, body = e.office.Do(http.MethodPost, "/api/v1/procedures/figures",
		map[string]any{"unit": "ZZ", "period": "2025-Q5", "received": 1})
	eb = webtest.DecodeError(t, body)
	if resp.StatusCode != 422 || eb.Error.Fields["period"] == nil {
		t.Errorf("bad period: %d %v", resp.StatusCode, eb.Error.Fields)
	}
	resp, body = e.office.Do(http.MethodPost, "/api/v1/procedures/figures",
		map[string]any{"unit": "A", "period": "2025", "received": 100, "on_time": 96, "late": 3, "paper": 40, "electronic": 40})
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("%d %s", resp.StatusCode, body)
	}
	upload(t, e.office, "/api/v1/procedures/figures/import", "so-lieu.csv",
		[]byte("unit,period,received,on_time,late,paper,electronic\nA,2025-Q3,\"1.200\",1190,10,600,600\nB,2025-09,50,50,0,30,24\n"))
	e.office.Page("/procedures/figures")
	resp, body = e.office.Form("/procedures/figures", url.Values{"unit": {"C"}, "period": {"2025"}, "received": {"10"}, "on_time": {"10"}, "late": {"0"}, "paper": {"4"}, "electronic": {"4"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("form: %d %s", resp.StatusCode, body)
	}
	// Of A's periods the year 2025 ends last (December, after Q3), so it is
	// the latest.
	a := unitGaps(t, e.office, "A")
	if a.Figures == nil || a.Figures.Period != "2025" || !a.Figures.OnTimeRate.Below || a.Figures.Parity.Below {
		t.Errorf("A's latest figures: %+v", a.Figures)
	}
	b := unitGaps(t, e.office, "B")
	if b.Figures == nil || b.Figures.OnTimeRate.Below || !b.Figures.Parity.Below {
		t.Errorf("B's figures: %+v", b.Figures)
	}
	_, page := e.office.Page("/procedures/units/B")
	if !strings.Contains(page, "80,0 %") || !strings.Contains(page, "dưới chỉ tiêu") {
		t.Errorf("B's page does not show 80,0 %% below the target")
	}
	// Lower the target to 95: A is no longer below on time (96.9 %).
	resp, _ = e.office.Form("/procedures/target", url.Values{"target": {"95"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("target: %d", resp.StatusCode)
	}
	if a := unitGaps(t, e.office, "A"); a.Figures.OnTimeRate.Below {
		t.Errorf("A at the 95 %% target: %+v", a.Figures.OnTimeRate)
	}
	resp, body = e.office.Form("/procedures/target", url.Values{"target": {"120"}})
	if resp.StatusCode != 422 || !strings.Contains(string(body), "Chỉ tiêu phải là số lớn hơn 0 và không quá 100.") {
		t.Errorf("target 120: %d", resp.StatusCode)
	}
	resp, body = e.office.Do(http.MethodGet, "/api/v1/procedures/figures?unit=A", nil)
	var out struct {
		Target float64
		Items  []procedures.FigureView
	}
	if err := json.Unmarshal(body, &out); err != nil || resp.StatusCode != 200 || out.Target != 95 || len(out.Items) != 2 || out.Items[0].Period != "2025" {
		t.Errorf("figures of A: %d %s", resp.StatusCode, body)
	}
}
