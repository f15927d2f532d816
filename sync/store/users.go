package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/dgraph-io/badger/v4"

	"fieldbook"
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
}

func (u storedUser) domain() fieldbook.User {
	return fieldbook.User{ID: u.ID, Username: u.Username, Name: u.Name, Role: u.Role, TeamID: u.TeamID,
		Disabled: u.Disabled, PasswordHash: u.PasswordHash, Scope: u.Scope}
}

func fromDomain(u fieldbook.User) storedUser {
	return storedUser{ID: u.ID, Username: u.Username, Name: u.Name, Role: u.Role, TeamID: u.TeamID,
		Disabled: u.Disabled, PasswordHash: u.PasswordHash, Scope: u.Scope}
}

func (t *tx) user(id string) (fieldbook.User, bool, error) {
	var u storedUser
	found, err := t.getJSON(userKey(id), &u)
	return u.domain(), found, err
}

func (t *tx) team(id string) (storedTeam, bool, error) {
	var tm storedTeam
	found, err := t.getJSON(teamKey(id), &tm)
	return tm, found, err
}

// normalizeUsername is the form usernames are unique in.
func normalizeUsername(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// User returns a user by id.
func (s *Store) User(ctx context.Context, id string) (fieldbook.User, bool, error) {
	var u storedUser
	found, err := s.getJSON(ctx, userKey(id), &u)
	return u.domain(), found, err
}

// UserByUsername returns a user by username (case-insensitive).
func (s *Store) UserByUsername(ctx context.Context, username string) (fieldbook.User, bool, error) {
	var u storedUser
	var found bool
	err := s.view(ctx, func(txn *badger.Txn) error {
		var id string
		ok, err := txnGetJSON(txn, usernameKey(normalizeUsername(username)), &id)
		if err != nil || !ok {
			return err
		}
		found, err = txnGetJSON(txn, userKey(id), &u)
		return err
	})
	return u.domain(), found, err
}

// Users lists every user, ordered by username.
func (s *Store) Users(ctx context.Context) ([]fieldbook.User, error) {
	var users []fieldbook.User
	err := s.view(ctx, func(txn *badger.Txn) error {
		return scanJSON(txn, []byte("u/"), func(u *storedUser) { users = append(users, u.domain()) })
	})
	if err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	sortBy(users, func(u fieldbook.User) string { return u.Username })
	return users, nil
}

// TeamMembers lists the users of a team, ordered by name.
func (s *Store) TeamMembers(ctx context.Context, teamID string) ([]fieldbook.User, error) {
	var users []fieldbook.User
	err := s.view(ctx, func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: key("tu", teamID, "")})
		defer it.Close()
		var ids []string
		for it.Rewind(); it.Valid(); it.Next() {
			k := string(it.Item().Key())
			ids = append(ids, k[strings.LastIndexByte(k, '/')+1:])
		}
		for _, id := range ids {
			var u storedUser
			if ok, err := txnGetJSON(txn, userKey(id), &u); err != nil {
				return err
			} else if ok {
				users = append(users, u.domain())
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list team %s: %w", teamID, err)
	}
	sortBy(users, func(u fieldbook.User) string { return u.Name + "\x00" + u.ID })
	return users, nil
}

// CreateUser adds a user with a new id. The password is hashed already.
func (s *Store) CreateUser(ctx context.Context, u fieldbook.User) (fieldbook.User, error) {
	u.ID = rules.NewID()
	u.Username = strings.TrimSpace(u.Username)
	if err := validUser(u); err != nil {
		return fieldbook.User{}, err
	}
	err := s.w.do(ctx, func(t *tx) error {
		if _, taken, err := t.get(usernameKey(normalizeUsername(u.Username))); err != nil {
			return err
		} else if taken {
			return fieldbook.Errorf(fieldbook.CodeConflict, "the username %q is taken", u.Username)
		}
		if err := t.checkTeam(u.TeamID); err != nil {
			return err
		}
		if err := t.setJSON(usernameKey(normalizeUsername(u.Username)), u.ID); err != nil {
			return err
		}
		return s.putUser(t, nil, u)
	})
	if err != nil {
		return fieldbook.User{}, fmt.Errorf("create user %q: %w", u.Username, err)
	}
	return u, nil
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

func (t *tx) checkTeam(id string) error {
	if id == "" {
		return nil
	}
	if _, ok, err := t.team(id); err != nil {
		return err
	} else if !ok {
		return fieldbook.Errorf(fieldbook.CodeInvalid, "there is no team %q", id)
	}
	return nil
}

// UserPatch changes some of a user's fields; nil leaves a field alone.
type UserPatch struct {
	Name         *string
	Role         *fieldbook.Role
	TeamID       *string
	Disabled     *bool
	PasswordHash *string
}

// UpdateUser changes a user. Moving a user to another team re-issues their
// records to the new team and resets the cursors of the user and of the old
// team, whose supervisors must drop the user's records; a role change
// resets the user's cursors; disabling revokes the user's refresh tokens.
func (s *Store) UpdateUser(ctx context.Context, id string, p UserPatch) (fieldbook.User, error) {
	var out fieldbook.User
	var teamChanged bool
	err := s.w.do(ctx, func(t *tx) error {
		old, ok, err := t.user(id)
		if err != nil {
			return err
		}
		if !ok {
			return fieldbook.Errorf(fieldbook.CodeNotFound, "there is no user %q", id)
		}
		u := old
		if p.Name != nil {
			u.Name = strings.TrimSpace(*p.Name)
		}
		if p.Role != nil {
			u.Role = *p.Role
		}
		if p.TeamID != nil {
			u.TeamID = *p.TeamID
		}
		if p.Disabled != nil {
			u.Disabled = *p.Disabled
		}
		if p.PasswordHash != nil {
			u.PasswordHash = *p.PasswordHash
		}
		if err := validUser(u); err != nil {
			return err
		}
		if err := t.checkTeam(u.TeamID); err != nil {
			return err
		}
		if u.TeamID != old.TeamID || u.Role != old.Role {
			u.Scope++
		}
		teamChanged = u.TeamID != old.TeamID
		if teamChanged {
			if err := t.bumpTeamScopes(old.TeamID, id); err != nil {
				return err
			}
			if err := t.setJSON(moveKey(id), u.TeamID); err != nil {
				return err
			}
		}
		if u.Disabled && !old.Disabled || p.PasswordHash != nil {
			if err := t.revokeUserTokens(id); err != nil {
				return err
			}
		}
		out = u
		return s.putUser(t, &old, u)
	})
	if err != nil {
		return fieldbook.User{}, fmt.Errorf("update user %s: %w", id, err)
	}
	if teamChanged {
		if err := s.finishMove(ctx, id); err != nil {
			return out, err
		}
	}
	return out, nil
}

// putUser writes a user, their team index entry and their members record.
func (s *Store) putUser(t *tx, old *fieldbook.User, u fieldbook.User) error {
	if err := t.setJSON(userKey(u.ID), fromDomain(u)); err != nil {
		return err
	}
	if old != nil && old.TeamID != "" && old.TeamID != u.TeamID {
		t.del(teamUserKey(old.TeamID, u.ID))
	}
	if u.TeamID != "" {
		t.set(teamUserKey(u.TeamID, u.ID), nil)
	}
	if old != nil && old.Name == u.Name && old.Role == u.Role && old.TeamID == u.TeamID && old.Disabled == u.Disabled {
		return nil
	}
	return s.putMember(t, u)
}

// putMember writes the server's members record of a user: what the team
// sees of its members.
func (s *Store) putMember(t *tx, u fieldbook.User) error {
	before, oldSeq, err := t.record(rules.Members, u.ID)
	if err != nil {
		return err
	}
	after := rules.State{Team: u.TeamID, Fields: cloneFields(before.Fields), ByOthers: cloneBools(before.ByOthers)}
	now := s.timestamp()
	values := map[string]json.RawMessage{"name": quoted(u.Name), "role": quoted(string(u.Role)), rules.FieldTeam: quoted(u.TeamID),
		"active": json.RawMessage(strconv.FormatBool(!u.Disabled)), rules.FieldUpdatedAt: now}
	if oldSeq == 0 {
		values[rules.FieldCreatedAt] = now
	}
	s.clock.Observe(before.Fields.Version())
	s.writeServerFields(&after, values)
	t.putRecord(rules.Members, u.ID, placeOf(rules.Members, u.ID, &before), oldSeq, &after)
	return nil
}

// bumpTeamScopes resets the cursors of every member of team but except.
func (t *tx) bumpTeamScopes(team, except string) error {
	if team == "" {
		return nil
	}
	var ids []string
	err := t.iterate(key("tu", team, ""), func(k, _ []byte) error {
		ids = append(ids, string(k[strings.LastIndexByte(string(k), '/')+1:]))
		return nil
	})
	if err != nil {
		return err
	}
	for _, id := range ids {
		if id == except {
			continue
		}
		var u storedUser
		if ok, err := t.getJSON(userKey(id), &u); err != nil {
			return err
		} else if ok {
			u.Scope++
			if err := t.setJSON(userKey(id), u); err != nil {
				return err
			}
		}
	}
	return nil
}

// moveChunk is how many records one job of a team move re-issues.
const moveChunk = 500

// finishMove re-issues a moved user's records to their new team, a chunk
// per job, then drops the move marker. It is safe to run again after a
// crash: records already in the new team are left alone.
func (s *Store) finishMove(ctx context.Context, userID string) error {
	for {
		done := false
		err := s.w.do(ctx, func(t *tx) error {
			var team string
			ok, err := t.getJSON(moveKey(userID), &team)
			if err != nil || !ok {
				done = true
				return err
			}
			var refs []string
			err = t.iterate(key("f", "o", userID, ""), func(_, v []byte) error {
				refs = append(refs, string(v))
				return nil
			})
			if err != nil {
				return err
			}
			moved := 0
			for _, ref := range refs {
				collection, id, _ := strings.Cut(ref, "/")
				if collection == rules.CoachingNotes {
					continue // a supervisor's notes stay with the team they are about
				}
				before, oldSeq, err := t.record(collection, id)
				if err != nil {
					return err
				}
				if before.Team == team {
					continue
				}
				after := before
				after.Team = team
				after.Fields = cloneFields(before.Fields)
				after.ByOthers = cloneBools(before.ByOthers)
				s.clock.Observe(before.Fields.Version())
				s.writeServerFields(&after, map[string]json.RawMessage{rules.FieldTeam: quoted(team)})
				t.putRecord(collection, id, placeOf(collection, id, &before), oldSeq, &after)
				if moved++; moved == moveChunk {
					return nil
				}
			}
			t.del(moveKey(userID))
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

// finishMoves completes the team moves a crash interrupted.
func (s *Store) finishMoves(ctx context.Context) error {
	var users []string
	err := s.view(ctx, func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte("mv/")})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			users = append(users, strings.TrimPrefix(string(it.Item().Key()), "mv/"))
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("find team moves: %w", err)
	}
	for _, u := range users {
		if err := s.finishMove(ctx, u); err != nil {
			if ctx.Err() != nil {
				return err
			}
			// One user's move must not keep the store from opening; it
			// is tried again at the next start.
			s.log.Error("finish a team move interrupted by a crash", "user", u, "err", err)
		}
	}
	return nil
}

func scanJSON[T any](txn *badger.Txn, prefix []byte, fn func(*T)) error {
	it := txn.NewIterator(badger.IteratorOptions{Prefix: prefix, PrefetchValues: true})
	defer it.Close()
	for it.Rewind(); it.Valid(); it.Next() {
		var v T
		if err := it.Item().Value(func(b []byte) error { return json.Unmarshal(b, &v) }); err != nil {
			return fmt.Errorf("decode %q: %w", it.Item().Key(), err)
		}
		fn(&v)
	}
	return nil
}
