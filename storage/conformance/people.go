// Behaviours of the people: the directory of users, teams and settings,
// the sessions' refresh-token families, and the audit log (services.go).

package conformance

import (
	"encoding/json"
	"errors"
	"slices"
	"testing"
	"time"

	"fieldbook"
)

// teams: teams are made with the default settings in a zone, or with
// settings of their own; they are found by id and by name and listed in
// name order; a taken name is a conflict, a bad name, zone or settings
// invalid; a rename keeps the team but its name, under the same rules.
func teams(t *testing.T, e *env) {
	ctx, eng := e.ctx, e.eng
	beta, alpha := e.team("beta"), e.team("alpha")
	west, err := eng.CreateTeam(ctx, "west", "America/Los_Angeles")
	if err != nil {
		t.Fatal(err)
	}
	if alpha.TimeZone != fieldbook.DefaultTimeZone || west.TimeZone != "America/Los_Angeles" || alpha.ID == "" || alpha.ID == beta.ID {
		t.Errorf("created teams %+v and %+v", alpha, west)
	}
	for _, tt := range []struct{ name, zone, code string }{
		{"alpha", "", fieldbook.CodeConflict},
		{"", "", fieldbook.CodeInvalid},
		{"mars", "Mars/Olympus_Mons", fieldbook.CodeInvalid},
	} {
		if _, err := eng.CreateTeam(ctx, tt.name, tt.zone); fieldbook.ErrorCode(err) != tt.code {
			t.Errorf("CreateTeam(%q, %q): %v, want %s", tt.name, tt.zone, err, tt.code)
		}
	}
	own := fieldbook.DefaultSettings()
	own.TimeZone, own.DailyVisitTarget, own.RestDays = "Europe/Berlin", 6, []string{"sunday"}
	custom, err := eng.CreateTeamWith(ctx, "custom", own)
	if err != nil {
		t.Fatal(err)
	}
	if got, history, err := eng.Settings(ctx, custom.ID); err != nil || !sameJSON(got, own) || len(history) == 0 || !sameJSON(history[0].Settings, own) || custom.TimeZone != own.TimeZone {
		t.Errorf("a team created with its settings: %+v, settings %+v, history %+v, %v; want its history to begin with them", custom, got, history, err)
	}
	invalid := own
	invalid.DailyVisitTarget = -1
	if _, err := eng.CreateTeamWith(ctx, "invalid", invalid); fieldbook.ErrorCode(err) != fieldbook.CodeInvalid {
		t.Errorf("CreateTeamWith invalid settings: %v, want %s", err, fieldbook.CodeInvalid)
	}
	if _, err := eng.CreateTeamWith(ctx, "custom", own); fieldbook.ErrorCode(err) != fieldbook.CodeConflict {
		t.Errorf("CreateTeamWith a taken name: %v, want %s", err, fieldbook.CodeConflict)
	}
	teams, err := eng.Teams(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, tm := range teams {
		names = append(names, tm.Name)
	}
	if !slices.Equal(names, []string{"alpha", "beta", "custom", "west"}) {
		t.Errorf("Teams() = %v, want alpha, beta, custom, west", names)
	}
	if tm, found, err := eng.Team(ctx, beta.ID); err != nil || !found || tm != beta {
		t.Errorf("Team(beta) = %+v, %v, %v", tm, found, err)
	}
	if tm, found, err := eng.TeamByName(ctx, "west"); err != nil || !found || tm != west {
		t.Errorf("TeamByName(west) = %+v, %v, %v", tm, found, err)
	}
	if _, found, err := eng.Team(ctx, newID()); found || err != nil {
		t.Errorf("an unknown team: found %v, err %v", found, err)
	}
	if _, found, err := eng.TeamByName(ctx, "gamma"); found || err != nil {
		t.Errorf("an unknown team name: found %v, err %v", found, err)
	}

	// A rename keeps the team's id, zone and settings; a taken name, an
	// empty one or an unknown team is refused, and its own name is no
	// conflict.
	renamed, err := eng.RenameTeam(ctx, west.ID, "  西区  ")
	if err != nil || renamed.Name != "西区" || renamed.ID != west.ID || renamed.TimeZone != west.TimeZone {
		t.Errorf("RenameTeam(west, 西区) = %+v, %v", renamed, err)
	}
	if tm, found, err := eng.TeamByName(ctx, "西区"); err != nil || !found || tm != renamed {
		t.Errorf("TeamByName(西区) after the rename = %+v, %v, %v", tm, found, err)
	}
	if _, found, _ := eng.TeamByName(ctx, "west"); found {
		t.Error("the old name still finds the renamed team")
	}
	if _, err := eng.RenameTeam(ctx, west.ID, "西区"); err != nil {
		t.Errorf("renaming a team to its own name: %v", err)
	}
	for _, tt := range []struct{ id, name, code string }{
		{west.ID, "alpha", fieldbook.CodeConflict},
		{west.ID, " ", fieldbook.CodeInvalid},
		{newID(), "gamma", fieldbook.CodeNotFound},
	} {
		if _, err := eng.RenameTeam(ctx, tt.id, tt.name); fieldbook.ErrorCode(err) != tt.code {
			t.Errorf("RenameTeam(%s, %q): %v, want %s", tt.id, tt.name, err, tt.code)
		}
	}
}

// users: users are found by id and by username and listed in username
// order; a taken username is a conflict, an unknown team, a missing team
// or username or an unknown role invalid; an update of an unknown user is
// not found, and an update is read back as it was returned.
func users(t *testing.T, e *env) {
	ctx, eng := e.ctx, e.eng
	beta, alpha := e.team("beta"), e.team("alpha")
	zhang := e.user("zhang", fieldbook.RoleAgent, alpha.ID)
	boss := e.user("boss", fieldbook.RoleAdmin, "")
	e.user("li", fieldbook.RoleSupervisor, beta.ID)
	if got, found, err := eng.User(ctx, zhang.ID); err != nil || !found || got != zhang || got.Username != "zhang" || got.TeamID != alpha.ID || got.Role != fieldbook.RoleAgent || got.PasswordHash != "x" {
		t.Errorf("User(zhang) = %+v, %v, %v; want %+v", got, found, err, zhang)
	}
	if got, found, err := eng.UserByUsername(ctx, "boss"); err != nil || !found || got.ID != boss.ID {
		t.Errorf("UserByUsername(boss) = %+v, %v, %v", got, found, err)
	}
	if _, found, err := eng.User(ctx, newID()); found || err != nil {
		t.Errorf("an unknown user: found %v, err %v", found, err)
	}
	if _, found, err := eng.UserByUsername(ctx, "nobody"); found || err != nil {
		t.Errorf("an unknown username: found %v, err %v", found, err)
	}
	for _, tt := range []struct {
		name string
		u    fieldbook.User
		code string
	}{
		{"a taken username", fieldbook.User{Username: "zhang", Name: "另一个", Role: fieldbook.RoleAgent, TeamID: beta.ID, PasswordHash: "x"}, fieldbook.CodeConflict},
		{"an unknown team", fieldbook.User{Username: "wang", Role: fieldbook.RoleAgent, TeamID: newID(), PasswordHash: "x"}, fieldbook.CodeInvalid},
		{"an agent with no team", fieldbook.User{Username: "wang", Role: fieldbook.RoleAgent, PasswordHash: "x"}, fieldbook.CodeInvalid},
		{"no such role", fieldbook.User{Username: "wang", Role: "boss", TeamID: beta.ID, PasswordHash: "x"}, fieldbook.CodeInvalid},
		{"no username", fieldbook.User{Role: fieldbook.RoleAgent, TeamID: beta.ID, PasswordHash: "x"}, fieldbook.CodeInvalid},
		{"a username with a control character", fieldbook.User{Username: "wang\x07", Role: fieldbook.RoleAgent, TeamID: beta.ID, PasswordHash: "x"}, fieldbook.CodeInvalid},
		{"a username with a no-break space", fieldbook.User{Username: "wang\u00a0li", Role: fieldbook.RoleAgent, TeamID: beta.ID, PasswordHash: "x"}, fieldbook.CodeInvalid},
		{"a name with a control character", fieldbook.User{Username: "wang", Name: "王\x00", Role: fieldbook.RoleAgent, TeamID: beta.ID, PasswordHash: "x"}, fieldbook.CodeInvalid},
	} {
		if _, err := eng.CreateUser(ctx, tt.u); fieldbook.ErrorCode(err) != tt.code {
			t.Errorf("CreateUser with %s: %v, want %s", tt.name, err, tt.code)
		}
	}
	users, err := eng.Users(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, u := range users {
		names = append(names, u.Username)
	}
	if !slices.Equal(names, []string{"boss", "li", "zhang"}) {
		t.Errorf("Users() = %v, want boss, li, zhang", names)
	}

	for _, tt := range []struct {
		name string
		id   string
		p    fieldbook.UserPatch
		code string
	}{
		{"an unknown user", newID(), fieldbook.UserPatch{Name: ptr("无")}, fieldbook.CodeNotFound},
		{"a move to an unknown team", zhang.ID, fieldbook.UserPatch{TeamID: ptr(newID())}, fieldbook.CodeInvalid},
		{"no such role", zhang.ID, fieldbook.UserPatch{Role: ptr(fieldbook.Role("boss"))}, fieldbook.CodeInvalid},
		{"a name of spaces", zhang.ID, fieldbook.UserPatch{Name: ptr("   ")}, fieldbook.CodeInvalid},
		{"a name with a control character", zhang.ID, fieldbook.UserPatch{Name: ptr("张\n三")}, fieldbook.CodeInvalid},
	} {
		if _, err := eng.UpdateUser(ctx, tt.id, tt.p); fieldbook.ErrorCode(err) != tt.code {
			t.Errorf("UpdateUser of %s: %v, want %s", tt.name, err, tt.code)
		}
	}
	updated := e.update(zhang, fieldbook.UserPatch{Name: ptr("张三"), Disabled: ptr(true)})
	if got, _, err := eng.User(ctx, zhang.ID); err != nil || got != updated || got.Name != "张三" || !got.Disabled || got.TeamID != alpha.ID {
		t.Errorf("after the update User(zhang) = %+v, %v; UpdateUser returned %+v", got, err, updated)
	}
}

// settings: a team's settings keep their history, oldest first, the
// newest in force; settings that do not add up are invalid, an unknown
// team's not found, and one team's change leaves another's alone.
func settings(t *testing.T, e *env) {
	ctx, eng := e.ctx, e.eng
	beta, alpha := e.team("beta"), e.team("alpha")
	unknown := newID()
	if _, _, err := eng.Settings(ctx, unknown); fieldbook.ErrorCode(err) != fieldbook.CodeNotFound {
		t.Errorf("the settings of an unknown team: %v, want %s", err, fieldbook.CodeNotFound)
	}
	if err := eng.SetSettings(ctx, unknown, fieldbook.DefaultSettings()); fieldbook.ErrorCode(err) != fieldbook.CodeNotFound {
		t.Errorf("setting the settings of an unknown team: %v, want %s", err, fieldbook.CodeNotFound)
	}
	old, history, err := eng.Settings(ctx, alpha.ID)
	if err != nil {
		t.Fatal(err)
	}
	if old.TimeZone != fieldbook.DefaultTimeZone || len(history) == 0 || !sameJSON(history[len(history)-1].Settings, old) {
		t.Fatalf("a new team's settings: %+v with history %+v", old, history)
	}
	bad := old
	bad.WeeklyTable = []fieldbook.WeeklyRow{{Kind: "visit", Weight: 50, Target: 10}}
	if err := eng.SetSettings(ctx, alpha.ID, bad); fieldbook.ErrorCode(err) != fieldbook.CodeInvalid {
		t.Errorf("settings whose weights sum to 50: %v, want %s", err, fieldbook.CodeInvalid)
	}
	next := old
	next.DailyVisitTarget = old.DailyVisitTarget + 2
	if err := eng.SetSettings(ctx, alpha.ID, next); err != nil {
		t.Fatal(err)
	}
	cur, history, err := eng.Settings(ctx, alpha.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !sameJSON(cur, next) || len(history) == 0 || !sameJSON(history[len(history)-1].Settings, next) {
		t.Errorf("after SetSettings: %+v with history %+v; want the new settings, newest last", cur, history)
	}
	for i := 1; i < len(history); i++ {
		if history[i].From < history[i-1].From {
			t.Errorf("the settings history is not oldest first: %s after %s", history[i].From, history[i-1].From)
		}
	}
	if other, _, err := eng.Settings(ctx, beta.ID); err != nil || other.DailyVisitTarget != old.DailyVisitTarget {
		t.Errorf("another team's settings changed with alpha's: %+v, %v", other, err)
	}
}

func sameJSON(a, b any) bool {
	ja, err1 := json.Marshal(a)
	jb, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && string(ja) == string(jb)
}

// sessions: a refresh token is spent by a rotation that returns its user;
// a spent token used again revokes its family (the token it was rotated
// to is refused too) but not the user's other families; an ended family,
// an unknown and an expired token are refused; ending a session twice or
// an unknown one is no error; disabling a user ends their sessions; ending
// all of a user's sessions refuses every family of theirs and no one
// else's, and is not found for an unknown user. Only the refusals of a
// device signed out on purpose (all sessions ended, the user disabled) wrap
// fieldbook.ErrSignedOut; a logout, a reuse or an expiry do not.
func sessions(t *testing.T, e *env) {
	w := e.world()
	ctx, eng := e.ctx, e.eng
	hour := func() time.Time { return e.clock.now().Add(time.Hour) }
	start := func(u fieldbook.User, hash string) {
		t.Helper()
		if err := eng.StartSession(ctx, u.ID, hash, hour()); err != nil {
			t.Fatal(err)
		}
	}
	rotate := func(what, old, next string, want fieldbook.User) {
		t.Helper()
		if u, err := eng.Rotate(ctx, old, next, hour()); err != nil || u.ID != want.ID {
			t.Fatalf("%s: %+v, %v; want %s", what, u, err, want.Username)
		}
	}
	// refused checks the refusal's code, and that it is marked
	// ErrSignedOut for a device signed out on purpose, and only then.
	refusedAs := func(what, old string, signedOut bool, codes ...string) {
		t.Helper()
		if codes == nil {
			codes = []string{fieldbook.CodeInvalidToken}
		}
		_, err := eng.Rotate(ctx, old, newID(), hour())
		if !slices.Contains(codes, fieldbook.ErrorCode(err)) {
			t.Errorf("%s: %v, want %v", what, err, codes)
		}
		if errors.Is(err, fieldbook.ErrSignedOut) != signedOut {
			t.Errorf("%s: %v; signed out (wipe the device): %v, want %v", what, err, !signedOut, signedOut)
		}
	}
	refused := func(what, old string, codes ...string) {
		t.Helper()
		refusedAs(what, old, false, codes...)
	}

	start(w.agent, "a1")
	start(w.agent, "b1")
	rotate("the first rotation", "a1", "a2", w.agent)
	rotate("the next", "a2", "a3", w.agent)
	refused("a spent token used again", "a1")
	refused("the newest token of the family a reuse revoked", "a3")
	rotate("another family of the same user", "b1", "b2", w.agent)
	refused("an unknown token", "nope")

	start(w.agent2, "c1")
	for range 2 {
		if err := eng.EndSession(ctx, "c1"); err != nil {
			t.Errorf("ending a session: %v", err)
		}
	}
	if err := eng.EndSession(ctx, "nope"); err != nil {
		t.Errorf("ending an unknown session: %v", err)
	}
	refused("a token of an ended session", "c1")

	start(w.sup, "d1")
	e.update(w.sup, fieldbook.UserPatch{Disabled: ptr(true)})
	refusedAs("a disabled user's token", "d1", true, fieldbook.CodeInvalidToken, fieldbook.CodeUnauthorized)

	start(w.agent, "f1")
	start(w.agent, "g1")
	start(w.agent2, "h1")
	rotate("a family before its user's sessions end", "f1", "f2", w.agent)
	for range 2 {
		if err := eng.EndAllSessions(ctx, w.agent.ID); err != nil {
			t.Errorf("ending all of a user's sessions: %v", err)
		}
	}
	refusedAs("the newest token of a user whose sessions all ended", "f2", true)
	refusedAs("another family of that user", "g1", true)
	refusedAs("a family rotated before the end", "b2", true)
	refusedAs("a spent token of a signed-out family", "f1", true)
	rotate("another user's family", "h1", "h2", w.agent2)
	if err := eng.EndAllSessions(ctx, newID()); fieldbook.ErrorCode(err) != fieldbook.CodeNotFound {
		t.Errorf("ending the sessions of an unknown user: %v, want %s", err, fieldbook.CodeNotFound)
	}
	start(w.agent, "i1")
	rotate("a session started after all ended", "i1", "i2", w.agent)
	e.update(w.agent2, fieldbook.UserPatch{PasswordHash: ptr("a new hash")})
	refused("a token from before a new password", "h2")

	start(w.admin, "e1")
	e.clock.advance(2 * time.Hour)
	refused("an expired token", "e1")
}

// auditLog: entries come back newest first, up to the limit; a zero time
// is the engine's now; the params are copied; entries without an action
// or user, or from before 1970, are invalid; a limit below 1 is invalid;
// an empty log is an empty list.
func auditLog(t *testing.T, e *env) {
	ctx, eng := e.ctx, e.eng
	if es, err := eng.AuditLog(ctx, 10); err != nil || es == nil || len(es) != 0 {
		t.Fatalf("an empty log: %v, %v; want an empty list", es, err)
	}
	base := time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)
	// Written out of time order, with two entries of the same instant.
	for _, a := range []struct {
		action string
		at     time.Duration
	}{{"c", 2 * time.Hour}, {"a", 0}, {"d", 3 * time.Hour}, {"b", time.Hour}, {"b2", time.Hour}} {
		if err := eng.Audit(ctx, fieldbook.AuditEntry{At: base.Add(a.at), UserID: "u1", Username: "zhang", Action: a.action, Params: map[string]string{"team_id": "t1"}}); err != nil {
			t.Fatal(err)
		}
	}
	all, err := eng.AuditLog(ctx, 100)
	if err != nil {
		t.Fatal(err)
	}
	got := actions(all)
	if len(got) != 5 || got[0] != "d" || got[1] != "c" || got[4] != "a" || !slices.Contains(got[2:4], "b") || !slices.Contains(got[2:4], "b2") {
		t.Fatalf("the log holds %v, want d c {b b2} a", got)
	}
	for i := 1; i < len(all); i++ {
		if all[i].At.After(all[i-1].At) {
			t.Fatalf("entry %d (%v) is newer than entry %d (%v)", i, all[i].At, i-1, all[i-1].At)
		}
	}
	if a := all[0]; !a.At.Equal(base.Add(3*time.Hour)) || a.UserID != "u1" || a.Username != "zhang" || a.Params["team_id"] != "t1" {
		t.Fatalf("the newest entry: %+v", a)
	}
	two, err := eng.AuditLog(ctx, 2)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := actions(two), []string{"d", "c"}; !slices.Equal(got, want) {
		t.Fatalf("limit 2: %v, want %v", got, want)
	}
	if _, err := eng.AuditLog(ctx, 0); fieldbook.ErrorCode(err) != fieldbook.CodeInvalid {
		t.Fatalf("limit 0: %v, want %s", err, fieldbook.CodeInvalid)
	}

	// Later than every entry above, so it comes first.
	if d := time.Until(base.Add(24 * time.Hour)); d > 0 {
		e.clock.advance(d)
	}
	before := e.clock.now()
	params := map[string]string{"month": "2026-11"}
	if err := eng.Audit(ctx, fieldbook.AuditEntry{UserID: "u1", Username: "zhang", Action: "export.monthly.csv", Params: params}); err != nil {
		t.Fatal(err)
	}
	params["month"] = "changed after the call"
	es, err := eng.AuditLog(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(es) != 1 || es[0].Action != "export.monthly.csv" || es[0].At.Before(before) || es[0].At.After(e.clock.now()) || es[0].Params["month"] != "2026-11" {
		t.Fatalf("an entry with no time: %+v; want the engine's time of the call and the params as given", es)
	}
	for _, bad := range []fieldbook.AuditEntry{
		{UserID: "u1"},
		{Action: "export.weekly.csv"},
		{UserID: "u1", Action: "x", At: time.Date(1960, 1, 1, 0, 0, 0, 0, time.UTC)},
	} {
		if err := eng.Audit(ctx, bad); fieldbook.ErrorCode(err) != fieldbook.CodeInvalid {
			t.Errorf("Audit(%+v): %v, want %s", bad, err, fieldbook.CodeInvalid)
		}
	}
	if es, _ := eng.AuditLog(ctx, 100); len(es) != 6 {
		t.Fatalf("%d entries after the bad ones, want 6", len(es))
	}
}

func actions(es []fieldbook.AuditEntry) []string {
	var out []string
	for _, a := range es {
		out = append(out, a.Action)
	}
	return out
}
