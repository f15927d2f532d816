package store

import (
	"context"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"

	"fieldbook/storage/directory"
	"fieldbook/storage/feed"
	"fieldbook/storage/kv"

	"fieldbook"
)

// Page is one answer to a pull.
type Page struct {
	Records []fieldbook.RawRecord
	Cursor  string
	More    bool
	// ResetReason, when set, says why the client must start again.
	ResetReason string
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
	return s.pull(ctx, userID, cur, limit, nil, nil)
}

// pull is Pull taking the records known holds from it and leaving out of
// them the fields echoes names (feed.RawManyKnown).
func (s *Store) pull(ctx context.Context, userID, cur string, limit int, known feed.Written, echoes feed.Echoes) (Page, error) {
	var page Page
	err := s.db.View(ctx, func(r *kv.View) error {
		at, err := s.startPull(r, userID, cur)
		if err != nil {
			return err
		}
		page.ResetReason = at.reset
		last, more, err := readFeeds(r, at.feeds, at.from, limit, known, echoes, &page.Records)
		if err != nil {
			return err
		}
		if !more {
			last = at.high
		}
		page.More = more
		page.Cursor = cursor{server: s.db.ServerID(), epoch: at.epoch, user: userID, scope: at.user.Scope, seq: last}.String()
		return nil
	})
	if err != nil {
		return Page{}, fmt.Errorf("pull: %w", err)
	}
	return page, nil
}

// pullStart is where a user's pull from a cursor starts, in one snapshot.
type pullStart struct {
	user  fieldbook.User
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
func (s *Store) startPull(r kv.Reader, userID, cur string) (pullStart, error) {
	var at pullStart
	u, found, err := directory.UserIn(r, userID)
	if err != nil {
		return at, err
	}
	if found && u.Disabled && u.HandingOver(s.now()) {
		// The user left: their phone hands over its outbox, pulls nothing
		// more, and deletes its data.
		at.user, at.reset = u, fieldbook.ResetDeparted
		at.epoch, err = r.Epoch()
		if err == nil {
			at.high, err = r.LastSeq()
		}
		return at, err
	}
	if !found || u.Disabled {
		return at, fieldbook.Errorf(fieldbook.CodeUnauthorized, "the user is disabled")
	}
	at.user = u
	if at.epoch, err = r.Epoch(); err != nil {
		return at, err
	}
	if at.high, err = r.LastSeq(); err != nil {
		return at, err
	}
	if cur != "" {
		c, ok := parseCursor(cur)
		switch {
		case !ok || c.server != s.db.ServerID() || c.user != userID || c.seq > at.high && c.epoch == at.epoch:
			at.reset = fieldbook.ResetCursor
		case c.epoch != at.epoch:
			at.reset = fieldbook.ResetRestored
		case c.scope != at.user.Scope:
			at.reset = fieldbook.ResetScope
		default:
			at.from = c.seq
		}
	}
	var teams []string
	if u.Role == fieldbook.RoleAdmin {
		if teams, err = directory.TeamIDs(r); err != nil {
			return at, err
		}
	}
	at.feeds = feed.Visible(u, teams)
	return at, nil
}

// readFeeds merges the feeds in seq order from after seq from, appending
// up to limit records, those known holds from it, without the fields
// echoes names; it returns the seq of the last record taken and whether
// more remain.
func readFeeds(r kv.Reader, prefixes [][]byte, from uint64, limit int, known feed.Written, echoes feed.Echoes, out *[]fieldbook.RawRecord) (uint64, bool, error) {
	its := make([]*kv.Iterator, len(prefixes))
	for i, p := range prefixes {
		its[i] = r.Seek(p, kv.SeqKey(p[:len(p)-1], from+1))
		defer its[i].Close()
	}
	// The feeds give the refs; the records are read together at the end
	// (one round trip where the store is remote).
	var refs []string
	var seqs []uint64
	taken := func() error {
		recs, err := feed.RawManyKnown(r, refs, seqs, known, echoes)
		*out = append(*out, recs...)
		return err
	}
	var last uint64
	for {
		next := -1
		var nextSeq uint64
		for i, it := range its {
			if !it.Valid() {
				continue
			}
			if seq := kv.SeqOf(it.Key()); next < 0 || seq < nextSeq {
				next, nextSeq = i, seq
			}
		}
		if next < 0 {
			for _, it := range its {
				if err := it.Err(); err != nil {
					return 0, false, fmt.Errorf("read feed: %w", err)
				}
			}
			return last, false, taken()
		}
		if len(*out)+len(refs) >= limit {
			return last, true, taken()
		}
		var ref string
		if err := its[next].Value(func(v []byte) error { ref = string(v); return nil }); err != nil {
			return 0, false, fmt.Errorf("read feed: %w", err)
		}
		for _, it := range its {
			if it.Valid() && kv.SeqOf(it.Key()) == nextSeq {
				it.Next()
			}
		}
		refs = append(refs, ref)
		seqs = append(seqs, nextSeq)
		last = nextSeq
	}
}
