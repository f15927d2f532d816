package server

import (
	"fmt"
	"testing"

	"fieldbook"
	"fieldbook/sync/rules"
)

// week of 2026-11-16 (Monday) to 2026-11-22, in Shanghai.
var weekDays = []string{"2026-11-16", "2026-11-17", "2026-11-18", "2026-11-19", "2026-11-20"}

// workDay records visits (each to its own customer) and appointments on
// date and submits the day's log.
func (e *env) workDay(p *person, date string, visits, appointments int) []string {
	e.t.Helper()
	var changes []map[string]any
	var visitIDs []string
	for i := range visits {
		id := newID()
		visitIDs = append(visitIDs, id)
		changes = append(changes, p.change(fieldbook.Activities, id, map[string]any{"kind": "visit",
			"occurred_at": date + "T1" + fmt.Sprint(i%10) + ":00:00+08:00", "customer_id": newID(), "outcome": "面谈顺利"}))
	}
	for range appointments {
		changes = append(changes, p.change(fieldbook.Activities, newID(), map[string]any{"kind": "appointment", "occurred_at": date + "T09:00:00+08:00"}))
	}
	changes = append(changes, p.change(fieldbook.DayLogs, rules.DayLogID(p.ID, date), map[string]any{"date": date,
		"plan": map[string]int{"visit": 4}, "summary": "按计划拜访", "state": "submitted"}))
	for _, r := range results(e.sync(p, changes...)) {
		if r != "applied" {
			e.t.Fatalf("%s's day %s: %s", p.Username, date, r)
		}
	}
	return visitIDs
}

// review approves or returns an agent's log as the supervisor saw it.
func (e *env) review(sup, agent *person, date, state string) {
	e.t.Helper()
	id := rules.DayLogID(agent.ID, date)
	f := map[string]any{"state": state, "reviewed_version": version(e, id)}
	if state == "returned" {
		f["review_comment"] = "请补充拜访客户的需求"
	}
	if got := results(e.sync(sup, sup.change(fieldbook.DayLogs, id, f))); got[0] != "applied" {
		e.t.Fatalf("%s %s's %s: %s", state, agent.Username, date, got[0])
	}
}

func entryOf(t *testing.T, a answer, agentID string) map[string]any {
	t.Helper()
	for _, e := range a.body["entries"].([]any) {
		m := e.(map[string]any)
		if m["agent_id"] == agentID {
			return m
		}
	}
	t.Fatalf("no standings entry for %s: %s", agentID, a.raw)
	return nil
}

func checkEntry(t *testing.T, a answer, p *person, score float64, rank, pending int) {
	t.Helper()
	m := entryOf(t, a, p.ID)
	if m["score"] != score || m["rank"] != float64(rank) || m["pending_days"] != float64(pending) {
		t.Fatalf("%s: score %v rank %v pending %v, want %v, %d, %d", p.Username, m["score"], m["rank"], m["pending_days"], score, rank, pending)
	}
}

