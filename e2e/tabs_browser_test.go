package e2e

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// newTab opens another tab (target) of the same browser, with the same
// profile: the same IndexedDB database and the same signed-in session.
func newTab(t testing.TB, browserCtx context.Context, url string) context.Context {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browserCtx)
	t.Cleanup(cancel)
	do(t, ctx, "open a second tab", chromedp.EmulateViewport(360, 740), chromedp.Navigate(url))
	return ctx
}

// TestBrowserTwoTabsOfOneAgent: two tabs of one browser, signed in as one
// agent. The server is stopped once both are open, so nothing can reach a
// tab through a sync: what one tab records shows on the other's Today
// within a second, and a log edited in both keeps both sides' text in
// view (the other tab shows the newer summary beside its own unsaved
// edit, and takes the plan it did not touch).
func TestBrowserTwoTabsOfOneAgent(t *testing.T) {
	a := newApp(t)
	a.agent("lina")
	tabA := browser(t)
	do(t, tabA, "viewport", chromedp.EmulateViewport(360, 740))
	signIn(t, tabA, a.url(), "lina", "a good password")
	tabB := newTab(t, tabA, a.url()+"/#/today")
	for _, ctx := range []context.Context{tabA, tabB} {
		visit(t, ctx, "#/today")
		poll(t, ctx, "Today with its data", `document.querySelector('main[data-ready]') !== null`)
	}
	a.stop()

	// A visit recorded in tab A.
	click(t, tabA, "[data-testid=tap-visit]")
	poll(t, tabA, "the visit sheet", `document.getElementById('act-outcome') !== null`)
	fill(t, tabA, "#act-outcome", "两个标签页之一")
	click(t, tabA, "[data-testid=activity-save]")
	took := pollWithin(t, tabB, "the visit on tab B's Today", `[...document.querySelectorAll('[data-testid=activity-row]')].some(e => e.innerText.includes("两个标签页之一"))`, 5*time.Second)
	t.Logf("the visit recorded in tab A showed on tab B's Today after %v (from the tap on Save)", took)
	poll(t, tabB, "tab B counting it unsent", fmt.Sprintf(`(%s)(1)`, pendingIs))

	// The same day's log open in both tabs; B starts typing and does not save.
	day := "#/log/" + teamNow(t).Format(time.DateOnly)
	for _, ctx := range []context.Context{tabA, tabB} {
		visit(t, ctx, day)
		poll(t, ctx, "the log form", `document.getElementById('log-summary') !== null`)
	}
	fill(t, tabB, "#log-summary", "B 写了一半的总结")
	// A writes its own summary and a plan, and saves.
	fill(t, tabA, "#log-summary", "A 的总结")
	fill(t, tabA, "#plan-visit", "4")
	click(t, tabA, "[data-testid=log-save]")
	poll(t, tabA, "tab A saved", `document.querySelector('[data-testid=log-message]').innerText !== ""`)

	took = pollWithin(t, tabB, "tab B showing A's summary beside its own", `(() => {
		const s = document.getElementById('log-summary');
		const theirs = document.querySelector('[data-testid=theirs][data-part=summary] [data-testid=theirs-text]');
		return s.value === "B 写了一半的总结" && theirs !== null && theirs.innerText === "A 的总结";
	})()`, 5*time.Second)
	t.Logf("tab A's saved log showed on tab B's open form after %v", took)
	if got := eval[string](t, tabB, `document.getElementById('plan-visit').value`); got != "4" {
		t.Fatalf("tab B's plan for visits shows %q, want A's 4 (B did not touch it)", got)
	}
	poll(t, tabB, "the note that the log changed elsewhere", `document.querySelector('[data-testid=form-updated]') !== null`)

	// B keeps its own text and saves: A's form, untouched since its save, shows it.
	click(t, tabB, "[data-testid=theirs][data-part=summary] [data-testid=keep-mine]")
	poll(t, tabB, "the choice made", `document.querySelector('[data-testid=theirs]') === null && document.getElementById('log-summary').value === "B 写了一半的总结"`)
	click(t, tabB, "[data-testid=log-save]")
	pollWithin(t, tabA, "tab A showing B's summary and keeping its plan", `(() => {
		const s = document.getElementById('log-summary'), p = document.getElementById('plan-visit');
		return s.value === "B 写了一半的总结" && p.value === "4" && document.querySelector('[data-testid=theirs]') === null;
	})()`, 5*time.Second)
}

