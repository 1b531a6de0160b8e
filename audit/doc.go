// Package audit is the audit itself and how it is planned: programmes and
// their rounds, the assignment of who audits whom (through audit/assign),
// the auditor register and declared conflicts, the audits (type Audit) with
// their states, teams and plans, and the access rules of CONTRACT.md's
// "Who may do what" for reading, conducting and correcting an audit.
//
// What happens during and after an audit builds on it, one way:
// audit/conduct (answers, photos, meetings) ← audit/findings (submission,
// nonconformities and their corrective-action workflow, issued reports) ←
// audit/handlers (every audit route and page). The types and rules are
// free of SQL and Echo (programme.go, team.go, schedule.go, swap.go,
// states.go, access.go); the SQL lives in the *_store.go files.
package audit
