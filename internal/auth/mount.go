package auth

import (
	"github.com/crossaudit/crossaudit/internal/db"
	"github.com/crossaudit/crossaudit/internal/web"
)

// Mount installs identity and access on a booted server: the middleware that
// loads the caller, then the router's rule enforcement, then the sign-in
// pages and the users, tokens and trail API. It returns the store.
func Mount(s *web.Server, r *web.Router, d *db.DB, params Params) *Store {
	store := &Store{DB: d, Params: params}
	guard := NewGuard(store)
	s.Echo.Use(store.Load, r.Enforce)
	(&Pages{Store: store, Guard: guard, Views: s.Views}).Routes(r)
	(&API{Store: store, Guard: guard}).Routes(r)
	return store
}
