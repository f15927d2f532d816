// The phased first pull of protocol 3 (docs/protocol.md §5.4).

package conformance

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"testing"
	"time"

	"fieldbook"
	"fieldbook/scoring"
	"fieldbook/sync/rules"
)

// firstPullIsPhased: a phone of protocol 3 pulling from the beginning gets
// this week's records, the undated ones and the review queue (a log
// waiting for review with its day's activities, a returned log) before
// any of the history, and then the history; a change made while the
// phases run is not skipped; at the end it holds what a phone of protocol
// 2 pulls, field for field. A long-poll on a cursor inside the phases
// answers at once, a phone of protocol 2 gets no phases, and a user with
// no history gets one ordinary answer.
func firstPullIsPhased(t *testing.T, e *env) {
	w := e.world()
	a, s := e.device(w.agent), e.device(w.sup)
	zone := w.team.TimeZone
	if zone == "" {
		zone = fieldbook.DefaultTimeZone
	}
	loc, err := time.LoadLocation(zone)
	if err != nil {
		t.Fatal(err)
	}
	today := scoring.DayOf(e.clock.now(), loc)
	old := today.Monday().Add(-14)

	approved := a.workDay(string(old), 3, 0)
	s.mustReview(w.agent, string(old), fieldbook.StateApproved)
	queued := a.workDay(string(old.Add(1)), 2, 0)
	a.workDay(string(old.Add(2)), 1, 0)
	s.mustReview(w.agent, string(old.Add(2)), fieldbook.StateReturned)
	current := a.workDay(string(today), 2, 0)
	// A visit of a week before, changed while the phases run.
	edited := a.workDay(string(old.Add(-7)), 1, 0)[0]
	s.mustReview(w.agent, string(old.Add(-7)), fieldbook.StateApproved)

	logKey := func(d scoring.Day) string { return fieldbook.DayLogs + "/" + rules.DayLogID(w.agent.ID, string(d)) }
	activities := func(ids []string) []string {
		out := make([]string, len(ids))
		for i, id := range ids {
			out[i] = fieldbook.Activities + "/" + id
		}
		return out
	}
	oldWeek := fieldbook.Scores + "/" + rules.ScoreID(w.agent.ID, "week:"+string(old))
	mustRecent := append(append(activities(current), activities(queued)...), logKey(today), logKey(old.Add(1)), logKey(old.Add(2)),
		fieldbook.Members+"/"+w.agent.ID)
	history := append(activities(approved), logKey(old), oldWeek)

	p := e.device(w.sup)
	p.protocol, p.limit = 3, 4
	pass := fieldbook.PhaseRecent
	got := map[string][]string{}
	added := newID()
	for n := 0; ; n++ {
		ans := p.sync()
		for _, r := range ans.Records {
			got[pass] = append(got[pass], r.Collection+"/"+r.ID)
		}
		if n == 0 {
			if ans.Phase != fieldbook.PhaseRecent || !ans.More {
				t.Fatalf("the first page of a phased pull says phase %q, more %v; want recent, true", ans.Phase, ans.More)
			}
			// While the phases run, the agent changes an old visit and
			// records a new one: neither may be skipped.
			a.apply(a.change(fieldbook.Activities, edited, map[string]any{"outcome": "补记：客户改约"}),
				a.change(fieldbook.Activities, added, map[string]any{"kind": "call", "occurred_at": string(today) + "T08:00:00+08:00"}))
			ctx, cancel := context.WithCancel(e.ctx)
			cancel()
			if ok, err := e.eng.WaitForChanges(ctx, w.sup.ID, p.cursor); err != nil || !ok {
				t.Errorf("a long-poll inside the phases answers %v, %v; want true at once", ok, err)
			}
		}
		pass = ans.Phase
		if pass == "" {
			pass = "after"
		}
		if !ans.More {
			break
		}
		if n > 1000 {
			t.Fatal("a phased pull that never ends")
		}
	}
	for _, k := range mustRecent {
		if !slices.Contains(got[fieldbook.PhaseRecent], k) {
			t.Errorf("%s is not in the first pass, which holds %v", k, got[fieldbook.PhaseRecent])
		}
	}
	for _, k := range history {
		if slices.Contains(got[fieldbook.PhaseRecent], k) {
			t.Errorf("%s, of an old week and not waiting for review, comes in the first pass", k)
		}
		if !slices.Contains(got[fieldbook.PhaseHistory], k) {
			t.Errorf("%s is not in the history, which holds %v", k, got[fieldbook.PhaseHistory])
		}
	}
	for _, k := range append(activities(current), logKey(today)) {
		if slices.Contains(got[fieldbook.PhaseHistory], k) {
			t.Errorf("%s, of this week, comes again in the history", k)
		}
	}
	if r := p.get(fieldbook.Activities, edited); r.str(fieldbook.FieldOutcome) != "补记：客户改约" {
		t.Errorf("the visit changed during the phases holds outcome %q: the change was skipped", r.str(fieldbook.FieldOutcome))
	}
	if !p.has(fieldbook.Activities, added) {
		t.Error("the call recorded during the phases never came")
	}
	plain := e.device(w.sup)
	plain.protocol, plain.limit = 2, 50
	for {
		ans := plain.sync()
		if ans.Phase != "" {
			t.Fatalf("a phone of protocol 2 got phase %q", ans.Phase)
		}
		if !ans.More {
			break
		}
	}
	sameReplica(t, "the phased phone", p, "a phone of protocol 2", plain)

	// An agent's phone, with room for everything recent in one page: the
	// first answer ends the first pass, the second brings the history.
	ag := e.device(w.agent)
	ag.protocol, ag.limit = 3, 1000
	first := ag.sync()
	if first.Phase != fieldbook.PhaseHistory || !first.More {
		t.Errorf("the agent's first answer says phase %q, more %v; want history, true", first.Phase, first.More)
	}
	ag.catchUp()
	mine := e.device(w.agent)
	mine.protocol, mine.limit = 1, 1000
	mine.catchUp()
	sameReplica(t, "the agent's phased phone", ag, "a phone of protocol 1", mine)

	// A first request that also pushes: its answer leaves out what it sent
	// (protocol 2's rule holds in the phases).
	nw := e.device(w.agent)
	nw.protocol, nw.limit = 3, 1000
	pid := newID()
	found := false
	for _, r := range nw.sync(nw.change(fieldbook.Prospects, pid, map[string]any{"name": "韩梅梅"})).Records {
		if r.ID == pid {
			found = true
			if rec, err := decodeRecord(r); err != nil || rec.fields["name"] != nil {
				t.Errorf("a phased first answer sends back the name its request sent: %s (%v)", r.Fields, err)
			}
		}
	}
	if !found {
		t.Error("a phased first answer leaves out the record its request wrote")
	}

	// A user with no history: one ordinary answer.
	o := e.device(w.other)
	o.apply(o.change(fieldbook.Activities, newID(), map[string]any{"kind": "call", "occurred_at": string(today) + "T08:00:00+08:00"}))
	fresh := e.device(w.other)
	fresh.protocol, fresh.limit = 3, 1000
	if ans := fresh.sync(); ans.Phase != "" || ans.More || len(ans.Records) == 0 {
		t.Errorf("a pull with nothing old says phase %q, more %v, %d records; want one ordinary answer", ans.Phase, ans.More, len(ans.Records))
	}
}

// sameReplica fails the test unless two devices hold the same records,
// field for field.
func sameReplica(t *testing.T, name string, d *device, otherName string, other *device) {
	t.Helper()
	if len(d.replica) != len(other.replica) {
		t.Errorf("%s holds %d records, %s %d", name, len(d.replica), otherName, len(other.replica))
	}
	for key, want := range other.replica {
		got, ok := d.replica[key]
		if !ok {
			t.Errorf("%s lacks %s", name, key)
			continue
		}
		if !maps.Equal(got.stamps, want.stamps) || fmt.Sprint(fieldsOf(got)) != fmt.Sprint(fieldsOf(want)) {
			t.Errorf("%s: %s holds %s, %s %s", key, name, fieldsOf(got), otherName, fieldsOf(want))
		}
	}
}
