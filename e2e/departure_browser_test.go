// Browser test of an agent's departure: the admin hands the agent's
// customers to a colleague from the user page, and the agent's phone,
// offline with an unsent visit meanwhile, sends it when it comes back and
// then deletes its local database; the admin lists the policyholders to
// tell.

package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"fieldbook"
	"fieldbook/sync/rules"
)

// queueCustomer queues, on the phone, a customer 王先生 with his phone
// number and the consent it needs an hour ago; it returns his id and that
// time.
func queueCustomer(t *testing.T, phone context.Context) (id, at string) {
	t.Helper()
	id = rules.NewID()
	at = teamNow(t).Add(-time.Hour).Format(time.RFC3339)
	queueRaw(t, phone, "consents", rules.NewID(), fmt.Sprintf(`{ subject: "customers", subject_id: %q, group: "contact", action: "given", notice_version: "2026-01", method: "paper", at: %q }`, id, at))
	queueRaw(t, phone, "customers", id, `{ name: "王先生", phone: "13800138000" }`)
	return id, at
}

func TestBrowserDepartureHandsOverThenWipes(t *testing.T) {
	a := newApp(t)
	agent := a.agent("lina")
	mate := a.user("wang", "a good password", fieldbook.RoleAgent, agent.TeamID)
	sup := a.user("zhou", "a good password", fieldbook.RoleSupervisor, agent.TeamID)
	a.user("boss", "a good password", fieldbook.RoleAdmin, "")
	db := "fieldbook-" + agent.ID

	phone := browser(t)
	do(t, phone, "viewport", chromedp.EmulateViewport(360, 740))
	signIn(t, phone, a.url(), "lina", "a good password")
	waitController(t, phone)
	holder, at := queueCustomer(t, phone)
	queueRaw(t, phone, "activities", rules.NewID(), fmt.Sprintf(`{ kind: "deal", occurred_at: %q, customer_id: %q, premium: 8000 }`, at, holder))
	syncNow(t, phone)
	// The app does not count what was queued behind its back: wait for the server.
	a.waitHeld(agent.ID, fieldbook.Activities, 1, nil)
	waitPending(t, phone, 0)

	// Offline, the agent records a visit the server has not seen.
	setOffline(t, phone, true)
	recordActivity(t, phone, "visit", "离职前最后一次拜访")
	waitPending(t, phone, 1)

	admin := signedIn(t, a, "boss")
	visit(t, admin, "#/admin/users/"+agent.ID)
	// Disabling an agent offers the departure instead.
	click(t, admin, "[data-testid=user-disable]")
	click(t, admin, "[data-testid=user-disable-depart]")
	poll(t, admin, "the departure's heir to choose", `document.activeElement === document.querySelector('[data-testid=user-depart-heir]') && document.querySelector('[data-testid=user-disable-confirm]') === null`)
	eval[bool](t, admin, fmt.Sprintf(`(() => { const s = document.querySelector('[data-testid=user-depart-heir]'); s.value = %q; s.dispatchEvent(new Event("change", { bubbles: true })); return true; })()`, mate.ID))
	click(t, admin, "[data-testid=user-depart-start]")
	click(t, admin, "[data-testid=user-depart-confirm]")
	poll(t, admin, "the agent shown as left", `document.querySelector('[data-testid=user-departed-summary]')?.innerText.includes("wang") === true`)
	if u, _, err := a.st.User(t.Context(), agent.ID); err != nil || !u.Disabled || u.HeirID != mate.ID {
		t.Fatalf("the agent after the departure: %+v, %v", u, err)
	}
	a.waitHeld(mate.ID, fieldbook.Customers, 1, func(r fieldbook.Record) bool { return field(r, "name") == "王先生" })

	// Back online, the phone hands over the visit, then deletes its data.
	setOffline(t, phone, false)
	poll(t, phone, "told the account was closed", `(dispatchEvent(new Event("online")), document.querySelector('[data-testid=device-wiped]') !== null)`)
	if got := eval[string](t, phone, `document.querySelector('[data-testid=device-wiped]').innerText`); got != "你的账号已停用：客户已移交同事，最后的修改已发送，本机数据已清除。" {
		t.Fatalf("the login screen says %q", got)
	}
	poll(t, phone, "the agent's database deleted", `(`+hasDatabase(db)+`).then((has) => !has)`)
	visits := 0
	for _, r := range a.held(sup.ID, fieldbook.Activities) { // the agent's own pull answers "departed" now
		if field(r, "outcome") == "离职前最后一次拜访" {
			visits++
		}
	}
	if visits != 1 {
		t.Fatalf("the server holds the offline visit %d times, want once", visits)
	}

	click(t, admin, "[data-testid=user-policyholders]")
	poll(t, admin, "the policyholders listed", `document.querySelector('[data-testid=user-policyholders-list]')?.innerText.includes("王先生") === true`)
	if got := eval[string](t, admin, `document.querySelector('[data-testid=user-policyholders-list]').innerText`); !strings.Contains(got, "13800138000") {
		t.Fatalf("the list says %q", got)
	}
	if es, err := a.st.AccessLog(t.Context(), fieldbook.AccessQuery{AgentID: mate.ID, Limit: 5}); err != nil || len(es) != 1 {
		t.Fatalf("the heir's access log after the list: %+v, %v", es, err)
	}
}

