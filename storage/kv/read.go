package kv

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/dgraph-io/badger/v4"
)

// Reader is the one way to read: a snapshot (View) or a writer's job (Tx,
// which sees its own writes in Get). Code that reads is written once
// against it, whether it runs in a job or in a read-only snapshot.
type Reader interface {
	// Get returns a copy of k's value and whether it exists.
	Get(k []byte) ([]byte, bool, error)
	// Iterate calls fn for each key with prefix, in key order, with copies
	// of the key and the value.
	Iterate(prefix []byte, fn func(k, v []byte) error) error
	// Keys calls fn for each key with prefix, in key order, reading no
	// value; k is valid only during the call.
	Keys(prefix []byte, fn func(k []byte) error) error
	// Range calls fn for each key in [from, to), in order, reading no
	// value; k is valid only during the call.
	Range(from, to []byte, fn func(k []byte) error) error
	// Newest calls fn for the last limit keys with prefix, newest (last)
	// first, with copies of the key and the value.
	Newest(prefix []byte, limit int, fn func(k, v []byte) error) error
	// Seek opens an iterator over the keys with prefix, positioned at the
	// first key at or after from; close it when done.
	Seek(prefix, from []byte) *Iterator
	// LastSeq is the last feed number committed (in a job: taken).
	LastSeq() (uint64, error)
	// Epoch is the store's restore epoch: a restore changes it.
	Epoch() (string, error)
}

// View is a read-only snapshot.
type View struct{ txn *badger.Txn }

var _, _ Reader = (*View)(nil), (*Tx)(nil)

// Get returns a copy of k's value and whether it exists.
func (v *View) Get(k []byte) ([]byte, bool, error) {
	item, err := v.txn.Get(k)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("get %q: %w", k, err)
	}
	b, err := item.ValueCopy(nil)
	if err != nil {
		return nil, false, fmt.Errorf("read %q: %w", k, err)
	}
	return b, true, nil
}

// Iterate calls fn for each key with prefix, in key order, with copies.
func (v *View) Iterate(prefix []byte, fn func(k, v []byte) error) error {
	it := v.txn.NewIterator(badger.IteratorOptions{Prefix: prefix, PrefetchValues: true, PrefetchSize: 64})
	defer it.Close()
	it.Seek(prefix)
	return each(it, prefix, -1, fn)
}

// each calls fn with copies of the key and value of each item from it's
// position while it is within prefix, at most limit of them (no limit
// when negative).
func each(it *badger.Iterator, prefix []byte, limit int, fn func(k, v []byte) error) error {
	for n := 0; it.ValidForPrefix(prefix) && n != limit; n++ {
		item := it.Item()
		b, err := item.ValueCopy(nil)
		if err != nil {
			return fmt.Errorf("read %q: %w", item.Key(), err)
		}
		if err := fn(item.KeyCopy(nil), b); err != nil {
			return err
		}
		it.Next()
	}
	return nil
}

// Keys calls fn for each key with prefix, reading no value.
func (v *View) Keys(prefix []byte, fn func(k []byte) error) error {
	it := v.txn.NewIterator(badger.IteratorOptions{Prefix: prefix})
	defer it.Close()
	for it.Seek(prefix); it.ValidForPrefix(prefix); it.Next() {
		if err := fn(it.Item().Key()); err != nil {
			return err
		}
	}
	return nil
}

// Range calls fn for each key in [from, to), reading no value.
func (v *View) Range(from, to []byte, fn func(k []byte) error) error {
	it := v.txn.NewIterator(badger.IteratorOptions{})
	defer it.Close()
	for it.Seek(from); it.Valid(); it.Next() {
		k := it.Item().Key()
		if bytes.Compare(k, to) >= 0 {
			return nil
		}
		if err := fn(k); err != nil {
			return err
		}
	}
	return nil
}

// Newest calls fn for the last limit keys with prefix, last first.
func (v *View) Newest(prefix []byte, limit int, fn func(k, v []byte) error) error {
	it := v.txn.NewIterator(badger.IteratorOptions{Prefix: prefix, Reverse: true, PrefetchValues: true, PrefetchSize: max(1, min(limit, 100))})
	defer it.Close()
	// Seeking to the prefix followed by 0xff starts at the last key of
	// keys whose next byte is below 0xff, as every key kept here is.
	it.Seek(append(bytes.Clone(prefix), 0xff))
	return each(it, prefix, max(limit, 0), fn)
}

// Seek opens an iterator over prefix from the first key at or after from.
func (v *View) Seek(prefix, from []byte) *Iterator {
	it := v.txn.NewIterator(badger.IteratorOptions{Prefix: prefix, PrefetchValues: true, PrefetchSize: 100})
	it.Seek(from)
	return &Iterator{it: it}
}

// LastSeq is the last feed number committed.
func (v *View) LastSeq() (uint64, error) { return readSeq(v.txn) }

// Epoch is the store's restore epoch.
func (v *View) Epoch() (string, error) {
	b, err := getCopy(v.txn, []byte(keyEpoch))
	return string(b), err
}

// LastSeq is the last feed number taken, by this job or before it.
func (t *Tx) LastSeq() (uint64, error) { return t.w.seq, nil }

// Iterator walks the keys of one prefix in order.
type Iterator struct{ it *badger.Iterator }

// Valid reports whether the iterator is at a key.
func (i *Iterator) Valid() bool { return i.it.Valid() }

// Key is the current key, valid until Next.
func (i *Iterator) Key() []byte { return i.it.Item().Key() }

// Value calls fn with the current value, valid only during the call.
func (i *Iterator) Value(fn func(v []byte) error) error { return i.it.Item().Value(fn) }

// Next moves to the next key.
func (i *Iterator) Next() { i.it.Next() }

// Close releases the iterator.
func (i *Iterator) Close() { i.it.Close() }

// GetJSON decodes k's value into into; found is false when k is missing.
func GetJSON(r Reader, k []byte, into any) (found bool, err error) {
	b, ok, err := r.Get(k)
	if err != nil || !ok {
		return ok, err
	}
	if err := json.Unmarshal(b, into); err != nil {
		return false, fmt.Errorf("decode %q: %w", k, err)
	}
	return true, nil
}

// ScanJSON decodes each value under prefix into a T and calls fn with it.
func ScanJSON[T any](r Reader, prefix []byte, fn func(*T)) error {
	return r.Iterate(prefix, func(k, b []byte) error {
		var v T
		if err := json.Unmarshal(b, &v); err != nil {
			return fmt.Errorf("decode %q: %w", k, err)
		}
		fn(&v)
		return nil
	})
}

// SetJSON writes v as JSON at k.
func (t *Tx) SetJSON(k []byte, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode %q: %w", k, err)
	}
	t.Set(k, b)
	return nil
}

// SetJSONTTL writes v as JSON at k, to expire after ttl.
func (t *Tx) SetJSONTTL(k []byte, v any, ttl time.Duration) error {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode %q: %w", k, err)
	}
	t.SetTTL(k, b, ttl)
	return nil
}
