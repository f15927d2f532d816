// Package fieldbook holds the domain of Fieldbook, the activity-management
// system of an insurance sales team: people and roles, the records agents
// keep, and the error type every layer uses to tell a client what went wrong.
//
// It also declares the services a storage engine provides (services.go)
// and the domain's words (vocabulary.go). The packages below it are
// adapters: sync/crdt (stamps and merge), sync/rules (schemas and who may
// write what), sync/protocol (a sync request's checks), sync/store
// (replication), storage and its packages (the Badger engine: kv, feed,
// directory, reports, audit), auth (passwords and tokens), server (HTTP)
// and cmd/fieldbook (wiring).
package fieldbook

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// Role is what a user may do.
type Role string

// The roles of docs/domain.md.
const (
	RoleAgent      Role = "agent"
	RoleSupervisor Role = "supervisor"
	RoleAdmin      Role = "admin"
)

// Valid reports whether r is one of the known roles.
func (r Role) Valid() bool {
	return r == RoleAgent || r == RoleSupervisor || r == RoleAdmin
}

// User is a person who signs in. PasswordHash never leaves the store.
type User struct {
	ID           string `json:"id"`
	Username     string `json:"username"`
	Name         string `json:"name"`
	Role         Role   `json:"role"`
	TeamID       string `json:"team_id"`
	Disabled     bool   `json:"disabled"`
	PasswordHash string `json:"-"`
	// Scope counts changes to what the user may see (team moves, role
	// changes); a cursor issued under another scope is reset.
	Scope uint64 `json:"-"`
	// LeftAt is when the agent left through the departure workflow (then
	// Disabled too), and HeirID the colleague their customers went to.
	LeftAt *time.Time `json:"left_at,omitempty"`
	HeirID string     `json:"heir_id,omitempty"`
	// TokenGen counts revocations of the user's access tokens (a sign-out,
	// a password change, a disabling, a refresh token used twice): a token
	// issued under an older one is refused.
	TokenGen uint64 `json:"-"`
}

// HandoverWindow is how long after an agent leaves their phones may still
// hand over the changes they hold (docs/protocol.md §5.3), and the time
// within which their policyholders are told who looks after them now.
const HandoverWindow = 30 * 24 * time.Hour

// HandingOver reports whether u left and their phones may still hand over
// what they hold: they may sync their outbox, and nothing else.
func (u User) HandingOver(now time.Time) bool {
	return u.LeftAt != nil && now.Before(u.LeftAt.Add(HandoverWindow))
}

// Team is a supervisor's group of agents.
type Team struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	TimeZone string `json:"time_zone"`
}

// DefaultTimeZone is where the guide's teams work.
const DefaultTimeZone = "Asia/Shanghai"

// Error codes a client sees. The sync rejection codes are those of docs/protocol.md.
const (
	CodeInvalid            = "invalid"
	CodeForbidden          = "forbidden"
	CodeUnknownCollection  = "unknown_collection"
	CodeClockSkew          = "clock_skew"
	CodeStale              = "stale"
	CodeConsentRequired    = "consent_required"
	CodeTooLarge           = "too_large"
	CodeSeqGap             = "seq_gap"
	CodeMalformed          = "malformed_request"
	CodeUnauthorized       = "unauthorized"
	CodeTokenExpired       = "token_expired"
	CodeInvalidCredentials = "invalid_credentials"
	CodeInvalidToken       = "invalid_refresh_token"
	CodeUpgradeRequired    = "upgrade_required"
	CodeRateLimited        = "rate_limited"
	CodeNotFound           = "not_found"
	CodeConflict           = "conflict"
	CodeUnavailable        = "unavailable"
	CodeInternal           = "internal"
	// CodeStoreCorrupted: the store's files are damaged; it answers
	// nothing until an operator restores it (503).
	CodeStoreCorrupted = "store_corrupted"
	// CodeInsufficientStorage: the data volume is nearly full; the server
	// takes no writes until space returns (507), and still serves reads.
	CodeInsufficientStorage = "insufficient_storage"
)

// Error is an error a client may see: a stable code and a message a person
// can act on. Layers below HTTP return it; the server maps codes to status.
type Error struct {
	Code    string
	Message string
}

func (e *Error) Error() string { return e.Code + ": " + e.Message }

// Errorf returns an *Error with a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, or
// CodeInternal for any other error, and "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return CodeInternal
}

// ErrorMessage returns the message of the first *Error in err's chain, or a
// generic message that leaks nothing for any other error.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "internal error"
}

// Change is one change a client sends (docs/protocol.md): the new values of some
// fields of one record, all stamped with one HLC stamp.
type Change struct {
	Seq        int64                      `json:"seq"`
	Collection string                     `json:"collection"`
	ID         string                     `json:"id"`
	HLC        string                     `json:"hlc"`
	Fields     map[string]json.RawMessage `json:"fields"`
}

// Record is a record as a client receives it: every field's value and stamp.
type Record struct {
	Collection string                     `json:"collection"`
	ID         string                     `json:"id"`
	Fields     map[string]json.RawMessage `json:"fields"`
	Stamps     map[string]string          `json:"stamps"`
}
