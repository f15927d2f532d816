package store

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/dgraph-io/badger/v4"

	"fieldbook"
	"fieldbook/scoring"
	"fieldbook/sync/rules"
)

// Scores are kept as server-written `scores` records, one per agent and
// week and one per agent and month, that sync to the agent and their team.
// A change that may move a score marks the agent's week dirty (key
// sd/<agent>/<monday>) in the same job; right after, in the same
// transaction, the writer rescores the dirty weeks — following a streak
// into later weeks when it changed — and the months they touch, and clears
// the marks. Marks left by a crash are rescored when the store opens.
// Nothing rescores a whole team per request.

// weekRef names an agent's week by its Monday.
type weekRef struct {
	agent  string
	monday scoring.Day
}

func dirtyKey(r weekRef) []byte { return key("sd", r.agent, string(r.monday)) }

// scoreWork gathers, during one push, the weeks to rescore.
type scoreWork struct {
	locs   map[string]*time.Location // by team
	states map[weekRef]string        // logs' states by owner and day: logState
	refs   map[weekRef]bool
}

func newScoreWork() *scoreWork {
	return &scoreWork{locs: map[string]*time.Location{}, states: map[weekRef]string{}, refs: map[weekRef]bool{}}
}

// location is a team's current time zone.
func (w *scoreWork) location(t *tx, team string) (*time.Location, error) {
	if loc, ok := w.locs[team]; ok {
		return loc, nil
	}
	tm, _, err := t.team(team)
	if err != nil {
		return nil, err
	}
	loc, err := time.LoadLocation(tm.current().TimeZone)
	if err != nil {
		loc = time.UTC
	}
	w.locs[team] = loc
	return loc, nil
}

// logState is the state of the owner's log of day ("" when there is none
// or it is deleted), cached for the push: a push of many activities reads
// each day's log once.
func (w *scoreWork) logState(t *tx, owner string, day scoring.Day) (string, error) {
	k := weekRef{agent: owner, monday: day} // a day, here
	if state, seen := w.states[k]; seen {
		return state, nil
	}
	st, _, err := t.record(rules.DayLogs, rules.DayLogID(owner, string(day)))
	if err != nil {
		return "", err
	}
	state := ""
	if st.Exists() && !st.Bool(rules.FieldDeleted) {
		state = st.Str(rules.FieldState)
	}
	w.states[k] = state
	return state, nil
}

// inReview reports whether the owner's log of day is approved or
// submitted: then the day's activities move its counts or what it has
// pending.
func (w *scoreWork) inReview(t *tx, owner string, day scoring.Day) (bool, error) {
	state, err := w.logState(t, owner, day)
	return state == rules.StateApproved || state == rules.StateSubmitted, err
}

// activityDays are the days, in the team's zone, of an activity before
// (prevAt) and after (at) a change: one or two.
func (w *scoreWork) activityDays(t *tx, team, prevAt, at string) ([]scoring.Day, error) {
	loc, err := w.location(t, team)
	if err != nil {
		return nil, err
	}
	days := make([]scoring.Day, 0, 2)
	for _, v := range []string{prevAt, at} {
		when, err := time.Parse(time.RFC3339, v)
		if err != nil {
			continue
		}
		if d := scoring.DayOf(when, loc); !slices.Contains(days, d) {
			days = append(days, d)
		}
	}
	return days, nil
}

// touch marks the weeks a merged change may have moved: a log's week; an
// activity's week, on each of its days (activityDays), when the day is
// approved or submitted (activities on other days do not count, nor wait
// to); a weekly goal's week.
func (w *scoreWork) touch(t *tx, collection string, days []scoring.Day, after *rules.State) error {
	owner := after.Owner
	if owner == "" || after.Team == "" {
		return nil
	}
	mark := func(d scoring.Day) { w.refs[weekRef{owner, d.Monday()}] = true }
	switch collection {
	case rules.DayLogs:
		if d, err := scoring.ParseDay(after.Str(rules.FieldDate)); err == nil {
			mark(d)
		}
		clear(w.states) // the log may have changed state
	case rules.Activities:
		for _, d := range days {
			ok, err := w.inReview(t, owner, d)
			if err != nil {
				return err
			}
			if ok {
				mark(d)
			}
		}
	case rules.Goals:
		if d, err := scoring.WeekMonday(after.Str("period")); err == nil {
			mark(d)
		}
	}
	return nil
}

