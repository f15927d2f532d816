package diskspace

import (
	"errors"
	"sync/atomic"
	"testing"
)

// volume is a volume whose free space the test sets, measured through the
// watcher's constructor parameter.
type volume struct {
	free atomic.Uint64
	fail atomic.Bool
}

func (v *volume) measure(string) (Usage, error) {
	if v.fail.Load() {
		return Usage{}, errors.New("the volume is gone")
	}
	return Usage{Free: v.free.Load(), Total: 1 << 30}, nil
}

func TestWatcherRefusesBelowTheThresholdAndRecoversAboveItsMargin(t *testing.T) {
	v := &volume{}
	v.free.Store(512 << 20)
	w := New(t.TempDir(), Threshold{Bytes: 64 << 20}, v.measure, nil)
	steps := []struct {
		name    string
		free    uint64
		fail    bool
		wantLow bool
	}{
		{"plenty", 512 << 20, false, false},
		{"at the threshold", 64 << 20, false, false},
		{"one byte below", 64<<20 - 1, false, true},
		{"nearly full", 1 << 20, false, true},
		{"back at the threshold: not yet", 64 << 20, false, true},
		{"within the margin: not yet", 64<<20 + 8<<20 - 1, false, true},
		{"a failed measure keeps the state", 0, true, true},
		{"above the margin", 64<<20 + 8<<20, false, false},
		{"a failed measure keeps this state too", 0, true, false},
		{"between the threshold and the margin, coming down", 66 << 20, false, false},
	}
	for _, s := range steps {
		v.free.Store(s.free)
		v.fail.Store(s.fail)
		st := w.Check()
		if st.Low != s.wantLow {
			t.Fatalf("%s (free %d): low %v, want %v", s.name, s.free, st.Low, s.wantLow)
		}
		if (st.Err != nil) != s.fail {
			t.Fatalf("%s: err %v", s.name, st.Err)
		}
		if free, need, low := w.Room(); low != s.wantLow || need != 64<<20 || !s.fail && free != s.free {
			t.Fatalf("%s: Room() = %d, %d, %v", s.name, free, need, low)
		}
	}
}

func TestWatcherStopsEveryWriteBelowTheFloor(t *testing.T) {
	v := &volume{}
	v.free.Store(512 << 20)
	w := New(t.TempDir(), Threshold{Bytes: 64 << 20}, v.measure, nil)
	for _, s := range []struct {
		name            string
		free            uint64
		wantLow, wantFl bool
	}{
		{"plenty", 512 << 20, false, false},
		{"below the threshold, above the floor", 20 << 20, true, false},
		{"one byte below the floor (16 MiB)", 16<<20 - 1, true, true},
		{"empty", 0, true, true},
		{"back at the floor: not yet", 16 << 20, true, true},
		{"above the floor and its margin", 18 << 20, true, false},
		{"above the threshold and its margin", 72 << 20, false, false},
	} {
		v.free.Store(s.free)
		st := w.Check()
		if st.Low != s.wantLow || st.Full != s.wantFl || (w.Floor() != nil) != s.wantFl {
			t.Fatalf("%s (free %d): low %v full %v floor %v, want low %v full %v", s.name, s.free, st.Low, st.Full, w.Floor(), s.wantLow, s.wantFl)
		}
	}
	v.free.Store(0)
	w.Check()
	if err := w.Floor(); !errors.Is(err, ErrNoRoom) {
		t.Fatalf("Floor() on an empty volume: %v", err)
	}
}

func TestWatcherOverARealDirectory(t *testing.T) {
	dir := t.TempDir()
	u, err := Statfs(dir)
	if err != nil {
		t.Fatal(err)
	}
	if u.Total == 0 || u.Free > u.Total {
		t.Fatalf("statfs of %s: %+v", dir, u)
	}
	for _, tc := range []struct {
		need    Threshold
		wantLow bool
	}{
		{Threshold{Bytes: 1}, false},
		{Threshold{Bytes: u.Total + 1<<30}, true}, // more than the volume holds
		{Threshold{Percent: 0.0001}, u.Free < u.Total/1e6},
		{Threshold{Percent: 99.9999}, true},
	} {
		w := New(dir, tc.need, Statfs, nil)
		st := w.State()
		if st.Err != nil || st.Low != tc.wantLow || st.Total != u.Total {
			t.Errorf("threshold %v over %s: %+v, want low %v", tc.need, dir, st, tc.wantLow)
		}
	}
	if _, err := Statfs(dir + "/missing"); err == nil {
		t.Error("statfs of a missing directory succeeded")
	}
}

func TestParseThreshold(t *testing.T) {
	for in, want := range map[string]Threshold{
		"268435456": {Bytes: 256 << 20}, "256MiB": {Bytes: 256 << 20}, "256 MiB": {Bytes: 256 << 20}, "1GiB": {Bytes: 1 << 30},
		"500MB": {Bytes: 500_000_000}, "64k": {Bytes: 64 << 10}, "5%": {Percent: 5}, "0.5%": {Percent: 0.5},
	} {
		if got, err := ParseThreshold(in); err != nil || got != want {
			t.Errorf("ParseThreshold(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "0", "-1", "12XB", "100%", "0%", "abc", "1.5GiB", "99999999999TiB"} {
		if got, err := ParseThreshold(in); err == nil {
			t.Errorf("ParseThreshold(%q) = %v, want an error", in, got)
		}
	}
}
