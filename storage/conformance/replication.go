// Behaviours of Replication.Sync: what a push applies and remembers, what a
// pull brings to whom, and when a cursor must start again (docs/protocol.md).

package conformance

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"fieldbook"
	"fieldbook/sync/crdt"
	"fieldbook/sync/rules"
)

// pushAndPullOwnRecords: an agent's changes apply and come back to them
// with the server-owned fields set and each field stamped by the change
// that wrote it; a change a request applied comes back in its own answer;
// a pull with nothing new brings nothing.
func pushAndPullOwnRecords(t *testing.T, e *env) {
	w := e.world()
	d := e.device(w.agent)
	id := newID()
	c1 := d.change(fieldbook.Prospects, id, map[string]any{"name": "李雷", "grade": "A", "trust_score": 8})
	c2 := d.change(fieldbook.Prospects, id, map[string]any{"stage": "contacted"})
	expect(t, "a create and an update", d.push(c1, c2), "applied", "applied")
	d.catchUp()
	p := d.get(fieldbook.Prospects, id)
	if p.str("name") != "李雷" || p.str("grade") != "A" || p.str("stage") != "contacted" || string(p.fields["trust_score"]) != "8" {
		t.Errorf("the pulled prospect holds %s", fieldsOf(p))
	}
	if p.str(fieldbook.FieldOwner) != w.agent.ID || p.str(fieldbook.FieldTeam) != w.team.ID {
		t.Errorf("the prospect's owner_id %q and team_id %q, want the agent's %q and %q", p.str(fieldbook.FieldOwner), p.str(fieldbook.FieldTeam), w.agent.ID, w.team.ID)
	}
	for _, f := range []string{fieldbook.FieldCreatedAt, fieldbook.FieldUpdatedAt} {
		if _, ok := p.fields[f]; !ok {
			t.Errorf("the prospect has no %s", f)
		}
	}
	if got, want := p.stamps["name"], crdt.Stamp(c1.Change.HLC); got != want {
		t.Errorf("the name's stamp is %s, want the first change's %s", got, want)
	}
	if got, want := p.stamps["stage"], crdt.Stamp(c2.Change.HLC); got != want {
		t.Errorf("the stage's stamp is %s, want the second change's %s", got, want)
	}

	if ans := d.sync(); len(ans.Records) != 0 || ans.More || ans.ResetReason != "" {
		t.Errorf("a pull with nothing new: %d records, more %v, reset %q", len(ans.Records), ans.More, ans.ResetReason)
	}
	ans := d.sync(d.change(fieldbook.Prospects, id, map[string]any{"notes": "想了解养老保险"}))
	if len(ans.Records) != 1 || ans.Records[0].ID != id {
		t.Fatalf("the answer to a push from a cursor that is up to date holds %d records, want the pushed one", len(ans.Records))
	}
	if got := d.get(fieldbook.Prospects, id).str("notes"); got != "想了解养老保险" {
		t.Errorf("the pushed change came back with notes %q", got)
	}
}

// answersHoldWhatAPullReads: the records in the answer to a push — which
// an engine may take from what it has just written rather than read them
// back — are, byte for byte, what a later pull reads: with a record the
// request writes twice, one it creates, and one another device wrote
// between the request's cursor and its push.
func answersHoldWhatAPullReads(t *testing.T, e *env) {
	w := e.world()
	d := e.device(w.agent)
	d.protocol = 1
	twice, once, theirs := newID(), newID(), newID()
	d.apply(d.change(fieldbook.Prospects, theirs, map[string]any{"name": "韩梅梅"}))
	other := e.device(w.agent)
	other.catchUp()
	other.apply(other.change(fieldbook.Prospects, theirs, map[string]any{"grade": "B"}))
	ans := d.sync(
		d.change(fieldbook.Prospects, twice, map[string]any{"name": "李雷", "grade": "A"}),
		d.change(fieldbook.Prospects, once, map[string]any{"name": "王芳"}),
		d.change(fieldbook.Prospects, twice, map[string]any{"stage": "contacted"}),
		d.change(fieldbook.Prospects, theirs, map[string]any{"grade": "C"}),
	)
	expect(t, "the push", statuses(ans.Results), "applied", "applied", "applied", "applied")
	fresh := e.device(w.agent)
	fresh.protocol, fresh.limit = 1, 1000
	pulled := map[string]fieldbook.RawRecord{}
	for _, r := range fresh.sync().Records {
		pulled[r.Collection+"/"+r.ID] = r
	}
	seen := 0
	for _, r := range ans.Records {
		key := r.Collection + "/" + r.ID
		want, ok := pulled[key]
		if !ok {
			t.Errorf("the answer holds %s, which a pull does not", key)
			continue
		}
		if string(r.Fields) != string(want.Fields) || string(r.Stamps) != string(want.Stamps) {
			t.Errorf("%s: the answer holds %s %s, a pull reads %s %s", key, r.Fields, r.Stamps, want.Fields, want.Stamps)
		}
		seen++
	}
	if seen != 3 {
		t.Errorf("the answer holds %d of the 3 records written since its cursor", seen)
	}
}

