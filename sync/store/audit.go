package store

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"maps"
	"time"

	"github.com/dgraph-io/badger/v4"

	"fieldbook"
)

// The audit log records who took what out of Fieldbook and when: each
// export of the team's numbers is one entry under
// ex/<big-endian unix nanos>/<random hex>, so that key order is time order
// and two entries of the same instant never collide. Entries are kept for
// good; nothing but a restore removes them.

// AuditEntry is one audited action.
type AuditEntry struct {
	At       time.Time `json:"at"`
	UserID   string    `json:"user_id"`
	Username string    `json:"username"`
	// Action names what was done, e.g. "export.weekly.xlsx".
	Action string `json:"action"`
	// Params are what the action was asked for (team_id, date, month …).
	Params map[string]string `json:"params"`
}

var auditPrefix = []byte("ex/")

// auditKey is ex/<big-endian unix nanos>/<random hex>.
func auditKey(at time.Time) []byte {
	b := binary.BigEndian.AppendUint64(append([]byte(nil), auditPrefix...), uint64(at.UnixNano()))
	return append(append(b, '/'), randomHex(8)...)
}

// Audit records e durably: when it returns nil the entry is committed and
// synced, so a caller may then hand out what it audited. A zero At is the
// store's now. The entry needs an action and a user.
func (s *Store) Audit(ctx context.Context, e AuditEntry) error {
	if e.Action == "" || e.UserID == "" {
		return fieldbook.Errorf(fieldbook.CodeInvalid, "an audit entry names its action and its user")
	}
	if e.At.IsZero() {
		e.At = s.now()
	}
	// Before 1970 the nanos would not sort; no clock of ours is there.
	if e.At.UnixNano() < 0 {
		return fieldbook.Errorf(fieldbook.CodeInvalid, "an audit entry's time must be after 1970")
	}
	e.At = e.At.UTC()
	e.Params = maps.Clone(e.Params)
	if e.Params == nil {
		e.Params = map[string]string{}
	}
	k := auditKey(e.At)
	err := s.w.do(ctx, func(t *tx) error { return t.setJSON(k, e) })
	if err != nil {
		return fmt.Errorf("audit %s: %w", e.Action, err)
	}
	return nil
}

// AuditLog returns up to limit entries of the audit log, newest first,
// from one snapshot. limit must be positive.
func (s *Store) AuditLog(ctx context.Context, limit int) ([]AuditEntry, error) {
	if limit <= 0 {
		return nil, fieldbook.Errorf(fieldbook.CodeInvalid, "the audit log is read with a positive limit")
	}
	out := []AuditEntry{}
	err := s.view(ctx, func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: auditPrefix, Reverse: true, PrefetchValues: true, PrefetchSize: min(limit, 100)})
		defer it.Close()
		// Nanos since 1970 are below 1<<63, so every key sorts before
		// the prefix followed by 0xff: seeking there starts at the newest.
		for it.Seek(append(append([]byte(nil), auditPrefix...), 0xff)); it.ValidForPrefix(auditPrefix) && len(out) < limit; it.Next() {
			var e AuditEntry
			item := it.Item()
			if err := item.Value(func(v []byte) error { return json.Unmarshal(v, &e) }); err != nil {
				return fmt.Errorf("decode %q: %w", item.Key(), err)
			}
			out = append(out, e)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read audit log: %w", err)
	}
	return out, nil
}
