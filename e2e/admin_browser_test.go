package e2e

import (
	"context"
	"testing"
	"time"

	"fieldbook"
)

// TestBrowserAdminSetsUpATeam: an admin creates a team and an agent in it,
// then changes the team's weekly table — the save stays disabled while the
// weights do not sum to 100 — and hides names in meeting mode; the server
// holds all of it, and the new agent can sign in.
func TestBrowserAdminSetsUpATeam(t *testing.T) {
	a := newApp(t)
	a.user("boss", "a good password", fieldbook.RoleAdmin, "")
	ctx := signedIn(t, a, "boss")
	bg := context.Background()

	visit(t, ctx, "#/admin/teams")
	poll(t, ctx, "the team form", `document.querySelector('[data-testid=team-name]') !== null`)
	fill(t, ctx, "[data-testid=team-name]", "三队")
	click(t, ctx, "[data-testid=team-add]")
	var team fieldbook.Team
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		got, ok, err := a.st.TeamByName(bg, "三队")
		if err != nil {
			t.Fatal(err)
		}
		if ok {
			team = got
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the team was not created")
		}
	}

	visit(t, ctx, "#/admin/users/new")
	poll(t, ctx, "the user form", `document.querySelector('[data-testid=user-username]') !== null`)
	fill(t, ctx, "[data-testid=user-username]", "xiaoma")
	fill(t, ctx, "[data-testid=user-name]", "小马")
	fill(t, ctx, "[data-testid=user-role]", "agent")
	fill(t, ctx, "[data-testid=user-team]", team.ID)
	fill(t, ctx, "[data-testid=user-password]", "a good password")
	fill(t, ctx, "[data-testid=user-password-again]", "a good password")
	click(t, ctx, "[data-testid=user-save]")
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		u, ok, err := a.st.UserByUsername(bg, "xiaoma")
		if err != nil {
			t.Fatal(err)
		}
		if ok {
			if u.Role != fieldbook.RoleAgent || u.TeamID != team.ID || u.Name != "小马" {
				t.Fatalf("the server holds %+v", u)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the user was not created")
		}
	}

	// The app goes back to the list once the server has answered.
	poll(t, ctx, "back on the users list", `location.hash === "#/admin/users" && document.querySelector('[data-testid=user-row][data-username=xiaoma]') !== null`)

	visit(t, ctx, "#/admin/teams/"+team.ID)
	poll(t, ctx, "the settings", `document.querySelector('[data-testid=weights-sum][data-sum="100"]') !== null`)
	fill(t, ctx, "[data-testid=weight-visit]", "36")
	poll(t, ctx, "the sum off and the save disabled", `document.querySelector('[data-testid=weights-sum][data-sum="96"]') !== null && document.querySelector('[data-testid=settings-save]').disabled`)
	fill(t, ctx, "[data-testid=weight-call]", "4")
	fill(t, ctx, "[data-testid=target-call]", "40")
	poll(t, ctx, "the sum right again", `document.querySelector('[data-testid=weights-sum][data-sum="100"]') !== null && !document.querySelector('[data-testid=settings-save]').disabled`)
	click(t, ctx, "[data-testid=meeting-hide]")
	click(t, ctx, "[data-testid=settings-save]")
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		s, _, err := a.st.Settings(bg, team.ID)
		if err != nil {
			t.Fatal(err)
		}
		weights := map[string]float64{}
		for _, r := range s.WeeklyTable {
			weights[r.Kind] = r.Weight
		}
		if weights["visit"] == 36 && weights["call"] == 4 && s.Standings.Names == "hidden" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the server holds %+v", s)
		}
	}

	agent := signedIn(t, a, "xiaoma")
	poll(t, agent, "the new agent's Today", `document.querySelector('[data-testid=tap-visit]') !== null`)
}
