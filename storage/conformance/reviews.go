// Behaviours of the day-log review through Sync and of the scores that
// follow it through scoring.Reports (docs/protocol.md, docs/scoring.md).

package conformance

import (
	"fmt"
	"maps"
	"slices"
	"testing"
	"time"

	"fieldbook"
	"fieldbook/scoring"
	"fieldbook/sync/rules"
)

// weekDays are Monday to Friday of the week of 2026-11-16.
var weekDays = []string{"2026-11-16", "2026-11-17", "2026-11-18", "2026-11-19", "2026-11-20"}

const reviewComment = "请补充拜访客户的需求"

// workDay has the agent's device record visits (each to its own customer)
// and appointments on date, and submit the day's log; it returns the
// visits' ids.
func (d *device) workDay(date string, visits, appointments int) []string {
	d.e.t.Helper()
	var changes []fieldbook.SentChange
	var ids []string
	for i := range visits {
		id := newID()
		ids = append(ids, id)
		changes = append(changes, d.change(fieldbook.Activities, id, map[string]any{"kind": "visit",
			"occurred_at": fmt.Sprintf("%sT1%d:00:00+08:00", date, i%10), "customer_id": newID(), "outcome": "面谈顺利"}))
	}
	for range appointments {
		changes = append(changes, d.change(fieldbook.Activities, newID(), map[string]any{"kind": "appointment", "occurred_at": date + "T09:00:00+08:00"}))
	}
	changes = append(changes, d.change(fieldbook.DayLogs, rules.DayLogID(d.user.ID, date), map[string]any{"date": date,
		"plan": map[string]int{"visit": 4}, "summary": "按计划拜访", "state": "submitted"}))
	d.apply(changes...)
	return ids
}

// review has a supervisor's device approve or return the agent's log of
// date as it pulled it last, and returns the status.
func (d *device) review(agent fieldbook.User, date, state string) string {
	d.e.t.Helper()
	d.catchUp()
	id := rules.DayLogID(agent.ID, date)
	f := map[string]any{"state": state, "reviewed_version": string(d.get(fieldbook.DayLogs, id).version())}
	if state == fieldbook.StateReturned {
		f["review_comment"] = reviewComment
	}
	return d.push(d.change(fieldbook.DayLogs, id, f))[0]
}

// mustReview is review that must apply.
func (d *device) mustReview(agent fieldbook.User, date, state string) {
	d.e.t.Helper()
	if got := d.review(agent, date, state); got != fieldbook.StatusApplied {
		d.e.t.Fatalf("%s %s's log of %s: %s", state, agent.Username, date, got)
	}
}

// logState is the state and amended flag of the agent's log of date as the
// device holds it after catching up.
func (d *device) logState(agent fieldbook.User, date string) (string, bool) {
	d.e.t.Helper()
	d.catchUp()
	r := d.get(fieldbook.DayLogs, rules.DayLogID(agent.ID, date))
	return r.str(fieldbook.FieldState), r.flag(fieldbook.FieldAmended)
}

// checkQueue compares the team's review queue with the logs ids, in order.
func (e *env) checkQueue(teamID string, ids ...string) {
	e.t.Helper()
	q, err := e.eng.ReviewQueue(e.ctx, teamID)
	if err != nil {
		e.t.Fatal(err)
	}
	got := []string{}
	for _, r := range q {
		if r.Collection != fieldbook.DayLogs {
			e.t.Errorf("the review queue holds %s/%s", r.Collection, r.ID)
		}
		got = append(got, r.ID)
	}
	if ids == nil {
		ids = []string{}
	}
	if !slices.Equal(got, ids) {
		e.t.Fatalf("the review queue holds %v, want %v", got, ids)
	}
}

