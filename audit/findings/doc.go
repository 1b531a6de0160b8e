// Package findings is what an audit finds and what follows from it:
// submission (which turns minor and major answers into nonconformities),
// the findings register, the corrective-action workflow of a
// nonconformity (cause analysis, actions, acceptance, verification,
// closure, reopening) with its rules, evidence, deadlines in working days
// and reminders, the issued reports of an audit and the audit as the API
// shows it.
//
// It builds on audit/conduct and package audit; reports and
// audit/handlers build on it. Open builds the whole chain of audit stores.
package findings
