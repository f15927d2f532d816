// Behaviours of the data's lifetime: a restart keeps everything, a restore
// brings a backup back and resets every cursor, and the operator's view of
// the engine (Operations).

package conformance

import (
	"bytes"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"fieldbook"
)

// restartKeepsRecordsAndCursors: an engine closed and opened again on its
// place keeps the records, the cursors (a pull from one brings only what
// came after it, with no reset: "a restart never invalidates a cursor"),
// each client's seqs, rejections and user, the people, the sessions and
// the audit log.
func restartKeepsRecordsAndCursors(t *testing.T, e *env) {
	w := e.world()
	d := e.device(w.agent)
	first := newID()
	c1 := d.change(fieldbook.Activities, first, map[string]any{"kind": "call", "occurred_at": "2026-11-20T10:00:00+08:00"})
	c2 := d.change(fieldbook.Prospects, newID(), map[string]any{"name": ""})
	expect(t, "before the restart", d.push(c1, c2), "applied", "rejected:invalid")
	d.catchUp()
	sup := e.device(w.sup)
	sup.catchUp()
	at := time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)
	if err := e.eng.Audit(e.ctx, fieldbook.AuditEntry{At: at, UserID: w.sup.ID, Username: w.sup.Username, Action: "export.weekly.xlsx"}); err != nil {
		t.Fatal(err)
	}
	if err := e.eng.StartSession(e.ctx, w.agent.ID, "before-restart", e.clock.now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}

	e.reopen()
	if u, found, err := e.eng.UserByUsername(e.ctx, w.agent.Username); err != nil || !found || u.ID != w.agent.ID {
		t.Fatalf("after the restart the agent is %+v, found %v, err %v", u, found, err)
	}
	if tm, found, err := e.eng.Team(e.ctx, w.team.ID); err != nil || !found || tm.Name != w.team.Name {
		t.Fatalf("after the restart the team is %+v, found %v, err %v", tm, found, err)
	}
	second := newID()
	ans := d.sync(d.change(fieldbook.Activities, second, map[string]any{"kind": "visit", "occurred_at": "2026-11-20T11:00:00+08:00"}))
	if got := statuses(ans.Results); len(got) != 1 || got[0] != fieldbook.StatusApplied {
		t.Fatalf("a push after the restart: %v", got)
	}
	if ans.ResetReason != "" || len(ans.Records) != 1 || ans.Records[0].ID != second {
		t.Fatalf("after the restart the agent's cursor: reset %q, %d records; want only the new activity", ans.ResetReason, len(ans.Records))
	}
	if p := sup.catchUp(); p.reset != "" || len(p.records) != 1 || p.records[0].ID != second {
		t.Fatalf("after the restart the supervisor's cursor: reset %q, %d records; want only the new activity", p.reset, len(p.records))
	}
	if !sup.has(fieldbook.Activities, first) {
		t.Error("the supervisor lost the activity pulled before the restart")
	}
	expect(t, "the first push sent again", d.push(c1, c2), "duplicate", "rejected:invalid")
	d.seq++ // a change never sent
	_, err := d.send(d.change(fieldbook.Prospects, newID(), map[string]any{"name": "五"}))
	var gap *fieldbook.SeqGapError
	if !errors.As(err, &gap) || gap.LastSeq != 3 {
		t.Errorf("a push with a gap after the restart: %v, want a seq gap with last seq 3", err)
	}
	if _, err := e.eng.Sync(e.ctx, w.agent2.ID, fieldbook.SyncRequest{ClientID: d.id}); codeOf(err) != fieldbook.CodeForbidden {
		t.Errorf("another user with the agent's client_id after the restart: %v, want %s", err, fieldbook.CodeForbidden)
	}
	es, err := e.eng.AuditLog(e.ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(es) != 1 || es[0].Action != "export.weekly.xlsx" || !es[0].At.Equal(at) || es[0].UserID != w.sup.ID {
		t.Errorf("after the restart the audit log holds %+v", es)
	}
	if u, err := e.eng.Rotate(e.ctx, "before-restart", "after-restart", e.clock.now().Add(time.Hour)); err != nil || u.ID != w.agent.ID {
		t.Errorf("a session started before the restart: %+v, %v", u, err)
	}
}

