package dashboard_test

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"html"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/crossaudit/crossaudit/internal/webtest"
)

// readCSV reads an export's CSV, checking its byte-order mark.
func readCSV(t *testing.T, path string, body []byte) [][]string {
	t.Helper()
	if !bytes.HasPrefix(body, []byte("\xEF\xBB\xBF")) {
		t.Errorf("%s: the CSV lacks the byte-order mark", path)
	}
	records, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(body, []byte("\xEF\xBB\xBF")))).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return records
}

// fetch GETs an export and checks that it is a download of the format.
func fetch(t *testing.T, c *webtest.Client, path string) []byte {
	t.Helper()
	resp, body := c.Do(http.MethodGet, path, nil)
	if resp.StatusCode != 200 {
		t.Fatalf("%s: %d %s", path, resp.StatusCode, body)
	}
	ext := "." + path[strings.LastIndex(path, "format=")+len("format="):][:3]
	if ext == ".xls" {
		ext = ".xlsx"
	}
	if cd := resp.Header.Get("Content-Disposition"); !strings.Contains(cd, ext+`"`) {
		t.Errorf("%s: Content-Disposition %q", path, cd)
	}
	if ext == ".csv" && !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") {
		t.Errorf("%s: Content-Type %q", path, resp.Header.Get("Content-Type"))
	}
	return body
}

// sheetOf opens an XLSX export's one sheet.
func sheetOf(t *testing.T, path string, body []byte) (*excelize.File, string) {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(body))
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	t.Cleanup(func() { f.Close() })
	return f, f.GetSheetName(0)
}

