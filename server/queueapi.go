package server

import (
	"fmt"

	"github.com/gofiber/fiber/v2"

	"fieldbook"
	"fieldbook/sync/rules"
)

// reviewQueue lists the team's logs waiting for review, oldest first: a
// supervisor's own team, or for an admin the team_id asked for.
func (s *Server) reviewQueue(c *fiber.Ctx) error {
	u := user(c)
	team := u.TeamID
	switch u.Role {
	case fieldbook.RoleAdmin:
		team = c.Query("team_id")
		if !rules.IsUUID(team) {
			return fieldbook.Errorf(fieldbook.CodeInvalid, "an admin names the team: ?team_id=")
		}
	case fieldbook.RoleSupervisor:
		if q := c.Query("team_id"); q != "" && q != team {
			return fieldbook.Errorf(fieldbook.CodeForbidden, "a supervisor sees their own team's queue only")
		}
	default:
		return fieldbook.Errorf(fieldbook.CodeForbidden, "only supervisors review work logs")
	}
	logs, err := s.store().Reports.ReviewQueue(ctx(c), team)
	if err != nil {
		return fmt.Errorf("review queue: %w", err)
	}
	if logs == nil {
		logs = []fieldbook.RawRecord{}
	}
	return c.JSON(fiber.Map{"logs": logs})
}
