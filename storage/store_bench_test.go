package storage

import (
	"bytes"
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dgraph-io/badger/v4"

	"fieldbook"
	"fieldbook/storage/feed"
	"fieldbook/storage/kv"
	"fieldbook/storage/pgtest"
	"fieldbook/sync/protocol"
	"fieldbook/workload"
)

// The peers' workload (BENCHMARKS.md "The peers"): records of about 500 bytes of JSON
// each, as the change travels, pushed in batches of 100. One change in five
// makes a customer (ten fields), the others an activity with that customer.

const (
	benchBatch      = 100
	benchRecords    = 10_000
	benchPullLimit  = 1000
	benchChangeSize = 500 // bytes of JSON a change aims at
)

// benchGen makes a device's changes: new records of about benchChangeSize
// bytes each (the workload package's), checked as the server checks them.
type benchGen struct {
	d   *device
	dev *workload.Device
}

func newBenchGen(d *device, seed uint64) *benchGen {
	return &benchGen{d: d, dev: workload.NewDevice(d.id, seed, benchChangeSize)}
}

// batch returns the device's next n changes.
func (g *benchGen) batch(n int) []protocol.Prepared {
	out, _ := g.batchSent(n)
	return out
}

// batchSent is batch with the changes as the workload sends them.
func (g *benchGen) batchSent(n int) ([]protocol.Prepared, []workload.Change) {
	sent := g.dev.Batches(n, n)[0]
	out := make([]protocol.Prepared, n)
	now := time.Now()
	for i, w := range sent {
		c, err := w.Decode()
		if err != nil {
			panic(err) // the workload makes valid JSON
		}
		out[i] = protocol.Prepare(c, len(w.JSON), now)
	}
	return out, sent
}

// benchStore opens an on-disk store in a temporary directory with a team
// and n agents; durability is the point, so it never runs in memory.
func benchStore(b *testing.B, n int) (*Engine, []fieldbook.User) {
	b.Helper()
	return benchStoreKey(b, n, nil)
}

// benchStoreKey is benchStore encrypted at rest with key (nil: not).
func benchStoreKey(b *testing.B, n int, key []byte) (*Engine, []fieldbook.User) {
	b.Helper()
	return benchStoreAt(b, n, Options{Dir: b.TempDir(), EncryptionKey: key})
}

// benchPostgres opens a store in a new database of a throwaway PostgreSQL
// cluster with a team and n agents.
func benchPostgres(b *testing.B, n int) (*Engine, []fieldbook.User) {
	b.Helper()
	return benchStoreAt(b, n, Options{Postgres: pgtest.Start(b).NewDatabase(b)})
}

// benchStoreAt opens the store opts name with a team and n agents.
func benchStoreAt(b *testing.B, n int, opts Options) (*Engine, []fieldbook.User) {
	b.Helper()
	s, err := Open(context.Background(), opts)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	team := mustTeam(b, s, "一队")
	users := make([]fieldbook.User, n)
	for i := range users {
		users[i] = mustUser(b, s, fmt.Sprintf("agent%d", i), fieldbook.RoleAgent, team.ID)
	}
	return s, users
}

func mustApplied(b *testing.B, res []fieldbook.Result, err error) {
	b.Helper()
	if err != nil {
		b.Fatalf("push: %v", err)
	}
	for _, r := range res {
		if r.Status != fieldbook.StatusApplied {
			b.Fatalf("change %d: %s %s %s", r.Seq, r.Status, r.Code, r.Message)
		}
	}
}

func reportRecords(b *testing.B, records int) {
	b.ReportMetric(float64(records)/b.Elapsed().Seconds(), "records/s")
}

// BenchmarkPush is store.Push of one client's batches of 100 new records on
// disk, each batch durable before Push returns.
func BenchmarkPush(b *testing.B) { benchPush(b, benchStore) }

// BenchmarkPushEncrypted is BenchmarkPush on a store encrypted at rest.
func BenchmarkPushEncrypted(b *testing.B) {
	benchPush(b, func(b *testing.B, n int) (*Engine, []fieldbook.User) {
		return benchStoreKey(b, n, bytes.Repeat([]byte{0x5a}, KeySize))
	})
}

// BenchmarkPushPostgres is BenchmarkPush on PostgreSQL over loopback.
func BenchmarkPushPostgres(b *testing.B) { benchPush(b, benchPostgres) }

