package rules

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"fieldbook"
	"fieldbook/sync/crdt"
)

type dir map[string]fieldbook.User

func (d dir) User(id string) (fieldbook.User, bool, error) {
	u, ok := d[id]
	return u, ok, nil
}

// team1 works in Shanghai, team2 west of UTC.
func (d dir) Location(team string) (*time.Location, error) {
	if team == team2 {
		return time.LoadLocation("America/Los_Angeles")
	}
	return time.LoadLocation("Asia/Shanghai")
}

// serverNow is 2026-12-03 20:00 in Shanghai, 04:00 in Los Angeles.
var serverNow = time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)

func (d dir) Now() time.Time { return serverNow }

// Consent: every person in these tests consented to everything, with a
// guardian (privacy_test.go tests consent itself).
func (d dir) Consent(owner, subject, group string) (Consent, error) {
	return Consent{Action: fieldbook.ConsentGiven, Guardian: "监护人"}, nil
}

const (
	team1 = "11111111-1111-4111-8111-111111111111"
	team2 = "22222222-2222-4222-8222-222222222222"
)

var (
	agent    = fieldbook.User{ID: "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa", Role: fieldbook.RoleAgent, TeamID: team1}
	agentB   = fieldbook.User{ID: "bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb", Role: fieldbook.RoleAgent, TeamID: team2}
	sup      = fieldbook.User{ID: "cccccccc-cccc-4ccc-8ccc-cccccccccccc", Role: fieldbook.RoleSupervisor, TeamID: team1}
	admin    = fieldbook.User{ID: "dddddddd-dddd-4ddd-8ddd-dddddddddddd", Role: fieldbook.RoleAdmin}
	everyone = dir{agent.ID: agent, agentB.ID: agentB, sup.ID: sup, admin.ID: admin}
)

func change(collection, id string, fields string) *fieldbook.Change {
	c := &fieldbook.Change{Seq: 1, Collection: collection, ID: id, HLC: "1764312345678-0000-dev"}
	if err := json.Unmarshal([]byte(fields), &c.Fields); err != nil {
		panic(err)
	}
	return c
}

// stateOf is a stored record of owner in team with fields at one stamp.
func stateOf(owner, team, fields, stamp string) *State {
	var m map[string]json.RawMessage
	if err := json.Unmarshal([]byte(fields), &m); err != nil {
		panic(err)
	}
	st := &State{Owner: owner, Team: team, Fields: crdt.Fields{}}
	for k, v := range m {
		st.Fields[k] = crdt.Field{Value: v, Stamp: crdt.Stamp(stamp)}
	}
	return st
}

func code(e *fieldbook.Error) string {
	if e == nil {
		return "ok"
	}
	return e.Code
}

