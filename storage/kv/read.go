package kv

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"
)

// Reader is the one way to read: a snapshot (View) or a writer's job (Tx,
// which sees its own writes in Get). Code that reads is written once
// against it, whether it runs in a job or in a read-only snapshot.
type Reader interface {
	// Get returns a copy of k's value and whether it exists.
	Get(k []byte) ([]byte, bool, error)
	// GetMany returns copies of the values of keys, in their order, nil
	// for a key that does not exist: one round trip where the backend is
	// remote.
	GetMany(keys [][]byte) ([][]byte, error)
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
type View struct{ s Snapshot }

var _, _ Reader = (*View)(nil), (*Tx)(nil)

// Get returns a copy of k's value and whether it exists.
func (v *View) Get(k []byte) ([]byte, bool, error) { return v.s.Get(k) }

// manyGetter is a snapshot that reads many keys in one round trip: the
// values of keys in their order, nil for a missing key and never nil for
// one that exists.
type manyGetter interface {
	GetMany(keys [][]byte) ([][]byte, error)
}

// GetMany returns the values of keys in order, nil for the missing ones.
func (v *View) GetMany(keys [][]byte) ([][]byte, error) {
	if m, ok := v.s.(manyGetter); ok {
		return m.GetMany(keys)
	}
	out := make([][]byte, len(keys))
	for i, k := range keys {
		b, ok, err := v.s.Get(k)
		if err != nil {
			return nil, err
		}
		if ok {
			out[i] = b
		}
	}
	return out, nil
}

// Iterate calls fn for each key with prefix, in key order, with copies.
func (v *View) Iterate(prefix []byte, fn func(k, v []byte) error) error {
	return each(v.s.Seek(prefix, prefix, SeekOptions{Values: true, Prefetch: 64}), -1, fn)
}

// each calls fn with copies of the key and value of each entry from c's
// position while it is within its prefix, at most limit of them (no limit
// when negative), and closes c.
func each(c Cursor, limit int, fn func(k, v []byte) error) error {
	defer c.Close()
	for n := 0; c.Valid() && n != limit; n++ {
		var b []byte
		if err := c.Value(func(v []byte) error { b = bytes.Clone(v); return nil }); err != nil {
			return fmt.Errorf("read %q: %w", c.Key(), err)
		}
		if b == nil {
			b = []byte{}
		}
		if err := fn(bytes.Clone(c.Key()), b); err != nil {
			return err
		}
		c.Next()
	}
	return c.Err()
}

// keys calls fn for each key of c from its position while fn wants, and
// closes c; stop, when it reports true for a key, ends the walk there.
func keys(c Cursor, stop func(k []byte) bool, fn func(k []byte) error) error {
	defer c.Close()
	for ; c.Valid(); c.Next() {
		k := c.Key()
		if stop != nil && stop(k) {
			return nil
		}
		if err := fn(k); err != nil {
			return err
		}
	}
	return c.Err()
}

// Keys calls fn for each key with prefix, reading no value.
func (v *View) Keys(prefix []byte, fn func(k []byte) error) error {
	return keys(v.s.Seek(prefix, prefix, SeekOptions{}), nil, fn)
}

// Range calls fn for each key in [from, to), reading no value.
func (v *View) Range(from, to []byte, fn func(k []byte) error) error {
	// Every key in [from, to) begins with what from and to have in
	// common: the walk is bounded by it, not by the end of the store.
	return keys(v.s.Seek(commonPrefix(from, to), from, SeekOptions{}), func(k []byte) bool { return bytes.Compare(k, to) >= 0 }, fn)
}

// commonPrefix is the longest prefix of a and b.
func commonPrefix(a, b []byte) []byte {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return a[:n:n]
}

// Newest calls fn for the last limit keys with prefix, last first.
func (v *View) Newest(prefix []byte, limit int, fn func(k, v []byte) error) error {
	// Seeking to the prefix followed by 0xff starts at the last key of
	// keys whose next byte is below 0xff, as every key kept here is.
	c := v.s.Seek(prefix, append(bytes.Clone(prefix), 0xff), SeekOptions{Reverse: true, Values: true, Prefetch: max(1, min(limit, 100)), Limit: max(limit, 0)})
	return each(c, max(limit, 0), fn)
}

// Seek opens an iterator over prefix from the first key at or after from.
func (v *View) Seek(prefix, from []byte) *Iterator {
	return &Iterator{c: v.s.Seek(prefix, from, SeekOptions{Values: true, Prefetch: 100})}
}

// LastSeq is the last feed number committed.
func (v *View) LastSeq() (uint64, error) { return readSeq(v.s) }

// Epoch is the store's restore epoch.
func (v *View) Epoch() (string, error) {
	b, _, err := v.s.Get([]byte(keyEpoch))
	return string(b), err
}

// LastSeq is the last feed number taken, by this job or before it.
func (t *Tx) LastSeq() (uint64, error) { return t.w.seq, nil }

// Iterator walks the keys of one prefix in order.
type Iterator struct{ c Cursor }

// Valid reports whether the iterator is at a key.
func (i *Iterator) Valid() bool { return i.c.Valid() }

// Key is the current key, valid until Next.
func (i *Iterator) Key() []byte { return i.c.Key() }

// Value calls fn with the current value, valid only during the call.
func (i *Iterator) Value(fn func(v []byte) error) error { return i.c.Value(fn) }

// Next moves to the next key.
func (i *Iterator) Next() { i.c.Next() }

// Err is what ended the walk early, if anything: check it once Valid is
// false.
func (i *Iterator) Err() error { return i.c.Err() }

// Close releases the iterator.
func (i *Iterator) Close() { i.c.Close() }

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
