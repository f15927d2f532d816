package server

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"

	"fieldbook"
)

func TestAdminTeamsUsersAndSettings(t *testing.T) {
	e := newEnv(t)
	admin := e.person("boss", fieldbook.RoleAdmin, "")
	a := e.must(201, "POST", "/api/admin/teams", admin.access, map[string]any{"name": "上海一部", "time_zone": "Asia/Shanghai"})
	team := a.body["id"].(string)
	e.must(409, "POST", "/api/admin/teams", admin.access, map[string]any{"name": "上海一部"})
	e.must(400, "POST", "/api/admin/teams", admin.access, map[string]any{"name": "x", "time_zone": "Mars/Base"})

	u := e.must(201, "POST", "/api/admin/users", admin.access, map[string]any{"username": "xiaoli", "password": "a good password", "name": "小李", "role": "agent", "team_id": team})
	if u.body["password_hash"] != nil || u.body["id"] == nil || u.body["team_id"] != team {
		t.Fatalf("created user: %s", u.raw)
	}
	e.must(409, "POST", "/api/admin/users", admin.access, map[string]any{"username": "XiaoLi", "password": "a good password", "role": "agent", "team_id": team})
	e.must(400, "POST", "/api/admin/users", admin.access, map[string]any{"username": "x", "password": "short", "role": "agent", "team_id": team})
	e.must(400, "POST", "/api/admin/users", admin.access, map[string]any{"username": "y", "password": "a good password", "role": "agent"})
	e.must(400, "POST", "/api/admin/users", admin.access, map[string]any{"username": "z", "password": "a good password", "role": "king", "team_id": team})
	list := e.must(200, "GET", "/api/admin/users", admin.access, nil)
	if n := len(list.body["users"].([]any)); n != 2 {
		t.Fatalf("%d users, want 2", n)
	}
	if e.must(200, "GET", "/api/admin/teams", admin.access, nil).body["teams"] == nil {
		t.Fatal("no teams")
	}

	// The new user signs in; a password reset ends their sessions.
	login := e.must(200, "POST", "/api/auth/login", "", map[string]string{"username": "xiaoli", "password": "a good password"})
	id := u.body["id"].(string)
	e.must(200, "PATCH", "/api/admin/users/"+id, admin.access, map[string]any{"password": "another good one", "role": "supervisor"})
	e.must(401, "POST", "/api/auth/refresh", "", map[string]string{"refresh_token": login.body["refresh_token"].(string)})
	e.must(200, "POST", "/api/auth/login", "", map[string]string{"username": "xiaoli", "password": "another good one"})
	e.must(404, "PATCH", "/api/admin/users/"+newID(), admin.access, map[string]any{"name": "x"})
	e.must(400, "PATCH", "/api/admin/users/"+admin.ID, admin.access, map[string]any{"disabled": true})

	// Settings: fields left out keep their values; weights must sum to 100.
	path := "/api/admin/teams/" + team + "/settings"
	s := e.must(200, "GET", path, admin.access, nil)
	if s.body["daily_visit_target"] != float64(4) || len(s.body["weekly_table"].([]any)) != 5 {
		t.Fatalf("default settings: %s", s.raw)
	}
	s = e.must(200, "PUT", path, admin.access, map[string]any{"daily_visit_target": 5, "rest_days": []string{"sunday"}})
	if s.body["daily_visit_target"] != float64(5) || len(s.body["weekly_table"].([]any)) != 5 {
		t.Fatalf("after a partial PUT: %s", s.raw)
	}
	bad := e.must(400, "PUT", path, admin.access, map[string]any{"weekly_table": []map[string]any{{"kind": "visit", "weight": 60, "target": 20}}})
	if bad.code() != fieldbook.CodeInvalid {
		t.Fatalf("weights summing to 60: %s", bad.raw)
	}
	e.must(200, "PUT", path, admin.access, map[string]any{"weekly_table": []map[string]any{
		{"kind": "prospect", "weight": 30, "target": 60}, {"kind": "appointment", "weight": 12, "target": 12},
		{"kind": "visit", "weight": 50, "target": 10}, {"kind": "deal", "weight": 8, "target": 1}}})
	e.must(400, "PUT", path, admin.access, map[string]any{"unknown": 1})
	e.must(404, "GET", "/api/admin/teams/"+newID()+"/settings", admin.access, nil)
}

func TestBackupEndpoint(t *testing.T) {
	e := newEnv(t)
	admin := e.person("boss", fieldbook.RoleAdmin, "")
	a := e.must(200, "GET", "/api/admin/backup", admin.access, nil)
	if len(a.raw) < 20 || string(a.raw[:18]) != "FIELDBOOK BACKUP 3" {
		t.Fatalf("backup starts %q", a.raw[:min(len(a.raw), 20)])
	}
}

