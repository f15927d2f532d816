// The departure of an agent (fieldbook.Directory.Depart): their people go
// to a colleague, their phones hand over what they still hold, and the
// policyholders to tell are listed (fieldbook.Privacy.Policyholders).

package conformance

import (
	"errors"
	"testing"
	"time"

	"fieldbook"
	"fieldbook/scoring"
)

// departure: the departed agent's customers, prospects and consents reach
// the heir's phone as the heir's, marked handed_from, with the consents in
// force (the heir writes a consented field); an erased person stays
// behind; the agent is disabled and left, their pull answers
// ResetDeparted with no records, WaitForChanges answers at once, and
// within the handover window their refresh works and their phone's last
// changes apply — a person's for the heir, an activity as the agent's
// own; the open requests about their people become the heir's; after it, the sessions are signed out and syncs refused. The
// policyholders are the handed customers the agent closed a deal with.
// Enabling the agent again ends the departure. Depart refuses an unknown
// user, a second departure, a supervisor, and an heir who is the agent,
// disabled, not an agent or of another team.
func departure(t *testing.T, e *env) {
	w := e.world()
	ctx, eng := e.ctx, e.eng
	phone, heirPhone := e.device(w.agent), e.device(w.agent2)
	heirPhone.catchUp()
	now := e.clock.now()
	loc := mustZone(t, fieldbook.DefaultTimeZone)
	at := scoring.DayOf(now, loc).Start(loc).Add(9 * time.Hour).Format(time.RFC3339)
	holder, lead, gone, prospect := newID(), newID(), newID(), newID()
	deal, visit := newID(), newID()
	contact := phone.consent(fieldbook.Customers, holder, fieldbook.GroupContact, fieldbook.ConsentGiven, now.Add(-time.Hour))
	phone.apply(contact,
		phone.change(fieldbook.Customers, holder, map[string]any{"name": "王先生", "phone": "13800138000"}),
		phone.change(fieldbook.Customers, lead, map[string]any{"name": "李女士"}),
		phone.change(fieldbook.Customers, gone, map[string]any{"name": "赵先生"}),
		phone.change(fieldbook.Prospects, prospect, map[string]any{"name": "孙先生"}),
		phone.change(fieldbook.Activities, deal, map[string]any{"kind": "deal", "occurred_at": at, "customer_id": holder, "premium": 5000}),
		phone.change(fieldbook.Activities, visit, map[string]any{"kind": "visit", "occurred_at": at, "customer_id": lead, "outcome": "李女士要再想想"}))
	phone.apply(phone.change(fieldbook.Customers, gone, map[string]any{fieldbook.FieldDeleted: true}))
	if err := eng.StartSession(ctx, w.agent.ID, "left1", now.Add(60*24*time.Hour)); err != nil {
		t.Fatal(err)
	}

	for _, tt := range []struct {
		what, user, heir, code string
	}{
		{"an unknown user", newID(), w.agent2.ID, fieldbook.CodeNotFound},
		{"a supervisor", w.sup.ID, w.agent2.ID, fieldbook.CodeInvalid},
		{"the agent as their own heir", w.agent.ID, w.agent.ID, fieldbook.CodeInvalid},
		{"a supervisor as heir", w.agent.ID, w.sup.ID, fieldbook.CodeInvalid},
		{"an heir of another team", w.agent.ID, w.other.ID, fieldbook.CodeInvalid},
		{"an unknown heir", w.agent.ID, newID(), fieldbook.CodeInvalid},
	} {
		if _, err := eng.Depart(ctx, tt.user, tt.heir); fieldbook.ErrorCode(err) != tt.code {
			t.Errorf("departure of %s: %v, want %s", tt.what, err, tt.code)
		}
	}
	req, err := eng.CreateRequest(ctx, fieldbook.PrivacyRequest{Kind: fieldbook.RequestCopy, Subject: fieldbook.Customers, SubjectID: holder,
		AgentID: w.agent.ID, TeamID: w.team.ID, ReceivedAt: now, DueDate: "2099-01-01", DueAt: now.Add(time.Hour), CreatedBy: w.sup.ID})
	if err != nil {
		t.Fatal(err)
	}
	left, err := eng.Depart(ctx, w.agent.ID, w.agent2.ID)
	if err != nil {
		t.Fatalf("depart: %v", err)
	}
	if !left.Disabled || left.LeftAt == nil || left.HeirID != w.agent2.ID {
		t.Fatalf("the departed agent: %+v; want disabled, left, heir %s", left, w.agent2.Username)
	}
	if _, err := eng.Depart(ctx, w.agent.ID, w.agent2.ID); fieldbook.ErrorCode(err) != fieldbook.CodeConflict {
		t.Errorf("a second departure: %v, want %s", err, fieldbook.CodeConflict)
	}

	if r, _, err := eng.Request(ctx, req.ID); err != nil || r.AgentID != w.agent2.ID {
		t.Errorf("the open request about the policyholder after the departure: %+v, %v; want it the heir's", r, err)
	}
	heirPhone.catchUp()
	for _, r := range []struct{ collection, id string }{{fieldbook.Customers, holder}, {fieldbook.Customers, lead}, {fieldbook.Prospects, prospect}, {fieldbook.Consents, contact.Change.ID}} {
		got := heirPhone.get(r.collection, r.id)
		if got.str(fieldbook.FieldOwner) != w.agent2.ID || got.str(fieldbook.FieldHandedFrom) != w.agent.ID {
			t.Errorf("the heir's %s/%s: %s; want owner_id the heir's and handed_from the agent's", r.collection, r.id, fieldsOf(got))
		}
	}
	if heirPhone.has(fieldbook.Customers, gone) || heirPhone.has(fieldbook.Activities, deal) {
		t.Error("the heir received the erased customer or the agent's activity; the first stays behind, the second is the agent's own")
	}
	expect(t, "the heir writes a consented field", heirPhone.push(heirPhone.change(fieldbook.Customers, holder, map[string]any{"phone": "13900139000"})), "applied")

	// The departed agent's phone: nothing more to pull, its outbox taken.
	ans := phone.sync(phone.change(fieldbook.Customers, lead, map[string]any{"notes": "周末有空"}),
		phone.change(fieldbook.Customers, newID(), map[string]any{"name": "周女士"}),
		phone.change(fieldbook.Activities, newID(), map[string]any{"kind": "call", "occurred_at": at, "customer_id": lead}))
	expect(t, "the departed phone's last changes", statuses(ans.Results), "applied", "applied", "applied")
	if ans.ResetReason != fieldbook.ResetDeparted || len(ans.Records) != 0 {
		t.Errorf("the departed phone's sync: reset %q with %d records, want %q and none", ans.ResetReason, len(ans.Records), fieldbook.ResetDeparted)
	}
	if changed, err := eng.WaitForChanges(ctx, w.agent.ID, ans.Cursor); err != nil || !changed {
		t.Errorf("the departed phone's long-poll: %v, %v; want an answer at once", changed, err)
	}
	heirPhone.catchUp()
	if got := heirPhone.get(fieldbook.Customers, lead); got.str("notes") != "周末有空" {
		t.Errorf("the heir's customer after the departed phone's change: %s", fieldsOf(got))
	}
	if n := heirPhone.count(fieldbook.Customers); n != 3 {
		t.Errorf("the heir holds %d customers, want 3 (two handed, one the departed phone made)", n)
	}
	if _, err := eng.Rotate(ctx, "left1", "left2", now.Add(60*24*time.Hour)); err != nil {
		t.Errorf("the departed agent's refresh within the handover window: %v", err)
	}

	list, err := eng.Policyholders(ctx, fieldbook.AccessEntry{UserID: w.admin.ID, Username: w.admin.Username, Role: fieldbook.RoleAdmin,
		AgentID: w.agent2.ID, TeamID: w.team.ID, File: fieldbook.AllFiles, Purpose: "告知保单持有人"}, w.agent.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || list[0].CustomerID != holder || list[0].Name != "王先生" || list[0].Phone != "13900139000" || list[0].Deals != 1 || list[0].LastDealAt != at {
		t.Errorf("the policyholders: %+v; want 王先生 alone, with one deal at %s", list, at)
	}
	if got, err := eng.AccessLog(ctx, fieldbook.AccessQuery{AgentID: w.agent2.ID, Limit: 10}); err != nil || len(got) != 1 || got[0].UserID != w.admin.ID {
		t.Errorf("the heir's access log after the list was read: %+v, %v; want the admin's reading", got, err)
	}

	// The person's data, wherever it lies: a copy names the departed
	// agent's activities too, and an erasure clears their texts.
	cp, err := eng.PersonData(ctx, fieldbook.AccessEntry{UserID: w.agent2.ID, AgentID: w.agent2.ID, File: holder}, fieldbook.Customers)
	if err != nil || len(cp.Activities) != 1 || cp.Activities[0].ID != deal {
		t.Errorf("the heir's copy of the policyholder's data: %+v, %v; want the departed agent's deal", cp.Activities, err)
	}
	sup := e.device(w.sup)
	heirPhone.apply(heirPhone.change(fieldbook.Customers, lead, map[string]any{fieldbook.FieldDeleted: true}))
	sup.catchUp()
	if got := sup.get(fieldbook.Activities, visit); string(got.fields["outcome"]) != "null" || got.str("customer_id") != lead {
		t.Errorf("the departed agent's visit after the heir erased the customer: %s; want the outcome null, the link kept", fieldsOf(got))
	}

	e.clock.advance(fieldbook.HandoverWindow + time.Hour)
	if _, err := eng.Rotate(ctx, "left2", "left3", e.clock.now().Add(time.Hour)); !errors.Is(err, fieldbook.ErrSignedOut) {
		t.Errorf("the departed agent's refresh after the handover window: %v, want signed out", err)
	}
	if _, err := phone.send(); fieldbook.ErrorCode(err) != fieldbook.CodeUnauthorized {
		t.Errorf("the departed phone's sync after the handover window: %v, want %s", err, fieldbook.CodeUnauthorized)
	}
	back := e.update(w.agent, fieldbook.UserPatch{Disabled: ptr(false)})
	if back.LeftAt != nil || back.HeirID != "" {
		t.Errorf("the agent enabled again: %+v; want the departure over", back)
	}
}
