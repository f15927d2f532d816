package scoring

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"fieldbook"
)

var shanghai = mustLoc("Asia/Shanghai")

func mustLoc(name string) *time.Location {
	l, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return l
}

// guideRules is the guide's worked example: prospect 30 / appointment 12 /
// visit 50 / deal 8 with targets 60 / 12 / 10 / 1.
func guideRules() fieldbook.TeamSettings {
	r := fieldbook.DefaultSettings()
	r.WeeklyTable = []fieldbook.WeeklyRow{
		{Kind: "prospect", Weight: 30, Target: 60}, {Kind: "appointment", Weight: 12, Target: 12},
		{Kind: "visit", Weight: 50, Target: 10}, {Kind: "deal", Weight: 8, Target: 1},
	}
	return r
}

const monday = Day("2026-11-23") // a Monday

// approvedWeek is a log per day of the week, all approved.
func approvedWeek(from Day) map[Day]Log {
	logs := map[Day]Log{}
	for i := range 7 {
		d := from.Add(i)
		logs[d] = Log{Day: d, State: StateApproved}
	}
	return logs
}

// acts makes n activities of kind on day d at 10:00 Shanghai, each naming
// its own customer.
func acts(d Day, kind string, n int) []Activity {
	var out []Activity
	for i := range n {
		out = append(out, Activity{ID: fmt.Sprintf("%s-%s-%d", d, kind, i), Kind: kind,
			At: d.Start(shanghai).Add(10 * time.Hour), CustomerID: fmt.Sprintf("c-%s-%d", kind, i)})
	}
	return out
}

// spread puts n activities of kind over the week, Monday first.
func spread(kind string, n int) []Activity {
	var out []Activity
	for i := range n {
		out = append(out, Activity{ID: fmt.Sprintf("%s-%d", kind, i), Kind: kind,
			At: monday.Add(i % 5).Start(shanghai).Add(9 * time.Hour), CustomerID: fmt.Sprintf("c-%s-%d", kind, i)})
	}
	return out
}

func TestGuideWorkedExamples(t *testing.T) {
	tests := []struct {
		name   string
		counts map[string]int
		want   float64
		band   string
	}{
		{"the guide's 75-point week", map[string]int{"prospect": 50, "appointment": 10, "visit": 8, "deal": 0}, 75.0, BandQualified},
		{"every target met", map[string]int{"prospect": 60, "appointment": 12, "visit": 10, "deal": 1}, 100.0, BandExcellent},
		{"over target is capped", map[string]int{"prospect": 120, "appointment": 30, "visit": 40, "deal": 5}, 100.0, BandExcellent},
		{"an empty week", nil, 0, BandCoaching},
	}
	for _, tt := range tests {
		var as []Activity
		for kind, n := range tt.counts {
			as = append(as, spread(kind, n)...)
		}
		w := ScoreWeek(WeekInput{Monday: monday, Location: shanghai, Rules: guideRules(), Logs: approvedWeek(monday), Activities: as})
		if w.Score != tt.want || w.Band != tt.band {
			t.Errorf("%s: score %v (%s), want %v (%s); categories %+v", tt.name, w.Score, w.Band, tt.want, tt.band, w.Categories)
		}
	}
	// The parts of the 75: 25 + 10 + 40 + 0.
	var as []Activity
	for kind, n := range map[string]int{"prospect": 50, "appointment": 10, "visit": 8} {
		as = append(as, spread(kind, n)...)
	}
	w := ScoreWeek(WeekInput{Monday: monday, Location: shanghai, Rules: guideRules(), Logs: approvedWeek(monday), Activities: as})
	var points []float64
	for _, c := range w.Categories {
		points = append(points, c.Points)
	}
	if !slices.Equal(points, []float64{25, 10, 40, 0}) {
		t.Fatalf("category points %v, want [25 10 40 0]", points)
	}
}

