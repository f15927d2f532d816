package e2e

import (
	"context"
	"fmt"
	"testing"
	"time"

	"fieldbook"

	"github.com/chromedp/chromedp"

	"fieldbook/demo"
)

// noSidewaysScrolling fails the test when the page is wider than the
// screen: at 360 px nothing may scroll sideways.
func noSidewaysScrolling(t *testing.T, ctx context.Context, where string) {
	t.Helper()
	got := eval[string](t, ctx, `(() => {
		const e = document.scrollingElement;
		if (e.scrollWidth <= e.clientWidth) return "";
		const wide = [...document.querySelectorAll('body *')].filter(x => x.getBoundingClientRect().right > e.clientWidth + 1).slice(0, 3);
		return e.scrollWidth + " > " + e.clientWidth + ": " + wide.map(x => x.tagName + "." + x.className).join(", ");
	})()`)
	if got != "" {
		t.Fatalf("%s scrolls sideways at 360 px: %s", where, got)
	}
}

// cardsShowDeals checks that every agent card of a list is on screen with
// its deals (成交) figure inside the screen's width, and that no label of a
// figure runs out of its box (a word too long for it: labels wrap between
// words, never inside one). It returns how many cards there are.
func cardsShowDeals(t *testing.T, ctx context.Context, where, card, want string) int {
	t.Helper()
	poll(t, ctx, where+" cards", `document.querySelectorAll(`+js(card)+`).length > 0 && [...document.querySelectorAll(`+js(card)+`)].every(c => c.offsetParent !== null)`)
	problem := eval[string](t, ctx, fmt.Sprintf(`(() => {
		const width = document.scrollingElement.clientWidth;
		for (const c of document.querySelectorAll(%s)) {
			const deal = c.querySelector('.agent-fig[data-kind=deal]');
			if (!deal || deal.offsetParent === null) return "a card without deals: " + c.innerText;
			const r = deal.getBoundingClientRect();
			if (r.width === 0 || r.left < 0 || r.right > width) return "deals outside the screen: " + JSON.stringify(r);
			const label = deal.querySelector('dt').innerText.trim();
			if (label !== %s) return "the deals figure is labelled " + label;
			for (const dt of c.querySelectorAll('.agent-fig dt')) {
				if (dt.scrollWidth > dt.clientWidth + 1) return "a label runs out of its box: " + dt.innerText;
				const s = getComputedStyle(dt);
				if (s.wordBreak === "break-all" || s.overflowWrap === "anywhere") return "a label may break inside a word: " + dt.innerText;
			}
		}
		return "";
	})()`, js(card), js(want)))
	if problem != "" {
		t.Fatalf("%s: %s", where, problem)
	}
	return eval[int](t, ctx, `document.querySelectorAll(`+js(card)+`).length`)
}

