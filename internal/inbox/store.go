package inbox

import (
	"context"
	"fmt"

	"github.com/crossaudit/crossaudit/internal/apperr"
	"github.com/crossaudit/crossaudit/internal/db"
)

// Store reads a user's notices and marks them read.
type Store struct{ DB *db.DB }

// List returns a page of the user's notices, newest first.
func (s *Store) List(ctx context.Context, userID int64, offset, limit int) ([]Notice, error) {
	rows, err := s.DB.R.QueryContext(ctx, `SELECT id, msg_key, args, link, created_at, read_at IS NOT NULL
		FROM notices WHERE user_id = ? ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?`, userID, limit, offset)
	if err != nil {
		return nil, fmt.Errorf("inbox: list: %w", err)
	}
	defer rows.Close()
	out := []Notice{}
	for rows.Next() {
		var n Notice
		var args, created string
		if err := rows.Scan(&n.ID, &n.Msg.Key, &args, &n.Link, &created, &n.Read); err != nil {
			return nil, fmt.Errorf("inbox: list: %w", err)
		}
		n.Msg.Args = decodeArgs(args)
		n.CreatedAt, _ = db.ParseTime(created)
		out = append(out, n)
	}
	return out, rows.Err()
}

// Count returns how many notices the user has, and how many are unread.
func (s *Store) Count(ctx context.Context, userID int64) (total, unread int, err error) {
	err = s.DB.R.QueryRowContext(ctx, `SELECT COUNT(*), COUNT(*) - COUNT(read_at) FROM notices WHERE user_id = ?`, userID).
		Scan(&total, &unread)
	if err != nil {
		return 0, 0, fmt.Errorf("inbox: count: %w", err)
	}
	return total, unread, nil
}

// Unread counts the user's unread notices.
func (s *Store) Unread(ctx context.Context, userID int64) (int, error) {
	var n int
	if err := s.DB.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM notices WHERE user_id = ? AND read_at IS NULL`, userID).Scan(&n); err != nil {
		return 0, fmt.Errorf("inbox: unread: %w", err)
	}
	return n, nil
}

// Open marks one of the user's notices read and returns its link. Returns
// apperr.NotFound when the notice is not the user's.
func (s *Store) Open(ctx context.Context, userID, id int64) (string, error) {
	var link string
	err := s.DB.Write(ctx, func(tx *db.Tx) error {
		err := tx.QueryRow(`SELECT link FROM notices WHERE id = ? AND user_id = ?`, id, userID).Scan(&link)
		if db.NoRows(err) {
			return apperr.NotFoundThing("thing.notice")
		}
		if err != nil {
			return fmt.Errorf("inbox: open %d: %w", id, err)
		}
		_, err = tx.Exec(`UPDATE notices SET read_at = ? WHERE id = ? AND read_at IS NULL`, db.FormatTime(tx.Now), id)
		return err
	})
	return link, err
}

// ReadAll marks every notice of the user read.
func (s *Store) ReadAll(ctx context.Context, userID int64) error {
	return s.DB.Write(ctx, func(tx *db.Tx) error {
		_, err := tx.Exec(`UPDATE notices SET read_at = ? WHERE user_id = ? AND read_at IS NULL`, db.FormatTime(tx.Now), userID)
		if err != nil {
			return fmt.Errorf("inbox: read all: %w", err)
		}
		return nil
	})
}
