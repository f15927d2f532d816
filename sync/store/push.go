package store

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"fieldbook"
	"fieldbook/scoring"
	"fieldbook/sync/crdt"
	"fieldbook/sync/rules"
)

// rejectionTTL is how long a rejection is remembered, so that a change
// sent again after a lost answer gets its reason again.
const rejectionTTL = 31 * 24 * time.Hour

// Result statuses.
const (
	StatusApplied   = "applied"
	StatusDuplicate = "duplicate"
	StatusRejected  = "rejected"
)

// Incoming is one change of a push with the checks that need no store,
// made by Check in the caller's goroutine so that the single writer does
// only what needs the store.
type Incoming struct {
	Change fieldbook.Change
	// Pre is the verdict of rules.Precheck.
	Pre *fieldbook.Error
	// fields is the verdict of rules.CheckFields, valid when checked.
	fields  *fieldbook.Error
	checked bool
}

// Check prepares a change of size bytes of JSON for Push: it compacts the
// values and runs the checks that need neither the store nor the sender.
func Check(c fieldbook.Change, size int, now time.Time) Incoming {
	in := Incoming{Change: c, checked: true}
	if in.Pre = rules.Precheck(&in.Change, size, now); in.Pre != nil {
		return in
	}
	for k, v := range c.Fields {
		cv, err := compact(v)
		if err != nil {
			in.Pre = fieldbook.Errorf(fieldbook.CodeInvalid, "%s is not valid JSON", k)
			return in
		}
		c.Fields[k] = cv
	}
	in.fields = rules.CheckFields(&in.Change)
	return in
}

// Result is the outcome of one change.
type Result struct {
	Seq     int64  `json:"seq"`
	Status  string `json:"status"`
	Code    string `json:"code,omitempty"`
	Message string `json:"message,omitempty"`
}

// SeqGapError says a push started beyond the client's last seq + 1;
// nothing of it was applied.
type SeqGapError struct{ LastSeq int64 }

func (e *SeqGapError) Error() string {
	return fmt.Sprintf("seq_gap: the server has processed changes up to seq %d; send again from %d", e.LastSeq, e.LastSeq+1)
}

// ErrClientTaken is returned when a client_id belongs to another user.
var ErrClientTaken = fieldbook.Errorf(fieldbook.CodeForbidden, "this client_id belongs to another user; sign in on a fresh installation")

type clientState struct {
	User    string `json:"u"`
	LastSeq int64  `json:"l"`
}

type rejection struct {
	Code    string `json:"c"`
	Message string `json:"m"`
}

// ClientFree reports ErrClientTaken when another user holds client, and
// whether client is bound to userID already; it writes nothing: a request
// is checked with it before anything else, and before any check that may
// refuse it.
func (s *Store) ClientFree(ctx context.Context, userID, client string) (bound bool, err error) {
	return s.clientOf(ctx, userID, client)
}

// CheckClient binds client to userID on its first use and reports
// ErrClientTaken when another user holds it. Only a client's first request
// writes. Push binds the client itself.
func (s *Store) CheckClient(ctx context.Context, userID, client string) error {
	found, err := s.clientOf(ctx, userID, client)
	if err != nil || found {
		return err
	}
	return s.w.do(ctx, func(t *tx) error {
		_, err := bindClient(t, userID, client)
		return err
	})
}

// clientOf reads whether client is bound, ErrClientTaken when to another
// user than userID.
func (s *Store) clientOf(ctx context.Context, userID, client string) (bool, error) {
	var cs clientState
	found, err := s.getJSON(ctx, clientKey(client), &cs)
	if err != nil {
		return false, err
	}
	if found && cs.User != userID {
		return true, ErrClientTaken
	}
	return found, nil
}

func bindClient(t *tx, userID, client string) (clientState, error) {
	var cs clientState
	found, err := t.getJSON(clientKey(client), &cs)
	if err != nil {
		return cs, err
	}
	if found && cs.User != userID {
		return cs, ErrClientTaken
	}
	if !found {
		cs = clientState{User: userID}
		if err := t.setJSON(clientKey(client), cs); err != nil {
			return cs, err
		}
	}
	return cs, nil
}

