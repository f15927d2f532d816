// The Badger backend: the store in a local directory (or in memory for
// tests), each write durable at commit (SyncWrites), every write
// discarding the key's earlier versions, and Badger's value-log garbage
// collection now and then.

package kv

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/badger/v4/options"
)

type badgerBackend struct {
	db     *badger.DB
	dir    string
	key    []byte
	dmg    *damage
	room   func() error  // nil: always room (Options.Room)
	verify time.Duration // how often every table is verified again
	stop   chan struct{}
	done   chan struct{}
}

var _ Backend = (*badgerBackend)(nil)

// openBadger opens the Badger store opts describe, its tables verified
// first (damage.go).
func openBadger(opts Options, dmg *damage) (b *badgerBackend, err error) {
	if !opts.InMemory {
		if err := VerifyTables(opts.Dir, opts.EncryptionKey); err != nil {
			return nil, fmt.Errorf("open store %q: %w", opts.Dir, err)
		}
	}
	bo := withKey(badger.DefaultOptions(opts.Dir), opts.EncryptionKey).
		// Every block read is checked against its checksum, and every
		// value read from the value log; VerifyTables checked the whole
		// tables just before.
		WithChecksumVerificationMode(options.OnBlockRead).
		WithVerifyValueChecksum(true).
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
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("open store %q: %w", opts.Dir, dmg.recovered(r))
		}
	}()
	db, err := badger.Open(bo)
	if err != nil {
		return nil, fmt.Errorf("open store %q: %w", opts.Dir, dmg.check(explainOpen(opts.Dir, opts.EncryptionKey, err)))
	}
	b = &badgerBackend{db: db, dir: opts.Dir, key: opts.EncryptionKey, dmg: dmg, room: opts.Room, verify: cmp.Or(max(opts.VerifyEvery, 0), DefaultVerifyEvery), stop: make(chan struct{}), done: make(chan struct{})}
	go b.maintain(opts.InMemory)
	return b, nil
}

// DefaultVerifyEvery is how often a serving store verifies every table
// when Options.VerifyEvery is not set: a read of every table file (about
// 2–3 s a GiB of tables on one core, BENCHMARKS.md), while a block that
// fails its checksum in a read only ends that read early, unseen, until
// the next verification finds it.
const DefaultVerifyEvery = time.Hour

// View runs fn in a read-only transaction; a panic of Badger's code in it
// (a damaged table) is the damaged store's error.
func (b *badgerBackend) View(ctx context.Context, fn func(Snapshot) error) (err error) {
	if err := ctx.Err(); err != nil {
		return err
	}
	defer func() {
		if r := recover(); r != nil {
			err = b.dmg.recovered(r)
		}
	}()
	return b.dmg.check(b.db.View(func(txn *badger.Txn) error { return fn(badgerSnapshot{txn}) }))
}

func (b *badgerBackend) Begin(context.Context) (Batch, error) {
	return &badgerBatch{badgerSnapshot: badgerSnapshot{b.db.NewTransaction(true)}, db: b.db}, nil
}

// Backup writes backupHeader, Badger's backup stream of the whole
// store.
func (b *badgerBackend) Backup(_ context.Context, w io.Writer) error {
	return writeBadgerBackup(b.db, w)
}

// Gauges are the Badger store's own measures: damaged is 1 once the store
// found its files damaged (/metrics: fieldbook_store_damaged).
func (b *badgerBackend) Gauges(context.Context) map[string]float64 {
	damaged := 0.0
	if b.dmg.get() != nil {
		damaged = 1
	}
	return map[string]float64{"damaged": damaged}
}

func (b *badgerBackend) Size() int64 {
	lsm, vlog := b.db.Size()
	return lsm + vlog
}

func (b *badgerBackend) Close() error {
	close(b.stop)
	<-b.done
	return b.db.Close()
}

