package kv_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"fieldbook/storage/kv"
	"fieldbook/storage/kv/pgkv"
	"fieldbook/storage/pgtest"
)

// TestRangeAndNewestWalkOnlyTheirKeys: Range walks [from, to) within what
// from and to have in common, Newest the last keys of a prefix, whatever
// lies around them — on Badger, and on PostgreSQL, which reads a page of
// entries per query and no more than Newest's limit.
func TestRangeAndNewestWalkOnlyTheirKeys(t *testing.T) {
	t.Run("badger", func(t *testing.T) {
		db, err := kv.Open(kv.Options{InMemory: true})
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		checkWalks(t, db)
	})
	t.Run("postgres", func(t *testing.T) {
		b, err := pgkv.Open(context.Background(), pgtest.Start(t).NewDatabase(t), nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		db, err := kv.OpenBackend(b, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		checkWalks(t, db)
	})
}

func checkWalks(t *testing.T, db *kv.DB) {
	t.Helper()
	ctx := context.Background()
	keys := []string{"at/a", "at/a/1", "at/a/5", "at/a/9", "at/ab/0", "at/b/0", "at/b/3", "b", "c/x"}
	for i := range 1500 {
		keys = append(keys, fmt.Sprintf("at/big/%04d", i))
	}
	if err := db.Do(ctx, func(tx *kv.Tx) error {
		for _, k := range keys {
			tx.Set([]byte(k), []byte("v:"+k))
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		from, to string
		want     []string
	}{
		{"at/a/2", "at/a/9", []string{"at/a/5"}},
		{"at/a/", "at/b/", []string{"at/a/1", "at/a/5", "at/a/9", "at/ab/0"}},
		{"at/a", "at/a/5", []string{"at/a", "at/a/1"}},
		{"at/b/1", "c", slices.Concat([]string{"at/b/3"}, keys[9:], []string{"b"})}, // at/big/… between
		{"at/c", "b", nil},
		{"at/big/1498", "at/big/9999", []string{"at/big/1498", "at/big/1499"}},
		{"", "at/a/1", []string{"at/a"}},
	} {
		var got []string
		err := db.View(ctx, func(r *kv.View) error {
			return r.Range([]byte(c.from), []byte(c.to), func(k []byte) error {
				got = append(got, string(k))
				return nil
			})
		})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("Range(%q, %q): %d keys %.5v…, want %d %.5v…", c.from, c.to, len(got), got, len(c.want), c.want)
		}
	}
	for _, c := range []struct {
		prefix string
		limit  int
		want   []string
	}{
		{"at/a/", 2, []string{"at/a/9", "at/a/5"}},
		{"at/big/", 3, []string{"at/big/1499", "at/big/1498", "at/big/1497"}},
		{"at/big/", 1100, nil}, // counted below
		{"c/", 5, []string{"c/x"}},
	} {
		var got []string
		err := db.View(ctx, func(r *kv.View) error {
			return r.Newest([]byte(c.prefix), c.limit, func(k, v []byte) error {
				if string(v) != "v:"+string(k) {
					return fmt.Errorf("%s holds %q", k, v)
				}
				got = append(got, string(k))
				return nil
			})
		})
		if err != nil {
			t.Fatal(err)
		}
		if c.limit == 1100 {
			if len(got) != 1100 || got[0] != "at/big/1499" || got[1099] != "at/big/0400" {
				t.Errorf("Newest(%q, %d): %d keys from %v to %v", c.prefix, c.limit, len(got), got[0], got[len(got)-1])
			}
			continue
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("Newest(%q, %d): %v, want %v", c.prefix, c.limit, got, c.want)
		}
	}
}
