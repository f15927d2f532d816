package feed

import (
	"encoding/json"
	"testing"
)

// Quoted writes what encoding/json writes, on its fast path (plain ASCII)
// and off it.
func TestQuotedIsJSONMarshal(t *testing.T) {
	for _, s := range []string{"", "01a25101-6977-7505-ba45-065e74eaf737", "一队", `a"b`, `a\b`, "a<b>&c", "tab\there", "\x7f", "\u2028", "\xff"} {
		want, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		if got := Quoted(s); string(got) != string(want) {
			t.Errorf("Quoted(%q) = %s, want %s", s, got, want)
		}
	}
}

func FuzzQuoted(f *testing.F) {
	f.Add("agent-1")
	f.Add("王<建华>")
	f.Fuzz(func(t *testing.T, s string) {
		want, _ := json.Marshal(s)
		if got := Quoted(s); string(got) != string(want) {
			t.Errorf("Quoted(%q) = %s, want %s", s, got, want)
		}
	})
}
