package reports

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"

	"fieldbook"
	"fieldbook/scoring"
	"fieldbook/storage/directory"
	"fieldbook/storage/feed"
	"fieldbook/storage/kv"
	"fieldbook/sync/rules"
)

// The read side of scoring: what the standings, reviews and the goal
// calculator read, each from one snapshot and in proportion to the team or
// the agent asked about.

// TeamWeek returns the team's agents with their scored week starting on
// monday, ordered by name.
func (rp *Reports) TeamWeek(ctx context.Context, teamID string, monday scoring.Day) ([]scoring.AgentScore[scoring.WeekScore], error) {
	return teamScores[scoring.WeekScore](ctx, rp.db, teamID, "week:"+string(monday))
}

// TeamMonth returns the team's agents with their scored month.
func (rp *Reports) TeamMonth(ctx context.Context, teamID, month string) ([]scoring.AgentScore[scoring.MonthScore], error) {
	return teamScores[scoring.MonthScore](ctx, rp.db, teamID, "month:"+month)
}

func teamScores[T any](ctx context.Context, db *kv.DB, teamID, period string) ([]scoring.AgentScore[T], error) {
	var out []scoring.AgentScore[T]
	err := db.View(ctx, func(r *kv.View) error {
		agents, err := directory.TeamAgents(r, teamID)
		if err != nil {
			return err
		}
		for _, a := range agents {
			e := scoring.AgentScore[T]{Agent: a}
			e.Found, err = scoreInto(r, rules.ScoreID(a.ID, period), &e.Score)
			if err != nil {
				return err
			}
			out = append(out, e)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("team %s scores %s: %w", teamID, period, err)
	}
	return out, nil
}

// History reads an agent's month and what comes with it.
func (rp *Reports) History(ctx context.Context, agentID, month string) (scoring.AgentHistory, error) {
	h := scoring.AgentHistory{}
	first, next, err := scoring.MonthDays(month)
	if err != nil {
		return h, fieldbook.Errorf(fieldbook.CodeInvalid, "%v", err)
	}
	err = rp.db.View(ctx, func(r *kv.View) error {
		u, found, err := directory.UserIn(r, agentID)
		if err != nil {
			return err
		}
		if !found || u.Role != fieldbook.RoleAgent {
			return fieldbook.Errorf(fieldbook.CodeNotFound, "there is no agent %q", agentID)
		}
		h.Agent = u
		tm, _, err := directory.TeamIn(r, u.TeamID)
		if err != nil {
			return err
		}
		h.Settings, _ = rulesAt(tm, next.Add(-1))
		m := prevMonthN(month, 2)
		for range 3 {
			var ms scoring.MonthScore
			ok, err := scoreInto(r, rules.ScoreID(agentID, "month:"+m), &ms)
			if err != nil {
				return err
			}
			if !ok {
				ms = scoring.ScoreMonth(m, nil)
			}
			h.Months = append(h.Months, ms)
			m = nextMonth(m)
		}
		for mon := first.Monday(); mon < next; mon = mon.Add(7) {
			var w scoring.WeekScore
			ok, err := scoreInto(r, rules.ScoreID(agentID, "week:"+string(mon)), &w)
			if err != nil {
				return err
			}
			if ok && mon >= first {
				h.Weeks = append(h.Weeks, w)
			}
		}
		if h.Targets, err = goalTargets(r, agentID, month); err != nil {
			return err
		}
		// One pass over each interactions index, then the files.
		interactions, err := countBySubject(r, feed.CustomerInteractions(agentID))
		if err != nil {
			return err
		}
		byProspect, err := countBySubject(r, feed.ProspectInteractions(agentID))
		if err != nil {
			return err
		}
		if err := lastParts(r, feed.FilesOf(agentID, fieldbook.Customers), func(id string) error {
			var f customerFields
			if found, err := feed.ReadFields(r, fieldbook.Customers, id, &f); err != nil || !found {
				return err
			}
			c := f.customer(id)
			c.Interactions = interactions[id]
			if f.ProspectID != "" {
				c.Interactions += byProspect[f.ProspectID]
			}
			h.Customers = append(h.Customers, c)
			return nil
		}); err != nil {
			return err
		}
		return lastParts(r, feed.FilesOf(agentID, fieldbook.Prospects), func(id string) error {
			var f struct {
				Stage string `json:"stage"`
			}
			found, err := feed.ReadFields(r, fieldbook.Prospects, id, &f)
			if found && f.Stage != fieldbook.StageClosed && f.Stage != fieldbook.StageDropped {
				h.OpenProspects++
			}
			return err
		})
	})
	if err != nil {
		return scoring.AgentHistory{}, fmt.Errorf("history of %s: %w", agentID, err)
	}
	return h, nil
}

// prevMonthN is the month n months before month.
func prevMonthN(month string, n int) string {
	for range n {
		month = scoring.PrevMonth(month)
	}
	return month
}

func nextMonth(month string) string {
	_, next, _ := scoring.MonthDays(month)
	return next.Month()
}

// customerFields are the fields of a customer file that completeness
// looks at.
type customerFields struct {
	Name       string          `json:"name"`
	Age        json.RawMessage `json:"age"`
	Occupation string          `json:"occupation"`
	IncomeBand string          `json:"income_band"`
	Spouse     json.RawMessage `json:"spouse"`
	Children   json.RawMessage `json:"children"`
	Needs      []string        `json:"needs"`
	ProspectID string          `json:"prospect_id"`
}

func (f customerFields) customer(id string) scoring.Customer {
	present := func(v json.RawMessage) bool { return len(v) > 0 && string(v) != "null" }
	return scoring.Customer{ID: id, Name: f.Name, HasAge: present(f.Age), Occupation: f.Occupation, IncomeBand: f.IncomeBand,
		FamilyStated: present(f.Spouse) || present(f.Children), Needs: len(f.Needs)}
}

// countBySubject counts the keys under prefix by their next part (the
// customer or prospect of an interactions index).
func countBySubject(r kv.Reader, prefix []byte) (map[string]int, error) {
	out := map[string]int{}
	err := r.Keys(prefix, func(k []byte) error {
		rest := k[len(prefix):]
		if i := bytes.IndexByte(rest, '/'); i > 0 {
			out[string(rest[:i])]++
		}
		return nil
	})
	return out, err
}

// lastParts calls fn with the last part of each key under prefix (the id
// an index entry names).
func lastParts(r kv.Reader, prefix []byte, fn func(id string) error) error {
	return r.Keys(prefix, func(k []byte) error {
		return fn(string(k[bytes.LastIndexByte(k, '/')+1:]))
	})
}
