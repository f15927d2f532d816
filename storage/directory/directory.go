// Package directory keeps Fieldbook's people over kv: users, teams with the
// history of their settings, refresh-token families (sessions) and team
// moves. It implements fieldbook.Directory and fieldbook.Sessions, and its
// readers (UserIn, TeamIn, TeamAgents …) serve the other packages inside
// their own jobs and snapshots. The members records it publishes and the
// records a team move re-issues are written through storage/feed.
package directory

import (
	"context"
	"log/slog"
	"strings"

	"fieldbook"
	"fieldbook/scoring"
	"fieldbook/storage/feed"
	"fieldbook/storage/kv"
)

// The key space of the directory:
//
//	u/<user>  n/<username>        users, and usernames to ids
//	t/<team>  tu/<team>/<user>    teams (with their settings' history), and their members
//	k/<token hash>  kf/<family>  ku/<user>/<family>   refresh tokens
//	mv/<user>                     a team move not yet finished
func userKey(id string) []byte             { return kv.Key("u", id) }
func usernameKey(name string) []byte       { return kv.Key("n", name) }
func teamKey(id string) []byte             { return kv.Key("t", id) }
func teamUserKey(team, user string) []byte { return kv.Key("tu", team, user) }
func teamUsers(team string) []byte         { return kv.Key("tu", team, "") }
func moveKey(user string) []byte           { return kv.Key("mv", user) }

// RescoreTeam rescores the agents of a team from the week of monday, in the
// job t (storage/reports provides it): new settings score the current week
// at once.
type RescoreTeam func(t *kv.Tx, agents []string, monday scoring.Day) error

// Handover is what the privacy rules keep when a user's people go to
// another user, in the job t (storage/privacy provides it): Person moves
// the consents in force of the person id from the owner from to to, and
// Requests the open requests of the register about from's people.
type Handover struct {
	Person   func(t *kv.Tx, id, from, to string) error
	Requests func(t *kv.Tx, from, to string) error
}

// Directory is the people of one store.
type Directory struct {
	db       *kv.DB
	stamps   *feed.Stamps
	log      *slog.Logger
	rescore  RescoreTeam
	handover Handover
}

// New makes the directory of db; rescore follows a change of settings,
// handover a departure's or a hand-over's move of people.
func New(db *kv.DB, stamps *feed.Stamps, log *slog.Logger, rescore RescoreTeam, handover Handover) *Directory {
	return &Directory{db: db, stamps: stamps, log: log, rescore: rescore, handover: handover}
}

var (
	_ fieldbook.Directory = (*Directory)(nil)
	_ fieldbook.Sessions  = (*Directory)(nil)
)

// UserKey is where user id is kept: a long-poll watches it (their
// changes reset their pulls).
func UserKey(id string) []byte { return userKey(id) }

// UserIn reads a user by id.
func UserIn(r kv.Reader, id string) (fieldbook.User, bool, error) {
	var u storedUser
	found, err := kv.GetJSON(r, userKey(id), &u)
	return u.domain(), found, err
}

// TeamIn reads a team with its settings' history.
func TeamIn(r kv.Reader, id string) (Team, bool, error) {
	var tm Team
	found, err := kv.GetJSON(r, teamKey(id), &tm)
	return tm, found, err
}

// TeamIDs lists every team's id.
func TeamIDs(r kv.Reader) ([]string, error) {
	var out []string
	err := r.Keys([]byte("t/"), func(k []byte) error {
		out = append(out, strings.TrimPrefix(string(k), "t/"))
		return nil
	})
	return out, err
}

// MemberIDs lists the ids of a team's users.
func MemberIDs(r kv.Reader, team string) ([]string, error) {
	var ids []string
	err := r.Keys(teamUsers(team), func(k []byte) error {
		ids = append(ids, lastPart(k))
		return nil
	})
	return ids, err
}

// Members reads a team's users, in no particular order.
func Members(r kv.Reader, team string) ([]fieldbook.User, error) {
	ids, err := MemberIDs(r, team)
	if err != nil {
		return nil, err
	}
	out := make([]fieldbook.User, 0, len(ids))
	for _, id := range ids {
		u, ok, err := UserIn(r, id)
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, u)
		}
	}
	return out, nil
}

// TeamAgents reads the team's enabled agents, ordered by name.
func TeamAgents(r kv.Reader, team string) ([]fieldbook.User, error) {
	users, err := Members(r, team)
	if err != nil {
		return nil, err
	}
	out := users[:0]
	for _, u := range users {
		if u.Role == fieldbook.RoleAgent && !u.Disabled {
			out = append(out, u)
		}
	}
	sortBy(out, func(u fieldbook.User) string { return u.Name + u.ID })
	return out, nil
}

// lastPart is the segment of a key after its last '/'.
func lastPart(k []byte) string {
	s := string(k)
	return s[strings.LastIndexByte(s, '/')+1:]
}

// getJSON reads one value from a fresh snapshot.
func (d *Directory) getJSON(ctx context.Context, k []byte, into any) (found bool, err error) {
	err = d.db.View(ctx, func(r *kv.View) (err error) {
		found, err = kv.GetJSON(r, k, into)
		return err
	})
	return found, err
}
