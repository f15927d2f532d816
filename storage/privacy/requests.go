// The register of data subjects' requests (PIPL Arts. 45–47): a copy of
// a person's data, its correction or its deletion, each with its due date,
// open until closed as done or refused; and the copy itself, one person's
// data read after its access is on record.

package privacy

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"fieldbook"
	"fieldbook/storage/feed"
	"fieldbook/storage/kv"
	"fieldbook/sync/rules"
)

// The key space of the register:
//
//	pr/<id>   a request
func requestKey(id string) []byte { return kv.Key("pr", id) }

var requestPrefix = kv.Key("pr", "")

// maxRequestNote is the longest note of a request or of its closing.
const maxRequestNote = 500

// Register is the register of requests of one store.
type Register struct {
	db  *kv.DB
	now func() time.Time
}

// NewRegister makes the register of db.
func NewRegister(db *kv.DB, now func() time.Time) *Register {
	return &Register{db: db, now: now}
}

// CreateRequest adds r to the register, open.
func (q *Register) CreateRequest(ctx context.Context, r fieldbook.PrivacyRequest) (fieldbook.PrivacyRequest, error) {
	r.Note = strings.TrimSpace(r.Note)
	switch {
	case r.Kind != fieldbook.RequestCopy && r.Kind != fieldbook.RequestCorrect && r.Kind != fieldbook.RequestDelete:
		return fieldbook.PrivacyRequest{}, fieldbook.Errorf(fieldbook.CodeInvalid, "kind must be copy, correct or delete")
	case r.Subject != fieldbook.Customers && r.Subject != fieldbook.Prospects:
		return fieldbook.PrivacyRequest{}, fieldbook.Errorf(fieldbook.CodeInvalid, "subject must be customers or prospects")
	case !rules.IsUUID(r.SubjectID) || !rules.IsUUID(r.AgentID) || r.CreatedBy == "":
		return fieldbook.PrivacyRequest{}, fieldbook.Errorf(fieldbook.CodeInvalid, "a request names the person's record, its agent and who records it")
	case r.ReceivedAt.IsZero() || r.ReceivedAt.UnixNano() < 0:
		return fieldbook.PrivacyRequest{}, fieldbook.Errorf(fieldbook.CodeInvalid, "received_at: when the request was received, after 1970")
	case r.DueAt.Before(r.ReceivedAt):
		return fieldbook.PrivacyRequest{}, fieldbook.Errorf(fieldbook.CodeInvalid, "a request is due after it is received")
	case utf8.RuneCountInString(r.Note) > maxRequestNote:
		return fieldbook.PrivacyRequest{}, fieldbook.Errorf(fieldbook.CodeInvalid, "note: at most %d characters", maxRequestNote)
	}
	if _, err := time.Parse(time.DateOnly, r.DueDate); err != nil {
		return fieldbook.PrivacyRequest{}, fieldbook.Errorf(fieldbook.CodeInvalid, "due_date must be a date YYYY-MM-DD")
	}
	r.ID = rules.NewID()
	r.Status, r.Overdue, r.Outcome, r.CloseNote, r.ClosedBy, r.ClosedAt = fieldbook.RequestOpen, false, "", "", "", nil
	r.CreatedAt = q.now().UTC()
	r.ReceivedAt, r.DueAt = r.ReceivedAt.UTC(), r.DueAt.UTC()
	err := q.db.Do(ctx, func(t *kv.Tx) error {
		st, _, err := feed.Read(t, r.Subject, r.SubjectID)
		if err != nil {
			return err
		}
		if !st.Exists() || st.Owner != r.AgentID {
			return fieldbook.Errorf(fieldbook.CodeNotFound, "the agent has no %s record %s", r.Subject, r.SubjectID)
		}
		return t.SetJSON(requestKey(r.ID), r)
	})
	if err != nil {
		return fieldbook.PrivacyRequest{}, fmt.Errorf("record a %s request: %w", r.Kind, err)
	}
	return r, nil
}

