package store

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/dgraph-io/badger/v4"

	"fieldbook/sync/rules"
)

func (t *tx) getJSON(k []byte, into any) (bool, error) {
	v, ok, err := t.get(k)
	if err != nil || !ok {
		return ok, err
	}
	if err := json.Unmarshal(v, into); err != nil {
		return false, fmt.Errorf("decode %q: %w", k, err)
	}
	return true, nil
}

func (t *tx) setJSON(k []byte, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode %q: %w", k, err)
	}
	t.set(k, b)
	return nil
}

func (t *tx) setJSONTTL(k []byte, v any, ttl time.Duration) error {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode %q: %w", k, err)
	}
	t.setTTL(k, b, ttl)
	return nil
}

// getJSON reads one value outside the writer, from a fresh snapshot.
func (s *Store) getJSON(ctx context.Context, k []byte, into any) (found bool, err error) {
	err = s.view(ctx, func(txn *badger.Txn) error {
		found, err = txnGetJSON(txn, k, into)
		return err
	})
	return found, err
}

func txnGetJSON(txn *badger.Txn, k []byte, into any) (bool, error) {
	item, err := txn.Get(k)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("get %q: %w", k, err)
	}
	err = item.Value(func(v []byte) error { return json.Unmarshal(v, into) })
	if err != nil {
		return false, fmt.Errorf("decode %q: %w", k, err)
	}
	return true, nil
}

// record reads a record's state and feed seq; a missing record is empty.
func (t *tx) record(collection, id string) (rules.State, uint64, error) {
	v, ok, err := t.get(recordKey(collection, id))
	if err != nil || !ok {
		return rules.State{}, 0, err
	}
	return decodeRecord(v)
}

// place is where a record sits in the feeds and the secondary indexes.
type place struct {
	owner, team string
	index       [][]byte
}

func placeOf(collection, id string, st *rules.State) place {
	return place{owner: st.Owner, team: st.Team, index: indexKeys(collection, id, st)}
}

// putRecord writes a record under a new seq and moves its feed and index
// entries from where it was to where it now belongs.
func (t *tx) putRecord(collection, id string, was place, oldSeq uint64, after *rules.State) {
	seq := t.nextSeq()
	t.set(recordKey(collection, id), encodeRecord(after, seq))
	shared := rules.Shared(collection)
	if oldSeq > 0 {
		for _, p := range feeds(was.owner, was.team, shared) {
			t.del(seqKey(p, oldSeq))
		}
	}
	ref := []byte(collection + "/" + id)
	for _, p := range feeds(after.Owner, after.Team, shared) {
		t.set(seqKey(p, seq), ref)
	}
	now := indexKeys(collection, id, after)
	for _, k := range was.index {
		if !slices.ContainsFunc(now, func(n []byte) bool { return bytes.Equal(n, k) }) {
			t.del(k)
		}
	}
	for _, k := range now {
		t.set(k, nil)
	}
}

// indexKeys are a record's entries in the secondary indexes:
//
//	q/<team>/<date>/<log>                 work logs waiting for review
//	at/<owner>/<ms>/<activity>            activities by time (scores)
//	ci/<owner>/<customer>/<activity>      interactions with a customer file (not voided)
//	pi/<owner>/<prospect>/<activity>      interactions with a Plan 100 name (not voided)
//	gp/<owner>/<period>/<goal>            goals by period
//	oc/<owner>/<collection>/<id>          an owner's customers and prospects
func indexKeys(collection, id string, st *rules.State) [][]byte {
	if !st.Exists() {
		return nil
	}
	deleted := st.Bool(rules.FieldDeleted)
	switch collection {
	case rules.DayLogs:
		if st.Team != "" && !deleted && st.Str(rules.FieldState) == rules.StateSubmitted {
			return [][]byte{queueKey(st.Team, st.Str(rules.FieldDate), id)}
		}
	case rules.Activities:
		var out [][]byte
		if at, err := time.Parse(time.RFC3339, st.Str("occurred_at")); err == nil {
			out = append(out, activityTimeKey(st.Owner, at, id))
		}
		// Interactions with a customer file: the activities naming the
		// customer, or the Plan 100 name it came from (adding the name is
		// not an interaction); voided ones do not count.
		if deleted || st.Bool("voided") {
			return out
		}
		if c := st.Str("customer_id"); c != "" {
			out = append(out, key("ci", st.Owner, c, id))
		}
		if p := st.Str("prospect_id"); p != "" && st.Str("kind") != "prospect" {
			out = append(out, key("pi", st.Owner, p, id))
		}
		return out
	case rules.Goals:
		if !deleted {
			return [][]byte{key("gp", st.Owner, st.Str("period"), id)}
		}
	case rules.Customers, rules.Prospects:
		if !deleted {
			return [][]byte{key("oc", st.Owner, collection, id)}
		}
	}
	return nil
}

// activityTimeKey orders an owner's activities by time; times before 1970
// sort first.
func activityTimeKey(owner string, at time.Time, id string) []byte {
	b := binary.BigEndian.AppendUint64(key("at", owner, ""), uint64(max(at.UnixMilli(), 0)))
	return append(append(b, '/'), id...)
}

// Get returns a record's state as stored, for the server's own reports and
// tests; clients read records through Pull.
func (s *Store) Get(ctx context.Context, collection, id string) (rules.State, bool, error) {
	var st rules.State
	var found bool
	err := s.view(ctx, func(txn *badger.Txn) error {
		item, err := txn.Get(recordKey(collection, id))
		if errors.Is(err, badger.ErrKeyNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		return item.Value(func(v []byte) error {
			var err error
			st, _, err = decodeRecord(v)
			found = err == nil
			return err
		})
	})
	if err != nil {
		return rules.State{}, false, fmt.Errorf("get %s/%s: %w", collection, id, err)
	}
	return st, found, nil
}