// Push applies a client's changes, in order, as user userID, and returns one
// result per change. The changes' seqs must rise, by one from the first the
// server has not processed (checkSeqs); when that one is beyond the last
// processed + 1, nothing is applied and the error is a *SeqGapError. When Push returns, every applied
// change is durable and visible to every later pull.
func (s *Store) Push(ctx context.Context, userID, client string, changes []Incoming) ([]Result, error) {
	results := make([]Result, len(changes))
	work := newScoreWork()
	err := s.w.doThen(ctx, func(t *tx) error {
		cs, err := bindClient(t, userID, client)
		if err != nil {
			return err
		}
		user, ok, err := t.user(userID)
		if err != nil {
			return err
		}
		if !ok || user.Disabled {
			return fieldbook.Errorf(fieldbook.CodeUnauthorized, "the user is disabled")
		}
		if err := checkSeqs(changes, cs.LastSeq); err != nil {
			return err
		}
		dir := txDirectory{t: t, work: work, now: s.now()}
		now := s.timestamp()
		for i := range changes {
			in := &changes[i]
			seq := in.Change.Seq
			if seq <= cs.LastSeq {
				results[i], err = pastResult(t, client, seq)
				if err != nil {
					return err
				}
				continue
			}
			rej := in.Pre
			if rej == nil {
				rej, err = s.apply(t, user, in, dir, now, work)
				if err != nil {
					return fmt.Errorf("apply change %d: %w", seq, err)
				}
			}
			if rej != nil {
				results[i] = Result{Seq: seq, Status: StatusRejected, Code: rej.Code, Message: rej.Message}
				if err := t.setJSONTTL(rejectionKey(client, seq), rejection{rej.Code, rej.Message}, rejectionTTL); err != nil {
					return err
				}
			} else {
				results[i] = Result{Seq: seq, Status: StatusApplied}
			}
			cs.LastSeq = seq
		}
		work.markDirty(t)
		return t.setJSON(clientKey(client), cs)
	}, func(t *tx) error {
		if len(work.refs) == 0 {
			return nil
		}
		return s.rescore(t, work.sortedRefs())
	})
	if err != nil {
		return nil, err
	}
	return results, nil
}

// checkSeqs checks a push's seqs against the client's last processed one
// (SYNC.md): they rise; seqs already processed may be left out (a client
// that lost one answer but not the next sends [97, 99] when 98 is done);
// from the first new one on they rise by one. A first new seq beyond
// last + 1 is a *SeqGapError; any other break is a malformed request.
func checkSeqs(changes []Incoming, last int64) error {
	prev, started := int64(0), false
	for i := range changes {
		seq := changes[i].Change.Seq
		switch {
		case seq <= prev:
			return fieldbook.Errorf(fieldbook.CodeMalformed, "seq %d does not follow %d; a request's seqs rise", seq, prev)
		case seq <= last:
		case !started:
			if seq > last+1 {
				return &SeqGapError{LastSeq: last}
			}
			started = true
		case seq != prev+1:
			return fieldbook.Errorf(fieldbook.CodeMalformed, "seq %d does not follow %d; from the first seq the server has not processed, seqs rise by one", seq, prev)
		}
		prev = seq
	}
	return nil
}

// pastResult answers a change whose seq was processed before: rejected
// again with the same reason, or a duplicate.
func pastResult(t *tx, client string, seq int64) (Result, error) {
	var rej rejection
	found, err := t.getJSON(rejectionKey(client, seq), &rej)
	if err != nil {
		return Result{}, err
	}
	if found {
		return Result{Seq: seq, Status: StatusRejected, Code: rej.Code, Message: rej.Message}, nil
	}
	return Result{Seq: seq, Status: StatusDuplicate}, nil
}

