package audit_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/crossaudit/crossaudit/audit"
	"github.com/crossaudit/crossaudit/checklist"
	"github.com/crossaudit/crossaudit/internal/db"
	"github.com/crossaudit/crossaudit/internal/web"
	"github.com/crossaudit/crossaudit/internal/webtest"
)

// mountOffline is mountConduct with the offline support (the service
// worker and GET /api/v1/offline), as cmd/crossaudit wires it.
func mountOffline(s *web.Server, r *web.Router, d *db.DB) {
	mountConduct(s, r, d)
	c := audit.NewConduct(&audit.Store{DB: d, Checklists: &checklist.Store{DB: d}})
	if err := audit.MountOffline(s, r, c); err != nil {
		panic(err)
	}
}

// newOfflineEnv is newConductEnv on an app with the offline support.
func newOfflineEnv(t testing.TB) *conductEnv {
	t.Helper()
	a := webtest.New(t, mountOffline)
	ctx := context.Background()
	if err := checklist.Seed(ctx, a.DB); err != nil {
		t.Fatal(err)
	}
	id, err := checklist.BuiltinID(ctx, a.DB)
	if err != nil {
		t.Fatal(err)
	}
	e := &env{app: a, checklist: id, units: []string{"A", "B", "C", "D", "E", "F"}}
	for i, u := range e.units {
		a.Unit(u, "Xã "+u, fmt.Sprintf("Cụm %d", i%2+1))
		a.User("auditor."+u, web.RoleAuditor, u)
		a.User("auditee."+u, web.RoleAuditee, u)
	}
	a.User("auditor2.A", web.RoleAuditor, "A")
	a.User("office", web.RoleOffice, "")
	e.office = a.Token("office", webtest.Password)
	ce := &conductEnv{env: e}
	for _, u := range e.units {
		ce.certifyTB(t, "auditor."+u, "2020-01-01")
	}
	ce.certifyTB(t, "auditor2.A", "2021-01-01")
	ce.confirmRound(t)
	ce.lead = a.Token("auditor.A", webtest.Password)
	ce.member = a.Token("auditor2.A", webtest.Password)
	ce.auditeeC = a.Token("auditee."+ce.auditee, webtest.Password)
	ce.conduct = audit.NewConduct(&audit.Store{DB: a.DB, Checklists: &checklist.Store{DB: a.DB}})
	return ce
}