// HandOverRequests gives the open requests about the people of the agent
// from to the agent to, who holds them now (an agent's departure), in the
// job t.
func HandOverRequests(t *kv.Tx, from, to string) error {
	var moved []fieldbook.PrivacyRequest
	if err := kv.ScanJSON(t, requestPrefix, func(r *fieldbook.PrivacyRequest) {
		if r.AgentID == from && r.Status == fieldbook.RequestOpen {
			moved = append(moved, *r)
		}
	}); err != nil {
		return fmt.Errorf("find %s's open requests: %w", from, err)
	}
	for _, r := range moved {
		r.AgentID = to
		if err := t.SetJSON(requestKey(r.ID), r); err != nil {
			return err
		}
	}
	return nil
}

// Request returns one request.
func (q *Register) Request(ctx context.Context, id string) (fieldbook.PrivacyRequest, bool, error) {
	var r fieldbook.PrivacyRequest
	found := false
	err := q.db.View(ctx, func(v *kv.View) error {
		var err error
		found, err = kv.GetJSON(v, requestKey(id), &r)
		return err
	})
	if err != nil {
		return fieldbook.PrivacyRequest{}, false, fmt.Errorf("read request %s: %w", id, err)
	}
	r.Overdue = overdue(r, q.now())
	return r, found, nil
}

// overdue says whether r is open past its due time.
func overdue(r fieldbook.PrivacyRequest, now time.Time) bool {
	return r.Status == fieldbook.RequestOpen && !now.Before(r.DueAt)
}

// Requests returns the requests matching f, open first, then by due time
// and time received.
func (q *Register) Requests(ctx context.Context, f fieldbook.RequestQuery) ([]fieldbook.PrivacyRequest, error) {
	out := []fieldbook.PrivacyRequest{}
	now := q.now()
	err := q.db.View(ctx, func(v *kv.View) error {
		return kv.ScanJSON(v, requestPrefix, func(r *fieldbook.PrivacyRequest) {
			if (f.AgentID == "" || r.AgentID == f.AgentID) && (f.TeamID == "" || r.TeamID == f.TeamID) &&
				(!f.OpenOnly || r.Status == fieldbook.RequestOpen) {
				r.Overdue = overdue(*r, now)
				out = append(out, *r)
			}
		})
	})
	if err != nil {
		return nil, fmt.Errorf("read requests: %w", err)
	}
	slices.SortFunc(out, func(a, b fieldbook.PrivacyRequest) int {
		if a.Status != b.Status {
			if a.Status == fieldbook.RequestOpen {
				return -1
			}
			return 1
		}
		return cmp.Or(a.DueAt.Compare(b.DueAt), a.ReceivedAt.Compare(b.ReceivedAt), strings.Compare(a.ID, b.ID))
	})
	return out, nil
}

// CloseRequest closes an open request; a delete request is done only
// when the person's record is deleted.
func (q *Register) CloseRequest(ctx context.Context, id string, c fieldbook.RequestClose) (fieldbook.PrivacyRequest, error) {
	c.Note = strings.TrimSpace(c.Note)
	if c.Outcome != fieldbook.RequestDone && c.Outcome != fieldbook.RequestRefused {
		return fieldbook.PrivacyRequest{}, fieldbook.Errorf(fieldbook.CodeInvalid, "outcome must be done or refused")
	}
	if utf8.RuneCountInString(c.Note) > maxRequestNote || c.By == "" {
		return fieldbook.PrivacyRequest{}, fieldbook.Errorf(fieldbook.CodeInvalid, "a closing names who closes, with a note of at most %d characters", maxRequestNote)
	}
	var r fieldbook.PrivacyRequest
	err := q.db.Do(ctx, func(t *kv.Tx) error {
		if found, err := kv.GetJSON(t, requestKey(id), &r); err != nil {
			return err
		} else if !found {
			return fieldbook.Errorf(fieldbook.CodeNotFound, "there is no request %s", id)
		}
		if r.Status != fieldbook.RequestOpen {
			return fieldbook.Errorf(fieldbook.CodeConflict, "request %s is closed already", id)
		}
		if r.Kind == fieldbook.RequestDelete && c.Outcome == fieldbook.RequestDone {
			st, _, err := feed.Read(t, r.Subject, r.SubjectID)
			if err != nil {
				return err
			}
			if st.Exists() && !st.Bool(fieldbook.FieldDeleted) {
				return fieldbook.Errorf(fieldbook.CodeInvalid, "the person's record is not deleted yet: the agent deletes it (which erases their data), then the request is done")
			}
		}
		at := q.now().UTC()
		r.Status, r.Outcome, r.CloseNote, r.ClosedBy, r.ClosedAt = fieldbook.RequestClosed, c.Outcome, c.Note, c.By, &at
		return t.SetJSON(requestKey(id), r)
	})
	if err != nil {
		return fieldbook.PrivacyRequest{}, fmt.Errorf("close request %s: %w", id, err)
	}
	return r, nil
}

