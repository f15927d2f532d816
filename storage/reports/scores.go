// Package reports keeps the scores over kv and reads them: the
// server-written scores records of each agent's weeks and months (scores.go),
// rescored in the writer's transaction right after the changes that move
// them; what an approved day counted while it is amended (amend.go); and
// the read side — the team's weeks and months, an agent's history, the
// review queue (reports.go, queue.go). It implements scoring.Reports.
package reports

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"maps"
	"slices"
	"strings"
	"time"

	"fieldbook"
	"fieldbook/scoring"
	"fieldbook/storage/directory"
	"fieldbook/storage/feed"
	"fieldbook/storage/kv"
	"fieldbook/sync/rules"
)

// Reports is the scores of one store.
type Reports struct {
	db     *kv.DB
	stamps *feed.Stamps
	log    *slog.Logger
}

// New makes the scores of db.
func New(db *kv.DB, stamps *feed.Stamps, log *slog.Logger) *Reports {
	return &Reports{db: db, stamps: stamps, log: log}
}

var _ scoring.Reports = (*Reports)(nil)

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

func dirtyKey(r weekRef) []byte { return kv.Key("sd", r.agent, string(r.monday)) }

// Work gathers, during one push, the weeks to rescore, with what the push
// read of teams and logs.
type Work struct {
	locs   map[string]*time.Location // by team
	states map[weekRef]string        // logs' states by owner and day: logState
	refs   map[weekRef]bool
}

func NewWork() *Work {
	return &Work{locs: map[string]*time.Location{}, states: map[weekRef]string{}, refs: map[weekRef]bool{}}
}

// Location is a team's current time zone.
func (w *Work) Location(t *kv.Tx, team string) (*time.Location, error) {
	if loc, ok := w.locs[team]; ok {
		return loc, nil
	}
	tm, _, err := directory.TeamIn(t, team)
	if err != nil {
		return nil, err
	}
	loc, err := time.LoadLocation(tm.Current().TimeZone)
	if err != nil {
		loc = time.UTC
	}
	w.locs[team] = loc
	return loc, nil
}

// logState is the state of the owner's log of day ("" when there is none
// or it is deleted), cached for the push: a push of many activities reads
// each day's log once.
func (w *Work) logState(t *kv.Tx, owner string, day scoring.Day) (string, error) {
	k := weekRef{agent: owner, monday: day} // a day, here
	if state, seen := w.states[k]; seen {
		return state, nil
	}
	st, _, err := feed.Read(t, fieldbook.DayLogs, rules.DayLogID(owner, string(day)))
	if err != nil {
		return "", err
	}
	state := ""
	if st.Exists() && !st.Bool(fieldbook.FieldDeleted) {
		state = st.Str(fieldbook.FieldState)
	}
	w.states[k] = state
	return state, nil
}

// inReview reports whether the owner's log of day is approved or
// submitted: then the day's activities move its counts or what it has
// pending.
func (w *Work) inReview(t *kv.Tx, owner string, day scoring.Day) (bool, error) {
	state, err := w.logState(t, owner, day)
	return state == fieldbook.StateApproved || state == fieldbook.StateSubmitted, err
}