func TestDefaultTablePointsEach(t *testing.T) {
	// Default table: 1 point a prospect, 1 an appointment, 2 a visit, 4 a
	// sales interview, 8 a closing interview.
	as := append(append(append(spread("prospect", 6), spread("appointment", 4)...), spread("visit", 10)...), spread("sales_interview", 1)...)
	as = append(as, spread("closing_interview", 1)...)
	w := ScoreWeek(WeekInput{Monday: monday, Location: shanghai, Rules: fieldbook.DefaultSettings(), Logs: approvedWeek(monday), Activities: as})
	if w.Score != 6+4+20+4+8 {
		t.Fatalf("score %v, want 42", w.Score)
	}
}

func TestOnlyApprovedDaysCount(t *testing.T) {
	logs := approvedWeek(monday)
	logs[monday] = Log{Day: monday, State: StateSubmitted}
	logs[monday.Add(1)] = Log{Day: monday.Add(1), State: "returned"}
	logs[monday.Add(2)] = Log{Day: monday.Add(2), State: StateApproved, Deleted: true}
	delete(logs, monday.Add(3))
	var as []Activity
	for i := range 5 {
		as = append(as, acts(monday.Add(i), "visit", 2)...)
	}
	w := ScoreWeek(WeekInput{Monday: monday, Location: shanghai, Rules: fieldbook.DefaultSettings(), Logs: logs, Activities: as})
	if w.Counts["visit"] != 2 || w.PendingDays != 1 || w.ApprovedDays != 3 {
		t.Fatalf("visits %d pending %d approved %d, want 2 (Friday only), 1, 3", w.Counts["visit"], w.PendingDays, w.ApprovedDays)
	}
}

// An amended day counts what was approved, with current voids applied, and
// reports what it would count as it now stands as pending.
func TestAnAmendedDayCountsWhatWasApproved(t *testing.T) {
	approved := acts(monday, "visit", 4) // as approved
	now := append(acts(monday, "visit", 3), acts(monday, "deal", 1)...)
	now[0].Voided = true
	approved[0].Voided = true // the void reaches the approved copy at once
	logs := map[Day]Log{
		monday:        {Day: monday, State: StateSubmitted, Amended: true, Approved: approved},
		monday.Add(1): {Day: monday.Add(1), State: StateSubmitted},
	}
	tuesday := acts(monday.Add(1), "visit", 2)
	w := ScoreWeek(WeekInput{Monday: monday, Location: shanghai, Rules: fieldbook.DefaultSettings(), Logs: logs,
		Activities: append(now, tuesday...)})
	if w.Counts["visit"] != 3 || w.Score != 6 || w.ApprovedDays != 1 || w.PendingDays != 2 || w.AmendedDays != 1 {
		t.Fatalf("visits %d score %v approved %d pending %d amended %d; want 3, 6, 1, 2, 1",
			w.Counts["visit"], w.Score, w.ApprovedDays, w.PendingDays, w.AmendedDays)
	}
	mon, tue := w.Days[0], w.Days[1]
	if !mon.Amended || fmt.Sprint(mon.Pending) != "map[deal:1 visit:-1]" || fmt.Sprint(tue.Pending) != "map[visit:2]" {
		t.Fatalf("Monday %+v, Tuesday %+v", mon, tue)
	}
	if fmt.Sprint(w.PendingCounts) != "map[deal:1 visit:1]" {
		t.Fatalf("pending counts %v", w.PendingCounts)
	}
	m := ScoreMonth("2026-11", []WeekScore{w})
	if m.AmendedDays != 1 || m.ApprovedDays != 1 || m.PendingDays != 2 || fmt.Sprint(m.PendingCounts) != "map[deal:1 visit:1]" {
		t.Fatalf("month: %+v", m)
	}
}

func TestTimeZoneDecidesTheWeek(t *testing.T) {
	sunday := monday.Add(6)
	late := Activity{ID: "late", Kind: "prospect", At: time.Date(2026, 11, 29, 23, 30, 0, 0, shanghai)}    // Sunday 23:30 Shanghai = 15:30 UTC
	nextWeek := Activity{ID: "next", Kind: "prospect", At: time.Date(2026, 11, 30, 0, 30, 0, 0, shanghai)} // Monday 00:30 Shanghai = Sunday 16:30 UTC
	if DayOf(late.At, shanghai) != sunday || DayOf(nextWeek.At.UTC(), time.UTC) != sunday {
		t.Fatal("test setup: days are off")
	}
	w := ScoreWeek(WeekInput{Monday: monday, Location: shanghai, Rules: fieldbook.DefaultSettings(), Logs: approvedWeek(monday),
		Activities: []Activity{late, nextWeek}})
	if w.Counts["prospect"] != 1 {
		t.Fatalf("prospects %d, want 1: Sunday 23:30 in Shanghai belongs to the week, Monday 00:30 does not", w.Counts["prospect"])
	}
}

