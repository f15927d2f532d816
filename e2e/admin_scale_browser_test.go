package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"testing"
	"time"

	"fieldbook"
)

// apiToken signs username in through the API and returns the access token.
func apiToken(t *testing.T, a *app, username string) string {
	t.Helper()
	status, got := apiDo(t, a, http.MethodPost, "/api/auth/login", "", map[string]string{"username": username, "password": "a good password"})
	token, _ := got["access_token"].(string)
	if status != http.StatusOK || token == "" {
		t.Fatalf("login as %s: %d %v", username, status, got)
	}
	return token
}

// apiDo sends one JSON request to the server, as a tool would, and returns
// the status and the decoded answer (nil when it is not a JSON object).
func apiDo(t *testing.T, a *app, method, path, token string, body any) (int, map[string]any) {
	t.Helper()
	var sent []byte
	if body != nil {
		var err error
		if sent, err = json.Marshal(body); err != nil {
			t.Fatal(err)
		}
	}
	req, err := http.NewRequest(method, a.url()+path, bytes.NewReader(sent))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var got map[string]any
	_ = json.NewDecoder(res.Body).Decode(&got)
	return res.StatusCode, got
}

// TestBrowserAdminPagesThousandUsers: 1,000 users created through the API
// are paged in the admin screen 50 at a time and searched on the server by
// username and by name; the admin renames the team there, and the team's
// supervisor sees its new name in the app.
func TestBrowserAdminPagesThousandUsers(t *testing.T) {
	a := newApp(t)
	a.user("boss", "a good password", fieldbook.RoleAdmin, "")
	admin := apiToken(t, a, "boss")
	status, team := apiDo(t, a, http.MethodPost, "/api/admin/teams", admin, map[string]any{"name": "浦东一部"})
	if status != http.StatusCreated {
		t.Fatalf("create team: %d %v", status, team)
	}
	teamID := team["id"].(string)
	for i := 1; i <= 1000; i++ {
		username, role := fmt.Sprintf("agent%04d", i), "agent"
		if i == 1000 {
			username, role = "zhou", "supervisor"
		}
		body := map[string]any{"username": username, "name": fmt.Sprintf("王%04d", i), "password": "a good password", "role": role, "team_id": teamID}
		if status, got := apiDo(t, a, http.MethodPost, "/api/admin/users", admin, body); status != http.StatusCreated {
			t.Fatalf("create user %d: %d %v", i, status, got)
		}
	}

	ctx := signedIn(t, a, "boss")
	visit(t, ctx, "#/admin/users")
	listIs := func(total, shown int) string {
		return fmt.Sprintf(`(() => { const l = document.querySelector('[data-testid=user-list]');
			return l.dataset.total === "%d" && l.dataset.shown === "%d" && l.querySelectorAll('[data-testid=user-row]').length === %d && l.getAttribute('aria-busy') !== "true"; })()`, total, shown, shown)
	}
	poll(t, ctx, "the first page of 1,001 users", listIs(1001, 50))
	if first := eval[string](t, ctx, `document.querySelector('[data-testid=user-row]').dataset.username`); first != "agent0001" {
		t.Errorf("the first row is %s, want agent0001 (username order)", first)
	}
	click(t, ctx, "[data-testid=user-more]")
	poll(t, ctx, "the second page drawn under the first", listIs(1001, 100)+` && document.querySelectorAll('[data-testid=user-row]')[99].dataset.username === "agent0100"`)

	fill(t, ctx, "[data-testid=user-search]", "AGENT07")
	poll(t, ctx, "the 100 users whose username has agent07, one page drawn", listIs(100, 50))
	click(t, ctx, "[data-testid=user-more]")
	poll(t, ctx, "all 100 drawn, no more to ask for", listIs(100, 100)+` && document.querySelector('[data-testid=user-more]') === null`)
	fill(t, ctx, "[data-testid=user-search]", "王0777")
	poll(t, ctx, "the one user named 王0777", listIs(1, 1)+` && document.querySelector('[data-testid=user-row]').dataset.username === "agent0777"`)
	fill(t, ctx, "[data-testid=user-search]", "")
	fill(t, ctx, "[data-testid=user-filter-role]", "supervisor")
	poll(t, ctx, "the one supervisor", listIs(1, 1)+` && document.querySelector('[data-testid=user-row]').dataset.username === "zhou"`)

	// The admin renames the team on its page.
	visit(t, ctx, "#/admin/teams/"+teamID)
	click(t, ctx, "[data-testid=team-rename-open]")
	fill(t, ctx, "[data-testid=team-rename-name]", "浦东精英队")
	click(t, ctx, "[data-testid=team-rename-save]")
	poll(t, ctx, "the team renamed on the page", `document.querySelector('[data-testid=team-rename-status]').innerText.includes("浦东精英队") && document.querySelector('h1').innerText === "浦东精英队"`)
	bg := context.Background()
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if tm, ok, err := a.st.Team(bg, teamID); err != nil {
			t.Fatal(err)
		} else if ok && tm.Name == "浦东精英队" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the server does not hold the new name")
		}
	}

	sup := signedIn(t, a, "zhou")
	visit(t, sup, "#/team")
	poll(t, sup, "the supervisor sees the team's name on the standings", `document.querySelector('[data-testid=team-name]').innerText === "浦东精英队"`)
	visit(t, sup, "#/sync")
	poll(t, sup, "and beside their own name", `document.querySelector('[data-testid=account-team]').innerText.includes("浦东精英队")`)
}
