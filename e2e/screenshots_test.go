package e2e

import (
	"context"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"fieldbook"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"fieldbook/demo"
	"fieldbook/sync/rules"
)

// screenshotDir is where the screenshots go: docs/screenshots when
// FIELDBOOK_SCREENSHOTS is set (to refresh the README's pictures), else a
// temporary directory — the test still opens every screen in both languages.
func screenshotDir(t *testing.T) string {
	if os.Getenv("FIELDBOOK_SCREENSHOTS") != "" {
		dir := filepath.Join("..", "docs", "screenshots")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		return dir
	}
	return t.TempDir()
}

// shoot waits for the screen to settle (no loading placeholder left) and
// saves what a 360×740 phone shows.
func shoot(t *testing.T, ctx context.Context, dir, name string) {
	t.Helper()
	poll(t, ctx, name+" settled", `document.querySelector('main') !== null && document.querySelector('[aria-busy=true]') === null`)
	time.Sleep(300 * time.Millisecond) // fonts, charts and a pulled page land
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestBrowserScreenshotsOfEveryAgentScreen opens every screen of the agent's
// app with the demo's data, in Chinese and in English, at 360×740.
func TestBrowserScreenshotsOfEveryAgentScreen(t *testing.T) {
	a := newApp(t)
	if _, err := demo.Load(context.Background(), a.st, time.Now(), cheap); err != nil {
		t.Fatal(err)
	}
	lina, ok, err := a.st.UserByUsername(context.Background(), "lina")
	if err != nil || !ok {
		t.Fatalf("demo agent lina: %v", err)
	}
	prospect := a.held(lina.ID, fieldbook.Prospects)[0].ID
	customer := a.held(lina.ID, fieldbook.Customers)[0].ID
	called := prospectWithPhone(t, a, lina.ID) // for the post-call sheet
	dir := screenshotDir(t)
	ctx := browser(t)
	do(t, ctx, "viewport", chromedp.EmulateViewport(360, 740))

	screens := []struct{ name, route string }{
		{"today", "#/today"},
		{"plan", "#/plan"},
		{"plan-prospect", "#/plan/" + prospect},
		{"plan-new", "#/plan/new"},
		{"customers", "#/customers"},
		{"customer-file", "#/customers/" + customer},
		{"log-list", "#/log"},
		{"log-day", "#/log/" + teamNow(t).AddDate(0, 0, -1).Format(time.DateOnly)},
		{"me-week", "#/me"},
		{"me-month", "#/me/month"},
		{"team", "#/team"},
		{"goal", "#/goal"},
		{"sync", "#/sync"},
	}
	for _, lang := range []string{"zh-CN", "en"} {
		do(t, ctx, "open", chromedp.Navigate(a.url()))
		eval[bool](t, ctx, `(localStorage.setItem("fieldbook.lang", `+js(lang)+`), true)`)
		do(t, ctx, "reload", chromedp.Reload())
		if lang == "zh-CN" {
			poll(t, ctx, "the login screen", `document.getElementById('login-username') !== null`)
			shoot(t, ctx, dir, "agent-login-"+lang)
			signIn(t, ctx, a.url(), "lina", demo.Password)
			waitPending(t, ctx, 0)
		} else {
			poll(t, ctx, "signed in", `document.querySelector('.strip') !== null`)
		}
		for _, s := range screens {
			visit(t, ctx, s.route)
			shoot(t, ctx, dir, "agent-"+s.name+"-"+lang)
		}
		// The sheet that offers to log the call just made.
		eval[bool](t, ctx, holdTelLinks)
		visit(t, ctx, "#/plan/"+called)
		click(t, ctx, "[data-testid=call-link]")
		setVisibility(t, ctx, "hidden")
		setVisibility(t, ctx, "visible")
		poll(t, ctx, "the post-call sheet", `document.querySelector('[data-testid=call-log-who]').innerText !== ""`)
		shoot(t, ctx, dir, "agent-call-log-"+lang)
		click(t, ctx, "[data-testid=call-log-dismiss]")
		poll(t, ctx, "the sheet closed", `document.querySelector('[data-testid=call-log]') === null`)
		if lang == "en" {
			// The English login screen: sign out (nothing is unsent).
			visit(t, ctx, "#/sync")
			click(t, ctx, "[data-testid=sign-out]")
			poll(t, ctx, "signed out", `document.getElementById('login-username') !== null`)
			shoot(t, ctx, dir, "agent-login-"+lang)
		}
	}
}

// shot is a screen to photograph: its route, and what shows it is ready
// beyond the loading placeholders (a selector), if anything.
type shot struct{ name, route, ready string }

// shootAll signs a demo user in and saves every route at each size, in
// Chinese and in English.
func shootAll(t *testing.T, a *app, dir, prefix, username string, routes []shot) {
	t.Helper()
	ctx := browser(t)
	do(t, ctx, "viewport", chromedp.EmulateViewport(360, 740))
	signIn(t, ctx, a.url(), username, demo.Password)
	waitPending(t, ctx, 0)
	for _, size := range []struct {
		name string
		w, h int64
	}{{"360", 360, 740}, {"1280", 1280, 800}} {
		do(t, ctx, "viewport", chromedp.EmulateViewport(size.w, size.h))
		for _, lang := range []string{"zh-CN", "en"} {
			eval[bool](t, ctx, `(localStorage.setItem("fieldbook.lang", `+js(lang)+`), true)`)
			do(t, ctx, "reload", chromedp.Reload())
			poll(t, ctx, "signed in", `document.querySelector('.strip') !== null`)
			for _, s := range routes {
				visit(t, ctx, s.route)
				if s.ready != "" {
					poll(t, ctx, s.name+" ready", `document.querySelector(`+js(s.ready)+`) !== null`)
				}
				shoot(t, ctx, dir, prefix+"-"+s.name+"-"+size.name+"-"+lang)
			}
		}
	}
}

// TestBrowserScreenshotsOfSupervisorAndAdminScreens opens every screen of
// the supervisor's and the admin's workspace with the demo's data, at
// 360×740 and 1280×800, in Chinese and in English.
func TestBrowserScreenshotsOfSupervisorAndAdminScreens(t *testing.T) {
	a := newApp(t)
	lina, waiting := loadDemo(t, a)
	customer := a.held(lina.ID, fieldbook.Customers)[0].ID
	dir := screenshotDir(t)
	shootAll(t, a, dir, "supervisor", "zhoumin", []shot{
		{"queue", "#/queue", "[data-testid=queue-row]"},
		{"review", "#/queue/" + waiting, "[data-testid=review-approve]"},
		{"dashboard", "#/dashboard", "[data-testid=dashboard-row]"},
		{"requests", "#/dashboard/requests", "[data-testid=privacy-requests]"},
		{"agent", "#/agent/" + lina.ID, "[data-testid=agent-page]"},
		{"agent-files", "#/agent/" + lina.ID + "/files", "[data-testid=files-purpose]"},
		{"agent-file", "#/agent/" + lina.ID + "/files/" + customer, ""},
		{"meeting", "#/meeting", ""},
		{"team", "#/team", "[data-testid=standings-row]"},
	})
	shootAll(t, a, dir, "admin", "demo-admin", []shot{
		{"users", "#/admin/users", "[data-testid=user-row]"},
		{"user", "#/admin/users/" + lina.ID, "[data-testid=user-save]"},
		{"user-new", "#/admin/users/new", ""},
		{"teams", "#/admin/teams", "[data-testid=team-row]"},
		{"team-settings", "#/admin/teams/" + lina.TeamID, "[data-testid=settings-save]"},
		{"dashboard", "#/dashboard", "[data-testid=dashboard-row]"},
	})
}

// TestBrowserScreenshotsOfOutboxAndStorageHealth photographs, at 360×740 in
// Chinese and in English, the status strip of a stalled outbox (the server
// answering 500, the phone's clock past ten minutes), the sync screen's
// storage card warning at 85 %, the activity sheet refused for lack of
// space, and the supervisor's weekly standings and morning summary saved
// as images.
func TestBrowserScreenshotsOfOutboxAndStorageHealth(t *testing.T) {
	a := newApp(t)
	loadDemo(t, a)
	dir := screenshotDir(t)
	ctx := browser(t)
	for _, script := range []string{movableClock, nearlyFullPhone} {
		if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: script}); err != nil {
			t.Fatal(err)
		}
	}
	do(t, ctx, "viewport", chromedp.EmulateViewport(360, 740))
	signIn(t, ctx, a.url(), "lina", demo.Password)
	waitPending(t, ctx, 0)
	var failing atomic.Bool
	failing.Store(true)
	failSync(t, ctx, &failing)
	recordActivity(t, ctx, "call", "约了周三见面")
	waitPending(t, ctx, 1)
	moveClock(t, ctx, 12*time.Minute)
	for _, lang := range []string{"zh-CN", "en"} {
		eval[bool](t, ctx, `(localStorage.setItem("fieldbook.lang", `+js(lang)+`), localStorage.removeItem("test.quotaFull"), true)`)
		do(t, ctx, "reload", chromedp.Reload())
		visit(t, ctx, "#/today")
		pollWithin(t, ctx, "the stalled outbox", `document.querySelector('.strip [data-stalled]') !== null`, 30*time.Second)
		shoot(t, ctx, dir, "agent-outbox-stalled-"+lang)

		visit(t, ctx, "#/sync")
		poll(t, ctx, "the storage card", `document.querySelector('[data-testid=storage-warn]') !== null`)
		eval[bool](t, ctx, `(document.querySelector('[data-testid=storage]').scrollIntoView({ block: "center" }), true)`)
		shoot(t, ctx, dir, "agent-sync-storage-"+lang)

		eval[bool](t, ctx, `(localStorage.setItem("test.quotaFull", "1"), true)`)
		visit(t, ctx, "#/today")
		click(t, ctx, "[data-testid=tap-visit]")
		poll(t, ctx, "the activity sheet", `document.getElementById('act-outcome') !== null`)
		fill(t, ctx, "#act-outcome", map[string]string{"zh-CN": "送了计划书", "en": "left the plan"}[lang])
		click(t, ctx, "[data-testid=activity-save]")
		poll(t, ctx, "the full phone said", `document.querySelector('[data-testid=activity-error][data-problem=failed]') !== null`)
		eval[bool](t, ctx, `(document.querySelector('[data-testid=activity-error]').scrollIntoView({ block: "center" }), true)`)
		shoot(t, ctx, dir, "agent-storage-full-"+lang)
	}

	sup := browser(t)
	do(t, sup, "viewport", chromedp.EmulateViewport(360, 740))
	signIn(t, sup, a.url(), "zhoumin", demo.Password)
	downloadsTo(t, sup)
	for _, lang := range []string{"zh-CN", "en"} {
		eval[bool](t, sup, `(localStorage.setItem("fieldbook.lang", `+js(lang)+`), true)`)
		do(t, sup, "reload", chromedp.Reload())
		visit(t, sup, "#/meeting/weekly")
		click(t, sup, "[data-testid=share-make]")
		poll(t, sup, "the image made", `document.querySelector('.meeting-share__preview')?.complete === true && document.querySelector('.meeting-share__preview').naturalWidth > 0`)
		eval[bool](t, sup, `(document.querySelector('[data-testid=share-saved]').scrollIntoView({ block: "start" }), true)`)
		shoot(t, sup, dir, "supervisor-share-360-"+lang)
		visit(t, sup, "#/meeting")
		poll(t, sup, "the morning meeting", `document.querySelector('[data-testid=share-make]') !== null`)
		click(t, sup, "[data-testid=share-make]")
		poll(t, sup, "the morning image made", `document.querySelector('.meeting-share__preview')?.complete === true && document.querySelector('.meeting-share__preview').naturalWidth > 0`)
		eval[bool](t, sup, `(document.querySelector('[data-testid=share-saved]').scrollIntoView({ block: "start" }), true)`)
		shoot(t, sup, dir, "supervisor-share-morning-360-"+lang)
	}
}

