package server

// The retention of Plan 100 names over HTTP (docs/api.md "Privacy"): the
// team's setting with its limits, the agent's dormant names with their
// purge days (nobody else's), a keep that takes a name off the list, and
// the sweep's erasure on the agent's next pull and in the audit log.

import (
	"context"
	"strings"
	"testing"
	"time"

	"fieldbook"
)

func TestRetentionOfPlan100Names(t *testing.T) {
	e := newEnv(t)
	c := e.crew()
	agent, mate, sup, admin := c.agent, c.mate, c.sup, c.admin
	old, kept := newID(), newID()
	visit := newID()
	start := e.clock.now()
	for i, r := range results(e.sync(agent,
		agent.change(fieldbook.Prospects, old, map[string]any{"name": "何先生", "notes": "同乡会认识"}),
		agent.change(fieldbook.Activities, visit, map[string]any{"kind": "visit", "occurred_at": start.Add(-time.Hour).Format(time.RFC3339),
			"prospect_id": old, "outcome": "何先生说再考虑"}),
		agent.change(fieldbook.Prospects, kept, map[string]any{"name": "吕女士"}))) {
		if r != "applied" {
			t.Fatalf("change %d: %s", i+1, r)
		}
	}
	if me := e.must(200, "GET", "/api/me", agent.access, nil); me.body["retention_months"] != float64(24) {
		t.Errorf("the agent's view names retention %v, want the default 24", me.body["retention_months"])
	}

	// The setting: 0 or 6 to 120 months.
	path := "/api/admin/teams/" + c.tm.ID + "/settings"
	s := e.must(200, "GET", path, admin.access, nil)
	if r, _ := s.body["retention"].(map[string]any); r["prospect_months"] != float64(24) {
		t.Fatalf("the default settings hold retention %v, want 24 months", s.body["retention"])
	}
	for _, months := range []int{5, 121, -1} {
		bad := e.must(400, "PUT", path, admin.access, map[string]any{"retention": map[string]any{"prospect_months": months}})
		if bad.code() != fieldbook.CodeInvalid || !strings.Contains(string(bad.raw), "retention.prospect_months must be 0") {
			t.Errorf("%d months: %s", months, bad.raw)
		}
	}
	if s := e.must(200, "PUT", path, admin.access, map[string]any{"daily_visit_target": 5}); s.body["retention"].(map[string]any)["prospect_months"] != float64(24) {
		t.Errorf("a PUT without retention changed it: %s", s.raw)
	}

	// 24 months and 10 days on: both names are dormant; the agent keeps one.
	loc, err := time.LoadLocation(fieldbook.DefaultTimeZone)
	if err != nil {
		t.Fatal(err)
	}
	e.clock.advance(fieldbook.AddMonths(start, 24, loc).AddDate(0, 0, 10).Sub(start))
	for _, p := range []*person{agent, mate, sup, admin} {
		e.login(p)
	}
	list := e.must(200, "GET", "/api/retention", agent.access, nil)
	if got := dormantIDs(list); len(got) != 2 || list.body["prospect_months"] != float64(24) || list.body["grace_days"] != float64(30) {
		t.Fatalf("the agent's dormant names: %s", list.raw)
	}
	if list.header.Get("Cache-Control") != "no-store" {
		t.Errorf("the names' answer is cached: %q", list.header.Get("Cache-Control"))
	}
	if r := results(e.sync(agent, agent.change(fieldbook.Prospects, kept, map[string]any{fieldbook.FieldKeptAt: e.clock.now().Format(time.RFC3339)}))); r[0] != "applied" {
		t.Fatalf("the keep: %s", r[0])
	}
	list = e.must(200, "GET", "/api/retention", agent.access, nil)
	if got := dormantIDs(list); len(got) != 1 || got[0] != old {
		t.Fatalf("after keeping one, the dormant names are %v, want only %s: %s", got, old, list.raw)
	}
	first := list.body["prospects"].([]any)[0].(map[string]any)
	wantDay := fieldbook.AddMonths(start, 24, loc).AddDate(0, 0, 30).In(loc).Format(time.DateOnly)
	if first["name"] != "何先生" || first["purge_date"] != wantDay {
		t.Errorf("the dormant name is %v, want 何先生 purged on %s", first, wantDay)
	}
	// Nobody else sees the agent's names.
	if got := dormantIDs(e.must(200, "GET", "/api/retention", mate.access, nil)); len(got) != 0 {
		t.Errorf("the mate sees dormant names %v, want none of their own", got)
	}
	for _, p := range []*person{sup, admin} {
		if a := e.must(403, "GET", "/api/retention", p.access, nil); strings.Contains(string(a.raw), "何先生") {
			t.Errorf("%s is told of the name: %s", p.Username, a.raw)
		}
	}
	// A team that keeps names for ever has none dormant.
	e.must(200, "PUT", path, admin.access, map[string]any{"retention": map[string]any{"prospect_months": 0}})
	if l := e.must(200, "GET", "/api/retention", agent.access, nil); len(dormantIDs(l)) != 0 || l.body["prospect_months"] != float64(0) {
		t.Errorf("with names kept for ever: %s", l.raw)
	}
	e.must(200, "PUT", path, admin.access, map[string]any{"retention": map[string]any{"prospect_months": 24}})

	// 21 days on, the unanswered name is past its grace: the sweep erases it.
	e.clock.advance(21 * 24 * time.Hour)
	for _, p := range []*person{agent, admin} {
		e.login(p)
	}
	if n, err := e.st.PurgeDormant(context.Background(), e.clock.now()); err != nil || n != 1 {
		t.Fatalf("the sweep erased %d (%v), want 1", n, err)
	}
	if got := dormantIDs(e.must(200, "GET", "/api/retention", agent.access, nil)); len(got) != 0 {
		t.Errorf("after the sweep the dormant names are %v, want none", got)
	}
	held := e.pullAll(agent)
	if p := held["prospects/"+old]; p["_deleted"] != true || p["name"] != nil || p["notes"] != nil {
		t.Errorf("the agent pulls the swept name as %v, want it deleted and erased", p)
	}
	if a := held["activities/"+visit]; a["kind"] != "visit" || a["prospect_id"] != old || a["outcome"] != nil {
		t.Errorf("the agent pulls the visit as %v, want its kind and link kept, its outcome null", a)
	}
	if p := held["prospects/"+kept]; p["name"] != "吕女士" {
		t.Errorf("the kept name is pulled as %v", p)
	}
	audit := e.must(200, "GET", "/api/admin/audit", admin.access, nil)
	found := false
	for _, x := range audit.body["entries"].([]any) {
		entry := x.(map[string]any)
		params, _ := entry["params"].(map[string]any)
		if entry["action"] == "retention.purge" && entry["user_id"] == "server" && params["agent_id"] == agent.ID && params["count"] == "1" {
			found = true
		}
	}
	if !found || strings.Contains(string(audit.raw), "何先生") {
		t.Errorf("the audit log after the sweep: %s", audit.raw)
	}
}

// dormantIDs are the ids of a GET /api/retention answer's names.
func dormantIDs(a answer) []string {
	var out []string
	list, _ := a.body["prospects"].([]any)
	for _, p := range list {
		if id, ok := p.(map[string]any)["id"].(string); ok {
			out = append(out, id)
		}
	}
	return out
}
