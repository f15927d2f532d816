package server

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"fieldbook"
	"fieldbook/sync/rules"
)

// amendEnv is one agent with four approved days of the week of 2026-11-16
// (weekDays[:4], four visits and two appointments each: 32 + 8 = 40.0
// points) and their supervisor.
type amendEnv struct {
	*env
	agent, sup *person
	visits     [][]string // visit ids per approved day
}

func newAmendEnv(t *testing.T) *amendEnv {
	t.Helper()
	e := newEnv(t)
	tm := e.team("一队")
	a := &amendEnv{env: e, agent: e.person("li", fieldbook.RoleAgent, tm.ID), sup: e.person("zhang", fieldbook.RoleSupervisor, tm.ID)}
	for _, d := range weekDays[:4] {
		a.visits = append(a.visits, e.workDay(a.agent, d, 4, 2))
		e.review(a.sup, a.agent, d, "approved")
	}
	a.check(t, "approved", 40, 0, nil)
	return a
}

// week returns the agent's standings entry of the week.
func (a *amendEnv) week(t *testing.T) map[string]any {
	t.Helper()
	return entryOf(t, a.must(200, "GET", "/api/standings?period=week&date=2026-11-18", a.sup.access, nil), a.agent.ID)
}

// check compares the week's score, pending days and pending counts.
func (a *amendEnv) check(t *testing.T, when string, score float64, pendingDays int, pending map[string]float64) {
	t.Helper()
	m := a.week(t)
	got := map[string]float64{}
	for k, v := range m["pending_counts"].(map[string]any) {
		got[k] = v.(float64)
	}
	if pending == nil {
		pending = map[string]float64{}
	}
	if m["score"] != score || m["pending_days"] != float64(pendingDays) || fmt.Sprint(got) != fmt.Sprint(pending) {
		t.Fatalf("%s: score %v, pending days %v, pending %v; want %v, %d, %v", when, m["score"], m["pending_days"], got, score, pendingDays, pending)
	}
}

// agentSync sends the agent's changes, each of which must apply.
func (a *amendEnv) agentSync(t *testing.T, changes ...map[string]any) {
	t.Helper()
	for i, r := range results(a.sync(a.agent, changes...)) {
		if r != "applied" {
			t.Fatalf("change %d: %s", i+1, r)
		}
	}
}

// logOf returns the state and amended flag of the agent's log of date.
func (a *amendEnv) logOf(t *testing.T, date string) (string, bool) {
	t.Helper()
	st, _, err := a.st.Get(bg(), fieldbook.DayLogs, rules.DayLogID(a.agent.ID, date))
	if err != nil {
		t.Fatal(err)
	}
	return st.Str(fieldbook.FieldState), st.Bool(fieldbook.FieldAmended)
}

func (a *amendEnv) inQueue(t *testing.T, date string) bool {
	t.Helper()
	q := a.must(200, "GET", "/api/review-queue", a.sup.access, nil)
	for _, r := range q.body["logs"].([]any) {
		if r.(map[string]any)["id"] == rules.DayLogID(a.agent.ID, date) {
			return true
		}
	}
	return false
}

func (a *amendEnv) checkAmended(t *testing.T, dates ...string) {
	t.Helper()
	for _, d := range dates {
		if state, amended := a.logOf(t, d); state != fieldbook.StateSubmitted || !amended {
			t.Fatalf("%s: state %s amended %v, want submitted and amended", d, state, amended)
		}
		if !a.inQueue(t, d) {
			t.Fatalf("%s is not back in the review queue", d)
		}
	}
}

