package rules

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"time"
	"unicode/utf8"

	"fieldbook"
	"fieldbook/sync/crdt"
)

// MaxClockSkew is how far ahead of the server's clock a stamp may be.
const MaxClockSkew = 5 * time.Minute

// State is a record as the store holds it.
type State struct {
	// Owner is the user id of the record's owner, "" for server records.
	Owner string
	// Team is the team whose supervisors see the record.
	Team   string
	Fields crdt.Fields
	// ByOthers names the fields whose current value someone other than
	// the owner wrote: a supervisor or the server.
	ByOthers map[string]bool
}

// Exists reports whether the record has ever been written.
func (s *State) Exists() bool { return s != nil && len(s.Fields) > 0 }

func (s *State) str(name string) string {
	if s == nil {
		return ""
	}
	f, ok := s.Fields[name]
	if !ok {
		return ""
	}
	v, _ := asString(f.Value)
	return v
}

// Str returns a string field's value, "" when absent or not a string.
func (s *State) Str(name string) string { return s.str(name) }

// Bool reports whether a field holds true.
func (s *State) Bool(name string) bool { return s.boolean(name) }

func (s *State) boolean(name string) bool {
	return s != nil && string(s.Fields[name].Value) == "true"
}

// Directory is what the rules consult beyond the change and its record:
// users by id, a team's time zone and the server's clock.
type Directory interface {
	User(id string) (fieldbook.User, bool, error)
	// Location is the team's current time zone, in which its days are
	// counted.
	Location(team string) (*time.Location, error)
	// Now is the server's time.
	Now() time.Time
	// Consent is the owner's subject's latest consent event for group
	// (the zero Consent when none was recorded).
	Consent(owner, subjectID, group string) (Consent, error)
}

// FirstDay is the first day anything may be recorded on (docs/protocol.md).
const FirstDay = "2000-01-01"

// checkDay applies the date rule of docs/protocol.md to a day (YYYY-MM-DD) in the
// team's zone: from 2000-01-01 to the server's tomorrow there. Nothing is
// done in the future, but an agent may plan tomorrow.
func checkDay(what, day, team string, dir Directory) (*fieldbook.Error, error) {
	loc, err := dir.Location(team)
	if err != nil {
		return nil, fmt.Errorf("time zone of team %s: %w", team, err)
	}
	tomorrow := dir.Now().In(loc).AddDate(0, 0, 1).Format(time.DateOnly)
	if day < FirstDay || day > tomorrow {
		return fieldbook.Errorf(fieldbook.CodeInvalid, "%s %s: it must be from %s to %s (tomorrow in the team's time zone, %s)", what, day, FirstDay, tomorrow, loc), nil
	}
	return nil, nil
}

// MaxFollowUpDays is how far ahead an activity's next step may be dated:
// a follow-up is planned, so it lies ahead, but within a year.
const MaxFollowUpDays = 366

// checkNextDay applies the date rule to an activity's next_at: from
// 2000-01-01 to MaxFollowUpDays after the server's today in the team's zone.
func checkNextDay(day, team string, dir Directory) (*fieldbook.Error, error) {
	loc, err := dir.Location(team)
	if err != nil {
		return nil, fmt.Errorf("time zone of team %s: %w", team, err)
	}
	last := dir.Now().In(loc).AddDate(0, 0, MaxFollowUpDays).Format(time.DateOnly)
	if day < FirstDay || day > last {
		return fieldbook.Errorf(fieldbook.CodeInvalid, "next_at %s: it must be from %s to %s (%d days after today in the team's time zone, %s)", day, FirstDay, last, MaxFollowUpDays, loc), nil
	}
	return nil, nil
}

