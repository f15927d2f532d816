package e2e

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"fieldbook"
)

// signedIn opens a fresh browser at 360×740 with the user signed in.
func signedIn(t *testing.T, a *app, username string) context.Context {
	t.Helper()
	ctx := browser(t)
	do(t, ctx, "viewport", chromedp.EmulateViewport(360, 740))
	signIn(t, ctx, a.url(), username, "a good password")
	return ctx
}

// writeLog fills the day's log on the agent's phone and submits it.
func writeLog(t *testing.T, ctx context.Context, day, summary string) {
	t.Helper()
	visit(t, ctx, "#/log/"+day)
	poll(t, ctx, "the log form", `document.getElementById('log-summary') !== null`)
	fill(t, ctx, "#plan-visit", "1")
	fill(t, ctx, "#log-summary", summary)
	click(t, ctx, "[data-testid=log-submit]")
	poll(t, ctx, "the log submitted", `document.querySelector('[data-testid=log-message]').innerText !== ""`)
}

// queueRow is the selector of a log's row in the review queue.
func queueRow(logID string) string { return fmt.Sprintf(`[data-testid=queue-row][data-id=%q]`, logID) }

// TestBrowserSupervisorReviewsTheTeamsDays follows the review loop between
// an agent's phone and a supervisor's: a day written offline reaches the
// supervisor's queue live once the agent is back online; approving it moves
// the standings; a returned day shows the comment to the agent, who amends
// and resubmits; a supervisor who approves offline after the agent changed
// the day is told it is stale and shown the fresh log; a supervisor of
// another team never sees the agent, until an admin moves the agent there —
// then the first supervisor stops seeing them.
func TestBrowserSupervisorReviewsTheTeamsDays(t *testing.T) {
	a := newApp(t)
	bg := context.Background()
	team1, err := a.st.CreateTeam(bg, "一队", "")
	if err != nil {
		t.Fatal(err)
	}
	team2, err := a.st.CreateTeam(bg, "二队", "")
	if err != nil {
		t.Fatal(err)
	}
	agent := a.user("lina", "a good password", fieldbook.RoleAgent, team1.ID)
	supervisor := a.user("zhou", "a good password", fieldbook.RoleSupervisor, team1.ID)
	a.user("wu", "a good password", fieldbook.RoleSupervisor, team2.ID)
	a.user("boss", "a good password", fieldbook.RoleAdmin, "")

	phone := signedIn(t, a, "lina")
	waitController(t, phone)
	zhou := signedIn(t, a, "zhou")
	wu := signedIn(t, a, "wu")
	visit(t, zhou, "#/queue")
	poll(t, zhou, "an empty queue", `document.querySelector('main') !== null && document.querySelectorAll('[data-testid=queue-row]').length === 0`)

	// A day written with no network.
	today := teamNow(t).Format(time.DateOnly)
	yesterday := teamNow(t).AddDate(0, 0, -1).Format(time.DateOnly)
	setOffline(t, phone, true)
	recordActivity(t, phone, "appointment", "约到周五见面") // counts without naming a customer
	recordActivity(t, phone, "call", "重复记了一次")
	writeLog(t, phone, today, "今天拜访一位")
	poll(t, phone, "waiting to be sent", `document.querySelector('.strip .conn--offline') !== null && document.querySelector('[data-pending]').dataset.pending !== "0"`)
	if n := len(a.held(agent.ID, fieldbook.DayLogs)); n != 0 {
		t.Fatalf("the server holds %d logs while the phone is offline", n)
	}

	// Back online: the supervisor's queue shows it without a reload.
	setOffline(t, phone, false)
	waitPending(t, phone, 0)
	logID := a.waitHeld(agent.ID, fieldbook.DayLogs, 1, nil)[0].ID
	poll(t, zhou, "the day in the queue, live", `document.querySelector(`+js(queueRow(logID))+`) !== null`)

	visit(t, phone, "#/team")
	poll(t, phone, "the standings before approval", `(() => { const r = document.querySelector('[data-testid=standings-row][data-agent="`+agent.ID+`"]'); return r !== null && Number(r.dataset.score) === 0; })()`)
	click(t, zhou, queueRow(logID))
	// A suspicious activity is voided with a reason before approving.
	poll(t, zhou, "the call's void button", `[...document.querySelectorAll('li')].some(li => li.innerText.includes("重复记了一次") && li.querySelector('[data-testid=void-button]'))`)
	eval[bool](t, zhou, `([...document.querySelectorAll('li')].find(li => li.innerText.includes("重复记了一次") && li.querySelector('[data-testid=void-button]')).querySelector('[data-testid=void-button]').click(), true)`)
	fill(t, zhou, "[data-testid=void-reason]", "同一通电话记了两次")
	click(t, zhou, "[data-testid=void-send]")
	a.waitHeld(agent.ID, fieldbook.Activities, 1, func(r fieldbook.Record) bool {
		return field(r, "kind") == "call" && field(r, "voided") == "true" && field(r, "void_reason") == "同一通电话记了两次"
	})
	click(t, zhou, "[data-testid=review-approve]")
	a.waitHeld(agent.ID, fieldbook.DayLogs, 1, func(r fieldbook.Record) bool { return field(r, "state") == "approved" })
	poll(t, phone, "the standings after approval", `(() => { const r = document.querySelector('[data-testid=standings-row][data-agent="`+agent.ID+`"]'); return r !== null && Number(r.dataset.score) > 0; })()`)

	// Returned with a comment; the agent amends and resubmits.
	writeLog(t, phone, yesterday, "昨天没写完")
	logs := a.waitHeld(agent.ID, fieldbook.DayLogs, 1, func(r fieldbook.Record) bool { return field(r, "date") == yesterday })
	back := logs[0].ID
	visit(t, zhou, "#/queue")
	click(t, zhou, queueRow(back))
	click(t, zhou, "[data-testid=review-return]")
	fill(t, zhou, "[data-testid=return-comment]", "请写清楚拜访了谁")
	click(t, zhou, "[data-testid=return-send]")
	a.waitHeld(agent.ID, fieldbook.DayLogs, 1, func(r fieldbook.Record) bool { return r.ID == back && field(r, "state") == "returned" })
	visit(t, phone, "#/log/"+yesterday)
	poll(t, phone, "the supervisor's comment", `(() => { const c = document.querySelector('[data-testid=review-comment]'); return c !== null && c.innerText.includes("请写清楚拜访了谁"); })()`)
	fill(t, phone, "#log-summary", "拜访了王先生")
	click(t, phone, "[data-testid=log-submit]")
	a.waitHeld(agent.ID, fieldbook.DayLogs, 1, func(r fieldbook.Record) bool {
		return r.ID == back && field(r, "state") == "submitted" && field(r, "summary") == "拜访了王先生"
	})
	poll(t, zhou, "the resubmitted day back in the queue", `document.querySelector(`+js(queueRow(back))+`) !== null`)

	// Stale: the supervisor opens the day, loses the network, the agent
	// changes the day, the supervisor approves what they saw.
	click(t, zhou, queueRow(back))
	poll(t, zhou, "the log open", `document.querySelector('[data-testid=review-approve]') !== null`)
	setOffline(t, zhou, true)
	visit(t, phone, "#/log/"+yesterday)
	poll(t, phone, "the log form", `document.getElementById('log-summary') !== null`)
	fill(t, phone, "#log-summary", "拜访了王先生，约了下周")
	click(t, phone, "[data-testid=log-save]")
	a.waitHeld(agent.ID, fieldbook.DayLogs, 1, func(r fieldbook.Record) bool { return field(r, "summary") == "拜访了王先生，约了下周" })
	click(t, zhou, "[data-testid=review-approve]")
	setOffline(t, zhou, false)
	visit(t, zhou, "#/queue/"+back)
	poll(t, zhou, "the stale notice with the fresh log", `(() => {
		const n = document.querySelector('[data-testid=stale-notice]');
		return n !== null && document.body.innerText.includes("拜访了王先生，约了下周");
	})()`)
	for _, r := range a.held(agent.ID, fieldbook.DayLogs) {
		if r.ID == back && field(r, "state") == "approved" {
			t.Fatal("a stale approval was applied")
		}
	}

	// A coaching note on the agent's page, with a focus.
	visit(t, zhou, "#/agent/"+agent.ID)
	poll(t, zhou, "the agent's page", `document.querySelector('[data-testid=coaching-text]') !== null`)
	fill(t, zhou, "[data-testid=coaching-text]", "明天早上练约访开场白")
	fill(t, zhou, "[data-testid=coaching-focus]", "appointment_script")
	click(t, zhou, "[data-testid=coaching-save]")
	poll(t, zhou, "the note listed", `document.querySelector('[data-testid=coaching-note][data-focus=appointment_script]') !== null`)
	a.waitHeld(supervisor.ID, fieldbook.CoachingNotes, 1, func(r fieldbook.Record) bool {
		return field(r, "agent_id") == agent.ID && field(r, "focus") == "appointment_script"
	})

	// Another team's supervisor never sees the agent.
	visit(t, wu, "#/dashboard")
	poll(t, wu, "wu's dashboard", `document.querySelector('main') !== null && document.querySelector('[aria-busy=true]') === null`)
	visit(t, wu, "#/queue")
	poll(t, wu, "wu's queue", `document.querySelector('main') !== null && document.querySelector('[aria-busy=true]') === null`)
	if eval[bool](t, wu, `document.body.innerText.includes("lina") || document.querySelector('[data-agent="`+agent.ID+`"]') !== null`) {
		t.Fatal("another team's supervisor sees the agent")
	}

	// An admin moves the agent to the second team.
	admin := signedIn(t, a, "boss")
	visit(t, admin, "#/admin/users/"+agent.ID)
	poll(t, admin, "the user's page", `document.querySelector('[data-testid=user-team]') !== null`)
	fill(t, admin, "[data-testid=user-team]", team2.ID)
	click(t, admin, "[data-testid=user-save]")
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		if u, ok, err := a.st.User(bg, agent.ID); err == nil && ok && u.TeamID == team2.ID {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the agent was not moved")
		}
	}
	for _, ctx := range []context.Context{zhou, wu} {
		syncNow(t, ctx)
		visit(t, ctx, "#/dashboard")
	}
	poll(t, wu, "the new supervisor sees the agent", `document.querySelector('[data-testid=dashboard-row][data-agent="`+agent.ID+`"]') !== null`)
	visit(t, wu, "#/queue")
	poll(t, wu, "and the agent's waiting day", `document.querySelector(`+js(queueRow(back))+`) !== null`)
	poll(t, zhou, "the old supervisor no longer does", `document.querySelector('main') !== null && document.querySelector('[data-testid=dashboard-row][data-agent="`+agent.ID+`"]') === null`)
	visit(t, zhou, "#/queue")
	poll(t, zhou, "nor in the queue", `document.querySelector('main') !== null && document.querySelector(`+js(queueRow(back))+`) === null`)
}
