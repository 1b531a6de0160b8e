// Package training plans training (tập huấn, ISO 9001 §7.2) from what
// the audits found: the nonconformities whose root cause the audited unit
// put under people and skills, by unit and clause, with the same clause's
// findings in the unit's previous programme; the units whose dossier
// figures of the programme's year fall below the target; the auditors whose
// certificate runs out within that year (issue 25, its first slice: the
// training needs).
//
// It has no tables yet: it reads the nonconformities through
// audit/findings, the dossier figures through audit/procedures, the
// programmes and the certificate register through the audit package and
// the units' succession through internal/org, and serves its API and its
// page itself, like audit/procedures.
package training
