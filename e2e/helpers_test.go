package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"fieldbook"
)

// held returns the records of one collection the server holds for a user,
// as that user would pull them.
func (a *app) held(userID, collection string) []fieldbook.Record {
	a.t.Helper()
	var out []fieldbook.Record
	cursor := ""
	for {
		p, err := a.st.Pull(context.Background(), userID, cursor, 1000)
		if err != nil {
			a.t.Fatal(err)
		}
		for _, raw := range p.Records {
			if raw.Collection != collection {
				continue
			}
			r := fieldbook.Record{Collection: raw.Collection, ID: raw.ID}
			if err := json.Unmarshal(raw.Fields, &r.Fields); err != nil {
				a.t.Fatal(err)
			}
			if d, ok := r.Fields["_deleted"]; ok && string(d) == "true" {
				continue
			}
			out = append(out, r)
		}
		if cursor = p.Cursor; !p.More {
			return out
		}
	}
}

// waitHeld waits until the server holds n records of a collection for the
// user that match (all of them when match is nil).
func (a *app) waitHeld(userID, collection string, n int, match func(fieldbook.Record) bool) []fieldbook.Record {
	a.t.Helper()
	var got []fieldbook.Record
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		got = got[:0]
		for _, r := range a.held(userID, collection) {
			if match == nil || match(r) {
				got = append(got, r)
			}
		}
		if len(got) == n {
			return got
		}
	}
	a.t.Fatalf("the server holds %d matching %s, want %d", len(got), collection, n)
	return nil
}

// field reads one field of a record as a string (its JSON text for other types).
func field(r fieldbook.Record, name string) string {
	raw := r.Fields[name]
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	return string(raw)
}

// do runs browser actions and fails the test on error, showing the page.
func do(t testing.TB, ctx context.Context, what string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, actions...); err != nil {
		body, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body ? document.body.innerText : ""`))
		t.Fatalf("%s: %v\npage shows:\n%s", what, err, body)
	}
}

// eval runs a JavaScript expression and returns its value.
// Right after a reload the page's old JavaScript context can be gone
// before the new one is known ("Cannot find context"): eval tries again
// then, a few times, as a person would wait for the page.
func eval[T any](t testing.TB, ctx context.Context, expr string) T {
	t.Helper()
	for try := 0; ; try++ {
		v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAsValue, chromedp.EvalAwaitPromise))
		if err == nil {
			return v
		}
		if try < 5 && navigated(err) {
			time.Sleep(200 * time.Millisecond)
			continue
		}
		t.Fatalf("evaluate %s: %v", expr, err)
	}
}

// js quotes a Go string as a JavaScript string literal.
func js(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// fill sets a form control's value the way typing or choosing does: the
// value, then input and change events (Preact listens to them).
func fill(t testing.TB, ctx context.Context, selector, value string) {
	t.Helper()
	ok := eval[bool](t, ctx, fmt.Sprintf(`(() => {
		const el = document.querySelector(%s);
		if (!el) return false;
		const proto = el instanceof HTMLSelectElement ? HTMLSelectElement.prototype
			: el instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
		Object.getOwnPropertyDescriptor(proto, "value").set.call(el, %s);
		el.dispatchEvent(new Event("input", { bubbles: true }));
		el.dispatchEvent(new Event("change", { bubbles: true }));
		return true;
	})()`, js(selector), js(value)))
	if !ok {
		body, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body.innerText`))
		t.Fatalf("no %s on the page:\n%s", selector, body)
	}
}

// click taps the first element matching selector once it is there,
// scrolled to the middle of the screen first: at 360×740 an element near the
// bottom sits under the fixed tab bar, where a tap by coordinates would hit
// the tab bar instead (as a thumb would, before scrolling).
func click(t testing.TB, ctx context.Context, selector string) {
	t.Helper()
	poll(t, ctx, selector, fmt.Sprintf(`(() => {
		const el = document.querySelector(%s);
		if (!el || el.disabled) return false;
		el.scrollIntoView({ block: "center" });
		el.click();
		return true;
	})()`, js(selector)))
}

// visit goes to a route of the app (a hash change: no reload).
func visit(t testing.TB, ctx context.Context, route string) {
	t.Helper()
	eval[bool](t, ctx, fmt.Sprintf(`(location.hash = %s, true)`, js(route)))
}

// signIn signs a user in on the login screen and waits for the first sync.
func signIn(t testing.TB, ctx context.Context, url, username, password string) {
	t.Helper()
	do(t, ctx, "open the app", chromedp.Navigate(url), chromedp.WaitVisible(chromedp.ID("login-username")))
	fill(t, ctx, "#login-username", username)
	fill(t, ctx, "#login-password", password)
	click(t, ctx, "form button[type=submit]")
	// The strip says online as soon as the server answers (the sign-in
	// itself); the first sync is done when it has ended "ok".
	poll(t, ctx, "online after sign-in, first sync done", `document.querySelector('.strip .conn--online[data-sync=ok]') !== null`)
}

// pending reads the number of unsent changes from the status strip.
const pendingIs = `(n) => { const d = document.querySelector('[data-pending]'); return d !== null && d.dataset.pending === String(n); }`

func waitPending(t testing.TB, ctx context.Context, n int) {
	t.Helper()
	poll(t, ctx, fmt.Sprintf("%d unsent changes shown", n), fmt.Sprintf(`(%s)(%d)`, pendingIs, n))
}