// answersOmitEchoes: in protocol 2 an answer leaves out of its records
// what the request's own changes wrote as sent — the value with the
// change's stamp — and keeps the rest: the server's fields, and a value
// another device wrote since the change was made. A device that takes its
// applied changes into its copy holds, field for field, what a device of
// protocol 1 pulls.
func answersOmitEchoes(t *testing.T, e *env) {
	w := e.world()
	d := e.device(w.agent)
	d.protocol = 2
	id := newID()
	only := func(ans fieldbook.SyncAnswer) record {
		t.Helper()
		for _, r := range ans.Records {
			if r.ID == id {
				rec, err := decodeRecord(r)
				if err != nil {
					t.Fatal(err)
				}
				return rec
			}
		}
		t.Fatalf("the answer holds no record %s", id)
		return record{}
	}
	ans := d.sync(d.change(fieldbook.Prospects, id, map[string]any{"name": "李雷", "grade": "A"}))
	expect(t, "a create", statuses(ans.Results), "applied")
	rec := only(ans)
	for _, f := range []string{"name", "grade"} {
		if _, ok := rec.fields[f]; ok {
			t.Errorf("the answer sends back the %s the request sent", f)
		}
	}
	for _, f := range []string{fieldbook.FieldOwner, fieldbook.FieldTeam, fieldbook.FieldCreatedAt, fieldbook.FieldUpdatedAt} {
		if _, ok := rec.fields[f]; !ok {
			t.Errorf("the answer leaves out the server's %s", f)
		}
	}

	late := d.change(fieldbook.Prospects, id, map[string]any{"grade": "C", "stage": "contacted"})
	e.clock.advance(time.Second)
	other := e.device(w.agent)
	other.apply(other.change(fieldbook.Prospects, id, map[string]any{"grade": "B"}))
	rec = only(d.sync(late))
	if got := rec.str("grade"); got != "B" {
		t.Errorf("the grade another device wrote later comes back as %q, want B", got)
	}
	if _, ok := rec.fields["stage"]; ok {
		t.Error("the answer sends back the stage the request sent")
	}

	d.catchUp()
	for _, fresh := range []*device{e.device(w.agent), e.device(w.agent)} {
		fresh.protocol = 1 + len(fresh.id)%2
		fresh.catchUp()
		if len(fresh.replica) != len(d.replica) {
			t.Errorf("a fresh device of protocol %d holds %d records, the device of protocol 2 %d", fresh.protocol, len(fresh.replica), len(d.replica))
		}
		for key, want := range fresh.replica {
			got := d.replica[key]
			if !maps.Equal(got.stamps, want.stamps) || !maps.EqualFunc(got.fields, want.fields, func(a, b json.RawMessage) bool { return string(a) == string(b) }) {
				t.Errorf("%s: the device of protocol 2 holds %s, a fresh one pulls %s", key, fieldsOf(got), fieldsOf(want))
			}
		}
	}
}

// pullNeverSkipsUnderConcurrentPushes: agents push creates and updates
// concurrently, now and then sending a batch again as a client that lost
// the answer does, while three devices (the supervisor's two and an
// admin's, with different page sizes) pull concurrently. Every pull that
// is caught up holds every change acknowledged before it began (the cursor
// never skips); the changes of each pushing device arrive in seq order and
// none twice (each brings a greater stamp than the last); a duplicate
// writes nothing; and at the end every device holds every record's final
// state.
func pullNeverSkipsUnderConcurrentPushes(t *testing.T, e *env) {
	w := e.world()
	const pushers, rounds = 6, 60
	var devs []*device
	for i := range pushers {
		devs = append(devs, e.device(e.user(fmt.Sprintf("pusher%d", i), fieldbook.RoleAgent, w.team.ID)))
	}
	pullers := []*device{e.device(w.sup), e.device(w.sup), e.device(w.admin)}
	pullers[0].limit, pullers[1].limit, pullers[2].limit = 3, 50, 11

	var acked ackLog
	final := make([]map[string]string, pushers) // record → last outcome, per pusher
	pushed := make(chan struct{})
	var pushing, pulling sync.WaitGroup
	for i, d := range devs {
		pushing.Go(func() { final[i] = pushRounds(t, d, i, rounds, &acked) })
	}
	go func() { pushing.Wait(); close(pushed) }()
	for _, p := range pullers {
		pulling.Go(func() { follow(t, p, &acked, pushed) })
	}
	pulling.Wait()
	<-pushed // a puller that failed returned early
	if t.Failed() {
		return
	}
	for _, p := range pullers {
		wrong := 0
		for _, mine := range final {
			for k, want := range mine {
				if got := p.replica[k].str(fieldbook.FieldOutcome); got != want {
					if wrong++; wrong == 1 {
						t.Errorf("%s (%s) holds %s named %q, want %q", p.id, p.user.Username, k, got, want)
					}
				}
			}
		}
		if wrong > 1 {
			t.Errorf("%s (%s) holds %d records in all not as last written", p.id, p.user.Username, wrong)
		}
	}
}

