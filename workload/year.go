package workload

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"time"

	"fieldbook"
	"fieldbook/scoring"
	"fieldbook/sync/crdt"
	"fieldbook/sync/protocol"
	"fieldbook/sync/rules"
)

// Year is a team's history, the size the benchmarks of a branch use: for
// each agent, customer files and Weeks weeks of work before this one, five
// working days a week with 3–5 visits, Calls calls and an appointment a
// day, a deal one day in ten, every day's log approved by the supervisor
// but those of the last Pending days, which are submitted and wait for
// review; with ThisWeek, also this week's days before today, waiting for
// review too. The content is seeded by the agent's place in the team, so
// two loads write the same work.
type Year struct {
	Weeks     int
	Customers int
	Calls     int
	Pending   int
	ThisWeek  bool
}

// YearStore is what a Year is written through: the push of a user's
// phone, and the read of a record the supervisor reviews.
type YearStore interface {
	Push(ctx context.Context, userID, client string, changes []protocol.Prepared) ([]fieldbook.Result, error)
	Get(ctx context.Context, collection, id string) (rules.State, bool, error)
}

// Load writes the year of each agent of the team (the supervisor sup
// approves their logs), up to today in Asia/Shanghai, as each phone
// would: through Push, from a client of its own, every change checked as
// a sync request's are. It returns the number of changes written.
func (y Year) Load(ctx context.Context, st YearStore, sup string, agents []string, today scoring.Day) (int, error) {
	l := yearLoader{ctx: ctx, st: st, supClock: crdt.NewClock("year-sup", nil)}
	first := today.Monday().Add(-7 * y.Weeks)
	for i, agent := range agents {
		r := rand.New(rand.NewPCG(uint64(i), 1))
		d := &yearDevice{user: agent, client: fmt.Sprintf("year-%d", i), clock: crdt.NewClock(fmt.Sprintf("year-%d", i), nil)}
		var customers []string
		var batch []protocol.Prepared
		for c := range y.Customers {
			id := rules.NewID()
			customers = append(customers, id)
			// Only fields of no consent group: the year records no consents.
			batch = append(batch, d.change(fieldbook.Customers, id, map[string]any{"name": fmt.Sprint("客户", c), "age": 30 + c%30, "occupation": "教师"}))
		}
		if err := l.push(d, batch); err != nil {
			return l.written, err
		}
		for w := 0; w <= y.Weeks; w++ {
			monday := first.Add(7 * w)
			batch = batch[:0]
			var logs []string
			for n := range 5 {
				day := monday.Add(n)
				if day >= today || w == y.Weeks && !y.ThisWeek {
					break
				}
				at := func(h int) string { return fmt.Sprintf("%sT%02d:%02d:00+08:00", day, 9+h%10, r.IntN(60)) }
				for v := range 3 + r.IntN(3) {
					batch = append(batch, d.change(fieldbook.Activities, rules.NewID(), map[string]any{
						"kind": "visit", "occurred_at": at(v), "customer_id": customers[r.IntN(len(customers))], "outcome": "面谈"}))
				}
				for c := range y.Calls {
					batch = append(batch, d.change(fieldbook.Activities, rules.NewID(), map[string]any{"kind": "call", "occurred_at": at(c)}))
				}
				batch = append(batch, d.change(fieldbook.Activities, rules.NewID(), map[string]any{"kind": "appointment", "occurred_at": at(4)}))
				if r.IntN(10) == 0 {
					batch = append(batch, d.change(fieldbook.Activities, rules.NewID(), map[string]any{
						"kind": "deal", "occurred_at": at(6), "customer_id": customers[r.IntN(len(customers))], "premium": 2000 + r.IntN(20000)}))
				}
				id := rules.DayLogID(agent, string(day))
				if day < today.Add(-y.Pending) {
					logs = append(logs, id)
				}
				batch = append(batch, d.change(fieldbook.DayLogs, id, map[string]any{"date": string(day), "state": "submitted", "plan": map[string]int{"visit": 4}}))
			}
			if err := l.push(d, batch); err != nil {
				return l.written, err
			}
			if err := l.approve(sup, logs); err != nil {
				return l.written, err
			}
		}
	}
	return l.written, nil
}

// yearLoader writes a Year: the store, the supervisor's device, and the
// count of changes written.
type yearLoader struct {
	ctx      context.Context
	st       YearStore
	supClock *crdt.Clock
	supSeq   int64
	written  int
}

// yearDevice is one agent's phone.
type yearDevice struct {
	user, client string
	clock        *crdt.Clock
	seq          int64
}

// change makes the device's next change, checked as a sync request's.
func (d *yearDevice) change(collection, id string, fields map[string]any) protocol.Prepared {
	d.seq++
	return stampedChange(d.clock, d.seq, collection, id, fields)
}

func stampedChange(clock *crdt.Clock, seq int64, collection, id string, fields map[string]any) protocol.Prepared {
	c := fieldbook.Change{Seq: seq, Collection: collection, ID: id, HLC: string(clock.Now()), Fields: map[string]json.RawMessage{}}
	for k, v := range fields {
		c.Fields[k], _ = json.Marshal(v) // maps, strings and numbers always encode
	}
	return protocol.Prepare(c, 500, time.Now())
}

// push writes a batch of the user's device, every change of which must
// apply.
func (l *yearLoader) push(d *yearDevice, changes []protocol.Prepared) error {
	return l.pushAs(d.user, d.client, changes)
}

func (l *yearLoader) pushAs(user, client string, changes []protocol.Prepared) error {
	if len(changes) == 0 {
		return nil
	}
	res, err := l.st.Push(l.ctx, user, client, changes)
	if err != nil {
		return fmt.Errorf("year: push: %w", err)
	}
	for _, r := range res {
		if r.Status != fieldbook.StatusApplied {
			return fmt.Errorf("year: change %d: %s %s %s", r.Seq, r.Status, r.Code, r.Message)
		}
	}
	l.written += len(changes)
	return nil
}

// approve has the supervisor approve the logs as they stand.
func (l *yearLoader) approve(sup string, logs []string) error {
	if len(logs) == 0 {
		return nil
	}
	var reviews []protocol.Prepared
	for _, id := range logs {
		rec, _, err := l.st.Get(l.ctx, fieldbook.DayLogs, id)
		if err != nil {
			return fmt.Errorf("year: read log %s: %w", id, err)
		}
		l.supClock.Observe(rec.Fields.Version())
		l.supSeq++
		reviews = append(reviews, stampedChange(l.supClock, l.supSeq, fieldbook.DayLogs, id, map[string]any{"state": "approved", "reviewed_version": string(rec.Fields.Version())}))
	}
	return l.pushAs(sup, "year-sup", reviews)
}