// Precheck makes the checks that need neither the store nor the sender's
// role, in the order of docs/protocol.md: unknown_collection, a malformed id or
// stamp, clock_skew, too_large. size is the change's length as JSON.
func Precheck(c *fieldbook.Change, size int, serverNow time.Time) *fieldbook.Error {
	if !Known(c.Collection) {
		return fieldbook.Errorf(fieldbook.CodeUnknownCollection, "there is no collection %q", c.Collection)
	}
	if c.Collection == fieldbook.DayLogs || c.Collection == fieldbook.DayFocus {
		if !IsUUID(c.ID) {
			return fieldbook.Errorf(fieldbook.CodeInvalid, "the id of a %s record must be the name-based UUID of its owner or team and date", c.Collection)
		}
	} else if collections[c.Collection].owner == "" {
		// The server's records have ids the server made (name-based,
		// or users'): a write to one is forbidden, whatever its id.
		if !IsUUID(c.ID) {
			return fieldbook.Errorf(fieldbook.CodeInvalid, "id %q must be a lowercase UUID", c.ID)
		}
	} else if !IsRecordID(c.ID) {
		return fieldbook.Errorf(fieldbook.CodeInvalid, "id %q must be a lowercase UUID of version 4 or 7", c.ID)
	}
	stamp, err := crdt.ParseStamp(c.HLC)
	if err != nil {
		return fieldbook.Errorf(fieldbook.CodeInvalid, "hlc: %v", err)
	}
	if stamp.Node() == crdt.ServerNode {
		return fieldbook.Errorf(fieldbook.CodeInvalid, "hlc: the node id %q is the server's", crdt.ServerNode)
	}
	if ahead := stamp.Time().Sub(serverNow); ahead > MaxClockSkew {
		return fieldbook.Errorf(fieldbook.CodeClockSkew, "the change is stamped %s ahead of the server's clock; set the device's clock and stamp it again", ahead.Round(time.Second))
	}
	if size > MaxChangeBytes {
		return fieldbook.Errorf(fieldbook.CodeTooLarge, "the change has %d bytes; at most %d are allowed", size, MaxChangeBytes)
	}
	for _, name := range sortedNames(c.Fields) {
		if n := longestString(c.Fields[name]); n > MaxText {
			return fieldbook.Errorf(fieldbook.CodeTooLarge, "%s has %d characters; at most %d are allowed", name, n, MaxText)
		}
	}
	if len(c.Fields) == 0 {
		return fieldbook.Errorf(fieldbook.CodeInvalid, "the change writes no fields")
	}
	return nil
}

// Decision is what Authorize decided about a change it accepts.
type Decision struct {
	// Create is true when the change makes a new record owned by Owner in
	// Team.
	Create bool
	Owner  string
	Team   string
}

// Authorize decides whether actor may apply change c to the record st (nil
// or empty when it does not exist yet). It reports, in the order of docs/protocol.md,
// forbidden, then a bad value (invalid), then stale. The error return is
// for a failure of the directory, not of the change.
func Authorize(actor fieldbook.User, c *fieldbook.Change, st *State, dir Directory) (Decision, *fieldbook.Error, error) {
	return AuthorizeChecked(actor, c, st, dir, CheckFields(c))
}

// AuthorizeChecked is Authorize given the result of CheckFields(c), which
// the caller made beforehand (the server does, outside the store's single
// writer).
func AuthorizeChecked(actor fieldbook.User, c *fieldbook.Change, st *State, dir Directory, fields *fieldbook.Error) (Decision, *fieldbook.Error, error) {
	col := collections[c.Collection]
	d, rej, err := authorizeWriter(actor, col, c, st, dir)
	if rej != nil || err != nil {
		return d, rej, err
	}
	if fields != nil {
		return d, fields, nil
	}
	if rej := checkState(col, c, st, d); rej != nil {
		return d, rej, nil
	}
	if rej, err := checkDates(c, st, d, dir); rej != nil || err != nil {
		return d, rej, err
	}
	if rej, err := checkConsent(col, c, st, d, dir); rej != nil || err != nil {
		return d, rej, err
	}
	if col.ledger {
		return d, checkConsentEvent(c, dir), nil
	}
	if c.Collection == fieldbook.DayLogs && actor.Role == fieldbook.RoleSupervisor {
		return d, checkReview(c, st, dir), nil
	}
	return d, nil, nil
}