// TestBrowserDashboardAt360WithoutSidewaysScrolling: on a 360×740 phone the
// supervisor's dashboard and meeting show one card per agent, each with its
// deals (成交), and nothing scrolls sideways, in Chinese and in English; at
// 1280×800 the dashboard's weekly table is there, whole, and the cards are not.
func TestBrowserDashboardAt360WithoutSidewaysScrolling(t *testing.T) {
	a := newApp(t)
	if _, err := demo.Load(context.Background(), a.st, time.Now(), cheap); err != nil {
		t.Fatal(err)
	}
	ctx := browser(t)
	do(t, ctx, "viewport", chromedp.EmulateViewport(360, 740))
	signIn(t, ctx, a.url(), "zhoumin", demo.Password)
	waitPending(t, ctx, 0)

	for _, lang := range []struct{ code, deal string }{{"zh-CN", "成交"}, {"en", "Deal"}} {
		eval[bool](t, ctx, `(localStorage.setItem("fieldbook.lang", `+js(lang.code)+`), true)`)
		do(t, ctx, "reload", chromedp.Reload())
		poll(t, ctx, "signed in", `document.querySelector('.strip') !== null`)

		visit(t, ctx, "#/dashboard")
		poll(t, ctx, "the dashboard's rows", `document.querySelectorAll('[data-testid=dashboard-row]').length > 0`)
		n := cardsShowDeals(t, ctx, "dashboard "+lang.code, "[data-testid=dashboard-card]", lang.deal)
		if rows := eval[int](t, ctx, `document.querySelectorAll('[data-testid=dashboard-row]').length`); n != rows || n < 3 {
			t.Fatalf("dashboard %s: %d cards for %d agents", lang.code, n, rows)
		}
		if eval[bool](t, ctx, `document.querySelector('[data-testid=dashboard-table]').offsetParent !== null`) {
			t.Fatalf("dashboard %s: the 13-column table shows on a phone", lang.code)
		}
		noSidewaysScrolling(t, ctx, "the dashboard ("+lang.code+")")

		visit(t, ctx, "#/meeting")
		poll(t, ctx, "the morning meeting", `document.querySelector('[data-testid=meeting][data-section=morning]') !== null`)
		if got := cardsShowDeals(t, ctx, "morning meeting "+lang.code, "[data-testid=meeting-numbers-card]", lang.deal); got != n {
			t.Fatalf("morning meeting %s: %d cards, want %d", lang.code, got, n)
		}
		noSidewaysScrolling(t, ctx, "the morning meeting ("+lang.code+")")

		visit(t, ctx, "#/meeting/weekly")
		poll(t, ctx, "the weekly meeting", `document.querySelector('[data-testid=meeting][data-section=weekly]') !== null`)
		if got := cardsShowDeals(t, ctx, "weekly meeting "+lang.code, "[data-testid=meeting-card]", lang.deal); got != n {
			t.Fatalf("weekly meeting %s: %d cards, want %d", lang.code, got, n)
		}
		noSidewaysScrolling(t, ctx, "the weekly meeting ("+lang.code+")")
	}

	// A laptop: the table, whole in its card, and no cards.
	do(t, ctx, "viewport", chromedp.EmulateViewport(1280, 800))
	visit(t, ctx, "#/dashboard")
	poll(t, ctx, "the weekly table at 1280", `(() => { const t = document.querySelector('[data-testid=dashboard-table]'); return t !== null && t.offsetParent !== null; })()`)
	if eval[bool](t, ctx, `[...document.querySelectorAll('[data-testid=dashboard-card]')].some(c => c.offsetParent !== null)`) {
		t.Fatal("the dashboard shows cards beside the table at 1280 px")
	}
	if got := eval[string](t, ctx, `(() => { const s = document.querySelector('.dash-scroll'); return s.scrollWidth > s.clientWidth ? s.scrollWidth + " > " + s.clientWidth : ""; })()`); got != "" {
		t.Fatalf("the weekly table does not fit its card at 1280 px: %s", got)
	}
	if eval[bool](t, ctx, `![...document.querySelectorAll('[data-testid=dashboard-table] th[data-kind=deal]')].some(th => th.offsetParent !== null)`) {
		t.Fatal("the table at 1280 px has no deals column")
	}
}

// wordsStayWhole fails the test when a label under selector breaks inside a
// word: it takes more lines than it has words, or runs out of its box.
func wordsStayWhole(t *testing.T, ctx context.Context, where, selector string) {
	t.Helper()
	poll(t, ctx, where, `document.querySelectorAll(`+js(selector)+`).length > 0`)
	got := eval[string](t, ctx, `(() => {
		for (const e of document.querySelectorAll(`+js(selector)+`)) {
			const text = e.innerText.trim();
			const range = document.createRange();
			range.selectNodeContents(e);
			const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top))).size;
			if (lines > text.split(/\s+/).length) return text + " takes " + lines + " lines";
			if (e.scrollWidth > e.clientWidth + 1) return text + " runs out of its box";
		}
		return "";
	})()`)
	if got != "" {
		t.Fatalf("%s: a word breaks: %s", where, got)
	}
}

