package store

import (
	"context"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"

	"fieldbook/scoring"
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
	// Phase is the pass of a phased first pull the next page belongs to
	// (fieldbook.PhaseRecent or PhaseHistory); "" once the phases are over.
	Phase string
}

// cursor is what an opaque cursor string holds: the store and restore
// epoch it came from, the user and scope it was issued to, and the last
// feed seq the user has — or, in a phased pull (version 2), where the
// phases stand.
type cursor struct {
	server, epoch, user string
	scope, seq          uint64
	phase               *phase
}

func (c cursor) String() string {
	parts := []string{"1", c.server, c.epoch, c.user, strconv.FormatUint(c.scope, 10), strconv.FormatUint(c.seq, 10)}
	if ph := c.phase; ph != nil {
		parts[0], parts[5] = "2", strconv.FormatUint(ph.high, 10)
		older := "0"
		if ph.older {
			older = "1"
		}
		parts = append(parts, ph.pass, strconv.FormatUint(ph.pos, 10), older, string(ph.monday), ph.zone)
	}
	return base64.RawURLEncoding.EncodeToString([]byte(strings.Join(parts, ".")))
}

func parseCursor(s string) (cursor, bool) {
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return cursor{}, false
	}
	parts := strings.SplitN(string(raw), ".", 11)
	if !(len(parts) == 6 && parts[0] == "1" || len(parts) == 11 && parts[0] == "2") {
		return cursor{}, false
	}
	scope, err1 := strconv.ParseUint(parts[4], 10, 64)
	seq, err2 := strconv.ParseUint(parts[5], 10, 64)
	if err1 != nil || err2 != nil {
		return cursor{}, false
	}
	c := cursor{server: parts[1], epoch: parts[2], user: parts[3], scope: scope, seq: seq}
	if parts[0] == "2" {
		pos, err := strconv.ParseUint(parts[7], 10, 64)
		ph := &phase{pass: parts[6], high: seq, pos: pos, older: parts[8] == "1", monday: scoring.Day(parts[9]), zone: parts[10]}
		if err != nil || pos > seq || ph.pass != fieldbook.PhaseRecent && ph.pass != fieldbook.PhaseHistory || !ph.monday.Valid() {
			return cursor{}, false
		}
		c.phase = ph
	}
	return c, true
}

// Pull returns, from one consistent snapshot, the records that userID may
// see and that changed after cursor, oldest change first, at most limit of
// them. It reads only the feeds the user may see, so its cost follows what
// the user may see and what changed, not the size of the store. A cursor
// of a phased pull goes on with its phases.
func (s *Store) Pull(ctx context.Context, userID, cur string, limit int) (Page, error) {
	return s.pull(ctx, userID, cur, limit, false, nil, nil)
}

// PullPhased is Pull, but a pull from the beginning (no cursor, or a
// reset) is phased (phased.go): this week's records and the review queue
// first, then the history, then what changed since the pull began.
func (s *Store) PullPhased(ctx context.Context, userID, cur string, limit int) (Page, error) {
	return s.pull(ctx, userID, cur, limit, true, nil, nil)
}

// pull is Pull, phased or not, taking the records known holds from it and
// leaving out of them the fields echoes names (feed.RawManyKnown).
func (s *Store) pull(ctx context.Context, userID, cur string, limit int, phased bool, known feed.Written, echoes feed.Echoes) (Page, error) {
	var page Page
	err := s.db.View(ctx, func(r *kv.View) error {
		at, err := s.startPull(r, userID, cur)
		if err != nil {
			return err
		}
		page.ResetReason = at.reset
		if phased && at.phase == nil && at.from == 0 && at.high > 0 && at.reset != fieldbook.ResetDeparted {
			if at.phase, err = s.newPhase(r, at.user, at.high); err != nil {
				return err
			}
		}
		c := cursor{server: s.db.ServerID(), epoch: at.epoch, user: userID, scope: at.user.Scope}
		if at.phase != nil {
			if c.phase, err = readPhase(r, at, limit, echoes, &page); err != nil {
				return err
			}
			c.seq = at.phase.high
			if c.phase == nil {
				// The phases are over: the pull goes on after their snapshot.
				page.More = anyAfter(r, at.feeds, c.seq)
			}
			page.Cursor = c.String()
			return nil
		}
		last, more, err := readFeeds(r, at.feeds, at.from, limit, known, echoes, &page.Records)
		if err != nil {
			return err
		}
		if !more {
			last = at.high
		}
		page.More = more
		c.seq = last
		page.Cursor = c.String()
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
	phase *phase   // where a phased pull stands; nil when the pull is not phased
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
			at.from, at.phase = c.seq, c.phase
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
	m := mergeFeeds(r, prefixes, from)
	defer m.close()
	// The feeds give the refs; the records are read together at the end
	// (one round trip where the store is remote).
	var refs []string
	var seqs []uint64
	var last uint64
	more := false
	for {
		seq, ok, err := m.peek()
		if err != nil {
			return 0, false, err
		}
		if !ok {
			break
		}
		if len(refs) >= limit {
			more = true
			break
		}
		ref, err := m.take()
		if err != nil {
			return 0, false, err
		}
		refs = append(refs, ref)
		seqs = append(seqs, seq)
		last = seq
	}
	recs, err := feed.RawManyKnown(r, refs, seqs, known, echoes)
	*out = append(*out, recs...)
	return last, more, err
}

// feedMerge walks a user's feeds merged in seq order. A record sits in
// each of its feeds under the same seq, so an entry met in two feeds is
// taken once.
type feedMerge struct {
	its  []*kv.Iterator
	next int // the iterator peek found, or -1
	seq  uint64
}

// mergeFeeds starts the walk after seq from.
func mergeFeeds(r kv.Reader, prefixes [][]byte, from uint64) *feedMerge {
	m := &feedMerge{its: make([]*kv.Iterator, len(prefixes)), next: -1}
	for i, p := range prefixes {
		m.its[i] = r.Seek(p, kv.SeqKey(p[:len(p)-1], from+1))
	}
	return m
}

func (m *feedMerge) close() {
	for _, it := range m.its {
		it.Close()
	}
}

// peek returns the seq of the next entry; ok is false at the end.
func (m *feedMerge) peek() (seq uint64, ok bool, err error) {
	m.next = -1
	for i, it := range m.its {
		if !it.Valid() {
			continue
		}
		if s := kv.SeqOf(it.Key()); m.next < 0 || s < m.seq {
			m.next, m.seq = i, s
		}
	}
	if m.next >= 0 {
		return m.seq, true, nil
	}
	for _, it := range m.its {
		if err := it.Err(); err != nil {
			return 0, false, fmt.Errorf("read feed: %w", err)
		}
	}
	return 0, false, nil
}

// take returns the ref ("collection/id") of the entry peek found and
// moves past it in every feed.
func (m *feedMerge) take() (string, error) {
	var ref string
	if err := m.its[m.next].Value(func(v []byte) error { ref = string(v); return nil }); err != nil {
		return "", fmt.Errorf("read feed: %w", err)
	}
	for _, it := range m.its {
		if it.Valid() && kv.SeqOf(it.Key()) == m.seq {
			it.Next()
		}
	}
	return ref, nil
}
