package scoring

import (
	"context"

	"fieldbook"
)

// Reports is what the server reads of the scores a storage engine keeps
// (storage/reports implements it over Badger). It is declared here, beside
// the types it returns, because the root package cannot import scoring.
type Reports interface {
	// TeamWeek returns the team's enabled agents, ordered by name, with
	// their scored week starting on monday. It returns no *Error: an
	// unknown team has no agents.
	TeamWeek(ctx context.Context, teamID string, monday Day) ([]AgentScore[WeekScore], error)
	// TeamMonth returns the team's agents with their scored month
	// ("2026-03").
	TeamMonth(ctx context.Context, teamID, month string) ([]AgentScore[MonthScore], error)
	// History reads an agent's month and what comes with it. Errors:
	// CodeInvalid (the month), CodeNotFound (no such agent).
	History(ctx context.Context, agentID, month string) (AgentHistory, error)
	// ReviewQueue returns the team's work logs waiting for review
	// (submitted, amended ones included), oldest day first.
	ReviewQueue(ctx context.Context, teamID string) ([]fieldbook.RawRecord, error)
}

// AgentScore is an agent with their scores record for a period, decoded
// into a scoring value; Found is false when they have none yet.
type AgentScore[T any] struct {
	Agent fieldbook.User
	Score T
	Found bool
}

// AgentHistory is what an agent's monthly review and the goal calculator
// read.
type AgentHistory struct {
	Agent fieldbook.User
	// Settings are the team's settings in force at the month's end.
	Settings fieldbook.TeamSettings
	// Months are the month asked for and the two before it, oldest first
	// (empty months included).
	Months []MonthScore
	// Weeks are the scored weeks that start in the month, oldest first.
	Weeks []WeekScore
	// Targets are the agent's own monthly targets, nil when none.
	Targets   map[string]int
	Customers []Customer
	// OpenProspects counts Plan 100 names not closed or dropped.
	OpenProspects int
}
