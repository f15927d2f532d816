package e2e

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"fieldbook/demo"
)

// BenchmarkOpenTodayThrottled measures opening the app from the service
// worker's cache to an interactive Today screen that shows the day's own
// data (the "today-ready" performance mark), with the CPU slowed 4× through
// the DevTools protocol, as on a cheap Android phone. The agent is a demo
// agent with four weeks of records in the replica. It reports the median
// and the slowest opening (ms-to-today, max-ms); BENCHMARKS.md has figures.
//
//	go test -run '^$' -bench OpenToday -benchtime 10x ./e2e/
func BenchmarkOpenTodayThrottled(b *testing.B) {
	a := newBenchApp(b)
	if _, err := demo.Load(context.Background(), a.st, time.Now(), cheap); err != nil {
		b.Fatal(err)
	}
	ctx := browser(b)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(360, 740)); err != nil {
		b.Fatal(err)
	}
	signIn(b, ctx, a.url(), "lina", demo.Password)
	waitController(b, ctx)
	waitPending(b, ctx, 0)
	if _, err := chromedp.Call(ctx, emulation.SetCPUThrottlingRate, emulation.SetCPUThrottlingRateParams{Rate: 4}); err != nil {
		b.Fatal(err)
	}
	var opens []float64
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := chromedp.Do(ctx, chromedp.Reload()); err != nil {
			b.Fatal(err)
		}
		poll(b, ctx, "Today ready", `performance.getEntriesByName("today-ready").length > 0`)
		ms := eval[float64](b, ctx, `performance.getEntriesByName("today-ready")[0].startTime`)
		if !eval[bool](b, ctx, `navigator.serviceWorker.controller !== null`) {
			b.Fatal("the page was not served by the service worker")
		}
		opens = append(opens, ms)
	}
	b.StopTimer()
	slices.Sort(opens)
	b.ReportMetric(opens[len(opens)/2], "ms-to-today")
	b.ReportMetric(opens[len(opens)-1], "max-ms")
	b.ReportMetric(0, "ns/op")
}
