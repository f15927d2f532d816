package server

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"net/http"
	"strings"
	"sync"
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

// Sign-ins are throttled per username and address: the address that
// keeps failing is slowed, then refused (in minutes), while the agent signs
// in from their own address; a looser cap per username bounds guessing
// from many addresses without locking out an address that never failed.
func TestLoginThrottling(t *testing.T) {
	e := newEnv(t, func(c *Config) { c.ProxyHeader = "X-Forwarded-For" })
	tm := e.team("一队")
	p := e.person("li", fieldbook.RoleAgent, tm.ID)
	var slept []time.Duration
	e.srv.logins.sleep = func(_ context.Context, d time.Duration) error {
		slept = append(slept, d)
		return nil
	}
	from := func(addr string) http.Header { return http.Header{"X-Forwarded-For": {addr}} }
	login := func(addr, password string) answer {
		return e.doWith(from(addr), "POST", "/api/auth/login", "", map[string]string{"username": "li", "password": password})
	}
	var last answer
	for range pairFailsToBlock + 1 {
		if last = login("203.0.113.7", "wrong password"); last.status == 429 {
			break
		}
	}
	if last.status != 429 || last.code() != fieldbook.CodeRateLimited || last.header.Get("Retry-After") == "" {
		t.Fatalf("after %d failures: %d %s", pairFailsToBlock, last.status, last.raw)
	}
	if msg := last.body["error"].(map[string]any)["message"].(string); !strings.HasSuffix(msg, "try again in 15 minutes") {
		t.Fatalf("the wait is not said in minutes: %q", msg)
	}
	if len(slept) != pairFailsToBlock-pairFailsToSlow || slept[0] >= slept[1] {
		t.Fatalf("delays before refusing: %v, want %d growing ones", slept, pairFailsToBlock-pairFailsToSlow)
	}
	// The stranger's address is refused even with the right password…
	if a := login("203.0.113.7", testPassword); a.status != 429 {
		t.Fatalf("right password from the blocked address: %d", a.status)
	}
	// …but the agent's phone, elsewhere, signs in at once, undelayed.
	slept = nil
	if a := login("198.51.100.20", testPassword); a.status != 200 || len(slept) != 0 {
		t.Fatalf("the agent from their own address: %d, delays %v", a.status, slept)
	}

	// Guessing from many addresses: past the per-username cap every
	// address that failed is refused at once, one that never failed is not.
	for i := range userFailsToBlock {
		login(fmt.Sprintf("192.0.2.%d", i%200), "wrong password")
	}
	if a := login("192.0.2.1", "wrong password"); a.status != 429 {
		t.Fatalf("an address that failed, past the username's cap: %d", a.status)
	}
	if a := login("198.51.100.21", testPassword); a.status != 200 {
		t.Fatalf("an address that never failed, past the username's cap: %d %s", a.status, a.raw)
	}
	e.clock.advance(failWindow + time.Second)
	if a := login("203.0.113.7", testPassword); a.status != 200 {
		t.Fatalf("after the window: %d", a.status)
	}
	e.login(p)
}

