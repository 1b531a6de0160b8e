// Package procedures brings the procedure-catalogue reconciliation
// (audit/reconcile) into the application: the reform office imports the
// catalogue of administrative procedures in force and, per unit, the
// portal export, the one-stop export and the ISO process list; the pages
// show each unit's gaps and the whole owner's, with CSV and XLSX
// downloads; dossier figures per unit and period give the on-time rate and
// the paper/electronic parity, flagged below a target.
//
// Every import is read whole by the engine's readers and checked before
// anything is stored, so a bad file stores nothing; its problems are named
// by file, line and column in the user's language.
//
// The package reads audits through the audit package (to offer a gap as an
// answer's evidence) and must never be imported by it: the audit page
// reaches it through the functions exported here, wired in cmd.
package procedures