// pushRounds has device d (pusher i) make an activity each round and
// change an older one's outcome (a person's records reach no supervisor's
// pull: activities do); every fifth round it sends the last batch again before the
// new one. It returns each record's final outcome.
func pushRounds(t *testing.T, d *device, i, rounds int, acked *ackLog) map[string]string {
	mine := map[string]string{}
	var ids []string
	var last []fieldbook.SentChange
	for r := range rounds {
		id := newID()
		ids = append(ids, id)
		name := fmt.Sprintf("p%d-%d", i, r)
		batch := []fieldbook.SentChange{d.change(fieldbook.Activities, id, map[string]any{"kind": "call", "occurred_at": "2026-11-20T10:00:00+08:00", "outcome": name})}
		mine[fieldbook.Activities+"/"+id] = name
		if r > 0 {
			old, name := ids[r/2], fmt.Sprintf("p%d-%d-edit%d", i, r/2, r)
			batch = append(batch, d.change(fieldbook.Activities, old, map[string]any{"outcome": name}))
			mine[fieldbook.Activities+"/"+old] = name
		}
		send := batch
		if r%5 == 4 {
			send = append(slices.Clone(last), batch...)
		}
		ans, err := d.send(send...)
		if err != nil {
			t.Errorf("%s: push of round %d: %v", d.id, r, err)
			return mine
		}
		for j, res := range ans.Results {
			want := fieldbook.StatusApplied
			if j < len(send)-len(batch) {
				want = fieldbook.StatusDuplicate
			}
			if res.Status != want {
				t.Errorf("%s: round %d, seq %d: %s %s, want %s", d.id, r, res.Seq, res.Status, res.Code, want)
			}
		}
		acked.add(batch)
		last = batch
	}
	return mine
}

// ackLog is every change whose push has returned, in the order they
// returned.
type ackLog struct {
	mu     sync.Mutex
	writes []ackedWrite
}

type ackedWrite struct {
	key   string
	stamp crdt.Stamp
}

func (l *ackLog) add(cs []fieldbook.SentChange) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, c := range cs {
		l.writes = append(l.writes, ackedWrite{c.Change.Collection + "/" + c.Change.ID, crdt.Stamp(c.Change.HLC)})
	}
}

// upTo returns the writes acknowledged so far.
func (l *ackLog) upTo() []ackedWrite {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.writes[:len(l.writes):len(l.writes)]
}

// follow pulls with p until the pushes are over and p is caught up,
// checking every page as pullNeverSkipsUnderConcurrentPushes says.
func follow(t *testing.T, p *device, acked *ackLog, pushed <-chan struct{}) {
	last := map[string]crdt.Stamp{} // the last stamp pulled of each pushing device
	for {
		over := closed(pushed)
		before := acked.upTo()
		ans, err := p.send()
		if err != nil {
			t.Errorf("%s: pull: %v", p.id, err)
			return
		}
		if ans.ResetReason != "" {
			t.Errorf("%s: a reset (%s) while others push", p.id, ans.ResetReason)
			return
		}
		inPage := map[string]bool{}
		for _, r := range ans.Records {
			k := r.Collection + "/" + r.ID
			if inPage[k] {
				t.Errorf("%s: %s twice in one page", p.id, k)
			}
			inPage[k] = true
			if r.Collection != fieldbook.Activities {
				continue
			}
			s := p.replica[k].stamps[fieldbook.FieldOutcome]
			if prev := last[s.Node()]; s <= prev {
				t.Errorf("%s: %s came with stamp %s after %s of the same device: a change out of seq order, or twice", p.id, k, s, prev)
				return
			}
			last[s.Node()] = s
		}
		if ans.More {
			continue
		}
		for _, w := range before {
			if got := p.replica[w.key].stamps[fieldbook.FieldOutcome]; got < w.stamp {
				t.Errorf("%s: caught up at cursor %s, it holds %s at %q, but %s was acknowledged before the pull began: the cursor skipped it", p.id, p.cursor, w.key, got, w.stamp)
				return
			}
		}
		if over {
			return
		}
	}
}

func closed(c <-chan struct{}) bool {
	select {
	case <-c:
		return true
	default:
		return false
	}
}