// TestScoresFollowReviewsEndToEnd has two agents sync a week of work over
// HTTP; the supervisor approves some days and returns one; the standings
// count approved days only and show the pending ones; amending an approved
// day takes its points out until it is approved again, and voiding a visit
// takes its points out too.
func TestScoresFollowReviewsEndToEnd(t *testing.T) {
	e := newEnv(t)
	tm := e.team("一队")
	li := e.person("li", fieldbook.RoleAgent, tm.ID)
	wang := e.person("wang", fieldbook.RoleAgent, tm.ID)
	sup := e.person("zhang", fieldbook.RoleSupervisor, tm.ID)
	var liVisits [][]string
	for _, d := range weekDays {
		liVisits = append(liVisits, e.workDay(li, d, 4, 2))
		e.workDay(wang, d, 3, 0)
	}
	standingsOf := func(who *person) answer {
		return e.must(200, "GET", "/api/standings?period=week&date=2026-11-18", who.access, nil)
	}
	// Nothing approved yet: no points, every day pending.
	a := standingsOf(sup)
	checkEntry(t, a, li, 0, 1, 5)
	checkEntry(t, a, wang, 0, 1, 5)

	for _, d := range weekDays[:4] {
		e.review(sup, li, d, "approved")
	}
	e.review(sup, li, weekDays[4], "returned")
	for _, d := range weekDays[:3] {
		e.review(sup, wang, d, "approved")
	}
	// li: 16 visits of 20 → 40 × 16/20 = 32; 8 appointments of 16 → 8.
	// wang: 9 visits → 18; Thursday and Friday pending.
	a = standingsOf(li)
	checkEntry(t, a, li, 40, 1, 0)
	checkEntry(t, a, wang, 18, 2, 2)
	if c := entryOf(t, a, li.ID)["counts"].(map[string]any); c["visit"] != float64(16) || c["appointment"] != float64(8) {
		t.Fatalf("li's counts %v", c)
	}
	if a.body["period"].(map[string]any)["start"] != "2026-11-16" {
		t.Fatalf("period %v", a.body["period"])
	}

	// li amends Monday: it keeps counting what was approved, and is
	// pending again until the supervisor approves the amendment.
	e.sync(li, li.change(fieldbook.DayLogs, rules.DayLogID(li.ID, weekDays[0]), map[string]any{"summary": "补充：一位客户要了计划书"}))
	checkEntry(t, standingsOf(sup), li, 40, 1, 1)
	e.review(sup, li, weekDays[0], "approved")
	checkEntry(t, standingsOf(sup), li, 40, 1, 0)

	// A voided visit on an approved day no longer counts.
	if got := results(e.sync(sup, sup.change(fieldbook.Activities, liVisits[1][0], map[string]any{"voided": true, "void_reason": "重复记录"})))[0]; got != "applied" {
		t.Fatalf("void: %s", got)
	}
	checkEntry(t, standingsOf(sup), li, 38, 1, 0)

	// The month's score is the mean of the five weeks starting in November.
	m := e.must(200, "GET", "/api/standings?period=month&date=2026-11-18", wang.access, nil)
	checkEntry(t, m, li, 7.6, 1, 0)
	checkEntry(t, m, wang, 3.6, 2, 2)

	// The scores also sync to the team as server-written records.
	recs := e.pullAll(wang)
	found := false
	for k, f := range recs {
		if len(k) > 7 && k[:7] == "scores/" && f["agent_id"] == li.ID && f["period"] == "2026-W47" {
			found = f["score"] == 38.0
		}
	}
	if !found {
		t.Fatal("wang does not hold li's week as a scores record")
	}
}

