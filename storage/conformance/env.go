// The suite's test bench: a behaviour's place and open engine, its clock,
// the people it starts with, and devices that sync as the app does.

package conformance

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"fieldbook"
	"fieldbook/sync/crdt"
	"fieldbook/sync/rules"
)

// patience bounds every wait for a condition: a guard against a hang on a
// loaded machine, never a measure of speed.
const patience = 20 * time.Second

// env is one behaviour's bench: its place, the engine open on it (nil while
// closed) and the clock every engine and device of the behaviour reads.
type env struct {
	t       *testing.T
	h       Harness
	ctx     context.Context
	clock   *clock
	place   string
	eng     Engine
	devices int
}

func newEnv(t *testing.T, h Harness) *env {
	e := &env{t: t, h: h, ctx: t.Context(), clock: &clock{}}
	e.place = h.NewPlace(t)
	e.open()
	t.Cleanup(func() {
		if e.eng != nil {
			if err := e.eng.Close(); err != nil {
				t.Errorf("close the engine: %v", err)
			}
		}
	})
	return e
}

// open opens the engine on the behaviour's place.
func (e *env) open() {
	e.t.Helper()
	e.eng = e.openAt(e.place)
}

// openAt opens an engine on place with the behaviour's clock. The caller
// closes it (env.close does for the behaviour's own).
func (e *env) openAt(place string) Engine {
	e.t.Helper()
	eng, err := e.h.Open(e.t, place, e.clock.now)
	if err != nil {
		e.t.Fatalf("open the engine at %s: %v", place, err)
	}
	if eng == nil {
		e.t.Fatalf("open the engine at %s: no engine and no error", place)
	}
	return eng
}

// other opens a second engine on a new place, closed when the test ends:
// another server.
func (e *env) other() Engine {
	e.t.Helper()
	eng := e.openAt(e.h.NewPlace(e.t))
	e.t.Cleanup(func() {
		if err := eng.Close(); err != nil {
			e.t.Errorf("close the other engine: %v", err)
		}
	})
	return eng
}

// close closes the behaviour's engine, as a server that stops does.
func (e *env) close() {
	e.t.Helper()
	err := e.eng.Close()
	e.eng = nil
	if err != nil {
		e.t.Fatalf("close the engine: %v", err)
	}
}

// reopen closes the engine and opens it again on the same place: a restart.
func (e *env) reopen() {
	e.t.Helper()
	e.close()
	e.open()
}

// waitUntil polls cond until it holds, failing the test after patience.
func (e *env) waitUntil(what string, cond func() bool) {
	e.t.Helper()
	deadline := time.Now().Add(patience)
	for !cond() {
		if time.Now().After(deadline) {
			e.t.Fatalf("still waiting, after %v, for %s", patience, what)
		}
		time.Sleep(time.Millisecond)
	}
}

// within returns the next value of ch, failing the test if none comes
// within patience.
func within[T any](t testing.TB, ch <-chan T, what string) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(patience):
		t.Fatalf("still waiting, after %v, for %s", patience, what)
		var zero T
		return zero
	}
}

// clock is the wall clock of a behaviour's engines and devices: the real
// time, moved forward by what the behaviour advanced it, never back.
type clock struct{ ahead atomic.Int64 }

func (c *clock) now() time.Time          { return time.Now().Add(time.Duration(c.ahead.Load())) }
func (c *clock) advance(d time.Duration) { c.ahead.Add(int64(d)) }

// world is the people most behaviours start with: team with agents agent
// and agent2 and supervisor sup; team2 with agent other and supervisor
// otherSup; and an admin.
type world struct {
	team, team2        fieldbook.Team
	agent, agent2, sup fieldbook.User
	other, otherSup    fieldbook.User
	admin              fieldbook.User
}

func (e *env) world() *world {
	e.t.Helper()
	w := &world{team: e.team("一队"), team2: e.team("二队")}
	w.agent = e.user("agent", fieldbook.RoleAgent, w.team.ID)
	w.agent2 = e.user("agent2", fieldbook.RoleAgent, w.team.ID)
	w.sup = e.user("sup", fieldbook.RoleSupervisor, w.team.ID)
	w.other = e.user("other", fieldbook.RoleAgent, w.team2.ID)
	w.otherSup = e.user("othersup", fieldbook.RoleSupervisor, w.team2.ID)
	w.admin = e.user("admin", fieldbook.RoleAdmin, "")
	return w
}

func (e *env) team(name string) fieldbook.Team {
	e.t.Helper()
	t, err := e.eng.CreateTeam(e.ctx, name, "")
	if err != nil {
		e.t.Fatalf("create team %s: %v", name, err)
	}
	return t
}

