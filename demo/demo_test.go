package demo

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"fieldbook"
	"fieldbook/auth"
	"fieldbook/scoring"
	"fieldbook/storage"
	"fieldbook/sync/rules"
)

// cheap keeps password hashing out of the tests' time.
var cheap = auth.PasswordParams{Memory: 64, Time: 1, Threads: 1}

func openStore(tb testing.TB) *storage.Engine {
	tb.Helper()
	st, err := storage.Open(context.Background(), storage.Options{InMemory: true})
	if err != nil {
		tb.Fatalf("open: %v", err)
	}
	tb.Cleanup(func() { st.Close() })
	return st
}

type record struct {
	Collection, ID string
	Fields         map[string]any
}

func (r record) str(name string) string { s, _ := r.Fields[name].(string); return s }

// everything is every record of the store: what the admin pulls, and the
// agents' own records that reach nobody else's pull (a person's records:
// customers, prospects, consents).
func everything(tb testing.TB, st *storage.Engine) []record {
	tb.Helper()
	users := usersByName(tb, st)
	out, _ := pullAll(tb, st, users[adminUsername].ID, "")
	seen := map[string]bool{}
	for _, r := range out {
		seen[r.Collection+"/"+r.ID] = true
	}
	for _, p := range profiles {
		recs, _ := pullAll(tb, st, users[p.username].ID, "")
		for _, r := range recs {
			if k := r.Collection + "/" + r.ID; !seen[k] {
				seen[k] = true
				out = append(out, r)
			}
		}
	}
	return out
}

// ownerOnly says whether a collection's records reach only their owner's pull.
func ownerOnly(collection string) bool {
	return collection == fieldbook.Customers || collection == fieldbook.Prospects || collection == fieldbook.Consents
}

// pullAll pulls every page a user sees from cursor, 500 at a time, and
// returns the records and the last cursor.
func pullAll(tb testing.TB, st *storage.Engine, userID, cursor string) ([]record, string) {
	tb.Helper()
	var out []record
	seen := map[string]bool{}
	for {
		p, err := st.Pull(context.Background(), userID, cursor, 500)
		if err != nil {
			tb.Fatalf("pull: %v", err)
		}
		if p.ResetReason != "" {
			tb.Fatalf("pull reset: %s", p.ResetReason)
		}
		for _, r := range p.Records {
			k := r.Collection + "/" + r.ID
			if seen[k] {
				tb.Fatalf("%s twice in one pull", k)
			}
			seen[k] = true
			rec := record{Collection: r.Collection, ID: r.ID}
			if err := json.Unmarshal(r.Fields, &rec.Fields); err != nil {
				tb.Fatal(err)
			}
			out = append(out, rec)
		}
		cursor = p.Cursor
		if !p.More {
			return out, cursor
		}
	}
}

func usersByName(tb testing.TB, st *storage.Engine) map[string]fieldbook.User {
	tb.Helper()
	users, err := st.Users(context.Background())
	if err != nil {
		tb.Fatal(err)
	}
	out := map[string]fieldbook.User{}
	for _, u := range users {
		out[u.Username] = u
	}
	return out
}

func mustLoad(tb testing.TB, st *storage.Engine, now time.Time) Logins {
	tb.Helper()
	start := time.Now()
	logins, err := Load(context.Background(), st, now, cheap)
	if err != nil {
		tb.Fatalf("Load: %v", err)
	}
	tb.Logf("Load (%s) took %v", now.Format(time.RFC3339), time.Since(start).Round(time.Millisecond))
	return logins
}

func TestLoad(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	now := time.Now()
	logins := mustLoad(t, st, now)
	users := usersByName(t, st)
	if len(users) != 7 || len(logins) != 7 {
		t.Fatalf("%d users and %d logins, want 7", len(users), len(logins))
	}
	for _, l := range logins {
		u, ok := users[l.Username]
		if !ok || u.Role != l.Role || u.Name != l.Name || l.Password != Password {
			t.Fatalf("login %+v does not match user %+v", l, u)
		}
	}
	if !auth.VerifyPassword(Password, users[profiles[0].username].PasswordHash) {
		t.Fatal("the demo password does not verify")
	}
	cursors := map[string]string{}
	for _, u := range users {
		_, cursors[u.ID] = pullAll(t, st, u.ID, "")
	}
	all := everything(t, st)
	logCounts(t, all, users)
	checkDemo(t, st, now)

	// A second load writes nothing.
	again, err := Load(ctx, st, now.Add(time.Minute), cheap)
	if err != nil || !slices.Equal(again, logins) {
		t.Fatalf("second Load = %v, %v", again, err)
	}
	if after := usersByName(t, st); len(after) != len(users) {
		t.Fatalf("second Load: %d users, want %d", len(after), len(users))
	}
	for _, u := range users {
		if more, _ := pullAll(t, st, u.ID, cursors[u.ID]); len(more) != 0 {
			t.Fatalf("second Load wrote %d records %s sees", len(more), u.Username)
		}
	}
}

