package role_test

import (
	"testing"

	"github.com/crossaudit/crossaudit/internal/role"
)

func TestKnown(t *testing.T) {
	for _, r := range []string{role.Admin, role.Office, role.Auditor, role.Auditee} {
		if !role.Known(r) {
			t.Errorf("%q is not known", r)
		}
	}
	for _, r := range []string{"", "Admin", "superuser", "auditee "} {
		if role.Known(r) {
			t.Errorf("%q is known", r)
		}
	}
	if len(role.All) != 4 {
		t.Errorf("All has %d roles, want 4", len(role.All))
	}
}
