package reconcile_test

import (
	"bytes"
	"errors"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/crossaudit/crossaudit/audit/reconcile"
)

// addSeeds gives a fuzz target valid and broken files of every kind, so
// that plain `go test` runs them as regression cases.
func addSeeds(f *testing.F, rows [][]string) {
	good := csvOf(rows...)
	f.Add([]byte(good))
	f.Add([]byte("\ufeff" + good))
	f.Add(bytes.ReplaceAll([]byte(good), []byte(","), []byte(";")))
	f.Add([]byte(rows[0][0] + "\n"))
	f.Add([]byte(""))
	f.Add([]byte("\n\n"))
	f.Add([]byte("a,\"b\nc"))
	f.Add([]byte("\x89PNG\r\n\x1a\n"))
	f.Add([]byte("PK\x03\x04"))
	f.Add([]byte(good + "X,1.001,\xff\xfe,31/02/2024,60\n"))
	cells := make([][]any, len(rows))
	for i, row := range rows {
		for _, c := range row {
			cells[i] = append(cells[i], c)
		}
	}
	f.Add(xlsxOf(f, cells...))
}

// checkReadResult checks the readers' promises: an error is a *FileError
// for the file, and every text read is valid NFC.
func checkReadResult(t *testing.T, err error, texts ...string) {
	t.Helper()
	if err != nil {
		var fe *reconcile.FileError
		if !errors.As(err, &fe) || fe.File != "fuzz.csv" {
			t.Fatalf("error %v (%T) is not a *FileError for fuzz.csv", err, err)
		}
		return
	}
	for _, s := range texts {
		if !utf8.ValidString(s) || !norm.NFC.IsNormalString(s) {
			t.Fatalf("text %q is not valid NFC", s)
		}
	}
}

func FuzzReadCatalogue(f *testing.F) {
	addSeeds(f, fixtureCatalogue)
	f.Fuzz(func(t *testing.T, data []byte) {
		procs, err := reconcile.ReadCatalogue(bytes.NewReader(data), "fuzz.csv")
		var texts []string
		seen := map[string]bool{}
		for _, p := range procs {
			if p.Code == "" || p.Name == "" || p.EffectiveDate.IsZero() || p.Line < 1 || seen[p.Code] {
				t.Fatalf("bad procedure %+v", p)
			}
			seen[p.Code] = true
			texts = append(texts, p.Code, p.Name, p.Field, p.Level)
		}
		checkReadResult(t, err, texts...)
	})
}

func FuzzReadListings(f *testing.F) {
	addSeeds(f, fixturePortal)
	addSeeds(f, fixtureOneStop)
	catalogue := mustCatalogue(f, csvOf(fixtureCatalogue...), "catalogue.csv")
	f.Fuzz(func(t *testing.T, data []byte) {
		list, err := reconcile.ReadListings(bytes.NewReader(data), "fuzz.csv")
		var texts []string
		for _, l := range list {
			if l.Unit == "" || (l.Code == "" && l.Name == "") || l.Line < 1 {
				t.Fatalf("bad listing %+v", l)
			}
			texts = append(texts, l.Unit, l.Code, l.Name)
		}
		checkReadResult(t, err, texts...)
		if err == nil {
			checkReport(t, reconcile.Reconcile(reconcile.Input{Catalogue: catalogue, Portal: list}))
		}
	})
}

func FuzzReadProcesses(f *testing.F) {
	addSeeds(f, fixtureProcesses)
	f.Fuzz(func(t *testing.T, data []byte) {
		procs, err := reconcile.ReadProcesses(bytes.NewReader(data), "fuzz.csv")
		var texts []string
		for _, p := range procs {
			if p.Unit == "" || (p.Code == "" && p.Name == "") || p.EffectiveDate.IsZero() || p.Line < 1 {
				t.Fatalf("bad process %+v", p)
			}
			texts = append(texts, p.Unit, p.Code, p.Name, p.ProcessCode, p.Version)
		}
		checkReadResult(t, err, texts...)
	})
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"01/01/2025", "1/1/2025", "2025-01-01", "45658", "45658.5", "59", "60", "61", "31/02/2024", "0", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := reconcile.ParseDate(s)
		if err != nil {
			return
		}
		// A date read back from its ISO form must be the same day.
		again, err := reconcile.ParseDate(d.Format("2006-01-02"))
		if err != nil || !again.Equal(d) {
			t.Fatalf("ParseDate(%q) = %v, but its ISO form reads as %v, %v", s, d, again, err)
		}
	})
}

// checkReport checks the report's promises: units and lists sorted and
// never nil.
func checkReport(t *testing.T, rep reconcile.Report) {
	t.Helper()
	if rep.Units == nil || !slices.IsSortedFunc(rep.Units, func(a, b reconcile.UnitReport) int {
		return strings.Compare(a.Unit, b.Unit)
	}) {
		t.Fatalf("units nil or unsorted: %+v", rep.Units)
	}
	for _, u := range rep.Units {
		for _, list := range [][]string{u.MissingOnPortal, u.MissingOnOneStop, u.MissingProcess, u.StaleProcess, u.NotInForce} {
			if list == nil || !slices.IsSorted(list) {
				t.Fatalf("unit %s: list nil or unsorted: %#v", u.Unit, list)
			}
		}
		if u.MatchedByName == nil || u.UnmatchedByName == nil || u.AmbiguousByName == nil {
			t.Fatalf("unit %s: nil name list", u.Unit)
		}
	}
}
