package server

// The access log over HTTP (docs/api.md "Privacy"): a supervisor's or an
// admin's opening of an agent's customer files is on the record before the
// files are sent; agents see who opened theirs and nobody else's; a burst
// of openings raises an alert on the team review.

import (
	"context"
	"fmt"
	"net/url"
	"testing"
	"time"

	"fieldbook"
)

// recordedFirst wraps the Privacy service: when OpenFiles returns, before
// the handler sends a byte, it reads the access log from the store and
// remembers, for each opening it let through, whether the entry is there.
type recordedFirst struct {
	fieldbook.Privacy
	seen []bool
}

func (r *recordedFirst) OpenFiles(ctx context.Context, e fieldbook.AccessEntry) ([]fieldbook.RawRecord, error) {
	recs, err := r.Privacy.OpenFiles(ctx, e)
	if err != nil || e.UserID == e.AgentID {
		return recs, err
	}
	es, lerr := r.Privacy.AccessLog(ctx, fieldbook.AccessQuery{AgentID: e.AgentID, UserID: e.UserID, Limit: 1})
	r.seen = append(r.seen, lerr == nil && len(es) == 1 && es[0].Purpose == e.Purpose && es[0].File == e.File)
	return recs, err
}

func filesPath(agent, purpose, id string) string {
	q := url.Values{"agent_id": {agent}}
	if purpose != "" {
		q.Set("purpose", purpose)
	}
	if id != "" {
		q.Set("id", id)
	}
	return "/api/files?" + q.Encode()
}

func accessEntries(t *testing.T, a answer) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, e := range a.body["entries"].([]any) {
		out = append(out, e.(map[string]any))
	}
	return out
}

func TestFilesAreOpenedOnTheRecord(t *testing.T) {
	rec := &recordedFirst{}
	e := newEnvAt(t, t.TempDir(), func(cfg *Config) { rec.Privacy = cfg.Stores.Privacy; cfg.Stores.Privacy = rec })
	c := e.crew()
	tm, agent, mate, sup, sup2, admin := c.tm, c.agent, c.mate, c.sup, c.sup2, c.admin
	c1, c2 := newID(), newID()
	if got := results(e.sync(agent, agent.change(fieldbook.Customers, c1, map[string]any{"name": "王先生", "age": 40}),
		agent.change(fieldbook.Customers, c2, map[string]any{"name": "李女士"}))); len(got) != 2 || got[0] != "applied" || got[1] != "applied" {
		t.Fatalf("the agent's customers: %v", got)
	}
	if f := e.pullAll(sup); f["customers/"+c1] != nil || f["customers/"+c2] != nil {
		t.Fatal("the supervisor's pull brings the customer files")
	}

	for _, tt := range []struct {
		who     *person
		path    string
		status  int
		code    string
		purpose string
	}{
		{sup, filesPath(agent.ID, "", ""), 400, "invalid", "no purpose"},
		{sup, filesPath(agent.ID, "x", ""), 400, "invalid", "a purpose of one character"},
		{sup2, filesPath(agent.ID, "辅导面谈准备", ""), 404, "not_found", "another team's supervisor"},
		{mate, filesPath(agent.ID, "辅导面谈准备", ""), 403, "forbidden", "a team mate"},
		{sup, filesPath(agent.ID, "辅导面谈准备", "not-an-id"), 400, "invalid", "a malformed id"},
	} {
		if a := e.do("GET", tt.path, tt.who.access, nil); a.status != tt.status || a.code() != tt.code {
			t.Errorf("%s: %d %s, want %d %s", tt.purpose, a.status, a.code(), tt.status, tt.code)
		}
	}
	if es, err := e.st.AccessLog(bg(), fieldbook.AccessQuery{Limit: 10}); err != nil || len(es) != 0 {
		t.Fatalf("refused requests left %d entries (%v), want none", len(es), err)
	}

	before := e.clock.now()
	a := e.must(200, "GET", filesPath(agent.ID, "辅导面谈准备", ""), sup.access, nil)
	after := e.clock.now()
	if a.header.Get("Cache-Control") != "no-store" {
		t.Errorf("the files' answer is cached: %q", a.header.Get("Cache-Control"))
	}
	names := map[string]any{}
	for _, r := range a.body["files"].([]any) {
		m := r.(map[string]any)
		if m["collection"] != fieldbook.Customers {
			t.Errorf("a file of collection %v", m["collection"])
		}
		names[m["id"].(string)] = m["fields"].(map[string]any)["name"]
	}
	if len(names) != 2 || names[c1] != "王先生" || names[c2] != "李女士" {
		t.Fatalf("the supervisor's files: %v", names)
	}
	if len(rec.seen) != 1 || !rec.seen[0] {
		t.Fatalf("the access was not in the log before the answer: %v", rec.seen)
	}
	es, err := e.st.AccessLog(bg(), fieldbook.AccessQuery{AgentID: agent.ID, Limit: 10})
	if err != nil || len(es) != 1 {
		t.Fatalf("the access log after the opening: %v, %v", es, err)
	}
	if x := es[0]; x.UserID != sup.ID || x.Username != "zhou" || x.Role != fieldbook.RoleSupervisor || x.AgentID != agent.ID || x.TeamID != tm.ID ||
		x.File != fieldbook.AllFiles || x.Purpose != "辅导面谈准备" || x.At.Before(before.Add(-time.Millisecond)) || x.At.After(after) {
		t.Errorf("the entry: %+v (the request ran from %s to %s)", x, before, after)
	}

	one := e.must(200, "GET", filesPath(agent.ID, "客户投诉处理", c2), sup.access, nil)
	if fs := one.body["files"].([]any); len(fs) != 1 || fs[0].(map[string]any)["id"] != c2 {
		t.Fatalf("one file: %v", fs)
	}
	if a := e.do("GET", filesPath(agent.ID, "审核活动记录", newID()), admin.access, nil); a.status != 404 {
		t.Fatalf("a file the agent does not have: %d", a.status)
	}
	// The agent opens their own, unrecorded.
	own := e.must(200, "GET", "/api/files", agent.access, nil)
	if fs := own.body["files"].([]any); len(fs) != 2 {
		t.Fatalf("the agent's own files: %d", len(fs))
	}

	// The entries outlive a restart: they were on disk before the answers.
	e.restart()
	e.login(agent)
	e.login(mate)
	e.login(sup)
	e.login(admin)

	mine := accessEntries(t, e.must(200, "GET", "/api/access-log", agent.access, nil))
	if len(mine) != 3 || mine[0]["username"] != "boss" || mine[1]["file"] != c2 || mine[2]["file"] != "all" || mine[2]["purpose"] != "辅导面谈准备" {
		t.Fatalf("the agent's access log, newest first: %v", mine)
	}
	if got := accessEntries(t, e.must(200, "GET", "/api/access-log", mate.access, nil)); len(got) != 0 {
		t.Errorf("the team mate sees %d entries of their own, want none", len(got))
	}
	for _, p := range []string{"?agent_id=" + agent.ID, "?user_id=" + sup.ID} {
		if a := e.do("GET", "/api/access-log"+p, mate.access, nil); a.status != 403 {
			t.Errorf("a team mate asking for %s: %d, want 403", p, a.status)
		}
	}
	if got := accessEntries(t, e.must(200, "GET", "/api/access-log", sup.access, nil)); len(got) != 2 || got[0]["user_id"] != sup.ID || got[1]["user_id"] != sup.ID {
		t.Errorf("the supervisor's own openings: %v", got)
	}
	if a := e.do("GET", "/api/access-log?user_id="+admin.ID, sup.access, nil); a.status != 403 {
		t.Errorf("a supervisor asking for the admin's openings: %d, want 403", a.status)
	}
	if got := accessEntries(t, e.must(200, "GET", "/api/access-log", admin.access, nil)); len(got) != 3 {
		t.Errorf("the admin sees %d entries, want every one, 3", len(got))
	}
	if got := accessEntries(t, e.must(200, "GET", "/api/access-log?limit=1&user_id="+sup.ID, admin.access, nil)); len(got) != 1 || got[0]["file"] != c2 {
		t.Errorf("the admin's newest entry of the supervisor: %v", got)
	}
	if got := accessEntries(t, e.must(200, "GET", "/api/access-log?agent_id="+mate.ID, admin.access, nil)); len(got) != 0 {
		t.Errorf("the admin's entries about the team mate: %v", got)
	}
	if a := e.do("GET", "/api/access-log?limit=0", admin.access, nil); a.status != 400 {
		t.Errorf("limit 0: %d, want 400", a.status)
	}
}

