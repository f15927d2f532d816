package directory

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"fieldbook"
	"fieldbook/scoring"
	"fieldbook/storage/kv"
	"fieldbook/sync/rules"
)

// Team is a team as stored: with the history of its settings, oldest first.
type Team struct {
	ID       string                      `json:"id"`
	Name     string                      `json:"name"`
	Settings []fieldbook.SettingsVersion `json:"settings"`
}

// Domain is the team as the rest of Fieldbook sees it.
func (t Team) Domain() fieldbook.Team {
	return fieldbook.Team{ID: t.ID, Name: t.Name, TimeZone: t.Current().TimeZone}
}

// Current is the settings in force now.
func (t Team) Current() fieldbook.TeamSettings {
	if len(t.Settings) == 0 {
		return fieldbook.DefaultSettings()
	}
	return t.Settings[len(t.Settings)-1].Settings
}

// CreateTeam adds a team with the default settings in timeZone ("" for
// the default).
func (d *Directory) CreateTeam(ctx context.Context, name, timeZone string) (fieldbook.Team, error) {
	settings := fieldbook.DefaultSettings()
	if timeZone != "" {
		settings.TimeZone = timeZone
	}
	return d.CreateTeamWith(ctx, name, settings)
}

// CreateTeamWith adds a team whose rules are settings from the start.
func (d *Directory) CreateTeamWith(ctx context.Context, name string, settings fieldbook.TeamSettings) (fieldbook.Team, error) {
	name, err := teamName(name)
	if err != nil {
		return fieldbook.Team{}, err
	}
	if err := settings.Validate(); err != nil {
		return fieldbook.Team{}, err
	}
	tm := Team{ID: rules.NewID(), Name: name,
		Settings: []fieldbook.SettingsVersion{{From: "0001-01-01", Settings: settings}}}
	err = d.db.Do(ctx, func(t *kv.Tx) error {
		if err := nameFree(t, name, ""); err != nil {
			return err
		}
		return t.SetJSON(teamKey(tm.ID), tm)
	})
	if err != nil {
		return fieldbook.Team{}, fmt.Errorf("create team %q: %w", name, err)
	}
	return tm.Domain(), nil
}

// RenameTeam gives a team a new name; nothing else of it changes (records
// name their team by id).
func (d *Directory) RenameTeam(ctx context.Context, id, name string) (fieldbook.Team, error) {
	name, err := teamName(name)
	if err != nil {
		return fieldbook.Team{}, err
	}
	var out Team
	err = d.db.Do(ctx, func(t *kv.Tx) error {
		tm, ok, err := TeamIn(t, id)
		if err != nil {
			return err
		}
		if !ok {
			return fieldbook.Errorf(fieldbook.CodeNotFound, "there is no team %q", id)
		}
		if err := nameFree(t, name, id); err != nil {
			return err
		}
		tm.Name = name
		out = tm
		return t.SetJSON(teamKey(id), tm)
	})
	if err != nil {
		return fieldbook.Team{}, fmt.Errorf("rename team %s: %w", id, err)
	}
	return out.Domain(), nil
}

// teamName is a team's name as kept: trimmed, 1 to 100 characters.
func teamName(name string) (string, error) {
	name = strings.TrimSpace(name)
	if name == "" || utf8.RuneCountInString(name) > 100 {
		return "", fieldbook.Errorf(fieldbook.CodeInvalid, "a team needs a name of 1 to 100 characters")
	}
	if strings.IndexFunc(name, unicode.IsControl) >= 0 {
		return "", fieldbook.Errorf(fieldbook.CodeInvalid, "a team's name must have no control characters")
	}
	return name, nil
}

// nameFree reports CodeConflict when a team other than except is named name.
func nameFree(t *kv.Tx, name, except string) error {
	var taken bool
	err := t.Iterate([]byte("t/"), func(_, v []byte) error {
		var other Team
		if err := json.Unmarshal(v, &other); err != nil {
			return fmt.Errorf("decode team: %w", err)
		}
		taken = taken || other.Name == name && other.ID != except
		return nil
	})
	if err != nil {
		return err
	}
	if taken {
		return fieldbook.Errorf(fieldbook.CodeConflict, "there is a team named %q already", name)
	}
	return nil
}

// Team returns a team by id.
func (d *Directory) Team(ctx context.Context, id string) (fieldbook.Team, bool, error) {
	var tm Team
	found, err := d.getJSON(ctx, teamKey(id), &tm)
	return tm.Domain(), found, err
}

// Teams lists every team by name.
func (d *Directory) Teams(ctx context.Context) ([]fieldbook.Team, error) {
	var teams []fieldbook.Team
	err := d.db.View(ctx, func(r *kv.View) error {
		return kv.ScanJSON(r, []byte("t/"), func(t *Team) { teams = append(teams, t.Domain()) })
	})
	if err != nil {
		return nil, fmt.Errorf("list teams: %w", err)
	}
	sortBy(teams, func(t fieldbook.Team) string { return t.Name })
	return teams, nil
}

// TeamByName finds a team by its exact name.
func (d *Directory) TeamByName(ctx context.Context, name string) (fieldbook.Team, bool, error) {
	teams, err := d.Teams(ctx)
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
func (d *Directory) Settings(ctx context.Context, teamID string) (fieldbook.TeamSettings, []fieldbook.SettingsVersion, error) {
	var tm Team
	found, err := d.getJSON(ctx, teamKey(teamID), &tm)
	if err != nil {
		return fieldbook.TeamSettings{}, nil, err
	}
	if !found {
		return fieldbook.TeamSettings{}, nil, fieldbook.Errorf(fieldbook.CodeNotFound, "there is no team %q", teamID)
	}
	return tm.Current(), tm.Settings, nil
}

// SetSettings stores new settings for a team. They apply from the Monday
// of the current week in the team's (new) time zone; periods that ended
// keep the settings they were scored with.
func (d *Directory) SetSettings(ctx context.Context, teamID string, settings fieldbook.TeamSettings) error {
	if err := settings.Validate(); err != nil {
		return err
	}
	loc, _ := time.LoadLocation(settings.TimeZone)
	now := d.stamps.Now().In(loc)
	monday := now.AddDate(0, 0, -((int(now.Weekday()) + 6) % 7)).Format(time.DateOnly)
	return d.db.DoThen(ctx, func(t *kv.Tx) error {
		tm, ok, err := TeamIn(t, teamID)
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
		return t.SetJSON(teamKey(teamID), tm)
	}, func(t *kv.Tx) error {
		// The new rules score the current week (and month) at once.
		users, err := Members(t, teamID)
		if err != nil {
			return err
		}
		var agents []string
		for _, u := range users {
			if u.Role == fieldbook.RoleAgent {
				agents = append(agents, u.ID)
			}
		}
		return d.rescore(t, agents, scoring.Day(monday))
	})
}

func sortBy[T any](s []T, key func(T) string) {
	sort.SliceStable(s, func(i, j int) bool { return key(s[i]) < key(s[j]) })
}
