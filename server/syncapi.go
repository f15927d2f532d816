package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"fieldbook"
	"fieldbook/sync/crdt"
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

// syncResponse is the answer of docs/protocol.md, written by appendJSON.
type syncResponse struct {
	fieldbook.SyncAnswer
	ServerTime int64
}

// sync is POST /api/sync (docs/protocol.md): the handler decodes the request and
// writes the answer; the replication runs the request's checks, the push
// and the pull. The rate limit is the server's and comes first: a refused
// request writes nothing.
func (s *Server) sync(c *fiber.Ctx) error {
	u := user(c)
	req, err := decodeSyncRequest(c.Body())
	if err != nil {
		return err
	}
	if !s.syncs.allow(u.ID) {
		return fieldbook.Errorf(fieldbook.CodeRateLimited, "too many sync requests; slow down")
	}
	if len(req.Changes) > 0 || len(req.raw) > 0 {
		// A push waits for room, whole: the phone keeps its outbox and
		// pulls without it meanwhile.
		if err := s.noRoom(c); err != nil {
			return err
		}
	}
	ans, err := s.store().Replication.Sync(ctx(c), u.ID, req.decodeChanges())
	if err != nil {
		return err
	}
	s.metrics.countResults(ans.Results)
	resp := syncResponse{ans, s.now().UnixMilli()}
	body, err := resp.appendJSON(make([]byte, 0, 512+len(ans.Records)*768))
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
	b = strconv.AppendBool(b, r.ResetReason != "")
	if r.ResetReason != "" {
		b = append(b, `,"reset_reason":"`...)
		b = append(b, r.ResetReason...)
		b = append(b, '"')
	}
	if r.Phase != "" {
		b = append(b, `,"phase":"`...)
		b = append(b, r.Phase...)
		b = append(b, '"')
	}
	b = append(b, `,"server_time":`...)
	b = strconv.AppendInt(b, r.ServerTime, 10)
	return append(b, '}'), nil
}

// decodeSyncRequest reads the request in one pass, by scanSyncRequest
// when it is of the usual form, else by encoding/json. Anything wrong with
// the envelope is a malformed request (400); a change of the wrong shape
// is read again on its own, to be rejected alone.
func decodeSyncRequest(body []byte) (syncRequest, error) {
	// The changes' values are kept as slices of the body, which must
	// outlive the handler (fasthttp reuses its buffer, and a push the
	// client gave up on may still be written): one copy of it.
	req, ok := scanSyncRequest(bytes.Clone(body))
	if !ok {
		var err error
		if req, err = decodeSyncRequestJSON(body); err != nil {
			return req, err
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

// decodeSyncRequestJSON reads any request with encoding/json.
func decodeSyncRequestJSON(body []byte) (syncRequest, error) {
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
	// compact is set by scanSyncRequest for values it checked to be valid
	// and without white space.
	compact bool
}

// decodeChanges reads each change of the request. A change of the wrong
// shape is sent on with its fault, to be rejected alone; one without a
// usable seq is sent with seq 0, which the replication's checks find
// malformed, as they check every other rule of the request.
func (r *syncRequest) decodeChanges() fieldbook.SyncRequest {
	out := fieldbook.SyncRequest{Protocol: r.Protocol, ClientID: r.ClientID, Cursor: r.Cursor, Limit: r.Limit,
		Changes: make([]fieldbook.SentChange, r.count())}
	for i := range out.Changes {
		var w wireChange
		var shapeErr error
		size := 0
		if r.raw == nil {
			w = r.Changes[i]
			size = w.size()
		} else {
			raw := r.raw[i]
			size = len(raw)
			if shapeErr = json.Unmarshal(raw, &w); shapeErr != nil {
				// Find the seq alone, to reject just this change.
				var head struct {
					Seq json.Number `json:"seq"`
				}
				json.Unmarshal(raw, &head) // no seq: seq 0 below
				w = wireChange{Seq: head.Seq}
			}
		}
		seq, err := w.Seq.Int64()
		if err != nil {
			seq = 0
		}
		sc := fieldbook.SentChange{Change: fieldbook.Change{Seq: seq, Collection: w.Collection, ID: w.ID, HLC: w.HLC, Fields: w.Fields}, Size: size, Compact: w.compact}
		if shapeErr != nil {
			sc.Fault = fieldbook.Errorf(fieldbook.CodeInvalid, "the change is not of the form {seq, collection, id, hlc, fields}: %v", shapeErr)
		}
		out.Changes[i] = sc
	}
	return out
}

// size is the length of the change as compact JSON, however the client
// spaced it: the limit is on the change, not on its layout.
func (w *wireChange) size() int {
	n := len(`{"seq":,"collection":"","id":"","hlc":"","fields":{}}`) + len(w.Seq) + len(w.Collection) + len(w.ID) + len(w.HLC)
	for k, v := range w.Fields {
		n += len(k) + 3 + compactLen(v) // "k":v
	}
	if len(w.Fields) > 1 {
		n += len(w.Fields) - 1 // the commas between them
	}
	return n
}

// compactLen is the length of the JSON value v without insignificant
// white space (v is valid JSON, as the decoder gave it).
func compactLen(v []byte) int {
	n, inString := 0, false
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case inString:
			n++
			if c == '\\' && i+1 < len(v) {
				i++
				n++
			} else if c == '"' {
				inString = false
			}
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
		default:
			n++
			inString = c == '"'
		}
	}
	return n
}
