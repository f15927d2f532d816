package store

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/dgraph-io/badger/v4"

	"fieldbook"
	"fieldbook/scoring"
	"fieldbook/sync/rules"
)

// The read side of scoring: what the standings, reviews and the goal
// calculator read, each from one snapshot and in proportion to the team or
// the agent asked about.

// AgentScore is an agent with their scores record for a period, decoded
// into a scoring value; Found is false when they have none yet.
type AgentScore[T any] struct {
	Agent fieldbook.User
	Score T
	Found bool
}

// TeamWeek returns the team's agents with their scored week starting on
// monday, ordered by name.
func (s *Store) TeamWeek(ctx context.Context, teamID string, monday scoring.Day) ([]AgentScore[scoring.WeekScore], error) {
	return teamScores[scoring.WeekScore](ctx, s, teamID, "week:"+string(monday))
}

// TeamMonth returns the team's agents with their scored month.
func (s *Store) TeamMonth(ctx context.Context, teamID, month string) ([]AgentScore[scoring.MonthScore], error) {
	return teamScores[scoring.MonthScore](ctx, s, teamID, "month:"+month)
}

func teamScores[T any](ctx context.Context, s *Store, teamID, period string) ([]AgentScore[T], error) {
	var out []AgentScore[T]
	err := s.view(ctx, func(txn *badger.Txn) error {
		agents, err := txnTeamAgents(txn, teamID)
		if err != nil {
			return err
		}
		for _, a := range agents {
			e := AgentScore[T]{Agent: a}
			e.Found, err = txnScore(txn, rules.ScoreID(a.ID, period), &e.Score)
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

// txnTeamAgents lists the team's enabled agents by name.
func txnTeamAgents(txn *badger.Txn, teamID string) ([]fieldbook.User, error) {
	var out []fieldbook.User
	it := txn.NewIterator(badger.IteratorOptions{Prefix: key("tu", teamID, "")})
	defer it.Close()
	var ids []string
	for it.Rewind(); it.Valid(); it.Next() {
		k := string(it.Item().Key())
		ids = append(ids, k[strings.LastIndexByte(k, '/')+1:])
	}
	for _, id := range ids {
		var u storedUser
		ok, err := txnGetJSON(txn, userKey(id), &u)
		if err != nil {
			return nil, err
		}
		if ok && u.Role == fieldbook.RoleAgent && !u.Disabled {
			out = append(out, u.domain())
		}
	}
	slices.SortFunc(out, func(a, b fieldbook.User) int { return strings.Compare(a.Name+a.ID, b.Name+b.ID) })
	return out, nil
}

func txnScore(txn *badger.Txn, id string, into any) (bool, error) {
	item, err := txn.Get(recordKey(rules.Scores, id))
	if errors.Is(err, badger.ErrKeyNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return true, item.Value(func(v []byte) error { return decodeScore(v, into) })
}

func txnRecord(txn *badger.Txn, collection, id string) (rules.State, error) {
	item, err := txn.Get(recordKey(collection, id))
	if errors.Is(err, badger.ErrKeyNotFound) {
		return rules.State{}, nil
	}
	if err != nil {
		return rules.State{}, err
	}
	var st rules.State
	err = item.Value(func(v []byte) error {
		var err error
		st, _, err = decodeRecord(v)
		return err
	})
	return st, err
}

// txnKeys calls fn with the last path segment of each key under prefix.
func txnKeys(txn *badger.Txn, prefix []byte, fn func(last string) error) error {
	it := txn.NewIterator(badger.IteratorOptions{Prefix: prefix})
	defer it.Close()
	for it.Rewind(); it.Valid(); it.Next() {
		k := it.Item().Key()
		if err := fn(string(k[bytes.LastIndexByte(k, '/')+1:])); err != nil {
			return err
		}
	}
	return nil
}

// AgentHistory is what an agent's monthly review and the goal calculator
// read.
type AgentHistory struct {
	Agent fieldbook.User
	// Settings are the team's settings in force at the month's end.
	Settings fieldbook.TeamSettings
	// Months are the month asked for and the two before it, oldest first
	// (empty months included).
	Months []scoring.MonthScore
	// Weeks are the scored weeks that start in the month, oldest first.
	Weeks []scoring.WeekScore
	// Targets are the agent's own monthly targets, nil when none.
	Targets   map[string]int
	Customers []scoring.Customer
	// OpenProspects counts Plan 100 names not closed or dropped.
	OpenProspects int
}

// History reads an agent's month and what comes with it.
func (s *Store) History(ctx context.Context, agentID, month string) (AgentHistory, error) {
	h := AgentHistory{}
	first, next, err := scoring.MonthDays(month)
	if err != nil {
		return h, fieldbook.Errorf(fieldbook.CodeInvalid, "%v", err)
	}
	err = s.view(ctx, func(txn *badger.Txn) error {
		var u storedUser
		found, err := txnGetJSON(txn, userKey(agentID), &u)
		if err != nil {
			return err
		}
		if !found || u.Role != fieldbook.RoleAgent {
			return fieldbook.Errorf(fieldbook.CodeNotFound, "there is no agent %q", agentID)
		}
		h.Agent = u.domain()
		var tm storedTeam
		if _, err := txnGetJSON(txn, teamKey(u.TeamID), &tm); err != nil {
			return err
		}
		h.Settings, _ = rulesAt(tm, next.Add(-1))
		m := PrevMonthN(month, 2)
		for range 3 {
			var ms scoring.MonthScore
			ok, err := txnScore(txn, rules.ScoreID(agentID, "month:"+m), &ms)
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
			ok, err := txnScore(txn, rules.ScoreID(agentID, "week:"+string(mon)), &w)
			if err != nil {
				return err
			}
			if ok && mon >= first {
				h.Weeks = append(h.Weeks, w)
			}
		}
		if err := txnKeys(txn, key("gp", agentID, month, ""), func(id string) error {
			st, err := txnRecord(txn, rules.Goals, id)
			if err == nil && st.Fields["targets"].Value != nil {
				err = json.Unmarshal(st.Fields["targets"].Value, &h.Targets)
			}
			return err
		}); err != nil {
			return err
		}
		// One pass over each interactions index, then the files.
		interactions := countBySubject(txn, key("ci", agentID, ""))
		byProspect := countBySubject(txn, key("pi", agentID, ""))
		if err := txnKeys(txn, key("oc", agentID, rules.Customers, ""), func(id string) error {
			var f customerFields
			if found, err := txnFields(txn, rules.Customers, id, &f); err != nil || !found {
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
		return txnKeys(txn, key("oc", agentID, rules.Prospects, ""), func(id string) error {
			var f struct {
				Stage string `json:"stage"`
			}
			found, err := txnFields(txn, rules.Prospects, id, &f)
			if found && f.Stage != "closed" && f.Stage != "dropped" {
				h.OpenProspects++
			}
			return err
		})
	})
	if err != nil {
		return AgentHistory{}, fmt.Errorf("history of %s: %w", agentID, err)
	}
	return h, nil
}

// PrevMonthN is the month n months before month.
func PrevMonthN(month string, n int) string {
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

// countBySubject counts the keys under prefix by their next part (the
// customer or prospect of an interactions index).
func countBySubject(txn *badger.Txn, prefix []byte) map[string]int {
	out := map[string]int{}
	it := txn.NewIterator(badger.IteratorOptions{Prefix: prefix})
	defer it.Close()
	for it.Rewind(); it.Valid(); it.Next() {
		rest := it.Item().Key()[len(prefix):]
		if i := bytes.IndexByte(rest, '/'); i > 0 {
			out[string(rest[:i])]++
		}
	}
	return out
}

func (f customerFields) customer(id string) scoring.Customer {
	present := func(v json.RawMessage) bool { return len(v) > 0 && string(v) != "null" }
	return scoring.Customer{ID: id, Name: f.Name, HasAge: present(f.Age), Occupation: f.Occupation, IncomeBand: f.IncomeBand,
		FamilyStated: present(f.Spouse) || present(f.Children), Needs: len(f.Needs)}
}

// txnFields decodes a record's fields object into into, without its stamps.
func txnFields(txn *badger.Txn, collection, id string, into any) (bool, error) {
	item, err := txn.Get(recordKey(collection, id))
	if errors.Is(err, badger.ErrKeyNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return true, item.Value(func(v []byte) error { return decodeFields(v, into) })
}

// decodeFields decodes the fields object of a stored record.
func decodeFields(stored []byte, into any) error {
	h, err := parseRecord(stored)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(h.fields, into); err != nil {
		return fmt.Errorf("decode fields: %w", err)
	}
	return nil
}
