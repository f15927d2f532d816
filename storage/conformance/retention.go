// The behaviour of the retention of Plan 100 names (services.go
// Privacy.DormantProspects and PurgeDormant, retention.go): which names are
// dormant, and the sweep that erases those left unanswered past their
// grace as their owner's deletion would.

package conformance

import (
	"slices"
	"testing"
	"time"

	"fieldbook"
)

// retentionSweep: a prospect nothing happened with for the team's months
// and 30 days more is erased by the sweep — its fields null on every
// replica, the texts of the activities naming it cleared, an audit entry
// naming its agent and the count — while one dormant for less than the
// grace, one with a recent activity, one with a recent keep, one that
// became a customer file, and every name of a team that keeps names for
// ever (0 months) stay. A second sweep erases nothing more.
func retentionSweep(t *testing.T, e *env) {
	w := e.world()
	d, mate, other := e.device(w.agent), e.device(w.agent2), e.device(w.other)
	loc := mustZone(t, fieldbook.DefaultTimeZone)
	start := e.clock.now()
	old, touched, kept, converted, visit := newID(), newID(), newID(), newID(), newID()
	d.apply(
		d.consent(fieldbook.Prospects, old, fieldbook.GroupContact, fieldbook.ConsentGiven, start.Add(-time.Hour)),
		d.change(fieldbook.Prospects, old, map[string]any{"name": "钱先生", "phone": "13800138000", "notes": "老同学"}),
		d.change(fieldbook.Activities, visit, map[string]any{"kind": "visit", "occurred_at": start.Add(-time.Hour).Format(time.RFC3339),
			"prospect_id": old, "outcome": "钱先生说明年再谈", "next_step": "春节后再约"}),
		d.change(fieldbook.Prospects, touched, map[string]any{"name": "孙女士"}),
		d.change(fieldbook.Prospects, kept, map[string]any{"name": "周先生"}),
		d.change(fieldbook.Prospects, converted, map[string]any{"name": "吴女士", "customer_id": newID()}))
	mates, others := newID(), newID()
	mate.apply(mate.change(fieldbook.Prospects, mates, map[string]any{"name": "郑先生"}))
	other.apply(other.change(fieldbook.Prospects, others, map[string]any{"name": "冯女士"}))
	// A name added 20 days later is dormant at the end, but within its grace.
	e.clock.advance(20 * 24 * time.Hour)
	grace := newID()
	d.apply(d.change(fieldbook.Prospects, grace, map[string]any{"name": "陈女士"}))

	// 24 months and 31 days after the first names: they are past their
	// grace, but for what the agent does now.
	end := fieldbook.AddMonths(start, 24, loc).AddDate(0, 0, fieldbook.RetentionGraceDays+1)
	e.clock.advance(end.Sub(e.clock.now()))
	now := e.clock.now()
	d.apply(
		d.change(fieldbook.Activities, newID(), map[string]any{"kind": "call", "occurred_at": now.Format(time.RFC3339), "prospect_id": touched}),
		d.change(fieldbook.Prospects, kept, map[string]any{fieldbook.FieldKeptAt: now.Format(time.RFC3339)}))
	settings, _, err := e.eng.Settings(e.ctx, w.team2.ID)
	if err != nil {
		t.Fatal(err)
	}
	settings.Retention.ProspectMonths = 0
	if err := e.eng.SetSettings(e.ctx, w.team2.ID, settings); err != nil {
		t.Fatal(err)
	}

	dormant, err := e.eng.DormantProspects(e.ctx, w.agent.ID, now)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, p := range dormant {
		ids = append(ids, p.ID)
	}
	if !slices.Equal(ids, []string{old, grace}) {
		t.Fatalf("the agent's dormant names are %v, want the old one then the one within its grace %v", ids, []string{old, grace})
	}
	if p := dormant[0]; p.Name != "钱先生" || !p.PurgeAt.Before(now) || !p.DormantAt.Before(p.PurgeAt) || p.PurgeDate != p.PurgeAt.In(loc).Format(time.DateOnly) {
		t.Errorf("the old name is listed as %+v; want its name, dormant before its purge, which is past", p)
	}
	if p := dormant[1]; !p.DormantAt.Before(now) || !p.PurgeAt.After(now) {
		t.Errorf("the name within its grace is listed as %+v; want dormant now and purged later", p)
	}
	if got, err := e.eng.DormantProspects(e.ctx, w.other.ID, now); err != nil || len(got) != 0 {
		t.Errorf("a team that keeps names for ever lists %v (%v), want none", got, err)
	}

	n, err := e.eng.PurgeDormant(e.ctx, now)
	if err != nil || n != 2 {
		t.Fatalf("the sweep erased %d names (%v), want 2: the agent's old one and their mate's", n, err)
	}
	d.catchUp()
	got := d.get(fieldbook.Prospects, old)
	if !got.flag(fieldbook.FieldDeleted) {
		t.Errorf("the swept name is not deleted: %s", fieldsOf(got))
	}
	for _, f := range []string{"name", "phone", "notes"} {
		if v, ok := got.fields[f]; !ok || string(v) != "null" {
			t.Errorf("the swept name's %s is %s, want null", f, v)
		}
	}
	act := d.get(fieldbook.Activities, visit)
	if act.str("kind") != "visit" || act.str("prospect_id") != old || string(act.fields["outcome"]) != "null" || string(act.fields["next_step"]) != "null" {
		t.Errorf("the visit with the swept name holds %s; want its kind and link kept, its texts null", fieldsOf(act))
	}
	for _, id := range []string{touched, kept, converted, grace} {
		if r := d.get(fieldbook.Prospects, id); r.flag(fieldbook.FieldDeleted) || r.str("name") == "" {
			t.Errorf("prospect %s was swept: %s", id, fieldsOf(r))
		}
	}
	other.catchUp()
	if r := other.get(fieldbook.Prospects, others); r.flag(fieldbook.FieldDeleted) || r.str("name") != "冯女士" {
		t.Errorf("the name of a team keeping names for ever was swept: %s", fieldsOf(r))
	}
	mate.catchUp()
	if r := mate.get(fieldbook.Prospects, mates); !r.flag(fieldbook.FieldDeleted) || string(r.fields["name"]) != "null" {
		t.Errorf("the mate's old name was not swept: %s", fieldsOf(r))
	}
	expect(t, "an offline edit of the swept name", d.push(d.change(fieldbook.Prospects, old, map[string]any{"stage": "contacted"})), "rejected:invalid")

	entries, err := e.eng.AuditLog(e.ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	swept := map[string]string{}
	for _, a := range entries {
		if a.Action == "retention.purge" {
			swept[a.Params["agent_id"]] = a.Params["count"]
		}
	}
	if want := map[string]string{w.agent.ID: "1", w.agent2.ID: "1"}; len(swept) != 2 || swept[w.agent.ID] != "1" || swept[w.agent2.ID] != "1" {
		t.Errorf("the audit log holds retention.purge entries %v, want %v", swept, want)
	}
	if n, err := e.eng.PurgeDormant(e.ctx, now); err != nil || n != 0 {
		t.Errorf("a second sweep erased %d (%v), want none", n, err)
	}
}
