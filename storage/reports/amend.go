package reports

import (
	"fmt"
	"time"

	"fieldbook"

	"fieldbook/scoring"
	"fieldbook/storage/feed"
	"fieldbook/storage/kv"
	"fieldbook/sync/crdt"
	"fieldbook/sync/rules"
)

// Amendments (docs/protocol.md, docs/scoring.md). An owner's change to an approved day —
// its log, or an activity on it: created, edited, deleted, or moved onto or
// off it — sets the log back to submitted with amended: true, and until the
// day is reviewed again it counts what was approved. What was approved is
// kept under
//
//	ap/<owner>/<day>    the day's activities as approved
//
// the moment the day is first changed after its approval: every owner change
// after an approval amends the day before it is applied, so the day's
// activities just then are the ones the supervisor approved (a void since
// then is applied when scoring, as voids take effect at once). A review of
// the amendment, approving or returning it, drops the copy.

func approvedKey(owner string, day scoring.Day) []byte { return kv.Key("ap", owner, string(day)) }

// approvedActivity is one activity of an approved day as it was approved.
type approvedActivity struct {
	ID         string  `json:"id"`
	Kind       string  `json:"k"`
	At         string  `json:"at"`
	CustomerID string  `json:"c,omitempty"`
	ProspectID string  `json:"p,omitempty"`
	Premium    float64 `json:"pr,omitempty"`
	Voided     bool    `json:"v,omitempty"`
}

// AmendActivityDays amends the approved days an owner's change of an
// activity touches: its days before and after the change (activityDays).
// It runs before the activity's change is written.
func (rp *Reports) AmendActivityDays(t *kv.Tx, owner, team string, days []scoring.Day, stamp crdt.Stamp, now []byte, work *Work) error {
	if len(days) == 0 {
		return nil
	}
	loc, err := work.Location(t, team)
	if err != nil {
		return err
	}
	for _, d := range days {
		if err := rp.amendDay(t, owner, d, loc, stamp, now, work); err != nil {
			return fmt.Errorf("amend %s: %w", d, err)
		}
	}
	return nil
}

// amendDay sets the owner's log of day d back to submitted and amended
// when it is approved, keeping what was approved first.
func (rp *Reports) amendDay(t *kv.Tx, owner string, d scoring.Day, loc *time.Location, stamp crdt.Stamp, now []byte, work *Work) error {
	if state, err := work.logState(t, owner, d); err != nil || state != fieldbook.StateApproved {
		return err
	}
	id := rules.DayLogID(owner, string(d))
	st, oldSeq, err := feed.Read(t, fieldbook.DayLogs, id)
	if err != nil {
		return err
	}
	if err := keepApproved(t, owner, d, loc); err != nil {
		return err
	}
	was := feed.PlaceOf(fieldbook.DayLogs, id, &st)
	if st.ByOthers == nil {
		st.ByOthers = map[string]bool{}
	}
	values := rules.Amendment()
	values[fieldbook.FieldUpdatedAt] = now
	feed.WriteDerived(&st, stamp, values)
	feed.Put(t, fieldbook.DayLogs, id, was, oldSeq, &st)
	return work.Touch(t, fieldbook.DayLogs, nil, &st)
}

// followReview keeps or drops the copy of what a log's day approved, after
// a change to the log merged: kept when the change amended an approved
// log, dropped when a review ended an amendment.
func (w *Work) FollowReview(t *kv.Tx, prevState string, prevAmended bool, st *rules.State) error {
	d, err := scoring.ParseDay(st.Str(fieldbook.FieldDate))
	if err != nil {
		return nil
	}
	amended := st.Bool(fieldbook.FieldAmended)
	switch {
	case prevState == fieldbook.StateApproved && amended && st.Str(fieldbook.FieldState) == fieldbook.StateSubmitted:
		loc, err := w.Location(t, st.Team)
		if err != nil {
			return err
		}
		return keepApproved(t, st.Owner, d, loc)
	case prevAmended && !amended:
		t.Delete(approvedKey(st.Owner, d))
	}
	return nil
}

// keepApproved copies the owner's activities of day d, as they stand, as
// what the day approved.
func keepApproved(t *kv.Tx, owner string, d scoring.Day, loc *time.Location) error {
	var acts []approvedActivity
	err := activitiesBetween(t, owner, d.Start(loc), d.Add(1).Start(loc), func(id string, f activityFields) {
		if !f.Deleted {
			acts = append(acts, approvedActivity{ID: id, Kind: f.Kind, At: f.OccurredAt, CustomerID: f.CustomerID,
				ProspectID: f.ProspectID, Premium: f.Premium, Voided: f.Voided})
		}
	})
	if err != nil {
		return fmt.Errorf("keep what %s approved: %w", d, err)
	}
	if acts == nil {
		acts = []approvedActivity{}
	}
	return t.SetJSON(approvedKey(owner, d), acts)
}

// approvedActivities returns what the owner's amended day d approved, each
// with its current voided flag.
func approvedActivities(t kv.Reader, owner string, d scoring.Day) ([]scoring.Activity, error) {
	var kept []approvedActivity
	if _, err := kv.GetJSON(t, approvedKey(owner, d), &kept); err != nil {
		return nil, err
	}
	out := make([]scoring.Activity, 0, len(kept))
	for _, a := range kept {
		v, found, err := t.Get(feed.RecordKey(fieldbook.Activities, a.ID))
		if err != nil {
			return nil, err
		}
		if found {
			var now struct {
				Voided bool `json:"voided"`
			}
			if err := feed.Fields(v, &now); err != nil {
				return nil, err
			}
			a.Voided = now.Voided
		}
		f := activityFields{Kind: a.Kind, OccurredAt: a.At, CustomerID: a.CustomerID, ProspectID: a.ProspectID, Premium: a.Premium, Voided: a.Voided}
		out = append(out, f.activity(a.ID))
	}
	return out, nil
}