// maintain runs Badger's value-log garbage collection now and then, and
// verifies every table's checksums every b.verify (Badger's reads do not
// report a block that fails its own: they end early).
func (b *badgerBackend) maintain(inMemory bool) {
	defer close(b.done)
	if inMemory {
		<-b.stop
		return
	}
	t := time.NewTicker(10 * time.Minute)
	defer t.Stop()
	verify := time.NewTicker(b.verify)
	defer verify.Stop()
	for {
		select {
		case <-b.stop:
			return
		case <-t.C:
			// The collection writes a new value-log file before it
			// drops the old one: not on a volume that is all but full.
			for (b.room == nil || b.room() == nil) && b.db.RunValueLogGC(0.5) == nil {
			}
		case <-verify.C:
			b.verifyTables()
		}
	}
}

// verifyTables verifies the checksums of every table now, from the files
// (Badger's own VerifyChecksum reads blocks from its cache, and panics on
// a block that fails); a failure marks the store damaged.
func (b *badgerBackend) verifyTables() {
	if err := verifyTables(b.dir, b.key, true); err != nil {
		b.dmg.mark(err)
	}
}

type badgerSnapshot struct{ txn *badger.Txn }

func (s badgerSnapshot) Get(k []byte) ([]byte, bool, error) {
	item, err := s.txn.Get(k)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("get %q: %w", k, err)
	}
	v, err := item.ValueCopy(nil)
	if err != nil {
		return nil, false, fmt.Errorf("read %q: %w", k, err)
	}
	return v, true, nil
}

func (s badgerSnapshot) Seek(prefix, from []byte, o SeekOptions) Cursor {
	it := s.txn.NewIterator(badger.IteratorOptions{Prefix: prefix, Reverse: o.Reverse, PrefetchValues: o.Values, PrefetchSize: max(o.Prefetch, 1)})
	it.Seek(from)
	return &badgerCursor{it: it, prefix: prefix}
}

type badgerCursor struct {
	it     *badger.Iterator
	prefix []byte
	err    error
}

func (c *badgerCursor) Valid() bool { return c.err == nil && c.it.ValidForPrefix(c.prefix) }
func (c *badgerCursor) Key() []byte { return c.it.Item().Key() }
func (c *badgerCursor) Value(fn func(v []byte) error) error {
	return c.it.Item().Value(fn)
}
func (c *badgerCursor) ExpiresAt() uint64 { return c.it.Item().ExpiresAt() }
func (c *badgerCursor) Next()             { c.it.Next() }
func (c *badgerCursor) Err() error        { return c.err }
func (c *badgerCursor) Close()            { c.it.Close() }

type badgerBatch struct {
	badgerSnapshot
	db *badger.DB
}

func (b *badgerBatch) Write(entries []Entry) error {
	// The transaction keeps the entries until it commits: one allocation
	// for all of a job's.
	bes := make([]badger.Entry, len(entries))
	for i, e := range entries {
		var err error
		be := &bes[i]
		be.Key, be.Value = e.Key, e.Value
		switch {
		case e.Delete:
			err = b.txn.Delete(e.Key)
		case e.TTL > 0:
			// Every write discards the key's earlier versions, so that
			// nothing overwritten (an erased person's data) survives in a
			// backup or past the next compaction.
			err = b.txn.SetEntry(be.WithTTL(e.TTL).WithDiscard())
		default:
			err = b.txn.SetEntry(be.WithDiscard())
		}
		if err != nil {
			return fmt.Errorf("write %q: %w", e.Key, err)
		}
	}
	return nil
}

// Fits keeps a transaction under a safe share of Badger's limits.
func (b *badgerBatch) Fits(size, count int64) bool {
	return size <= b.db.MaxBatchSize()*2/5 && count <= b.db.MaxBatchCount()*2/5
}

func (b *badgerBatch) Commit([]string) error { return b.txn.Commit() }

func (b *badgerBatch) Discard() { b.txn.Discard() }

// badgerLogger sends Badger's log lines to slog.
type badgerLogger struct{ l *slog.Logger }

func (b badgerLogger) Errorf(f string, a ...any)   { b.l.Error("badger: " + fmt.Sprintf(f, a...)) }
func (b badgerLogger) Warningf(f string, a ...any) { b.l.Warn("badger: " + fmt.Sprintf(f, a...)) }
func (b badgerLogger) Infof(f string, a ...any)    { b.l.Debug("badger: " + fmt.Sprintf(f, a...)) }
func (b badgerLogger) Debugf(f string, a ...any)   { b.l.Debug("badger: " + fmt.Sprintf(f, a...)) }
