package server

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"fieldbook"
	"fieldbook/scoring"
	"fieldbook/storage"
	"fieldbook/sync/crdt"
	"fieldbook/sync/protocol"
	"fieldbook/sync/rules"
	"fieldbook/workload"
)

// A team of 30 agents with a year of approved work: 52 weeks of five
// working days each, with visits, calls, appointments and deals on
// customer files, every log approved by the supervisor. Built once, in
// memory (reads are measured here, not durability).
const (
	benchAgents = 30
	benchWeeks  = 52
)

type scoredTeam struct {
	e      *env
	sup    *person
	agents []*person
	today  scoring.Day
}

// change makes a checked change from a device clock.
func benchChange(clock *crdt.Clock, seq *int64, collection, id string, fields map[string]any) protocol.Prepared {
	*seq++
	c := fieldbook.Change{Seq: *seq, Collection: collection, ID: id, HLC: string(clock.Now()), Fields: map[string]json.RawMessage{}}
	for k, v := range fields {
		c.Fields[k], _ = json.Marshal(v)
	}
	return protocol.Prepare(c, 500, time.Now())
}

func newScoredTeam(b *testing.B) *scoredTeam {
	b.Helper()
	e := newEnv(b)
	team := e.team("一队")
	st := &scoredTeam{e: e, sup: e.person("sup", fieldbook.RoleSupervisor, team.ID)}
	loc, _ := time.LoadLocation(fieldbook.DefaultTimeZone)
	st.today = scoring.DayOf(time.Now(), loc)
	var ids []string
	for i := range benchAgents {
		a := e.person(fmt.Sprintf("agent%02d", i), fieldbook.RoleAgent, team.ID)
		st.agents = append(st.agents, a)
		ids = append(ids, a.ID)
	}
	start := time.Now()
	n, err := workload.Year{Weeks: benchWeeks, Customers: 150, Calls: 3}.Load(context.Background(), e.st, st.sup.ID, ids, st.today)
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("built a team of %d agents with %d weeks of approved work (%d changes) in %v", benchAgents, benchWeeks, n, time.Since(start).Round(time.Millisecond))
	return st
}

func push(b *testing.B, s *storage.Engine, user, client string, changes []protocol.Prepared) {
	b.Helper()
	res, err := s.Push(context.Background(), user, client, changes)
	if err != nil {
		b.Fatal(err)
	}
	for _, r := range res {
		if r.Status != fieldbook.StatusApplied {
			b.Fatalf("%+v", r)
		}
	}
}

// BenchmarkStandings is GET /api/standings for a team of 30 agents with a
// year of data, read from the scores the server keeps.
func BenchmarkStandings(b *testing.B) {
	st := newScoredTeam(b)
	last := st.today.Monday().Add(-3)
	for _, period := range []string{"week", "month"} {
		b.Run(period, func(b *testing.B) {
			path := "/api/standings?period=" + period + "&date=" + string(last)
			a := st.e.must(200, "GET", path, st.sup.access, nil)
			if n := len(a.body["entries"].([]any)); n != benchAgents {
				b.Fatalf("%d entries", n)
			}
			b.ResetTimer()
			for b.Loop() {
				st.e.must(200, "GET", path, st.sup.access, nil)
			}
		})
	}
	month := last.Month()
	b.Run("agent_review", func(b *testing.B) {
		path := "/api/reviews/agent?month=" + month
		for b.Loop() {
			st.e.must(200, "GET", path, st.agents[0].access, nil)
		}
	})
	b.Run("team_review", func(b *testing.B) {
		path := "/api/reviews/team?month=" + month
		for b.Loop() {
			st.e.must(200, "GET", path, st.sup.access, nil)
		}
	})
	// One supervisor approval with the rescoring it triggers (the week and
	// its months), after a year of data.
	b.Run("approve_one_log", func(b *testing.B) {
		a := st.agents[1]
		client := fmt.Sprintf("bench-approve-%d", time.Now().UnixNano()) // a new device for each run
		clock, seq := crdt.NewClock(client, nil), int64(0)
		day := st.today.Monday().Add(-7 * benchWeeks / 2)
		id := rules.DayLogID(a.ID, string(day))
		for i := 0; b.Loop(); i++ {
			rec, _, err := st.e.st.Get(context.Background(), fieldbook.DayLogs, id)
			if err != nil {
				b.Fatal(err)
			}
			clock.Observe(rec.Fields.Version())
			state := []string{"returned", "approved"}[i%2]
			f := map[string]any{"state": state, "reviewed_version": string(rec.Fields.Version()), "review_comment": "请补充"}
			push(b, st.e.st, st.sup.ID, client, []protocol.Prepared{benchChange(clock, &seq, fieldbook.DayLogs, id, f)})
		}
	})
}
