package dashboard_test

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/crossaudit/crossaudit/internal/webtest"
)

// Every export, in both formats, read back: the XLSX cell by cell equals
// the CSV, Vietnamese included, and both hold what the filter asks.
func TestExportsReadBackValueByValue(t *testing.T) {
	a := newApp(t)
	ids := fair.build(t, a)
	users(a)
	c := a.Login("office", webtest.Password)
	for _, kind := range []string{"nonconformities", "results", "actions", "league"} {
		for _, filter := range []string{"", "&unit=U003"} {
			base := fmt.Sprintf("/dashboard/export/%s?programme=%d%s", kind, ids[2026], filter)
			resp, csvBody := c.Do(http.MethodGet, base+"&format=csv", nil)
			if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") {
				t.Fatalf("%s csv: %d %s", base, resp.StatusCode, resp.Header.Get("Content-Type"))
			}
			if !bytes.HasPrefix(csvBody, []byte("\xEF\xBB\xBF")) {
				t.Errorf("%s: the CSV lacks the byte-order mark", base)
			}
			records, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(csvBody, []byte("\xEF\xBB\xBF")))).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			resp, xlsxBody := c.Do(http.MethodGet, base+"&format=xlsx", nil)
			if resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Content-Disposition"), ".xlsx") {
				t.Fatalf("%s xlsx: %d", base, resp.StatusCode)
			}
			f, err := excelize.OpenReader(bytes.NewReader(xlsxBody))
			if err != nil {
				t.Fatal(err)
			}
			rows, err := f.GetRows(kind)
			f.Close()
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) != len(records) || len(rows) < 2 {
				t.Fatalf("%s: %d XLSX rows, %d CSV rows", base, len(rows), len(records))
			}
			for i := range records {
				got := rows[i]
				for len(got) < len(records[i]) {
					got = append(got, "") // excelize drops empty trailing cells
				}
				if !slices.Equal(got, records[i]) {
					t.Errorf("%s row %d:\n xlsx %q\n csv  %q", base, i+1, got, records[i])
				}
			}
			col := slices.Index(records[0], "auditee_unit")
			nameCol := slices.Index(records[0], "auditee_name")
			if kind == "league" { // one row per unit standing now
				col, nameCol = slices.Index(records[0], "unit"), slices.Index(records[0], "name")
			}
			for _, r := range records[1:] {
				if filter != "" && r[col] != "U003" {
					t.Errorf("%s: a row of %s", base, r[col])
				}
				if !strings.HasPrefix(r[nameCol], "Xã Đức Thạnh số ") {
					t.Errorf("%s: unit name %q", base, r[nameCol])
				}
			}
			if kind == "nonconformities" && !strings.Contains(string(csvBody), "Hồ sơ lĩnh vực hộ tịch chưa đúng quy trình") {
				t.Errorf("%s: the statements are not in the export", base)
			}
			// Each status as its code and the word the pages use.
			if kind != "league" && (!strings.Contains(string(csvBody), ",status,status_name,") ||
				!regexp.MustCompile(`,(submitted,Đã nộp kết quả|issued,Đã ban hành báo cáo|open,Mới mở|cause_analysed,Đã phân tích nguyên nhân|closed,Đã đóng),`).Match(csvBody)) {
				t.Errorf("%s: the statuses are not in words", base)
			}
		}
	}
	// A filter matching nothing exports the header alone.
	_, body := c.Do(http.MethodGet, fmt.Sprintf("/dashboard/export/actions?programme=%d&status=verified&format=csv", ids[2026]), nil)
	if lines := strings.Count(string(body), "\n"); lines != 1 {
		t.Errorf("an export matching nothing has %d lines", lines)
	}
}