func TestAntiGaming(t *testing.T) {
	at := monday.Start(shanghai).Add(10 * time.Hour)
	as := []Activity{
		{ID: "1", Kind: "visit", At: at, CustomerID: "c1"},
		{ID: "2", Kind: "visit", At: at.Add(time.Hour), CustomerID: "c1"},      // same customer, same day
		{ID: "3", Kind: "visit", At: at.Add(24 * time.Hour), CustomerID: "c1"}, // next day: counts
		{ID: "4", Kind: "visit", At: at},                                       // names no one
		{ID: "5", Kind: "visit", At: at, ProspectID: "p1"},                     // a prospect counts
		{ID: "6", Kind: "sales_interview", At: at, CustomerID: "c1"},           // another kind: counts
		{ID: "7", Kind: "visit", At: at, CustomerID: "c2", Voided: true},       // voided
		{ID: "8", Kind: "visit", At: at, CustomerID: "c3", Deleted: true},      // deleted
		{ID: "9", Kind: "call", At: at}, {ID: "10", Kind: "call", At: at},      // calls need no one
	}
	w := ScoreWeek(WeekInput{Monday: monday, Location: shanghai, Rules: fieldbook.DefaultSettings(), Logs: approvedWeek(monday), Activities: as})
	if w.Counts["visit"] != 3 || w.Counts["sales_interview"] != 1 || w.Counts["call"] != 2 {
		t.Fatalf("counts %v, want 3 visits, 1 sales interview, 2 calls", w.Counts)
	}
}

func TestZeroTargetsAreLeftOut(t *testing.T) {
	rules := fieldbook.DefaultSettings()
	own := map[string]int{"sales_interview": 0, "closing_interview": 0} // the agent's own goal leaves them out
	as := append(spread("prospect", 12), spread("appointment", 16)...)
	w := ScoreWeek(WeekInput{Monday: monday, Location: shanghai, Rules: rules, Targets: own, Logs: approvedWeek(monday), Activities: as})
	// Remaining weights 12 + 16 + 40 = 68, scaled to 100: prospects and
	// appointments full, no visits: (12 + 16) × 100 / 68 = 41.2.
	if w.Score != 41.2 || len(w.Categories) != 3 {
		t.Fatalf("score %v with %d categories, want 41.2 with 3", w.Score, len(w.Categories))
	}
	all := map[string]int{"prospect": 0, "appointment": 0, "visit": 0, "sales_interview": 0, "closing_interview": 0}
	if w := ScoreWeek(WeekInput{Monday: monday, Location: shanghai, Rules: rules, Targets: all, Logs: approvedWeek(monday), Activities: as}); w.Score != 0 {
		t.Fatalf("all targets 0: score %v", w.Score)
	}
}

func TestDayCompletionInTheWeek(t *testing.T) {
	logs := approvedWeek(monday)
	logs[monday] = Log{Day: monday, State: StateApproved, Plan: map[string]int{"visit": 4}}
	w := ScoreWeek(WeekInput{Monday: monday, Location: shanghai, Rules: fieldbook.DefaultSettings(), Logs: logs, Activities: acts(monday, "visit", 3)})
	if got := w.Days[0].Completion["visit"]; got != 75 {
		t.Fatalf("planned 4 visits, did 3: %v%%, want 75", got)
	}
}

func TestCompletion(t *testing.T) {
	got := Completion(map[string]int{"visit": 4, "call": 10, "deal": 0}, map[string]int{"visit": 3, "call": 12})
	if got["visit"] != 75 || got["call"] != 120 || len(got) != 2 {
		t.Fatalf("completion %v", got)
	}
}