// TestBrowserDepartureToSupervisorThenHandedOn: an agent leaves to their
// supervisor, whose dashboard lists the customer taken over; the admin
// hands the supervisor's people to a new agent, and they leave the
// supervisor's dashboard for the new agent's phone.
func TestBrowserDepartureToSupervisorThenHandedOn(t *testing.T) {
	a := newApp(t)
	agent := a.agent("lina")
	sup := a.user("zhou", "a good password", fieldbook.RoleSupervisor, agent.TeamID)
	newcomer := a.user("xiao", "a good password", fieldbook.RoleAgent, agent.TeamID)
	a.user("boss", "a good password", fieldbook.RoleAdmin, "")

	phone := browser(t)
	do(t, phone, "viewport", chromedp.EmulateViewport(360, 740))
	signIn(t, phone, a.url(), "lina", "a good password")
	waitController(t, phone)
	queueCustomer(t, phone)
	syncNow(t, phone)
	a.waitHeld(agent.ID, fieldbook.Customers, 1, nil)

	choose := func(ctx context.Context, selector, value string) {
		t.Helper()
		poll(t, ctx, "the select "+selector, fmt.Sprintf(`document.querySelector(%q) !== null`, selector))
		eval[bool](t, ctx, fmt.Sprintf(`(() => { const s = document.querySelector(%q); s.value = %q; s.dispatchEvent(new Event("change", { bubbles: true })); return true; })()`, selector, value))
	}
	admin := signedIn(t, a, "boss")
	visit(t, admin, "#/admin/users/"+agent.ID)
	choose(admin, "[data-testid=user-depart-heir]", sup.ID)
	click(t, admin, "[data-testid=user-depart-start]")
	click(t, admin, "[data-testid=user-depart-confirm]")
	poll(t, admin, "the agent shown as left", `document.querySelector('[data-testid=user-departed-summary]')?.innerText.includes("zhou") === true`)

	zhou := signedIn(t, a, "zhou")
	visit(t, zhou, "#/dashboard")
	poll(t, zhou, "the customer taken over on the dashboard", `document.querySelector('[data-testid=inherited]')?.innerText.includes("王先生") === true`)
	if got := eval[string](t, zhou, `document.querySelector('#dash-inherited').innerText`); got != "接手的客户（1）" {
		t.Fatalf("the card's title: %q", got)
	}

	visit(t, admin, "#/admin/users/"+sup.ID)
	choose(admin, "[data-testid=user-hand-over-heir]", newcomer.ID)
	click(t, admin, "[data-testid=user-hand-over-start]")
	click(t, admin, "[data-testid=user-hand-over-confirm]")
	poll(t, admin, "the hand-over done", `document.querySelector('[data-testid=user-hand-over-status]')?.innerText.includes("xiao") === true`)

	syncNow(t, zhou)
	poll(t, zhou, "the card gone from the supervisor's dashboard", `document.querySelector('[data-testid=inherited]') === null && document.querySelector('[data-testid=dash-week], #dash-week') !== null`)
	xiao := signedIn(t, a, "xiao")
	visit(t, xiao, "#/customers")
	poll(t, xiao, "the customer on the new agent's phone", `document.body.innerText.includes("王先生")`)
}
