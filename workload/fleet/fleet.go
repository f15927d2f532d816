// Package fleet simulates a branch network against a running Fieldbook
// server, as a deployment sees it: thousands of agents' phones each
// syncing every 30–60 s with 1–5 changes and pulling what changed, and the
// supervisors' screens long-polling /api/changes and pulling on each wake.
// Run reports the sync latency (p50, p95, p99), the errors (there must be
// none), and the server's CPU and memory from its /metrics. The commands
// fieldbook-fleet (against a server already running) and fieldbook-load
// -fleet (against a server process of its own) both run it.
package fleet

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"math/rand/v2"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"fieldbook"
	"fieldbook/auth"
	"fieldbook/workload"
)

// Fleet is the users of a populated store and its token secret, with
// which Run signs each phone's access token as a sign-in would (the load
// measures sync, not passwords).
type Fleet struct {
	Secret      string   `json:"secret"` // hex
	Agents      []Member `json:"agents"`
	Supervisors []Member `json:"supervisors"`
}

// Member is one user of the fleet and their team.
type Member struct {
	ID   string `json:"id"`
	Team string `json:"team"`
}

// Directory is what Populate needs of a store.
type Directory interface {
	CreateTeam(ctx context.Context, name, timeZone string) (fieldbook.Team, error)
	CreateUser(ctx context.Context, u fieldbook.User) (fieldbook.User, error)
}

// Populate creates teams teams, each with one supervisor, and agents
// agents dealt round the teams, and returns the fleet with secret, the
// store's token secret. tag is added to every team's and user's name, so
// that fleets may share a store ("" for none). The users have no
// password: the fleet signs its own tokens.
func Populate(ctx context.Context, d Directory, secret []byte, agents, teams int, tag string) (Fleet, error) {
	if teams < 1 || agents < teams {
		return Fleet{}, errors.New("a fleet needs at least one team and as many agents as teams")
	}
	f := Fleet{Secret: hex.EncodeToString(secret)}
	for ti := range teams {
		t, err := d.CreateTeam(ctx, fmt.Sprintf("营业部%03d%s", ti+1, tag), "")
		if err != nil {
			return f, fmt.Errorf("fleet team %d: %w", ti+1, err)
		}
		sup, err := d.CreateUser(ctx, fieldbook.User{Username: fmt.Sprintf("fleet%s-sup-%d", tag, ti), Name: fmt.Sprintf("主管%d", ti+1),
			Role: fieldbook.RoleSupervisor, TeamID: t.ID, PasswordHash: "not-a-password"})
		if err != nil {
			return f, fmt.Errorf("fleet supervisor %d: %w", ti+1, err)
		}
		f.Supervisors = append(f.Supervisors, Member{sup.ID, t.ID})
		for ai := ti; ai < agents; ai += teams {
			a, err := d.CreateUser(ctx, fieldbook.User{Username: fmt.Sprintf("fleet%s-agent-%d", tag, ai), Name: fmt.Sprintf("业务员%d", ai+1),
				Role: fieldbook.RoleAgent, TeamID: t.ID, PasswordHash: "not-a-password"})
			if err != nil {
				return f, fmt.Errorf("fleet agent %d: %w", ai+1, err)
			}
			f.Agents = append(f.Agents, Member{a.ID, t.ID})
		}
	}
	return f, nil
}

// Config is how a fleet runs.
type Config struct {
	// Addr is the server's base URL.
	Addr string
	// Duration is how long the fleet runs.
	Duration time.Duration
	// Min and Max bound the pause between a phone's syncs.
	Min, Max time.Duration
	// Protocol is the sync protocol version the phones speak.
	Protocol int
	// Agents, when above 0, runs only this many of the fleet's agents.
	Agents int
}

// AddFlags defines -duration, -min and -max on fs, into c, with
// the branch network's defaults.
func (c *Config) AddFlags(fs *flag.FlagSet) {
	fs.DurationVar(&c.Duration, "duration", 5*time.Minute, "how long the fleet runs")
	fs.DurationVar(&c.Min, "min", 30*time.Second, "the shortest pause between a phone's syncs")
	fs.DurationVar(&c.Max, "max", 60*time.Second, "the longest pause between a phone's syncs")
}