// TestBrowserScreenshotsOfALostEdit photographs, at 360×740 in Chinese and
// in English, a Plan 100 name whose notes, changed on this phone, were
// overwritten by a newer change from another device.
func TestBrowserScreenshotsOfALostEdit(t *testing.T) {
	a := newApp(t)
	agent := a.agent("lina")
	prospect := rules.NewID()
	a.push(agent.ID, change(fieldbook.Prospects, prospect, `{"name":"赵先生","notes":"住在梅园","stage":"new"}`))
	dir := screenshotDir(t)
	ctx := signedIn(t, a, "lina")
	for _, lang := range []struct{ code, mine, theirs string }{
		{"zh-CN", "喜欢打高尔夫", "只喜欢钓鱼"},
		{"en", "plays golf on Sundays", "only goes fishing"},
	} {
		eval[bool](t, ctx, `(localStorage.setItem("fieldbook.lang", `+js(lang.code)+`), true)`)
		do(t, ctx, "reload", chromedp.Reload())
		poll(t, ctx, "signed in", `document.querySelector('.strip') !== null && document.documentElement.lang === `+js(lang.code))
		visit(t, ctx, "#/plan/"+prospect)
		editNotes(t, ctx, lang.mine)
		a.waitHeld(agent.ID, fieldbook.Prospects, 1, func(r fieldbook.Record) bool { return field(r, "notes") == lang.mine })
		waitPending(t, ctx, 0)
		a.push(agent.ID, change(fieldbook.Prospects, prospect, `{"notes":`+js(lang.theirs)+`}`))
		syncNow(t, ctx)
		poll(t, ctx, "the lost edit shown", `document.querySelector('[data-testid=lost-edit][data-field=notes]') !== null`)
		eval[bool](t, ctx, `(document.querySelector('[data-testid=lost-edit]').scrollIntoView({ block: "center" }), true)`)
		shoot(t, ctx, dir, "agent-lost-edit-"+lang.code)
		click(t, ctx, "[data-testid=lost-edit-dismiss]")
		poll(t, ctx, "dismissed", `document.querySelector('[data-testid=lost-edit]') === null`)
	}
}

// prospectWithPhone is a Plan 100 name of the user's that has a phone.
func prospectWithPhone(t *testing.T, a *app, userID string) string {
	t.Helper()
	for _, p := range a.held(userID, fieldbook.Prospects) {
		if ph := field(p, "phone"); ph != "" && ph != "null" {
			return p.ID
		}
	}
	t.Fatal("no demo prospect has a phone")
	return ""
}
