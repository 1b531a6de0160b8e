// Package role names the four roles of CONTRACT.md. It imports nothing, so
// that every layer (the route rules of the web layer, the domain rules of
// auth, org, checklist, audit) can name a role without importing another
// layer for it.
package role

import "slices"

// The roles.
const (
	Admin   = "admin"   // administers the system
	Office  = "office"  // the reform office, which runs the audit programme
	Auditor = "auditor" // audits other units, attached to a unit
	Auditee = "auditee" // is audited, attached to a unit
)

// All lists every role. Callers must not modify it.
var All = []string{Admin, Office, Auditor, Auditee}

// Known reports whether name is one of All.
func Known(name string) bool { return slices.Contains(All, name) }
