// Helpers of the tests that need the Badger engine's internals (the
// behaviours every engine shares are in storage/conformance): stores,
// people and devices that push through Store.Push.

package storage

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"fieldbook"
	"fieldbook/sync/crdt"
	"fieldbook/sync/protocol"
	"fieldbook/sync/rules"
)

// mustOpenDir opens an on-disk store in dir.
func mustOpenDir(tb testing.TB, dir string) *Engine {
	tb.Helper()
	s, err := Open(context.Background(), Options{Dir: dir})
	if err != nil {
		tb.Fatalf("open %s: %v", dir, err)
	}
	return s
}

type world struct {
	s                  *Engine
	team, team2        fieldbook.Team
	agent, agent2, sup fieldbook.User
	other, otherSup    fieldbook.User // of team2
	admin              fieldbook.User
}

// newWorld makes two teams: team with agents agent and agent2 and
// supervisor sup; team2 with agent other and supervisor otherSup; and an
// admin.
func newWorld(tb testing.TB, s *Engine) *world {
	tb.Helper()
	w := &world{s: s}
	w.team = mustTeam(tb, s, "一队")
	w.team2 = mustTeam(tb, s, "二队")
	w.agent = mustUser(tb, s, "agent", fieldbook.RoleAgent, w.team.ID)
	w.agent2 = mustUser(tb, s, "agent2", fieldbook.RoleAgent, w.team.ID)
	w.sup = mustUser(tb, s, "sup", fieldbook.RoleSupervisor, w.team.ID)
	w.other = mustUser(tb, s, "other", fieldbook.RoleAgent, w.team2.ID)
	w.otherSup = mustUser(tb, s, "othersup", fieldbook.RoleSupervisor, w.team2.ID)
	w.admin = mustUser(tb, s, "admin", fieldbook.RoleAdmin, "")
	return w
}

func mustTeam(tb testing.TB, s *Engine, name string) fieldbook.Team {
	tb.Helper()
	t, err := s.CreateTeam(context.Background(), name, "")
	if err != nil {
		tb.Fatalf("create team: %v", err)
	}
	return t
}

func mustUser(tb testing.TB, s *Engine, username string, role fieldbook.Role, team string) fieldbook.User {
	tb.Helper()
	u, err := s.CreateUser(context.Background(), fieldbook.User{Username: username, Name: username, Role: role, TeamID: team, PasswordHash: "x"})
	if err != nil {
		tb.Fatalf("create user: %v", err)
	}
	return u
}

// device is a client of one user: its id, clock and next seq.
type device struct {
	id    string
	user  fieldbook.User
	clock *crdt.Clock
	seq   int64
}

func newDevice(u fieldbook.User, id string) *device {
	return &device{id: id, user: u, clock: crdt.NewClock(id, nil)}
}

// change makes the device's next change of fields (given as Go values).
func (d *device) change(collection, id string, fields map[string]any) protocol.Prepared {
	d.seq++
	c := fieldbook.Change{Seq: d.seq, Collection: collection, ID: id, HLC: string(d.clock.Now()), Fields: map[string]json.RawMessage{}}
	for k, v := range fields {
		b, err := json.Marshal(v)
		if err != nil {
			panic(err)
		}
		c.Fields[k] = b
	}
	b, _ := json.Marshal(c)
	return protocol.Prepare(c, len(b), time.Now())
}

func (d *device) push(tb testing.TB, s *Engine, changes ...protocol.Prepared) []fieldbook.Result {
	tb.Helper()
	res, err := s.Push(context.Background(), d.user.ID, d.id, changes)
	if err != nil {
		tb.Fatalf("push: %v", err)
	}
	return res
}

func statuses(rs []fieldbook.Result) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.Status
		if r.Code != "" {
			out[i] += ":" + r.Code
		}
	}
	return out
}

func newID() string { return rules.NewID() }
