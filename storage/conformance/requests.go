// Behaviours of the register of data subjects' requests and of a person's
// copy (Privacy): what is kept, in what order, the overdue flag, the close
// of a delete request that waits for the erasure, and the copy that holds
// one person's data alone, its access on record first.

package conformance

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"fieldbook"
)

// requestRegister: a request is kept with its due date (and after a
// restart); the list is filtered by agent, team and openness, open first
// by due time, overdue past it; a delete request is done only after the
// person's record is deleted; a closed request does not close again.
func requestRegister(t *testing.T, e *env) {
	w := e.world()
	d := e.device(w.agent)
	c1, p1 := newID(), newID()
	d.apply(d.change(fieldbook.Customers, c1, map[string]any{"name": "王先生"}), d.change(fieldbook.Prospects, p1, map[string]any{"name": "李女士"}))
	loc := mustZone(t, fieldbook.DefaultTimeZone)
	create := func(kind, subject, id string, received time.Time) fieldbook.PrivacyRequest {
		t.Helper()
		due, at := fieldbook.DueDate(received, loc)
		r, err := e.eng.CreateRequest(e.ctx, fieldbook.PrivacyRequest{Kind: kind, Subject: subject, SubjectID: id, AgentID: w.agent.ID,
			TeamID: w.team.ID, ReceivedAt: received, DueDate: due, DueAt: at, Note: "电话提出", CreatedBy: w.sup.ID})
		if err != nil {
			t.Fatalf("create a %s request: %v", kind, err)
		}
		return r
	}
	now := e.clock.now()
	late := create(fieldbook.RequestCopy, fieldbook.Prospects, p1, now.AddDate(0, 0, -30))
	del := create(fieldbook.RequestDelete, fieldbook.Customers, c1, now)
	if del.ID == "" || del.Status != fieldbook.RequestOpen || del.DueDate == "" || del.CreatedAt.IsZero() {
		t.Fatalf("the new request: %+v", del)
	}
	for _, bad := range []fieldbook.PrivacyRequest{
		{Kind: "erase", Subject: fieldbook.Customers, SubjectID: c1, AgentID: w.agent.ID, ReceivedAt: now, DueDate: del.DueDate, DueAt: del.DueAt, CreatedBy: w.sup.ID},
		{Kind: fieldbook.RequestCopy, Subject: fieldbook.Activities, SubjectID: c1, AgentID: w.agent.ID, ReceivedAt: now, DueDate: del.DueDate, DueAt: del.DueAt, CreatedBy: w.sup.ID},
		{Kind: fieldbook.RequestCopy, Subject: fieldbook.Customers, SubjectID: c1, AgentID: w.agent.ID, ReceivedAt: now, DueDate: del.DueDate, DueAt: del.DueAt, CreatedBy: w.sup.ID, Note: strings.Repeat("长", 501)},
		{Kind: fieldbook.RequestCopy, Subject: fieldbook.Customers, SubjectID: c1, AgentID: w.agent.ID, DueDate: del.DueDate, DueAt: del.DueAt, CreatedBy: w.sup.ID},
	} {
		if _, err := e.eng.CreateRequest(e.ctx, bad); codeOf(err) != fieldbook.CodeInvalid {
			t.Errorf("create %+v: %v, want %s", bad, err, fieldbook.CodeInvalid)
		}
	}
	if _, err := e.eng.CreateRequest(e.ctx, fieldbook.PrivacyRequest{Kind: fieldbook.RequestCopy, Subject: fieldbook.Customers, SubjectID: c1,
		AgentID: w.agent2.ID, ReceivedAt: now, DueDate: del.DueDate, DueAt: del.DueAt, CreatedBy: w.sup.ID}); codeOf(err) != fieldbook.CodeNotFound {
		t.Errorf("a request about another agent's customer: %v, want %s", err, fieldbook.CodeNotFound)
	}
	e.reopen()
	all, err := e.eng.Requests(e.ctx, fieldbook.RequestQuery{})
	if err != nil || len(all) != 2 || all[0].ID != late.ID || !all[0].Overdue || all[1].ID != del.ID || all[1].Overdue {
		t.Fatalf("the register after a restart, the overdue first: %+v, %v", all, err)
	}
	if _, err := e.eng.CloseRequest(e.ctx, del.ID, fieldbook.RequestClose{Outcome: fieldbook.RequestDone, By: w.sup.ID}); codeOf(err) != fieldbook.CodeInvalid {
		t.Errorf("a delete request done before the deletion: %v, want %s", err, fieldbook.CodeInvalid)
	}
	if _, err := e.eng.CloseRequest(e.ctx, late.ID, fieldbook.RequestClose{Outcome: "maybe", By: w.sup.ID}); codeOf(err) != fieldbook.CodeInvalid {
		t.Errorf("an unknown outcome: %v, want %s", err, fieldbook.CodeInvalid)
	}
	if _, err := e.eng.CloseRequest(e.ctx, newID(), fieldbook.RequestClose{Outcome: fieldbook.RequestDone, By: w.sup.ID}); codeOf(err) != fieldbook.CodeNotFound {
		t.Errorf("no such request: %v, want %s", err, fieldbook.CodeNotFound)
	}
	d.apply(d.change(fieldbook.Customers, c1, map[string]any{fieldbook.FieldDeleted: true}))
	closed, err := e.eng.CloseRequest(e.ctx, del.ID, fieldbook.RequestClose{Outcome: fieldbook.RequestDone, Note: "已删除", By: w.sup.ID})
	if err != nil || closed.Status != fieldbook.RequestClosed || closed.Outcome != fieldbook.RequestDone || closed.ClosedAt == nil || closed.ClosedBy != w.sup.ID {
		t.Fatalf("the delete request done after the deletion: %+v, %v", closed, err)
	}
	if _, err := e.eng.CloseRequest(e.ctx, del.ID, fieldbook.RequestClose{Outcome: fieldbook.RequestRefused, By: w.sup.ID}); codeOf(err) != fieldbook.CodeConflict {
		t.Errorf("closing again: %v, want %s", err, fieldbook.CodeConflict)
	}
	if got, found, err := e.eng.Request(e.ctx, del.ID); err != nil || !found || got.Status != fieldbook.RequestClosed || got.CloseNote != "已删除" {
		t.Errorf("the closed request: %+v, %v, %v", got, found, err)
	}
	for _, tt := range []struct {
		what string
		q    fieldbook.RequestQuery
		want int
	}{
		{"open", fieldbook.RequestQuery{OpenOnly: true}, 1},
		{"of the agent", fieldbook.RequestQuery{AgentID: w.agent.ID}, 2},
		{"of the team mate", fieldbook.RequestQuery{AgentID: w.agent2.ID}, 0},
		{"of the team", fieldbook.RequestQuery{TeamID: w.team.ID}, 2},
		{"of the other team", fieldbook.RequestQuery{TeamID: w.team2.ID}, 0},
	} {
		if got, err := e.eng.Requests(e.ctx, tt.q); err != nil || len(got) != tt.want {
			t.Errorf("%s: %d requests (%v), want %d", tt.what, len(got), err, tt.want)
		}
	}
	if got, _ := e.eng.Requests(e.ctx, fieldbook.RequestQuery{}); len(got) != 2 || got[0].ID != late.ID || got[1].ID != del.ID || got[1].Overdue {
		t.Errorf("the open request before the closed one: %+v", got)
	}
}