// Run runs the fleet f against the server at c.Addr for c.Duration, every
// phone and every supervisor's screen a goroutine, and returns what it
// measured; the server must show its /metrics to this machine.
func Run(ctx context.Context, c Config, f Fleet) (*Result, error) {
	if c.Min <= 0 || c.Max < c.Min || c.Duration <= 0 {
		return nil, fmt.Errorf("a fleet needs 0 < min ≤ max and a duration (min %v, max %v, duration %v)", c.Min, c.Max, c.Duration)
	}
	if c.Agents > 0 && c.Agents < len(f.Agents) {
		f.Agents = f.Agents[:c.Agents]
	}
	secret, err := hex.DecodeString(f.Secret)
	if err != nil {
		return nil, fmt.Errorf("the fleet's secret: %w", err)
	}
	signer, err := auth.NewSigner(secret, nil)
	if err != nil {
		return nil, err
	}
	sim := &simulation{cfg: c, http: &http.Client{Timeout: 2 * time.Minute, Transport: &http.Transport{
		MaxIdleConns: 4096, MaxIdleConnsPerHost: 4096, IdleConnTimeout: 5 * time.Minute}}, errs: map[string]int{}}
	defer sim.http.CloseIdleConnections()
	before, err := sim.metrics(ctx)
	if err != nil {
		return nil, fmt.Errorf("read the server's /metrics (run on its machine, --metrics loopback): %w", err)
	}
	rctx, cancel := context.WithTimeout(ctx, c.Duration)
	defer cancel()
	var wg sync.WaitGroup
	// start runs each member's side in a goroutine of its own.
	start := func(members []Member, side func(context.Context, int, string)) error {
		for i, m := range members {
			tok, err := signer.Issue(fieldbook.User{ID: m.ID})
			if err != nil {
				return fmt.Errorf("token for %s: %w", m.ID, err)
			}
			wg.Go(func() { side(rctx, i, tok) })
		}
		return nil
	}
	err = start(f.Agents, sim.phone)
	if err == nil {
		err = start(f.Supervisors, sim.screen)
	}
	if err != nil {
		cancel()
		wg.Wait()
		return nil, err
	}
	peak := 0.0
	tick := time.NewTicker(5 * time.Second)
	began := time.Now()
sample:
	for {
		select {
		case <-rctx.Done():
			break sample
		case <-tick.C:
			if m, err := sim.metrics(ctx); err == nil {
				peak = max(peak, m.rss)
			}
		}
	}
	tick.Stop()
	wg.Wait()
	wall := time.Since(began)
	after, err := sim.metrics(ctx)
	if err != nil {
		return nil, err
	}
	sim.mu.Lock()
	defer sim.mu.Unlock()
	r := &Result{Config: c, Agents: len(f.Agents), Supervisors: len(f.Supervisors), Wall: wall,
		ServerCPUSeconds: after.cpu - before.cpu, ServerPeakRSS: max(peak, after.rss),
		Syncs: slices.Sorted(slices.Values(sim.syncs)), Pulls: slices.Sorted(slices.Values(sim.pulls)),
		Wakes: sim.wakes, Changes: sim.changes, Errors: maps.Clone(sim.errs)}
	return r, nil
}

// Result is what a run measured.
type Result struct {
	Config              Config
	Agents, Supervisors int
	Wall                time.Duration
	// Syncs are the phones' syncs (push and pull, start to answer) and
	// Pulls the screens' pulls after a wake, each sorted.
	Syncs, Pulls []time.Duration
	Wakes        int
	Changes      int
	// Errors counts the failures by kind.
	Errors map[string]int
	// ServerCPUSeconds is the server's CPU time over the run and
	// ServerPeakRSS its peak resident memory in bytes, as its /metrics
	// said.
	ServerCPUSeconds, ServerPeakRSS float64
}

// Percentile is the p-th percentile of sorted durations, 0 for none.
func Percentile(d []time.Duration, p int) time.Duration {
	if len(d) == 0 {
		return 0
	}
	return d[min(len(d)-1, len(d)*p/100)]
}

