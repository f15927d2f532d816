package directory

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"

	"fieldbook"
	"fieldbook/storage/feed"
	"fieldbook/storage/kv"
	"fieldbook/sync/rules"
)

// storedUser is a user as stored, with the fields fieldbook.User keeps out
// of JSON.
type storedUser struct {
	ID           string         `json:"id"`
	Username     string         `json:"username"`
	Name         string         `json:"name"`
	Role         fieldbook.Role `json:"role"`
	TeamID       string         `json:"team_id,omitempty"`
	Disabled     bool           `json:"disabled,omitempty"`
	PasswordHash string         `json:"password_hash"`
	Scope        uint64         `json:"scope,omitempty"`
	LeftAt       *time.Time     `json:"left_at,omitempty"`
	HeirID       string         `json:"heir_id,omitempty"`
	TokenGen     uint64         `json:"token_gen,omitempty"`
}

func (u storedUser) domain() fieldbook.User {
	return fieldbook.User{ID: u.ID, Username: u.Username, Name: u.Name, Role: u.Role, TeamID: u.TeamID,
		Disabled: u.Disabled, PasswordHash: u.PasswordHash, Scope: u.Scope, LeftAt: u.LeftAt, HeirID: u.HeirID, TokenGen: u.TokenGen}
}

func fromDomain(u fieldbook.User) storedUser {
	return storedUser{ID: u.ID, Username: u.Username, Name: u.Name, Role: u.Role, TeamID: u.TeamID,
		Disabled: u.Disabled, PasswordHash: u.PasswordHash, Scope: u.Scope, LeftAt: u.LeftAt, HeirID: u.HeirID, TokenGen: u.TokenGen}
}

