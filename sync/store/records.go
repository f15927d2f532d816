package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/dgraph-io/badger/v4"

	"fieldbook/sync/rules"
)

func sortStrings(s []string) { slices.Sort(s) }

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

// putRecord writes a record under a new seq and moves its feed and queue
// entries from where before left them to where after puts them.
func (t *tx) putRecord(collection, id string, before *rules.State, oldSeq uint64, after *rules.State) error {
	seq := t.nextSeq()
	b, err := encodeRecord(after, seq)
	if err != nil {
		return err
	}
	t.set(recordKey(collection, id), b)
	shared := rules.Shared(collection)
	if oldSeq > 0 {
		for _, p := range feeds(before.Owner, before.Team, shared) {
			t.del(seqKey(p, oldSeq))
		}
	}
	ref := []byte(collection + "/" + id)
	for _, p := range feeds(after.Owner, after.Team, shared) {
		t.set(seqKey(p, seq), ref)
	}
	if collection == rules.DayLogs {
		if k := queueEntry(before, id); k != nil {
			t.del(k)
		}
		if k := queueEntry(after, id); k != nil {
			t.set(k, nil)
		}
	}
	return nil
}

// queueEntry is the review-queue key of a work log, nil when the log does
// not wait for review.
func queueEntry(st *rules.State, id string) []byte {
	if !st.Exists() || st.Team == "" || string(st.Fields[rules.FieldDeleted].Value) == "true" ||
		string(st.Fields[rules.FieldState].Value) != `"submitted"` {
		return nil
	}
	var date string
	if json.Unmarshal(st.Fields[rules.FieldDate].Value, &date) != nil {
		return nil
	}
	return queueKey(st.Team, date, id)
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