// checkDemo checks what a newcomer should see in the demo loaded on now.
func checkDemo(t *testing.T, st *storage.Engine, now time.Time) {
	t.Helper()
	ctx := context.Background()
	users := usersByName(t, st)
	team, found, err := st.TeamByName(ctx, TeamName)
	if err != nil || !found || team.TimeZone != "Asia/Shanghai" {
		t.Fatalf("team = %+v, %v, %v", team, found, err)
	}
	admin, sup := users[adminUsername], users[supervisorUsername]
	if admin.Role != fieldbook.RoleAdmin || sup.Role != fieldbook.RoleSupervisor || sup.TeamID != team.ID {
		t.Fatalf("admin %+v, supervisor %+v", admin, sup)
	}
	all := everything(t, st)

	agentIDs := map[string]string{} // id → username
	for _, p := range profiles {
		agentIDs[users[p.username].ID] = p.username
	}
	byCollection := map[string][]record{}
	for _, r := range all {
		byCollection[r.Collection] = append(byCollection[r.Collection], r)
		if r.Collection != fieldbook.Members && r.str(fieldbook.FieldTeam) != team.ID {
			t.Errorf("%s/%s is not in the demo team", r.Collection, r.ID)
		}
	}

	// Every agent has activities of every kind, each well formed.
	kinds := map[string]map[string]int{}
	voided := 0
	for _, r := range byCollection[fieldbook.Activities] {
		owner := agentIDs[r.str(fieldbook.FieldOwner)]
		if owner == "" {
			t.Fatalf("activity %s is not an agent's", r.ID)
		}
		if kinds[owner] == nil {
			kinds[owner] = map[string]int{}
		}
		kinds[owner][r.str("kind")]++
		at, err := time.Parse(time.RFC3339, r.str("occurred_at"))
		if err != nil || !strings.HasSuffix(r.str("occurred_at"), "+08:00") {
			t.Fatalf("occurred_at %q", r.str("occurred_at"))
		}
		if at.After(now) {
			t.Errorf("activity %s occurred at %s, after now", r.ID, at)
		}
		if _, hasPremium := r.Fields["premium"]; hasPremium != (r.str("kind") == "deal") {
			t.Errorf("activity %s (%s) premium %v", r.ID, r.str("kind"), r.Fields["premium"])
		}
		if r.Fields["voided"] == true {
			voided++
			if r.str("void_reason") == "" {
				t.Errorf("activity %s voided without a reason", r.ID)
			}
		}
	}
	for _, p := range profiles {
		for _, k := range rules.ActivityKinds {
			if kinds[p.username][k] == 0 {
				t.Errorf("%s has no %s activity: %v", p.username, k, kinds[p.username])
			}
		}
	}
	if voided == 0 {
		t.Error("no voided activity")
	}

	// Deals are mostly ¥3,000–¥20,000.
	deals, usual := 0, 0
	for _, r := range byCollection[fieldbook.Activities] {
		if p, ok := r.Fields["premium"].(float64); ok {
			deals++
			if p >= 3000 && p <= 20000 {
				usual++
			}
		}
	}
	if usual*3 < deals*2 {
		t.Errorf("%d of %d deals are of ¥3,000–¥20,000", usual, deals)
	}

	// Plan 100: 30 to 60 names each, every grade and source; customer
	// files of varying completeness.
	prospects := map[string]int{}
	grades := map[string]bool{}
	for _, r := range byCollection[fieldbook.Prospects] {
		prospects[agentIDs[r.str(fieldbook.FieldOwner)]]++
		grades[r.str("grade")+r.str("source")] = true
		if (r.str("source") == "referral") != (r.str("referrer") != "") {
			t.Errorf("prospect %s: source %s, referrer %q", r.ID, r.str("source"), r.str("referrer"))
		}
	}
	for _, p := range profiles {
		if n := prospects[p.username]; n < 30 || n > 60 {
			t.Errorf("%s has %d prospects", p.username, n)
		}
	}
	if len(grades) != 8 {
		t.Errorf("grades and sources: %v", grades)
	}
	complete := 0
	for _, r := range byCollection[fieldbook.Customers] {
		f := r.Fields
		if f["age"] != nil && f["occupation"] != nil && f["income_band"] != nil && f["spouse"] != nil && f["needs"] != nil {
			complete++
		}
	}
	if n := len(byCollection[fieldbook.Customers]); complete == 0 || complete == n {
		t.Errorf("%d of %d customer files are complete", complete, n)
	}

	// Logs: one per agent per working day, in every state across the team.
	states := map[string]int{}
	logsOf := map[string]map[string]bool{}
	for _, r := range byCollection[fieldbook.DayLogs] {
		states[r.str(fieldbook.FieldState)]++
		owner := agentIDs[r.str(fieldbook.FieldOwner)]
		if r.ID != rules.DayLogID(r.str(fieldbook.FieldOwner), r.str(fieldbook.FieldDate)) {
			t.Errorf("log %s has not the id of its owner and date", r.ID)
		}
		if logsOf[owner] == nil {
			logsOf[owner] = map[string]bool{}
		}
		logsOf[owner][r.str(fieldbook.FieldDate)] = true
		if r.str(fieldbook.FieldState) == fieldbook.StateReturned && r.str(fieldbook.FieldReviewComment) == "" {
			t.Errorf("log %s returned without a comment", r.ID)
		}
	}
	for _, s := range []string{fieldbook.StateDraft, fieldbook.StateSubmitted, fieldbook.StateApproved, fieldbook.StateReturned} {
		if states[s] == 0 {
			t.Errorf("no log in state %s: %v", s, states)
		}
	}
	loc, _ := time.LoadLocation("Asia/Shanghai")
	today := now.In(loc)
	for _, p := range profiles {
		for d := range days {
			day := today.AddDate(0, 0, d-(days-1))
			weekday := day.Weekday() != time.Saturday && day.Weekday() != time.Sunday
			if (weekday || d >= days-2) && !logsOf[p.username][day.Format(time.DateOnly)] {
				t.Errorf("%s has no log for %s", p.username, day.Format(time.DateOnly))
			}
		}
	}

	// The review queue holds the waiting logs, an amended one among them.
	queue, err := st.ReviewQueue(ctx, team.ID)
	if err != nil {
		t.Fatal(err)
	}
	amended := 0
	for _, q := range queue {
		var f map[string]any
		if err := json.Unmarshal(q.Fields, &f); err != nil {
			t.Fatal(err)
		}
		if f[fieldbook.FieldState] != fieldbook.StateSubmitted {
			t.Errorf("queued log %s is %v", q.ID, f[fieldbook.FieldState])
		}
		if f[fieldbook.FieldAmended] == true {
			amended++
		}
	}
	if len(queue) != states[fieldbook.StateSubmitted] || amended != 1 {
		t.Errorf("queue holds %d logs (%d amended); %d are submitted", len(queue), amended, states[fieldbook.StateSubmitted])
	}

	// Goals for this month and coaching notes.
	month := today.Format("2006-01")
	goals := map[string]bool{}
	for _, r := range byCollection[fieldbook.Goals] {
		if r.str("period") == month {
			goals[agentIDs[r.str(fieldbook.FieldOwner)]] = true
		}
	}
	if len(goals) != len(profiles) {
		t.Errorf("goals for %s: %v", month, goals)
	}
	if n := len(byCollection[fieldbook.CoachingNotes]); n < 3 {
		t.Errorf("%d coaching notes", n)
	}

	// The supervisor sees every record of the team but a person's; an
	// agent their own and the members.
	supRecs, _ := pullAll(t, st, sup.ID, "")
	want := map[string]bool{}
	for _, r := range all {
		if r.str(fieldbook.FieldTeam) == team.ID && !ownerOnly(r.Collection) {
			want[r.Collection+"/"+r.ID] = true
		}
	}
	got := map[string]bool{}
	for _, r := range supRecs {
		got[r.Collection+"/"+r.ID] = true
	}
	if !maps.Equal(got, want) {
		t.Errorf("the supervisor pulls %d records, the team has %d", len(got), len(want))
	}
	for _, p := range profiles {
		u := users[p.username]
		recs, _ := pullAll(t, st, u.ID, "")
		own, members := 0, 0
		for _, r := range recs {
			switch {
			case r.Collection == fieldbook.Members:
				members++
			case r.Collection == fieldbook.Scores && r.str(fieldbook.FieldTeam) == team.ID:
				// The team's scores are everyone's to see.
			case r.str(fieldbook.FieldOwner) == u.ID && r.Collection != fieldbook.Scores:
				own++
			default:
				t.Fatalf("%s pulls %s/%s of %s", p.username, r.Collection, r.ID, r.str(fieldbook.FieldOwner))
			}
		}
		wantOwn := 0
		for _, r := range all {
			if r.str(fieldbook.FieldOwner) == u.ID && r.Collection != fieldbook.Scores {
				wantOwn++
			}
		}
		if own != wantOwn || own == 0 || members != 1+len(profiles) {
			t.Errorf("%s pulls %d own records of %d and %d members", p.username, own, wantOwn, members)
		}
	}
}

