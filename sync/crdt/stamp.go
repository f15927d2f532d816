// Package crdt holds the pure replication primitives of docs/protocol.md: hybrid
// logical clock stamps and the per-field last-writer-wins merge of records.
// Nothing here does I/O; it is property-tested and fuzzed.
package crdt

import (
	"errors"
	"fmt"
	"strconv"
	"time"
)

// Stamp is an HLC stamp "WWWWWWWWWWWWW-CCCC-NODE": 13 digits of wall-clock
// milliseconds, 4 digits of counter and the node id. The fixed widths make
// string order equal stamp order, so stamps are compared as strings.
type Stamp string

// ServerNode is the node id of stamps the server writes itself. Clients
// may not use it.
const ServerNode = "server"

const (
	wallDigits    = 13
	counterDigits = 4
	maxCounter    = 9999
	maxNodeLen    = 64
	// prefixLen is the length of "WWWWWWWWWWWWW-CCCC-".
	prefixLen = wallDigits + 1 + counterDigits + 1
)

// ErrStamp is wrapped by every stamp parsing error.
var ErrStamp = errors.New("malformed stamp")

// ParseStamp checks s and returns it as a Stamp.
func ParseStamp(s string) (Stamp, error) {
	if len(s) <= prefixLen || len(s) > prefixLen+maxNodeLen {
		return "", fmt.Errorf("%w: want WWWWWWWWWWWWW-CCCC-NODE, got %d characters", ErrStamp, len(s))
	}
	for i := 0; i < prefixLen; i++ {
		c := s[i]
		switch i {
		case wallDigits, wallDigits + 1 + counterDigits:
			if c != '-' {
				return "", fmt.Errorf("%w: want '-' at position %d", ErrStamp, i+1)
			}
		default:
			if c < '0' || c > '9' {
				return "", fmt.Errorf("%w: want a digit at position %d", ErrStamp, i+1)
			}
		}
	}
	if err := CheckNode(s[prefixLen:]); err != nil {
		return "", fmt.Errorf("%w: %w", ErrStamp, err)
	}
	return Stamp(s), nil
}

// CheckNode reports whether id can name a node: 1 to 64 characters of
// letters, digits, '-' and '_'.
func CheckNode(id string) error {
	if id == "" || len(id) > maxNodeLen {
		return fmt.Errorf("node id must have 1 to %d characters", maxNodeLen)
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return fmt.Errorf("node id may hold only letters, digits, '-' and '_'")
		}
	}
	return nil
}

// MakeStamp formats a stamp. It does not check node.
func MakeStamp(wallMillis int64, counter int, node string) Stamp {
	b := make([]byte, 0, prefixLen+len(node))
	b = appendPadded(b, wallMillis, wallDigits)
	b = append(b, '-')
	b = appendPadded(b, int64(counter), counterDigits)
	b = append(b, '-')
	b = append(b, node...)
	return Stamp(b)
}

func appendPadded(b []byte, n int64, width int) []byte {
	var d [20]byte
	digits := strconv.AppendInt(d[:0], n, 10)
	for i := len(digits); i < width; i++ {
		b = append(b, '0')
	}
	return append(b, digits...)
}

// Next returns the smallest stamp of node that follows s: the next counter
// in s's millisecond, or the next millisecond when the counter is full.
func Next(s Stamp, node string) Stamp {
	wall, counter := s.Wall(), s.Counter()+1
	if counter > maxCounter {
		wall, counter = wall+1, 0
	}
	return MakeStamp(wall, counter, node)
}

// Wall returns the stamp's wall-clock milliseconds. s must be valid.
func (s Stamp) Wall() int64 {
	n, _ := strconv.ParseInt(string(s[:wallDigits]), 10, 64)
	return n
}

// Counter returns the stamp's counter. s must be valid.
func (s Stamp) Counter() int {
	n, _ := strconv.Atoi(string(s[wallDigits+1 : wallDigits+1+counterDigits]))
	return n
}

// Node returns the stamp's node id. s must be valid.
func (s Stamp) Node() string { return string(s[prefixLen:]) }

// Time returns the stamp's wall clock as a time.
func (s Stamp) Time() time.Time { return time.UnixMilli(s.Wall()) }
