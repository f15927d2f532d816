package server

import (
	"math"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"fieldbook"
	"fieldbook/scoring"
	"fieldbook/sync/rules"
)

// teamFor decides which team a team view is about: an agent's or
// supervisor's own (a supervisor may name it), any team an admin names.
func (s *Server) teamFor(c *fiber.Ctx) (fieldbook.Team, *time.Location, error) {
	u := user(c)
	id := c.Query("team_id")
	switch {
	case u.Role == fieldbook.RoleAdmin:
		if !rules.IsUUID(id) {
			return fieldbook.Team{}, nil, fieldbook.Errorf(fieldbook.CodeInvalid, "an admin names the team: ?team_id=")
		}
	case id != "" && id != u.TeamID:
		return fieldbook.Team{}, nil, fieldbook.Errorf(fieldbook.CodeForbidden, "you see your own team only")
	case u.TeamID == "":
		return fieldbook.Team{}, nil, fieldbook.Errorf(fieldbook.CodeForbidden, "you belong to no team")
	default:
		id = u.TeamID
	}
	t, found, err := s.store().Directory.Team(ctx(c), id)
	if err != nil {
		return t, nil, err
	}
	if !found {
		return t, nil, fieldbook.Errorf(fieldbook.CodeNotFound, "there is no team %q", id)
	}
	loc, err := time.LoadLocation(t.TimeZone)
	if err != nil {
		loc = time.UTC
	}
	return t, loc, nil
}

// dayParam reads ?date= (today in loc when absent).
func (s *Server) dayParam(c *fiber.Ctx, loc *time.Location) (scoring.Day, error) {
	q := c.Query("date")
	if q == "" {
		return scoring.DayOf(s.now(), loc), nil
	}
	d, err := scoring.ParseDay(q)
	if err != nil {
		return "", fieldbook.Errorf(fieldbook.CodeInvalid, "date: %v", err)
	}
	if last := scoring.DayOf(s.now(), loc).Add(1); d < rules.FirstDay || d > last {
		return "", fieldbook.Errorf(fieldbook.CodeInvalid, "date must be from %s to %s (tomorrow in the team's time zone)", rules.FirstDay, last)
	}
	return d, nil
}

// monthParam reads ?month= (this month in loc when absent), from 2000-01
// to the month of tomorrow in loc.
func (s *Server) monthParam(c *fiber.Ctx, loc *time.Location) (string, error) {
	q := c.Query("month")
	if q == "" {
		return scoring.DayOf(s.now(), loc).Month(), nil
	}
	if _, _, err := scoring.MonthDays(q); err != nil {
		return "", fieldbook.Errorf(fieldbook.CodeInvalid, "month: %v", err)
	}
	if last := scoring.DayOf(s.now(), loc).Add(1).Month(); q < rules.FirstDay[:7] || q > last {
		return "", fieldbook.Errorf(fieldbook.CodeInvalid, "month must be from %s to %s", rules.FirstDay[:7], last)
	}
	return q, nil
}

type periodJSON struct {
	Kind  string      `json:"kind"`
	Start scoring.Day `json:"start"`
	End   scoring.Day `json:"end"`
	Label string      `json:"label"`
}

// standingEntry is one agent's line of the standings (docs/scoring.md), as the
// scoring package ranks it.
type standingEntry = scoring.Place

type standings struct {
	Period  periodJSON      `json:"period"`
	TeamID  string          `json:"team_id"`
	Entries []standingEntry `json:"entries"`
}

// standings is GET /api/standings?period=week|month&date=YYYY-MM-DD: the
// team's week (Monday–Sunday) or month holding date, from the scores the
// server keeps; scores and counts only, never anyone's customers.
func (s *Server) standings(c *fiber.Ctx) error {
	team, loc, err := s.teamFor(c)
	if err != nil {
		return err
	}
	day, err := s.dayParam(c, loc)
	if err != nil {
		return err
	}
	out, err := s.buildStandings(c, team, loc, c.Query("period", "week"), day)
	if err != nil {
		return err
	}
	return c.JSON(out)
}

