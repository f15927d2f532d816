// Browser test of the app PIN (issue 11, a lost phone): set on 我的, asked
// when the app comes back after its minutes in the background, refusing a
// wrong PIN, and after five wrong in a row signing out and deleting the
// agent's data on the phone. "Forgot" signs out and keeps the data. A
// supervisor, who has no 我的, sets theirs on the sync and account screen.

package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"fieldbook"
)

// setAppPIN sets pin with the minutes on the screen of route (我的, or sync
// for a supervisor or an admin) and waits for it to be on.
func setAppPIN(t *testing.T, ctx context.Context, route, pin, minutes string) {
	t.Helper()
	visit(t, ctx, route)
	poll(t, ctx, "the PIN settings", `document.querySelector('[data-testid=pin-settings][data-pin=off]') !== null`)
	fill(t, ctx, "#pin-new", pin)
	fill(t, ctx, "#pin-again", pin)
	fill(t, ctx, "#pin-minutes", minutes)
	click(t, ctx, "[data-testid=pin-set]")
	poll(t, ctx, "the PIN on", `document.querySelector('[data-testid=pin-settings][data-pin=on]') !== null`)
}

// awayFor says the page was hidden ms ago, as the app stores it, and that it
// is visible again.
func awayFor(t *testing.T, ctx context.Context, ms int) {
	t.Helper()
	eval[bool](t, ctx, fmt.Sprintf(`(localStorage.setItem("fieldbook.hiddenAt", String(Date.now() - %d)),
		document.dispatchEvent(new Event("visibilitychange")), true)`, ms))
}

// typePIN taps the digits on the pad and OK.
func typePIN(t *testing.T, ctx context.Context, pin string) {
	t.Helper()
	for _, d := range pin {
		click(t, ctx, fmt.Sprintf("[data-testid=pin-key-%c]", d))
	}
	poll(t, ctx, "the digits entered", fmt.Sprintf(`document.querySelector('[data-testid=pin-dots]')?.dataset.n === "%d"`, len(pin)))
	click(t, ctx, "[data-testid=pin-ok]")
}

const pinLockShown = `document.querySelector('[data-testid=pin-lock]') !== null`

// lockedAfter says the page was away ms and waits for the PIN pad, with the
// app under it out of use.
func lockedAfter(t *testing.T, ctx context.Context, ms int, what string) {
	t.Helper()
	awayFor(t, ctx, ms)
	poll(t, ctx, "the PIN pad "+what, pinLockShown)
	if !eval[bool](t, ctx, `document.querySelector('.shell').inert`) {
		t.Fatalf("%s: the app under the PIN pad can still be used", what)
	}
}