func forbidden(format string, args ...any) *fieldbook.Error {
	return fieldbook.Errorf(fieldbook.CodeForbidden, format, args...)
}

// authorizeWriter decides who the actor is to the record and whether that
// part may write every field of the change.
func authorizeWriter(actor fieldbook.User, col *collection, c *fieldbook.Change, st *State, dir Directory) (Decision, *fieldbook.Error, error) {
	if col.owner == "" {
		return Decision{}, forbidden("%s are written by the server only", col.name), nil
	}
	if actor.Role == fieldbook.RoleAdmin {
		return Decision{}, forbidden("admins manage teams and users through the admin API and do not write records"), nil
	}
	var part writer
	var d Decision
	if col.ledger && st.Exists() {
		return d, forbidden("%s records are written once; record a new one instead", col.name), nil
	}
	switch {
	case st.Exists() && col.teamWide:
		if actor.Role != fieldbook.RoleSupervisor || st.Team == "" || st.Team != actor.TeamID {
			return d, forbidden("only a supervisor of the team writes its %s", col.name), nil
		}
		part = byAuthor
	case st.Exists() && st.Owner == actor.ID:
		part = byOwner
		if col.owner == fieldbook.RoleSupervisor {
			part = byAuthor
		}
	case st.Exists():
		if actor.Role != fieldbook.RoleSupervisor || col.owner != fieldbook.RoleAgent || st.Team == "" || st.Team != actor.TeamID {
			return d, forbidden("this record belongs to another user"), nil
		}
		part = byReviewer
	case actor.Role == col.owner && col.owner == fieldbook.RoleAgent:
		if c.Collection == fieldbook.Goals {
			if id, ok := asString(c.Fields[fieldbook.FieldAgentID]); ok && id != actor.ID {
				return d, forbidden("an agent sets only their own goals"), nil
			}
		}
		part, d = byOwner, Decision{Create: true, Owner: actor.ID, Team: actor.TeamID}
	case actor.Role == col.owner && col.teamWide:
		part, d = byAuthor, Decision{Create: true, Owner: actor.ID, Team: actor.TeamID}
	case actor.Role == col.owner && col.owner == fieldbook.RoleSupervisor:
		if rej, err := checkAgentOfTeam(actor, c, dir); rej != nil || err != nil {
			return d, rej, err
		}
		part, d = byAuthor, Decision{Create: true, Owner: actor.ID, Team: actor.TeamID}
	case actor.Role == fieldbook.RoleSupervisor && c.Collection == fieldbook.Goals:
		if rej, err := checkAgentOfTeam(actor, c, dir); rej != nil || err != nil {
			return d, rej, err
		}
		agentID, _ := asString(c.Fields[fieldbook.FieldAgentID])
		part, d = byReviewer, Decision{Create: true, Owner: agentID, Team: actor.TeamID}
	default:
		return d, forbidden("only the %s creates %s", col.owner, col.name), nil
	}
	if actor.TeamID == "" {
		return d, forbidden("you belong to no team; ask an admin to add you to one"), nil
	}
	for _, name := range sortedNames(c.Fields) {
		f, ok := col.fields[name]
		if !ok {
			continue // an unknown field is a bad value, reported later
		}
		if f.writers&part == 0 {
			if f.writers == byServer {
				return d, forbidden("%s is set by the server", name), nil
			}
			return d, forbidden("your role may not write %s of %s", name, col.name), nil
		}
	}
	if c.Collection == fieldbook.DayLogs {
		if state, ok := asString(c.Fields[fieldbook.FieldState]); ok {
			review := state == fieldbook.StateApproved || state == fieldbook.StateReturned
			if part == byOwner && review {
				return d, forbidden("only a supervisor approves or returns a work log"), nil
			}
			if part == byReviewer && !review {
				return d, forbidden("a supervisor sets a work log to approved or returned only"), nil
			}
		}
	}
	return d, nil, nil
}