func TestAuthorize(t *testing.T) {
	id := "0192f0a0-0000-7000-8000-000000000001"
	logID := DayLogID(agent.ID, "2026-11-27")
	agentsProspect := stateOf(agent.ID, team1, `{"name":"李"}`, "1764312345000-0000-dev")
	submitted := stateOf(agent.ID, team1, `{"date":"2026-11-27","state":"submitted","summary":"s"}`, "1764312345000-0000-dev")
	draft := stateOf(agent.ID, team1, `{"date":"2026-11-27","state":"draft"}`, "1764312345000-0000-dev")
	visit := stateOf(agent.ID, team1, `{"kind":"visit","occurred_at":"2026-11-27T10:00:00+08:00"}`, "1764312345000-0000-dev")
	note := stateOf(sup.ID, team1, `{"agent_id":"`+agent.ID+`","text":"多练开场白"}`, "1764312345000-0000-dev")
	tests := []struct {
		name  string
		actor fieldbook.User
		c     *fieldbook.Change
		st    *State
		want  string
	}{
		{"agent creates a prospect", agent, change(fieldbook.Prospects, id, `{"name":"韩梅梅","grade":"A"}`), nil, "ok"},
		{"agent edits own prospect", agent, change(fieldbook.Prospects, id, `{"stage":"contacted"}`), agentsProspect, "ok"},
		{"agent deletes own prospect", agent, change(fieldbook.Prospects, id, `{"_deleted":true}`), agentsProspect, "ok"},
		{"other agent edits it", agentB, change(fieldbook.Prospects, id, `{"stage":"dropped"}`), agentsProspect, fieldbook.CodeForbidden},
		{"supervisor edits a prospect", sup, change(fieldbook.Prospects, id, `{"stage":"dropped"}`), agentsProspect, fieldbook.CodeForbidden},
		{"admin writes", admin, change(fieldbook.Prospects, id, `{"name":"x"}`), nil, fieldbook.CodeForbidden},
		{"prospect without a name", agent, change(fieldbook.Prospects, id, `{"grade":"A"}`), nil, fieldbook.CodeInvalid},
		{"null name", agent, change(fieldbook.Prospects, id, `{"name":null}`), agentsProspect, fieldbook.CodeInvalid},
		{"null clears notes", agent, change(fieldbook.Prospects, id, `{"notes":null}`), agentsProspect, "ok"},
		{"phone with letters", agent, change(fieldbook.Prospects, id, `{"phone":"call me"}`), agentsProspect, fieldbook.CodeInvalid},
		{"agent keeps a dormant name", agent, change(fieldbook.Prospects, id, `{"kept_at":"2026-11-28T10:00:00+08:00"}`), agentsProspect, "ok"},
		{"a keep four minutes ahead", agent, change(fieldbook.Prospects, id, `{"kept_at":"`+serverNow.Add(4*time.Minute).Format(time.RFC3339)+`"}`), agentsProspect, "ok"},
		{"a keep in the future", agent, change(fieldbook.Prospects, id, `{"kept_at":"`+serverNow.Add(time.Hour).Format(time.RFC3339)+`"}`), agentsProspect, fieldbook.CodeInvalid},
		{"a keep that is no time", agent, change(fieldbook.Prospects, id, `{"kept_at":"soon"}`), agentsProspect, fieldbook.CodeInvalid},
		{"supervisor keeps an agent's name", sup, change(fieldbook.Prospects, id, `{"kept_at":"2026-11-28T10:00:00+08:00"}`), agentsProspect, fieldbook.CodeForbidden},
		{"needs listed twice", agent, change(fieldbook.Customers, id, `{"name":"x","needs":["health","health"]}`), nil, fieldbook.CodeInvalid},
		{"needs", agent, change(fieldbook.Customers, id, `{"name":"x","needs":["health","pension"],"children":[{"name":"小明","age":6}],"spouse":"none"}`), nil, "ok"},
		{"child too old", agent, change(fieldbook.Customers, id, `{"name":"x","children":[{"age":200}]}`), nil, fieldbook.CodeInvalid},
		{"deal with premium", agent, change(fieldbook.Activities, id, `{"kind":"deal","occurred_at":"2026-11-27T10:00:00+08:00","premium":12000}`), nil, "ok"},
		{"premium on existing visit", agent, change(fieldbook.Activities, id, `{"premium":100}`), visit, fieldbook.CodeInvalid},
		{"negative premium", agent, change(fieldbook.Activities, id, `{"kind":"deal","occurred_at":"2026-11-27T10:00:00+08:00","premium":-1}`), nil, fieldbook.CodeInvalid},
		{"visit without customer accepted", agent, change(fieldbook.Activities, id, `{"kind":"visit","occurred_at":"2026-11-27T10:00:00+08:00"}`), nil, "ok"},
		{"supervisor voids", sup, change(fieldbook.Activities, id, `{"voided":true,"void_reason":"重复"}`), visit, "ok"},
		{"other team's supervisor voids", fieldbook.User{ID: "eeeeeeee-eeee-4eee-8eee-eeeeeeeeeeee", Role: fieldbook.RoleSupervisor, TeamID: team2}, change(fieldbook.Activities, id, `{"voided":true,"void_reason":"x"}`), visit, fieldbook.CodeForbidden},
		{"agent creates today's log", agent, change(fieldbook.DayLogs, logID, `{"date":"2026-11-27","plan":{"visit":4,"call":10},"problems":[{"tag":"objection_handling","text":"客户问理赔难不难"}],"state":"submitted"}`), nil, "ok"},
		{"log under another date's id", agent, change(fieldbook.DayLogs, logID, `{"date":"2026-11-28"}`), nil, fieldbook.CodeInvalid},
		{"log date changes", agent, change(fieldbook.DayLogs, logID, `{"date":"2026-11-28"}`), submitted, fieldbook.CodeInvalid},
		{"bad plan kind", agent, change(fieldbook.DayLogs, logID, `{"date":"2026-11-27","plan":{"nap":1}}`), nil, fieldbook.CodeInvalid},
		{"bad problem tag", agent, change(fieldbook.DayLogs, logID, `{"date":"2026-11-27","problems":[{"tag":"weather","text":"雨"}]}`), nil, fieldbook.CodeInvalid},
		{"agent approves", agent, change(fieldbook.DayLogs, logID, `{"state":"approved"}`), submitted, fieldbook.CodeForbidden},
		{"agent writes a comment", agent, change(fieldbook.DayLogs, logID, `{"review_comment":"great"}`), submitted, fieldbook.CodeForbidden},
		{"supervisor approves", sup, change(fieldbook.DayLogs, logID, `{"state":"approved","reviewed_version":"1764312345000-0000-dev"}`), submitted, "ok"},
		{"supervisor sets draft", sup, change(fieldbook.DayLogs, logID, `{"state":"draft","reviewed_version":"1764312345000-0000-dev"}`), submitted, fieldbook.CodeForbidden},
		{"supervisor edits summary", sup, change(fieldbook.DayLogs, logID, `{"summary":"x"}`), submitted, fieldbook.CodeForbidden},
		{"approval without version", sup, change(fieldbook.DayLogs, logID, `{"state":"approved"}`), submitted, fieldbook.CodeInvalid},
		{"approval of an older version", sup, change(fieldbook.DayLogs, logID, `{"state":"approved","reviewed_version":"1764312344000-0000-dev"}`), submitted, fieldbook.CodeStale},
		{"approval of a draft", sup, change(fieldbook.DayLogs, logID, `{"state":"approved","reviewed_version":"1764312345000-0000-dev"}`), draft, fieldbook.CodeInvalid},
		{"supervisor sets a goal", sup, change(fieldbook.Goals, id, `{"agent_id":"`+agent.ID+`","period":"2026-12","targets":{"visit":80},"income_target":10000}`), nil, "ok"},
		{"supervisor sets another team's goal", sup, change(fieldbook.Goals, id, `{"agent_id":"`+agentB.ID+`","period":"2026-12"}`), nil, fieldbook.CodeForbidden},
		{"agent sets another's goal", agent, change(fieldbook.Goals, id, `{"agent_id":"`+agentB.ID+`","period":"2026-12"}`), nil, fieldbook.CodeForbidden},
		{"bad period", agent, change(fieldbook.Goals, id, `{"period":"2026-13"}`), nil, fieldbook.CodeInvalid},
		{"a 53rd week in a year of 52", agent, change(fieldbook.Goals, id, `{"period":"2025-W53"}`), nil, fieldbook.CodeInvalid},
		{"the 53rd week of a year that has one", agent, change(fieldbook.Goals, id, `{"period":"2026-W53"}`), nil, "ok"},
		{"weekly goal", agent, change(fieldbook.Goals, id, `{"period":"2026-W48","assumptions":{"close_rate":0.05,"avg_premium":5000}}`), nil, "ok"},
		{"close rate over 1", agent, change(fieldbook.Goals, id, `{"period":"2026-W48","assumptions":{"close_rate":5}}`), nil, fieldbook.CodeInvalid},
		{"supervisor writes a note", sup, change(fieldbook.CoachingNotes, id, `{"agent_id":"`+agent.ID+`","text":"练习异议处理","focus":"objection_handling"}`), nil, "ok"},
		{"note about another team's agent", sup, change(fieldbook.CoachingNotes, id, `{"agent_id":"`+agentB.ID+`","text":"x"}`), nil, fieldbook.CodeForbidden},
		{"agent writes a note", agent, change(fieldbook.CoachingNotes, id, `{"agent_id":"`+agent.ID+`","text":"x"}`), nil, fieldbook.CodeForbidden},
		{"agent edits a note about them", agent, change(fieldbook.CoachingNotes, id, `{"text":"x"}`), note, fieldbook.CodeForbidden},
		{"supervisor edits own note", sup, change(fieldbook.CoachingNotes, id, `{"text":"改"}`), note, "ok"},
		{"members are the server's", agent, change(fieldbook.Members, id, `{"name":"x"}`), nil, fieldbook.CodeForbidden},
		{"scores are the server's", sup, change(fieldbook.Scores, id, `{"_deleted":true}`), nil, fieldbook.CodeForbidden},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := tt.st
			if st == nil {
				st = &State{}
			}
			_, rej, err := Authorize(tt.actor, tt.c, st, everyone)
			if err != nil {
				t.Fatal(err)
			}
			if got := code(rej); got != tt.want {
				t.Fatalf("got %s (%v), want %s", got, rej, tt.want)
			}
		})
	}
}

