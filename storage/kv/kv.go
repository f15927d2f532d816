// Package kv is the key-value layer every Badger-backed part of Fieldbook
// shares: it opens the database, keeps the store's metadata (its id, its
// restore epoch, the token secret, the last feed number), runs every write
// as a job of one writer goroutine with durable group commits (writer.go),
// gives one way to read — a Reader, whether a job's transaction or a
// snapshot (read.go) — backs the whole database up and restores it
// (backup.go, the backup sealed under the store's key in seal.go), and
// encrypts it at rest and rotates its key (crypt.go). It knows no record,
// user or score: the packages above it (sync/store, storage/feed,
// storage/directory, storage/reports, storage/audit) own their keys. It is
// the only package that imports Badger.
package kv

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/dgraph-io/badger/v4"
)

// The store's metadata keys (m/…).
const (
	keySeq      = "m/seq"
	keyServerID = "m/server"
	keyEpoch    = "m/epoch"
	keySecret   = "m/secret"
)

// Options configure a DB.
type Options struct {
	// Dir is the Badger directory; it is created when missing. Empty with
	// InMemory for a database that lives in memory only (tests).
	Dir      string
	InMemory bool
	// Logger receives Badger's warnings and the writer's; nil discards.
	Logger *slog.Logger
	// EncryptionKey, when not empty, is the store's master key (KeySize
	// bytes): Badger encrypts its tables, value log and write-ahead log
	// with AES under data keys that this key encrypts, and backups are
	// sealed with it (seal.go). A store
	// made with a key opens only with it; one made without opens only
	// without (crypt.go).
	EncryptionKey []byte
}

// DB is an open database with its writer. It is safe for concurrent use.
type DB struct {
	db      *badger.DB
	w       *writer
	log     *slog.Logger
	server  string // this store's random id
	key     []byte // the master key; nil for a store that is not encrypted
	stop    chan struct{}
	done    chan struct{}
	closing atomic.Bool
}

// Open opens (or creates) the database, creating the metadata of a new one.
func Open(opts Options) (*DB, error) {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if err := checkKey(opts.EncryptionKey); err != nil {
		return nil, err
	}
	bo := withKey(badger.DefaultOptions(opts.Dir), opts.EncryptionKey).
		WithInMemory(opts.InMemory).
		WithSyncWrites(!opts.InMemory).
		WithDetectConflicts(false). // one writer: nothing to conflict with
		WithNumVersionsToKeep(1).
		WithNumCompactors(2).
		// Not WithLoggingLevel, which puts Badger's own stderr logger in
		// place of this one: slog's level filters (Badger's info lines
		// are debug lines here).
		WithLogger(badgerLogger{opts.Logger})
	if opts.InMemory {
		bo.Dir, bo.ValueDir = "", ""
	}
	db, err := badger.Open(bo)
	if err != nil {
		return nil, fmt.Errorf("open store %q: %w", opts.Dir, explainOpen(opts.Dir, opts.EncryptionKey, err))
	}
	d := &DB{db: db, log: opts.Logger, stop: make(chan struct{}), done: make(chan struct{})}
	if len(opts.EncryptionKey) > 0 {
		d.key = append([]byte(nil), opts.EncryptionKey...)
	}
	seq, err := d.init()
	if err != nil {
		db.Close()
		return nil, err
	}
	d.w = newWriter(db, opts.Logger, seq)
	go d.maintain(opts.InMemory)
	return d, nil
}

