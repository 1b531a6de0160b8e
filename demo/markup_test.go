package demo_test

import (
	"bytes"
	"image"
	_ "image/jpeg"
	_ "image/png"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/crossaudit/crossaudit/internal/db"
	"github.com/crossaudit/crossaudit/internal/pdftest"
)

// The demo holds photos marked up on the tablet with their originals: one
// on an audit in progress (the tablet shows it), one on an issued audit's
// nonconformity, whose report prints the marked-up photo, not the original.
func TestDemoMarkedUpPhotos(t *testing.T) {
	d, _ := loaded(t)
	for _, status := range []string{"in_progress", "issued"} {
		var markID, origID, auditID int64
		err := d.R.QueryRow(`SELECT m.id, o.id, m.audit_id FROM attachments m JOIN attachments o ON o.original_of = m.id
			JOIN audits a ON a.id = m.audit_id WHERE a.status = ? ORDER BY m.id LIMIT 1`, status).Scan(&markID, &origID, &auditID)
		if err != nil {
			t.Fatalf("no marked-up photo with its original on an audit %s: %v", status, err)
		}
		marked, original := blob(t, d, markID), blob(t, d, origID)
		// The arrow's shaft crosses (170, 240): red on the mark-up only.
		if !redAt(marked, 170.0/640, 240.0/480) || redAt(original, 170.0/640, 240.0/480) {
			t.Errorf("%s: the mark-up does not show the arrow over its original", status)
		}
		if status != "issued" {
			continue
		}
		var pdf []byte
		if err := d.R.QueryRow(`SELECT b.data FROM issued_report_blobs b JOIN issued_reports r ON r.id = b.report_id
			WHERE r.audit_id = ? ORDER BY r.revision DESC LIMIT 1`, auditID).Scan(&pdf); err != nil {
			t.Fatal(err)
		}
		images := pdfImages(t, pdf)
		arrows, photos := 0, 0
		for _, img := range images {
			if isPhoto(img) {
				photos++
			}
			if redAt(img, 170.0/640, 240.0/480) {
				arrows++
			}
		}
		var shown int
		if err := d.R.QueryRow(`SELECT COUNT(*) FROM attachments t WHERE t.audit_id = ? AND t.original_of IS NULL AND t.content_type = 'image/jpeg'
			AND EXISTS (SELECT 1 FROM findings f WHERE f.audit_id = t.audit_id AND f.item_code = t.item_code)`, auditID).Scan(&shown); err != nil {
			t.Fatal(err)
		}
		if arrows != 1 || photos != shown {
			t.Errorf("the issued report prints %d photos, %d with the arrow; want the %d shown on the items, the mark-up once and no original", photos, arrows, shown)
		}
	}
}

func blob(t *testing.T, d *db.DB, id int64) []byte {
	t.Helper()
	var b []byte
	if err := d.R.QueryRow(`SELECT data FROM attachment_blobs WHERE attachment_id = ?`, id).Scan(&b); err != nil {
		t.Fatal(err)
	}
	return b
}

// redAt reports whether the image is red at (fx, fy), fractions of its size.
func redAt(data []byte, fx, fy float64) bool {
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return false
	}
	b := img.Bounds()
	if b.Dx()*3 != b.Dy()*4 { // only the 4:3 photos
		return false
	}
	r, g, bl, _ := img.At(b.Min.X+int(fx*float64(b.Dx())), b.Min.Y+int(fy*float64(b.Dy()))).RGBA()
	return r > 0x9000 && g < 0x6000 && bl < 0x6000
}

// isPhoto reports whether an image is one of the demo's 4:3 photos.
func isPhoto(data []byte) bool {
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	return err == nil && cfg.Width*3 == cfg.Height*4
}

// pdfImages extracts the images of a PDF (poppler's pdfimages).
func pdfImages(t *testing.T, pdf []byte) [][]byte {
	t.Helper()
	tool := pdftest.Tool(t, "pdfimages")
	dir := t.TempDir()
	in := filepath.Join(dir, "in.pdf")
	if err := os.WriteFile(in, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(tool, "-png", in, filepath.Join(dir, "img")).CombinedOutput(); err != nil {
		t.Fatalf("pdfimages: %v %s", err, out)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "img-*.png"))
	var out [][]byte
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, b)
	}
	return out
}
