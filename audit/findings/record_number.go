package findings

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/crossaudit/crossaudit/internal/db"
	"github.com/crossaudit/crossaudit/internal/i18n"
)

// FormKind is a kind of numbered record of an audit; each kind has its
// own symbol and its own sequence per owner and year.
//
// These are the audit team's records, numbered when they come to be (at
// the closing meeting, which is the submission), never when printed: the
// organiser's own documents (the plan, the decisions) take their numbers
// from its outgoing register instead (org.Registration).
type FormKind string

// The numbered records of an audit.
const (
	FormMinutes   FormKind = "minutes"   // the closing-meeting minutes, per audit
	FormCARequest FormKind = "carequest" // the corrective-action request, per finding
)

// Symbol is the symbol of a kind's numbers ("3/BB-ĐGNB").
func (k FormKind) Symbol() string {
	switch k {
	case FormMinutes:
		return "BB-ĐGNB"
	case FormCARequest:
		return "PYC-HĐKP"
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

// Numbers allocates the numbers of an audit's records (form_numbers): a
// record takes the next number of its owner, kind and year once; asked
// again, it gets the same number back; a number is never reused (the table
// refuses updates and deletes). Plans and decisions numbered on their
// first print before the outgoing register existed keep their rows here.
type Numbers struct {
	DB *db.DB
}

// Number returns the number of the record of kind about subject,
// allocating it in one short write the first time. The owner and the year
// (of now, in Asia/Ho_Chi_Minh) count only then.
func (n *Numbers) Number(ctx context.Context, kind FormKind, subject, ownerID int64) (FormNumber, error) {
	if f, ok, err := n.find(ctx, n.DB.R, kind, subject); err != nil || ok {
		return f, err
	}
	var out FormNumber
	err := n.DB.Write(ctx, func(tx *db.Tx) error {
		var err error
		out, err = NumberTx(tx, kind, subject, ownerID)
		return err
	})
	return out, err
}

// Find returns the number of a record, and whether it has one; it never
// allocates.
func (n *Numbers) Find(ctx context.Context, kind FormKind, subject int64) (FormNumber, bool, error) {
	return n.find(ctx, n.DB.R, kind, subject)
}

// NumberTx is Number inside a write transaction.
func NumberTx(tx *db.Tx, kind FormKind, subject, ownerID int64) (FormNumber, error) {
	ctx := tx.Context()
	f, ok, err := (&Numbers{}).find(ctx, tx, kind, subject)
	if err != nil || ok {
		return f, err
	}
	year := tx.Now.In(i18n.Zone).Year()
	var seq int
	if err := tx.QueryRow(`SELECT COALESCE(MAX(seq), 0) + 1 FROM form_numbers WHERE owner_id = ? AND kind = ? AND year = ?`,
		ownerID, string(kind), year).Scan(&seq); err != nil {
		return f, fmt.Errorf("findings: number %s %d: %w", kind, subject, err)
	}
	out := FormNumber{Kind: kind, SubjectID: subject, OwnerID: ownerID, Year: year, Seq: seq,
		Number: fmt.Sprintf("%d/%s", seq, kind.Symbol()), At: tx.Now}
	var actor any
	if tx.Actor != 0 {
		actor = tx.Actor
	}
	if _, err := tx.Exec(`INSERT INTO form_numbers (owner_id, kind, subject_id, year, seq, number, created_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, ownerID, string(kind), subject, year, seq, out.Number, actor, db.FormatTime(tx.Now)); err != nil {
		return out, fmt.Errorf("findings: number %s %d: %w", kind, subject, err)
	}
	return out, tx.Record("form_number", subject, "allocate", map[string]any{"kind": kind, "number": out.Number})
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
		return f, false, fmt.Errorf("findings: number %s %d: %w", kind, subject, err)
	}
	f.At, _ = db.ParseTime(at)
	return f, true, nil
}
