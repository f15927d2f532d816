package directory

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"fieldbook"
	"fieldbook/storage/feed"
	"fieldbook/storage/kv"
	"fieldbook/sync/rules"
)

// An agent's departure: the agent is disabled and marked left, and their
// people — customers, prospects and the consents about them — are
// re-issued to the heir, a chunk per job as in a team move, so that they
// reach the heir's phone as new records. The handover is recorded
// (hv/<user> → heir) in the job that marks the agent, and finished on the
// next start if the server stops midway. An erased person's record stays
// where it is: it holds nothing to hand over.

func handoverKey(user string) []byte { return kv.Key("hv", user) }

// Depart runs userID's departure to heirID (fieldbook.Directory).
func (d *Directory) Depart(ctx context.Context, userID, heirID string) (fieldbook.User, error) {
	var out fieldbook.User
	err := d.db.Do(ctx, func(t *kv.Tx) error {
		u, ok, err := UserIn(t, userID)
		if err != nil {
			return err
		}
		switch {
		case !ok:
			return fieldbook.Errorf(fieldbook.CodeNotFound, "there is no user %q", userID)
		case u.LeftAt != nil:
			return fieldbook.Errorf(fieldbook.CodeConflict, "%s left on %s already", u.Username, u.LeftAt.Format("2006-01-02"))
		case u.Role != fieldbook.RoleAgent:
			return fieldbook.Errorf(fieldbook.CodeInvalid, "only an agent leaves through the departure workflow; disable a %s instead", u.Role)
		}
		old := u
		now := d.stamps.Now().UTC()
		u.Disabled, u.LeftAt, u.HeirID = true, &now, heirID
		if err := d.putUser(t, &old, u); err != nil {
			return err
		}
		out = u
		// After the user is written: it raises their scope.
		return d.startHandover(t, u, heirID, fieldbook.RoleAgent, fieldbook.RoleSupervisor)
	})
	if err != nil {
		return fieldbook.User{}, fmt.Errorf("depart user %s: %w", userID, err)
	}
	if err := d.finishHandover(ctx, userID); err != nil {
		return out, err
	}
	return out, nil
}

// HandOver gives fromID's people to toID (fieldbook.Directory).
func (d *Directory) HandOver(ctx context.Context, fromID, toID string) error {
	err := d.db.Do(ctx, func(t *kv.Tx) error {
		u, ok, err := UserIn(t, fromID)
		if err != nil {
			return err
		}
		if !ok {
			return fieldbook.Errorf(fieldbook.CodeNotFound, "there is no user %q", fromID)
		}
		if u.HandingOver(d.stamps.Now()) {
			return fieldbook.Errorf(fieldbook.CodeConflict, "%s left and their phones may still hand over changes to %s: hand the people on from %s", u.Username, u.HeirID, u.HeirID)
		}
		return d.startHandover(t, u, toID, fieldbook.RoleAgent)
	})
	if err != nil {
		return fmt.Errorf("hand over user %s's people: %w", fromID, err)
	}
	return d.finishHandover(ctx, fromID)
}

// startHandover checks the heir — another active user of u's team in one
// of roles — and records the handover of u's people to them, with the
// open requests about them, in the job t; u's cursors reset.
func (d *Directory) startHandover(t *kv.Tx, u fieldbook.User, heirID string, roles ...fieldbook.Role) error {
	heir, ok, err := UserIn(t, heirID)
	if err != nil {
		return err
	}
	if !ok || heir.ID == u.ID || !slices.Contains(roles, heir.Role) || heir.Disabled || heir.TeamID == "" || heir.TeamID != u.TeamID {
		return fieldbook.Errorf(fieldbook.CodeInvalid, "heir_id must name another active %s of %s's team", strings.Join(roleNames(roles), " or "), u.Username)
	}
	if err := t.SetJSON(handoverKey(u.ID), heir.ID); err != nil {
		return err
	}
	// The records leave u's feed: u's phones drop them with a reset.
	if err := bumpScope(t, u.ID); err != nil {
		return err
	}
	return d.handover.Requests(t, u.ID, heir.ID)
}

func roleNames(roles []fieldbook.Role) []string {
	out := make([]string, len(roles))
	for i, r := range roles {
		out[i] = string(r)
	}
	return out
}

// finishHandover re-issues a user's people to their heir, then
// drops the handover marker. It is safe to run again after a crash: what
// was handed over is in the heir's feed, no longer in the agent's.
func (d *Directory) finishHandover(ctx context.Context, userID string) error {
	return d.reissue(ctx, userID, handoverKey(userID), func(t *kv.Tx, heir, collection, id string, after *rules.State) (map[string]json.RawMessage, error) {
		if !feed.OwnerOnly(collection) || after.Owner != userID || after.Bool(fieldbook.FieldDeleted) {
			return nil, nil
		}
		if rules.Personal(collection) {
			if err := d.handover.Person(t, id, userID, heir); err != nil {
				return nil, err
			}
		}
		after.Owner = heir
		return map[string]json.RawMessage{fieldbook.FieldOwner: feed.Quoted(heir), fieldbook.FieldHandedFrom: feed.Quoted(userID)}, nil
	})
}
