package server

import (
	"encoding/json"
	"unicode/utf8"
)

// scanSyncRequest reads a sync request of the form the app sends in one
// pass without reflection: the envelope's known members, each once, in
// any order, and changes of {seq, collection, id, hlc, fields}, the
// strings without escapes, the numbers whole. The field values are
// checked to be valid JSON and kept as they were sent, slices of body.
// Anything else — an unknown or repeated member, an escape, a null, a
// body that is not valid JSON — gives ok false, and the request is read
// by encoding/json (decodeSyncRequest), which decides; so what it accepts
// it reads exactly as encoding/json would (FuzzScanAgreesWithDecoder). A
// change whose values hold no white space is marked compact.
func scanSyncRequest(body []byte) (req syncRequest, ok bool) {
	s := scanner{b: body}
	if !s.object(func(name []byte) bool {
		switch string(name) {
		case "protocol":
			v, ok := s.int()
			req.Protocol = &v
			return ok && s.once(1)
		case "client_id":
			v, ok := s.plainString()
			req.ClientID = v
			return ok && s.once(2)
		case "cursor":
			v, ok := s.plainString()
			req.Cursor = v
			return ok && s.once(4)
		case "limit":
			v, ok := s.int()
			req.Limit = &v
			return ok && s.once(8)
		case "changes":
			req.Changes = make([]wireChange, 0, 128)
			return s.once(16) && s.array(func() bool {
				var c wireChange
				ok := s.change(&c)
				req.Changes = append(req.Changes, c)
				return ok
			})
		}
		return false
	}) {
		return syncRequest{}, false
	}
	s.space()
	return req, s.i == len(s.b)
}

// scanner walks a JSON text; every method reports false for what it
// does not take, and the scan is then given up.
type scanner struct {
	b    []byte
	i    int
	seen uint // the envelope's members read so far
	// spaced counts the bytes of white space skipped, so that a value
	// read without any is known to be compact.
	spaced int
}

// maxDepth bounds the nesting of a value the scanner checks; deeper ones
// go to encoding/json.
const maxDepth = 64

func (s *scanner) once(bit uint) bool {
	if s.seen&bit != 0 {
		return false
	}
	s.seen |= bit
	return true
}

func (s *scanner) space() {
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
			s.spaced++
		default:
			return
		}
	}
}

// peek skips white space and returns the next byte, 0 at the end.
func (s *scanner) peek() byte {
	s.space()
	if s.i < len(s.b) {
		return s.b[s.i]
	}
	return 0
}

func (s *scanner) expect(c byte) bool {
	if s.peek() != c {
		return false
	}
	s.i++
	return true
}

// object reads {"name": value, …}, member calling back to read each value
// after its name and colon.
func (s *scanner) object(member func(name []byte) bool) bool {
	if !s.expect('{') {
		return false
	}
	if s.peek() == '}' {
		s.i++
		return true
	}
	for {
		name, ok := s.plainBytes()
		if !ok || !s.expect(':') || !member(name) {
			return false
		}
		switch s.peek() {
		case ',':
			s.i++
		case '}':
			s.i++
			return true
		default:
			return false
		}
	}
}

// array reads [value, …], elem reading each value.
func (s *scanner) array(elem func() bool) bool {
	if !s.expect('[') {
		return false
	}
	if s.peek() == ']' {
		s.i++
		return true
	}
	for {
		if !elem() {
			return false
		}
		switch s.peek() {
		case ',':
			s.i++
		case ']':
			s.i++
			return true
		default:
			return false
		}
	}
}

// change reads one change into c.
func (s *scanner) change(c *wireChange) bool {
	var seen uint
	once := func(bit uint) bool {
		if seen&bit != 0 {
			return false
		}
		seen |= bit
		return true
	}
	return s.object(func(name []byte) bool {
		var ok bool
		switch string(name) {
		case "seq":
			var n []byte
			n, ok = s.number()
			c.Seq = json.Number(n)
			return ok && once(1)
		case "collection":
			c.Collection, ok = s.plainString()
			return ok && once(2)
		case "id":
			c.ID, ok = s.plainString()
			return ok && once(4)
		case "hlc":
			c.HLC, ok = s.plainString()
			return ok && once(8)
		case "fields":
			c.Fields = make(map[string]json.RawMessage, 12)
			c.compact = true
			return once(16) && s.object(func(name []byte) bool {
				s.space()
				start, spaced := s.i, s.spaced
				if !s.value(0) {
					return false
				}
				c.Fields[string(name)] = s.b[start:s.i:s.i]
				c.compact = c.compact && s.spaced == spaced
				return true
			})
		}
		return false
	})
}

