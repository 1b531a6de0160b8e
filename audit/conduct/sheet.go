package conduct

import (
	"github.com/crossaudit/crossaudit/checklist"
)

// Sheet is an audit's checklist as the team fills it in: the pinned
// version's items grouped by the clause that groups them (in the
// checklist's order), under the standard's sections, each with its answer
// and attachments, and how far the team has got.
type Sheet struct {
	Sections []*Section
	Answered int
	Total    int
}

// Section is a top-level clause (4…10, or VN) with its clause groups.
type Section struct {
	Clause   checklist.Clause
	Groups   []*Group
	Answered int
	Total    int
}

// Group is the items one clause groups.
type Group struct {
	Clause   checklist.Clause
	Items    []*SheetItem
	Answered int
	Total    int
}

// SheetItem is one item of the sheet with its answer (Version 0 when none).
type SheetItem struct {
	checklist.Item
	Answer      Answer
	Suggested   checklist.Result
	Override    bool
	Excluded    string // why the checklist version excludes the item's clause, "" when it does not
	Attachments []Attachment
}

// Percent is the share of items answered, for the progress bars.
func (s *Sheet) Percent() int { return Percent(s.Answered, s.Total) }

// Percent is the share of the section's items answered.
func (s *Section) Percent() int { return Percent(s.Answered, s.Total) }

func Percent(n, total int) int {
	if total == 0 {
		return 0
	}
	return n * 100 / total
}

// Items returns every item of the sheet in order.
func (s *Sheet) Items() []*SheetItem {
	var out []*SheetItem
	for _, sec := range s.Sections {
		for _, g := range sec.Groups {
			out = append(out, g.Items...)
		}
	}
	return out
}

// NewSheet builds the sheet of version v with the answers and attachments
// keyed by item code; clauses gives the titles.
func NewSheet(v *checklist.Version, clauses []checklist.Clause, answers map[string]Answer, atts map[string][]Attachment) *Sheet {
	titles := make(map[string]checklist.Clause, len(clauses))
	for _, c := range clauses {
		titles[c.Code] = c
	}
	clause := func(code string) checklist.Clause {
		if c, ok := titles[code]; ok {
			return c
		}
		return checklist.Clause{Code: code, TitleVI: code, TitleEN: code}
	}
	s := &Sheet{}
	sections := map[string]*Section{}
	groups := map[string]*Group{}
	for _, it := range v.Items {
		sec := sections[it.Section()]
		if sec == nil {
			sec = &Section{Clause: clause(it.Section())}
			sections[it.Section()] = sec
			s.Sections = append(s.Sections, sec)
		}
		g := groups[it.GroupClause()]
		if g == nil {
			g = &Group{Clause: clause(it.GroupClause())}
			groups[it.GroupClause()] = g
			sec.Groups = append(sec.Groups, g)
		}
		si := &SheetItem{Item: it, Answer: answers[it.Code], Attachments: atts[it.Code]}
		si.Suggested, si.Override = Suggested(it, si.Answer), Overrides(it, si.Answer)
		si.Excluded, _ = v.Exclusion(it)
		g.Items = append(g.Items, si)
		n := 0
		if si.Answer.Answered() {
			n = 1
		}
		g.Answered, sec.Answered, s.Answered = g.Answered+n, sec.Answered+n, s.Answered+n
		g.Total, sec.Total, s.Total = g.Total+1, sec.Total+1, s.Total+1
	}
	return s
}

// Progress is how many items have a result.
type Progress struct {
	Answered int `json:"answered"`
	Total    int `json:"total"`
}
