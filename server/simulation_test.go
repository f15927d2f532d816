package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"fieldbook"
	"fieldbook/auth"
	"fieldbook/storage"
	"fieldbook/sync/client"
	"fieldbook/sync/crdt"
	"fieldbook/sync/rules"
)

// simServer is a server over an on-disk store that the simulation can
// restart at any moment between requests.
type simServer struct {
	t   *testing.T
	dir string
	st  *storage.Engine
	srv *Server
}

func (s *simServer) start() {
	st, err := storage.Open(context.Background(), storage.Options{Dir: s.dir})
	if err != nil {
		s.t.Fatal(err)
	}
	secret, err := st.Secret()
	if err != nil {
		s.t.Fatal(err)
	}
	signer, err := auth.NewSigner(secret, nil)
	if err != nil {
		s.t.Fatal(err)
	}
	s.st, s.srv = st, New(Config{Stores: stores(st), Signer: signer, Passwords: cheap})
}

func (s *simServer) stop() {
	s.srv.Shutdown(context.Background())
	if err := s.st.Close(); err != nil {
		s.t.Fatal(err)
	}
}

// post sends a request through the server's whole HTTP stack in memory.
func (s *simServer) post(path, token string, body []byte) (int, []byte) {
	req := httptest.NewRequest("POST", path, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := s.srv.App().Test(req, -1)
	if err != nil {
		s.t.Fatalf("POST %s: %v", path, err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if resp.StatusCode >= 500 {
		s.t.Fatalf("POST %s answered %d: %s", path, resp.StatusCode, raw)
	}
	return resp.StatusCode, raw
}

// ledger is what every answer the devices or the network saw said.
type ledger struct {
	applied map[string]int              // client/seq → times answered applied
	changes map[string]fieldbook.Change // client/seq → the change applied
}

// network is a Transport between one device and the server that drops
// requests, loses answers, duplicates requests and replays old ones late.
type network struct {
	r       *rand.Rand
	srv     *simServer
	token   string
	ledger  *ledger
	delayed *[]func()
	faults  bool
}

func (n *network) deliver(req client.Request) (client.Response, error) {
	body, _ := json.Marshal(req)
	status, raw := n.srv.post("/api/sync", n.token, body)
	resp, err := client.Decode(status, raw)
	if err == nil {
		for _, res := range resp.Results {
			if res.Status == fieldbook.StatusApplied {
				k := req.ClientID + "/" + strconv.FormatInt(res.Seq, 10)
				n.ledger.applied[k]++
				for _, c := range req.Changes {
					if c.Seq == res.Seq {
						n.ledger.changes[k] = c
					}
				}
			}
		}
	}
	return resp, err
}

var errNetwork = fmt.Errorf("network fault")

func (n *network) Sync(_ context.Context, req client.Request) (client.Response, error) {
	if !n.faults {
		return n.deliver(req)
	}
	switch p := n.r.Float64(); {
	case p < 0.10: // lost on the way
		return client.Response{}, errNetwork
	case p < 0.20: // processed, answer lost
		n.deliver(req)
		return client.Response{}, errNetwork
	case p < 0.30: // duplicated on the way
		n.deliver(req)
		return n.deliver(req)
	case p < 0.40: // a copy arrives much later
		*n.delayed = append(*n.delayed, func() { n.deliver(req) })
		return n.deliver(req)
	}
	return n.deliver(req)
}

type simDevice struct {
	user fieldbook.User
	rep  *client.Replica
	net  *network
}

// TestConvergenceSimulation runs seeded rounds of devices of several users
// editing, deleting, reviewing and syncing over a faulty network while the
// server restarts now and then. At the end every device holds exactly the
// server's view for its user, every change acknowledged as applied is in
// the store (or beaten by a newer stamp), and none was applied twice.
// FIELDBOOK_SIM_ROUNDS and FIELDBOOK_SIM_SEEDS make it run longer.
func TestConvergenceSimulation(t *testing.T) {
	rounds, seeds := 1500, 3
	if v, err := strconv.Atoi(os.Getenv("FIELDBOOK_SIM_ROUNDS")); err == nil {
		rounds = v
	}
	if v, err := strconv.Atoi(os.Getenv("FIELDBOOK_SIM_SEEDS")); err == nil {
		seeds = v
	}
	for seed := range uint64(seeds) {
		t.Run(fmt.Sprintf("seed%d", seed), func(t *testing.T) { simulate(t, seed, rounds) })
	}
}

func simulate(t *testing.T, seed uint64, rounds int) {
	r := rand.New(rand.NewPCG(seed, 42))
	srv := &simServer{t: t, dir: t.TempDir()}
	srv.start()
	defer func() { srv.stop() }()

	ctx := context.Background()
	hash, _ := auth.HashPassword(testPassword, cheap)
	mk := func(name string, role fieldbook.Role, team string) fieldbook.User {
		u, err := srv.st.CreateUser(ctx, fieldbook.User{Username: name, Name: name, Role: role, TeamID: team, PasswordHash: hash})
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	ta, _ := srv.st.CreateTeam(ctx, "A", "")
	tb, _ := srv.st.CreateTeam(ctx, "B", "")
	users := []fieldbook.User{mk("a1", fieldbook.RoleAgent, ta.ID), mk("a2", fieldbook.RoleAgent, ta.ID),
		mk("b1", fieldbook.RoleAgent, tb.ID), mk("s1", fieldbook.RoleSupervisor, ta.ID)}
	tokens := map[string]string{}
	for _, u := range users {
		body, _ := json.Marshal(map[string]string{"username": u.Username, "password": testPassword})
		status, raw := srv.post("/api/auth/login", "", body)
		var pair tokenPair
		if status != 200 || json.Unmarshal(raw, &pair) != nil {
			t.Fatalf("login %s: %d %s", u.Username, status, raw)
		}
		tokens[u.ID] = pair.AccessToken
	}

	led := &ledger{applied: map[string]int{}, changes: map[string]fieldbook.Change{}}
	var delayed []func()
	var devices []*simDevice
	for _, u := range users {
		n := 2
		if u.Role == fieldbook.RoleSupervisor {
			n = 1
		}
		for i := range n {
			id := fmt.Sprintf("%s-dev%d", u.Username, i)
			skew := time.Duration(r.IntN(120)-60) * time.Second // device clocks a minute off either way
			rep := client.New(id, func() time.Time { return time.Now().Add(skew) })
			rep.Limit = 1 + r.IntN(4)    // small pages: a cursor that skipped would show
			rep.Protocol = 1 + r.IntN(3) // old apps and new: 2's answers leave out what was sent, 3 pulls from the beginning in phases
			devices = append(devices, &simDevice{user: u, rep: rep,
				net: &network{r: r, srv: srv, token: tokens[u.ID], ledger: led, delayed: &delayed, faults: true}})
		}
	}
	dates := []string{"2026-11-25", "2026-11-26", "2026-11-27"}

	for range rounds {
		d := devices[r.IntN(len(devices))]
		switch p := r.Float64(); {
		case p < 0.01:
			srv.stop()
			srv.start()
		case p < 0.05 && len(delayed) > 0:
			i := r.IntN(len(delayed))
			delayed[i]()
			delayed = append(delayed[:i], delayed[i+1:]...)
		case p < 0.40:
			d.rep.Sync(ctx, d.net) // errors are the network's; the next sync retries
		default:
			act(t, r, d, dates)
		}
	}

	// Heal the network: every device sends what it holds, then all pull.
	for _, d := range devices {
		d.net.faults = false
		if err := d.rep.Sync(ctx, d.net); err != nil {
			t.Fatalf("%s: final sync: %v", d.rep.ClientID, err)
		}
	}
	for _, d := range devices {
		if err := d.rep.Sync(ctx, d.net); err != nil {
			t.Fatalf("%s: final pull: %v", d.rep.ClientID, err)
		}
	}
	// Late copies of old requests change nothing now.
	for _, f := range delayed {
		f()
	}

	truth := map[string]map[client.Key]crdt.Fields{}
	for _, u := range users {
		fresh := client.New("truth-"+u.Username, nil)
		if err := fresh.Sync(ctx, &network{srv: srv, token: tokens[u.ID], ledger: led}); err != nil {
			t.Fatal(err)
		}
		truth[u.ID] = fresh.ServerCopy()
	}
	for _, d := range devices {
		if d.rep.Pending() != 0 {
			t.Errorf("%s still holds %d unsent changes", d.rep.ClientID, d.rep.Pending())
		}
		want, got := truth[d.user.ID], d.rep.View()
		if len(got) != len(want) {
			t.Errorf("%s holds %d records, the server shows its user %d", d.rep.ClientID, len(got), len(want))
		}
		for k, w := range want {
			if g := got[k]; !g.Equal(w) {
				t.Errorf("%s: %v differs from the server:\n got %v\nwant %v", d.rep.ClientID, k, g, w)
			}
		}
	}
	applied := 0
	for k, n := range led.applied {
		if n > 1 {
			t.Errorf("change %s was answered applied %d times", k, n)
		}
		applied++
		c := led.changes[k]
		st, found, err := srv.st.Get(ctx, c.Collection, c.ID)
		if err != nil || !found {
			t.Fatalf("applied change %s: record %s/%s is gone (%v)", k, c.Collection, c.ID, err)
		}
		for name := range c.Fields {
			if st.Fields[name].Stamp < crdt.Stamp(c.HLC) {
				t.Errorf("applied change %s: field %s lost (store stamp %s < %s)", k, name, st.Fields[name].Stamp, c.HLC)
			}
		}
	}
	rejected := 0
	for _, d := range devices {
		rejected += len(d.rep.Rejected)
	}
	t.Logf("seed %d: %d rounds, %d changes applied, %d rejected with a reason", seed, rounds, applied, rejected)
	if applied < rounds/4 {
		t.Errorf("only %d changes applied: the simulation exercises too little", applied)
	}
}

// act makes one random local change fitting the device's user.
func act(t *testing.T, r *rand.Rand, d *simDevice, dates []string) {
	view := d.rep.View()
	var mine []client.Key
	for k, f := range view {
		if string(f[fieldbook.FieldOwner].Value) == `"`+d.user.ID+`"` || f[fieldbook.FieldOwner].Value == nil {
			mine = append(mine, k)
		}
	}
	pick := func(collection string) (client.Key, bool) {
		var ks []client.Key
		for _, k := range mine {
			if k.Collection == collection {
				ks = append(ks, k)
			}
		}
		if len(ks) == 0 {
			return client.Key{}, false
		}
		slicesSort(ks)
		return ks[r.IntN(len(ks))], true
	}
	write := func(collection, id string, fields map[string]any) {
		if err := d.rep.Write(collection, id, fields); err != nil {
			t.Fatal(err)
		}
	}
	if d.user.Role == fieldbook.RoleSupervisor {
		var logs, acts []client.Key
		for k, f := range view {
			switch {
			case k.Collection == fieldbook.DayLogs && string(f[fieldbook.FieldState].Value) == `"submitted"`:
				logs = append(logs, k)
			case k.Collection == fieldbook.Activities:
				acts = append(acts, k)
			}
		}
		slicesSort(logs)
		slicesSort(acts)
		switch {
		case len(logs) > 0 && r.IntN(3) > 0:
			k := logs[r.IntN(len(logs))]
			state, comment := "approved", ""
			if r.IntN(4) == 0 {
				state, comment = "returned", "请补充客户需求"
			}
			write(k.Collection, k.ID, map[string]any{"state": state, "review_comment": comment, "reviewed_version": string(view[k].Version())})
		case len(acts) > 0:
			k := acts[r.IntN(len(acts))]
			write(k.Collection, k.ID, map[string]any{"voided": r.IntN(2) == 0, "void_reason": "抽查"})
		}
		return
	}
	switch p := r.Float64(); {
	case p < 0.2:
		write(fieldbook.Prospects, rules.NewID(), map[string]any{"name": fmt.Sprintf("客户%d", r.IntN(1000)), "grade": []string{"A", "B", "C", "D"}[r.IntN(4)]})
	case p < 0.35:
		if k, ok := pick(fieldbook.Prospects); ok {
			write(k.Collection, k.ID, map[string]any{"stage": rules.ProspectStages[r.IntN(len(rules.ProspectStages))], "trust_score": r.IntN(11)})
		}
	case p < 0.42:
		if k, ok := pick(fieldbook.Prospects); ok {
			write(k.Collection, k.ID, map[string]any{"_deleted": r.IntN(3) > 0})
		}
	case p < 0.47: // a bad value: rejected with a reason, never merged
		write(fieldbook.Prospects, rules.NewID(), map[string]any{"name": "x", "grade": "Z"})
	case p < 0.65:
		kind := rules.ActivityKinds[r.IntN(len(rules.ActivityKinds))]
		f := map[string]any{"kind": kind, "occurred_at": "2026-11-2" + strconv.Itoa(5+r.IntN(3)) + "T10:00:00+08:00"}
		if kind == "deal" {
			f["premium"] = 1000 * (1 + r.IntN(20))
		}
		write(fieldbook.Activities, rules.NewID(), f)
	default: // both devices of an agent write the same day's log
		date := dates[r.IntN(len(dates))]
		f := map[string]any{"date": date, "summary": strings.Repeat("好", 1+r.IntN(5)), "plan": map[string]int{"visit": r.IntN(6)}}
		if r.IntN(2) == 0 {
			f["state"] = []string{"draft", "submitted"}[r.IntN(2)]
		}
		write(fieldbook.DayLogs, rules.DayLogID(d.user.ID, date), f)
	}
}

func slicesSort(ks []client.Key) {
	for i := 1; i < len(ks); i++ {
		for j := i; j > 0 && (ks[j].Collection+ks[j].ID) < (ks[j-1].Collection+ks[j-1].ID); j-- {
			ks[j], ks[j-1] = ks[j-1], ks[j]
		}
	}
}
