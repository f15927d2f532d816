package store

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/dgraph-io/badger/v4"

	"fieldbook"
	"fieldbook/scoring"
	"fieldbook/sync/crdt"
	"fieldbook/sync/rules"
)

// storedTeam is a team with the history of its settings, oldest first.
type storedTeam struct {
	ID       string                      `json:"id"`
	Name     string                      `json:"name"`
	Settings []fieldbook.SettingsVersion `json:"settings"`
}

func (t storedTeam) domain() fieldbook.Team {
	return fieldbook.Team{ID: t.ID, Name: t.Name, TimeZone: t.current().TimeZone}
}

func (t storedTeam) current() fieldbook.TeamSettings {
	if len(t.Settings) == 0 {
		return fieldbook.DefaultSettings()
	}
	return t.Settings[len(t.Settings)-1].Settings
}

// CreateTeam adds a team with the default settings in timeZone ("" for
// the default).
func (s *Store) CreateTeam(ctx context.Context, name, timeZone string) (fieldbook.Team, error) {
	settings := fieldbook.DefaultSettings()
	if timeZone != "" {
		settings.TimeZone = timeZone
	}
	return s.CreateTeamWith(ctx, name, settings)
}

// CreateTeamWith adds a team whose rules are settings from the start.
func (s *Store) CreateTeamWith(ctx context.Context, name string, settings fieldbook.TeamSettings) (fieldbook.Team, error) {
	name = strings.TrimSpace(name)
	if name == "" || utf8.RuneCountInString(name) > 100 {
		return fieldbook.Team{}, fieldbook.Errorf(fieldbook.CodeInvalid, "a team needs a name of 1 to 100 characters")
	}
	if err := settings.Validate(); err != nil {
		return fieldbook.Team{}, err
	}
	tm := storedTeam{ID: rules.NewID(), Name: name,
		Settings: []fieldbook.SettingsVersion{{From: "0001-01-01", Settings: settings}}}
	err := s.w.do(ctx, func(t *tx) error {
		var taken bool
		err := t.iterate([]byte("t/"), func(_, v []byte) error {
			var other storedTeam
			if err := json.Unmarshal(v, &other); err != nil {
				return fmt.Errorf("decode team: %w", err)
			}
			taken = taken || other.Name == name
			return nil
		})
		if err != nil {
			return err
		}
		if taken {
			return fieldbook.Errorf(fieldbook.CodeConflict, "there is a team named %q already", name)
		}
		return t.setJSON(teamKey(tm.ID), tm)
	})
	if err != nil {
		return fieldbook.Team{}, fmt.Errorf("create team %q: %w", name, err)
	}
	return tm.domain(), nil
}

// Team returns a team by id.
func (s *Store) Team(ctx context.Context, id string) (fieldbook.Team, bool, error) {
	var tm storedTeam
	found, err := s.getJSON(ctx, teamKey(id), &tm)
	return tm.domain(), found, err
}

// Teams lists every team by name.
func (s *Store) Teams(ctx context.Context) ([]fieldbook.Team, error) {
	var teams []fieldbook.Team
	err := s.view(ctx, func(txn *badger.Txn) error {
		return scanJSON(txn, []byte("t/"), func(t *storedTeam) { teams = append(teams, t.domain()) })
	})
	if err != nil {
		return nil, fmt.Errorf("list teams: %w", err)
	}
	sortBy(teams, func(t fieldbook.Team) string { return t.Name })
	return teams, nil
}

// TeamByName finds a team by its exact name.
func (s *Store) TeamByName(ctx context.Context, name string) (fieldbook.Team, bool, error) {
	teams, err := s.Teams(ctx)
	if err != nil {
		return fieldbook.Team{}, false, err
	}
	for _, t := range teams {
		if t.Name == name {
			return t, true, nil
		}
	}
	return fieldbook.Team{}, false, nil
}

// Settings returns a team's current settings and their history.
func (s *Store) Settings(ctx context.Context, teamID string) (fieldbook.TeamSettings, []fieldbook.SettingsVersion, error) {
	var tm storedTeam
	found, err := s.getJSON(ctx, teamKey(teamID), &tm)
	if err != nil {
		return fieldbook.TeamSettings{}, nil, err
	}
	if !found {
		return fieldbook.TeamSettings{}, nil, fieldbook.Errorf(fieldbook.CodeNotFound, "there is no team %q", teamID)
	}
	return tm.current(), tm.Settings, nil
}

// SetSettings stores new settings for a team. They apply from the Monday
// of the current week in the team's (new) time zone; periods that ended
// keep the settings they were scored with.
func (s *Store) SetSettings(ctx context.Context, teamID string, settings fieldbook.TeamSettings) error {
	if err := settings.Validate(); err != nil {
		return err
	}
	loc, _ := time.LoadLocation(settings.TimeZone)
	now := s.now().In(loc)
	monday := now.AddDate(0, 0, -((int(now.Weekday()) + 6) % 7)).Format(time.DateOnly)
	return s.w.doThen(ctx, func(t *tx) error {
		tm, ok, err := t.team(teamID)
		if err != nil {
			return err
		}
		if !ok {
			return fieldbook.Errorf(fieldbook.CodeNotFound, "there is no team %q", teamID)
		}
		// A change within the same week replaces that week's version.
		for len(tm.Settings) > 0 && tm.Settings[len(tm.Settings)-1].From >= monday {
			tm.Settings = tm.Settings[:len(tm.Settings)-1]
		}
		tm.Settings = append(tm.Settings, fieldbook.SettingsVersion{From: monday, Settings: settings})
		return t.setJSON(teamKey(teamID), tm)
	}, func(t *tx) error {
		// The new rules score the current week (and month) at once.
		var refs []weekRef
		err := t.iterate(key("tu", teamID, ""), func(k, _ []byte) error {
			id := string(k[bytes.LastIndexByte(k, '/')+1:])
			if u, ok, err := t.user(id); err != nil || !ok || u.Role != fieldbook.RoleAgent {
				return err
			}
			refs = append(refs, weekRef{agent: id, monday: scoring.Day(monday)})
			return nil
		})
		if err != nil {
			return err
		}
		return s.rescore(t, refs)
	})
}

func cloneFields(fs crdt.Fields) crdt.Fields {
	out := make(crdt.Fields, len(fs)+4)
	for k, v := range fs {
		out[k] = v
	}
	return out
}

func cloneBools(m map[string]bool) map[string]bool {
	out := make(map[string]bool, len(m)+4)
	for k, v := range m {
		out[k] = v
	}
	return out
}

func sortBy[T any](s []T, key func(T) string) {
	sort.SliceStable(s, func(i, j int) bool { return key(s[i]) < key(s[j]) })
}
