// Package conformance is the behaviour every Fieldbook storage engine must
// show: one table of named behaviours (behaviours, in conformance.go; the
// comment of each row's function says what it holds the engine to), each
// run as a subtest on a fresh, empty place, through the engine's
// interfaces only — fieldbook.Replication, Directory, Sessions, AuditLog,
// Privacy and Operations, and scoring.Reports. It knows no engine: Badger runs it in
// storage/conformance_test.go, and any other engine runs the same table
// from a test in its own package:
//
//	func TestConformance(t *testing.T) {
//		conformance.Run(t, conformance.Harness{
//			NewPlace: func(t testing.TB) string { return t.TempDir() },
//			Open: func(t testing.TB, place string, now func() time.Time) (conformance.Engine, error) {
//				e, err := mystore.Open(t.Context(), place, now)
//				if err != nil {
//					return nil, err
//				}
//				return e, nil
//			},
//			Restore:         mystore.Restore,
//			AccessRetention: mystore.DefaultAccessRetention,
//		})
//	}
//
// What the suite asks of a harness:
//   - NewPlace makes a new, empty place where an engine keeps its data (a
//     directory, a database name) and removes it when the test ends. A
//     behaviour may ask for several (another server, a restore elsewhere).
//   - Open opens the engine stored at place, creating it when the place is
//     new, with now as its wall clock: the engine reads the time only from
//     now (stamps, the date rule, token expiry, the current week). The
//     suite moves its clock forward, never back. The suite closes every
//     engine it opens, exactly once, before the test ends, so Open need not
//     register a cleanup. An engine's data must outlive Close (restart and
//     restore are behaviours), so an engine that can only live in memory
//     cannot pass.
//   - AccessRetention is how long the engines Open opens keep an entry of
//     the access log (the store's retention, --access-log-days): the suite
//     moves its clock past it.
//   - Restore replaces the engine stored at place, closed, with a backup
//     written by Operations.Backup; the place may also be new. A backup it
//     cannot read is an error and leaves the place as it was.
//
// The suite waits for conditions, never for time: where it waits (a long
// poll, a commit hook) it polls the condition through the interfaces, with
// a generous deadline only as a guard against a hang. The behaviours run
// one after another, each on its own place and clock; the whole table
// takes a few seconds on Badger, with -race. One can be run alone by name:
//
//	go test ./storage/ -run 'TestConformance/TeamMove'
//
// Where an interface leaves a choice to the engine (which code refuses the
// session of a disabled user, whether a second settings change in a week
// replaces the first), the suite accepts every choice the contract allows.
package conformance

import (
	"context"
	"io"
	"testing"
	"time"

	"fieldbook"
	"fieldbook/scoring"
)

// Engine is what the suite needs of a storage engine: every service of the
// root package, the scores, and Close.
type Engine interface {
	fieldbook.Replication
	fieldbook.Directory
	fieldbook.Sessions
	fieldbook.AuditLog
	fieldbook.Privacy
	fieldbook.Operations
	scoring.Reports
	// Close finishes what the engine is doing and releases its place, so
	// that it can be opened again or restored.
	Close() error
}

// Harness is how the suite makes, opens and restores an engine's places;
// the engine's package provides it (see the package comment).
type Harness struct {
	// NewPlace returns a new, empty place, removed when t ends.
	NewPlace func(t testing.TB) string
	// Open opens the engine stored at place, creating it when new; now is
	// the only clock the engine may read.
	Open func(t testing.TB, place string, now func() time.Time) (Engine, error)
	// Restore replaces the closed engine at place (or fills a new place)
	// with the backup read from r.
	Restore func(ctx context.Context, place string, r io.Reader) error
	// Shared says that several engines may be open on one place at once
	// (several nodes over one database); the behaviours of several nodes
	// run only then.
	Shared bool
	// AccessRetention is how long an engine Open opens keeps an entry of
	// the access log.
	AccessRetention time.Duration
}

// behaviour is one row of the table: a name for go test -run and what it
// does on a fresh place.
type behaviour struct {
	name string
	run  func(t *testing.T, e *env)
}

// behaviours is the table. The comment of each function says what it
// shows and which part of the contract (docs/protocol.md, docs/scoring.md, services.go)
// it holds the engine to.
var behaviours = []behaviour{
	// Replication: pushes, pulls and cursors.
	{"PushAndPullOwnRecords", pushAndPullOwnRecords},
	{"AnswersOmitEchoes", answersOmitEchoes},
	{"AnswersHoldWhatAPullReads", answersHoldWhatAPullReads},
	{"FirstPullIsPhased", firstPullIsPhased},
	{"PullNeverSkipsUnderConcurrentPushes", pullNeverSkipsUnderConcurrentPushes},
	{"ExactlyOncePerClientSeq", exactlyOncePerClientSeq},
	{"RejectionsRemembered", rejectionsRemembered},
	{"ClientBelongsToOneUser", clientBelongsToOneUser},
	{"VisibilityByRoleAndTeam", visibilityByRoleAndTeam},
	{"MalformedAndForeignCursorsReset", malformedAndForeignCursorsReset},
	{"RoleChangeResetsScope", roleChangeResetsScope},
	{"TeamMove", teamMove},
	{"WaitForChanges", waitForChanges},
	{"TwoNodes", twoNodes},
	// Reviews and the scores that follow them.
	{"ReviewStateMachine", reviewStateMachine},
	{"ScoresFollowReviews", scoresFollowReviews},
	{"StreakCarriesIntoLaterWeeks", streakCarriesIntoLaterWeeks},
	{"SettingsChangeRescoresTheCurrentWeek", settingsChangeRescoresTheCurrentWeek},
	{"FileInteractions", fileInteractions},
	// The team's records: the morning meeting's focus.
	{"DayFocusSharedByTheTeam", dayFocusSharedByTheTeam},
	// A person's data: consent, withdrawal and erasure.
	{"ConsentGatesTheGroupsFields", consentGatesTheGroupsFields},
	{"WithdrawalClearsEveryReplica", withdrawalClearsEveryReplica},
	{"ErasureErasesThePerson", erasureErasesThePerson},
	{"AccessLog", accessLog},
	{"AccessLogExpires", accessLogExpires},
	{"RequestRegister", requestRegister},
	{"PersonCopy", personCopy},
	{"Departure", departure},
	{"HandOver", handOver},
	{"RetentionSweep", retentionSweep},
	// Lifetime of the data.
	{"RestartKeepsRecordsAndCursors", restartKeepsRecordsAndCursors},
	{"BackupAndRestore", backupAndRestore},
	{"Operations", operations},
	// People, sessions and the audit log.
	{"Teams", teams},
	{"Users", users},
	{"Settings", settings},
	{"Sessions", sessions},
	{"AuditLog", auditLog},
}

// Run runs every behaviour of the table against the engine h opens, each
// as a subtest on a fresh place.
func Run(t *testing.T, h Harness) {
	if h.NewPlace == nil || h.Open == nil || h.Restore == nil || h.AccessRetention <= 0 {
		t.Fatal("conformance: the harness needs NewPlace, Open, Restore and AccessRetention")
	}
	for _, b := range behaviours {
		t.Run(b.name, func(t *testing.T) {
			b.run(t, newEnv(t, h))
		})
	}
}
