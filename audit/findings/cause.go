package findings

import (
	"slices"
	"strings"

	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/text"
)

// Root-cause categories: the five groups root causes are usually sorted
// in (5M, DOMAIN.md). The audited unit picks one with its analysis;
// CausePeople, the nonconformities of skills, are what training should
// remove (audit/training).
const (
	CausePeople    = "people"    // con người và kỹ năng
	CauseMethod    = "method"    // phương pháp và quy trình
	CauseDocuments = "documents" // tài liệu và biểu mẫu
	CauseEquipment = "equipment" // phần mềm và thiết bị
	CauseWorkload  = "workload"  // khối lượng công việc và tổ chức
)

// CauseCategories lists the categories in the order the form offers them.
var CauseCategories = []string{CausePeople, CauseMethod, CauseDocuments, CauseEquipment, CauseWorkload}

// CauseKeys are the message keys of the categories' names, by category
// (whole keys, so that the i18n test finds them).
var CauseKeys = map[string]string{
	CausePeople:    "training.cause.people",
	CauseMethod:    "training.cause.method",
	CauseDocuments: "training.cause.documents",
	CauseEquipment: "training.cause.equipment",
	CauseWorkload:  "training.cause.workload",
}

// CauseKey is the message key of a category's name, "" for none.
func CauseKey(category string) string { return CauseKeys[category] }

// cleanCause trims a chosen category and checks it: "" clears it, an
// unknown value is named in f.
func cleanCause(f apperr.Fields, v *string) {
	*v = text.Clean(*v)
	if *v != "" && !slices.Contains(CauseCategories, *v) {
		f.Add("cause_category", apperr.M("validation.oneof", "param", strings.Join(CauseCategories, " ")))
	}
}
