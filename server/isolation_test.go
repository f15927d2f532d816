package server

import (
	"context"
	"testing"
	"time"

	"fieldbook"
)

func bg() context.Context { return context.Background() }

func TestEndpointsCheckWhoIsAsking(t *testing.T) {
	e := newEnv(t)
	t1, t2 := e.team("一队"), e.team("二队")
	admin := e.person("boss", fieldbook.RoleAdmin, "")
	agent := e.person("li", fieldbook.RoleAgent, t1.ID)
	sup := e.person("zhang", fieldbook.RoleSupervisor, t1.ID)
	otherSup := e.person("zhao", fieldbook.RoleSupervisor, t2.ID)

	tests := []struct {
		who    *person
		method string
		path   string
		body   any
		status int
	}{
		{agent, "GET", "/api/admin/users", nil, 403},
		{sup, "GET", "/api/admin/users", nil, 403},
		{admin, "GET", "/api/admin/users", nil, 200},
		{agent, "POST", "/api/admin/teams", map[string]any{"name": "x"}, 403},
		{sup, "PATCH", "/api/admin/users/" + agent.ID, map[string]any{"name": "x"}, 403},
		{agent, "GET", "/api/admin/teams/" + t1.ID + "/settings", nil, 403},
		{sup, "GET", "/api/admin/teams/" + t1.ID + "/settings", nil, 200},
		{otherSup, "GET", "/api/admin/teams/" + t1.ID + "/settings", nil, 403},
		{sup, "PUT", "/api/admin/teams/" + t1.ID + "/settings", map[string]any{"daily_visit_target": 5}, 403},
		{admin, "GET", "/api/admin/teams/" + t1.ID + "/settings", nil, 200},
		{agent, "GET", "/api/review-queue", nil, 403},
		{otherSup, "GET", "/api/review-queue?team_id=" + t1.ID, nil, 403},
		{sup, "GET", "/api/review-queue", nil, 200},
		{admin, "GET", "/api/review-queue?team_id=" + t1.ID, nil, 200},
		{agent, "GET", "/api/admin/backup", nil, 403},
		{nil, "GET", "/api/me", nil, 401},
		{nil, "GET", "/api/admin/teams", nil, 401},
		{nil, "GET", "/api/review-queue", nil, 401},
	}
	for _, tt := range tests {
		token, who := "", "anonymous"
		if tt.who != nil {
			token, who = tt.who.access, tt.who.Username
		}
		if a := e.do(tt.method, tt.path, token, tt.body); a.status != tt.status {
			t.Errorf("%s %s as %s: %d, want %d: %s", tt.method, tt.path, who, a.status, tt.status, a.raw)
		}
	}
}