func TestTeamViewsCheckWhoIsAsking(t *testing.T) {
	e := newEnv(t)
	t1, t2 := e.team("一队"), e.team("二队")
	admin := e.person("boss", fieldbook.RoleAdmin, "")
	agent := e.person("li", fieldbook.RoleAgent, t1.ID)
	mate := e.person("wang", fieldbook.RoleAgent, t1.ID)
	sup := e.person("zhang", fieldbook.RoleSupervisor, t1.ID)
	other := e.person("zhao", fieldbook.RoleAgent, t2.ID)
	otherSup := e.person("qian", fieldbook.RoleSupervisor, t2.ID)
	tests := []struct {
		who    *person
		path   string
		status int
	}{
		{agent, "/api/standings", 200},
		{agent, "/api/standings?period=month", 200},
		{agent, "/api/standings?team_id=" + t2.ID, 403},
		{other, "/api/standings?team_id=" + t1.ID, 403},
		{otherSup, "/api/standings?team_id=" + t1.ID, 403},
		{sup, "/api/standings?team_id=" + t1.ID, 200},
		{admin, "/api/standings?team_id=" + t2.ID, 200},
		{admin, "/api/standings", 400},
		{agent, "/api/standings?period=year", 400},
		{agent, "/api/standings?date=2026-13-01", 400},
		{agent, "/api/reviews/agent", 200},
		{agent, "/api/reviews/agent?agent_id=" + mate.ID, 403},
		{sup, "/api/reviews/agent?agent_id=" + agent.ID, 200},
		{sup, "/api/reviews/agent", 400},
		{otherSup, "/api/reviews/agent?agent_id=" + agent.ID, 404},
		{admin, "/api/reviews/agent?agent_id=" + agent.ID + "&month=2026-10", 200},
		{agent, "/api/reviews/agent?month=2026-13", 400},
		{agent, "/api/reviews/team", 403},
		{sup, "/api/reviews/team", 200},
		{otherSup, "/api/reviews/team?team_id=" + t1.ID, 403},
		{admin, "/api/reviews/team?team_id=" + t1.ID, 200},
		{agent, "/api/goal-calculator?income=10000", 200},
		{agent, "/api/goal-calculator", 400},
		{agent, "/api/goal-calculator?income=lots", 400},
		{agent, "/api/goal-calculator?income=10000&close_rate=0", 400},
		{agent, "/api/goal-calculator?income=1e308", 400},
		{agent, "/api/goal-calculator?income=10000&visits_per_day=1e-300", 400},
		{agent, "/api/goal-calculator?income=10000&avg_premium=1e-300", 400},
		{agent, "/api/goal-calculator?income=10000&commission_rate=1e-300", 400},
		{agent, "/api/goal-calculator?income=1000000000&commission_rate=0.01&avg_premium=1&close_rate=0.001&visits_per_day=0.1", 200},
		{sup, "/api/goal-calculator?income=10000", 200},
		{nil, "/api/standings", 401},
	}
	for _, tt := range tests {
		token, who := "", "anonymous"
		if tt.who != nil {
			token, who = tt.who.access, tt.who.Username
		}
		if a := e.do("GET", tt.path, token, nil); a.status != tt.status {
			t.Errorf("GET %s as %s: %d, want %d: %s", tt.path, who, a.status, tt.status, a.raw)
		}
	}
	// Standings hold scores and counts of the team's agents, nobody else.
	a := e.must(200, "GET", "/api/standings", agent.access, nil)
	if n := len(a.body["entries"].([]any)); n != 2 {
		t.Fatalf("team 1 standings have %d entries, want its 2 agents", n)
	}
}

func TestGoalCalculatorDefaultsAndPlan100(t *testing.T) {
	e := newEnv(t)
	tm := e.team("一队")
	agent := e.person("li", fieldbook.RoleAgent, tm.ID)
	a := e.must(200, "GET", "/api/goal-calculator?income=10000", agent.access, nil)
	if a.body["premium"] != 20000.0 || a.body["deals"] != 4.0 || a.body["visits"] != 80.0 || a.body["days"] != 20.0 {
		t.Fatalf("the guide's example: %s", a.raw)
	}
	if a.body["open_prospects"] != 0.0 || a.body["enough_prospects"] != false {
		t.Fatalf("Plan 100 check with no prospects: %s", a.raw)
	}
	var changes []map[string]any
	for i := range 81 {
		stage := "new"
		if i == 80 {
			stage = "closed"
		}
		changes = append(changes, agent.change(fieldbook.Prospects, newID(), map[string]any{"name": fmt.Sprint("客户", i), "stage": stage}))
	}
	e.sync(agent, changes...)
	a = e.must(200, "GET", "/api/goal-calculator?income=10000&visits_per_day=5", agent.access, nil)
	if a.body["open_prospects"] != 80.0 || a.body["enough_prospects"] != true || a.body["days"] != 16.0 {
		t.Fatalf("with 80 open prospects and 5 visits a day: %s", a.raw)
	}
	if src := a.body["sources"].(map[string]any); src["visits_per_day"] != "given" || src["close_rate"] != "default" {
		t.Fatalf("sources %v", src)
	}
}
