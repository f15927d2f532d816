// Behaviours of the privacy rules through Sync: consent gates a group's
// fields, a withdrawal clears them on every replica, and a deletion erases
// the person (docs/protocol.md §6.5); and the access log of Privacy.

package conformance

import (
	"strings"
	"testing"
	"time"

	"fieldbook"
	"fieldbook/scoring"
	"fieldbook/sync/rules"
)

// consent is the change recording the person's consent event for group.
func (d *device) consent(subject, id, group, action string, at time.Time) fieldbook.SentChange {
	f := map[string]any{fieldbook.FieldSubject: subject, fieldbook.FieldSubjectID: id, fieldbook.FieldGroup: group,
		fieldbook.FieldAction: action, fieldbook.FieldMethod: "paper", fieldbook.FieldAt: at.Format(time.RFC3339)}
	if action == fieldbook.ConsentGiven {
		f[fieldbook.FieldNoticeVersion] = "2026-01"
	}
	if group == fieldbook.GroupFamily {
		f[fieldbook.FieldGuardian] = "王芳"
	}
	return d.change(fieldbook.Consents, newID(), f)
}

// consentGatesTheGroupsFields: a field of a consent group takes a value
// only while the person's latest consent to the group is given — whatever
// order the events arrive in — and clearing needs none; a child under 14
// needs a guardian; a consent record is never changed.
func consentGatesTheGroupsFields(t *testing.T, e *env) {
	w := e.world()
	d := e.device(w.agent)
	id := newID()
	now := e.clock.now()
	expect(t, "a phone before consent", d.push(d.change(fieldbook.Customers, id, map[string]any{"name": "王先生", "phone": "13800138000"})), "rejected:consent_required")
	expect(t, "the name alone", d.push(d.change(fieldbook.Customers, id, map[string]any{"name": "王先生", "age": 40})), "applied")
	given := d.consent(fieldbook.Customers, id, fieldbook.GroupContact, fieldbook.ConsentGiven, now.Add(-time.Hour))
	expect(t, "consent, then the phone", d.push(given, d.change(fieldbook.Customers, id, map[string]any{"phone": "13800138000"})), "applied", "applied")
	expect(t, "the needs, another group", d.push(d.change(fieldbook.Customers, id, map[string]any{"needs": []string{"health"}})), "rejected:consent_required")
	// An older withdrawal arriving late does not undo the later consent.
	expect(t, "an older withdrawal", d.push(d.consent(fieldbook.Customers, id, fieldbook.GroupContact, fieldbook.ConsentWithdrawn, now.Add(-2*time.Hour))), "applied")
	expect(t, "the phone after it", d.push(d.change(fieldbook.Customers, id, map[string]any{"phone": "13900139000"})), "applied")
	expect(t, "a child under 14", d.push(
		d.change(fieldbook.Consents, newID(), map[string]any{fieldbook.FieldSubject: fieldbook.Customers, fieldbook.FieldSubjectID: id,
			fieldbook.FieldGroup: fieldbook.GroupFamily, fieldbook.FieldAction: fieldbook.ConsentGiven, fieldbook.FieldNoticeVersion: "2026-01",
			fieldbook.FieldMethod: "in_person", fieldbook.FieldAt: now.Add(-time.Hour).Format(time.RFC3339)}),
		d.change(fieldbook.Customers, id, map[string]any{"children": []map[string]any{{"name": "小红", "age": 8}}}),
		d.change(fieldbook.Customers, id, map[string]any{"spouse": "李女士"})), "applied", "rejected:consent_required", "applied")
	c := d.consent(fieldbook.Customers, id, fieldbook.GroupFamily, fieldbook.ConsentGiven, now.Add(-time.Minute))
	expect(t, "with a guardian", d.push(c, d.change(fieldbook.Customers, id, map[string]any{"children": []map[string]any{{"name": "小红", "age": 8}}})), "applied", "applied")
	expect(t, "a change to a consent record", d.push(d.change(fieldbook.Consents, c.Change.ID, map[string]any{fieldbook.FieldMethod: "in_person"})), "rejected:forbidden")
	expect(t, "clearing without consent", d.push(d.change(fieldbook.Customers, id, map[string]any{"needs": nil})), "applied")
}

