// The behaviour of Replication.WaitForChanges, the long poll: it answers
// at once what a pull would bring, and waits only while a pull would bring
// nothing.

package conformance

import (
	"context"
	"testing"

	"fieldbook"
)

// waitAnswer is what a WaitForChanges call answered.
type waitAnswer struct {
	changed bool
	err     error
}

// waitCall is a WaitForChanges call running in its own goroutine.
type waitCall struct {
	done   chan waitAnswer
	cancel context.CancelFunc
}

// startWait calls WaitForChanges in a goroutine; the call's context ends
// with cancel, or with the test.
func (e *env) startWait(userID, cursor string) *waitCall {
	ctx, cancel := context.WithCancel(e.ctx)
	e.t.Cleanup(cancel)
	c := &waitCall{done: make(chan waitAnswer, 1), cancel: cancel}
	eng := e.eng
	go func() {
		changed, err := eng.WaitForChanges(ctx, userID, cursor)
		c.done <- waitAnswer{changed, err}
	}()
	return c
}

// waitForChanges: a waiting call wakes, with true, for a change its user
// may see, and not for one they may not; it ends with its context (false,
// nil) and is counted in Operations.Waiters meanwhile. A call answers at
// once, even with an ended context, when a pull from its cursor would
// bring a record or a reset: a change the user sees, a first sync, a
// cursor to reset, a role change. A disabled user is unauthorized.
func waitForChanges(t *testing.T, e *env) {
	w := e.world()
	devices := map[string]*device{}
	before := map[string]string{} // each user's cursor before the push
	for _, u := range []fieldbook.User{w.agent, w.agent2, w.sup, w.otherSup, w.admin} {
		d := e.device(u)
		d.catchUp()
		devices[u.ID], before[u.ID] = d, d.cursor
	}

	sup := e.startWait(w.sup.ID, before[w.sup.ID])
	other := e.startWait(w.otherSup.ID, before[w.otherSup.ID])
	e.waitUntil("both supervisors to wait", func() bool { return e.eng.Waiters() == 2 })
	a := devices[w.agent.ID]
	id := newID()
	a.apply(a.change(fieldbook.Activities, id, map[string]any{"kind": "call", "occurred_at": "2026-11-20T10:00:00+08:00"}))
	if got := within(t, sup.done, "the supervisor's answer"); !got.changed || got.err != nil {
		t.Fatalf("the team's supervisor: changed %v, err %v; want true, nil", got.changed, got.err)
	}
	// What woke the supervisor is what their next pull brings.
	if ans := devices[w.sup.ID].sync(); ans.ResetReason != "" || len(ans.Records) != 1 || ans.Records[0].ID != id {
		t.Fatalf("the supervisor's pull after the wake: reset %q, %d records; want the pushed activity alone", ans.ResetReason, len(ans.Records))
	}
	// The other team's supervisor may not see it: their call waits on.
	e.waitUntil("the other team's supervisor alone to wait", func() bool { return e.eng.Waiters() == 1 || len(other.done) > 0 })
	select {
	case got := <-other.done:
		t.Fatalf("the other team's supervisor answered %v, %v for a change they may not see", got.changed, got.err)
	default:
	}
	other.cancel()
	if got := within(t, other.done, "the other team's supervisor's answer"); got.changed || got.err != nil {
		t.Fatalf("the other team's supervisor, their wait ended: changed %v, err %v; want false, nil", got.changed, got.err)
	}
	if n := e.eng.Waiters(); n != 0 {
		t.Errorf("Waiters() = %d after every call ended, want 0", n)
	}

	// An ended context: every answer below comes from the check alone.
	ended, cancel := context.WithCancel(e.ctx)
	cancel()
	for _, tt := range []struct {
		name string
		user fieldbook.User
		cur  string
		want bool
	}{
		{"the owner", w.agent, before[w.agent.ID], true},
		{"the team's supervisor", w.sup, before[w.sup.ID], true},
		{"an admin", w.admin, before[w.admin.ID], true},
		{"a team mate, who never sees another agent's prospects", w.agent2, before[w.agent2.ID], false},
		{"another team's supervisor", w.otherSup, before[w.otherSup.ID], false},
		{"a first sync", w.agent2, "", true},
		{"a malformed cursor", w.otherSup, "%%%", true},
		{"another user's cursor", w.otherSup, before[w.sup.ID], true},
	} {
		if got, err := e.eng.WaitForChanges(ended, tt.user.ID, tt.cur); got != tt.want || err != nil {
			t.Errorf("%s: changed %v, err %v; want %v, nil", tt.name, got, err, tt.want)
		}
	}

	// A role change resets the user's cursor: it wakes their call.
	mate := e.startWait(w.agent2.ID, before[w.agent2.ID])
	e.waitUntil("the team mate to wait", func() bool { return e.eng.Waiters() == 1 })
	e.update(w.agent2, fieldbook.UserPatch{Role: ptr(fieldbook.RoleSupervisor)})
	if got := within(t, mate.done, "the answer to a role change"); !got.changed || got.err != nil {
		t.Errorf("after a role change: changed %v, err %v; want true, nil", got.changed, got.err)
	}

	// A disabled user is turned away, as by Sync.
	e.update(w.other, fieldbook.UserPatch{Disabled: ptr(true)})
	if _, err := e.eng.WaitForChanges(ended, w.other.ID, ""); fieldbook.ErrorCode(err) != fieldbook.CodeUnauthorized {
		t.Errorf("a disabled user: %v, want %s", err, fieldbook.CodeUnauthorized)
	}
}
