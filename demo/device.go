package demo

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"fieldbook"
	"fieldbook/storage"
	"fieldbook/sync/crdt"
	"fieldbook/sync/protocol"
	"fieldbook/sync/rules"
)

// maxPush is the most changes one Push carries, as on the wire (SYNC.md).
const maxPush = 500

// device is a demo user's phone: its client id, HLC clock, next seq and
// the changes it has made but not yet pushed.
type device struct {
	user    fieldbook.User
	client  string
	clock   *crdt.Clock
	seq     int64
	pending []protocol.Prepared
}

// newDevice returns the demo device of u, "demo-<username>", whose clock
// reads the demo's now.
func newDevice(u fieldbook.User, now time.Time) *device {
	client := "demo-" + u.Username
	return &device{user: u, client: client, clock: crdt.NewClock(client, func() time.Time { return now })}
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
	d.pending = append(d.pending, in)
	return nil
}

// observe advances the clock past a record the user has seen, as a device
// does after a pull, so that its next change wins over what it saw.
func (d *device) observe(st rules.State) { d.clock.Observe(st.Fields.Version()) }

// flush pushes the queued changes in batches of at most maxPush and fails
// unless every one of them is applied.
func (d *device) flush(ctx context.Context, st *storage.Engine) error {
	for len(d.pending) > 0 {
		n := min(len(d.pending), maxPush)
		batch := d.pending[:n]
		res, err := st.Push(ctx, d.user.ID, d.client, batch)
		if err != nil {
			return fmt.Errorf("demo: push %d changes of %s: %w", n, d.user.Username, err)
		}
		if len(res) != n {
			return fmt.Errorf("demo: push of %s answered %d results for %d changes", d.user.Username, len(res), n)
		}
		for i, r := range res {
			if r.Status != fieldbook.StatusApplied {
				c := batch[i].Change
				return fmt.Errorf("demo: %s's change %d to %s/%s came back %s %s: %s",
					d.user.Username, c.Seq, c.Collection, c.ID, r.Status, r.Code, r.Message)
			}
		}
		d.pending = d.pending[n:]
	}
	d.pending = nil
	return nil
}
