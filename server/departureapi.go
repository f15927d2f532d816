package server

// The departure workflow (docs/api.md "Privacy"): POST
// /api/admin/users/:id/depart hands an agent's people to a colleague and
// disables the agent, whose phones then hand over their outbox and delete
// their data; GET /api/admin/users/:id/policyholders lists the customers
// to tell, within 30 days, who looks after them now.

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"fieldbook"
	"fieldbook/spreadsheet"
	"fieldbook/sync/rules"
)

// departurePurpose is the access log's purpose of reading the list.
const departurePurpose = "agent departure: the policyholders to tell"

type departureAnswer struct {
	User fieldbook.User `json:"user"`
	// NotifyBy is the last day to tell the policyholders (YYYY-MM-DD, the
	// team's calendar).
	NotifyBy string `json:"notify_by"`
}

type policyholdersAnswer struct {
	departureAnswer
	Policyholders []fieldbook.Policyholder `json:"policyholders"`
}

// depart is POST /api/admin/users/:id/depart {"heir_id"}.
func (s *Server) depart(c *fiber.Ctx) error {
	var u fieldbook.User
	err := s.passOn(c, "admin.depart", func(id, heir string) (err error) {
		u, err = s.store().Directory.Depart(ctx(c), id, heir)
		return err
	})
	if err != nil {
		return err
	}
	ans, err := s.departure(c, u)
	if err != nil {
		return err
	}
	return c.JSON(ans)
}

// handOver is POST /api/admin/users/:id/hand-over {"heir_id"}: the user's
// people go to another agent of the team, no one is disabled.
func (s *Server) handOver(c *fiber.Ctx) error {
	if err := s.passOn(c, "admin.hand-over", func(id, heir string) error {
		return s.store().Directory.HandOver(ctx(c), id, heir)
	}); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

// passOn reads the request to pass the people of the user :id to heir_id,
// runs it, and records it in the audit log as action.
func (s *Server) passOn(c *fiber.Ctx, action string, run func(id, heir string) error) error {
	var req struct {
		HeirID string `json:"heir_id"`
	}
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	id := c.Params("id")
	if !rules.IsUUID(id) {
		return fieldbook.Errorf(fieldbook.CodeNotFound, "there is no user %q", id)
	}
	if !rules.IsUUID(req.HeirID) {
		return fieldbook.Errorf(fieldbook.CodeInvalid, "heir_id must name who takes the customers")
	}
	if err := run(id, req.HeirID); err != nil {
		return err
	}
	by := user(c)
	if err := s.store().Audit.Audit(ctx(c), fieldbook.AuditEntry{UserID: by.ID, Username: by.Username, Action: action,
		Params: map[string]string{"user_id": id, "heir_id": req.HeirID}}); err != nil {
		return err
	}
	s.log.Info("people passed on", "action", action, "user", id, "heir", req.HeirID, "by", by.ID)
	return nil
}

// departure is what an answer says of u's departure.
func (s *Server) departure(c *fiber.Ctx, u fieldbook.User) (departureAnswer, error) {
	if u.LeftAt == nil {
		return departureAnswer{}, fieldbook.Errorf(fieldbook.CodeNotFound, "%s has not left through the departure workflow", u.Username)
	}
	loc := s.teamLocation(c, u.TeamID)
	return departureAnswer{User: u, NotifyBy: u.LeftAt.Add(fieldbook.HandoverWindow).In(loc).Format(time.DateOnly)}, nil
}

// policyholders is GET /api/admin/users/:id/policyholders?format=json|xlsx|csv:
// the departed agent's policyholders, now their heir's, recorded in the
// access log before the answer.
func (s *Server) policyholders(c *fiber.Ctx) error {
	format := c.Query("format", "json")
	if format != "json" && format != "xlsx" && format != "csv" {
		return fieldbook.Errorf(fieldbook.CodeInvalid, "format must be json, xlsx or csv")
	}
	id := c.Params("id")
	if !rules.IsUUID(id) {
		return fieldbook.Errorf(fieldbook.CodeNotFound, "there is no user %q", id)
	}
	u, found, err := s.store().Directory.User(ctx(c), id)
	if err != nil {
		return err
	}
	if !found {
		return fieldbook.Errorf(fieldbook.CodeNotFound, "there is no user %q", id)
	}
	dep, err := s.departure(c, u)
	if err != nil {
		return err
	}
	by := user(c)
	list, err := s.store().Privacy.Policyholders(ctx(c), fieldbook.AccessEntry{UserID: by.ID, Username: by.Username, Role: by.Role,
		AgentID: u.HeirID, TeamID: u.TeamID, File: fieldbook.AllFiles, Purpose: departurePurpose}, u.ID)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	if format == "json" {
		return c.JSON(policyholdersAnswer{departureAnswer: dep, Policyholders: list})
	}
	sh := sheet{
		Sheet: spreadsheet.Sheet{Name: "保单持有人", Headers: []string{"姓名", "电话", "成交次数", "最近成交"},
			Title: u.Name + " 离职：需在 " + dep.NotifyBy + " 前告知的保单持有人"},
		file:      fileSafe(u.Name) + "-保单持有人",
		asciiFile: "fieldbook-policyholders",
	}
	for _, p := range list {
		sh.Rows = append(sh.Rows, []spreadsheet.Cell{spreadsheet.TextCell(p.Name), spreadsheet.TextCell(p.Phone),
			spreadsheet.IntCell(p.Deals), spreadsheet.TextCell(p.LastDealAt)})
	}
	return s.sendExport(c, "policyholders", format, sh, map[string]string{"user_id": id})
}
