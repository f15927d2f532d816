// Package client is the client side of the sync protocol in Go: a replica
// of what one user may see, an outbox of unsent changes with their seq, and
// the exchange loop of docs/protocol.md (duplicates, seq_gap, reset, retries). The
// PWA has its own TypeScript client; this one drives the server's
// convergence simulation and its kill -9 test (the load generator has a
// lean HTTP client of its own).
package client

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"time"

	"fieldbook"
	"fieldbook/sync/crdt"
)

// Request and Response are the wire forms of POST /api/sync.
type Request struct {
	Protocol int                `json:"protocol"`
	ClientID string             `json:"client_id"`
	Cursor   string             `json:"cursor"`
	Changes  []fieldbook.Change `json:"changes"`
	Limit    int                `json:"limit,omitempty"`
}

// Result is one change's outcome.
type Result struct {
	Seq     int64  `json:"seq"`
	Status  string `json:"status"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

// Response is a sync answer.
type Response struct {
	Results     []Result           `json:"results"`
	Records     []fieldbook.Record `json:"records"`
	Cursor      string             `json:"cursor"`
	More        bool               `json:"more"`
	Reset       bool               `json:"reset"`
	ResetReason string             `json:"reset_reason"`
	ServerTime  int64              `json:"server_time"`
}

// Transport sends one sync request. A *StatusError reports an answer
// other than 200; any other error means the answer was not received.
type Transport interface {
	Sync(ctx context.Context, req Request) (Response, error)
}

// StatusError is a non-200 answer.
type StatusError struct {
	Status  int
	Code    string
	Message string
	LastSeq int64
}

func (e *StatusError) Error() string {
	return fmt.Sprintf("sync answered %d %s: %s", e.Status, e.Code, e.Message)
}

// Key names a record.
type Key struct{ Collection, ID string }

// Rejection is a change the server refused, kept for the user to fix or
// discard.
type Rejection struct {
	Change        fieldbook.Change
	Code, Message string
}

// Replica is one installation's copy. It is not safe for concurrent use.
type Replica struct {
	ClientID string
	// Limit is the most records a pull page may carry (500 when 0).
	Limit int
	// Protocol is the version spoken (1 when 0). From 2 on the answers
	// leave out what the request itself sent, and the replica takes each
	// change the server applied into its copy itself.
	Protocol int
	clock    *crdt.Clock
	server   map[Key]crdt.Fields // the server's records as last pulled
	outbox   []fieldbook.Change  // unsent changes, in seq order
	nextSeq  int64
	cursor   string
	Rejected []Rejection
}

// New returns an empty replica for client id using wall clock now.
func New(clientID string, now func() time.Time) *Replica {
	return &Replica{ClientID: clientID, clock: crdt.NewClock(clientID, now), server: map[Key]crdt.Fields{}, nextSeq: 1}
}

// Write records a local change of some fields of a record.
func (r *Replica) Write(collection, id string, fields map[string]any) error {
	c := fieldbook.Change{Seq: r.nextSeq, Collection: collection, ID: id, HLC: string(r.clock.Now()), Fields: map[string]json.RawMessage{}}
	for k, v := range fields {
		b, err := json.Marshal(v)
		if err != nil {
			return fmt.Errorf("write %s.%s: %w", collection, k, err)
		}
		c.Fields[k] = b
	}
	r.nextSeq++
	r.outbox = append(r.outbox, c)
	return nil
}

// Pending is the number of unsent changes.
func (r *Replica) Pending() int { return len(r.outbox) }

// View returns every record as this device shows it: the server's copy
// with the unsent changes laid over it.
func (r *Replica) View() map[Key]crdt.Fields {
	out := make(map[Key]crdt.Fields, len(r.server))
	for k, f := range r.server {
		out[k] = maps.Clone(f)
	}
	for _, c := range r.outbox {
		k := Key{c.Collection, c.ID}
		f := out[k]
		if f == nil {
			f = crdt.Fields{}
			out[k] = f
		}
		for name, v := range c.Fields {
			f.Set(name, crdt.Field{Value: compact(v), Stamp: crdt.Stamp(c.HLC)})
		}
	}
	return out
}

// ServerCopy returns the records as last pulled.
func (r *Replica) ServerCopy() map[Key]crdt.Fields { return r.server }

// MaxChanges is the most changes one request carries.
const MaxChanges = 500

// Sync runs exchanges until the outbox is sent and the pull has no more.
// On an error the replica keeps everything unsent and may Sync again.
func (r *Replica) Sync(ctx context.Context, t Transport) error {
	for range 1000 {
		batch := r.outbox[:min(len(r.outbox), MaxChanges)]
		resp, err := t.Sync(ctx, Request{Protocol: cmp.Or(r.Protocol, 1), ClientID: r.ClientID, Cursor: r.cursor, Changes: slices.Clone(batch), Limit: cmp.Or(r.Limit, 500)})
		var se *StatusError
		if errors.As(err, &se) && se.Code == fieldbook.CodeSeqGap {
			r.resendFrom(se.LastSeq)
			continue
		}
		if err != nil {
			return err
		}
		r.apply(batch, resp)
		if !resp.More && len(r.outbox) == 0 {
			return nil
		}
	}
	return errors.New("sync did not settle in 1000 exchanges")
}

// resendFrom handles seq_gap: the server has processed changes up to
// last, below the first this replica holds (it was restored from a
// backup). The unsent changes are renumbered from last+1 and sent again.
func (r *Replica) resendFrom(last int64) {
	for i := range r.outbox {
		r.outbox[i].Seq = last + 1 + int64(i)
	}
	r.nextSeq = last + 1 + int64(len(r.outbox))
}

// apply takes an answer: results settle the changes sent, records (or a
// reset) update the server copy, the clock advances past every stamp.
func (r *Replica) apply(sent []fieldbook.Change, resp Response) {
	done := map[int64]Result{}
	for _, res := range resp.Results {
		done[res.Seq] = res
	}
	kept := r.outbox[:0]
	var taken []fieldbook.Change // applied, for the server copy
	for _, c := range r.outbox {
		res, ok := done[c.Seq]
		switch {
		case !ok:
			kept = append(kept, c)
		case res.Status == "rejected":
			r.Rejected = append(r.Rejected, Rejection{Change: c, Code: res.Code, Message: res.Message})
		default:
			taken = append(taken, c)
		}
	}
	r.outbox = kept
	if resp.Reset {
		r.server = map[Key]crdt.Fields{}
	}
	if r.Protocol >= 2 {
		// What the server kept of these is not in the answer: it merges in
		// as the server merged it.
		for _, c := range taken {
			k := Key{c.Collection, c.ID}
			f := crdt.Fields{}
			for name, v := range c.Fields {
				f[name] = crdt.Field{Value: compact(v), Stamp: crdt.Stamp(c.HLC)}
			}
			r.server[k] = crdt.Merge(r.server[k], f)
		}
	}
	for _, rec := range resp.Records {
		f := crdt.Fields{}
		for name, v := range rec.Fields {
			s := crdt.Stamp(rec.Stamps[name])
			f[name] = crdt.Field{Value: compact(v), Stamp: s}
			r.clock.Observe(s)
		}
		k := Key{rec.Collection, rec.ID}
		r.server[k] = crdt.Merge(r.server[k], f)
	}
	r.cursor = resp.Cursor
}

// compact is the canonical form of a JSON value, as the server stores it.
func compact(v json.RawMessage) []byte {
	b, err := json.Marshal(v) // compacts a RawMessage
	if err != nil {
		return v
	}
	return b
}
