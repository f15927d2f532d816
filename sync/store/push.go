package store

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"fieldbook"
	"fieldbook/scoring"
	"fieldbook/storage/directory"
	"fieldbook/storage/feed"
	"fieldbook/storage/kv"
	"fieldbook/storage/privacy"
	"fieldbook/storage/reports"
	"fieldbook/sync/crdt"
	"fieldbook/sync/protocol"
	"fieldbook/sync/rules"
)

// rejectionTTL is how long a rejection is remembered, so that a change
// sent again after a lost answer gets its reason again.
const rejectionTTL = 31 * 24 * time.Hour

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

// bind binds client to userID on its first use and reports ErrClientTaken
// when another user holds it. A disabled or missing user, whom the pull
// would refuse, binds nothing: a refused request writes nothing. Push
// binds the client itself.
func (s *Store) bind(ctx context.Context, userID, client string) error {
	return s.db.Do(ctx, func(t *kv.Tx) error {
		if _, err := activeUser(t, userID, s.now()); err != nil {
			return err
		}
		_, err := bindClient(t, userID, client)
		return err
	})
}

// activeUser returns the user, or an unauthorized error when they are
// disabled or gone — but for an agent who left, whose phones may still
// hand over what they hold.
func activeUser(t *kv.Tx, userID string, now time.Time) (fieldbook.User, error) {
	user, ok, err := directory.UserIn(t, userID)
	if err != nil {
		return fieldbook.User{}, err
	}
	if !ok || user.Disabled && !user.HandingOver(now) {
		return fieldbook.User{}, fieldbook.Errorf(fieldbook.CodeUnauthorized, "the user is disabled")
	}
	return user, nil
}

// clientOf reads whether client is bound, ErrClientTaken when to another
// user than userID. It writes nothing: a request is checked with it before
// anything else, and before any check that may refuse it.
func (s *Store) clientOf(ctx context.Context, userID, client string) (bool, error) {
	var cs clientState
	var found bool
	err := s.db.View(ctx, func(r *kv.View) (err error) {
		found, err = kv.GetJSON(r, clientKey(client), &cs)
		return err
	})
	if err != nil {
		return false, err
	}
	if found && cs.User != userID {
		return true, ErrClientTaken
	}
	return found, nil
}

func bindClient(t *kv.Tx, userID, client string) (clientState, error) {
	var cs clientState
	found, err := kv.GetJSON(t, clientKey(client), &cs)
	if err != nil {
		return cs, err
	}
	if found && cs.User != userID {
		return cs, ErrClientTaken
	}
	if !found {
		cs = clientState{User: userID}
		if err := t.SetJSON(clientKey(client), cs); err != nil {
			return cs, err
		}
	}
	return cs, nil
}

// Push applies a client's changes, in order, as user userID, and returns one
// result per change. The changes' seqs must rise, by one from the first the
// server has not processed (protocol.CheckSeqs); when that one is beyond
// the last processed + 1, nothing is applied and the error is a
// *fieldbook.SeqGapError. When Push returns, every applied change is
// durable and visible to every later pull. Sync calls it once the
// request's checks have passed; a change not prepared by protocol.Check
// (the demo's) is prepared here.
func (s *Store) Push(ctx context.Context, userID, client string, changes []protocol.Prepared) ([]fieldbook.Result, error) {
	results, _, err := s.push(ctx, userID, client, changes, nil)
	return results, err
}

