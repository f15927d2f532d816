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
// sign-in would (the load measures sync, not passwords). The simulation
// is package fieldbook/workload/fleet; `fieldbook-load -fleet` runs the
// same against a server process of its own.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"fieldbook/storage"
	"fieldbook/workload/fleet"
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
	f, err := fleet.Populate(ctx, st, secret, *agents, *teams, "")
	if err != nil {
		return err
	}
	return json.NewEncoder(stdout).Encode(f)
}

func simulate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var c fleet.Config
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.Addr, "addr", "http://127.0.0.1:8080", "the server's base URL")
	fleetFile := fs.String("fleet", "fleet.json", "what populate printed")
	fs.IntVar(&c.Protocol, "protocol", 2, "the sync protocol version the phones speak")
	fs.IntVar(&c.Agents, "agents", 0, "use only this many of the fleet's agents (0: all), for the largest fleet that keeps p99 in bounds")
	c.AddFlags(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	raw, err := os.ReadFile(*fleetFile)
	if err != nil {
		return err
	}
	var f fleet.Fleet
	if err := json.Unmarshal(raw, &f); err != nil {
		return fmt.Errorf("%s: %w", *fleetFile, err)
	}
	r, err := fleet.Run(ctx, c, f)
	if err != nil {
		return err
	}
	return r.Report(stdout)
}
