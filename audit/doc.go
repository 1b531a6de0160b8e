// Package audit is the heart of cross-evaluation: audit programmes and their
// rounds, the assignment of who audits whom (through audit/assign), the
// auditor register and declared conflicts, the audits with their teams and
// plans, and what follows in later features (answers, findings,
// nonconformities).
//
// As in every domain package, the types and rules are free of SQL and Echo
// (programme.go, team.go, schedule.go, swap.go), the SQL lives in the store
// files, and the HTTP handlers in the http and pages files.
package audit
