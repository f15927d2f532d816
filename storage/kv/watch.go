// Targeted wake-ups: a long-poll watches the keys its answer depends on —
// the feeds its user reads and the user's own record — and only a commit
// that touched one of them wakes it. Jobs say what they touched (Tx.Touch);
// the writer wakes the matching watches once the commit is durable, and a
// backend shared by several processes passes the touched keys on to the
// others (a NOTIFY), whose watches wake the same way.

package kv

import "bytes"

// watch is one registered wait.
type watch struct {
	keys map[string]bool // nil: every commit
	ch   chan struct{}
}

// Touch records that the job changed what readers of key see (a feed
// prefix without its final '/', or a record a reader's answer depends on),
// so that the commit wakes the long-polls watching it.
func (t *Tx) Touch(key []byte) {
	if t.touched == nil {
		t.touched = map[string]bool{}
	}
	if k := bytes.TrimSuffix(key, []byte{'/'}); !t.touched[string(k)] {
		t.touched[string(k)] = true // a feed is touched by most changes of a batch: one string
	}
}

// CommitsOf returns a channel closed once a commit that touched one of
// keys (feed prefixes, with or without the final '/', or record keys) is
// durable — in this process or, for a shared backend, another — and a
// function that drops the watch; with no keys, every commit that touched
// anything (wrote records, changed a user) wakes it. Take it before reading the store, so
// that a commit between the read and the wait is not missed.
func (d *DB) CommitsOf(keys [][]byte) (<-chan struct{}, func()) {
	w := &watch{ch: make(chan struct{})}
	if len(keys) > 0 {
		w.keys = make(map[string]bool, len(keys))
		for _, k := range keys {
			w.keys[string(bytes.TrimSuffix(k, []byte{'/'}))] = true
		}
	}
	d.w.mu.Lock()
	d.w.watches[w] = true
	d.w.mu.Unlock()
	return w.ch, func() {
		d.w.mu.Lock()
		delete(d.w.watches, w)
		d.w.mu.Unlock()
	}
}

// wakeWatches closes the channels of the watches that touched concerns
// (nil: all of them) and drops them; w.mu is held.
func (w *writer) wakeWatches(touched map[string]bool) {
	for wt := range w.watches {
		if touched == nil || wt.keys == nil || intersects(wt.keys, touched) {
			close(wt.ch)
			delete(w.watches, wt)
		}
	}
}

func intersects(a, b map[string]bool) bool {
	if len(b) < len(a) {
		a, b = b, a
	}
	for k := range a {
		if b[k] {
			return true
		}
	}
	return false
}

// woken wakes the watches of keys another process touched (nil or "*": all).
func (w *writer) woken(keys []string) {
	var touched map[string]bool
	if len(keys) > 0 && keys[0] != "*" {
		touched = make(map[string]bool, len(keys))
		for _, k := range keys {
			touched[k] = true
		}
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	w.wakeWatches(touched)
}
