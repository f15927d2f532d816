package store

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/dgraph-io/badger/v4"

	"fieldbook"
)

// Reset reasons of SYNC.md.
const (
	ResetScope    = "scope"
	ResetRestored = "restored"
	ResetCursor   = "cursor"
)

// Page is one answer to a pull.
type Page struct {
	Records     []RawRecord
	Cursor      string
	More        bool
	Reset       bool
	ResetReason string
}

// RawRecord is a record for the wire whose fields and stamps are the JSON
// objects as stored.
type RawRecord struct {
	Collection string          `json:"collection"`
	ID         string          `json:"id"`
	Fields     json.RawMessage `json:"fields"`
	Stamps     json.RawMessage `json:"stamps"`
}

// AppendJSON appends the record as JSON, copying the stored objects as
// they are: collection names and ids are plain ASCII, checked on the way in.
func (r RawRecord) AppendJSON(b []byte) []byte {
	b = append(b, `{"collection":"`...)
	b = append(b, r.Collection...)
	b = append(b, `","id":"`...)
	b = append(b, r.ID...)
	b = append(b, `","fields":`...)
	b = append(b, r.Fields...)
	b = append(b, `,"stamps":`...)
	b = append(b, r.Stamps...)
	return append(b, '}')
}

// cursor is what an opaque cursor string holds: the store and restore
// epoch it came from, the user and scope it was issued to, and the last
// feed seq the user has.
type cursor struct {
	server, epoch, user string
	scope, seq          uint64
}

func (c cursor) String() string {
	raw := strings.Join([]string{"1", c.server, c.epoch, c.user,
		strconv.FormatUint(c.scope, 10), strconv.FormatUint(c.seq, 10)}, ".")
	return base64.RawURLEncoding.EncodeToString([]byte(raw))
}

func parseCursor(s string) (cursor, bool) {
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return cursor{}, false
	}
	parts := strings.Split(string(raw), ".")
	if len(parts) != 6 || parts[0] != "1" {
		return cursor{}, false
	}
	scope, err1 := strconv.ParseUint(parts[4], 10, 64)
	seq, err2 := strconv.ParseUint(parts[5], 10, 64)
	if err1 != nil || err2 != nil {
		return cursor{}, false
	}
	return cursor{server: parts[1], epoch: parts[2], user: parts[3], scope: scope, seq: seq}, true
}

// Pull returns, from one consistent snapshot, the records that userID may
// see and that changed after cursor, oldest change first, at most limit of
// them. It reads only the feeds the user may see, so its cost follows what
// the user may see and what changed, not the size of the store.
func (s *Store) Pull(ctx context.Context, userID, cur string, limit int) (Page, error) {
	var page Page
	err := s.view(ctx, func(txn *badger.Txn) error {
		at, err := s.startPull(txn, userID, cur)
		if err != nil {
			return err
		}
		page.Reset, page.ResetReason = at.reset != "", at.reset
		last, more, err := s.readFeeds(txn, at.feeds, at.from, limit, &page.Records)
		if err != nil {
			return err
		}
		if !more {
			last = at.high
		}
		page.More = more
		page.Cursor = cursor{server: s.server, epoch: at.epoch, user: userID, scope: at.user.Scope, seq: last}.String()
		return nil
	})
	if err != nil {
		return Page{}, fmt.Errorf("pull: %w", err)
	}
	return page, nil
}

// pullStart is where a user's pull from a cursor starts, in one snapshot.
type pullStart struct {
	user  storedUser
	epoch string
	high  uint64   // the last seq committed
	from  uint64   // the pull reads the feeds after this seq
	reset string   // why the cursor is no longer valid; "" when it is
	feeds [][]byte // the feed prefixes the user may see
}

