// Browser tests of a lost phone: an admin signs an agent out of every
// device, and the agent's phone, offline meanwhile, keeps everything until
// the server refuses it, then deletes its local database and says so.

package e2e

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"fieldbook"
	"fieldbook/auth"
)

// expireAccessToken puts an access token of user that expired an hour ago
// in the phone's stored session, as if 15 minutes had passed: the next
// request must refresh. It takes effect at the next page load.
func expireAccessToken(t *testing.T, a *app, ctx context.Context, user fieldbook.User) {
	t.Helper()
	secret, err := a.st.Secret()
	if err != nil {
		t.Fatal(err)
	}
	past, err := auth.NewSigner(secret, func() time.Time { return time.Now().Add(-time.Hour) })
	if err != nil {
		t.Fatal(err)
	}
	expired, err := past.Issue(user)
	if err != nil {
		t.Fatal(err)
	}
	eval[bool](t, ctx, fmt.Sprintf(`(() => {
		const s = JSON.parse(localStorage.getItem("fieldbook.session"));
		localStorage.setItem("fieldbook.session", JSON.stringify({ ...s, access_token: %q }));
		return true;
	})()`, expired))
}

// hasDatabase is a JavaScript expression: whether the phone holds name.
func hasDatabase(name string) string {
	return fmt.Sprintf(`indexedDB.databases().then((ds) => ds.some((d) => d.name === %s))`, js(name))
}

// TestBrowserLostPhoneWipedAtNextContact: the admin signs the agent out of
// every device from the user page. The agent's phone, offline with an
// unsent visit, keeps its data and stays signed in while no answer comes;
// when the server is back its refresh is refused as signed out, and the
// phone deletes the agent's database and says so on the login screen.
func TestBrowserLostPhoneWipedAtNextContact(t *testing.T) {
	a := newApp(t)
	agent := a.agent("lina")
	a.user("boss", "a good password", fieldbook.RoleAdmin, "")
	db := "fieldbook-" + agent.ID

	phone := browser(t)
	do(t, phone, "viewport", chromedp.EmulateViewport(360, 740))
	signIn(t, phone, a.url(), "lina", "a good password")
	waitController(t, phone)
	recordActivity(t, phone, "visit", "已同步的拜访")
	a.waitHeld(agent.ID, fieldbook.Activities, 1, nil)
	if !eval[bool](t, phone, hasDatabase(db)) {
		t.Fatalf("the phone holds no %s after the first sync", db)
	}

	admin := signedIn(t, a, "boss")
	visit(t, admin, "#/admin/users/"+agent.ID)
	click(t, admin, "[data-testid=user-sign-out]")
	click(t, admin, "[data-testid=user-sign-out-confirm]")
	poll(t, admin, "the sign-out done", `document.querySelector('[data-testid=user-sign-out-status]').innerText.includes("已退出")`)

	// The phone is out of reach when its 15 minutes run out: no answer
	// means no wipe, and the agent goes on working.
	expireAccessToken(t, a, phone, agent)
	a.stop()
	do(t, phone, "reload offline", chromedp.Reload())
	poll(t, phone, "Today opened offline", `document.querySelector('[data-testid=tap-visit]') !== null`)
	recordActivity(t, phone, "call", "离线的电话")
	waitPending(t, phone, 1)
	syncNow(t, phone)
	poll(t, phone, "the failed sync shown offline", `document.querySelector('.strip .conn--offline') !== null`)
	if !eval[bool](t, phone, hasDatabase(db)) || eval[bool](t, phone, `document.getElementById('login-username') !== null`) {
		t.Fatal("the phone wiped or signed out without an answer from the server")
	}

	a.start()
	// A request sent as the server went down may wait out the app's own
	// 20 s timeout first.
	pollWithin(t, phone, "told the device was signed out", `(dispatchEvent(new Event("online")), document.querySelector('[data-testid=device-wiped]') !== null)`, time.Minute)
	if got := eval[string](t, phone, `document.querySelector('[data-testid=device-wiped]').innerText`); got != "此设备已被退出，本机数据已清除。" {
		t.Fatalf("the login screen says %q", got)
	}
	poll(t, phone, "the agent's database deleted", `(`+hasDatabase(db)+`).then((has) => !has)`)
	if n := eval[int](t, phone, `Object.keys(localStorage).filter((k) => k.includes(`+js(agent.ID)+`)).length`); n != 0 {
		t.Fatalf("%d localStorage keys of the agent remain", n)
	}
	// The message stays until the next sign-in, across a reload.
	do(t, phone, "reload", chromedp.Reload())
	poll(t, phone, "still told after a reload", `document.querySelector('[data-testid=device-wiped]') !== null`)
	if n := len(a.held(agent.ID, fieldbook.Activities)); n != 1 {
		t.Fatalf("the server holds %d activities, want the synced one only", n)
	}
}
