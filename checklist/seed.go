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

// builtinFiles are the editions of the built-in checklist the binary
// ships, in order. Edition n is stored once as a new published version of
// the built-in (version n on a database that only the seed has changed), so
// an audit pinned to an earlier version keeps its questions. A file, once
// shipped, never changes: databases already hold it.
var builtinFiles = []string{
	"data/default_checklist.csv",    // 1: the 59 questions of the first release
	"data/default_checklist_v2.csv", // 2: compound questions split, legal references, T11–T12
}

// BuiltinEditions is the number of editions of the built-in checklist the
// binary ships; the latest is what a fresh database's new programmes use.
func BuiltinEditions() int { return len(builtinFiles) }

// BuiltinItems reads edition 1 of the built-in checklist, shipped in
// assets/data/default_checklist.csv, through the importer like any file.
func BuiltinItems() ([]Item, error) {
	return BuiltinEdition(1)
}

// BuiltinEdition reads edition n (1…BuiltinEditions) of the built-in
// checklist through the importer like any file.
func BuiltinEdition(n int) ([]Item, error) {
	if n < 1 || n > len(builtinFiles) {
		return nil, fmt.Errorf("checklist: no built-in edition %d", n)
	}
	cs, err := BuiltinClauses()
	if err != nil {
		return nil, err
	}
	b, err := fs.ReadFile(assets.Data, builtinFiles[n-1])
	if err != nil {
		return nil, fmt.Errorf("checklist: built-in edition %d: %w", n, err)
	}
	p, err := ParseFile(b, ClauseSet(cs))
	if err != nil {
		return nil, fmt.Errorf("checklist: built-in edition %d: %w", n, err)
	}
	return p.Items, nil
}

// Seed stores the clauses and the built-in checklist: once each edition the
// binary ships, as the next published version. A new database gets version
// 1 then version 2, the same numbers every install has, so that "version 2"
// means the same questions everywhere and the diff page shows what the
// upgrade changed. It runs at every start and changes nothing the second
// time (clause titles a newer binary improved excepted).
func Seed(ctx context.Context, d *db.DB) error {
	return d.Write(ctx, seed)
}

// SeedEditions is Seed up to edition last (1…BuiltinEditions): the
// database a binary that shipped only those editions left behind, which
// tests of the upgrade start from.
func SeedEditions(ctx context.Context, d *db.DB, last int) error {
	if last < 1 || last > len(builtinFiles) {
		return fmt.Errorf("checklist: no built-in edition %d", last)
	}
	return d.Write(ctx, func(tx *db.Tx) error { return seedUpTo(tx, last) })
}

func seed(tx *db.Tx) error {
	return seedUpTo(tx, len(builtinFiles))
}

// seedUpTo stores the clauses and the built-in editions up to last: a
// binary that shipped only those would have left the database so, which
// the upgrade's tests start from.
func seedUpTo(tx *db.Tx, last int) error {
	cs, err := BuiltinClauses()
	if err != nil {
		return err
	}
	if err := upsertClauses(tx, cs); err != nil {
		return err
	}
	id, err := BuiltinIDTx(tx)
	if apperr.KindOf(err) == apperr.NotFound {
		return seedFirst(tx, last)
	}
	if err != nil {
		return err
	}
	return seedEditions(tx, id, last)
}

// seedFirst creates the built-in checklist with edition 1 as version 1,
// then stores the later editions.
func seedFirst(tx *db.Tx, last int) error {
	items, err := BuiltinEdition(1)
	if err != nil {
		return err
	}
	id, err := createPublished(tx, BuiltinName, builtinKey, items, builtinExcluded)
	if err != nil {
		return err
	}
	if err := setEdition(tx, id, 1); err != nil {
		return err
	}
	if err := tx.Record("checklist", id, "seed", map[string]any{"name": BuiltinName, "items": len(items)}); err != nil {
		return err
	}
	return seedEditions(tx, id, last)
}

// seedEditions stores, as new published versions, the editions above the
// one the built-in checklist last received, up to last.
func seedEditions(tx *db.Tx, id int64, last int) error {
	have, err := builtinEdition(tx, id)
	if err != nil {
		return err
	}
	for n := have + 1; n <= last; n++ {
		items, err := BuiltinEdition(n)
		if err != nil {
			return err
		}
		if err := publishEdition(tx, id, n, items); err != nil {
			return err
		}
	}
	return nil
}