// withdrawalClearsEveryReplica: withdrawing a consent clears the group's
// fields on the server, with a stamp that wins, so that a second phone
// that holds them receives the clear at its next pull, and stops further
// writes of them; the other groups' fields stay.
func withdrawalClearsEveryReplica(t *testing.T, e *env) {
	w := e.world()
	phone1, phone2 := e.device(w.agent), e.device(w.agent)
	sup := e.device(w.sup)
	id := newID()
	now := e.clock.now()
	phone1.apply(phone1.consent(fieldbook.Customers, id, fieldbook.GroupContact, fieldbook.ConsentGiven, now.Add(-time.Hour)),
		phone1.consent(fieldbook.Customers, id, fieldbook.GroupIncome, fieldbook.ConsentGiven, now.Add(-time.Hour)),
		phone1.change(fieldbook.Customers, id, map[string]any{"name": "王先生", "phone": "13800138000", "income_band": "300k_1m"}))
	phone2.catchUp()
	sup.catchUp()
	if got := phone2.get(fieldbook.Customers, id).str("phone"); got != "13800138000" {
		t.Fatalf("the second phone holds phone %q before the withdrawal", got)
	}
	phone1.apply(phone1.consent(fieldbook.Customers, id, fieldbook.GroupContact, fieldbook.ConsentWithdrawn, now))
	phone2.catchUp()
	got := phone2.get(fieldbook.Customers, id)
	if string(got.fields["phone"]) != "null" || got.str("income_band") != "300k_1m" || got.str("name") != "王先生" {
		t.Errorf("the second phone after the withdrawal holds %s; want phone null, the income band and name kept", fieldsOf(got))
	}
	// A person's records reach their owner's phones only.
	sup.catchUp()
	if sup.count(fieldbook.Customers) != 0 || sup.count(fieldbook.Consents) != 0 {
		t.Errorf("the supervisor holds %d customers and %d consents, want none", sup.count(fieldbook.Customers), sup.count(fieldbook.Consents))
	}
	expect(t, "the phone again", phone2.push(phone2.change(fieldbook.Customers, id, map[string]any{"phone": "13900139000"})), "rejected:consent_required")
	expect(t, "consent again, then the phone", phone2.push(
		phone2.consent(fieldbook.Customers, id, fieldbook.GroupContact, fieldbook.ConsentGiven, e.clock.now()),
		phone2.change(fieldbook.Customers, id, map[string]any{"phone": "13900139000"})), "applied", "applied")
}

// erasureErasesThePerson: deleting a customer erases their fields on the
// server and every replica, the guardian named in their consents, and
// the texts of the activities naming them — which stay, with their link
// to the now empty record, so the week's score does not change.
func erasureErasesThePerson(t *testing.T, e *env) {
	w := e.world()
	d, sup := e.device(w.agent), e.device(w.sup)
	id, visit := newID(), newID()
	now := e.clock.now()
	contact := d.consent(fieldbook.Customers, id, fieldbook.GroupContact, fieldbook.ConsentGiven, now.Add(-time.Hour))
	family := d.consent(fieldbook.Customers, id, fieldbook.GroupFamily, fieldbook.ConsentGiven, now.Add(-time.Hour))
	loc := mustZone(t, fieldbook.DefaultTimeZone)
	day := scoring.DayOf(now, loc)
	d.apply(contact, family,
		d.change(fieldbook.Customers, id, map[string]any{"name": "王先生", "phone": "13800138000", "spouse": "李女士", "notes": "爱打羽毛球"}),
		d.change(fieldbook.Activities, visit, map[string]any{"kind": "visit", "occurred_at": day.Start(loc).Add(10 * time.Hour).Format(time.RFC3339),
			"customer_id": id, "outcome": "王先生同意下周见面", "next_step": "带上方案"}),
		d.change(fieldbook.DayLogs, rules.DayLogID(w.agent.ID, string(day)), map[string]any{"date": string(day), "summary": "拜访王先生", "state": "submitted"}))
	sup.mustReview(w.agent, string(day), fieldbook.StateApproved)
	before := e.weekScore(w.team.ID, w.agent.ID, day.Monday())
	if before == 0 {
		t.Fatal("the approved visit scores nothing: the test cannot tell a change")
	}
	d.apply(d.change(fieldbook.Customers, id, map[string]any{fieldbook.FieldDeleted: true}))
	sup.catchUp()
	if act := sup.get(fieldbook.Activities, visit); string(act.fields["outcome"]) != "null" || string(act.fields["next_step"]) != "null" {
		t.Errorf("the supervisor holds the visit after the erasure as %s; want the texts null", fieldsOf(act))
	}
	if sup.count(fieldbook.Customers) != 0 || sup.count(fieldbook.Consents) != 0 {
		t.Errorf("the supervisor holds %d customers and %d consents, want none", sup.count(fieldbook.Customers), sup.count(fieldbook.Consents))
	}
	for _, r := range []*device{d} {
		r.catchUp()
		got := r.get(fieldbook.Customers, id)
		for _, f := range []string{"name", "phone", "spouse", "notes"} {
			if v, ok := got.fields[f]; !ok || string(v) != "null" {
				t.Errorf("%s: the erased customer's %s is %s, want null", r.user.Username, f, v)
			}
		}
		if !got.flag(fieldbook.FieldDeleted) {
			t.Errorf("%s: the erased customer is not deleted", r.user.Username)
		}
		act := r.get(fieldbook.Activities, visit)
		if act.str("kind") != "visit" || act.str("customer_id") != id || string(act.fields["outcome"]) != "null" || string(act.fields["next_step"]) != "null" {
			t.Errorf("%s: the visit after the erasure holds %s; want the kind and link kept, the texts null", r.user.Username, fieldsOf(act))
		}
		if g := r.get(fieldbook.Consents, family.Change.ID); string(g.fields[fieldbook.FieldGuardian]) != "null" {
			t.Errorf("%s: the family consent still names the guardian: %s", r.user.Username, fieldsOf(g))
		}
	}
	if after := e.weekScore(w.team.ID, w.agent.ID, day.Monday()); after != before {
		t.Errorf("the week scored %v before the erasure and %v after", before, after)
	}
}

