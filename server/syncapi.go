package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"fieldbook"
	"fieldbook/sync/crdt"
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
	Protocol *int         `json:"protocol"`
	ClientID string       `json:"client_id"`
	Cursor   string       `json:"cursor"`
	Changes  []wireChange `json:"changes"`
	Limit    *int         `json:"limit"`
	// raw holds the changes undecoded when one of them is not of the
	// form of a change, so that only that one is rejected.
	raw []json.RawMessage
}

// syncResponse is the answer of SYNC.md, written by appendJSON.
type syncResponse struct {
	Results     []store.Result
	Records     []store.RawRecord
	Cursor      string
	More        bool
	Reset       bool
	ResetReason string
	ServerTime  int64
}

// sync is POST /api/sync: push the client's changes, then pull what the
// user may see that changed after the cursor (SYNC.md).
func (s *Server) sync(c *fiber.Ctx) error {
	u := user(c)
	req, err := decodeSyncRequest(c.Body())
	if err != nil {
		return err
	}
	// The client's owner is checked before anything else, and nothing is
	// written until the checks that may refuse the request have passed.
	bound, err := s.store().ClientFree(ctx(c), u.ID, req.ClientID)
	if err != nil {
		return err
	}
	if req.Protocol != nil && *req.Protocol != 1 {
		return fieldbook.Errorf(fieldbook.CodeUpgradeRequired, "this server speaks sync protocol 1; update the app once its unsent changes are safe")
	}
	if !s.syncs.allow(u.ID) {
		return fieldbook.Errorf(fieldbook.CodeRateLimited, "too many sync requests; slow down")
	}
	if req.count() > maxChanges {
		return fieldbook.Errorf(fieldbook.CodeTooLarge, "a request may carry at most %d changes; it has %d", maxChanges, req.count())
	}
	limit := defaultLimit
	if req.Limit != nil {
		if *req.Limit < 1 {
			return fieldbook.Errorf(fieldbook.CodeMalformed, "limit must be at least 1")
		}
		limit = min(*req.Limit, maxLimit)
	}
	incoming, err := decodeChanges(&req, s.now())
	if err != nil {
		return err
	}
	resp := syncResponse{Results: []store.Result{}}
	if len(incoming) > 0 {
		// Push binds a new client_id to its user in the same commit.
		resp.Results, err = s.store().Push(ctx(c), u.ID, req.ClientID, incoming)
		if err != nil {
			return err
		}
		s.metrics.countResults(resp.Results)
	} else if !bound {
		// A pull binds a new client_id too.
		if err := s.store().CheckClient(ctx(c), u.ID, req.ClientID); err != nil {
			return err
		}
	}
	page, err := s.store().Pull(ctx(c), u.ID, req.Cursor, limit)
	if err != nil {
		return err
	}
	resp.Records, resp.Cursor, resp.More, resp.Reset, resp.ResetReason = page.Records, page.Cursor, page.More, page.Reset, page.ResetReason
	resp.ServerTime = s.now().UnixMilli()
	body, err := resp.appendJSON(make([]byte, 0, 512+len(page.Records)*768))
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	c.Set(fiber.HeaderContentType, fiber.MIMEApplicationJSONCharsetUTF8)
	return c.Send(body)
}

// appendJSON writes the answer by hand: the records' stored JSON is copied
// as it is, where encoding/json would scan and compact every byte again.
func (r *syncResponse) appendJSON(b []byte) ([]byte, error) {
	results, err := json.Marshal(r.Results)
	if err != nil {
		return nil, fmt.Errorf("encode results: %w", err)
	}
	b = append(b, `{"results":`...)
	b = append(b, results...)
	b = append(b, `,"records":[`...)
	for i, rec := range r.Records {
		if i > 0 {
			b = append(b, ',')
		}
		b = rec.AppendJSON(b)
	}
	b = append(b, `],"cursor":"`...)
	b = append(b, r.Cursor...) // base64url: nothing to escape
	b = append(b, `","more":`...)
	b = strconv.AppendBool(b, r.More)
	b = append(b, `,"reset":`...)
	b = strconv.AppendBool(b, r.Reset)
	if r.ResetReason != "" {
		b = append(b, `,"reset_reason":"`...)
		b = append(b, r.ResetReason...)
		b = append(b, '"')
	}
	b = append(b, `,"server_time":`...)
	b = strconv.AppendInt(b, r.ServerTime, 10)
	return append(b, '}'), nil
}

