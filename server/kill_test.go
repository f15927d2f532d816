package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"fieldbook"
	"fieldbook/auth"
	"fieldbook/storage"
	"fieldbook/sync/client"
	"fieldbook/sync/crdt"
	"fieldbook/sync/rules"
)

// TestMain lets this test binary also be the child server process of the
// kill -9 test.
func TestMain(m *testing.M) {
	if dir, dsn := os.Getenv("FIELDBOOK_CHILD_DATA"), os.Getenv("FIELDBOOK_CHILD_STORE"); dir != "" || dsn != "" {
		if err := runChild(storage.Options{Dir: dir, Postgres: dsn}, os.Getenv("FIELDBOOK_CHILD_ADDR_FILE")); err != nil {
			fmt.Fprintln(os.Stderr, "child:", err)
			os.Exit(1)
		}
		return
	}
	os.Exit(m.Run())
}

// runChild serves a real server over the store where names until killed.
func runChild(where storage.Options, addrFile string) error {
	st, err := storage.Open(context.Background(), where)
	if err != nil {
		return err
	}
	secret, err := st.Secret()
	if err != nil {
		return err
	}
	signer, err := auth.NewSigner(secret, nil)
	if err != nil {
		return err
	}
	srv := New(Config{Stores: stores(st), Signer: signer, Passwords: cheap})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	if err := os.WriteFile(addrFile+".tmp", []byte(ln.Addr().String()), 0o600); err != nil {
		return err
	}
	if err := os.Rename(addrFile+".tmp", addrFile); err != nil {
		return err
	}
	return srv.Serve(ln)
}

func startChild(t *testing.T, dir string) (*exec.Cmd, string) {
	t.Helper()
	return startChildWith(t, "FIELDBOOK_CHILD_DATA="+dir)
}

// startChildWith starts a child server with the environment entry that
// names its store (FIELDBOOK_CHILD_DATA or FIELDBOOK_CHILD_STORE) and
// returns it with its base URL.
func startChildWith(t *testing.T, store string) (*exec.Cmd, string) {
	t.Helper()
	addrFile := filepath.Join(t.TempDir(), "addr")
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), store, "FIELDBOOK_CHILD_ADDR_FILE="+addrFile)
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// A child the test did not kill itself stops with the test.
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			cmd.Wait()
		}
	})
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if b, err := os.ReadFile(addrFile); err == nil {
			return cmd, "http://" + string(b)
		}
	}
	cmd.Process.Kill()
	t.Fatal("the child server did not start")
	return nil, ""
}

// TestKill9ChildServerLosesNothingAcknowledged pushes from several clients
// into a child server process and kills it with SIGKILL mid-stream, three
// times. Every change answered applied must be in the store afterwards,
// the store must open cleanly, and no client may be told seq_gap (which
// would mean the server forgot a seq it had acknowledged).
func TestKill9ChildServerLosesNothingAcknowledged(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child server processes")
	}
	dir := t.TempDir()
	ctx := context.Background()
	st, err := storage.Open(ctx, storage.Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	team, _ := st.CreateTeam(ctx, "一队", "")
	hash, _ := auth.HashPassword(testPassword, cheap)
	const clients = 4
	var users []fieldbook.User
	for i := range clients {
		u, err := st.CreateUser(ctx, fieldbook.User{Username: fmt.Sprintf("a%d", i), Role: fieldbook.RoleAgent, TeamID: team.ID, PasswordHash: hash})
		if err != nil {
			t.Fatal(err)
		}
		users = append(users, u)
	}
	st.Close()

	var mu sync.Mutex
	acked := map[string]fieldbook.Change{} // client/seq → change answered applied
	replicas := make([]*client.Replica, clients)
	for i := range replicas {
		replicas[i] = client.New(fmt.Sprintf("dev%d", i), nil)
	}
	for cycle := range 3 {
		cmd, url := startChild(t, dir)
		var wg sync.WaitGroup
		stop := make(chan struct{})
		for i, u := range users {
			wg.Add(1)
			go func() {
				defer wg.Done()
				tr := &ledgerHTTP{HTTP: client.HTTP{BaseURL: url}, mu: &mu, acked: acked}
				defer func() {
					for _, r := range tr.refused {
						t.Errorf("%s was refused: %s", u.Username, r)
					}
				}()
				tok, err := loginHTTP(url, u.Username)
				if err != nil {
					t.Error(err)
					return
				}
				tr.Token = tok
				rep := replicas[i]
				for n := 0; !stopped(stop); n++ {
					writeCalls(rep, 5, fmt.Sprintf("c%d-%d", cycle, n))
					if err := rep.Sync(ctx, tr); err != nil {
						return // the server died under us, or refused (checked below)
					}
				}
			}()
		}
		time.Sleep(time.Duration(300+cycle*200) * time.Millisecond)
		if err := cmd.Process.Kill(); err != nil { // SIGKILL
			t.Fatal(err)
		}
		cmd.Wait()
		close(stop)
		wg.Wait()
		if t.Failed() {
			return
		}
	}

	st, err = storage.Open(ctx, storage.Options{Dir: dir})
	if err != nil {
		t.Fatalf("the store does not open after kill -9: %v", err)
	}
	defer st.Close()
	checkAcked(t, st, acked)
	if len(acked) < 50 {
		t.Fatalf("only %d changes were acknowledged; the test pushed too little", len(acked))
	}
	t.Logf("%d acknowledged changes survived 3 kills", len(acked))
}