func TestStreaks(t *testing.T) {
	rules := fieldbook.DefaultSettings() // 4 visits a day, ¥50
	day := func(w WeekInput, d Day, visits int) WeekInput {
		w.Activities = append(w.Activities, acts(d, "visit", visits)...)
		return w
	}
	in := WeekInput{Monday: monday, Location: shanghai, Rules: rules, Logs: approvedWeek(monday)}
	for i := range 7 {
		in = day(in, monday.Add(i), 4)
	}
	w := ScoreWeek(in)
	if len(w.Awards) != 1 || w.Awards[0].Kind != AwardStreak || w.Awards[0].Day != monday.Add(6) || w.StreakOut != 7 {
		t.Fatalf("seven days on target: awards %v streak %d", w.Awards, w.StreakOut)
	}
	// A week continuing a 3-day run earns its award on Thursday.
	in.StreakIn = 3
	if w := ScoreWeek(in); w.Awards[0].Day != monday.Add(3) || w.StreakOut != 10 {
		t.Fatalf("carried run: awards %v streak %d", w.Awards, w.StreakOut)
	}
	// A missed Wednesday breaks the run; with Sunday a rest day, Monday and
	// Tuesday then Thursday to Saturday make runs of 2 and 3.
	rules.RestDays = []string{"sunday"}
	in = WeekInput{Monday: monday, Location: shanghai, Rules: rules, Logs: approvedWeek(monday), StreakIn: 5}
	for _, i := range []int{0, 1, 3, 4, 5} {
		in = day(in, monday.Add(i), 5)
	}
	in = day(in, monday.Add(2), 3)
	w = ScoreWeek(in)
	if w.StreakOut != 3 || len(w.Awards) != 1 || w.Awards[0].Day != monday.Add(1) {
		t.Fatalf("broken run: streak %d awards %v (the 7th day is Tuesday)", w.StreakOut, w.Awards)
	}
	// Rest days neither count nor break: 14 working days over two weeks
	// with Sundays off is two awards.
	in = WeekInput{Monday: monday, Location: shanghai, Rules: rules, Logs: approvedWeek(monday), StreakIn: 6}
	for i := range 6 {
		in = day(in, monday.Add(i), 4)
	}
	w = ScoreWeek(in)
	if len(w.Awards) != 1 || w.Awards[0].Day != monday || w.StreakOut != 12 {
		t.Fatalf("rest-day run: awards %v streak %d", w.Awards, w.StreakOut)
	}
}

func TestWeeklyProgressAward(t *testing.T) {
	rules := fieldbook.DefaultSettings() // visit target 20, ¥200
	in := WeekInput{Monday: monday, Location: shanghai, Rules: rules, Logs: approvedWeek(monday), Activities: spread("visit", 20)}
	if w := ScoreWeek(in); hasAward(w.Awards, AwardWeeklyProgress) {
		t.Fatal("progress award without a deal")
	}
	in.Activities = append(in.Activities, Activity{ID: "d", Kind: "deal", At: monday.Start(shanghai).Add(15 * time.Hour), Premium: 12000})
	w := ScoreWeek(in)
	if !hasAward(w.Awards, AwardWeeklyProgress) || w.Premium != 12000 {
		t.Fatalf("visits on target and a deal: awards %v premium %v", w.Awards, w.Premium)
	}
	in.Activities = in.Activities[1:] // 19 visits
	if w := ScoreWeek(in); hasAward(w.Awards, AwardWeeklyProgress) {
		t.Fatal("progress award with visits under target")
	}
}

func hasAward(as []Award, kind string) bool {
	return slices.ContainsFunc(as, func(a Award) bool { return a.Kind == kind })
}

