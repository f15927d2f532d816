package server

import (
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