func TestSyncIsolationAndTeamMove(t *testing.T) {
	e := newEnv(t)
	t1, t2 := e.team("一队"), e.team("二队")
	admin := e.person("boss", fieldbook.RoleAdmin, "")
	agent := e.person("li", fieldbook.RoleAgent, t1.ID)
	mate := e.person("wang", fieldbook.RoleAgent, t1.ID)
	sup1 := e.person("zhang", fieldbook.RoleSupervisor, t1.ID)
	sup2 := e.person("zhao", fieldbook.RoleSupervisor, t2.ID)
	cust, visit := newID(), newID()
	e.sync(agent, agent.change(fieldbook.Customers, cust, map[string]any{"name": "客户甲", "age": 40}),
		agent.change(fieldbook.Activities, visit, map[string]any{"kind": "visit", "occurred_at": e.clock.now().Format(time.RFC3339), "customer_id": cust}))
	key, actKey := "customers/"+cust, "activities/"+visit

	if e.pullAll(mate)[actKey] != nil || e.pullAll(sup2)[actKey] != nil {
		t.Fatal("a team mate or another team's supervisor sees the agent's visit")
	}
	if e.pullAll(sup1)[actKey] == nil || e.pullAll(admin)[actKey] == nil {
		t.Fatal("the supervisor or the admin does not see the agent's visit")
	}
	// A customer file reaches no one's phone but the agent's (GET
	// /api/files opens it, on the record).
	for _, p := range []*person{mate, sup1, sup2, admin} {
		if e.pullAll(p)[key] != nil {
			t.Fatalf("%s receives the agent's customer by sync", p.Username)
		}
	}
	// Supervisors of another team may not write the agent's records.
	if got := results(e.sync(sup2, sup2.change(fieldbook.Goals, newID(), map[string]any{"agent_id": agent.ID, "period": "2026-11"})))[0]; got != "rejected:forbidden" {
		t.Fatalf("other team's supervisor setting a goal: %s", got)
	}

	// Everyone syncs up to now, then the agent moves to team 2.
	for _, p := range []*person{agent, mate, sup1, sup2} {
		e.sync(p)
	}
	e.must(200, "PATCH", "/api/admin/users/"+agent.ID, admin.access, map[string]any{"team_id": t2.ID})

	// The new supervisor receives the agent's records as new changes.
	a := e.sync(sup2)
	if a.body["reset"] == true {
		t.Fatal("the new team's supervisor was reset; the records should come as new changes")
	}
	got := false
	for _, r := range a.body["records"].([]any) {
		got = got || r.(map[string]any)["id"] == visit
	}
	if !got {
		t.Fatal("the new team's supervisor did not receive the moved agent's visit")
	}
	// The old supervisor and the agent are reset (scope), and from then on
	// the old supervisor sees nothing of the agent.
	for _, p := range []*person{sup1, agent, mate} {
		a := e.sync(p)
		if a.body["reset"] != true || a.body["reset_reason"] != "scope" {
			t.Fatalf("%s after the move: reset=%v reason=%v", p.Username, a.body["reset"], a.body["reset_reason"])
		}
	}
	if e.pullAll(sup1)[actKey] != nil {
		t.Fatal("the old supervisor still receives the agent's visit")
	}
	e.sync(agent, agent.change(fieldbook.Activities, visit, map[string]any{"outcome": "约了下周"}))
	if f := e.pullAll(sup2)[actKey]; f["outcome"] != "约了下周" || f["team_id"] != t2.ID {
		t.Fatalf("new supervisor sees %v", f)
	}
	if got := results(e.sync(sup1, sup1.change(fieldbook.Activities, newID(), map[string]any{"kind": "visit"})))[0]; got != "rejected:forbidden" {
		t.Fatalf("old supervisor writing: %s", got)
	}
}

func TestMalformedBodiesNeverFail(t *testing.T) {
	e := newEnv(t)
	tm := e.team("一队")
	admin := e.person("boss", fieldbook.RoleAdmin, "")
	agent := e.person("li", fieldbook.RoleAgent, tm.ID)
	bodies := []string{"", "{", "null", "[]", "42", `"x"`, `{"a":1}{"b":2}`, "\x00\xff", `{"username":5}`,
		`{"client_id":"c","changes":{}}`, `{"client_id":"c","changes":[null]}`, `{"client_id":"c","limit":"x"}`,
		`{"client_id":"c","changes":[{"seq":1,"collection":5,"id":[],"hlc":{},"fields":[]}]}`,
		`{"client_id":"c","changes":[{"seq":1e30}]}`, `{"client_id":"c","cursor":"%%%"}`,
		`{"weekly_table":[{"kind":"visit","weight":"x"}]}`, `{"name":null,"role":7}`}
	endpoints := []struct{ method, path, token string }{
		{"POST", "/api/auth/login", ""},
		{"POST", "/api/auth/refresh", ""},
		{"POST", "/api/auth/logout", ""},
		{"POST", "/api/sync", agent.access},
		{"POST", "/api/admin/teams", admin.access},
		{"POST", "/api/admin/users", admin.access},
		{"PATCH", "/api/admin/users/" + agent.ID, admin.access},
		{"PATCH", "/api/admin/users/not-an-id", admin.access},
		{"PUT", "/api/admin/teams/" + tm.ID + "/settings", admin.access},
		{"PUT", "/api/admin/teams/nope/settings", admin.access},
	}
	for _, ep := range endpoints {
		for _, b := range bodies {
			a := e.do(ep.method, ep.path, ep.token, b)
			if a.status >= 500 || a.status >= 400 && a.code() == "" {
				t.Errorf("%s %s with %q: %d %s", ep.method, ep.path, b, a.status, a.raw)
			}
		}
	}
}
