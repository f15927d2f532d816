// Package protocol holds the request-level rules of the sync protocol
// (docs/protocol.md) that every storage engine applies the same way: the
// versions spoken, the limits of a request, the order of seqs, and the
// checks of a change that need neither the store nor the sender. It is
// pure: an engine's Sync calls Check first and writes nothing when it
// fails.
package protocol

import (
	"bytes"
	"encoding/json"
	"errors"
	"time"

	"fieldbook"
	"fieldbook/sync/rules"
)

// The sync protocol versions this server speaks. Version 2 differs from 1
// in one thing: an answer leaves out of its records the fields the
// request's own changes wrote as they were sent, with their stamps, which
// the client holds already (OmitsEchoes). Version 3 adds one more: a pull
// from the beginning brings this week's records and the review queue
// before the history (PhasesFirstPull).
const (
	OldestVersion = 1
	NewestVersion = 3
)

// Versions lists the versions this server speaks, oldest first.
func Versions() []int {
	v := make([]int, 0, NewestVersion-OldestVersion+1)
	for n := OldestVersion; n <= NewestVersion; n++ {
		v = append(v, n)
	}
	return v
}

// OmitsEchoes says whether answers in protocol version v leave out what
// the request itself sent; an absent version is 1.
func OmitsEchoes(v *int) bool { return v != nil && *v >= 2 }

// PhasesFirstPull says whether a pull from the beginning in protocol
// version v is phased: recent records first, then the history.
func PhasesFirstPull(v *int) bool { return v != nil && *v >= 3 }

// Limits of a request.
const (
	MaxChanges   = 500
	DefaultLimit = 500
	MaxLimit     = 1000
)

// Prepared is one change of a push with the checks that need no store,
// made by Prepare in the caller's goroutine so that the engine's writer
// does only what needs the store.
type Prepared struct {
	Change fieldbook.Change
	// Fault is the change's rejection found without the store (its form,
	// rules.Precheck); nil when it passed.
	Fault *fieldbook.Error
	// Fields is the verdict of rules.CheckFields, valid when Checked.
	Fields  *fieldbook.Error
	Checked bool
}

// Prepare checks a change of size bytes of JSON: it runs the checks that
// need neither the store nor the sender and compacts the values.
func Prepare(c fieldbook.Change, size int, now time.Time) Prepared {
	return prepare(c, size, now, false)
}

// prepare is Prepare, the values taken as they are when compact (see
// fieldbook.SentChange).
func prepare(c fieldbook.Change, size int, now time.Time, isCompact bool) Prepared {
	p := Prepared{Change: c, Checked: true}
	if p.Fault = rules.Precheck(&p.Change, size, now); p.Fault != nil {
		return p
	}
	for k, v := range c.Fields {
		if isCompact {
			break
		}
		cv, err := compact(v)
		if err != nil {
			p.Fault = fieldbook.Errorf(fieldbook.CodeInvalid, "%s is not valid JSON", k)
			return p
		}
		c.Fields[k] = cv
	}
	p.Fields = rules.CheckFields(&p.Change)
	return p
}

// compact returns v without insignificant white space, as stored.
func compact(v json.RawMessage) ([]byte, error) {
	// A scalar token as a decoder gives it, or a value with no byte that
	// could be insignificant white space, is compact already.
	if len(v) > 0 && v[0] != '{' && v[0] != '[' || !bytes.ContainsAny(v, " \t\r\n") {
		if !json.Valid(v) {
			return nil, errInvalidJSON
		}
		return v, nil
	}
	var b bytes.Buffer
	b.Grow(len(v))
	if err := json.Compact(&b, v); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

var errInvalidJSON = errors.New("invalid JSON")

// Check makes the checks of a request that may refuse it as a whole, in
// the order of docs/protocol.md (version, size, limit, seqs rising), and
// prepares its changes. It returns the pull's limit. Errors:
// CodeUpgradeRequired, CodeTooLarge, CodeMalformed.
func Check(req *fieldbook.SyncRequest, now time.Time) (limit int, changes []Prepared, err error) {
	if v := req.Protocol; v != nil && (*v < OldestVersion || *v > NewestVersion) {
		return 0, nil, fieldbook.Errorf(fieldbook.CodeUpgradeRequired, "this server speaks sync protocols %d to %d; update the app once its unsent changes are safe", OldestVersion, NewestVersion)
	}
	if len(req.Changes) > MaxChanges {
		return 0, nil, fieldbook.Errorf(fieldbook.CodeTooLarge, "a request may carry at most %d changes; it has %d", MaxChanges, len(req.Changes))
	}
	limit = DefaultLimit
	if req.Limit != nil {
		if *req.Limit < 1 {
			return 0, nil, fieldbook.Errorf(fieldbook.CodeMalformed, "limit must be at least 1")
		}
		limit = min(*req.Limit, MaxLimit)
	}
	for i, sc := range req.Changes {
		seq := sc.Change.Seq
		if seq < 1 {
			return 0, nil, fieldbook.Errorf(fieldbook.CodeMalformed, "change %d: seq must be a whole number from 1", i+1)
		}
		if i > 0 && seq <= req.Changes[i-1].Change.Seq {
			return 0, nil, fieldbook.Errorf(fieldbook.CodeMalformed, "change %d: seq %d does not follow %d; a request's seqs rise", i+1, seq, req.Changes[i-1].Change.Seq)
		}
	}
	changes = make([]Prepared, len(req.Changes))
	prepareAll := func(from, to int) {
		for i := from; i < to; i++ {
			if sc := &req.Changes[i]; sc.Fault != nil {
				changes[i] = Prepared{Change: sc.Change, Fault: sc.Fault, Checked: true}
			} else {
				changes[i] = prepare(sc.Change, sc.Size, now, sc.Compact)
			}
		}
	}
	// A big push's changes are prepared on two cores: each change's
	// checks are its own, and the request waits for them all.
	n := len(changes)
	if n < parallelPrepare {
		prepareAll(0, n)
		return limit, changes, nil
	}
	done := make(chan struct{})
	var panicked bool
	go func() {
		defer close(done)
		defer func() { panicked = recover() != nil }()
		prepareAll(0, n/2)
	}()
	prepareAll(n/2, n)
	<-done
	if panicked {
		// A bug's panic belongs to the request's goroutine, where the
		// server recovers it: not to one that would stop the process.
		prepareAll(0, n/2)
	}
	return limit, changes, nil
}

// parallelPrepare is the number of changes from which Check prepares a
// request's changes in two goroutines.
const parallelPrepare = 32

// CheckSeqs checks a push's seqs against the client's last processed one:
// they rise; seqs already processed may be left out (a client that lost
// one answer but not the next sends [97, 99] when 98 is done); from the
// first new one on they rise by one. A first new seq beyond last + 1 is a
// *fieldbook.SeqGapError; any other break is a malformed request.
func CheckSeqs(changes []Prepared, last int64) error {
	prev, started := int64(0), false
	for i := range changes {
		seq := changes[i].Change.Seq
		switch {
		case seq <= prev:
			return fieldbook.Errorf(fieldbook.CodeMalformed, "seq %d does not follow %d; a request's seqs rise", seq, prev)
		case seq <= last:
		case !started:
			if seq > last+1 {
				return &fieldbook.SeqGapError{LastSeq: last}
			}
			started = true
		case seq != prev+1:
			return fieldbook.Errorf(fieldbook.CodeMalformed, "seq %d does not follow %d; from the first seq the server has not processed, seqs rise by one", seq, prev)
		}
		prev = seq
	}
	return nil
}
