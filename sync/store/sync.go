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
	// The answer's pull takes the records the push just wrote from
	// memory rather than reading them back, in their wire form made while
	// the push's commit is written, the echoes left out.
	var echoes feed.Echoes
	if protocol.OmitsEchoes(req.Protocol) {
		echoes = echoesOf(changes)
	}
	var written feed.Written
	if len(changes) > 0 {
		prepare := func(w feed.Written) { feed.PrepareWire(w, echoes) }
		if ans.Results, written, err = s.push(ctx, userID, req.ClientID, changes, prepare); err != nil {
			return fieldbook.SyncAnswer{}, err
		}
	} else if !bound {
		if err := s.bind(ctx, userID, req.ClientID); err != nil {
			return fieldbook.SyncAnswer{}, err
		}
	}
	page, err := s.pull(ctx, userID, req.Cursor, limit, protocol.PhasesFirstPull(req.Protocol), written, echoes)
	if err != nil {
		return fieldbook.SyncAnswer{}, err
	}
	ans.Records, ans.Cursor, ans.More, ans.ResetReason, ans.Phase = page.Records, page.Cursor, page.More, page.ResetReason, page.Phase
	return ans, nil
}

// echoesOf says what to leave out of the answer's records: what the
// request's own changes wrote and the server kept as sent — the value with
// the change's stamp — which the client holds already (protocol 2).
// Whatever else a record holds (the server's fields, newer values from
// elsewhere) stays. It is nil when the request sent no change.
func echoesOf(changes []protocol.Prepared) feed.Echoes {
	type key struct{ collection, id string }
	sent := make(map[key][]*fieldbook.Change, len(changes))
	for i := range changes {
		if c := &changes[i].Change; changes[i].Fault == nil {
			k := key{c.Collection, c.ID}
			sent[k] = append(sent[k], c)
		}
	}
	if len(sent) == 0 {
		return nil
	}
	return func(collection, id string) func(name, value, stamp []byte) bool {
		mine := sent[key{collection, id}]
		if mine == nil {
			return nil
		}
		return func(name, value, stamp []byte) bool {
			for _, c := range mine {
				if c.HLC == string(stamp) {
					v, ok := c.Fields[string(name)]
					return ok && bytes.Equal(v, value)
				}
			}
			return false
		}
	}
}
