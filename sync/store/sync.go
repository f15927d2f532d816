package store

import (
	"bytes"
	"context"

	"fieldbook"
	"fieldbook/storage/feed"
	"fieldbook/sync/protocol"
)

// Sync runs one sync request of userID (docs/protocol.md): first the
// checks that may refuse it, writing nothing — the client_id must not be
// another user's, then the protocol's checks of the request as a whole —
// then the push of its changes, which binds a new client_id in the same
// commit, then the pull from its cursor. A pull alone binds a new
// client_id before it answers.
func (s *Store) Sync(ctx context.Context, userID string, req fieldbook.SyncRequest) (fieldbook.SyncAnswer, error) {
	bound, err := s.clientOf(ctx, userID, req.ClientID)
	if err != nil {
		return fieldbook.SyncAnswer{}, err
	}
	limit, changes, err := protocol.Check(&req, s.now())
	if err != nil {
		return fieldbook.SyncAnswer{}, err
	}
	ans := fieldbook.SyncAnswer{Results: []fieldbook.Result{}}
	var written feed.Written
	if len(changes) > 0 {
		if ans.Results, written, err = s.push(ctx, userID, req.ClientID, changes); err != nil {
			return fieldbook.SyncAnswer{}, err
		}
	} else if !bound {
		if err := s.bind(ctx, userID, req.ClientID); err != nil {
			return fieldbook.SyncAnswer{}, err
		}
	}
	// The answer's pull takes the records the push just wrote from
	// memory rather than reading them back.
	page, err := s.pull(ctx, userID, req.Cursor, limit, protocol.PhasesFirstPull(req.Protocol), written)
	if err != nil {
		return fieldbook.SyncAnswer{}, err
	}
	if protocol.OmitsEchoes(req.Protocol) {
		page.Records = omitEchoes(page.Records, changes)
	}
	ans.Records, ans.Cursor, ans.More, ans.ResetReason, ans.Phase = page.Records, page.Cursor, page.More, page.ResetReason, page.Phase
	return ans, nil
}

// omitEchoes leaves out of the answer's records what the request's own
// changes wrote and the server kept as sent — the value with the change's
// stamp — which the client holds already (protocol 2). Whatever else the
// record holds (the server's fields, newer values from elsewhere) stays.
func omitEchoes(records []fieldbook.RawRecord, changes []protocol.Prepared) []fieldbook.RawRecord {
	type key struct{ collection, id string }
	sent := make(map[key][]*fieldbook.Change, len(changes))
	for i := range changes {
		if c := &changes[i].Change; changes[i].Fault == nil {
			k := key{c.Collection, c.ID}
			sent[k] = append(sent[k], c)
		}
	}
	if len(sent) == 0 {
		return records
	}
	for i, rec := range records {
		mine := sent[key{rec.Collection, rec.ID}]
		if mine == nil {
			continue
		}
		records[i] = feed.Omit(rec, func(name, value, stamp []byte) bool {
			for _, c := range mine {
				if c.HLC == string(stamp) {
					v, ok := c.Fields[string(name)]
					return ok && bytes.Equal(v, value)
				}
			}
			return false
		})
	}
	return records
}