func (s *Server) buildStandings(c *fiber.Ctx, team fieldbook.Team, loc *time.Location, period string, day scoring.Day) (standings, error) {
	out := standings{TeamID: team.ID}
	switch period {
	case "week":
		monday := day.Monday()
		out.Period = periodJSON{Kind: "week", Start: monday, End: monday.Add(6), Label: monday.Week()}
		rows, err := s.store().Reports.TeamWeek(ctx(c), team.ID, monday)
		if err != nil {
			return out, err
		}
		agents, weeks := split(rows)
		out.Entries = scoring.WeekStandings(agents, weeks)
	case "month":
		month := day.Month()
		first, next, _ := scoring.MonthDays(month)
		out.Period = periodJSON{Kind: "month", Start: first, End: next.Add(-1), Label: month}
		rows, err := s.store().Reports.TeamMonth(ctx(c), team.ID, month)
		if err != nil {
			return out, err
		}
		settings, _, err := s.store().Directory.Settings(ctx(c), team.ID)
		if err != nil {
			return out, err
		}
		agents, months := split(rows)
		out.Entries = scoring.MonthStandings(month, agents, months, scoring.DayOf(s.now(), loc), settings.Awards.MonthlyChampion)
	default:
		return out, fieldbook.Errorf(fieldbook.CodeInvalid, "period must be week or month")
	}
	return out, nil
}

// split parts a team's scored rows into the agents and their scores.
func split[T any](rows []scoring.AgentScore[T]) ([]scoring.Agent, []T) {
	agents, scores := make([]scoring.Agent, len(rows)), make([]T, len(rows))
	for i, r := range rows {
		agents[i], scores[i] = scoring.Agent{ID: r.Agent.ID, Name: r.Agent.Name}, r.Score
	}
	return agents, scores
}

// agentFor decides whose review is asked for: an agent's own, an agent of a
// supervisor's team, anyone's for an admin.
func (s *Server) agentFor(c *fiber.Ctx) (string, error) {
	u := user(c)
	id := c.Query("agent_id")
	if id == "" || id == u.ID {
		if u.Role != fieldbook.RoleAgent {
			return "", fieldbook.Errorf(fieldbook.CodeInvalid, "name the agent: ?agent_id=")
		}
		return u.ID, nil
	}
	if !rules.IsUUID(id) {
		return "", fieldbook.Errorf(fieldbook.CodeInvalid, "agent_id must be a user id")
	}
	if u.Role == fieldbook.RoleAgent {
		return "", fieldbook.Errorf(fieldbook.CodeForbidden, "an agent sees their own review only")
	}
	a, found, err := s.store().Directory.User(ctx(c), id)
	if err != nil {
		return "", err
	}
	if !found || a.Role != fieldbook.RoleAgent || u.Role == fieldbook.RoleSupervisor && a.TeamID != u.TeamID {
		return "", fieldbook.Errorf(fieldbook.CodeNotFound, "there is no agent %q in your team", id)
	}
	return id, nil
}

type agentReview struct {
	AgentID string                `json:"agent_id"`
	Name    string                `json:"name"`
	TeamID  string                `json:"team_id"`
	Review  scoring.Review        `json:"review"`
	Weeks   []scoring.WeekScore   `json:"weeks"`
	Team    *scoring.TeamAverages `json:"team"`
}

// agentReview is GET /api/reviews/agent?month=YYYY-MM[&agent_id=]: an
// agent's monthly review beside the team's averages.
func (s *Server) agentReview(c *fiber.Ctx) error {
	id, err := s.agentFor(c)
	if err != nil {
		return err
	}
	a, _, err := s.store().Directory.User(ctx(c), id)
	if err != nil {
		return err
	}
	loc := s.teamLocation(c, a.TeamID)
	month, err := s.monthParam(c, loc)
	if err != nil {
		return err
	}
	h, err := s.store().Reports.History(ctx(c), id, month)
	if err != nil {
		return err
	}
	team, err := s.teamAverages(c, a.TeamID, month, h.Settings.Benchmark)
	if err != nil {
		return err
	}
	rev := reviewOf(h, team, loc, s.now())
	if user(c).ID != id {
		// Which files lack what names customers: for the agent alone. A
		// supervisor sees the counts, and opens the files on purpose
		// (GET /api/files, in the access log).
		rev.Completeness.Gaps = nil
	}
	return c.JSON(agentReview{AgentID: id, Name: a.Name, TeamID: a.TeamID, Review: rev, Weeks: orNoWeeks(h.Weeks), Team: team})
}

