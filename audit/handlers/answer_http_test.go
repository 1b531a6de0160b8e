package handlers_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/crossaudit/crossaudit/audit"
	"github.com/crossaudit/crossaudit/internal/webtest"
)

// conflictBody is a 409 with the stored answer.
type conflictBody struct {
	Error struct {
		Code    string `json:"code"`
		Current struct {
			Result    string   `json:"result"`
			Note      string   `json:"note"`
			Value     *float64 `json:"value"`
			Version   int64    `json:"version"`
			UpdatedBy string   `json:"updated_by"`
			UpdatedAt string   `json:"updated_at"`
		} `json:"current"`
		Allowed []string `json:"allowed"`
	} `json:"error"`
}

func TestAnswersVersionsAndConflicts(t *testing.T) {
	e := newConductEnv(t)
	if got := e.status(t); got != audit.StatusPlanned {
		t.Fatalf("status %s", got)
	}
	status, body := e.put(e.lead, "C01", map[string]any{"result": "conform", "note": "Có văn bản xác định bối cảnh", "version": 0})
	if status != http.StatusOK || version(t, body) != 1 {
		t.Fatalf("first answer: %d %s", status, body)
	}
	if got := e.status(t); got != audit.StatusInProgress {
		t.Errorf("the first answer leaves the audit %s, want in_progress", got)
	}
	if n := e.count(t, `SELECT COUNT(*) FROM events WHERE entity = 'audit' AND entity_id = ? AND action = 'start'`, e.auditID); n != 1 {
		t.Errorf("%d start events, want 1", n)
	}
	// The team mate saves on version 1 first; the lead's save on version 1
	// is then stale and gets the stored answer back.
	status, body = e.put(e.member, "C01", map[string]any{"result": "minor", "note": "Văn bản đã cũ, chưa xem xét lại", "version": 1})
	if status != http.StatusOK || version(t, body) != 2 {
		t.Fatalf("team mate's save: %d %s", status, body)
	}
	status, body = e.put(e.lead, "C01", map[string]any{"result": "observation", "note": "Nên rà soát định kỳ", "version": 1})
	var c conflictBody
	mustDecode(t, body, &c)
	if status != http.StatusConflict || c.Error.Code != "answer_conflict" || c.Error.Current.Result != "minor" ||
		c.Error.Current.Version != 2 || c.Error.Current.UpdatedBy != "auditor2.A" || c.Error.Current.UpdatedAt == "" ||
		c.Error.Current.Note != "Văn bản đã cũ, chưa xem xét lại" {
		t.Fatalf("stale save: %d %s", status, body)
	}
	// Keep mine: resend based on the current version.
	status, body = e.put(e.lead, "C01", map[string]any{"result": "observation", "note": "Nên rà soát định kỳ", "version": 2})
	if status != http.StatusOK || version(t, body) != 3 {
		t.Fatalf("keep mine: %d %s", status, body)
	}
	// Every version is in the trail, the replaced one too.
	if n := e.count(t, `SELECT COUNT(*) FROM events WHERE action = 'answer' AND summary LIKE '%Văn bản đã cũ%'`); n != 1 {
		t.Errorf("the replaced answer is not in the trail (%d)", n)
	}
	v := e.items(t)
	if a := v[0].Answer; v[0].ItemID != "C01" || a == nil || a.Result != "observation" || a.Version != 3 || a.UpdatedBy != "auditor.A" {
		t.Errorf("stored %+v", v[0].Answer)
	}
}

func TestAnswerReplayIsIdempotent(t *testing.T) {
	e := newConductEnv(t)
	save := map[string]any{"result": "minor", "note": "Sổ Mẫu 06 ghi thiếu 3 hồ sơ", "version": 0}
	status, body := e.put(e.lead, "C24", save)
	if status != http.StatusOK || version(t, body) != 1 {
		t.Fatalf("save: %d %s", status, body)
	}
	// The response was lost; the queue sends the same save again.
	for range 3 {
		status, body = e.put(e.lead, "C24", save)
		if status != http.StatusOK || version(t, body) != 1 {
			t.Fatalf("replay: %d %s, want 200 with version 1", status, body)
		}
	}
	// A replay of an older save after a newer one is a conflict, not an
	// overwrite.
	status, _ = e.put(e.lead, "C24", map[string]any{"result": "minor", "note": "Sổ Mẫu 06 ghi thiếu 3 hồ sơ (đã đối chiếu)", "version": 1})
	if status != http.StatusOK {
		t.Fatalf("second save: %d", status)
	}
	status, body = e.put(e.lead, "C24", save)
	if status != http.StatusConflict {
		t.Errorf("an outdated replay: %d %s, want 409", status, body)
	}
	if n := e.count(t, `SELECT COUNT(*) FROM events WHERE action = 'answer'`); n != 2 {
		t.Errorf("%d answer events, want 2: replays write nothing", n)
	}
	// An empty save on an unanswered item writes nothing either.
	status, body = e.put(e.lead, "C25", map[string]any{"result": "", "note": "", "version": 0})
	if status != http.StatusOK || version(t, body) != 0 || e.count(t, `SELECT COUNT(*) FROM answers WHERE item_code = 'C25'`) != 0 {
		t.Errorf("empty save: %d %s", status, body)
	}
}