// logCounts reports what the demo holds.
func logCounts(t *testing.T, all []record, users map[string]fieldbook.User) {
	t.Helper()
	names := map[string]string{}
	for _, u := range users {
		names[u.ID] = u.Username
	}
	type key struct{ owner, what string }
	n := map[key]int{}
	premium := map[string]float64{}
	for _, r := range all {
		owner := names[r.str(fieldbook.FieldOwner)]
		n[key{"all", r.Collection}]++
		n[key{owner, r.Collection}]++
		switch r.Collection {
		case fieldbook.Activities:
			n[key{owner, r.str("kind")}]++
			n[key{"all", r.str("kind")}]++
			if p, ok := r.Fields["premium"].(float64); ok {
				premium[owner] += p
				premium["all"] += p
				if p >= 3000 && p <= 20000 {
					n[key{"all", "deal 3k-20k"}]++
				}
			}
		case fieldbook.DayLogs:
			n[key{owner, "log " + r.str(fieldbook.FieldState)}]++
			n[key{"all", "log " + r.str(fieldbook.FieldState)}]++
		case fieldbook.Customers:
			if r.Fields["age"] != nil && r.Fields["occupation"] != nil && r.Fields["income_band"] != nil &&
				(r.Fields["spouse"] != nil || r.Fields["children"] != nil) && r.Fields["needs"] != nil {
				n[key{owner, "customer with full file"}]++
			}
		}
	}
	var lines []string
	for k, v := range n {
		lines = append(lines, fmt.Sprintf("%-12s %-26s %d", k.owner, k.what, v))
	}
	for k, v := range premium {
		lines = append(lines, fmt.Sprintf("%-12s %-26s %.0f", k, "premium", v))
	}
	sort.Strings(lines)
	t.Logf("%d records:\n%s", len(all), strings.Join(lines, "\n"))
}