func orNoWeeks(w []scoring.WeekScore) []scoring.WeekScore {
	if w == nil {
		return []scoring.WeekScore{}
	}
	return w
}

// reviewOf reviews a history; the weekly alert looks at the last two weeks
// of the month that have ended.
func reviewOf(h scoring.AgentHistory, team *scoring.TeamAverages, loc *time.Location, now time.Time) scoring.Review {
	in := scoring.ReviewInput{Rules: h.Settings, Months: h.Months, Weeks: h.Weeks, Targets: h.Targets, Customers: h.Customers, Team: team}
	today := scoring.DayOf(now, loc)
	var ended []scoring.WeekScore
	for _, w := range in.Weeks {
		if w.End < today {
			ended = append(ended, w)
		}
	}
	in.Weeks = ended
	return scoring.MonthlyReview(in)
}

func (s *Server) teamLocation(c *fiber.Ctx, teamID string) *time.Location {
	t, _, err := s.store().Directory.Team(ctx(c), teamID)
	if err != nil {
		return time.UTC
	}
	loc, err := time.LoadLocation(t.TimeZone)
	if err != nil {
		return time.UTC
	}
	return loc
}

// teamAverages are the team's averages for a month, from its agents'
// month scores.
func (s *Server) teamAverages(c *fiber.Ctx, teamID, month string, bench fieldbook.Benchmark) (*scoring.TeamAverages, error) {
	rows, err := s.store().Reports.TeamMonth(ctx(c), teamID, month)
	if err != nil {
		return nil, err
	}
	var months []scoring.MonthScore
	for _, r := range rows {
		if r.Found {
			months = append(months, r.Score)
		}
	}
	avg := scoring.Averages(months, bench)
	return &avg, nil
}

type goalAnswer struct {
	scoring.Goal
	OpenProspects   int               `json:"open_prospects"`
	EnoughProspects bool              `json:"enough_prospects"`
	Assumptions     scoring.GoalInput `json:"assumptions"`
	// Sources say where each assumption came from: given, history or
	// default.
	Sources map[string]string `json:"sources"`
}

// goalCalculator is GET /api/goal-calculator?income=…: the performance
// formula with the caller's own close rate and average premium when they
// have three months of history, else the guide's defaults, and the Plan
// 100 check.
func (s *Server) goalCalculator(c *fiber.Ctx) error {
	u := user(c)
	income, err := floatParam(c, "income")
	if err != nil {
		return err
	}
	if income == nil {
		return fieldbook.Errorf(fieldbook.CodeInvalid, "income is required: ?income=10000")
	}
	in := scoring.DefaultGoalInput(*income)
	sources := map[string]string{"commission_rate": "default", "avg_premium": "default", "close_rate": "default", "visits_per_day": "default"}
	var open int
	if u.Role == fieldbook.RoleAgent {
		loc := s.teamLocation(c, u.TeamID)
		last := scoring.PrevMonth(scoring.DayOf(s.now(), loc).Month())
		h, err := s.store().Reports.History(ctx(c), u.ID, last)
		if err != nil {
			return err
		}
		open = h.OpenProspects
		if close, premium, ok := trailing(h.Months); ok {
			in.CloseRate, in.AvgPremium = close, premium
			sources["close_rate"], sources["avg_premium"] = "history", "history"
		}
	}
	for _, p := range []struct {
		name string
		into *float64
	}{{"commission_rate", &in.CommissionRate}, {"avg_premium", &in.AvgPremium}, {"close_rate", &in.CloseRate}, {"visits_per_day", &in.VisitsPerDay}} {
		v, err := floatParam(c, p.name)
		if err != nil {
			return err
		}
		if v != nil {
			*p.into, sources[p.name] = *v, "given"
		}
	}
	g, err := scoring.CalculateGoal(in)
	if err != nil {
		return fieldbook.Errorf(fieldbook.CodeInvalid, "%v", err)
	}
	return c.JSON(goalAnswer{Goal: g, OpenProspects: open, EnoughProspects: open >= g.Visits, Assumptions: in, Sources: sources})
}

