package handlers_test

import (
	"fmt"
	"net/http"
	"testing"
)

// The findings API corrects grades and statements only: the audit's lead
// cannot write the audited unit's analysis through it, whatever the
// workflow's own endpoint would refuse.
func TestFindingPatchCannotWriteTheAnalysis(t *testing.T) {
	e := newNCEnv(t)
	path := fmt.Sprintf("/api/v1/findings/%d", e.nc)
	for _, body := range []map[string]any{
		{"root_cause": "Do đoàn đánh giá tự ghi"},
		{"correction": "Khắc phục ngay"},
		{"similar_cases": "Không có"},
		{"whys": []string{"Vì sao?"}},
	} {
		if r, b := e.lead.Do(http.MethodPatch, path, body); r.StatusCode != http.StatusForbidden {
			t.Errorf("lead writes %v: %d %s", body, r.StatusCode, b)
		}
	}
	if n := e.count(t, `SELECT COUNT(*) FROM findings WHERE id = ? AND (root_cause != '' OR correction != '' OR similar_cases != '')`, e.nc); n != 0 {
		t.Error("the analysis was written")
	}
	if r, b := e.lead.Do(http.MethodPatch, path, map[string]any{"statement": "Chưa nhận diện đầy đủ rủi ro trễ hạn"}); r.StatusCode != http.StatusOK {
		t.Errorf("the lead corrects the statement: %d %s", r.StatusCode, b)
	}
}
