// Command fieldbook-load measures Fieldbook's sync over HTTP with the
// peers' workload (BENCHMARKS.md "The peers"): changes of about 500 bytes of JSON pushed
// in batches of 100, then pulled back from the start in pages of 1,000.
//
// By default it starts a real server as a process of its own, as a
// deployment runs (this binary with -serve-child: server.New over a fresh
// durable store in a temporary directory, listening on 127.0.0.1) with a
// team of agents, and runs, in order, over loopback HTTP:
//
//	push 1      one client pushes -records changes in batches of -batch
//	pull        the same user pulls everything from cursor "" (limit 1,000)
//	push N      -clients users push -records changes between them at once
//	raw Badger  the same records written straight into a durable Badger,
//	            one commit per batch: the limit a push could reach
//
// and prints a table with the targets of BENCHMARKS.md, the bytes each
// change cost on the wire both ways, and the server process's CPU time and
// peak memory. -in-process runs the server in this process instead; with
// -addr it loads an external server, as -user (every client is then that
// user, with its own client_id). -runs repeats everything and reports
// medians.
//
// -fleet runs the branch network of package workload/fleet instead:
// -agents phones in -teams teams, each syncing every -min–-max with 1–5
// changes and pulling, and a supervisor's screen per team long-polling
// /api/changes and pulling on each wake, for -duration, against a server
// process of its own populated with them; it prints the sync latency
// (p50/p95/p99), the errors, and the server's CPU and peak memory.
package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"runtime/pprof"
	"slices"
	"sync"
	"time"

	"fieldbook/workload"
	"fieldbook/workload/fleet"
)

func main() {
	// Run the in-process server as fieldbook serve runs.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return
		}
		fmt.Fprintln(os.Stderr, "fieldbook-load:", err)
		os.Exit(1)
	}
}

// The limits of docs/protocol.md the load stays within.
const (
	pullLimit  = 1000
	maxChanges = 500
)

type config struct {
	records, batch, clients, runs, size, protocol            int
	addr, user, password, dir, profile, serverProfile, store string
	json, gzip, inProcess, serveChild                        bool
	// fleet runs the branch network instead (fleetCfg, of fleetAgents
	// agents in fleetTeams teams).
	fleet                   bool
	fleetCfg                fleet.Config
	fleetAgents, fleetTeams int
}

// population is who the load's server is made for.
func (c config) population() population {
	if c.fleet {
		return population{fleetAgents: c.fleetAgents, fleetTeams: c.fleetTeams}
	}
	return population{agents: c.clients + 1}
}