func benchPush(b *testing.B, open func(*testing.B, int) (*Engine, []fieldbook.User)) {
	s, users := open(b, 1)
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
func BenchmarkPushConcurrent(b *testing.B) { benchPushConcurrent(b, benchStore) }

// BenchmarkPushConcurrentPostgres is BenchmarkPushConcurrent on
// PostgreSQL over loopback.
func BenchmarkPushConcurrentPostgres(b *testing.B) { benchPushConcurrent(b, benchPostgres) }

func benchPushConcurrent(b *testing.B, open func(*testing.B, int) (*Engine, []fieldbook.User)) {
	const clients = 8
	s, users := open(b, clients)
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
	batches := make([][]protocol.Prepared, clients)
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
				var res []fieldbook.Result
				res, errs[i] = s.Push(ctx, g.d.user.ID, g.d.id, batches[i])
				for _, r := range res {
					if r.Status != fieldbook.StatusApplied && errs[i] == nil {
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
	u := fillForPull(b, s)
	b.Run("fresh", func(b *testing.B) { pullAll(b, s, u) })
	if err := s.Close(); err != nil {
		b.Fatal(err)
	}
	s = mustOpenDir(b, dir)
	defer s.Close()
	b.Run("reopened", func(b *testing.B) { pullAll(b, s, u) })
}

// BenchmarkPullPostgres is BenchmarkPull on PostgreSQL over loopback.
func BenchmarkPullPostgres(b *testing.B) {
	s, users := benchPostgres(b, 1)
	u := fillForPullAs(b, s, users[0])
	pullAll(b, s, u)
}

// fillForPull writes benchRecords records of one agent, whom it returns.
func fillForPull(b *testing.B, s *Engine) fieldbook.User {
	team := mustTeam(b, s, "一队")
	return fillForPullAs(b, s, mustUser(b, s, "agent0", fieldbook.RoleAgent, team.ID))
}

func fillForPullAs(b *testing.B, s *Engine, u fieldbook.User) fieldbook.User {
	g := newBenchGen(newDevice(u, "bench-pull"), 2)
	for range benchRecords / benchBatch {
		res, err := s.Push(context.Background(), u.ID, g.d.id, g.batch(benchBatch))
		mustApplied(b, res, err)
	}
	return u
}

// pullAll pulls everything u may see from cursor "" in pages of
// benchPullLimit: one op.
func pullAll(b *testing.B, s *Engine, u fieldbook.User) {
	ctx := context.Background()
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

// BenchmarkDepart: an agent with benchBook customers, each with a consent,
// leaves; an operation is the departure that re-issues all of them (and
// their consents) to the heir, durably, 500 to a commit.
func BenchmarkDepart(b *testing.B) {
	const benchBook = 1000
	s, users := benchStore(b, 1)
	heir := users[0]
	at := time.Now().Add(-time.Hour).Format(time.RFC3339)
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		agent := mustUser(b, s, fmt.Sprintf("leaver%d", i), fieldbook.RoleAgent, heir.TeamID)
		d := newDevice(agent, fmt.Sprintf("dev-leaver%d", i))
		for range benchBook / 50 {
			var batch []protocol.Prepared
			for range 50 {
				id := newID()
				batch = append(batch,
					d.change(fieldbook.Consents, newID(), map[string]any{"subject": "customers", "subject_id": id, "group": "contact", "action": "given",
						"notice_version": "2026-01", "method": "paper", "at": at}),
					d.change(fieldbook.Customers, id, map[string]any{"name": "王先生", "phone": "13800138000", "notes": "介绍人：李女士"}))
			}
			res, err := s.Push(context.Background(), agent.ID, d.id, batch)
			mustApplied(b, res, err)
		}
		b.StartTimer()
		if _, err := s.Depart(context.Background(), agent.ID, heir.ID); err != nil {
			b.Fatal(err)
		}
	}
	reportRecords(b, benchBook*2*b.N)
}

// BenchmarkSweep: the hourly retention sweep over a team of 30 agents with
// 100 Plan 100 names each, none dormant (the usual hour); an operation is
// one PurgeDormant over all 3,000.
func BenchmarkSweep(b *testing.B) {
	const agents, names = 30, 100
	s, users := benchStore(b, agents)
	for _, u := range users {
		d := newDevice(u, "dev-"+u.Username)
		batch := make([]protocol.Prepared, names)
		for i := range batch {
			batch[i] = d.change(fieldbook.Prospects, newID(), map[string]any{"name": "孙先生", "source": "referral", "stage": "contacted"})
		}
		res, err := s.Push(context.Background(), u.ID, d.id, batch)
		mustApplied(b, res, err)
	}
	for b.Loop() {
		if n, err := s.PurgeDormant(context.Background(), time.Now()); err != nil || n != 0 {
			b.Fatalf("sweep: %d erased, %v", n, err)
		}
	}
	b.ReportMetric(float64(agents*names*b.N)/b.Elapsed().Seconds(), "names/s")
}

// BenchmarkPushFloor is raw Badger (the options of fieldbook-load's raw
// baseline: SyncWrites, one writer) committing, batch by batch, what
// BenchmarkPush's batches are or store: "changes" the changes as sent
// (about 500 bytes each, under their record's key: fieldbook-load's raw
// limit), "records" the records as stored, "entries" everything a push
// stores — the records with their feed and index entries. An op is 200
// batches into a fresh store, only the commits timed; the entries a push
// stored are read back from an in-memory store and dealt round-robin
// into as many commits as the pushes made.
func BenchmarkPushFloor(b *testing.B) {
	const batches = 200
	s, users := benchStoreAt(b, 1, Options{InMemory: true})
	before := map[string]bool{}
	if err := s.db.View(context.Background(), func(r *kv.View) error {
		return r.Iterate(nil, func(k, _ []byte) error { before[string(k)] = true; return nil })
	}); err != nil {
		b.Fatal(err)
	}
	g := newBenchGen(newDevice(users[0], "bench-floor"), 1)
	changes := make([][]kv.Entry, batches)
	isRecord := map[string]bool{}
	for i := range changes {
		prepared, sent := g.batchSent(benchBatch)
		for _, w := range sent {
			k := feed.RecordKey(w.Collection, w.ID)
			changes[i] = append(changes[i], kv.Entry{Key: k, Value: w.JSON})
			isRecord[string(k)] = true
		}
		res, err := s.Push(context.Background(), users[0].ID, g.d.id, prepared)
		mustApplied(b, res, err)
	}
	records, entries := make([][]kv.Entry, batches), make([][]kv.Entry, batches)
	n, m := 0, 0
	if err := s.db.View(context.Background(), func(r *kv.View) error {
		return r.Iterate(nil, func(k, v []byte) error {
			if before[string(k)] {
				return nil
			}
			e := kv.Entry{Key: bytes.Clone(k), Value: bytes.Clone(v)}
			entries[n%batches] = append(entries[n%batches], e)
			n++
			if isRecord[string(k)] {
				records[m%batches] = append(records[m%batches], e)
				m++
			}
			return nil
		})
	}); err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct {
		name    string
		batches [][]kv.Entry
	}{{"changes", changes}, {"records", records}, {"entries", entries}} {
		b.Run(c.name, func(b *testing.B) { rawCommits(b, c.batches) })
	}
}

// rawCommits commits batches into a fresh raw Badger store per op.
func rawCommits(b *testing.B, batches [][]kv.Entry) {
	count, size := 0, 0
	for _, batch := range batches {
		for _, e := range batch {
			count, size = count+1, size+len(e.Key)+len(e.Value)
		}
	}
	for b.Loop() {
		b.StopTimer()
		db, err := badger.Open(badger.DefaultOptions(b.TempDir()).WithSyncWrites(true).WithDetectConflicts(false).
			WithNumVersionsToKeep(1).WithNumCompactors(2).WithLogger(nil))
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		for _, batch := range batches {
			txn := db.NewTransaction(true)
			for _, e := range batch {
				if err := txn.SetEntry(badger.NewEntry(e.Key, e.Value).WithDiscard()); err != nil {
					b.Fatal(err)
				}
			}
			if err := txn.Commit(); err != nil {
				b.Fatal(err)
			}
		}
		b.StopTimer()
		if err := db.Close(); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
	perBatch := b.Elapsed().Seconds() / float64(b.N*len(batches))
	b.ReportMetric(perBatch*1000, "ms/batch")
	b.ReportMetric(float64(count)/float64(len(batches)), "entries/batch")
	b.ReportMetric(float64(size)/float64(len(batches)), "bytes/batch")
	b.ReportMetric(0, "ns/op")
}