func mustZone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// weekScore is the agent's scored week of monday as Reports.TeamWeek
// answers it (0 when not scored).
func (e *env) weekScore(team, agent string, monday scoring.Day) float64 {
	e.t.Helper()
	rows, err := e.eng.TeamWeek(e.ctx, team, monday)
	if err != nil {
		e.t.Fatal(err)
	}
	for _, r := range rows {
		if r.Agent.ID == agent && r.Found {
			return r.Score.Score
		}
	}
	return 0
}

// accessLog: opening an agent's customer files needs a purpose; the
// opening is in the access log when OpenFiles returns (and after a
// restart), with who, whose, which file and why; the agent opening their
// own is not logged; the log is read newest first, by agent, by user, by
// team and since a time; a file the agent does not have is not found, the
// attempt logged.
func accessLog(t *testing.T, e *env) {
	w := e.world()
	d := e.device(w.agent)
	c1, c2 := newID(), newID()
	d.apply(d.change(fieldbook.Customers, c1, map[string]any{"name": "王先生"}), d.change(fieldbook.Customers, c2, map[string]any{"name": "李女士"}))
	entry := func(u fieldbook.User, file, purpose string) fieldbook.AccessEntry {
		return fieldbook.AccessEntry{UserID: u.ID, Username: u.Username, Role: u.Role, AgentID: w.agent.ID, TeamID: w.team.ID, File: file, Purpose: purpose}
	}
	for _, p := range []string{"", "x", strings.Repeat("长", 201)} {
		if _, err := e.eng.OpenFiles(e.ctx, entry(w.sup, fieldbook.AllFiles, p)); codeOf(err) != fieldbook.CodeInvalid {
			t.Errorf("purpose %q: %v, want %s", p, err, fieldbook.CodeInvalid)
		}
	}
	recs, err := e.eng.OpenFiles(e.ctx, entry(w.sup, fieldbook.AllFiles, "辅导面谈准备"))
	if err != nil || len(recs) != 2 {
		t.Fatalf("the supervisor opening every file: %d, %v", len(recs), err)
	}
	es, err := e.eng.AccessLog(e.ctx, fieldbook.AccessQuery{AgentID: w.agent.ID, Limit: 10})
	if err != nil || len(es) != 1 || es[0].UserID != w.sup.ID || es[0].File != fieldbook.AllFiles || es[0].Purpose != "辅导面谈准备" || es[0].At.IsZero() {
		t.Fatalf("the log when OpenFiles returned: %+v, %v", es, err)
	}
	e.clock.advance(time.Second)
	if recs, err := e.eng.OpenFiles(e.ctx, entry(w.admin, c2, "客户投诉处理")); err != nil || len(recs) != 1 || recs[0].ID != c2 || recs[0].Collection != fieldbook.Customers {
		t.Fatalf("the admin opening one file: %+v, %v", recs, err)
	}
	e.clock.advance(time.Second)
	if _, err := e.eng.OpenFiles(e.ctx, entry(w.sup, newID(), "审核活动记录")); codeOf(err) != fieldbook.CodeNotFound {
		t.Errorf("a file the agent does not have: %v, want %s", err, fieldbook.CodeNotFound)
	}
	if recs, err := e.eng.OpenFiles(e.ctx, entry(w.agent, fieldbook.AllFiles, "")); err != nil || len(recs) != 2 {
		t.Errorf("the agent opening their own: %d, %v", len(recs), err)
	}
	e.reopen()
	all, err := e.eng.AccessLog(e.ctx, fieldbook.AccessQuery{Limit: 10})
	if err != nil || len(all) != 3 || all[0].File == fieldbook.AllFiles || all[1].File != c2 || all[2].File != fieldbook.AllFiles {
		t.Fatalf("the log after a restart, newest first: %+v, %v", all, err)
	}
	for _, tt := range []struct {
		what string
		q    fieldbook.AccessQuery
		want int
	}{
		{"by the supervisor", fieldbook.AccessQuery{UserID: w.sup.ID, Limit: 10}, 2},
		{"by the admin", fieldbook.AccessQuery{UserID: w.admin.ID, Limit: 10}, 1},
		{"about the team mate", fieldbook.AccessQuery{AgentID: w.agent2.ID, Limit: 10}, 0},
		{"of the team", fieldbook.AccessQuery{TeamID: w.team.ID, Limit: 10}, 3},
		{"of the other team", fieldbook.AccessQuery{TeamID: w.team2.ID, Limit: 10}, 0},
		{"since the admin's", fieldbook.AccessQuery{Since: all[1].At, Limit: 10}, 2},
		{"the newest", fieldbook.AccessQuery{Limit: 1}, 1},
	} {
		if got, err := e.eng.AccessLog(e.ctx, tt.q); err != nil || len(got) != tt.want {
			t.Errorf("%s: %d entries (%v), want %d", tt.what, len(got), err, tt.want)
		}
	}
	if _, err := e.eng.AccessLog(e.ctx, fieldbook.AccessQuery{}); codeOf(err) != fieldbook.CodeInvalid {
		t.Errorf("a limit of 0: %v, want %s", err, fieldbook.CodeInvalid)
	}
}

