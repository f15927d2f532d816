// Package storage opens Fieldbook's embedded storage engine: one Badger
// database (storage/kv) shared by replication (sync/store), the people
// (storage/directory), the scores (storage/reports), the audit log
// (storage/audit) and the privacy rules (storage/privacy). Open wires them,
// finishes what a crash interrupted, starts the background work (the
// retention sweep), and returns an Engine that provides every service of
// the root package and scoring.Reports; the server and the tools see only
// those interfaces.
package storage

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"time"

	"fieldbook"
	"fieldbook/scoring"
	"fieldbook/storage/audit"
	"fieldbook/storage/directory"
	"fieldbook/storage/feed"
	"fieldbook/storage/kv"
	"fieldbook/storage/kv/pgkv"
	"fieldbook/storage/privacy"
	"fieldbook/storage/reports"
	"fieldbook/sync/store"
)

// Options configure an Engine.
type Options struct {
	// Dir is the Badger directory; it is created when missing. Empty with
	// InMemory for a store that lives in memory only (tests).
	Dir      string
	InMemory bool
	// Logger receives the store's and Badger's warnings; nil discards.
	Logger *slog.Logger
	// EncryptionKey, when not empty, encrypts the store at rest (KeySize
	// bytes, AES-256) and seals its backups; a store made with a key
	// opens only with it, one made without only without (ErrKeyNeeded,
	// ErrWrongKey, ErrNotEncrypted).
	EncryptionKey []byte
	// Postgres, when set, is the address of a PostgreSQL database
	// (postgres://…) that holds the store instead of Dir: several
	// Fieldbook nodes may share it (storage/kv/pgkv). EncryptionKey then
	// seals backups only; the database's own disk encryption covers the
	// data at rest.
	Postgres string
	// Now is the wall clock (time.Now when nil); tests move it.
	Now func() time.Time
	// AccessLogDays is how many days the access log keeps an entry (1,095,
	// three years, when not positive).
	AccessLogDays int
	// SweepEvery is how often the retention sweep erases the dormant
	// prospects left unanswered (hourly when not positive); it also runs
	// once as the store opens.
	SweepEvery time.Duration
	// VerifyEvery is how often a Badger store verifies the checksums of
	// all its tables while it serves (DefaultVerifyEvery when not
	// positive).
	VerifyEvery time.Duration
	// Room, when set, says whether a Badger store may write at all (the
	// free space of its volume, storage/diskspace): while it returns an
	// error every write answers it.
	Room func() error
}

// Engine is an open store. It is safe for concurrent use.
type Engine struct {
	*store.Store
	*directory.Directory
	*reports.Reports
	*audit.Log
	*privacy.NoticeBoard
	*privacy.Access
	*privacy.Register
	*privacy.Retention
	db *kv.DB
	// background holds the work that runs while the store serves (scores
	// a crash left to redo, the retention sweep); Close cancels it and
	// waits.
	background     sync.WaitGroup
	stopBackground context.CancelFunc
	closeOnce      sync.Once
	closeErr       error
}

var (
	_ fieldbook.Replication = (*Engine)(nil)
	_ fieldbook.Directory   = (*Engine)(nil)
	_ fieldbook.Sessions    = (*Engine)(nil)
	_ fieldbook.AuditLog    = (*Engine)(nil)
	_ fieldbook.Operations  = (*Engine)(nil)
	_ fieldbook.Privacy     = (*Engine)(nil)
	_ scoring.Reports       = (*Engine)(nil)
)

// Open opens (or creates) the store and finishes any team move that a crash
// interrupted; the scores a crash left to redo are redone in the
// background while the store serves, and the retention sweep
// (PurgeDormant) runs in the background at once and every SweepEvery. No
// single record keeps it from opening: what cannot be repaired is logged
// and skipped.
func Open(ctx context.Context, opts Options) (*Engine, error) {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	db, err := openKV(ctx, opts)
	if err != nil {
		return nil, err
	}
	stamps := feed.NewStamps(opts.Now)
	rp := reports.New(db, stamps, opts.Logger)
	e := &Engine{
		Store:       store.New(db, stamps, rp, opts.Logger),
		Directory:   directory.New(db, stamps, opts.Logger, rp.RescoreTeam, directory.Handover{Person: privacy.HandOver, Requests: privacy.HandOverRequests}),
		Reports:     rp,
		Log:         audit.New(db, opts.Now),
		NoticeBoard: privacy.NewNoticeBoard(db, opts.Now),
		Access:      privacy.NewAccess(db, opts.Now, time.Duration(opts.AccessLogDays)*24*time.Hour),
		Register:    privacy.NewRegister(db, opts.Now),
		Retention:   privacy.NewRetention(db, stamps, opts.Logger),
		db:          db,
	}
	if err := migrate(ctx, db, opts.Logger); err != nil {
		e.Close()
		return nil, err
	}
	if err := e.FinishMoves(ctx); err != nil {
		e.Close()
		return nil, err
	}
	var bg context.Context
	bg, e.stopBackground = context.WithCancel(context.Background())
	e.background.Add(2)
	go func() {
		defer e.background.Done()
		rp.RepairScores(bg)
	}()
	go func() {
		defer e.background.Done()
		e.sweep(bg, opts.Now, cmp.Or(max(opts.SweepEvery, 0), time.Hour), opts.Logger)
	}()
	return e, nil
}

