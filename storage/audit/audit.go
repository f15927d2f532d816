// Package audit keeps the audit log over kv: who took what out of
// Fieldbook and when. Each export of the team's numbers is one entry under
// ex/<big-endian unix nanos>/<random hex>, so that key order is time order
// and two entries of the same instant never collide. Entries are kept for
// good; nothing but a restore removes them.
package audit

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"maps"
	"time"

	"fieldbook/storage/kv"

	"fieldbook"
)

// Log is the audit log of one store.
type Log struct {
	db  *kv.DB
	now func() time.Time
}

// New makes the audit log of db.
func New(db *kv.DB, now func() time.Time) *Log { return &Log{db: db, now: now} }

var _ fieldbook.AuditLog = (*Log)(nil)

var auditPrefix = []byte("ex/")

// auditKey is ex/<big-endian unix nanos>/<random hex>.
func auditKey(at time.Time) []byte {
	b := binary.BigEndian.AppendUint64(append([]byte(nil), auditPrefix...), uint64(at.UnixNano()))
	return append(append(b, '/'), kv.RandomHex(8)...)
}

// Audit records e durably: when it returns nil the entry is committed and
// synced, so a caller may then hand out what it audited. A zero At is the
// store's now. The entry needs an action and a user.
func (l *Log) Audit(ctx context.Context, e fieldbook.AuditEntry) error {
	if e.At.IsZero() {
		e.At = l.now()
	}
	err := l.db.Do(ctx, func(t *kv.Tx) error { return Write(t, e) })
	if err != nil {
		return fmt.Errorf("audit %s: %w", e.Action, err)
	}
	return nil
}

// Write adds e to the audit log in the job t, so that it commits with what
// it records (the retention sweep's erasures). e needs an action, a user
// and a time after 1970.
func Write(t *kv.Tx, e fieldbook.AuditEntry) error {
	if e.Action == "" || e.UserID == "" {
		return fieldbook.Errorf(fieldbook.CodeInvalid, "an audit entry names its action and its user")
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
	return t.SetJSON(auditKey(e.At), e)
}

// AuditLog returns up to limit entries of the audit log, newest first,
// from one snapshot. limit must be positive.
func (l *Log) AuditLog(ctx context.Context, limit int) ([]fieldbook.AuditEntry, error) {
	if limit <= 0 {
		return nil, fieldbook.Errorf(fieldbook.CodeInvalid, "the audit log is read with a positive limit")
	}
	out := []fieldbook.AuditEntry{}
	err := l.db.View(ctx, func(r *kv.View) error {
		return r.Newest(auditPrefix, limit, func(k, v []byte) error {
			var e fieldbook.AuditEntry
			if err := json.Unmarshal(v, &e); err != nil {
				return fmt.Errorf("decode %q: %w", k, err)
			}
			out = append(out, e)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("read audit log: %w", err)
	}
	return out, nil
}
