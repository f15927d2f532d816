// What the conformance suite cannot see of WaitForChanges through the
// interfaces: that a waiter woken by a commit it may not see checks again
// and waits on (kv counts the waits begun), and that Close ends a wait with
// kv.ErrClosed.

package storage

import (
	"context"
	"errors"
	"testing"
	"time"

	"fieldbook"
	"fieldbook/storage/kv"
)

// openTemp opens an on-disk store in a temporary directory, closed at the
// end of the test.
func openTemp(tb testing.TB) *Engine {
	tb.Helper()
	s := mustOpenDir(tb, tb.TempDir())
	tb.Cleanup(func() { s.Close() })
	return s
}

// waitResult is what a WaitForChanges call answered.
type waitResult struct {
	changed bool
	err     error
}

// waiter runs WaitForChanges in a goroutine.
type waiter struct {
	done   chan waitResult
	cancel context.CancelFunc
}

func startWaiter(tb testing.TB, s *Engine, userID, cur string) *waiter {
	tb.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	tb.Cleanup(cancel)
	w := &waiter{done: make(chan waitResult, 1), cancel: cancel}
	go func() {
		changed, err := s.WaitForChanges(ctx, userID, cur)
		w.done <- waitResult{changed, err}
	}()
	return w
}

// waitsBegun waits until n waits for a commit have begun since the store
// opened: a waiter found nothing and waits (each check that finds nothing
// begins one).
func waitsBegun(tb testing.TB, s *Engine, n int64, what string) {
	tb.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for s.db.Waits() < n {
		if time.Now().After(deadline) {
			tb.Fatalf("still waiting for %s (%d waits begun, want %d)", what, s.db.Waits(), n)
		}
		time.Sleep(time.Millisecond)
	}
}

// within returns the next value of ch, failing the test if none comes in a
// long while: a guard against a hang, not a measure of speed.
func within[T any](tb testing.TB, ch <-chan T, what string) T {
	tb.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(20 * time.Second):
		tb.Fatalf("still waiting for %s", what)
		var zero T
		return zero
	}
}

// caughtUp pulls every page for u and returns the final cursor.
func caughtUp(tb testing.TB, s *Engine, u fieldbook.User) string {
	tb.Helper()
	cur := ""
	for {
		p, err := s.Pull(context.Background(), u.ID, cur, 1000)
		if err != nil {
			tb.Fatalf("pull: %v", err)
		}
		cur = p.Cursor
		if !p.More {
			return cur
		}
	}
}

// TestWaitForChangesSleepsThroughACommitItCannotSee: the other team's
// supervisor is not woken by the commit of a push they may not see (the
// wake-ups are targeted, storage/kv/watch.go): their call has begun one wait
// and no other when a push they may see wakes it.
func TestWaitForChangesSleepsThroughACommitItCannotSee(t *testing.T) {
	s := openTemp(t)
	w := newWorld(t, s)
	other := startWaiter(t, s, w.otherSup.ID, caughtUp(t, s, w.otherSup))
	waitsBegun(t, s, 1, "the other team's supervisor to wait")
	d := newDevice(w.agent, "phone")
	if got := statuses(d.push(t, s, d.change(fieldbook.Prospects, newID(), map[string]any{"name": "王先生"}))); got[0] != fieldbook.StatusApplied {
		t.Fatalf("push: %v", got)
	}
	o := newDevice(w.other, "other-phone")
	if got := statuses(o.push(t, s, o.change(fieldbook.Activities, newID(), map[string]any{"kind": "call", "occurred_at": "2026-11-27T09:00:00+08:00"}))); got[0] != fieldbook.StatusApplied {
		t.Fatalf("push: %v", got)
	}
	if got := within(t, other.done, "the other team's supervisor's answer"); !got.changed || got.err != nil {
		t.Fatalf("the other team's supervisor: changed=%v err=%v, want true, nil", got.changed, got.err)
	}
	if n := s.db.Waits(); n != 1 {
		t.Fatalf("the other team's supervisor began %d waits; the first push, which they may not see, woke them", n)
	}
}

// TestWaitForChangesEndsWithTheStore: Close ends a waiting call with
// kv.ErrClosed.
func TestWaitForChangesEndsWithTheStore(t *testing.T) {
	s := openTemp(t)
	w := newWorld(t, s)
	closed := startWaiter(t, s, w.sup.ID, caughtUp(t, s, w.sup))
	waitsBegun(t, s, 1, "the waiter to wait")
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if got := within(t, closed.done, "the answer after Close"); got.changed || !errors.Is(got.err, kv.ErrClosed) {
		t.Fatalf("after Close: changed=%v err=%v, want false, %v", got.changed, got.err, kv.ErrClosed)
	}
}
