package server

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"fieldbook"
	"fieldbook/scoring"
	"fieldbook/storage"
	"fieldbook/sync/crdt"
	"fieldbook/sync/protocol"
	"fieldbook/sync/rules"
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
	first := st.today.Monday().Add(-7 * benchWeeks)
	ctx := context.Background()
	supClock, supSeq := crdt.NewClock("bench-sup", nil), int64(0)
	start := time.Now()
	for i := range benchAgents {
		a := e.person(fmt.Sprintf("agent%02d", i), fieldbook.RoleAgent, team.ID)
		st.agents = append(st.agents, a)
		r := rand.New(rand.NewPCG(uint64(i), 1))
		clock, seq, client := crdt.NewClock("bench-"+a.Username, nil), int64(0), "bench-"+a.Username
		var customers []string
		var batch []protocol.Prepared
		for c := range 150 {
			id := rules.NewID()
			customers = append(customers, id)
			f := map[string]any{"name": fmt.Sprint("客户", c), "age": 30 + c%30, "needs": []string{"health"}}
			if c%3 == 0 {
				f["occupation"], f["income_band"], f["spouse"] = "教师", "100k_300k", "none"
			}
			batch = append(batch, benchChange(clock, &seq, fieldbook.Customers, id, f))
		}
		push(b, e.st, a.ID, client, batch)
		for w := range benchWeeks {
			monday := first.Add(7 * w)
			batch = batch[:0]
			var logs []string
			for d := range 5 {
				day := monday.Add(d)
				at := func(h int) string { return fmt.Sprintf("%sT%02d:%02d:00+08:00", day, 9+h, r.IntN(60)) }
				for v := range 3 + r.IntN(3) {
					batch = append(batch, benchChange(clock, &seq, fieldbook.Activities, rules.NewID(), map[string]any{
						"kind": "visit", "occurred_at": at(v), "customer_id": customers[r.IntN(len(customers))], "outcome": "面谈"}))
				}
				for c := range 3 {
					batch = append(batch, benchChange(clock, &seq, fieldbook.Activities, rules.NewID(), map[string]any{"kind": "call", "occurred_at": at(c)}))
				}
				batch = append(batch, benchChange(clock, &seq, fieldbook.Activities, rules.NewID(), map[string]any{"kind": "appointment", "occurred_at": at(4)}))
				if r.IntN(10) == 0 {
					batch = append(batch, benchChange(clock, &seq, fieldbook.Activities, rules.NewID(), map[string]any{
						"kind": "deal", "occurred_at": at(6), "customer_id": customers[r.IntN(len(customers))], "premium": 2000 + r.IntN(20000)}))
				}
				id := rules.DayLogID(a.ID, string(day))
				logs = append(logs, id)
				batch = append(batch, benchChange(clock, &seq, fieldbook.DayLogs, id, map[string]any{"date": string(day), "state": "submitted", "plan": map[string]int{"visit": 4}}))
			}
			push(b, e.st, a.ID, client, batch)
			var reviews []protocol.Prepared
			for _, id := range logs {
				rec, _, err := e.st.Get(ctx, fieldbook.DayLogs, id)
				if err != nil {
					b.Fatal(err)
				}
				supClock.Observe(rec.Fields.Version())
				reviews = append(reviews, benchChange(supClock, &supSeq, fieldbook.DayLogs, id, map[string]any{"state": "approved", "reviewed_version": string(rec.Fields.Version())}))
			}
			push(b, e.st, st.sup.ID, "bench-sup", reviews)
		}
	}
	b.Logf("built a team of %d agents with %d weeks of approved work in %v", benchAgents, benchWeeks, time.Since(start).Round(time.Millisecond))
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
