// The retention of Plan 100 names (fieldbook.ProspectDormancy): an agent's
// dormant prospects, and the sweep that erases those left unanswered past
// their grace, each exactly as its owner's deletion would (Erase), with an
// entry in the audit log in the same commit.

package privacy

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"slices"
	"strconv"
	"time"

	"fieldbook"
	"fieldbook/storage/audit"
	"fieldbook/storage/directory"
	"fieldbook/storage/feed"
	"fieldbook/storage/kv"
	"fieldbook/sync/crdt"
)

// purgeChunk is how many names one job of the sweep erases: each erasure
// reads the owner's activities, and the writer serves every sync meanwhile.
const purgeChunk = 10

// PurgeAction is the audit log's action of the sweep's erasures.
const PurgeAction = "retention.purge"

// Retention finds the dormant prospects of one store and sweeps them.
type Retention struct {
	db     *kv.DB
	stamps *feed.Stamps
	log    *slog.Logger
}

// NewRetention makes the retention of db; the sweep writes with stamps and
// logs to log.
func NewRetention(db *kv.DB, stamps *feed.Stamps, log *slog.Logger) *Retention {
	return &Retention{db: db, stamps: stamps, log: log}
}

// parseTime reads an RFC 3339 time as stored; anything else is none.
func parseTime(s string) time.Time {
	t, _ := time.Parse(time.RFC3339Nano, s)
	return t
}

// dormancy applies the rule to the owner's prospect id at now, and says
// its name; found is false for a record that is gone, deleted or not the
// owner's.
func dormancy(r kv.Reader, owner, id string, months int, loc *time.Location, now time.Time) (d fieldbook.Dormancy, name string, found bool, err error) {
	st, _, err := feed.Read(r, fieldbook.Prospects, id)
	if err != nil || !st.Exists() || st.Owner != owner || st.Bool(fieldbook.FieldDeleted) {
		return d, "", false, err
	}
	p := fieldbook.ProspectTrace{CustomerID: st.Str(fieldbook.FieldCustomerID),
		UpdatedAt: parseTime(st.Str(fieldbook.FieldUpdatedAt)), KeptAt: parseTime(st.Str(fieldbook.FieldKeptAt))}
	// The interactions index holds the activities naming it, not deleted
	// or voided, other than the 获客 that added it.
	var acts []string
	if err := r.Keys(feed.InteractionsWith(owner, id), func(k []byte) error {
		acts = append(acts, string(k[bytes.LastIndexByte(k, '/')+1:]))
		return nil
	}); err != nil {
		return d, "", false, err
	}
	for _, a := range acts {
		var af struct {
			OccurredAt string `json:"occurred_at"`
		}
		if _, err := feed.ReadFields(r, fieldbook.Activities, a, &af); err != nil {
			return d, "", false, fmt.Errorf("activity %s: %w", a, err)
		}
		if t := parseTime(af.OccurredAt); t.After(p.LastActivity) {
			p.LastActivity = t
		}
	}
	return fieldbook.ProspectDormancy(p, months, loc, now), st.Str(fieldbook.FieldName), true, nil
}

// rulesOf are the retention months and the time zone of a user's team;
// months is 0 for a user without a team.
func rulesOf(r kv.Reader, u fieldbook.User) (int, *time.Location, error) {
	if u.TeamID == "" {
		return 0, time.UTC, nil
	}
	tm, ok, err := directory.TeamIn(r, u.TeamID)
	if err != nil || !ok {
		return 0, time.UTC, err
	}
	s := tm.Current()
	loc, err := time.LoadLocation(s.TimeZone)
	if err != nil {
		return 0, time.UTC, fmt.Errorf("time zone of team %s: %w", u.TeamID, err)
	}
	return s.Retention.ProspectMonths, loc, nil
}

// prospectIDs are the ids of the owner's prospects that are not deleted.
func prospectIDs(r kv.Reader, owner string) ([]string, error) {
	var ids []string
	err := r.Keys(feed.FilesOf(owner, fieldbook.Prospects), func(k []byte) error {
		ids = append(ids, string(k[bytes.LastIndexByte(k, '/')+1:]))
		return nil
	})
	return ids, err
}

