package store

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
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

// place is where a record sits in the feeds and the review queue.
type place struct {
	owner, team string
	queue       []byte
}

func placeOf(st *rules.State, id string) place {
	return place{owner: st.Owner, team: st.Team, queue: queueEntry(st, id)}
}

// putRecord writes a record under a new seq and moves its feed and queue
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
	if collection == rules.DayLogs {
		now := queueEntry(after, id)
		if was.queue != nil && !bytes.Equal(was.queue, now) {
			t.del(was.queue)
		}
		if now != nil {
			t.set(now, nil)
		}
	}
}

// queueEntry is the review-queue key of a work log, nil when the log does
// not wait for review.
func queueEntry(st *rules.State, id string) []byte {
	if !st.Exists() || st.Team == "" || st.Bool(rules.FieldDeleted) || st.Str(rules.FieldState) != rules.StateSubmitted {
		return nil
	}
	return queueKey(st.Team, st.Str(rules.FieldDate), id)
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
