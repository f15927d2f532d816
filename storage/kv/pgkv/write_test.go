package pgkv

// A job's writes reach PostgreSQL as two statements of arrays (Write), and
// what a job reads ahead (kv.Tx.Prefetch) stands in for the one-by-one
// reads: both checked on a real PostgreSQL.

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"fieldbook/storage/kv"
	"fieldbook/storage/pgtest"
)

func openDB(t *testing.T, now func() time.Time) *kv.DB {
	t.Helper()
	ctx := context.Background()
	b, err := Open(ctx, pgtest.Start(t).NewDatabase(t), nil, now)
	if err != nil {
		t.Fatal(err)
	}
	db, err := kv.OpenBackend(b, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func get(t *testing.T, db *kv.DB, k string) (string, bool) {
	t.Helper()
	var v []byte
	var ok bool
	if err := db.View(context.Background(), func(r *kv.View) (err error) {
		v, ok, err = r.Get([]byte(k))
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return string(v), ok
}

func TestWriteSendsEachKeysLastWrite(t *testing.T) {
	clock := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	db := openDB(t, func() time.Time { return clock })
	ctx := context.Background()
	if err := db.Do(ctx, func(tx *kv.Tx) error {
		tx.Set([]byte("a"), []byte("1"))
		tx.Set([]byte("gone"), []byte("x"))
		tx.Set([]byte("empty"), nil)
		for i := range 600 {
			tx.Set(fmt.Appendf(nil, "many/%03d", i), fmt.Appendf(nil, "v%d", i))
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	// One job: a key set then deleted, one deleted then set, one set
	// twice, one to expire.
	if err := db.Do(ctx, func(tx *kv.Tx) error {
		tx.Set([]byte("a"), []byte("2"))
		tx.Delete([]byte("a"))
		tx.Delete([]byte("gone"))
		tx.Set([]byte("gone"), []byte("back"))
		tx.Set([]byte("b"), []byte("1"))
		tx.Set([]byte("b"), []byte("2"))
		tx.SetTTL([]byte("ttl"), []byte("soon"), time.Hour)
		tx.Delete([]byte("never-there"))
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	for k, want := range map[string]string{"gone": "back", "b": "2", "ttl": "soon", "empty": "", "many/000": "v0", "many/599": "v599"} {
		if v, ok := get(t, db, k); !ok || v != want {
			t.Errorf("%s: %q %v, want %q", k, v, ok, want)
		}
	}
	for _, k := range []string{"a", "never-there"} {
		if v, ok := get(t, db, k); ok {
			t.Errorf("%s: %q, want none", k, v)
		}
	}
	clock = clock.Add(2 * time.Hour)
	if v, ok := get(t, db, "ttl"); ok {
		t.Errorf("ttl after its hour: %q, want none", v)
	}
}

func TestPrefetchStandsInForTheReads(t *testing.T) {
	db := openDB(t, nil)
	ctx := context.Background()
	if err := db.Do(ctx, func(tx *kv.Tx) error {
		tx.Set([]byte("r/1"), []byte("one"))
		tx.Set([]byte("r/empty"), nil)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	errCheck := errors.New("check")
	err := db.Do(ctx, func(tx *kv.Tx) error {
		tx.Set([]byte("r/2"), []byte("mine"))
		keys := func() [][]byte { return [][]byte{[]byte("r/1"), []byte("r/2"), []byte("r/empty"), []byte("r/none")} }
		if err := tx.Prefetch(keys); err != nil {
			return err
		}
		tx.Set([]byte("r/1"), []byte("changed"))
		for k, want := range map[string]string{"r/1": "changed", "r/2": "mine", "r/empty": ""} {
			if v, ok, err := tx.Get([]byte(k)); err != nil || !ok || string(v) != want {
				return fmt.Errorf("%w: %s read %q %v %v, want %q", errCheck, k, v, ok, err, want)
			}
		}
		if v, ok, err := tx.Get([]byte("r/none")); err != nil || ok {
			return fmt.Errorf("%w: r/none read %q %v %v, want none", errCheck, v, ok, err)
		}
		tx.Delete([]byte("r/empty"))
		if _, ok, _ := tx.Get([]byte("r/empty")); ok {
			return fmt.Errorf("%w: r/empty read after its delete", errCheck)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := get(t, db, "r/1"); v != "changed" {
		t.Errorf("r/1 after the job: %q", v)
	}
}

// TestWriteOfOneKeyTwice: a backend's Write may be handed a key twice
// (kv's jobs hand each key once, but the Backend does not promise it):
// the last write stands, in one statement that PostgreSQL would refuse
// to let touch a row twice.
func TestWriteOfOneKeyTwice(t *testing.T) {
	ctx := context.Background()
	b, err := Open(ctx, pgtest.Start(t).NewDatabase(t), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	batch, err := b.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := batch.Write([]kv.Entry{
		{Key: []byte("k"), Value: []byte("1")}, {Key: []byte("d"), Value: []byte("x")},
		{Key: []byte("k"), Value: []byte("2")}, {Key: []byte("d"), Delete: true},
	}); err != nil {
		t.Fatal(err)
	}
	if err := batch.Commit(nil); err != nil {
		t.Fatal(err)
	}
	err = b.View(ctx, func(s kv.Snapshot) error {
		if v, ok, err := s.Get([]byte("k")); err != nil || !ok || string(v) != "2" {
			return fmt.Errorf("k: %q %v %v, want 2", v, ok, err)
		}
		if v, ok, err := s.Get([]byte("d")); err != nil || ok {
			return fmt.Errorf("d: %q %v %v, want none", v, ok, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