func TestMonthAcrossBoundariesAndRuleChanges(t *testing.T) {
	// November 2026: Mondays 2, 9, 16, 23, 30. The week of Oct 26 overlaps
	// November but starts in October, so it counts in November's counts
	// and not in its score.
	old := guideRules()
	changed := fieldbook.DefaultSettings() // rules changed mid-month
	var weeks []WeekScore
	for i, mon := range []Day{"2026-10-26", "2026-11-02", "2026-11-09", "2026-11-16", "2026-11-23", "2026-11-30"} {
		rules := old
		if i >= 3 {
			rules = changed
		}
		var as []Activity
		for d := range 7 {
			as = append(as, acts(mon.Add(d), "visit", 2)...)
		}
		weeks = append(weeks, ScoreWeek(WeekInput{Monday: mon, Location: shanghai, Rules: rules, Logs: approvedWeek(mon), Activities: as}))
	}
	m := ScoreMonth("2026-11", weeks)
	// 14 visits a week: guide rules 50 × min(1, 14/10) = 50; default rules
	// 40 × 14/20 = 28. Weeks starting in November: 50, 50, 28, 28, 28.
	if m.Score != 36.8 || !slices.Equal(m.Weeks, []string{"2026-W45", "2026-W46", "2026-W47", "2026-W48", "2026-W49"}) {
		t.Fatalf("month score %v over %v, want 36.8 over W45–W49", m.Score, m.Weeks)
	}
	if m.Counts["visit"] != 60 || m.ApprovedDays != 30 {
		t.Fatalf("November: %d visits on %d approved days, want 60 on 30", m.Counts["visit"], m.ApprovedDays)
	}
	if empty := ScoreMonth("2026-11", nil); empty.Score != 0 || len(empty.Weeks) != 5 {
		t.Fatalf("empty month: %+v", empty)
	}
}

func TestRankAndChampion(t *testing.T) {
	s := []Standing{
		{AgentID: "a", Name: "甲", Score: 80, Visits: 20, Deals: 1},
		{AgentID: "b", Name: "乙", Score: 80, Visits: 25, Deals: 0},
		{AgentID: "c", Name: "丙", Score: 90, Visits: 10, Deals: 0},
		{AgentID: "d", Name: "丁", Score: 80, Visits: 20, Deals: 1},
	}
	Rank(s)
	var got []string
	for _, x := range s {
		got = append(got, fmt.Sprint(x.AgentID, x.Rank))
	}
	if !slices.Equal(got, []string{"c1", "b2", "d3", "a3"}) {
		t.Fatalf("ranks %v", got)
	}
	if c := Champion(s); c != "c" {
		t.Fatalf("champion %q", c)
	}
	tie := []Standing{{AgentID: "a", Score: 70, Visits: 30, Deals: 1}, {AgentID: "b", Score: 70, Visits: 30, Deals: 2}}
	if c := Champion(tie); c != "b" {
		t.Fatalf("tie on score and visits goes to more deals: %q", c)
	}
	if c := Champion([]Standing{{AgentID: "a"}, {AgentID: "b"}}); c != "" {
		t.Fatalf("nobody scored: %q", c)
	}
}

// The standings: ranks with ties sharing a place and ordered by name, an
// agent without a scored period in last place with nothing, what is
// pending carried beside the counts, and the month's champion crowned only
// once the month is over and never on a tie.
func TestStandings(t *testing.T) {
	agents := []Agent{{ID: "a", Name: "乙"}, {ID: "b", Name: "甲"}, {ID: "c", Name: "丙"}, {ID: "d", Name: "丁"}}
	week := func(score float64, visits int) WeekScore {
		return WeekScore{Score: score, Counts: map[string]int{"visit": visits}, PendingCounts: map[string]int{"visit": 1}, StreakOut: visits}
	}
	got := WeekStandings(agents, []WeekScore{week(40, 16), week(40, 16), week(82.5, 20), {}})
	var line []string
	for _, p := range got {
		line = append(line, fmt.Sprintf("%s%d", p.AgentID, p.Rank))
	}
	if want := "c1 a2 b2 d4"; strings.Join(line, " ") != want { // 乙 before 甲 by name
		t.Fatalf("week ranks %v, want %s", line, want)
	}
	if d := got[3]; d.Counts == nil || d.Awards == nil || d.Band != BandCoaching {
		t.Fatalf("an agent without a scored week: %+v", d)
	}
	if got[0].PendingCounts["visit"] != 1 || got[0].Streak != 20 || got[0].Band != BandExcellent {
		t.Fatalf("c's place: %+v", got[0])
	}

	month := func(score float64, visits, deals int) MonthScore {
		return MonthScore{Score: score, Counts: map[string]int{"visit": visits, "deal": deals}}
	}
	months := []MonthScore{month(70, 30, 1), month(70, 30, 2), month(50, 10, 0), {}}
	champion := func(p []Place) string {
		for _, x := range p {
			for _, a := range x.Awards {
				if a.Kind == AwardMonthlyChampion {
					return fmt.Sprintf("%s %d %s", x.AgentID, a.Amount, a.Day)
				}
			}
		}
		return ""
	}
	if c := champion(MonthStandings("2026-11", agents, months, "2026-11-30", 500)); c != "" {
		t.Fatalf("crowned before the month is over: %s", c)
	}
	if c := champion(MonthStandings("2026-11", agents, months, "2026-12-01", 500)); c != "b 500 2026-11-30" {
		t.Fatalf("champion %q, want b (ties to more deals)", c)
	}
	tie := []MonthScore{month(70, 30, 1), month(70, 30, 1), {}, {}}
	if c := champion(MonthStandings("2026-11", agents, tie, "2026-12-01", 500)); c != "" {
		t.Fatalf("a tie crowned %s", c)
	}
}

