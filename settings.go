package fieldbook

import (
	"slices"
	"time"
)

// TeamSettings are a team's scoring rules (docs/scoring.md) and how long it
// keeps Plan 100 names (retention.go). Every number is a setting;
// DefaultSettings holds the guide's.
type TeamSettings struct {
	TimeZone         string        `json:"time_zone"`
	WeeklyTable      []WeeklyRow   `json:"weekly_table"`
	DailyVisitTarget int           `json:"daily_visit_target"`
	RestDays         []string      `json:"rest_days"`
	Awards           Awards        `json:"awards"`
	Benchmark        Benchmark     `json:"benchmark"`
	Standings        StandingsView `json:"standings"`
	Retention        Retention     `json:"retention"`
}

// WeeklyRow is one category of the weekly 100-point table.
type WeeklyRow struct {
	Kind   string  `json:"kind"`
	Weight float64 `json:"weight"`
	Target int     `json:"target"`
}

// Awards are the award amounts in yuan.
type Awards struct {
	Streak          int `json:"streak"`
	WeeklyProgress  int `json:"weekly_progress"`
	MonthlyChampion int `json:"monthly_champion"`
}

// Benchmark is the industry average the monthly review compares with.
type Benchmark struct {
	VisitsPerDay float64 `json:"visits_per_day"`
	CloseRate    float64 `json:"close_rate"`
}

// StandingsView says how standings show on a shared screen (meeting mode).
type StandingsView struct {
	// Names is "all", "hidden" or "neighbours".
	Names string `json:"names"`
}

// Retention says how long the team keeps a person's data (retention.go).
type Retention struct {
	// ProspectMonths: a Plan 100 name nothing happened with for this many
	// calendar months is dormant; 0 keeps every name for ever. A team
	// stored before the setting existed reads 0 until an admin sets it:
	// the server never erases what nobody chose to.
	ProspectMonths int `json:"prospect_months"`
}

// DefaultSettings returns the guide's rules.
func DefaultSettings() TeamSettings {
	return TeamSettings{
		TimeZone: DefaultTimeZone,
		WeeklyTable: []WeeklyRow{
			{Kind: KindProspect, Weight: 12, Target: 12},
			{Kind: KindAppointment, Weight: 16, Target: 16},
			{Kind: KindVisit, Weight: 40, Target: 20},
			{Kind: KindSalesInterview, Weight: 16, Target: 4},
			{Kind: KindClosingInterview, Weight: 16, Target: 2},
		},
		DailyVisitTarget: 4,
		RestDays:         []string{},
		Awards:           Awards{Streak: 50, WeeklyProgress: 200, MonthlyChampion: 500},
		Benchmark:        Benchmark{VisitsPerDay: 20, CloseRate: 0.08},
		Standings:        StandingsView{Names: "all"},
		Retention:        Retention{ProspectMonths: 24},
	}
}

var weekdays = []string{"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}

// Validate checks the settings and returns an invalid *Error naming the
// first problem.
func (s TeamSettings) Validate() error {
	if _, err := time.LoadLocation(s.TimeZone); err != nil || s.TimeZone == "" {
		return Errorf(CodeInvalid, "time_zone %q is not a known IANA time zone such as Asia/Shanghai", s.TimeZone)
	}
	if len(s.WeeklyTable) == 0 {
		return Errorf(CodeInvalid, "weekly_table needs at least one category")
	}
	sum := 0.0
	seen := map[string]bool{}
	for _, r := range s.WeeklyTable {
		if !slices.Contains(Kinds(), r.Kind) {
			return Errorf(CodeInvalid, "weekly_table: %q is not an activity kind", r.Kind)
		}
		if seen[r.Kind] {
			return Errorf(CodeInvalid, "weekly_table: %s appears twice", r.Kind)
		}
		seen[r.Kind] = true
		if r.Weight < 0 || r.Weight > 100 {
			return Errorf(CodeInvalid, "weekly_table: the weight of %s must be from 0 to 100", r.Kind)
		}
		if r.Target < 0 || r.Target > 10000 {
			return Errorf(CodeInvalid, "weekly_table: the target of %s must be from 0 to 10000", r.Kind)
		}
		sum += r.Weight
	}
	if sum < 99.999 || sum > 100.001 {
		return Errorf(CodeInvalid, "weekly_table: the weights sum to %g; they must sum to 100", sum)
	}
	if s.DailyVisitTarget < 0 || s.DailyVisitTarget > 100 {
		return Errorf(CodeInvalid, "daily_visit_target must be from 0 to 100")
	}
	for _, d := range s.RestDays {
		if !slices.Contains(weekdays, d) {
			return Errorf(CodeInvalid, "rest_days: %q is not a weekday name such as sunday", d)
		}
	}
	if s.Awards.Streak < 0 || s.Awards.WeeklyProgress < 0 || s.Awards.MonthlyChampion < 0 {
		return Errorf(CodeInvalid, "awards must not be negative")
	}
	if s.Benchmark.VisitsPerDay < 0 || s.Benchmark.CloseRate < 0 || s.Benchmark.CloseRate > 1 {
		return Errorf(CodeInvalid, "benchmark: visits_per_day must not be negative and close_rate must be from 0 to 1")
	}
	if !slices.Contains([]string{"all", "hidden", "neighbours"}, s.Standings.Names) {
		return Errorf(CodeInvalid, `standings.names must be "all", "hidden" or "neighbours"`)
	}
	if m := s.Retention.ProspectMonths; m != 0 && (m < MinProspectMonths || m > MaxProspectMonths) {
		return Errorf(CodeInvalid, "retention.prospect_months must be 0 (keep Plan 100 names for ever) or from %d to %d months", MinProspectMonths, MaxProspectMonths)
	}
	return nil
}

// SettingsVersion is the settings a team used from a date on (the Monday
// that starts the week the change was made in, in the team's time zone).
type SettingsVersion struct {
	From     string       `json:"from"`
	Settings TeamSettings `json:"settings"`
}
