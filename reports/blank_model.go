package reports

import (
	"cmp"
	"context"
	"slices"
	"time"

	"github.com/crossaudit/crossaudit/checklist"
	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/i18n"
)

// BlankChecklist is a published checklist version printed for paper use:
// its items grouped by top-level clause in the standard's order, each with
// room to mark the result and write the evidence, and the clauses the
// version excludes with the reason.
type BlankChecklist struct {
	Name     string
	Version  int
	Date     time.Time
	Items    int
	Sections []BlankSection
	Excluded []ExcludedClause
}

// BlankSection is a top-level clause and its items.
type BlankSection struct {
	Clause string
	Title  string
	Items  []BlankItem
}

// BlankItem is one item to check, numbered across the list.
type BlankItem struct {
	No       int
	Code     string
	Clause   string
	Text     string
	Guidance string
	// LegalRefs names the legal texts the item rests on (version 2 on).
	LegalRefs string
	// Measure items ask for a value, in Unit, against Target (">=98").
	Measure bool
	Unit    string
	Target  string
}

// ExcludedClause is a clause the version does not apply, with the reason.
type ExcludedClause struct{ Clause, Reason string }

// BlankChecklistInput is what BuildBlankChecklist reads.
type BlankChecklistInput struct {
	Version *checklist.Version
	Clauses []checklist.Clause
	Lang    string
	Today   time.Time
}

// BuildBlankChecklist makes the blank checklist's view model in a language
// (Vietnamese where an English text is blank). It is pure.
func BuildBlankChecklist(in BlankChecklistInput) *BlankChecklist {
	v := in.Version
	b := &BlankChecklist{Name: v.Name, Version: v.Number, Date: in.Today, Items: len(v.Items)}
	titles := map[string]checklist.Clause{}
	for _, c := range in.Clauses {
		titles[c.Code] = c
	}
	items := slices.Clone(v.Items)
	slices.SortStableFunc(items, func(a, b checklist.Item) int {
		return cmp.Or(compareSection(a.Section(), b.Section()), cmp.Compare(a.Position, b.Position))
	})
	for _, it := range items {
		sec := it.Section()
		if n := len(b.Sections); n == 0 || b.Sections[n-1].Clause != sec {
			b.Sections = append(b.Sections, BlankSection{Clause: sec, Title: titles[sec].Title(in.Lang)})
		}
		s := &b.Sections[len(b.Sections)-1]
		bi := BlankItem{Code: it.Code, Clause: it.Clause, Text: it.TextVI, Guidance: it.GuidanceVI, LegalRefs: it.LegalRefs(in.Lang),
			Measure: it.Kind == checklist.KindMeasure, Unit: it.Unit, Target: it.Target}
		if in.Lang == i18n.EN {
			bi.Text, bi.Guidance = or(it.TextEN, it.TextVI), or(it.GuidanceEN, it.GuidanceVI)
		}
		s.Items = append(s.Items, bi)
	}
	n := 0
	for i := range b.Sections {
		for k := range b.Sections[i].Items {
			n++
			b.Sections[i].Items[k].No = n
		}
	}
	for c, reason := range v.NotApplicable {
		b.Excluded = append(b.Excluded, ExcludedClause{c, reason})
	}
	slices.SortFunc(b.Excluded, func(a, b ExcludedClause) int { return compareClause(a.Clause, b.Clause) })
	return b
}

// compareClause orders full clause codes ("7.1.5" before "7.10"): by
// section, then numerically part by part.
func compareClause(a, b string) int {
	pa, pb := splitDots(a), splitDots(b)
	for i := 0; i < len(pa) && i < len(pb); i++ {
		if c := compareSection(pa[i], pb[i]); c != 0 {
			return c
		}
	}
	return cmp.Compare(len(pa), len(pb))
}

func splitDots(s string) []string {
	var out []string
	start := 0
	for i := range len(s) {
		if s[i] == '.' {
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}

// BlankChecklistInput reads a checklist's latest published version, or
// its version n (0 for the latest) when that is published, with the
// clauses' titles. Returns apperr.NotFound.
func (l *Loader) BlankChecklistInput(ctx context.Context, checklistID int64, n int, lang string) (BlankChecklistInput, error) {
	s := l.Findings.Conduct.Checklists
	in := BlankChecklistInput{Lang: lang, Today: l.Findings.DB.Now()}
	var err error
	if n == 0 {
		in.Version, err = s.Published(ctx, checklistID)
	} else {
		in.Version, err = s.VersionNumber(ctx, checklistID, n)
	}
	if err != nil {
		return in, err
	}
	if !in.Version.Published() {
		return in, notFoundChecklist()
	}
	in.Clauses, err = s.Clauses(ctx)
	return in, err
}

// notFoundChecklist answers a checklist or version that does not exist or
// is not published.
func notFoundChecklist() error { return apperr.NotFoundThing("thing.checklist") }
