package demo

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"fieldbook"
	"fieldbook/sync/crdt"
	"fieldbook/sync/protocol"
)

// maxPush is the most changes one sync carries (docs/protocol.md).
const maxPush = protocol.MaxChanges

// device is a demo user's phone: its client id, HLC clock, next seq, the
// changes it has made but not yet sent, its cursor and the version of each
// record it has pulled.
type device struct {
	user     fieldbook.User
	client   string
	clock    *crdt.Clock
	seq      int64
	pending  []fieldbook.SentChange
	cursor   string
	versions map[string]crdt.Stamp // by collection/id
}

// newDevice returns the demo device of u, "demo-<username>", whose clock
// reads the demo's now.
func newDevice(u fieldbook.User, now time.Time) *device {
	client := "demo-" + u.Username
	return &device{user: u, client: client, clock: crdt.NewClock(client, func() time.Time { return now }),
		versions: map[string]crdt.Stamp{}}
}

// change stamps a change of fields (Go values, each marshalled to JSON) and
// queues it. It fails when the change does not pass the checks the server
// makes before the store (protocol.Prepare), so a bad demo never reaches it.
func (d *device) change(collection, id string, fields map[string]any) error {
	d.seq++
	c := fieldbook.Change{Seq: d.seq, Collection: collection, ID: id, HLC: string(d.clock.Now()),
		Fields: make(map[string]json.RawMessage, len(fields))}
	for k, v := range fields {
		b, err := json.Marshal(v)
		if err != nil {
			return fmt.Errorf("demo: %s/%s field %s: %w", collection, id, k, err)
		}
		c.Fields[k] = b
	}
	size, err := json.Marshal(c)
	if err != nil {
		return fmt.Errorf("demo: %s/%s: %w", collection, id, err)
	}
	in := protocol.Prepare(c, len(size), time.Now())
	if in.Fault != nil {
		return fmt.Errorf("demo: %s's change to %s/%s fails the server's precheck: %w", d.user.Username, collection, id, in.Fault)
	}
	d.pending = append(d.pending, fieldbook.SentChange{Change: in.Change, Size: len(size)})
	return nil
}

// version is the version of a record as the device last pulled it.
func (d *device) version(collection, id string) (crdt.Stamp, bool) {
	v, ok := d.versions[collection+"/"+id]
	return v, ok
}

// sync sends the queued changes, at most maxPush a request, as the app
// does, and pulls until it has everything the user may see, advancing its
// clock past each record pulled so that its next change wins over what it
// saw. It fails unless every change is applied.
func (d *device) sync(ctx context.Context, st fieldbook.Replication) error {
	for {
		n := min(len(d.pending), maxPush)
		batch := d.pending[:n]
		ans, err := st.Sync(ctx, d.user.ID, fieldbook.SyncRequest{ClientID: d.client, Cursor: d.cursor, Changes: batch})
		if err != nil {
			return fmt.Errorf("demo: sync %d changes of %s: %w", n, d.user.Username, err)
		}
		if len(ans.Results) != n {
			return fmt.Errorf("demo: sync of %s answered %d results for %d changes", d.user.Username, len(ans.Results), n)
		}
		for i, r := range ans.Results {
			if r.Status != fieldbook.StatusApplied {
				c := batch[i].Change
				return fmt.Errorf("demo: %s's change %d to %s/%s came back %s %s: %s",
					d.user.Username, c.Seq, c.Collection, c.ID, r.Status, r.Code, r.Message)
			}
		}
		if ans.ResetReason != "" {
			return fmt.Errorf("demo: the pull of %s was reset (%s)", d.user.Username, ans.ResetReason)
		}
		for _, rec := range ans.Records {
			var stamps map[string]crdt.Stamp
			if err := json.Unmarshal(rec.Stamps, &stamps); err != nil {
				return fmt.Errorf("demo: %s/%s pulled with stamps %s: %w", rec.Collection, rec.ID, rec.Stamps, err)
			}
			var v crdt.Stamp
			for _, s := range stamps {
				v = max(v, s)
			}
			d.versions[rec.Collection+"/"+rec.ID] = v
			d.clock.Observe(v)
		}
		d.pending, d.cursor = d.pending[n:], ans.Cursor
		if len(d.pending) == 0 && !ans.More {
			return nil
		}
	}
}