// weekOf is the agent's scored week from Reports.TeamWeek.
func (e *env) weekOf(team string, agent fieldbook.User, monday scoring.Day) scoring.WeekScore {
	e.t.Helper()
	rows, err := e.eng.TeamWeek(e.ctx, team, monday)
	if err != nil {
		e.t.Fatal(err)
	}
	for _, r := range rows {
		if r.Agent.ID == agent.ID {
			if !r.Found {
				e.t.Fatalf("the team's week of %s has no scores of %s", monday, agent.Username)
			}
			return r.Score
		}
	}
	e.t.Fatalf("%s is not in the team's week of %s", agent.Username, monday)
	return scoring.WeekScore{}
}

// checkWeek compares the agent's week of 2026-11-16: its score, its
// pending days and the pending counts.
func (e *env) checkWeek(w *world, when string, score float64, pendingDays int, pending map[string]int) {
	e.t.Helper()
	got := e.weekOf(w.team.ID, w.agent, scoring.Day(weekDays[0]))
	if pending == nil {
		pending = map[string]int{}
	}
	if got.Score != score || got.PendingDays != pendingDays || !maps.Equal(nonZero(got.PendingCounts), pending) {
		e.t.Fatalf("%s: score %v, %d pending days, pending %v; want %v, %d, %v", when, got.Score, got.PendingDays, got.PendingCounts, score, pendingDays, pending)
	}
}

func nonZero(m map[string]int) map[string]int {
	out := map[string]int{}
	for k, v := range m {
		if v != 0 {
			out[k] = v
		}
	}
	return out
}

// reviewStateMachine: an agent submits a day log and it waits in the
// team's queue; a supervisor's approval of a version older than the
// owner's last change is stale, of a version from the future invalid, a
// return without a comment invalid, another team's supervisor's and the
// agent's own approval forbidden; an approval of the current version
// applies and empties the queue; the owner's change to an approved log
// amends it (submitted, amended, queued) until it is reviewed again; a
// return with a comment sends it back (docs/protocol.md, the review).
func reviewStateMachine(t *testing.T, e *env) {
	w := e.world()
	a, s := e.device(w.agent), e.device(w.sup)
	date := "2026-11-27"
	id := rules.DayLogID(w.agent.ID, date)
	a.apply(a.change(fieldbook.DayLogs, id, map[string]any{"date": date, "plan": map[string]int{"visit": 4}, "summary": "拜访三位客户", "state": "submitted"}))
	e.checkQueue(w.team.ID, id)
	s.catchUp()
	seen := s.get(fieldbook.DayLogs, id).version()

	a.apply(a.change(fieldbook.DayLogs, id, map[string]any{"summary": "拜访四位客户"}))
	stale := s.change(fieldbook.DayLogs, id, map[string]any{"state": "approved", "reviewed_version": string(seen)})
	expect(t, "approving the version seen before the agent's change", s.push(stale), "rejected:stale")
	expect(t, "the stale approval sent again", s.push(stale), "rejected:stale")
	e.checkQueue(w.team.ID, id)
	expect(t, "approving a version from the future", s.push(s.change(fieldbook.DayLogs, id, map[string]any{"state": "approved", "reviewed_version": "9999999999999-0000-x"})), "rejected:invalid")
	s.catchUp()
	current := string(s.get(fieldbook.DayLogs, id).version())
	expect(t, "a return without a comment", s.push(s.change(fieldbook.DayLogs, id, map[string]any{"state": "returned", "reviewed_version": current})), "rejected:invalid")
	o := e.device(w.otherSup)
	expect(t, "another team's supervisor approving", o.push(o.change(fieldbook.DayLogs, id, map[string]any{"state": "approved", "reviewed_version": current})), "rejected:forbidden")

	s.mustReview(w.agent, date, fieldbook.StateApproved)
	if state, amended := a.logState(w.agent, date); state != fieldbook.StateApproved || amended {
		t.Fatalf("the agent holds the approved log as %s, amended %v", state, amended)
	}
	e.checkQueue(w.team.ID)

	a.apply(a.change(fieldbook.DayLogs, id, map[string]any{"summary": "补充：约到一位转介绍"}))
	if state, amended := s.logState(w.agent, date); state != fieldbook.StateSubmitted || !amended {
		t.Fatalf("after the owner amended the approved log: %s, amended %v; want submitted, amended", state, amended)
	}
	e.checkQueue(w.team.ID, id)
	expect(t, "the agent approving their own log", a.push(a.change(fieldbook.DayLogs, id, map[string]any{"state": "approved"})), "rejected:forbidden")
	s.mustReview(w.agent, date, fieldbook.StateApproved)
	if state, amended := s.logState(w.agent, date); state != fieldbook.StateApproved || amended {
		t.Fatalf("after approving the amendment: %s, amended %v; want approved, not amended", state, amended)
	}
	e.checkQueue(w.team.ID)

	a.apply(a.change(fieldbook.DayLogs, id, map[string]any{"summary": "再补充"}))
	s.mustReview(w.agent, date, fieldbook.StateReturned)
	state, amended := a.logState(w.agent, date)
	if comment := a.get(fieldbook.DayLogs, id).str(fieldbook.FieldReviewComment); state != fieldbook.StateReturned || amended || comment != reviewComment {
		t.Fatalf("the agent holds the returned log as %s, amended %v, comment %q", state, amended, comment)
	}
	e.checkQueue(w.team.ID)
	a.apply(a.change(fieldbook.DayLogs, id, map[string]any{"state": "submitted", "summary": "已补充"}))
	if state, amended := s.logState(w.agent, date); state != fieldbook.StateSubmitted || amended {
		t.Fatalf("the resubmitted log: %s, amended %v; want submitted, not amended", state, amended)
	}
	e.checkQueue(w.team.ID, id)
}

