package server

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"time"

	"fieldbook"
	"fieldbook/spreadsheet/spreadsheettest"
)

// Consent and withdrawal over HTTP: a phone number needs the person's
// contact consent; withdrawing it clears the number for the agent's other
// phone, and stops further writes; the supervisor receives none of it.
func TestConsentAndWithdrawalOverHTTP(t *testing.T) {
	e := newEnv(t)
	tm := e.team("一队")
	agent := e.person("li", fieldbook.RoleAgent, tm.ID)
	sup := e.person("zhou", fieldbook.RoleSupervisor, tm.ID)
	id := newID()
	if got := results(e.sync(agent, agent.change(fieldbook.Customers, id, map[string]any{"name": "王先生", "phone": "13800138000"}))); !slices.Equal(got, []string{"rejected:consent_required"}) {
		t.Fatalf("a phone without consent: %v", got)
	}
	changes := append(agent.consents(fieldbook.Customers, id, fieldbook.GroupContact),
		agent.change(fieldbook.Customers, id, map[string]any{"name": "王先生", "phone": "13800138000"}))
	if got := results(e.sync(agent, changes...)); !slices.Equal(got, []string{"applied", "applied"}) {
		t.Fatalf("consent, then the phone: %v", got)
	}
	second := &person{User: agent.User, access: agent.access, client: agent.client + "-second", clock: agent.clock}
	if got := e.pullAll(second)["customers/"+id]["phone"]; got != "13800138000" {
		t.Fatalf("the agent's second phone sees phone %v", got)
	}
	withdraw := agent.change(fieldbook.Consents, newID(), map[string]any{"subject": "customers", "subject_id": id, "group": "contact",
		"action": "withdrawn", "method": "paper", "at": agent.clock.Now().Time().Format("2006-01-02T15:04:05Z07:00")})
	if got := results(e.sync(agent, withdraw)); !slices.Equal(got, []string{"applied"}) {
		t.Fatalf("the withdrawal: %v", got)
	}
	if e.pullAll(sup)["customers/"+id] != nil {
		t.Error("the supervisor receives the customer by sync")
	}
	for _, p := range []*person{second, agent} {
		f := e.pullAll(p)["customers/"+id]
		if v, ok := f["phone"]; !ok || v != nil || f["name"] != "王先生" {
			t.Errorf("%s after the withdrawal: phone %v (present %v), name %v", p.Username, v, ok, f["name"])
		}
	}
	if got := results(e.sync(agent, agent.change(fieldbook.Customers, id, map[string]any{"phone": "13900139000"}))); !slices.Equal(got, []string{"rejected:consent_required"}) {
		t.Fatalf("a phone after the withdrawal: %v", got)
	}
}

// An erased person is gone from every pull and from a backup taken after
// the erasure, and the score of the day stays.
func TestAnErasedPersonIsGoneFromPullsAndBackups(t *testing.T) {
	e := newEnv(t)
	tm := e.team("一队")
	agent := e.person("li", fieldbook.RoleAgent, tm.ID)
	sup := e.person("zhou", fieldbook.RoleSupervisor, tm.ID)
	admin := e.person("boss", fieldbook.RoleAdmin, "")
	const name, spouse, secret = "欧阳修远", "司马静怡", "偏爱打羽毛球的客户"
	id := newID()
	changes := agent.consents(fieldbook.Customers, id)
	changes = append(changes, agent.change(fieldbook.Customers, id, map[string]any{"name": name, "phone": "13800138000", "spouse": spouse,
		"children": []map[string]any{{"name": "小" + name, "age": 6}}, "needs": []string{"health"}, "income_band": "300k_1m", "notes": secret}),
		agent.change(fieldbook.Activities, newID(), map[string]any{"kind": "visit", "occurred_at": e.clock.now().Format("2006-01-02T15:04:05Z07:00"),
			"customer_id": id, "outcome": "和" + name + "谈了重疾险", "next_step": "给" + spouse + "打电话"}))
	for i, r := range results(e.sync(agent, changes...)) {
		if r != "applied" {
			t.Fatalf("change %d: %s", i+1, r)
		}
	}
	before := e.must(200, "GET", "/api/admin/backup", admin.access, nil).raw
	if !bytes.Contains(before, []byte(name)) {
		t.Fatal("the backup before the erasure does not hold the name: the test cannot tell an erasure")
	}
	if got := results(e.sync(agent, agent.change(fieldbook.Customers, id, map[string]any{"_deleted": true}))); !slices.Equal(got, []string{"applied"}) {
		t.Fatalf("the deletion: %v", got)
	}
	for _, p := range []*person{agent, sup, admin} {
		p.client = p.client + "-after"
		for key, f := range e.pullAll(p) {
			for k, v := range f {
				if s, ok := v.(string); ok && (strings.Contains(s, name) || strings.Contains(s, spouse) || strings.Contains(s, secret) || s == "王芳") {
					t.Errorf("%s still pulls %s of %s: %q", p.Username, k, key, s)
				}
			}
		}
	}
	after := e.must(200, "GET", "/api/admin/backup", admin.access, nil).raw
	for _, s := range []string{name, spouse, secret, "13800138000", "王芳"} {
		if bytes.Contains(after, []byte(s)) {
			t.Errorf("a backup taken after the erasure holds %q", s)
		}
	}
}