// trailing is the close rate and average premium over three months when
// each has approved days and together they hold visits and deals.
func trailing(months []scoring.MonthScore) (closeRate, avgPremium float64, ok bool) {
	var visits, deals int
	var premium float64
	for _, m := range months {
		if m.ApprovedDays == 0 {
			return 0, 0, false
		}
		visits += m.Counts["visit"]
		deals += m.Counts["deal"]
		premium += m.Premium
	}
	if len(months) < 3 || visits == 0 || deals == 0 {
		return 0, 0, false
	}
	// More deals than visits (deals closed on calls, or visits not
	// recorded) would make a close rate over 1, and a history may hold
	// rates and premiums beyond the calculator's bounds: they are held to
	// them, so that history never makes the answer an error.
	closeRate = min(1, max(scoring.MinGoalCloseRate, float64(deals)/float64(visits)))
	avgPremium = min(scoring.MaxGoalAvgPremium, max(scoring.MinGoalAvgPremium, premium/float64(deals)))
	return closeRate, avgPremium, true
}

func floatParam(c *fiber.Ctx, name string) (*float64, error) {
	q := c.Query(name)
	if q == "" {
		return nil, nil
	}
	v, err := strconv.ParseFloat(q, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return nil, fieldbook.Errorf(fieldbook.CodeInvalid, "%s must be a number", name)
	}
	return &v, nil
}

type teamReviewAgent struct {
	AgentID string         `json:"agent_id"`
	Name    string         `json:"name"`
	Review  scoring.Review `json:"review"`
}

type teamReview struct {
	Month  string                `json:"month"`
	TeamID string                `json:"team_id"`
	Team   *scoring.TeamAverages `json:"team"`
	// Champion is the month's activity champion (once the month is over).
	Champion string            `json:"champion"`
	Agents   []teamReviewAgent `json:"agents"`
	// AccessAlerts name who opened the team's customer files in a burst
	// in the last hour (accessapi.go); the exports leave them out.
	AccessAlerts []accessAlert `json:"access_alerts"`
}

// teamReview is GET /api/reviews/team?month=YYYY-MM: every agent's monthly
// review and the team's averages beside the benchmark, for supervisors
// and admins.
func (s *Server) teamReview(c *fiber.Ctx) error {
	if user(c).Role == fieldbook.RoleAgent {
		return fieldbook.Errorf(fieldbook.CodeForbidden, "the team review is for supervisors")
	}
	team, loc, err := s.teamFor(c)
	if err != nil {
		return err
	}
	month, err := s.monthParam(c, loc)
	if err != nil {
		return err
	}
	out, err := s.buildTeamReview(c, team, loc, month)
	if err != nil {
		return err
	}
	if out.AccessAlerts, err = s.accessAlerts(c, team.ID); err != nil {
		return err
	}
	return c.JSON(out)
}

// buildTeamReview reviews every agent of the team for month.
func (s *Server) buildTeamReview(c *fiber.Ctx, team fieldbook.Team, loc *time.Location, month string) (teamReview, error) {
	settings, _, err := s.store().Directory.Settings(ctx(c), team.ID)
	if err != nil {
		return teamReview{}, err
	}
	avg, err := s.teamAverages(c, team.ID, month, settings.Benchmark)
	if err != nil {
		return teamReview{}, err
	}
	out := teamReview{Month: month, TeamID: team.ID, Team: avg, Agents: []teamReviewAgent{}}
	rows, err := s.store().Reports.TeamMonth(ctx(c), team.ID, month)
	if err != nil {
		return out, err
	}
	var ranks []scoring.Standing
	for _, r := range rows {
		h, err := s.store().Reports.History(ctx(c), r.Agent.ID, month)
		if err != nil {
			return out, err
		}
		rev := reviewOf(h, avg, loc, s.now())
		rev.Completeness.Gaps = nil // the agent's own review lists them; the team's counts them
		out.Agents = append(out.Agents, teamReviewAgent{AgentID: r.Agent.ID, Name: r.Agent.Name, Review: rev})
		ranks = append(ranks, scoring.Standing{AgentID: r.Agent.ID, Name: r.Agent.Name, Score: r.Score.Score, Visits: r.Score.Counts["visit"], Deals: r.Score.Counts["deal"]})
	}
	if _, next, _ := scoring.MonthDays(month); scoring.DayOf(s.now(), loc) >= next {
		out.Champion = scoring.Champion(ranks)
	}
	return out, nil
}
