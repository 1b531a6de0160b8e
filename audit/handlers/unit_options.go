package handlers

import (
	"cmp"
	"maps"
	"slices"

	"github.com/crossaudit/crossaudit/audit/findings"
	"github.com/crossaudit/crossaudit/internal/auth"
	"github.com/crossaudit/crossaudit/internal/role"
	"github.com/crossaudit/crossaudit/internal/text"
)

// unitOption is a unit a person may pick in a filter, shown as "Tên (mã)".
type unitOption struct{ Code, Name string }

// unitOptions lists the given units by name (ignoring diacritics), each with
// its code.
func unitOptions(names map[string]string, codes []string) []unitOption {
	out := make([]unitOption, 0, len(codes))
	for _, c := range codes {
		out = append(out, unitOption{Code: c, Name: cmp.Or(names[c], c)})
	}
	slices.SortFunc(out, func(a, b unitOption) int {
		return cmp.Or(cmp.Compare(text.Fold(a.Name), text.Fold(b.Name)), cmp.Compare(a.Code, b.Code))
	})
	return out
}

// registerUnits are the units the register's filters offer: every unit to
// the office, otherwise only the units of the findings the viewer may see
// (and an audited unit's own), so that a commune never picks among units
// whose findings it can never read.
func registerUnits(u *auth.User, names map[string]string, visible []findings.Finding) (auditees, auditors []unitOption) {
	if u.IsStaff() {
		all := slices.Sorted(maps.Keys(names))
		return unitOptions(names, all), unitOptions(names, all)
	}
	ee, or := map[string]bool{}, map[string]bool{}
	if u.Role == role.Auditee && u.UnitCode != "" {
		ee[u.UnitCode] = true
	}
	for _, f := range visible {
		ee[f.AuditeeUnit], or[f.AuditorUnit] = true, true
	}
	return unitOptions(names, slices.Sorted(maps.Keys(ee))), unitOptions(names, slices.Sorted(maps.Keys(or)))
}
