// A DB keeps its bytes in a backend: Badger in a local directory (the
// default, badger.go) or another engine that provides the same three
// things — consistent read-only snapshots, one write transaction per group
// commit that reads its own writes, and a durable commit. Everything above
// (the writer, the Reader every package reads through, the store's
// metadata) is written once, over these interfaces.

package kv

import (
	"context"
	"io"
	"time"
)

// Backend is where a DB keeps its bytes.
type Backend interface {
	// View runs fn with a consistent read-only snapshot of the store.
	View(ctx context.Context, fn func(Snapshot) error) error
	// Begin starts the transaction of one group commit. A backend that
	// several processes write (PostgreSQL) takes the store's write lock
	// in it and holds it until Commit or Discard, so that feed numbers
	// (the key m/seq, which the writer reads first) commit in order.
	Begin(ctx context.Context) (Batch, error)
	// Backup writes a full copy of the store, read from one snapshot, in
	// the backend's own format behind its header (the DB seals it).
	Backup(ctx context.Context, w io.Writer) error
	// Size is the bytes the store takes, where the backend knows.
	Size() int64
	// Close releases the backend; the writer has stopped.
	Close() error
}

// Snapshot reads the store at one moment (a View), or the writer's open
// transaction with the writes of the jobs before (a Batch).
type Snapshot interface {
	// Get returns a copy of k's value and whether it exists.
	Get(k []byte) ([]byte, bool, error)
	// Seek opens a cursor over the keys with prefix (every key when
	// prefix is empty), at the first key at or after from — or, reverse,
	// at the last key at or before from — moving forward (or backward).
	// Without values the cursor reads keys only.
	Seek(prefix, from []byte, o SeekOptions) Cursor
}

// SeekOptions say how a cursor walks.
type SeekOptions struct {
	Reverse bool
	// Values: the cursor reads values too (Value is used).
	Values bool
	// Prefetch is how many entries the cursor may read ahead.
	Prefetch int
	// Limit, when above 0, is the most entries the caller will read: a
	// backend across the network asks for no more.
	Limit int
}

// Cursor walks keys in order; its key and value are valid until Next.
type Cursor interface {
	// Valid reports whether the cursor is at a key of its prefix.
	Valid() bool
	Key() []byte
	// Value calls fn with the current value, valid only during the call.
	Value(fn func(v []byte) error) error
	// ExpiresAt is when the current key expires (Unix seconds; 0: never).
	ExpiresAt() uint64
	Next()
	// Err is the error that ended the walk early, if any.
	Err() error
	Close()
}

// Batch is the write transaction of one group commit.
type Batch interface {
	Snapshot
	// Write applies a job's writes, in order.
	Write(entries []Entry) error
	// Fits reports whether writes of about size bytes in count entries
	// more fit in the transaction.
	Fits(size, count int64) bool
	// Commit commits durably: when it returns nil, the writes are on disk
	// (and, for a replicated backend, where its rules say). touched are
	// the keys the transaction's jobs touched (watch.go), which a backend
	// shared by several processes tells the others.
	Commit(touched []string) error
	// Discard drops what the transaction holds; after Commit it does
	// nothing.
	Discard()
}

// Entry is one write: a value with an expiry, or a deletion.
type Entry struct {
	Key, Value []byte
	// TTL, when positive, expires the key that long after the write.
	TTL    time.Duration
	Delete bool
}