// An owner's change to an approved day amends it: it goes back to the
// queue and keeps counting what was approved, with the change pending,
// whatever the change is (docs/scoring.md).
func TestAnApprovedDayChangedByItsOwnerKeepsItsApprovedCounts(t *testing.T) {
	tests := []struct {
		name    string
		change  func(a *amendEnv) []map[string]any
		amended []string
		pending map[string]float64
	}{
		{"a visit added", func(a *amendEnv) []map[string]any {
			return []map[string]any{a.agent.change(fieldbook.Activities, newID(), map[string]any{"kind": "visit",
				"occurred_at": weekDays[0] + "T19:00:00+08:00", "customer_id": newID()})}
		}, weekDays[:1], map[string]float64{"visit": 1}},
		{"a visit edited", func(a *amendEnv) []map[string]any {
			return []map[string]any{a.agent.change(fieldbook.Activities, a.visits[0][0], map[string]any{"outcome": "客户要计划书", "notes": "补记"})}
		}, weekDays[:1], nil},
		{"a visit deleted", func(a *amendEnv) []map[string]any {
			return []map[string]any{a.agent.change(fieldbook.Activities, a.visits[0][0], map[string]any{"_deleted": true})}
		}, weekDays[:1], map[string]float64{"visit": -1}},
		{"a visit moved to another approved day", func(a *amendEnv) []map[string]any {
			return []map[string]any{a.agent.change(fieldbook.Activities, a.visits[0][0], map[string]any{"occurred_at": weekDays[1] + "T20:00:00+08:00"})}
		}, weekDays[:2], nil}, // -1 on Monday, +1 on Tuesday
		{"a visit moved onto an approved day from a draft day", func(a *amendEnv) []map[string]any {
			id := newID()
			return []map[string]any{
				a.agent.change(fieldbook.Activities, id, map[string]any{"kind": "visit", "occurred_at": "2026-11-21T10:00:00+08:00", "customer_id": newID()}),
				a.agent.change(fieldbook.Activities, id, map[string]any{"occurred_at": weekDays[2] + "T20:00:00+08:00"}),
			}
		}, weekDays[2:3], map[string]float64{"visit": 1}},
		{"a typo fixed in the summary", func(a *amendEnv) []map[string]any {
			return []map[string]any{a.agent.change(fieldbook.DayLogs, rules.DayLogID(a.agent.ID, weekDays[3]), map[string]any{"summary": "按计划拜访了四位客户"})}
		}, weekDays[3:4], nil},
		{"a stale phone setting the log back to draft", func(a *amendEnv) []map[string]any {
			return []map[string]any{a.agent.change(fieldbook.DayLogs, rules.DayLogID(a.agent.ID, weekDays[3]), map[string]any{"state": "draft"})}
		}, weekDays[3:4], nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := newAmendEnv(t)
			a.agentSync(t, tt.change(a)...)
			a.checkAmended(t, tt.amended...)
			a.check(t, "amended", 40, len(tt.amended), tt.pending)
			for i, d := range weekDays[:4] {
				if slices.Contains(tt.amended, d) {
					continue
				}
				if state, amended := a.logOf(t, d); state != fieldbook.StateApproved || amended {
					t.Fatalf("day %d untouched but %s, amended %v", i, state, amended)
				}
			}
		})
	}
}

// Approving the amendment counts the day as it now stands; returning it
// counts nothing until it is approved again.
func TestAReviewOfAnAmendmentDecidesWhatTheDayCounts(t *testing.T) {
	a := newAmendEnv(t)
	extra := newID()
	a.agentSync(t, a.agent.change(fieldbook.Activities, extra, map[string]any{"kind": "visit",
		"occurred_at": weekDays[0] + "T19:00:00+08:00", "customer_id": newID()}))
	a.check(t, "one visit added", 40, 1, map[string]float64{"visit": 1})

	a.review(a.sup, a.agent, weekDays[0], "approved")
	if state, amended := a.logOf(t, weekDays[0]); state != fieldbook.StateApproved || amended {
		t.Fatalf("approved amendment: %s, amended %v", state, amended)
	}
	a.check(t, "amendment approved: 17 visits", 42, 0, nil)

	// Another amendment, returned: Monday counts nothing (5 visits, 2
	// appointments out: 42 - 10 - 2).
	a.agentSync(t, a.agent.change(fieldbook.Activities, extra, map[string]any{"_deleted": true}))
	a.check(t, "the extra visit deleted", 42, 1, map[string]float64{"visit": -1})
	a.review(a.sup, a.agent, weekDays[0], "returned")
	if state, amended := a.logOf(t, weekDays[0]); state != fieldbook.StateReturned || amended {
		t.Fatalf("returned amendment: %s, amended %v", state, amended)
	}
	a.check(t, "amendment returned", 30, 0, nil)

	// Resubmitted, it is pending as a whole; approved, it counts again.
	a.agentSync(t, a.agent.change(fieldbook.DayLogs, rules.DayLogID(a.agent.ID, weekDays[0]), map[string]any{"state": "submitted", "summary": "已补充"}))
	a.check(t, "resubmitted", 30, 1, map[string]float64{"visit": 4, "appointment": 2})
	a.review(a.sup, a.agent, weekDays[0], "approved")
	a.check(t, "approved again", 40, 0, nil)
}

