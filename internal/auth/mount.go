package auth

import (
	"github.com/crossaudit/crossaudit/internal/db"
	"github.com/crossaudit/crossaudit/internal/web"
)

// Mount registers identity and access on a booted server: the sign-in
// pages and the users, tokens and trail API. It returns the store. It
// installs no middleware: loading the caller (SessionGate) and checking
// CSRF tokens (CSRFGate) are gates of the security chain, which the
// application installs in one place, where it is built.
func Mount(s *web.Server, r *web.Router, d *db.DB, params Params) *Store {
	store := &Store{DB: d, Params: params}
	guard := NewGuard(store)
	(&Pages{Store: store, Guard: guard, Views: s.Views}).Routes(r)
	(&API{Store: store, Guard: guard}).Routes(r)
	return store
}
