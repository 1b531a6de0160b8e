package procedures

import (
	"strconv"
	"strings"
)

// A stored list (table procedure_lists) is one text: a line per row, its
// fields separated by tabs in this order: the file's line, code, name,
// process_code, version, effective_date.

// flat makes a field fit the format: tabs and line breaks become spaces.
// Names are compared with runs of white space collapsed, so nothing that
// matters is lost.
var flat = strings.NewReplacer("\t", " ", "\n", " ", "\r", " ")

// encodeList writes rows as a stored list.
func encodeList(rows []listRow) string {
	var b strings.Builder
	for _, r := range rows {
		b.WriteString(strconv.Itoa(r.Line))
		for _, f := range []string{r.Code, r.Name, r.ProcessCode, r.Version, r.EffectiveDate} {
			b.WriteByte('\t')
			b.WriteString(flat.Replace(f))
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// storedRow is one row of a stored list, its fields slices of the list's
// text, so that reading a list allocates nothing per row.
type storedRow struct {
	Code, Name, EffectiveDate string
}

// eachRow calls fn with every row of a stored list.
func eachRow(body string, fn func(storedRow)) {
	for body != "" {
		line, rest, _ := strings.Cut(body, "\n")
		body = rest
		_, line, _ = strings.Cut(line, "\t") // the file's line
		var r storedRow
		r.Code, line, _ = strings.Cut(line, "\t")
		r.Name, line, _ = strings.Cut(line, "\t")
		_, line, _ = strings.Cut(line, "\t") // process_code
		_, line, _ = strings.Cut(line, "\t") // version
		r.EffectiveDate, _, _ = strings.Cut(line, "\t")
		fn(r)
	}
}