// The date rule (docs/protocol.md): a log's date and an activity's day, in the
// team's zone, from 2000-01-01 to the server's tomorrow there.
func TestDatesLieBetween2000AndTomorrowInTheTeamsZone(t *testing.T) {
	west := fieldbook.User{ID: "eeeeeeee-eeee-4eee-8eee-eeeeeeeeeeee", Role: fieldbook.RoleAgent, TeamID: team2}
	d := dir{agent.ID: agent, west.ID: west}
	logOn := func(u fieldbook.User, date string) *fieldbook.Change {
		return change(fieldbook.DayLogs, DayLogID(u.ID, date), `{"date":"`+date+`"}`)
	}
	visitAt := func(at string) *fieldbook.Change {
		return change(fieldbook.Activities, "0192f0a0-0000-7000-8000-0000000000a1", `{"kind":"visit","occurred_at":"`+at+`"}`)
	}
	tests := []struct {
		name string
		who  fieldbook.User
		c    *fieldbook.Change
		st   *State
		want string
	}{
		{"Shanghai: tomorrow's log", agent, logOn(agent, "2026-12-04"), nil, "ok"},
		{"Shanghai: the day after tomorrow", agent, logOn(agent, "2026-12-05"), nil, fieldbook.CodeInvalid},
		{"Shanghai: 2000-01-01", agent, logOn(agent, "2000-01-01"), nil, "ok"},
		{"Shanghai: 1999-12-31", agent, logOn(agent, "1999-12-31"), nil, fieldbook.CodeInvalid},
		{"Shanghai: 9999-12-31", agent, logOn(agent, "9999-12-31"), nil, fieldbook.CodeInvalid},
		{"Los Angeles: tomorrow there is the 4th", west, logOn(west, "2026-12-04"), nil, "ok"},
		{"Los Angeles: the 5th is not tomorrow there", west, logOn(west, "2026-12-05"), nil, fieldbook.CodeInvalid},
		{"a visit late tomorrow in Shanghai", agent, visitAt("2026-12-04T23:59:59+08:00"), nil, "ok"},
		{"a visit just after tomorrow in Shanghai", agent, visitAt("2026-12-05T00:00:00+08:00"), nil, fieldbook.CodeInvalid},
		{"the same instant written in UTC", agent, visitAt("2026-12-04T16:00:00Z"), nil, fieldbook.CodeInvalid},
		{"a visit on 2000-01-01 in Shanghai, written in UTC", agent, visitAt("1999-12-31T16:00:00Z"), nil, "ok"},
		{"a visit on 1999-12-31 in Shanghai", agent, visitAt("1999-12-31T15:59:59Z"), nil, fieldbook.CodeInvalid},
		{"Los Angeles: late tomorrow there, the 6th in UTC", west, visitAt("2026-12-05T07:59:00Z"), nil, "ok"},
		{"Los Angeles: the 5th there", west, visitAt("2026-12-05T08:00:00Z"), nil, fieldbook.CodeInvalid},
		{"year 9999 with +14:00", agent, visitAt("9999-12-31T23:59:59+14:00"), nil, fieldbook.CodeInvalid},
		{"year 0001", agent, visitAt("0001-01-01T00:00:00Z"), nil, fieldbook.CodeInvalid},
		{"an old activity's notes may still be edited", agent,
			change(fieldbook.Activities, "0192f0a0-0000-7000-8000-0000000000a1", `{"notes":"补记","occurred_at":"2099-01-01T10:00:00+08:00"}`),
			stateOf(agent.ID, team1, `{"kind":"visit","occurred_at":"2099-01-01T10:00:00+08:00"}`, "1764312345000-0000-dev"), "ok"},
		{"an old log may be deleted", agent, change(fieldbook.DayLogs, DayLogID(agent.ID, "2099-01-01"), `{"_deleted":true,"date":"2099-01-01"}`),
			stateOf(agent.ID, team1, `{"date":"2099-01-01","state":"draft"}`, "1764312345000-0000-dev"), "ok"},
		{"a goal for next year", agent, change(fieldbook.Goals, "0192f0a0-0000-7000-8000-0000000000b1", `{"period":"2027-W52"}`), nil, "ok"},
		{"a goal for the year after", agent, change(fieldbook.Goals, "0192f0a0-0000-7000-8000-0000000000b1", `{"period":"2028-01"}`), nil, fieldbook.CodeInvalid},
		{"a goal for 1999", agent, change(fieldbook.Goals, "0192f0a0-0000-7000-8000-0000000000b1", `{"period":"1999-12"}`), nil, fieldbook.CodeInvalid},
		{"a follow-up next week", agent, change(fieldbook.Activities, "0192f0a0-0000-7000-8000-0000000000a1", `{"kind":"call","occurred_at":"2026-12-03T10:00:00+08:00","next_at":"2026-12-10"}`), nil, "ok"},
		{"a follow-up 366 days ahead", agent, change(fieldbook.Activities, "0192f0a0-0000-7000-8000-0000000000a1", `{"kind":"call","occurred_at":"2026-12-03T10:00:00+08:00","next_at":"2027-12-04"}`), nil, "ok"},
		{"a follow-up beyond a year ahead", agent, change(fieldbook.Activities, "0192f0a0-0000-7000-8000-0000000000a1", `{"kind":"call","occurred_at":"2026-12-03T10:00:00+08:00","next_at":"2027-12-05"}`), nil, fieldbook.CodeInvalid},
		{"a follow-up in 1999", agent, change(fieldbook.Activities, "0192f0a0-0000-7000-8000-0000000000a1", `{"next_at":"1999-12-31"}`),
			stateOf(agent.ID, team1, `{"kind":"visit","occurred_at":"2026-12-01T10:00:00+08:00"}`, "1764312345000-0000-dev"), fieldbook.CodeInvalid},
		{"a follow-up that is not a date", agent, change(fieldbook.Activities, "0192f0a0-0000-7000-8000-0000000000a1", `{"kind":"call","occurred_at":"2026-12-03T10:00:00+08:00","next_at":"2026-12-32"}`), nil, fieldbook.CodeInvalid},
		{"a follow-up cleared", agent, change(fieldbook.Activities, "0192f0a0-0000-7000-8000-0000000000a1", `{"next_at":null}`),
			stateOf(agent.ID, team1, `{"kind":"visit","occurred_at":"2026-12-01T10:00:00+08:00","next_at":"2026-12-02"}`, "1764312345000-0000-dev"), "ok"},
		{"an old follow-up date kept while the notes change", agent, change(fieldbook.Activities, "0192f0a0-0000-7000-8000-0000000000a1", `{"notes":"补记","next_at":"2020-01-01"}`),
			stateOf(agent.ID, team1, `{"kind":"visit","occurred_at":"2026-12-01T10:00:00+08:00","next_at":"2020-01-01"}`, "1764312345000-0000-dev"), "ok"},
		{"moving an activity into the future", agent,
			change(fieldbook.Activities, "0192f0a0-0000-7000-8000-0000000000a1", `{"occurred_at":"2026-12-06T10:00:00+08:00"}`),
			stateOf(agent.ID, team1, `{"kind":"visit","occurred_at":"2026-12-01T10:00:00+08:00"}`, "1764312345000-0000-dev"), fieldbook.CodeInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, rej, err := Authorize(tt.who, tt.c, tt.st, d)
			if err != nil {
				t.Fatal(err)
			}
			got := "ok"
			if rej != nil {
				got = rej.Code
			}
			if got != tt.want {
				t.Fatalf("got %s, want %s (%v)", got, tt.want, rej)
			}
		})
	}
}