// exactlyOncePerClientSeq: a change sent again is a duplicate and writes
// nothing; a request may leave out seqs already processed; a first new seq
// beyond the last processed + 1 is a *fieldbook.SeqGapError with that
// last seq, and seqs that break the order are malformed; a refused request
// applies nothing (docs/protocol.md, "seq").
func exactlyOncePerClientSeq(t *testing.T, e *env) {
	w := e.world()
	d := e.device(w.agent)
	c1 := d.change(fieldbook.Prospects, newID(), map[string]any{"name": "一"})
	c2 := d.change(fieldbook.Prospects, newID(), map[string]any{"name": ""}) // invalid: it uses up seq 2 all the same
	c3 := d.change(fieldbook.Prospects, newID(), map[string]any{"name": "三"})
	expect(t, "the first push", d.push(c1, c2, c3), "applied", "rejected:invalid", "applied")
	watcher := e.device(w.agent)
	watcher.catchUp()
	expect(t, "the same request again", d.push(c1, c2, c3), "duplicate", "rejected:invalid", "duplicate")
	if ans := watcher.sync(); len(ans.Records) != 0 {
		t.Errorf("duplicates brought %d records to another device of the agent, want none: a duplicate writes nothing", len(ans.Records))
	}

	c4 := d.change(fieldbook.Prospects, newID(), map[string]any{"name": "四"})
	expect(t, "[1, 3, 4] after 3: seqs already processed may be left out", d.push(c1, c3, c4), "duplicate", "duplicate", "applied")
	expect(t, "[2, 4] after 4: a left-out seq's rejection is remembered", d.push(c2, c4), "rejected:invalid", "duplicate")

	c5 := d.change(fieldbook.Prospects, newID(), map[string]any{"name": "五"})
	d.change(fieldbook.Prospects, newID(), map[string]any{"name": "六"}) // seq 6, never sent
	c7 := d.change(fieldbook.Prospects, newID(), map[string]any{"name": "七"})
	for _, tt := range []struct {
		name    string
		changes []fieldbook.SentChange
		code    string
	}{
		{"the first new seq beyond the last + 1", []fieldbook.SentChange{c7}, fieldbook.CodeSeqGap},
		{"the same, after seqs already processed", []fieldbook.SentChange{c3, c7}, fieldbook.CodeSeqGap},
		{"a gap after the first new seq", []fieldbook.SentChange{c4, c5, c7}, fieldbook.CodeMalformed},
		{"seqs that fall", []fieldbook.SentChange{c5, c4}, fieldbook.CodeMalformed},
		{"a seq twice", []fieldbook.SentChange{c5, c5}, fieldbook.CodeMalformed},
	} {
		_, err := d.send(tt.changes...)
		if got := codeOf(err); got != tt.code {
			t.Errorf("%s: %v, want %s", tt.name, err, tt.code)
		}
		var gap *fieldbook.SeqGapError
		if tt.code == fieldbook.CodeSeqGap && errors.As(err, &gap) && gap.LastSeq != 4 {
			t.Errorf("%s: a seq gap with last seq %d, want 4", tt.name, gap.LastSeq)
		}
	}
	d.catchUp()
	if n := d.count(fieldbook.Prospects); n != 3 || d.has(fieldbook.Prospects, c5.Change.ID) {
		t.Fatalf("after the refused requests the agent holds %d prospects (seq 5's: %v), want the 3 of seqs 1, 3 and 4", n, d.has(fieldbook.Prospects, c5.Change.ID))
	}
	expect(t, "[4, 5] after 4", d.push(c4, c5), "duplicate", "applied")

	// A new client starts at seq 1.
	fresh := e.device(w.agent)
	fresh.seq = 1
	_, err := fresh.send(fresh.change(fieldbook.Prospects, newID(), map[string]any{"name": "二"}))
	var gap *fieldbook.SeqGapError
	if !errors.As(err, &gap) || gap.LastSeq != 0 {
		t.Errorf("a new client's first push at seq 2: %v, want a seq gap with last seq 0", err)
	}
}

