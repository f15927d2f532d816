package fieldbook

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"
)

// The services a storage engine provides. The server, the command line and
// the tools are written against these interfaces only; the Badger engine
// (package storage) implements them today, and storage/conformance runs
// the behaviours every implementation must show. Each method lists the codes of the *Error it
// may return; any other error is a failure of the engine itself (500).
// Scores and reports are declared in package scoring (scoring.Reports),
// beside the types they return.

// Replication is the server's side of the sync protocol (docs/protocol.md).
type Replication interface {
	// Sync runs one sync request of userID: the request's checks, then the
	// push of its changes, then the pull of what the user may see after
	// its cursor. Nothing is written unless every check of the request
	// passes; when Sync returns, every applied change is durable. A
	// change's own fault is its result (rejected with a code), not an
	// error. Errors: CodeForbidden (the client_id belongs to another
	// user), CodeUpgradeRequired, CodeTooLarge, CodeMalformed (limit,
	// seqs that do not rise), *SeqGapError, CodeUnauthorized (the user is
	// disabled or gone).
	Sync(ctx context.Context, userID string, req SyncRequest) (SyncAnswer, error)
	// WaitForChanges reports whether userID's pull from cursor would
	// bring a record or a reset, waiting for one until ctx ends (then it
	// answers false, nil). Errors: CodeUnauthorized.
	WaitForChanges(ctx context.Context, userID, cursor string) (bool, error)
}

// Directory holds the people: users, teams and each team's settings with
// their history.
type Directory interface {
	// User, UserByUsername and Team report found false for none; they
	// return no *Error.
	User(ctx context.Context, id string) (u User, found bool, err error)
	UserByUsername(ctx context.Context, username string) (u User, found bool, err error)
	// Users returns every user, ordered by username.
	Users(ctx context.Context) ([]User, error)
	// CreateUser adds a user and publishes them to their team. Errors:
	// CodeInvalid (username, role, team), CodeConflict (the username is
	// taken).
	CreateUser(ctx context.Context, u User) (User, error)
	// UpdateUser changes a user. A move to another team re-issues their
	// records to it and resets the cursors of the user and of the old
	// team; a role change resets the user's; disabling revokes their
	// sessions. Errors: CodeNotFound, CodeInvalid.
	UpdateUser(ctx context.Context, id string, p UserPatch) (User, error)
	Team(ctx context.Context, id string) (t Team, found bool, err error)
	TeamByName(ctx context.Context, name string) (t Team, found bool, err error)
	// Teams returns every team, ordered by name.
	Teams(ctx context.Context) ([]Team, error)
	// CreateTeam adds a team with the default settings in timeZone (an
	// IANA name; "" for fieldbook.DefaultTimeZone). Errors: CodeInvalid (name, zone), CodeConflict (the
	// name is taken).
	CreateTeam(ctx context.Context, name, timeZone string) (Team, error)
	// RenameTeam gives a team a new name (1 to 100 characters, surrounding
	// space trimmed, unique among teams); its records, members and settings
	// stay as they are. Errors: CodeNotFound, CodeInvalid (the name),
	// CodeConflict (another team has it).
	RenameTeam(ctx context.Context, id, name string) (Team, error)
	// CreateTeamWith adds a team whose rules are settings from the start
	// (its history begins with them). Errors: CodeInvalid, CodeConflict.
	CreateTeamWith(ctx context.Context, name string, settings TeamSettings) (Team, error)
	// Settings returns the team's settings and their history, oldest
	// first. Errors: CodeNotFound.
	Settings(ctx context.Context, teamID string) (TeamSettings, []SettingsVersion, error)
	// SetSettings makes settings the team's from now on and rescores the
	// current week. Errors: CodeNotFound, CodeInvalid.
	SetSettings(ctx context.Context, teamID string, settings TeamSettings) error
	// Depart runs an agent's departure: the agent is disabled and marked
	// left now, and their people — customers, prospects and the consents
	// about them, erased ones aside — are re-issued to heirID, an active
	// agent of the same team, so that they reach the heir's phone, and the
	// open requests of the register about them become the heir's. For
	// HandoverWindow the agent's phones may still sync their unsent
	// changes (a person's are applied for the heir); their pulls answer
	// ResetDeparted, on which a phone deletes its local data, and every
	// other request is refused. The heir is an active agent of the team,
	// or its supervisor, who holds the people until HandOver passes them
	// on. Enabling the agent again ends the departure (the people stay
	// with the heir). Errors: CodeNotFound (no such user), CodeInvalid
	// (not an agent, or the heir not an active agent or supervisor of
	// their team), CodeConflict (the agent left already).
	Depart(ctx context.Context, userID, heirID string) (User, error)
	// HandOver gives fromID's people to toID, an active agent of the same
	// team, as Depart does, without disabling anyone: a supervisor who
	// took over a departed agent's people passes them to a new agent, or
	// an agent's book is shared out. Errors: CodeNotFound (no such user),
	// CodeInvalid (the heir is not another active agent of their team),
	// CodeConflict (fromID left within HandoverWindow: their phones hand
	// over to their heir, who hands on).
	HandOver(ctx context.Context, fromID, toID string) error
}

