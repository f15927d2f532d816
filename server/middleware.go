package server

import (
	"context"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"fieldbook"
)

// observe gives each request its context with a timeout, answers its
// error through the error handler, and counts it in the metrics.
func (s *Server) observe(c *fiber.Ctx) error {
	start := time.Now()
	rctx, cancel := context.WithTimeout(context.Background(), reqTimeout)
	defer cancel()
	c.SetUserContext(rctx)
	if err := c.Next(); err != nil {
		if herr := s.handleError(c, err); herr != nil {
			return herr
		}
	}
	// The method is a view of Fiber's request buffer, which the next
	// request on the connection overwrites: the metrics keep a copy.
	s.metrics.observe(c.Route().Path, strings.Clone(c.Method()), c.Response().StatusCode(), time.Since(start))
	return nil
}

const userKey = "user"

// authenticate lets a request with a valid access token of an enabled user
// through and keeps the user, as stored now, for the handler.
func (s *Server) authenticate(c *fiber.Ctx) error {
	h := c.Get(fiber.HeaderAuthorization)
	token, ok := strings.CutPrefix(h, "Bearer ")
	if !ok || token == "" {
		return fieldbook.Errorf(fieldbook.CodeUnauthorized, "sign in first: the request has no bearer token")
	}
	id, gen, err := s.cfg.Signer.Verify(token)
	if err != nil {
		return err
	}
	u, found, err := s.store().Directory.User(ctx(c), id)
	if err != nil {
		return err
	}
	if found && gen != u.TokenGen {
		// Revoked since it was issued (a sign-out, a new password …): the
		// device refreshes, which only a session still alive can.
		return fieldbook.Errorf(fieldbook.CodeTokenExpired, "the access token was revoked; refresh it")
	}
	if found && u.Disabled && u.HandingOver(s.now()) && handover(c) {
		c.Locals(userKey, u) // the phone of an agent who left hands over its outbox
		return c.Next()
	}
	if !found || u.Disabled {
		return fieldbook.Errorf(fieldbook.CodeUnauthorized, "the account is disabled or gone")
	}
	c.Locals(userKey, u)
	return c.Next()
}

// handover reports whether c is a request the phone of an agent who left
// may still make: a sync, which hands over its outbox and answers that
// the phone must delete its data, and the long-poll that starts it.
func handover(c *fiber.Ctx) bool {
	return c.Method() == fiber.MethodPost && c.Path() == "/api/sync" || c.Method() == fiber.MethodGet && c.Path() == "/api/changes"
}

// user is the signed-in user of an authenticated request.
func user(c *fiber.Ctx) fieldbook.User {
	u, _ := c.Locals(userKey).(fieldbook.User)
	return u
}

func (s *Server) requireAdmin(c *fiber.Ctx) error {
	if user(c).Role != fieldbook.RoleAdmin {
		return fieldbook.Errorf(fieldbook.CodeForbidden, "only an admin may do this")
	}
	return c.Next()
}
