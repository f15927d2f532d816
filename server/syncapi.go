package server

import (
	"bytes"
	"encoding/json"
	"time"

	"github.com/gofiber/fiber/v2"

	"fieldbook"
	"fieldbook/sync/crdt"
	"fieldbook/sync/rules"
	"fieldbook/sync/store"
)

// supportedProtocols are the sync protocol versions this server speaks.
var supportedProtocols = []int{1}

// Limits of SYNC.md.
const (
	maxChanges   = 500
	defaultLimit = 500
	maxLimit     = 1000
)

type syncRequest struct {
	Protocol *int              `json:"protocol"`
	ClientID string            `json:"client_id"`
	Cursor   string            `json:"cursor"`
	Changes  []json.RawMessage `json:"changes"`
	Limit    *int              `json:"limit"`
}

type syncResponse struct {
	Results     []store.Result    `json:"results"`
	Records     []store.RawRecord `json:"records"`
	Cursor      string            `json:"cursor"`
	More        bool              `json:"more"`
	Reset       bool              `json:"reset"`
	ResetReason string            `json:"reset_reason,omitempty"`
	ServerTime  int64             `json:"server_time"`
}

// sync is POST /api/sync: push the client's changes, then pull what the
// user may see that changed after the cursor (SYNC.md).
func (s *Server) sync(c *fiber.Ctx) error {
	u := user(c)
	req, err := decodeSyncRequest(c.Body())
	if err != nil {
		return err
	}
	// The client's owner is checked before anything else.
	if err := s.store().CheckClient(ctx(c), u.ID, req.ClientID); err != nil {
		return err
	}
	if req.Protocol != nil && *req.Protocol != 1 {
		return fieldbook.Errorf(fieldbook.CodeUpgradeRequired, "this server speaks sync protocol 1; update the app once its unsent changes are safe")
	}
	if !s.syncs.allow(u.ID) {
		return fieldbook.Errorf(fieldbook.CodeRateLimited, "too many sync requests; slow down")
	}
	if len(req.Changes) > maxChanges {
		return fieldbook.Errorf(fieldbook.CodeTooLarge, "a request may carry at most %d changes; it has %d", maxChanges, len(req.Changes))
	}
	limit := defaultLimit
	if req.Limit != nil {
		if *req.Limit < 1 {
			return fieldbook.Errorf(fieldbook.CodeMalformed, "limit must be at least 1")
		}
		limit = min(*req.Limit, maxLimit)
	}
	incoming, err := decodeChanges(req.Changes, s.now())
	if err != nil {
		return err
	}
	resp := syncResponse{Results: []store.Result{}}
	if len(incoming) > 0 {
		resp.Results, err = s.store().Push(ctx(c), u.ID, req.ClientID, incoming)
		if err != nil {
			return err
		}
		s.metrics.countResults(resp.Results)
	}
	page, err := s.store().Pull(ctx(c), u.ID, req.Cursor, limit)
	if err != nil {
		return err
	}
	resp.Records, resp.Cursor, resp.More, resp.Reset, resp.ResetReason = page.Records, page.Cursor, page.More, page.Reset, page.ResetReason
	if resp.Records == nil {
		resp.Records = []store.RawRecord{}
	}
	resp.ServerTime = s.now().UnixMilli()
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.JSON(resp)
}

// decodeSyncRequest reads the request's envelope. Anything wrong with the
// envelope is a malformed request (400).
func decodeSyncRequest(body []byte) (syncRequest, error) {
	var req syncRequest
	d := json.NewDecoder(bytes.NewReader(body))
	if err := d.Decode(&req); err != nil {
		return req, fieldbook.Errorf(fieldbook.CodeMalformed, "the body is not a sync request: %v", err)
	}
	if d.More() {
		return req, fieldbook.Errorf(fieldbook.CodeMalformed, "the body holds more than one JSON value")
	}
	if err := crdt.CheckNode(req.ClientID); err != nil {
		return req, fieldbook.Errorf(fieldbook.CodeMalformed, "client_id: %v", err)
	}
	if len(req.Cursor) > 512 {
		return req, fieldbook.Errorf(fieldbook.CodeMalformed, "cursor is too long to be one of this server's")
	}
	return req, nil
}

// decodeChanges reads each change. A change without a usable seq makes the
// request malformed, as do seqs that do not rise by one; any other fault of
// a change is that change's rejection, found by rules.Precheck.
func decodeChanges(raw []json.RawMessage, now time.Time) ([]store.Incoming, error) {
	out := make([]store.Incoming, len(raw))
	for i, r := range raw {
		var head struct {
			Seq json.Number `json:"seq"`
		}
		if err := json.Unmarshal(r, &head); err != nil {
			return nil, fieldbook.Errorf(fieldbook.CodeMalformed, "change %d is not a JSON object with a seq", i+1)
		}
		seq, err := head.Seq.Int64()
		if err != nil || seq < 1 {
			return nil, fieldbook.Errorf(fieldbook.CodeMalformed, "change %d: seq must be a whole number from 1", i+1)
		}
		if i > 0 && seq != out[i-1].Change.Seq+1 {
			return nil, fieldbook.Errorf(fieldbook.CodeMalformed, "change %d: seq %d does not follow %d; a request's seqs rise by one", i+1, seq, out[i-1].Change.Seq)
		}
		in := &out[i]
		if err := json.Unmarshal(r, &in.Change); err != nil {
			in.Change = fieldbook.Change{Seq: seq}
			in.Pre = fieldbook.Errorf(fieldbook.CodeInvalid, "the change is not of the form {seq, collection, id, hlc, fields}: %v", err)
			continue
		}
		in.Change.Seq = seq
		in.Pre = rules.Precheck(&in.Change, len(r), now)
	}
	return out, nil
}
