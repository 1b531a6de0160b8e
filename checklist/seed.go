package checklist

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"

	"github.com/crossaudit/crossaudit/assets"
	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/db"
	"github.com/crossaudit/crossaudit/internal/tabular"
)

// BuiltinName is the name of the built-in checklist.
const BuiltinName = "ISO 9001:2015 — giải quyết TTHC cấp xã"

// builtinExcluded are the clauses the built-in checklist marks not
// applicable: the usual exclusion of administrative agencies, which the
// office may lift in a new version.
var builtinExcluded = map[string]string{
	"8.3": "Cơ quan hành chính không thiết kế, phát triển sản phẩm, dịch vụ: TTHC và quy trình giải quyết do cơ quan nhà nước có thẩm quyền ban hành.",
}

// BuiltinClauses reads the clauses shipped in assets/data/clauses.csv.
func BuiltinClauses() ([]Clause, error) {
	b, err := fs.ReadFile(assets.Data, "data/clauses.csv")
	if err != nil {
		return nil, fmt.Errorf("checklist: clauses: %w", err)
	}
	t, err := tabular.Read(bytes.NewReader(b), "code", "title_vi", "title_en")
	if err != nil {
		return nil, fmt.Errorf("checklist: clauses: %w", err)
	}
	out := make([]Clause, len(t.Rows))
	for i, r := range t.Rows {
		out[i] = Clause{Code: r.Get("code"), TitleVI: r.Get("title_vi"), TitleEN: r.Get("title_en")}
	}
	return out, nil
}

// BuiltinItems reads the built-in checklist shipped in
// assets/data/default_checklist.csv, through the importer like any file.
func BuiltinItems() ([]Item, error) {
	cs, err := BuiltinClauses()
	if err != nil {
		return nil, err
	}
	b, err := fs.ReadFile(assets.Data, "data/default_checklist.csv")
	if err != nil {
		return nil, fmt.Errorf("checklist: built-in: %w", err)
	}
	p, err := ParseFile(b, ClauseSet(cs))
	if err != nil {
		return nil, fmt.Errorf("checklist: built-in: %w", err)
	}
	return p.Items, nil
}

// Seed stores the clauses and, once, the built-in checklist with its
// version 1 published. It runs at every start and changes nothing the
// second time (clause titles a newer binary improved excepted).
func Seed(ctx context.Context, d *db.DB) error {
	return d.Write(ctx, seed)
}

func seed(tx *db.Tx) error {
	cs, err := BuiltinClauses()
	if err != nil {
		return err
	}
	if err := upsertClauses(tx, cs); err != nil {
		return err
	}
	if _, err := BuiltinIDTx(tx); err == nil {
		return nil
	} else if apperr.KindOf(err) != apperr.NotFound {
		return err
	}
	items, err := BuiltinItems()
	if err != nil {
		return err
	}
	id, err := createPublished(tx, BuiltinName, builtinKey, items, builtinExcluded)
	if err != nil {
		return err
	}
	return tx.Record("checklist", id, "seed", map[string]any{"name": BuiltinName, "items": len(items)})
}
