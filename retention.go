// The retention of Plan 100 names (PIPL Art. 19: personal data is kept no
// longer than its purpose needs): a prospect that nothing happened with for
// the team's retention.prospect_months is dormant, its agent is asked to
// keep it or purge it, and the server erases one left unanswered for
// RetentionGraceDays (docs/domain.md §10). The rule is written once here and
// once in the app (pwa/src/data/retention.ts); testdata/dormancy.json holds
// the cases both test suites run.

package fieldbook

import "time"

// RetentionGraceDays is how long a dormant prospect waits for its agent's
// answer before the server erases it.
const RetentionGraceDays = 30

// The limits of retention.prospect_months besides 0, which keeps every name
// for ever.
const (
	MinProspectMonths = 6
	MaxProspectMonths = 120
)

// ProspectTrace is what the rule reads of a prospect: its converted
// customer file, the server's updated_at (its last change by its owner),
// the owner's kept_at (their answer "keep", which counts before it reaches
// the server) and the time of its latest interaction (an activity naming
// it, not deleted or voided, other than the 获客 that added it). A zero
// time is none.
type ProspectTrace struct {
	CustomerID   string
	UpdatedAt    time.Time
	KeptAt       time.Time
	LastActivity time.Time
}

// LastTouch is the latest of the prospect's times: when something last
// happened with it.
func (p ProspectTrace) LastTouch() time.Time {
	last := p.UpdatedAt
	for _, t := range []time.Time{p.KeptAt, p.LastActivity} {
		if t.After(last) {
			last = t
		}
	}
	return last
}

// Dormancy is where a prospect stands under the retention rule at a time.
type Dormancy struct {
	// Applies is false for a name the rule leaves alone: the team keeps
	// names for ever (0 months), the name became a customer file, or it
	// has no time to count from. The other fields are then zero.
	Applies bool
	// LastTouch is when something last happened with the name; DormantAt
	// is LastTouch and the team's months later, PurgeAt RetentionGraceDays
	// after that (calendar months and days in the team's time zone).
	LastTouch, DormantAt, PurgeAt time.Time
	// Dormant: now is past DormantAt, and the agent is asked. Purge: now is
	// past PurgeAt, and the server erases the name.
	Dormant, Purge bool
}

// ProspectDormancy applies the rule to a prospect at now, for a team that
// keeps names months months (0: for ever) in loc. A name is dormant when
// its last touch is more than months calendar months before now: exactly
// months is not yet.
func ProspectDormancy(p ProspectTrace, months int, loc *time.Location, now time.Time) Dormancy {
	last := p.LastTouch()
	if months <= 0 || p.CustomerID != "" || last.IsZero() {
		return Dormancy{}
	}
	d := Dormancy{Applies: true, LastTouch: last, DormantAt: AddMonths(last, months, loc)}
	d.PurgeAt = d.DormantAt.In(loc).AddDate(0, 0, RetentionGraceDays)
	d.Dormant, d.Purge = now.After(d.DormantAt), now.After(d.PurgeAt)
	return d
}

// AddMonths is t n calendar months later on loc's calendar, at the same
// wall-clock time; a day the month lacks becomes its last (Aug 31 and 6
// months is Feb 28, or 29 in a leap year), where time.AddDate would run
// into March.
func AddMonths(t time.Time, n int, loc *time.Location) time.Time {
	t = t.In(loc)
	y, m, d := t.Date()
	last := time.Date(y, m+time.Month(n)+1, 0, 12, 0, 0, 0, time.UTC).Day()
	return time.Date(y, m+time.Month(n), min(d, last), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), loc)
}
