package fieldbook

import (
	"slices"
	"testing"
)

// The vocabulary's lists have unique names and unique words, and the
// default weekly table speaks of known kinds only.
func TestVocabulary(t *testing.T) {
	seen := map[string]bool{}
	for _, w := range Vocabulary() {
		if seen[w.Name] || w.Name == "" || len(w.List) == 0 {
			t.Errorf("list %q is empty, unnamed or named twice", w.Name)
		}
		seen[w.Name] = true
		words := slices.Clone(w.List)
		slices.Sort(words)
		if len(slices.Compact(words)) != len(w.List) {
			t.Errorf("%s repeats a word: %v", w.Name, w.List)
		}
	}
	for _, r := range DefaultSettings().WeeklyTable {
		if !slices.Contains(Kinds(), r.Kind) {
			t.Errorf("the default table counts %q, which is no kind", r.Kind)
		}
	}
	if got := WordsOf("KINDS"); !slices.Equal(got, Kinds()) {
		t.Errorf("WordsOf(KINDS) = %v", got)
	}
	if WordsOf("NOPE") != nil {
		t.Error("an unknown list has words")
	}
	// Each call returns a fresh list: a caller that changes it changes nothing else.
	k := Kinds()
	k[0] = "x"
	if Kinds()[0] != KindProspect {
		t.Error("Kinds() shares its list")
	}
}
