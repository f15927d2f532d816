package scoring

import (
	"fieldbook"
)

// Customer is what the completeness check needs of a customer file.
type Customer struct {
	ID           string
	Name         string
	HasAge       bool
	Occupation   string
	IncomeBand   string
	FamilyStated bool // spouse or children stated; "none" counts
	Needs        int
	Interactions int
}

// Missing names what a customer file lacks to be complete (docs/scoring.md):
// name, age, occupation, income band, family, a need, an interaction.
func (c Customer) Missing() []string {
	var out []string
	for _, f := range []struct {
		name string
		ok   bool
	}{
		{"name", c.Name != ""}, {"age", c.HasAge}, {"occupation", c.Occupation != ""},
		{"income_band", c.IncomeBand != ""}, {"family", c.FamilyStated}, {"needs", c.Needs > 0},
		{"interaction", c.Interactions > 0},
	} {
		if !f.ok {
			out = append(out, f.name)
		}
	}
	return out
}

// CompletenessTarget is the share of complete files a team aims at.
const CompletenessTarget = 0.8

// FileGap is an incomplete customer file and what it lacks.
type FileGap struct {
	CustomerID string   `json:"customer_id"`
	Name       string   `json:"name"`
	Missing    []string `json:"missing"`
}

// Completeness is the share of complete customer files.
type Completeness struct {
	Complete int       `json:"complete"`
	Total    int       `json:"total"`
	Rate     *float64  `json:"rate"` // nil without files
	Gaps     []FileGap `json:"gaps,omitempty"`
}

// FileCompleteness checks every customer file.
func FileCompleteness(customers []Customer) Completeness {
	c := Completeness{Total: len(customers), Gaps: []FileGap{}}
	for _, cu := range customers {
		if m := cu.Missing(); len(m) > 0 {
			c.Gaps = append(c.Gaps, FileGap{CustomerID: cu.ID, Name: cu.Name, Missing: m})
		} else {
			c.Complete++
		}
	}
	c.Rate = ratio(float64(c.Complete), float64(c.Total))
	return c
}

// Rates are an agent's conversion rates in a period; nil when the
// denominator is 0.
type Rates struct {
	AppointmentSuccess *float64 `json:"appointment_success"` // appointments ÷ calls
	CloseRate          *float64 `json:"close_rate"`          // deals ÷ visits
	AvgPremium         *float64 `json:"avg_premium"`         // premium ÷ deals
}

// RatesOf computes the rates from counts and premium.
func RatesOf(counts map[string]int, premium float64) Rates {
	return Rates{
		AppointmentSuccess: ratio(float64(counts["appointment"]), float64(counts["call"])),
		CloseRate:          ratio(float64(counts["deal"]), float64(counts["visit"])),
		AvgPremium:         ratio(premium, float64(counts["deal"])),
	}
}

// TargetRow is one kind's month target against its actual.
type TargetRow struct {
	Kind   string   `json:"kind"`
	Target int      `json:"target"`
	Actual int      `json:"actual"`
	Rate   *float64 `json:"rate"` // actual ÷ target
}

// RatePoint is a rate in one month.
type RatePoint struct {
	Month string   `json:"month"`
	Rate  *float64 `json:"rate"`
}

// TeamAverages are a team's figures for a month beside the benchmark.
type TeamAverages struct {
	Agents       int                 `json:"agents"`
	VisitsPerDay *float64            `json:"visits_per_day"` // visits ÷ approved days, over the team
	CloseRate    *float64            `json:"close_rate"`
	AvgPremium   *float64            `json:"avg_premium"`
	Score        *float64            `json:"score"` // mean monthly score
	Benchmark    fieldbook.Benchmark `json:"benchmark"`
}

