package server

// The access log's endpoints (docs/api.md "Privacy"): GET /api/files opens
// an agent's customer files on purpose, recorded before they are sent;
// GET /api/access-log shows who opened whose; the team review's
// access_alerts name who opens files in a burst.

import (
	"slices"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"fieldbook"
	"fieldbook/sync/rules"
)

// A burst of openings: one user opening, within burstWindow, the files of
// more than burstAgents agents or more than burstOpenings times.
const (
	burstWindow   = time.Hour
	burstAgents   = 5
	burstOpenings = 10
)

type filesAnswer struct {
	AgentID string                `json:"agent_id"`
	Files   []fieldbook.RawRecord `json:"files"`
}

// files is GET /api/files?agent_id=&purpose=[&id=]: the agent's customer
// files (or the one named), for their team's supervisors and admins, who
// state a purpose and are recorded in the access log, durably, before the
// answer; an agent gets their own, unrecorded.
func (s *Server) files(c *fiber.Ctx) error {
	u := user(c)
	if u.Role == fieldbook.RoleAgent && c.Query("agent_id") != "" && c.Query("agent_id") != u.ID {
		return fieldbook.Errorf(fieldbook.CodeForbidden, "an agent opens their own files only")
	}
	agent, err := s.agentFor(c)
	if err != nil {
		return err
	}
	file := fieldbook.AllFiles
	if id := c.Query("id"); id != "" {
		if !rules.IsUUID(id) {
			return fieldbook.Errorf(fieldbook.CodeInvalid, "id must be a customer's id")
		}
		file = id
	}
	purpose := c.Query("purpose")
	a, _, err := s.store().Directory.User(ctx(c), agent)
	if err != nil {
		return err
	}
	recs, err := s.store().Privacy.OpenFiles(ctx(c), fieldbook.AccessEntry{UserID: u.ID, Username: u.Username, Role: u.Role,
		AgentID: agent, TeamID: a.TeamID, File: file, Purpose: purpose})
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.JSON(filesAnswer{AgentID: agent, Files: recs})
}

type accessAnswer struct {
	Entries []fieldbook.AccessEntry `json:"entries"`
}

// accessLog is GET /api/access-log[?agent_id=&user_id=&limit=]: an agent
// sees who opened their files (another agent's: 403), a supervisor the
// openings they made themselves, an admin everyone's; newest first.
func (s *Server) accessLog(c *fiber.Ctx) error {
	u := user(c)
	limit := 100
	if q := c.Query("limit"); q != "" {
		n, err := strconv.Atoi(q)
		if err != nil || n < 1 || n > 1000 {
			return fieldbook.Errorf(fieldbook.CodeInvalid, "limit must be a whole number from 1 to 1000")
		}
		limit = n
	}
	q := fieldbook.AccessQuery{AgentID: c.Query("agent_id"), UserID: c.Query("user_id"), Limit: limit}
	for _, id := range []string{q.AgentID, q.UserID} {
		if id != "" && !rules.IsUUID(id) {
			return fieldbook.Errorf(fieldbook.CodeInvalid, "agent_id and user_id are user ids")
		}
	}
	switch u.Role {
	case fieldbook.RoleAgent:
		if q.AgentID != "" && q.AgentID != u.ID || q.UserID != "" {
			return fieldbook.Errorf(fieldbook.CodeForbidden, "an agent sees who opened their own files only")
		}
		q.AgentID = u.ID
	case fieldbook.RoleSupervisor:
		if q.UserID != "" && q.UserID != u.ID {
			return fieldbook.Errorf(fieldbook.CodeForbidden, "a supervisor sees their own openings only")
		}
		q.UserID = u.ID
	}
	entries, err := s.store().Privacy.AccessLog(ctx(c), q)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.JSON(accessAnswer{Entries: entries})
}

// accessAlert names a user who opened customer files of the team in a
// burst (see burstWindow).
type accessAlert struct {
	UserID   string         `json:"user_id"`
	Username string         `json:"username"`
	Role     fieldbook.Role `json:"role"`
	Agents   int            `json:"agents"`
	Openings int            `json:"openings"`
	Since    time.Time      `json:"since"`
}

// accessAlerts are the bursts of openings of team's agents' files in the
// last burstWindow, by username.
func (s *Server) accessAlerts(c *fiber.Ctx, team string) ([]accessAlert, error) {
	since := s.now().Add(-burstWindow)
	es, err := s.store().Privacy.AccessLog(ctx(c), fieldbook.AccessQuery{TeamID: team, Since: since, Limit: 10000})
	if err != nil {
		return nil, err
	}
	return bursts(es, since), nil
}

// bursts groups entries by user and keeps those over either limit.
func bursts(es []fieldbook.AccessEntry, since time.Time) []accessAlert {
	type tally struct {
		a      accessAlert
		agents map[string]bool
	}
	by := map[string]*tally{}
	for _, e := range es {
		if e.UserID == e.AgentID {
			continue
		}
		t := by[e.UserID]
		if t == nil {
			t = &tally{a: accessAlert{UserID: e.UserID, Username: e.Username, Role: e.Role, Since: since}, agents: map[string]bool{}}
			by[e.UserID] = t
		}
		t.a.Openings++
		t.agents[e.AgentID] = true
	}
	out := []accessAlert{}
	for _, t := range by {
		t.a.Agents = len(t.agents)
		if t.a.Agents > burstAgents || t.a.Openings > burstOpenings {
			out = append(out, t.a)
		}
	}
	slices.SortFunc(out, func(x, y accessAlert) int {
		if x.Username < y.Username {
			return -1
		}
		if x.Username > y.Username {
			return 1
		}
		return 0
	})
	return out
}
