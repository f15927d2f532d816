package kv

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
)

// TestNoRoomRefusesEveryWriteAndKeepsReads: while Options.Room says the
// volume is all but full, every job is refused with its error before it
// runs, and reads go on; when it has room again, jobs run.
func TestNoRoomRefusesEveryWriteAndKeepsReads(t *testing.T) {
	errFull := errors.New("all but full")
	var full atomic.Bool
	db, err := Open(Options{Dir: t.TempDir(), Room: func() error {
		if full.Load() {
			return errFull
		}
		return nil
	}})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	set := func(k string) error {
		return db.Do(ctx, func(tx *Tx) error { tx.Set([]byte(k), []byte("{}")); return nil })
	}
	if err := set("c/before"); err != nil {
		t.Fatal(err)
	}
	full.Store(true)
	ran := false
	if err := db.Do(ctx, func(tx *Tx) error { ran = true; return nil }); !errors.Is(err, errFull) || ran {
		t.Fatalf("a job on a full volume: %v (ran %v), want the room's error before it runs", err, ran)
	}
	err = db.View(ctx, func(v *View) error {
		_, ok, err := v.Get([]byte("c/before"))
		if err == nil && !ok {
			err = errors.New("missing")
		}
		return err
	})
	if err != nil {
		t.Fatalf("a read on a full volume: %v", err)
	}
	full.Store(false)
	if err := set("c/after"); err != nil {
		t.Fatalf("a write once there is room: %v", err)
	}
}
