package scoring

import (
	"cmp"
	"slices"
	"strings"
)

// Agent names an agent in a team's standings.
type Agent struct {
	ID, Name string
}

// Place is one agent's line of a team's standings: the scored period's
// score, band and rank, counts (approved days only) with what is pending
// beside them, and awards.
type Place struct {
	AgentID string  `json:"agent_id"`
	Name    string  `json:"name"`
	Score   float64 `json:"score"`
	Band    string  `json:"band"`
	Rank    int     `json:"rank"`
	// Counts are the counted activities by kind; Premium the counted
	// deals' premium, in yuan.
	Counts  map[string]int `json:"counts"`
	Premium float64        `json:"premium"`
	// PendingDays wait for review; PendingCounts is what they would add to
	// Counts (negative where an amendment removed something).
	PendingDays   int            `json:"pending_days"`
	PendingCounts map[string]int `json:"pending_counts"`
	AmendedDays   int            `json:"amended_days"`
	Awards        []Award        `json:"awards"`
	// Categories and Streak are the week's (empty for a month).
	Categories []Category `json:"categories,omitempty"`
	Streak     int        `json:"streak"`
}

// WeekStandings is a team's weekly 100-point table: one place per agent
// (an agent with no scored week has an empty one), in rank order.
func WeekStandings(agents []Agent, weeks []WeekScore) []Place {
	out := make([]Place, len(agents))
	for i, a := range agents {
		w := weeks[i]
		out[i] = Place{AgentID: a.ID, Name: a.Name, Score: w.Score, Band: Band(w.Score), Counts: orEmpty(w.Counts),
			Premium: w.Premium, PendingDays: w.PendingDays, PendingCounts: orEmpty(w.PendingCounts), AmendedDays: w.AmendedDays,
			Awards: orNone(w.Awards), Categories: w.Categories, Streak: w.StreakOut}
	}
	return ranked(out)
}

// MonthStandings is a team's month (YYYY-MM): one place per agent, in rank
// order. Once the month is over (today, in the team's zone, is past its
// last day) the champion — the highest score, ties to visits, then deals;
// none while a tie remains — is crowned with the award of amount yuan.
func MonthStandings(month string, agents []Agent, months []MonthScore, today Day, amount int) []Place {
	out := make([]Place, len(agents))
	_, next, err := MonthDays(month)
	end := next.Add(-1)
	for i, a := range agents {
		m := months[i]
		out[i] = Place{AgentID: a.ID, Name: a.Name, Score: m.Score, Band: Band(m.Score), Counts: orEmpty(m.Counts),
			Premium: m.Premium, PendingDays: m.PendingDays, PendingCounts: orEmpty(m.PendingCounts), AmendedDays: m.AmendedDays,
			Awards: orNone(m.Awards)}
	}
	if err == nil && today > end {
		if champ := Champion(standingsOf(out)); champ != "" {
			for i := range out {
				if out[i].AgentID == champ {
					out[i].Awards = append(out[i].Awards, Award{Kind: AwardMonthlyChampion, Amount: amount, Day: end})
				}
			}
		}
	}
	return ranked(out)
}

func standingsOf(places []Place) []Standing {
	s := make([]Standing, len(places))
	for i, p := range places {
		s[i] = Standing{AgentID: p.AgentID, Name: p.Name, Score: p.Score, Visits: p.Counts["visit"], Deals: p.Counts["deal"]}
	}
	return s
}

// ranked numbers the places by Rank and orders them by rank, then name.
func ranked(places []Place) []Place {
	s := standingsOf(places)
	Rank(s)
	rank := make(map[string]int, len(s))
	for _, r := range s {
		rank[r.AgentID] = r.Rank
	}
	for i := range places {
		places[i].Rank = rank[places[i].AgentID]
	}
	slices.SortStableFunc(places, func(a, b Place) int {
		return cmp.Or(cmp.Compare(a.Rank, b.Rank), strings.Compare(a.Name, b.Name))
	})
	return places
}

func orEmpty(m map[string]int) map[string]int {
	if m == nil {
		return map[string]int{}
	}
	return m
}

func orNone(a []Award) []Award {
	if a == nil {
		return []Award{}
	}
	return a
}
