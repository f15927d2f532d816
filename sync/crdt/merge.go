package crdt

import "bytes"

// Field is one last-writer-wins register: a JSON value and the stamp of the
// change that wrote it. Values are compact JSON so that equal values have
// equal bytes.
type Field struct {
	Value []byte
	Stamp Stamp
}

// Wins reports whether f replaces old in a merge: the greater stamp wins;
// on equal stamps the greater value does, so the merge is a total order and
// stays commutative even for a misbehaving node that reuses a stamp.
func (f Field) Wins(old Field) bool {
	if f.Stamp != old.Stamp {
		return f.Stamp > old.Stamp
	}
	return bytes.Compare(f.Value, old.Value) > 0
}

// Fields is a record's state: one register per field name.
type Fields map[string]Field

// Set merges one register into fs and reports whether it won. A field not
// yet present is always set.
func (fs Fields) Set(name string, f Field) bool {
	old, ok := fs[name]
	if ok && !f.Wins(old) {
		return false
	}
	fs[name] = f
	return true
}

// Merge returns the merge of a and b: field by field, the winning register.
// It is commutative, associative and idempotent, and leaves a and b alone.
func Merge(a, b Fields) Fields {
	out := make(Fields, len(a)+len(b))
	for k, v := range a {
		out[k] = v
	}
	for k, v := range b {
		out.Set(k, v)
	}
	return out
}

// Version is the greatest stamp of the record, "" for an empty one.
func (fs Fields) Version() Stamp {
	var v Stamp
	for _, f := range fs {
		if f.Stamp > v {
			v = f.Stamp
		}
	}
	return v
}

// Equal reports whether two records hold the same registers.
func (fs Fields) Equal(other Fields) bool {
	if len(fs) != len(other) {
		return false
	}
	for k, f := range fs {
		g, ok := other[k]
		if !ok || f.Stamp != g.Stamp || !bytes.Equal(f.Value, g.Value) {
			return false
		}
	}
	return true
}
