package storage

// A team move or a handover that a crash cut short is finished when the
// store opens again: the marker the job recorded first is all it needs.

import (
	"context"
	"testing"

	"fieldbook"
	"fieldbook/storage/kv"
)

func TestReissueInterruptedByACrashFinishesAtOpen(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s := mustOpenDir(t, dir)
	w := newWorld(t, s)
	d := newDevice(w.agent, "dev-agent")
	customer, visit := newID(), newID()
	for i, st := range statuses(d.push(t, s,
		d.change(fieldbook.Customers, customer, map[string]any{"name": "王先生"}),
		d.change(fieldbook.Activities, visit, map[string]any{"kind": "call", "occurred_at": "2026-01-05T10:00:00+08:00", "customer_id": customer}))) {
		if st != fieldbook.StatusApplied {
			t.Fatalf("change %d: %s", i, st)
		}
	}
	// What the jobs that start a handover and a team move commit first,
	// and nothing after: the crash.
	err := s.db.Do(ctx, func(tx *kv.Tx) error {
		if err := tx.SetJSON(kv.Key("hv", w.agent.ID), w.agent2.ID); err != nil {
			return err
		}
		return tx.SetJSON(kv.Key("mv", w.agent.ID), w.team2.ID)
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	s = mustOpenDir(t, dir)
	defer s.Close()
	st, ok, err := s.Get(ctx, fieldbook.Customers, customer)
	if err != nil || !ok || st.Owner != w.agent2.ID || st.Str(fieldbook.FieldHandedFrom) != w.agent.ID {
		t.Errorf("the customer after the reopen: owner %s, handed_from %q, %v; want the heir's", st.Owner, st.Str(fieldbook.FieldHandedFrom), err)
	}
	act, ok, err := s.Get(ctx, fieldbook.Activities, visit)
	if err != nil || !ok || act.Owner != w.agent.ID || act.Team != w.team2.ID {
		t.Errorf("the call after the reopen: owner %s team %s, %v; want the agent's, in the new team", act.Owner, act.Team, err)
	}
	err = s.db.View(ctx, func(v *kv.View) error {
		for _, k := range [][]byte{kv.Key("hv", w.agent.ID), kv.Key("mv", w.agent.ID)} {
			var target string
			if found, err := kv.GetJSON(v, k, &target); err != nil || found {
				t.Errorf("the marker %s is still there (%v)", k, err)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
