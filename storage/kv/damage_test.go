// Tests of a damaged store against real Badger directories: tables whose
// bytes were flipped or that were cut short, found as the store opens
// (plain and encrypted), while it serves, and by Check.

package kv

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// writeRecords stores n values over several transactions and closes the
// store, which flushes them to its tables; it returns the largest table.
func writeRecords(t *testing.T, dir string, key []byte, n int) string {
	t.Helper()
	db := openT(t, dir, key)
	for i := 0; i < n; i += 100 {
		err := db.Do(context.Background(), func(tx *Tx) error {
			for j := i; j < i+100 && j < n; j++ {
				tx.Set(fmt.Appendf(nil, "c/%06d", j), fmt.Appendf(nil, `{"n":%d,"note":"%s"}`, j, strings.Repeat(fmt.Sprint(j), 20)))
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.sst"))
	var largest string
	var size int64
	for _, f := range files {
		if fi, err := os.Stat(f); err == nil && fi.Size() > size {
			largest, size = f, fi.Size()
		}
	}
	if largest == "" {
		t.Fatal("the store has no tables")
	}
	return largest
}

// flip flips 8 bytes from the middle of path, in place.
func flip(t *testing.T, path string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for i := range 8 {
		off := len(b)/2 + i*61
		if _, err := f.WriteAt([]byte{b[off] ^ 0xff}, int64(off)); err != nil {
			t.Fatal(err)
		}
	}
}

func cutShort(t *testing.T, path string) {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(path, fi.Size()/2); err != nil {
		t.Fatal(err)
	}
}

func TestADamagedTableKeepsTheStoreFromOpening(t *testing.T) {
	for _, key := range [][]byte{nil, testKey(7)} {
		for name, damage := range map[string]func(*testing.T, string){"flipped": flip, "cut short": cutShort, "emptied": func(t *testing.T, p string) { os.Truncate(p, 0) }} {
			t.Run(fmt.Sprintf("%s, encrypted %v", name, key != nil), func(t *testing.T) {
				dir := t.TempDir()
				sst := writeRecords(t, dir, key, 3000)
				damage(t, sst)
				db, err := Open(Options{Dir: dir, EncryptionKey: key})
				if err == nil {
					db.Close()
					t.Fatal("a store with a damaged table opened")
				}
				if !errors.Is(err, ErrCorrupted) || !strings.Contains(err.Error(), filepath.Base(sst)) || strings.Contains(err.Error(), "\n") {
					t.Fatalf("open: %v, want ErrCorrupted naming %s on one line", err, filepath.Base(sst))
				}
				if _, err := Check(context.Background(), Options{Dir: dir, EncryptionKey: key}); !errors.Is(err, ErrCorrupted) {
					t.Fatalf("check: %v, want ErrCorrupted", err)
				}
			})
		}
	}
}

func TestCheckReadsAWholeStore(t *testing.T) {
	dir := t.TempDir()
	writeRecords(t, dir, testKey(3), 500)
	rep, err := Check(context.Background(), Options{Dir: dir, EncryptionKey: testKey(3)})
	if err != nil || rep.Tables == 0 || rep.Keys < 500 || rep.Bytes == 0 {
		t.Fatalf("check of a whole store: %+v, %v", rep, err)
	}
}

func TestDamageFoundWhileServingStopsReadsAndWrites(t *testing.T) {
	dir := t.TempDir()
	sst := writeRecords(t, dir, nil, 3000)
	db, err := Open(Options{Dir: dir, VerifyEvery: 10 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	if err := db.Health(ctx); err != nil {
		t.Fatal(err)
	}
	flip(t, sst)
	for deadline := time.Now().Add(30 * time.Second); db.Health(ctx) == nil; time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the damage was not found")
		}
	}
	if err := db.Health(ctx); !errors.Is(err, ErrCorrupted) {
		t.Fatalf("health: %v", err)
	}
	if err := db.View(ctx, func(v *View) error { return nil }); !errors.Is(err, ErrCorrupted) {
		t.Fatalf("a read from a damaged store: %v", err)
	}
	if err := db.Do(ctx, func(tx *Tx) error { tx.Set([]byte("c/x"), []byte("{}")); return nil }); !errors.Is(err, ErrCorrupted) {
		t.Fatalf("a write to a damaged store: %v", err)
	}
}

// TestAPanicOfOurOwnIsNotDamage: a panic in the code that reads (a bug)
// goes on as a panic and leaves the store healthy; only Badger's own panics
// mean damage.
func TestAPanicOfOurOwnIsNotDamage(t *testing.T) {
	db := openT(t, t.TempDir(), nil)
	defer db.Close()
	func() {
		defer func() {
			if r := recover(); r != "ours" {
				t.Fatalf("recovered %v, want our own panic", r)
			}
		}()
		db.View(context.Background(), func(v *View) error { panic("ours") })
	}()
	if err := db.Health(context.Background()); err != nil {
		t.Fatalf("health after a panic of the caller's: %v", err)
	}
	err := db.Do(context.Background(), func(tx *Tx) error { panic("ours too") })
	if err == nil || errors.Is(err, ErrCorrupted) || db.Health(context.Background()) != nil {
		t.Fatalf("a job's own panic: %v, health %v", err, db.Health(context.Background()))
	}
}

// BenchmarkVerifyTables is what verifying every table costs a start (and
// each --verify-every while serving): bytes of table files verified per
// second, for a store of 200,000 values of about 300 bytes.
func BenchmarkVerifyTables(b *testing.B) {
	dir := b.TempDir()
	db, err := Open(Options{Dir: dir})
	if err != nil {
		b.Fatal(err)
	}
	for i := 0; i < 200_000; i += 1000 {
		err := db.Do(context.Background(), func(tx *Tx) error {
			for j := i; j < i+1000; j++ {
				tx.Set(fmt.Appendf(nil, "c/%08d", j), fmt.Appendf(nil, `{"n":%d,"note":"%s"}`, j, RandomHex(140)))
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	if err := db.Close(); err != nil {
		b.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.sst"))
	var size int64
	for _, f := range files {
		if fi, err := os.Stat(f); err == nil {
			size += fi.Size()
		}
	}
	b.SetBytes(size)
	b.ResetTimer()
	for range b.N {
		if err := VerifyTables(dir, nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(size)/(1<<20), "MiB-of-tables")
}
