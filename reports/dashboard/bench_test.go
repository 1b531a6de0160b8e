package dashboard_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/crossaudit/crossaudit/audit/procedures"
	"github.com/crossaudit/crossaudit/internal/webtest"
)

// BenchmarkDashboard renders the dashboard page (and the API) for 300
// units and 5 rounds (1,500 audits, 88,500 answers), each unit with three
// quarters of dossier figures. Target: < 300 ms.
func BenchmarkDashboard(b *testing.B) {
	a := newApp(b)
	w := world{units: 300, years: []int{2026}, rounds: 5, nc: func(_, r, auditor, auditee int) int { return 2 + (auditor*7+auditee*3+r)%6 }}
	ids := w.build(b, a)
	var figures strings.Builder
	figures.WriteString("unit,period,received,on_time,late,paper,electronic\n")
	for i := range w.units {
		for q := 1; q <= 3; q++ {
			fmt.Fprintf(&figures, "%s,2026-Q%d,%d,%d,%d,%d,%d\n", code(i), q, 400+i, 390+i-i%7, i%7, 200, 200-i%5)
		}
	}
	if _, err := (&procedures.Store{DB: a.DB}).ImportFigures(context.Background(), "figures.csv", []byte(figures.String())); err != nil {
		b.Fatal(err)
	}
	a.User("office", "office", "")
	c := a.Login("office", webtest.Password)
	for _, path := range []string{fmt.Sprintf("/dashboard?programme=%d", ids[2026]), fmt.Sprintf("/api/v1/dashboard?programme=%d", ids[2026])} {
		b.Run(path[:10], func(b *testing.B) {
			for b.Loop() {
				if resp, body := c.Do(http.MethodGet, path, nil); resp.StatusCode != 200 {
					b.Fatalf("%d %s", resp.StatusCode, body[:min(len(body), 300)])
				}
			}
		})
	}
}
