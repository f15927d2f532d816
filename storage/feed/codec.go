package feed

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"

	"fieldbook/sync/crdt"
	"fieldbook/sync/rules"
)

// A record is stored as a small binary header followed by its fields as a
// JSON object, ready for the wire, and its stamps:
//
//	2                      format
//	uvarint                feed seq
//	uvarint len, bytes     owner id
//	uvarint len, bytes     team id
//	uvarint n, n × (uvarint len, bytes)   fields someone other than the owner wrote
//	uvarint len, bytes     {"field": value, …}, the names in order
//	uvarint k, k × (uvarint len, bytes)   the record's distinct stamps
//	uvarint per field      the index of its stamp, in the object's order
//
// Most fields of a record share one or two stamps (a change's, the
// server's), so each is stored once. Format 1, written before, ends
// instead with the stamps as a second JSON object, {"field": "stamp", …};
// it is still read. A pull slices the fields out and copies them to the
// answer without parsing them, and writes the stamps object from the
// table; only the writer decodes a record, to merge into it.
const (
	recordFormatJSONStamps = 1
	recordFormat           = 2
)

var errRecord = errors.New("damaged record")

type header struct {
	seq         uint64
	owner, team string
	byOthers    []string
	fields      []byte
	// stamps is the stamps object of format 1; table and index are
	// format 2's.
	stamps []byte
	table  [][]byte
	index  []uint64
}

func parse(b []byte) (header, error) {
	var h header
	if len(b) == 0 || b[0] != recordFormat && b[0] != recordFormatJSONStamps {
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
	if b[0] == recordFormatJSONStamps {
		h.stamps = r.b
	} else {
		k := r.uvarint()
		if k > uint64(len(r.b)) {
			return h, errRecord
		}
		h.table = make([][]byte, k)
		for i := range h.table {
			h.table[i] = r.bytes()
		}
		h.index = make([]uint64, 0, len(r.b))
		for len(r.b) > 0 && !r.bad {
			if i := r.uvarint(); i < k {
				h.index = append(h.index, i)
			} else {
				r.bad = true
			}
		}
	}
	if r.bad {
		return h, errRecord
	}
	return h, nil
}

// stampsJSON is the record's stamps as the wire carries them,
// {"field": "stamp", …}, in the fields' order.
func (h *header) stampsJSON() ([]byte, error) {
	if h.table == nil {
		return h.stamps, nil
	}
	size := 2
	for _, i := range h.index {
		size += len(h.table[i]) + 24
	}
	out := make([]byte, 0, size)
	out = append(out, '{')
	n := 0
	_, ok := members(h.fields, func(name, _ []byte) {
		if n >= len(h.index) {
			n++
			return
		}
		if n > 0 {
			out = append(out, ',')
		}
		out = append(append(append(out, '"'), name...), `":"`...)
		out = append(append(out, h.table[h.index[n]]...), '"')
		n++
	})
	if !ok || n != len(h.index) {
		return nil, errRecord
	}
	return append(out, '}'), nil
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
	if err := json.Unmarshal(h.fields, &values); err != nil {
		return rules.State{}, 0, fmt.Errorf("decode record fields: %w", err)
	}
	st := rules.State{Owner: h.owner, Team: h.team, Fields: make(crdt.Fields, len(values)+4), ByOthers: make(map[string]bool, len(h.byOthers)+4)}
	if h.table == nil {
		var stamps map[string]crdt.Stamp
		if err := json.Unmarshal(h.stamps, &stamps); err != nil {
			return rules.State{}, 0, fmt.Errorf("decode record stamps: %w", err)
		}
		for k, v := range values {
			st.Fields[k] = crdt.Field{Value: v, Stamp: stamps[k]}
		}
	} else {
		// The index follows the object's names, which Encode sorts.
		names := slices.Sorted(maps.Keys(values))
		if len(names) != len(h.index) {
			return rules.State{}, 0, fmt.Errorf("decode record stamps: %w", errRecord)
		}
		stamps := make([]crdt.Stamp, len(h.table))
		for i, s := range h.table {
			stamps[i] = crdt.Stamp(s)
		}
		for i, k := range names {
			st.Fields[k] = crdt.Field{Value: values[k], Stamp: stamps[h.index[i]]}
		}
	}
	for _, k := range h.byOthers {
		st.ByOthers[k] = true
	}
	return st, h.seq, nil
}

// Encode writes a record in the current format. Its values are compact
// JSON already; field names are the schema's identifiers and stamps are
// digits, letters and dashes, so both are quoted as they are.
func Encode(st *rules.State, seq uint64) []byte {
	b, fields := encodeFields(recordFormat, st, seq)
	// The stamps, each once, in the order first met; then each field's.
	return encodeStamps(b, fields)
}

// namedField is a field with its name, for encoding in name order.
type namedField struct {
	name string
	crdt.Field
}

// encodeFields writes a record's header in format and its fields object,
// and returns the fields in order.
func encodeFields(format byte, st *rules.State, seq uint64) ([]byte, []namedField) {
	var small [24]string
	names := small[:0]
	size := 128 + len(st.Owner) + len(st.Team) // with room for a stamp table
	for k, f := range st.Fields {
		names = append(names, k)
		size += len(k) + len(f.Value) + 8
	}
	slices.Sort(names) // strings sort faster than the fields they name
	fields := make([]namedField, len(names))
	for i, k := range names {
		fields[i] = namedField{k, st.Fields[k]}
	}
	var others []string
	for k, by := range st.ByOthers {
		if by {
			others = append(others, k)
			size += len(k) + 2
		}
	}
	slices.Sort(others)

	b := make([]byte, 0, size)
	b = append(b, format)
	b = binary.AppendUvarint(b, seq)
	b = appendBytes(b, st.Owner)
	b = appendBytes(b, st.Team)
	b = binary.AppendUvarint(b, uint64(len(others)))
	for _, k := range others {
		b = appendBytes(b, k)
	}
	// The fields object, after its length: {"name":value,…}.
	fieldsLen := 2 + max(len(fields)-1, 0)
	for _, f := range fields {
		fieldsLen += len(f.name) + 3 + len(f.Value)
	}
	b = binary.AppendUvarint(b, uint64(fieldsLen))
	b = append(b, '{')
	for i, f := range fields {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(append(append(b, '"'), f.name...), '"', ':')
		b = append(b, f.Value...)
	}
	return append(b, '}'), fields
}

// encodeStamps is the end of a record of format 2: its stamp table and
// each field's index in it.
func encodeStamps(b []byte, fields []namedField) []byte {
	var table [8]crdt.Stamp
	distinct := table[:0]
	var small [32]int
	index := small[:0]
	for _, f := range fields {
		j := slices.Index(distinct, f.Stamp)
		if j < 0 {
			j = len(distinct)
			distinct = append(distinct, f.Stamp)
		}
		index = append(index, j)
	}
	b = binary.AppendUvarint(b, uint64(len(distinct)))
	for _, stamp := range distinct {
		b = appendBytes(b, string(stamp))
	}
	for _, j := range index {
		b = binary.AppendUvarint(b, uint64(j))
	}
	return b
}

func appendBytes(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}
