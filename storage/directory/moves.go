package directory

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"fieldbook"

	"fieldbook/storage/feed"
	"fieldbook/storage/kv"
	"fieldbook/sync/rules"
)

// A team move re-issues the moved agent's records to the new team under
// new feed numbers, a chunk per job, so the new team's supervisors receive
// them as changes. The move is recorded (mv/<user>) in the job that moves
// the user, and finished on the next start if the server stops midway.

// moveChunk is how many records one job of a team move re-issues.
const moveChunk = 500

// finishMove re-issues a moved user's records to their new team, a chunk
// per job, then drops the move marker. It is safe to run again after a
// crash: records already in the new team are left alone.
func (d *Directory) finishMove(ctx context.Context, userID string) error {
	return d.reissue(ctx, userID, moveKey(userID), func(_ *kv.Tx, team, collection, _ string, after *rules.State) (map[string]json.RawMessage, error) {
		if collection == fieldbook.CoachingNotes || collection == fieldbook.DayFocus || after.Team == team {
			return nil, nil // a supervisor's notes and day focuses stay with the team they are about
		}
		after.Team = team
		return map[string]json.RawMessage{fieldbook.FieldTeam: feed.Quoted(team)}, nil
	})
}

// A plan says how to re-issue the record collection/id towards target
// (what the marker holds), in the job t: it changes after and returns the
// fields the server writes, or nil to leave the record alone. A record it
// changed must not be changed again: the loop ends when nothing is left
// to change.
type plan func(t *kv.Tx, target, collection, id string, after *rules.State) (map[string]json.RawMessage, error)

// reissue re-issues the records of userID's own feed as p says, a chunk
// per job under new feed numbers, then deletes marker, which names the
// target; without the marker there is nothing to do.
func (d *Directory) reissue(ctx context.Context, userID string, marker []byte, p plan) error {
	for {
		done := false
		err := d.db.Do(ctx, func(t *kv.Tx) error {
			var target string
			ok, err := kv.GetJSON(t, marker, &target)
			if err != nil || !ok {
				done = true
				return err
			}
			var refs []string
			err = t.Iterate(feed.OwnerFeed(userID), func(_, v []byte) error {
				refs = append(refs, string(v))
				return nil
			})
			if err != nil {
				return err
			}
			changed := 0
			for _, ref := range refs {
				collection, id, _ := strings.Cut(ref, "/")
				before, oldSeq, err := feed.Read(t, collection, id)
				if err != nil {
					return err
				}
				after := feed.Clone(before)
				values, err := p(t, target, collection, id, &after)
				if err != nil {
					return err
				}
				if values == nil {
					continue
				}
				d.stamps.Observe(before.Fields.Version())
				d.stamps.Write(&after, values)
				feed.Put(t, collection, id, feed.PlaceOf(collection, id, &before), oldSeq, &after)
				if changed++; changed == moveChunk {
					return nil
				}
			}
			t.Delete(marker)
			done = true
			return nil
		})
		if err != nil {
			return fmt.Errorf("re-issue the records of user %s: %w", userID, err)
		}
		if done {
			return nil
		}
	}
}

// FinishMoves completes the team moves and the handovers of departed
// agents' people that a crash interrupted.
func (d *Directory) FinishMoves(ctx context.Context) error {
	for _, w := range []struct {
		prefix string
		finish func(context.Context, string) error
	}{{"mv/", d.finishMove}, {"hv/", d.finishHandover}} {
		var users []string
		err := d.db.View(ctx, func(r *kv.View) error {
			return r.Keys([]byte(w.prefix), func(k []byte) error {
				users = append(users, lastPart(k))
				return nil
			})
		})
		if err != nil {
			return fmt.Errorf("find unfinished re-issues: %w", err)
		}
		for _, u := range users {
			if err := w.finish(ctx, u); err != nil {
				if ctx.Err() != nil {
					return err
				}
				// One user's records must not keep the store from opening;
				// they are tried again at the next start.
				d.log.Error("finish re-issuing records after a crash", "user", u, "err", err)
			}
		}
	}
	return nil
}
