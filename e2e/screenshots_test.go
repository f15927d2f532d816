package e2e

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

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
	prospect := a.held(lina.ID, rules.Prospects)[0].ID
	customer := a.held(lina.ID, rules.Customers)[0].ID
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
		{"log-day", "#/log/" + time.Now().AddDate(0, 0, -1).Format(time.DateOnly)},
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
		if lang == "en" {
			// The English login screen: sign out (nothing is unsent).
			visit(t, ctx, "#/sync")
			click(t, ctx, ".topbar button.btn--quiet-on-brand")
			poll(t, ctx, "signed out", `document.getElementById('login-username') !== null`)
			shoot(t, ctx, dir, "agent-login-"+lang)
		}
	}
}
