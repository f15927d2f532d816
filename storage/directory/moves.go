package directory

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"fieldbook"

	"fieldbook/storage/feed"
	"fieldbook/storage/kv"
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
	for {
		done := false
		err := d.db.Do(ctx, func(t *kv.Tx) error {
			var team string
			ok, err := kv.GetJSON(t, moveKey(userID), &team)
			if err != nil || !ok {
				done = true
				return err
			}
			var refs []string
			err = t.Iterate(kv.Key("f", "o", userID, ""), func(_, v []byte) error {
				refs = append(refs, string(v))
				return nil
			})
			if err != nil {
				return err
			}
			moved := 0
			for _, ref := range refs {
				collection, id, _ := strings.Cut(ref, "/")
				if collection == fieldbook.CoachingNotes {
					continue // a supervisor's notes stay with the team they are about
				}
				before, oldSeq, err := feed.Read(t, collection, id)
				if err != nil {
					return err
				}
				if before.Team == team {
					continue
				}
				after := feed.Clone(before)
				after.Team = team
				d.stamps.Observe(before.Fields.Version())
				d.stamps.Write(&after, map[string]json.RawMessage{fieldbook.FieldTeam: feed.Quoted(team)})
				feed.Put(t, collection, id, feed.PlaceOf(collection, id, &before), oldSeq, &after)
				if moved++; moved == moveChunk {
					return nil
				}
			}
			t.Delete(moveKey(userID))
			done = true
			return nil
		})
		if err != nil {
			return fmt.Errorf("move user %s: %w", userID, err)
		}
		if done {
			return nil
		}
	}
}

// FinishMoves completes the team moves a crash interrupted.
func (d *Directory) FinishMoves(ctx context.Context) error {
	var users []string
	err := d.db.View(ctx, func(r *kv.View) error {
		return r.Keys([]byte("mv/"), func(k []byte) error {
			users = append(users, lastPart(k))
			return nil
		})
	})
	if err != nil {
		return fmt.Errorf("find team moves: %w", err)
	}
	for _, u := range users {
		if err := d.finishMove(ctx, u); err != nil {
			if ctx.Err() != nil {
				return err
			}
			// One user's move must not keep the store from opening; it
			// is tried again at the next start.
			d.log.Error("finish a team move interrupted by a crash", "user", u, "err", err)
		}
	}
	return nil
}
