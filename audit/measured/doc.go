// Package measured flags a measured checklist value that contradicts the
// system's own figure for the audited unit: an auditor who records "0
// differences" for T01 while the procedure-catalogue reconciliation finds
// 7 procedures without a process is told so on the item, with both numbers
// and a link to the figure's source, before the audit is submitted.
//
// The figures themselves belong to the packages that keep the data (the
// reconciliation and the dossier figures live in audit/procedures, which
// imports the audit package and so cannot be imported by it); they reach
// the audit page through a Source wired in cmd. This package holds what
// both sides share: the figure, the rule that says when a value
// contradicts it, and the warning that says so. A warning never blocks a
// save or a submission: the auditor may know better than the system (a
// list imported before a change, a figure from another period) and says
// so in the note.
package measured
