package server

// The register of data subjects' requests (docs/api.md "Privacy"): POST
// and GET /api/privacy/requests, POST /api/privacy/requests/{id}/close,
// and GET /api/privacy/requests/{id}/copy, one person's data as a JSON
// file, its access logged before the answer when the owner is not the one
// who asks.

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"fieldbook"
	"fieldbook/sync/rules"
)

// copyPurpose is the access log's purpose of a copy.
const copyPurpose = "个人信息副本请求"

// requestOwner is the agent id names for u: an agent their own (another's
// is forbidden), a supervisor an agent of their team, an admin any agent.
func (s *Server) requestOwner(c *fiber.Ctx, id string) (fieldbook.User, error) {
	u := user(c)
	if u.Role == fieldbook.RoleAgent {
		if id != "" && id != u.ID {
			return fieldbook.User{}, fieldbook.Errorf(fieldbook.CodeForbidden, "an agent records and sees requests about their own customers and prospects only")
		}
		return u, nil
	}
	if !rules.IsUUID(id) {
		return fieldbook.User{}, fieldbook.Errorf(fieldbook.CodeInvalid, "agent_id must name the agent who holds the person's record")
	}
	a, found, err := s.store().Directory.User(ctx(c), id)
	if err != nil {
		return fieldbook.User{}, err
	}
	if !found || a.Role != fieldbook.RoleAgent {
		return fieldbook.User{}, fieldbook.Errorf(fieldbook.CodeNotFound, "there is no agent %q", id)
	}
	if u.Role == fieldbook.RoleSupervisor && a.TeamID != u.TeamID {
		return fieldbook.User{}, fieldbook.Errorf(fieldbook.CodeForbidden, "a supervisor handles requests about their own team's agents only")
	}
	return a, nil
}

// createRequest is POST /api/privacy/requests {kind, subject, subject_id,
// agent_id, received_at, note}: due 15 working days after the day
// received, on the team's calendar.
func (s *Server) createRequest(c *fiber.Ctx) error {
	var req struct {
		Kind       string     `json:"kind"`
		Subject    string     `json:"subject"`
		SubjectID  string     `json:"subject_id"`
		AgentID    string     `json:"agent_id"`
		ReceivedAt *time.Time `json:"received_at"`
		Note       string     `json:"note"`
	}
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	a, err := s.requestOwner(c, req.AgentID)
	if err != nil {
		return err
	}
	now := s.now()
	received := now
	if req.ReceivedAt != nil {
		if req.ReceivedAt.After(now.Add(time.Minute)) {
			return fieldbook.Errorf(fieldbook.CodeInvalid, "received_at is in the future")
		}
		received = *req.ReceivedAt
	}
	zone := fieldbook.DefaultTimeZone
	if t, found, err := s.store().Directory.Team(ctx(c), a.TeamID); err != nil {
		return err
	} else if found && t.TimeZone != "" {
		zone = t.TimeZone
	}
	loc, err := time.LoadLocation(zone)
	if err != nil {
		return err
	}
	due, dueAt := fieldbook.DueDate(received, loc)
	r, err := s.store().Privacy.CreateRequest(ctx(c), fieldbook.PrivacyRequest{Kind: req.Kind, Subject: req.Subject, SubjectID: req.SubjectID,
		AgentID: a.ID, TeamID: a.TeamID, ReceivedAt: received, DueDate: due, DueAt: dueAt, Note: req.Note, CreatedBy: user(c).ID})
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(r)
}

// listRequests is GET /api/privacy/requests[?agent_id=&open=true]: an
// agent's own, a supervisor's team's, an admin's all; open first.
func (s *Server) listRequests(c *fiber.Ctx) error {
	u := user(c)
	q := fieldbook.RequestQuery{}
	switch c.Query("open") {
	case "", "false":
	case "true":
		q.OpenOnly = true
	default:
		return fieldbook.Errorf(fieldbook.CodeInvalid, "open must be true or false")
	}
	if id := c.Query("agent_id"); id != "" || u.Role == fieldbook.RoleAgent {
		a, err := s.requestOwner(c, id)
		if err != nil {
			return err
		}
		q.AgentID = a.ID
	}
	if u.Role == fieldbook.RoleSupervisor {
		q.TeamID = u.TeamID
	}
	rs, err := s.store().Privacy.Requests(ctx(c), q)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.JSON(fiber.Map{"requests": rs})
}

// handledRequest is the request of the path's id, when u may handle it:
// its agent, a supervisor of its team, an admin.
func (s *Server) handledRequest(c *fiber.Ctx) (fieldbook.PrivacyRequest, error) {
	u := user(c)
	id := c.Params("id")
	if !rules.IsUUID(id) {
		return fieldbook.PrivacyRequest{}, fieldbook.Errorf(fieldbook.CodeInvalid, "a request's id is a UUID")
	}
	r, found, err := s.store().Privacy.Request(ctx(c), id)
	if err != nil {
		return fieldbook.PrivacyRequest{}, err
	}
	if !found {
		return fieldbook.PrivacyRequest{}, fieldbook.Errorf(fieldbook.CodeNotFound, "there is no request %s", id)
	}
	if u.Role == fieldbook.RoleAgent && r.AgentID != u.ID || u.Role == fieldbook.RoleSupervisor && r.TeamID != u.TeamID {
		return fieldbook.PrivacyRequest{}, fieldbook.Errorf(fieldbook.CodeForbidden, "the request is handled by its agent, their supervisor or an admin")
	}
	return r, nil
}

// closeRequest is POST /api/privacy/requests/{id}/close {outcome, note}.
func (s *Server) closeRequest(c *fiber.Ctx) error {
	var req struct {
		Outcome string `json:"outcome"`
		Note    string `json:"note"`
	}
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	r, err := s.handledRequest(c)
	if err != nil {
		return err
	}
	r, err = s.store().Privacy.CloseRequest(ctx(c), r.ID, fieldbook.RequestClose{Outcome: req.Outcome, Note: req.Note, By: user(c).ID})
	if err != nil {
		return err
	}
	return c.JSON(r)
}

// personCopyFile is the copy's file: the request it answers and the data.
type personCopyFile struct {
	RequestID  string    `json:"request_id"`
	ProducedAt time.Time `json:"produced_at"`
	fieldbook.PersonCopy
}

// requestCopy is GET /api/privacy/requests/{id}/copy: the person's data of
// a copy request as a JSON file; someone but the owner is logged first.
func (s *Server) requestCopy(c *fiber.Ctx) error {
	r, err := s.handledRequest(c)
	if err != nil {
		return err
	}
	if r.Kind != fieldbook.RequestCopy {
		return fieldbook.Errorf(fieldbook.CodeInvalid, "only a copy request produces a copy")
	}
	u := user(c)
	p, err := s.store().Privacy.PersonData(ctx(c), fieldbook.AccessEntry{UserID: u.ID, Username: u.Username, Role: u.Role,
		AgentID: r.AgentID, TeamID: r.TeamID, File: r.SubjectID, Purpose: copyPurpose}, r.Subject)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	c.Set(fiber.HeaderContentDisposition, attachment("个人信息副本-"+r.SubjectID[:8]+".json", "fieldbook-person-copy-"+r.SubjectID[:8]+".json"))
	return c.JSON(personCopyFile{RequestID: r.ID, ProducedAt: s.now().UTC(), PersonCopy: p})
}
