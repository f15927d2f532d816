package store

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"fieldbook"
	"fieldbook/sync/rules"
)

// The workload of TESTING.md's peers: records of about 500 bytes of JSON
// each, as the change travels, pushed in batches of 100. One change in five
// makes a customer (ten fields), the others an activity with that customer.

const (
	benchBatch      = 100
	benchRecords    = 10_000
	benchPullLimit  = 1000
	benchChangeSize = 500 // bytes of JSON a change aims at
)

var benchOutcomes = []string{
	"客户对重疾险很感兴趣，约好下周二带方案再谈",
	"已递交计划书，客户要和家人商量后答复",
	"客户暂时没有需求，约定三个月后再联系",
	"签单成功，年缴保费两万四千元，十年缴",
	"客户预算有限，需要把保额调低重新测算",
}

var benchNotes = []string{
	"客户孩子今年上小学，非常关心教育金的储备。",
	"提到父母年纪大了，想先了解一下医疗险和防癌险。",
	"以前理赔经历不太好，对保险公司有些顾虑，需要多讲条款。",
	"朋友转介绍来的，信任度较高，沟通很顺利。",
	"单位有团体险，但保额明显不足，缺少重疾保障。",
	"下次拜访带上养老金测算表和同龄人的案例。",
	"太太是做财务的，对收益率很敏感，要准备对比表。",
	"周末比较方便，工作日只能晚上七点以后打电话。",
}

// benchGen makes a device's changes: new records of about benchChangeSize
// bytes each, every one valid for an agent.
type benchGen struct {
	d        *device
	r        *rand.Rand
	customer string
	n        int
}

func newBenchGen(d *device, seed uint64) *benchGen {
	return &benchGen{d: d, r: rand.New(rand.NewPCG(seed, 7))}
}

func (g *benchGen) pick(list []string) string { return list[g.r.IntN(len(list))] }

// batch returns the device's next n changes.
func (g *benchGen) batch(n int) []Incoming {
	out := make([]Incoming, n)
	for i := range out {
		out[i] = g.next()
	}
	return out
}

func (g *benchGen) next() Incoming {
	var collection string
	var fields map[string]any
	id := rules.NewID()
	if g.n%5 == 0 {
		collection, g.customer = rules.Customers, id
		fields = map[string]any{
			"name": "王建华", "phone": "138 0013 8000", "gender": "male", "age": 30 + g.r.IntN(30),
			"occupation": "私营企业主", "income_band": "300k_1m", "spouse": "李秀英",
			"children": []map[string]any{{"name": "乐乐", "age": 9}},
			"needs":    []string{"health", "education"},
			"notes":    "",
		}
	} else {
		collection = rules.Activities
		fields = map[string]any{
			"kind": rules.ActivityKinds[1+g.r.IntN(5)], "occurred_at": "2026-11-28T10:30:00+08:00",
			"customer_id": g.customer, "outcome": g.pick(benchOutcomes),
			"next_step": "准备重疾险和医疗险的组合方案，下周二上午去客户公司讲解",
			"notes":     "",
		}
	}
	g.n++
	notes := ""
	for benchSize(collection, id, fields) < benchChangeSize-20 {
		notes += g.pick(benchNotes)
		fields["notes"] = notes
	}
	return g.d.change(collection, id, fields)
}

// benchSize is the change's length as JSON, as a client sends it.
func benchSize(collection, id string, fields map[string]any) int {
	b, _ := json.Marshal(map[string]any{"seq": 12345, "collection": collection, "id": id,
		"hlc": "1764312345678-0000-b0d5c3a1-load-0", "fields": fields})
	return len(b)
}

// benchStore opens an on-disk store in a temporary directory with a team
// and n agents; durability is the point, so it never runs in memory.
func benchStore(b *testing.B, n int) (*Store, []fieldbook.User) {
	b.Helper()
	s := mustOpenDir(b, b.TempDir())
	b.Cleanup(func() { s.Close() })
	team := mustTeam(b, s, "一队")
	users := make([]fieldbook.User, n)
	for i := range users {
		users[i] = mustUser(b, s, fmt.Sprintf("agent%d", i), fieldbook.RoleAgent, team.ID)
	}
	return s, users
}

func mustApplied(b *testing.B, res []Result, err error) {
	b.Helper()
	if err != nil {
		b.Fatalf("push: %v", err)
	}
	for _, r := range res {
		if r.Status != StatusApplied {
			b.Fatalf("change %d: %s %s %s", r.Seq, r.Status, r.Code, r.Message)
		}
	}
}

