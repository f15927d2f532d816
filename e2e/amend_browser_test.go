package e2e

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"fieldbook"
	"fieldbook/scoring"
	"fieldbook/sync/rules"
)

// TestBrowserSupervisorReviewsAnAmendedDay: a day the supervisor approved
// and the agent then changed (a second visit written up later) is back in
// the queue; its review says what the day still counts (what was approved)
// and what the change would add; the team's standings keep the approved
// count with the change pending beside it; approving the amendment in the
// app counts the day as it now stands.
func TestBrowserSupervisorReviewsAnAmendedDay(t *testing.T) {
	a := newApp(t)
	team, err := a.st.CreateTeam(context.Background(), "一队", teamZoneName)
	if err != nil {
		t.Fatal(err)
	}
	agent := a.user("lina", "a good password", fieldbook.RoleAgent, team.ID)
	sup := a.user("zhou", "a good password", fieldbook.RoleSupervisor, team.ID)
	sh := zone(t, teamZoneName)
	first := time.Now().Add(-2 * time.Minute).In(sh).Truncate(time.Second)
	day := first.Format(time.DateOnly)
	logID := rules.DayLogID(agent.ID, day)
	visitOf := func(at time.Time) fieldbook.Change {
		customer := rules.NewID()
		a.push(agent.ID, change(fieldbook.Customers, customer, `{"name":"客户`+customer[:4]+`"}`))
		return change(fieldbook.Activities, rules.NewID(), fmt.Sprintf(`{"kind":"visit","occurred_at":%q,"customer_id":%q}`, at.Format(time.RFC3339), customer))
	}
	a.push(agent.ID, visitOf(first))
	wrote := a.push(agent.ID, change(fieldbook.DayLogs, logID, fmt.Sprintf(`{"date":%q,"state":"submitted","summary":"拜访一位"}`, day)))
	a.push(sup.ID, change(fieldbook.DayLogs, logID, fmt.Sprintf(`{"state":"approved","reviewed_version":%q}`, wrote[0])))
	// Written up later: a second visit of that day amends it.
	a.push(agent.ID, visitOf(first.Add(30*time.Second)))
	a.waitHeld(agent.ID, fieldbook.DayLogs, 1, func(r fieldbook.Record) bool { return field(r, "amended") == "true" })

	weekOf := func() scoring.WeekScore {
		t.Helper()
		rows, err := a.st.TeamWeek(context.Background(), team.ID, scoring.Day(day).Monday())
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			if r.Agent.ID == agent.ID {
				return r.Score
			}
		}
		t.Fatal("no week of the agent")
		return scoring.WeekScore{}
	}
	if w := weekOf(); w.Counts["visit"] != 1 || w.PendingCounts["visit"] != 1 {
		t.Fatalf("the amended week counts %v with %v pending, want 1 visit and +1 pending", w.Counts, w.PendingCounts)
	}

	ctx := browser(t)
	do(t, ctx, "viewport", chromedp.EmulateViewport(360, 740))
	signIn(t, ctx, a.url(), "zhou", "a good password")
	visit(t, ctx, "#/queue/"+logID)
	poll(t, ctx, "the amended day's review says what it counts and what the change adds", `(() => {
		const n = document.querySelector('[data-testid=review-amended]');
		const counted = document.querySelector('[data-testid=review-amended-counted]');
		const change = document.querySelector('[data-testid=review-amended-change]');
		return n !== null && counted !== null && change !== null &&
			counted.innerText.includes("拜访 1") && change.innerText.includes("拜访 +1");
	})()`)

	// The team's standings: the approved visit, with the change beside it
	// (the current week only: the day may have been yesterday's Sunday).
	if scoring.Day(day).Monday() == scoring.DayOf(time.Now(), sh).Monday() {
		visit(t, ctx, "#/team")
		poll(t, ctx, "the standings show the pending visit", `[...document.querySelectorAll('[data-testid=standings-row]')].some(r => r.innerText.includes("+1 待审"))`)
	}

	visit(t, ctx, "#/queue/"+logID)
	click(t, ctx, "[data-testid=review-approve]")
	a.waitHeld(agent.ID, fieldbook.DayLogs, 1, func(r fieldbook.Record) bool {
		return field(r, "state") == "approved" && field(r, "amended") == "false"
	})
	deadline := time.Now().Add(30 * time.Second)
	for w := weekOf(); w.Counts["visit"] != 2 || len(w.PendingCounts) != 0; w = weekOf() {
		if time.Now().After(deadline) {
			t.Fatalf("after the approval the week counts %v with %v pending, want 2 visits", w.Counts, w.PendingCounts)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