// markDirty records the touched weeks in the push's own writes, so that a
// crash before they are rescored leaves them to rescore on open.
func (w *scoreWork) markDirty(t *tx) {
	for r := range w.refs {
		t.set(dirtyKey(r), nil)
	}
}

// sortedRefs returns the touched weeks, oldest first.
func (w *scoreWork) sortedRefs() []weekRef {
	refs := slices.Collect(maps.Keys(w.refs))
	slices.SortFunc(refs, func(a, b weekRef) int {
		return strings.Compare(a.agent+string(a.monday), b.agent+string(b.monday))
	})
	return refs
}

// rescore rescores the weeks and the months they touch and clears their
// marks. It runs in the writer, after the writes that touched them.
func (s *Store) rescore(t *tx, refs []weekRef) error {
	months := map[string]map[string]bool{} // agent → months
	for _, r := range refs {
		if !r.monday.Valid() {
			// A week no calendar arithmetic can reach (a record of year
			// 9999): nothing to score, and never a reason to stop.
			s.log.Warn("scores: skipped a week outside the calendar", "agent", r.agent, "week", string(r.monday))
			t.del(dirtyKey(r))
			continue
		}
		for cur := r.monday; cur.Valid(); cur = cur.Add(7) {
			res, err := s.rescoreWeek(t, r.agent, cur)
			if err != nil {
				return fmt.Errorf("rescore %s week %s: %w", r.agent, cur, err)
			}
			if months[r.agent] == nil {
				months[r.agent] = map[string]bool{}
			}
			months[r.agent][cur.Month()] = true
			months[r.agent][cur.Add(6).Month()] = true
			// A changed streak carries into the next week, up to this one.
			if !res.streakChanged || cur.Add(7) > res.thisMonday {
				break
			}
		}
		t.del(dirtyKey(r))
	}
	for _, agent := range slices.Sorted(maps.Keys(months)) {
		for _, m := range slices.Sorted(maps.Keys(months[agent])) {
			if err := s.rescoreMonth(t, agent, m); err != nil {
				return fmt.Errorf("rescore %s month %s: %w", agent, m, err)
			}
		}
	}
	return nil
}

type weekResult struct {
	streakChanged bool
	thisMonday    scoring.Day // the current week's Monday in the team's zone
}

// rulesAt returns the settings in force on day d and their time zone.
func rulesAt(tm storedTeam, d scoring.Day) (fieldbook.TeamSettings, *time.Location) {
	rules := tm.current()
	for _, v := range tm.Settings {
		if v.From <= string(d) {
			rules = v.Settings
		}
	}
	loc, err := time.LoadLocation(rules.TimeZone)
	if err != nil {
		loc = time.UTC
	}
	return rules, loc
}

// rescoreWeek scores one agent's week from their logs, activities and
// weekly goal, and writes the week's scores record when it changed.
func (s *Store) rescoreWeek(t *tx, agent string, monday scoring.Day) (weekResult, error) {
	u, ok, err := t.user(agent)
	if err != nil || !ok || u.TeamID == "" {
		return weekResult{}, err
	}
	tm, ok, err := t.team(u.TeamID)
	if err != nil || !ok {
		return weekResult{}, err
	}
	settings, loc := rulesAt(tm, monday)
	in := scoring.WeekInput{Monday: monday, Location: loc, Rules: settings, Logs: map[scoring.Day]scoring.Log{}}
	for i := range 7 {
		d := monday.Add(i)
		st, _, err := t.record(rules.DayLogs, rules.DayLogID(agent, string(d)))
		if err != nil {
			return weekResult{}, err
		}
		if !st.Exists() {
			continue
		}
		l := logOf(d, &st)
		if l.Amended && l.State == rules.StateSubmitted {
			if l.Approved, err = t.approvedActivities(agent, d); err != nil {
				return weekResult{}, err
			}
		}
		in.Logs[d] = l
	}
	err = t.activitiesBetween(agent, monday.Start(loc), monday.Add(7).Start(loc), func(id string, f activityFields) {
		in.Activities = append(in.Activities, f.activity(id))
	})
	if err != nil {
		return weekResult{}, err
	}
	if in.Targets, err = t.goalTargets(agent, monday.Week()); err != nil {
		return weekResult{}, err
	}
	prev, _, err := t.weekScore(agent, monday.Add(-7))
	if err != nil {
		return weekResult{}, err
	}
	in.StreakIn = prev.StreakOut
	old, _, err := t.weekScore(agent, monday)
	if err != nil {
		return weekResult{}, err
	}
	w := scoring.ScoreWeek(in)
	if err := s.putScore(t, u, "week:"+string(monday), "week", w); err != nil {
		return weekResult{}, err
	}
	return weekResult{streakChanged: old.StreakOut != w.StreakOut,
		thisMonday: scoring.DayOf(s.now(), loc).Monday()}, nil
}

