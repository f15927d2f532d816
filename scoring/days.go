// Package scoring computes Fieldbook's scores from domain values
// (docs/scoring.md): the weekly 100-point table, daily completion, streaks and
// awards, the monthly score and champion, the monthly review, coaching
// alerts and the goal calculator. It is pure: no storage, no HTTP, no
// clock; callers pass the records and the time zone in.
package scoring

import (
	"fmt"
	"math"
	"time"
)

// Day is a calendar date in a team's time zone, YYYY-MM-DD.
type Day string

// ParseDay checks a YYYY-MM-DD date.
func ParseDay(s string) (Day, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil || t.Format(time.DateOnly) != s {
		return "", fmt.Errorf("%q is not a date YYYY-MM-DD", s)
	}
	return Day(s), nil
}

// Valid reports whether d is a real date whose week, and the week after,
// lie within the years 0001 to 9999: the days whose arithmetic stays in
// the YYYY-MM-DD form (a stored record may carry any date; scores skip
// the others rather than count on them).
func (d Day) Valid() bool {
	t, err := time.Parse(time.DateOnly, string(d))
	return err == nil && t.Format(time.DateOnly) == string(d) && d >= "0001-01-08" && d <= "9999-12-17"
}

// DayOf is the date of instant t in loc.
func DayOf(t time.Time, loc *time.Location) Day {
	return Day(t.In(loc).Format(time.DateOnly))
}

// date is the day at 00:00 UTC, for calendar arithmetic.
func (d Day) date() time.Time {
	t, _ := time.Parse(time.DateOnly, string(d))
	return t
}

// Add returns the day n days later (earlier for negative n).
func (d Day) Add(n int) Day { return Day(d.date().AddDate(0, 0, n).Format(time.DateOnly)) }

// Weekday is the day's day of the week.
func (d Day) Weekday() time.Weekday { return d.date().Weekday() }

// Monday is the Monday of the week (Monday–Sunday) holding d.
func (d Day) Monday() Day { return d.Add(-((int(d.Weekday()) + 6) % 7)) }

// Month is the day's month, YYYY-MM.
func (d Day) Month() string { return string(d)[:7] }

// Week is the ISO week label of the week holding d, e.g. 2026-W48.
func (d Day) Week() string {
	y, w := d.date().ISOWeek()
	return fmt.Sprintf("%04d-W%02d", y, w)
}

// Start is the instant the day begins in loc.
func (d Day) Start(loc *time.Location) time.Time {
	t := d.date()
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, loc)
}

// MonthDays returns the first day of month (YYYY-MM) and the first day of
// the next month.
func MonthDays(month string) (first, next Day, err error) {
	t, err := time.Parse("2006-01", month)
	if err != nil || t.Format("2006-01") != month {
		return "", "", fmt.Errorf("%q is not a month YYYY-MM", month)
	}
	return Day(t.Format(time.DateOnly)), Day(t.AddDate(0, 1, 0).Format(time.DateOnly)), nil
}

// PrevMonth is the month before month (YYYY-MM).
func PrevMonth(month string) string {
	t, _ := time.Parse("2006-01", month)
	return t.AddDate(0, -1, 0).Format("2006-01")
}

// WeeksStartingIn lists the Mondays that fall in month.
func WeeksStartingIn(month string) []Day {
	first, next, err := MonthDays(month)
	if err != nil {
		return nil
	}
	var out []Day
	for d := first; d < next; d = d.Add(1) {
		if d.Weekday() == time.Monday {
			out = append(out, d)
		}
	}
	return out
}

// round1 rounds to one decimal, halves away from zero.
func round1(x float64) float64 { return math.Round(x*10) / 10 }

// ratio is a ÷ b, or nil when b is 0.
func ratio(a, b float64) *float64 {
	if b == 0 {
		return nil
	}
	r := a / b
	return &r
}

// WeekMonday is the Monday of an ISO week label such as 2026-W48.
func WeekMonday(label string) (Day, error) {
	var year, week int
	if _, err := fmt.Sscanf(label, "%4d-W%2d", &year, &week); err != nil || len(label) != 8 || week < 1 || week > 53 {
		return "", fmt.Errorf("%q is not an ISO week YYYY-Www", label)
	}
	// January 4th is always in week 1.
	jan4 := Day(fmt.Sprintf("%04d-01-04", year))
	d := jan4.Monday().Add(7 * (week - 1))
	if d.Week() != label {
		return "", fmt.Errorf("%d has no week %d", year, week)
	}
	return d, nil
}
