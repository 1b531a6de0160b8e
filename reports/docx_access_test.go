package reports_test

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/crossaudit/crossaudit/audit/findings"
	"github.com/crossaudit/crossaudit/demo"
	"github.com/crossaudit/crossaudit/internal/pdftest"
)

// Every caller gets from a DOCX what they get from its PDF: the same
// status for staff, the team, the audited unit, the units off the audit
// and the anonymous, an unrelated auditee refused as for the PDF.
func TestDocxAccessIsThePDFs(t *testing.T) {
	a := demoApp(t)
	var planned int64
	var lead, auditor, auditee string
	if err := a.DB.R.QueryRow(`SELECT au.id, u.username, xu.code, bu.code FROM audits au
		JOIN audit_team t ON t.audit_id = au.id AND t.role = 'lead' JOIN users u ON u.id = t.user_id
		JOIN units xu ON xu.id = au.auditor_unit_id JOIN units bu ON bu.id = au.auditee_unit_id
		WHERE au.status = 'planned' ORDER BY au.id LIMIT 1`).Scan(&planned, &lead, &auditor, &auditee); err != nil {
		t.Fatal(err)
	}
	var other string
	if err := a.DB.R.QueryRow(`SELECT code FROM units WHERE code NOT IN (?, ?) AND EXISTS (SELECT 1 FROM users WHERE username = 'auditee.' || units.code)
		AND EXISTS (SELECT 1 FROM users WHERE username = 'auditor.' || units.code) ORDER BY code LIMIT 1`, auditor, auditee).Scan(&other); err != nil {
		t.Fatal(err)
	}
	round := queryID(t, a, `SELECT round_id FROM audits WHERE id = ?`, planned)
	programme := queryID(t, a, `SELECT programme_id FROM rounds WHERE id = ?`, round)
	ids, _, _ := submitted(t, a)
	callers := []string{"office", "admin", lead, "auditee." + auditee, "auditee." + other, "auditor." + other, ""}
	for _, base := range []string{
		"/api/v1/rounds/" + strconv.FormatInt(round, 10) + "/plan",
		"/api/v1/audits/" + strconv.FormatInt(planned, 10) + "/decision",
		"/api/v1/audits/" + jsonNum(ids[0]) + "/report",
		"/api/v1/programmes/" + strconv.FormatInt(programme, 10) + "/report",
		"/api/v1/audits/999999/decision",
	} {
		refused := 0
		for _, who := range callers {
			c := a.Anonymous()
			if who != "" {
				c = a.Token(who, demo.Password)
			}
			pdf, _ := c.Do(http.MethodGet, base+".pdf", nil)
			word, body := c.Do(http.MethodGet, base+".docx", nil)
			if word.StatusCode != pdf.StatusCode {
				t.Errorf("%s.docx for %q: %d, but %d for the PDF: %.200s", base, who, word.StatusCode, pdf.StatusCode, body)
			}
			if word.StatusCode == http.StatusForbidden || word.StatusCode == http.StatusNotFound {
				refused++
			}
		}
		if refused == 0 {
			t.Errorf("%s.docx: no signed-in caller was refused", base)
		}
	}
}

// Hostile text (markup, an ampersand, a control character XML forbids, a
// 5,000-letter word) still gives a DOCX LibreOffice opens, showing the
// markup as text; an issued report's DOCX carries its number and
// verification line and no draft marker, a draft's carries DỰ THẢO.
func TestDocxHostileIssuedAndDraft(t *testing.T) {
	pdftest.Tool(t, "soffice")
	a := demoApp(t)
	office := a.Token("office", demo.Password)
	planned := queryID(t, a, `SELECT id FROM audits WHERE status = 'planned' ORDER BY id LIMIT 1`)
	long := strings.Repeat("W", 5000)
	if _, err := a.DB.W.Exec(`UPDATE audits SET scope = ? WHERE id = ?`, `<script>alert(1)</script> & Phạm vi`+"\x01\x0b"+` `+long, planned); err != nil {
		t.Fatal(err)
	}
	hostile := getDocx(t, office, "/api/v1/audits/"+strconv.FormatInt(planned, 10)+"/decision.docx")

	ids, _, _ := submitted(t, a)
	base := "/api/v1/audits/" + jsonNum(ids[0])
	resp, body := office.Do(http.MethodPost, base+"/issue", nil)
	wantStatus(t, "issue", resp, body, http.StatusCreated)
	var issued findings.IssuedReport
	if err := json.Unmarshal(body, &issued); err != nil {
		t.Fatal(err)
	}
	resp, body = office.Do(http.MethodGet, base+"/report.docx", nil)
	wantStatus(t, "issued report.docx", resp, body, http.StatusOK)
	if cd := resp.Header.Get("Content-Disposition"); !strings.Contains(cd, "-lan-1.docx") {
		t.Errorf("the issued report's DOCX is named %q, want its revision", cd)
	}
	wellFormed(t, body)
	draft := getDocx(t, office, "/api/v1/audits/"+jsonNum(ids[1])+"/report.docx")

	pdfs := pdftest.FromDOCXs(t, hostile, body, draft)
	txt := pdftest.Text(t, pdfs[0])
	for _, want := range []string{"<script>alert(1)</script> & Phạm vi", "QUYẾT ĐỊNH", strings.Repeat("W", 30)} {
		if !strings.Contains(txt, want) {
			t.Errorf("the hostile decision lacks %q:\n%.1500s", want, txt)
		}
	}
	txt = pdftest.Text(t, pdfs[1])
	for _, want := range []string{"Số: " + issued.Number, issued.Code, "BÁO CÁO"} {
		if !strings.Contains(txt, want) {
			t.Errorf("the issued report's DOCX lacks %q:\n%.1500s", want, txt)
		}
	}
	if strings.Contains(txt, "DỰ THẢO") {
		t.Error("the issued report's DOCX is marked DỰ THẢO")
	}
	if txt = pdftest.Text(t, pdfs[2]); !strings.Contains(txt, "DỰ THẢO") || !strings.Contains(txt, "Số: /BC-ĐGNB") {
		t.Errorf("the draft's DOCX is not marked DỰ THẢO with a blank number:\n%.600s", txt)
	}
}