// checkAgentOfTeam checks that the change's agent_id names an agent of the
// supervisor's team.
func checkAgentOfTeam(actor fieldbook.User, c *fieldbook.Change, dir Directory) (*fieldbook.Error, error) {
	id, ok := asString(c.Fields[fieldbook.FieldAgentID])
	if !ok || !IsUUID(id) {
		return fieldbook.Errorf(fieldbook.CodeInvalid, "agent_id must name an agent of your team"), nil
	}
	u, found, err := dir.User(id)
	if err != nil {
		return nil, fmt.Errorf("find agent %s: %w", id, err)
	}
	if !found || u.Role != fieldbook.RoleAgent || u.TeamID == "" || u.TeamID != actor.TeamID {
		return forbidden("agent_id does not name an agent of your team"), nil
	}
	return nil, nil
}

// CheckFields checks each value of a change against its field's schema:
// the part of the bad-value rule that needs neither the stored record nor
// the sender. Changes to unknown collections pass (Precheck rejects them).
func CheckFields(c *fieldbook.Change) *fieldbook.Error {
	col := collections[c.Collection]
	if col == nil {
		return nil
	}
	for _, name := range sortedNames(c.Fields) {
		f, ok := col.fields[name]
		if !ok {
			return fieldbook.Errorf(fieldbook.CodeInvalid, "%s has no field %q", col.name, name)
		}
		v := c.Fields[name]
		if !utf8.Valid(v) {
			// The wire is UTF-8, and so is every answer that would carry it.
			return fieldbook.Errorf(fieldbook.CodeInvalid, "%s is not valid UTF-8", name)
		}
		if string(v) == "null" {
			if f.required || name == fieldbook.FieldDeleted {
				return fieldbook.Errorf(fieldbook.CodeInvalid, "%s may not be null", name)
			}
			continue
		}
		if msg := f.check(v); msg != "" {
			return fieldbook.Errorf(fieldbook.CodeInvalid, "%s %s", name, msg)
		}
	}
	return nil
}