func TestPrecheck(t *testing.T) {
	now := time.UnixMilli(1764312345678)
	long := strings.Repeat("长", MaxText+1)
	tests := []struct {
		name string
		c    *fieldbook.Change
		size int
		want string
	}{
		{"fine", change(fieldbook.Prospects, NewID(), `{"name":"x"}`), 100, "ok"},
		{"unknown collection first", &fieldbook.Change{Collection: "x", ID: "bad", HLC: "bad"}, 1 << 20, fieldbook.CodeUnknownCollection},
		{"v1 uuid", change(fieldbook.Prospects, "0192f0a0-0000-1000-8000-000000000001", `{"name":"x"}`), 100, fieldbook.CodeInvalid},
		{"a score's id, which the server made", change(fieldbook.Scores, ScoreID(agent.ID, "week:2026-11-23"), `{"total":100}`), 100, "ok"},
		{"v4 of the RFC variant", change(fieldbook.Prospects, "3f2a1b4c-5d6e-4f70-b182-93a4b5c6d7e8", `{"name":"x"}`), 100, "ok"},
		{"v4 of another variant", change(fieldbook.Prospects, "3f2a1b4c-5d6e-4f70-c182-93a4b5c6d7e8", `{"name":"x"}`), 100, fieldbook.CodeInvalid},
		{"v7 of the NCS variant", change(fieldbook.Prospects, "0192f0a0-0000-7000-0000-000000000001", `{"name":"x"}`), 100, fieldbook.CodeInvalid},
		{"server's node", &fieldbook.Change{Collection: fieldbook.Prospects, ID: NewID(), HLC: "1764312345678-0000-server", Fields: map[string]json.RawMessage{"name": []byte(`"x"`)}}, 100, fieldbook.CodeInvalid},
		{"skew", &fieldbook.Change{Collection: fieldbook.Prospects, ID: NewID(), HLC: "1764312745678-0000-dev", Fields: map[string]json.RawMessage{"name": []byte(`"x"`)}}, 100, fieldbook.CodeClockSkew},
		{"four minutes ahead is fine", &fieldbook.Change{Collection: fieldbook.Prospects, ID: NewID(), HLC: "1764312585678-0000-dev", Fields: map[string]json.RawMessage{"name": []byte(`"x"`)}}, 100, "ok"},
		{"big change", change(fieldbook.Prospects, NewID(), `{"name":"x"}`), MaxChangeBytes + 1, fieldbook.CodeTooLarge},
		{"long text", change(fieldbook.Prospects, NewID(), `{"notes":"`+long+`"}`), 100, fieldbook.CodeTooLarge},
		{"long text in a list", change(fieldbook.DayLogs, DayLogID(agent.ID, "2026-11-27"), `{"problems":[{"tag":"other","text":"`+long+`"}]}`), 100, fieldbook.CodeTooLarge},
		{"no fields", change(fieldbook.Prospects, NewID(), `{}`), 100, fieldbook.CodeInvalid},
	}
	for _, tt := range tests {
		if got := code(Precheck(tt.c, tt.size, now)); got != tt.want {
			t.Errorf("%s: got %s, want %s", tt.name, got, tt.want)
		}
	}
}

