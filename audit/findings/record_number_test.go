package findings_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/crossaudit/crossaudit/audit/findings"
	"github.com/crossaudit/crossaudit/internal/db"
	"github.com/crossaudit/crossaudit/internal/webtest"
)

// numbersDB is a fresh database with two owners, its clock set to a day
// of 2026 in Hà Nội.
func numbersDB(t *testing.T) (*db.DB, *time.Time) {
	t.Helper()
	d := webtest.OpenDB(t)
	now := time.Date(2026, 3, 2, 3, 0, 0, 0, time.UTC)
	d.Now = func() time.Time { return now }
	for _, name := range []string{"UBND huyện Đức Trọng", "UBND huyện Lâm Hà"} {
		if _, err := d.W.Exec(`INSERT INTO owners (name, created_at) VALUES (?, '2026-01-01T00:00:00Z')`, name); err != nil {
			t.Fatal(err)
		}
	}
	return d, &now
}

// Numbers run per owner, kind and year; a reprint gets its number back,
// even in a later year; a number is never changed or deleted.
func TestFormNumbers(t *testing.T) {
	d, now := numbersDB(t)
	n := &findings.Numbers{DB: d}
	ctx := context.Background()
	steps := []struct {
		kind           findings.FormKind
		subject, owner int64
		want           string
		year           int
	}{
		{findings.FormMinutes, 10, 1, "1/BB-ĐGNB", 2026},
		{findings.FormMinutes, 10, 1, "1/BB-ĐGNB", 2026}, // reprint
		{findings.FormMinutes, 11, 1, "2/BB-ĐGNB", 2026},
		{findings.FormCARequest, 10, 1, "1/PYC-HĐKP", 2026}, // another kind, its own sequence
		{findings.FormCARequest, 11, 1, "2/PYC-HĐKP", 2026},
		{findings.FormMinutes, 12, 2, "1/BB-ĐGNB", 2026}, // another owner
	}
	for i, s := range steps {
		got, err := n.Number(ctx, s.kind, s.subject, s.owner)
		if err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
		if got.Number != s.want || got.Year != s.year {
			t.Errorf("step %d: %s %d → %s (%d), want %s (%d)", i, s.kind, s.subject, got.Number, got.Year, s.want, s.year)
		}
	}
	// 31 December 2026, 18:00 UTC is already 2027 in Hà Nội.
	*now = time.Date(2026, 12, 31, 18, 0, 0, 0, time.UTC)
	if got, _ := n.Number(ctx, findings.FormMinutes, 13, 1); got.Number != "1/BB-ĐGNB" || got.Year != 2027 {
		t.Errorf("first minutes of 2027: %s (%d)", got.Number, got.Year)
	}
	if got, _ := n.Number(ctx, findings.FormMinutes, 11, 1); got.Number != "2/BB-ĐGNB" || got.Year != 2026 {
		t.Errorf("a reprint in 2027 of 2026's minutes: %s (%d)", got.Number, got.Year)
	}
	if _, err := d.W.Exec(`UPDATE form_numbers SET number = 'x'`); err == nil {
		t.Error("a number was changed")
	}
	if _, err := d.W.Exec(`DELETE FROM form_numbers`); err == nil {
		t.Error("a number was deleted")
	}
}

// Asked at once by many, a record gets one number, and different
// documents get different numbers with no gap.
func TestFormNumbersConcurrent(t *testing.T) {
	d, _ := numbersDB(t)
	n := &findings.Numbers{DB: d}
	const k = 8
	same := make([]string, k)
	distinct := make([]string, k)
	var wg sync.WaitGroup
	for i := range k {
		wg.Add(2)
		go func() {
			defer wg.Done()
			f, err := n.Number(context.Background(), findings.FormMinutes, 99, 1)
			if err != nil {
				t.Error(err)
			}
			same[i] = f.Number
		}()
		go func() {
			defer wg.Done()
			f, err := n.Number(context.Background(), findings.FormCARequest, int64(100+i), 1)
			if err != nil {
				t.Error(err)
			}
			distinct[i] = f.Number
		}()
	}
	wg.Wait()
	seen := map[string]bool{}
	for i := range k {
		if same[i] != "1/BB-ĐGNB" {
			t.Errorf("the same minutes numbered at once got %q", same[i])
		}
		seen[distinct[i]] = true
	}
	for i := 1; i <= k; i++ {
		if !seen[fmt.Sprintf("%d/PYC-HĐKP", i)] {
			t.Errorf("requests numbered %v: %d/PYC-HĐKP missing", distinct, i)
		}
	}
}