// TestAdminUsersPagedAndSearched: 130 users created through the API come
// back a page at a time in username order, each once, with the total on
// every page; q finds by username or name whatever the case, role and
// team_id narrow it, and a bad limit or cursor is 400 invalid.
func TestAdminUsersPagedAndSearched(t *testing.T) {
	e := newEnv(t)
	admin := e.person("boss", fieldbook.RoleAdmin, "")
	north, south := e.team("北区").ID, e.team("南区").ID
	for i := range 130 {
		team, role := north, "agent"
		if i%2 == 1 {
			team = south
		}
		if i%10 == 0 {
			role = "supervisor"
		}
		e.must(201, "POST", "/api/admin/users", admin.access, map[string]any{
			"username": fmt.Sprintf("User%03d", i), "name": fmt.Sprintf("王%03d", i), "password": "a good password", "role": role, "team_id": team})
	}

	var seen []string
	cursor, pages := "", 0
	for {
		path := "/api/admin/users?limit=50"
		if cursor != "" {
			path += "&cursor=" + url.QueryEscape(cursor)
		}
		page := e.must(200, "GET", path, admin.access, nil)
		pages++
		if got := page.body["total"]; got != float64(131) {
			t.Fatalf("page %d: total %v, want 131", pages, got)
		}
		for _, u := range page.body["users"].([]any) {
			seen = append(seen, u.(map[string]any)["username"].(string))
		}
		cursor = page.body["next_cursor"].(string)
		if cursor == "" {
			break
		}
	}
	if pages != 3 || len(seen) != 131 || !slices.IsSortedFunc(seen, func(a, b string) int { return strings.Compare(strings.ToLower(a), strings.ToLower(b)) }) || len(slices.Compact(slices.Clone(seen))) != 131 {
		t.Fatalf("%d pages of %d users (want 3 of 131, sorted, each once): %v", pages, len(seen), seen)
	}

	for _, tt := range []struct {
		query string
		total int
		first string
	}{
		{"q=user12", 10, "User120"},      // by username, case ignored
		{"q=%E7%8E%8B007", 1, "User007"}, // by name: 王007
		{"q=USER1&role=supervisor", 3, "User100"},
		{"q=user00&team_id=" + south, 5, "User001"},
		{"team_id=none", 1, "boss"},
		{"q=nobody", 0, ""},
	} {
		a := e.must(200, "GET", "/api/admin/users?limit=2&"+tt.query, admin.access, nil)
		users := a.body["users"].([]any)
		if a.body["total"] != float64(tt.total) || tt.total > 0 && users[0].(map[string]any)["username"] != tt.first || len(users) != min(2, tt.total) {
			t.Errorf("%s: %s; want total %d starting with %s", tt.query, a.raw, tt.total, tt.first)
		}
		if (a.body["next_cursor"] != "") != (tt.total > 2) {
			t.Errorf("%s: next_cursor %q with total %d", tt.query, a.body["next_cursor"], tt.total)
		}
	}
	if all := e.must(200, "GET", "/api/admin/users", admin.access, nil); len(all.body["users"].([]any)) != 131 {
		t.Errorf("without a limit: %d users, want all 131", len(all.body["users"].([]any)))
	}
	for _, q := range []string{"limit=0", "limit=501", "limit=x", "cursor=%21%21", "role=king"} {
		if a := e.must(400, "GET", "/api/admin/users?"+q, admin.access, nil); a.code() != fieldbook.CodeInvalid {
			t.Errorf("%s: %s, want invalid", q, a.raw)
		}
	}
	agent := e.person("someone", fieldbook.RoleAgent, north)
	e.must(403, "GET", "/api/admin/users?limit=10", agent.access, nil)
}

// TestAdminRenamesTeam: an admin renames a team; its supervisor reads the
// new name in /api/me, the team keeps its id and members, and a taken or
// empty name, an unknown team and a non-admin are refused.
func TestAdminRenamesTeam(t *testing.T) {
	e := newEnv(t)
	admin := e.person("boss", fieldbook.RoleAdmin, "")
	team, other := e.team("上海一部"), e.team("上海二部")
	sup := e.person("zhou", fieldbook.RoleSupervisor, team.ID)
	if me := e.must(200, "GET", "/api/me", sup.access, nil); me.body["team_name"] != "上海一部" {
		t.Fatalf("/api/me before: %s", me.raw)
	}
	if me := e.must(200, "GET", "/api/me", admin.access, nil); me.body["team_name"] != "" {
		t.Fatalf("an admin without a team: %s", me.raw)
	}
	got := e.must(200, "PATCH", "/api/admin/teams/"+team.ID, admin.access, map[string]any{"name": " 浦东一部 "})
	if got.body["name"] != "浦东一部" || got.body["id"] != team.ID || got.body["time_zone"] != team.TimeZone {
		t.Fatalf("renamed: %s", got.raw)
	}
	if me := e.must(200, "GET", "/api/me", sup.access, nil); me.body["team_name"] != "浦东一部" || me.body["team_id"] != team.ID {
		t.Fatalf("/api/me after the rename: %s", me.raw)
	}
	login := e.must(200, "POST", "/api/auth/login", "", map[string]string{"username": "zhou", "password": testPassword})
	if u := login.body["user"].(map[string]any); u["team_name"] != "浦东一部" {
		t.Fatalf("sign-in after the rename: %s", login.raw)
	}
	if n := e.must(200, "GET", "/api/admin/users?team_id="+team.ID, admin.access, nil).body["total"]; n != float64(1) {
		t.Errorf("the renamed team has %v members, want 1", n)
	}
	for _, tt := range []struct {
		id     string
		body   any
		status int
		code   string
	}{
		{team.ID, map[string]any{"name": other.Name}, 409, fieldbook.CodeConflict},
		{team.ID, map[string]any{"name": "  "}, 400, fieldbook.CodeInvalid},
		{team.ID, map[string]any{}, 400, fieldbook.CodeInvalid},
		{team.ID, map[string]any{"name": "x", "time_zone": "UTC"}, 400, fieldbook.CodeMalformed},
		{newID(), map[string]any{"name": "x"}, 404, fieldbook.CodeNotFound},
		{"not-an-id", map[string]any{"name": "x"}, 404, fieldbook.CodeNotFound},
	} {
		if a := e.must(tt.status, "PATCH", "/api/admin/teams/"+tt.id, admin.access, tt.body); a.code() != tt.code {
			t.Errorf("PATCH %s %v: %s, want %s", tt.id, tt.body, a.raw, tt.code)
		}
	}
	e.must(403, "PATCH", "/api/admin/teams/"+team.ID, sup.access, map[string]any{"name": "我的队"})
}
