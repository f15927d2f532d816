package storage

import (
	"context"
	"errors"
	"slices"
	"testing"

	"fieldbook"
	"fieldbook/sync/protocol"
	"fieldbook/sync/store"
)

func TestPushPullOwnRecords(t *testing.T) {
	s := mustOpen(t)
	w := newWorld(t, s)
	d := newDevice(w.agent, "dev-a")
	id := newID()
	res := d.push(t, s,
		d.change(fieldbook.Prospects, id, map[string]any{"name": "李雷", "grade": "A", "need_score": 8}),
		d.change(fieldbook.Prospects, id, map[string]any{"stage": "contacted"}),
	)
	if got, want := statuses(res), []string{"applied", "applied"}; !slices.Equal(got, want) {
		t.Fatalf("results = %v, want %v", got, want)
	}
	recs := pullAll(t, s, w.agent)
	p := recs["prospects/"+id]
	if p == nil || p["name"] != "李雷" || p["stage"] != "contacted" || p["owner_id"] != w.agent.ID || p["team_id"] != w.team.ID {
		t.Fatalf("pulled prospect = %v", p)
	}
}

func TestSeqDuplicateGapAndRejectionMemory(t *testing.T) {
	s := mustOpen(t)
	w := newWorld(t, s)
	d := newDevice(w.agent, "dev-a")
	c1 := d.change(fieldbook.Prospects, newID(), map[string]any{"name": "韩梅梅"})
	c2 := d.change(fieldbook.Prospects, newID(), map[string]any{"name": ""}) // invalid
	if got := statuses(d.push(t, s, c1, c2)); !slices.Equal(got, []string{"applied", "rejected:invalid"}) {
		t.Fatalf("first push = %v", got)
	}
	// The same request again: a duplicate, and the same rejection.
	if got := statuses(d.push(t, s, c1, c2)); !slices.Equal(got, []string{"duplicate", "rejected:invalid"}) {
		t.Fatalf("retried push = %v", got)
	}
	d.change(fieldbook.Prospects, newID(), map[string]any{"name": "lost"}) // seq 3 never sent
	c4 := d.change(fieldbook.Prospects, newID(), map[string]any{"name": "王"})
	_, err := s.Push(context.Background(), w.agent.ID, d.id, []protocol.Prepared{c4})
	var gap *fieldbook.SeqGapError
	if !errors.As(err, &gap) || gap.LastSeq != 2 {
		t.Fatalf("push with a gap: err = %v, want seq gap at 2", err)
	}
	if n := countCollection(pullAll(t, s, w.agent), fieldbook.Prospects); n != 1 {
		t.Fatalf("after the gap the agent has %d prospects, want 1", n)
	}
}

func TestClientBelongsToOneUser(t *testing.T) {
	s := mustOpen(t)
	w := newWorld(t, s)
	d := newDevice(w.agent, "shared-device")
	d.push(t, s, d.change(fieldbook.Prospects, newID(), map[string]any{"name": "a"}))
	thief := newDevice(w.agent2, "shared-device")
	_, err := s.Push(context.Background(), w.agent2.ID, thief.id, []protocol.Prepared{thief.change(fieldbook.Prospects, newID(), map[string]any{"name": "b"})})
	if !errors.Is(err, store.ErrClientTaken) {
		t.Fatalf("push with another user's client: %v, want store.ErrClientTaken", err)
	}
	if _, err := s.Sync(context.Background(), w.agent2.ID, fieldbook.SyncRequest{ClientID: "shared-device"}); !errors.Is(err, store.ErrClientTaken) {
		t.Fatalf("a pull with another user's client: %v, want store.ErrClientTaken", err)
	}
}

func TestVisibilityByRoleAndTeam(t *testing.T) {
	s := mustOpen(t)
	w := newWorld(t, s)
	mine := newID()
	d := newDevice(w.agent, "a")
	d.push(t, s, d.change(fieldbook.Customers, mine, map[string]any{"name": "客户甲"}))
	theirs := newID()
	d2 := newDevice(w.other, "o")
	d2.push(t, s, d2.change(fieldbook.Customers, theirs, map[string]any{"name": "客户乙"}))

	tests := []struct {
		who       fieldbook.User
		sees, not []string
	}{
		{w.agent, []string{"customers/" + mine, "members/" + w.agent2.ID}, []string{"customers/" + theirs, "members/" + w.other.ID}},
		{w.agent2, []string{"members/" + w.agent.ID}, []string{"customers/" + mine, "customers/" + theirs}},
		{w.sup, []string{"customers/" + mine}, []string{"customers/" + theirs}},
		{w.otherSup, []string{"customers/" + theirs}, []string{"customers/" + mine}},
		{w.admin, []string{"customers/" + mine, "customers/" + theirs}, nil},
	}
	for _, tt := range tests {
		recs := pullAll(t, s, tt.who)
		for _, k := range tt.sees {
			if recs[k] == nil {
				t.Errorf("%s does not see %s", tt.who.Username, k)
			}
		}
		for _, k := range tt.not {
			if recs[k] != nil {
				t.Errorf("%s sees %s", tt.who.Username, k)
			}
		}
	}
	// Writing another agent's record is forbidden, even knowing its id.
	res := d.push(t, s, d.change(fieldbook.Customers, theirs, map[string]any{"name": "偷改"}))
	if res[0].Code != fieldbook.CodeForbidden {
		t.Fatalf("writing another's record: %v", res)
	}
}
