package handlers_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/crossaudit/crossaudit/internal/webtest"
)

// The office's list of a province-sized round shows the first audits of
// each state with a link to the whole state, and finds a unit's audits
// whether its name is typed with or without diacritics.
func TestAuditListBoundsEachStateAndSearchesUnits(t *testing.T) {
	units := []string{"A"}
	for i := range 23 {
		units = append(units, fmt.Sprintf("U%02d", i))
	}
	e := newConductEnvN(t, units)
	office := e.app.Login("office", webtest.Password)
	status, body := office.Page("/audits")
	rows := strings.Count(body, `<a class="row-link" href="/audits/`)
	if status != http.StatusOK || rows != 20 || !strings.Contains(body, `<span class="count-pill">24</span>`) ||
		!strings.Contains(body, `href="/audits?status=planned"`) || !strings.Contains(body, "Xem cả 24 cuộc") {
		t.Fatalf("the whole list: %d, %d rows", status, rows)
	}
	_, body = office.Page("/audits?status=planned")
	if rows := strings.Count(body, `<a class="row-link" href="/audits/`); rows != 24 || strings.Contains(body, "Xem cả") {
		t.Errorf("one state: %d rows", rows)
	}
	// "Xã U07" typed as "xa u07": the unit audits one peer and is audited by one.
	_, body = office.Page("/audits?q=xa+u07")
	if rows := strings.Count(body, `<a class="row-link" href="/audits/`); rows != 2 || !strings.Contains(body, `value="xa u07"`) {
		t.Errorf("search by name: %d rows", rows)
	}
	_, body = office.Page("/audits?q=" + strings.Repeat("z", 5000))
	if !strings.Contains(body, "Không có cuộc đánh giá nào của đơn vị khớp với") {
		t.Error("a search that finds nothing does not say so")
	}
	// An auditee searching another unit finds nothing of it.
	_, body = e.app.Login("auditee.U03", webtest.Password).Page("/audits?q=U11")
	if strings.Count(body, `<a class="row-link" href="/audits/`) > 0 && !strings.Contains(body, "U03") {
		t.Error("an auditee sees another unit's audits")
	}
}
