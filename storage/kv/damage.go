// A damaged store: Badger table files whose bytes changed on disk (a
// failing disk, a bad copy) or that were cut short. Badger itself verifies
// a table's checksums only when asked, reports a block that fails its
// checksum during a read by ending the read early (its iterators and Get
// swallow the error), and panics in its own goroutines on a table cut short
// as it opens. So the store checks every table itself before Badger opens
// them (VerifyTables, in the caller's goroutine, a panic turned into an
// error), asks Badger to verify block checksums on every read and value
// checksums too, verifies every table again now and then while it serves
// (Options.VerifyEvery), and turns a panic of Badger's code into an error.
// Once damage is found the store is marked damaged: Health says so and
// every read and write answers ErrCorrupted, never a 500, so that no pull
// goes on past what the damaged table held. Between the damage and its
// discovery a read that meets a damaged block ends early without an error:
// Badger gives its callers none, which is why the verification repeats.

package kv

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync/atomic"

	"github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/badger/v4/fb"
	"github.com/dgraph-io/badger/v4/options"
	"github.com/dgraph-io/badger/v4/table"
	"github.com/dgraph-io/ristretto/v2"

	"fieldbook"
)

// ErrCorrupted is the error of a damaged store, wrapped with what was found
// damaged. Clients see its code (503) and this message; the operator sees
// the rest in the log and at start.
var ErrCorrupted = &fieldbook.Error{Code: fieldbook.CodeStoreCorrupted,
	Message: "the server's data store is damaged and must be restored by its administrator; what your phone holds stays on it and is sent later"}

// damage is a store's damaged state, shared by the DB, its writer and its
// backend.
type damage struct {
	err atomic.Pointer[error]
	log *slog.Logger
}

// get is the error that marked the store damaged, nil while it is not.
func (d *damage) get() error {
	if p := d.err.Load(); p != nil {
		return *p
	}
	return nil
}

// mark marks the store damaged by err (made a damaged-store error when it
// is not one already) and returns the error to answer; the first mark
// stays.
func (d *damage) mark(err error) error {
	if !errors.Is(err, ErrCorrupted) {
		err = &damageError{err}
	}
	if d.err.CompareAndSwap(nil, &err) {
		d.log.Error("the store is damaged: it answers store_corrupted until it is restored (README: What an operator sees)", "err", err)
		return err
	}
	return d.get()
}

// damageError is what was found damaged: ErrCorrupted to clients (its
// code and message), what was found to the operator.
type damageError struct{ found error }

func (e *damageError) Error() string   { return fieldbook.CodeStoreCorrupted + ": " + e.found.Error() }
func (e *damageError) Unwrap() []error { return []error{ErrCorrupted, e.found} }

// corrupted is a damaged-store error saying what was found.
func corrupted(format string, args ...any) error {
	return &damageError{fmt.Errorf(format, args...)}
}

// firstLine is what a panic said, in one line: Badger puts pages of detail
// between its first line and the panic it recovered, last.
func firstLine(r any) string {
	lines := strings.Split(strings.TrimSpace(fmt.Sprint(r)), "\n")
	if len(lines) == 1 {
		return lines[0]
	}
	return strings.TrimSpace(lines[0]) + " … " + strings.TrimSpace(lines[len(lines)-1])
}

// check marks the store damaged when err says a file of it is; it returns
// the error to answer (err itself otherwise).
func (d *damage) check(err error) error {
	if err == nil || errors.Is(err, ErrCorrupted) || !badgerDamage(err) {
		return err
	}
	return d.mark(err)
}

// recovered turns r, a panic recovered from code that called Badger, into
// the damaged store's error when Badger's own code panicked; any other
// panic goes on.
func (d *damage) recovered(r any) error {
	if !badgerPanic() {
		panic(r)
	}
	return d.mark(fmt.Errorf("the store's engine failed reading its files: %s", firstLine(r)))
}

// badgerDamage reports whether err, from Badger, says that a file of the
// store is damaged. Badger flattens the errors it wraps into text (y.Wrap
// outside its debug mode), so the text is all there is to match.
func badgerDamage(err error) bool {
	var fe *fieldbook.Error
	if err == nil || errors.As(err, &fe) {
		return false
	}
	msg := err.Error()
	for _, s := range []string{"checksum mismatch", "failed to verify checksum", "Data corrupted", "data is corrupted",
		"might be corrupted", "file does not exist for table", "bad magic", "bad check sum"} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}

// badgerPanic reports whether the panic being recovered began in Badger's
// (or its cache's) code rather than in the code that called it: called
// from the deferred function that recovers.
func badgerPanic() bool {
	pcs := make([]uintptr, 64)
	n := runtime.Callers(3, pcs)
	frames := runtime.CallersFrames(pcs[:n])
	panicking := false
	for {
		f, more := frames.Next()
		switch {
		case f.Function == "runtime.gopanic" || strings.HasPrefix(f.Function, "runtime.panic") || f.Function == "runtime.goPanicIndex":
			panicking = true
		case panicking && !strings.HasPrefix(f.Function, "runtime."):
			return strings.HasPrefix(f.Function, "github.com/dgraph-io/")
		}
		if !more {
			return false
		}
	}
}

// VerifyTables checks every table file of the Badger store in dir before
// Badger opens them: its footer, its index and the checksum of every block
// (key, for an encrypted store, reads the data keys). A table that fails is
// ErrCorrupted with its name; what Badger would panic on becomes that error
// here. A store whose manifest or key registry cannot be read is left for
// Badger's open to explain (a wrong key, say) unless the manifest itself is
// damaged.
func VerifyTables(dir string, key []byte) error { return verifyTables(dir, key, false) }

