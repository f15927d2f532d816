package scoring

import "fieldbook"

// Alert codes: what a supervisor should coach.
const (
	AlertPhoneSkills      = "phone_skills"      // appointment success under 20% three months running
	AlertNeedsDiscovery   = "needs_discovery"   // close rate fine, average premium low
	AlertReferralPractice = "referral_practice" // weekly visits under target two weeks running
	AlertFileUpkeep       = "file_upkeep"       // customer files under 80% complete
)

// Alert is one coaching alert with the focus tag of docs/domain.md's problems
// and the reason in both languages.
type Alert struct {
	Code      string `json:"code"`
	Focus     string `json:"focus"`
	Message   string `json:"message"`
	MessageEn string `json:"message_en"`
}

// AlertInput is what Alerts needs.
type AlertInput struct {
	Rules fieldbook.TeamSettings
	// Months are the agent's last three months, oldest first.
	Months []MonthScore
	// Weeks are the agent's last two ended weeks, oldest first; each is
	// held to the visit target it was scored with.
	Weeks        []WeekScore
	Completeness *float64
	Team         *TeamAverages
}

// Alerts returns the coaching alerts of docs/scoring.md that apply.
func Alerts(in AlertInput) []Alert {
	out := []Alert{}
	if len(in.Months) >= 3 {
		low := true
		for _, m := range in.Months[len(in.Months)-3:] {
			r := RatesOf(m.Counts, m.Premium).AppointmentSuccess
			low = low && r != nil && *r < 0.2
		}
		if low {
			out = append(out, Alert{Code: AlertPhoneSkills, Focus: "appointment_script",
				Message:   "约访成功率连续三个月低于20%：安排电话约访话术训练",
				MessageEn: "Appointment success under 20% three months running: train phone skills"})
		}
	}
	if n := len(in.Months); n > 0 && in.Team != nil && in.Team.CloseRate != nil && in.Team.AvgPremium != nil {
		m := in.Months[n-1]
		r := RatesOf(m.Counts, m.Premium)
		if r.CloseRate != nil && r.AvgPremium != nil && *r.CloseRate >= *in.Team.CloseRate && *r.AvgPremium < 0.7**in.Team.AvgPremium {
			out = append(out, Alert{Code: AlertNeedsDiscovery, Focus: "needs_discovery",
				Message:   "成交率不低于团队平均，但件均保费不到团队的70%：加强需求挖掘和产品组合",
				MessageEn: "Close rate at the team's average or better but average premium under 70% of the team's: work on needs discovery and product combination"})
		}
	}
	if len(in.Weeks) >= 2 {
		under := true
		for _, w := range in.Weeks[len(in.Weeks)-2:] {
			target := w.VisitTarget()
			if target == 0 {
				target = WeeklyVisitTarget(in.Rules, nil)
			}
			under = under && target > 0 && w.Counts["visit"] < target
		}
		if under {
			out = append(out, Alert{Code: AlertReferralPractice, Focus: "referral_script",
				Message:   "连续两周拜访量未达标：练习转介绍话术，补充客户名单",
				MessageEn: "Weekly visits under target two weeks running: practise asking for referrals"})
		}
	}
	if in.Completeness != nil && *in.Completeness < CompletenessTarget {
		out = append(out, Alert{Code: AlertFileUpkeep, Focus: "other",
			Message:   "客户档案完整率低于80%：补全客户资料和互动记录",
			MessageEn: "Customer files under 80% complete: fill in the files and their interactions"})
	}
	return out
}
