package server

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"fieldbook"
	"fieldbook/sync/rules"
)

// TestTheMostExtremeValuesSurviveARestart stores, in every field, the most
// extreme values the rules allow — the first and last days of the date
// rule in the zones furthest east (+14:00) and west (-12:00) of UTC, the
// largest premium and targets, the longest texts — then restarts the
// server on the same store: it must be healthy at once, and every report
// and export must answer for every role.
func TestTheMostExtremeValuesSurviveARestart(t *testing.T) {
	e := newEnvAt(t, t.TempDir(), func(c *Config) { c.SyncRate = 1000 })
	admin := e.person("root", fieldbook.RoleAdmin, "")
	type side struct {
		zone        string
		team        fieldbook.Team
		agent, sup  *person
		first, last string // 2000-01-01 and tomorrow there
		month       string // this month there
	}
	var sides []*side
	for i, zone := range []string{"Pacific/Kiritimati", "Etc/GMT+12"} {
		tm, err := e.st.CreateTeam(bg(), fmt.Sprintf("队%d", i), zone)
		if err != nil {
			t.Fatal(err)
		}
		loc, _ := time.LoadLocation(zone)
		now := e.clock.now().In(loc)
		sides = append(sides, &side{zone: zone, team: tm,
			agent: e.person(fmt.Sprintf("agent%d", i), fieldbook.RoleAgent, tm.ID),
			sup:   e.person(fmt.Sprintf("sup%d", i), fieldbook.RoleSupervisor, tm.ID),
			first: rules.FirstDay, last: now.AddDate(0, 0, 1).Format(time.DateOnly), month: now.Format("2006-01")})
	}
	long := func(n int) string { return strings.Repeat("长", n) }
	ascii := func(n int) string { return strings.Repeat("x", n) }
	for _, s := range sides {
		loc, _ := time.LoadLocation(s.zone)
		first := time.Date(2000, 1, 1, 0, 0, 0, 0, loc).Format(time.RFC3339)
		lastDay, _ := time.ParseInLocation(time.DateOnly, s.last, loc)
		last := lastDay.Add(24*time.Hour - time.Second).Format(time.RFC3339)
		prospect, customer := newID(), newID()
		children := make([]map[string]any, 20)
		for i := range children {
			children[i] = map[string]any{"name": long(100), "age": 120}
		}
		zero := newID()
		changes := append(s.agent.consents(fieldbook.Prospects, prospect), s.agent.consents(fieldbook.Prospects, zero)...)
		changes = append(changes, s.agent.consents(fieldbook.Customers, customer)...)
		baby := newID()
		changes = append(changes, s.agent.consents(fieldbook.Customers, baby, fieldbook.GroupIncome, fieldbook.GroupFamily)...)
		changes = append(changes, []map[string]any{
			s.agent.change(fieldbook.Prospects, prospect, map[string]any{"name": long(100), "phone": "+" + strings.Repeat("9", 30),
				"source": "referral", "referrer": long(100), "grade": "A", "need_score": 10, "wealth_score": 10, "trust_score": 10,
				"stage": "closed", "notes": long(8000), "customer_id": customer}),
			s.agent.change(fieldbook.Prospects, zero, map[string]any{"name": "零", "need_score": 0, "wealth_score": 0, "trust_score": 0, "grade": "D", "stage": "dropped"}),
			s.agent.change(fieldbook.Customers, customer, map[string]any{"name": long(100), "gender": "other", "age": 120,
				"occupation": long(100), "income_band": "over_1m", "spouse": long(100), "children": children,
				"needs": []string{"health", "pension", "education", "wealth", "accident", "life"}, "notes": long(8000), "prospect_id": prospect}),
			s.agent.change(fieldbook.Customers, baby, map[string]any{"name": "婴", "age": 0, "children": []any{}, "gender": "female", "income_band": "under_100k"}),
		}...)
		var voidMe string
		for _, at := range []string{first, last} {
			for _, kind := range rules.ActivityKinds {
				f := map[string]any{"kind": kind, "occurred_at": at, "customer_id": customer, "outcome": long(500),
					"next_step": long(500), "notes": long(8000)}
				if kind == "deal" {
					f["premium"] = 100_000_000
				}
				id := newID()
				if voidMe == "" && kind == "visit" {
					voidMe = id
				}
				changes = append(changes, s.agent.change(fieldbook.Activities, id, f))
			}
		}
		problems := make([]map[string]any, 50)
		for i := range problems {
			problems[i] = map[string]any{"tag": rules.ProblemTags[i%len(rules.ProblemTags)], "text": ascii(200)}
		}
		plan := map[string]int{}
		targets := map[string]int{}
		for _, k := range rules.ActivityKinds {
			plan[k], targets[k] = 1000, 100000
		}
		for _, d := range []string{s.first, s.last} {
			changes = append(changes, s.agent.change(fieldbook.DayLogs, rules.DayLogID(s.agent.ID, d), map[string]any{"date": d,
				"plan": plan, "problems": problems, "summary": long(8000), "state": "submitted"}))
		}
		nextYear := lastDay.Year() + 1
		for _, period := range []string{"2000-01", "2000-W01", fmt.Sprintf("%d-12", nextYear), fmt.Sprintf("%d-W52", nextYear)} {
			changes = append(changes, s.agent.change(fieldbook.Goals, newID(), map[string]any{"agent_id": s.agent.ID, "period": period,
				"targets": targets, "income_target": 100_000_000,
				"assumptions": map[string]any{"commission_rate": 0.01, "avg_premium": 100_000_000, "close_rate": 0.001, "visits_per_day": 0.1}}))
		}
		for i, r := range results(e.sync(s.agent, changes...)) {
			if r != "applied" {
				t.Fatalf("%s: change %d (%v): %s", s.zone, i+1, changes[i]["collection"], r)
			}
		}
		e.review(s.sup, s.agent, s.first, "approved")
		sup := []map[string]any{
			s.sup.change(fieldbook.Activities, voidMe, map[string]any{"voided": true, "void_reason": long(500)}),
			s.sup.change(fieldbook.CoachingNotes, newID(), map[string]any{"agent_id": s.agent.ID, "text": long(8000), "focus": "other"}),
			s.sup.change(fieldbook.DayLogs, rules.DayLogID(s.agent.ID, s.last), map[string]any{"state": "returned",
				"review_comment": long(2000), "reviewed_version": version(e, rules.DayLogID(s.agent.ID, s.last))}),
		}
		for i, r := range results(e.sync(s.sup, sup...)) {
			if r != "applied" {
				t.Fatalf("%s: supervisor's change %d: %s", s.zone, i+1, r)
			}
		}
		// And the agent amends the approved first day.
		e.sync(s.agent, s.agent.change(fieldbook.DayLogs, rules.DayLogID(s.agent.ID, s.first), map[string]any{"summary": long(7999)}))
	}

	e.restart()
	if a := e.do("GET", "/healthz", "", nil); a.status != 200 {
		t.Fatalf("after the restart /healthz says %d: %s", a.status, a.raw)
	}
	for _, s := range sides {
		tq := "&team_id=" + s.team.ID
		for _, who := range []*person{s.agent, s.sup, admin} {
			q := ""
			if who == admin {
				q = tq
			}
			paths := []string{
				"/api/me",
				"/api/standings?period=week&date=" + s.first + q, "/api/standings?period=week&date=" + s.last + q,
				"/api/standings?period=month&date=" + s.first + q, "/api/standings?period=month&date=" + s.last + q,
				"/api/goal-calculator?income=100000000",
			}
			switch who {
			case s.agent:
				paths = append(paths, "/api/reviews/agent?month=2000-01", "/api/reviews/agent?month="+s.month)
			case s.sup:
				paths = append(paths, "/api/review-queue", "/api/reviews/team?month=2000-01", "/api/reviews/team?month="+s.month,
					"/api/reviews/agent?month=2000-01&agent_id="+s.agent.ID)
			case admin:
				paths = append(paths, "/api/reviews/team?month=2000-01"+tq, "/api/admin/audit", "/api/admin/users", "/api/admin/teams",
					"/api/admin/teams/"+s.team.ID+"/settings", "/api/privacy/notices",
					"/api/admin/privacy/processing-record?format=csv", "/api/admin/privacy/processing-record?format=xlsx")
			}
			if who != s.agent {
				for _, f := range []string{"csv", "xlsx"} {
					paths = append(paths, "/api/exports/weekly?format="+f+"&date="+s.first+q, "/api/exports/weekly?format="+f+"&date="+s.last+q,
						"/api/exports/monthly?format="+f+"&month=2000-01"+q, "/api/exports/monthly?format="+f+"&month="+s.month+q)
				}
			}
			for _, p := range paths {
				if a := e.do("GET", p, who.access, nil); a.status != 200 {
					t.Errorf("%s as %s: %d %.300s", p, who.Username, a.status, a.raw)
				}
			}
			e.pullAll(who)
		}
		// The amended first day waits for review again, still counting.
		week := entryOf(t, e.must(200, "GET", "/api/standings?period=week&date="+s.first, s.sup.access, nil), s.agent.ID)
		if week["amended_days"] != 1.0 || week["pending_days"] != 1.0 {
			t.Errorf("%s: the first week after the restart: %v", s.zone, week)
		}
	}
	// Dates beyond the rule are refused in reports too, with a code.
	for _, p := range []string{"/api/standings?period=week&date=9999-12-31", "/api/standings?period=week&date=0001-01-01",
		"/api/reviews/agent?month=9999-12", "/api/reviews/agent?month=0001-01"} {
		if a := e.do("GET", p, sides[0].agent.access, nil); a.status != 400 || a.code() != fieldbook.CodeInvalid {
			t.Errorf("%s: %d %s", p, a.status, a.raw)
		}
	}
}

// A method no route answers, even one Fiber does not know, gets the JSON
// error every answer has (405 method_not_allowed), not plain text.
func TestUnknownMethodsGetAJSONError(t *testing.T) {
	e := newEnv(t)
	for _, method := range []string{"FOO", "PROPFIND", "GETT"} {
		req, err := http.NewRequest(method, e.url+"/api/sync", nil)
		if err != nil {
			t.Fatal(err)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var body struct {
			Error struct{ Code string } `json:"error"`
		}
		err = json.NewDecoder(resp.Body).Decode(&body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusMethodNotAllowed || err != nil || body.Error.Code != "method_not_allowed" {
			t.Errorf("%s /api/sync: %d %q (%v)", method, resp.StatusCode, body.Error.Code, err)
		}
	}
	if a := e.do("GET", "/healthz", "", nil); a.status != 200 {
		t.Errorf("a known method after them: %d", a.status)
	}
}
