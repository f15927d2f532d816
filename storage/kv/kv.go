// Package kv is the key-value layer every part of the storage engine
// shares: it opens the database — Badger by default (badger.go), or another
// Backend (backend.go) — keeps the store's metadata (its id, its
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
	// VerifyEvery is how often a serving Badger store verifies the
	// checksums of all its tables (DefaultVerifyEvery when not positive);
	// damage found marks the store damaged (damage.go).
	VerifyEvery time.Duration
	// Room, when set, says whether the store may write at all: its error
	// (insufficient_storage, the volume all but full) refuses every job,
	// and the value-log garbage collection waits, while it is not nil.
	Room func() error
}

// DB is an open database with its writer. It is safe for concurrent use.
type DB struct {
	b       Backend
	w       *writer
	log     *slog.Logger
	server  string // this store's random id
	key     []byte // the master key; nil for a store that is not encrypted
	closing atomic.Bool
	dmg     *damage
}

// Open opens (or creates) the Badger database opts describe, creating the
// metadata of a new one.
func Open(opts Options) (*DB, error) {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if err := checkKey(opts.EncryptionKey); err != nil {
		return nil, err
	}
	dmg := &damage{log: opts.Logger}
	b, err := openBadger(opts, dmg)
	if err != nil {
		return nil, err
	}
	d, err := openBackend(b, opts.Logger, opts.EncryptionKey, dmg)
	if err == nil && opts.Room != nil {
		d.w.room = opts.Room
	}
	return d, err
}

// OpenBackend opens the database kept in b, creating the metadata of a new
// one; key, when given, seals its backups. On an error b is closed.
func OpenBackend(b Backend, log *slog.Logger, key []byte) (*DB, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return openBackend(b, log, key, &damage{log: log})
}

func openBackend(b Backend, log *slog.Logger, key []byte, dmg *damage) (*DB, error) {
	d := &DB{b: b, log: log, dmg: dmg}
	if len(key) > 0 {
		d.key = append([]byte(nil), key...)
	}
	if err := d.init(); err != nil {
		b.Close()
		return nil, err
	}
	d.w = newWriter(b, log, dmg)
	if n, ok := b.(interface{ WakeOnCommit(func(keys []string)) }); ok {
		n.WakeOnCommit(d.w.woken) // commits of other processes wake the long-polls too
	}
	return d, nil
}

// init creates the server id, epoch and token secret of a new store and
// reads the server id.
func (d *DB) init() error {
	ctx := context.Background()
	batch, err := d.b.Begin(ctx)
	if err != nil {
		return fmt.Errorf("init store: %w", err)
	}
	defer batch.Discard()
	var missing []Entry
	for _, k := range []string{keyServerID, keyEpoch, keySecret} {
		v, ok, err := batch.Get([]byte(k))
		if err != nil {
			return fmt.Errorf("init store: %w", err)
		}
		if !ok {
			v = []byte(RandomHex(8))
			if k == keySecret {
				v = make([]byte, 32)
				rand.Read(v)
			}
			missing = append(missing, Entry{Key: []byte(k), Value: v})
		}
		if k == keyServerID {
			d.server = string(v)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	if err := batch.Write(missing); err != nil {
		return fmt.Errorf("init store: %w", err)
	}
	if err := batch.Commit(nil); err != nil {
		return fmt.Errorf("init store: %w", err)
	}
	return nil
}

// readSeq reads the last feed number committed.
func readSeq(s Snapshot) (uint64, error) {
	v, ok, err := s.Get([]byte(keySeq))
	if err != nil || !ok {
		return 0, err
	}
	if len(v) != 8 {
		return 0, fmt.Errorf("seq has %d bytes", len(v))
	}
	return binary.BigEndian.Uint64(v), nil
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
	err := d.b.View(context.Background(), func(s Snapshot) (err error) {
		var ok bool
		secret, ok, err = s.Get([]byte(keySecret))
		if err == nil && !ok {
			err = errors.New("the store has no secret")
		}
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
	d.w.close()
	if err := d.b.Close(); err != nil {
		return fmt.Errorf("close store: %w", err)
	}
	return nil
}

// Health is nil while the backend can take writes (a backend that can
// lose its database says why it cannot; a damaged store is ErrCorrupted).
func (d *DB) Health(ctx context.Context) error {
	if d.closing.Load() {
		return ErrClosed
	}
	if err := d.dmg.get(); err != nil {
		return err
	}
	if p, ok := d.b.(interface{ Ping(context.Context) error }); ok {
		return p.Ping(ctx)
	}
	return nil
}

// Gauges are the backend's own measures (connections, replication), by
// name; nil for a backend without any.
func (d *DB) Gauges(ctx context.Context) map[string]float64 {
	if g, ok := d.b.(interface {
		Gauges(context.Context) map[string]float64
	}); ok {
		return g.Gauges(ctx)
	}
	return nil
}

// Size returns the bytes the database takes (on disk, for Badger).
func (d *DB) Size() int64 { return d.b.Size() }

// OnCommit sets a function called after each durable group commit with
// the number of jobs it held and how long it took; nil removes it.
func (d *DB) OnCommit(fn func(jobs int, took time.Duration)) {
	if fn == nil {
		d.w.onCommit.Store(nil)
		return
	}
	d.w.onCommit.Store(&fn)
}

// View runs fn with a read-only snapshot; a damaged store answers
// ErrCorrupted.
func (d *DB) View(ctx context.Context, fn func(r *View) error) error {
	if err := d.dmg.get(); err != nil {
		return err
	}
	return d.b.View(ctx, func(s Snapshot) error { return fn(&View{s: s}) })
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

// WaitCommit waits for wake (taken from CommitsOf) and reports true, or for
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
	case <-d.w.quit:
		return false, ErrClosed
	}
}

// Waits counts the waits WaitCommit has begun since the database opened
// (tests wait on it to know a waiter is waiting).
func (d *DB) Waits() int64 { return d.w.waits.Load() }

// Waiters is how many callers of WaitCommit wait now.
func (d *DB) Waiters() int { return int(d.w.waiters.Load()) }