// waitController waits for the service worker to control the page, so that
// the app shell is cached before the network goes.
func waitController(t testing.TB, ctx context.Context) {
	t.Helper()
	poll(t, ctx, "the service worker in control", `navigator.serviceWorker && navigator.serviceWorker.controller !== null`)
}

// syncNow asks the app to sync at once, as the agent does with the sync
// screen's button; it returns to the route it was on.
func syncNow(t testing.TB, ctx context.Context) {
	t.Helper()
	back := eval[string](t, ctx, `location.hash || "#/today"`)
	visit(t, ctx, "#/sync")
	// A sync may be under way (pulling thousands of records takes long on
	// a busy machine): the button is enabled again once it ends.
	pollWithin(t, ctx, "the sync screen", `document.querySelector('section[aria-labelledby=status-title] button:not([disabled])') !== null`, 2*time.Minute)
	click(t, ctx, "section[aria-labelledby=status-title] button")
	visit(t, ctx, back)
}

// queueRaw puts a change straight into the signed-in user's outbox in the
// phone's IndexedDB, with the next seq and a fresh stamp, as the app's own
// code would have queued it (an older or buggy version of the app, say).
// fields is a JavaScript object literal.
func queueRaw(t testing.TB, ctx context.Context, collection, id, fields string) {
	t.Helper()
	eval[bool](t, ctx, `(async () => {
		const user = JSON.parse(localStorage.getItem("fieldbook.session")).user.id;
		const db = await new Promise((ok, fail) => { const r = indexedDB.open("fieldbook-" + user); r.onsuccess = () => ok(r.result); r.onerror = () => fail(r.error); });
		const tx = db.transaction(["outbox", "meta"], "readwrite");
		const done = new Promise((ok, fail) => { tx.oncomplete = ok; tx.onerror = () => fail(tx.error); });
		const meta = await new Promise((ok) => { const r = tx.objectStore("meta").get("meta"); r.onsuccess = () => ok(r.result); });
		const hlc = String(Date.now()).padStart(13, "0") + "-0000-" + meta.clientId;
		tx.objectStore("outbox").add({ seq: meta.nextSeq, collection: `+js(collection)+`, id: `+js(id)+`, hlc, fields: `+fields+`, createdAt: Date.now() });
		tx.objectStore("meta").put({ ...meta, nextSeq: meta.nextSeq + 1 }, "meta");
		await done;
		db.close();
		return true;
	})()`)
}

// storedRecord is the JSON of one record in the signed-in user's IndexedDB
// as the last pull left it ("null" when there is none).
func storedRecord(t testing.TB, ctx context.Context, collection, id string) string {
	t.Helper()
	return eval[string](t, ctx, `(async () => {
		const user = JSON.parse(localStorage.getItem("fieldbook.session")).user.id;
		const db = await new Promise((ok, fail) => { const r = indexedDB.open("fieldbook-" + user); r.onsuccess = () => ok(r.result); r.onerror = () => fail(r.error); });
		const rec = await new Promise((ok) => { const r = db.transaction("records").objectStore("records").get([`+js(collection)+`, `+js(id)+`]); r.onsuccess = () => ok(r.result); });
		db.close();
		return JSON.stringify(rec ?? null);
	})()`)
}

// post sends a JSON request to the server and returns the status.
func post(t testing.TB, url, body string) int {
	t.Helper()
	res, err := http.Post(url, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return res.StatusCode
}

// emulateNetworkConditions is Network.emulateNetworkConditions, which
// cdproto v0.159 no longer wraps; Chromium 156 still has it.
var emulateNetworkConditions = cdp.Command[networkConditions, cdp.Empty]{Method: "Network.emulateNetworkConditions"}

type networkConditions struct {
	Offline            bool    `json:"offline"`
	Latency            float64 `json:"latency"`
	DownloadThroughput float64 `json:"downloadThroughput"`
	UploadThroughput   float64 `json:"uploadThroughput"`
}

// setOffline cuts one browser's page off the network (or restores it) while
// the server keeps running for the others. The app's API requests come from
// the page (the service worker lets /api/ through untouched), so emulating
// on the page is enough for sync; the shell stays in the worker's cache.
func setOffline(t testing.TB, ctx context.Context, offline bool) {
	t.Helper()
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, emulateNetworkConditions, networkConditions{Offline: offline, DownloadThroughput: -1, UploadThroughput: -1}); err != nil {
		t.Fatal(err)
	}
	if offline {
		eval[bool](t, ctx, `(dispatchEvent(new Event("offline")), true)`)
	} else {
		eval[bool](t, ctx, `(dispatchEvent(new Event("online")), true)`)
	}
}

// sendAll asks the app to sync until its outbox is empty: after the server
// comes back, the first attempt may meet it still waking (or the app's own
// retry under way), so it asks again rather than wait for the app's
// backoff. It fails after two minutes.
func sendAll(t testing.TB, ctx context.Context) {
	t.Helper()
	empty := fmt.Sprintf(`(() => { try { return (%s)(0); } catch (e) { return false; } })()`, pendingIs)
	for deadline := time.Now().Add(2 * time.Minute); ; {
		syncNow(t, ctx)
		_, err := chromedp.Run(ctx, chromedp.Poll[chromedp.Void](empty, chromedp.WithPollingTimeout(15*time.Second), chromedp.WithPollingInterval(20*time.Millisecond)))
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			waitPending(t, ctx, 0) // fails, showing the page
			return
		}
	}
}
