package dashboard_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/crossaudit/crossaudit/audit/procedures"
	"github.com/crossaudit/crossaudit/internal/webtest"
)

// The dashboard shows each unit's dossier figures for the programme's year
// (issue 13) in its JSON and on its page and the unit's own page: counts,
// the on-time rate and paper/electronic parity, flagged below the
// configurable target; a unit without figures is shown as such.
func TestDashboardShowsDossierFigures(t *testing.T) {
	a := newApp(t)
	ids := fair.build(t, a)
	users(a)
	ctx := context.Background()
	ps := &procedures.Store{DB: a.DB}
	for _, f := range []procedures.Figures{
		{Unit: "U001", Period: "2026", Received: 1000, OnTime: 950, Late: 50, Paper: 600, Electronic: 600},  // late: 95 %
		{Unit: "U002", Period: "2026-Q1", Received: 300, OnTime: 300, Late: 0, Paper: 200, Electronic: 150}, // parity 75 %
		{Unit: "U002", Period: "2026-Q2", Received: 300, OnTime: 300, Late: 0, Paper: 200, Electronic: 200}, // together 87,5 %
		{Unit: "U003", Period: "2026-Q1", Received: 100, OnTime: 99, Late: 1, Paper: 50, Electronic: 50},    // 99 %, 100 %
		{Unit: "U003", Period: "2025", Received: 100, OnTime: 10, Late: 90, Paper: 50, Electronic: 0},       // another year
		{Unit: "U004", Period: "2026-03", Received: 0, OnTime: 0, Late: 0, Paper: 0, Electronic: 0},         // nothing received
	} {
		if err := ps.SaveFigures(ctx, f); err != nil {
			t.Fatal(err)
		}
	}
	type rate struct {
		Pct   float64
		Known bool
		Below bool
	}
	type row struct {
		Unit       string
		HasFigures bool `json:"has_figures"`
		Periods    []string
		Received   int
		OnTime     int `json:"on_time"`
		Late       int
		Paper      int
		Electronic int
		OnTimeRate rate `json:"on_time_rate"`
		Parity     rate
	}
	var d struct {
		Units map[string]struct {
			Dossier *row `json:"dossier_figures"`
		}
		Dossiers struct {
			Year    int
			Target  float64
			Units   []row
			Below   int `json:"below_target"`
			Missing int `json:"without_figures"`
		} `json:"dossier_figures"`
	}
	office := a.Token("office", webtest.Password)
	getJSON(t, office, fmt.Sprintf("/api/v1/dashboard?programme=%d", ids[2026]), 200, &d)
	if d.Dossiers.Year != 2026 || d.Dossiers.Target != 98 || len(d.Dossiers.Units) != 8 || d.Dossiers.Below != 2 || d.Dossiers.Missing != 4 {
		t.Errorf("dossier figures: year %d, target %v, %d units, %d below, %d without", d.Dossiers.Year, d.Dossiers.Target,
			len(d.Dossiers.Units), d.Dossiers.Below, d.Dossiers.Missing)
	}
	u1, u2, u3, u4, u5 := d.Units["U001"].Dossier, d.Units["U002"].Dossier, d.Units["U003"].Dossier, d.Units["U004"].Dossier, d.Units["U005"].Dossier
	if u1 == nil || u2 == nil || u3 == nil || u4 == nil || u5 == nil {
		t.Fatalf("units without their dossier figures: %+v", d.Units)
	}
	if u1.Received != 1000 || u1.OnTimeRate != (rate{95, true, true}) || u1.Parity != (rate{100, true, false}) {
		t.Errorf("U001: %+v", u1)
	}
	if u2.Received != 600 || strings.Join(u2.Periods, " ") != "2026-Q1 2026-Q2" || u2.Paper != 400 || u2.Electronic != 350 ||
		u2.Parity != (rate{87.5, true, true}) || u2.OnTimeRate != (rate{100, true, false}) {
		t.Errorf("U002, two quarters summed: %+v", u2)
	}
	if u3.Received != 100 || u3.OnTimeRate != (rate{99, true, false}) || u3.Parity.Below {
		t.Errorf("U003, 2025 left out: %+v", u3)
	}
	if !u4.HasFigures || u4.OnTimeRate.Known || u4.Parity.Known {
		t.Errorf("U004, nothing received: %+v", u4)
	}
	if u5.HasFigures || u5.OnTimeRate.Known || len(u5.Periods) != 0 {
		t.Errorf("U005, no figures: %+v", u5)
	}
	// Last year's programme takes last year's figures.
	getJSON(t, office, fmt.Sprintf("/api/v1/dashboard?programme=%d", ids[2025]), 200, &d)
	if u3 := d.Units["U003"].Dossier; d.Dossiers.Year != 2025 || u3 == nil || u3.Received != 100 || !u3.OnTimeRate.Below || !u3.Parity.Below || d.Dossiers.Missing != 7 {
		t.Errorf("2025: %+v", d.Dossiers)
	}
	// A target of 90 % unflags U001 and U002.
	if err := ps.SetTarget(ctx, 90); err != nil {
		t.Fatal(err)
	}
	getJSON(t, office, fmt.Sprintf("/api/v1/dashboard?programme=%d", ids[2026]), 200, &d)
	if d.Dossiers.Target != 90 || d.Dossiers.Below != 1 || d.Units["U001"].Dossier.OnTimeRate.Below || !d.Units["U002"].Dossier.Parity.Below {
		t.Errorf("target 90: %+v", d.Dossiers)
	}
	// The page, and each unit's own.
	browser := a.Login("office", webtest.Password)
	status, body := browser.Page(fmt.Sprintf("/dashboard?programme=%d", ids[2026]))
	if status != 200 {
		t.Fatalf("page: %d", status)
	}
	section := body[strings.Index(body, `id="db-dossiers"`):]
	section = section[:strings.Index(section, "</section>")]
	for _, want := range []string{"Số liệu giải quyết hồ sơ", "mục tiêu 90%", "1 đơn vị có tỷ lệ dưới mục tiêu; 4 đơn vị chưa có số liệu.",
		"87,5%", "Dưới mục tiêu", "Quý I/2026, Quý II/2026", "Chưa có số liệu hồ sơ."} {
		if !strings.Contains(section, want) {
			t.Errorf("the page's dossier figures lack %q", want)
		}
	}
	auditee := a.Login("auditee.u001", webtest.Password)
	status, body = auditee.Page("/dashboard/units/U001")
	if status != 200 || !strings.Contains(body, `id="du-dossier-2026"`) || !strings.Contains(body, "95,0%") || strings.Contains(body, "87,5%") {
		t.Errorf("U001's own page: %d, its 2026 figures shown: %v", status, strings.Contains(body, `id="du-dossier-2026"`))
	}
	if status, body = browser.Page("/dashboard/units/U006"); status != 200 || !strings.Contains(body, `id="du-no-figures"`) {
		t.Errorf("a unit without figures: %d", status)
	}
}
