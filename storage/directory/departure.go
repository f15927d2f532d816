package directory

import (
	"context"
	"encoding/json"
	"fmt"

	"fieldbook"
	"fieldbook/storage/feed"
	"fieldbook/storage/kv"
	"fieldbook/storage/privacy"
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
		heir, ok, err := UserIn(t, heirID)
		if err != nil {
			return err
		}
		if !ok || heir.ID == u.ID || heir.Role != fieldbook.RoleAgent || heir.Disabled || heir.TeamID != u.TeamID {
			return fieldbook.Errorf(fieldbook.CodeInvalid, "heir_id must name another active agent of %s's team", u.Username)
		}
		old := u
		now := d.stamps.Now().UTC()
		u.Disabled, u.LeftAt, u.HeirID = true, &now, heir.ID
		if err := t.SetJSON(handoverKey(u.ID), heir.ID); err != nil {
			return err
		}
		if err := privacy.HandOverRequests(t, u.ID, heir.ID); err != nil {
			return err
		}
		out = u
		return d.putUser(t, &old, u)
	})
	if err != nil {
		return fieldbook.User{}, fmt.Errorf("depart user %s: %w", userID, err)
	}
	if err := d.finishHandover(ctx, userID); err != nil {
		return out, err
	}
	return out, nil
}

// finishHandover re-issues a departed agent's people to their heir, then
// drops the handover marker. It is safe to run again after a crash: what
// was handed over is in the heir's feed, no longer in the agent's.
func (d *Directory) finishHandover(ctx context.Context, userID string) error {
	return d.reissue(ctx, userID, handoverKey(userID), func(t *kv.Tx, heir, collection, id string, after *rules.State) (map[string]json.RawMessage, error) {
		if !feed.OwnerOnly(collection) || after.Owner != userID || after.Bool(fieldbook.FieldDeleted) {
			return nil, nil
		}
		if rules.Personal(collection) {
			if err := privacy.HandOver(t, id, userID, heir); err != nil {
				return nil, err
			}
		}
		after.Owner = heir
		return map[string]json.RawMessage{fieldbook.FieldOwner: feed.Quoted(heir), fieldbook.FieldHandedFrom: feed.Quoted(userID)}, nil
	})
}
