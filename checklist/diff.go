package checklist

import (
	"slices"
	"strings"
)

// The kinds of change between two versions, from the strongest: an item
// added or removed, its question reworded, another of its columns changed,
// or only its place in the order.
const (
	Added    = "added"
	Removed  = "removed"
	Reworded = "reworded"
	Changed  = "changed"
	Moved    = "moved"
)

// Change is what happened to one item between two versions. Items are
// matched by code, ignoring case.
type Change struct {
	Kind   string   `json:"change"`
	Code   string   `json:"id"`
	Fields []string `json:"fields,omitempty"` // the columns that differ, "position" when moved
	Old    *Item    `json:"-"`
	New    *Item    `json:"-"`
}

// ClauseChange is a clause whose exclusion changed: Old is "" when the
// clause became not applicable, New is "" when it became applicable again.
type ClauseChange struct {
	Clause string `json:"clause"`
	Old    string `json:"old_reason"`
	New    string `json:"new_reason"`
}

// Diff is every change from one version to another.
type Diff struct {
	From          int            `json:"from"`
	To            int            `json:"to"`
	Items         []Change       `json:"items"`
	NotApplicable []ClauseChange `json:"not_applicable"`
}

// Empty reports whether the two versions hold the same thing.
func (d Diff) Empty() bool { return len(d.Items) == 0 && len(d.NotApplicable) == 0 }

// Compare returns the changes that lead from version a to version b.
func Compare(a, b *Version) Diff {
	return Diff{From: a.Number, To: b.Number, Items: DiffItems(a.Items, b.Items),
		NotApplicable: DiffExclusions(a.NotApplicable, b.NotApplicable)}
}

// DiffItems lists the changes from old to new: the items of new in their
// order (added, reworded, changed or moved), then the removed ones in their
// old order. An item counts as moved when it is outside the longest run of
// items that kept their relative order, so inserting one item does not make
// every later one "moved".
func DiffItems(old, new []Item) []Change {
	oldBy := map[string]int{}
	for i, it := range old {
		oldBy[strings.ToUpper(it.Code)] = i
	}
	kept := keptOrder(old, new, oldBy)
	changes := []Change{}
	seen := map[string]bool{}
	for i := range new {
		key := strings.ToUpper(new[i].Code)
		j, ok := oldBy[key]
		if !ok {
			changes = append(changes, Change{Kind: Added, Code: new[i].Code, New: &new[i]})
			continue
		}
		seen[key] = true
		fields := changedFields(old[j], new[i])
		if !kept[key] {
			fields = append(fields, "position")
		}
		if len(fields) > 0 {
			changes = append(changes, Change{Kind: kindOf(fields), Code: new[i].Code, Fields: fields, Old: &old[j], New: &new[i]})
		}
	}
	for j := range old {
		if !seen[strings.ToUpper(old[j].Code)] {
			changes = append(changes, Change{Kind: Removed, Code: old[j].Code, Old: &old[j]})
		}
	}
	return changes
}

func kindOf(fields []string) string {
	switch {
	case slices.Contains(fields, "text_vi") || slices.Contains(fields, "text_en"):
		return Reworded
	case len(fields) == 1 && fields[0] == "position":
		return Moved
	}
	return Changed
}

// changedFields names the import columns whose values differ.
func changedFields(a, b Item) []string {
	var out []string
	pairs := []struct {
		col  string
		x, y string
	}{
		{"id", a.Code, b.Code}, {"clause", a.Clause, b.Clause}, {"kind", a.Kind, b.Kind},
		{"text_vi", a.TextVI, b.TextVI}, {"text_en", a.TextEN, b.TextEN},
		{"guidance_vi", a.GuidanceVI, b.GuidanceVI}, {"guidance_en", a.GuidanceEN, b.GuidanceEN},
		{"unit", a.Unit, b.Unit}, {"target", a.Target, b.Target},
		{"legal_refs_vi", a.LegalRefsVI, b.LegalRefsVI}, {"legal_refs_en", a.LegalRefsEN, b.LegalRefsEN},
	}
	for _, p := range pairs {
		if p.x != p.y {
			out = append(out, p.col)
		}
	}
	if a.Failure != b.Failure {
		out = append(out, "failure")
	}
	return out
}

// keptOrder returns the codes (upper-cased) on a longest common subsequence
// of the two orders, restricted to the codes both versions hold. Checklists
// have tens of items, so the quadratic table is small.
func keptOrder(old, new []Item, oldBy map[string]int) map[string]bool {
	newHas := map[string]bool{}
	var b []string
	for _, it := range new {
		k := strings.ToUpper(it.Code)
		newHas[k] = true
		if _, ok := oldBy[k]; ok {
			b = append(b, k)
		}
	}
	var a []string
	for _, it := range old {
		if k := strings.ToUpper(it.Code); newHas[k] {
			a = append(a, k)
		}
	}
	return lcs(a, b)
}

func lcs(a, b []string) map[string]bool {
	n, m := len(a), len(b)
	t := make([][]int, n+1)
	for i := range t {
		t[i] = make([]int, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if a[i] == b[j] {
				t[i][j] = t[i+1][j+1] + 1
			} else {
				t[i][j] = max(t[i+1][j], t[i][j+1])
			}
		}
	}
	out := map[string]bool{}
	for i, j := 0, 0; i < n && j < m; {
		switch {
		case a[i] == b[j]:
			out[a[i]] = true
			i++
			j++
		case t[i+1][j] >= t[i][j+1]:
			i++
		default:
			j++
		}
	}
	return out
}

// DiffExclusions lists the clauses whose exclusion was added, removed or
// given another reason, sorted by clause code.
func DiffExclusions(old, new map[string]string) []ClauseChange {
	out := []ClauseChange{}
	for c, r := range new {
		if old[c] != r {
			out = append(out, ClauseChange{Clause: c, Old: old[c], New: r})
		}
	}
	for c, r := range old {
		if _, ok := new[c]; !ok {
			out = append(out, ClauseChange{Clause: c, Old: r})
		}
	}
	slices.SortFunc(out, func(x, y ClauseChange) int { return strings.Compare(x.Clause, y.Clause) })
	return out
}