// Every export, in both formats, read back: Vietnamese headers, sheet names
// and words by default; the XLSX as Excel shows it (numbers, one-decimal
// scores, dd/mm/yyyy days) equals the CSV cell by cell; both hold what the
// filter asks.
func TestExportsReadBackInVietnamese(t *testing.T) {
	a := newApp(t)
	ids := fair.build(t, a)
	users(a)
	c := a.Login("office", webtest.Password)
	sheets := map[string]string{"nonconformities": "Sổ theo dõi điểm không phù hợp", "results": "Kết quả đánh giá",
		"actions": "Hành động khắc phục", "league": "Bảng xếp hạng"}
	firstColumns := map[string]string{
		"nonconformities": "Số điểm không phù hợp,Vòng,Số cuộc đánh giá,Mã đơn vị được đánh giá,Đơn vị được đánh giá,Mã đơn vị đánh giá,Đơn vị đánh giá,Điều khoản,Mã câu hỏi,Mức độ,Nội dung không phù hợp,Mã trạng thái,Trạng thái,Hạn nộp kế hoạch khắc phục,Quá hạn,Lặp lại điểm không phù hợp số",
		"results":         "Số cuộc đánh giá,Vòng,Mã đơn vị đánh giá,Đơn vị đánh giá,Mã đơn vị được đánh giá,Đơn vị được đánh giá,Mã trạng thái,Trạng thái,Ngày dự kiến,Số câu áp dụng,Phù hợp,Điểm lưu ý,Cơ hội cải tiến,Không phù hợp nhẹ,Không phù hợp nặng,Không áp dụng,Điểm (%)",
		"actions":         "Số điểm không phù hợp,Số cuộc đánh giá,Mã đơn vị được đánh giá,Đơn vị được đánh giá,Mức độ,Mã trạng thái,Trạng thái,Hạn nộp kế hoạch khắc phục,Quá hạn,Đã đóng,Đóng đúng hạn,Ngày đóng",
		"league":          "Hạng,Mã đơn vị,Đơn vị,Vòng,Điểm (%),Số câu áp dụng,Số câu không phù hợp,Không phù hợp nhẹ,Không phù hợp nặng,Thay đổi so với lần trước (điểm %),Số cuộc đánh giá,Gộp từ (mã đơn vị),Gộp từ,Kết quả từ cuộc đánh giá bị đánh dấu dễ dãi",
	}
	for _, kind := range []string{"nonconformities", "results", "actions", "league"} {
		for _, filter := range []string{"", "&unit=U003"} {
			base := fmt.Sprintf("/dashboard/export/%s?programme=%d%s", kind, ids[2026], filter)
			records := readCSV(t, base, fetch(t, c, base+"&format=csv"))
			if got := strings.Join(records[0], ","); got != firstColumns[kind] {
				t.Errorf("%s: header\n %s\nwant\n %s", base, got, firstColumns[kind])
			}
			f, sheet := sheetOf(t, base, fetch(t, c, base+"&format=xlsx"))
			if sheet != sheets[kind] {
				t.Errorf("%s: sheet %q, want %q", base, sheet, sheets[kind])
			}
			rows, err := f.GetRows(sheet)
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
			col := slices.Index(records[0], "Mã đơn vị được đánh giá")
			nameCol := slices.Index(records[0], "Đơn vị được đánh giá")
			if kind == "league" { // one row per unit standing now
				col, nameCol = slices.Index(records[0], "Mã đơn vị"), slices.Index(records[0], "Đơn vị")
			}
			for _, r := range records[1:] {
				if filter != "" && r[col] != "U003" {
					t.Errorf("%s: a row of %s", base, r[col])
				}
				if !strings.HasPrefix(r[nameCol], "Xã Đức Thạnh số ") {
					t.Errorf("%s: unit name %q", base, r[nameCol])
				}
			}
			body := strings.Join(slices.Concat(records...), "|")
			if kind == "nonconformities" && !strings.Contains(body, "Hồ sơ lĩnh vực hộ tịch chưa đúng quy trình") {
				t.Errorf("%s: the statements are not in the export", base)
			}
			// No English machine words left in the values: grades,
			// yes and no, statuses and days in Vietnamese.
			for _, r := range records[1:] {
				for _, v := range r {
					if slices.Contains([]string{"minor", "major", "yes", "no", "Minor nonconformity"}, v) ||
						regexp.MustCompile(`^\d{4}-\d\d-\d\d$`).MatchString(v) {
						t.Errorf("%s: %q in Vietnamese: %q", base, v, r)
					}
				}
			}
			switch kind {
			case "nonconformities", "actions":
				if !strings.Contains(body, "|Không phù hợp nhẹ|") || !strings.Contains(body, "|Không|") || !strings.Contains(body, "|15/01/2027|") {
					t.Errorf("%s: grades, yes/no or due days not in Vietnamese: %q", base, records[1])
				}
			case "results":
				if !regexp.MustCompile(`\|\d\d/06/2026\|`).MatchString(body) || !regexp.MustCompile(`\|\d+\.\d\|`).MatchString(body) {
					t.Errorf("%s: planned days or one-decimal scores missing: %q", base, records[1])
				}
			}
			// Each status as its code and the word the pages use.
			if kind != "league" && !regexp.MustCompile(`\|(submitted\|Đã nộp kết quả|open\|Mới mở|closed\|Đã đóng)\|`).MatchString(body) {
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

// ?lang=en gives the same columns with English headers and words, and ISO
// days in the CSV; lang=vi is the default made explicit.
func TestExportsInEnglishWithLangEn(t *testing.T) {
	a := newApp(t)
	ids := fair.build(t, a)
	users(a)
	c := a.Login("office", webtest.Password)
	base := fmt.Sprintf("/dashboard/export/nonconformities?programme=%d&unit=U003", ids[2026])
	en := readCSV(t, base, fetch(t, c, base+"&format=csv&lang=en"))
	vi := readCSV(t, base, fetch(t, c, base+"&format=csv"))
	if explicit := readCSV(t, base, fetch(t, c, base+"&format=csv&lang=vi")); !slices.EqualFunc(explicit, vi, slices.Equal) {
		t.Error("lang=vi differs from the default")
	}
	want := "Nonconformity no.,Round,Audit no.,Audited unit code,Audited unit,Auditing unit code,Auditing unit,Clause,Item,Grade,Statement,Status code,Status,Action plan due,Overdue,Repeat of no."
	if got := strings.Join(en[0], ","); got != want {
		t.Errorf("English header\n %s\nwant\n %s", got, want)
	}
	if len(en) != len(vi) || len(en) < 2 {
		t.Fatalf("%d English rows, %d Vietnamese", len(en), len(vi))
	}
	for i, r := range en[1:] {
		v := vi[i+1]
		// The same record: ids, codes, names and statements are the same.
		for _, j := range []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 15} {
			if r[j] != v[j] {
				t.Errorf("column %s: %q in English, %q in Vietnamese", en[0][j], r[j], v[j])
			}
		}
		if r[9] != "Minor nonconformity" && r[9] != "Major nonconformity" || r[14] != "No" && r[14] != "Yes" ||
			!slices.Contains([]string{"Open", "Closed"}, r[12]) || len(r[13]) != 10 || v[13] != r[13][8:]+"/"+r[13][5:7]+"/"+r[13][:4] {
			t.Errorf("English row %q (Vietnamese %q)", r, v)
		}
	}
	f, sheet := sheetOf(t, base, fetch(t, c, base+"&format=xlsx&lang=en"))
	if sheet != "Nonconformity register" {
		t.Errorf("English sheet %q", sheet)
	}
	if h, _ := f.GetCellValue(sheet, "K1"); h != "Statement" {
		t.Errorf("English XLSX header K1 %q", h)
	}
	// English league: Yes/No for the fairness flag.
	league := readCSV(t, base, fetch(t, c, fmt.Sprintf("/dashboard/export/league?programme=%d&format=csv&lang=en", ids[2026])))
	if last := league[0][len(league[0])-1]; last != "Result from an audit flagged as lenient" || league[1][len(league[1])-1] != "No" {
		t.Errorf("English league flag column %q, first row %q", last, league[1])
	}
}

// The XLSX cells are typed: ids and counts numbers, scores numbers shown
// with one decimal, days real dates shown dd/mm/yyyy, text as text with its
// Vietnamese letters; the header bold and frozen, columns as wide as their
// content.
func TestExportXLSXCellsAreTyped(t *testing.T) {
	a := newApp(t)
	ids := fair.build(t, a)
	users(a)
	c := a.Login("office", webtest.Password)
	path := fmt.Sprintf("/dashboard/export/nonconformities?programme=%d&format=xlsx", ids[2026])
	f, sheet := sheetOf(t, path, fetch(t, c, path))
	raw := excelize.Options{RawCellValue: true}
	numFmt := func(cell string) string {
		id, err := f.GetCellStyle(sheet, cell)
		if err != nil {
			t.Fatal(err)
		}
		st, err := f.GetStyle(id)
		if err != nil {
			t.Fatal(err)
		}
		if st.CustomNumFmt != nil {
			return *st.CustomNumFmt
		}
		return strconv.Itoa(st.NumFmt)
	}
	number := func(cell string) float64 {
		t.Helper()
		typ, err := f.GetCellType(sheet, cell)
		v, _ := f.GetCellValue(sheet, cell, raw)
		n, perr := strconv.ParseFloat(v, 64)
		if err != nil || (typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber) || perr != nil {
			t.Errorf("%s: type %v, %q is not a number", cell, typ, v)
		}
		return n
	}
	text := func(cell string) string {
		t.Helper()
		typ, _ := f.GetCellType(sheet, cell)
		v, _ := f.GetCellValue(sheet, cell)
		if typ != excelize.CellTypeInlineString && typ != excelize.CellTypeSharedString {
			t.Errorf("%s (%q): type %v, want text", cell, v, typ)
		}
		return v
	}
	// A2… : id, round, audit id as numbers.
	for _, cell := range []string{"A2", "B2", "C2"} {
		if n := number(cell); n < 1 || n != float64(int64(n)) {
			t.Errorf("%s: %v is not a whole id", cell, n)
		}
	}
	if v := text("E2"); !strings.HasPrefix(v, "Xã Đức Thạnh số ") {
		t.Errorf("auditee name %q", v)
	}
	if v := text("J2"); v != "Không phù hợp nhẹ" && v != "Không phù hợp nặng" {
		t.Errorf("grade %q", v)
	}
	if v := text("K2"); !strings.HasPrefix(v, "Hồ sơ lĩnh vực hộ tịch chưa đúng quy trình") {
		t.Errorf("statement %q", v)
	}
	// N2: the plan's due day, 15/01/2027 as a date (Excel's serial 46402).
	if n, format := number("N2"), numFmt("N2"); n != 46402 || format != "dd/mm/yyyy" {
		t.Errorf("plan due: %v formatted %q, want the date 46402 as dd/mm/yyyy", n, format)
	}
	if v, _ := f.GetCellValue(sheet, "N2"); v != "15/01/2027" {
		t.Errorf("plan due shows %q", v)
	}
	// The header: bold, frozen, and the statement's column wider than the
	// round's.
	id, _ := f.GetCellStyle(sheet, "A1")
	if st, _ := f.GetStyle(id); st == nil || st.Font == nil || !st.Font.Bold {
		t.Error("the header is not bold")
	}
	if p, err := f.GetPanes(sheet); err != nil || !p.Freeze || p.YSplit != 1 {
		t.Errorf("the header is not frozen: %+v %v", p, err)
	}
	round, _ := f.GetColWidth(sheet, "B")
	statement, _ := f.GetColWidth(sheet, "K")
	if statement <= round || statement > 60 {
		t.Errorf("column widths: round %v, statement %v", round, statement)
	}
	// Results: the score is a number with one decimal, the planned day a date.
	path = fmt.Sprintf("/dashboard/export/results?programme=%d&format=xlsx", ids[2026])
	f, sheet = sheetOf(t, path, fetch(t, c, path))
	if n, format := number("Q2"), numFmt("Q2"); n <= 0 || n > 100 || format != "0.0" {
		t.Errorf("score %v formatted %q", n, format)
	}
	if v, _ := f.GetCellValue(sheet, "Q2"); !regexp.MustCompile(`^\d+\.\d$`).MatchString(v) {
		t.Errorf("score shows %q", v)
	}
	if format := numFmt("I2"); format != "dd/mm/yyyy" {
		t.Errorf("planned day formatted %q", format)
	}
	if v, _ := f.GetCellValue(sheet, "I2"); !regexp.MustCompile(`^\d\d/06/2026$`).MatchString(v) {
		t.Errorf("planned day shows %q", v)
	}
}

// The page's export links keep its filters and its language.
func TestExportLinksKeepFiltersAndLanguage(t *testing.T) {
	a := newApp(t)
	ids := fair.build(t, a)
	users(a)
	c := a.Login("office", webtest.Password)
	link := regexp.MustCompile(`href="(/dashboard/export/nonconformities\?[^"]*format=csv)"`)
	page := fmt.Sprintf("/dashboard?programme=%d&unit=U003&status=open", ids[2026])
	status, body := c.Page(page)
	m := link.FindStringSubmatch(body)
	if status != 200 || m == nil {
		t.Fatalf("the page: %d, link %v", status, m)
	}
	href := html.UnescapeString(m[1])
	for _, want := range []string{"unit=U003", "status=open", "lang=vi", fmt.Sprintf("programme=%d", ids[2026])} {
		if !strings.Contains(href, want) {
			t.Errorf("the export link %q lacks %s", href, want)
		}
	}
	records := readCSV(t, href, fetch(t, c, href))
	if records[0][0] != "Số điểm không phù hợp" || len(records) < 2 {
		t.Fatalf("the linked export: %q", records)
	}
	for _, r := range records[1:] {
		if r[3] != "U003" || r[11] != "open" {
			t.Errorf("a row outside the filter: %q", r)
		}
	}
	// In English, the links ask for English.
	c.Header = http.Header{"Accept-Language": {"en"}}
	_, body = c.Page(page)
	m = link.FindStringSubmatch(body)
	if m == nil || !strings.Contains(m[1], "lang=en") {
		t.Fatalf("the English page's link %v", m)
	}
	href = html.UnescapeString(m[1])
	if records := readCSV(t, href, fetch(t, c, href)); records[0][0] != "Nonconformity no." {
		t.Errorf("the English page's export: %q", records[0])
	}
}
