package audit_test

import (
	"testing"

	"github.com/crossaudit/crossaudit/audit"
	"github.com/crossaudit/crossaudit/checklist"
	"github.com/crossaudit/crossaudit/internal/db"
	"github.com/crossaudit/crossaudit/internal/web"
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
	return newConductEnvOn(t, mountOffline, []string{"A", "B", "C", "D", "E", "F"})
}
