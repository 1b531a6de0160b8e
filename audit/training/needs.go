package training

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"github.com/crossaudit/crossaudit/audit"
	"github.com/crossaudit/crossaudit/audit/procedures"
)

// Topic is one clause on which a unit needs training.
type Topic struct {
	Clause string `json:"clause"`
	// Nonconformities counts the unit's minor and major findings of the
	// programme on the clause whose root cause is people and skills.
	Nonconformities int `json:"nonconformities"`
	// Repeats counts the minor and major findings on the same clause in
	// the unit's previous programme (of the unit or the units merged into
	// it), whatever their cause: the same weakness found again.
	Repeats int `json:"repeats"`
}

// Dossier is a unit's dossier figures of the programme's year that fall
// below the target: the latest period of that year.
type Dossier struct {
	Period     string          `json:"period"`
	OnTimeRate procedures.Rate `json:"on_time_rate"`
	Parity     procedures.Rate `json:"parity"`
}

// Auditor is an auditor of the unit whose latest certificate runs out
// within the programme's year.
type Auditor struct {
	Username    string `json:"username"`
	DisplayName string `json:"display_name"`
	ExpiresOn   string `json:"expires_on"`
}

// UnitNeeds is one unit's training needs in a programme.
type UnitNeeds struct {
	Unit     string    `json:"unit"`
	UnitName string    `json:"unit_name"`
	Topics   []Topic   `json:"topics"`
	Dossier  *Dossier  `json:"dossier_below_target"`
	Auditors []Auditor `json:"expiring_auditors"`
}

// Empty reports whether the unit needs nothing.
func (u UnitNeeds) Empty() bool {
	return len(u.Topics) == 0 && u.Dossier == nil && len(u.Auditors) == 0
}

// SkillsFindings counts the topics' nonconformities.
func (u UnitNeeds) SkillsFindings() int {
	n := 0
	for _, t := range u.Topics {
		n += t.Nonconformities
	}
	return n
}

// ProgrammeRef names a programme.
type ProgrammeRef struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
	Year int    `json:"year"`
}

// Needs is GET /api/v1/training-needs: every unit of the programme, by
// code, with what it needs.
type Needs struct {
	Programme ProgrammeRef `json:"programme"`
	// Previous is the programme Repeats count in: the same organiser's
	// latest programme of an earlier year; nil when there is none.
	Previous *ProgrammeRef `json:"previous_programme"`
	Target   float64       `json:"target"`
	Items    []UnitNeeds   `json:"items"`
}

// Unit is a unit of the programme with the unit that stands for it now
// (itself, or its successor after a merger).
type Unit struct {
	Code, Name, Current string
}

// Facts is what Build reads, gathered by the store.
type Facts struct {
	Year  int
	Units []Unit
	// Skills counts the programme's people-and-skills nonconformities by
	// unit code and clause.
	Skills map[string]map[string]int
	// Earlier counts the previous programme's nonconformities by the
	// current code of their unit and clause.
	Earlier      map[string]map[string]int
	Figures      []procedures.Figures
	Target       float64
	Certificates []audit.Certificate
}

// Build derives every unit's needs from the facts. It is pure. A topic is
// a clause with at least one people-and-skills nonconformity; topics come
// most findings first, then in clause order.
func Build(f Facts) []UnitNeeds {
	figures := procedures.LatestOfYear(f.Figures, f.Year)
	expiring := expiringByUnit(f.Certificates, f.Year)
	out := make([]UnitNeeds, 0, len(f.Units))
	for _, u := range f.Units {
		n := UnitNeeds{Unit: u.Code, UnitName: u.Name, Topics: []Topic{}, Auditors: []Auditor{}}
		for clause, count := range f.Skills[u.Code] {
			n.Topics = append(n.Topics, Topic{Clause: clause, Nonconformities: count, Repeats: f.Earlier[u.Current][clause]})
		}
		slices.SortFunc(n.Topics, func(a, b Topic) int {
			return cmp.Or(cmp.Compare(b.Nonconformities, a.Nonconformities), CompareClauses(a.Clause, b.Clause))
		})
		if fig, ok := figures[u.Code]; ok {
			if v := fig.View(f.Target); v.OnTimeRate.Below || v.Parity.Below {
				n.Dossier = &Dossier{Period: fig.Period, OnTimeRate: v.OnTimeRate, Parity: v.Parity}
			}
		}
		n.Auditors = append(n.Auditors, expiring[u.Code]...)
		if u.Current != u.Code {
			n.Auditors = append(n.Auditors, expiring[u.Current]...)
		}
		out = append(out, n)
	}
	return out
}

// expiringByUnit lists, by unit code, the auditors whose latest
// certificate expires within year: a later certificate (a renewal) takes
// them off the list; one that ran out in an earlier year is the register's
// to show, not this year's plan.
func expiringByUnit(certs []audit.Certificate, year int) map[string][]Auditor {
	latest := map[string]audit.Certificate{}
	for _, c := range certs {
		if prev, ok := latest[c.Username]; !ok || c.ExpiresOn > prev.ExpiresOn {
			latest[c.Username] = c
		}
	}
	end := strconv.Itoa(year) + "-12-31"
	out := map[string][]Auditor{}
	for _, c := range latest {
		if c.Unit != "" && c.ExpiresOn <= end && c.ExpiresOn >= strconv.Itoa(year)+"-01-01" {
			out[c.Unit] = append(out[c.Unit], Auditor{Username: c.Username, DisplayName: c.DisplayName, ExpiresOn: c.ExpiresOn})
		}
	}
	for _, list := range out {
		slices.SortFunc(list, func(a, b Auditor) int {
			return cmp.Or(cmp.Compare(a.ExpiresOn, b.ExpiresOn), cmp.Compare(a.Username, b.Username))
		})
	}
	return out
}

// CompareClauses orders clause codes as the standard numbers them (4.4
// before 10.2), anything not a number (VN) after.
func CompareClauses(a, b string) int {
	pa, pb := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(pa) && i < len(pb); i++ {
		na, ea := strconv.Atoi(pa[i])
		nb, eb := strconv.Atoi(pb[i])
		switch {
		case ea != nil || eb != nil:
			if c := cmp.Compare(boolInt(ea != nil), boolInt(eb != nil)); c != 0 {
				return c
			}
			if c := strings.Compare(pa[i], pb[i]); c != 0 {
				return c
			}
		case na != nb:
			return cmp.Compare(na, nb)
		}
	}
	return cmp.Compare(len(pa), len(pb))
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
