// The run: every phone and every supervisor's screen a goroutine, each
// with the server's own pace, for the duration; then the report.

package main

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
	"os"
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

type runConfig struct {
	addr, fleetFile string
	duration        time.Duration
	min, max        time.Duration
	agents          int
	protocol        int
}

func simulate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var c runConfig
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.addr, "addr", "http://127.0.0.1:8080", "the server's base URL")
	fs.StringVar(&c.fleetFile, "fleet", "fleet.json", "what populate printed")
	fs.DurationVar(&c.duration, "duration", 5*time.Minute, "how long the fleet runs")
	fs.DurationVar(&c.min, "min", 30*time.Second, "the shortest pause between a phone's syncs")
	fs.DurationVar(&c.max, "max", 60*time.Second, "the longest pause between a phone's syncs")
	fs.IntVar(&c.protocol, "protocol", 2, "the sync protocol version the phones speak")
	fs.IntVar(&c.agents, "agents", 0, "use only this many of the fleet's agents (0: all), for the largest fleet that keeps p99 in bounds")
	if err := fs.Parse(args); err != nil {
		return err
	}
	raw, err := os.ReadFile(c.fleetFile)
	if err != nil {
		return err
	}
	var f fleet
	if err := json.Unmarshal(raw, &f); err != nil {
		return fmt.Errorf("%s: %w", c.fleetFile, err)
	}
	if c.agents > 0 && c.agents < len(f.Agents) {
		f.Agents = f.Agents[:c.agents]
	}
	secret, err := hex.DecodeString(f.Secret)
	if err != nil {
		return fmt.Errorf("%s: the secret: %w", c.fleetFile, err)
	}
	signer, err := auth.NewSigner(secret, nil)
	if err != nil {
		return err
	}
	sim := &simulation{cfg: c, http: &http.Client{Timeout: 2 * time.Minute, Transport: &http.Transport{
		MaxIdleConns: 4096, MaxIdleConnsPerHost: 4096, IdleConnTimeout: 5 * time.Minute}}, errs: map[string]int{}}
	before, err := sim.metrics(ctx)
	if err != nil {
		return fmt.Errorf("read the server's /metrics (run on its machine, --metrics loopback): %w", err)
	}
	rctx, cancel := context.WithTimeout(ctx, c.duration)
	defer cancel()
	var wg sync.WaitGroup
	for i, a := range f.Agents {
		tok, err := signer.Issue(fieldbook.User{ID: a.ID})
		if err != nil {
			return err
		}
		wg.Go(func() { sim.phone(rctx, i, tok) })
	}
	for i, s := range f.Supervisors {
		tok, err := signer.Issue(fieldbook.User{ID: s.ID})
		if err != nil {
			return err
		}
		wg.Go(func() { sim.screen(rctx, i, tok) })
	}
	peak := 0.0
	tick := time.NewTicker(5 * time.Second)
	start := time.Now()
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
	wall := time.Since(start)
	after, err := sim.metrics(ctx)
	if err != nil {
		return err
	}
	peak = max(peak, after.rss)
	return sim.report(stdout, len(f.Agents), len(f.Supervisors), wall, after.cpu-before.cpu, peak)
}

type simulation struct {
	cfg  runConfig
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
	if !pause(time.Duration(rng.Int64N(int64(s.cfg.max)))) {
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
		if !pause(s.cfg.min + time.Duration(rng.Int64N(int64(s.cfg.max-s.cfg.min)+1))) {
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
	fmt.Fprintf(&body, `{"protocol":%d,"client_id":%s,"cursor":%s,"limit":1000,"changes":`, s.cfg.protocol, cl, cu)
	body.Write(changes)
	body.WriteByte('}')
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.cfg.addr+"/api/sync", &body)
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
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.cfg.addr+"/api/changes?wait=25&cursor="+cursor, nil)
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
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.cfg.addr+"/metrics", nil)
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

func (s *simulation) report(w io.Writer, agents, supervisors int, wall time.Duration, cpu, rss float64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	slices.Sort(s.syncs)
	slices.Sort(s.pulls)
	pct := func(d []time.Duration, p int) string {
		if len(d) == 0 {
			return "—"
		}
		return fmt.Sprintf("%.1f ms", float64(d[min(len(d)-1, len(d)*p/100)])/float64(time.Millisecond))
	}
	errs := 0
	for _, n := range s.errs {
		errs += n
	}
	fmt.Fprintf(w, "fleet: %d agents' phones (a sync every %v–%v, 1–5 changes), %d supervisors' screens, %v\n", agents, s.cfg.min, s.cfg.max, supervisors, wall.Round(time.Second))
	fmt.Fprintf(w, "phone syncs     %7d   p50 %s   p95 %s   p99 %s   max %s   (%d changes, %.1f syncs/s)\n",
		len(s.syncs), pct(s.syncs, 50), pct(s.syncs, 95), pct(s.syncs, 99), pct(s.syncs, 100), s.changes, float64(len(s.syncs))/wall.Seconds())
	fmt.Fprintf(w, "screen pulls    %7d   p50 %s   p95 %s   p99 %s   (%d wakes)\n", len(s.pulls), pct(s.pulls, 50), pct(s.pulls, 95), pct(s.pulls, 99), s.wakes)
	fmt.Fprintf(w, "server          CPU %.1f s in %v (%.0f %% of one core), peak RSS %.0f MB\n", cpu, wall.Round(time.Second), 100*cpu/wall.Seconds(), rss/(1<<20))
	fmt.Fprintf(w, "errors          %d\n", errs)
	for _, k := range slices.Sorted(maps.Keys(s.errs)) {
		fmt.Fprintf(w, "  %6d  %s\n", s.errs[k], k)
	}
	if errs > 0 {
		return fmt.Errorf("%d errors", errs)
	}
	return nil
}