// DormantProspects returns the agent's dormant prospects at now, the
// soonest purged first, read from one snapshot.
func (rt *Retention) DormantProspects(ctx context.Context, agentID string, now time.Time) ([]fieldbook.DormantProspect, error) {
	out := []fieldbook.DormantProspect{}
	err := rt.db.View(ctx, func(r *kv.View) error {
		u, ok, err := directory.UserIn(r, agentID)
		if err != nil {
			return err
		}
		if !ok {
			return fieldbook.Errorf(fieldbook.CodeNotFound, "there is no user %q", agentID)
		}
		months, loc, err := rulesOf(r, u)
		if err != nil || months == 0 {
			return err
		}
		ids, err := prospectIDs(r, agentID)
		if err != nil {
			return err
		}
		for _, id := range ids {
			d, name, found, err := dormancy(r, agentID, id, months, loc, now)
			if err != nil {
				rt.log.Error("retention: a prospect could not be read; it is left out", "agent", agentID, "prospect", id, "err", err)
				continue
			}
			if found && d.Dormant {
				out = append(out, fieldbook.DormantProspect{ID: id, Name: name, LastTouch: d.LastTouch.UTC(), DormantAt: d.DormantAt.UTC(),
					PurgeAt: d.PurgeAt.UTC(), PurgeDate: d.PurgeAt.In(loc).Format(time.DateOnly)})
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("dormant prospects of %s: %w", agentID, err)
	}
	slices.SortFunc(out, func(a, b fieldbook.DormantProspect) int {
		return cmp.Or(a.PurgeAt.Compare(b.PurgeAt), cmp.Compare(a.ID, b.ID))
	})
	return out, nil
}

// due is one agent's names past their purge time, as a snapshot saw them.
type due struct {
	agent fieldbook.User
	ids   []string
}

// PurgeDormant erases every prospect past its purge time at now, agent by
// agent, a chunk of names per job; each job judges its names again and
// writes its audit entry with its erasures. A chunk that fails is tried a
// name at a time, so that one bad record is skipped and logged alone.
func (rt *Retention) PurgeDormant(ctx context.Context, now time.Time) (int, error) {
	var todo []due
	err := rt.db.View(ctx, func(r *kv.View) error {
		teams, err := directory.TeamIDs(r)
		if err != nil {
			return err
		}
		for _, team := range teams {
			users, err := directory.Members(r, team)
			if err != nil {
				return err
			}
			for _, u := range users {
				if err := ctx.Err(); err != nil {
					return err // the store closes: it is not waited for
				}
				if u.Role != fieldbook.RoleAgent {
					continue
				}
				ids, err := rt.purgeable(r, u, now)
				if err != nil {
					rt.log.Error("retention: an agent's names could not be read; they are tried at the next sweep", "agent", u.ID, "err", err)
					continue
				}
				if len(ids) > 0 {
					todo = append(todo, due{agent: u, ids: ids})
				}
			}
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("retention: find dormant prospects: %w", err)
	}
	total := 0
	for _, d := range todo {
		n := 0
		for chunk := range slices.Chunk(d.ids, purgeChunk) {
			if err := ctx.Err(); err != nil {
				return total + n, err
			}
			k, err := rt.purge(ctx, d.agent, chunk, now)
			if err != nil && len(chunk) > 1 {
				// One bad record fails its chunk: a name at a time, the
				// others are still erased.
				k = 0
				for _, id := range chunk {
					one, err := rt.purge(ctx, d.agent, []string{id}, now)
					rt.failed(ctx, d.agent.ID, id, err)
					k += one
				}
			} else {
				rt.failed(ctx, d.agent.ID, chunk[0], err)
			}
			n += k
		}
		if n > 0 {
			rt.log.Info("retention: dormant prospects erased", "agent", d.agent.ID, "count", n)
		}
		total += n
	}
	return total, ctx.Err()
}

// failed logs a name the sweep could not erase (by ids: no personal data).
func (rt *Retention) failed(ctx context.Context, agent, id string, err error) {
	if err != nil && ctx.Err() == nil {
		rt.log.Error("retention: a dormant prospect could not be erased; it is tried at the next sweep", "agent", agent, "prospect", id, "err", err)
	}
}

// purgeable are the ids of u's prospects past their purge time at now.
func (rt *Retention) purgeable(r kv.Reader, u fieldbook.User, now time.Time) ([]string, error) {
	months, loc, err := rulesOf(r, u)
	if err != nil || months == 0 {
		return nil, err
	}
	ids, err := prospectIDs(r, u.ID)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, id := range ids {
		d, _, found, err := dormancy(r, u.ID, id, months, loc, now)
		if err != nil {
			rt.log.Error("retention: a prospect could not be read; it is skipped", "agent", u.ID, "prospect", id, "err", err)
			continue
		}
		if found && d.Purge {
			out = append(out, id)
		}
	}
	return out, nil
}

// purge erases those of ids that are still past their purge time, in one
// job with its audit entry, and returns how many it erased.
func (rt *Retention) purge(ctx context.Context, agent fieldbook.User, ids []string, now time.Time) (int, error) {
	n := 0
	err := rt.db.Do(ctx, func(t *kv.Tx) error {
		n = 0
		u, ok, err := directory.UserIn(t, agent.ID)
		if err != nil || !ok {
			return err
		}
		months, loc, err := rulesOf(t, u)
		if err != nil || months == 0 {
			return err
		}
		for _, id := range ids {
			d, _, found, err := dormancy(t, u.ID, id, months, loc, now)
			if err != nil {
				return fmt.Errorf("prospect %s: %w", id, err)
			}
			if !found || !d.Purge {
				continue // kept, touched or deleted meanwhile
			}
			if err := rt.erase(t, id); err != nil {
				return fmt.Errorf("erase prospect %s: %w", id, err)
			}
			n++
		}
		if n == 0 {
			return nil
		}
		return audit.Write(t, fieldbook.AuditEntry{At: rt.stamps.Now(), UserID: crdt.ServerNode, Username: crdt.ServerNode,
			Action: PurgeAction, Params: map[string]string{"agent_id": u.ID, "count": strconv.Itoa(n)}})
	})
	if err != nil {
		return 0, err
	}
	return n, nil
}

// erase deletes the prospect as the server, with a stamp past every stamp
// it holds, and erases the person as the owner's deletion does.
func (rt *Retention) erase(t *kv.Tx, id string) error {
	st, seq, err := feed.Read(t, fieldbook.Prospects, id)
	if err != nil {
		return err
	}
	was := feed.PlaceOf(fieldbook.Prospects, id, &st)
	after := feed.Clone(st)
	now := rt.stamps.Timestamp()
	rt.stamps.Observe(st.Fields.Version())
	rt.stamps.Write(&after, map[string]json.RawMessage{fieldbook.FieldDeleted: json.RawMessage("true"), fieldbook.FieldUpdatedAt: now})
	if err := Erase(t, fieldbook.Prospects, id, &after, after.Fields[fieldbook.FieldDeleted].Stamp, now); err != nil {
		return err
	}
	feed.Put(t, fieldbook.Prospects, id, was, seq, &after)
	return nil
}
