package e2e

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"fieldbook"
	"fieldbook/scoring"
	"fieldbook/storage/pgtest"
	"fieldbook/workload"
)

// BenchmarkFirstSyncThrottled is a supervisor's first sync of a team of 30
// agents with a year of data (52 weeks of approved work and this week's
// days waiting for review: ~100,000 records the supervisor may see) into
// a fresh phone's IndexedDB, in Chromium with the CPU slowed 4× as on a
// cheap Android phone, at 360×740. The app speaks protocol 3, so the pull
// brings this week and the review queue first (docs/protocol.md §5.4).
// Each run is a fresh browser profile: sign in, then the first pull to
// its end. It reports, from the tap on "sign in":
//
//	ms-usable   the first pass is in ("first-pull-usable": the app shows
//	            this week and the queue)
//	ms-done     every record is in ("first-pull-done")
//	records     records in the phone's IndexedDB at the end
//	wire-KB     bytes of the sync answers on the wire (gzip), from the
//	            browser's resource timing
//	server-ms   the server's time answering them (its own latency
//	            histogram for /api/sync)
//	blocked-ms  main-thread time in long tasks (over 50 ms) meanwhile
//
// On Badger by default (FIELDBOOK_BENCH_WEEKS sets fewer weeks); FIELDBOOK_BENCH_STORE=postgres runs it over a
// throwaway PostgreSQL (storage/pgtest). BENCHMARKS.md has the figures.
//
//	go test -run '^$' -bench FirstSync -benchtime 3x -timeout 60m ./e2e/
func BenchmarkFirstSyncThrottled(b *testing.B) {
	a := newBenchApp(b)
	team, err := a.st.CreateTeam(context.Background(), "一年团队", "")
	if err != nil {
		b.Fatal(err)
	}
	const password = "first-sync-bench"
	sup := a.user("sup", password, fieldbook.RoleSupervisor, team.ID)
	var agents []string
	for i := range 30 {
		agents = append(agents, a.user(fmt.Sprintf("agent%02d", i), password, fieldbook.RoleAgent, team.ID).ID)
	}
	loc, err := time.LoadLocation(fieldbook.DefaultTimeZone)
	if err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	weeks := 52
	if w, err := strconv.Atoi(os.Getenv("FIELDBOOK_BENCH_WEEKS")); err == nil && w > 0 {
		weeks = w // a smaller history, to try the benchmark quickly
	}
	n, err := workload.Year{Weeks: weeks, Customers: 150, Calls: 6, ThisWeek: true}.Load(context.Background(), a.st, sup.ID, agents, scoring.DayOf(time.Now(), loc))
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("%s: a team of 30 agents with a year of work, %d changes, written in %v", benchStore(), n, time.Since(start).Round(time.Second))

	var usable, done, records, wire, server, blocked []float64
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		ctx, stop := newBrowserWithin(b, 20*time.Minute)
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(360, 740)); err != nil {
			b.Fatal(err)
		}
		if _, err := chromedp.Call(ctx, emulation.SetCPUThrottlingRate, emulation.SetCPUThrottlingRateParams{Rate: 4}); err != nil {
			b.Fatal(err)
		}
		do(b, ctx, "open the app", chromedp.Navigate(a.url()), chromedp.WaitVisible(chromedp.ID("login-username")))
		// Long tasks and every resource's timing, from here on.
		eval[bool](b, ctx, `(() => {
			performance.setResourceTimingBufferSize(100000);
			window.__blocked = 0;
			new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__blocked += e.duration; }).observe({ type: "longtask" });
			return true; })()`)
		fill(b, ctx, "#login-username", "sup")
		fill(b, ctx, "#login-password", password)
		before := a.syncSeconds(b)
		t0 := eval[float64](b, ctx, `performance.now()`)
		b.StartTimer()
		click(b, ctx, "form button[type=submit]")
		pollEvery(b, ctx, "the first pull done", `performance.getEntriesByName("first-pull-done").length > 0`, 15*time.Minute, 250*time.Millisecond)
		b.StopTimer()
		after := a.syncSeconds(b)
		usable = append(usable, eval[float64](b, ctx, `performance.getEntriesByName("first-pull-usable")[0].startTime`)-t0)
		done = append(done, eval[float64](b, ctx, `performance.getEntriesByName("first-pull-done")[0].startTime`)-t0)
		wire = append(wire, eval[float64](b, ctx, `performance.getEntriesByType("resource").filter((e) => e.name.endsWith("/api/sync")).reduce((s, e) => s + e.transferSize, 0)`)/1000)
		blocked = append(blocked, eval[float64](b, ctx, `window.__blocked`))
		server = append(server, (after-before)*1000)
		records = append(records, eval[float64](b, ctx, `new Promise((resolve, reject) => {
			const open = indexedDB.open(`+js("fieldbook-"+sup.ID)+`);
			open.onerror = () => reject(open.error);
			open.onsuccess = () => {
				const count = open.result.transaction("records").objectStore("records").count();
				count.onsuccess = () => { resolve(count.result); open.result.close(); };
				count.onerror = () => reject(count.error);
			};
		})`))
		stop()
		b.Logf("run %d: usable %.0f ms, done %.0f ms, %.0f records, %.0f KB on the wire, server %.0f ms, long tasks %.0f ms",
			i+1, usable[i], done[i], records[i], wire[i], server[i], blocked[i])
	}
	for _, m := range []struct {
		unit string
		v    []float64
	}{{"ms-usable", usable}, {"ms-done", done}, {"records", records}, {"wire-KB", wire}, {"server-ms", server}, {"blocked-ms", blocked}} {
		slices.Sort(m.v)
		b.ReportMetric(m.v[len(m.v)/2], m.unit)
	}
	b.ReportMetric(0, "ns/op")
}

// newBenchApp is newApp on the engine the benchmarks run on.
func newBenchApp(b *testing.B) *app {
	b.Helper()
	if benchStore() == "postgres" {
		return newAppOn(b, pgtest.Start(b).NewDatabase(b))
	}
	return newApp(b)
}

// benchStore is the engine the benchmarks run on: FIELDBOOK_BENCH_STORE,
// badger when unset.
func benchStore() string {
	if s := strings.TrimSpace(os.Getenv("FIELDBOOK_BENCH_STORE")); s != "" {
		return s
	}
	return "badger"
}

// syncSeconds is the server's time answering /api/sync so far, from its
// latency histogram on /metrics.
func (a *app) syncSeconds(t testing.TB) float64 {
	t.Helper()
	resp, err := http.Get(a.url() + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	total := 0.0
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "fieldbook_http_request_seconds_sum{") && strings.Contains(line, `route="/api/sync"`) {
			v, err := strconv.ParseFloat(line[strings.LastIndexByte(line, ' ')+1:], 64)
			if err != nil {
				t.Fatalf("metrics line %q: %v", line, err)
			}
			total += v
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return total
}
