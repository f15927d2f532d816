package storage

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"fieldbook"
	"fieldbook/storage/feed"
	"fieldbook/storage/kv"
)

// sweepClock is a store's clock that a test moves forward.
type sweepClock struct{ ahead atomic.Int64 }

func (c *sweepClock) now() time.Time { return time.Now().Add(time.Duration(c.ahead.Load())) }

// pastGrace moves the clock to the team's 24 months and 31 days after now:
// every name last touched before is past its grace.
func (c *sweepClock) pastGrace(t *testing.T) {
	t.Helper()
	loc, err := time.LoadLocation(fieldbook.DefaultTimeZone)
	if err != nil {
		t.Fatal(err)
	}
	now := c.now()
	c.ahead.Add(int64(fieldbook.AddMonths(now, 24, loc).AddDate(0, 0, fieldbook.RetentionGraceDays+1).Sub(now)))
}

// openSwept opens the store in dir on clock with the sweep every every (0:
// hourly), logging to log when not nil.
func openSwept(t *testing.T, dir string, clock *sweepClock, every time.Duration, log *slog.Logger) *Engine {
	t.Helper()
	s, err := Open(context.Background(), Options{Dir: dir, Now: clock.now, SweepEvery: every, Logger: log})
	if err != nil {
		t.Fatalf("open %s: %v", dir, err)
	}
	return s
}

// erased reports whether the prospect id is deleted with its name null.
func erased(t *testing.T, s *Engine, id string) bool {
	t.Helper()
	var f struct {
		Name    *string `json:"name"`
		Deleted bool    `json:"_deleted"`
	}
	err := s.db.View(context.Background(), func(r *kv.View) error {
		_, err := feed.ReadFields(r, fieldbook.Prospects, id, &f)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return f.Deleted && f.Name == nil
}

// waitErased waits until the prospect is erased, failing after 20 s.
func waitErased(t *testing.T, s *Engine, id, what string) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); !erased(t, s, id); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("still waiting for the sweep %s to erase the name", what)
		}
	}
}

func addProspects(t *testing.T, s *Engine, d *device, names ...string) []string {
	t.Helper()
	ids := make([]string, len(names))
	for i, n := range names {
		ids[i] = newID()
		if res := d.push(t, s, d.change(fieldbook.Prospects, ids[i], map[string]any{"name": n})); res[0].Status != fieldbook.StatusApplied {
			t.Fatalf("add %s: %+v", n, res[0])
		}
	}
	return ids
}

// The store sweeps the names left unanswered past their grace when it
// opens, and then every SweepEvery, by its own clock: the test moves the
// clock and waits for the erasure, never for the interval.
func TestTheSweepRunsAtOpenAndThenPeriodically(t *testing.T) {
	dir, clock := t.TempDir(), &sweepClock{}
	s := openSwept(t, dir, clock, 0, nil)
	w := newWorld(t, s)
	d := newDevice(w.agent, "phone")
	first := addProspects(t, s, d, "褚先生")[0]
	clock.pastGrace(t)
	if erased(t, s, first) {
		t.Fatal("the name was erased before any sweep could see it past its grace")
	}
	// The hourly sweep has not come round: reopening runs it.
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = openSwept(t, dir, clock, 10*time.Millisecond, nil)
	defer s.Close()
	waitErased(t, s, first, "at open")

	second := addProspects(t, s, d, "卫女士")[0]
	clock.pastGrace(t)
	waitErased(t, s, second, "of the interval, without a reopen")
	entries, err := s.AuditLog(context.Background(), 10)
	if err != nil {
		t.Fatal(err)
	}
	purges := 0
	for _, e := range entries {
		if e.Action == "retention.purge" && e.Params["agent_id"] == w.agent.ID && e.Params["count"] == "1" && e.UserID == "server" {
			purges++
		}
	}
	if purges != 2 {
		t.Errorf("the audit log holds %d entries of the two sweeps, want 2: %+v", purges, entries)
	}
}

// Closing the store in the middle of a sweep returns, leaves what it
// erased erased, and the next open finishes the rest.
func TestCloseDuringASweepReturnsAndTheNextOpenFinishes(t *testing.T) {
	dir, clock := t.TempDir(), &sweepClock{}
	s := openSwept(t, dir, clock, 0, nil)
	w := newWorld(t, s)
	d := newDevice(w.agent, "phone")
	names := make([]string, 60)
	for i := range names {
		names[i] = "名单" + string(rune('甲'+i))
	}
	ids := addProspects(t, s, d, names...)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	clock.pastGrace(t)
	s = openSwept(t, dir, clock, 0, nil)
	closes(t, s) // during the sweep
	s = openSwept(t, dir, clock, 0, nil)
	defer s.Close()
	for _, id := range ids {
		waitErased(t, s, id, "at the next open")
	}
}

// A record the sweep cannot read is logged by its ids, without any
// person's data, and skipped: the other names are still erased and the
// store still opens.
func TestASweepSkipsADamagedRecord(t *testing.T) {
	var logged bytes.Buffer
	var mu sync.Mutex
	log := slog.New(slog.NewTextHandler(writerFunc(func(p []byte) (int, error) {
		mu.Lock()
		defer mu.Unlock()
		return logged.Write(p)
	}), nil))
	dir, clock := t.TempDir(), &sweepClock{}
	s := openSwept(t, dir, clock, 0, log)
	w := newWorld(t, s)
	d := newDevice(w.agent, "phone")
	ids := addProspects(t, s, d, "蒋先生", "沈女士")
	damaged := newID()
	err := s.db.Do(context.Background(), func(t *kv.Tx) error {
		t.Set(feed.RecordKey(fieldbook.Prospects, damaged), []byte{9, 9, 9})
		t.Set(append(feed.FilesOf(w.agent.ID, fieldbook.Prospects), damaged...), nil)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	clock.pastGrace(t)
	s = openSwept(t, dir, clock, 0, log)
	defer s.Close()
	for _, id := range ids {
		waitErased(t, s, id, "past the damaged record")
	}
	if n, err := s.PurgeDormant(context.Background(), clock.now()); err != nil || n != 0 {
		t.Errorf("a sweep after it erased %d (%v), want none and no error", n, err)
	}
	mu.Lock()
	out := logged.String()
	mu.Unlock()
	if !strings.Contains(out, "prospect="+damaged) {
		t.Errorf("the log does not name the damaged record:\n%s", out)
	}
	for _, name := range []string{"蒋先生", "沈女士"} {
		if strings.Contains(out, name) {
			t.Errorf("the log names %s:\n%s", name, out)
		}
	}
}

type writerFunc func(p []byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }
