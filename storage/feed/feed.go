// Package feed keeps records in their feeds, over kv: a record's stored
// form (codec.go), its place in the feeds of its owner, its team and its
// team's shared records under its latest feed number, and the secondary
// indexes it keeps up to date (the review queue, activities by time,
// interactions, goals, an owner's files). Replication writes clients'
// changes through it; the directory (members, team moves) and the scores
// write the server's own records through it too (stamps.go).
package feed

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"fieldbook"
	"fieldbook/storage/kv"
	"fieldbook/sync/rules"
)

// The key space of records:
//
//	r/<collection>/<id>           a record: owner, team, feed seq, fields, stamps
//	f/o/<owner>/<seq>             the feed of one owner's records (the agent)
//	f/t/<team>/<seq>              the feed of one team's records (its supervisors)
//	f/s/<team>/<seq>              the feed of a team's shared records (members, scores)
//	f/n/<seq>                     the feed of records of no team (admins' members)
//
// A person's records — customers, prospects and their consents (OwnerOnly)
// — sit in their owner's feed only: a supervisor or an admin opens them on
// purpose through the access log (storage/privacy), never by sync.
//
// An admin reads every team's feed and f/n, merged by seq. A record
// appears in each feed at most once, under its latest seq: an update
// deletes the old entries. So a pull from cursor 0 visits each record once,
// and a pull from c visits only what changed after c.
//
// The indexes (indexKeys):
//
//	q/<team>/<date>/<log>                 work logs waiting for review
//	at/<owner>/<ms>/<activity>            activities by time (scores)
//	ci/<owner>/<customer>/<activity>      interactions with a customer file (not voided)
//	pi/<owner>/<prospect>/<activity>      interactions with a Plan 100 name (not voided)
//	gp/<owner>/<period>/<goal>            goals by period
//	oc/<owner>/<collection>/<id>          an owner's customers and prospects
//	cr/<owner>/<subject>/<consent>        the consent records of a person

// RecordKey is where a record is stored.
func RecordKey(collection, id string) []byte { return kv.Key("r", collection, id) }

// OwnerFeed, TeamFeed and SharedFeed are the feed prefixes, each ending in
// '/' (ready for a seq); NoTeamFeed is the feed of records of no team.
func OwnerFeed(owner string) []byte { return kv.Key("f", "o", owner, "") }
func TeamFeed(team string) []byte   { return kv.Key("f", "t", team, "") }
func SharedFeed(team string) []byte { return kv.Key("f", "s", team, "") }

// NoTeamFeed is the feed of records of no team.
var NoTeamFeed = []byte("f/n/")

// OwnerOnly says whether a collection's records sit in their owner's feed
// alone: a person's data (customers, prospects) and their consents.
func OwnerOnly(collection string) bool {
	return rules.Personal(collection) || collection == fieldbook.Consents
}

// feedKeys are a record's entries, at seq, in the feeds a record of
// collection belongs to (each key's prefix up to its last '/' is the
// feed, as Touch takes it), carved from one allocation.
func feedKeys(collection, owner, team string, seq uint64) [][]byte {
	var prefixes [3]string
	feeds := prefixes[:0]
	if owner != "" {
		feeds = append(feeds, "f/o/"+owner)
	}
	if !OwnerOnly(collection) || owner == "" {
		switch {
		case team == "":
			feeds = append(feeds, "f/n")
		case rules.Shared(collection):
			feeds = append(feeds, "f/t/"+team, "f/s/"+team)
		default:
			feeds = append(feeds, "f/t/"+team)
		}
	}
	size := 0
	for _, f := range feeds {
		size += len(f) + 9
	}
	buf := make([]byte, 0, size)
	out := make([][]byte, len(feeds))
	for i, f := range feeds {
		start := len(buf)
		buf = binary.BigEndian.AppendUint64(append(append(buf, f...), '/'), seq)
		out[i] = buf[start:len(buf):len(buf)]
	}
	return out
}

// Visible are the feed prefixes a user reads: an admin every team's (of
// teams) and the teamless one, a supervisor their team's and their own (the
// people a departed agent left them), an agent their own and the team's
// shared ones. A record in two of them is read once (they share its seq).
func Visible(u fieldbook.User, teams []string) [][]byte {
	switch {
	case u.Role == fieldbook.RoleAdmin:
		out := [][]byte{NoTeamFeed}
		for _, t := range teams {
			out = append(out, TeamFeed(t))
		}
		return out
	case u.TeamID == "":
		return [][]byte{OwnerFeed(u.ID)}
	case u.Role == fieldbook.RoleSupervisor:
		return [][]byte{TeamFeed(u.TeamID), OwnerFeed(u.ID)}
	default:
		return [][]byte{OwnerFeed(u.ID), SharedFeed(u.TeamID)}
	}
}

// Read reads a record's state and feed seq; a missing record is empty.
func Read(r kv.Reader, collection, id string) (rules.State, uint64, error) {
	v, ok, err := r.Get(RecordKey(collection, id))
	if err != nil || !ok {
		return rules.State{}, 0, err
	}
	return Decode(v)
}

// Raw reads the record a feed entry refers to ("collection/id") for the
// wire, without decoding its fields.
func Raw(r kv.Reader, ref string) (fieldbook.RawRecord, error) {
	collection, id, ok := strings.Cut(ref, "/")
	if !ok {
		return fieldbook.RawRecord{}, fmt.Errorf("bad feed entry %q", ref)
	}
	v, found, err := r.Get(RecordKey(collection, id))
	if err != nil || !found {
		return fieldbook.RawRecord{}, fmt.Errorf("read record %s: found %v: %w", ref, found, err)
	}
	h, err := parse(v)
	if err != nil {
		return fieldbook.RawRecord{}, fmt.Errorf("record %s: %w", ref, err)
	}
	stamps, err := h.stampsJSON()
	if err != nil {
		return fieldbook.RawRecord{}, fmt.Errorf("record %s: %w", ref, err)
	}
	return fieldbook.RawRecord{Collection: collection, ID: id, Fields: h.fields, Stamps: stamps}, nil
}

// RawMany reads the records feed entries refer to, in their order, for the
// wire: one GetMany.
func RawMany(r kv.Reader, refs []string) ([]fieldbook.RawRecord, error) {
	return RawManyKnown(r, refs, nil, nil, nil)
}

// Stored is a record as Put stored it, under its feed seq, and, once
// PrepareWire has made it, its wire form for the answer of the push that
// wrote it.
type Stored struct {
	Seq   uint64
	Value []byte
	Wire  *fieldbook.RawRecord
}

// PrepareWire makes the wire form of each record in written, with the
// fields echoes names left out, as RawManyKnown would make it from
// Value: the answer's pull then takes it as it is. A push makes it while
// its commit is being written and synced. A record it cannot read keeps
// no wire form (RawManyKnown then reads Value and says why).
func PrepareWire(written Written, echoes Echoes) {
	for ref, k := range written {
		collection, id, ok := strings.Cut(ref, "/")
		if !ok {
			continue
		}
		rec := fieldbook.RawRecord{Collection: collection, ID: id}
		if err := wireOf(&rec, k.Value, echoes); err == nil {
			k.Wire = &rec
			written[ref] = k
		}
	}
}

// wireOf fills rec, whose collection and id are set, from its stored
// form, leaving out the fields echoes names.
func wireOf(rec *fieldbook.RawRecord, stored []byte, echoes Echoes) error {
	h, err := parse(stored)
	if err != nil {
		return err
	}
	var drop func(name, value, stamp []byte) bool
	if echoes != nil {
		if drop = echoes(rec.Collection, rec.ID); drop != nil {
			var ok bool
			if rec.Fields, rec.Stamps, ok = h.omitted(drop); ok {
				return nil
			}
		}
	}
	if rec.Stamps, err = h.stampsJSON(); err != nil {
		return err
	}
	rec.Fields = h.fields
	if drop != nil {
		*rec = Omit(*rec, drop)
	}
	return nil
}

