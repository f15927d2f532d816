package server

// The departure workflow over HTTP (docs/api.md "Privacy"): an admin hands
// an agent's people to a colleague; the agent's phone may then only sync,
// which takes its last changes and answers "departed"; the policyholders'
// list is on the access log before it is sent.

import (
	"strings"
	"testing"

	"fieldbook"
)

func TestDeparture(t *testing.T) {
	e := newEnv(t)
	c := e.crew()
	agent, mate, sup, admin := c.agent, c.mate, c.sup, c.admin
	holder, deal := newID(), newID()
	at := e.clock.now().Add(-2 * 3600e9).Format("2006-01-02T15:04:05Z07:00")
	changes := append(agent.consents(fieldbook.Customers, holder, fieldbook.GroupContact),
		agent.change(fieldbook.Customers, holder, map[string]any{"name": "王先生", "phone": "13800138000"}),
		agent.change(fieldbook.Activities, deal, map[string]any{"kind": "deal", "occurred_at": at, "customer_id": holder, "premium": 12000}))
	for i, r := range results(e.sync(agent, changes...)) {
		if r != "applied" {
			t.Fatalf("change %d: %s", i, r)
		}
	}

	for _, tt := range []struct {
		what, token, path string
		body              any
		status            int
		code              string
	}{
		{"a supervisor", sup.access, "/api/admin/users/" + agent.ID + "/depart", map[string]any{"heir_id": mate.ID}, 403, "forbidden"},
		{"no heir", admin.access, "/api/admin/users/" + agent.ID + "/depart", map[string]any{}, 400, "invalid"},
		{"a supervisor as heir", admin.access, "/api/admin/users/" + agent.ID + "/depart", map[string]any{"heir_id": sup.ID}, 400, "invalid"},
		{"an unknown user", admin.access, "/api/admin/users/" + newID() + "/depart", map[string]any{"heir_id": mate.ID}, 404, "not_found"},
		{"the list before a departure", admin.access, "/api/admin/users/" + agent.ID + "/policyholders", nil, 404, "not_found"},
	} {
		method := "POST"
		if tt.body == nil {
			method = "GET"
		}
		if a := e.do(method, tt.path, tt.token, tt.body); a.status != tt.status || a.code() != tt.code {
			t.Errorf("%s: %d %s, want %d %s", tt.what, a.status, a.raw, tt.status, tt.code)
		}
	}

	left := e.must(200, "POST", "/api/admin/users/"+agent.ID+"/depart", admin.access, map[string]any{"heir_id": mate.ID})
	u, _ := left.body["user"].(map[string]any)
	if u["disabled"] != true || u["heir_id"] != mate.ID || u["left_at"] == nil || len(left.body["notify_by"].(string)) != 10 {
		t.Fatalf("the departure: %s", left.raw)
	}
	if a := e.do("POST", "/api/admin/users/"+agent.ID+"/depart", admin.access, map[string]any{"heir_id": mate.ID}); a.status != 409 {
		t.Errorf("a second departure: %d %s", a.status, a.raw)
	}

	// The departed phone: every endpoint but sync and its long-poll refused.
	if a := e.do("GET", "/api/me", agent.access, nil); a.status != 401 {
		t.Errorf("the departed agent's /api/me: %d %s, want 401", a.status, a.raw)
	}
	if a := e.do("GET", "/api/changes?cursor="+agent.cursor+"&wait=25", agent.access, nil); a.status != 200 || a.body["changed"] != true {
		t.Errorf("the departed agent's long-poll: %d %s, want changed at once", a.status, a.raw)
	}
	last := e.sync(agent, agent.change(fieldbook.Customers, holder, map[string]any{"notes": "已转交同事"}))
	if r := results(last); len(r) != 1 || r[0] != "applied" || last.body["reset"] != true || last.body["reset_reason"] != "departed" || len(last.body["records"].([]any)) != 0 {
		t.Errorf("the departed phone's last sync: %s", last.raw)
	}
	refreshed := e.must(200, "POST", "/api/auth/refresh", "", map[string]string{"refresh_token": agent.refresh})
	if refreshed.body["access_token"] == nil {
		t.Errorf("the departed agent's refresh within the handover window: %s", refreshed.raw)
	}

	files := e.pullAll(mate)
	got := files["customers/"+holder]
	if got["owner_id"] != mate.ID || got["handed_from"] != agent.ID || got["notes"] != "已转交同事" {
		t.Errorf("the heir's customer: %v", got)
	}

	// The list, as JSON and as a spreadsheet, each on the access log.
	list := e.must(200, "GET", "/api/admin/users/"+agent.ID+"/policyholders", admin.access, nil)
	ph, _ := list.body["policyholders"].([]any)
	if len(ph) != 1 || ph[0].(map[string]any)["name"] != "王先生" || ph[0].(map[string]any)["phone"] != "13800138000" {
		t.Errorf("the policyholders: %s", list.raw)
	}
	x := e.must(200, "GET", "/api/admin/users/"+agent.ID+"/policyholders?format=csv", admin.access, nil)
	if !strings.Contains(string(x.raw), "王先生") || !strings.Contains(x.header.Get("Content-Disposition"), "attachment") {
		t.Errorf("the policyholders as CSV: %s %s", x.header, x.raw)
	}
	log := e.must(200, "GET", "/api/access-log", mate.access, nil)
	if es, _ := log.body["entries"].([]any); len(es) != 2 || es[0].(map[string]any)["purpose"] != departurePurpose {
		t.Errorf("the heir's access log: %s", log.raw)
	}
	audit := e.must(200, "GET", "/api/admin/audit", admin.access, nil)
	if !strings.Contains(string(audit.raw), `"admin.depart"`) || !strings.Contains(string(audit.raw), `"export.policyholders.csv"`) {
		t.Errorf("the audit log: %s", audit.raw)
	}
}
