package scoring

import (
	"cmp"
	"slices"
	"strings"
)

// MonthScore is an agent's month: the mean of the weekly scores of the
// weeks that start in it, and the month's counts (approved days only).
type MonthScore struct {
	Period      string         `json:"period"` // 2026-11
	Start       Day            `json:"start"`
	End         Day            `json:"end"`
	Score       float64        `json:"score"`
	Weeks       []string       `json:"weeks"` // the weeks averaged
	Counts      map[string]int `json:"counts"`
	Premium     float64        `json:"premium"`
	PendingDays int            `json:"pending_days"`
	// PendingCounts sums the month's days' pending counts (WeekScore).
	PendingCounts map[string]int `json:"pending_counts"`
	AmendedDays   int            `json:"amended_days"`
	// ApprovedDays are the days that count (approved, or amended).
	ApprovedDays int     `json:"approved_days"`
	Awards       []Award `json:"awards"`
}

// ScoreMonth scores a month from the agent's scored weeks that overlap it
// (weeks missing from the list had nothing approved and score 0).
func ScoreMonth(month string, weeks []WeekScore) MonthScore {
	first, next, _ := MonthDays(month)
	m := MonthScore{Period: month, Start: first, End: next.Add(-1), Counts: map[string]int{}, PendingCounts: map[string]int{},
		Weeks: []string{}, Awards: []Award{}}
	byStart := map[Day]WeekScore{}
	for _, w := range weeks {
		byStart[w.Start] = w
		for _, d := range w.Days {
			if d.Day < first || d.Day >= next {
				continue
			}
			for k, n := range d.Counts {
				m.Counts[k] += n
			}
			for k, n := range d.Pending {
				m.PendingCounts[k] += n
			}
			m.Premium += d.Premium
			if d.State == StateApproved || d.Amended {
				m.ApprovedDays++
			}
			if d.Amended {
				m.AmendedDays++
			}
			if d.State == StateSubmitted {
				m.PendingDays++
			}
		}
		for _, a := range w.Awards {
			if a.Day >= first && a.Day < next {
				m.Awards = append(m.Awards, a)
			}
		}
	}
	mondays := WeeksStartingIn(month)
	sum := 0.0
	for _, mon := range mondays {
		m.Weeks = append(m.Weeks, mon.Week())
		sum += byStart[mon].Score
	}
	if len(mondays) > 0 {
		m.Score = round1(sum / float64(len(mondays)))
	}
	m.Premium = round2(m.Premium)
	dropZeros(m.PendingCounts)
	slices.SortFunc(m.Awards, func(a, b Award) int {
		return cmp.Or(strings.Compare(string(a.Day), string(b.Day)), strings.Compare(a.Kind, b.Kind))
	})
	return m
}

// Standing is one agent's place in a table.
type Standing struct {
	AgentID string
	Name    string
	Score   float64
	Visits  int
	Deals   int
	Rank    int
}

// Rank orders standings by score, then visits, then deals, and numbers
// them 1, 2, 2, 4 …: agents tied on all three share a rank. Names order
// the tied ones for display.
func Rank(s []Standing) {
	slices.SortStableFunc(s, func(a, b Standing) int {
		return cmp.Or(cmp.Compare(b.Score, a.Score), cmp.Compare(b.Visits, a.Visits), cmp.Compare(b.Deals, a.Deals),
			strings.Compare(a.Name, b.Name), strings.Compare(a.AgentID, b.AgentID))
	})
	for i := range s {
		if i > 0 && s[i].Score == s[i-1].Score && s[i].Visits == s[i-1].Visits && s[i].Deals == s[i-1].Deals {
			s[i].Rank = s[i-1].Rank
		} else {
			s[i].Rank = i + 1
		}
	}
}

// Champion is the monthly activity champion: the highest monthly score,
// ties to more visits, then more deals. It returns "" when nobody scored
// or a tie remains.
func Champion(month []Standing) string {
	if len(month) == 0 {
		return ""
	}
	s := slices.Clone(month)
	Rank(s)
	if s[0].Score <= 0 || len(s) > 1 && s[1].Rank == 1 {
		return ""
	}
	return s[0].AgentID
}