// sweep runs the retention sweep now and then every interval until ctx
// ends (Close). A sweep that fails is logged and the next one tries again:
// it never stops the store.
func (e *Engine) sweep(ctx context.Context, now func() time.Time, every time.Duration, log *slog.Logger) {
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		if _, err := e.PurgeDormant(ctx, now()); err != nil && ctx.Err() == nil {
			log.Error("retention: the sweep of dormant prospects failed; it runs again later", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// Close finishes queued writes and closes the database cleanly. Calling
// it again does nothing.
func (e *Engine) Close() error {
	e.closeOnce.Do(func() {
		if e.stopBackground != nil {
			e.stopBackground()
		}
		e.background.Wait()
		e.closeErr = e.db.Close()
	})
	return e.closeErr
}

// Backup writes a full copy of the store to w, read from one snapshot; the
// store keeps serving meanwhile.
func (e *Engine) Backup(ctx context.Context, w io.Writer) error { return e.db.Backup(ctx, w) }

// Size returns the bytes the store takes on disk.
func (e *Engine) Size() int64 { return e.db.Size() }

// Health is nil while the store can take writes.
func (e *Engine) Health(ctx context.Context) error { return e.db.Health(ctx) }

// Gauges are the store's own measures for the metrics.
func (e *Engine) Gauges(ctx context.Context) map[string]float64 { return e.db.Gauges(ctx) }

// Waiters returns how many WaitForChanges calls wait for a commit now.
func (e *Engine) Waiters() int { return e.db.Waiters() }

// OnCommit sets a function called after each durable group commit.
func (e *Engine) OnCommit(fn func(jobs int, took time.Duration)) { e.db.OnCommit(fn) }

// Secret returns the token-signing secret created with the store.
func (e *Engine) Secret() ([]byte, error) { return e.db.Secret() }

// openKV opens the key-value store opts name: PostgreSQL, or Badger.
func openKV(ctx context.Context, opts Options) (*kv.DB, error) {
	if opts.Postgres == "" {
		return kv.Open(kv.Options{Dir: opts.Dir, InMemory: opts.InMemory, Logger: opts.Logger, EncryptionKey: opts.EncryptionKey, VerifyEvery: opts.VerifyEvery, Room: opts.Room})
	}
	if len(opts.EncryptionKey) != 0 && len(opts.EncryptionKey) != KeySize {
		return nil, fmt.Errorf("an encryption key has %d bytes, not %d", len(opts.EncryptionKey), KeySize)
	}
	b, err := pgkv.Open(ctx, opts.Postgres, opts.Logger, opts.Now)
	if err != nil {
		return nil, err
	}
	return kv.OpenBackend(b, opts.Logger, opts.EncryptionKey)
}

// Restore replaces the store in opts.Dir (or the PostgreSQL database
// opts.Postgres names) with the backup read from r; a Badger store's
// server must be stopped. Every client's cursor is then reset with the
// reason "restored". With opts.EncryptionKey the restored store is
// encrypted with it and a sealed backup is opened with it (a backup that
// is not sealed restores too); without, a sealed backup is refused
// (ErrBackupSealed). A backup sealed with another key, or changed, is
// refused before the store is touched (ErrBackupKey).
func Restore(ctx context.Context, opts Options, r io.Reader) error {
	if opts.Postgres != "" {
		return pgkv.Restore(ctx, opts.Postgres, opts.EncryptionKey, r)
	}
	return kv.Restore(ctx, opts.Dir, opts.EncryptionKey, r)
}

// RotateKey makes the encrypted store in dir open with newKey instead of
// oldKey (the server stopped): Badger's master key is rotated, the data
// keys it encrypts stay (kv.RotateKey).
func RotateKey(dir string, oldKey, newKey []byte) error { return kv.RotateKey(dir, oldKey, newKey) }

// MigratePostgres brings the schema of the PostgreSQL database dsn names to
// PostgresSchema and returns the version it had.
func MigratePostgres(ctx context.Context, dsn string) (int, error) { return pgkv.MigrateDSN(ctx, dsn) }

// NewEpoch gives the PostgreSQL store dsn names a new epoch after a lossy
// promotion (pgkv.NewEpoch): every phone resets and sends what it holds.
func NewEpoch(ctx context.Context, dsn string) error { return pgkv.NewEpoch(ctx, dsn) }

// PostgresSchema is the PostgreSQL schema version this binary writes.
var PostgresSchema = pgkv.SchemaVersion

// DefaultVerifyEvery is how often a serving Badger store verifies every
// table when Options.VerifyEvery is not set.
const DefaultVerifyEvery = kv.DefaultVerifyEvery

// KeySize is the length of an encryption key in bytes.
const KeySize = kv.KeySize

// ErrCorrupted is the error of a damaged store (code store_corrupted):
// Open returns it for a table that fails its checksums, and a serving
// store answers it, and reports it in Health, once it finds damage.
var ErrCorrupted = kv.ErrCorrupted

// CheckReport is what Check read of a whole store.
type CheckReport = kv.CheckReport

// Check verifies every table, key and value of the Badger store in
// opts.Dir (the server stopped); a damaged store is ErrCorrupted with what
// was found.
func Check(ctx context.Context, opts Options) (CheckReport, error) {
	if opts.Postgres != "" {
		return CheckReport{}, errors.New("check verifies a Badger store; PostgreSQL verifies its own pages (initdb --data-checksums, pg_checksums)")
	}
	return kv.Check(ctx, kv.Options{Dir: opts.Dir, Logger: opts.Logger, EncryptionKey: opts.EncryptionKey})
}

// Why a store and a key, or a backup and a key, do not go together.
var (
	ErrKeyNeeded    = kv.ErrKeyNeeded
	ErrWrongKey     = kv.ErrWrongKey
	ErrNotEncrypted = kv.ErrNotEncrypted
	ErrBackupSealed = kv.ErrBackupSealed
	ErrBackupKey    = kv.ErrBackupKey
)
