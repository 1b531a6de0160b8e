package reports

import (
	"strings"

	"github.com/crossaudit/crossaudit/audit/findings"
	"github.com/crossaudit/crossaudit/internal/pdfdoc"
)

// causeCategory writes the root cause's category under the root cause
// (issue 25). A request printed before the unit chose one is filled in by
// hand, so it lists the five categories to circle.
func (rd *Renderer) causeCategory(d *pdfdoc.Doc, r *CARequest) {
	if r.CauseCategory != "" {
		d.Label(rd.t("training.cause_category"), rd.t(findings.CauseKey(r.CauseCategory)))
		return
	}
	names := make([]string, len(findings.CauseCategories))
	for i, c := range findings.CauseCategories {
		names[i] = rd.t(findings.CauseKey(c))
	}
	d.Label(rd.t("training.cause_circle"), strings.Join(names, " / "))
}