// backupAndRestore: Backup copies the engine while it serves; a backup
// restored over the place (or into a new one) brings back what it held,
// users and client seqs included, and resets every cursor with the reason
// "restored"; the client then sends again what the backup lacks. A backup
// that cannot be read is refused and leaves the place as it was.
func backupAndRestore(t *testing.T, e *env) {
	w := e.world()
	d := e.device(w.agent)
	kept, keptCall, lost := newID(), newID(), newID()
	d.apply(d.change(fieldbook.Prospects, kept, map[string]any{"name": "留"}),
		d.change(fieldbook.Activities, keptCall, map[string]any{"kind": "call", "occurred_at": "2026-11-20T10:00:00+08:00", "prospect_id": kept}))
	var backup bytes.Buffer
	if err := e.eng.Backup(e.ctx, &backup); err != nil {
		t.Fatal(err)
	}
	lostChange := d.change(fieldbook.Prospects, lost, map[string]any{"name": "丢"})
	d.apply(lostChange)
	d.catchUp()
	sup := e.device(w.sup)
	sup.catchUp()
	cursor := d.cursor
	e.close()

	if err := e.h.Restore(e.ctx, e.place, strings.NewReader("not a backup")); err == nil {
		t.Fatal("restoring garbage succeeded")
	}
	e.open()
	if ans := d.sync(); ans.ResetReason != "" || len(ans.Records) != 0 {
		t.Fatalf("after a refused restore: reset %q, %d records; want the store as it was", ans.ResetReason, len(ans.Records))
	}
	e.close()

	if err := e.h.Restore(e.ctx, e.place, bytes.NewReader(backup.Bytes())); err != nil {
		t.Fatal(err)
	}
	e.open()
	for _, v := range []*device{d, sup} {
		if p := v.catchUp(); p.reset != fieldbook.ResetRestored {
			t.Errorf("%s's pull after the restore: reset %q, want %q", v.user.Username, p.reset, fieldbook.ResetRestored)
		}
		if v.count(fieldbook.Activities) != 1 || !v.has(fieldbook.Activities, keptCall) {
			t.Errorf("%s holds %d activities after the restore, want the one backed up", v.user.Username, v.count(fieldbook.Activities))
		}
	}
	if d.count(fieldbook.Prospects) != 1 || !d.has(fieldbook.Prospects, kept) {
		t.Errorf("the agent holds %d prospects after the restore, want the one backed up", d.count(fieldbook.Prospects))
	}
	if _, found, err := e.eng.UserByUsername(e.ctx, w.agent2.Username); err != nil || !found {
		t.Errorf("after the restore agent2 is found %v, err %v", found, err)
	}
	// The device's seq 3 was lost with the restore: it is asked to send
	// again from 3, and does.
	c3 := d.change(fieldbook.Prospects, newID(), map[string]any{"name": "新"})
	_, err := d.send(c3)
	var gap *fieldbook.SeqGapError
	if !errors.As(err, &gap) || gap.LastSeq != 2 {
		t.Fatalf("a push after the restore: %v, want a seq gap with last seq 2", err)
	}
	expect(t, "the lost change sent again", d.push(lostChange, c3), "applied", "applied")
	if d.catchUp(); !d.has(fieldbook.Prospects, lost) || d.count(fieldbook.Prospects) != 3 {
		t.Errorf("after sending again the agent holds %d prospects, want 3", d.count(fieldbook.Prospects))
	}

	place := e.h.NewPlace(t)
	if err := e.h.Restore(e.ctx, place, bytes.NewReader(backup.Bytes())); err != nil {
		t.Fatal(err)
	}
	copied := e.openAt(place)
	defer func() {
		if err := copied.Close(); err != nil {
			t.Error(err)
		}
	}()
	v := e.deviceOn(copied, w.agent)
	v.cursor = cursor
	if p := v.catchUp(); p.reset != fieldbook.ResetRestored {
		t.Errorf("a pull from the backup restored into a new place: reset %q, want %q", p.reset, fieldbook.ResetRestored)
	}
	if v.count(fieldbook.Prospects) != 1 || !v.has(fieldbook.Prospects, kept) {
		t.Errorf("the backup restored into a new place holds %d prospects, want the one backed up", v.count(fieldbook.Prospects))
	}
}

// operations: OnCommit's function is called after commits, with the jobs
// each held; Waiters is 0 with no call waiting (wait.go watches it count);
// Size counts the bytes the data takes, at the latest once the engine is
// opened again.
func operations(t *testing.T, e *env) {
	var commits, jobs atomic.Int64
	var odd atomic.Bool
	e.eng.OnCommit(func(n int, took time.Duration) {
		if n < 1 || took < 0 {
			odd.Store(true)
		}
		commits.Add(1)
		jobs.Add(int64(n))
	})
	w := e.world()
	d := e.device(w.agent)
	e.waitUntil("the world's commits to be reported", func() bool { return commits.Load() > 0 })
	seen := jobs.Load()
	d.apply(d.change(fieldbook.Prospects, newID(), map[string]any{"name": "王", "notes": strings.Repeat("笔记", 500)}))
	e.waitUntil("the push's commit to be reported", func() bool { return jobs.Load() > seen })
	if odd.Load() {
		t.Error("OnCommit was called with no jobs or a negative time")
	}
	if n := e.eng.Waiters(); n != 0 {
		t.Errorf("Waiters() = %d with no call waiting", n)
	}
	if err := e.eng.Health(e.ctx); err != nil {
		t.Errorf("Health() of an open store: %v", err)
	}
	// Size may lag behind the latest writes (Badger measures its files
	// when it opens and once a minute), but not behind a restart.
	e.reopen()
	if n := e.eng.Size(); n <= 0 {
		t.Errorf("Size() = %d with data stored", n)
	}
}