// normalizeUsername is the form usernames are unique in.
func normalizeUsername(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// User returns a user by id.
func (d *Directory) User(ctx context.Context, id string) (fieldbook.User, bool, error) {
	var u storedUser
	found, err := d.getJSON(ctx, userKey(id), &u)
	return u.domain(), found, err
}

// UserByUsername returns a user by username (case-insensitive).
func (d *Directory) UserByUsername(ctx context.Context, username string) (fieldbook.User, bool, error) {
	var u storedUser
	var found bool
	err := d.db.View(ctx, func(r *kv.View) error {
		var id string
		ok, err := kv.GetJSON(r, usernameKey(normalizeUsername(username)), &id)
		if err != nil || !ok {
			return err
		}
		found, err = kv.GetJSON(r, userKey(id), &u)
		return err
	})
	return u.domain(), found, err
}

// Users lists every user, ordered by username.
func (d *Directory) Users(ctx context.Context) ([]fieldbook.User, error) {
	var users []fieldbook.User
	err := d.db.View(ctx, func(r *kv.View) error {
		return kv.ScanJSON(r, []byte("u/"), func(u *storedUser) { users = append(users, u.domain()) })
	})
	if err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	sortBy(users, func(u fieldbook.User) string { return u.Username })
	return users, nil
}

// TeamMembers lists the users of a team, ordered by name.
func (d *Directory) TeamMembers(ctx context.Context, teamID string) ([]fieldbook.User, error) {
	var users []fieldbook.User
	err := d.db.View(ctx, func(r *kv.View) (err error) {
		users, err = Members(r, teamID)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("list team %s: %w", teamID, err)
	}
	sortBy(users, func(u fieldbook.User) string { return u.Name + "\x00" + u.ID })
	return users, nil
}

// CreateUser adds a user with a new id. The password is hashed already.
func (d *Directory) CreateUser(ctx context.Context, u fieldbook.User) (fieldbook.User, error) {
	u.ID = rules.NewID()
	u.Username = strings.TrimSpace(u.Username)
	if err := validNames(u.Username, u.Name); err != nil {
		return fieldbook.User{}, err
	}
	if err := validUser(u); err != nil {
		return fieldbook.User{}, err
	}
	err := d.db.Do(ctx, func(t *kv.Tx) error {
		if _, taken, err := t.Get(usernameKey(normalizeUsername(u.Username))); err != nil {
			return err
		} else if taken {
			return fieldbook.Errorf(fieldbook.CodeConflict, "the username %q is taken", u.Username)
		}
		if err := checkTeam(t, u.TeamID); err != nil {
			return err
		}
		if err := t.SetJSON(usernameKey(normalizeUsername(u.Username)), u.ID); err != nil {
			return err
		}
		return d.putUser(t, nil, u)
	})
	if err != nil {
		return fieldbook.User{}, fmt.Errorf("create user %q: %w", u.Username, err)
	}
	return u, nil
}

// validNames checks a new username and name: no control characters in
// either, no white space in the username. (Checked where they are set, so
// that a user stored before this rule can still be changed.)
func validNames(username, name string) error {
	if strings.IndexFunc(username, func(r rune) bool { return unicode.IsControl(r) || unicode.IsSpace(r) }) >= 0 {
		return fieldbook.Errorf(fieldbook.CodeInvalid, "username must have no spaces or control characters")
	}
	if strings.IndexFunc(name, unicode.IsControl) >= 0 {
		return fieldbook.Errorf(fieldbook.CodeInvalid, "name must have no control characters")
	}
	return nil
}

func validUser(u fieldbook.User) error {
	switch {
	case u.Username == "" || len(u.Username) > 64 || strings.ContainsAny(u.Username, " \t\r\n/"):
		return fieldbook.Errorf(fieldbook.CodeInvalid, "username must have 1 to 64 characters and no spaces or '/'")
	case !u.Role.Valid():
		return fieldbook.Errorf(fieldbook.CodeInvalid, "role must be agent, supervisor or admin")
	case u.Role != fieldbook.RoleAdmin && u.TeamID == "":
		return fieldbook.Errorf(fieldbook.CodeInvalid, "agents and supervisors need a team_id")
	case len([]rune(u.Name)) > 100:
		return fieldbook.Errorf(fieldbook.CodeInvalid, "name must have at most 100 characters")
	}
	return nil
}

func checkTeam(t kv.Reader, id string) error {
	if id == "" {
		return nil
	}
	if _, ok, err := TeamIn(t, id); err != nil {
		return err
	} else if !ok {
		return fieldbook.Errorf(fieldbook.CodeInvalid, "there is no team %q", id)
	}
	return nil
}

// UpdateUser changes a user. Moving a user to another team re-issues their
// records to the new team and resets the cursors of the user and of the old
// team, whose supervisors must drop the user's records; a role change
// resets the user's cursors; disabling revokes the user's refresh tokens.
func (d *Directory) UpdateUser(ctx context.Context, id string, p fieldbook.UserPatch) (fieldbook.User, error) {
	var out fieldbook.User
	var teamChanged bool
	err := d.db.Do(ctx, func(t *kv.Tx) error {
		old, ok, err := UserIn(t, id)
		if err != nil {
			return err
		}
		if !ok {
			return fieldbook.Errorf(fieldbook.CodeNotFound, "there is no user %q", id)
		}
		u := old
		if p.Name != nil {
			u.Name = strings.TrimSpace(*p.Name)
			if u.Name == "" {
				return fieldbook.Errorf(fieldbook.CodeInvalid, "name must not be blank")
			}
			if err := validNames(u.Username, u.Name); err != nil {
				return err
			}
		}
		if p.Role != nil {
			u.Role = *p.Role
		}
		if p.TeamID != nil {
			u.TeamID = *p.TeamID
		}
		if p.Disabled != nil {
			u.Disabled = *p.Disabled
			if !u.Disabled {
				u.LeftAt, u.HeirID = nil, "" // back: the departure is over
			}
		}
		if p.PasswordHash != nil {
			u.PasswordHash = *p.PasswordHash
		}
		if u.PasswordHash != old.PasswordHash || u.Disabled && !old.Disabled {
			u.TokenGen++ // the access tokens issued before are refused now
		}
		if err := validUser(u); err != nil {
			return err
		}
		if err := checkTeam(t, u.TeamID); err != nil {
			return err
		}
		if u.TeamID != old.TeamID || u.Role != old.Role {
			u.Scope++
		}
		teamChanged = u.TeamID != old.TeamID
		if teamChanged {
			if err := bumpTeamScopes(t, old.TeamID, id); err != nil {
				return err
			}
			if err := t.SetJSON(moveKey(id), u.TeamID); err != nil {
				return err
			}
		}
		// Disabling signs the devices out (they wipe their data); a new
		// password only ends the sessions (the outbox waits for a sign-in).
		if u.Disabled && !old.Disabled || p.PasswordHash != nil {
			if err := revokeUserTokens(t, id, u.Disabled && !old.Disabled); err != nil {
				return err
			}
		}
		out = u
		return d.putUser(t, &old, u)
	})
	if err != nil {
		return fieldbook.User{}, fmt.Errorf("update user %s: %w", id, err)
	}
	if teamChanged {
		if err := d.finishMove(ctx, id); err != nil {
			return out, err
		}
	}
	return out, nil
}

// putUser writes a user, their team index entry and their members record.
func (d *Directory) putUser(t *kv.Tx, old *fieldbook.User, u fieldbook.User) error {
	if err := t.SetJSON(userKey(u.ID), fromDomain(u)); err != nil {
		return err
	}
	t.Touch(userKey(u.ID)) // a change of the user may reset their pulls: their long-polls check
	if old != nil && old.TeamID != "" && old.TeamID != u.TeamID {
		t.Delete(teamUserKey(old.TeamID, u.ID))
	}
	if u.TeamID != "" {
		t.Set(teamUserKey(u.TeamID, u.ID), nil)
	}
	if old != nil && old.Name == u.Name && old.Role == u.Role && old.TeamID == u.TeamID && old.Disabled == u.Disabled {
		return nil
	}
	return d.putMember(t, u)
}

// putMember writes the server's members record of a user: what the team
// sees of its members.
func (d *Directory) putMember(t *kv.Tx, u fieldbook.User) error {
	before, oldSeq, err := feed.Read(t, fieldbook.Members, u.ID)
	if err != nil {
		return err
	}
	c := feed.Clone(before)
	after := rules.State{Team: u.TeamID, Fields: c.Fields, ByOthers: c.ByOthers}
	now := d.stamps.Timestamp()
	values := map[string]json.RawMessage{fieldbook.FieldName: feed.Quoted(u.Name), fieldbook.FieldRole: feed.Quoted(string(u.Role)), fieldbook.FieldTeam: feed.Quoted(u.TeamID),
		fieldbook.FieldActive: json.RawMessage(strconv.FormatBool(!u.Disabled)), fieldbook.FieldUpdatedAt: now}
	if oldSeq == 0 {
		values[fieldbook.FieldCreatedAt] = now
	}
	d.stamps.Observe(before.Fields.Version())
	d.stamps.Write(&after, values)
	feed.Put(t, fieldbook.Members, u.ID, feed.PlaceOf(fieldbook.Members, u.ID, &before), oldSeq, &after)
	return nil
}

// bumpTeamScopes resets the cursors of every member of team but except.
func bumpTeamScopes(t *kv.Tx, team, except string) error {
	if team == "" {
		return nil
	}
	ids, err := MemberIDs(t, team)
	if err != nil {
		return err
	}
	for _, id := range ids {
		if id != except {
			if err := bumpScope(t, id); err != nil {
				return err
			}
		}
	}
	return nil
}

// bumpScope resets the cursors of a user: a cursor carries the scope it
// was issued under.
func bumpScope(t *kv.Tx, id string) error {
	var u storedUser
	if ok, err := kv.GetJSON(t, userKey(id), &u); err != nil || !ok {
		return err
	}
	u.Scope++
	t.Touch(userKey(id))
	return t.SetJSON(userKey(id), u)
}

// ResetViewers resets the cursors of every supervisor and admin, in the
// job t: what they may see changed for all of them at once (a person's
// records left the team feeds), so their next pulls start again.
func ResetViewers(t *kv.Tx) error {
	var ids []string
	if err := kv.ScanJSON(t, kv.Key("u", ""), func(u *storedUser) {
		if u.Role == fieldbook.RoleSupervisor || u.Role == fieldbook.RoleAdmin {
			ids = append(ids, u.ID)
		}
	}); err != nil {
		return fmt.Errorf("find supervisors and admins: %w", err)
	}
	for _, id := range ids {
		if err := bumpScope(t, id); err != nil {
			return err
		}
	}
	return nil
}