// UserPatch changes some of a user's fields; nil leaves a field alone.
type UserPatch struct {
	Name         *string
	Role         *Role
	TeamID       *string
	Disabled     *bool
	PasswordHash *string
}

// Sessions keeps refresh tokens by their hash, in families: each use
// rotates the token, and a spent token used again revokes its family.
type Sessions interface {
	// StartSession stores the first token of a new family of userID.
	StartSession(ctx context.Context, userID, hash string, expires time.Time) error
	// Rotate spends the token oldHash and stores newHash as the next of
	// its family, returning its user. Errors: CodeInvalidToken (unknown,
	// spent, revoked or expired — a spent one revokes its family — or its
	// user disabled or gone); when the device was signed out (its family
	// ended by EndAllSessions or its user disabled) the error also wraps
	// ErrSignedOut, telling the device to wipe its local data.
	Rotate(ctx context.Context, oldHash, newHash string, expires time.Time) (User, error)
	// EndSession revokes the family of the token hash; an unknown token
	// is no error.
	EndSession(ctx context.Context, hash string) error
	// EndAllSessions revokes every family of userID, signing the user out
	// of every device at its next refresh (an access token already issued
	// lives out its short life). Errors: CodeNotFound (no such user).
	EndAllSessions(ctx context.Context, userID string) error
}

// ErrSignedOut marks a refused refresh of a device that was signed out on
// purpose (sign out everywhere, a disabled user), as opposed to a session
// that expired, was logged out or reused: the app then deletes its local
// data (docs/api.md §3.2).
var ErrSignedOut = errors.New("the device was signed out")

// AuditLog records who took what out of Fieldbook, and when.
type AuditLog interface {
	// Audit records e durably before it returns: a caller may then hand
	// out what it audited. A zero At is now. Errors: CodeInvalid (no
	// action or user, a time before 1970).
	Audit(ctx context.Context, e AuditEntry) error
	// AuditLog returns up to limit entries, newest first. Errors:
	// CodeInvalid (limit below 1).
	AuditLog(ctx context.Context, limit int) ([]AuditEntry, error)
}

// AuditEntry is one audited action.
type AuditEntry struct {
	At       time.Time `json:"at"`
	UserID   string    `json:"user_id"`
	Username string    `json:"username"`
	// Action names what was done, e.g. "export.weekly.xlsx".
	Action string `json:"action"`
	// Params are what the action was asked for (team_id, date, month …).
	Params map[string]string `json:"params"`
}

