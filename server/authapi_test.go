package server

import (
	"context"
	"encoding/base64"
	"strings"
	"testing"
	"time"

	"fieldbook"
	"fieldbook/auth"
)

func TestLoginDoesNotTellWhichUsernamesExist(t *testing.T) {
	e := newEnv(t)
	tm := e.team("一队")
	e.person("li", fieldbook.RoleAgent, tm.ID)
	wrongPassword := e.do("POST", "/api/auth/login", "", map[string]string{"username": "li", "password": "nope nope nope"})
	noSuchUser := e.do("POST", "/api/auth/login", "", map[string]string{"username": "nobody", "password": "nope nope nope"})
	for _, a := range []answer{wrongPassword, noSuchUser} {
		if a.status != 401 || a.code() != fieldbook.CodeInvalidCredentials {
			t.Fatalf("bad login: %d %s", a.status, a.raw)
		}
	}
	if wrongPassword.body["error"].(map[string]any)["message"] != noSuchUser.body["error"].(map[string]any)["message"] {
		t.Fatal("the messages differ between a wrong password and an unknown user")
	}
}

func TestLoginThrottling(t *testing.T) {
	e := newEnv(t)
	tm := e.team("一队")
	p := e.person("li", fieldbook.RoleAgent, tm.ID)
	var slept []time.Duration
	e.srv.logins.sleep = func(_ context.Context, d time.Duration) error {
		slept = append(slept, d)
		return nil
	}
	var last answer
	for range userFailsToBlock + 1 {
		last = e.do("POST", "/api/auth/login", "", map[string]string{"username": "li", "password": "wrong password"})
		if last.status == 429 {
			break
		}
	}
	if last.status != 429 || last.code() != fieldbook.CodeRateLimited || last.header.Get("Retry-After") == "" {
		t.Fatalf("after %d failures: %d %s", userFailsToBlock, last.status, last.raw)
	}
	if len(slept) != userFailsToBlock-userFailsToSlow || slept[0] >= slept[1] {
		t.Fatalf("delays before refusing: %v, want %d growing ones", slept, userFailsToBlock-userFailsToSlow)
	}
	// Even the right password is refused until the window passes.
	if a := e.do("POST", "/api/auth/login", "", map[string]string{"username": "li", "password": testPassword}); a.status != 429 {
		t.Fatalf("right password while blocked: %d", a.status)
	}
	e.clock.advance(failWindow + time.Second)
	e.login(p)
}

func TestRefreshRotationAndReuse(t *testing.T) {
	e := newEnv(t)
	tm := e.team("一队")
	p := e.person("li", fieldbook.RoleAgent, tm.ID)
	first := p.refresh
	a := e.must(200, "POST", "/api/auth/refresh", "", map[string]string{"refresh_token": first})
	second := a.body["refresh_token"].(string)
	if second == first || a.body["access_token"] == "" {
		t.Fatal("refresh did not rotate")
	}
	// The spent token is refused, and its reuse revokes the family: the
	// new token dies too.
	if a := e.do("POST", "/api/auth/refresh", "", map[string]string{"refresh_token": first}); a.status != 401 || a.code() != fieldbook.CodeInvalidToken {
		t.Fatalf("reuse: %d %s", a.status, a.raw)
	}
	if a := e.do("POST", "/api/auth/refresh", "", map[string]string{"refresh_token": second}); a.status != 401 {
		t.Fatalf("sibling of a reused token: %d %s", a.status, a.raw)
	}
	// A fresh login is a new family; logout ends it.
	e.login(p)
	e.must(204, "POST", "/api/auth/logout", "", map[string]string{"refresh_token": p.refresh})
	if a := e.do("POST", "/api/auth/refresh", "", map[string]string{"refresh_token": p.refresh}); a.status != 401 {
		t.Fatalf("refresh after logout: %d", a.status)
	}
}

func TestAccessTokenAbuse(t *testing.T) {
	e := newEnv(t)
	tm := e.team("一队")
	p := e.person("li", fieldbook.RoleAgent, tm.ID)
	e.must(200, "GET", "/api/me", p.access, nil)

	parts := strings.Split(p.access, ".")
	algNone := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"none","typ":"JWT"}`)) + "." + parts[1] + "."
	otherKey, _ := auth.NewSigner([]byte(strings.Repeat("o", 32)), e.clock.now)
	forged, _ := otherKey.Issue(p.User)
	for name, tok := range map[string]string{"none": "", "alg none": algNone, "wrong key": forged, "garbage": "x.y.z"} {
		if a := e.do("GET", "/api/me", tok, nil); a.status != 401 || a.code() != fieldbook.CodeUnauthorized {
			t.Errorf("%s: %d %s", name, a.status, a.raw)
		}
	}
	e.clock.advance(auth.AccessTTL + time.Minute)
	if a := e.do("GET", "/api/me", p.access, nil); a.status != 401 || a.code() != fieldbook.CodeTokenExpired {
		t.Fatalf("expired: %d %s", a.status, a.raw)
	}
	// The refresh token still works and gives a working access token.
	a := e.must(200, "POST", "/api/auth/refresh", "", map[string]string{"refresh_token": p.refresh})
	e.must(200, "GET", "/api/me", a.body["access_token"].(string), nil)
}

func TestDisabledUserIsLockedOut(t *testing.T) {
	e := newEnv(t)
	tm := e.team("一队")
	admin := e.person("boss", fieldbook.RoleAdmin, "")
	p := e.person("li", fieldbook.RoleAgent, tm.ID)
	e.must(200, "PATCH", "/api/admin/users/"+p.ID, admin.access, map[string]any{"disabled": true})
	if a := e.do("GET", "/api/me", p.access, nil); a.status != 401 {
		t.Fatalf("disabled user's access token: %d", a.status)
	}
	if a := e.do("POST", "/api/auth/refresh", "", map[string]string{"refresh_token": p.refresh}); a.status != 401 {
		t.Fatalf("disabled user's refresh token: %d", a.status)
	}
	if a := e.do("POST", "/api/auth/login", "", map[string]string{"username": "li", "password": testPassword}); a.status != 401 {
		t.Fatalf("disabled user's login: %d", a.status)
	}
}
