package procedures

import "testing"

func TestStoredPeriodReadsWhatThePagesShow(t *testing.T) {
	for in, want := range map[string]string{
		"Quý III/2025": "2025-Q3", "quý 3/2025": "2025-Q3", "Q3 2025": "2025-Q3", "QUÝ IV / 2025": "2025-Q4",
		"Tháng 09/2025": "2025-09", "9/2025": "2025-09", "2025-Q3": "2025-Q3", "2025": "2025", " 2025-09 ": "2025-09",
		"Quý V/2025": "Quý V/2025", "13/2025": "13/2025",
	} {
		if got := StoredPeriod(in); got != want {
			t.Errorf("StoredPeriod(%q) = %q, want %q", in, got, want)
		}
	}
}