// checkState checks the rules that tie the change to the stored record:
// required fields on creation, a log's id and date, premiums on deals.
func checkState(col *collection, c *fieldbook.Change, st *State, d Decision) *fieldbook.Error {
	if d.Create {
		var missing []string
		for name, f := range col.fields {
			if f.required && c.Fields[name] == nil {
				missing = append(missing, name)
			}
		}
		if len(missing) > 0 {
			sort.Strings(missing)
			return fieldbook.Errorf(fieldbook.CodeInvalid, "a new %s record needs %v", col.name, missing)
		}
	}
	switch c.Collection {
	case fieldbook.DayLogs:
		date, _ := asString(c.Fields[fieldbook.FieldDate])
		if st.Exists() {
			if date != "" && date != st.str(fieldbook.FieldDate) {
				return fieldbook.Errorf(fieldbook.CodeInvalid, "a work log's date cannot change")
			}
			state, ok := asString(c.Fields[fieldbook.FieldState])
			if !ok {
				state = st.str(fieldbook.FieldState)
			}
			if string(c.Fields[fieldbook.FieldDeleted]) == "true" && (state == fieldbook.StateSubmitted || state == fieldbook.StateApproved || st.str(fieldbook.FieldState) == fieldbook.StateApproved) {
				return fieldbook.Errorf(fieldbook.CodeInvalid, "a submitted or approved work log cannot be deleted; a draft or a returned one can")
			}
		} else if c.ID != DayLogID(d.Owner, date) {
			return fieldbook.Errorf(fieldbook.CodeInvalid, "a work log's id must be the name-based UUID (version 5) of its owner's id and the date %s", date)
		}
	case fieldbook.DayFocus:
		date, _ := asString(c.Fields[fieldbook.FieldDate])
		if st.Exists() {
			if date != "" && date != st.str(fieldbook.FieldDate) {
				return fieldbook.Errorf(fieldbook.CodeInvalid, "a day focus's date cannot change")
			}
		} else if c.ID != DayFocusID(d.Team, date) {
			return fieldbook.Errorf(fieldbook.CodeInvalid, "a day focus's id must be the name-based UUID (version 5) of its team's id and \"focus:%s\"", date)
		}
	case fieldbook.Activities:
		kind, ok := asString(c.Fields[fieldbook.FieldKind])
		if !ok {
			kind = st.str(fieldbook.FieldKind)
		}
		if p := c.Fields[fieldbook.FieldPremium]; p != nil && string(p) != "null" && kind != "deal" {
			return fieldbook.Errorf(fieldbook.CodeInvalid, "premium is recorded on deals only")
		}
		if v, ok := c.Fields[fieldbook.FieldVoided]; ok && string(v) == "true" {
			reason, _ := asString(c.Fields["void_reason"])
			if _, inChange := c.Fields["void_reason"]; !inChange {
				reason = st.str("void_reason")
			}
			if reason == "" {
				return fieldbook.Errorf(fieldbook.CodeInvalid, "voiding an activity needs a void_reason")
			}
		}
	case fieldbook.Goals:
		if id, ok := asString(c.Fields[fieldbook.FieldAgentID]); ok && st.Exists() && id != st.Owner {
			return fieldbook.Errorf(fieldbook.CodeInvalid, "a goal's agent_id cannot change")
		}
	case fieldbook.CoachingNotes:
		if id, ok := asString(c.Fields[fieldbook.FieldAgentID]); ok && st.Exists() && id != st.str(fieldbook.FieldAgentID) {
			return fieldbook.Errorf(fieldbook.CodeInvalid, "a coaching note's agent_id cannot change")
		}
	}
	return nil
}

// checkDates applies the date rule to what a change dates: a new log's
// date, and an activity's occurred_at when the change sets or moves it (an
// edit of another field of an old record is not refused for its date).
func checkDates(c *fieldbook.Change, st *State, d Decision, dir Directory) (*fieldbook.Error, error) {
	team := d.Team
	if st.Exists() {
		team = st.Team
	}
	switch c.Collection {
	case fieldbook.DayLogs, fieldbook.DayFocus:
		if date, ok := asString(c.Fields[fieldbook.FieldDate]); ok && !st.Exists() {
			return checkDay("date", date, team, dir)
		}
	case fieldbook.Activities:
		if next, ok := asString(c.Fields[fieldbook.FieldNextAt]); ok && IsDate(next) && (!st.Exists() || next != st.str(fieldbook.FieldNextAt)) {
			if rej, err := checkNextDay(next, team, dir); rej != nil || err != nil {
				return rej, err
			}
		}
		v, ok := asString(c.Fields[fieldbook.FieldOccurredAt])
		if !ok || st.Exists() && v == st.str(fieldbook.FieldOccurredAt) {
			return nil, nil
		}
		at, err := time.Parse(time.RFC3339, v)
		if err != nil {
			return nil, nil // the schema's check reports it
		}
		loc, err := dir.Location(team)
		if err != nil {
			return nil, fmt.Errorf("time zone of team %s: %w", team, err)
		}
		return checkDay("occurred_at is on", at.In(loc).Format(time.DateOnly), team, dir)
	case fieldbook.Prospects:
		// A keep restarts the name's clock: one in the future would keep it
		// longer than the team's rule.
		v, _ := asString(c.Fields[fieldbook.FieldKeptAt])
		if t, err := time.Parse(time.RFC3339, v); err == nil && t.Sub(dir.Now()) > MaxClockSkew {
			return fieldbook.Errorf(fieldbook.CodeInvalid, "kept_at %s is in the future", v), nil
		}
	case fieldbook.Goals:
		// A goal may be set ahead, but not beyond next year.
		if p, ok := asString(c.Fields[fieldbook.FieldPeriod]); ok && len(p) >= 4 {
			last := strconv.Itoa(dir.Now().Year() + 1)
			if p[:4] < FirstDay[:4] || p[:4] > last {
				return fieldbook.Errorf(fieldbook.CodeInvalid, "period %s must fall in the years %s to %s", p, FirstDay[:4], last), nil
			}
		}
	}
	return nil, nil
}