// ErrorCount is the number of failed requests of the run.
func (r *Result) ErrorCount() int {
	n := 0
	for _, k := range r.Errors {
		n += k
	}
	return n
}

// Report prints the result, and returns an error when the run had
// errors.
func (r *Result) Report(w io.Writer) error {
	pct := func(d []time.Duration, p int) string {
		if len(d) == 0 {
			return "—"
		}
		return fmt.Sprintf("%.1f ms", float64(Percentile(d, p))/float64(time.Millisecond))
	}
	wall := r.Wall.Round(time.Second)
	fmt.Fprintf(w, "fleet: %d agents' phones (a sync every %v–%v, 1–5 changes), %d supervisors' screens, %v\n", r.Agents, r.Config.Min, r.Config.Max, r.Supervisors, wall)
	fmt.Fprintf(w, "phone syncs     %7d   p50 %s   p95 %s   p99 %s   max %s   (%d changes, %.1f syncs/s)\n",
		len(r.Syncs), pct(r.Syncs, 50), pct(r.Syncs, 95), pct(r.Syncs, 99), pct(r.Syncs, 100), r.Changes, float64(len(r.Syncs))/r.Wall.Seconds())
	fmt.Fprintf(w, "screen pulls    %7d   p50 %s   p95 %s   p99 %s   (%d wakes)\n", len(r.Pulls), pct(r.Pulls, 50), pct(r.Pulls, 95), pct(r.Pulls, 99), r.Wakes)
	fmt.Fprintf(w, "server          CPU %.1f s in %v (%.0f %% of one core), peak RSS %.0f MB\n", r.ServerCPUSeconds, wall, 100*r.ServerCPUSeconds/r.Wall.Seconds(), r.ServerPeakRSS/(1<<20))
	errs := r.ErrorCount()
	fmt.Fprintf(w, "errors          %d\n", errs)
	for _, k := range slices.Sorted(maps.Keys(r.Errors)) {
		fmt.Fprintf(w, "  %6d  %s\n", r.Errors[k], k)
	}
	if errs > 0 {
		return fmt.Errorf("%d errors", errs)
	}
	return nil
}

type simulation struct {
	cfg  Config
	http *http.Client

	mu      sync.Mutex
	syncs   []time.Duration // each phone's sync (push and pull), start to answer
	pulls   []time.Duration // each supervisor's pull after a wake
	wakes   int
	changes int
	errs    map[string]int
}

func (s *simulation) fail(what string, err error) {
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		return // the run's end
	}
	s.mu.Lock()
	s.errs[what+": "+firstLine(err.Error())]++
	s.mu.Unlock()
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	if len(s) > 160 {
		s = s[:160]
	}
	return s
}

// phone is one agent's phone: a first sync at a random moment of the
// first pause, then a sync every min–max with 1–5 changes.
func (s *simulation) phone(ctx context.Context, i int, token string) {
	rng := rand.New(rand.NewPCG(uint64(i), 2026))
	client := fmt.Sprintf("fleet-phone-%d", i)
	dev := workload.NewDevice(client, uint64(i), 500)
	cursor := ""
	pause := func(d time.Duration) bool {
		t := time.NewTimer(d)
		defer t.Stop()
		select {
		case <-ctx.Done():
			return false
		case <-t.C:
			return true
		}
	}
	if !pause(time.Duration(rng.Int64N(int64(s.cfg.Max)))) {
		return
	}
	for {
		batch := make([]workload.Change, 1+rng.IntN(5))
		for j := range batch {
			batch[j] = dev.Next()
		}
		start := time.Now()
		changes := workload.Array(batch)
		for {
			more, next, err := s.sync(ctx, token, client, cursor, changes)
			if err != nil {
				s.fail("phone sync", err)
				break
			}
			cursor, changes = next, []byte("[]")
			if !more {
				s.mu.Lock()
				s.syncs = append(s.syncs, time.Since(start))
				s.changes += len(batch)
				s.mu.Unlock()
				break
			}
		}
		if !pause(s.cfg.Min + time.Duration(rng.Int64N(int64(s.cfg.Max-s.cfg.Min)+1))) {
			return
		}
	}
}