// verifyTables is VerifyTables; serving, it runs beside the open store and
// passes over a table a compaction removed since the manifest was read.
func verifyTables(dir string, key []byte, serving bool) error {
	tables, err := manifestTables(dir)
	if err != nil || len(tables) == 0 {
		return err
	}
	var kr *badger.KeyRegistry
	var index *ristretto.Cache[uint64, *fb.TableIndex]
	if len(key) > 0 {
		// Badger reads an encrypted table's index through a cache only.
		index, err = ristretto.NewCache(&ristretto.Config[uint64, *fb.TableIndex]{NumCounters: 1 << 12, MaxCost: 16 << 20, BufferItems: 64})
		if err != nil {
			return fmt.Errorf("verify tables: %w", err)
		}
		defer index.Close()
		kr, err = badger.OpenKeyRegistry(badger.KeyRegistryOptions{Dir: dir, ReadOnly: true, EncryptionKey: key, EncryptionKeyRotationDuration: dataKeyRotation})
		if err != nil {
			return nil // the open says what is wrong with the key
		}
		defer kr.Close()
	}
	for _, id := range slices.Sorted(maps.Keys(tables)) {
		if err := verifyTable(dir, id, tables[id], kr, index, serving); err != nil {
			return err
		}
	}
	return nil
}

// manifestTables reads the tables the store's manifest lists; none for a
// store without a manifest (a new one).
func manifestTables(dir string) (map[uint64]badger.TableManifest, error) {
	f, err := os.Open(filepath.Join(dir, "MANIFEST"))
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read the manifest of %s: %w", dir, err)
	}
	defer f.Close()
	m, _, err := badger.ReplayManifestFile(f, 0, badger.DefaultOptions(dir))
	if err != nil {
		if badgerDamage(err) {
			return nil, corrupted("%s: MANIFEST: %v", dir, err)
		}
		return nil, nil // Badger's open explains it
	}
	return m.Tables, nil
}

// errShrunk: a table file came up shorter than it was as it was read.
var errShrunk = errors.New("the file shrank as it was read")

// verifyTable opens a copy of one table as Badger opens the table, with
// every block's checksum verified, in this goroutine.
func verifyTable(dir string, id uint64, tm badger.TableManifest, kr *badger.KeyRegistry, index *ristretto.Cache[uint64, *fb.TableIndex], serving bool) (err error) {
	name := table.NewFilename(id, dir)
	damaged := func(why any) error {
		return corrupted("table %s: %v", filepath.Base(name), why)
	}
	fi, err := os.Stat(name)
	if serving && errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return damaged(err)
	}
	if fi.Size() < 8 {
		return damaged(fmt.Sprintf("%d bytes, cut short", fi.Size()))
	}
	opts := table.Options{ReadOnly: true, ChkMode: options.OnTableRead, Compression: tm.Compression, BlockSize: 4 << 10, IndexCache: index}
	if tm.KeyID != 0 {
		if kr == nil {
			return nil // the open says the key is needed
		}
		if opts.DataKey, err = kr.DataKey(tm.KeyID); err != nil {
			return nil
		}
	}
	mf, err := tableCopy(name)
	if serving && (errors.Is(err, os.ErrNotExist) || errors.Is(err, errShrunk)) {
		return nil // a compaction removed it meanwhile
	}
	if err != nil {
		return damaged(err)
	}
	defer func() {
		// A table that fails may leave its copy in memory: the start
		// fails and the process ends, or the check command reports and
		// ends, or a serving store is marked damaged.
		if r := recover(); r != nil {
			err = damaged(fmt.Sprintf("unreadable (%s)", firstLine(r)))
		}
	}()
	t, err := table.OpenTable(mf, opts)
	if err != nil {
		return damaged(err)
	}
	return t.MmapFile.Close(-1)
}

// CheckReport is what Check read of a store that it found whole.
type CheckReport struct {
	Tables int   // table files verified
	Keys   int64 // keys read, with their values
	Bytes  int64 // bytes of those values
}

// Check verifies the whole Badger store in dir, the server stopped: every
// table as VerifyTables does as the store opens, then every key and value
// read (values in the value log carry checksums of their own). A damaged store is
// ErrCorrupted with what was found.
func Check(ctx context.Context, opts Options) (CheckReport, error) {
	var rep CheckReport
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if err := checkKey(opts.EncryptionKey); err != nil {
		return rep, err
	}
	tables, err := manifestTables(opts.Dir)
	if err != nil {
		return rep, err
	}
	rep.Tables = len(tables)
	dmg := &damage{log: opts.Logger}
	b, err := openBadger(opts, dmg)
	if err != nil {
		return rep, err
	}
	defer b.Close()
	err = b.View(ctx, func(s Snapshot) error {
		c := s.Seek(nil, nil, SeekOptions{Values: true, Prefetch: 64})
		defer c.Close()
		for ; c.Valid(); c.Next() {
			if err := ctx.Err(); err != nil {
				return err
			}
			if err := c.Value(func(v []byte) error { rep.Bytes += int64(len(v)); return nil }); err != nil {
				return dmg.mark(fmt.Errorf("read %q: %w", c.Key(), err))
			}
			rep.Keys++
		}
		return c.Err()
	})
	if err == nil {
		err = dmg.get()
	}
	return rep, err
}
