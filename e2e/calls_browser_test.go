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

// holdTelLinks keeps Chromium from following a tel: link (it has no dialer):
// the test page's own listener, in the capture phase, prevents the default
// and lets the app's click handler run as on a phone.
const holdTelLinks = `(document.addEventListener("click", (e) => {
	const a = e.target instanceof Element ? e.target.closest('a[href^="tel:"]') : null;
	if (a) { window.__dialled = a.getAttribute("href"); e.preventDefault(); }
}, true), true)`

// setVisibility makes the page hidden or visible as the system does when
// the dialer covers the app and when the agent comes back to it.
func setVisibility(t *testing.T, ctx context.Context, state string) {
	t.Helper()
	eval[bool](t, ctx, fmt.Sprintf(`(Object.defineProperty(document, "visibilityState", { configurable: true, get: () => %s }),
		document.dispatchEvent(new Event("visibilitychange")), true)`, js(state)))
}

// TestBrowserCallFromPlan100IsOfferedForLogging: the phone number of a Plan
// 100 name is a tel: link; after a tap on it the app is hidden (the call)
// and seen again, and offers "记一笔约访?" with the name; one tap records a
// call with that name at the time of the tap, which reaches the server.
// In English, the same from a customer file, dismissed: nothing is
// recorded and the offer does not come back.
func TestBrowserCallFromPlan100IsOfferedForLogging(t *testing.T) {
	a := newApp(t)
	agent := a.agent("lina")
	prospect, customer := rules.NewID(), rules.NewID()
	at := time.Now().Add(-time.Hour).UTC().Format(time.RFC3339)
	consent := func(subject, id string) fieldbook.Change {
		return change(fieldbook.Consents, rules.NewID(), `{"subject":"`+subject+`","subject_id":"`+id+`","group":"contact","action":"given","notice_version":"2026-1","method":"paper","at":"`+at+`"}`)
	}
	a.push(agent.ID,
		consent(fieldbook.Prospects, prospect),
		change(fieldbook.Prospects, prospect, `{"name":"赵先生","phone":"139 0000 1111","stage":"new"}`),
		consent(fieldbook.Customers, customer),
		change(fieldbook.Customers, customer, `{"name":"王芳","phone":"138 0013 8000"}`))

	ctx := signedIn(t, a, "lina")
	eval[bool](t, ctx, holdTelLinks)
	visit(t, ctx, "#/plan/"+prospect)
	poll(t, ctx, "the phone as a tel: link", `document.querySelector('[data-testid=call-link]').getAttribute("href") === "tel:13900001111"`)
	before := time.Now().Truncate(time.Second)
	click(t, ctx, "[data-testid=call-link]")
	after := time.Now()
	poll(t, ctx, "the number dialled", `window.__dialled === "tel:13900001111"`)
	setVisibility(t, ctx, "hidden")
	if n := eval[int](t, ctx, `document.querySelectorAll('[data-testid=call-log]').length`); n != 0 {
		t.Fatalf("the offer is shown during the call (%d)", n)
	}
	setVisibility(t, ctx, "visible")
	poll(t, ctx, "the offer with the name", `document.body.innerText.includes("记一笔约访?") && document.querySelector('[data-testid=call-log-who]').innerText === "赵先生" && document.querySelector('[data-testid=call-log-when]').innerText !== ""`)
	click(t, ctx, "[data-testid=call-log-save]")
	poll(t, ctx, "the sheet closed", `document.querySelector('[data-testid=call-log]') === null`)

	got := a.waitHeld(agent.ID, fieldbook.Activities, 1, nil)[0]
	when, err := time.Parse(time.RFC3339, field(got, "occurred_at"))
	if err != nil {
		t.Fatal(err)
	}
	if field(got, "kind") != "call" || field(got, "prospect_id") != prospect || when.Before(before) || when.After(after) {
		t.Fatalf("recorded %v, want a call with %s at the tap (%s to %s)", got.Fields, prospect, before.Format(time.RFC3339), after.Format(time.RFC3339))
	}
	poll(t, ctx, "the call in the name's history", `document.body.innerText.includes("约访")`)

	eval[bool](t, ctx, `(localStorage.setItem("fieldbook.lang", "en"), true)`)
	do(t, ctx, "reload", chromedp.Reload())
	poll(t, ctx, "the app in English again", `document.querySelector('.strip') !== null && document.documentElement.lang === "en"`)
	eval[bool](t, ctx, holdTelLinks)
	visit(t, ctx, "#/customers/"+customer)
	poll(t, ctx, "the customer's phone as a tel: link", `document.querySelector('[data-testid=customer-phone] [data-testid=call-link]').getAttribute("href") === "tel:13800138000"`)
	click(t, ctx, "[data-testid=customer-phone] [data-testid=call-link]")
	poll(t, ctx, "the number dialled", `window.__dialled === "tel:13800138000"`)
	setVisibility(t, ctx, "hidden")
	setVisibility(t, ctx, "visible")
	poll(t, ctx, "the offer in English", `document.body.innerText.includes("Log this call?") && document.querySelector('[data-testid=call-log-who]').innerText === "王芳"`)
	click(t, ctx, "[data-testid=call-log-dismiss]")
	poll(t, ctx, "the sheet closed", `document.querySelector('[data-testid=call-log]') === null`)
	setVisibility(t, ctx, "hidden")
	setVisibility(t, ctx, "visible")
	if n := eval[int](t, ctx, `document.querySelectorAll('[data-testid=call-log]').length`); n != 0 {
		t.Fatalf("a dismissed call is offered again")
	}
	waitPending(t, ctx, 0)
	if n := len(a.held(agent.ID, fieldbook.Activities)); n != 1 {
		t.Fatalf("the server holds %d activities after the dismissed call, want 1", n)
	}
}
