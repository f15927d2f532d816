// A failover of PostgreSQL under pushes: a primary and two standbys that
// stream through proxies the test cuts; clients push; the links are cut,
// the primary killed with SIGKILL, the most advanced standby promoted and
// a node opened on it. With synchronous replication ('ANY 1 (s1, s2)') no
// acknowledged change is lost; with asynchronous replication the same run
// loses the changes acknowledged after the cut (so the test can fail).

package storage_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"fieldbook"
	"fieldbook/storage"
	"fieldbook/storage/pgtest"
	"fieldbook/sync/crdt"
	"fieldbook/sync/rules"
)

func TestFailoverSynchronousLosesNothing(t *testing.T) {
	if lost, acked := failover(t, true); lost != 0 {
		t.Fatalf("synchronous replication lost %d of %d acknowledged changes", lost, acked)
	}
}

func TestFailoverAsynchronousLoses(t *testing.T) {
	if lost, acked := failover(t, false); lost == 0 {
		t.Fatalf("asynchronous replication with the links cut lost none of %d acknowledged changes: the test cannot tell the two apart", acked)
	}
}

// failover runs the scenario and reports how many acknowledged changes
// the promoted standby lacks, of how many.
func failover(t *testing.T, synchronous bool) (lost, acked int) {
	if testing.Short() {
		t.Skip("starts three PostgreSQL instances")
	}
	ctx := context.Background()
	primary := pgtest.Start(t)
	dsn := primary.NewDatabase(t)
	links := []*pgtest.Proxy{pgtest.NewProxy(t, primary.Addr()), pgtest.NewProxy(t, primary.Addr())}
	standbys := []*pgtest.Cluster{
		primary.AddStandby(t, "s1", pgtest.Via(links[0].Addr())),
		primary.AddStandby(t, "s2", pgtest.Via(links[1].Addr())),
	}
	if synchronous {
		primary.SetSynchronousStandbyNames(t, "ANY 1 (s1, s2)")
	}

	st, err := storage.Open(ctx, storage.Options{Postgres: dsn})
	if err != nil {
		t.Fatal(err)
	}
	team, err := st.CreateTeam(ctx, "一队", "")
	if err != nil {
		t.Fatal(err)
	}
	const clients = 4
	var users []fieldbook.User
	for i := range clients {
		u, err := st.CreateUser(ctx, fieldbook.User{Username: fmt.Sprintf("a%d", i), Role: fieldbook.RoleAgent, TeamID: team.ID, PasswordHash: "x"})
		if err != nil {
			t.Fatal(err)
		}
		users = append(users, u)
	}
	sup, err := st.CreateUser(ctx, fieldbook.User{Username: "sup", Role: fieldbook.RoleSupervisor, TeamID: team.ID, PasswordHash: "x"})
	if err != nil {
		t.Fatal(err)
	}

	var mu sync.Mutex
	ack := map[string]fieldbook.Change{} // client/seq → acknowledged change
	var afterCut int                     // acknowledged after the links were cut
	cut := false
	var wg sync.WaitGroup
	for i, u := range users {
		wg.Add(1)
		go func() {
			defer wg.Done()
			clock := crdt.NewClock(fmt.Sprintf("dev%d", i), nil)
			client := fmt.Sprintf("dev%d", i)
			for seq := int64(1); ; {
				var req fieldbook.SyncRequest
				req.ClientID = client
				for range 10 {
					c := fieldbook.Change{Seq: seq, Collection: fieldbook.Activities, ID: rules.NewID(), HLC: string(clock.Now()),
						Fields: map[string]json.RawMessage{"kind": json.RawMessage(`"call"`), "occurred_at": json.RawMessage(`"2026-11-27T09:00:00+08:00"`)}}
					req.Changes = append(req.Changes, fieldbook.SentChange{Change: c, Size: 200})
					seq++
				}
				ans, err := st.Sync(ctx, u.ID, req)
				if err != nil {
					return // the primary is gone
				}
				mu.Lock()
				for j, r := range ans.Results {
					if r.Status == fieldbook.StatusApplied {
						ack[client+"/"+strconv.FormatInt(r.Seq, 10)] = req.Changes[j].Change
						if cut {
							afterCut++
						}
					}
				}
				mu.Unlock()
			}
		}()
	}
	waitUntil(t, "pushes before the cut", func() bool { mu.Lock(); defer mu.Unlock(); return len(ack) >= 200 })
	// A phone's cursor from before the failover, and what the primary says
	// of its standbys.
	read, err := st.Sync(ctx, users[0].ID, fieldbook.SyncRequest{ClientID: "reader"})
	if err != nil {
		t.Fatal(err)
	}
	wantSync := 0.0
	if synchronous {
		wantSync = 2 // both may be the one a commit waits for (ANY 1)
	}
	if g := st.Gauges(ctx); g["replication_standbys"] != 2 || g["replication_synchronous_standbys"] != wantSync {
		t.Errorf("the primary's gauges: %v; want 2 standbys, %v synchronous", g, wantSync)
	}
	mu.Lock()
	cut = true
	mu.Unlock()
	for _, l := range links {
		l.Cut()
	}
	if synchronous {
		// Commits now wait for a standby: the writer is blocked in one.
		waitUntil(t, "a commit waiting for a standby", func() bool {
			n, err := count(ctx, primary.DSN(), "SELECT count(*) FROM pg_stat_activity WHERE wait_event = 'SyncRep'")
			return err == nil && n > 0
		})
	} else {
		waitUntil(t, "pushes acknowledged after the cut", func() bool { mu.Lock(); defer mu.Unlock(); return afterCut >= 100 })
	}
	primary.Kill9(t)
	wg.Wait()
	st.Close()

	// Promote the standby that received the most.
	best, bestLSN := standbys[0], uint64(0)
	for _, s := range standbys {
		lsn, err := receivedLSN(ctx, s.DSN())
		if err != nil {
			t.Fatalf("%s's position: %v", s.Name(), err)
		}
		if lsn >= bestLSN {
			best, bestLSN = s, lsn
		}
	}
	best.Promote(t)
	moved, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	moved.Host = best.Addr()
	st, err = storage.Open(ctx, storage.Options{Postgres: moved.String()})
	if err != nil {
		t.Fatalf("open the node on the promoted standby: %v", err)
	}
	defer st.Close()
	for _, c := range ack {
		rec, found, err := st.Get(ctx, c.Collection, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !found || rec.Fields["kind"].Stamp < crdt.Stamp(c.HLC) {
			lost++
		}
	}
	// The feed is contiguous: a supervisor's pull from the start, page
	// after page, brings every acknowledged change that is there.
	pulled := map[string]bool{}
	for cur := ""; ; {
		p, err := st.Pull(ctx, sup.ID, cur, 500)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range p.Records {
			pulled[r.ID] = true
		}
		if cur = p.Cursor; !p.More {
			break
		}
	}
	missing := 0
	for _, c := range ack {
		if !pulled[c.ID] {
			missing++
		}
	}
	if missing != lost {
		t.Errorf("%d acknowledged changes are missing from the supervisor's pull, %d from the store", missing, lost)
	}
	if lost == 0 {
		// Every acknowledged change is there: a retry of the last one of a
		// client is answered duplicate.
		var last fieldbook.Change
		for k, c := range ack {
			if strings.HasPrefix(k, "dev0/") && c.Seq > last.Seq {
				last = c
			}
		}
		ans, err := st.Sync(ctx, users[0].ID, fieldbook.SyncRequest{ClientID: "dev0", Changes: []fieldbook.SentChange{{Change: last, Size: 200}}})
		if err != nil || ans.Results[0].Status != fieldbook.StatusDuplicate {
			t.Errorf("the last acknowledged change of dev0 sent again to the promoted standby: %+v, %v; want duplicate", ans.Results, err)
		}
	}
	if !synchronous {
		// The operators forced a promotion that lost commits: a new epoch
		// makes every phone reset and send what it holds.
		if err := storage.NewEpoch(ctx, moved.String()); err != nil {
			t.Fatal(err)
		}
		ans, err := st.Sync(ctx, users[0].ID, fieldbook.SyncRequest{ClientID: "reader", Cursor: read.Cursor})
		if err != nil || ans.ResetReason != fieldbook.ResetRestored {
			t.Errorf("a phone's pull after new-epoch: reset %q, %v; want %q", ans.ResetReason, err, fieldbook.ResetRestored)
		}
	}
	t.Logf("synchronous %v: %d acknowledged (%d after the cut), %d lost", synchronous, len(ack), afterCut, lost)
	return lost, len(ack)
}

func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(time.Minute); !cond(); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("still waiting for %s", what)
		}
	}
}

func count(ctx context.Context, dsn, q string) (int64, error) {
	c, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return 0, err
	}
	defer c.Close(ctx)
	var n int64
	err = c.QueryRow(ctx, q).Scan(&n)
	return n, err
}

// receivedLSN is how far a standby received the primary's WAL.
func receivedLSN(ctx context.Context, dsn string) (uint64, error) {
	n, err := count(ctx, dsn, "SELECT (pg_last_wal_receive_lsn() - '0/0')::bigint")
	return uint64(n), err
}
