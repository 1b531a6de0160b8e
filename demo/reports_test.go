package demo_test

import (
	"crypto/sha256"
	"encoding/hex"
	"testing"
	"time"
)

// The demo's issued reports (CONTRACT.md): every audit of last year's
// programme and two of this year's with nonconformities, stored with
// the hash of their bytes and a verification code; two of this year's
// submitted audits stay waiting for the office.
func TestDemoReports(t *testing.T) {
	d, _ := loaded(t)
	year := time.Now().Year()
	count := func(q string, args ...any) int {
		t.Helper()
		var n int
		if err := d.R.QueryRow(q, args...).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	byYear := `SELECT COUNT(*) FROM audits a JOIN rounds r ON r.id = a.round_id JOIN programmes p ON p.id = r.programme_id
		WHERE p.year = ? AND a.status = ?`
	if got := count(byYear, year-1, "issued"); got != 15 {
		t.Errorf("last year: %d issued audits, want 15", got)
	}
	if got := count(byYear, year, "issued"); got != 2 {
		t.Errorf("this year: %d issued audits, want 2", got)
	}
	if got := count(byYear, year, "submitted"); got < 2 {
		t.Errorf("this year: %d submitted audits waiting for the office, want at least 2", got)
	}
	if got := count(byYear+` AND EXISTS (SELECT 1 FROM findings f WHERE f.audit_id = a.id AND f.grade IN ('minor', 'major'))`, year, "issued"); got != 2 {
		t.Errorf("this year: %d issued audits with a nonconformity, want 2", got)
	}
	// This year's issued reports show photos of what their nonconformities
	// found.
	withPhotos := byYear + ` AND EXISTS (SELECT 1 FROM attachments x JOIN findings f ON f.audit_id = x.audit_id AND f.item_code = x.item_code
		WHERE x.audit_id = a.id AND f.grade IN ('minor', 'major') AND x.content_type = 'image/jpeg')`
	if got := count(withPhotos, year, "issued"); got != 2 {
		t.Errorf("this year: %d issued audits with photos of their nonconformities, want 2", got)
	}
	var images int
	if err := d.R.QueryRow(`SELECT COUNT(*) FROM issued_reports r JOIN issued_report_blobs b ON b.report_id = r.id
		JOIN audits a ON a.id = r.audit_id JOIN rounds o ON o.id = a.round_id JOIN programmes p ON p.id = o.programme_id
		WHERE p.year = ? AND instr(b.data, '/Subtype /Image') > 0`, year).Scan(&images); err != nil || images != 2 {
		t.Errorf("this year: %d issued PDFs with images (%v), want 2", images, err)
	}
	if got := count(`SELECT COUNT(*) FROM audits a WHERE a.status = 'issued' AND NOT EXISTS (SELECT 1 FROM issued_reports r
		WHERE r.audit_id = a.id)`); got != 0 {
		t.Errorf("%d issued audits without a stored report", got)
	}
	if got := count(`SELECT COUNT(DISTINCT number) FROM issued_reports`); got != 17 {
		t.Errorf("%d distinct report numbers, want 17", got)
	}
	rows, err := d.R.Query(`SELECT r.sha256, r.code, b.data FROM issued_reports r JOIN issued_report_blobs b ON b.report_id = r.id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var hash, code string
		var pdf []byte
		if err := rows.Scan(&hash, &code, &pdf); err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(pdf)
		if hex.EncodeToString(sum[:]) != hash || len(code) != 11 || string(pdf[:5]) != "%PDF-" {
			t.Errorf("report %s: stored hash or bytes do not match", code)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
}