// plainBytes reads a string without escapes whose bytes are what
// encoding/json would decode it to: printable, valid UTF-8.
func (s *scanner) plainBytes() ([]byte, bool) {
	if !s.expect('"') {
		return nil, false
	}
	start, ascii := s.i, true
	for ; s.i < len(s.b); s.i++ {
		switch c := s.b[s.i]; {
		case c == '"':
			v := s.b[start:s.i]
			s.i++
			return v, ascii || utf8.Valid(v)
		case c == '\\' || c < 0x20:
			return nil, false
		case c >= utf8.RuneSelf:
			ascii = false
		}
	}
	return nil, false
}

func (s *scanner) plainString() (string, bool) {
	b, ok := s.plainBytes()
	return string(b), ok
}

// int reads a whole number of at most nine digits, which fits an int.
func (s *scanner) int() (int, bool) {
	n, ok := s.number()
	if !ok {
		return 0, false
	}
	neg := n[0] == '-'
	if neg {
		n = n[1:]
	}
	if len(n) > 9 {
		return 0, false
	}
	v := 0
	for _, c := range n {
		if c < '0' || c > '9' {
			return 0, false // a fraction or an exponent
		}
		v = v*10 + int(c-'0')
	}
	if neg {
		v = -v
	}
	return v, true
}

// number reads a JSON number and returns its text.
func (s *scanner) number() ([]byte, bool) {
	s.space()
	start := s.i
	if s.i < len(s.b) && s.b[s.i] == '-' {
		s.i++
	}
	switch {
	case s.i < len(s.b) && s.b[s.i] == '0':
		s.i++
	case s.i < len(s.b) && s.b[s.i] >= '1' && s.b[s.i] <= '9':
		s.digits()
	default:
		return nil, false
	}
	if s.i < len(s.b) && s.b[s.i] == '.' {
		s.i++
		if !s.digits() {
			return nil, false
		}
	}
	if s.i < len(s.b) && (s.b[s.i] == 'e' || s.b[s.i] == 'E') {
		s.i++
		if s.i < len(s.b) && (s.b[s.i] == '+' || s.b[s.i] == '-') {
			s.i++
		}
		if !s.digits() {
			return nil, false
		}
	}
	return s.b[start:s.i], true
}

// digits reads one or more digits.
func (s *scanner) digits() bool {
	start := s.i
	for s.i < len(s.b) && s.b[s.i] >= '0' && s.b[s.i] <= '9' {
		s.i++
	}
	return s.i > start
}

// value checks any JSON value, at nesting depth.
func (s *scanner) value(depth int) bool {
	if depth > maxDepth {
		return false
	}
	switch c := s.peek(); {
	case c == '{':
		return s.object(func([]byte) bool { return s.value(depth + 1) })
	case c == '[':
		return s.array(func() bool { return s.value(depth + 1) })
	case c == '"':
		return s.string()
	case c == '-' || c >= '0' && c <= '9':
		_, ok := s.number()
		return ok
	case c == 't':
		return s.literal("true")
	case c == 'f':
		return s.literal("false")
	case c == 'n':
		return s.literal("null")
	}
	return false
}

func (s *scanner) literal(word string) bool {
	if len(s.b)-s.i < len(word) || string(s.b[s.i:s.i+len(word)]) != word {
		return false
	}
	s.i += len(word)
	return true
}

// string checks a string with any escapes JSON allows; its bytes are kept
// as sent, as encoding/json keeps a raw value's.
func (s *scanner) string() bool {
	s.i++ // the opening quote
	for s.i < len(s.b) {
		c := s.b[s.i]
		switch {
		case c == '"':
			s.i++
			return true
		case c < 0x20:
			return false
		case c == '\\':
			s.i++
			if s.i >= len(s.b) {
				return false
			}
			switch s.b[s.i] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				s.i++
			case 'u':
				if len(s.b)-s.i < 5 {
					return false
				}
				for _, h := range s.b[s.i+1 : s.i+5] {
					if !('0' <= h && h <= '9' || 'a' <= h && h <= 'f' || 'A' <= h && h <= 'F') {
						return false
					}
				}
				s.i += 5
			default:
				return false
			}
		default:
			s.i++
		}
	}
	return false
}