// Privacy keeps the privacy notices an admin publishes: the texts a person
// is shown before they consent (docs/domain.md "Privacy"); the access
// log: who opened whose customer files, and why; the register of data
// subjects' requests (copy, correct, delete) with their due dates; and the
// retention of Plan 100 names (retention.go): the dormant ones and their
// sweep.
type Privacy interface {
	// Notices returns every published notice, oldest first.
	Notices(ctx context.Context) ([]Notice, error)
	// PublishNotice publishes a new notice; a zero PublishedAt is now.
	// Errors: CodeInvalid (a version of 1 to 40 characters and a text are
	// needed), CodeConflict (the version is published already).
	PublishNotice(ctx context.Context, n Notice) (Notice, error)
	// OpenFiles records e in the access log durably, then reads the files
	// it names: when it returns them, the entry is on disk, so a caller
	// may hand them out. e.File is a customer's id, or AllFiles for every
	// customer of e.AgentID that is not deleted; the files are the
	// customers records as a pull carries them. A zero At is now; the
	// entry is kept for the store's retention of the access log from At,
	// on the store's clock (AccessLog). The owner opening their own files
	// (UserID = AgentID) is not recorded and needs no purpose.
	// Errors: CodeInvalid (no user or agent, a purpose not of 2 to 200
	// characters, a time before 1970), CodeNotFound (the agent has no such
	// file; the entry stays, the attempt being on record).
	OpenFiles(ctx context.Context, e AccessEntry) ([]RawRecord, error)
	// AccessLog returns up to q.Limit entries that match q, newest first.
	// An entry whose At is the retention or more before the store's clock
	// has expired: it is never returned again, and the store drops it.
	// Errors: CodeInvalid (a limit below 1).
	AccessLog(ctx context.Context, q AccessQuery) ([]AccessEntry, error)
	// CreateRequest adds a data subject's request to the register (PIPL
	// Arts. 45–47) with a new id, open, created now; the caller sets its
	// due date and due time (DueDate). Errors: CodeInvalid (a kind, subject,
	// agent, creator, received time, due date or a note of at most 500
	// characters is wrong or missing), CodeNotFound (the agent has no such
	// person, deleted or not).
	CreateRequest(ctx context.Context, r PrivacyRequest) (PrivacyRequest, error)
	// Request returns one request, found false for none; it returns no
	// *Error.
	Request(ctx context.Context, id string) (r PrivacyRequest, found bool, err error)
	// Requests returns the requests that match q: open ones first, then by
	// due date and time received; Overdue is set on the open ones past
	// their due time. Errors: none but the engine's.
	Requests(ctx context.Context, q RequestQuery) ([]PrivacyRequest, error)
	// CloseRequest closes an open request with an outcome (RequestDone or
	// RequestRefused) and a note, by user by. A delete request is done only
	// once its person's record is deleted (erased): closing does not erase.
	// Errors: CodeNotFound, CodeInvalid (an outcome, a note over 500
	// characters, or a delete request done while the person's record is not
	// deleted), CodeConflict (closed already).
	CloseRequest(ctx context.Context, id string, c RequestClose) (PrivacyRequest, error)
	// PersonData records e in the access log durably, as OpenFiles does
	// (not when the owner asks: e.UserID = e.AgentID), then reads one
	// person's data: the record of subject (Customers or Prospects) e.File
	// of agent e.AgentID, their consent events and the activities naming
	// them. Errors: CodeInvalid (as OpenFiles, or another subject),
	// CodeNotFound (the agent has no such person; the entry stays).
	PersonData(ctx context.Context, e AccessEntry, subject string) (PersonCopy, error)
	// Policyholders records e in the access log durably, as OpenFiles
	// does, then lists the policyholders an agent who left handed to their
	// heir e.AgentID: the customers handed from departedID that the
	// departed agent closed a deal with (not voided), to be told within
	// HandoverWindow who looks after them now; ordered by name. Errors:
	// CodeInvalid (as OpenFiles).
	Policyholders(ctx context.Context, e AccessEntry, departedID string) ([]Policyholder, error)
	// DormantProspects returns agentID's dormant Plan 100 names at now
	// (ProspectDormancy under their team's retention.prospect_months, in
	// its time zone), the soonest purged first: the names the agent is
	// asked to keep or purge. A user without a team, or whose team keeps
	// names for ever, has none. Errors: CodeNotFound (no such user).
	DormantProspects(ctx context.Context, agentID string, now time.Time) ([]DormantProspect, error)
	// PurgeDormant erases every prospect of every team's agents that is
	// past its purge time at now (ProspectDormancy's Purge), exactly as
	// its owner's deletion erases it (docs/protocol.md §6.5), and writes
	// one audit entry per agent (action "retention.purge", user "server",
	// params agent_id and count) in the commit of the erasure. Each name
	// is judged again in the commit that erases it, so a keep or an
	// activity that arrived meanwhile saves it. A record that cannot be
	// read is logged (by ids, without its data) and skipped; the others
	// are still swept. It returns how many it erased. Errors: none but the
	// engine's (ctx ending stops it between agents).
	PurgeDormant(ctx context.Context, now time.Time) (int, error)
}

