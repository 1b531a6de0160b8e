package org

import (
	"bytes"
	"context"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/db"
	"github.com/crossaudit/crossaudit/internal/tabular"
	"github.com/crossaudit/crossaudit/internal/text"
	"github.com/crossaudit/crossaudit/internal/web"
)

// ImportColumns are the columns of a units file; code and name are required.
var ImportColumns = []string{"code", "name", "kind", "cluster", "place", "chairman"}

// kindWords lets a spreadsheet say a unit's kind in Vietnamese ("Xã",
// "Phường", "Thị trấn"), as the people who keep these lists write it.
var kindWords = map[string]string{
	"xa": "commune", "phuong": "ward", "thi tran": "town", "dac khu": "special_zone", "co quan": "agency", "khac": "other",
}

// ImportUnits creates every unit of a CSV or XLSX file (ImportColumns) or
// none: the whole file is checked first and every problem reported at once,
// keyed "row:N:column" with N the file's line. Returns the number created,
// apperr.Unsupported for a file that is neither CSV nor XLSX, apperr.Invalid.
func (s *Store) ImportUnits(ctx context.Context, file []byte) (int, error) {
	t, err := tabular.Read(bytes.NewReader(file), "code", "name")
	if err != nil {
		return 0, tabular.AppError(err)
	}
	fields := apperr.Fields{}
	inputs := make([]UnitInput, 0, len(t.Rows))
	seen := map[string]int{}
	for _, row := range t.Rows {
		in := UnitInput{Code: row.Get("code"), Name: row.Get("name"), Kind: row.Get("kind"), Cluster: row.Get("cluster"),
			Place: row.Get("place"), Chairman: row.Get("chairman")}
		if k, ok := kindWords[text.Fold(in.Kind)]; ok {
			in.Kind = k
		}
		if err := in.Validate(); err != nil {
			for col, m := range apperr.As(err).Fields {
				fields.Add(tabular.RowKey(row.Line, col), m)
			}
		}
		if prev, dup := seen[in.Code]; dup && in.Code != "" {
			fields.Add(tabular.RowKey(row.Line, "code"), apperr.M("import.duplicate_in_file", "line", prev))
		} else if _, err := s.UnitByCode(ctx, in.Code); err == nil {
			fields.Add(tabular.RowKey(row.Line, "code"), apperr.M("error.duplicate_code", "code", in.Code))
		}
		seen[in.Code] = row.Line
		inputs = append(inputs, in)
	}
	if len(t.Rows) == 0 {
		fields.Add("file", apperr.M("import.no_rows"))
	}
	if err := fields.Err(); err != nil {
		return 0, err
	}
	err = s.DB.Write(ctx, func(tx *db.Tx) error {
		for i, in := range inputs {
			if _, err := CreateUnitTx(tx, in); err != nil {
				// A unit created meanwhile by someone else: report it where
				// the file names it, and store nothing.
				e := apperr.As(err)
				if e.Kind == apperr.Internal || len(e.Fields) == 0 {
					return err
				}
				f := apperr.Fields{}
				for col, m := range e.Fields {
					f.Add(tabular.RowKey(t.Rows[i].Line, col), m)
				}
				return f.Err()
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return len(inputs), nil
}

// importFile answers POST /api/v1/units/import: 201 {"created": n}.
func (h *Handler) importFile(c echo.Context) error {
	file, _, err := web.FormFile(c, "file")
	if err != nil {
		return err
	}
	n, err := h.Store.ImportUnits(c.Request().Context(), file)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, map[string]int{"created": n})
}