// startPull checks the user and the cursor as Pull does: a disabled or
// missing user is unauthorized; a cursor that is malformed, another
// server's or user's, from before a restore or before a scope change
// resets the pull to the beginning.
func (s *Store) startPull(txn *badger.Txn, userID, cur string) (pullStart, error) {
	var at pullStart
	found, err := txnGetJSON(txn, userKey(userID), &at.user)
	if err != nil {
		return at, err
	}
	if !found || at.user.Disabled {
		return at, fieldbook.Errorf(fieldbook.CodeUnauthorized, "the user is disabled")
	}
	if at.epoch, err = txnGetString(txn, keyEpoch); err != nil {
		return at, err
	}
	if at.high, err = readSeq(txn); err != nil {
		return at, err
	}
	if cur != "" {
		c, ok := parseCursor(cur)
		switch {
		case !ok || c.server != s.server || c.user != userID || c.seq > at.high && c.epoch == at.epoch:
			at.reset = ResetCursor
		case c.epoch != at.epoch:
			at.reset = ResetRestored
		case c.scope != at.user.Scope:
			at.reset = ResetScope
		default:
			at.from = c.seq
		}
	}
	at.feeds, err = visibleFeeds(txn, at.user)
	return at, err
}

// visibleFeeds are the feed prefixes a user reads: an admin every team's
// and the teamless one, a supervisor their team's, an agent their own and
// the team's shared ones.
func visibleFeeds(txn *badger.Txn, u storedUser) ([][]byte, error) {
	switch {
	case u.Role == fieldbook.RoleAdmin:
		out := [][]byte{[]byte("f/n/")}
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte("t/")})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			team := strings.TrimPrefix(string(it.Item().Key()), "t/")
			out = append(out, key("f", "t", team, ""))
		}
		return out, nil
	case u.TeamID == "":
		return [][]byte{key("f", "o", u.ID, "")}, nil
	case u.Role == fieldbook.RoleSupervisor:
		return [][]byte{key("f", "t", u.TeamID, "")}, nil
	default:
		return [][]byte{key("f", "o", u.ID, ""), key("f", "s", u.TeamID, "")}, nil
	}
}

// readFeeds merges the feeds in seq order from after seq from, appending
// up to limit records; it returns the seq of the last record taken and
// whether more remain.
func (s *Store) readFeeds(txn *badger.Txn, prefixes [][]byte, from uint64, limit int, out *[]RawRecord) (uint64, bool, error) {
	its := make([]*badger.Iterator, len(prefixes))
	for i, p := range prefixes {
		its[i] = txn.NewIterator(badger.IteratorOptions{Prefix: p, PrefetchValues: true, PrefetchSize: 100})
		defer its[i].Close()
		its[i].Seek(append(bytes.Clone(p), encodeSeq(from+1)...))
	}
	var last uint64
	for {
		next := -1
		var nextSeq uint64
		for i, it := range its {
			if !it.Valid() {
				continue
			}
			if seq := seqOf(it.Item().Key()); next < 0 || seq < nextSeq {
				next, nextSeq = i, seq
			}
		}
		if next < 0 {
			return last, false, nil
		}
		if len(*out) >= limit {
			return last, true, nil
		}
		var ref string
		if err := its[next].Item().Value(func(v []byte) error { ref = string(v); return nil }); err != nil {
			return 0, false, fmt.Errorf("read feed: %w", err)
		}
		for _, it := range its {
			if it.Valid() && seqOf(it.Item().Key()) == nextSeq {
				it.Next()
			}
		}
		rec, err := readRaw(txn, ref)
		if err != nil {
			return 0, false, err
		}
		*out = append(*out, rec)
		last = nextSeq
	}
}

func readRaw(txn *badger.Txn, ref string) (RawRecord, error) {
	collection, id, ok := strings.Cut(ref, "/")
	if !ok {
		return RawRecord{}, fmt.Errorf("bad feed entry %q", ref)
	}
	item, err := txn.Get(recordKey(collection, id))
	if err != nil {
		return RawRecord{}, fmt.Errorf("read record %s: %w", ref, err)
	}
	v, err := item.ValueCopy(nil)
	if err != nil {
		return RawRecord{}, fmt.Errorf("read record %s: %w", ref, err)
	}
	h, err := parseRecord(v)
	if err != nil {
		return RawRecord{}, fmt.Errorf("record %s: %w", ref, err)
	}
	return RawRecord{Collection: collection, ID: id, Fields: h.fields, Stamps: h.stamps}, nil
}

func txnGetString(txn *badger.Txn, k string) (string, error) {
	item, err := txn.Get([]byte(k))
	if err != nil {
		return "", fmt.Errorf("get %s: %w", k, err)
	}
	v, err := item.ValueCopy(nil)
	return string(v), err
}
