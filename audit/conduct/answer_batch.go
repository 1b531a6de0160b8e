package conduct

import (
	"context"
	"fmt"
	"sync"

	"github.com/crossaudit/crossaudit/internal/db"
)

// maxGroup bounds how many saves share one transaction, so that one commit
// never holds the writer for long.
const maxGroup = 128

// commitGroup runs small write jobs in shared transactions (group commit).
// With synchronous=FULL every commit waits for the disk (a millisecond or
// two here), so one transaction per answer caps the whole server at a few
// hundred saves a second. Jobs that arrive while a commit is in flight wait
// and go together in the next transaction, each inside its own savepoint: a
// job that fails is rolled back alone, the others commit, and every job is
// acknowledged only after the commit that holds it, so durability is the
// same as one transaction each.
type commitGroup struct {
	db      *db.DB
	mu      sync.Mutex
	queue   []*groupJob
	running bool
}

type groupJob struct {
	actor int64
	fn    func(tx *db.Tx) error
	done  chan error
}

// run queues fn and waits for the commit of the transaction that ran it.
// The transaction's Actor is the context's, as with db.Write. If ctx ends
// first, run returns its error, and the job may still commit: a save is
// idempotent, so the client may send it again.
func (g *commitGroup) run(ctx context.Context, fn func(tx *db.Tx) error) error {
	j := &groupJob{actor: db.ActorFrom(ctx), fn: fn, done: make(chan error, 1)}
	g.mu.Lock()
	g.queue = append(g.queue, j)
	if !g.running {
		g.running = true
		go g.drain()
	}
	g.mu.Unlock()
	select {
	case err := <-j.done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// drain commits the queue batch by batch until it is empty; it lives only
// while there is work.
func (g *commitGroup) drain() {
	for {
		g.mu.Lock()
		batch := g.queue
		if len(batch) > maxGroup {
			batch = batch[:maxGroup:maxGroup]
		}
		g.queue = g.queue[len(batch):]
		if len(batch) == 0 {
			g.queue, g.running = nil, false
			g.mu.Unlock()
			return
		}
		g.mu.Unlock()
		g.commit(batch)
	}
}

func (g *commitGroup) commit(batch []*groupJob) {
	results := make([]error, len(batch))
	err := func() (err error) {
		defer func() {
			if r := recover(); r != nil {
				err = fmt.Errorf("audit: save panicked: %v", r)
			}
		}()
		return g.db.Write(context.Background(), func(tx *db.Tx) error {
			for i, j := range batch {
				tx.Actor = j.actor
				if _, err := tx.Exec(`SAVEPOINT job`); err != nil {
					return err
				}
				if results[i] = j.fn(tx); results[i] != nil {
					if _, err := tx.Exec(`ROLLBACK TO job`); err != nil {
						return err
					}
				}
				if _, err := tx.Exec(`RELEASE job`); err != nil {
					return err
				}
			}
			return nil
		})
	}()
	for i, j := range batch {
		if err != nil {
			j.done <- err
		} else {
			j.done <- results[i]
		}
	}
}