// personCopy: the copy holds the person's record, their consent events
// and the activities naming them — nothing of another person — and, when
// someone but the owner asks, its access is in the log when it returns.
func personCopy(t *testing.T, e *env) {
	w := e.world()
	d := e.device(w.agent)
	me, other := newID(), newID()
	now := e.clock.now()
	consent := d.consent(fieldbook.Customers, me, fieldbook.GroupContact, fieldbook.ConsentGiven, now.Add(-time.Hour))
	at := now.Add(-time.Hour).Format(time.RFC3339)
	visit, call := newID(), newID()
	d.apply(consent, d.consent(fieldbook.Customers, other, fieldbook.GroupContact, fieldbook.ConsentGiven, now.Add(-time.Hour)),
		d.change(fieldbook.Customers, me, map[string]any{"name": "王先生", "phone": "13800138000"}),
		d.change(fieldbook.Customers, other, map[string]any{"name": "赵女士"}),
		d.change(fieldbook.Activities, visit, map[string]any{"kind": "visit", "occurred_at": at, "customer_id": me, "outcome": "同意下周见面", "next_step": "带上方案"}),
		d.change(fieldbook.Activities, call, map[string]any{"kind": "call", "occurred_at": at, "customer_id": other, "outcome": "赵女士不在"}))
	entry := fieldbook.AccessEntry{UserID: w.sup.ID, Username: w.sup.Username, Role: w.sup.Role, AgentID: w.agent.ID, TeamID: w.team.ID, File: me, Purpose: "个人信息副本请求"}
	got, err := e.eng.PersonData(e.ctx, entry, fieldbook.Customers)
	if err != nil {
		t.Fatalf("the supervisor's copy: %v", err)
	}
	es, err := e.eng.AccessLog(e.ctx, fieldbook.AccessQuery{AgentID: w.agent.ID, Limit: 10})
	if err != nil || len(es) != 1 || es[0].File != me || es[0].Purpose != "个人信息副本请求" {
		t.Errorf("the access log when the copy returned: %+v, %v", es, err)
	}
	var f map[string]any
	if err := json.Unmarshal(got.Fields, &f); err != nil || f["name"] != "王先生" || f["phone"] != "13800138000" {
		t.Errorf("the copy's fields: %s, %v", got.Fields, err)
	}
	if len(got.Consents) != 1 || !strings.Contains(string(got.Consents[0]), me) {
		t.Errorf("the copy's consents: %s", got.Consents)
	}
	if len(got.Activities) != 1 || got.Activities[0].ID != visit || got.Activities[0].Kind != "visit" || string(got.Activities[0].Outcome) != `"同意下周见面"` {
		t.Errorf("the copy's activities: %+v", got.Activities)
	}
	all, _ := json.Marshal(got)
	if strings.Contains(string(all), "赵女士") || strings.Contains(string(all), other) {
		t.Errorf("the copy holds another person: %s", all)
	}
	own := entry
	own.UserID, own.Purpose = w.agent.ID, ""
	if _, err := e.eng.PersonData(e.ctx, own, fieldbook.Customers); err != nil {
		t.Errorf("the agent's own copy: %v", err)
	}
	if _, err := e.eng.PersonData(e.ctx, entry, fieldbook.Prospects); codeOf(err) != fieldbook.CodeNotFound {
		t.Errorf("a copy of a prospect that is not: %v, want %s", err, fieldbook.CodeNotFound)
	}
	if es, _ := e.eng.AccessLog(e.ctx, fieldbook.AccessQuery{AgentID: w.agent.ID, Limit: 10}); len(es) != 2 {
		t.Errorf("the log holds %d entries, want the supervisor's two (the owner's own unrecorded)", len(es))
	}
}
