package auth

import (
	"bytes"
	"context"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/db"
	"github.com/crossaudit/crossaudit/internal/tabular"
	"github.com/crossaudit/crossaudit/internal/web"
)

// ImportedUser is one created account; Password is set when it was
// generated, to be handed over once: the user must change it.
type ImportedUser struct {
	Username string `json:"username"`
	Password string `json:"password,omitempty"`
}

// ImportUsers creates every user of a CSV or XLSX file (columns username,
// display_name, role, unit; password optional) or none: every problem is
// reported at once by row and column. Users without a password column get a
// generated one that they must change at first sign-in.
func (s *Store) ImportUsers(ctx context.Context, actor *User, file []byte) ([]ImportedUser, error) {
	t, err := tabular.Read(bytes.NewReader(file), "username", "role")
	if err != nil {
		return nil, tabular.AppError(err)
	}
	fields := apperr.Fields{}
	inputs := make([]UserInput, 0, len(t.Rows))
	generated := make([]bool, 0, len(t.Rows))
	seen := map[string]int{}
	for _, row := range t.Rows {
		in := UserInput{Username: row.Get("username"), DisplayName: row.Get("display_name"),
			Role: row.Get("role"), Unit: row.Get("unit"), Password: row.Get("password")}
		gen := in.Password == ""
		if gen {
			in.Password = newSecret()[:16]
		}
		if err := in.Validate(true); err != nil {
			for col, m := range apperr.As(err).Fields {
				fields.Add(tabular.RowKey(row.Line, col), m)
			}
		}
		if in.Role != "" && !actor.CanManageRole(in.Role) {
			fields.Add(tabular.RowKey(row.Line, "role"), apperr.M("error.forbidden_role"))
		}
		s.checkExisting(ctx, fields, row.Line, in)
		if prev, dup := seen[in.Username]; dup {
			fields.Add(tabular.RowKey(row.Line, "username"), apperr.M("import.duplicate_in_file", "line", prev))
		}
		seen[in.Username] = row.Line
		inputs = append(inputs, in)
		generated = append(generated, gen)
	}
	if len(t.Rows) == 0 {
		fields.Add("file", apperr.M("import.no_rows"))
	}
	if err := fields.Err(); err != nil {
		return nil, err
	}
	return s.createImported(ctx, inputs, generated, t.Rows)
}

// checkExisting reports, before anything is written, a username already
// taken and a unit that does not exist, so that one answer lists every
// problem of the file.
func (s *Store) checkExisting(ctx context.Context, fields apperr.Fields, line int, in UserInput) {
	if in.Username != "" {
		if _, err := s.UserByUsername(ctx, in.Username); err == nil {
			fields.Add(tabular.RowKey(line, "username"), apperr.M("validation.duplicate"))
		}
	}
	if in.Unit != "" {
		var n int
		if err := s.DB.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM units WHERE code = ?`, in.Unit).Scan(&n); err == nil && n == 0 {
			fields.Add(tabular.RowKey(line, "unit"), apperr.M("validation.unknown_unit", "code", in.Unit))
		}
	}
}

// createImported hashes outside the write transaction, then stores all rows
// in one transaction, reporting database conflicts by row.
func (s *Store) createImported(ctx context.Context, inputs []UserInput, generated []bool, rows []tabular.Row) ([]ImportedUser, error) {
	hashes := make([]string, len(inputs))
	out := make([]ImportedUser, len(inputs))
	for i := range inputs {
		h, err := HashPassword(inputs[i].Password, s.Params)
		if err != nil {
			return nil, err
		}
		hashes[i] = h
		out[i] = ImportedUser{Username: inputs[i].Username}
		if generated[i] {
			out[i].Password = inputs[i].Password
		}
	}
	err := s.DB.Write(ctx, func(tx *db.Tx) error {
		fields := apperr.Fields{}
		for i, in := range inputs {
			_, err := CreateUserTx(tx, in, hashes[i], generated[i])
			if err != nil {
				e := apperr.As(err)
				if e.Kind == apperr.Internal {
					return err
				}
				for col, m := range e.Fields {
					fields.Add(tabular.RowKey(rows[i].Line, col), m)
				}
			}
		}
		return fields.Err()
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func (a *API) importUsers(c echo.Context) error {
	file, _, err := web.FormFile(c, "file")
	if err != nil {
		return err
	}
	users, err := a.Store.ImportUsers(c.Request().Context(), UserOf(c), file)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, map[string]any{"created": len(users), "users": users})
}