// rescoreMonth scores an agent's month from their scored weeks.
func (s *Store) rescoreMonth(t *tx, agent, month string) error {
	u, ok, err := t.user(agent)
	if err != nil || !ok || u.TeamID == "" {
		return err
	}
	first, next, err := scoring.MonthDays(month)
	if err != nil {
		return err
	}
	var weeks []scoring.WeekScore
	for mon := first.Monday(); mon < next; mon = mon.Add(7) {
		w, found, err := t.weekScore(agent, mon)
		if err != nil {
			return err
		}
		if found {
			weeks = append(weeks, w)
		}
	}
	return s.putScore(t, u, "month:"+month, "month", scoring.ScoreMonth(month, weeks))
}

// putScore writes a scores record when any of its values changed.
func (s *Store) putScore(t *tx, agent fieldbook.User, period, kind string, score any) error {
	raw, err := json.Marshal(score)
	if err != nil {
		return fmt.Errorf("encode score: %w", err)
	}
	var values map[string]json.RawMessage
	if err := json.Unmarshal(raw, &values); err != nil {
		return fmt.Errorf("encode score: %w", err)
	}
	values["agent_id"] = quoted(agent.ID)
	values["kind"] = quoted(kind)
	id := rules.ScoreID(agent.ID, period)
	before, oldSeq, err := t.record(rules.Scores, id)
	if err != nil {
		return err
	}
	changed := map[string]json.RawMessage{}
	for k, v := range values {
		if cur, ok := before.Fields[k]; !ok || !bytes.Equal(cur.Value, v) {
			changed[k] = v
		}
	}
	if len(changed) == 0 && before.Team == agent.TeamID {
		return nil
	}
	now := s.timestamp()
	changed[rules.FieldUpdatedAt] = now
	if oldSeq == 0 {
		changed[rules.FieldOwner], changed[rules.FieldTeam], changed[rules.FieldCreatedAt] = quoted(agent.ID), quoted(agent.TeamID), now
	}
	after := rules.State{Owner: agent.ID, Team: agent.TeamID, Fields: cloneFields(before.Fields), ByOthers: cloneBools(before.ByOthers)}
	s.clock.Observe(before.Fields.Version())
	s.writeServerFields(&after, changed)
	t.putRecord(rules.Scores, id, placeOf(rules.Scores, id, &before), oldSeq, &after)
	return nil
}

// weekScore reads an agent's scored week; a missing one is empty.
func (t *tx) weekScore(agent string, monday scoring.Day) (scoring.WeekScore, bool, error) {
	var w scoring.WeekScore
	found, err := t.scoreInto(rules.ScoreID(agent, "week:"+string(monday)), &w)
	return w, found, err
}

func (t *tx) scoreInto(id string, into any) (bool, error) {
	v, ok, err := t.get(recordKey(rules.Scores, id))
	if err != nil || !ok {
		return false, err
	}
	return true, decodeScore(v, into)
}

// decodeScore reads a stored scores record into a scoring value: the
// record's fields are the value's JSON fields.
func decodeScore(stored []byte, into any) error {
	h, err := parseRecord(stored)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(h.fields, into); err != nil {
		return fmt.Errorf("decode score: %w", err)
	}
	return nil
}

