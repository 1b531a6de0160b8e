package pdftest

import (
	"fmt"
	"testing"
)

// recorder is a test that records how it would have ended instead of
// ending.
type recorder struct {
	testing.TB
	skipped, failed string
}

func (r *recorder) Helper() {}

func (r *recorder) Skipf(format string, args ...any) { r.skipped = fmt.Sprintf(format, args...) }

func (r *recorder) Fatalf(format string, args ...any) { r.failed = fmt.Sprintf(format, args...) }

// A missing tool skips the test, unless CROSSAUDIT_PDF=1 makes it a
// failure.
func TestMissingToolSkipsUnlessRequired(t *testing.T) {
	const missing = "crossaudit-no-such-pdf-tool"
	t.Setenv(Required, "")
	r := &recorder{TB: t}
	Tool(r, missing)
	if r.skipped == "" || r.failed != "" {
		t.Errorf("without %s=1: skipped %q, failed %q; want a skip", Required, r.skipped, r.failed)
	}
	if Have(r, missing) {
		t.Error("Have reports a missing tool")
	}

	t.Setenv(Required, "1")
	r = &recorder{TB: t}
	Tool(r, missing)
	if r.failed == "" { // a real test ends there: the skip after it is not reached
		t.Errorf("with %s=1: not failed; want a failure", Required)
	}
	r = &recorder{TB: t}
	if Have(r, missing) || r.failed == "" {
		t.Errorf("with %s=1, Have: failed %q; want a failure", Required, r.failed)
	}
}