// TestBrowserAppPIN: the agent sets a 4-digit PIN asked after 1 minute; 30
// seconds away asks nothing, over a minute shows the pad over the app
// (which stays, inert, underneath), a wrong PIN is refused and counted, the
// right one unlocks where the agent was. A reload while locked stays
// locked; "forgot" signs out and keeps the data; after signing in again
// and a new PIN, five wrong PINs sign out and delete the data.
func TestBrowserAppPIN(t *testing.T) {
	a := newApp(t)
	agent := a.agent("lina")
	db := "fieldbook-" + agent.ID
	key := js("fieldbook.pin." + agent.ID)
	phone := signedIn(t, a, "lina")

	visit(t, phone, "#/sync")
	poll(t, phone, "the sync screen", `document.querySelector('section[aria-labelledby=status-title]') !== null`)
	if eval[bool](t, phone, `document.querySelector('[data-testid=pin-settings]') !== null`) {
		t.Fatal("the agent's sync screen shows PIN settings besides 我的")
	}
	setAppPIN(t, phone, "#/me", "1357", "1")
	stored := eval[string](t, phone, `localStorage.getItem(`+key+`)`)
	if strings.Contains(stored, "1357") || !strings.Contains(stored, `"minutes":1`) {
		t.Fatalf("the stored PIN record is %s", stored)
	}

	awayFor(t, phone, 30_000)
	if eval[bool](t, phone, pinLockShown) {
		t.Fatal("the PIN was asked after 30 seconds away, with 1 minute chosen")
	}
	lockedAfter(t, phone, 61_000, "after a minute away")

	typePIN(t, phone, "2468")
	poll(t, phone, "the wrong PIN refused", `document.querySelector('[data-testid=pin-error]').innerText.includes("再错 4 次")`)
	if !eval[bool](t, phone, pinLockShown) {
		t.Fatal("a wrong PIN unlocked the app")
	}
	typePIN(t, phone, "1357")
	poll(t, phone, "unlocked", `!(`+pinLockShown+`) && !document.querySelector('.shell').inert`)
	if !eval[bool](t, phone, `document.querySelector('[data-testid=pin-settings][data-pin=on]') !== null`) {
		t.Fatal("unlocking did not come back to 我的")
	}
	if n := eval[int](t, phone, `JSON.parse(localStorage.getItem(`+key+`)).failures`); n != 0 {
		t.Fatalf("%d failures counted after the right PIN", n)
	}

	// Locked, a reload (which hides the page) stays locked.
	lockedAfter(t, phone, 61_000, "locked again")
	do(t, phone, "reload", chromedp.Reload())
	poll(t, phone, "still locked after a reload", pinLockShown)

	// Forgot: signed out as by the sign-out button, the data kept, the PIN gone.
	click(t, phone, "[data-testid=pin-forgot]")
	poll(t, phone, "the login screen", `document.getElementById('login-username') !== null`)
	if !eval[bool](t, phone, hasDatabase(db)) || eval[bool](t, phone, `localStorage.getItem(`+key+`) !== null`) {
		t.Fatal("forgetting the PIN deleted the data, or kept the PIN")
	}

	signIn(t, phone, a.url(), "lina", "a good password")
	setAppPIN(t, phone, "#/me", "864200", "5")
	lockedAfter(t, phone, 5*60_000+1000, "after 5 minutes away")
	for i := 0; i < 4; i++ {
		typePIN(t, phone, "1111")
		poll(t, phone, "a wrong PIN refused", fmt.Sprintf(`document.querySelector('[data-testid=pin-error]').innerText.includes("再错 %d 次")`, 4-i))
	}
	typePIN(t, phone, "1111")
	poll(t, phone, "told the device was signed out", `document.querySelector('[data-testid=device-wiped]') !== null`)
	poll(t, phone, "the agent's database deleted", `(`+hasDatabase(db)+`).then((has) => !has)`)
	if n := eval[int](t, phone, `Object.keys(localStorage).filter((k) => k.includes(`+js(agent.ID)+`)).length`); n != 0 {
		t.Fatalf("%d localStorage keys of the agent remain", n)
	}
}

// TestBrowserSupervisorAppPIN: a supervisor sets a 6-digit PIN asked after 1
// minute on the sync and account screen (an agent's sync screen has none:
// theirs is on 我的); on the dashboard, over a minute away shows the pad
// over it, a wrong PIN is refused, the right one unlocks the dashboard.
func TestBrowserSupervisorAppPIN(t *testing.T) {
	a := newApp(t)
	team, err := a.st.CreateTeam(context.Background(), "一队", "")
	if err != nil {
		t.Fatal(err)
	}
	sup := a.user("zhou", "a good password", fieldbook.RoleSupervisor, team.ID)
	phone := signedIn(t, a, "zhou")

	setAppPIN(t, phone, "#/sync", "246810", "1")
	key := js("fieldbook.pin." + sup.ID)
	if stored := eval[string](t, phone, `localStorage.getItem(`+key+`)`); strings.Contains(stored, "246810") || !strings.Contains(stored, `"minutes":1`) {
		t.Fatalf("the supervisor's stored PIN record is %s", stored)
	}

	visit(t, phone, "#/dashboard")
	dashboard := `document.querySelector('main.dash[data-team=` + js(team.ID) + `]') !== null`
	poll(t, phone, "the dashboard", dashboard)
	lockedAfter(t, phone, 61_000, "over the dashboard after a minute away")
	typePIN(t, phone, "135790")
	poll(t, phone, "the wrong PIN refused", `document.querySelector('[data-testid=pin-error]').innerText.includes("再错 4 次")`)
	typePIN(t, phone, "246810")
	poll(t, phone, "unlocked, on the dashboard", `!(`+pinLockShown+`) && !document.querySelector('.shell').inert && `+dashboard)
}