// rejectionsRemembered: a change sent again after it was rejected comes
// back rejected with the same code, however the request that carries it
// again is made up and whatever changed since: the server keeps
// rejections for at least 30 days (docs/protocol.md, "results").
func rejectionsRemembered(t *testing.T, e *env) {
	w := e.world()
	theirs := newID()
	o := e.device(w.other)
	o.apply(o.change(fieldbook.Customers, theirs, map[string]any{"name": "客户乙"}))
	d := e.device(w.agent)
	mine := newID()
	sent := []fieldbook.SentChange{
		d.change(fieldbook.Prospects, newID(), map[string]any{"name": ""}),
		d.change(fieldbook.Customers, theirs, map[string]any{"name": "偷改"}),
		d.change("secrets", newID(), map[string]any{"name": "x"}),
		d.nextStamped(crdt.MakeStamp(e.clock.now().Add(10*time.Minute).UnixMilli(), 0, d.id), fieldbook.Prospects, mine, map[string]any{"name": "来自未来"}),
		d.change(fieldbook.Prospects, newID(), map[string]any{"name": "x"}),
		d.change(fieldbook.Prospects, newID(), map[string]any{"notes": strings.Repeat("长", 8001)}),
		d.change(fieldbook.Prospects, newID(), map[string]any{"owner_id": w.agent2.ID, "name": "x"}),
		d.change(fieldbook.Prospects, newID(), map[string]any{"name": "好"}),
	}
	skewed := sent[3]
	// A change the server's decoder could not read arrives with its fault.
	sent[4].Fault = fieldbook.Errorf(fieldbook.CodeInvalid, "the change is not of the form {seq, collection, id, hlc, fields}")
	want := []string{"rejected:invalid", "rejected:forbidden", "rejected:unknown_collection", "rejected:clock_skew",
		"rejected:invalid", "rejected:too_large", "rejected:forbidden", "applied"}
	expect(t, "the first push", d.push(sent...), want...)

	// Long after (but within 30 days), and past the time when the skewed
	// stamp would be in the past: the same codes, not a new verdict.
	e.clock.advance(29 * 24 * time.Hour)
	want[len(want)-1] = fieldbook.StatusDuplicate
	expect(t, "the same changes 29 days later", d.push(sent...), want...)
	expect(t, "the skewed change alone", d.push(skewed), "rejected:clock_skew")
	expect(t, "two of them", d.push(sent[1], sent[5]), "rejected:forbidden", "rejected:too_large")
	d.catchUp()
	if d.has(fieldbook.Prospects, mine) {
		t.Error("the change rejected for clock skew was applied after all")
	}
	o.catchUp()
	if got := o.get(fieldbook.Customers, theirs).str("name"); got != "客户乙" {
		t.Errorf("the other agent's customer is named %q after rejected writes", got)
	}
}

// nextStamped is the device's next change with the given stamp.
func (d *device) nextStamped(hlc crdt.Stamp, collection, id string, fields map[string]any) fieldbook.SentChange {
	d.seq++
	return d.changeStamped(d.seq, hlc, collection, id, fields)
}

