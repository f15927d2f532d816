package feed

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"fieldbook/sync/crdt"
	"fieldbook/sync/rules"
)

// A record is stored as a small binary header followed by its fields and
// stamps as two JSON objects, ready for the wire:
//
//	1                      format
//	uvarint                feed seq
//	uvarint len, bytes     owner id
//	uvarint len, bytes     team id
//	uvarint n, n × (uvarint len, bytes)   fields someone other than the owner wrote
//	uvarint len, bytes     {"field": value, …}
//	bytes                  {"field": "stamp", …}
//
// A pull slices the two objects out and copies them to the answer without
// parsing them; only the writer decodes a record, to merge into it.
const recordFormat = 1

var errRecord = errors.New("damaged record")

type header struct {
	seq         uint64
	owner, team string
	byOthers    []string
	fields      []byte
	stamps      []byte
}

func parse(b []byte) (header, error) {
	var h header
	if len(b) == 0 || b[0] != recordFormat {
		return h, errRecord
	}
	r := reader{b: b[1:]}
	h.seq = r.uvarint()
	h.owner = string(r.bytes())
	h.team = string(r.bytes())
	n := r.uvarint()
	if n > uint64(len(r.b)) {
		return h, errRecord
	}
	for range n {
		h.byOthers = append(h.byOthers, string(r.bytes()))
	}
	h.fields = r.bytes()
	h.stamps = r.b
	if r.bad {
		return h, errRecord
	}
	return h, nil
}

type reader struct {
	b   []byte
	bad bool
}

func (r *reader) uvarint() uint64 {
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.bad = true
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *reader) bytes() []byte {
	n := r.uvarint()
	if n > uint64(len(r.b)) {
		r.bad = true
		return nil
	}
	out := r.b[:n]
	r.b = r.b[n:]
	return out
}

// Decode reads a stored record: its state and its feed seq.
func Decode(b []byte) (rules.State, uint64, error) {
	h, err := parse(b)
	if err != nil {
		return rules.State{}, 0, fmt.Errorf("decode record: %w", err)
	}
	var values map[string]json.RawMessage
	var stamps map[string]crdt.Stamp
	if err := json.Unmarshal(h.fields, &values); err != nil {
		return rules.State{}, 0, fmt.Errorf("decode record fields: %w", err)
	}
	if err := json.Unmarshal(h.stamps, &stamps); err != nil {
		return rules.State{}, 0, fmt.Errorf("decode record stamps: %w", err)
	}
	st := rules.State{Owner: h.owner, Team: h.team, Fields: make(crdt.Fields, len(values)+4), ByOthers: make(map[string]bool, len(h.byOthers)+4)}
	for k, v := range values {
		st.Fields[k] = crdt.Field{Value: v, Stamp: stamps[k]}
	}
	for _, k := range h.byOthers {
		st.ByOthers[k] = true
	}
	return st, h.seq, nil
}

// Encode writes a record. Its values are compact JSON already; field
// names are the schema's identifiers and stamps are digits, letters and
// dashes, so both are quoted as they are.
func Encode(st *rules.State, seq uint64) []byte {
	names := make([]string, 0, len(st.Fields))
	size := 64 + len(st.Owner) + len(st.Team)
	for k, f := range st.Fields {
		names = append(names, k)
		size += 2*len(k) + len(f.Value) + len(f.Stamp) + 12
	}
	slices.Sort(names)
	var others []string
	for k, by := range st.ByOthers {
		if by {
			others = append(others, k)
			size += len(k) + 2
		}
	}
	slices.Sort(others)

	b := make([]byte, 0, size)
	b = append(b, recordFormat)
	b = binary.AppendUvarint(b, seq)
	b = appendBytes(b, st.Owner)
	b = appendBytes(b, st.Team)
	b = binary.AppendUvarint(b, uint64(len(others)))
	for _, k := range others {
		b = appendBytes(b, k)
	}
	// The fields object, after its length: {"name":value,…}.
	fieldsLen := 2 + max(len(names)-1, 0)
	for _, k := range names {
		fieldsLen += len(k) + 3 + len(st.Fields[k].Value)
	}
	b = binary.AppendUvarint(b, uint64(fieldsLen))
	b = append(b, '{')
	for i, k := range names {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(append(append(b, '"'), k...), '"', ':')
		b = append(b, st.Fields[k].Value...)
	}
	b = append(b, '}')
	b = append(b, '{')
	for i, k := range names {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(append(append(b, '"'), k...), '"', ':', '"')
		b = append(append(b, st.Fields[k].Stamp...), '"')
	}
	return append(b, '}')
}

func appendBytes(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}