// A supervisor's void takes effect at once, on an approved day and on an
// amended one, whose approved counts lose the voided visit.
func TestAVoidTakesEffectAtOnce(t *testing.T) {
	a := newAmendEnv(t)
	void := func(id string) {
		t.Helper()
		if got := results(a.sync(a.sup, a.sup.change(fieldbook.Activities, id, map[string]any{"voided": true, "void_reason": "重复记录"}))); got[0] != "applied" {
			t.Fatalf("void: %s", got[0])
		}
	}
	void(a.visits[1][0])
	a.check(t, "a visit voided on an approved day", 38, 0, nil)
	if state, amended := a.logOf(t, weekDays[1]); state != fieldbook.StateApproved || amended {
		t.Fatalf("a void amended the day: %s, %v", state, amended)
	}

	a.agentSync(t, a.agent.change(fieldbook.DayLogs, rules.DayLogID(a.agent.ID, weekDays[0]), map[string]any{"summary": "补充"}))
	a.check(t, "Monday amended", 38, 1, nil)
	void(a.visits[0][0])
	a.check(t, "a visit voided on the amended day", 36, 1, nil)
	a.review(a.sup, a.agent, weekDays[0], "approved")
	a.check(t, "the amendment approved", 36, 0, nil)
}

// The amended day's approved counts and its pending ones reach the agent's
// phone in the week's scores record, day by day.
func TestTheScoresRecordShowsAnAmendedDay(t *testing.T) {
	a := newAmendEnv(t)
	a.agentSync(t, a.agent.change(fieldbook.Activities, newID(), map[string]any{"kind": "visit",
		"occurred_at": weekDays[0] + "T19:00:00+08:00", "customer_id": newID()}))
	recs := a.pullAll(a.agent)
	week := recs["scores/"+rules.ScoreID(a.agent.ID, "week:2026-11-16")]
	if week == nil {
		t.Fatal("no scores record of the week")
	}
	if week["amended_days"] != 1.0 || fmt.Sprint(week["pending_counts"]) != "map[visit:1]" {
		t.Fatalf("week: amended %v, pending %v", week["amended_days"], week["pending_counts"])
	}
	monday := week["days"].([]any)[0].(map[string]any)
	if monday["amended"] != true || fmt.Sprint(monday["counts"]) != "map[appointment:2 visit:4]" || fmt.Sprint(monday["pending"]) != "map[visit:1]" {
		t.Fatalf("Monday: %v", monday)
	}
	if m := entryOf(t, a.must(200, "GET", "/api/standings?period=month&date=2026-11-18", a.agent.access, nil), a.agent.ID); m["amended_days"] != 1.0 ||
		fmt.Sprint(m["pending_counts"]) != "map[visit:1]" {
		t.Fatalf("month: %v", m)
	}
}

