package reports_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/crossaudit/crossaudit/audit/findings"
	"github.com/crossaudit/crossaudit/audit/handlers"
	"github.com/crossaudit/crossaudit/audit/procedures"
	"github.com/crossaudit/crossaudit/demo"
	"github.com/crossaudit/crossaudit/demo/demotest"
	"github.com/crossaudit/crossaudit/internal/db"
	"github.com/crossaudit/crossaudit/internal/org"
	"github.com/crossaudit/crossaudit/internal/pdftest"
	"github.com/crossaudit/crossaudit/internal/web"
	"github.com/crossaudit/crossaudit/internal/webtest"
	"github.com/crossaudit/crossaudit/reports"
)

// demoApp is the audit API and the reports on the demo district.
func demoApp(t *testing.T) *webtest.App {
	t.Helper()
	return webtest.NewOn(t, demotest.Open(t), func(s *web.Server, r *web.Router, d *db.DB) { mountWithAudits(s, r, d) })
}

// mountWithAudits wires the audit handlers and the reports over one set
// of stores, as cmd does, and returns the reports' API.
func mountWithAudits(s *web.Server, r *web.Router, d *db.DB) *reports.API {
	st := findings.Open(d)
	if err := handlers.Mount(s, r, handlers.StoresOf(st), nil); err != nil {
		panic(err)
	}
	return reports.Mount(s, r, reports.Deps{Findings: st, Procedures: &procedures.Store{DB: d}, Units: &org.Store{DB: d}})
}