func TestAnswerMeasureSuggestsFromTheTarget(t *testing.T) {
	e := newConductEnv(t)
	status, body := e.put(e.lead, "T09", map[string]any{"value": 95.5, "note": "Theo phần mềm một cửa", "version": 0})
	var out struct {
		Version   int64
		Suggested string
		Override  bool
	}
	mustDecode(t, body, &out)
	if status != http.StatusOK || out.Suggested != "minor" || out.Override {
		t.Fatalf("value below >=98: %d %s", status, body)
	}
	status, body = e.put(e.lead, "T09", map[string]any{"value": 95.5, "result": "major", "note": "Theo phần mềm một cửa", "version": 1})
	mustDecode(t, body, &out)
	if status != http.StatusOK || !out.Override {
		t.Errorf("major against a suggested minor is an override: %s", body)
	}
}

func TestAnswerBadInput(t *testing.T) {
	e := newConductEnv(t)
	tests := []struct {
		name   string
		item   string
		body   any
		status int
		field  string
	}{
		{"unknown result", "C01", map[string]any{"result": "excellent", "version": 0}, 422, "result"},
		{"note over 5,000 characters", "C01", map[string]any{"result": "conform", "note": strings.Repeat("ư", 5001), "version": 0}, 422, "note"},
		{"version not a number", "C01", map[string]any{"result": "conform", "version": "one"}, 422, "version"},
		{"version not an integer", "C01", map[string]any{"result": "conform", "version": 1.5}, 422, "version"},
		{"no version", "C01", map[string]any{"result": "conform"}, 422, "version"},
		{"value not a number", "T09", map[string]any{"result": "conform", "value": "98%", "version": 0}, 422, "value"},
		{"an item not in the audit", "Z99", map[string]any{"result": "conform", "version": 0}, 404, ""},
		{"malformed JSON", "C01", []byte(`{"result":`), 400, ""},
	}
	for _, tt := range tests {
		resp, body := e.lead.Do(http.MethodPut, e.path("/answers/"+tt.item), tt.body)
		if resp.StatusCode != tt.status {
			t.Errorf("%s: %d %s, want %d", tt.name, resp.StatusCode, body, tt.status)
			continue
		}
		eb := webtest.DecodeError(t, body)
		if tt.field != "" && eb.Error.Fields[tt.field] == nil {
			t.Errorf("%s: %s does not name %s", tt.name, body, tt.field)
		}
	}
	if n := e.count(t, `SELECT COUNT(*) FROM answers`) + e.count(t, `SELECT COUNT(*) FROM events WHERE action = 'answer'`); n != 0 {
		t.Errorf("bad input left %d rows", n)
	}
	if got := e.status(t); got != audit.StatusPlanned {
		t.Errorf("bad input started the audit: %s", got)
	}
	resp, body := e.lead.Do(http.MethodPut, e.path("/answers/C01"), map[string]any{"result": "conform", "note": strings.Repeat("ư", 5000), "version": 0})
	if resp.StatusCode != http.StatusOK {
		t.Errorf("a note of exactly 5,000 characters: %d %s", resp.StatusCode, body)
	}
}

// Two team members save the same answer at the same moment, many times:
// exactly one of each pair wins, the other gets 409 with the winner's
// answer, and what is stored is the winner's.
func TestConcurrentSavesOnOneAnswer(t *testing.T) {
	e := newConductEnv(t)
	clients := []*webtest.Client{e.lead, e.member}
	base := int64(0)
	for round := range 15 {
		type result struct {
			status int
			body   []byte
			note   string
		}
		results := make(chan result, 2)
		start := make(chan struct{})
		for i, c := range clients {
			note := []string{"Trưởng đoàn ghi lần ", "Thành viên ghi lần "}[i] + string(rune('A'+round))
			req := jsonPut(t, c, e.path("/answers/C30"), map[string]any{"result": "minor", "note": note, "version": base})
			go func() {
				<-start
				resp, err := c.HTTP.Do(req)
				if err != nil {
					results <- result{status: 0}
					return
				}
				defer resp.Body.Close()
				b, _ := io.ReadAll(resp.Body)
				results <- result{resp.StatusCode, b, note}
			}()
		}
		close(start)
		a, b := <-results, <-results
		if a.status == http.StatusConflict {
			a, b = b, a
		}
		if a.status != http.StatusOK || b.status != http.StatusConflict {
			t.Fatalf("round %d: %d and %d, want one 200 and one 409", round, a.status, b.status)
		}
		var c conflictBody
		mustDecode(t, b.body, &c)
		if c.Error.Current.Note != a.note || c.Error.Current.Version != base+1 {
			t.Fatalf("round %d: the 409 carries %+v, not the winner's %q", round, c.Error.Current, a.note)
		}
		var stored string
		_ = e.app.DB.R.QueryRow(`SELECT note FROM answers WHERE audit_id = ? AND item_code = 'C30'`, e.auditID).Scan(&stored)
		if stored != a.note {
			t.Fatalf("round %d: stored %q, want the winner's %q", round, stored, a.note)
		}
		base++
	}
}

func jsonPut(t *testing.T, c *webtest.Client, path string, body any) *http.Request {
	t.Helper()
	b, _ := json.Marshal(body)
	req, err := http.NewRequest(http.MethodPut, c.App.HTTP.URL+path, strings.NewReader(string(b)))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+c.Bearer)
	return req
}
