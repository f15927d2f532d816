package store

import (
	"encoding/json"
	"strings"
	"time"

	"fieldbook"
	"fieldbook/scoring"
	"fieldbook/storage/directory"
	"fieldbook/storage/feed"
	"fieldbook/storage/kv"
	"fieldbook/sync/rules"
)

// A phased first pull (protocol 3, docs/protocol.md §5.4) answers a pull
// from the beginning in two passes over the snapshot taken when it
// started: first what the phone needs today — this week's records, the
// review queue and everything undated — and then the history, before the
// pull goes on from that snapshot as usual. Records committed after the
// snapshot come in the usual pull after the phases; a record changed
// during them leaves the snapshot's feeds and comes there too, so no
// change is skipped. A record both old and waiting for review comes in
// both passes. The passes are fieldbook.PhaseRecent and fieldbook.PhaseHistory.

// maxPhaseScan bounds the feed entries one page of a phase looks at, so a
// page of history skipped in the first pass costs no more than a few
// ordinary pages; such a page may carry few records, or none, with more.
const maxPhaseScan = 10_000

// phase is where a phased pull stands: its pass, the snapshot's last seq,
// the last seq the pass looked at, whether the first pass met any history,
// and the week and zone that tell recent from history, fixed when the
// pull started.
type phase struct {
	pass      string
	high, pos uint64
	older     bool
	monday    scoring.Day
	zone      string
}

// newPhase starts a phased pull of the user at the snapshot's last seq:
// the week is the current one in the team's time zone (UTC for a user of
// no team or an admin).
func (s *Store) newPhase(r kv.Reader, u fieldbook.User, high uint64) (*phase, error) {
	zone := "UTC"
	if u.TeamID != "" && u.Role != fieldbook.RoleAdmin {
		tm, found, err := directory.TeamIn(r, u.TeamID)
		if err != nil {
			return nil, err
		}
		if found {
			zone = tm.Current().TimeZone
		}
	}
	loc, err := time.LoadLocation(zone)
	if err != nil {
		zone, loc = "UTC", time.UTC
	}
	return &phase{pass: fieldbook.PhaseRecent, high: high, monday: scoring.DayOf(s.now(), loc).Monday(), zone: zone}, nil
}

// readPhase reads one page of the phased pull at: the records of its pass
// after its position, up to limit of them and maxPhaseScan entries looked
// at, without the fields echoes names, into page. It returns where the pull stands after the page: the
// same pass further on, the history pass, or nil when the phases are over
// and the pull goes on after the snapshot's last seq.
func readPhase(r kv.Reader, at pullStart, limit int, echoes feed.Echoes, page *Page) (*phase, error) {
	ph := *at.phase
	loc, err := time.LoadLocation(ph.zone)
	if err != nil {
		loc = time.UTC
	}
	w := window{monday: ph.monday, loc: loc}
	if ph.pass == fieldbook.PhaseRecent && at.user.TeamID != "" && at.user.Role != fieldbook.RoleAdmin {
		if w.queued, err = queuedLogs(r, at.user.TeamID); err != nil {
			return nil, err
		}
	}
	m := mergeFeeds(r, at.feeds, ph.pos)
	defer m.close()
	done, scanned := false, 0
	for !done && len(page.Records) < limit && scanned < maxPhaseScan {
		// The refs of a chunk are read together (one round trip where the
		// store is remote); a chunk never holds more than the page has room for.
		var refs []string
		for len(page.Records)+len(refs) < limit && scanned < maxPhaseScan {
			seq, ok, err := m.peek()
			if err != nil {
				return nil, err
			}
			if !ok || seq > ph.high {
				done = true
				break
			}
			ref, err := m.take()
			if err != nil {
				return nil, err
			}
			scanned++
			ph.pos = seq
			if collection, _, _ := strings.Cut(ref, "/"); ph.pass == fieldbook.PhaseRecent || dated(collection) {
				refs = append(refs, ref)
			}
		}
		recs, err := feed.RawManyKnown(r, refs, nil, nil, echoes)
		if err != nil {
			return nil, err
		}
		for _, rec := range recs {
			recent, history := w.classify(rec)
			ph.older = ph.older || history
			if ph.pass == fieldbook.PhaseRecent && recent || ph.pass == fieldbook.PhaseHistory && history {
				page.Records = append(page.Records, rec)
			}
		}
	}
	switch {
	case !done:
		page.More, page.Phase = true, ph.pass
		return &ph, nil
	case ph.pass == fieldbook.PhaseRecent && ph.older:
		ph.pass, ph.pos = fieldbook.PhaseHistory, 0
		page.More, page.Phase = true, fieldbook.PhaseHistory
		return &ph, nil
	}
	return nil, nil
}

// dated says whether records of the collection can be history: the ones
// that carry the day they belong to.
func dated(collection string) bool {
	switch collection {
	case fieldbook.Activities, fieldbook.DayLogs, fieldbook.Scores:
		return true
	}
	return false
}

// window tells this week's records from the history: a record belongs to
// the day it happened on (an activity), it is for (a work log) or it ends
// (the scores of a week or a month), in the team's zone; one before this
// week's Monday is history. The review queue is recent whatever its day:
// a log waiting for review or returned to its agent, and the activities of
// a day whose log waits for review.
type window struct {
	monday scoring.Day
	loc    *time.Location
	queued map[string]bool // the ids of the logs waiting for review
}

// classify says in which passes the record comes: an undated one, or one
// of this week, in the first only; an old one in the history, and also in
// the first when it is in the review queue.
func (w window) classify(rec fieldbook.RawRecord) (recent, history bool) {
	if !dated(rec.Collection) {
		return true, false
	}
	var f struct {
		Owner      string `json:"owner_id"`
		OccurredAt string `json:"occurred_at"`
		Date       string `json:"date"`
		State      string `json:"state"`
		End        string `json:"end"`
	}
	if json.Unmarshal(rec.Fields, &f) != nil {
		return true, false
	}
	var day scoring.Day
	switch rec.Collection {
	case fieldbook.Activities:
		at, err := time.Parse(time.RFC3339, f.OccurredAt)
		if err != nil {
			return true, false
		}
		day = scoring.DayOf(at, w.loc)
	case fieldbook.DayLogs:
		day = scoring.Day(f.Date)
	case fieldbook.Scores:
		day = scoring.Day(f.End)
	}
	if !day.Valid() || day >= w.monday {
		return true, false
	}
	switch rec.Collection {
	case fieldbook.DayLogs:
		recent = f.State == fieldbook.StateSubmitted || f.State == fieldbook.StateReturned
	case fieldbook.Activities:
		recent = w.queued[rules.DayLogID(f.Owner, string(day))]
	}
	return recent, true
}

// queuedLogs are the ids of a team's logs waiting for review.
func queuedLogs(r kv.Reader, team string) (map[string]bool, error) {
	out := map[string]bool{}
	prefix := feed.Queue(team)
	err := r.Keys(prefix, func(k []byte) error {
		if i := strings.LastIndexByte(string(k), '/'); i >= 0 {
			out[string(k[i+1:])] = true
		}
		return nil
	})
	return out, err
}