// Written are records just written, by feed entry ("collection/id"), so
// that the answer to the push that wrote them need not read them back.
type Written map[string]Stored

// RawManyKnown is RawMany for feed entries at seqs, taking a record from
// known instead of the store where known holds it under the entry's seq.
// That is the record the reader would read: a record's feed entries sit
// under its latest seq only, and every write of it takes a new seq and
// moves them in the same commit, so a reader that sees the entry at a seq
// sees the record as it was stored with that seq. echoes, when not nil,
// leaves out of each record the fields it names, as Omit does; a record
// known holds in its wire form (PrepareWire, with the same echoes) is
// taken as it is.
func RawManyKnown(r kv.Reader, refs []string, seqs []uint64, known Written, echoes Echoes) ([]fieldbook.RawRecord, error) {
	out := make([]fieldbook.RawRecord, len(refs))
	vals := make([][]byte, len(refs))
	made := make([]bool, len(refs)) // out[i] is its wire form, made ahead
	keys := make([][]byte, 0, len(refs))
	var at []int // where the values read from the store go
	for i, ref := range refs {
		collection, id, ok := strings.Cut(ref, "/")
		if !ok {
			return nil, fmt.Errorf("bad feed entry %q", ref)
		}
		out[i].Collection, out[i].ID = collection, id
		if k, ok := known[ref]; ok && k.Seq == seqs[i] {
			if k.Wire != nil {
				out[i], made[i] = *k.Wire, true
				continue
			}
			vals[i] = k.Value
			continue
		}
		keys = append(keys, RecordKey(collection, id))
		at = append(at, i)
	}
	if len(keys) > 0 {
		read, err := r.GetMany(keys)
		if err != nil {
			return nil, err
		}
		for j, v := range read {
			vals[at[j]] = v
		}
	}
	for i, v := range vals {
		if made[i] {
			continue // its wire form, made ahead
		}
		if v == nil {
			return nil, fmt.Errorf("read record %s: not found", refs[i])
		}
		if err := wireOf(&out[i], v, echoes); err != nil {
			return nil, fmt.Errorf("record %s: %w", refs[i], err)
		}
	}
	return out, nil
}

// Fields decodes a stored record's fields into into, a struct of the
// fields a reader looks at.
func Fields(stored []byte, into any) error {
	h, err := parse(stored)
	if err != nil {
		return err
	}
	return decodeJSON(h.fields, into)
}

// Place is where a record sits in the feeds and the secondary indexes.
type Place struct {
	owner, team string
	index       [][]byte
}

// PlaceOf is where the record st sits now.
func PlaceOf(collection, id string, st *rules.State) Place {
	return Place{owner: st.Owner, team: st.Team, index: indexKeys(collection, id, st)}
}

// Put writes a record under a new seq and moves its feed and index
// entries from where it was to where it now belongs; it returns the
// record as stored.
func Put(t *kv.Tx, collection, id string, was Place, oldSeq uint64, after *rules.State) Stored {
	seq := t.NextSeq()
	stored := Encode(after, seq)
	t.Set(RecordKey(collection, id), stored)
	if oldSeq > 0 {
		for _, k := range feedKeys(collection, was.owner, was.team, oldSeq) {
			t.Delete(k)
		}
	}
	ref := []byte(collection + "/" + id)
	for _, k := range feedKeys(collection, after.Owner, after.Team, seq) {
		t.Set(k, ref)
		t.Touch(k[:len(k)-9]) // wakes the long-polls of the feed's readers
	}
	now := indexKeys(collection, id, after)
	for _, k := range was.index {
		if !slices.ContainsFunc(now, func(n []byte) bool { return bytes.Equal(n, k) }) {
			t.Delete(k)
		}
	}
	for _, k := range now {
		t.Set(k, nil)
	}
	return Stored{Seq: seq, Value: stored}
}

