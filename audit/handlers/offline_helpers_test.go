package handlers_test

import (
	"testing"
)

// newOfflineEnv is newConductEnv on an app with the offline support.
func newOfflineEnv(t testing.TB) *conductEnv {
	t.Helper()
	return newConductEnvOn(t, mount, []string{"A", "B", "C", "D", "E", "F"})
}