// submitted returns this year's submitted audits not yet issued, with
// their auditing and audited units' codes.
func submitted(t *testing.T, a *webtest.App) (ids []int64, auditors, auditees []string) {
	t.Helper()
	rows, err := a.DB.R.Query(`SELECT a.id, au.code, bu.code FROM audits a JOIN units au ON au.id = a.auditor_unit_id
		JOIN units bu ON bu.id = a.auditee_unit_id WHERE a.status = 'submitted' ORDER BY a.id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var au, bu string
		if err := rows.Scan(&id, &au, &bu); err != nil {
			t.Fatal(err)
		}
		ids, auditors, auditees = append(ids, id), append(auditors, au), append(auditees, bu)
	}
	if len(ids) < 2 {
		t.Fatalf("the demo has %d submitted audits, want 2", len(ids))
	}
	return ids, auditors, auditees
}

func jsonNum(id int64) string { b, _ := json.Marshal(id); return string(b) }

func wantStatus(t *testing.T, what string, resp *http.Response, body []byte, want int) {
	t.Helper()
	if resp.StatusCode != want {
		t.Fatalf("%s: status %d, want %d: %s", what, resp.StatusCode, want, body)
	}
}

// Issuing stores the report and locks the audit; the stored bytes come
// back identical, anyone can verify them, and a correction is a revision
// with a new number while the first stays retrievable.
func TestIssueLockVerifyRevise(t *testing.T) {
	a := demoApp(t)
	ids, auditors, auditees := submitted(t, a)
	id := jsonNum(ids[0])
	office := a.Token("office", demo.Password)
	base := "/api/v1/audits/" + id

	resp, draft := office.Do(http.MethodGet, base+"/report.pdf", nil)
	wantStatus(t, "draft", resp, draft, 200)
	if ct := resp.Header.Get("Content-Type"); ct != "application/pdf" {
		t.Errorf("draft served as %s", ct)
	}
	if !strings.Contains(pdftest.Text(t, draft), "DỰ THẢO") {
		t.Error("the draft is not marked DỰ THẢO")
	}

	resp, body := a.Token("auditee."+auditees[0], demo.Password).Do(http.MethodPost, base+"/issue", nil)
	wantStatus(t, "issue by the audited unit", resp, body, 403)
	resp, body = a.Token("auditor."+auditees[0], demo.Password).Do(http.MethodPost, base+"/issue", nil)
	wantStatus(t, "issue by an auditor off the team (who may not know the audit exists)", resp, body, 404)

	resp, body = office.Do(http.MethodPost, base+"/issue", nil)
	wantStatus(t, "issue", resp, body, 201)
	var first findings.IssuedReport
	if err := json.Unmarshal(body, &first); err != nil {
		t.Fatal(err)
	}
	if first.Revision != 1 || !strings.HasSuffix(first.Number, "/BC-ĐGNB") || len(first.Code) != 11 {
		t.Fatalf("issued %+v", first)
	}

	if code, err := findings.Open(a.DB).VerificationCode(context.Background(), ids[0]); err != nil || code != first.Code {
		t.Errorf("verification code %q, %v; want %s", code, err, first.Code)
	}
	_, body = office.Do(http.MethodGet, base, nil)
	var view struct {
		Status           string
		VerificationCode string `json:"verification_code"`
	}
	if err := json.Unmarshal(body, &view); err != nil || view.Status != "issued" || view.VerificationCode != first.Code {
		t.Errorf("GET %s after issue: %s %q, %v; want issued with %s", base, view.Status, view.VerificationCode, err, first.Code)
	}

	resp, body = office.Do(http.MethodPost, base+"/issue", nil)
	wantStatus(t, "issue again", resp, body, 409)
	if e := webtest.DecodeError(t, body); e.Error.Allowed == nil || len(e.Error.Allowed) != 0 {
		t.Errorf("409 allowed %v, want []", e.Error.Allowed)
	}

	_, pdf1 := office.Do(http.MethodGet, base+"/report.pdf", nil)
	_, pdf2 := office.Do(http.MethodGet, base+"/report.pdf", nil)
	sum := sha256.Sum256(pdf1)
	if string(pdf1) != string(pdf2) || hex.EncodeToString(sum[:]) != first.SHA256 {
		t.Fatal("the issued report does not come back as the stored bytes")
	}
	issuedText := pdftest.Text(t, pdf1)
	for _, w := range []string{first.Code, "Số: " + first.Number, "/verify/" + first.Code} {
		if !strings.Contains(issuedText, w) {
			t.Errorf("the issued report lacks %q", w)
		}
	}
	if strings.Contains(issuedText, "DỰ THẢO") {
		t.Error("the issued report is marked as a draft")
	}

	t.Run("locked", func(t *testing.T) {
		var finding int64
		if err := a.DB.R.QueryRow(`SELECT id FROM findings WHERE audit_id = ? AND grade IN ('minor', 'major') ORDER BY id LIMIT 1`, ids[0]).Scan(&finding); err != nil {
			t.Fatal(err)
		}
		resp, body := office.Do(http.MethodPatch, "/api/v1/nonconformities/"+jsonNum(finding), map[string]string{"grade": "observation"})
		wantStatus(t, "grade after issue", resp, body, 409)
		lead := a.Token("auditor."+auditors[0], demo.Password)
		zero := 1
		resp, body = lead.Do(http.MethodPut, base+"/answers/C01", map[string]any{"result": "conform", "note": "sửa", "version": zero})
		wantStatus(t, "answer after issue", resp, body, 409)
		resp, body = lead.Do(http.MethodPost, base+"/submit", nil)
		wantStatus(t, "submit after issue", resp, body, 409)
	})

	t.Run("public verification", func(t *testing.T) {
		anon := a.Anonymous()
		resp, body := anon.Do(http.MethodGet, "/api/v1/verify/"+strings.ToLower(first.Code), nil)
		wantStatus(t, "verify", resp, body, 200)
		var v map[string]any
		if err := json.Unmarshal(body, &v); err != nil {
			t.Fatal(err)
		}
		if v["code"] != first.Code || v["sha256"] != first.SHA256 || v["auditee_unit"] != auditees[0] || v["audit_id"] != float64(ids[0]) || v["issued_at"] == "" {
			t.Errorf("verification %v", v)
		}
		resp, body = anon.Do(http.MethodGet, "/api/v1/verify/ZZZZZ-ZZZZZ", nil)
		wantStatus(t, "unknown code", resp, body, 404)
		webtest.DecodeError(t, body)
		status, page := anon.Page("/verify/" + first.Code)
		if status != 200 || !strings.Contains(page, first.SHA256) || !strings.Contains(page, first.Number) {
			t.Errorf("verify page %d lacks the hash or number", status)
		}
		if status, _ := anon.Page("/verify/NOPE"); status != 404 {
			t.Errorf("verify page of an unknown code: %d", status)
		}
		if status, _ := anon.Page("/verify?code=" + url.QueryEscape(" "+strings.ToLower(first.Code))); status != http.StatusSeeOther {
			t.Errorf("verify form: %d", status)
		}
	})

	t.Run("revision", func(t *testing.T) {
		resp, body := office.Do(http.MethodPost, base+"/revisions", map[string]any{"reason": ""})
		wantStatus(t, "revision without a reason", resp, body, 422)
		var finding int64
		if err := a.DB.R.QueryRow(`SELECT id FROM findings WHERE audit_id = ? ORDER BY id LIMIT 1`, ids[0]).Scan(&finding); err != nil {
			t.Fatal(err)
		}
		statement := "Câu chữ được sửa trong bản sửa đổi."
		resp, body = office.Do(http.MethodPost, base+"/revisions", map[string]any{"reason": "Sửa lỗi câu chữ của phát hiện thứ nhất",
			"corrections": []map[string]any{{"finding_id": finding, "statement": statement}}})
		wantStatus(t, "revision", resp, body, 201)
		var second findings.IssuedReport
		if err := json.Unmarshal(body, &second); err != nil {
			t.Fatal(err)
		}
		if second.Revision != 2 || second.Number == first.Number || second.Code == first.Code {
			t.Fatalf("revision %+v after %+v", second, first)
		}
		if code, _ := findings.Open(a.DB).VerificationCode(context.Background(), ids[0]); code != second.Code {
			t.Errorf("verification code %q after the revision, want %s", code, second.Code)
		}
		_, latest := office.Do(http.MethodGet, base+"/report.pdf", nil)
		if got := pdftest.Text(t, latest); !strings.Contains(got, statement) || !strings.Contains(got, first.Number) {
			t.Error("the revision lacks the correction or the number it replaces")
		}
		_, old := office.Do(http.MethodGet, base+"/report.pdf?revision=1", nil)
		if string(old) != string(pdf1) {
			t.Error("the first revision is no longer retrievable as it was")
		}
		_, body = a.Anonymous().Do(http.MethodGet, "/api/v1/verify/"+first.Code, nil)
		if !strings.Contains(string(body), `"current":false`) {
			t.Errorf("the replaced report still verifies as current: %s", body)
		}
	})

	t.Run("bad input", func(t *testing.T) {
		var planned int64
		if err := a.DB.R.QueryRow(`SELECT id FROM audits WHERE status = 'planned' LIMIT 1`).Scan(&planned); err != nil {
			t.Fatal(err)
		}
		resp, body := office.Do(http.MethodPost, "/api/v1/audits/"+jsonNum(planned)+"/issue", nil)
		wantStatus(t, "issue a planned audit", resp, body, 409)
		if e := webtest.DecodeError(t, body); strings.Join(e.Error.Allowed, ",") != "in_progress,cancelled" {
			t.Errorf("allowed %v", e.Error.Allowed)
		}
		resp, body = office.Do(http.MethodPost, "/api/v1/audits/"+jsonNum(planned)+"/revisions", map[string]any{"reason": "x"})
		wantStatus(t, "revise an audit never issued", resp, body, 409)
		resp, body = office.Do(http.MethodPost, "/api/v1/audits/999999/issue", nil)
		wantStatus(t, "issue an unknown audit", resp, body, 404)
	})

	t.Run("the lead issues", func(t *testing.T) {
		resp, body := a.Token("auditor."+auditors[1], demo.Password).Do(http.MethodPost, "/api/v1/audits/"+jsonNum(ids[1])+"/issue", nil)
		wantStatus(t, "issue by the lead", resp, body, 201)
	})

	t.Run("programme summary", func(t *testing.T) {
		var prog int64
		if err := a.DB.R.QueryRow(`SELECT id FROM programmes ORDER BY year LIMIT 1`).Scan(&prog); err != nil {
			t.Fatal(err)
		}
		resp, body := office.Do(http.MethodGet, "/api/v1/programmes/"+jsonNum(prog)+"/report.pdf", nil)
		wantStatus(t, "programme summary", resp, body, 200)
		got := pdftest.Text(t, body)
		for _, w := range []string{"Xã Hiệp An (24961)", "Thị trấn Liên Nghĩa", "KẾT QUẢ THEO ĐƠN VỊ", "ĐIỂM KHÔNG PHÙ HỢP THEO ĐIỀU KHOẢN"} {
			if !strings.Contains(got, w) {
				t.Errorf("the summary lacks %q", w)
			}
		}
		resp, body = a.Token("auditor."+auditors[0], demo.Password).Do(http.MethodGet, "/api/v1/programmes/"+jsonNum(prog)+"/report.pdf", nil)
		wantStatus(t, "summary by an auditor", resp, body, 403)
	})
}