// Policyholder is a customer of an agent who left, with their deals.
type Policyholder struct {
	CustomerID string `json:"customer_id"`
	Name       string `json:"name"`
	Phone      string `json:"phone,omitempty"`
	Deals      int    `json:"deals"`
	// LastDealAt is the occurred_at of the latest deal, as recorded.
	LastDealAt string `json:"last_deal_at"`
}

// DormantProspect is one of an agent's dormant Plan 100 names, with the
// times of ProspectDormancy.
type DormantProspect struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	// LastTouch is when something last happened with the name; DormantAt
	// when it became dormant; PurgeAt when the server erases it unless the
	// agent keeps it (PurgeDate is its day in the team's time zone).
	LastTouch time.Time `json:"last_touch"`
	DormantAt time.Time `json:"dormant_at"`
	PurgeAt   time.Time `json:"purge_at"`
	PurgeDate string    `json:"purge_date"`
}

// The kinds, statuses and outcomes of a data subject's request.
const (
	RequestCopy    = "copy"
	RequestCorrect = "correct"
	RequestDelete  = "delete"

	RequestOpen   = "open"
	RequestClosed = "closed"

	RequestDone    = "done"
	RequestRefused = "refused"
)

// PrivacyRequest is one data subject's request of the register: a copy of
// their data, its correction or its deletion, to be answered by its due
// date (15 working days from the day received, in the team's time zone).
type PrivacyRequest struct {
	ID   string `json:"id"`
	Kind string `json:"kind"`
	// Subject is Customers or Prospects; SubjectID the person's record.
	Subject   string `json:"subject"`
	SubjectID string `json:"subject_id"`
	// AgentID owns the person's record; TeamID is the agent's team then.
	AgentID    string    `json:"agent_id"`
	TeamID     string    `json:"team_id"`
	ReceivedAt time.Time `json:"received_at"`
	// DueDate is the last day to answer (YYYY-MM-DD, the team's calendar);
	// DueAt the end of it, after which an open request is Overdue.
	DueDate   string    `json:"due_date"`
	DueAt     time.Time `json:"due_at"`
	Note      string    `json:"note"`
	CreatedBy string    `json:"created_by"`
	CreatedAt time.Time `json:"created_at"`
	Status    string    `json:"status"`
	Overdue   bool      `json:"overdue"`
	// Outcome, CloseNote, ClosedBy and ClosedAt are set when closed.
	Outcome   string     `json:"outcome,omitempty"`
	CloseNote string     `json:"close_note,omitempty"`
	ClosedBy  string     `json:"closed_by,omitempty"`
	ClosedAt  *time.Time `json:"closed_at,omitempty"`
}

// RequestQuery selects requests; empty fields select all.
type RequestQuery struct {
	AgentID, TeamID string
	// OpenOnly keeps the open requests.
	OpenOnly bool
}

// RequestClose is how a request is closed.
type RequestClose struct {
	Outcome string
	Note    string
	By      string
}

// PersonCopy is one person's data as the register's copy gives it.
type PersonCopy struct {
	Subject string `json:"subject"`
	ID      string `json:"id"`
	AgentID string `json:"agent_id"`
	// Fields are the person's record's fields as stored.
	Fields     json.RawMessage   `json:"fields"`
	Consents   []json.RawMessage `json:"consents"`
	Activities []PersonActivity  `json:"activities"`
}

// PersonActivity is an activity naming the person, as the copy gives it.
type PersonActivity struct {
	ID         string          `json:"id"`
	Kind       string          `json:"kind"`
	OccurredAt string          `json:"occurred_at"`
	Outcome    json.RawMessage `json:"outcome"`
	NextStep   json.RawMessage `json:"next_step"`
}

// AllFiles is AccessEntry.File when every file of the agent was opened.
const AllFiles = "all"

// AccessEntry is one opening of an agent's customer files by someone else.
type AccessEntry struct {
	At       time.Time `json:"at"`
	UserID   string    `json:"user_id"`
	Username string    `json:"username"`
	Role     Role      `json:"role"`
	// AgentID owns the files; TeamID is the agent's team then.
	AgentID string `json:"agent_id"`
	TeamID  string `json:"team_id"`
	// File is the customer's id, or AllFiles.
	File    string `json:"file"`
	Purpose string `json:"purpose"`
}

// AccessQuery selects entries of the access log; empty fields select all.
type AccessQuery struct {
	AgentID, UserID, TeamID string
	// Since, when set, keeps the entries at or after it.
	Since time.Time
	Limit int
}

