package crdt

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

func TestParseStamp(t *testing.T) {
	tests := []struct {
		in string
		ok bool
	}{
		{"1764312345678-0000-b0d5", true},
		{"1764312345678-0042-server", true},
		{"0000000000000-0000-a", true},
		{"1764312345678-0000-", false},
		{"176431234567-00000-node", false},
		{"1764312345678-000a-node", false},
		{"1764312345678_0000-node", false},
		{"1764312345678-0000-no de", false},
		{"1764312345678-0000-" + strings.Repeat("n", 65), false},
		{"", false},
	}
	for _, tt := range tests {
		_, err := ParseStamp(tt.in)
		if got := err == nil; got != tt.ok {
			t.Errorf("ParseStamp(%q) ok = %v, want %v (err %v)", tt.in, got, tt.ok, err)
		}
	}
}

func TestMakeStampRoundTrip(t *testing.T) {
	s := MakeStamp(1764312345678, 7, "dev-1")
	if s != "1764312345678-0007-dev-1" {
		t.Fatalf("MakeStamp = %q", s)
	}
	if _, err := ParseStamp(string(s)); err != nil {
		t.Fatal(err)
	}
	if s.Wall() != 1764312345678 || s.Counter() != 7 || s.Node() != "dev-1" {
		t.Fatalf("parts = %d %d %q", s.Wall(), s.Counter(), s.Node())
	}
}

func TestClockMonotonicAndObserves(t *testing.T) {
	now := time.UnixMilli(1764312345678)
	c := NewClock("a", func() time.Time { return now })
	first := c.Now()
	second := c.Now()
	if second <= first {
		t.Fatalf("second stamp %q not after first %q", second, first)
	}
	ahead := MakeStamp(1764312399999, 3, "b")
	c.Observe(ahead)
	if got := c.Now(); got <= ahead {
		t.Fatalf("stamp %q after observing %q does not win", got, ahead)
	}
	// A clock that goes backwards never makes stamps go backwards.
	now = now.Add(-time.Hour)
	if got := c.Now(); got <= ahead {
		t.Fatalf("stamp %q went backwards", got)
	}
}

func TestClockCounterCarries(t *testing.T) {
	c := NewClock("a", func() time.Time { return time.UnixMilli(1000) })
	c.Observe(MakeStamp(1000, maxCounter, "b"))
	s := c.Now()
	if s.Wall() != 1001 || s.Counter() != 0 {
		t.Fatalf("after a full counter got %q", s)
	}
}

// randomFields builds a record over a small field and stamp space so that
// merges often collide on names, stamps and even equal stamps.
func randomFields(r *rand.Rand) Fields {
	fs := Fields{}
	for range r.IntN(5) {
		name := fmt.Sprintf("f%d", r.IntN(4))
		fs[name] = Field{
			Value: []byte(fmt.Sprintf("%d", r.IntN(3))),
			Stamp: MakeStamp(int64(r.IntN(3)), r.IntN(2), fmt.Sprintf("n%d", r.IntN(2))),
		}
	}
	return fs
}

func TestMergeProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 20000 {
		a, b, c := randomFields(r), randomFields(r), randomFields(r)
		if got, want := Merge(a, b), Merge(b, a); !got.Equal(want) {
			t.Fatalf("case %d: not commutative: %v vs %v", i, got, want)
		}
		if got, want := Merge(Merge(a, b), c), Merge(a, Merge(b, c)); !got.Equal(want) {
			t.Fatalf("case %d: not associative: %v vs %v", i, got, want)
		}
		if got := Merge(a, a); !got.Equal(a) {
			t.Fatalf("case %d: not idempotent: %v vs %v", i, got, a)
		}
		if got := Merge(Merge(a, b), b); !got.Equal(Merge(a, b)) {
			t.Fatalf("case %d: merging again changed the result", i)
		}
	}
}

func TestMergeKeepsConcurrentDeleteAndEdit(t *testing.T) {
	base := Fields{"name": {Value: []byte(`"Li"`), Stamp: MakeStamp(1, 0, "a")}}
	deleted := Merge(base, Fields{"_deleted": {Value: []byte(`true`), Stamp: MakeStamp(2, 0, "a")}})
	edited := Merge(base, Fields{"name": {Value: []byte(`"Wang"`), Stamp: MakeStamp(2, 0, "b")}})
	got := Merge(deleted, edited)
	if string(got["_deleted"].Value) != "true" || string(got["name"].Value) != `"Wang"` {
		t.Fatalf("got %v, want the delete and the edit", got)
	}
}

func FuzzParseStamp(f *testing.F) {
	f.Add("1764312345678-0000-b0d5")
	f.Add("0000000000000-9999-server")
	f.Add("1764312345678-0000-")
	f.Fuzz(func(t *testing.T, s string) {
		st, err := ParseStamp(s)
		if err != nil {
			return
		}
		if again := MakeStamp(st.Wall(), st.Counter(), st.Node()); again != st {
			t.Fatalf("round trip %q -> %q", s, again)
		}
	})
}

func FuzzMerge(f *testing.F) {
	f.Add(uint64(1), uint64(2))
	f.Fuzz(func(t *testing.T, s1, s2 uint64) {
		r := rand.New(rand.NewPCG(s1, s2))
		a, b, c := randomFields(r), randomFields(r), randomFields(r)
		if !Merge(a, b).Equal(Merge(b, a)) || !Merge(Merge(a, b), c).Equal(Merge(a, Merge(b, c))) || !Merge(a, a).Equal(a) {
			t.Fatalf("merge law broken for %v %v %v", a, b, c)
		}
	})
}
