package e2e

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"fieldbook"
	"fieldbook/sync/rules"
)

// team makes a team with one agent whose password is "a good password".
func (a *app) agent(username string) fieldbook.User {
	a.t.Helper()
	team, err := a.st.CreateTeam(context.Background(), "一队-"+username, "")
	if err != nil {
		a.t.Fatal(err)
	}
	return a.user(username, "a good password", fieldbook.RoleAgent, team.ID)
}

// recordVisit records an activity of a kind from Today, with an outcome.
func recordActivity(t *testing.T, ctx context.Context, kind, outcome string) {
	t.Helper()
	visit(t, ctx, "#/today")
	click(t, ctx, fmt.Sprintf(`[data-testid=tap-%s]`, kind))
	poll(t, ctx, "the activity sheet", `document.getElementById('act-outcome') !== null`)
	fill(t, ctx, "#act-outcome", outcome)
	if kind == "deal" {
		fill(t, ctx, "#act-premium", "5000")
	}
	click(t, ctx, "[data-testid=activity-save]")
	poll(t, ctx, "the sheet closed", `document.getElementById('act-outcome') === null`)
}

// TestBrowserRejectedChangeFixedAndResent: a change the server refuses (as
// an older or buggy version of the app would make: a customer aged 150) is
// listed with its reason, the agent fixes it and sends it again, and the
// server holds the fixed record.
func TestBrowserRejectedChangeFixedAndResent(t *testing.T) {
	a := newApp(t)
	agent := a.agent("lina")
	ctx := browser(t)
	do(t, ctx, "viewport", chromedp.EmulateViewport(360, 740))
	signIn(t, ctx, a.url(), "lina", "a good password")

	queueRaw(t, ctx, "customers", rules.NewID(), `{ name: "王五", age: 150 }`)
	syncNow(t, ctx)
	poll(t, ctx, "the rejection counted in the status strip", `document.querySelector('[data-rejected="1"]') !== null`)
	visit(t, ctx, "#/sync")
	poll(t, ctx, "the rejected change with its reason", `(() => {
		const row = document.querySelector('[data-testid=rejected-row]');
		return row !== null && row.dataset.code === "invalid" && row.innerText.includes("age");
	})()`)

	click(t, ctx, "[data-testid=rejected-fix]")
	poll(t, ctx, "the fix form", `document.getElementById('fix-age') !== null`)
	fill(t, ctx, "#fix-age", "45")
	click(t, ctx, "[data-testid=fix-send]")
	got := a.waitHeld(agent.ID, fieldbook.Customers, 1, nil)
	if field(got[0], "name") != "王五" || field(got[0], "age") != "45" {
		t.Fatalf("the server holds %v", got[0].Fields)
	}
	poll(t, ctx, "the rejected list empty", `document.querySelector('[data-testid=rejected-row]') === null`)
	waitPending(t, ctx, 0)
}

// TestBrowserExpiredSessionKeepsOutbox: the agent works offline while their
// session runs out (the access token expired, the refresh token revoked);
// when the network is back the app asks them to sign in again, and every
// change made offline reaches the server under their name.
func TestBrowserExpiredSessionKeepsOutbox(t *testing.T) {
	a := newApp(t)
	agent := a.agent("lina")
	ctx := browser(t)
	do(t, ctx, "viewport", chromedp.EmulateViewport(360, 740))
	signIn(t, ctx, a.url(), "lina", "a good password")
	waitController(t, ctx)

	// The refresh token is revoked on the server, and the stored access
	// token is replaced by one that expired an hour ago.
	refresh := eval[string](t, ctx, `JSON.parse(localStorage.getItem("fieldbook.session")).refresh_token`)
	if code := post(t, a.url()+"/api/auth/logout", fmt.Sprintf(`{"refresh_token": %q}`, refresh)); code != 204 {
		t.Fatalf("logout: %d", code)
	}
	expireAccessToken(t, a, ctx, agent)

	a.stop()
	do(t, ctx, "reload offline", chromedp.Reload())
	poll(t, ctx, "Today opened offline", `document.querySelector('[data-testid=tap-visit]') !== null`)
	recordActivity(t, ctx, "visit", "客户不在家")
	recordActivity(t, ctx, "call", "约到周五")
	waitPending(t, ctx, 2)

	a.start()
	// The sync after the network returns meets the expired session. A
	// request the app sent as the server went down may wait out the app's
	// own 20 s timeout first, so the wait allows more than that.
	pollWithin(t, ctx, "asked to sign in again", `(dispatchEvent(new Event("online")), document.getElementById('login-username') !== null)`, time.Minute)
	poll(t, ctx, "told why", `document.body.innerText.includes("登录已过期")`)
	do(t, ctx, "sign in again",
		chromedp.SendKeys(chromedp.ID("login-password"), "a good password"),
		chromedp.Click(chromedp.CSS("form button[type=submit]")),
	)
	got := a.waitHeld(agent.ID, fieldbook.Activities, 2, nil)
	for _, r := range got {
		if field(r, "owner_id") != agent.ID {
			t.Fatalf("an activity was stored as %s", field(r, "owner_id"))
		}
	}
	waitPending(t, ctx, 0)
}

