// Package diskspace watches the free space of the volume that holds the
// store. Badger writes its logs through memory maps: when the volume fills
// up, a write into a mapped page that has no block behind it kills the
// process with SIGBUS. So the server refuses writes while free space is
// below a threshold (507 insufficient_storage), well before the volume is
// full, keeps serving reads, and takes writes again by itself once space
// returns (with a margin, so that it does not flap at the threshold).
package diskspace

import (
	"context"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"fieldbook"
)

// Usage is one measure of a filesystem.
type Usage struct {
	Free  uint64 // bytes an unprivileged writer may still use
	Total uint64 // the filesystem's size
}

// Threshold is how much free space writes need: a number of bytes, or a
// share of the volume's size.
type Threshold struct {
	Bytes   uint64
	Percent float64 // used when Bytes is 0
}

// DefaultThreshold is the free space writes need unless told otherwise:
// room for a memtable flush (64 MiB), the compaction it may start, and the
// writes that come between two measures.
var DefaultThreshold = Threshold{Bytes: 256 << 20}

// ParseThreshold reads a threshold: bytes ("268435456"), bytes with a unit
// ("256MiB", "1GiB", "500MB", "64k") or a share of the volume ("5%").
func ParseThreshold(s string) (Threshold, error) {
	s = strings.TrimSpace(s)
	if p, ok := strings.CutSuffix(s, "%"); ok {
		v, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil || v <= 0 || v >= 100 {
			return Threshold{}, fmt.Errorf("%q: a share of the volume is a number above 0 and below 100, then %%", s)
		}
		return Threshold{Percent: v}, nil
	}
	num := strings.TrimRightFunc(s, func(r rune) bool { return r < '0' || r > '9' })
	unit := strings.ToLower(strings.TrimSpace(s[len(num):]))
	mult := map[string]uint64{"": 1, "b": 1, "k": 1 << 10, "kb": 1000, "kib": 1 << 10, "m": 1 << 20, "mb": 1000 * 1000, "mib": 1 << 20,
		"g": 1 << 30, "gb": 1000 * 1000 * 1000, "gib": 1 << 30, "t": 1 << 40, "tb": 1000 * 1000 * 1000 * 1000, "tib": 1 << 40}[unit]
	v, err := strconv.ParseUint(num, 10, 64)
	if err != nil || mult == 0 || v == 0 || v > (1<<63)/mult {
		return Threshold{}, fmt.Errorf("%q: give bytes, bytes with a unit (256MiB, 1GiB) or a share of the volume (5%%)", s)
	}
	return Threshold{Bytes: v * mult}, nil
}

func (t Threshold) String() string {
	if t.Bytes == 0 {
		return strconv.FormatFloat(t.Percent, 'f', -1, 64) + "%"
	}
	return strconv.FormatUint(t.Bytes, 10) + " bytes"
}

// of is the threshold in bytes for a volume of total bytes.
func (t Threshold) of(total uint64) uint64 {
	if t.Bytes > 0 {
		return t.Bytes
	}
	return uint64(float64(total) * t.Percent / 100)
}

// State is what the watcher last found.
type State struct {
	Usage
	// Min is the free space writes need; Low is true while writes are
	// refused: free space fell below Min and has not yet come back above
	// Min and a margin (Min/8).
	Min uint64
	Low bool
	// Full is true while free space is below the floor (Min/4): then the
	// store takes no write at all, not even the small ones (a sign-in, a
	// new phone's first pull), because Badger writes its logs through
	// memory maps and a write there into a full volume ends the process.
	Full bool
	// Err is why the last measure failed (the last good one stands).
	Err     error
	Checked time.Time
}

// Watcher measures the free space of one directory's volume.
type Watcher struct {
	dir     string
	need    Threshold
	measure func(dir string) (Usage, error)
	now     func() time.Time
	log     *slog.Logger
	state   atomic.Pointer[State]
}

// New makes a watcher of dir's volume that refuses writes below need;
// measure is how it measures (Statfs, or a test's own); log (nil: none)
// hears when writes stop and start again. It measures once at once.
func New(dir string, need Threshold, measure func(dir string) (Usage, error), log *slog.Logger) *Watcher {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	w := &Watcher{dir: dir, need: need, measure: measure, now: time.Now, log: log}
	w.state.Store(&State{})
	w.Check()
	return w
}

// State is the last measure.
func (w *Watcher) State() State { return *w.state.Load() }

// Room reports the free bytes, the bytes writes need, and whether writes
// are refused now.
func (w *Watcher) Room() (free, need uint64, low bool) {
	s := w.state.Load()
	return s.Free, s.Min, s.Low
}

// Check measures now and moves the state: below the threshold writes stop;
// they start again only at the threshold and a margin above it; below the
// floor every write stops, and starts again above it. A measure that fails
// keeps the state it had.
func (w *Watcher) Check() State {
	prev := *w.state.Load()
	u, err := w.measure(w.dir)
	next := prev
	next.Checked = w.now()
	if err != nil {
		next.Err = err
		if prev.Err == nil {
			w.log.Warn("the free space of the data volume cannot be measured; writes go on as they were", "dir", w.dir, "err", err)
		}
	} else {
		next.Err = nil
		next.Usage, next.Min = u, w.need.of(u.Total)
		switch {
		case !prev.Low && u.Free < next.Min:
			next.Low = true
			w.log.Error("the data volume is nearly full: writes are refused (507 insufficient_storage) until space returns; reads go on",
				"dir", w.dir, "free_bytes", u.Free, "min_free_bytes", next.Min)
		case prev.Low && u.Free >= next.Min+next.Min/8:
			next.Low = false
			w.log.Info("the data volume has room again: writes are taken", "dir", w.dir, "free_bytes", u.Free, "min_free_bytes", next.Min)
		}
		floor := next.Min / 4
		switch {
		case !prev.Full && u.Free < floor:
			next.Full = true
			w.log.Error("the data volume is all but full: the store takes no write at all, not even a sign-in, until space returns",
				"dir", w.dir, "free_bytes", u.Free, "floor_bytes", floor)
		case prev.Full && u.Free >= floor+floor/8:
			next.Full = false
		}
		next.Full = next.Full && next.Low
	}
	w.state.Store(&next)
	return next
}

// ErrNoRoom is the error of a write refused because the volume is nearly
// full: code insufficient_storage (507).
var ErrNoRoom = fieldbook.Errorf(fieldbook.CodeInsufficientStorage,
	"the server's disk is nearly full, so it takes no changes until its administrator frees space; what you send stays on your device and is sent later")

// Floor is nil while the store may write at all, ErrNoRoom below the
// floor (storage.Options.Room).
func (w *Watcher) Floor() error {
	if w.state.Load().Full {
		return ErrNoRoom
	}
	return nil
}

// Run measures every interval until ctx ends.
func (w *Watcher) Run(ctx context.Context, every time.Duration) {
	if every <= 0 {
		every = DefaultEvery
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			w.Check()
		}
	}
}

// DefaultEvery is how often Run measures when not told.
const DefaultEvery = 2 * time.Second
