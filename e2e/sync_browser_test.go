package e2e

import (
	"context"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"fieldbook"
	"fieldbook/sync/rules"
)

// activities counts the agent's activities the server holds.
func (a *app) activities(userID string) int {
	a.t.Helper()
	n, cursor := 0, ""
	for {
		p, err := a.st.Pull(context.Background(), userID, cursor, 1000)
		if err != nil {
			a.t.Fatal(err)
		}
		for _, r := range p.Records {
			if r.Collection == rules.Activities {
				n++
			}
		}
		if cursor = p.Cursor; !p.More {
			return n
		}
	}
}

func (a *app) waitActivities(userID string, want int) {
	a.t.Helper()
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if a.activities(userID) == want {
			return
		}
	}
	a.t.Fatalf("the server holds %d activities, want %d", a.activities(userID), want)
}

const (
	pendingIs = `(n) => { const d = document.querySelector('.facts__num'); return d && d.textContent.trim() === n; }`
	saveBtn   = `section[aria-labelledby=activity-title] button[type=submit]`
	syncBtn   = `section[aria-labelledby=status-title] button`
)

// TestBrowserLoginSyncOfflineAndBack signs an agent in, records a call that
// reaches the server, stops the server, reloads the app from the service
// worker, records another call that waits in the outbox (shown as one
// unsent change, offline), then starts the server again and sees the change
// arrive.
func TestBrowserLoginSyncOfflineAndBack(t *testing.T) {
	a := newApp(t)
	team, err := a.st.CreateTeam(context.Background(), "一队", "")
	if err != nil {
		t.Fatal(err)
	}
	agent := a.user("lina", "a good password", fieldbook.RoleAgent, team.ID)
	ctx := browser(t)

	if err := chromedp.Do(ctx,
		chromedp.EmulateViewport(360, 740),
		chromedp.Navigate(a.url()),
		chromedp.WaitVisible(chromedp.ID("login-username")),
		chromedp.SendKeys(chromedp.ID("login-username"), "lina"),
		chromedp.SendKeys(chromedp.ID("login-password"), "a good password"),
		chromedp.Click(chromedp.CSS("form button[type=submit]")),
	); err != nil {
		t.Fatal(err)
	}
	poll(t, ctx, "online after sign-in", `document.querySelector('.conn--online') !== null`)
	if err := chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.ID("activity-outcome"), "约到周三见面"),
		chromedp.Click(chromedp.CSS(saveBtn)),
	); err != nil {
		t.Fatal(err)
	}
	a.waitActivities(agent.ID, 1)
	poll(t, ctx, "no unsent changes", `(`+pendingIs+`)("0")`)
	// The shell must be cached before the network goes.
	poll(t, ctx, "the service worker in control", `navigator.serviceWorker && navigator.serviceWorker.controller !== null`)

	a.stop()
	if err := chromedp.Do(ctx, chromedp.Reload()); err != nil {
		t.Fatal(err)
	}
	poll(t, ctx, "the app opened offline", `document.getElementById('activity-outcome') !== null`)
	if err := chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.ID("activity-outcome"), "客户不在家"),
		chromedp.Click(chromedp.CSS(saveBtn)),
	); err != nil {
		t.Fatal(err)
	}
	poll(t, ctx, "one unsent change", `(`+pendingIs+`)("1")`)
	poll(t, ctx, "offline shown", `document.querySelector('.conn--offline') !== null`)

	a.start()
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(syncBtn))); err != nil {
		t.Fatal(err)
	}
	a.waitActivities(agent.ID, 2)
	poll(t, ctx, "the outbox empty again", `(`+pendingIs+`)("0")`)
}