// PersonData records e, then reads one person's data from a snapshot
// taken after the entry's commit.
func (a *Access) PersonData(ctx context.Context, e fieldbook.AccessEntry, subject string) (fieldbook.PersonCopy, error) {
	if subject != fieldbook.Customers && subject != fieldbook.Prospects {
		return fieldbook.PersonCopy{}, fieldbook.Errorf(fieldbook.CodeInvalid, "subject must be customers or prospects")
	}
	if err := a.record(ctx, e); err != nil {
		return fieldbook.PersonCopy{}, err
	}
	out := fieldbook.PersonCopy{Subject: subject, ID: e.File, AgentID: e.AgentID, Consents: []json.RawMessage{}, Activities: []fieldbook.PersonActivity{}}
	err := a.db.View(ctx, func(r *kv.View) error {
		st, _, err := feed.Read(r, subject, e.File)
		if err != nil {
			return err
		}
		if !st.Exists() || st.Owner != e.AgentID {
			return fieldbook.Errorf(fieldbook.CodeNotFound, "the agent has no %s record %s", subject, e.File)
		}
		rec, err := feed.Raw(r, subject+"/"+e.File)
		if err != nil {
			return err
		}
		out.Fields = rec.Fields
		var ids []string
		collect := func(k []byte) error {
			ids = append(ids, string(k[bytes.LastIndexByte(k, '/')+1:]))
			return nil
		}
		if err := r.Keys(feed.ConsentsOf(e.AgentID, e.File), collect); err != nil {
			return err
		}
		for _, id := range ids {
			c, err := feed.Raw(r, fieldbook.Consents+"/"+id)
			if err != nil {
				return err
			}
			out.Consents = append(out.Consents, c.Fields)
		}
		link := fieldbook.FieldCustomerID
		if subject == fieldbook.Prospects {
			link = fieldbook.FieldProspectID
		}
		for _, owner := range Keepers(&st) {
			ids = ids[:0]
			if err := r.Keys(feed.ActivitiesOf(owner), collect); err != nil {
				return err
			}
			for _, id := range ids {
				var f map[string]json.RawMessage
				if found, err := feed.ReadFields(r, fieldbook.Activities, id, &f); err != nil || !found {
					return err
				}
				if s, _ := unquote(f[link]); s != e.File || string(f[fieldbook.FieldDeleted]) == "true" {
					continue
				}
				kind, _ := unquote(f[fieldbook.FieldKind])
				at, _ := unquote(f[fieldbook.FieldOccurredAt])
				out.Activities = append(out.Activities, fieldbook.PersonActivity{ID: id, Kind: kind, OccurredAt: at,
					Outcome: orNull(f[fieldbook.FieldOutcome]), NextStep: orNull(f[fieldbook.FieldNextStep])})
			}
		}
		return nil
	})
	if err != nil {
		return fieldbook.PersonCopy{}, fmt.Errorf("read %s %s's data: %w", subject, e.File, err)
	}
	return out, nil
}

// orNull is v, or JSON null when absent.
func orNull(v json.RawMessage) json.RawMessage {
	if len(v) == 0 {
		return json.RawMessage("null")
	}
	return v
}