// QueueKey is a work log's entry in its team's review queue.
func QueueKey(team, date, id string) []byte { return kv.Key("q", team, date, id) }

// indexKeys are a record's entries in the secondary indexes.
func indexKeys(collection, id string, st *rules.State) [][]byte {
	if !st.Exists() {
		return nil
	}
	deleted := st.Bool(fieldbook.FieldDeleted)
	switch collection {
	case fieldbook.DayLogs:
		if st.Team != "" && !deleted && st.Str(fieldbook.FieldState) == fieldbook.StateSubmitted {
			return [][]byte{QueueKey(st.Team, st.Str(fieldbook.FieldDate), id)}
		}
	case fieldbook.Activities:
		var out [][]byte
		if at, err := time.Parse(time.RFC3339, st.Str(fieldbook.FieldOccurredAt)); err == nil {
			out = append(out, ActivityTimeKey(st.Owner, at, id))
		}
		// Interactions with a customer file: the activities naming the
		// customer, or the Plan 100 name it came from (adding the name is
		// not an interaction); voided ones do not count.
		if deleted || st.Bool(fieldbook.FieldVoided) {
			return out
		}
		if c := st.Str(fieldbook.FieldCustomerID); c != "" {
			out = append(out, kv.Key("ci", st.Owner, c, id))
		}
		if p := st.Str(fieldbook.FieldProspectID); p != "" && st.Str(fieldbook.FieldKind) != string(fieldbook.KindProspect) {
			out = append(out, kv.Key("pi", st.Owner, p, id))
		}
		return out
	case fieldbook.Goals:
		if !deleted {
			return [][]byte{kv.Key("gp", st.Owner, st.Str(fieldbook.FieldPeriod), id)}
		}
	case fieldbook.Customers, fieldbook.Prospects:
		if !deleted {
			return [][]byte{kv.Key("oc", st.Owner, collection, id)}
		}
	case fieldbook.Consents:
		return [][]byte{kv.Key("cr", st.Owner, st.Str(fieldbook.FieldSubjectID), id)}
	}
	return nil
}

// ActivityTimeKey orders an owner's activities by time; times before 1970
// sort first.
func ActivityTimeKey(owner string, at time.Time, id string) []byte {
	b := binary.BigEndian.AppendUint64(kv.Key("at", owner, ""), uint64(max(at.UnixMilli(), 0)))
	return append(append(b, '/'), id...)
}

// CustomerInteractions, ProspectInteractions, GoalsOf, FilesOf,
// ConsentsOf and ActivitiesOf are the index prefixes of an owner.
func CustomerInteractions(owner string) []byte { return kv.Key("ci", owner, "") }
func ProspectInteractions(owner string) []byte { return kv.Key("pi", owner, "") }
func GoalsOf(owner, period string) []byte      { return kv.Key("gp", owner, period, "") }
func FilesOf(owner, collection string) []byte  { return kv.Key("oc", owner, collection, "") }
func ConsentsOf(owner, subject string) []byte  { return kv.Key("cr", owner, subject, "") }
func ActivitiesOf(owner string) []byte         { return kv.Key("at", owner, "") }

// InteractionsWith is the prefix of the interactions with one of an
// owner's prospects.
func InteractionsWith(owner, prospect string) []byte { return kv.Key("pi", owner, prospect, "") }

// ReadFields decodes the fields of a stored record into into; found is
// false when there is no such record.
func ReadFields(r kv.Reader, collection, id string, into any) (bool, error) {
	v, ok, err := r.Get(RecordKey(collection, id))
	if err != nil || !ok {
		return false, err
	}
	return true, Fields(v, into)
}

func decodeJSON(b []byte, into any) error {
	if err := json.Unmarshal(b, into); err != nil {
		return fmt.Errorf("decode fields: %w", err)
	}
	return nil
}

// Queue is the prefix of a team's review queue.
func Queue(team string) []byte { return kv.Key("q", team, "") }