func TestNoticesAndTheRecordOfProcessing(t *testing.T) {
	e := newEnv(t)
	tm := e.team("一队")
	agent := e.person("li", fieldbook.RoleAgent, tm.ID)
	admin := e.person("boss", fieldbook.RoleAdmin, "")
	if a := e.must(200, "GET", "/api/privacy/notices", agent.access, nil); len(a.body["notices"].([]any)) != 0 {
		t.Fatalf("notices of a new store: %s", a.raw)
	}
	e.must(403, "POST", "/api/admin/privacy/notices", agent.access, map[string]any{"version": "2026-01", "text": "x"})
	e.must(400, "POST", "/api/admin/privacy/notices", admin.access, map[string]any{"version": "", "text": "x"})
	e.must(201, "POST", "/api/admin/privacy/notices", admin.access, map[string]any{"version": "2026-01", "text": "我们为需求分析收集……"})
	e.must(409, "POST", "/api/admin/privacy/notices", admin.access, map[string]any{"version": "2026-01", "text": "again"})
	e.must(201, "POST", "/api/admin/privacy/notices", admin.access, map[string]any{"version": "2026-02", "text": "新版"})
	var versions []string
	for _, n := range e.must(200, "GET", "/api/privacy/notices", agent.access, nil).body["notices"].([]any) {
		versions = append(versions, n.(map[string]any)["version"].(string))
	}
	if !slices.Equal(versions, []string{"2026-01", "2026-02"}) {
		t.Fatalf("notices %v, want oldest first", versions)
	}

	e.must(403, "GET", "/api/admin/privacy/processing-record?format=csv", agent.access, nil)
	rows := spreadsheettest.ReadCSV(t, e.must(200, "GET", "/api/admin/privacy/processing-record?format=csv", admin.access, nil).raw)
	find := func(collection, field string) []string {
		for _, r := range rows {
			if len(r) > 2 && strings.Contains(r[0], "("+collection+")") && r[1] == field {
				return r
			}
		}
		t.Fatalf("the record of processing has no row for %s.%s", collection, field)
		return nil
	}
	if r := find("customers", "needs"); r[2] != "敏感个人信息" || r[3] != "健康需求" || !strings.Contains(r[4], "需求分析") || !strings.Contains(r[5], "单独同意") {
		t.Errorf("customers.needs: %v", r)
	}
	if r := find("prospects", "phone"); r[2] != "一般个人信息" || r[3] != "联系方式" {
		t.Errorf("prospects.phone: %v", r)
	}
	if r := find("customers", "name"); r[3] != "—" {
		t.Errorf("customers.name: %v", r)
	}
	xlsx := e.must(200, "GET", "/api/admin/privacy/processing-record?format=xlsx", admin.access, nil).raw
	spreadsheettest.SameCells(t, "processing record", xlsx, rows)
	var actions []string
	for _, en := range e.must(200, "GET", "/api/admin/audit", admin.access, nil).body["entries"].([]any) {
		actions = append(actions, en.(map[string]any)["action"].(string))
	}
	if !slices.Contains(actions, "export.processing-record.csv") {
		t.Errorf("the audit log %v has no export of the record of processing", actions)
	}
}

// Which files lack what names customers: the agent's own review lists
// them, a supervisor's view of the agent counts them only.
func TestFileGapsAreTheAgentsAlone(t *testing.T) {
	e := newEnv(t)
	tm := e.team("一队")
	agent := e.person("li", fieldbook.RoleAgent, tm.ID)
	sup := e.person("zhou", fieldbook.RoleSupervisor, tm.ID)
	e.sync(agent, agent.change(fieldbook.Customers, newID(), map[string]any{"name": "欧阳修远"}))
	loc, _ := time.LoadLocation(fieldbook.DefaultTimeZone)
	month := e.clock.now().In(loc).Format("2006-01")
	files := func(p *person, q string) map[string]any {
		a := e.must(200, "GET", "/api/reviews/agent?month="+month+q, p.access, nil)
		return a.body["review"].(map[string]any)["completeness"].(map[string]any)
	}
	own := files(agent, "")
	gaps, _ := own["gaps"].([]any)
	if len(gaps) != 1 || gaps[0].(map[string]any)["name"] != "欧阳修远" {
		t.Fatalf("the agent's own review lists gaps %v", own["gaps"])
	}
	theirs := files(sup, "&agent_id="+agent.ID)
	if g, ok := theirs["gaps"]; ok && len(g.([]any)) > 0 {
		t.Errorf("the supervisor's view names the files: %v", g)
	}
	if theirs["total"] != own["total"] {
		t.Errorf("the supervisor counts %v files, the agent %v", theirs["total"], own["total"])
	}
}