// TestBrowserBackKeepsAFormsInput: Back on the new-customer form with
// something typed asks first (in the app) and keeps the input; a reload
// brings it back from the draft kept on the device; saving clears the
// draft, and so does letting the input go when Back asks.
func TestBrowserBackKeepsAFormsInput(t *testing.T) {
	a := newApp(t)
	a.agent("lina")
	ctx := browser(t)
	do(t, ctx, "viewport", chromedp.EmulateViewport(360, 740))
	signIn(t, ctx, a.url(), "lina", "a good password")
	visit(t, ctx, "#/customers")
	poll(t, ctx, "the customer list", `location.hash === '#/customers' && document.querySelector('main') !== null`)
	visit(t, ctx, "#/customers/new")
	poll(t, ctx, "the new-customer form", `document.getElementById('cust-name') !== null`)
	fill(t, ctx, "#cust-name", "赵六")
	fill(t, ctx, "#cust-notes", "说到一半")

	eval[bool](t, ctx, `(history.back(), true)`)
	poll(t, ctx, "the question, with the form and its input still there", `(() => {
		const n = document.getElementById('cust-name');
		return document.querySelector('[data-testid=leave-confirm]') !== null && location.hash === '#/customers/new' && n !== null && n.value === "赵六";
	})()`)
	click(t, ctx, "[data-testid=leave-stay]")
	poll(t, ctx, "back on the form", `document.querySelector('[data-testid=leave-confirm]') === null && document.getElementById('cust-notes').value === "说到一半"`)

	do(t, ctx, "reload", chromedp.Reload())
	poll(t, ctx, "the input restored from the draft", `(() => {
		const n = document.getElementById('cust-name'), m = document.getElementById('cust-notes');
		return n !== null && m !== null && n.value === "赵六" && m.value === "说到一半" && document.querySelector('[data-testid=form-restored]') !== null;
	})()`)

	// Saved: the file opens, and a new form starts empty.
	click(t, ctx, "[data-testid=customer-save]")
	poll(t, ctx, "the new file", `/^#\/customers\/[0-9a-f-]{36}$/.test(location.hash)`)
	visit(t, ctx, "#/customers/new")
	poll(t, ctx, "an empty form after the save", `(() => { const n = document.getElementById('cust-name'); return n !== null && n.value === ""; })()`)

	// Let go when Back asks: the list, and no draft left.
	fill(t, ctx, "#cust-name", "不要了")
	eval[bool](t, ctx, `(history.back(), true)`)
	poll(t, ctx, "the question", `document.querySelector('[data-testid=leave-confirm]') !== null`)
	click(t, ctx, "[data-testid=leave-discard]")
	poll(t, ctx, "back on the file saved before", `/^#\/customers\/[0-9a-f-]{36}$/.test(location.hash) && document.querySelector('[data-testid=leave-confirm]') === null && document.getElementById('cust-name').value === "赵六"`)
	visit(t, ctx, "#/customers/new")
	poll(t, ctx, "an empty form after letting go", `(() => { const n = document.getElementById('cust-name'); return n !== null && n.value === ""; })()`)
	if n := eval[int](t, ctx, `Object.keys(localStorage).filter((k) => k.startsWith("fieldbook.draft.")).length`); n != 0 {
		t.Fatalf("%d drafts left on the device, want none", n)
	}
}
