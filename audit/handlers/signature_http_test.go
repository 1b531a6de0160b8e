package handlers_test

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"html"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/crossaudit/crossaudit/audit"
	"github.com/crossaudit/crossaudit/internal/imagetest"
	"github.com/crossaudit/crossaudit/internal/webtest"
)

// signaturePNG is a signature as a tablet's canvas sends it: a dark stroke
// on a transparent w×h canvas.
func signaturePNG(t testing.TB, w, h int) []byte {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for x := w / 10; x < w*9/10; x++ {
		y := h/2 + (x%40-20)*h/120
		for d := -2; d <= 2; d++ {
			img.SetNRGBA(x, y+d, color.NRGBA{R: 10, G: 10, B: 40, A: 255})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func b64(b []byte) string { return base64.StdEncoding.EncodeToString(b) }

// closingWith is a closing meeting agreed by a representative, with the
// signatures given.
func closingWith(sigs map[string]any) map[string]any {
	return map[string]any{"closing": map[string]any{"representative": "Bà Lê Thị Hoa, Phó Chủ tịch UBND xã", "agreed": true, "signatures": sigs}}
}

// A signature that is not an image is 415, one too large 413, each in the
// error shape of CONTRACT.md naming the signature; nothing is submitted.
// Then the audit is submitted with both signatures, by JSON, and they are
// stored as grey PNGs of bounded size.
func TestSubmitSignaturesRefusedAndStored(t *testing.T) {
	e := newConductEnv(t)
	e.answerAll(t, nil)
	sig := signaturePNG(t, 600, 200)
	for _, tc := range []struct {
		name   string
		body   any
		status int
		code   string
		field  string
	}{
		{"text, not an image", closingWith(map[string]any{"representative": b64([]byte("Nguyễn Văn A đã ký"))}), http.StatusUnsupportedMediaType,
			"unsupported_media_type", "closing.signatures.representative"},
		{"not base64", closingWith(map[string]any{"lead": "%%% chữ ký %%%"}), http.StatusUnsupportedMediaType,
			"unsupported_media_type", "closing.signatures.lead"},
		{"a data: URL of text", closingWith(map[string]any{"lead": "data:text/plain;base64," + b64([]byte("ký"))}), http.StatusUnsupportedMediaType,
			"unsupported_media_type", "closing.signatures.lead"},
		{"a GIF", closingWith(map[string]any{"lead": b64([]byte("GIF89a\x01\x00\x01\x00\x00\x00\x00;"))}), http.StatusUnsupportedMediaType,
			"unsupported_media_type", "closing.signatures.lead"},
		{"too many bytes", closingWith(map[string]any{"representative": b64(append(sig, make([]byte, 600<<10)...))}), http.StatusRequestEntityTooLarge,
			"too_large", "closing.signatures.representative"},
		{"a small file claiming a huge canvas", closingWith(map[string]any{"lead": b64(imagetest.DeepPNG(5000, 5000))}), http.StatusRequestEntityTooLarge,
			"too_large", "closing.signatures.lead"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := e.lead.Do(http.MethodPost, e.path("/submit"), tc.body)
			if resp.StatusCode != tc.status {
				t.Fatalf("status %d, want %d: %s", resp.StatusCode, tc.status, body)
			}
			eb := webtest.DecodeError(t, body)
			if eb.Error.Code != tc.code || eb.Error.Fields[tc.field] == nil {
				t.Errorf("error %+v, want code %s naming %s", eb.Error, tc.code, tc.field)
			}
		})
	}
	// A multipart post whose signature file is text is refused the same way.
	resp, body := e.lead.Upload(e.path("/submit"), "signature_lead", "chu-ky.png", []byte("không phải ảnh"),
		map[string]string{"representative": "Bà Lê Thị Hoa", "agreed": "yes"})
	if eb := webtest.DecodeError(t, body); resp.StatusCode != http.StatusUnsupportedMediaType || eb.Error.Fields["closing.signatures.lead"] == nil {
		t.Errorf("multipart text signature: %d %s", resp.StatusCode, body)
	}
	if e.status(t) != audit.StatusInProgress || e.count(t, `SELECT COUNT(*) FROM closing_signatures`) != 0 {
		t.Fatal("a refused signature changed something")
	}
	// A blank canvas is no signature.
	blank := image.NewNRGBA(image.Rect(0, 0, 300, 100))
	var bb bytes.Buffer
	_ = png.Encode(&bb, blank)
	resp, body = e.lead.Do(http.MethodPost, e.path("/submit"), closingWith(map[string]any{"lead": b64(bb.Bytes())}))
	if eb := webtest.DecodeError(t, body); resp.StatusCode != http.StatusUnprocessableEntity || eb.Error.Fields["closing.signatures.lead"] == nil {
		t.Errorf("blank signature: %d %s", resp.StatusCode, body)
	}

	big := signaturePNG(t, 1800, 600) // a high-density tablet
	resp, body = e.lead.Do(http.MethodPost, e.path("/submit"), closingWith(map[string]any{
		"representative": "data:image/png;base64," + b64(big), "lead": b64(sig)}))
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("submit with signatures: %d %s", resp.StatusCode, body)
	}
	rows, err := e.app.DB.R.Query(`SELECT signer, png, width, height FROM closing_signatures WHERE audit_id = ? ORDER BY signer`, e.auditID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var signers []string
	for rows.Next() {
		var signer string
		var data []byte
		var w, h int
		if err := rows.Scan(&signer, &data, &w, &h); err != nil {
			t.Fatal(err)
		}
		signers = append(signers, signer)
		img, err := png.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%s: stored bytes are not a PNG: %v", signer, err)
		}
		if _, grey := img.(*image.Gray); !grey || img.Bounds().Dx() != w || w > 900 || h > 300 {
			t.Errorf("%s stored as %T %dx%d", signer, img, w, h)
		}
	}
	if got := strings.Join(signers, ","); got != "lead,representative" {
		t.Errorf("stored signatures of %s", got)
	}
}

// summaryFigure reads a figure of the confirmation page.
var summaryFigure = regexp.MustCompile(`data-review="([a-z]+)">([^<]*)<`)

func figures(body string) map[string]string {
	out := map[string]string{}
	for _, m := range summaryFigure.FindAllStringSubmatch(body, -1) {
		out[m[1]] = m[2]
	}
	return out
}

// Without script, the submission asks first: the audit page's form posts
// to a confirmation page showing what will be submitted, with its figures
// counted from the answers and what is still missing linked to its item;
// "back" returns to the form with what was typed; only the confirming
// post submits. A signature that is not an image is refused with the form
// kept.
func TestSubmissionAsksFirstWithTheRightCounts(t *testing.T) {
	e := newConductEnv(t)
	lead := e.app.Login("auditor.A", webtest.Password)
	page := fmt.Sprintf("/audits/%d", e.auditID)
	e.answerAll(t, map[string]map[string]any{
		"C02": {"result": "minor", "note": "Chưa xác định yêu cầu của cơ quan liên thông"},
		"C10": {"result": "minor", "note": "Chưa nhận diện rủi ro trễ hạn"},
		"C24": {"result": "major", "note": "5/20 hồ sơ trễ hạn không có Mẫu 04"},
		"C15": {"result": "observation", "note": "Biển chỉ dẫn đã mờ"},
		"C16": {"result": "observation", "note": "Sổ theo dõi ghi tay"},
		"C17": {"result": "observation", "note": "Chưa cập nhật danh sách"},
		"C47": {"result": "improvement", "note": "Nên số hóa kết quả trả"},
		"C04": {"result": "na", "note": "Không có yêu cầu loại trừ khác ngoài 8.3"},
		"C05": {"result": "na", "note": ""}, // no reason: missing
	})
	// One item left unanswered, as if never touched.
	if _, err := e.app.DB.W.Exec(`DELETE FROM answers WHERE audit_id = ? AND item_code = 'C30'`, e.auditID); err != nil {
		t.Fatal(err)
	}
	for i := range 2 {
		if status, b := e.upload(e.lead, "C24", fmt.Sprintf("anh-%d.jpg", i), imagetest.EncodeJPEG(t, imagetest.Halves(80, 60))); status != http.StatusCreated {
			t.Fatalf("photo: %d %s", status, b)
		}
	}
	if status, b := e.upload(e.lead, "C15", "so.pdf", []byte("%PDF-1.4\n%%EOF")); status != http.StatusCreated {
		t.Fatalf("pdf: %d %s", status, b)
	}
	want := map[string]string{"answered": "68/69", "na": "2", "major": "1", "minor": "2", "observation": "3", "improvement": "1",
		"conform": "59", "photos": "2", "documents": "1"}
	check := func(what, body string) {
		t.Helper()
		got := figures(body)
		for k, v := range want {
			if got[k] != v {
				t.Errorf("%s: %s is %q, want %q", what, k, got[k], v)
			}
		}
		for _, item := range []string{"C05", "C30"} {
			if !strings.Contains(body, fmt.Sprintf(`<a href="%s#item-%s">%s</a>`, page, item, item)) {
				t.Errorf("%s: %s is not listed as missing with its link", what, item)
			}
		}
		if strings.Contains(body, `id="submit-confirm"`) {
			t.Errorf("%s: an incomplete audit offers to confirm", what)
		}
	}
	status, body := lead.Page(page + "/submit")
	if status != http.StatusOK {
		t.Fatalf("GET the confirmation: %d", status)
	}
	check("GET", body)
	typed := url.Values{"representative": {"Bà Lê Thị Hoa, Phó Chủ tịch"}, "agreed": {"no"}, "disagreement": {"Đề nghị xem lại C24"}}
	resp, b := lead.Form(page+"/submit", typed)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("POST without confirming: %d", resp.StatusCode)
	}
	check("POST", string(b))
	if !strings.Contains(string(b), `name="disagreement" value="Đề nghị xem lại C24"`) || !strings.Contains(string(b), "Không thống nhất") {
		t.Error("the confirmation does not carry the closing meeting")
	}
	if e.status(t) != audit.StatusInProgress {
		t.Fatal("asking submitted the audit")
	}
	// Back to the form, with what was typed.
	back := url.Values{"back": {"1"}}
	for k, v := range typed {
		back[k] = v
	}
	resp, b = lead.Form(page+"/submit", back)
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(b), `value="Bà Lê Thị Hoa, Phó Chủ tịch"`) || !strings.Contains(string(b), ">Đề nghị xem lại C24</textarea>") {
		t.Errorf("back: %d, the form lost what was typed", resp.StatusCode)
	}
	// A signature that is not an image: 415, the form kept.
	bad := url.Values{"signature_representative": {"data:text/html;base64," + b64([]byte("<b>ký</b>"))}}
	for k, v := range typed {
		bad[k] = v
	}
	resp, b = lead.Form(page+"/submit", bad)
	if resp.StatusCode != http.StatusUnsupportedMediaType || !strings.Contains(string(b), `value="Bà Lê Thị Hoa, Phó Chủ tịch"`) ||
		!strings.Contains(string(b), "Chữ ký phải là ảnh PNG hoặc JPEG.") {
		t.Errorf("a text signature: %d", resp.StatusCode)
	}
	// Completed, the confirmation offers to submit; confirming submits with
	// the signature, as the page carried it.
	if status, b := e.put(e.lead, "C05", map[string]any{"result": "na", "note": "Không áp dụng ở cấp xã", "version": 1}); status != http.StatusOK {
		t.Fatalf("C05: %d %s", status, b)
	}
	if status, b := e.put(e.lead, "C30", map[string]any{"result": "conform", "note": "Đạt", "version": 0}); status != http.StatusOK {
		t.Fatalf("C30: %d %s", status, b)
	}
	signed := url.Values{"signature_lead": {"data:image/png;base64," + b64(signaturePNG(t, 600, 200))}}
	for k, v := range typed {
		signed[k] = v
	}
	resp, b = lead.Form(page+"/submit", signed)
	carried := regexp.MustCompile(`name="signature_lead" value="(data:image/png;base64,[^"]+)"`).FindStringSubmatch(string(b))
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(b), `id="submit-confirm"`) || carried == nil {
		t.Fatalf("complete: %d, no confirming button or signature carried", resp.StatusCode)
	}
	signed.Set("signature_lead", html.UnescapeString(carried[1]))
	signed.Set("confirm", "1")
	resp, _ = lead.Form(page+"/submit", signed)
	if resp.StatusCode != http.StatusSeeOther || e.status(t) != audit.StatusSubmitted {
		t.Fatalf("confirming: %d, audit %s", resp.StatusCode, e.status(t))
	}
	if n := e.count(t, `SELECT COUNT(*) FROM closing_signatures WHERE audit_id = ? AND signer = 'lead'`, e.auditID); n != 1 {
		t.Errorf("%d lead signatures stored", n)
	}
	status, body = lead.Page(page)
	if status != http.StatusOK || !strings.Contains(body, `id="closing-signatures"`) || !strings.Contains(body, `<img src="data:image/png;base64,`) {
		t.Errorf("the audit page does not show the stored signature")
	}
}
