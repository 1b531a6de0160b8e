package findings

import (
	"strconv"
	"strings"

	"github.com/crossaudit/crossaudit/audit/conduct"
	"github.com/crossaudit/crossaudit/checklist"
)

// Draft is what a nonconformity statement is written from (ISO 19011
// §6.4.8): the requirement (the clause with its title, and the criterion
// of the item: its target for a measure item), the objective evidence
// (the auditor's note and, for a measure, the value found), and whether
// the statement of what is not met was written by the auditor. The audit
// page offers a first draft from it; the report prints its parts.
type Draft struct {
	Clause checklist.Clause
	Item   string // the checklist item's code
	Kind   string // checklist.KindCheck or KindMeasure
	Unit   string // a measure item's unit
	Target string // a measure item's target in canonical form, "" for none
	Value  *float64
	// Evidence is the auditor's note on the item.
	Evidence string
	// Written reports whether the statement is the auditor's own: not
	// empty and not the text submission put there (question and note),
	// which restates the question rather than what is not met.
	Written bool
}

// ClauseTitle is the clause's title in lang, "" when the sheet knows none
// (it then repeats the code).
func (d Draft) ClauseTitle(lang string) string {
	if t := d.Clause.Title(lang); t != d.Clause.Code {
		return t
	}
	return ""
}

// Measured reports whether the draft's criterion is a measure's target.
func (d Draft) Measured() bool { return d.Kind == checklist.KindMeasure && d.Target != "" }

// ValueText writes the value found ("" when none) with a decimal comma
// when comma is set, as Vietnamese text writes it.
func (d Draft) ValueText(comma bool) string {
	if d.Value == nil {
		return ""
	}
	return FormatValue(*d.Value, comma)
}

// FormatValue writes a measured value without trailing zeros, with a
// decimal comma when comma is set.
func FormatValue(v float64, comma bool) string {
	s := strconv.FormatFloat(v, 'f', -1, 64)
	if comma {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// Drafts returns the draft of each finding, by finding ID, from the
// sheet it was submitted from. A finding whose item is no longer on the
// sheet gets its clause code only.
func Drafts(s *conduct.Sheet, fs []Finding) map[int64]Draft {
	clauses := map[string]checklist.Clause{}
	items := map[string]*conduct.SheetItem{}
	if s != nil {
		for _, sec := range s.Sections {
			clauses[sec.Clause.Code] = sec.Clause
			for _, g := range sec.Groups {
				clauses[g.Clause.Code] = g.Clause
				for _, si := range g.Items {
					items[si.Code] = si
				}
			}
		}
	}
	out := make(map[int64]Draft, len(fs))
	for _, f := range fs {
		d := Draft{Clause: checklist.Clause{Code: f.Clause}, Item: f.ItemID, Evidence: f.Evidence}
		if c, ok := clauses[f.Clause]; ok {
			d.Clause = c
		}
		written := strings.TrimSpace(f.Statement) != ""
		if si, ok := items[f.ItemID]; ok {
			d.Kind, d.Unit, d.Value = si.Kind, si.Unit, si.Answer.Value
			if t, err := checklist.ParseTarget(si.Target); err == nil {
				d.Target = t.String()
			}
			written = written && f.Statement != Statement(si.Item, f.Evidence)
		}
		d.Written = written
		out[f.ID] = d
	}
	return out
}

// Translator translates a catalogue key with its arguments in one
// language (web.Page.T, the renderers' t).
type Translator func(key string, kv ...any) string

// targetOps names a target's operator in words: the fonts lack "≥" in
// some styles, and words read as an official writes a target.
var targetOps = map[string]string{">=": "finding.target_ge", "<=": "finding.target_le", ">": "finding.target_gt",
	"<": "finding.target_lt", "=": "finding.target_eq"}

// Quantity writes a number with its unit: "98%", "3 ngày".
func Quantity(n, unit string) string {
	switch unit {
	case "":
		return n
	case "%":
		return n + "%"
	}
	return n + " " + unit
}

// TargetText writes a canonical target (">=98") in words with its unit:
// "tối thiểu 98%"; "" for none.
func TargetText(tr Translator, target, unit string, comma bool) string {
	t, err := checklist.ParseTarget(target)
	if err != nil || !t.Set() {
		return ""
	}
	return tr(targetOps[t.Op], "n", Quantity(FormatValue(t.Value, comma), unit))
}

// Requirement writes the requirement a finding did not meet: the clause
// with its title, and the criterion (a measure's target, or the checklist
// item).
func (d Draft) Requirement(tr Translator, lang string, comma bool) string {
	clause := strings.TrimSpace(d.Clause.Code + " " + d.ClauseTitle(lang))
	criterion := tr("finding.criterion_item", "item", d.Item)
	if d.Measured() {
		criterion = tr("finding.criterion_measure", "item", d.Item, "target", TargetText(tr, d.Target, d.Unit, comma))
	}
	return clause + " — " + criterion
}

// EvidenceText writes the objective evidence: the auditor's note and, for
// a measure, the value found.
func (d Draft) EvidenceText(tr Translator, comma bool) string {
	ev := strings.TrimSpace(d.Evidence)
	if d.Value == nil {
		return ev
	}
	v := tr("finding.value_found", "value", Quantity(d.ValueText(comma), d.Unit))
	if ev == "" {
		return v
	}
	return strings.TrimRight(ev, ".") + ". " + v
}

// Suggestion is a first draft of the statement for the auditor to edit
// (never printed as written): the requirement, the evidence, and a place
// for what is not met, which only the auditor can say.
func (d Draft) Suggestion(tr Translator, lang string, comma bool) string {
	return tr("finding.suggestion", "requirement", d.Requirement(tr, lang, comma), "evidence", d.EvidenceText(tr, comma))
}
