package server

import (
	"testing"

	"fieldbook"
	"fieldbook/sync/rules"
)

// logFields returns the day log as the server holds it.
func (e *env) logFields(p *person, id string) map[string]any {
	e.t.Helper()
	return e.pullAll(p)["day_logs/"+id]
}

func version(e *env, id string) string {
	e.t.Helper()
	st, _, err := e.st.Get(bg(), fieldbook.DayLogs, id)
	if err != nil {
		e.t.Fatal(err)
	}
	return string(st.Fields.Version())
}

func TestReviewStateMachine(t *testing.T) {
	e := newEnv(t)
	tm := e.team("一队")
	agent := e.person("li", fieldbook.RoleAgent, tm.ID)
	sup := e.person("zhang", fieldbook.RoleSupervisor, tm.ID)
	id := rules.DayLogID(agent.ID, "2026-11-27")

	e.sync(agent, agent.change(fieldbook.DayLogs, id, map[string]any{"date": "2026-11-27", "plan": map[string]int{"visit": 4}, "summary": "拜访三位客户", "state": "submitted"}))
	queue := e.must(200, "GET", "/api/review-queue", sup.access, nil)
	if logs := queue.body["logs"].([]any); len(logs) != 1 {
		t.Fatalf("queue holds %d logs, want 1", len(logs))
	}
	seen := version(e, id)

	// The agent changes the log after the supervisor looked: stale.
	e.sync(agent, agent.change(fieldbook.DayLogs, id, map[string]any{"summary": "拜访四位客户"}))
	approve := func(v string) string {
		return results(e.sync(sup, sup.change(fieldbook.DayLogs, id, map[string]any{"state": "approved", "reviewed_version": v})))[0]
	}
	if got := approve(seen); got != "rejected:stale" {
		t.Fatalf("approving an old version: %s", got)
	}
	if got := approve("9999999999999-0000-x"); got != "rejected:invalid" {
		t.Fatalf("approving a version from the future: %s", got)
	}
	// A return needs a comment.
	if got := results(e.sync(sup, sup.change(fieldbook.DayLogs, id, map[string]any{"state": "returned", "reviewed_version": version(e, id)})))[0]; got != "rejected:invalid" {
		t.Fatalf("return without comment: %s", got)
	}
	if got := approve(version(e, id)); got != "applied" {
		t.Fatalf("approving the current version: %s", got)
	}
	if f := e.logFields(agent, id); f["state"] != "approved" {
		t.Fatalf("the agent sees state %v", f["state"])
	}
	if logs := e.must(200, "GET", "/api/review-queue", sup.access, nil).body["logs"].([]any); len(logs) != 0 {
		t.Fatalf("approved log still queued")
	}

	// The agent amends the approved log: back in the queue, amended.
	e.sync(agent, agent.change(fieldbook.DayLogs, id, map[string]any{"summary": "补充：约到一位转介绍"}))
	f := e.logFields(sup, id)
	if f["state"] != "submitted" || f["amended"] != true {
		t.Fatalf("after amending: state %v amended %v", f["state"], f["amended"])
	}
	if logs := e.must(200, "GET", "/api/review-queue", sup.access, nil).body["logs"].([]any); len(logs) != 1 {
		t.Fatalf("amended log not queued")
	}
	// Agents may not approve, even their own.
	if got := results(e.sync(agent, agent.change(fieldbook.DayLogs, id, map[string]any{"state": "approved"})))[0]; got != "rejected:forbidden" {
		t.Fatalf("agent approving: %s", got)
	}
	if got := approve(version(e, id)); got != "applied" {
		t.Fatalf("approving the amended log: %s", got)
	}
	if f := e.logFields(sup, id); f["amended"] != false || f["state"] != "approved" {
		t.Fatalf("after approving the amendment: %v", f)
	}
}

func TestSupervisorVoidsAnActivity(t *testing.T) {
	e := newEnv(t)
	tm := e.team("一队")
	agent := e.person("li", fieldbook.RoleAgent, tm.ID)
	sup := e.person("zhang", fieldbook.RoleSupervisor, tm.ID)
	id := newID()
	e.sync(agent, agent.change(fieldbook.Activities, id, map[string]any{"kind": "visit", "occurred_at": "2026-11-27T10:00:00+08:00", "customer_id": newID()}))
	if got := results(e.sync(sup, sup.change(fieldbook.Activities, id, map[string]any{"voided": true})))[0]; got != "rejected:invalid" {
		t.Fatalf("void without reason: %s", got)
	}
	if got := results(e.sync(sup, sup.change(fieldbook.Activities, id, map[string]any{"voided": true, "void_reason": "同一客户当天重复记录"})))[0]; got != "applied" {
		t.Fatalf("void: %s", got)
	}
	if got := results(e.sync(sup, sup.change(fieldbook.Activities, id, map[string]any{"outcome": "改结果"})))[0]; got != "rejected:forbidden" {
		t.Fatalf("supervisor editing an activity: %s", got)
	}
	if got := results(e.sync(agent, agent.change(fieldbook.Activities, id, map[string]any{"voided": false})))[0]; got != "rejected:forbidden" {
		t.Fatalf("agent un-voiding: %s", got)
	}
	if f := e.pullAll(agent)["activities/"+id]; f["voided"] != true {
		t.Fatalf("agent sees %v", f)
	}
}
