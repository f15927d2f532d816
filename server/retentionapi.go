// The retention of Plan 100 names (docs/api.md "Privacy"): the asking
// agent's dormant names, each with the day the server erases it unless the
// agent keeps it. The app computes the same list from its replica offline;
// this one is the server's word.

package server

import (
	"github.com/gofiber/fiber/v2"

	"fieldbook"
)

// retention is GET /api/retention, for agents only: a name's data is its
// agent's alone, so a supervisor or an admin is refused rather than told
// anything of another agent's names.
func (s *Server) retention(c *fiber.Ctx) error {
	u := user(c)
	if u.Role != fieldbook.RoleAgent {
		return fieldbook.Errorf(fieldbook.CodeForbidden, "only an agent has Plan 100 names; each agent sees their own dormant ones")
	}
	months := 0
	if u.TeamID != "" {
		settings, _, err := s.store().Directory.Settings(ctx(c), u.TeamID)
		if err != nil {
			return err
		}
		months = settings.Retention.ProspectMonths
	}
	list, err := s.store().Privacy.DormantProspects(ctx(c), u.ID, s.now())
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.JSON(fiber.Map{"prospect_months": months, "grace_days": fieldbook.RetentionGraceDays, "prospects": list})
}