func TestDayLogIDIsNameBased(t *testing.T) {
	a := DayLogID(agent.ID, "2026-11-27")
	if a != DayLogID(agent.ID, "2026-11-27") || a == DayLogID(agent.ID, "2026-11-28") || a == DayLogID(agentB.ID, "2026-11-27") {
		t.Fatal("DayLogID is not a function of owner and date")
	}
	if !IsUUID(a) || a[14] != '5' {
		t.Fatalf("DayLogID = %s, want a version 5 UUID", a)
	}
}

func TestServerWrites(t *testing.T) {
	approved := stateOf(agent.ID, team1, `{"date":"2026-11-27","state":"approved","amended":false}`, "1764312345000-0000-dev")
	if got := ServerWrites(fieldbook.DayLogs, "approved", false, approved, []string{"summary"}, true); string(got[fieldbook.FieldState]) != `"submitted"` || string(got[fieldbook.FieldAmended]) != "true" {
		t.Fatalf("owner amending an approved log: %v", got)
	}
	// An approved day changes only through a review: an owner's state
	// (a stale phone setting draft) amends it too.
	if got := ServerWrites(fieldbook.DayLogs, "approved", false, approved, []string{"state"}, true); string(got[fieldbook.FieldState]) != `"submitted"` || string(got[fieldbook.FieldAmended]) != "true" {
		t.Fatalf("owner writing only state: %v", got)
	}
	if got := ServerWrites(fieldbook.DayLogs, "submitted", true, approved, []string{"summary"}, true); got != nil {
		t.Fatalf("owner changing an amended log again: %v", got)
	}
	nowApproved := stateOf(agent.ID, team1, `{"state":"approved","amended":true}`, "1764312345000-0000-dev")
	if got := ServerWrites(fieldbook.DayLogs, "submitted", true, nowApproved, []string{"state"}, false); string(got[fieldbook.FieldAmended]) != "false" {
		t.Fatalf("approving an amended log: %v", got)
	}
	nowReturned := stateOf(agent.ID, team1, `{"state":"returned","amended":true}`, "1764312345000-0000-dev")
	if got := ServerWrites(fieldbook.DayLogs, "submitted", true, nowReturned, []string{"state", "review_comment"}, false); string(got[fieldbook.FieldAmended]) != "false" {
		t.Fatalf("returning an amended log ends the amendment: %v", got)
	}
}
