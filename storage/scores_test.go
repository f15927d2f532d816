// Scores after a crash: weeks left marked for rescoring are rescored once
// the store opens again (the marks are Badger's; the scores that follow
// reviews are the conformance suite's).

package storage

import (
	"context"
	"fmt"
	"testing"
	"time"

	"fieldbook"
	"fieldbook/scoring"
	"fieldbook/storage/feed"
	"fieldbook/storage/kv"
	"fieldbook/sync/protocol"
	"fieldbook/sync/rules"
)

// workDays has the agent record visits on each day and submit its log;
// the supervisor then approves the logs.
func workDays(t *testing.T, s *Engine, w *world, agent, sup *device, days []scoring.Day, visits int) {
	t.Helper()
	var changes []protocol.Prepared
	for _, d := range days {
		for i := range visits {
			changes = append(changes, agent.change(fieldbook.Activities, newID(), map[string]any{"kind": "visit",
				"occurred_at": fmt.Sprintf("%sT1%d:00:00+08:00", d, i), "customer_id": newID()}))
		}
		changes = append(changes, agent.change(fieldbook.DayLogs, rules.DayLogID(agent.user.ID, string(d)), map[string]any{"date": string(d), "state": "submitted"}))
	}
	for _, r := range agent.push(t, s, changes...) {
		if r.Status != fieldbook.StatusApplied {
			t.Fatalf("agent: %+v", r)
		}
	}
	var reviews []protocol.Prepared
	for _, d := range days {
		id := rules.DayLogID(agent.user.ID, string(d))
		st, _, err := s.Get(context.Background(), fieldbook.DayLogs, id)
		if err != nil {
			t.Fatal(err)
		}
		sup.clock.Observe(st.Fields.Version())
		reviews = append(reviews, sup.change(fieldbook.DayLogs, id, map[string]any{"state": "approved", "reviewed_version": string(st.Fields.Version())}))
	}
	for _, r := range sup.push(t, s, reviews...) {
		if r.Status != fieldbook.StatusApplied {
			t.Fatalf("supervisor: %+v", r)
		}
	}
}

func weekOf(t *testing.T, s *Engine, w *world, monday scoring.Day) scoring.WeekScore {
	t.Helper()
	rows, err := s.TeamWeek(context.Background(), w.team.ID, monday)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if r.Agent.ID == w.agent.ID {
			return r.Score
		}
	}
	t.Fatal("the agent is not in the team's week")
	return scoring.WeekScore{}
}

// TestDirtyWeeksAreRescoredOnOpen: weeks a crash left marked are rescored
// in the background once the store opens; a week no calendar reaches (a
// log of 9999-12-31 stored before the date rule) is skipped, never a
// reason to hang or fail the start, and the others are still rescored.
func TestDirtyWeeksAreRescoredOnOpen(t *testing.T) {
	dir := t.TempDir()
	s := mustOpenDir(t, dir)
	w := newWorld(t, s)
	agent, sup := newDevice(w.agent, "a"), newDevice(w.sup, "s")
	monday := scoring.Day("2026-11-16")
	workDays(t, s, w, agent, sup, []scoring.Day{monday}, 4)
	// Forget the week's score and mark it dirty, as a crash between the
	// push and its rescoring would leave it.
	id := rules.ScoreID(w.agent.ID, "week:"+string(monday))
	err := s.db.Do(context.Background(), func(t *kv.Tx) error {
		t.Delete(feed.RecordKey(fieldbook.Scores, id))
		for _, d := range []scoring.Day{"9999-12-27", "0001-01-01", "not-a-day", monday} {
			t.Set(kv.Key("sd", w.agent.ID, string(d)), nil) // storage/reports' mark of a dirty week
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	s = mustOpenDir(t, dir)
	defer s.Close()
	waitRepaired(t, s)
	if got := weekOf(t, s, w, monday); got.Score != 8 {
		t.Fatalf("after reopening, the week scores %v, want 8", got.Score)
	}
}

// waitRepaired waits until the store has rescored every week a crash left
// marked (it does so in the background after opening).
func waitRepaired(t *testing.T, s *Engine) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for marks(t, s) > 0 {
		if time.Now().After(deadline) {
			t.Fatalf("%d weeks still marked for rescoring after a minute", marks(t, s))
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func marks(t *testing.T, s *Engine) int {
	t.Helper()
	n := 0
	err := s.db.View(context.Background(), func(r *kv.View) error {
		return r.Keys([]byte("sd/"), func([]byte) error { n++; return nil })
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}
