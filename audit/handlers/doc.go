// Package handlers is the web layer of the audit packages: every JSON
// endpoint and page about programmes, rounds, the register, conducting an
// audit, nonconformities and the offline session. Handlers parse, load and
// authorise through one helper per resource (readable, conductable,
// Corrective.load), call package audit, audit/conduct or audit/findings,
// and render. Mount registers them all over the stores cmd builds once.
//
// Files are named by resource and kind: conduct_api*.go and
// conduct_pages*.go, nc_api.go and nc_pages.go, programme_api.go and
// programme_pages.go, plan_pages.go, register_api.go.
package handlers
