package e2e

import (
	"context"
	"testing"

	"github.com/chromedp/chromedp"

	"fieldbook"
	"fieldbook/sync/rules"
)

// TestBrowserDayFocusReachesTheTeam: a supervisor sets the day's focus on
// the meeting screen of one browser; the server holds it as the team's
// day_focus record, the agent's Today in another browser shows it, and so
// does the second supervisor's meeting screen, whose change then reaches
// the first supervisor and the agent, in Chinese and in English.
func TestBrowserDayFocusReachesTheTeam(t *testing.T) {
	a := newApp(t)
	team, err := a.st.CreateTeam(context.Background(), "一队", "")
	if err != nil {
		t.Fatal(err)
	}
	zhou := a.user("zhou", "a good password", fieldbook.RoleSupervisor, team.ID)
	a.user("wu", "a good password", fieldbook.RoleSupervisor, team.ID)
	lina := a.user("lina", "a good password", fieldbook.RoleAgent, team.ID)
	day := teamNow(t).Format("2006-01-02")
	id := rules.DayFocusID(team.ID, day)

	sup := signedIn(t, a, "zhou")
	visit(t, sup, "#/meeting")
	poll(t, sup, "the meeting screen", `document.querySelector('[data-testid=meeting-focus-input]') !== null`)
	fill(t, sup, "[data-testid=meeting-focus-input]", "每人至少 4 个有效拜访")
	click(t, sup, "[data-testid=meeting-focus-save]")
	poll(t, sup, "the focus shown huge", `document.querySelector('[data-testid=meeting-focus]').innerText === "每人至少 4 个有效拜访"`)
	focusIs := func(text string) func(fieldbook.Record) bool {
		return func(r fieldbook.Record) bool {
			return r.ID == id && field(r, "text") == text && field(r, "date") == day
		}
	}
	a.waitHeld(zhou.ID, fieldbook.DayFocus, 1, focusIs("每人至少 4 个有效拜访"))

	agent := signedIn(t, a, "lina")
	visit(t, agent, "#/today")
	poll(t, agent, "the focus on the agent's Today", `document.querySelector('[data-testid=today-focus-text]').innerText === "每人至少 4 个有效拜访" && document.querySelector('[data-testid=today-focus] h2').innerText === "今日重点"`)

	sup2 := signedIn(t, a, "wu")
	visit(t, sup2, "#/meeting")
	poll(t, sup2, "the meeting screen", `document.querySelector('[data-testid=meeting-focus-input]') !== null`)
	poll(t, sup2, "the same focus on the second supervisor's phone", `document.querySelector('[data-testid=meeting-focus]').innerText === "每人至少 4 个有效拜访"`)
	fill(t, sup2, "[data-testid=meeting-focus-input]", "练习转介绍话术")
	click(t, sup2, "[data-testid=meeting-focus-save]")
	a.waitHeld(lina.ID, fieldbook.DayFocus, 1, focusIs("练习转介绍话术"))

	syncNow(t, sup)
	poll(t, sup, "the later focus on the first supervisor's phone", `document.querySelector('[data-testid=meeting-focus]').innerText === "练习转介绍话术"`)
	syncNow(t, agent)
	poll(t, agent, "and on the agent's Today", `document.querySelector('[data-testid=today-focus-text]').innerText === "练习转介绍话术"`)
	eval[bool](t, agent, `(localStorage.setItem("fieldbook.lang", "en"), true)`)
	do(t, agent, "reload", chromedp.Reload())
	visit(t, agent, "#/today")
	poll(t, agent, "the card in English", `document.querySelector('[data-testid=today-focus] h2').innerText === "Today's focus"`)
	if n := eval[int](t, agent, `document.querySelectorAll('[data-testid=meeting-focus-input]').length`); n != 0 {
		t.Errorf("the agent's phone offers %d focus fields", n)
	}
}