// stopped reports whether stop is closed.
func stopped(stop <-chan struct{}) bool {
	select {
	case <-stop:
		return true
	default:
		return false
	}
}

// writeCalls records n calls on the replica, with outcome.
func writeCalls(rep *client.Replica, n int, outcome string) {
	for range n {
		rep.Write(fieldbook.Activities, rules.NewID(), map[string]any{"kind": "call", "occurred_at": "2026-11-27T09:00:00+08:00", "outcome": outcome})
	}
}

// checkAcked fails the test unless the store holds every change answered
// applied, each field at least as new as the change.
func checkAcked(t *testing.T, st *storage.Engine, acked map[string]fieldbook.Change) {
	t.Helper()
	for k, c := range acked {
		rec, found, err := st.Get(context.Background(), c.Collection, c.ID)
		if err != nil || !found {
			t.Fatalf("acknowledged change %s (%s) is lost: %v", k, c.ID, err)
		}
		for name := range c.Fields {
			if rec.Fields[name].Stamp < crdt.Stamp(c.HLC) {
				t.Fatalf("acknowledged change %s: field %s lost", k, name)
			}
		}
	}
}

// ledgerHTTP is the HTTP transport that remembers every change answered
// applied.
type ledgerHTTP struct {
	client.HTTP
	mu      *sync.Mutex
	acked   map[string]fieldbook.Change
	refused []string
}

func (l *ledgerHTTP) Sync(ctx context.Context, req client.Request) (client.Response, error) {
	resp, err := l.HTTP.Sync(ctx, req)
	var se *client.StatusError
	if errors.As(err, &se) {
		// A seq_gap would mean the server forgot a seq it acknowledged;
		// the replica would quietly renumber, so note it here.
		l.mu.Lock()
		l.refused = append(l.refused, se.Error())
		l.mu.Unlock()
	}
	if err == nil {
		l.mu.Lock()
		for _, r := range resp.Results {
			if r.Status == fieldbook.StatusApplied {
				for _, c := range req.Changes {
					if c.Seq == r.Seq {
						k := req.ClientID + "/" + strconv.FormatInt(c.Seq, 10)
						if _, twice := l.acked[k]; twice {
							l.refused = append(l.refused, "change "+k+" was applied twice")
						}
						l.acked[k] = c
					}
				}
			}
		}
		l.mu.Unlock()
	}
	return resp, err
}

func loginHTTP(url, username string) (string, error) {
	body, _ := json.Marshal(map[string]string{"username": username, "password": testPassword})
	resp, err := httpPost(url+"/api/auth/login", body)
	if err != nil {
		return "", err
	}
	var pair tokenPair
	if err := json.Unmarshal(resp, &pair); err != nil || pair.AccessToken == "" {
		return "", fmt.Errorf("login %s: %s", username, resp)
	}
	return pair.AccessToken, nil
}