func (e *env) user(username string, role fieldbook.Role, team string) fieldbook.User {
	e.t.Helper()
	u, err := e.eng.CreateUser(e.ctx, fieldbook.User{Username: username, Name: username, Role: role, TeamID: team, PasswordHash: "x"})
	if err != nil {
		e.t.Fatalf("create user %s: %v", username, err)
	}
	return u
}

// update changes a user, failing the test on an error.
func (e *env) update(u fieldbook.User, p fieldbook.UserPatch) fieldbook.User {
	e.t.Helper()
	out, err := e.eng.UpdateUser(e.ctx, u.ID, p)
	if err != nil {
		e.t.Fatalf("update user %s: %v", u.Username, err)
	}
	return out
}

// device is one installation of the app: a client_id of one user, its HLC
// clock and last seq, its cursor and its copy of what it pulled. One
// goroutine uses a device at a time.
type device struct {
	e *env
	// on is the engine the device syncs with; nil for the behaviour's.
	on     Engine
	id     string
	user   fieldbook.User
	clock  *crdt.Clock
	seq    int64
	cursor string
	// limit is the most records a page may carry; small, so that pulls
	// page.
	limit   int
	replica map[string]record
	// protocol is the version the device speaks (1 when 0). From 2 on,
	// the answers leave out what its request sent, so it takes each
	// change the server applied into its copy, and merges the records
	// into it field by field.
	protocol int
}

// record is a pulled record: its fields and their stamps.
type record struct {
	fields map[string]json.RawMessage
	stamps map[string]crdt.Stamp
}

// device makes a new device of u with a client_id of its own.
func (e *env) device(u fieldbook.User) *device {
	e.devices++
	id := fmt.Sprintf("dev%d-%s", e.devices, u.Username)
	return &device{e: e, id: id, user: u, clock: crdt.NewClock(id, e.clock.now), limit: 7, replica: map[string]record{}}
}

// deviceOn makes a device of u that syncs with another engine.
func (e *env) deviceOn(eng Engine, u fieldbook.User) *device {
	d := e.device(u)
	d.on = eng
	return d
}

func (d *device) engine() Engine {
	if d.on != nil {
		return d.on
	}
	return d.e.eng
}

// change makes the device's next change of fields, given as Go values.
func (d *device) change(collection, id string, fields map[string]any) fieldbook.SentChange {
	d.seq++
	return d.changeStamped(d.seq, d.clock.Now(), collection, id, fields)
}

// changeStamped makes a change with the given seq and stamp, as the app
// sends it: its size is its length as JSON.
func (d *device) changeStamped(seq int64, hlc crdt.Stamp, collection, id string, fields map[string]any) fieldbook.SentChange {
	c := fieldbook.Change{Seq: seq, Collection: collection, ID: id, HLC: string(hlc), Fields: make(map[string]json.RawMessage, len(fields))}
	for k, v := range fields {
		b, err := json.Marshal(v)
		if err != nil {
			d.e.t.Errorf("encode field %s: %v", k, err)
		}
		c.Fields[k] = b
	}
	b, err := json.Marshal(c)
	if err != nil {
		d.e.t.Errorf("encode change: %v", err)
	}
	return fieldbook.SentChange{Change: c, Size: len(b)}
}

// send runs one sync request of the device: its changes and a pull of one
// page from its cursor. An answer is taken in as the app takes it: a reset
// drops the copy, the page's records replace what the copy held, the
// cursor moves on and the clock moves past every stamp seen. It may be
// called from any goroutine.
func (d *device) send(changes ...fieldbook.SentChange) (fieldbook.SyncAnswer, error) {
	protocol, limit := max(d.protocol, 1), d.limit
	ans, err := d.engine().Sync(d.e.ctx, d.user.ID, fieldbook.SyncRequest{Protocol: &protocol, ClientID: d.id, Cursor: d.cursor, Limit: &limit, Changes: changes})
	if err != nil {
		return ans, err
	}
	if len(ans.Results) != len(changes) {
		return ans, fmt.Errorf("%d results for %d changes", len(ans.Results), len(changes))
	}
	for i, r := range ans.Results {
		if r.Seq != changes[i].Change.Seq {
			return ans, fmt.Errorf("result %d is of seq %d, the change's is %d", i+1, r.Seq, changes[i].Change.Seq)
		}
	}
	if len(ans.Records) > d.limit {
		return ans, fmt.Errorf("a page of %d records, over the limit of %d", len(ans.Records), d.limit)
	}
	if ans.Cursor == "" {
		return ans, errors.New("an answer without a cursor")
	}
	if ans.ResetReason != "" {
		d.replica = map[string]record{}
	}
	if protocol >= 2 {
		for i, r := range ans.Results {
			if c := changes[i].Change; r.Status != fieldbook.StatusRejected {
				d.merge(c.Collection+"/"+c.ID, record{fields: c.Fields, stamps: stampsOf(c.Fields, crdt.Stamp(c.HLC))})
			}
		}
	}
	for _, r := range ans.Records {
		rec, err := decodeRecord(r)
		if err != nil {
			return ans, err
		}
		if key := r.Collection + "/" + r.ID; protocol >= 2 {
			d.merge(key, rec)
		} else {
			d.replica[key] = rec
		}
		for _, s := range rec.stamps {
			d.clock.Observe(s)
		}
	}
	d.cursor = ans.Cursor
	return ans, nil
}