// checkReview applies the review state machine to a supervisor's change of
// a work log: it must carry the version they saw, which may not be newer
// than the log, and no field the owner wrote may be newer than it.
func checkReview(c *fieldbook.Change, st *State, dir Directory) *fieldbook.Error {
	state, hasState := asString(c.Fields[fieldbook.FieldState])
	seen, hasSeen := asString(c.Fields[fieldbook.FieldReviewedVersion])
	if !hasState || !hasSeen {
		return fieldbook.Errorf(fieldbook.CodeInvalid, "a review sets state and reviewed_version, the version of the log that was reviewed")
	}
	if state == fieldbook.StateReturned {
		if comment, _ := asString(c.Fields[fieldbook.FieldReviewComment]); comment == "" {
			return fieldbook.Errorf(fieldbook.CodeInvalid, "returning a work log needs a review_comment saying what to change")
		}
	}
	if crdt.Stamp(seen) > st.Fields.Version() {
		return fieldbook.Errorf(fieldbook.CodeInvalid, "reviewed_version %s is newer than the log (%s)", seen, st.Fields.Version())
	}
	for _, name := range sortedFieldNames(st.Fields) {
		if !st.ByOthers[name] && st.Fields[name].Stamp > crdt.Stamp(seen) {
			return fieldbook.Errorf(fieldbook.CodeStale, "the agent changed %s after the version you reviewed; look at the log again", name)
		}
	}
	if cur := st.str(fieldbook.FieldState); cur == fieldbook.StateDraft || cur == "" {
		return fieldbook.Errorf(fieldbook.CodeInvalid, "the log has not been submitted yet")
	}
	return nil
}

// ServerWrites returns the fields the server writes after a change merged:
// when the owner's change wins any field of an approved log, the log goes
// back to the queue (state submitted, amended true) and keeps counting what
// was approved until it is reviewed again; a review of an amended log
// (approved or returned) ends the amendment.
//
// prevState and prevAmended are the log's state and amended flag before
// the change.
func ServerWrites(collection string, prevState string, prevAmended bool, after *State, won []string, byOwner bool) map[string]json.RawMessage {
	if collection != fieldbook.DayLogs || len(won) == 0 {
		return nil
	}
	if byOwner && prevState == fieldbook.StateApproved {
		return Amendment()
	}
	if !byOwner && slices.Contains(won, fieldbook.FieldState) && prevAmended {
		if s := after.str(fieldbook.FieldState); s == fieldbook.StateApproved || s == fieldbook.StateReturned {
			return map[string]json.RawMessage{fieldbook.FieldAmended: json.RawMessage(`false`)}
		}
	}
	return nil
}

// Amendment is what the server writes on an approved log that its owner
// changed, or whose day's activities they changed (docs/protocol.md).
func Amendment() map[string]json.RawMessage {
	return map[string]json.RawMessage{
		fieldbook.FieldState:   json.RawMessage(`"submitted"`),
		fieldbook.FieldAmended: json.RawMessage(`true`),
	}
}

func sortedNames(m map[string]json.RawMessage) []string {
	names := make([]string, 0, len(m))
	for k := range m {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}

func sortedFieldNames(m crdt.Fields) []string {
	names := make([]string, 0, len(m))
	for k := range m {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}
