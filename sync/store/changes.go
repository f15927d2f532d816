package store

import (
	"context"
	"fmt"

	"fieldbook"
	"fieldbook/storage/directory"
	"fieldbook/storage/kv"
)

// WaitForChanges reports whether userID's pull from cursor cur would bring
// any record or a reset, waiting for one until ctx ends. It answers true at
// once when such a pull would; otherwise it waits for a durable commit that
// touched a feed the user reads (or the user), checks again, and so on: a
// commit elsewhere wakes no one. When ctx ends first it answers
// false and no error: nothing new. The check itself runs even when ctx has
// already ended, so an ended ctx makes a check that does not wait.
//
// Like Pull, it answers an unauthorized error for a disabled or missing
// user, and true for a cursor that a pull would reset (malformed, another
// user's, another server's, from before a restore or a scope change).
// A check reads no record: only the user, the cursor and the first feed
// entry past the cursor in each feed the user may see, so waiters are cheap
// to wake after every commit.
func (s *Store) WaitForChanges(ctx context.Context, userID, cur string) (bool, error) {
	return s.waitForChanges(ctx, userID, cur, nil)
}

// waitForChanges is WaitForChanges; blocked, when set, is called each time
// the check found nothing and the call is about to wait (tests).
func (s *Store) waitForChanges(ctx context.Context, userID, cur string, blocked func()) (bool, error) {
	for {
		// The watch is taken before the check, so a commit after the
		// check wakes it; it watches only what the user's pull reads, and
		// their own record (a change of it may reset the pull and change
		// what they read: the loop watches again).
		keys, err := s.watchKeys(ctx, userID)
		if err != nil {
			return false, err
		}
		wake, stop := s.db.CommitsOf(keys)
		changed, err := s.changedSince(ctx, userID, cur)
		if err != nil || changed {
			stop()
			return changed, err
		}
		if blocked != nil {
			blocked()
		}
		woke, err := s.db.WaitCommit(ctx, wake)
		stop()
		if err != nil {
			return false, fmt.Errorf("wait for changes: %w", err)
		}
		if !woke {
			return false, nil
		}
	}
}

// watchKeys are what a long-poll of userID watches: the feeds their pull
// reads and their user record; nil (every commit) for an admin, whose
// feeds grow with each new team.
func (s *Store) watchKeys(ctx context.Context, userID string) ([][]byte, error) {
	var keys [][]byte
	err := s.db.View(context.WithoutCancel(ctx), func(r *kv.View) error {
		at, err := s.startPull(r, userID, "")
		if err != nil || at.user.Role == fieldbook.RoleAdmin {
			return err
		}
		keys = append(append(keys, at.feeds...), directory.UserKey(userID))
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("check changes: %w", err)
	}
	return keys, nil
}

// changedSince reports, from one snapshot, whether userID's pull from cur
// would bring a record or a reset. It reads no record, and no feed at all
// when the cursor is at the last committed seq.
func (s *Store) changedSince(ctx context.Context, userID, cur string) (bool, error) {
	var changed bool
	err := s.db.View(context.WithoutCancel(ctx), func(r *kv.View) error {
		at, err := s.startPull(r, userID, cur)
		if err != nil {
			return err
		}
		if at.reset != "" || at.phase != nil {
			changed = true
			return nil
		}
		if at.from >= at.high {
			return nil
		}
		changed = anyAfter(r, at.feeds, at.from)
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("check changes: %w", err)
	}
	return changed, nil
}

// anyAfter reports whether any of the feeds has an entry after seq from.
func anyAfter(r kv.Reader, prefixes [][]byte, from uint64) bool {
	for _, p := range prefixes {
		it := r.Seek(p, kv.SeqKey(p[:len(p)-1], from+1))
		found := it.Valid() || it.Err() != nil // an error: wake, and the pull says it
		it.Close()
		if found {
			return true
		}
	}
	return false
}
