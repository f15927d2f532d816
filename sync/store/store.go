// Package store is Fieldbook's replication engine over Badger: records and
// their merge, the change feed and cursors, per-client seq, visibility by
// owner and team, users, teams, refresh tokens and backups. It is the only
// package that imports Badger.
package store

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/dgraph-io/badger/v4"

	"fieldbook/sync/crdt"
)

// Options configure a Store.
type Options struct {
	// Dir is the Badger directory; it is created when missing. Empty with
	// InMemory for a store that lives in memory only (tests).
	Dir      string
	InMemory bool
	// Logger receives the store's and Badger's warnings; nil discards.
	Logger *slog.Logger
	// Now is the wall clock (time.Now when nil); tests move it.
	Now func() time.Time
}

// Store is an open Fieldbook store. It is safe for concurrent use.
type Store struct {
	db      *badger.DB
	w       *writer
	log     *slog.Logger
	now     func() time.Time
	clock   *crdt.Clock
	server  string // this store's random id, in every cursor
	stop    chan struct{}
	done    chan struct{}
	closing atomic.Bool
	// background holds the start-up work that runs while the store serves
	// (scores a crash left to redo); Close cancels it and waits.
	background     sync.WaitGroup
	stopBackground context.CancelFunc
}

// Open opens (or creates) the store and finishes any team move that a crash
// interrupted; the scores a crash left to redo are redone in the
// background while the store serves. No single record keeps it from
// opening: what cannot be repaired is logged and skipped.
func Open(ctx context.Context, opts Options) (*Store, error) {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	bo := badger.DefaultOptions(opts.Dir).
		WithInMemory(opts.InMemory).
		WithSyncWrites(!opts.InMemory).
		WithDetectConflicts(false). // one writer: nothing to conflict with
		WithNumVersionsToKeep(1).
		WithNumCompactors(2).
		WithLogger(badgerLogger{opts.Logger}).
		WithLoggingLevel(badger.WARNING)
	if opts.InMemory {
		bo.Dir, bo.ValueDir = "", ""
	}
	db, err := badger.Open(bo)
	if err != nil {
		return nil, fmt.Errorf("open store %q: %w", opts.Dir, err)
	}
	s := &Store{db: db, log: opts.Logger, now: opts.Now, stop: make(chan struct{}), done: make(chan struct{})}
	s.clock = crdt.NewClock(crdt.ServerNode, opts.Now)
	seq, err := s.init()
	if err != nil {
		db.Close()
		return nil, err
	}
	s.w = newWriter(db, opts.Logger, seq)
	go s.maintain(opts.InMemory)
	if err := s.finishMoves(ctx); err != nil {
		s.Close()
		return nil, err
	}
	var bg context.Context
	bg, s.stopBackground = context.WithCancel(context.Background())
	s.background.Add(1)
	go func() {
		defer s.background.Done()
		s.repairScores(bg)
	}()
	return s, nil
}

// init reads the metadata, creating the server id, epoch and token secret
// of a new store.
func (s *Store) init() (seq uint64, err error) {
	err = s.db.Update(func(txn *badger.Txn) error {
		for _, k := range []string{keyServerID, keyEpoch} {
			if _, err := txn.Get([]byte(k)); errors.Is(err, badger.ErrKeyNotFound) {
				if err := txn.Set([]byte(k), []byte(randomHex(8))); err != nil {
					return err
				}
			} else if err != nil {
				return err
			}
		}
		if _, err := txn.Get([]byte(keySecret)); errors.Is(err, badger.ErrKeyNotFound) {
			secret := make([]byte, 32)
			rand.Read(secret)
			if err := txn.Set([]byte(keySecret), secret); err != nil {
				return err
			}
		}
		item, err := txn.Get([]byte(keyServerID))
		if err != nil {
			return err
		}
		id, err := item.ValueCopy(nil)
		if err != nil {
			return err
		}
		s.server = string(id)
		seq, err = readSeq(txn)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("init store: %w", err)
	}
	// Server stamps must stay above every stamp already stored, even if the
	// clock went back; the newest is within the last seq's record.
	return seq, nil
}

func readSeq(txn *badger.Txn) (uint64, error) {
	item, err := txn.Get([]byte(keySeq))
	if errors.Is(err, badger.ErrKeyNotFound) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	var seq uint64
	err = item.Value(func(v []byte) error {
		if len(v) != 8 {
			return fmt.Errorf("seq has %d bytes", len(v))
		}
		seq = binary.BigEndian.Uint64(v)
		return nil
	})
	return seq, err
}

func encodeSeq(seq uint64) []byte { return binary.BigEndian.AppendUint64(nil, seq) }

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// Secret returns the token-signing secret created with the store.
func (s *Store) Secret() ([]byte, error) {
	var secret []byte
	err := s.db.View(func(txn *badger.Txn) error {
		item, err := txn.Get([]byte(keySecret))
		if err != nil {
			return err
		}
		secret, err = item.ValueCopy(nil)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("read secret: %w", err)
	}
	return secret, nil
}

// Close finishes queued writes and closes the database cleanly. Calling
// it again does nothing.
func (s *Store) Close() error {
	if !s.closing.CompareAndSwap(false, true) {
		return nil
	}
	close(s.stop)
	<-s.done
	if s.stopBackground != nil {
		s.stopBackground()
	}
	s.background.Wait()
	s.w.close()
	if err := s.db.Close(); err != nil {
		return fmt.Errorf("close store: %w", err)
	}
	return nil
}

// Size returns the bytes the store takes on disk (LSM and value log).
func (s *Store) Size() int64 {
	lsm, vlog := s.db.Size()
	return lsm + vlog
}

// OnCommit sets a function called after each durable group commit with
// the number of jobs it held and how long it took.
func (s *Store) OnCommit(fn func(jobs int, took time.Duration)) { s.w.onCommit.Store(&fn) }

// maintain runs Badger's value-log garbage collection now and then.
func (s *Store) maintain(inMemory bool) {
	defer close(s.done)
	if inMemory {
		<-s.stop
		return
	}
	t := time.NewTicker(10 * time.Minute)
	defer t.Stop()
	for {
		select {
		case <-s.stop:
			return
		case <-t.C:
			for s.db.RunValueLogGC(0.5) == nil {
			}
		}
	}
}

// badgerLogger sends Badger's log lines to slog.
type badgerLogger struct{ l *slog.Logger }

func (b badgerLogger) Errorf(f string, a ...any)   { b.l.Error("badger: " + fmt.Sprintf(f, a...)) }
func (b badgerLogger) Warningf(f string, a ...any) { b.l.Warn("badger: " + fmt.Sprintf(f, a...)) }
func (b badgerLogger) Infof(f string, a ...any)    { b.l.Debug("badger: " + fmt.Sprintf(f, a...)) }
func (b badgerLogger) Debugf(f string, a ...any)   { b.l.Debug("badger: " + fmt.Sprintf(f, a...)) }

// view runs fn in a read-only snapshot.
func (s *Store) view(ctx context.Context, fn func(txn *badger.Txn) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return s.db.View(fn)
}
