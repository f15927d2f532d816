package rules

import (
	"strings"

	"github.com/google/uuid"
)

// IsUUID reports whether s is a UUID in its lowercase canonical form.
func IsUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
				return false
			}
		}
	}
	return true
}

// uuidVersion returns the version digit of a canonical UUID.
func uuidVersion(s string) byte { return s[14] }

// IsRecordID reports whether s is a record id a device may make: a
// lowercase UUID of version 4 or 7, of the RFC 9562 variant (the first
// digit of the fourth group is 8, 9, a or b).
func IsRecordID(s string) bool {
	return IsUUID(s) && (uuidVersion(s) == '4' || uuidVersion(s) == '7') && strings.IndexByte("89ab", s[19]) >= 0
}

// DayLogID is the id of an owner's work log for a date: the name-based UUID
// (version 5) whose namespace is the owner's user id and whose name is the
// date, so a log written for one day on two phones is one record.
func DayLogID(ownerID, date string) string { return nameID(ownerID, date) }

// DayFocusID is the id of a team's focus for a date: the name-based UUID
// (version 5) whose namespace is the team's id and whose name is
// "focus:YYYY-MM-DD", so the focus two supervisors set for one day is one
// record.
func DayFocusID(teamID, date string) string { return nameID(teamID, "focus:"+date) }

// ScoreID is the id of the server's scores record of an agent for a
// period: "week:2026-11-23" (the Monday) or "month:2026-11".
func ScoreID(agentID, period string) string { return nameID(agentID, "scores:"+period) }

// nameID is the name-based UUID (version 5) of name in namespace ns.
func nameID(ns, name string) string {
	u, err := uuid.Parse(ns)
	if err != nil {
		return ""
	}
	return uuid.NewSHA1(u, []byte(name)).String()
}

// NewID returns a new random record id (version 7: time-ordered, so
// records made together sit together in the store).
func NewID() string {
	id, err := uuid.NewV7()
	if err != nil {
		return uuid.NewString()
	}
	return id.String()
}