// scoresFollowReviews: only approved days count; an owner's change to an
// approved day keeps it counting what was approved, with the change
// pending, until it is reviewed again; an approved amendment counts the
// day as it now stands, a returned one nothing until it is approved again;
// a void takes effect at once; the scores reach the agent's phone as a
// scores record (docs/scoring.md, "What counts"). Four days of four visits and
// two appointments: 16 of 20 visits × 40 = 32, 8 of 16 appointments × 16
// = 8, 40.0 points.
func scoresFollowReviews(t *testing.T, e *env) {
	w := e.world()
	a, s := e.device(w.agent), e.device(w.sup)
	var visits [][]string
	for _, d := range weekDays[:4] {
		visits = append(visits, a.workDay(d, 4, 2))
	}
	e.checkWeek(w, "submitted, none approved", 0, 4, map[string]int{"visit": 16, "appointment": 8})
	for _, d := range weekDays[:4] {
		s.mustReview(w.agent, d, fieldbook.StateApproved)
	}
	e.checkWeek(w, "four days approved", 40, 0, nil)

	monday := weekDays[0]
	extra := newID()
	a.apply(a.change(fieldbook.Activities, extra, map[string]any{"kind": "visit", "occurred_at": monday + "T19:00:00+08:00", "customer_id": newID()}))
	e.checkWeek(w, "a visit added to approved Monday", 40, 1, map[string]int{"visit": 1})
	if got := e.weekOf(w.team.ID, w.agent, scoring.Day(monday)).AmendedDays; got != 1 {
		t.Errorf("%d amended days, want 1", got)
	}
	e.checkQueue(w.team.ID, rules.DayLogID(w.agent.ID, monday))
	s.mustReview(w.agent, monday, fieldbook.StateApproved)
	e.checkWeek(w, "the amendment approved: 17 visits", 42, 0, nil)

	a.apply(a.change(fieldbook.Activities, extra, map[string]any{"_deleted": true}))
	e.checkWeek(w, "the extra visit deleted", 42, 1, map[string]int{"visit": -1})
	s.mustReview(w.agent, monday, fieldbook.StateReturned)
	e.checkWeek(w, "the amendment returned: Monday counts nothing", 30, 0, nil)
	// The agent resubmits the return they have seen, as on the phone: their
	// clock has moved past its stamp. (Sent without it, in the same
	// millisecond as the return, the older state could lose to it.)
	a.catchUp()
	a.apply(a.change(fieldbook.DayLogs, rules.DayLogID(w.agent.ID, monday), map[string]any{"state": "submitted", "summary": "已补充"}))
	e.checkWeek(w, "Monday resubmitted: pending as a whole", 30, 1, map[string]int{"visit": 4, "appointment": 2})
	s.mustReview(w.agent, monday, fieldbook.StateApproved)
	e.checkWeek(w, "Monday approved again", 40, 0, nil)

	s.apply(s.change(fieldbook.Activities, visits[1][0], map[string]any{"voided": true, "void_reason": "重复记录"}))
	e.checkWeek(w, "a visit voided on approved Tuesday", 38, 0, nil)
	if state, amended := s.logState(w.agent, weekDays[1]); state != fieldbook.StateApproved || amended {
		t.Errorf("a supervisor's void amended the day: %s, amended %v", state, amended)
	}

	a.catchUp()
	week := a.get(fieldbook.Scores, rules.ScoreID(w.agent.ID, "week:"+monday))
	if got := string(week.fields["score"]); got != "38" {
		t.Errorf("the agent's phone holds the week's score as %s, want 38", got)
	}
}

