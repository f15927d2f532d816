package feed

import (
	"encoding/json"
	"time"

	"fieldbook/sync/crdt"
	"fieldbook/sync/rules"
)

// Stamps stamps the fields the server writes itself: members, team moves,
// scores, the server-owned fields of a change. One per store: its clock
// stays above every stamp the server has issued.
type Stamps struct {
	clock *crdt.Clock
	now   func() time.Time
}

// NewStamps makes the server's stamps from its wall clock.
func NewStamps(now func() time.Time) *Stamps {
	return &Stamps{clock: crdt.NewClock(crdt.ServerNode, now), now: now}
}

// Now is the server's wall clock.
func (s *Stamps) Now() time.Time { return s.now() }

// Timestamp is the server's time as stored in created_at and updated_at,
// as JSON.
func (s *Stamps) Timestamp() json.RawMessage {
	return Quoted(s.now().UTC().Format("2006-01-02T15:04:05.000Z07:00"))
}

// Observe keeps the clock past version, a record's newest stamp.
func (s *Stamps) Observe(version crdt.Stamp) { s.clock.Observe(version) }

// Write sets fields of st with one new server stamp, as written by others
// than the owner.
func (s *Stamps) Write(st *rules.State, values map[string]json.RawMessage) {
	if len(values) == 0 {
		return
	}
	stamp := s.clock.Now()
	if st.ByOthers == nil {
		st.ByOthers = map[string]bool{}
	}
	for k, v := range values {
		st.Fields[k] = crdt.Field{Value: v, Stamp: stamp}
		st.ByOthers[k] = true
	}
}

// WriteDerived sets the fields the server derives from a change. Their
// stamp is the server's, just past the change's own stamp and the fields'
// current ones, not the server's clock: a record's version then stays the
// version its writers made, and a device whose clock lags the server's
// does not find its next edit older than a version a reviewer saw.
func WriteDerived(st *rules.State, change crdt.Stamp, values map[string]json.RawMessage) {
	past := change
	for k := range values {
		past = max(past, st.Fields[k].Stamp)
	}
	stamp := crdt.MakeStamp(past.Wall(), past.Counter(), crdt.ServerNode)
	if stamp <= past {
		stamp = crdt.Next(past, crdt.ServerNode)
	}
	for k, v := range values {
		st.Fields[k] = crdt.Field{Value: v, Stamp: stamp}
		st.ByOthers[k] = true
	}
}

// Quoted is s as a JSON string, as encoding/json writes it; s is an id or
// a name the server made.
func Quoted(s string) json.RawMessage {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c > 0x7e || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			b, _ := json.Marshal(s) // escapes, and HTML's characters as encoding/json does
			return b
		}
	}
	b := make([]byte, 0, len(s)+2)
	return append(append(append(b, '"'), s...), '"')
}

// Clone copies a record's fields and marks, with room for a few more, so
// that a new version can be written beside the one read.
func Clone(st rules.State) rules.State {
	out := st
	out.Fields = make(crdt.Fields, len(st.Fields)+4)
	for k, v := range st.Fields {
		out.Fields[k] = v
	}
	out.ByOthers = make(map[string]bool, len(st.ByOthers)+4)
	for k, v := range st.ByOthers {
		out.ByOthers[k] = v
	}
	return out
}
