// Package training plans training (tập huấn, ISO 9001 §7.2) from what
// the audits found: the nonconformities whose root cause the audited unit
// put under people and skills, by unit and clause, with the same clause's
// findings in the unit's previous programme; the units whose dossier
// figures of the programme's year fall below the target; the auditors whose
// certificate runs out within that year (issue 25, its first slice: the
// training needs).
//
// It reads the nonconformities' categories through SQL of its own on the
// findings tables, the dossier figures through audit/procedures and the
// certificates through the audit package's register, and serves its API
// and its page itself, like audit/procedures.
package training
