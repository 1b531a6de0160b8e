package handlers_test

import (
	"net/http"
	"runtime"
	"sync"
	"testing"

	"github.com/crossaudit/crossaudit/audit/conduct"
	"github.com/crossaudit/crossaudit/internal/imagetest"
	"github.com/crossaudit/crossaudit/internal/webtest"
)

// deepPNG is the attacker's photo: 7 070 × 7 070 at 16 bits a channel,
// under 500 kB on the wire and 400 MB decoded. Made once for the package.
var deepPNG = sync.OnceValue(func() []byte { return imagetest.DeepPNG(7070, 7070) })

// allocated is how many bytes the process allocated while fn ran, freed or
// not, and how many images it decoded meanwhile.
func allocated(fn func()) (bytes uint64, decoded int64) {
	var before, after runtime.MemStats
	d := conduct.Decodes()
	runtime.ReadMemStats(&before)
	fn()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc, conduct.Decodes() - d
}

// refusedDeep checks an upload answered with the image's size, before
// anything was decoded (it would take 400 MB).
func refusedDeep(t *testing.T, what string, resp *http.Response, body []byte, spent uint64, decoded int64, want int) {
	t.Helper()
	if resp.StatusCode != want {
		t.Errorf("%s: %d %s, want %d", what, resp.StatusCode, body, want)
	}
	if want == http.StatusRequestEntityTooLarge {
		if m := webtest.DecodeError(t, body).Error.Fields["file"]; m == nil {
			t.Errorf("%s: the error does not name the file: %s", what, body)
		}
	}
	if decoded != 0 || spent > 64<<20 {
		t.Errorf("%s: %d images decoded, %d MiB allocated", what, decoded, spent>>20)
	}
}

func TestDeepPhotoIsRefusedFromItsHeader(t *testing.T) {
	e := newConductEnv(t)
	var resp *http.Response
	var body []byte
	spent, decoded := allocated(func() {
		resp, body = e.lead.Upload(e.path("/attachments"), "file", "anh-16bit.png", deepPNG(), map[string]string{"item_id": "C25"})
	})
	refusedDeep(t, "photo", resp, body, spent, decoded, http.StatusRequestEntityTooLarge)
	if n := e.count(t, `SELECT COUNT(*) FROM attachments`); n != 0 {
		t.Errorf("%d attachments stored", n)
	}
}

func TestNCEvidenceIsCheckedBeforeItIsDecoded(t *testing.T) {
	e := newNCEnv(t)
	e.setNC(t, e.nc, "plan_accepted", "implemented")
	if _, err := e.app.DB.W.Exec(`DELETE FROM nc_evidence`); err != nil {
		t.Fatal(err)
	}
	path := ncPath(e.nc, "/evidence")
	var resp *http.Response
	var body []byte
	// In the right state, by the right side: refused from the header.
	spent, decoded := allocated(func() {
		resp, body = e.auditeeC.Upload(path, "file", "bang-chung.png", deepPNG(), map[string]string{"kind": "implementation"})
	})
	refusedDeep(t, "implementation evidence", resp, body, spent, decoded, http.StatusRequestEntityTooLarge)
	// Effectiveness evidence is attached once verified: before, the lead's
	// upload is refused without being decoded, whatever it holds.
	for name, file := range map[string][]byte{"deep": deepPNG(), "small": photo(t)} {
		spent, decoded = allocated(func() {
			resp, body = e.lead.Upload(path, "file", "hieu-luc.png", file, map[string]string{"kind": "effectiveness"})
		})
		refusedDeep(t, "effectiveness evidence too early ("+name+")", resp, body, spent, decoded, http.StatusConflict)
	}
	if n := e.count(t, `SELECT COUNT(*) FROM nc_evidence`); n != 0 {
		t.Errorf("%d evidence stored", n)
	}
	// A photo of ordinary depth in the right state is taken.
	if r, b := e.auditeeC.Upload(path, "file", "bang-chung.png", photo(t), map[string]string{"kind": "implementation"}); r.StatusCode != http.StatusCreated {
		t.Errorf("a small photo: %d %s", r.StatusCode, b)
	}
}
