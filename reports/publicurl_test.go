package reports_test

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/crossaudit/crossaudit/audit/findings"
	"github.com/crossaudit/crossaudit/demo"
	"github.com/crossaudit/crossaudit/demo/demotest"
	"github.com/crossaudit/crossaudit/internal/db"
	"github.com/crossaudit/crossaudit/internal/pdftest"
	"github.com/crossaudit/crossaudit/internal/web"
	"github.com/crossaudit/crossaudit/internal/webtest"
)

// Behind a proxy the issuing request's host is an internal one; with a
// configured public address, that is what the printed report points to.
func TestIssuedReportPrintsTheConfiguredPublicAddress(t *testing.T) {
	a := webtest.NewOn(t, demotest.Open(t), func(s *web.Server, r *web.Router, d *db.DB) {
		mountWithAudits(s, r, d).PublicURL = "https://iso.ductrong.gov.vn/"
	})
	ids, _, _ := submitted(t, a)
	resp, body := a.Token("office", demo.Password).Do(http.MethodPost, "/api/v1/audits/"+strconv.FormatInt(ids[0], 10)+"/issue", nil)
	wantStatus(t, "issue", resp, body, 201)
	var rep findings.IssuedReport
	if err := json.Unmarshal(body, &rep); err != nil {
		t.Fatal(err)
	}
	_, pdf := a.Token("office", demo.Password).Do(http.MethodGet, "/api/v1/audits/"+strconv.FormatInt(ids[0], 10)+"/report.pdf", nil)
	got := strings.Join(strings.Fields(pdftest.Text(t, pdf)), "")
	if want := "https://iso.ductrong.gov.vn/verify/" + rep.Code; !strings.Contains(got, want) {
		t.Errorf("the issued report does not print %s", want)
	}
	if host := a.HTTP.URL; strings.Contains(got, strings.TrimPrefix(host, "http://")) {
		t.Errorf("the issued report still prints the request's host %s", host)
	}
}