func reportRecords(b *testing.B, records int) {
	b.ReportMetric(float64(records)/b.Elapsed().Seconds(), "records/s")
}

// BenchmarkPush is store.Push of one client's batches of 100 new records on
// disk, each batch durable before Push returns.
func BenchmarkPush(b *testing.B) {
	s, users := benchStore(b, 1)
	g := newBenchGen(newDevice(users[0], "bench-push"), 1)
	ctx := context.Background()
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		b.StopTimer()
		batch := g.batch(benchBatch)
		b.StartTimer()
		res, err := s.Push(ctx, users[0].ID, g.d.id, batch)
		mustApplied(b, res, err)
		n++
	}
	reportRecords(b, n*benchBatch)
}

// BenchmarkPushConcurrent is 8 clients (8 users) each pushing a batch of
// 100 at once: one op is 800 records. The writer's group commit lets the
// batches share syncs; jobs/commit says how many did.
func BenchmarkPushConcurrent(b *testing.B) {
	const clients = 8
	s, users := benchStore(b, clients)
	gens := make([]*benchGen, clients)
	for i := range gens {
		gens[i] = newBenchGen(newDevice(users[i], fmt.Sprintf("bench-push-%d", i)), uint64(i))
	}
	// The writer calls OnCommit after it has answered the batch's jobs, so
	// the counts are atomic and read once, at the end.
	var jobs, commits atomic.Int64
	s.OnCommit(func(n int, _ time.Duration) { jobs.Add(int64(n)); commits.Add(1) })
	ctx := context.Background()
	b.ReportAllocs()
	n := 0
	batches := make([][]Incoming, clients)
	for b.Loop() {
		b.StopTimer()
		for i, g := range gens {
			batches[i] = g.batch(benchBatch)
		}
		b.StartTimer()
		var wg sync.WaitGroup
		errs := make([]error, clients)
		for i, g := range gens {
			wg.Go(func() {
				var res []Result
				res, errs[i] = s.Push(ctx, g.d.user.ID, g.d.id, batches[i])
				for _, r := range res {
					if r.Status != StatusApplied && errs[i] == nil {
						errs[i] = fmt.Errorf("change %d: %s %s", r.Seq, r.Status, r.Message)
					}
				}
			})
		}
		wg.Wait()
		for _, err := range errs {
			if err != nil {
				b.Fatal(err)
			}
		}
		n++
	}
	reportRecords(b, n*clients*benchBatch)
	if c := commits.Load(); c > 0 {
		b.ReportMetric(float64(jobs.Load())/float64(c), "jobs/commit")
	}
}

// BenchmarkPull pulls 10,000 records from cursor "" in pages of 1,000: one
// op is the whole catch-up of a new phone. "fresh" reads a store that has
// just been written (records in the memtable); "reopened" reads it after a
// restart, from the files on disk.
func BenchmarkPull(b *testing.B) {
	dir := b.TempDir()
	s := mustOpenDir(b, dir)
	team := mustTeam(b, s, "一队")
	u := mustUser(b, s, "agent0", fieldbook.RoleAgent, team.ID)
	g := newBenchGen(newDevice(u, "bench-pull"), 2)
	ctx := context.Background()
	for range benchRecords / benchBatch {
		res, err := s.Push(ctx, u.ID, g.d.id, g.batch(benchBatch))
		mustApplied(b, res, err)
	}
	pullAll := func(b *testing.B, s *Store) {
		b.ReportAllocs()
		total := 0
		for b.Loop() {
			cur, got := "", 0
			var pages []int // the page sizes, for a failure's message
			for {
				p, err := s.Pull(ctx, u.ID, cur, benchPullLimit)
				if err != nil {
					b.Fatalf("pull: %v", err)
				}
				got += len(p.Records)
				pages = append(pages, len(p.Records))
				cur = p.Cursor
				if !p.More {
					break
				}
			}
			if got < benchRecords {
				b.Fatalf("pulled %d records in pages of %v, want at least %d", got, pages, benchRecords)
			}
			total += got
		}
		reportRecords(b, total)
	}
	b.Run("fresh", func(b *testing.B) { pullAll(b, s) })
	if err := s.Close(); err != nil {
		b.Fatal(err)
	}
	s = mustOpenDir(b, dir)
	defer s.Close()
	b.Run("reopened", func(b *testing.B) { pullAll(b, s) })
}
