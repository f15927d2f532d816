package e2e

import (
	"context"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"fieldbook"
	"fieldbook/sync/rules"
)

// editNotes changes a Plan 100 name's notes on its screen.
func editNotes(t *testing.T, ctx context.Context, notes string) {
	t.Helper()
	click(t, ctx, "[data-testid=prospect-edit]")
	poll(t, ctx, "the edit form", `document.getElementById('plan-notes') !== null`)
	fill(t, ctx, "#plan-notes", notes)
	click(t, ctx, "[data-testid=prospect-save]")
	poll(t, ctx, "the edit closed", `document.querySelector('[data-testid=prospect-edit]') !== null`)
}

// TestBrowserLostEditShownOnceAndRestored: one agent, two phones. The first
// changes a name's notes and sends them; the second, later, changes them
// again. At its next sync the first phone's screen of that name says its
// edit was overwritten by another device, with the lost value and the one
// that won; one tap writes the lost value again, which reaches the server
// and the second phone — which in turn, in English, says its own edit was
// overwritten. Seen once: back on the name, the first phone says nothing.
// Both phones stay on the name's screen and hear of the other's change by
// the live update, as an agent looking at the record would.
func TestBrowserLostEditShownOnceAndRestored(t *testing.T) {
	a := newApp(t)
	agent := a.agent("lina")
	prospect := rules.NewID()
	a.push(agent.ID, change(fieldbook.Prospects, prospect, `{"name":"赵先生","notes":"住在梅园","stage":"new"}`))
	notesAre := func(notes string) func(fieldbook.Record) bool {
		return func(r fieldbook.Record) bool { return field(r, "notes") == notes }
	}
	route := "#/plan/" + prospect

	phone1, phone2 := browser(t), browser(t)
	for _, ctx := range []context.Context{phone1, phone2} {
		do(t, ctx, "viewport", chromedp.EmulateViewport(360, 740))
		signIn(t, ctx, a.url(), "lina", "a good password")
	}
	visit(t, phone1, route)
	poll(t, phone1, "the name", `document.body.innerText.includes("住在梅园")`)
	editNotes(t, phone1, "喜欢打高尔夫")
	a.waitHeld(agent.ID, fieldbook.Prospects, 1, notesAre("喜欢打高尔夫"))
	waitPending(t, phone1, 0)
	if n := eval[int](t, phone1, `document.querySelectorAll('[data-testid=lost-edit]').length`); n != 0 {
		t.Fatalf("the first phone shows %d lost edits of its own accepted change", n)
	}

	syncNow(t, phone2)
	visit(t, phone2, route)
	poll(t, phone2, "the first phone's notes on the second", `document.body.innerText.includes("喜欢打高尔夫")`)
	editNotes(t, phone2, "只喜欢钓鱼")
	a.waitHeld(agent.ID, fieldbook.Prospects, 1, notesAre("只喜欢钓鱼"))
	waitPending(t, phone2, 0)

	// The first phone is on the name's screen; the live update brings the change.
	eval[bool](t, phone2, `(localStorage.setItem("fieldbook.lang", "en"), true)`)
	do(t, phone2, "reload", chromedp.Reload())
	poll(t, phone2, "the app in English again", `document.querySelector('.strip') !== null && document.documentElement.lang === "en"`)
	visit(t, phone2, route)
	poll(t, phone2, "the name after the reload", `document.querySelector('.plan-notes').innerText === "只喜欢钓鱼"`)

	poll(t, phone1, "the notice with the lost value", `(() => {
		const n = document.querySelector('[data-testid=lost-edit][data-field=notes]');
		return n !== null && n.innerText.includes("已被另一台设备的修改覆盖") && n.innerText.includes("备注") && n.innerText.includes("「喜欢打高尔夫」") && n.innerText.includes("「只喜欢钓鱼」");
	})()`)
	poll(t, phone1, "the screen shows the value that won", `document.querySelector('.plan-notes').innerText === "只喜欢钓鱼"`)
	click(t, phone1, "[data-testid=lost-edit-restore]")
	poll(t, phone1, "restored", `document.querySelector('[data-testid=lost-edit]') === null && document.querySelector('[data-testid=lost-edit-restored]') !== null && document.querySelector('.plan-notes').innerText === "喜欢打高尔夫"`)
	a.waitHeld(agent.ID, fieldbook.Prospects, 1, notesAre("喜欢打高尔夫"))
	waitPending(t, phone1, 0)

	visit(t, phone1, "#/today")
	visit(t, phone1, route)
	poll(t, phone1, "the name again", `document.querySelector('.plan-notes').innerText === "喜欢打高尔夫"`)
	if n := eval[int](t, phone1, `document.querySelectorAll('[data-testid=lost-edits]').length`); n != 0 {
		t.Fatal("the notice is shown a second time")
	}

	poll(t, phone2, "the second phone's own notice, in English", `(() => {
		const n = document.querySelector('[data-testid=lost-edit][data-field=notes]');
		return n !== null && n.innerText.includes("Overwritten by a change from another device") && n.innerText.includes("“只喜欢钓鱼”") && n.innerText.includes("“喜欢打高尔夫”")
			&& document.querySelector('[data-testid=lost-edit-dismiss]').innerText === "OK";
	})()`)
	click(t, phone2, "[data-testid=lost-edit-dismiss]")
	poll(t, phone2, "dismissed", `document.querySelector('[data-testid=lost-edit]') === null`)
	if got := field(a.held(agent.ID, fieldbook.Prospects)[0], "notes"); got != "喜欢打高尔夫" {
		t.Fatalf("after the dismissal the server holds notes %q", got)
	}
}