func TestGoalCalculator(t *testing.T) {
	g, err := CalculateGoal(DefaultGoalInput(10000))
	if err != nil {
		t.Fatal(err)
	}
	if g != (Goal{Premium: 20000, Deals: 4, Visits: 80, Days: 20}) {
		t.Fatalf("the guide's example: %+v, want 20000 → 4 → 80 → 20", g)
	}
	g, _ = CalculateGoal(GoalInput{Income: 15000, CommissionRate: 0.4, AvgPremium: 8000, CloseRate: 0.08, VisitsPerDay: 3})
	// 37,500 → 4.69 → 5 deals → 62.5 → 63 visits → 21 days
	if g != (Goal{Premium: 37500, Deals: 5, Visits: 63, Days: 21}) {
		t.Fatalf("rounding up: %+v", g)
	}
	for _, bad := range []GoalInput{{Income: 1, CommissionRate: 0}, {Income: -1, CommissionRate: .5, AvgPremium: 1, CloseRate: .1, VisitsPerDay: 1}, {Income: 1, CommissionRate: .5, AvgPremium: 1, CloseRate: 2, VisitsPerDay: 1}} {
		if _, err := CalculateGoal(bad); err == nil {
			t.Errorf("%+v accepted", bad)
		}
	}
}

func TestCompletenessAndAlerts(t *testing.T) {
	full := Customer{ID: "1", Name: "王", HasAge: true, Occupation: "教师", IncomeBand: "100k_300k", FamilyStated: true, Needs: 1, Interactions: 1}
	thin := Customer{ID: "2", Name: "李", HasAge: true}
	c := FileCompleteness([]Customer{full, full, full, thin})
	if c.Complete != 3 || *c.Rate != 0.75 || len(c.Gaps) != 1 || !slices.Equal(c.Gaps[0].Missing, []string{"occupation", "income_band", "family", "needs", "interaction"}) {
		t.Fatalf("completeness %+v", c)
	}

	month := func(p string, calls, appts, visits, deals int, premium float64) MonthScore {
		return MonthScore{Period: p, Counts: map[string]int{"call": calls, "appointment": appts, "visit": visits, "deal": deals}, Premium: premium}
	}
	week := func(visits int) WeekScore { return WeekScore{Counts: map[string]int{"visit": visits}} }
	rules := fieldbook.DefaultSettings()
	team := Averages([]MonthScore{month("2026-11", 100, 30, 80, 8, 80000), month("2026-11", 100, 30, 80, 4, 40000)}, rules.Benchmark)
	rate := 0.7
	in := AlertInput{Rules: rules,
		Months:       []MonthScore{month("2026-09", 50, 9, 40, 2, 6000), month("2026-10", 60, 11, 40, 3, 9000), month("2026-11", 70, 13, 80, 8, 24000)},
		Weeks:        []WeekScore{week(15), week(19)},
		Completeness: &rate, Team: &team}
	var codes []string
	for _, a := range Alerts(in) {
		codes = append(codes, a.Code)
		if a.Message == "" || a.MessageEn == "" || a.Focus == "" {
			t.Errorf("alert %s lacks words: %+v", a.Code, a)
		}
	}
	if !slices.Equal(codes, []string{AlertPhoneSkills, AlertNeedsDiscovery, AlertReferralPractice, AlertFileUpkeep}) {
		t.Fatalf("alerts %v", codes)
	}
	// The same agent with good numbers raises none.
	good := 0.9
	in = AlertInput{Rules: rules,
		Months:       []MonthScore{month("2026-09", 50, 20, 40, 2, 10000), month("2026-10", 60, 11, 40, 3, 15000), month("2026-11", 70, 30, 80, 8, 80000)},
		Weeks:        []WeekScore{week(25), week(19)},
		Completeness: &good, Team: &team}
	if a := Alerts(in); len(a) != 0 {
		t.Fatalf("alerts for a good agent: %+v", a)
	}
}

