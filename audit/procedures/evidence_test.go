package procedures_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/crossaudit/crossaudit/demo"
	"github.com/crossaudit/crossaudit/demo/demotest"
	"github.com/crossaudit/crossaudit/internal/webtest"
)

// auditOf returns an audit of the demo in a state, with its audited unit
// and its lead's username.
func auditOf(t *testing.T, a *webtest.App, status string) (id, unit, lead string) {
	t.Helper()
	err := a.DB.R.QueryRow(`SELECT CAST(a.id AS TEXT), u.code, usr.username FROM audits a JOIN units u ON u.id = a.auditee_unit_id
		JOIN audit_team t ON t.audit_id = a.id AND t.role = 'lead' JOIN users usr ON usr.id = t.user_id
		WHERE a.status = ? ORDER BY a.id LIMIT 1`, status).Scan(&id, &unit, &lead)
	if err != nil {
		t.Fatalf("no %s audit in the demo: %v", status, err)
	}
	return id, unit, lead
}

type panelJSON struct {
	Unit   string `json:"unit"`
	CanUse bool   `json:"can_use"`
	Items  []struct {
		Item  string `json:"item"`
		Lines []struct {
			Key    string `json:"key"`
			Text   string `json:"text"`
			Flag   bool   `json:"flag"`
			Usable bool   `json:"usable"`
		} `json:"lines"`
	} `json:"items"`
}

type answerJSON struct {
	Items []struct {
		ItemID string `json:"item_id"`
		Answer *struct {
			Result  string `json:"result"`
			Note    string `json:"note"`
			Version int64  `json:"version"`
		} `json:"answer"`
	} `json:"items"`
}

// TestGapAsEvidence runs on the demo: the lead of an audit in progress
// sees the audited unit's gaps and figures beside T01–T06 and T09, and
// raises one as the answer's evidence through the audit's answer path; the
// note grows once, the result stays for the auditor to confirm; the
// audited unit reads the panel but may not use it; a submitted audit takes
// no more evidence.
func TestGapAsEvidence(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the demo")
	}
	a := webtest.NewOn(t, demotest.Open(t), mountConduct)
	id, unit, lead := auditOf(t, a, "in_progress")
	c := a.Login(lead, demo.Password)
	resp, body := c.Do(http.MethodGet, "/api/v1/audits/"+id+"/procedures", nil)
	var p panelJSON
	if err := json.Unmarshal(body, &p); err != nil || resp.StatusCode != 200 {
		t.Fatalf("%d %s", resp.StatusCode, body)
	}
	var items []string
	for _, it := range p.Items {
		items = append(items, it.Item)
	}
	if got := strings.Join(items, " "); got != "T01 T02 T03 T04 T05 T06 T09" || !p.CanUse || p.Unit != unit {
		t.Fatalf("panel of %s: items %q, can use %v, unit %s", id, got, p.CanUse, p.Unit)
	}
	before := answerOf(t, c, id, "T03")
	var line string
	for _, l := range p.Items[2].Lines {
		if l.Key == "missing_on_portal" && l.Usable {
			line = l.Text
		}
	}
	if line == "" {
		t.Fatalf("no usable portal line for T03: %+v", p.Items[2])
	}
	for range 2 { // the second time changes nothing
		resp, body = c.Do(http.MethodPost, "/api/v1/audits/"+id+"/procedure-evidence", map[string]string{"item_id": "T03", "key": "missing_on_portal"})
		if resp.StatusCode != 200 {
			t.Fatalf("use as evidence: %d %s", resp.StatusCode, body)
		}
	}
	after := answerOf(t, c, id, "T03")
	if after.Version != before.Version+1 || after.Result != before.Result || !strings.HasPrefix(after.Note, before.Note) ||
		strings.Count(after.Note, line) != 1 || !strings.Contains(after.Note, "[Đối chiếu TTHC") {
		t.Errorf("T03 before %+v, after %+v; want the line %q added once", before, after, line)
	}
	// The form on the panel's page does the same for T09's rate.
	_, page := c.Page("/audits/" + id + "/procedures")
	if !strings.Contains(page, "Dùng làm bằng chứng") || !strings.Contains(page, `id="ev-T09"`) {
		t.Fatal("the panel page offers no action")
	}
	resp, _ = c.Form("/audits/"+id+"/procedures/evidence", url.Values{"item": {"T09"}, "key": {"on_time"}})
	if resp.StatusCode != http.StatusSeeOther || !strings.Contains(answerOf(t, c, id, "T09").Note, "tỷ lệ giải quyết đúng hạn") {
		t.Errorf("form: %d, T09 note %q", resp.StatusCode, answerOf(t, c, id, "T09").Note)
	}
	if resp, _ := c.Do(http.MethodPost, "/api/v1/audits/"+id+"/procedure-evidence", map[string]string{"item_id": "C01", "key": "x"}); resp.StatusCode != 404 {
		t.Errorf("a line that does not exist: %d", resp.StatusCode)
	}
	// The audited unit reads the panel without the action.
	auditee := a.Login("auditee."+unit, demo.Password)
	resp, body = auditee.Do(http.MethodGet, "/api/v1/audits/"+id+"/procedures", nil)
	if err := json.Unmarshal(body, &p); err != nil || resp.StatusCode != 200 || p.CanUse {
		t.Errorf("auditee: %d can use %v", resp.StatusCode, p.CanUse)
	}
	if resp, _ := auditee.Do(http.MethodPost, "/api/v1/audits/"+id+"/procedure-evidence", map[string]string{"item_id": "T03", "key": "missing_on_portal"}); resp.StatusCode != 403 {
		t.Errorf("auditee uses evidence: %d", resp.StatusCode)
	}
	// An auditor of another unit may not even see it.
	var other string
	if err := a.DB.R.QueryRow(`SELECT username FROM users WHERE role = 'auditor' AND id NOT IN (SELECT user_id FROM audit_team WHERE audit_id = ?) LIMIT 1`, id).Scan(&other); err != nil {
		t.Fatal(err)
	}
	if resp, _ := a.Login(other, demo.Password).Do(http.MethodGet, "/api/v1/audits/"+id+"/procedures", nil); resp.StatusCode != 404 {
		t.Errorf("auditor off the team: %d, want 404", resp.StatusCode)
	}
	// A submitted audit is closed to answers.
	sid, _, slead := auditOf(t, a, "submitted")
	resp, body = a.Login(slead, demo.Password).Do(http.MethodPost, "/api/v1/audits/"+sid+"/procedure-evidence", map[string]string{"item_id": "T03", "key": "missing_on_portal"})
	if resp.StatusCode != http.StatusConflict {
		t.Errorf("submitted audit: %d %s", resp.StatusCode, body)
	}
}

// answer is what the tests compare of an item's answer.
type answer struct {
	Result  string
	Note    string
	Version int64
}

// answerOf reads an item's answer through the audit API.
func answerOf(t *testing.T, c *webtest.Client, id, item string) answer {
	t.Helper()
	resp, body := c.Do(http.MethodGet, "/api/v1/audits/"+id, nil)
	var v answerJSON
	if err := json.Unmarshal(body, &v); err != nil || resp.StatusCode != 200 {
		t.Fatalf("audit %s: %d %s", id, resp.StatusCode, body)
	}
	for _, it := range v.Items {
		if it.ItemID == item && it.Answer != nil {
			return answer{it.Answer.Result, it.Answer.Note, it.Answer.Version}
		}
	}
	t.Fatalf("no item %s in audit %s", item, id)
	return answer{}
}