// canonical returns the demo's content without what differs from one load
// to the next: ids (a reference becomes the name it points to), the
// server's fields and stamps.
func canonical(t *testing.T, st *storage.Engine) []string {
	t.Helper()
	users := usersByName(t, st)
	recs := everything(t, st)
	label := map[string]string{}
	for _, u := range users {
		label[u.ID] = "user:" + u.Username
	}
	for _, r := range recs {
		if name := r.str("name"); name != "" && r.Collection != fieldbook.Members {
			label[r.ID] = r.Collection + ":" + name
		}
	}
	var out []string
	for _, r := range recs {
		f := map[string]any{"_collection": r.Collection}
		for k, v := range r.Fields {
			switch k {
			case fieldbook.FieldTeam, fieldbook.FieldCreatedAt, fieldbook.FieldUpdatedAt, fieldbook.FieldReviewedVersion:
				continue
			}
			if s, ok := v.(string); ok && rules.IsUUID(s) {
				v = label[s]
			}
			f[k] = v
		}
		if r.Collection == fieldbook.Members {
			f["_id"] = label[r.ID]
		}
		b, err := json.Marshal(f)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, string(b))
	}
	sort.Strings(out)
	return out
}

func TestLoadIsDeterministic(t *testing.T) {
	now := time.Date(2026, 3, 18, 16, 40, 0, 0, time.FixedZone("CST", 8*3600))
	a, b := openStore(t), openStore(t)
	mustLoad(t, a, now)
	mustLoad(t, b, now)
	ca, cb := canonical(t, a), canonical(t, b)
	if !slices.Equal(ca, cb) {
		for i := range min(len(ca), len(cb)) {
			if ca[i] != cb[i] {
				t.Fatalf("two loads on the same now differ (%d and %d records); first difference:\n%s\n%s", len(ca), len(cb), ca[i], cb[i])
			}
		}
		t.Fatalf("two loads on the same now differ: %d and %d records", len(ca), len(cb))
	}
}

