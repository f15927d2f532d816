// The one-time migrations of Open: a store written when a person's records
// also sat in the team feeds loses those entries, and its supervisors and
// admins start their pulls again without them, once.

package storage

import (
	"context"
	"testing"

	"fieldbook"
	"fieldbook/storage/feed"
	"fieldbook/storage/kv"
	"fieldbook/sync/store"
)

// TestOpenTakesPersonsRecordsOutOfTeamFeeds: a customer whose entry sits
// in its team's feed (as every store before owner-only feeds held it) is
// gone from the supervisor's and the admin's pulls after the next Open,
// which resets their cursors (scope) so their phones drop what they hold;
// the agent's cursor is kept, and a second Open resets no one.
func TestOpenTakesPersonsRecordsOutOfTeamFeeds(t *testing.T) {
	dir := t.TempDir()
	s := mustOpenDir(t, dir)
	w := newWorld(t, s)
	a := newDevice(w.agent, "phone")
	cust, call := newID(), newID()
	if got := statuses(a.push(t, s, a.change(fieldbook.Customers, cust, map[string]any{"name": "王先生"}),
		a.change(fieldbook.Activities, call, map[string]any{"kind": "call", "occurred_at": "2026-11-20T10:00:00+08:00"}))); got[0] != "applied" || got[1] != "applied" {
		t.Fatalf("push: %v", got)
	}
	// The store as an older version wrote it: the customer in the team's
	// feed too, and no migration recorded.
	err := s.db.Do(context.Background(), func(tx *kv.Tx) error {
		_, seq, err := feed.Read(tx, fieldbook.Customers, cust)
		if err != nil {
			return err
		}
		tx.Set(kv.SeqKey(kv.Key("f", "t", w.team.ID), seq), []byte(fieldbook.Customers+"/"+cust))
		tx.Delete(ownerOnlyFeeds)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	old := map[string]string{}
	for _, u := range []fieldbook.User{w.agent, w.sup, w.admin} {
		old[u.ID] = caughtUp(t, s, u)
	}
	if p, err := s.Pull(context.Background(), w.sup.ID, "", 1000); err != nil || !holds(p, cust) {
		t.Fatalf("the old layout: the supervisor's pull holds the customer %v (err %v); the test cannot tell a change", holds(p, cust), err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	for round := range 2 {
		s = mustOpenDir(t, dir)
		for _, u := range []fieldbook.User{w.agent, w.sup, w.admin} {
			p, err := s.Pull(context.Background(), u.ID, old[u.ID], 1000)
			if err != nil {
				t.Fatal(err)
			}
			want := ""
			if round == 0 && u.Role != fieldbook.RoleAgent {
				want = fieldbook.ResetScope
			}
			if p.ResetReason != want {
				t.Errorf("open %d: %s's pull: reset %q, want %q", round+1, u.Username, p.ResetReason, want)
			}
			if u.Role != fieldbook.RoleAgent {
				if full, _ := s.Pull(context.Background(), u.ID, "", 1000); holds(full, cust) || !holds(full, call) {
					t.Errorf("open %d: %s's pull from the start holds the customer %v, the activity %v; want the activity alone", round+1, u.Username, holds(full, cust), holds(full, call))
				}
			}
			old[u.ID] = caughtUp(t, s, u)
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
	}
}

// holds says whether a page brings the record id.
func holds(p store.Page, id string) bool {
	for _, r := range p.Records {
		if r.ID == id {
			return true
		}
	}
	return false
}
