package store

import (
	"context"

	"fieldbook"
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
	if len(changes) > 0 {
		if ans.Results, err = s.Push(ctx, userID, req.ClientID, changes); err != nil {
			return fieldbook.SyncAnswer{}, err
		}
	} else if !bound {
		if err := s.bind(ctx, userID, req.ClientID); err != nil {
			return fieldbook.SyncAnswer{}, err
		}
	}
	page, err := s.Pull(ctx, userID, req.Cursor, limit)
	if err != nil {
		return fieldbook.SyncAnswer{}, err
	}
	ans.Records, ans.Cursor, ans.More, ans.ResetReason = page.Records, page.Cursor, page.More, page.ResetReason
	return ans, nil
}
