package e2e

import (
	"context"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"fieldbook"
)

// movableClock is a script run before the app on every page load: the
// phone's Date.now runs ahead of the real time by the milliseconds in
// localStorage "test.clockAhead" (kept across a reload), as a phone whose
// time passes while the test waits for none.
const movableClock = `(() => {
	const real = Date.now.bind(Date);
	Date.now = () => real() + Number(localStorage.getItem("test.clockAhead") || 0);
})()`

// moveClock sets how far the phone's clock runs ahead of the real time.
func moveClock(t testing.TB, ctx context.Context, ahead time.Duration) {
	t.Helper()
	eval[bool](t, ctx, `(localStorage.setItem("test.clockAhead", `+strconv.FormatInt(ahead.Milliseconds(), 10)+`), true)`)
}

// failSync makes the page's requests to /api/sync get a 500 from the
// server (Chromium answers them itself, as a failing server would) while
// failing is true; the others go on to the real server.
func failSync(t testing.TB, ctx context.Context, failing *atomic.Bool) {
	t.Helper()
	paused := chromedp.Events(ctx, fetch.RequestPaused)
	go func() {
		for ev, err := range paused {
			if err != nil {
				return
			}
			if failing.Load() {
				chromedp.Call(ctx, fetch.FulfillRequest, fetch.FulfillRequestParams{
					RequestID:       ev.RequestID,
					ResponseCode:    500,
					ResponseHeaders: []*fetch.HeaderEntry{{Name: "Content-Type", Value: "application/json"}},
					Body:            []byte(`{"error":{"code":"internal","message":"database unavailable"}}`),
				})
			} else {
				chromedp.Call(ctx, fetch.ContinueRequest, fetch.ContinueRequestParams{RequestID: ev.RequestID})
			}
		}
	}()
	if _, err := chromedp.Call(ctx, fetch.Enable, fetch.EnableParams{Patterns: []*fetch.RequestPattern{{URLPattern: "*/api/sync*"}}}); err != nil {
		t.Fatal(err)
	}
}

// TestBrowserStalledOutboxSaysWhyAndSendsNow: the server answers every
// sync with a 500 and the agent's change stays unsent. Within ten minutes
// the strip says only that the server fails; once the phone's clock has
// passed ten minutes from the change, the strip says the outbox has
// stalled, with the reason in words (Chinese, then English), a link to
// saving the changes to a file, and "send now", which sends the change
// once the server is back.
func TestBrowserStalledOutboxSaysWhyAndSendsNow(t *testing.T) {
	a := newApp(t)
	agent := a.agent("lina")
	ctx := browser(t)
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: movableClock}); err != nil {
		t.Fatal(err)
	}
	do(t, ctx, "viewport", chromedp.EmulateViewport(360, 740))
	signIn(t, ctx, a.url(), "lina", "a good password")

	var failing atomic.Bool
	failing.Store(true)
	failSync(t, ctx, &failing)
	recordActivity(t, ctx, "call", "服务器出错时记下的")
	waitPending(t, ctx, 1)
	poll(t, ctx, "the sync failed: the strip says the server cannot be reached", `document.querySelector('.strip [data-conn=unreachable]') !== null`)
	if eval[bool](t, ctx, `document.querySelector('[data-stalled]') !== null`) {
		t.Fatal("the strip says the outbox stalled a moment after the change")
	}

	moveClock(t, ctx, 11*time.Minute)
	pollWithin(t, ctx, "the strip says the outbox stalled, and why", `(() => {
		const s = document.querySelector('.strip [data-stalled="1"][data-reason=serverError]');
		return s !== null && s.innerText.includes("1 条更改已 11 分钟没能发送出去") && s.innerText.includes("服务器出错（500 internal）")
			&& s.querySelector('[data-testid=stall-send]').innerText.includes("立即发送")
			&& s.querySelector('[data-testid=stall-save]').getAttribute("href") === "#/sync/save";
	})()`, 30*time.Second)

	// In English, after a reload (the clock still ahead): the sync fails
	// again and the strip says so again.
	eval[bool](t, ctx, `(localStorage.setItem("fieldbook.lang", "en"), true)`)
	do(t, ctx, "reload", chromedp.Reload())
	pollWithin(t, ctx, "the stalled outbox in English", `(() => {
		const s = document.querySelector('.strip [data-stalled="1"]');
		return s !== null && s.innerText.includes("Unsent changes (1) have not gone out for 11 minutes") && s.innerText.includes("The server has a fault (500 internal)")
			&& s.querySelector('[data-testid=stall-send]').innerText.includes("Send now");
	})()`, 30*time.Second)
	click(t, ctx, "[data-testid=stall-save]")
	poll(t, ctx, "the link opens the sync screen's save-to-file card", `location.hash === "#/sync/save" && document.querySelector('[data-testid=outbox-save]:not([disabled])') !== null`)
	if got := a.held(agent.ID, fieldbook.Activities); len(got) != 0 {
		t.Fatalf("the server holds %d activities while every sync failed", len(got))
	}

	failing.Store(false)
	click(t, ctx, "[data-testid=stall-send]")
	a.waitHeld(agent.ID, fieldbook.Activities, 1, func(r fieldbook.Record) bool { return field(r, "outcome") == "服务器出错时记下的" })
	waitPending(t, ctx, 0)
	poll(t, ctx, "no stall once sent", `document.querySelector('[data-stalled]') === null`)
}