func TestABurstOfOpeningsRaisesAnAlert(t *testing.T) {
	e := newEnv(t)
	tm, tm2 := e.team("一队"), e.team("二队")
	agent := e.person("li", fieldbook.RoleAgent, tm.ID)
	sup := e.person("zhou", fieldbook.RoleSupervisor, tm.ID)
	admin := e.person("boss", fieldbook.RoleAdmin, "")
	alerts := func(who *person, team string) []any {
		t.Helper()
		a := e.must(200, "GET", "/api/reviews/team?team_id="+team, who.access, nil)
		return a.body["access_alerts"].([]any)
	}
	for i := range burstOpenings {
		e.must(200, "GET", filesPath(agent.ID, fmt.Sprintf("辅导面谈准备 %d", i+1), ""), sup.access, nil)
	}
	if got := alerts(sup, tm.ID); len(got) != 0 {
		t.Fatalf("after %d openings: alerts %v, want none", burstOpenings, got)
	}
	e.must(200, "GET", filesPath(agent.ID, "再看一次", ""), sup.access, nil)
	got := alerts(admin, tm.ID)
	if len(got) != 1 {
		t.Fatalf("after %d openings: alerts %v, want one", burstOpenings+1, got)
	}
	if a := got[0].(map[string]any); a["username"] != "zhou" || a["openings"] != float64(burstOpenings+1) || a["agents"] != float64(1) {
		t.Errorf("the alert: %v", a)
	}
	if got := alerts(admin, tm2.ID); len(got) != 0 {
		t.Errorf("another team's review: alerts %v", got)
	}
	// An hour later the burst is over.
	e.clock.advance(burstWindow + time.Minute)
	e.login(sup)
	if got := alerts(sup, tm.ID); len(got) != 0 {
		t.Errorf("an hour later: alerts %v, want none", got)
	}
}
