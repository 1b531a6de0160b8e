package reports

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/crossaudit/crossaudit/internal/db"
)

// FormKind is a kind of numbered printed document; each kind has its own
// symbol and its own sequence per owner and year.
type FormKind string

// The numbered documents of a round.
const (
	FormPlan      FormKind = "plan"      // the round plan, numbered per round
	FormDecision  FormKind = "decision"  // the decision forming a team, per audit
	FormMinutes   FormKind = "minutes"   // the closing-meeting minutes, per audit
	FormCARequest FormKind = "carequest" // the corrective-action request, per finding
)

// Symbols of the documents' numbers ("3/BB-ĐGNB").
const (
	planSymbol     = "KH-ĐGNB"
	decisionSymbol = "QĐ-ĐGNB"
)

// Symbol is the symbol of a kind's numbers.
func (k FormKind) Symbol() string {
	switch k {
	case FormPlan:
		return planSymbol
	case FormDecision:
		return decisionSymbol
	case FormMinutes:
		return minutesSymbol
	case FormCARequest:
		return caRequestSymbol
	}
	return string(k)
}

// FormNumber is a printed document's number as allocated.
type FormNumber struct {
	Kind      FormKind
	SubjectID int64
	OwnerID   int64
	Year      int
	Seq       int
	Number    string // "3/BB-ĐGNB"
	At        time.Time
}

// Numbers allocates the numbers of printed documents (form_numbers): the
// first print of a document takes the next number of its owner, kind and
// year; every reprint gets the same number back; a number is never reused
// (the table refuses updates and deletes).
type Numbers struct {
	DB *db.DB
}

// Number returns the number of the document of kind about subject,
// allocating it in one short write the first time. The owner and the year
// (of now, in Asia/Ho_Chi_Minh) count only then.
func (n *Numbers) Number(ctx context.Context, kind FormKind, subject, ownerID int64) (FormNumber, error) {
	// Reprints are the common case: read first, without the writer.
	if f, ok, err := n.find(ctx, n.DB.R, kind, subject); err != nil || ok {
		return f, err
	}
	var out FormNumber
	err := n.DB.Write(ctx, func(tx *db.Tx) error {
		// Again inside the write: someone may have printed it meanwhile.
		f, ok, err := n.find(ctx, tx, kind, subject)
		if err != nil || ok {
			out = f
			return err
		}
		year := yearOf(tx.Now)
		var seq int
		if err := tx.QueryRow(`SELECT COALESCE(MAX(seq), 0) + 1 FROM form_numbers WHERE owner_id = ? AND kind = ? AND year = ?`,
			ownerID, string(kind), year).Scan(&seq); err != nil {
			return fmt.Errorf("reports: number %s %d: %w", kind, subject, err)
		}
		out = FormNumber{Kind: kind, SubjectID: subject, OwnerID: ownerID, Year: year, Seq: seq,
			Number: fmt.Sprintf("%d/%s", seq, kind.Symbol()), At: tx.Now}
		var actor any
		if tx.Actor != 0 {
			actor = tx.Actor
		}
		if _, err := tx.Exec(`INSERT INTO form_numbers (owner_id, kind, subject_id, year, seq, number, created_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, ownerID, string(kind), subject, year, seq, out.Number, actor, db.FormatTime(tx.Now)); err != nil {
			return fmt.Errorf("reports: number %s %d: %w", kind, subject, err)
		}
		return tx.Record("form_number", subject, "allocate", map[string]any{"kind": kind, "number": out.Number})
	})
	return out, err
}

// rowQuerier is what find reads through: the reader pool or the write
// transaction.
type rowQuerier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// find reads an allocated number.
func (n *Numbers) find(ctx context.Context, q rowQuerier, kind FormKind, subject int64) (FormNumber, bool, error) {
	f := FormNumber{Kind: kind, SubjectID: subject}
	var at string
	err := q.QueryRowContext(ctx, `SELECT owner_id, year, seq, number, created_at FROM form_numbers WHERE kind = ? AND subject_id = ?`,
		string(kind), subject).Scan(&f.OwnerID, &f.Year, &f.Seq, &f.Number, &at)
	if db.NoRows(err) {
		return f, false, nil
	}
	if err != nil {
		return f, false, fmt.Errorf("reports: number %s %d: %w", kind, subject, err)
	}
	f.At, _ = db.ParseTime(at)
	return f, true, nil
}
