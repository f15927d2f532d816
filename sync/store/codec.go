package store

import (
	"encoding/json"
	"fmt"
	"slices"

	"fieldbook/sync/crdt"
	"fieldbook/sync/rules"
)

// stored is a record as it sits in the store.
type stored struct {
	Owner    string                     `json:"o,omitempty"`
	Team     string                     `json:"t,omitempty"`
	Seq      uint64                     `json:"q"`
	Fields   map[string]json.RawMessage `json:"f"`
	Stamps   map[string]crdt.Stamp      `json:"s"`
	ByOthers []string                   `json:"x,omitempty"`
}

func decodeRecord(b []byte) (rules.State, uint64, error) {
	var s stored
	if err := json.Unmarshal(b, &s); err != nil {
		return rules.State{}, 0, fmt.Errorf("decode record: %w", err)
	}
	st := rules.State{Owner: s.Owner, Team: s.Team, Fields: make(crdt.Fields, len(s.Fields))}
	for k, v := range s.Fields {
		st.Fields[k] = crdt.Field{Value: v, Stamp: s.Stamps[k]}
	}
	if len(s.ByOthers) > 0 {
		st.ByOthers = make(map[string]bool, len(s.ByOthers))
		for _, k := range s.ByOthers {
			st.ByOthers[k] = true
		}
	}
	return st, s.Seq, nil
}

func encodeRecord(st *rules.State, seq uint64) ([]byte, error) {
	s := stored{Owner: st.Owner, Team: st.Team, Seq: seq,
		Fields: make(map[string]json.RawMessage, len(st.Fields)),
		Stamps: make(map[string]crdt.Stamp, len(st.Fields))}
	for k, f := range st.Fields {
		s.Fields[k] = f.Value
		s.Stamps[k] = f.Stamp
	}
	for k, by := range st.ByOthers {
		if by {
			s.ByOthers = append(s.ByOthers, k)
		}
	}
	slices.Sort(s.ByOthers)
	b, err := json.Marshal(s)
	if err != nil {
		return nil, fmt.Errorf("encode record: %w", err)
	}
	return b, nil
}

// wireRecord is a stored record read for a pull: fields and stamps stay
// raw JSON, so a pull copies them without decoding each value.
type wireRecord struct {
	Fields json.RawMessage `json:"f"`
	Stamps json.RawMessage `json:"s"`
}
