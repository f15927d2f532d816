package scoring

import (
	"fmt"
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

// The bounds of the calculator's inputs: wide enough for any agent's
// plan, narrow enough that every result is a whole number JSON carries
// exactly (at most 10^15 days).
const (
	MaxGoalIncome       = 1e9  // yuan a month
	MinCommissionRate   = 0.01 // 1 %
	MinGoalAvgPremium   = 1    // yuan a policy
	MaxGoalAvgPremium   = 1e9
	MinGoalCloseRate    = 0.001 // one deal in 1,000 visits
	MinGoalVisitsPerDay = 0.1
	MaxGoalVisitsPerDay = 100
)

// CalculateGoal runs the performance formula: income ÷ commission rate =
// premium; ÷ average premium = deals (rounded up); ÷ close rate = visits
// (rounded up); ÷ visits a day = working days (rounded up). An input out
// of its bounds is an error that names them.
func CalculateGoal(in GoalInput) (Goal, error) {
	switch {
	case !(in.Income >= 0 && in.Income <= MaxGoalIncome):
		return Goal{}, fmt.Errorf("income must be a number from 0 to %.0f", float64(MaxGoalIncome))
	case !(in.CommissionRate >= MinCommissionRate && in.CommissionRate <= 1):
		return Goal{}, fmt.Errorf("commission_rate must be from %g to 1", MinCommissionRate)
	case !(in.AvgPremium >= MinGoalAvgPremium && in.AvgPremium <= MaxGoalAvgPremium):
		return Goal{}, fmt.Errorf("avg_premium must be from %g to %.0f", float64(MinGoalAvgPremium), float64(MaxGoalAvgPremium))
	case !(in.CloseRate >= MinGoalCloseRate && in.CloseRate <= 1):
		return Goal{}, fmt.Errorf("close_rate must be from %g to 1", MinGoalCloseRate)
	case !(in.VisitsPerDay >= MinGoalVisitsPerDay && in.VisitsPerDay <= MaxGoalVisitsPerDay):
		return Goal{}, fmt.Errorf("visits_per_day must be from %g to %g", MinGoalVisitsPerDay, float64(MaxGoalVisitsPerDay))
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