// A draft or returned log can be deleted; a submitted or approved one not.
func TestOnlyADraftOrReturnedLogCanBeDeleted(t *testing.T) {
	a := newAmendEnv(t)
	del := func(date string) string {
		return results(a.sync(a.agent, a.agent.change(fieldbook.DayLogs, rules.DayLogID(a.agent.ID, date), map[string]any{"_deleted": true})))[0]
	}
	if got := del(weekDays[0]); got != "rejected:invalid" {
		t.Fatalf("deleting an approved log: %s", got)
	}
	a.workDay(a.agent, weekDays[4], 1, 0)
	if got := del(weekDays[4]); got != "rejected:invalid" {
		t.Fatalf("deleting a submitted log: %s", got)
	}
	a.review(a.sup, a.agent, weekDays[4], "returned")
	if got := del(weekDays[4]); got != "applied" {
		t.Fatalf("deleting a returned log: %s", got)
	}
	a.agentSync(t, a.agent.change(fieldbook.DayLogs, rules.DayLogID(a.agent.ID, "2026-11-21"), map[string]any{"date": "2026-11-21", "state": "draft"}))
	if got := del("2026-11-21"); got != "applied" {
		t.Fatalf("deleting a draft: %s", got)
	}
	a.check(t, "after the deletions", 40, 0, nil)
}

// The date rule over HTTP, at its edges, in the team's zone: Shanghai and
// Los Angeles (west of UTC), whatever the day the test runs on.
func TestTheDateRuleAtItsEdgesInTheTeamsZone(t *testing.T) {
	e := newEnv(t)
	for _, zone := range []string{"Asia/Shanghai", "America/Los_Angeles"} {
		t.Run(zone, func(t *testing.T) {
			tm, err := e.st.CreateTeam(bg(), "队 "+zone, zone)
			if err != nil {
				t.Fatal(err)
			}
			p := e.person("agent-"+zone[:4], fieldbook.RoleAgent, tm.ID)
			loc, _ := time.LoadLocation(zone)
			now := e.clock.now().In(loc)
			// Stay clear of midnight, when "tomorrow" turns over between
			// the test's clock and the server's.
			if h, m, _ := now.Clock(); h == 23 && m >= 58 {
				t.Skip("too close to midnight in " + zone)
			}
			tomorrow := now.AddDate(0, 0, 1).Format(time.DateOnly)
			after := now.AddDate(0, 0, 2).Format(time.DateOnly)
			logOn := func(date string) map[string]any {
				return p.change(fieldbook.DayLogs, rules.DayLogID(p.ID, date), map[string]any{"date": date, "state": "draft"})
			}
			visitAt := func(at string) map[string]any {
				return p.change(fieldbook.Activities, newID(), map[string]any{"kind": "visit", "occurred_at": at})
			}
			afterStart := time.Date(now.Year(), now.Month(), now.Day()+2, 0, 0, 0, 0, loc)
			got := results(e.sync(p,
				logOn(tomorrow), logOn(after), logOn("2000-01-01"), logOn("1999-12-31"), logOn("9999-12-31"),
				visitAt(afterStart.Add(-time.Second).Format(time.RFC3339)),
				visitAt(afterStart.UTC().Format(time.RFC3339)),
				visitAt(afterStart.Add(-time.Second).UTC().Format(time.RFC3339)),
				visitAt(time.Date(2000, 1, 1, 0, 0, 0, 0, loc).UTC().Format(time.RFC3339)),
				visitAt(time.Date(2000, 1, 1, 0, 0, 0, 0, loc).Add(-time.Second).UTC().Format(time.RFC3339)),
				visitAt("9999-12-31T23:59:59+14:00"),
				visitAt("0001-01-01T00:00:00Z"),
			))
			want := []string{"applied", "rejected:invalid", "applied", "rejected:invalid", "rejected:invalid",
				"applied", "rejected:invalid", "applied", "applied", "rejected:invalid", "rejected:invalid", "rejected:invalid"}
			if !slices.Equal(got, want) {
				t.Fatalf("got  %v\nwant %v", got, want)
			}
		})
	}
}