// clientBelongsToOneUser: a client_id belongs to the user whose answered
// request first carried it; another user's request with it is
// CodeForbidden, checked before anything else, and applies nothing; a
// request refused for any reason binds nothing (docs/protocol.md, "client_id").
func clientBelongsToOneUser(t *testing.T, e *env) {
	w := e.world()
	d := e.device(w.agent)
	d.apply(d.change(fieldbook.Prospects, newID(), map[string]any{"name": "甲"}))
	thief := e.device(w.agent2)
	thief.id, thief.clock = d.id, crdt.NewClock(d.id, e.clock.now)
	stolen := newID()
	for _, tt := range []struct {
		name string
		req  fieldbook.SyncRequest
	}{
		{"a push", fieldbook.SyncRequest{Changes: []fieldbook.SentChange{thief.change(fieldbook.Prospects, stolen, map[string]any{"name": "乙"})}}},
		{"a pull", fieldbook.SyncRequest{}},
		{"a request of a protocol the server does not speak", fieldbook.SyncRequest{Protocol: ptr(3)}},
		{"a request with a seq gap", fieldbook.SyncRequest{Changes: []fieldbook.SentChange{thief.nextStamped(thief.clock.Now(), fieldbook.Prospects, newID(), map[string]any{"name": "丙"})}}},
	} {
		tt.req.ClientID = d.id
		if _, err := e.eng.Sync(e.ctx, w.agent2.ID, tt.req); codeOf(err) != fieldbook.CodeForbidden {
			t.Errorf("%s with another user's client_id: %v, want %s", tt.name, err, fieldbook.CodeForbidden)
		}
	}
	admin := e.device(w.admin)
	admin.catchUp()
	if admin.has(fieldbook.Prospects, stolen) {
		t.Error("the push with another user's client_id was applied")
	}
	d.apply(d.change(fieldbook.Prospects, newID(), map[string]any{"name": "丁"}))

	gone := e.user("gone", fieldbook.RoleAgent, w.team.ID)
	e.update(gone, fieldbook.UserPatch{Disabled: ptr(true)})
	tooMany := make([]fieldbook.SentChange, 501)
	for i := range tooMany {
		tooMany[i].Change.Seq = int64(i + 1)
	}
	gapped := e.device(w.agent)
	gapped.seq = 1
	for i, tt := range []struct {
		name string
		user fieldbook.User
		req  fieldbook.SyncRequest
		code string
	}{
		{"protocol 4", w.agent, fieldbook.SyncRequest{Protocol: ptr(4)}, fieldbook.CodeUpgradeRequired},
		{"too many changes", w.agent, fieldbook.SyncRequest{Changes: tooMany}, fieldbook.CodeTooLarge},
		{"limit zero", w.agent, fieldbook.SyncRequest{Limit: ptr(0)}, fieldbook.CodeMalformed},
		{"seqs that fall", w.agent, fieldbook.SyncRequest{Changes: []fieldbook.SentChange{{Change: fieldbook.Change{Seq: 2}}, {Change: fieldbook.Change{Seq: 1}}}}, fieldbook.CodeMalformed},
		{"a seq gap", w.agent, fieldbook.SyncRequest{Changes: []fieldbook.SentChange{gapped.change(fieldbook.Prospects, newID(), map[string]any{"name": "戊"})}}, fieldbook.CodeSeqGap},
		{"a disabled user's pull", gone, fieldbook.SyncRequest{}, fieldbook.CodeUnauthorized},
		{"a disabled user's push", gone, fieldbook.SyncRequest{Changes: []fieldbook.SentChange{e.device(gone).change(fieldbook.Prospects, newID(), map[string]any{"name": "己"})}}, fieldbook.CodeUnauthorized},
	} {
		client := fmt.Sprintf("refused-%d", i)
		tt.req.ClientID = client
		if _, err := e.eng.Sync(e.ctx, tt.user.ID, tt.req); codeOf(err) != tt.code {
			t.Errorf("%s: %v, want %s", tt.name, err, tt.code)
		}
		if _, err := e.eng.Sync(e.ctx, w.agent2.ID, fieldbook.SyncRequest{ClientID: client}); err != nil {
			t.Errorf("%s: the refused request bound its client_id: another user's pull with it is refused: %v", tt.name, err)
		}
	}

	if _, err := e.eng.Sync(e.ctx, w.agent.ID, fieldbook.SyncRequest{ClientID: "pulled-once"}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.eng.Sync(e.ctx, w.agent2.ID, fieldbook.SyncRequest{ClientID: "pulled-once"}); codeOf(err) != fieldbook.CodeForbidden {
		t.Errorf("an answered pull did not bind its client_id: another user's pull with it: %v, want %s", err, fieldbook.CodeForbidden)
	}
}

// visibilityByRoleAndTeam: an agent sees their own records and their
// team's members, never a team mate's records; a supervisor sees their
// team's agents' records, not another team's; an admin sees every team's;
// but a person's records (customers, prospects, consents) reach no one's
// pull but their owner's.
// What a user may not see neither appears in their pull nor pages through
// it; a write to a record that is not yours, or to a server-owned field,
// is forbidden (docs/protocol.md, "Who sees and writes what").
func visibilityByRoleAndTeam(t *testing.T, e *env) {
	w := e.world()
	mine, prospect, call := newID(), newID(), newID()
	d := e.device(w.agent)
	d.apply(
		d.change(fieldbook.Customers, mine, map[string]any{"name": "客户甲"}),
		d.change(fieldbook.Prospects, prospect, map[string]any{"name": "王"}),
		d.change(fieldbook.Activities, call, map[string]any{"kind": "call", "occurred_at": "2026-11-20T10:00:00+08:00", "prospect_id": prospect}),
	)
	theirs := newID()
	o := e.device(w.other)
	busy := []fieldbook.SentChange{o.change(fieldbook.Customers, theirs, map[string]any{"name": "客户乙"})}
	for range 300 {
		busy = append(busy, o.change(fieldbook.Prospects, newID(), map[string]any{"name": "x"}))
	}
	o.apply(busy...)

	for _, tt := range []struct {
		who       fieldbook.User
		sees, not []string
	}{
		{w.agent, []string{"customers/" + mine, "prospects/" + prospect, "activities/" + call, "members/" + w.agent2.ID, "members/" + w.sup.ID}, []string{"customers/" + theirs, "members/" + w.other.ID}},
		{w.agent2, []string{"members/" + w.agent.ID}, []string{"customers/" + mine, "prospects/" + prospect, "activities/" + call, "customers/" + theirs}},
		{w.sup, []string{"activities/" + call, "members/" + w.agent.ID}, []string{"customers/" + mine, "prospects/" + prospect, "customers/" + theirs, "members/" + w.other.ID}},
		{w.otherSup, []string{"members/" + w.other.ID}, []string{"customers/" + theirs, "customers/" + mine, "members/" + w.agent.ID}},
		{w.admin, []string{"activities/" + call, "members/" + w.agent.ID, "members/" + w.other.ID}, []string{"customers/" + mine, "prospects/" + prospect, "customers/" + theirs}},
	} {
		v := e.device(tt.who)
		v.catchUp()
		for _, k := range tt.sees {
			if _, ok := v.replica[k]; !ok {
				t.Errorf("%s does not see %s", tt.who.Username, k)
			}
		}
		for _, k := range tt.not {
			if _, ok := v.replica[k]; ok {
				t.Errorf("%s sees %s", tt.who.Username, k)
			}
		}
	}

	// Another team's 300 prospects neither appear in the agent's pull nor
	// page through it.
	v := e.device(w.agent)
	v.limit = 1000
	if ans := v.sync(); ans.More || v.count(fieldbook.Prospects) != 1 {
		t.Errorf("the agent's pull: %d prospects (more %v), want their 1 in one page", v.count(fieldbook.Prospects), ans.More)
	}

	expect(t, "writing another agent's record, knowing its id", d.push(d.change(fieldbook.Customers, theirs, map[string]any{"name": "偷改"})), "rejected:forbidden")
	expect(t, "writing a server-owned field", d.push(d.change(fieldbook.Customers, mine, map[string]any{"team_id": w.team2.ID})), "rejected:forbidden")
	s := e.device(w.otherSup)
	expect(t, "another team's supervisor setting the agent's goal", s.push(s.change(fieldbook.Goals, newID(), map[string]any{"agent_id": w.agent.ID, "period": "2026-11"})), "rejected:forbidden")
}

// malformedAndForeignCursorsReset: a cursor that is malformed, another
// server's or another user's resets the pull with the reason "cursor",
// and the pull starts from the beginning; the user's own is kept.
func malformedAndForeignCursorsReset(t *testing.T, e *env) {
	w := e.world()
	other := e.other()
	otherTeam, err := other.CreateTeam(e.ctx, "别队", "")
	if err != nil {
		t.Fatal(err)
	}
	otherAgent, err := other.CreateUser(e.ctx, fieldbook.User{Username: "agent", Name: "agent", Role: fieldbook.RoleAgent, TeamID: otherTeam.ID, PasswordHash: "x"})
	if err != nil {
		t.Fatal(err)
	}
	foreign := e.deviceOn(other, otherAgent)
	foreign.catchUp()

	d := e.device(w.agent)
	d.apply(d.change(fieldbook.Prospects, newID(), map[string]any{"name": "王"}))
	d.catchUp()
	mate := e.device(w.agent2)
	mate.catchUp()
	for _, tt := range []struct{ name, cursor string }{
		{"a garbage cursor", "%%%"},
		{"a base64 cursor of junk", "aGVsbG8"},
		{"another server's cursor", foreign.cursor},
		{"another user's cursor", mate.cursor},
	} {
		v := e.device(w.agent)
		v.cursor = tt.cursor
		if p := v.catchUp(); p.reset != fieldbook.ResetCursor {
			t.Errorf("%s: reset %q, want %q", tt.name, p.reset, fieldbook.ResetCursor)
		}
		if got, want := slices.Sorted(maps.Keys(v.replica)), slices.Sorted(maps.Keys(d.replica)); !slices.Equal(got, want) {
			t.Errorf("%s: after the reset the device holds %v, want all the agent sees, %v", tt.name, got, want)
		}
	}
	if ans := d.sync(); ans.ResetReason != "" || len(ans.Records) != 0 {
		t.Errorf("the user's own cursor: reset %q and %d records, want neither", ans.ResetReason, len(ans.Records))
	}
}

// roleChangeResetsScope: a role change resets the user's cursor with the
// reason "scope" and their pull starts again with what the new role sees;
// everyone else keeps their cursor and receives the changed members record
// as a change; a rename resets no one.
func roleChangeResetsScope(t *testing.T, e *env) {
	w := e.world()
	mate := e.device(w.agent2)
	theirs := newID()
	mate.apply(mate.change(fieldbook.Activities, theirs, map[string]any{"kind": "call", "occurred_at": "2026-11-20T10:00:00+08:00"}))
	d, sup := e.device(w.agent), e.device(w.sup)
	d.catchUp()
	sup.catchUp()
	if d.has(fieldbook.Activities, theirs) {
		t.Fatal("an agent sees a team mate's activity")
	}
	e.update(w.agent, fieldbook.UserPatch{Role: ptr(fieldbook.RoleSupervisor)})
	if p := d.catchUp(); p.reset != fieldbook.ResetScope {
		t.Fatalf("the user's pull after a role change: reset %q, want %q", p.reset, fieldbook.ResetScope)
	}
	if !d.has(fieldbook.Activities, theirs) {
		t.Error("the new supervisor does not see their team's agent's activity")
	}
	for _, o := range []*device{mate, sup} {
		p := o.catchUp()
		if p.reset != "" {
			t.Errorf("%s was reset (%s) by another user's role change", o.user.Username, p.reset)
		}
		if got := o.get(fieldbook.Members, w.agent.ID).str("role"); got != string(fieldbook.RoleSupervisor) {
			t.Errorf("%s holds the changed user's role as %q", o.user.Username, got)
		}
	}

	e.update(w.agent, fieldbook.UserPatch{Name: ptr("新名字")})
	if p := d.catchUp(); p.reset != "" {
		t.Errorf("the user's pull after a rename: reset %q", p.reset)
	}
	p := mate.catchUp()
	if p.reset != "" || len(p.records) != 1 || p.records[0].ID != w.agent.ID {
		t.Fatalf("a team mate after a rename: reset %q, %d records, want the renamed user's members record alone", p.reset, len(p.records))
	}
	if got := mate.get(fieldbook.Members, w.agent.ID).str("name"); got != "新名字" {
		t.Errorf("a team mate holds the renamed user as %q", got)
	}
}

// teamMove: when an agent moves to another team, the new team's supervisor
// receives the agent's records as new changes (no reset), with the new
// team; the agent and the old team start again (scope) and from then on
// the old team sees and may write nothing of the agent's; the review queue
// follows the log (services.go, Directory.UpdateUser; docs/protocol.md).
func teamMove(t *testing.T, e *env) {
	w := e.world()
	a := e.device(w.agent)
	cust, prospect, visit := newID(), newID(), newID()
	log := rules.DayLogID(w.agent.ID, "2026-11-20")
	a.apply(
		a.change(fieldbook.Customers, cust, map[string]any{"name": "客户甲", "age": 40}),
		a.change(fieldbook.Prospects, prospect, map[string]any{"name": "赵"}),
		a.change(fieldbook.Activities, visit, map[string]any{"kind": "visit", "occurred_at": "2026-11-20T10:00:00+08:00", "customer_id": cust}),
		a.change(fieldbook.DayLogs, log, map[string]any{"date": "2026-11-20", "state": "submitted"}),
	)
	sup, mate, newSup, newMate, admin := e.device(w.sup), e.device(w.agent2), e.device(w.otherSup), e.device(w.other), e.device(w.admin)
	for _, d := range []*device{a, sup, mate, newSup, newMate, admin} {
		d.catchUp()
	}
	e.update(w.agent, fieldbook.UserPatch{TeamID: &w.team2.ID})

	moved := []string{"activities/" + visit, "day_logs/" + log, "members/" + w.agent.ID}
	for _, d := range []*device{newSup, admin} {
		p := d.catchUp()
		if p.reset != "" {
			t.Errorf("%s was reset (%s) by the move; the records should come as new changes", d.user.Username, p.reset)
		}
		came := map[string]bool{}
		for _, r := range p.records {
			came[r.Collection+"/"+r.ID] = true
		}
		for _, k := range moved {
			if !came[k] {
				t.Errorf("%s did not receive %s as a change", d.user.Username, k)
			} else if got := d.replica[k].str(fieldbook.FieldTeam); got != w.team2.ID {
				t.Errorf("%s holds %s of team %q, want the new team %q", d.user.Username, k, got, w.team2.ID)
			}
		}
		for _, k := range []string{"customers/" + cust, "prospects/" + prospect} {
			if came[k] {
				t.Errorf("%s received %s, a person's record, by sync", d.user.Username, k)
			}
		}
	}
	if newMate.catchUp(); !newMate.has(fieldbook.Members, w.agent.ID) {
		t.Error("the new team's agent does not see the moved agent among the members")
	}
	for _, d := range []*device{a, sup, mate} {
		if p := d.catchUp(); p.reset != fieldbook.ResetScope {
			t.Errorf("%s after the move: reset %q, want %q", d.user.Username, p.reset, fieldbook.ResetScope)
		}
	}
	for _, k := range append(moved, "customers/"+cust, "prospects/"+prospect) {
		if _, ok := sup.replica[k]; ok {
			t.Errorf("the old team's supervisor still holds %s", k)
		}
	}
	if mate.has(fieldbook.Members, w.agent.ID) {
		t.Error("the old team mate still holds the moved agent's members record")
	}
	if !a.has(fieldbook.Customers, cust) || !a.has(fieldbook.Members, w.other.ID) {
		t.Error("the moved agent does not hold their customer and their new team's members")
	}

	a.apply(a.change(fieldbook.Activities, visit, map[string]any{"outcome": "签了意向书"}))
	if p := sup.catchUp(); len(p.records) != 0 {
		t.Errorf("the old team's supervisor received %d records after the agent's change, want none", len(p.records))
	}
	newSup.catchUp()
	if got := newSup.get(fieldbook.Activities, visit).str(fieldbook.FieldOutcome); got != "签了意向书" {
		t.Errorf("the new team's supervisor holds the visit's outcome as %q", got)
	}
	void := map[string]any{"voided": true, "void_reason": "重复记录"}
	expect(t, "the old team's supervisor voiding the agent's visit", sup.push(sup.change(fieldbook.Activities, visit, void)), "rejected:forbidden")
	expect(t, "the new team's supervisor voiding it", newSup.push(newSup.change(fieldbook.Activities, visit, void)), "applied")
	e.checkQueue(w.team2.ID, log)
	e.checkQueue(w.team.ID)
}

// expect compares statuses, failing the test when they differ.
func expect(t *testing.T, what string, got []string, want ...string) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Fatalf("%s: %v, want %v", what, got, want)
	}
}

// codeOf is the code an error tells a client: seq_gap for a
// *fieldbook.SeqGapError, "" for none.
func codeOf(err error) string {
	var gap *fieldbook.SeqGapError
	if errors.As(err, &gap) {
		return fieldbook.CodeSeqGap
	}
	return fieldbook.ErrorCode(err)
}

// fieldsOf shows a record's fields for a failure message.
func fieldsOf(r record) string {
	var b strings.Builder
	for _, k := range slices.Sorted(maps.Keys(r.fields)) {
		fmt.Fprintf(&b, "%s=%s ", k, r.fields[k])
	}
	return b.String()
}