func parseFlags(args []string, stderr io.Writer) (config, error) {
	var c config
	fs := flag.NewFlagSet("fieldbook-load", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.IntVar(&c.records, "records", 10_000, "changes to push (each phase)")
	fs.IntVar(&c.batch, "batch", 100, "changes per sync request (at most 500)")
	fs.IntVar(&c.clients, "clients", 8, "concurrent clients of the concurrent push")
	fs.IntVar(&c.runs, "runs", 1, "repeat everything this many times and report the medians")
	fs.IntVar(&c.size, "size", 500, "bytes of JSON each change aims at")
	fs.StringVar(&c.addr, "addr", "", "base URL of an external server (e.g. http://127.0.0.1:8080); default: one in this process")
	fs.StringVar(&c.user, "user", "", "with -addr: username of an agent to push and pull as")
	fs.StringVar(&c.password, "password", "", "with -addr: that agent's password")
	fs.StringVar(&c.dir, "dir", "", "where the in-process store and the raw Badger live (default: the system's temporary directory)")
	fs.StringVar(&c.profile, "cpuprofile", "", "write a CPU profile of the whole load (client, in-process server and raw Badger) to this file")
	fs.StringVar(&c.store, "store", "", "a PostgreSQL database (postgres://…) for the server's store instead of a fresh Badger directory")
	fs.StringVar(&c.serverProfile, "server-cpuprofile", "", "write a CPU profile of the server process to this file (the last run's)")
	fs.BoolVar(&c.json, "json", false, "print the results as JSON")
	fs.BoolVar(&c.gzip, "gzip", true, "ask for gzip answers, as browsers do")
	fs.IntVar(&c.protocol, "protocol", 2, "the sync protocol version to speak (1 echoes every change pushed back in its answer)")
	fs.BoolVar(&c.inProcess, "in-process", false, "run the server in this process instead of a process of its own")
	fs.BoolVar(&c.serveChild, "serve-child", false, "(internal) be the server process of a load")
	fs.BoolVar(&c.fleet, "fleet", false, "run the branch network instead: -agents phones in -teams teams, each syncing every -min–-max with 1–5 changes, and a supervisor's screen per team long-polling, for -duration")
	fs.IntVar(&c.fleetAgents, "agents", 2000, "with -fleet: agents in all")
	fs.IntVar(&c.fleetTeams, "teams", 100, "with -fleet: teams, each with one supervisor")
	c.fleetCfg.AddFlags(fs)
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	switch {
	case fs.NArg() > 0:
		return c, fmt.Errorf("unexpected arguments %v", fs.Args())
	case c.records < 1 || c.clients < 1 || c.runs < 1:
		return c, errors.New("-records, -clients and -runs must be at least 1")
	case c.batch < 1 || c.batch > maxChanges:
		return c, fmt.Errorf("-batch must be from 1 to %d", maxChanges)
	case c.addr != "" && (c.user == "" || c.password == ""):
		return c, errors.New("-addr needs -user and -password")
	case c.protocol < 1:
		return c, errors.New("-protocol must be at least 1")
	case c.fleet && (c.addr != "" || c.json):
		return c, errors.New("-fleet starts its own server and prints a table: not with -addr or -json (fieldbook-fleet runs a fleet against a server already running)")
	case c.fleet && (c.fleetTeams < 1 || c.fleetAgents < c.fleetTeams):
		return c, errors.New("-fleet needs at least one team and as many -agents as -teams")
	case c.fleet && (c.fleetCfg.Min <= 0 || c.fleetCfg.Max < c.fleetCfg.Min || c.fleetCfg.Duration <= 0):
		return c, errors.New("-fleet needs 0 < -min ≤ -max and a -duration")
	}
	c.fleetCfg.Protocol = c.protocol
	return c, nil
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	if cfg.profile != "" {
		f, err := os.Create(cfg.profile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	if cfg.serveChild {
		return serveChild(ctx, cfg, stdout)
	}
	if cfg.fleet {
		return runFleet(ctx, cfg, stdout)
	}
	var runs []report
	for i := range cfg.runs {
		r, err := loadOnce(ctx, cfg)
		if err != nil {
			return fmt.Errorf("run %d: %w", i+1, err)
		}
		runs = append(runs, r)
		if cfg.runs > 1 && !cfg.json {
			fmt.Fprintf(stderr, "run %d: %s\n", i+1, r.summary())
		}
	}
	med := medianReport(runs)
	if cfg.json {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(struct {
			Median report   `json:"median"`
			Runs   []report `json:"runs"`
		}{med, runs})
	}
	printReport(stdout, med, len(runs))
	return nil
}

// phase is the outcome of one part of the load.
type phase struct {
	Name          string  `json:"name"`
	Records       int     `json:"records"`
	Requests      int     `json:"requests"`
	WallMS        float64 `json:"wall_ms"`
	RecordsPerSec float64 `json:"records_per_sec"`
	P50MS         float64 `json:"p50_ms"`
	P95MS         float64 `json:"p95_ms"`
	P99MS         float64 `json:"p99_ms"`
	// ServerMS is the time the server spent in these requests by its own
	// clock (the fieldbook_http_request_seconds histogram of /metrics);
	// nil when the server does not show its metrics.
	ServerMS *float64 `json:"server_ms,omitempty"`
	// ServerCPUMS is the server process's CPU time over the phase (its
	// process_cpu_seconds_total), which a busy machine inflates far less
	// than the wall times; nil when the server does not show it.
	ServerCPUMS *float64 `json:"server_cpu_ms,omitempty"`
	// JobsPerCommit is the mean number of jobs (pushes) that shared one
	// durable group commit.
	JobsPerCommit *float64 `json:"jobs_per_commit,omitempty"`
	// CommitMS is the mean time of one group commit: the writer's jobs,
	// Badger's write and the sync.
	CommitMS *float64 `json:"commit_ms,omitempty"`
	// SentPerRecord and ReceivedPerRecord are the bytes of request and of
	// answer on the wire per record of the phase.
	SentPerRecord     float64 `json:"sent_bytes_per_record,omitempty"`
	ReceivedPerRecord float64 `json:"received_bytes_per_record,omitempty"`
}

func newPhase(name string, records int, wall time.Duration, lat []time.Duration) phase {
	p := phase{Name: name, Records: records, Requests: len(lat), WallMS: ms(wall),
		RecordsPerSec: float64(records) / wall.Seconds()}
	s := slices.Clone(lat)
	slices.Sort(s)
	p.P50MS, p.P95MS, p.P99MS = ms(percentile(s, 50)), ms(percentile(s, 95)), ms(percentile(s, 99))
	return p
}

// withBytes adds the bytes the phase's requests and answers took.
func (p phase) withBytes(sent, received int) phase {
	p.SentPerRecord = float64(sent) / float64(p.Records)
	p.ReceivedPerRecord = float64(received) / float64(p.Records)
	return p
}

// withServer adds what the server's metrics said about the phase.
func (p phase) withServer(before, after serverStats, ok bool) phase {
	if !ok {
		return p
	}
	d := after.sub(before)
	server := d.syncSeconds * 1000
	p.ServerMS = &server
	if d.cpuSeconds > 0 {
		cpu := d.cpuSeconds * 1000
		p.ServerCPUMS = &cpu
	}
	if d.commits > 0 {
		jobs := d.commitJobs / d.commits
		p.JobsPerCommit = &jobs
		commit := d.commitSecs * 1000 / d.commits
		p.CommitMS = &commit
	}
	return p
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// percentile is the nearest-rank percentile of sorted durations.
func percentile(sorted []time.Duration, p int) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := (len(sorted)*p + 99) / 100
	return sorted[max(i, 1)-1]
}

// report is one run of the whole load.
type report struct {
	Server      string  `json:"server"`
	Records     int     `json:"records"`
	Batch       int     `json:"batch"`
	Clients     int     `json:"clients"`
	ChangeBytes float64 `json:"change_bytes"`
	Gzip        bool    `json:"gzip"`
	Protocol    int     `json:"protocol"`
	Push1       phase   `json:"push_1_client"`
	Pull        phase   `json:"pull_from_start"`
	PushN       phase   `json:"push_n_clients"`
	RawTxn      phase   `json:"raw_badger_txn"`
	RawBatch    phase   `json:"raw_badger_writebatch"`
	Checks      []check `json:"checks"`
	// MetricsError says why the server's own times are missing.
	MetricsError string `json:"metrics_error,omitempty"`
	// ServerCPUSeconds and ServerPeakRSS are the server process's, over
	// the whole run, when it ran as a child.
	ServerCPUSeconds *float64 `json:"server_cpu_seconds,omitempty"`
	ServerPeakRSSMB  *float64 `json:"server_peak_rss_mb,omitempty"`
}

func (r report) summary() string {
	server := "n/a"
	if r.Pull.ServerMS != nil {
		server = fmt.Sprintf("%.0f ms", *r.Pull.ServerMS)
	}
	return fmt.Sprintf("push 1 client %.0f/s, pull %.0f/s (server %s), push %d clients %.0f/s, raw Badger %.0f/s",
		r.Push1.RecordsPerSec, r.Pull.RecordsPerSec, server, r.Clients, r.PushN.RecordsPerSec, r.RawTxn.RecordsPerSec)
}

// loadOnce runs every phase once against a fresh server.
func loadOnce(ctx context.Context, cfg config) (report, error) {
	r := report{Records: cfg.records, Batch: cfg.batch, Clients: cfg.clients, Gzip: cfg.gzip, Protocol: cfg.protocol}
	var l *local
	var ch *child
	defer func() {
		if l != nil {
			l.stop()
		}
		if ch != nil {
			ch.stop()
		}
	}()
	base := cfg.addr
	var users []string // the agents of a server of ours
	switch {
	case base != "":
		r.Server = base
	case cfg.inProcess:
		var err error
		if l, err = startLocal(ctx, cfg.dir, cfg.store, cfg.population()); err != nil {
			return r, err
		}
		base, users = l.url, l.users
		r.Server = "in-process " + l.url
	default:
		var err error
		if ch, err = startChild(ctx, cfg.dir, cfg.store, cfg.population(), cfg.serverProfile); err != nil {
			return r, err
		}
		base, users = ch.url, ch.users
		r.Server = "child process " + ch.url
		if cfg.store != "" {
			r.Server += " over PostgreSQL"
		}
	}
	c := newClient(base, cfg.clients, cfg.gzip, cfg.protocol)
	sessions, err := signIn(ctx, c, cfg, users)
	if err != nil {
		return r, err
	}

	// (a) One client pushes everything.
	dev := workload.NewDevice(sessions[0].client, 1, cfg.size)
	batches := dev.Batches(cfg.records, cfg.batch)
	total := 0
	for _, b := range batches {
		for _, ch := range b {
			total += len(ch.JSON)
		}
	}
	r.ChangeBytes = float64(total) / float64(cfg.records)
	before, ok1 := c.stats(ctx)
	start := time.Now()
	lat, sent, received, err := pushAll(ctx, c, sessions[0], batches)
	if err != nil {
		return r, fmt.Errorf("push: %w", err)
	}
	wall := time.Since(start)
	after, ok2 := c.stats(ctx)
	r.Push1 = newPhase("push, 1 client", cfg.records, wall, lat).withServer(before, after, ok1 && ok2).withBytes(sent, received)

	// (b) The same user, as a new phone, pulls everything from the start.
	fresh := &session{token: sessions[0].token, client: sessions[0].client}
	before, ok1 = c.stats(ctx)
	start = time.Now()
	var got int
	lat = lat[:0]
	sent, received = 0, 0
	for {
		p, took, err := c.sync(ctx, fresh, []byte("[]"), pullLimit)
		if err != nil {
			return r, fmt.Errorf("pull: %w", err)
		}
		got += p.records
		sent += p.sent
		received += p.received
		lat = append(lat, took)
		if !p.more {
			break
		}
	}
	wall = time.Since(start)
	after, ok2 = c.stats(ctx)
	if got < cfg.records {
		return r, fmt.Errorf("pull from the start brought %d records; %d were pushed", got, cfg.records)
	}
	r.Pull = newPhase(fmt.Sprintf("pull from \"\", limit %d", pullLimit), got, wall, lat).withServer(before, after, ok1 && ok2).withBytes(sent, received)
	// A pull commits nothing; a commit seen here is the last push's, whose
	// metrics the writer records just after answering it.
	r.Pull.JobsPerCommit, r.Pull.CommitMS = nil, nil

	// (c) The same number of changes from several clients at once. Against
	// an external server they are all -user: start them caught up, so that
	// their first answers do not carry everything pulled above.
	if users == nil {
		for _, s := range sessions[1:] {
			s.cursor = fresh.cursor
		}
	}
	r.PushN, err = pushConcurrently(ctx, c, cfg, sessions[1:])
	if err != nil {
		return r, err
	}

	// (d) The raw limit, on a quiet machine: the server is stopped first.
	if l != nil {
		err := l.stop()
		l = nil
		if err != nil {
			return r, fmt.Errorf("stop the server: %w", err)
		}
	}
	if ch != nil {
		err := ch.stop()
		cpu, rss := ch.cpu.Seconds(), float64(ch.rss)/(1<<20)
		r.ServerCPUSeconds, r.ServerPeakRSSMB = &cpu, &rss
		ch = nil
		if err != nil {
			return r, fmt.Errorf("stop the server: %w", err)
		}
	}
	for _, mode := range []baselineMode{baselineTxn, baselineWriteBatch} {
		wall, lat, err := rawBadger(cfg.dir, mode, batches)
		if err != nil {
			return r, err
		}
		p := newPhase("raw Badger, "+describeMode(mode), cfg.records, wall, lat)
		if mode == baselineTxn {
			r.RawTxn = p
		} else {
			r.RawBatch = p
		}
	}
	r.Checks = checks(r)
	r.MetricsError = c.statsErr
	return r, nil
}

func describeMode(m baselineMode) string {
	if m == baselineTxn {
		return "txn per batch"
	}
	return "WriteBatch+Flush"
}

// signIn returns one session for the single client and one for each
// concurrent client: their own users on a server of ours, the one -user
// on an external one.
func signIn(ctx context.Context, c *client, cfg config, users []string) ([]*session, error) {
	id := make([]byte, 4)
	rand.Read(id)
	run := hex.EncodeToString(id)
	out := make([]*session, cfg.clients+1)
	var shared string
	for i := range out {
		s := &session{client: fmt.Sprintf("load-%s-%d", run, i)}
		var err error
		switch {
		case users != nil:
			s.token, err = c.login(ctx, users[i], loadPassword)
		case shared == "":
			shared, err = c.login(ctx, cfg.user, cfg.password)
			s.token = shared
		default:
			s.token = shared
		}
		if err != nil {
			return nil, err
		}
		out[i] = s
	}
	return out, nil
}

// pushAll sends the batches in order and checks that every change was
// applied; it returns each request's time and the bytes sent and received.
func pushAll(ctx context.Context, c *client, s *session, batches [][]workload.Change) (lat []time.Duration, sent, received int, err error) {
	lat = make([]time.Duration, 0, len(batches))
	for _, b := range batches {
		p, took, err := c.sync(ctx, s, workload.Array(b), pullLimit)
		if err != nil {
			return nil, 0, 0, err
		}
		if p.results != len(b) || p.applied != len(b) {
			return nil, 0, 0, fmt.Errorf("%d of %d changes applied", p.applied, len(b))
		}
		lat = append(lat, took)
		sent += p.sent
		received += p.received
	}
	return lat, sent, received, nil
}

// pushConcurrently splits cfg.records changes between the sessions, which
// push them all at once.
func pushConcurrently(ctx context.Context, c *client, cfg config, sessions []*session) (phase, error) {
	work := make([][][]workload.Change, len(sessions))
	for i, s := range sessions {
		n := cfg.records / len(sessions)
		if i < cfg.records%len(sessions) {
			n++
		}
		work[i] = workload.NewDevice(s.client, uint64(i+2), cfg.size).Batches(n, cfg.batch)
	}
	lats := make([][]time.Duration, len(sessions))
	errs := make([]error, len(sessions))
	before, ok1 := c.stats(ctx)
	gate := make(chan struct{})
	var wg sync.WaitGroup
	for i, s := range sessions {
		wg.Go(func() {
			<-gate
			lats[i], _, _, errs[i] = pushAll(ctx, c, s, work[i])
		})
	}
	start := time.Now()
	close(gate)
	wg.Wait()
	wall := time.Since(start)
	after, ok2 := c.stats(ctx)
	if err := errors.Join(errs...); err != nil {
		return phase{}, fmt.Errorf("concurrent push: %w", err)
	}
	name := fmt.Sprintf("push, %d clients", len(sessions))
	return newPhase(name, cfg.records, wall, slices.Concat(lats...)).withServer(before, after, ok1 && ok2), nil
}