// TestBrowserEnglishLabelsStayWhole: on a 360 px phone in English the
// agent's record buttons (Appointment, Sales interview…) and the tab bar
// (Customers) break between words only, never inside one ("Appointm/ent"),
// and the customer search's hint is not cut off (in English and Chinese).
func TestBrowserEnglishLabelsStayWhole(t *testing.T) {
	a := newApp(t)
	if _, err := demo.Load(context.Background(), a.st, time.Now(), cheap); err != nil {
		t.Fatal(err)
	}
	ctx := browser(t)
	do(t, ctx, "viewport", chromedp.EmulateViewport(360, 740))
	signIn(t, ctx, a.url(), "lina", demo.Password)
	eval[bool](t, ctx, `(localStorage.setItem("fieldbook.lang", "en"), true)`)
	do(t, ctx, "reload", chromedp.Reload())
	visit(t, ctx, "#/today")
	poll(t, ctx, "Today in English", `document.documentElement.lang === "en" && document.querySelector('.tapgrid__label') !== null`)
	wordsStayWhole(t, ctx, "Today's record buttons", ".tapgrid__label")
	wordsStayWhole(t, ctx, "the tab bar", ".tabbar__label")
	noSidewaysScrolling(t, ctx, "Today (en)")

	// The customer search's hint shows whole, in both languages.
	for _, lang := range []string{"en", "zh-CN"} {
		eval[bool](t, ctx, `(localStorage.setItem("fieldbook.lang", `+js(lang)+`), true)`)
		do(t, ctx, "reload", chromedp.Reload())
		visit(t, ctx, "#/customers")
		poll(t, ctx, "the customer search", `document.querySelector('input[type=search]') !== null`)
		if got := eval[string](t, ctx, `(() => {
			const i = document.querySelector('input[type=search]');
			const s = getComputedStyle(i);
			const c = document.createElement('canvas').getContext('2d');
			c.font = s.font;
			const room = i.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight);
			const need = c.measureText(i.placeholder).width;
			return need <= room ? "" : i.placeholder + " needs " + Math.ceil(need) + " px of " + Math.floor(room);
		})()`); got != "" {
			t.Fatalf("the customer search's hint is cut off (%s): %s", lang, got)
		}
	}
}

// connIs is the status strip's connection state and words.
func connIs(state, words string) string {
	return `(() => { const c = document.querySelector('.strip [data-conn]'); return c !== null && c.dataset.conn === ` + js(state) + ` && c.innerText.includes(` + js(words) + `); })()`
}

// TestBrowserStatusStripTellsTheTruth: with the server stopped, the phone's
// navigator.onLine stays true, yet once a sync fails the strip stops saying
// online: it says the server cannot be reached, with the unsent change;
// when the server is back, it is online again and the change is sent.
func TestBrowserStatusStripTellsTheTruth(t *testing.T) {
	a := newApp(t)
	agent := a.agent("lina")
	ctx := browser(t)
	do(t, ctx, "viewport", chromedp.EmulateViewport(360, 740))
	signIn(t, ctx, a.url(), "lina", "a good password")
	poll(t, ctx, "online", connIs("online", "在线"))

	a.stop()
	recordActivity(t, ctx, "call", "服务器停了也照样记")
	poll(t, ctx, "the strip tells the server cannot be reached, with the unsent change",
		connIs("unreachable", "无法连接服务器")+` && document.querySelector('.strip [data-pending]').dataset.pending === "1"`)
	if !eval[bool](t, ctx, `navigator.onLine`) {
		t.Fatal("navigator.onLine went false: the test no longer shows the strip relying on failed requests")
	}
	if eval[bool](t, ctx, `document.querySelector('.strip').innerText.includes("在线")`) {
		t.Fatal("the strip still says online with the server down")
	}

	a.start()
	// The engine retries with backoff (seconds apart after a few failures):
	// give it longer than poll's 20 s.
	if _, err := chromedp.Run(ctx, chromedp.Poll[chromedp.Void](connIs("online", "在线")+` && document.querySelector('.strip [data-pending]').dataset.pending === "0"`,
		chromedp.WithPollingTimeout(90*time.Second), chromedp.WithPollingInterval(200*time.Millisecond))); err != nil {
		body := eval[string](t, ctx, `document.querySelector('.strip').innerText`)
		t.Fatalf("online again after the restart: %v; the strip says %q", err, body)
	}
	a.waitHeld(agent.ID, fieldbook.Activities, 1, nil)
}