// TestBrowserTwoProfilesConverge: the same agent on two phones (two browser
// profiles), each recording while the other cannot see it, ends with both
// phones showing the same day.
func TestBrowserTwoProfilesConverge(t *testing.T) {
	a := newApp(t)
	agent := a.agent("lina")
	phone1, phone2 := browser(t), browser(t)
	for _, ctx := range []context.Context{phone1, phone2} {
		do(t, ctx, "viewport", chromedp.EmulateViewport(360, 740))
		signIn(t, ctx, a.url(), "lina", "a good password")
	}
	recordActivity(t, phone1, "visit", "第一台手机")
	recordActivity(t, phone2, "call", "第二台手机")
	recordActivity(t, phone2, "appointment", "约成了")
	a.waitHeld(agent.ID, fieldbook.Activities, 3, nil)

	// Both write the same day's log: one record (its id comes from the
	// owner and the date), merged field by field.
	for i, ctx := range []context.Context{phone1, phone2} {
		visit(t, ctx, "#/log/"+teamNow(t).Format(time.DateOnly))
		poll(t, ctx, "the log form", `document.getElementById('log-summary') !== null`)
		if i == 0 {
			fill(t, ctx, "#plan-visit", "4")
		} else {
			fill(t, ctx, "#log-summary", "两台手机写同一天")
		}
		click(t, ctx, "[data-testid=log-save]")
	}
	logs := a.waitHeld(agent.ID, fieldbook.DayLogs, 1, func(r fieldbook.Record) bool {
		return field(r, "summary") == "两台手机写同一天" && field(r, "plan") == `{"visit":4}`
	})
	if len(logs) != 1 {
		t.Fatal("the two phones' logs did not merge")
	}

	for _, ctx := range []context.Context{phone1, phone2} {
		syncNow(t, ctx)
		visit(t, ctx, "#/today")
		poll(t, ctx, "all three activities on both phones", `document.querySelectorAll('[data-testid=activity-row]').length === 3`)
		visit(t, ctx, "#/log/"+teamNow(t).Format(time.DateOnly))
		poll(t, ctx, "the merged log", `(() => {
			const s = document.getElementById('log-summary'), p = document.getElementById('plan-visit');
			return s && p && s.value === "两台手机写同一天" && p.value === "4";
		})()`)
	}
}

// TestBrowserRecordingAVisitTouchesIndexedDBOnce counts the IndexedDB
// transactions from tapping Save on a visit to the sheet closing with the
// visit on screen: one (the outbox write, which also counts the outbox).
// The phone is offline so that no sync writes beside it; the failed sync
// attempts' small reads of the outbox and the clock, which any sync makes,
// are left out of the count: what is counted is every write and every read
// of the records the screens show.
func TestBrowserRecordingAVisitTouchesIndexedDBOnce(t *testing.T) {
	a := newApp(t)
	a.agent("lina")
	ctx := browser(t)
	do(t, ctx, "viewport", chromedp.EmulateViewport(360, 740))
	signIn(t, ctx, a.url(), "lina", "a good password")
	visit(t, ctx, "#/today")
	poll(t, ctx, "Today with its data", `document.querySelector('main[data-ready]') !== null`)
	click(t, ctx, "[data-testid=tap-visit]")
	poll(t, ctx, "the visit sheet", `document.getElementById('act-outcome') !== null`)
	fill(t, ctx, "#act-outcome", "见了面")
	setOffline(t, ctx, true)
	poll(t, ctx, "offline", `document.querySelector('.strip .conn--offline') !== null`)
	eval[bool](t, ctx, `(() => {
		window.idbTransactions = 0;
		const open = IDBDatabase.prototype.transaction;
		IDBDatabase.prototype.transaction = function (stores, mode, ...rest) {
			const names = typeof stores === "string" ? [stores] : [...stores];
			if (mode === "readwrite" || names.includes("records")) window.idbTransactions++;
			return open.call(this, stores, mode, ...rest);
		};
		return true;
	})()`)
	click(t, ctx, "[data-testid=activity-save]")
	poll(t, ctx, "the visit on Today", `document.querySelectorAll('[data-testid=activity-row]').length === 1`)
	if n := eval[int](t, ctx, `window.idbTransactions`); n != 1 {
		t.Fatalf("recording a visit took %d IndexedDB transactions, want 1", n)
	}
}