// merge takes rec into the copy of the record at key, field by field, the
// greater stamp winning.
func (d *device) merge(key string, rec record) {
	have, ok := d.replica[key]
	if !ok {
		have = record{fields: map[string]json.RawMessage{}, stamps: map[string]crdt.Stamp{}}
		d.replica[key] = have
	}
	for name, s := range rec.stamps {
		if s > have.stamps[name] {
			have.fields[name], have.stamps[name] = rec.fields[name], s
		}
	}
}

// stampsOf stamps every one of fields with s.
func stampsOf(fields map[string]json.RawMessage, s crdt.Stamp) map[string]crdt.Stamp {
	out := make(map[string]crdt.Stamp, len(fields))
	for name := range fields {
		out[name] = s
	}
	return out
}

func decodeRecord(r fieldbook.RawRecord) (record, error) {
	rec := record{}
	if err := json.Unmarshal(r.Fields, &rec.fields); err != nil {
		return rec, fmt.Errorf("the fields of %s/%s: %w", r.Collection, r.ID, err)
	}
	if err := json.Unmarshal(r.Stamps, &rec.stamps); err != nil {
		return rec, fmt.Errorf("the stamps of %s/%s: %w", r.Collection, r.ID, err)
	}
	return rec, nil
}

// sync is send that fails the test on an error; test goroutine only.
func (d *device) sync(changes ...fieldbook.SentChange) fieldbook.SyncAnswer {
	d.e.t.Helper()
	ans, err := d.send(changes...)
	if err != nil {
		d.e.t.Fatalf("sync of %s: %v", d.id, err)
	}
	return ans
}

// push syncs changes and returns their statuses ("applied",
// "rejected:invalid", …).
func (d *device) push(changes ...fieldbook.SentChange) []string {
	d.e.t.Helper()
	return statuses(d.sync(changes...).Results)
}

// apply syncs changes, each of which must apply.
func (d *device) apply(changes ...fieldbook.SentChange) {
	d.e.t.Helper()
	for i, s := range d.push(changes...) {
		if s != fieldbook.StatusApplied {
			d.e.t.Fatalf("%s: change %d of %d: %s", d.id, i+1, len(changes), s)
		}
	}
}

// pulled is what catchUp brought.
type pulled struct {
	// reset is the reason of the first reset on the way, "" for none.
	reset   string
	records []fieldbook.RawRecord
}

// catchUp pulls page after page until the device holds everything its
// user may see.
func (d *device) catchUp() pulled {
	d.e.t.Helper()
	var p pulled
	for range 100_000 {
		ans := d.sync()
		if p.reset == "" {
			p.reset = ans.ResetReason
		}
		p.records = append(p.records, ans.Records...)
		if !ans.More {
			return p
		}
	}
	d.e.t.Fatalf("%s: a pull that never ends", d.id)
	return p
}

// has reports whether the device's copy holds the record.
func (d *device) has(collection, id string) bool {
	_, ok := d.replica[collection+"/"+id]
	return ok
}

// get returns the device's copy of a record, failing the test when it has
// none.
func (d *device) get(collection, id string) record {
	d.e.t.Helper()
	r, ok := d.replica[collection+"/"+id]
	if !ok {
		d.e.t.Fatalf("%s (%s) holds no %s/%s", d.id, d.user.Username, collection, id)
	}
	return r
}

// count is how many records of collection the device's copy holds.
func (d *device) count(collection string) int {
	n := 0
	for k := range d.replica {
		if strings.HasPrefix(k, collection+"/") {
			n++
		}
	}
	return n
}

// str is a text field's value, "" when missing or not text.
func (r record) str(name string) string {
	var s string
	if json.Unmarshal(r.fields[name], &s) != nil {
		return ""
	}
	return s
}

// flag is a boolean field's value, false when missing.
func (r record) flag(name string) bool {
	var b bool
	return json.Unmarshal(r.fields[name], &b) == nil && b
}

// version is the record's version: the greatest of its stamps (docs/protocol.md).
func (r record) version() crdt.Stamp {
	var v crdt.Stamp
	for _, s := range r.stamps {
		v = max(v, s)
	}
	return v
}

func statuses(rs []fieldbook.Result) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.Status
		if r.Code != "" {
			out[i] += ":" + r.Code
		}
	}
	return out
}

func newID() string { return rules.NewID() }

func ptr[T any](v T) *T { return &v }