// push is Push that also returns the records the changes wrote, as
// stored, for the answer's pull (feed.Written). prepare, when set, is
// called with them in a goroutine of its own as soon as the changes are
// applied, while the commit is written and synced, and push returns once
// it is done (the answer's records are made ahead: feed.PrepareWire).
func (s *Store) push(ctx context.Context, userID, client string, changes []protocol.Prepared, prepare func(feed.Written)) ([]fieldbook.Result, feed.Written, error) {
	results := make([]fieldbook.Result, len(changes))
	var written feed.Written
	var prepared chan struct{} // closed when prepare is done
	work := reports.NewWork()
	err := s.db.DoThen(ctx, func(t *kv.Tx) error {
		cs, err := bindClient(t, userID, client)
		if err != nil {
			return err
		}
		user, err := activeUser(t, userID, s.now())
		if err != nil {
			return err
		}
		if err := protocol.CheckSeqs(changes, cs.LastSeq); err != nil {
			return err
		}
		if err := t.Prefetch(func() [][]byte { return readAhead(user.ID, changes, cs.LastSeq) }); err != nil {
			return err
		}
		dir := txDirectory{t: t, work: work, now: s.now()}
		written = make(feed.Written, len(changes))
		now := s.stamps.Timestamp()
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
			rej := in.Fault
			if rej == nil {
				rej, err = s.apply(t, user, in, dir, now, work, written)
				if err != nil {
					return fmt.Errorf("apply change %d: %w", seq, err)
				}
			}
			if rej != nil {
				results[i] = fieldbook.Result{Seq: seq, Status: fieldbook.StatusRejected, Code: rej.Code, Message: rej.Message}
				if err := t.SetJSONTTL(rejectionKey(client, seq), rejection{rej.Code, rej.Message}, rejectionTTL); err != nil {
					return err
				}
			} else {
				results[i] = fieldbook.Result{Seq: seq, Status: fieldbook.StatusApplied}
			}
			cs.LastSeq = seq
		}
		work.MarkDirty(t)
		if err := t.SetJSON(clientKey(client), cs); err != nil {
			return err
		}
		if prepare != nil {
			// written is complete: nothing writes it any more. Should the
			// commit fail, push returns the error and nothing reads what
			// prepare made.
			prepared = make(chan struct{})
			go func(w feed.Written) {
				defer close(prepared)
				defer func() {
					if r := recover(); r != nil {
						s.log.Error("preparing a push's answer panicked; the answer reads the records", "panic", r)
					}
				}()
				prepare(w)
			}(written)
		}
		return nil
	}, func(t *kv.Tx) error {
		return s.reports.Rescore(t, work)
	})
	if err != nil {
		return nil, nil, err
	}
	if prepared != nil {
		<-prepared
	}
	return results, written, nil
}

// readAhead are what applying userID's new changes reads most, for the
// job to read ahead (kv.Tx.Prefetch): each change's record and, for a
// consent, the state it updates.
func readAhead(userID string, changes []protocol.Prepared, last int64) [][]byte {
	keys := make([][]byte, 0, len(changes))
	for i := range changes {
		c := &changes[i].Change
		if c.Seq <= last || changes[i].Fault != nil {
			continue
		}
		keys = append(keys, feed.RecordKey(c.Collection, c.ID))
		if c.Collection == fieldbook.Consents {
			if k := privacy.StateKey(userID, c.Fields); k != nil {
				keys = append(keys, k)
			}
		}
	}
	return keys
}

// pastResult answers a change whose seq was processed before: rejected
// again with the same reason, or a duplicate.
func pastResult(t *kv.Tx, client string, seq int64) (fieldbook.Result, error) {
	var rej rejection
	found, err := kv.GetJSON(t, rejectionKey(client, seq), &rej)
	if err != nil {
		return fieldbook.Result{}, err
	}
	if found {
		return fieldbook.Result{Seq: seq, Status: fieldbook.StatusRejected, Code: rej.Code, Message: rej.Message}, nil
	}
	return fieldbook.Result{Seq: seq, Status: fieldbook.StatusDuplicate}, nil
}

