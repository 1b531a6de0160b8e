package auth

import (
	"github.com/crossaudit/crossaudit/internal/web"
)

// Mount registers identity and access on a booted server: the sign-in
// pages and the users, tokens and trail API, over store. It installs no
// middleware: loading the caller (SessionGate) and checking
// CSRF tokens (CSRFGate) are gates of the security chain, which the
// application installs in one place, where it is built.
func Mount(s *web.Server, r *web.Router, store *Store) {
	guard := NewGuard(store)
	(&Pages{Store: store, Guard: guard, Views: s.Views}).Routes(r)
	(&API{Store: store, Guard: guard}).Routes(r)
}
