package kv

import "encoding/binary"

// Keys are '/'-joined parts; numbers in keys are big-endian so that byte
// order is numeric order. Each package above kv documents its own key
// space; kv keeps m/<name> for the store's metadata (seq, server id,
// epoch, secret), and m/migrated/<name> marks a one-time migration done
// (package storage runs them).

// Key joins parts with '/'.
func Key(parts ...string) []byte {
	n := len(parts) - 1
	for _, p := range parts {
		n += len(p)
	}
	b := make([]byte, 0, n)
	for i, p := range parts {
		if i > 0 {
			b = append(b, '/')
		}
		b = append(b, p...)
	}
	return b
}

// SeqKey appends '/' and the big-endian seq to prefix.
func SeqKey(prefix []byte, seq uint64) []byte {
	b := make([]byte, 0, len(prefix)+9)
	b = append(b, prefix...)
	b = append(b, '/')
	return binary.BigEndian.AppendUint64(b, seq)
}

// SeqOf is the seq at the end of a SeqKey.
func SeqOf(k []byte) uint64 {
	if len(k) < 8 {
		return 0
	}
	return binary.BigEndian.Uint64(k[len(k)-8:])
}

// Uint64 is n big-endian, to append to a key.
func Uint64(n uint64) []byte { return binary.BigEndian.AppendUint64(nil, n) }
