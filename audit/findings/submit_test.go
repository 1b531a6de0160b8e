package findings

import (
	"testing"

	"github.com/crossaudit/crossaudit/audit/conduct"
	"github.com/crossaudit/crossaudit/checklist"
)

func TestSubmitProblemsAndFindings(t *testing.T) {
	v := &checklist.Version{Items: []checklist.Item{
		{Code: "C01", Clause: "4.1", Kind: checklist.KindCheck, TextVI: "Có xác định bối cảnh không?"},
		{Code: "C02", Clause: "4.2", Kind: checklist.KindCheck, TextVI: "Có xác định các bên quan tâm không?"},
		{Code: "C03", Clause: "8.3", Kind: checklist.KindCheck, TextVI: "Thiết kế?"},
		{Code: "T09", Clause: "9.1.1/6.2", Kind: checklist.KindMeasure, TextVI: "Tỷ lệ đúng hạn?", Target: ">=98"},
		{Code: "C04", Clause: "4.3", Kind: checklist.KindCheck, TextVI: "Phạm vi?"},
		{Code: "C05", Clause: "5.1", Kind: checklist.KindCheck, TextVI: "Lãnh đạo?"},
	}, NotApplicable: map[string]string{}}
	answers := map[string]conduct.Answer{
		"C01": {Result: checklist.Minor},
		"C03": {Result: checklist.NA},
		"T09": {Result: checklist.Conform, Value: f64(90)},
		"C04": {Result: checklist.Observation, Note: "Phạm vi chưa cập nhật sau sáp nhập"},
		"C05": {Result: checklist.Major, Note: "Không có quyết định phân công"},
	}
	f := SubmitProblems(conduct.NewSheet(v, nil, answers, nil))
	want := map[string]string{"C01": "submit.evidence", "C02": "submit.unanswered", "C03": "submit.na_reason", "T09": "submit.override_reason"}
	if len(f) != len(want) {
		t.Errorf("problems %v, want %v", f, want)
	}
	for code, key := range want {
		if f[code].Key != key {
			t.Errorf("%s: %q, want %q", code, f[code].Key, key)
		}
	}
	answers["C01"] = conduct.Answer{Result: checklist.Minor, Note: "Chưa rà soát"}
	answers["C02"] = conduct.Answer{Result: checklist.Improvement, Note: "Nên khảo sát người dân"}
	answers["C03"] = conduct.Answer{Result: checklist.NA, Note: "Loại trừ 8.3"}
	answers["T09"] = conduct.Answer{Result: checklist.Minor, Value: f64(90), Note: "90% đúng hạn"}
	s := conduct.NewSheet(v, nil, answers, nil)
	if f := SubmitProblems(s); len(f) != 0 {
		t.Fatalf("still %v", f)
	}
	fs := FindingsOf(s)
	if len(fs) != 5 {
		t.Fatalf("%d findings: %+v", len(fs), fs)
	}
	if fs[0].ItemID != "C01" || fs[0].Grade != "minor" || fs[0].Statement != "Có xác định bối cảnh không?\nChưa rà soát" || fs[0].Evidence != "Chưa rà soát" {
		t.Errorf("first finding %+v", fs[0])
	}
	if fs[3].ItemID != "T09" || fs[3].Clause != "9.1.1" {
		t.Errorf("a finding is grouped by the item's first clause, in the sheet's order: %+v", fs[3])
	}
	ncs := 0
	for _, f := range fs {
		if f.IsNonconformity() {
			ncs++
		}
	}
	if ncs != 3 {
		t.Errorf("%d nonconformities, want 3 (C01, T09, C05)", ncs)
	}
	if s.Answered != 6 || s.Total != 6 || len(s.Sections) != 4 || s.Sections[0].Clause.Code != "4" || len(s.Sections[0].Groups) != 3 {
		t.Errorf("sheet %d/%d, %d sections", s.Answered, s.Total, len(s.Sections))
	}
}

func f64(v float64) *float64 { return &v }
