package scoring

import (
	"errors"
	"math"
)

// GoalInput are the goal calculator's assumptions.
type GoalInput struct {
	Income         float64 `json:"income"`          // yuan a month
	CommissionRate float64 `json:"commission_rate"` // first-year commission, 0.5 for 50%
	AvgPremium     float64 `json:"avg_premium"`     // yuan a policy
	CloseRate      float64 `json:"close_rate"`      // deals ÷ visits
	VisitsPerDay   float64 `json:"visits_per_day"`
}

// DefaultGoalInput holds the guide's defaults; Income is the caller's.
func DefaultGoalInput(income float64) GoalInput {
	return GoalInput{Income: income, CommissionRate: 0.5, AvgPremium: 5000, CloseRate: 0.05, VisitsPerDay: 4}
}

// Goal is what an income target takes.
type Goal struct {
	Premium float64 `json:"premium"`
	Deals   int     `json:"deals"`
	Visits  int     `json:"visits"`
	Days    int     `json:"days"`
}

// CalculateGoal runs the performance formula: income ÷ commission rate =
// premium; ÷ average premium = deals (rounded up); ÷ close rate = visits
// (rounded up); ÷ visits a day = working days (rounded up).
func CalculateGoal(in GoalInput) (Goal, error) {
	switch {
	case in.Income < 0 || math.IsNaN(in.Income) || math.IsInf(in.Income, 0):
		return Goal{}, errors.New("income must be a number from 0")
	case !(in.CommissionRate > 0 && in.CommissionRate <= 1):
		return Goal{}, errors.New("commission_rate must be above 0 and at most 1")
	case !(in.AvgPremium > 0) || math.IsInf(in.AvgPremium, 0):
		return Goal{}, errors.New("avg_premium must be above 0")
	case !(in.CloseRate > 0 && in.CloseRate <= 1):
		return Goal{}, errors.New("close_rate must be above 0 and at most 1")
	case !(in.VisitsPerDay > 0) || math.IsInf(in.VisitsPerDay, 0):
		return Goal{}, errors.New("visits_per_day must be above 0")
	}
	g := Goal{Premium: round2(in.Income / in.CommissionRate)}
	g.Deals = ceil(g.Premium / in.AvgPremium)
	g.Visits = ceil(float64(g.Deals) / in.CloseRate)
	g.Days = ceil(float64(g.Visits) / in.VisitsPerDay)
	return g, nil
}

// ceil rounds up, forgiving the last bits of floating-point error, so that
// 4 ÷ 0.05 is 80 visits and not 81.
func ceil(x float64) int { return int(math.Ceil(x - 1e-9)) }
