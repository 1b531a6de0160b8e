package handlers_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/crossaudit/crossaudit/internal/webtest"
)

// Confirming a round asks first: the page says how many audits it
// creates, who audits whom with names beside codes, the days and the
// teams, and that it cannot be undone; a post without the confirmation
// shows the same page and creates nothing; the confirmation creates them.
func TestRoundConfirmationAsksFirst(t *testing.T) {
	e := newEnv(t)
	p := e.programme(t)
	e.preview(t, p.ID, map[string]any{"per_unit": 1, "clusters": "any", "seed": 3})
	loc := fmt.Sprintf("/programmes/%d", p.ID)
	confirm := loc + "/rounds/1/confirm"
	office := e.app.Login("office", webtest.Password)
	_, body := office.Page(loc)
	if !strings.Contains(body, `href="`+confirm+`"`) || strings.Contains(body, `action="`+confirm+`"`) {
		t.Error("the programme page confirms in one tap instead of linking to the confirmation")
	}
	audits := func() int { return count(t, e, `SELECT COUNT(*) FROM audits`) }
	status, body := office.Page(confirm)
	if status != http.StatusOK {
		t.Fatalf("confirmation page: %d", status)
	}
	for _, want := range []string{"Sẽ tạo 6 cuộc đánh giá: 6 đơn vị đánh giá, 6 đơn vị được đánh giá.", "Xã A <span class=\"code\">(A)</span>",
		"/06/2026", "auditor.", "(Trưởng đoàn)", "Không thể hoàn tác.", "Xác nhận và tạo 6 cuộc đánh giá", `href="` + loc + `#round-1"`} {
		if !strings.Contains(body, want) {
			t.Errorf("the confirmation lacks %q", want)
		}
	}
	if n := audits(); n != 0 {
		t.Fatalf("showing the confirmation created %d audits", n)
	}
	r, b := office.Form(confirm, url.Values{})
	if r.StatusCode != http.StatusOK || !strings.Contains(string(b), "Sẽ tạo 6 cuộc đánh giá") {
		t.Errorf("a post without the confirmation: %d, not the confirmation page", r.StatusCode)
	}
	if n := audits(); n != 0 {
		t.Fatalf("a post without the confirmation created %d audits", n)
	}
	if status, _ := e.app.Login("auditor.A", webtest.Password).Page(confirm); status != http.StatusForbidden {
		t.Errorf("an auditor opens the confirmation: %d", status)
	}
	if r, _ := office.Form(confirm, url.Values{"confirm": {"1"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("confirm: %d", r.StatusCode)
	}
	if n := audits(); n != 6 {
		t.Errorf("%d audits after confirming, want 6", n)
	}
	// Confirmed, it cannot be confirmed again: the programme page says why.
	if status, body := office.Page(confirm); status != http.StatusConflict || !strings.Contains(body, "Đợt đánh giá này đã được xác nhận.") {
		t.Errorf("confirmation of a confirmed round: %d", status)
	}
	// The API confirms at once, as before.
	e.preview(t, p.ID, map[string]any{"per_unit": 1, "clusters": "any", "seed": 4})
	if r, b := e.office.Do(http.MethodPost, fmt.Sprintf("/api/v1/programmes/%d/rounds/2/confirm", p.ID), nil); r.StatusCode != http.StatusOK {
		t.Errorf("API confirm: %d %s", r.StatusCode, b)
	}
}

// Ending a programme asks first, saying what it locks and what stays open
// (the audits not issued, the nonconformities not closed); the reversible
// steps (approve, back to draft) still take one tap.
func TestProgrammeEndAsksFirst(t *testing.T) {
	e := newEnv(t)
	p := e.programme(t)
	loc := fmt.Sprintf("/programmes/%d", p.ID)
	office := e.app.Login("office", webtest.Password)
	office.Page(loc)
	if r, _ := office.Form(loc+"/transition", url.Values{"to": {"approved"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("approve: %d", r.StatusCode)
	}
	e.preview(t, p.ID, map[string]any{"per_unit": 1, "clusters": "any", "seed": 3})
	if r, b := e.office.Do(http.MethodPost, fmt.Sprintf("/api/v1/programmes/%d/rounds/1/confirm", p.ID), nil); r.StatusCode != http.StatusOK {
		t.Fatalf("confirm: %d %s", r.StatusCode, b)
	}
	e.preview(t, p.ID, map[string]any{"per_unit": 1, "clusters": "any", "seed": 4}) // round 2, left in preview
	if _, body := office.Page(loc); !strings.Contains(body, `href="`+loc+`/complete"`) || strings.Contains(body, `value="completed"`) {
		t.Error("the programme page ends it in one tap")
	}
	status, body := office.Page(loc + "/complete")
	if status != http.StatusOK {
		t.Fatalf("end page: %d", status)
	}
	for _, want := range []string{"Đợt 2", "sẽ không thể xác nhận nữa", "Cuộc đánh giá chưa ban hành báo cáo: 6.", "Xã B</a> <span class=\"code\">(B)</span>",
		"Không còn điểm không phù hợp nào chưa đóng.", "Không thể hoàn tác.", `name="to" value="completed"`} {
		if !strings.Contains(body, want) {
			t.Errorf("the end page lacks %q", want)
		}
	}
	state := func() string {
		var s string
		e.app.DB.R.QueryRow(`SELECT status FROM programmes WHERE id = ?`, p.ID).Scan(&s)
		return s
	}
	r, b := office.Form(loc+"/transition", url.Values{"to": {"completed"}})
	if r.StatusCode != http.StatusOK || !strings.Contains(string(b), "Cuộc đánh giá chưa ban hành báo cáo: 6.") || state() != "active" {
		t.Fatalf("ending without the confirmation: %d, %s", r.StatusCode, state())
	}
	if r, _ := office.Form(loc+"/transition", url.Values{"to": {"completed"}, "confirm": {"1"}}); r.StatusCode != http.StatusSeeOther || state() != "completed" {
		t.Fatalf("ending: %d, %s", r.StatusCode, state())
	}
	if status, _ := office.Page(loc + "/complete"); status != http.StatusConflict {
		t.Errorf("the end page of an ended programme: %d", status)
	}
}

// The swap form names each unit beside its code, in its choices and in a
// refusal, and a refused swap comes back as it was typed.
func TestSwapFormShowsNames(t *testing.T) {
	e := newEnv(t)
	p := e.programme(t)
	r := e.preview(t, p.ID, map[string]any{"per_unit": 1, "clusters": "within", "seed": 3})
	loc := fmt.Sprintf("/programmes/%d", p.ID)
	office := e.app.Login("office", webtest.Password)
	_, body := office.Page(loc)
	first := r.Pairs[0]
	option := fmt.Sprintf("Xã %s (%s) → Xã %s (%s)</option>", first.Auditor, first.Auditor, first.Auditee, first.Auditee)
	if strings.Count(body, option) != 2 {
		t.Fatalf("the swap form does not name %s→%s beside their codes", first.Auditor, first.Auditee)
	}
	if strings.Contains(body, fmt.Sprintf(">%s → %s</option>", first.Auditor, first.Auditee)) {
		t.Error("the swap form still lists bare codes")
	}
	// Across clusters breaks the round's rule: refused, naming the units.
	var other string
	for _, q := range r.Pairs {
		if (q.Auditor[0]-'A')%2 != (first.Auditor[0]-'A')%2 {
			other = q.Auditor + ">" + q.Auditee
			break
		}
	}
	a := first.Auditor + ">" + first.Auditee
	resp, b := office.Form(loc+"/rounds/1/swap", url.Values{"a": {a}, "b": {other}, "reason": {"Đơn vị đề nghị"}})
	page := string(b)
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("swap across clusters: %d", resp.StatusCode)
	}
	if !strings.Contains(page, "(Xã "+first.Auditor+" ("+first.Auditor+") và Xã ") && !strings.Contains(page, "Xã "+first.Auditor+" ("+first.Auditor+") và Xã ") {
		t.Error("the refusal does not name the units")
	}
	for _, want := range []string{`value="` + strings.ReplaceAll(a, ">", "&gt;") + `" selected`, `value="` + strings.ReplaceAll(other, ">", "&gt;") + `" selected`, ">Đơn vị đề nghị</textarea>"} {
		if !strings.Contains(page, want) {
			t.Errorf("the refused swap lost %q", want)
		}
	}
}

func count(t *testing.T, e *env, query string) int {
	t.Helper()
	var n int
	if err := e.app.DB.R.QueryRow(query).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// The end page counts the nonconformities left open, by state.
func TestProgrammeEndCountsOpenNonconformities(t *testing.T) {
	e := newNCEnv(t)
	var prog int64
	e.app.DB.R.QueryRow(`SELECT r.programme_id FROM audits a JOIN rounds r ON r.id = a.round_id WHERE a.id = ?`, e.auditID).Scan(&prog)
	office := e.app.Login("office", webtest.Password)
	status, body := office.Page(fmt.Sprintf("/programmes/%d/complete", prog))
	if status != http.StatusOK || !strings.Contains(body, "Điểm không phù hợp chưa đóng: 2.") || !strings.Contains(body, "<li>Mới mở: 2</li>") ||
		!strings.Contains(body, fmt.Sprintf(`href="/nonconformities?programme=%d"`, prog)) {
		t.Errorf("end page: %d, open nonconformities not counted", status)
	}
}