func TestMinutes(t *testing.T) {
	for d, want := range map[time.Duration]string{875 * time.Second: "15 minutes", 59 * time.Second: "1 minute", time.Second: "1 minute",
		15 * time.Minute: "15 minutes", 61 * time.Second: "2 minutes"} {
		if got := minutes(d); got != want {
			t.Errorf("minutes(%v) = %q, want %q", d, got, want)
		}
	}
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
	if me := e.must(200, "GET", "/api/me", p.access, nil); me.body["time_zone"] != "Asia/Shanghai" || me.body["team_id"] != tm.ID {
		t.Fatalf("me: %s", me.raw)
	}

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

// Signing out everywhere ends every session of the user (each phone's
// refresh is refused) and no one else's; the access token in hand lives
// out its 15 minutes; a new sign-in works again.
func TestSignOutEverywhere(t *testing.T) {
	e := newEnv(t)
	tm := e.team("一队")
	phone := e.person("li", fieldbook.RoleAgent, tm.ID)
	tablet := &person{User: phone.User}
	e.login(tablet)
	other := e.person("wang", fieldbook.RoleAgent, tm.ID)

	e.must(204, "POST", "/api/me/sign-out-everywhere", phone.access, nil)
	for name, p := range map[string]*person{"the phone that asked": phone, "the user's tablet": tablet} {
		if a := e.do("POST", "/api/auth/refresh", "", map[string]string{"refresh_token": p.refresh}); a.status != 401 || a.code() != fieldbook.CodeInvalidToken || a.body["signed_out"] != true {
			t.Errorf("%s refreshes after signing out everywhere: %d %s; want 401 invalid_refresh_token, signed_out", name, a.status, a.raw)
		}
	}
	// The access tokens already issued are refused at once (the device
	// refreshes, which the sign-out refused above); another user's are not.
	if a := e.do("GET", "/api/me", tablet.access, nil); a.status != 401 || a.code() != fieldbook.CodeTokenExpired {
		t.Errorf("the tablet's access token after signing out everywhere: %d %s", a.status, a.raw)
	}
	e.must(200, "GET", "/api/me", other.access, nil)
	e.must(200, "POST", "/api/auth/refresh", "", map[string]string{"refresh_token": other.refresh})
	if a := e.do("POST", "/api/me/sign-out-everywhere", "", nil); a.status != 401 {
		t.Errorf("signing out everywhere without a token: %d", a.status)
	}
	e.login(phone)
	e.must(200, "POST", "/api/auth/refresh", "", map[string]string{"refresh_token": phone.refresh})
}

// An admin signs a user out of every device; nobody else may, and an
// unknown user is 404.
func TestAdminSignsUserOut(t *testing.T) {
	e := newEnv(t)
	tm := e.team("一队")
	agent := e.person("li", fieldbook.RoleAgent, tm.ID)
	second := &person{User: agent.User}
	e.login(second)
	sup := e.person("zhao", fieldbook.RoleSupervisor, tm.ID)
	admin := e.person("root", fieldbook.RoleAdmin, "")
	path := "/api/admin/users/" + agent.ID + "/sign-out"

	for _, p := range []*person{agent, sup} {
		if a := e.do("POST", path, p.access, nil); a.status != 403 || a.code() != fieldbook.CodeForbidden {
			t.Errorf("%s signs the agent out: %d %s", p.Username, a.status, a.raw)
		}
	}
	e.must(200, "POST", "/api/auth/refresh", "", map[string]string{"refresh_token": second.refresh})
	e.login(second)

	e.must(204, "POST", path, admin.access, nil)
	for _, p := range []*person{agent, second} {
		if a := e.do("POST", "/api/auth/refresh", "", map[string]string{"refresh_token": p.refresh}); a.status != 401 || a.code() != fieldbook.CodeInvalidToken || a.body["signed_out"] != true {
			t.Errorf("a session of the signed-out agent refreshes: %d %s; want 401 invalid_refresh_token, signed_out", a.status, a.raw)
		}
	}
	e.must(200, "POST", "/api/auth/refresh", "", map[string]string{"refresh_token": admin.refresh})
	for _, id := range []string{newID(), "not-an-id"} {
		if a := e.do("POST", "/api/admin/users/"+id+"/sign-out", admin.access, nil); a.status != 404 || a.code() != fieldbook.CodeNotFound {
			t.Errorf("signing out unknown user %q: %d %s", id, a.status, a.raw)
		}
	}
	// The sign-out is in the audit log, with whom it signed out.
	entries := e.must(200, "GET", "/api/admin/audit", admin.access, nil).body["entries"].([]any)
	if len(entries) != 1 {
		t.Fatalf("the audit log holds %d entries, want the one sign-out", len(entries))
	}
	en := entries[0].(map[string]any)
	if en["action"] != "admin.sign-out" || en["user_id"] != admin.ID || en["params"].(map[string]any)["user_id"] != agent.ID {
		t.Errorf("the audit entry of the sign-out: %v", en)
	}
}

// Only a device signed out on purpose is told so (signed_out: the app
// wipes its data): a logged-out, reused or unknown token, or one from
// before a new password, is refused without it; a disabled user's is
// refused with it.
func TestRefreshSaysWhenTheDeviceWasSignedOut(t *testing.T) {
	e := newEnv(t)
	tm := e.team("一队")
	admin := e.person("root", fieldbook.RoleAdmin, "")
	refusal := func(what, token string, signedOut bool) {
		t.Helper()
		a := e.do("POST", "/api/auth/refresh", "", map[string]string{"refresh_token": token})
		if a.status != 401 || a.code() != fieldbook.CodeInvalidToken || (a.body["signed_out"] == true) != signedOut {
			t.Errorf("%s: %d %s; want 401 invalid_refresh_token, signed_out %v", what, a.status, a.raw, signedOut)
		}
	}
	li := e.person("li", fieldbook.RoleAgent, tm.ID)
	e.must(204, "POST", "/api/auth/logout", "", map[string]string{"refresh_token": li.refresh})
	refusal("a logged-out token", li.refresh, false)
	e.login(li)
	spent := li.refresh
	e.must(200, "POST", "/api/auth/refresh", "", map[string]string{"refresh_token": spent})
	refusal("a reused token", spent, false)
	refusal("an unknown token", "no-such-token", false)
	e.login(li)
	e.must(200, "PATCH", "/api/admin/users/"+li.ID, admin.access, map[string]any{"password": "another good password"})
	refusal("a token from before a new password", li.refresh, false)

	wang := e.person("wang", fieldbook.RoleAgent, tm.ID)
	e.must(200, "PATCH", "/api/admin/users/"+wang.ID, admin.access, map[string]any{"disabled": true})
	refusal("a disabled user's token", wang.refresh, true)
	if a := e.do("GET", "/api/me", wang.access, nil); a.status != 401 {
		t.Errorf("a disabled user's access token: %d %s", a.status, a.raw)
	}
}

// Revocation reaches access tokens at once: after a logout, a refresh
// token used twice, a new password, or a disabling (even once the user is
// enabled again) the access tokens issued before are refused with
// token_expired, so the device refreshes — which a live session can, and a
// revoked one cannot.
func TestRevocationReachesAccessTokens(t *testing.T) {
	e := newEnv(t)
	tm := e.team("一队")
	admin := e.person("boss", fieldbook.RoleAdmin, "")
	li := e.person("li", fieldbook.RoleAgent, tm.ID)
	refused := func(what, access string) {
		t.Helper()
		if a := e.do("GET", "/api/me", access, nil); a.status != 401 || a.code() != fieldbook.CodeTokenExpired {
			t.Errorf("%s: the access token from before answers %d %s", what, a.status, a.raw)
		}
	}
	before := li.access
	e.must(204, "POST", "/api/auth/logout", "", map[string]string{"refresh_token": li.refresh})
	refused("after a logout", before)

	e.login(li)
	before, spent := li.access, li.refresh
	e.must(200, "POST", "/api/auth/refresh", "", map[string]string{"refresh_token": spent})
	e.do("POST", "/api/auth/refresh", "", map[string]string{"refresh_token": spent})
	refused("after a refresh token was used twice", before)

	e.login(li)
	before = li.access
	e.must(200, "PATCH", "/api/admin/users/"+li.ID, admin.access, map[string]any{"password": "another good password"})
	refused("after a new password", before)

	wang := e.person("wang", fieldbook.RoleAgent, tm.ID)
	e.must(200, "PATCH", "/api/admin/users/"+wang.ID, admin.access, map[string]any{"disabled": true})
	e.must(200, "PATCH", "/api/admin/users/"+wang.ID, admin.access, map[string]any{"disabled": false})
	refused("after a disabling, once enabled again", wang.access)
	e.login(wang)
	e.must(200, "GET", "/api/me", wang.access, nil)
	// A change that revokes nothing leaves the tokens alone.
	e.must(200, "PATCH", "/api/admin/users/"+wang.ID, admin.access, map[string]any{"name": "王五"})
	e.must(200, "GET", "/api/me", wang.access, nil)
}

// Guesses sent at once are counted as they are checked: of 40 wrong
// passwords for one user from one address at the same moment, at most the
// block threshold are checked (401) and the rest refused (429).
func TestConcurrentGuessesAreCountedAtOnce(t *testing.T) {
	// Real hashing cost, so that the guesses overlap as they do in the field.
	e := newEnv(t, func(c *Config) { c.Passwords = auth.DefaultPasswordParams })
	e.person("li", fieldbook.RoleAgent, e.team("一队").ID)
	e.srv.logins.sleep = func(context.Context, time.Duration) error { return nil }
	const guesses = 40
	statuses := make([]int, guesses)
	var wg sync.WaitGroup
	for i := range guesses {
		wg.Go(func() {
			body := []byte(`{"username":"li","password":"wrong password"}`)
			resp, err := http.Post(e.url+"/api/auth/login", "application/json", bytes.NewReader(body))
			if err != nil {
				t.Error(err)
				return
			}
			resp.Body.Close()
			statuses[i] = resp.StatusCode
		})
	}
	wg.Wait()
	count := map[int]int{}
	for _, s := range statuses {
		count[s]++
	}
	if count[401] < 1 || count[401] > pairFailsToBlock || count[401]+count[429] != guesses {
		t.Fatalf("40 guesses at once: %v, want at most %d × 401 and the rest 429", count, pairFailsToBlock)
	}
}

// Password checks running at once are bounded (each takes argon2id's
// memory): with every place taken, a sign-in is refused at once with 429
// and Retry-After, and succeeds once a place is free.
func TestPasswordChecksAreBounded(t *testing.T) {
	e := newEnv(t)
	e.person("li", fieldbook.RoleAgent, e.team("一队").ID)
	for range cap(e.srv.hashing) {
		e.srv.hashing <- struct{}{}
	}
	login := func() answer {
		return e.do("POST", "/api/auth/login", "", map[string]string{"username": "li", "password": testPassword})
	}
	if a := login(); a.status != 429 || a.code() != fieldbook.CodeRateLimited || a.header.Get("Retry-After") != "1" {
		t.Fatalf("with every place taken: %d %s", a.status, a.raw)
	}
	<-e.srv.hashing
	if a := login(); a.status != 200 {
		t.Fatalf("with a place free: %d %s", a.status, a.raw)
	}
}
