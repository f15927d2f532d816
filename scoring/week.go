package scoring

import (
	"math"
	"slices"
	"strings"
	"time"

	"fieldbook"
)

// Activity is what scoring needs of an activity record.
type Activity struct {
	ID         string
	Kind       string
	At         time.Time
	CustomerID string
	ProspectID string
	Premium    float64
	Voided     bool
	Deleted    bool
}

// Log is what scoring needs of a work log.
type Log struct {
	Day   Day
	State string // draft, submitted, approved, returned
	// Amended says the owner changed the day after it was approved and it
	// waits for review again (State is submitted): until then it counts
	// Approved.
	Amended bool
	// Approved are the day's activities as they were approved, with their
	// current voided flags (a supervisor's void takes effect at once).
	Approved []Activity
	Deleted  bool
	Plan     map[string]int
}

// counting reports whether the log's day counts: approved, or amended and
// still counting what was approved.
func (l Log) counting() bool {
	return !l.Deleted && (l.State == StateApproved || l.amended())
}

func (l Log) amended() bool { return !l.Deleted && l.State == StateSubmitted && l.Amended }

// Log states that matter to scores.
const (
	StateSubmitted = "submitted"
	StateApproved  = "approved"
)

// Bands of the weekly score.
const (
	BandExcellent = "excellent" // 优秀, 80 and over
	BandQualified = "qualified" // 合格, 60 to 79.9
	BandCoaching  = "coaching"  // 需辅导, under 60
)

// Award kinds.
const (
	AwardStreak          = "streak"
	AwardWeeklyProgress  = "weekly_progress"
	AwardMonthlyChampion = "monthly_champion"
)

// Award is one award earned, in yuan, on a day.
type Award struct {
	Kind   string `json:"kind"`
	Amount int    `json:"amount"`
	Day    Day    `json:"day"`
}

// Category is one row of a scored weekly table.
type Category struct {
	Kind   string  `json:"kind"`
	Weight float64 `json:"weight"` // after scaling when some targets are 0
	Target int     `json:"target"`
	Actual int     `json:"actual"`
	Points float64 `json:"points"`
}

// DayResult is one day of a scored week.
type DayResult struct {
	Day   Day    `json:"day"`
	State string `json:"state,omitempty"`
	// Amended says the day was changed after approval and waits for review;
	// Counts are still what was approved.
	Amended bool           `json:"amended,omitempty"`
	Rest    bool           `json:"rest,omitempty"`
	Counts  map[string]int `json:"counts,omitempty"` // counted activities (approved days only)
	// Pending is, for a day waiting for review (submitted or amended), the
	// day as it now stands, if approved, minus Counts, per kind that
	// differs (negative when the change removed something).
	Pending map[string]int `json:"pending,omitempty"`
	// Premium of the day's counted deals, in yuan.
	Premium float64 `json:"premium,omitempty"`
	// Met says the day's visits reached the daily visit target.
	Met bool `json:"met,omitempty"`
	// Completion is the counted activities against the log's plan, in
	// percent per kind planned.
	Completion map[string]float64 `json:"completion,omitempty"`
}

// WeekInput is what ScoreWeek needs.
type WeekInput struct {
	Monday   Day
	Location *time.Location
	Rules    fieldbook.TeamSettings
	// Targets are the agent's own weekly targets by kind, from their goal
	// for the week; nil when they set none.
	Targets map[string]int
	// Logs are the agent's work logs by day.
	Logs map[Day]Log
	// Activities may include any of the agent's activities: those outside
	// the week, on days not approved, voided or deleted do not count.
	Activities []Activity
	// StreakIn is the number of days of a visit-target run that the week
	// continues from the days before it.
	StreakIn int
}

// WeekScore is an agent's scored week.
type WeekScore struct {
	Period      string         `json:"period"` // ISO week, 2026-W48
	Start       Day            `json:"start"`
	End         Day            `json:"end"`
	Categories  []Category     `json:"categories"`
	Score       float64        `json:"score"`
	Band        string         `json:"band"`
	Counts      map[string]int `json:"counts"`
	Premium     float64        `json:"premium"`
	PendingDays int            `json:"pending_days"`
	// PendingCounts sums the days' Pending.
	PendingCounts map[string]int `json:"pending_counts"`
	// AmendedDays are the days changed after approval, still counting it.
	AmendedDays int `json:"amended_days"`
	// ApprovedDays are the days that count (approved, or amended).
	ApprovedDays int         `json:"approved_days"`
	Days         []DayResult `json:"days"`
	StreakIn     int         `json:"streak_in"`
	StreakOut    int         `json:"streak_out"`
	Awards       []Award     `json:"awards"`
}

