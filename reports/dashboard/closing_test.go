package dashboard_test

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"net/http"
	"testing"

	"github.com/crossaudit/crossaudit/internal/webtest"
)

// "Closed on time" goes by the day the workflow recorded the closing
// (findings.closed_at), not by the nonconformity's last change: one closed
// before its plan's due date but changed afterwards counts as on time, and
// one closed after its due date counts as late however early its last change.
func TestClosedOnTimeGoesByTheClosingDate(t *testing.T) {
	a := newApp(t)
	w := world{units: 4, years: []int{2026}, rounds: 1, nc: func(_, _, _, _ int) int { return 2 }}
	ids := w.build(t, a)
	users(a)
	var timely, late int64
	rows, err := a.DB.R.Query(`SELECT id FROM findings WHERE status = 'closed' ORDER BY id LIMIT 2`)
	if err != nil {
		t.Fatal(err)
	}
	for _, dst := range []*int64{&timely, &late} {
		if !rows.Next() {
			t.Fatal("the world has fewer than two closed nonconformities")
		}
		if err := rows.Scan(dst); err != nil {
			t.Fatal(err)
		}
	}
	rows.Close()
	// Closed on 20 February (before the 1 March due date), then edited
	// (its last change) in May.
	if _, err := a.DB.W.Exec(`UPDATE findings SET plan_due = '2026-03-01', closed_at = '2026-02-20T03:00:00Z',
		updated_at = '2026-05-04T03:00:00Z' WHERE id = ?`, timely); err != nil {
		t.Fatal(err)
	}
	// Closed on 10 March, after the due date, though its last recorded change
	// is earlier than the due date.
	if _, err := a.DB.W.Exec(`UPDATE findings SET plan_due = '2026-03-01', closed_at = '2026-03-10T03:00:00Z',
		updated_at = '2026-02-01T03:00:00Z' WHERE id = ?`, late); err != nil {
		t.Fatal(err)
	}
	// Every other closed one was closed after its due date.
	if _, err := a.DB.W.Exec(`UPDATE findings SET plan_due = '2026-01-15', closed_at = '2026-04-01T03:00:00Z'
		WHERE status = 'closed' AND id NOT IN (?, ?)`, timely, late); err != nil {
		t.Fatal(err)
	}
	var d struct {
		Corrective struct {
			Closed       int      `json:"closed"`
			ClosedOnTime int      `json:"closed_on_time"`
			OnTimeRate   *float64 `json:"on_time_rate"`
		} `json:"corrective_actions"`
	}
	getJSON(t, a.Token("office", webtest.Password), fmt.Sprintf("/api/v1/dashboard?programme=%d", ids[2026]), 200, &d)
	if d.Corrective.Closed != 4 || d.Corrective.ClosedOnTime != 1 || d.Corrective.OnTimeRate == nil || *d.Corrective.OnTimeRate != 25 {
		t.Errorf("corrective actions %+v, want 4 closed of which 1 on time (25%%)", d.Corrective)
	}
	// The export says the same, with the closing day.
	resp, body := a.Login("office", webtest.Password).Do(http.MethodGet,
		fmt.Sprintf("/dashboard/export/actions?programme=%d&format=csv", ids[2026]), nil)
	if resp.StatusCode != 200 {
		t.Fatalf("export: %d", resp.StatusCode)
	}
	records, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(body, []byte("\xEF\xBB\xBF")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][2]string{fmt.Sprint(timely): {"Có", "20/02/2026"}, fmt.Sprint(late): {"Không", "10/03/2026"}}
	col := map[string]int{}
	for i, h := range records[0] {
		col[h] = i
	}
	onTime, closedOn := col["Đóng đúng hạn"], col["Ngày đóng"]
	if onTime == 0 || closedOn == 0 {
		t.Fatalf("the export's header lacks Đóng đúng hạn or Ngày đóng: %v", records[0])
	}
	for _, r := range records[1:] {
		if w, ok := want[r[0]]; ok {
			if r[onTime] != w[0] || r[closedOn] != w[1] {
				t.Errorf("nonconformity %s exported as closed on time %s on %s, want %s on %s", r[0], r[onTime], r[closedOn], w[0], w[1])
			}
			delete(want, r[0])
		}
	}
	if len(want) != 0 {
		t.Errorf("not exported: %v", want)
	}
}