// init reads the metadata, creating the server id, epoch and token secret
// of a new store, and returns the last feed number.
func (d *DB) init() (seq uint64, err error) {
	err = d.db.Update(func(txn *badger.Txn) error {
		for _, k := range []string{keyServerID, keyEpoch} {
			if _, err := txn.Get([]byte(k)); errors.Is(err, badger.ErrKeyNotFound) {
				if err := txn.Set([]byte(k), []byte(RandomHex(8))); err != nil {
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
		id, err := getCopy(txn, []byte(keyServerID))
		if err != nil {
			return err
		}
		d.server = string(id)
		seq, err = readSeq(txn)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("init store: %w", err)
	}
	return seq, nil
}

func getCopy(txn *badger.Txn, k []byte) ([]byte, error) {
	item, err := txn.Get(k)
	if err != nil {
		return nil, fmt.Errorf("get %s: %w", k, err)
	}
	return item.ValueCopy(nil)
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

// RandomHex is n random bytes in hex: ids of stores, token families, audit
// entries.
func RandomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// ServerID is the store's random id, made when it was created.
func (d *DB) ServerID() string { return d.server }

// Secret returns the token-signing secret created with the store.
func (d *DB) Secret() ([]byte, error) {
	var secret []byte
	err := d.db.View(func(txn *badger.Txn) (err error) {
		secret, err = getCopy(txn, []byte(keySecret))
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("read secret: %w", err)
	}
	return secret, nil
}

// Close finishes queued writes and closes the database cleanly. Calling
// it again does nothing.
func (d *DB) Close() error {
	if !d.closing.CompareAndSwap(false, true) {
		return nil
	}
	close(d.stop)
	<-d.done
	d.w.close()
	if err := d.db.Close(); err != nil {
		return fmt.Errorf("close store: %w", err)
	}
	return nil
}

// Size returns the bytes the database takes on disk (LSM and value log).
func (d *DB) Size() int64 {
	lsm, vlog := d.db.Size()
	return lsm + vlog
}

// OnCommit sets a function called after each durable group commit with
// the number of jobs it held and how long it took; nil removes it.
func (d *DB) OnCommit(fn func(jobs int, took time.Duration)) {
	if fn == nil {
		d.w.onCommit.Store(nil)
		return
	}
	d.w.onCommit.Store(&fn)
}

// maintain runs Badger's value-log garbage collection now and then.
func (d *DB) maintain(inMemory bool) {
	defer close(d.done)
	if inMemory {
		<-d.stop
		return
	}
	t := time.NewTicker(10 * time.Minute)
	defer t.Stop()
	for {
		select {
		case <-d.stop:
			return
		case <-t.C:
			for d.db.RunValueLogGC(0.5) == nil {
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

// View runs fn with a read-only snapshot.
func (d *DB) View(ctx context.Context, fn func(r *View) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return d.db.View(func(txn *badger.Txn) error { return fn(&View{txn: txn}) })
}

// Do runs fn as a job of the writer and waits until its writes are durable
// or it failed. When ctx ends first, Do returns ctx's error; the job may
// still commit.
func (d *DB) Do(ctx context.Context, fn func(*Tx) error) error { return d.w.doThen(ctx, fn, nil) }

// DoThen runs fn and then, in the same transaction, then: then reads what
// fn wrote, and its failure leaves fn's writes in place and is logged, not
// returned (follow-up work that can be redone, such as scores).
func (d *DB) DoThen(ctx context.Context, fn, then func(*Tx) error) error {
	return d.w.doThen(ctx, fn, then)
}

// Commits returns a channel closed once a commit that took feed numbers
// is durable. Take it before reading, so that a commit between the read
// and the wait is not missed.
func (d *DB) Commits() <-chan struct{} { return d.w.commits() }

// WaitCommit waits for wake (taken from Commits) and reports true, or for
// ctx to end (false, nil), or for the database to close (ErrClosed); the
// wait is counted in Waiters meanwhile.
func (d *DB) WaitCommit(ctx context.Context, wake <-chan struct{}) (bool, error) {
	d.w.waits.Add(1)
	d.w.waiters.Add(1)
	defer d.w.waiters.Add(-1)
	select {
	case <-wake:
		return true, nil
	case <-ctx.Done():
		return false, nil
	case <-d.stop:
		return false, ErrClosed
	}
}

// Waits counts the waits WaitCommit has begun since the database opened
// (tests wait on it to know a waiter is waiting).
func (d *DB) Waits() int64 { return d.w.waits.Load() }

// Waiters is how many callers wait on Commits now.
func (d *DB) Waiters() int { return int(d.w.waiters.Load()) }