// subjectKinds must name a customer or prospect to count, and count once
// per customer (or prospect) per day.
var subjectKinds = []string{"visit", "sales_interview", "closing_interview"}

// Counted returns, for each day, the activities that count: on days
// approved says count, not voided or deleted, and for visits and interviews naming a
// customer or prospect, one of each kind per customer per day.
func Counted(acts []Activity, loc *time.Location, approved func(Day) bool) map[Day][]Activity {
	sorted := slices.Clone(acts)
	// Keep the earliest of duplicates, whatever the input order.
	slices.SortFunc(sorted, func(a, b Activity) int {
		if c := a.At.Compare(b.At); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	seen := map[string]bool{}
	out := map[Day][]Activity{}
	for _, a := range sorted {
		if a.Voided || a.Deleted {
			continue
		}
		d := DayOf(a.At, loc)
		if !approved(d) {
			continue
		}
		if slices.Contains(subjectKinds, a.Kind) {
			subject := ""
			switch {
			case a.CustomerID != "":
				subject = "c:" + a.CustomerID
			case a.ProspectID != "":
				subject = "p:" + a.ProspectID
			default:
				continue // names no one: accepted, never counted
			}
			k := string(d) + "/" + a.Kind + "/" + subject
			if seen[k] {
				continue
			}
			seen[k] = true
		}
		out[d] = append(out[d], a)
	}
	return out
}

// ScoreWeek scores an agent's week with the weekly 100-point table: each
// category scores weight × min(1, actual ÷ target); categories with target
// 0 are left out and the others' weights scaled to sum to 100; the sum is
// rounded to one decimal. Only approved days count; an amended day counts
// what was approved until it is reviewed again, and what it would count as
// it now stands is pending.
func ScoreWeek(in WeekInput) WeekScore {
	loc := in.Location
	if loc == nil {
		loc = time.UTC
	}
	w := WeekScore{Period: in.Monday.Week(), Start: in.Monday, End: in.Monday.Add(6), Counts: map[string]int{},
		PendingCounts: map[string]int{}, StreakIn: in.StreakIn, Awards: []Award{}}
	inWeek := func(d Day) bool { return d >= w.Start && d <= w.End }
	// Each day as it now stands, as if approved.
	asIs := Counted(in.Activities, loc, inWeek)

	run := in.StreakIn
	for i := range 7 {
		d := in.Monday.Add(i)
		r := DayResult{Day: d, Rest: isRestDay(in.Rules, d)}
		l, hasLog := in.Logs[d]
		hasLog = hasLog && !l.Deleted
		var counted []Activity
		if hasLog {
			r.State, r.Amended = l.State, l.amended()
			switch {
			case l.State == StateApproved:
				counted = asIs[d]
			case r.Amended:
				counted = Counted(l.Approved, loc, func(x Day) bool { return x == d })[d]
				w.AmendedDays++
			}
			if l.counting() {
				w.ApprovedDays++
			}
			if l.State == StateSubmitted {
				w.PendingDays++
			}
		}
		for _, a := range counted {
			if r.Counts == nil {
				r.Counts = map[string]int{}
			}
			r.Counts[a.Kind]++
			w.Counts[a.Kind]++
			if a.Kind == "deal" {
				r.Premium += a.Premium
				w.Premium += a.Premium
			}
		}
		if hasLog && l.State == StateSubmitted {
			r.Pending = pending(kindCounts(asIs[d]), r.Counts)
			for k, n := range r.Pending {
				w.PendingCounts[k] += n
			}
		}
		counting := hasLog && l.counting()
		r.Met = counting && r.Counts["visit"] >= in.Rules.DailyVisitTarget && in.Rules.DailyVisitTarget > 0
		if counting && len(l.Plan) > 0 {
			r.Completion = Completion(l.Plan, r.Counts)
		}
		// Rest days neither count nor break a run.
		switch {
		case r.Rest:
		case r.Met:
			run++
			if run%7 == 0 && in.Rules.Awards.Streak > 0 {
				w.Awards = append(w.Awards, Award{Kind: AwardStreak, Amount: in.Rules.Awards.Streak, Day: d})
			}
		default:
			run = 0
		}
		w.Days = append(w.Days, r)
	}
	w.StreakOut = run
	w.Premium = round2(w.Premium)
	dropZeros(w.PendingCounts) // a visit moved between two pending days

	w.Categories, w.Score = table(in.Rules.WeeklyTable, in.Targets, w.Counts)
	w.Band = Band(w.Score)
	if visits, deals := w.Counts["visit"], w.Counts["deal"]; visits >= WeeklyVisitTarget(in.Rules, in.Targets) && deals >= 1 && in.Rules.Awards.WeeklyProgress > 0 {
		w.Awards = append(w.Awards, Award{Kind: AwardWeeklyProgress, Amount: in.Rules.Awards.WeeklyProgress, Day: w.End})
	}
	return w
}

func dropZeros(m map[string]int) {
	for k, n := range m {
		if n == 0 {
			delete(m, k)
		}
	}
}

func kindCounts(acts []Activity) map[string]int {
	out := map[string]int{}
	for _, a := range acts {
		out[a.Kind]++
	}
	return out
}

// pending is asIs minus counted, per kind that differs; nil when none does.
func pending(asIs, counted map[string]int) map[string]int {
	var out map[string]int
	for _, kinds := range []map[string]int{asIs, counted} {
		for k := range kinds {
			if n := asIs[k] - counted[k]; n != 0 {
				if out == nil {
					out = map[string]int{}
				}
				out[k] = n
			}
		}
	}
	return out
}

// VisitTarget is the visit target the week was scored with, 0 when its
// table had no visit category.
func (w WeekScore) VisitTarget() int {
	for _, c := range w.Categories {
		if c.Kind == "visit" {
			return c.Target
		}
	}
	return 0
}

// table scores the categories. A category whose target is 0 is left out and
// the remaining weights are scaled to sum to 100.
func table(rows []fieldbook.WeeklyRow, own map[string]int, counts map[string]int) ([]Category, float64) {
	var cats []Category
	sum := 0.0
	for _, r := range rows {
		target := r.Target
		if t, ok := own[r.Kind]; ok {
			target = t
		}
		if target <= 0 {
			continue
		}
		cats = append(cats, Category{Kind: r.Kind, Weight: r.Weight, Target: target, Actual: counts[r.Kind]})
		sum += r.Weight
	}
	total := 0.0
	for i := range cats {
		c := &cats[i]
		if sum != 100 && sum > 0 {
			c.Weight = c.Weight * 100 / sum
		}
		// Multiply before dividing so that whole examples stay exact.
		c.Points = c.Weight * float64(min(c.Actual, c.Target)) / float64(c.Target)
		total += c.Points
		c.Weight, c.Points = round2(c.Weight), round2(c.Points)
	}
	if cats == nil {
		cats = []Category{}
	}
	return cats, round1(total)
}

// WeeklyVisitTarget is the week's visit target: the agent's own, the
// table's, or else the daily target on each working day.
func WeeklyVisitTarget(rules fieldbook.TeamSettings, own map[string]int) int {
	if t, ok := own["visit"]; ok {
		return t
	}
	for _, r := range rules.WeeklyTable {
		if r.Kind == "visit" {
			return r.Target
		}
	}
	return rules.DailyVisitTarget * (7 - len(rules.RestDays))
}

// Band names a weekly score's band.
func Band(score float64) string {
	switch {
	case score >= 80:
		return BandExcellent
	case score >= 60:
		return BandQualified
	}
	return BandCoaching
}

func isRestDay(rules fieldbook.TeamSettings, d Day) bool {
	return slices.Contains(rules.RestDays, strings.ToLower(d.Weekday().String()))
}

func round2(x float64) float64 { return math.Round(x*100) / 100 }

// Completion is a day's completion against its plan, in percent per kind
// planned: planned 4 visits, did 3 → 75.
func Completion(plan, actual map[string]int) map[string]float64 {
	out := map[string]float64{}
	for kind, p := range plan {
		if p > 0 {
			out[kind] = round1(float64(actual[kind]) * 100 / float64(p))
		}
	}
	return out
}
