package server

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"fieldbook"
)

// outbox is the file a phone of p saves with changes, as the app writes it.
func outbox(p *person, changes ...map[string]any) map[string]any {
	if changes == nil {
		changes = []map[string]any{}
	}
	return map[string]any{"format": "fieldbook-outbox", "version": 1, "exported_at": "2026-12-07T08:00:00.000Z",
		"client_id": p.client, "user": map[string]any{"id": p.ID, "username": p.Username, "name": p.Name}, "changes": changes}
}

// TestOutboxImportTwiceChangesNothing: an admin imports the file of unsent
// changes a phone saved; the changes are applied as that user's sync would
// apply them (a rejected one with its code), the records reach the user and
// the supervisor; importing the same file again answers every change
// duplicate and writes nothing; and the phone, sending the same changes
// afterwards, is told duplicate too.
func TestOutboxImportTwiceChangesNothing(t *testing.T) {
	e := newEnv(t)
	team := e.team("一队")
	admin := e.person("boss", fieldbook.RoleAdmin, "")
	agent := e.person("lina", fieldbook.RoleAgent, team.ID)
	sup := e.person("zhou", fieldbook.RoleSupervisor, team.ID)
	first, second := newID(), newID()
	changes := []map[string]any{
		agent.change(fieldbook.Prospects, first, map[string]any{"name": "王先生"}),
		agent.change(fieldbook.Activities, second, map[string]any{"kind": "call", "occurred_at": e.clock.now().Format("2006-01-02T15:04:05Z07:00"), "prospect_id": first}),
		agent.change(fieldbook.Activities, newID(), map[string]any{"kind": "call", "occurred_at": e.clock.now().Format("2006-01-02T15:04:05Z07:00"), "premium": 100}),
	}
	file := outbox(agent, changes...)

	got := e.must(200, "POST", "/api/admin/outbox-import", admin.access, file)
	if got.body["applied"] != float64(2) || got.body["duplicates"] != float64(0) || got.body["rejected"] != float64(1) || got.body["changes"] != float64(3) {
		t.Fatalf("first import: %s", got.raw)
	}
	if r := results(got); !slices.Equal(r, []string{"applied", "applied", "rejected:invalid"}) {
		t.Fatalf("first import's results: %v", r)
	}
	held := e.pullAll(sup)
	if held["activities/"+second]["owner_id"] != agent.ID || held["activities/"+second]["prospect_id"] != first {
		t.Fatalf("the supervisor pulls the imported activity as %v", held["activities/"+second])
	}
	before := e.pullAll(agent)

	again := e.must(200, "POST", "/api/admin/outbox-import", admin.access, file)
	if again.body["applied"] != float64(0) || again.body["duplicates"] != float64(2) || again.body["rejected"] != float64(1) {
		t.Fatalf("second import: %s", again.raw)
	}
	if r := results(again); !slices.Equal(r, []string{"duplicate", "duplicate", "rejected:invalid"}) {
		t.Fatalf("second import's results: %v (a rejection is answered again, as a sync is)", r)
	}
	if after := e.pullAll(agent); fmt.Sprint(after) != fmt.Sprint(before) {
		t.Errorf("the second import changed what the agent holds:\n%v\n%v", before, after)
	}
	// The phone comes back and sends its outbox: nothing is applied twice.
	if r := results(e.sync(agent, changes...)); !slices.Equal(r, []string{"duplicate", "duplicate", "rejected:invalid"}) {
		t.Errorf("the phone's own send after the import: %v", r)
	}
	if n := strings.Count(string(e.must(200, "GET", "/api/admin/audit", admin.access, nil).raw), "admin.outbox-import"); n != 2 {
		t.Errorf("%d imports in the audit log, want 2", n)
	}
}

// TestOutboxImportRefusals: the file's form, its user and its client are
// checked before anything is applied.
func TestOutboxImportRefusals(t *testing.T) {
	e := newEnv(t)
	team := e.team("一队")
	admin := e.person("boss", fieldbook.RoleAdmin, "")
	agent := e.person("lina", fieldbook.RoleAgent, team.ID)
	other := e.person("ma", fieldbook.RoleAgent, team.ID)
	e.sync(other) // other's installation is bound to other

	ok := outbox(agent, agent.change(fieldbook.Prospects, newID(), map[string]any{"name": "李"}))
	with := func(change func(m map[string]any)) map[string]any {
		m := map[string]any{}
		for k, v := range ok {
			m[k] = v
		}
		change(m)
		return m
	}
	for _, tt := range []struct {
		what   string
		body   map[string]any
		status int
		code   string
	}{
		{"another format", with(func(m map[string]any) { m["format"] = "csv" }), 400, fieldbook.CodeMalformed},
		{"another version", with(func(m map[string]any) { m["version"] = 9 }), 400, fieldbook.CodeMalformed},
		{"an unknown field", with(func(m map[string]any) { m["extra"] = 1 }), 400, fieldbook.CodeMalformed},
		{"a bad client_id", with(func(m map[string]any) { m["client_id"] = "no spaces allowed" }), 400, fieldbook.CodeMalformed},
		{"changes not a list", with(func(m map[string]any) { m["changes"] = map[string]any{} }), 400, fieldbook.CodeMalformed},
		{"an unknown user", with(func(m map[string]any) { m["user"] = map[string]any{"id": newID(), "username": "ghost"} }), 404, fieldbook.CodeNotFound},
		{"a username not the user's", with(func(m map[string]any) { m["user"] = map[string]any{"id": agent.ID, "username": "ma"} }), 400, fieldbook.CodeInvalid},
		{"another user's installation", with(func(m map[string]any) { m["client_id"] = other.client }), 403, fieldbook.CodeForbidden},
		{"a gap before the first seq", outbox(agent, map[string]any{"seq": 5, "collection": "prospects", "id": newID(), "hlc": string(agent.clock.Now()), "fields": map[string]any{"name": "x"}}), 409, fieldbook.CodeSeqGap},
	} {
		if a := e.must(tt.status, "POST", "/api/admin/outbox-import", admin.access, tt.body); a.code() != tt.code {
			t.Errorf("%s: %s, want %s", tt.what, a.raw, tt.code)
		}
	}
	e.must(403, "POST", "/api/admin/outbox-import", agent.access, ok)
	if got := e.must(200, "POST", "/api/admin/outbox-import", admin.access, outbox(agent)); got.body["changes"] != float64(0) {
		t.Errorf("an empty file: %s", got.raw)
	}
	off := true
	e.must(200, "PATCH", "/api/admin/users/"+agent.ID, admin.access, map[string]any{"disabled": off})
	if a := e.must(409, "POST", "/api/admin/outbox-import", admin.access, ok); a.code() != fieldbook.CodeConflict {
		t.Errorf("a disabled user's file: %s", a.raw)
	}
}
