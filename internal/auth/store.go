package auth

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/db"
	"github.com/crossaudit/crossaudit/internal/org"
	"github.com/crossaudit/crossaudit/internal/text"
)

// Store reads and writes users, sessions and tokens.
type Store struct {
	DB     *db.DB
	Params Params // argon2id costs for new hashes
}

const userColumns = `u.id, u.username, u.display_name, u.role, COALESCE(u.unit_id, 0), COALESCE(un.code, ''),
	COALESCE(un.name, ''), u.active, u.must_change_password, u.lang, u.created_at, u.password_hash`

const userFrom = ` FROM users u LEFT JOIN units un ON un.id = u.unit_id`

func scanUser(row interface{ Scan(...any) error }) (*User, error) {
	u := &User{}
	var created string
	err := row.Scan(&u.ID, &u.Username, &u.DisplayName, &u.Role, &u.UnitID, &u.UnitCode, &u.UnitName,
		&u.Active, &u.MustChangePassword, &u.Lang, &created, &u.passwordHash)
	if err != nil {
		return nil, err
	}
	u.CreatedAt, _ = db.ParseTime(created)
	return u, nil
}

type rowQueryer interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func userWhere(ctx context.Context, q rowQueryer, where string, arg any) (*User, error) {
	u, err := scanUser(q.QueryRowContext(ctx, `SELECT `+userColumns+userFrom+` WHERE `+where, arg))
	if db.NoRows(err) {
		return nil, apperr.NotFoundThing("thing.user")
	}
	if err != nil {
		return nil, fmt.Errorf("auth: user: %w", err)
	}
	return u, nil
}

// UserByUsername returns a user, active or not. Returns apperr.NotFound.
func (s *Store) UserByUsername(ctx context.Context, username string) (*User, error) {
	return s.withPredecessors(ctx)(userWhere(ctx, s.DB.R, `u.username = ?`, text.Clean(username)))
}

// UserByID returns a user. Returns apperr.NotFound.
func (s *Store) UserByID(ctx context.Context, id int64) (*User, error) {
	return s.withPredecessors(ctx)(userWhere(ctx, s.DB.R, `u.id = ?`, id))
}

// UserFilter narrows ListUsers.
type UserFilter struct {
	Query string
	Role  string
	Unit  string
	Roles []string // when set, only these roles (what the caller may manage)
}

// ListUsers returns users ordered by username.
func (s *Store) ListUsers(ctx context.Context, f UserFilter) ([]*User, error) {
	where := []string{"1=1"}
	var args []any
	if q := text.Fold(f.Query); q != "" {
		where = append(where, `(u.search_key LIKE ? OR lower(u.username) LIKE ?)`)
		args = append(args, "%"+q+"%", "%"+q+"%")
	}
	if f.Role != "" {
		where = append(where, `u.role = ?`)
		args = append(args, f.Role)
	}
	if f.Unit != "" {
		where = append(where, `un.code = ?`)
		args = append(args, f.Unit)
	}
	if len(f.Roles) > 0 {
		where = append(where, `u.role IN (`+strings.TrimSuffix(strings.Repeat("?,", len(f.Roles)), ",")+`)`)
		for _, r := range f.Roles {
			args = append(args, r)
		}
	}
	rows, err := s.DB.R.QueryContext(ctx, `SELECT `+userColumns+userFrom+` WHERE `+strings.Join(where, " AND ")+` ORDER BY u.username`, args...)
	if err != nil {
		return nil, fmt.Errorf("auth: list users: %w", err)
	}
	defer rows.Close()
	users := []*User{}
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, fmt.Errorf("auth: list users: %w", err)
		}
		users = append(users, u)
	}
	return users, rows.Err()
}

// CreateUser validates and stores a user whose password is in.Password.
// Returns apperr.Invalid, or apperr.Conflict (code "duplicate_username").
func (s *Store) CreateUser(ctx context.Context, in UserInput, mustChange bool) (*User, error) {
	if err := in.Validate(true); err != nil {
		return nil, err
	}
	hash, err := HashPassword(in.Password, s.Params)
	if err != nil {
		return nil, err
	}
	var u *User
	err = s.DB.Write(ctx, func(tx *db.Tx) error {
		u, err = CreateUserTx(tx, in, hash, mustChange)
		return err
	})
	return u, err
}

// CreateUserTx stores a validated user with an already computed hash inside
// a caller's transaction, so that hashing never holds the writer.
func CreateUserTx(tx *db.Tx, in UserInput, hash string, mustChange bool) (*User, error) {
	var unitID any
	if in.Unit != "" {
		id, err := org.UnitIDTx(tx, in.Unit)
		if err != nil {
			if apperr.KindOf(err) == apperr.NotFound {
				return nil, apperr.InvalidFields(map[string]apperr.Msg{"unit": apperr.M("validation.unknown_unit", "code", in.Unit)})
			}
			return nil, err
		}
		unitID = id
	}
	now := db.FormatTime(tx.Now)
	res, err := tx.Exec(`INSERT INTO users (username, display_name, search_key, role, unit_id, password_hash,
		must_change_password, active, password_changed_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?)`,
		in.Username, in.DisplayName, text.Fold(in.DisplayName), in.Role, unitID, hash, mustChange, now, now, now)
	if db.IsUnique(err) {
		e := apperr.New(apperr.Conflict, "duplicate_username", apperr.M("error.duplicate_username", "username", in.Username))
		e.Fields = map[string]apperr.Msg{"username": apperr.M("validation.duplicate")}
		return nil, e
	}
	if err != nil {
		return nil, fmt.Errorf("auth: create user %s: %w", in.Username, err)
	}
	id, _ := res.LastInsertId()
	if err := tx.Record("user", in.Username, "create", map[string]any{
		"display_name": in.DisplayName, "role": in.Role, "unit": in.Unit}); err != nil {
		return nil, err
	}
	return &User{ID: id, Username: in.Username, DisplayName: in.DisplayName, Role: in.Role, UnitCode: in.Unit,
		Active: true, MustChangePassword: mustChange, CreatedAt: tx.Now}, nil
}

// CountUsers counts every user.
func (s *Store) CountUsers(ctx context.Context) (int, error) {
	var n int
	err := s.DB.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM users`).Scan(&n)
	return n, err
}

// now is the store's clock.
func (s *Store) now() time.Time { return s.DB.Now().UTC() }