// goalTargets returns the targets of the agent's goal for period, nil
// when they set none.
func (t *tx) goalTargets(agent, period string) (map[string]int, error) {
	var targets map[string]int
	err := t.iterate(key("gp", agent, period, ""), func(k, _ []byte) error {
		id := string(k[bytes.LastIndexByte(k, '/')+1:])
		st, _, err := t.record(rules.Goals, id)
		if err != nil || !st.Exists() || st.Fields["targets"].Value == nil {
			return err
		}
		return json.Unmarshal(st.Fields["targets"].Value, &targets)
	})
	return targets, err
}

// activitiesBetween calls fn with each of the owner's activities whose
// occurred_at lies in [from, to), in time order (the at/ index).
func (t *tx) activitiesBetween(owner string, from, to time.Time, fn func(id string, f activityFields)) error {
	return t.iterateRange(activityTimeKey(owner, from, ""), activityTimeKey(owner, to, ""), func(k []byte) error {
		id := string(k[bytes.LastIndexByte(k, '/')+1:])
		v, found, err := t.get(recordKey(rules.Activities, id))
		if err != nil || !found {
			return err
		}
		var f activityFields
		if err := decodeFields(v, &f); err != nil {
			return err
		}
		fn(id, f)
		return nil
	})
}

// iterateRange calls fn with each key in [from, to), in order.
func (t *tx) iterateRange(from, to []byte, fn func(k []byte) error) error {
	it := t.txn.NewIterator(badger.IteratorOptions{PrefetchValues: false})
	defer it.Close()
	for it.Seek(from); it.Valid(); it.Next() {
		k := it.Item().Key()
		if bytes.Compare(k, to) >= 0 {
			return nil
		}
		if err := fn(bytes.Clone(k)); err != nil {
			return err
		}
	}
	return nil
}

func logOf(d scoring.Day, st *rules.State) scoring.Log {
	l := scoring.Log{Day: d, State: st.Str(rules.FieldState), Deleted: st.Bool(rules.FieldDeleted), Amended: st.Bool(rules.FieldAmended)}
	if v := st.Fields["plan"].Value; v != nil {
		json.Unmarshal(v, &l.Plan)
	}
	return l
}

// activityFields are the fields of an activity that scores look at.
type activityFields struct {
	Kind       string  `json:"kind"`
	OccurredAt string  `json:"occurred_at"`
	CustomerID string  `json:"customer_id"`
	ProspectID string  `json:"prospect_id"`
	Premium    float64 `json:"premium"`
	Voided     bool    `json:"voided"`
	Deleted    bool    `json:"_deleted"`
}

func (f activityFields) activity(id string) scoring.Activity {
	at, _ := time.Parse(time.RFC3339, f.OccurredAt)
	return scoring.Activity{ID: id, Kind: f.Kind, At: at, CustomerID: f.CustomerID, ProspectID: f.ProspectID,
		Premium: f.Premium, Voided: f.Voided, Deleted: f.Deleted}
}

// repairScores rescores, in the background, the weeks a crash left
// marked, one job each: a week that cannot be scored is logged and left
// for the next start, and never keeps the store from serving. It ends when
// the store closes.
func (s *Store) repairScores(ctx context.Context) {
	var refs []weekRef
	err := s.view(ctx, func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte("sd/")})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			parts := strings.Split(string(it.Item().Key()), "/")
			if len(parts) == 3 {
				refs = append(refs, weekRef{agent: parts[1], monday: scoring.Day(parts[2])})
			}
		}
		return nil
	})
	if err != nil {
		s.log.Error("scores: find the weeks left to rescore", "err", err)
		return
	}
	for _, r := range refs {
		err := s.w.do(ctx, func(t *tx) error { return s.rescore(t, []weekRef{r}) })
		if ctx.Err() != nil {
			return
		}
		if err != nil {
			s.log.Error("scores: rescore a week left by a crash; it is tried again at the next start", "agent", r.agent, "week", string(r.monday), "err", err)
		}
	}
}