// TestBrowserLostActivityEditShownInItsSheet: the outcome of an activity
// edited on the phone and then overwritten by another device (a push with
// another client id, a newer stamp) is shown in the activity's sheet when
// the agent opens it, and restored with one tap.
func TestBrowserLostActivityEditShownInItsSheet(t *testing.T) {
	a := newApp(t)
	agent := a.agent("lina")
	act := rules.NewID()
	// At the start of the team's day: on Today whatever the hour (an hour
	// ago is yesterday until 01:00 in Shanghai), and never in the future.
	now := teamNow(t)
	at := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, now.Location()).Format(time.RFC3339)
	a.push(agent.ID, change(fieldbook.Activities, act, `{"kind":"call","occurred_at":"`+at+`","outcome":"没接"}`))
	outcomeIs := func(s string) func(fieldbook.Record) bool {
		return func(r fieldbook.Record) bool { return r.ID == act && field(r, "outcome") == s }
	}

	ctx := signedIn(t, a, "lina")
	visit(t, ctx, "#/today")
	row := `[data-testid=activity-row][data-id="` + act + `"]`
	click(t, ctx, row)
	poll(t, ctx, "the sheet", `document.getElementById('act-outcome') !== null`)
	fill(t, ctx, "#act-outcome", "约到周五见面")
	click(t, ctx, "[data-testid=activity-save]")
	poll(t, ctx, "the sheet closed", `document.getElementById('act-outcome') === null`)
	a.waitHeld(agent.ID, fieldbook.Activities, 1, outcomeIs("约到周五见面"))
	waitPending(t, ctx, 0)

	a.push(agent.ID, change(fieldbook.Activities, act, `{"outcome":"客户改约下周"}`))
	poll(t, ctx, "the other device's outcome on Today", `document.querySelector(`+js(row)+`).innerText.includes("客户改约下周")`)
	click(t, ctx, row)
	poll(t, ctx, "the notice in the sheet", `(() => {
		const n = document.querySelector('[data-testid=activity-form] [data-testid=lost-edit][data-field=outcome]');
		return n !== null && n.innerText.includes("已被另一台设备的修改覆盖") && n.innerText.includes("「约到周五见面」");
	})()`)
	click(t, ctx, "[data-testid=lost-edit-restore]")
	poll(t, ctx, "restored in the sheet", `document.querySelector('[data-testid=lost-edit-restored]') !== null && document.getElementById('act-outcome').value === "约到周五见面"`)
	a.waitHeld(agent.ID, fieldbook.Activities, 1, outcomeIs("约到周五见面"))
}