// workDays has the agent record visits on each day and submit its log; the
// supervisor then approves the logs.
func workDays(a, s *device, days []scoring.Day, visits int) {
	a.e.t.Helper()
	for _, d := range days {
		a.workDay(string(d), visits, 0)
	}
	for _, d := range days {
		s.mustReview(a.user, string(d), fieldbook.StateApproved)
	}
}

func daysFrom(from scoring.Day, n int) []scoring.Day {
	var out []scoring.Day
	for i := range n {
		out = append(out, from.Add(i))
	}
	return out
}

// streakCarriesIntoLaterWeeks approves a later week first, then the days
// before it: the streak award moves into the later week without anyone
// touching it again, and the month counts it once (docs/scoring.md, awards).
func streakCarriesIntoLaterWeeks(t *testing.T, e *env) {
	w := e.world()
	a, s := e.device(w.agent), e.device(w.sup)
	w1, w2 := scoring.Day("2026-11-09"), scoring.Day("2026-11-16")
	workDays(a, s, daysFrom(w2, 3), 4) // Monday to Wednesday of week 2
	if got := e.weekOf(w.team.ID, w.agent, w2); got.StreakIn != 0 || len(got.Awards) != 0 {
		t.Fatalf("week 2 alone: streak in %d, awards %v", got.StreakIn, got.Awards)
	}
	workDays(a, s, daysFrom(w1.Add(2), 5), 4) // Wednesday to Sunday of week 1
	got := e.weekOf(w.team.ID, w.agent, w2)
	if got.StreakIn != 5 || len(got.Awards) != 1 || got.Awards[0].Day != w2.Add(1) {
		t.Fatalf("week 2 after week 1: streak in %d, awards %v; want 5 carried in and the 7th day on Tuesday", got.StreakIn, got.Awards)
	}
	month, err := e.eng.TeamMonth(e.ctx, w.team.ID, "2026-11")
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, r := range month {
		if r.Agent.ID == w.agent.ID {
			found = r.Found
			if r.Score.Counts["visit"] != 32 || len(r.Score.Awards) != 1 {
				t.Fatalf("November: %d visits, awards %v; want 32 and one award", r.Score.Counts["visit"], r.Score.Awards)
			}
		}
	}
	if !found {
		t.Fatal("the team's month has no scores of the agent")
	}
}

