package server

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"fieldbook"
)

// How long GET /api/changes may wait: under the 60 s request timeout and
// the idle timeouts of common proxies.
const (
	defaultChangesWait = 25
	maxChangesWait     = 30
)

// changesAnswer is the answer of GET /api/changes.
type changesAnswer struct {
	Changed bool `json:"changed"`
}

// changes is GET /api/changes?cursor=&wait=: a long-poll that answers
// {"changed": true} as soon as the caller's sync from cursor (the cursor of
// their last sync answer) would bring records or a reset, and
// {"changed": false} once wait seconds (default 25, at most 30) pass
// without. A malformed or foreign cursor is a change: the next sync resets
// it. The app syncs on true and polls again on false; Shutdown ends the
// polls in flight with 503, as the server answers while it stops.
func (s *Server) changes(c *fiber.Ctx) error {
	wait := defaultChangesWait
	if q := c.Query("wait"); q != "" {
		n, err := strconv.Atoi(q)
		if err != nil || n < 0 {
			return fieldbook.Errorf(fieldbook.CodeInvalid, "wait must be a whole number of seconds from 0 to %d", maxChangesWait)
		}
		wait = min(n, maxChangesWait)
	}
	wctx, cancel := context.WithTimeout(ctx(c), time.Duration(wait)*time.Second)
	defer cancel()
	defer context.AfterFunc(s.stopping, cancel)()

	changed, err := s.store().Replication.WaitForChanges(wctx, user(c).ID, c.Query("cursor"))
	if err != nil {
		return fmt.Errorf("changes: %w", err)
	}
	if !changed && s.stopping.Err() != nil {
		c.Set(fiber.HeaderRetryAfter, "5")
		return fieldbook.Errorf(fieldbook.CodeUnavailable, "the server is stopping; try again in a moment")
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.JSON(changesAnswer{Changed: changed})
}