// Notice is one version of the privacy notice.
type Notice struct {
	Version     string    `json:"version"`
	Text        string    `json:"text"`
	PublishedAt time.Time `json:"published_at"`
}

// Operations are what an operator and the metrics see of the engine.
type Operations interface {
	// Backup writes a full, consistent copy of the store to w.
	Backup(ctx context.Context, w io.Writer) error
	// Size is the bytes the store takes on disk.
	Size() int64
	// Waiters is how many WaitForChanges calls wait now.
	Waiters() int
	// OnCommit sets a function called after each durable group commit
	// with the number of jobs it held and how long it took; nil removes it.
	OnCommit(fn func(jobs int, took time.Duration))
	// Health is nil while the store can take writes, else why it cannot
	// (a PostgreSQL node that cannot reach its database, or finds a
	// standby where the primary was).
	Health(ctx context.Context) error
	// Gauges are the engine's own measures for the metrics, by name
	// (pool_connections_acquired, replication_lag_seconds …); none when it
	// has none.
	Gauges(ctx context.Context) map[string]float64
}

// SyncRequest is a decoded sync request (docs/protocol.md §3). Protocol
// and Limit are nil when the request leaves them out.
type SyncRequest struct {
	Protocol *int
	ClientID string
	Cursor   string
	Limit    *int
	Changes  []SentChange
}

// SentChange is one change as it arrived: Size is its length as JSON, and
// Fault, when set, says why it is not a change at all (it is rejected
// alone, with that error). Compact says that every field value is known
// to be valid JSON without insignificant white space already (the
// server's reading of the request checked), so it is stored as it is.
type SentChange struct {
	Change  Change
	Size    int
	Fault   *Error
	Compact bool
}

// SyncAnswer is what a sync request answers, but the server's time.
type SyncAnswer struct {
	Results []Result
	Records []RawRecord
	Cursor  string
	More    bool
	// ResetReason, when set, says why the client must drop its replica:
	// ResetScope, ResetRestored or ResetCursor; ResetDeparted when its user
	// left (the client sends what it still holds, then deletes its data).
	ResetReason string
	// Phase, in a phased first pull (protocol 3), is the pass the next
	// page brings: PhaseRecent while this week's records and the review
	// queue are still coming, PhaseHistory once they are all in; "" when
	// the pull is not phased or its phases are over.
	Phase string
}

// The passes of a phased first pull (docs/protocol.md §5.4).
const (
	PhaseRecent  = "recent"
	PhaseHistory = "history"
)

// Result statuses and reset reasons of docs/protocol.md.
const (
	StatusApplied   = "applied"
	StatusDuplicate = "duplicate"
	StatusRejected  = "rejected"

	ResetScope    = "scope"
	ResetRestored = "restored"
	ResetCursor   = "cursor"
	ResetDeparted = "departed"
)

// Result is the outcome of one change.
type Result struct {
	Seq     int64  `json:"seq"`
	Status  string `json:"status"`
	Code    string `json:"code,omitempty"`
	Message string `json:"message,omitempty"`
}

// RawRecord is a record for the wire whose fields and stamps are the JSON
// objects as stored.
type RawRecord struct {
	Collection string          `json:"collection"`
	ID         string          `json:"id"`
	Fields     json.RawMessage `json:"fields"`
	Stamps     json.RawMessage `json:"stamps"`
}

// AppendJSON appends the record as JSON, copying the stored objects as
// they are: collection names and ids are plain ASCII, checked on the way in.
func (r RawRecord) AppendJSON(b []byte) []byte {
	b = append(b, `{"collection":"`...)
	b = append(b, r.Collection...)
	b = append(b, `","id":"`...)
	b = append(b, r.ID...)
	b = append(b, `","fields":`...)
	b = append(b, r.Fields...)
	b = append(b, `,"stamps":`...)
	b = append(b, r.Stamps...)
	return append(b, '}')
}

// SeqGapError says a push started beyond the client's last seq + 1;
// nothing of it was applied (CodeSeqGap, 409 with last_seq).
type SeqGapError struct{ LastSeq int64 }

func (e *SeqGapError) Error() string {
	return fmt.Sprintf("seq_gap: the server has processed changes up to seq %d; send again from %d", e.LastSeq, e.LastSeq+1)
}
