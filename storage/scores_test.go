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

func days(from scoring.Day, n int) []scoring.Day {
	var out []scoring.Day
	for i := range n {
		out = append(out, from.Add(i))
	}
	return out
}

// TestStreakCarriesIntoLaterWeeks approves a later week first, then the
// days before it: the streak award must move into the later week without
// anyone touching it again.
func TestStreakCarriesIntoLaterWeeks(t *testing.T) {
	s := mustOpen(t)
	w := newWorld(t, s)
	agent, sup := newDevice(w.agent, "a"), newDevice(w.sup, "s")
	w1, w2 := scoring.Day("2026-11-09"), scoring.Day("2026-11-16")
	workDays(t, s, w, agent, sup, days(w2, 3), 4) // Mon–Wed of week 2
	if got := weekOf(t, s, w, w2); got.StreakIn != 0 || len(got.Awards) != 0 {
		t.Fatalf("week 2 alone: streak in %d, awards %v", got.StreakIn, got.Awards)
	}
	workDays(t, s, w, agent, sup, days(w1.Add(2), 5), 4) // Wed–Sun of week 1
	got := weekOf(t, s, w, w2)
	if got.StreakIn != 5 || len(got.Awards) != 1 || got.Awards[0].Day != w2.Add(1) {
		t.Fatalf("week 2 after week 1: in %d awards %v; want 5 carried in and the 7th day on Tuesday", got.StreakIn, got.Awards)
	}
	month, err := s.TeamMonth(context.Background(), w.team.ID, "2026-11")
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range month {
		if r.Agent.ID == w.agent.ID && (r.Score.Counts["visit"] != 32 || len(r.Score.Awards) != 1) {
			t.Fatalf("November: %+v", r.Score)
		}
	}
}

func TestSettingsChangeRescoresTheCurrentWeek(t *testing.T) {
	s := mustOpen(t)
	w := newWorld(t, s)
	agent, sup := newDevice(w.agent, "a"), newDevice(w.sup, "s")
	loc, _ := time.LoadLocation(fieldbook.DefaultTimeZone)
	today := scoring.DayOf(time.Now(), loc)
	lastWeek := today.Monday().Add(-7)
	workDays(t, s, w, agent, sup, []scoring.Day{lastWeek, today}, 10)
	before := weekOf(t, s, w, today.Monday())
	settings, _, _ := s.Settings(context.Background(), w.team.ID)
	settings.WeeklyTable = []fieldbook.WeeklyRow{{Kind: "visit", Weight: 100, Target: 10}}
	if err := s.SetSettings(context.Background(), w.team.ID, settings); err != nil {
		t.Fatal(err)
	}
	after := weekOf(t, s, w, today.Monday())
	if before.Score != 20 || after.Score != 100 {
		t.Fatalf("score %v before and %v after the new rules, want 20 and 100", before.Score, after.Score)
	}
	// An ended week keeps the rules it was scored with, even when it is
	// scored again: amend and re-approve last week's log.
	id := rules.DayLogID(w.agent.ID, string(lastWeek))
	agent.push(t, s, agent.change(fieldbook.DayLogs, id, map[string]any{"summary": "补充"}))
	st, _, _ := s.Get(context.Background(), fieldbook.DayLogs, id)
	sup.clock.Observe(st.Fields.Version())
	sup.push(t, s, sup.change(fieldbook.DayLogs, id, map[string]any{"state": "approved", "reviewed_version": string(st.Fields.Version())}))
	if got := weekOf(t, s, w, lastWeek); got.Score != 20 {
		t.Fatalf("last week rescored under this week's rules: %v, want 20", got.Score)
	}
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

// TestFileInteractionsCountVisitsToTheProspectAndNotVoidedOnes: a customer
// file's interactions are the activities naming it or the Plan 100 name it
// came from (adding the name is not one), and a voided activity is not.
func TestFileInteractionsCountVisitsToTheProspectAndNotVoidedOnes(t *testing.T) {
	s := mustOpen(t)
	w := newWorld(t, s)
	agent, sup := newDevice(w.agent, "phone"), newDevice(w.sup, "laptop")
	prospect, fromProspect, byHand, voided := newID(), newID(), newID(), newID()
	at := "2026-11-10T10:00:00+08:00"
	agent.push(t, s,
		agent.change(fieldbook.Prospects, prospect, map[string]any{"name": "赵先生"}),
		agent.change(fieldbook.Activities, newID(), map[string]any{"kind": "prospect", "occurred_at": at, "prospect_id": prospect}),
		agent.change(fieldbook.Activities, newID(), map[string]any{"kind": "visit", "occurred_at": at, "prospect_id": prospect}),
		agent.change(fieldbook.Customers, fromProspect, map[string]any{"name": "赵先生", "prospect_id": prospect}),
		agent.change(fieldbook.Customers, byHand, map[string]any{"name": "钱女士"}),
		agent.change(fieldbook.Activities, voided, map[string]any{"kind": "visit", "occurred_at": at, "customer_id": byHand}),
	)
	interactions := func() map[string]int {
		h, err := s.History(context.Background(), w.agent.ID, "2026-11")
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]int{}
		for _, c := range h.Customers {
			out[c.ID] = c.Interactions
		}
		return out
	}
	if got := interactions(); got[fromProspect] != 1 || got[byHand] != 1 {
		t.Fatalf("interactions before the void: %v", got)
	}
	for _, r := range sup.push(t, s, sup.change(fieldbook.Activities, voided, map[string]any{"voided": true, "void_reason": "重复记录"})) {
		if r.Status != fieldbook.StatusApplied {
			t.Fatalf("void: %+v", r)
		}
	}
	if got := interactions(); got[fromProspect] != 1 || got[byHand] != 0 {
		t.Fatalf("interactions after the void: %v", got)
	}
}
