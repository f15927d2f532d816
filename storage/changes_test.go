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

func TestWaitForChangesWakesOnlyThoseWhoSeeThePush(t *testing.T) {
	s := openTemp(t)
	w := newWorld(t, s)
	supCur, otherCur := caughtUp(t, s, w.sup), caughtUp(t, s, w.otherSup)

	sup := startWaiter(t, s, w.sup.ID, supCur)
	other := startWaiter(t, s, w.otherSup.ID, otherCur)
	waitsBegun(t, s, 2, "both supervisors to wait")
	if got, want := s.Waiters(), 2; got != want {
		t.Fatalf("Waiters() = %d, want %d", got, want)
	}

	d := newDevice(w.agent, "phone")
	if got := statuses(d.push(t, s, d.change(fieldbook.Prospects, newID(), map[string]any{"name": "王先生"}))); got[0] != fieldbook.StatusApplied {
		t.Fatalf("push: %v", got)
	}

	if got := within(t, sup.done, "the supervisor's answer"); !got.changed || got.err != nil {
		t.Fatalf("the team's supervisor: changed=%v err=%v, want true, nil", got.changed, got.err)
	}
	// What woke the supervisor is what their next pull brings.
	if p, err := s.Pull(context.Background(), w.sup.ID, supCur, 10); err != nil || len(p.Records) != 1 || (p.ResetReason != "") {
		t.Fatalf("the supervisor's pull after the wake: %d records, reset=%v, err=%v", len(p.Records), (p.ResetReason != ""), err)
	}

	// The other team's supervisor was woken by the same commit, checked
	// again, found nothing and waits on.
	waitsBegun(t, s, 3, "the other team's supervisor to check again and wait")
	select {
	case got := <-other.done:
		t.Fatalf("the other team's supervisor answered %v, %v before their wait ended", got.changed, got.err)
	default:
	}
	other.cancel()
	if got := within(t, other.done, "the other team's supervisor's answer"); got.changed || got.err != nil {
		t.Fatalf("the other team's supervisor: changed=%v err=%v, want false, nil", got.changed, got.err)
	}
	if got := s.Waiters(); got != 0 {
		t.Fatalf("Waiters() = %d after every wait ended, want 0", got)
	}
}

func TestWaitForChangesAnswersAtOnce(t *testing.T) {
	s := openTemp(t)
	w := newWorld(t, s)
	curs := map[string]string{}
	for _, u := range []fieldbook.User{w.agent, w.agent2, w.sup, w.otherSup, w.admin} {
		curs[u.ID] = caughtUp(t, s, u)
	}
	d := newDevice(w.agent, "phone")
	d.push(t, s, d.change(fieldbook.Prospects, newID(), map[string]any{"name": "王先生"}))

	// An ended context: every answer below comes from the check alone.
	ended, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name string
		user fieldbook.User
		cur  string
		want bool
	}{
		{"the owner", w.agent, curs[w.agent.ID], true},
		{"the team's supervisor", w.sup, curs[w.sup.ID], true},
		{"an admin", w.admin, curs[w.admin.ID], true},
		{"a team mate, who never sees another agent's prospects", w.agent2, curs[w.agent2.ID], false},
		{"another team's supervisor", w.otherSup, curs[w.otherSup.ID], false},
		{"a first sync", w.agent2, "", true},
		{"a malformed cursor", w.otherSup, "%%%", true},
		{"another user's cursor", w.otherSup, curs[w.sup.ID], true},
	}
	for _, tt := range tests {
		got, err := s.WaitForChanges(ended, tt.user.ID, tt.cur)
		if err != nil || got != tt.want {
			t.Errorf("%s: changed=%v err=%v, want %v, nil", tt.name, got, err, tt.want)
		}
	}

	// A role change resets the user's cursor: that is a change too.
	role := fieldbook.RoleSupervisor
	if _, err := s.UpdateUser(context.Background(), w.agent2.ID, fieldbook.UserPatch{Role: &role}); err != nil {
		t.Fatal(err)
	}
	if got, err := s.WaitForChanges(ended, w.agent2.ID, curs[w.agent2.ID]); err != nil || !got {
		t.Errorf("after a role change: changed=%v err=%v, want true, nil", got, err)
	}

	// A disabled user is turned away as by Pull.
	disabled := true
	if _, err := s.UpdateUser(context.Background(), w.other.ID, fieldbook.UserPatch{Disabled: &disabled}); err != nil {
		t.Fatal(err)
	}
	var fe *fieldbook.Error
	if _, err := s.WaitForChanges(ended, w.other.ID, ""); !errors.As(err, &fe) || fe.Code != fieldbook.CodeUnauthorized {
		t.Errorf("a disabled user: err=%v, want %s", err, fieldbook.CodeUnauthorized)
	}
}

func TestWaitForChangesEndsWithItsContextAndWithTheStore(t *testing.T) {
	s := openTemp(t)
	w := newWorld(t, s)
	cur := caughtUp(t, s, w.sup)

	cancelled := startWaiter(t, s, w.sup.ID, cur)
	waitsBegun(t, s, 1, "the waiter to wait")
	cancelled.cancel()
	if got := within(t, cancelled.done, "the cancelled waiter's answer"); got.changed || got.err != nil {
		t.Fatalf("cancelled: changed=%v err=%v, want false, nil", got.changed, got.err)
	}

	closed := startWaiter(t, s, w.sup.ID, cur)
	waitsBegun(t, s, 2, "the waiter to wait")
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if got := within(t, closed.done, "the answer after Close"); got.changed || !errors.Is(got.err, kv.ErrClosed) {
		t.Fatalf("after Close: changed=%v err=%v, want false, %v", got.changed, got.err, kv.ErrClosed)
	}
}
