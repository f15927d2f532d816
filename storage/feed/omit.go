package feed

import (
	"bytes"

	"fieldbook"
)

// Omit returns rec without the fields drop names: a sync answer of
// protocol 2 leaves out what the client sent in the same request and the
// server kept as it was (the value and its stamp), which the client holds
// already. It reads the stored objects as Encode wrote them — the same
// names in the same order in both, unescaped, the values compact — so it
// splits them without decoding a value. A record it cannot split is
// returned whole, which is never wrong, only longer.
func Omit(rec fieldbook.RawRecord, drop func(name, value, stamp []byte) bool) fieldbook.RawRecord {
	type member struct {
		name, value, stamp []byte
		drop               bool
	}
	ms := make([]member, 0, 24)
	_, ok1 := members(rec.Fields, func(name, value []byte) {
		ms = append(ms, member{name: name, value: value})
	})
	n, dropped := 0, 0
	_, ok2 := members(rec.Stamps, func(name, value []byte) {
		if n < len(ms) && bytes.Equal(ms[n].name, name) && len(value) >= 2 {
			m := &ms[n]
			m.stamp = value[1 : len(value)-1]
			if m.drop = drop(m.name, m.value, m.stamp); m.drop {
				dropped++
			}
		}
		n++
	})
	if !ok1 || !ok2 || n != len(ms) || dropped == 0 {
		return rec
	}
	for _, m := range ms {
		if m.stamp == nil {
			return rec // the objects do not pair up
		}
	}
	f := make([]byte, 0, len(rec.Fields))
	s := make([]byte, 0, len(rec.Stamps))
	f, s = append(f, '{'), append(s, '{')
	first := true
	for _, m := range ms {
		if m.drop {
			continue
		}
		if !first {
			f, s = append(f, ','), append(s, ',')
		}
		first = false
		f = append(append(append(append(f, '"'), m.name...), '"', ':'), m.value...)
		s = append(append(append(append(s, '"'), m.name...), `":"`...), m.stamp...)
		s = append(s, '"')
	}
	rec.Fields, rec.Stamps = append(f, '}'), append(s, '}')
	return rec
}

// Echoes says which fields of an answer's record (collection, id) Omit
// leaves out: the drop function of that record, nil for a record to send
// whole.
type Echoes func(collection, id string) func(name, value, stamp []byte) bool

// omitted is Omit of a stored record of format 2, read from its header in
// one pass: its fields object and its stamps as the wire carries them,
// without the fields drop names. ok is false for a record of format 1 or
// one whose fields it cannot split (stampsJSON then says why).
func (h *header) omitted(drop func(name, value, stamp []byte) bool) (fields, stamps []byte, ok bool) {
	if h.table == nil {
		return nil, nil, false
	}
	f := make([]byte, 1, len(h.fields))
	s := make([]byte, 1, len(h.index)*40+2)
	f[0], s[0] = '{', '{'
	n, dropped := 0, 0
	_, ok = members(h.fields, func(name, value []byte) {
		if n >= len(h.index) {
			n++
			return
		}
		stamp := h.table[h.index[n]]
		n++
		if drop(name, value, stamp) {
			dropped++
			return
		}
		if len(s) > 1 {
			f, s = append(f, ','), append(s, ',')
		}
		f = append(append(append(append(f, '"'), name...), '"', ':'), value...)
		s = append(append(append(append(s, '"'), name...), `":"`...), stamp...)
		s = append(s, '"')
	})
	if !ok || n != len(h.index) {
		return nil, nil, false
	}
	if dropped == 0 {
		return h.fields, append(s, '}'), true // as stored, as Omit leaves it
	}
	return append(f, '}'), append(s, '}'), true
}

// members calls fn with each member of a compact JSON object whose names
// have no escapes, and returns how many there were; ok is false when obj
// is not of that form.
func members(obj []byte, fn func(name, value []byte)) (n int, ok bool) {
	if len(obj) < 2 || obj[0] != '{' || obj[len(obj)-1] != '}' {
		return 0, false
	}
	rest := obj[1 : len(obj)-1]
	for len(rest) > 0 {
		if rest[0] != '"' {
			return n, false
		}
		end := bytes.IndexByte(rest[1:], '"')
		if end < 0 || len(rest) < end+3 || rest[end+2] != ':' {
			return n, false
		}
		name := rest[1 : end+1]
		rest = rest[end+3:]
		size := valueLen(rest)
		if size <= 0 {
			return n, false
		}
		fn(name, rest[:size])
		n++
		rest = rest[size:]
		if len(rest) > 0 {
			if rest[0] != ',' {
				return n, false
			}
			rest = rest[1:]
		}
	}
	return n, true
}

// valueLen is the length of the compact JSON value b starts with, or 0
// when b does not start with a whole one.
func valueLen(b []byte) int {
	depth, inString := 0, false
	for i := 0; i < len(b); i++ {
		c := b[i]
		switch {
		case inString:
			switch c {
			case '\\':
				i++
			case '"':
				inString = false
				if depth == 0 {
					return i + 1
				}
			}
		case c == '"':
			inString = true
		case c == '{' || c == '[':
			depth++
		case c == '}' || c == ']':
			if depth == 0 {
				return i // the end of the enclosing object
			}
			if depth--; depth == 0 {
				return i + 1
			}
		case c == ',' && depth == 0:
			return i
		}
	}
	if depth == 0 && !inString {
		return len(b)
	}
	return 0
}