// screen is one supervisor's dashboard: a long-poll, and a pull on each
// wake.
func (s *simulation) screen(ctx context.Context, i int, token string) {
	client := fmt.Sprintf("fleet-screen-%d", i)
	cursor := ""
	for ctx.Err() == nil {
		start := time.Now()
		for {
			more, next, err := s.sync(ctx, token, client, cursor, []byte("[]"))
			if err != nil {
				s.fail("supervisor pull", err)
				break
			}
			cursor = next
			if !more {
				s.mu.Lock()
				s.pulls = append(s.pulls, time.Since(start))
				s.mu.Unlock()
				break
			}
		}
		if err := s.wait(ctx, token, cursor); err != nil {
			s.fail("long-poll", err)
			if ctx.Err() == nil {
				time.Sleep(time.Second) // the poll failed: do not spin
			}
			continue
		}
		s.mu.Lock()
		s.wakes++
		s.mu.Unlock()
	}
}

// sync posts one request and reads the answer's cursor and more.
func (s *simulation) sync(ctx context.Context, token, client, cursor string, changes []byte) (more bool, next string, err error) {
	var body bytes.Buffer
	cl, _ := json.Marshal(client)
	cu, _ := json.Marshal(cursor)
	fmt.Fprintf(&body, `{"protocol":%d,"client_id":%s,"cursor":%s,"limit":1000,"changes":`, s.cfg.Protocol, cl, cu)
	body.Write(changes)
	body.WriteByte('}')
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.cfg.Addr+"/api/sync", &body)
	if err != nil {
		return false, "", err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := s.http.Do(req)
	if err != nil {
		return false, "", err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return false, "", err
	}
	if resp.StatusCode != http.StatusOK {
		return false, "", fmt.Errorf("status %d: %.120s", resp.StatusCode, raw)
	}
	if bytes.Contains(raw, []byte(`"status":"rejected"`)) {
		return false, "", fmt.Errorf("a change was rejected: %.200s", raw[bytes.Index(raw, []byte(`"status":"rejected"`)):])
	}
	i := bytes.LastIndex(raw, []byte(`"cursor":`))
	if i < 0 {
		return false, "", errors.New("an answer without a cursor")
	}
	var tail struct {
		Cursor string `json:"cursor"`
		More   bool   `json:"more"`
	}
	if err := json.Unmarshal(append([]byte{'{'}, raw[i:]...), &tail); err != nil {
		return false, "", err
	}
	return tail.More, tail.Cursor, nil
}

// wait long-polls /api/changes until a change or the poll's end.
func (s *simulation) wait(ctx context.Context, token, cursor string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.cfg.Addr+"/api/changes?wait=25&cursor="+cursor, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := s.http.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, resp.Body)
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("status %d", resp.StatusCode)
	}
	return nil
}

// serverMetrics are the server process's CPU seconds and resident memory.
type serverMetrics struct{ cpu, rss float64 }

func (s *simulation) metrics(ctx context.Context) (serverMetrics, error) {
	var m serverMetrics
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.cfg.Addr+"/metrics", nil)
	if err != nil {
		return m, err
	}
	resp, err := s.http.Do(req)
	if err != nil {
		return m, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return m, fmt.Errorf("GET /metrics: status %d", resp.StatusCode)
	}
	parser := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := parser.TextToMetricFamilies(resp.Body)
	if err != nil {
		return m, fmt.Errorf("GET /metrics: %w", err)
	}
	cpu, rss := fams["process_cpu_seconds_total"], fams["process_resident_memory_bytes"]
	if cpu == nil || rss == nil || len(cpu.GetMetric()) == 0 || len(rss.GetMetric()) == 0 {
		return m, errors.New("/metrics has no process_cpu_seconds_total or process_resident_memory_bytes")
	}
	m.cpu = cpu.GetMetric()[0].GetCounter().GetValue()
	m.rss = rss.GetMetric()[0].GetGauge().GetValue()
	return m, nil
}