// decodeSyncRequest reads the request in one pass. Anything wrong with
// the envelope is a malformed request (400); a change of the wrong shape
// is read again on its own, to be rejected alone.
func decodeSyncRequest(body []byte) (syncRequest, error) {
	var req syncRequest
	if err := decodeOne(body, &req); err != nil {
		var loose struct {
			Protocol *int              `json:"protocol"`
			ClientID string            `json:"client_id"`
			Cursor   string            `json:"cursor"`
			Changes  []json.RawMessage `json:"changes"`
			Limit    *int              `json:"limit"`
		}
		if err := decodeOne(body, &loose); err != nil {
			return req, fieldbook.Errorf(fieldbook.CodeMalformed, "the body is not a sync request: %v", err)
		}
		req = syncRequest{Protocol: loose.Protocol, ClientID: loose.ClientID, Cursor: loose.Cursor, Limit: loose.Limit, raw: loose.Changes}
		if req.raw == nil {
			req.raw = []json.RawMessage{}
		}
	}
	if err := crdt.CheckNode(req.ClientID); err != nil {
		return req, fieldbook.Errorf(fieldbook.CodeMalformed, "client_id: %v", err)
	}
	if len(req.Cursor) > 512 {
		return req, fieldbook.Errorf(fieldbook.CodeMalformed, "cursor is too long to be one of this server's")
	}
	return req, nil
}

// count is the number of changes the request carries.
func (r *syncRequest) count() int {
	if r.raw != nil {
		return len(r.raw)
	}
	return len(r.Changes)
}

// decodeOne decodes exactly one JSON value.
func decodeOne(body []byte, into any) error {
	d := json.NewDecoder(bytes.NewReader(body))
	if err := d.Decode(into); err != nil {
		return err
	}
	if d.More() {
		return errors.New("the body holds more than one JSON value")
	}
	return nil
}

// wireChange is a change as sent, with seq kept as text so that a bad one
// is told apart from a missing one.
type wireChange struct {
	Seq        json.Number                `json:"seq"`
	Collection string                     `json:"collection"`
	ID         string                     `json:"id"`
	HLC        string                     `json:"hlc"`
	Fields     map[string]json.RawMessage `json:"fields"`
}

// decodeChanges checks each change's seq and makes the checks that need no
// store. A change without a usable seq makes the request malformed, as do
// seqs that do not rise (the store checks that they rise by one from the
// first it has not processed); any other fault of a change is that
// change's rejection.
func decodeChanges(req *syncRequest, now time.Time) ([]store.Incoming, error) {
	out := make([]store.Incoming, req.count())
	for i := range out {
		var w wireChange
		var shapeErr error
		size := 0
		if req.raw == nil {
			w = req.Changes[i]
			size = w.size()
		} else {
			r := req.raw[i]
			size = len(r)
			if shapeErr = json.Unmarshal(r, &w); shapeErr != nil {
				// Find the seq alone, to reject just this change.
				var head struct {
					Seq json.Number `json:"seq"`
				}
				if err := json.Unmarshal(r, &head); err != nil {
					return nil, fieldbook.Errorf(fieldbook.CodeMalformed, "change %d is not a JSON object with a seq", i+1)
				}
				w = wireChange{Seq: head.Seq}
			}
		}
		seq, err := w.Seq.Int64()
		if err != nil || seq < 1 {
			return nil, fieldbook.Errorf(fieldbook.CodeMalformed, "change %d: seq must be a whole number from 1", i+1)
		}
		if i > 0 && seq <= out[i-1].Change.Seq {
			return nil, fieldbook.Errorf(fieldbook.CodeMalformed, "change %d: seq %d does not follow %d; a request's seqs rise", i+1, seq, out[i-1].Change.Seq)
		}
		c := fieldbook.Change{Seq: seq, Collection: w.Collection, ID: w.ID, HLC: w.HLC, Fields: w.Fields}
		if shapeErr != nil {
			out[i] = store.Incoming{Change: c, Pre: fieldbook.Errorf(fieldbook.CodeInvalid, "the change is not of the form {seq, collection, id, hlc, fields}: %v", shapeErr)}
			continue
		}
		out[i] = store.Check(c, size, now)
	}
	return out, nil
}

// size is the length of the change as compact JSON.
func (w *wireChange) size() int {
	n := len(`{"seq":,"collection":"","id":"","hlc":"","fields":{}}`) + len(w.Seq) + len(w.Collection) + len(w.ID) + len(w.HLC)
	for k, v := range w.Fields {
		n += len(k) + 4 + len(v) // "k":v,
	}
	return n
}
