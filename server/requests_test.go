package server

// The register of data subjects' requests over HTTP (docs/api.md
// "Privacy"): due dates in working days, who records and sees what, the
// copy of one person's data (its access on the record before the answer
// when a supervisor asks), and a delete request that waits for the
// deletion.

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"fieldbook"
)

// copiedFirst wraps the Privacy service: when PersonData returns, before
// the handler sends a byte, it reads the access log from the store and
// remembers whether the copy's entry is there.
type copiedFirst struct {
	fieldbook.Privacy
	seen []bool
}

func (r *copiedFirst) PersonData(ctx context.Context, e fieldbook.AccessEntry, subject string) (fieldbook.PersonCopy, error) {
	p, err := r.Privacy.PersonData(ctx, e, subject)
	if err != nil || e.UserID == e.AgentID {
		return p, err
	}
	es, lerr := r.Privacy.AccessLog(ctx, fieldbook.AccessQuery{AgentID: e.AgentID, UserID: e.UserID, Limit: 1})
	r.seen = append(r.seen, lerr == nil && len(es) == 1 && es[0].Purpose == "个人信息副本请求" && es[0].File == e.File)
	return p, err
}

func TestRequestsRegister(t *testing.T) {
	rec := &copiedFirst{}
	e := newEnvAt(t, t.TempDir(), func(cfg *Config) { rec.Privacy = cfg.Stores.Privacy; cfg.Stores.Privacy = rec })
	c := e.crew()
	tm, agent, mate, sup, sup2, admin := c.tm, c.agent, c.mate, c.sup, c.sup2, c.admin
	me, other, p1, visit, call := newID(), newID(), newID(), newID(), newID()
	at := e.clock.now().Add(-2 * 3600e9).Format("2006-01-02T15:04:05Z07:00")
	changes := append(agent.consents(fieldbook.Customers, me, fieldbook.GroupContact), agent.consents(fieldbook.Customers, other, fieldbook.GroupContact)...)
	changes = append(changes,
		agent.change(fieldbook.Customers, me, map[string]any{"name": "王先生", "phone": "13800138000"}),
		agent.change(fieldbook.Customers, other, map[string]any{"name": "赵女士", "phone": "13900139000"}),
		agent.change(fieldbook.Prospects, p1, map[string]any{"name": "孙先生"}),
		agent.change(fieldbook.Activities, visit, map[string]any{"kind": "visit", "occurred_at": at, "customer_id": me, "outcome": "同意下周见面", "next_step": "带上方案"}),
		agent.change(fieldbook.Activities, call, map[string]any{"kind": "call", "occurred_at": at, "customer_id": other, "outcome": "赵女士不在"}))
	for i, r := range results(e.sync(agent, changes...)) {
		if r != "applied" {
			t.Fatalf("change %d: %s", i, r)
		}
	}

	// A copy request received on a Friday evening is due three weeks later, on a Friday:
	// 15 working days across three weekends; it is long overdue by now.
	friday := "2025-03-07T18:30:00+08:00"
	cp := e.must(201, "POST", "/api/privacy/requests", sup.access, map[string]any{"kind": "copy", "subject": "customers",
		"subject_id": me, "agent_id": agent.ID, "received_at": friday, "note": "电话提出"})
	if cp.body["due_date"] != "2025-03-28" || cp.body["status"] != "open" || cp.body["created_by"] != sup.ID || cp.body["team_id"] != tm.ID {
		t.Fatalf("the copy request: %v", cp.body)
	}
	copyID := cp.body["id"].(string)
	// The agent records one themselves, received now: not overdue.
	del := e.must(201, "POST", "/api/privacy/requests", agent.access, map[string]any{"kind": "delete", "subject": "customers", "subject_id": me})
	delID := del.body["id"].(string)
	if del.body["agent_id"] != agent.ID || del.body["overdue"] != false {
		t.Fatalf("the agent's delete request: %v", del.body)
	}

	for _, tt := range []struct {
		what   string
		who    *person
		body   map[string]any
		status int
		code   string
	}{
		{"an agent for another agent", mate, map[string]any{"kind": "copy", "subject": "customers", "subject_id": me, "agent_id": agent.ID}, 403, "forbidden"},
		{"another team's supervisor", sup2, map[string]any{"kind": "copy", "subject": "customers", "subject_id": me, "agent_id": agent.ID}, 403, "forbidden"},
		{"a person the agent does not hold", mate, map[string]any{"kind": "copy", "subject": "customers", "subject_id": me}, 404, "not_found"},
		{"a supervisor naming no agent", sup, map[string]any{"kind": "copy", "subject": "customers", "subject_id": me}, 400, "invalid"},
		{"an unknown kind", agent, map[string]any{"kind": "erase", "subject": "customers", "subject_id": me}, 400, "invalid"},
		{"a future request", agent, map[string]any{"kind": "copy", "subject": "customers", "subject_id": me, "received_at": "2999-01-01T00:00:00Z"}, 400, "invalid"},
		{"a long note", agent, map[string]any{"kind": "copy", "subject": "customers", "subject_id": me, "note": strings.Repeat("长", 501)}, 400, "invalid"},
	} {
		if a := e.do("POST", "/api/privacy/requests", tt.who.access, tt.body); a.status != tt.status || a.code() != tt.code {
			t.Errorf("%s: %d %s, want %d %s", tt.what, a.status, a.code(), tt.status, tt.code)
		}
	}

	ids := func(a answer) []string {
		var out []string
		for _, r := range a.body["requests"].([]any) {
			out = append(out, r.(map[string]any)["id"].(string))
		}
		return out
	}
	list := e.must(200, "GET", "/api/privacy/requests", agent.access, nil)
	if got := ids(list); len(got) != 2 || got[0] != copyID || got[1] != delID {
		t.Errorf("the agent's register, the overdue first: %v", got)
	}
	if r := list.body["requests"].([]any)[0].(map[string]any); r["overdue"] != true {
		t.Errorf("the March request is not overdue: %v", r)
	}
	for _, who := range []*person{sup, admin} {
		if got := ids(e.must(200, "GET", "/api/privacy/requests?agent_id="+agent.ID, who.access, nil)); len(got) != 2 {
			t.Errorf("%s sees %d requests, want 2", who.Username, len(got))
		}
	}
	if got := ids(e.must(200, "GET", "/api/privacy/requests", mate.access, nil)); len(got) != 0 {
		t.Errorf("the team mate sees %v", got)
	}
	if got := ids(e.must(200, "GET", "/api/privacy/requests", sup2.access, nil)); len(got) != 0 {
		t.Errorf("another team's supervisor sees %v", got)
	}
	if a := e.do("GET", "/api/privacy/requests?agent_id="+agent.ID, mate.access, nil); a.status != 403 {
		t.Errorf("a team mate naming the agent: %d, want 403", a.status)
	}
	if a := e.do("GET", "/api/privacy/requests?agent_id="+agent.ID, sup2.access, nil); a.status != 403 {
		t.Errorf("another team's supervisor naming the agent: %d, want 403", a.status)
	}
	for _, who := range []*person{mate, sup2} {
		if a := e.do("GET", "/api/privacy/requests/"+copyID+"/copy", who.access, nil); a.status != 403 {
			t.Errorf("%s's copy: %d, want 403", who.Username, a.status)
		}
		if a := e.do("POST", "/api/privacy/requests/"+copyID+"/close", who.access, map[string]any{"outcome": "done"}); a.status != 403 {
			t.Errorf("%s's close: %d, want 403", who.Username, a.status)
		}
	}
	if es, _ := e.st.AccessLog(bg(), fieldbook.AccessQuery{Limit: 10}); len(es) != 0 {
		t.Fatalf("refused copies left %d access entries", len(es))
	}

	// The supervisor downloads the copy: the access is on record before the answer.
	a := e.must(200, "GET", "/api/privacy/requests/"+copyID+"/copy", sup.access, nil)
	if cd := a.header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment; ") || !strings.Contains(cd, ".json") {
		t.Errorf("the copy's Content-Disposition: %q", cd)
	}
	if ct := a.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("the copy's Content-Type: %q", ct)
	}
	if len(rec.seen) != 1 || !rec.seen[0] {
		t.Fatalf("the copy's access was not in the log before the answer: %v", rec.seen)
	}
	var file struct {
		RequestID  string           `json:"request_id"`
		Fields     map[string]any   `json:"fields"`
		Consents   []map[string]any `json:"consents"`
		Activities []map[string]any `json:"activities"`
	}
	if err := json.Unmarshal(a.raw, &file); err != nil {
		t.Fatal(err)
	}
	if file.RequestID != copyID || file.Fields["name"] != "王先生" || file.Fields["phone"] != "13800138000" {
		t.Errorf("the copy's record: %+v", file)
	}
	if len(file.Consents) != 1 || file.Consents[0]["subject_id"] != me || file.Consents[0]["group"] != "contact" {
		t.Errorf("the copy's consents: %v", file.Consents)
	}
	if len(file.Activities) != 1 || file.Activities[0]["id"] != visit || file.Activities[0]["kind"] != "visit" ||
		file.Activities[0]["outcome"] != "同意下周见面" || file.Activities[0]["next_step"] != "带上方案" || file.Activities[0]["occurred_at"] != at {
		t.Errorf("the copy's activities: %v", file.Activities)
	}
	for _, s := range []string{"赵女士", "13900139000", other, call, "孙先生"} {
		if strings.Contains(string(a.raw), s) {
			t.Errorf("the copy holds %q, another person's", s)
		}
	}
	// The agent's own copy is not logged.
	e.must(200, "GET", "/api/privacy/requests/"+copyID+"/copy", agent.access, nil)
	if es, _ := e.st.AccessLog(bg(), fieldbook.AccessQuery{AgentID: agent.ID, Limit: 10}); len(es) != 1 || es[0].UserID != sup.ID {
		t.Errorf("the access log after both copies: %+v", es)
	}
	if a := e.do("GET", "/api/privacy/requests/"+delID+"/copy", sup.access, nil); a.status != 400 {
		t.Errorf("a copy of a delete request: %d, want 400", a.status)
	}

	// A delete request waits for the agent's deletion.
	if a := e.do("POST", "/api/privacy/requests/"+delID+"/close", sup.access, map[string]any{"outcome": "done"}); a.status != 400 ||
		a.code() != "invalid" || !strings.Contains(string(a.raw), "not deleted") {
		t.Errorf("closing the delete request before the deletion: %d %s", a.status, a.raw)
	}
	if got := results(e.sync(agent, agent.change(fieldbook.Customers, me, map[string]any{fieldbook.FieldDeleted: true}))); len(got) != 1 || got[0] != "applied" {
		t.Fatalf("the deletion: %v", got)
	}
	done := e.must(200, "POST", "/api/privacy/requests/"+delID+"/close", sup.access, map[string]any{"outcome": "done", "note": "已删除"})
	if done.body["status"] != "closed" || done.body["outcome"] != "done" || done.body["closed_by"] != sup.ID || done.body["close_note"] != "已删除" {
		t.Errorf("the delete request done: %v", done.body)
	}
	if a := e.do("POST", "/api/privacy/requests/"+delID+"/close", admin.access, map[string]any{"outcome": "refused"}); a.status != 409 {
		t.Errorf("closing again: %d, want 409", a.status)
	}
	e.must(200, "POST", "/api/privacy/requests/"+copyID+"/close", admin.access, map[string]any{"outcome": "done"})
	if got := ids(e.must(200, "GET", "/api/privacy/requests?open=true", admin.access, nil)); len(got) != 0 {
		t.Errorf("open requests after both closed: %v", got)
	}
	if a := e.do("POST", "/api/privacy/requests/"+newID()+"/close", admin.access, map[string]any{"outcome": "done"}); a.status != 404 {
		t.Errorf("closing no request: %d, want 404", a.status)
	}
}