// settingsChangeRescoresTheCurrentWeek: new settings score the current
// week at once; an ended week keeps the rules it was scored with, even
// when it is scored again (docs/scoring.md). The clock is moved to a Wednesday
// noon in the team's zone, clear of the week's edges.
func settingsChangeRescoresTheCurrentWeek(t *testing.T, e *env) {
	loc, err := time.LoadLocation(fieldbook.DefaultTimeZone)
	if err != nil {
		t.Fatal(err)
	}
	now := e.clock.now().In(loc)
	noon := time.Date(now.Year(), now.Month(), now.Day(), 12, 0, 0, 0, loc)
	for noon.Weekday() != time.Wednesday || !noon.After(now) {
		noon = noon.AddDate(0, 0, 1)
	}
	e.clock.advance(noon.Sub(now))
	w := e.world()
	a, s := e.device(w.agent), e.device(w.sup)
	today := scoring.DayOf(e.clock.now(), loc)
	lastWeek := today.Monday().Add(-7)
	workDays(a, s, []scoring.Day{lastWeek, today}, 10)
	before := e.weekOf(w.team.ID, w.agent, today.Monday())

	settings, _, err := e.eng.Settings(e.ctx, w.team.ID)
	if err != nil {
		t.Fatal(err)
	}
	settings.WeeklyTable = []fieldbook.WeeklyRow{{Kind: "visit", Weight: 100, Target: 10}}
	if err := e.eng.SetSettings(e.ctx, w.team.ID, settings); err != nil {
		t.Fatal(err)
	}
	after := e.weekOf(w.team.ID, w.agent, today.Monday())
	if before.Score != 20 || after.Score != 100 {
		t.Fatalf("this week scores %v before and %v after the new rules, want 20 and 100", before.Score, after.Score)
	}
	// Amend last week's log and approve it again.
	a.apply(a.change(fieldbook.DayLogs, rules.DayLogID(w.agent.ID, string(lastWeek)), map[string]any{"summary": "补充"}))
	s.mustReview(w.agent, string(lastWeek), fieldbook.StateApproved)
	if got := e.weekOf(w.team.ID, w.agent, lastWeek); got.Score != 20 {
		t.Fatalf("last week rescored under this week's rules: %v, want 20", got.Score)
	}
}

// fileInteractions: a customer file's interactions (Reports.History) are
// the activities naming it or the Plan 100 name it came from — adding the
// name is not one — and a voided activity is not (docs/scoring.md, files).
func fileInteractions(t *testing.T, e *env) {
	w := e.world()
	a, s := e.device(w.agent), e.device(w.sup)
	prospect, fromProspect, byHand, voided := newID(), newID(), newID(), newID()
	at := "2026-11-10T10:00:00+08:00"
	a.apply(
		a.change(fieldbook.Prospects, prospect, map[string]any{"name": "赵先生"}),
		a.change(fieldbook.Activities, newID(), map[string]any{"kind": "prospect", "occurred_at": at, "prospect_id": prospect}),
		a.change(fieldbook.Activities, newID(), map[string]any{"kind": "visit", "occurred_at": at, "prospect_id": prospect}),
		a.change(fieldbook.Customers, fromProspect, map[string]any{"name": "赵先生", "prospect_id": prospect}),
		a.change(fieldbook.Customers, byHand, map[string]any{"name": "钱女士"}),
		a.change(fieldbook.Activities, voided, map[string]any{"kind": "visit", "occurred_at": at, "customer_id": byHand}),
	)
	interactions := func() map[string]int {
		t.Helper()
		h, err := e.eng.History(e.ctx, w.agent.ID, "2026-11")
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
		t.Fatalf("interactions before the void: %v; want 1 for each file", got)
	}
	s.apply(s.change(fieldbook.Activities, voided, map[string]any{"voided": true, "void_reason": "重复记录"}))
	if got := interactions(); got[fromProspect] != 1 || got[byHand] != 0 {
		t.Fatalf("interactions after the void: %v; want 1 and 0", got)
	}
}
