// Package store is Fieldbook's replication engine over kv (Badger): the
// server's side of the sync protocol. It binds clients to users, applies
// their changes exactly once per client seq (push.go), keeps each record in
// the feeds of those who may see it (storage/feed) and answers pulls from
// cursors that never skip a change (pull.go), and wakes the long-polls
// when a feed they read has changed (changes.go). Sync (sync.go) runs one
// request through the protocol's checks, the push and the pull. It
// implements fieldbook.Replication; users and teams come from
// storage/directory and the scores a push moves are rescored by
// storage/reports in the same transaction.
package store

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"fieldbook"
	"fieldbook/storage/feed"
	"fieldbook/storage/kv"
	"fieldbook/storage/reports"
	"fieldbook/sync/rules"
)

// The key space of replication (the records and their feeds are
// storage/feed's):
//
//	c/<client>                    a client's user and last processed seq
//	x/<client>/<seq>              a rejection kept for 31 days
func clientKey(client string) []byte { return kv.Key("c", client) }
func rejectionKey(client string, seq int64) []byte {
	return kv.SeqKey(kv.Key("x", client), uint64(seq))
}

// Store is the replication of one database. It is safe for concurrent use.
type Store struct {
	db      *kv.DB
	stamps  *feed.Stamps
	reports *reports.Reports
	log     *slog.Logger
}

// New makes the replication of db; the scores its pushes move are kept by
// rp.
func New(db *kv.DB, stamps *feed.Stamps, rp *reports.Reports, log *slog.Logger) *Store {
	return &Store{db: db, stamps: stamps, reports: rp, log: log}
}

var _ fieldbook.Replication = (*Store)(nil)

// now is the server's wall clock.
func (s *Store) now() time.Time { return s.stamps.Now() }

// Get returns a record's state as stored, for the server's own tools and
// tests; clients read records through Sync.
func (s *Store) Get(ctx context.Context, collection, id string) (rules.State, bool, error) {
	var st rules.State
	var seq uint64
	err := s.db.View(ctx, func(r *kv.View) (err error) {
		st, seq, err = feed.Read(r, collection, id)
		return err
	})
	if err != nil {
		return rules.State{}, false, fmt.Errorf("get %s/%s: %w", collection, id, err)
	}
	return st, seq > 0, nil
}
