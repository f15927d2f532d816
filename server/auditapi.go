package server

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"fieldbook"
)

type auditAnswer struct {
	Entries []fieldbook.AuditEntry `json:"entries"`
}

// auditLog is GET /api/admin/audit?limit=100 (admins): the audit log,
// newest first.
func (s *Server) auditLog(c *fiber.Ctx) error {
	limit := 100
	if q := c.Query("limit"); q != "" {
		n, err := strconv.Atoi(q)
		if err != nil || n < 1 || n > 1000 {
			return fieldbook.Errorf(fieldbook.CodeInvalid, "limit must be a whole number from 1 to 1000")
		}
		limit = n
	}
	entries, err := s.store().Audit.AuditLog(ctx(c), limit)
	if err != nil {
		return err
	}
	return c.JSON(auditAnswer{Entries: entries})
}