// accessLogExpires: an entry of the access log lasts the store's retention
// from its time, on the engine's clock (not the machine's): a minute before
// the end it is read by every query, a minute after it is gone from all of
// them — and after a restart — while a later entry stays until its own end.
func accessLogExpires(t *testing.T, e *env) {
	w := e.world()
	d := e.device(w.agent)
	c := newID()
	d.apply(d.change(fieldbook.Customers, c, map[string]any{"name": "王先生"}))
	open := func(u fieldbook.User, purpose string) {
		t.Helper()
		if _, err := e.eng.OpenFiles(e.ctx, fieldbook.AccessEntry{UserID: u.ID, Username: u.Username, Role: u.Role,
			AgentID: w.agent.ID, TeamID: w.team.ID, File: c, Purpose: purpose}); err != nil {
			t.Fatalf("%s opens the file: %v", u.Username, err)
		}
	}
	read := func(q fieldbook.AccessQuery) []string {
		t.Helper()
		q.Limit = 10
		es, err := e.eng.AccessLog(e.ctx, q)
		if err != nil {
			t.Fatalf("read the access log %+v: %v", q, err)
		}
		var out []string
		for _, en := range es {
			out = append(out, en.Purpose)
		}
		return out
	}
	expectLog := func(when string, all, bySup []string) {
		t.Helper()
		for _, tt := range []struct {
			what string
			q    fieldbook.AccessQuery
			want []string
		}{
			{"every entry", fieldbook.AccessQuery{}, all},
			{"the agent's", fieldbook.AccessQuery{AgentID: w.agent.ID}, all},
			{"the team's", fieldbook.AccessQuery{TeamID: w.team.ID}, all},
			{"the supervisor's", fieldbook.AccessQuery{UserID: w.sup.ID}, bySup},
		} {
			if got := read(tt.q); strings.Join(got, ",") != strings.Join(tt.want, ",") {
				t.Errorf("%s, %s: %q, want %q", when, tt.what, got, tt.want)
			}
		}
	}
	retention := e.h.AccessRetention
	open(w.sup, "辅导面谈准备")
	e.clock.advance(retention - time.Minute)
	open(w.admin, "客户投诉处理")
	expectLog("a minute before the first entry's end", []string{"客户投诉处理", "辅导面谈准备"}, []string{"辅导面谈准备"})
	e.clock.advance(2 * time.Minute)
	expectLog("a minute after the first entry's end", []string{"客户投诉处理"}, nil)
	e.reopen()
	expectLog("after a restart", []string{"客户投诉处理"}, nil)
	e.clock.advance(retention - 3*time.Minute)
	expectLog("a minute before the second entry's end", []string{"客户投诉处理"}, nil)
	e.clock.advance(2 * time.Minute)
	expectLog("past both", nil, nil)
}
