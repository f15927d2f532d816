// The access log: each opening of an agent's customer files by someone
// else (a supervisor's deliberate "show files", an admin), with who, whose,
// which file, the stated purpose and when, written durably before the
// files are read (docs/protocol.md §7.1). An entry lasts the store's
// retention from its time, on the store's clock: reads skip an entry past
// it, and Badger's TTL, set at write to the time left, drops it.

package privacy

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"
	"unicode/utf8"

	"fieldbook"
	"fieldbook/storage/feed"
	"fieldbook/storage/kv"
)

// The key space of the access log, each entry under three keys with the
// same value and expiry:
//
//	ax/<big-endian unix nanos>/<random hex>           every entry, by time
//	aa/<agent>/<big-endian unix nanos>/<random hex>   the entries about an agent's files
//	au/<user>/<big-endian unix nanos>/<random hex>    the entries of a user's openings
var (
	accessPrefix = []byte("ax/")
)

func agentAccess(agent string) []byte { return kv.Key("aa", agent, "") }
func userAccess(user string) []byte   { return kv.Key("au", user, "") }

// entryKey is prefix, the time and a random tail.
func entryKey(prefix []byte, at time.Time, tail string) []byte {
	b := binary.BigEndian.AppendUint64(bytes.Clone(prefix), uint64(at.UnixNano()))
	return append(append(b, '/'), tail...)
}

// DefaultAccessRetention is how long the access log keeps an entry when
// the store is not told: three years.
const DefaultAccessRetention = 1095 * 24 * time.Hour

// Access is the access log of one store.
type Access struct {
	db        *kv.DB
	now       func() time.Time
	retention time.Duration
}

// NewAccess makes the access log of db, keeping entries for retention
// (DefaultAccessRetention when not positive).
func NewAccess(db *kv.DB, now func() time.Time, retention time.Duration) *Access {
	if retention <= 0 {
		retention = DefaultAccessRetention
	}
	return &Access{db: db, now: now, retention: retention}
}

// OpenFiles records e durably, then reads the files it names from a
// snapshot taken after the entry's commit. The owner opening their own
// files is not recorded.
func (a *Access) OpenFiles(ctx context.Context, e fieldbook.AccessEntry) ([]fieldbook.RawRecord, error) {
	if err := a.record(ctx, e); err != nil {
		return nil, err
	}
	return a.read(ctx, e)
}

// record writes e to the access log durably, unless the owner is the one
// who opens (UserID = AgentID): the writer of every access.
func (a *Access) record(ctx context.Context, e fieldbook.AccessEntry) error {
	e.Purpose = strings.TrimSpace(e.Purpose)
	if e.UserID == "" || e.AgentID == "" || e.File == "" {
		return fieldbook.Errorf(fieldbook.CodeInvalid, "an access names its user, the agent and the file")
	}
	if e.UserID == e.AgentID {
		return nil
	}
	if n := utf8.RuneCountInString(e.Purpose); n < 2 || n > 200 {
		return fieldbook.Errorf(fieldbook.CodeInvalid, "purpose: say why the files are opened, in 2 to 200 characters")
	}
	if e.At.IsZero() {
		e.At = a.now()
	}
	if e.At.UnixNano() < 0 {
		return fieldbook.Errorf(fieldbook.CodeInvalid, "an access's time must be after 1970")
	}
	e.At = e.At.UTC()
	v, err := json.Marshal(e)
	if err != nil {
		return fmt.Errorf("encode access: %w", err)
	}
	tail := kv.RandomHex(8)
	// Badger counts the TTL on the machine's clock: the time left on the
	// store's. An entry recorded past its retention expires at once.
	left := e.At.Add(a.retention).Sub(a.now())
	err = a.db.Do(ctx, func(t *kv.Tx) error {
		for _, p := range [][]byte{accessPrefix, agentAccess(e.AgentID), userAccess(e.UserID)} {
			t.SetTTL(entryKey(p, e.At, tail), v, left)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("record access to %s's files: %w", e.AgentID, err)
	}
	return nil
}

// read reads the files e names from a snapshot.
func (a *Access) read(ctx context.Context, e fieldbook.AccessEntry) ([]fieldbook.RawRecord, error) {
	out := []fieldbook.RawRecord{}
	err := a.db.View(ctx, func(r *kv.View) error {
		if e.File != fieldbook.AllFiles {
			st, _, err := feed.Read(r, fieldbook.Customers, e.File)
			if err != nil {
				return err
			}
			if !st.Exists() || st.Owner != e.AgentID || st.Bool(fieldbook.FieldDeleted) {
				return fieldbook.Errorf(fieldbook.CodeNotFound, "the agent has no customer file %s", e.File)
			}
			rec, err := feed.Raw(r, fieldbook.Customers+"/"+e.File)
			out = append(out, rec)
			return err
		}
		prefix := feed.FilesOf(e.AgentID, fieldbook.Customers)
		var ids []string
		if err := r.Keys(prefix, func(k []byte) error {
			ids = append(ids, string(k[len(prefix):]))
			return nil
		}); err != nil {
			return err
		}
		for _, id := range ids {
			rec, err := feed.Raw(r, fieldbook.Customers+"/"+id)
			if err != nil {
				return err
			}
			out = append(out, rec)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read %s's files: %w", e.AgentID, err)
	}
	return out, nil
}

// errEnough ends a scan that has found what it needs.
var errEnough = errors.New("enough")

// AccessLog returns up to q.Limit entries matching q, newest first, from
// one snapshot, without those past the retention on the store's clock
// (Badger's TTL follows the machine's, which a test's clock runs ahead of).
func (a *Access) AccessLog(ctx context.Context, q fieldbook.AccessQuery) ([]fieldbook.AccessEntry, error) {
	if q.Limit <= 0 {
		return nil, fieldbook.Errorf(fieldbook.CodeInvalid, "the access log is read with a positive limit")
	}
	prefix := accessPrefix
	switch {
	case q.AgentID != "":
		prefix = agentAccess(q.AgentID)
	case q.UserID != "":
		prefix = userAccess(q.UserID)
	}
	out := []fieldbook.AccessEntry{}
	kept := a.now().Add(-a.retention) // an entry at or before it has expired
	err := a.db.View(ctx, func(r *kv.View) error {
		err := r.Newest(prefix, math.MaxInt, func(k, v []byte) error {
			var e fieldbook.AccessEntry
			if err := json.Unmarshal(v, &e); err != nil {
				return fmt.Errorf("decode %q: %w", k, err)
			}
			if !q.Since.IsZero() && e.At.Before(q.Since) || !e.At.After(kept) {
				return errEnough // newest first: the rest are older still
			}
			if (q.AgentID == "" || e.AgentID == q.AgentID) && (q.UserID == "" || e.UserID == q.UserID) && (q.TeamID == "" || e.TeamID == q.TeamID) {
				out = append(out, e)
			}
			if len(out) == q.Limit {
				return errEnough
			}
			return nil
		})
		if errors.Is(err, errEnough) {
			return nil
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("read access log: %w", err)
	}
	return out, nil
}
