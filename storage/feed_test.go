package storage

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"testing"

	"fieldbook"
	"fieldbook/sync/protocol"
	"fieldbook/sync/store"
)

// TestPullNeverSkipsWhileOthersPush has several agents push creates and
// updates concurrently while their supervisor pulls with a tiny limit. At
// the end the supervisor's copy, built only from pages, must equal every
// record's final state: a cursor that skipped a change would leave a
// record missing or stale.
func TestPullNeverSkipsWhileOthersPush(t *testing.T) {
	s := mustOpen(t)
	w := newWorld(t, s)
	const pushers, rounds = 6, 60
	agents := make([]fieldbook.User, pushers)
	for i := range agents {
		agents[i] = mustUser(t, s, fmt.Sprintf("pusher%d", i), fieldbook.RoleAgent, w.team.ID)
	}

	seen := map[string]string{} // record → last pulled name
	cursor := ""
	pullOnce := func() bool {
		p, err := s.Pull(context.Background(), w.sup.ID, cursor, 3)
		if err != nil {
			t.Error(err)
			return false
		}
		if p.ResetReason != "" {
			t.Errorf("unexpected reset %s", p.ResetReason)
		}
		for _, r := range p.Records {
			var f map[string]any
			json.Unmarshal(r.Fields, &f)
			name, _ := f["name"].(string)
			seen[r.Collection+"/"+r.ID] = name
		}
		cursor = p.Cursor
		return p.More
	}

	var wg sync.WaitGroup
	final := make([]map[string]string, pushers)
	for i, a := range agents {
		wg.Add(1)
		go func() {
			defer wg.Done()
			d := newDevice(a, fmt.Sprintf("dev%d", i))
			mine := map[string]string{}
			var ids []string
			for r := range rounds {
				var batch []protocol.Prepared
				id := newID()
				ids = append(ids, id)
				name := fmt.Sprintf("p%d-%d", i, r)
				batch = append(batch, d.change(fieldbook.Prospects, id, map[string]any{"name": name}))
				mine["prospects/"+id] = name
				if r > 0 {
					old := ids[r/2]
					name := fmt.Sprintf("p%d-%d-edit%d", i, r/2, r)
					batch = append(batch, d.change(fieldbook.Prospects, old, map[string]any{"name": name}))
					mine["prospects/"+old] = name
				}
				res, err := s.Push(context.Background(), a.ID, d.id, batch)
				if err != nil {
					t.Error(err)
					return
				}
				for _, r := range res {
					if r.Status != fieldbook.StatusApplied {
						t.Errorf("push: %+v", r)
					}
				}
			}
			final[i] = mine
		}()
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	for running := true; running; {
		select {
		case <-done:
			running = false
		default:
			pullOnce()
		}
	}
	for pullOnce() {
	}
	for _, mine := range final {
		for k, want := range mine {
			if got, ok := seen[k]; !ok {
				t.Errorf("record %s never reached the supervisor", k)
			} else if got != want {
				t.Errorf("record %s: supervisor holds %q, want %q", k, got, want)
			}
		}
	}
}

func TestPullCostFollowsVisibility(t *testing.T) {
	s := mustOpen(t)
	w := newWorld(t, s)
	// Many records of another team must not appear in, or page through,
	// this agent's pull.
	busy := newDevice(w.other, "busy")
	var batch []protocol.Prepared
	for range 300 {
		batch = append(batch, busy.change(fieldbook.Prospects, newID(), map[string]any{"name": "x"}))
	}
	busy.push(t, s, batch...)
	d := newDevice(w.agent, "dev")
	d.push(t, s, d.change(fieldbook.Prospects, newID(), map[string]any{"name": "mine"}))
	p, err := s.Pull(context.Background(), w.agent.ID, "", 1000)
	if err != nil {
		t.Fatal(err)
	}
	if p.More || countCollection(map[string]map[string]any(toMap(p)), fieldbook.Prospects) != 1 {
		t.Fatalf("the agent's pull holds %d records (more=%v)", len(p.Records), p.More)
	}
}

func toMap(p store.Page) map[string]map[string]any {
	out := map[string]map[string]any{}
	for _, r := range p.Records {
		out[r.Collection+"/"+r.ID] = map[string]any{}
	}
	return out
}

func TestMalformedAndForeignCursorsReset(t *testing.T) {
	s := mustOpen(t)
	w := newWorld(t, s)
	other := mustOpen(t)
	ow := newWorld(t, other)
	foreign, err := other.Pull(context.Background(), ow.agent.ID, "", 10)
	if err != nil {
		t.Fatal(err)
	}
	mine, err := s.Pull(context.Background(), w.agent.ID, "", 10)
	if err != nil {
		t.Fatal(err)
	}
	for name, cur := range map[string]string{"garbage": "%%%", "base64 junk": "aGVsbG8", "another server's": foreign.Cursor} {
		p, err := s.Pull(context.Background(), w.agent.ID, cur, 10)
		if err != nil {
			t.Fatal(err)
		}
		if !(p.ResetReason != "") || p.ResetReason != fieldbook.ResetCursor {
			t.Errorf("%s cursor: reset=%v reason=%q", name, (p.ResetReason != ""), p.ResetReason)
		}
	}
	// Another user's cursor is not this user's either.
	if p, _ := s.Pull(context.Background(), w.agent2.ID, mine.Cursor, 10); !(p.ResetReason != "") {
		t.Error("a cursor issued to another user was accepted")
	}
	if p, _ := s.Pull(context.Background(), w.agent.ID, mine.Cursor, 10); p.ResetReason != "" {
		t.Error("the user's own cursor was reset")
	}
}

func TestRoleChangeResetsTheUsersCursor(t *testing.T) {
	s := mustOpen(t)
	w := newWorld(t, s)
	p, err := s.Pull(context.Background(), w.agent.ID, "", 100)
	if err != nil {
		t.Fatal(err)
	}
	role := fieldbook.RoleSupervisor
	if _, err := s.UpdateUser(context.Background(), w.agent.ID, fieldbook.UserPatch{Role: &role}); err != nil {
		t.Fatal(err)
	}
	next, err := s.Pull(context.Background(), w.agent.ID, p.Cursor, 100)
	if err != nil {
		t.Fatal(err)
	}
	if !(next.ResetReason != "") || next.ResetReason != fieldbook.ResetScope {
		t.Fatalf("after a role change: reset=%v reason=%q", (next.ResetReason != ""), next.ResetReason)
	}
	// Others keep their cursors.
	q, _ := s.Pull(context.Background(), w.agent2.ID, "", 100)
	if _, err := s.UpdateUser(context.Background(), w.agent.ID, fieldbook.UserPatch{Name: ptr("新名字")}); err != nil {
		t.Fatal(err)
	}
	after, _ := s.Pull(context.Background(), w.agent2.ID, q.Cursor, 100)
	if (after.ResetReason != "") || len(after.Records) != 1 || after.Records[0].ID != w.agent.ID {
		t.Fatalf("a team mate after a rename: reset=%v records=%d", (after.ResetReason != ""), len(after.Records))
	}
}

func ptr[T any](v T) *T { return &v }