// apply authorizes and merges one change; now is the server's time for
// created_at and updated_at, as JSON. A rejection is returned as the first
// value; the error is for a failure of the store.
func (s *Store) apply(t *tx, user fieldbook.User, in *Incoming, dir rules.Directory, now json.RawMessage, work *scoreWork) (*fieldbook.Error, error) {
	c := &in.Change
	if !in.checked {
		*in = Check(*c, 0, s.now())
		if in.Pre != nil {
			return in.Pre, nil
		}
	}
	st, oldSeq, err := t.record(c.Collection, c.ID)
	if err != nil {
		return nil, err
	}
	d, rej, err := rules.AuthorizeChecked(user, c, &st, dir, in.fields)
	if rej != nil || err != nil {
		return rej, err
	}
	was := placeOf(c.Collection, c.ID, &st)
	prevState, prevAmended, prevAt := st.Str(rules.FieldState), st.Bool(rules.FieldAmended), st.Str("occurred_at")
	if d.Create {
		st.Owner, st.Team = d.Owner, d.Team
		st.Fields = make(crdt.Fields, len(c.Fields)+4)
	}
	if st.ByOthers == nil {
		st.ByOthers = map[string]bool{}
	}
	stamp := crdt.Stamp(c.HLC)
	byOwner := user.ID == st.Owner
	var won []string
	for name, v := range c.Fields {
		if st.Fields.Set(name, crdt.Field{Value: v, Stamp: stamp}) {
			won = append(won, name)
			if byOwner {
				delete(st.ByOthers, name)
			} else {
				st.ByOthers[name] = true
			}
		}
	}
	if len(won) == 0 {
		return nil, nil // every field already held a newer value
	}
	derived := rules.ServerWrites(c.Collection, prevState, prevAmended, &st, won, byOwner)
	if derived == nil {
		derived = make(map[string]json.RawMessage, 4)
	}
	if d.Create {
		derived[rules.FieldOwner] = quoted(d.Owner)
		derived[rules.FieldTeam] = quoted(d.Team)
		derived[rules.FieldCreatedAt] = now
	}
	derived[rules.FieldUpdatedAt] = now
	writeDerived(&st, stamp, derived)
	var days []scoring.Day // an activity's, before and after
	switch c.Collection {
	case rules.Activities:
		if days, err = work.activityDays(t, st.Team, prevAt, st.Str("occurred_at")); err != nil {
			return nil, err
		}
		if byOwner {
			if err := s.amendActivityDays(t, st.Owner, st.Team, days, stamp, now, work); err != nil {
				return nil, err
			}
		}
	case rules.DayLogs:
		if err := t.followReview(work, prevState, prevAmended, &st); err != nil {
			return nil, err
		}
	}
	t.putRecord(c.Collection, c.ID, was, oldSeq, &st)
	return nil, work.touch(t, c.Collection, days, &st)
}

// quoted is s as a JSON string; s is an id or a name the server made.
func quoted(s string) json.RawMessage {
	b, _ := json.Marshal(s)
	return b
}

// timestamp is the server's time as stored in created_at and updated_at,
// as JSON.
func (s *Store) timestamp() json.RawMessage {
	return quoted(s.now().UTC().Format("2006-01-02T15:04:05.000Z07:00"))
}

// writeDerived sets the fields the server derives from a change. Their
// stamp is the server's, just past the change's own stamp and the fields'
// current ones, not the server's clock: a record's version then stays the
// version its writers made, and a device whose clock lags the server's
// does not find its next edit older than a version a reviewer saw.
func writeDerived(st *rules.State, change crdt.Stamp, values map[string]json.RawMessage) {
	past := change
	for k := range values {
		past = max(past, st.Fields[k].Stamp)
	}
	stamp := crdt.MakeStamp(past.Wall(), past.Counter(), crdt.ServerNode)
	if stamp <= past {
		stamp = crdt.Next(past, crdt.ServerNode)
	}
	for k, v := range values {
		st.Fields[k] = crdt.Field{Value: v, Stamp: stamp}
		st.ByOthers[k] = true
	}
}

// writeServerFields sets fields with one new server stamp.
func (s *Store) writeServerFields(st *rules.State, values map[string]json.RawMessage) {
	if len(values) == 0 {
		return
	}
	stamp := s.clock.Now()
	if st.ByOthers == nil {
		st.ByOthers = map[string]bool{}
	}
	for k, v := range values {
		st.Fields[k] = crdt.Field{Value: v, Stamp: stamp}
		st.ByOthers[k] = true
	}
}

func compact(v json.RawMessage) ([]byte, error) {
	// A scalar token as a decoder gives it, or a value with no byte that
	// could be insignificant white space, is compact already.
	if len(v) > 0 && v[0] != '{' && v[0] != '[' || !bytes.ContainsAny(v, " \t\r\n") {
		if !json.Valid(v) {
			return nil, errors.New("invalid JSON")
		}
		return v, nil
	}
	var b bytes.Buffer
	b.Grow(len(v))
	if err := json.Compact(&b, v); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// txDirectory looks users and teams up inside the writer's transaction.
type txDirectory struct {
	t    *tx
	work *scoreWork
	now  time.Time
}

func (d txDirectory) User(id string) (fieldbook.User, bool, error) { return d.t.user(id) }

func (d txDirectory) Location(team string) (*time.Location, error) { return d.work.location(d.t, team) }

func (d txDirectory) Now() time.Time { return d.now }