func TestMonthlyReview(t *testing.T) {
	rules := fieldbook.DefaultSettings()
	m := MonthScore{Period: "2026-11", Score: 72.5, Counts: map[string]int{"call": 40, "appointment": 10, "visit": 50, "deal": 4}, Premium: 20000}
	r := MonthlyReview(ReviewInput{Rules: rules, Months: []MonthScore{{Period: "2026-10", Counts: map[string]int{"visit": 40, "deal": 2}}, m},
		Targets: map[string]int{"visit": 80}})
	if *r.VisitCompletion != 50.0/80 || *r.Rates.AppointmentSuccess != 0.25 || *r.Rates.CloseRate != 0.08 || *r.Rates.AvgPremium != 5000 {
		t.Fatalf("rates: completion %v %+v", *r.VisitCompletion, r.Rates)
	}
	if len(r.CloseRateTrend) != 2 || *r.CloseRateTrend[0].Rate != 0.05 || r.Band != BandQualified || r.TotalPremium != 20000 {
		t.Fatalf("review %+v", r)
	}
	// Five weeks start in November: the table's weekly targets × 5.
	if got := MonthTargets(rules, "2026-11", nil); got["visit"] != 100 || got["prospect"] != 60 {
		t.Fatalf("month targets %v", got)
	}
}

func TestWeekMonday(t *testing.T) {
	for label, want := range map[string]Day{"2026-W48": "2026-11-23", "2026-W01": "2025-12-29", "2020-W53": "2020-12-28"} {
		if got, err := WeekMonday(label); err != nil || got != want || got.Week() != label {
			t.Errorf("WeekMonday(%s) = %s, %v; want %s", label, got, err, want)
		}
	}
	for _, bad := range []string{"2026-W54", "2026-W00", "2026-48", "2025-W53"} {
		if _, err := WeekMonday(bad); err == nil {
			t.Errorf("WeekMonday(%s) accepted", bad)
		}
	}
}

// The calculator's bounds hold every result to a whole number JSON carries
// exactly; beyond them it says which input is out.
func TestGoalCalculatorBounds(t *testing.T) {
	g, err := CalculateGoal(GoalInput{Income: MaxGoalIncome, CommissionRate: MinCommissionRate, AvgPremium: MinGoalAvgPremium, CloseRate: MinGoalCloseRate, VisitsPerDay: MinGoalVisitsPerDay})
	if err != nil {
		t.Fatal(err)
	}
	if g.Deals != 1e11 || g.Visits != 1e14 || g.Days != 1e15 {
		t.Errorf("the largest goal: %+v", g)
	}
	for name, in := range map[string]GoalInput{
		"income":          {Income: 1e308, CommissionRate: 0.5, AvgPremium: 5000, CloseRate: 0.05, VisitsPerDay: 4},
		"visits_per_day":  {Income: 1e4, CommissionRate: 0.5, AvgPremium: 5000, CloseRate: 0.05, VisitsPerDay: 1e-300},
		"avg_premium":     {Income: 1e4, CommissionRate: 0.5, AvgPremium: 1e308, CloseRate: 0.05, VisitsPerDay: 4},
		"close_rate":      {Income: 1e4, CommissionRate: 0.5, AvgPremium: 5000, CloseRate: 1e-300, VisitsPerDay: 4},
		"commission_rate": {Income: 1e4, CommissionRate: 1e-300, AvgPremium: 5000, CloseRate: 0.05, VisitsPerDay: 4},
	} {
		if _, err := CalculateGoal(in); err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("%s out of bounds: %v", name, err)
		}
	}
}
