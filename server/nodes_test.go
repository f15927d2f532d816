package server

// Two Fieldbook nodes over one PostgreSQL: clients switch between them at
// random on every request, one node is killed with SIGKILL mid-push, and
// the clients carry on with the other. Nothing acknowledged is lost,
// nothing is applied twice, and every device converges.

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"fieldbook"
	"fieldbook/auth"
	"fieldbook/storage"
	"fieldbook/storage/pgtest"
	"fieldbook/sync/client"
)

func TestTwoNodesOverPostgresLoseNothingThroughAKill(t *testing.T) {
	if testing.Short() {
		t.Skip("starts PostgreSQL and child server processes")
	}
	dsn := pgtest.Start(t).NewDatabase(t)
	ctx := context.Background()
	st, err := storage.Open(ctx, storage.Options{Postgres: dsn})
	if err != nil {
		t.Fatal(err)
	}
	team, err := st.CreateTeam(ctx, "一队", "")
	if err != nil {
		t.Fatal(err)
	}
	hash, _ := auth.HashPassword(testPassword, cheap)
	const clients = 4
	var users []fieldbook.User
	for i := range clients + 1 {
		role, name := fieldbook.RoleAgent, fmt.Sprintf("a%d", i)
		if i == clients {
			role, name = fieldbook.RoleSupervisor, "sup"
		}
		u, err := st.CreateUser(ctx, fieldbook.User{Username: name, Role: role, TeamID: team.ID, PasswordHash: hash})
		if err != nil {
			t.Fatal(err)
		}
		users = append(users, u)
	}
	st.Close()

	nodeA, urlA := startChildWith(t, "FIELDBOOK_CHILD_STORE="+dsn)
	_, urlB := startChildWith(t, "FIELDBOOK_CHILD_STORE="+dsn)
	urls := []string{urlA, urlB}
	var killed atomic.Bool // node A is gone
	pick := func(rng *rand.Rand) string {
		if killed.Load() {
			return urlB
		}
		return urls[rng.IntN(2)]
	}

	var mu sync.Mutex
	acked := map[string]fieldbook.Change{}
	replicas := make([]*client.Replica, clients)
	var rounds atomic.Int64 // rounds done after the kill
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for i := range clients {
		replicas[i] = client.New(fmt.Sprintf("dev%d", i), nil)
		tok, err := loginHTTP(urlA, users[i].Username)
		if err != nil {
			t.Fatal(err)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(i), 11))
			rep := replicas[i]
			for n := 0; !stopped(stop); n++ {
				writeCalls(rep, 5, fmt.Sprintf("%d-%d", i, n))
				// A request that finds its node gone goes to the other,
				// as a phone behind a load balancer retries.
				for try := 0; ; try++ {
					tr := &ledgerHTTP{HTTP: client.HTTP{BaseURL: pick(rng), Token: tok}, mu: &mu, acked: acked}
					err := rep.Sync(ctx, tr)
					for _, r := range tr.refused {
						t.Errorf("dev%d: %s", i, r)
					}
					if err == nil {
						break
					}
					if try == 50 {
						t.Errorf("dev%d: no node answers: %v", i, err)
						return
					}
				}
				if killed.Load() {
					rounds.Add(1)
				}
			}
		}()
	}
	// Kill node A once every client has had a few rounds on both nodes.
	waitFor(t, "acknowledged changes before the kill", func() bool {
		mu.Lock()
		defer mu.Unlock()
		return len(acked) >= 100
	})
	if err := nodeA.Process.Kill(); err != nil { // SIGKILL, mid-push
		t.Fatal(err)
	}
	nodeA.Wait()
	killed.Store(true)
	waitFor(t, "rounds on the node that lives", func() bool { return rounds.Load() >= 4*clients })
	close(stop)
	wg.Wait()
	if t.Failed() {
		return
	}

	// Every device settles on the living node and holds what it wrote.
	for i, rep := range replicas {
		tok, err := loginHTTP(urlB, users[i].Username)
		if err != nil {
			t.Fatal(err)
		}
		if err := rep.Sync(ctx, &client.HTTP{BaseURL: urlB, Token: tok}); err != nil || rep.Pending() != 0 {
			t.Fatalf("dev%d does not settle on the living node: %v (%d unsent)", i, err, rep.Pending())
		}
	}
	st, err = storage.Open(ctx, storage.Options{Postgres: dsn})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	checkAcked(t, st, acked)
	// The supervisor, pulling from the living node, holds every activity
	// each device holds, and no other.
	sup := client.New("dev-sup", nil)
	tok, err := loginHTTP(urlB, "sup")
	if err != nil {
		t.Fatal(err)
	}
	if err := sup.Sync(ctx, &client.HTTP{BaseURL: urlB, Token: tok}); err != nil {
		t.Fatal(err)
	}
	held := 0
	for _, rep := range replicas {
		for k, f := range rep.ServerCopy() {
			if k.Collection != fieldbook.Activities {
				continue
			}
			held++
			if got, ok := sup.ServerCopy()[k]; !ok || got.Version() != f.Version() {
				t.Fatalf("%v: the supervisor holds version %v, its device %v", k, got.Version(), f.Version())
			}
		}
	}
	supHeld := 0
	for k := range sup.ServerCopy() {
		if k.Collection == fieldbook.Activities {
			supHeld++
		}
	}
	if supHeld != held {
		t.Fatalf("the supervisor holds %d activities, the devices %d", supHeld, held)
	}
	t.Logf("%d acknowledged changes, %d activities converged across two nodes and a kill", len(acked), held)
}

// waitFor polls cond until it holds; the deadline only guards against a
// hang.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(2 * time.Minute); !cond(); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("still waiting for %s", what)
		}
	}
}

// TestHealthFollowsThePrimary: a node over PostgreSQL is healthy while its
// database answers, answers 503 with the reason while it is down (and
// every request 503 unavailable), and is healthy again once it is back;
// /metrics carries the pool's gauges.
func TestHealthFollowsThePrimary(t *testing.T) {
	db := pgtest.Start(t)
	e := newEnvOn(t, storage.Options{Postgres: db.NewDatabase(t)})
	if a := e.must(200, "GET", "/healthz", "", nil); a.body["status"] != "ok" {
		t.Fatalf("healthz: %s", a.raw)
	}
	m := e.must(200, "GET", "/metrics", "", nil)
	if !strings.Contains(string(m.raw), "fieldbook_store_pool_connections_max") {
		t.Errorf("/metrics has no pool gauges:\n%s", m.raw)
	}
	tm := e.team("一队")
	li := e.person("li", fieldbook.RoleAgent, tm.ID)
	db.Kill9(t)
	waitFor(t, "/healthz to say the database is gone", func() bool {
		a := e.do("GET", "/healthz", "", nil)
		return a.status == 503 && a.body["status"] == "unavailable" && a.body["reason"] != ""
	})
	// A request meanwhile is told to come back (503), not a failure (500).
	if a := e.do("POST", "/api/sync", li.access, map[string]any{"client_id": li.client, "cursor": "", "changes": []any{}}); a.status != 503 || a.code() != "unavailable" {
		t.Errorf("a sync while the database is down: %d %s, want 503 unavailable", a.status, a.raw)
	}
	db.Restart(t)
	waitFor(t, "/healthz to recover with the database", func() bool {
		return e.do("GET", "/healthz", "", nil).status == 200
	})
}
