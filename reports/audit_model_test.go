package reports

import (
	"testing"

	"github.com/crossaudit/crossaudit/checklist"
)

func TestBuildAuditReport(t *testing.T) {
	edited := fixture(14, 3, 2)
	edited.Findings[1].Grade = string(checklist.Major) // the lead raised C02 from minor to major
	issued := fixture(14, 3, 0)
	issued.Issue = &IssueInfo{Number: "12/BC-ĐGNB", Code: "ABCDE-FGHJK", At: fixedDay, Revision: 2, Replaces: "9/BC-ĐGNB", RevisionReason: "Sửa lỗi chính tả"}
	tests := []struct {
		name                         string
		in                           AuditInput
		applicable, favourable       int
		percent                      float64
		ncs, others                  int
		firstGrade, number, replaces string
		draft                        bool
		photos                       int
		majorsIn8                    int
	}{
		// One major counts as three failed items: 10 / (13 + 2).
		{"draft", fixture(14, 3, 2), 13, 10, 1000.0 / 15, 3, 1, "major", "", "", true, 2, 0},
		{"no findings", fixture(5, 0, 0), 4, 4, 100, 0, 1, "", "", "", true, 0, 0},
		{"grade corrected by the lead", edited, 13, 10, 1000.0 / 17, 3, 1, "major", "", "", true, 2, 0}, // two majors
		{"issued revision", issued, 13, 10, 1000.0 / 15, 3, 1, "major", "12/BC-ĐGNB", "9/BC-ĐGNB", false, 0, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := BuildAuditReport(tc.in)
			if got, want := r.Score.Applicable, tc.applicable; got != want {
				t.Errorf("applicable = %d, want %d", got, want)
			}
			if got, want := r.Score.Favourable, tc.favourable; got != want {
				t.Errorf("favourable = %d, want %d", got, want)
			}
			if d := r.Score.Percent - tc.percent; d > 1e-9 || d < -1e-9 {
				t.Errorf("percent = %v, want %v", r.Score.Percent, tc.percent)
			}
			if len(r.NCs) != tc.ncs || len(r.Others) != tc.others {
				t.Errorf("ncs, others = %d, %d; want %d, %d", len(r.NCs), len(r.Others), tc.ncs, tc.others)
			}
			if tc.ncs > 0 && r.NCs[0].Grade != tc.firstGrade {
				t.Errorf("first nonconformity %s, want %s (majors first)", r.NCs[0].Grade, tc.firstGrade)
			}
			if r.Number != tc.number || r.Replaces != tc.replaces || r.Draft != tc.draft {
				t.Errorf("number %q replaces %q draft %v", r.Number, r.Replaces, r.Draft)
			}
			photos := 0
			for _, nc := range r.NCs {
				photos += len(nc.Photos)
			}
			if photos != tc.photos {
				t.Errorf("%d photos, want %d", photos, tc.photos)
			}
			if len(r.Items) != len(tc.in.Sheet.Items()) {
				t.Errorf("findings table has %d rows, want every item", len(r.Items))
			}
			total := 0
			for _, c := range r.ByClause {
				total += c.Total
			}
			if total != len(r.Items) {
				t.Errorf("by clause counts %d items, want %d", total, len(r.Items))
			}
		})
	}
	t.Run("corrected grade shows in the findings table", func(t *testing.T) {
		r := BuildAuditReport(edited)
		for _, it := range r.Items {
			if it.Code == "C02" && it.Result != checklist.Major {
				t.Errorf("C02 shows %s, want the corrected grade", it.Result)
			}
		}
		if r.NCs[0].Item != "C01" || r.NCs[1].Item != "C02" {
			t.Errorf("majors first in checklist order: %s, %s", r.NCs[0].Item, r.NCs[1].Item)
		}
	})
	t.Run("disagreement recorded", func(t *testing.T) {
		r := BuildAuditReport(fixture(5, 1, 0))
		if r.Agreed == nil || *r.Agreed || r.Disagreement == "" {
			t.Errorf("agreed %v, disagreement %q", r.Agreed, r.Disagreement)
		}
	})
}
