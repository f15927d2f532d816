// Command fieldbook-fleet simulates a branch network against a running
// Fieldbook server, as a deployment sees it: thousands of agents' phones
// each syncing every 30–60 s with 1–5 changes and pulling what changed,
// and the supervisors' screens long-polling /api/changes and pulling on
// each wake. It reports the sync latency (p50, p95, p99), the errors (there
// must be none), and the server's CPU and memory from its /metrics.
//
//	fieldbook-fleet populate --data DIR | --store postgres://… [--agents 2000 --teams 100] > fleet.json
//	fieldbook serve --data DIR | --store … --sync-rate 0 &
//	fieldbook-fleet run --addr http://127.0.0.1:8080 --fleet fleet.json [--duration 5m]
//
// populate writes the teams and users straight into the store (the server
// stopped, for Badger) and prints the fleet: the users and the store's
// token secret, with which run signs each phone's access token as a
// sign-in would (the load measures sync, not passwords).
package main

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"fieldbook"
	"fieldbook/storage"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return
		}
		fmt.Fprintln(os.Stderr, "fieldbook-fleet:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return errors.New("usage: fieldbook-fleet populate|run [flags]")
	}
	switch args[0] {
	case "populate":
		return populate(ctx, args[1:], stdout, stderr)
	case "run":
		return simulate(ctx, args[1:], stdout, stderr)
	}
	return fmt.Errorf("unknown command %q: populate or run", args[0])
}

// fleet is what populate prints and run reads.
type fleet struct {
	Secret      string   `json:"secret"` // hex
	Agents      []member `json:"agents"`
	Supervisors []member `json:"supervisors"`
}

type member struct {
	ID   string `json:"id"`
	Team string `json:"team"`
}

func populate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("populate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := fs.String("data", "", "a Badger store's directory (the server stopped)")
	dsn := fs.String("store", "", "a PostgreSQL store (postgres://…)")
	agents := fs.Int("agents", 2000, "agents in all")
	teams := fs.Int("teams", 100, "teams, each with one supervisor")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if (*dir == "") == (*dsn == "") || *teams < 1 || *agents < *teams {
		return errors.New("populate needs --data or --store, and at least as many agents as teams")
	}
	st, err := storage.Open(ctx, storage.Options{Dir: *dir, Postgres: *dsn})
	if err != nil {
		return err
	}
	defer st.Close()
	secret, err := st.Secret()
	if err != nil {
		return err
	}
	f := fleet{Secret: hex.EncodeToString(secret)}
	for ti := range *teams {
		t, err := st.CreateTeam(ctx, fmt.Sprintf("营业部%03d", ti+1), "")
		if err != nil {
			return err
		}
		sup, err := st.CreateUser(ctx, fieldbook.User{Username: fmt.Sprintf("fleet-sup-%d", ti), Name: fmt.Sprintf("主管%d", ti+1),
			Role: fieldbook.RoleSupervisor, TeamID: t.ID, PasswordHash: "not-a-password"})
		if err != nil {
			return err
		}
		f.Supervisors = append(f.Supervisors, member{sup.ID, t.ID})
		for ai := ti; ai < *agents; ai += *teams {
			a, err := st.CreateUser(ctx, fieldbook.User{Username: fmt.Sprintf("fleet-agent-%d", ai), Name: fmt.Sprintf("业务员%d", ai+1),
				Role: fieldbook.RoleAgent, TeamID: t.ID, PasswordHash: "not-a-password"})
			if err != nil {
				return err
			}
			f.Agents = append(f.Agents, member{a.ID, t.ID})
		}
	}
	enc := json.NewEncoder(stdout)
	return enc.Encode(f)
}