// TestLoadAnyDay loads the demo on days that test the window's edges: a
// Monday before work, a Sunday night, the first of a month, a leap day.
func TestLoadAnyDay(t *testing.T) {
	cst := time.FixedZone("CST", 8*3600)
	for _, now := range []time.Time{
		time.Date(2026, 6, 1, 7, 30, 0, 0, cst),        // Monday, before any work
		time.Date(2026, 11, 1, 23, 50, 0, 0, cst),      // Sunday night, first of a month
		time.Date(2024, 2, 29, 12, 0, 0, 0, cst),       // leap day
		time.Date(2025, 12, 31, 17, 0, 0, 0, time.UTC), // already the next day in Shanghai
		time.Date(2026, 1, 1, 0, 1, 0, 0, cst),         // a minute into the year
	} {
		t.Run(now.Format(time.RFC3339), func(t *testing.T) {
			st := openStore(t)
			mustLoad(t, st, now)
			checkDemo(t, st, now)
		})
	}
}

func TestLoadOnDisk(t *testing.T) {
	if testing.Short() {
		t.Skip("durable writes")
	}
	st, err := storage.Open(context.Background(), storage.Options{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	mustLoad(t, st, time.Now())
}

func TestLoadRefusesWhatItCannotDo(t *testing.T) {
	ctx := context.Background()
	t.Run("future", func(t *testing.T) {
		st := openStore(t)
		if _, err := Load(ctx, st, time.Now().Add(time.Hour), cheap); err == nil {
			t.Fatal("a now an hour ahead was accepted")
		}
		if users := usersByName(t, st); len(users) != 0 {
			t.Fatalf("%d users written", len(users))
		}
	})
	t.Run("username taken", func(t *testing.T) {
		st := openStore(t)
		if _, err := st.CreateUser(ctx, fieldbook.User{Username: adminUsername, Name: "x", Role: fieldbook.RoleAdmin, PasswordHash: "x"}); err != nil {
			t.Fatal(err)
		}
		if _, err := Load(ctx, st, time.Now(), cheap); err == nil || !strings.Contains(err.Error(), "taken") {
			t.Fatalf("Load = %v, want the username is taken", err)
		}
		if _, found, _ := st.TeamByName(ctx, TeamName); found {
			t.Fatal("the team was created")
		}
	})
	t.Run("cut short", func(t *testing.T) {
		st := openStore(t)
		if _, err := st.CreateTeam(ctx, TeamName, ""); err != nil {
			t.Fatal(err)
		}
		if _, err := Load(ctx, st, time.Now(), cheap); err == nil || !strings.Contains(err.Error(), "cut short") {
			t.Fatalf("Load = %v, want cut short", err)
		}
	})
}

// A change the store rejects makes the load fail, naming it.
func TestRejectedChangeFails(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	team, err := st.CreateTeam(ctx, "t", "")
	if err != nil {
		t.Fatal(err)
	}
	u, err := st.CreateUser(ctx, fieldbook.User{Username: "a", Name: "a", Role: fieldbook.RoleAgent, TeamID: team.ID, PasswordHash: "x"})
	if err != nil {
		t.Fatal(err)
	}
	dev := newDevice(u, time.Now())
	if err := dev.change(fieldbook.Prospects, rules.NewID(), map[string]any{"name": "好"}); err != nil {
		t.Fatal(err)
	}
	if err := dev.change(fieldbook.Prospects, rules.NewID(), map[string]any{"name": "坏", "grade": "E"}); err != nil {
		t.Fatal(err)
	}
	err = dev.sync(ctx, st)
	if err == nil || !strings.Contains(err.Error(), "rejected invalid") {
		t.Fatalf("sync = %v, want the rejection", err)
	}
	// And a change the precheck refuses never reaches the store.
	far := newDevice(u, time.Now().Add(time.Hour))
	if err := far.change(fieldbook.Prospects, rules.NewID(), map[string]any{"name": "x"}); err == nil || !strings.Contains(err.Error(), fieldbook.CodeClockSkew) {
		t.Fatalf("change stamped an hour ahead = %v", err)
	}
}

func TestLoginsTable(t *testing.T) {
	s := demoLogins().String()
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) != 1+1+len(demoLogins()) {
		t.Fatalf("table:\n%s", s)
	}
	col := strings.Index(lines[1], "PASSWORD")
	for _, l := range demoLogins() {
		if !strings.Contains(s, l.Username) || !strings.Contains(s, l.Name) {
			t.Fatalf("table misses %s:\n%s", l.Username, s)
		}
	}
	for _, line := range lines[2:] {
		if strings.Index(line, Password) != col {
			t.Fatalf("columns not aligned:\n%s", s)
		}
	}
	t.Logf("\n%s", s)
}

// TestDemoScoresMakeSense checks what the demo shows in the team views: a
// week with scores, bands and progress awards, a month with streak awards
// where the star leads and the newcomer trails, pending days this week,
// and coaching alerts for those who need them.
func TestDemoScoresMakeSense(t *testing.T) {
	now := time.Date(2026, 11, 28, 19, 25, 0, 0, time.FixedZone("CST", 8*3600))
	st := openStore(t)
	mustLoad(t, st, now)
	ctx := context.Background()
	team, _, _ := st.TeamByName(ctx, TeamName)
	today := scoring.DayOf(now, time.FixedZone("CST", 8*3600))

	lastWeek, err := st.TeamWeek(ctx, team.ID, today.Monday().Add(-7))
	if err != nil {
		t.Fatal(err)
	}
	progress, bands := 0, map[string]bool{}
	for _, r := range lastWeek {
		if !r.Found || r.Score.ApprovedDays == 0 {
			t.Errorf("%s has no scored days last week", r.Agent.Name)
		}
		bands[r.Score.Band] = true
		for _, a := range r.Score.Awards {
			if a.Kind == scoring.AwardWeeklyProgress {
				progress++
			}
		}
	}
	if progress == 0 || len(bands) < 2 {
		t.Errorf("last week: %d progress awards, bands %v; want some awards and a spread", progress, bands)
	}
	thisWeek, _ := st.TeamWeek(ctx, team.ID, today.Monday())
	pending := 0
	for _, r := range thisWeek {
		pending += r.Score.PendingDays
	}
	if pending == 0 {
		t.Error("no pending days this week: the review queue should show in the standings")
	}

	month, err := st.TeamMonth(ctx, team.ID, today.Month())
	if err != nil {
		t.Fatal(err)
	}
	streaks := 0
	var ranks []scoring.Standing
	for _, r := range month {
		for _, a := range r.Score.Awards {
			if a.Kind == scoring.AwardStreak {
				streaks++
			}
		}
		ranks = append(ranks, scoring.Standing{AgentID: r.Agent.Username, Name: r.Agent.Name, Score: r.Score.Score, Visits: r.Score.Counts["visit"], Deals: r.Score.Counts["deal"]})
	}
	scoring.Rank(ranks)
	if streaks == 0 {
		t.Error("no streak awards in the month")
	}
	if last := ranks[len(ranks)-1]; last.AgentID != "zhangxiaoyu" {
		t.Errorf("the newcomer should trail the month; last is %s", last.AgentID)
	}
	users := usersByName(t, st)
	h, err := st.History(ctx, users["zhangxiaoyu"].ID, today.Month())
	if err != nil {
		t.Fatal(err)
	}
	r := scoring.MonthlyReview(scoring.ReviewInput{Rules: h.Settings, Months: h.Months, Weeks: h.Weeks, Customers: h.Customers})
	if len(r.Alerts) == 0 || r.Rates.AppointmentSuccess == nil || *r.Rates.AppointmentSuccess > 0.2 {
		t.Errorf("the newcomer's review: alerts %v, appointment success %v", r.Alerts, r.Rates.AppointmentSuccess)
	}
}