// ActivityDays are the days, in the team's zone, of an activity before
// (prevAt) and after (at) a change: one or two.
func (w *Work) ActivityDays(t *kv.Tx, team, prevAt, at string) ([]scoring.Day, error) {
	loc, err := w.Location(t, team)
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

// Touch marks the weeks a merged change may have moved: a log's week; an
// activity's week, on each of its days (activityDays), when the day is
// approved or submitted (activities on other days do not count, nor wait
// to); a weekly goal's week.
func (w *Work) Touch(t *kv.Tx, collection string, days []scoring.Day, after *rules.State) error {
	owner := after.Owner
	if owner == "" || after.Team == "" {
		return nil
	}
	mark := func(d scoring.Day) { w.refs[weekRef{owner, d.Monday()}] = true }
	switch collection {
	case fieldbook.DayLogs:
		if d, err := scoring.ParseDay(after.Str(fieldbook.FieldDate)); err == nil {
			mark(d)
		}
		clear(w.states) // the log may have changed state
	case fieldbook.Activities:
		for _, d := range days {
			ok, err := w.inReview(t, owner, d)
			if err != nil {
				return err
			}
			if ok {
				mark(d)
			}
		}
	case fieldbook.Goals:
		if d, err := scoring.WeekMonday(after.Str(fieldbook.FieldPeriod)); err == nil {
			mark(d)
		}
	}
	return nil
}

// MarkDirty records the touched weeks in the push's own writes, so that a
// crash before they are rescored leaves them to rescore on open.
func (w *Work) MarkDirty(t *kv.Tx) {
	for r := range w.refs {
		t.Set(dirtyKey(r), nil)
	}
}

// Rescore rescores the weeks work touched (see rescore); it runs in the
// writer, after the push that touched them.
func (rp *Reports) Rescore(t *kv.Tx, work *Work) error {
	if len(work.refs) == 0 {
		return nil
	}
	return rp.rescore(t, work.sortedRefs())
}

// RescoreTeam rescores the agents' weeks of monday (a change of the team's
// settings); it is the directory's RescoreTeam.
func (rp *Reports) RescoreTeam(t *kv.Tx, agents []string, monday scoring.Day) error {
	refs := make([]weekRef, len(agents))
	for i, a := range agents {
		refs[i] = weekRef{agent: a, monday: monday}
	}
	return rp.rescore(t, refs)
}

// sortedRefs returns the touched weeks, oldest first.
func (w *Work) sortedRefs() []weekRef {
	refs := slices.Collect(maps.Keys(w.refs))
	slices.SortFunc(refs, func(a, b weekRef) int {
		return strings.Compare(a.agent+string(a.monday), b.agent+string(b.monday))
	})
	return refs
}

// rescore rescores the weeks and the months they touch and clears their
// marks. It runs in the writer, after the writes that touched them.
func (rp *Reports) rescore(t *kv.Tx, refs []weekRef) error {
	months := map[string]map[string]bool{} // agent → months
	for _, r := range refs {
		if !r.monday.Valid() {
			// A week no calendar arithmetic can reach (a record of year
			// 9999): nothing to score, and never a reason to stop.
			rp.log.Warn("scores: skipped a week outside the calendar", "agent", r.agent, "week", string(r.monday))
			t.Delete(dirtyKey(r))
			continue
		}
		for cur := r.monday; cur.Valid(); cur = cur.Add(7) {
			res, err := rp.rescoreWeek(t, r.agent, cur)
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
		t.Delete(dirtyKey(r))
	}
	for _, agent := range slices.Sorted(maps.Keys(months)) {
		for _, m := range slices.Sorted(maps.Keys(months[agent])) {
			if err := rp.rescoreMonth(t, agent, m); err != nil {
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
func rulesAt(tm directory.Team, d scoring.Day) (fieldbook.TeamSettings, *time.Location) {
	rules := tm.Current()
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
func (rp *Reports) rescoreWeek(t *kv.Tx, agent string, monday scoring.Day) (weekResult, error) {
	u, ok, err := directory.UserIn(t, agent)
	if err != nil || !ok || u.TeamID == "" {
		return weekResult{}, err
	}
	tm, ok, err := directory.TeamIn(t, u.TeamID)
	if err != nil || !ok {
		return weekResult{}, err
	}
	settings, loc := rulesAt(tm, monday)
	in := scoring.WeekInput{Monday: monday, Location: loc, Rules: settings, Logs: map[scoring.Day]scoring.Log{}}
	for i := range 7 {
		d := monday.Add(i)
		st, _, err := feed.Read(t, fieldbook.DayLogs, rules.DayLogID(agent, string(d)))
		if err != nil {
			return weekResult{}, err
		}
		if !st.Exists() {
			continue
		}
		l := logOf(d, &st)
		if l.Amended && l.State == fieldbook.StateSubmitted {
			if l.Approved, err = approvedActivities(t, agent, d); err != nil {
				return weekResult{}, err
			}
		}
		in.Logs[d] = l
	}
	err = activitiesBetween(t, agent, monday.Start(loc), monday.Add(7).Start(loc), func(id string, f activityFields) {
		in.Activities = append(in.Activities, f.activity(id))
	})
	if err != nil {
		return weekResult{}, err
	}
	if in.Targets, err = goalTargets(t, agent, monday.Week()); err != nil {
		return weekResult{}, err
	}
	prev, _, err := weekScore(t, agent, monday.Add(-7))
	if err != nil {
		return weekResult{}, err
	}
	in.StreakIn = prev.StreakOut
	old, _, err := weekScore(t, agent, monday)
	if err != nil {
		return weekResult{}, err
	}
	w := scoring.ScoreWeek(in)
	if err := rp.putScore(t, u, "week:"+string(monday), "week", w); err != nil {
		return weekResult{}, err
	}
	return weekResult{streakChanged: old.StreakOut != w.StreakOut,
		thisMonday: scoring.DayOf(rp.stamps.Now(), loc).Monday()}, nil
}

// rescoreMonth scores an agent's month from their scored weeks.
func (rp *Reports) rescoreMonth(t *kv.Tx, agent, month string) error {
	u, ok, err := directory.UserIn(t, agent)
	if err != nil || !ok || u.TeamID == "" {
		return err
	}
	first, next, err := scoring.MonthDays(month)
	if err != nil {
		return err
	}
	var weeks []scoring.WeekScore
	for mon := first.Monday(); mon < next; mon = mon.Add(7) {
		w, found, err := weekScore(t, agent, mon)
		if err != nil {
			return err
		}
		if found {
			weeks = append(weeks, w)
		}
	}
	return rp.putScore(t, u, "month:"+month, "month", scoring.ScoreMonth(month, weeks))
}

// putScore writes a scores record when any of its values changed.
func (rp *Reports) putScore(t *kv.Tx, agent fieldbook.User, period, kind string, score any) error {
	raw, err := json.Marshal(score)
	if err != nil {
		return fmt.Errorf("encode score: %w", err)
	}
	var values map[string]json.RawMessage
	if err := json.Unmarshal(raw, &values); err != nil {
		return fmt.Errorf("encode score: %w", err)
	}
	values[fieldbook.FieldAgentID] = feed.Quoted(agent.ID)
	values[fieldbook.FieldKind] = feed.Quoted(kind)
	id := rules.ScoreID(agent.ID, period)
	before, oldSeq, err := feed.Read(t, fieldbook.Scores, id)
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
	now := rp.stamps.Timestamp()
	changed[fieldbook.FieldUpdatedAt] = now
	if oldSeq == 0 {
		changed[fieldbook.FieldOwner], changed[fieldbook.FieldTeam], changed[fieldbook.FieldCreatedAt] = feed.Quoted(agent.ID), feed.Quoted(agent.TeamID), now
	}
	after := feed.Clone(before)
	after.Owner, after.Team = agent.ID, agent.TeamID
	rp.stamps.Observe(before.Fields.Version())
	rp.stamps.Write(&after, changed)
	feed.Put(t, fieldbook.Scores, id, feed.PlaceOf(fieldbook.Scores, id, &before), oldSeq, &after)
	return nil
}

// weekScore reads an agent's scored week; a missing one is empty.
func weekScore(t kv.Reader, agent string, monday scoring.Day) (scoring.WeekScore, bool, error) {
	var w scoring.WeekScore
	found, err := scoreInto(t, rules.ScoreID(agent, "week:"+string(monday)), &w)
	return w, found, err
}

func scoreInto(t kv.Reader, id string, into any) (bool, error) {
	v, ok, err := t.Get(feed.RecordKey(fieldbook.Scores, id))
	if err != nil || !ok {
		return false, err
	}
	return true, decodeScore(v, into)
}

// decodeScore reads a stored scores record into a scoring value: the
// record's fields are the value's JSON fields.
func decodeScore(stored []byte, into any) error {
	if err := feed.Fields(stored, into); err != nil {
		return fmt.Errorf("decode score: %w", err)
	}
	return nil
}

// goalTargets returns the targets of the agent's goal for period, nil
// when they set none.
func goalTargets(t kv.Reader, agent, period string) (map[string]int, error) {
	var targets map[string]int
	err := t.Iterate(kv.Key("gp", agent, period, ""), func(k, _ []byte) error {
		id := string(k[bytes.LastIndexByte(k, '/')+1:])
		st, _, err := feed.Read(t, fieldbook.Goals, id)
		if err != nil || !st.Exists() || st.Fields[fieldbook.FieldTargets].Value == nil {
			return err
		}
		return json.Unmarshal(st.Fields[fieldbook.FieldTargets].Value, &targets)
	})
	return targets, err
}

// activitiesBetween calls fn with each of the owner's activities whose
// occurred_at lies in [from, to), in time order (the at/ index).
func activitiesBetween(t kv.Reader, owner string, from, to time.Time, fn func(id string, f activityFields)) error {
	return t.Range(feed.ActivityTimeKey(owner, from, ""), feed.ActivityTimeKey(owner, to, ""), func(k []byte) error {
		id := string(k[bytes.LastIndexByte(k, '/')+1:])
		v, found, err := t.Get(feed.RecordKey(fieldbook.Activities, id))
		if err != nil || !found {
			return err
		}
		var f activityFields
		if err := feed.Fields(v, &f); err != nil {
			return err
		}
		fn(id, f)
		return nil
	})
}

func logOf(d scoring.Day, st *rules.State) scoring.Log {
	l := scoring.Log{Day: d, State: st.Str(fieldbook.FieldState), Deleted: st.Bool(fieldbook.FieldDeleted), Amended: st.Bool(fieldbook.FieldAmended)}
	if v := st.Fields[fieldbook.FieldPlan].Value; v != nil {
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

// RepairScores rescores, in the background, the weeks a crash left
// marked, one job each: a week that cannot be scored is logged and left
// for the next start, and never keeps the store from serving. It ends when
// the store closes.
func (rp *Reports) RepairScores(ctx context.Context) {
	var refs []weekRef
	err := rp.db.View(ctx, func(r *kv.View) error {
		return r.Keys([]byte("sd/"), func(k []byte) error {
			if parts := strings.Split(string(k), "/"); len(parts) == 3 {
				refs = append(refs, weekRef{agent: parts[1], monday: scoring.Day(parts[2])})
			}
			return nil
		})
	})
	if err != nil {
		rp.log.Error("scores: find the weeks left to rescore", "err", err)
		return
	}
	for _, r := range refs {
		err := rp.db.Do(ctx, func(t *kv.Tx) error { return rp.rescore(t, []weekRef{r}) })
		if ctx.Err() != nil {
			return
		}
		if err != nil {
			rp.log.Error("scores: rescore a week left by a crash; it is tried again at the next start", "agent", r.agent, "week", string(r.monday), "err", err)
		}
	}
}