// apply authorizes and merges one change; now is the server's time for
// created_at and updated_at, as JSON. The record written goes into
// written. A rejection is returned as the first value; the error is for a
// failure of the store.
func (s *Store) apply(t *kv.Tx, user fieldbook.User, in *protocol.Prepared, dir rules.Directory, now json.RawMessage, work *reports.Work, written feed.Written) (*fieldbook.Error, error) {
	c := &in.Change
	if !in.Checked {
		*in = protocol.Prepare(*c, 0, s.now())
		if in.Fault != nil {
			return in.Fault, nil
		}
	}
	st, oldSeq, err := feed.Read(t, c.Collection, c.ID)
	if err != nil {
		return nil, err
	}
	user, rej, err := handedTo(user, c.Collection, &st, dir)
	if rej != nil || err != nil {
		return rej, err
	}
	d, rej, err := rules.AuthorizeChecked(user, c, &st, dir, in.Fields)
	if rej != nil || err != nil {
		return rej, err
	}
	was := feed.PlaceOf(c.Collection, c.ID, &st)
	prevState, prevAmended, prevAt := st.Str(fieldbook.FieldState), st.Bool(fieldbook.FieldAmended), st.Str(fieldbook.FieldOccurredAt)
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
		derived[fieldbook.FieldOwner] = feed.Quoted(d.Owner)
		derived[fieldbook.FieldTeam] = feed.Quoted(d.Team)
		derived[fieldbook.FieldCreatedAt] = now
	}
	derived[fieldbook.FieldUpdatedAt] = now
	feed.WriteDerived(&st, stamp, derived)
	var days []scoring.Day // an activity's, before and after
	switch c.Collection {
	case fieldbook.Activities:
		if days, err = work.ActivityDays(t, st.Team, prevAt, st.Str(fieldbook.FieldOccurredAt)); err != nil {
			return nil, err
		}
		if byOwner {
			if err := s.reports.AmendActivityDays(t, st.Owner, st.Team, days, stamp, now, work); err != nil {
				return nil, err
			}
		}
	case fieldbook.DayLogs:
		if err := work.FollowReview(t, prevState, prevAmended, &st); err != nil {
			return nil, err
		}
	}
	if byOwner && rules.Personal(c.Collection) && slices.Contains(won, fieldbook.FieldDeleted) && st.Bool(fieldbook.FieldDeleted) {
		if err := privacy.Erase(t, c.Collection, c.ID, &st, stamp, now); err != nil {
			return nil, err
		}
	}
	written[c.Collection+"/"+c.ID] = feed.Put(t, c.Collection, c.ID, was, oldSeq, &st)
	if c.Collection == fieldbook.Consents && d.Create {
		if err := privacy.Recorded(t, c.ID, &st, stamp, now); err != nil {
			return nil, err
		}
	}
	return nil, work.Touch(t, c.Collection, days, &st)
}

// handedTo is who writes a change of user to a record of collection st.
// A departed agent's phone hands over what it held: a change to one of
// their people — new, or handed to the heir from them — is the heir's.
func handedTo(user fieldbook.User, collection string, st *rules.State, dir rules.Directory) (fieldbook.User, *fieldbook.Error, error) {
	if user.LeftAt == nil || !feed.OwnerOnly(collection) || st.Exists() && (st.Owner != user.HeirID || st.Str(fieldbook.FieldHandedFrom) != user.ID) {
		return user, nil, nil
	}
	heir, ok, err := dir.User(user.HeirID)
	if err != nil {
		return user, nil, fmt.Errorf("find heir %s: %w", user.HeirID, err)
	}
	if !ok || heir.Disabled {
		return user, fieldbook.Errorf(fieldbook.CodeForbidden, "your people went to a colleague who is no longer active; ask your supervisor"), nil
	}
	// The change is the departed agent's work, authorized as an agent's
	// even when their supervisor holds the person now.
	heir.Role = fieldbook.RoleAgent
	return heir, nil, nil
}

// txDirectory looks users and teams up inside the writer's transaction.
type txDirectory struct {
	t    *kv.Tx
	work *reports.Work
	now  time.Time
}

func (d txDirectory) User(id string) (fieldbook.User, bool, error) { return directory.UserIn(d.t, id) }

func (d txDirectory) Location(team string) (*time.Location, error) { return d.work.Location(d.t, team) }

func (d txDirectory) Now() time.Time { return d.now }

func (d txDirectory) Consent(owner, subject, group string) (rules.Consent, error) {
	return privacy.Consent(d.t, owner, subject, group)
}