// Averages computes a team's averages from its agents' months.
func Averages(months []MonthScore, bench fieldbook.Benchmark) TeamAverages {
	t := TeamAverages{Agents: len(months), Benchmark: bench}
	var visits, deals, days int
	var premium, score float64
	for _, m := range months {
		visits += m.Counts["visit"]
		deals += m.Counts["deal"]
		days += m.ApprovedDays
		premium += m.Premium
		score += m.Score
	}
	t.VisitsPerDay = ratio(float64(visits), float64(days))
	t.CloseRate = ratio(float64(deals), float64(visits))
	t.AvgPremium = ratio(premium, float64(deals))
	if len(months) > 0 {
		s := round1(score / float64(len(months)))
		t.Score = &s
	}
	return t
}

// MonthTargets are the month's targets by kind: the agent's own monthly
// goal where set, else the weekly table's targets times the weeks that
// start in the month.
func MonthTargets(rules fieldbook.TeamSettings, month string, own map[string]int) map[string]int {
	out := map[string]int{}
	weeks := len(WeeksStartingIn(month))
	for _, r := range rules.WeeklyTable {
		out[r.Kind] = r.Target * weeks
	}
	if _, ok := out["visit"]; !ok {
		out["visit"] = WeeklyVisitTarget(rules, nil) * weeks
	}
	for k, v := range own {
		out[k] = v
	}
	return out
}

// ReviewInput is what MonthlyReview needs.
type ReviewInput struct {
	Rules fieldbook.TeamSettings
	// Months are the agent's last three months, oldest first; the last is
	// the month reviewed.
	Months []MonthScore
	// Weeks are the agent's last two ended weeks, oldest first.
	Weeks []WeekScore
	// Targets are the agent's own monthly targets (nil for none).
	Targets   map[string]int
	Customers []Customer
	// Team are the team's averages for the month; nil leaves out the
	// alerts that compare with the team.
	Team *TeamAverages
}

// Review is an agent's monthly review.
type Review struct {
	Month           string       `json:"month"`
	Score           float64      `json:"score"`
	Band            string       `json:"band"`
	Targets         []TargetRow  `json:"targets"`
	VisitCompletion *float64     `json:"visit_completion"`
	Rates           Rates        `json:"rates"`
	CloseRateTrend  []RatePoint  `json:"close_rate_trend"`
	TotalPremium    float64      `json:"total_premium"`
	Completeness    Completeness `json:"completeness"`
	PendingDays     int          `json:"pending_days"`
	Awards          []Award      `json:"awards"`
	Alerts          []Alert      `json:"alerts"`
}

// MonthlyReview reviews the last of in.Months.
func MonthlyReview(in ReviewInput) Review {
	if len(in.Months) == 0 {
		return Review{Targets: []TargetRow{}, CloseRateTrend: []RatePoint{}, Awards: []Award{}, Alerts: []Alert{}}
	}
	m := in.Months[len(in.Months)-1]
	r := Review{Month: m.Period, Score: m.Score, Band: Band(m.Score), TotalPremium: m.Premium, PendingDays: m.PendingDays,
		Awards: m.Awards, Rates: RatesOf(m.Counts, m.Premium), Targets: []TargetRow{}, CloseRateTrend: []RatePoint{}}
	targets := MonthTargets(in.Rules, m.Period, in.Targets)
	for _, kind := range kindsOrder {
		t, ok := targets[kind]
		if !ok && m.Counts[kind] == 0 {
			continue
		}
		r.Targets = append(r.Targets, TargetRow{Kind: kind, Target: t, Actual: m.Counts[kind], Rate: ratio(float64(m.Counts[kind]), float64(t))})
	}
	r.VisitCompletion = ratio(float64(m.Counts["visit"]), float64(targets["visit"]))
	for _, mm := range in.Months {
		r.CloseRateTrend = append(r.CloseRateTrend, RatePoint{Month: mm.Period, Rate: RatesOf(mm.Counts, mm.Premium).CloseRate})
	}
	r.Completeness = FileCompleteness(in.Customers)
	r.Alerts = Alerts(AlertInput{Rules: in.Rules, Months: in.Months, Weeks: in.Weeks,
		Completeness: r.Completeness.Rate, Team: in.Team})
	return r
}

// kindsOrder is the order the guide lists activity kinds in.
var kindsOrder = fieldbook.Kinds()
