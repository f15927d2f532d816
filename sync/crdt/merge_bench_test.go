package crdt

import (
	"encoding/json"
	"testing"
)

// benchCustomer is a customers record of ten fields, as an agent keeps it,
// every field written at stamp wall by node.
func benchCustomer(wall int64, node string) Fields {
	values := map[string]any{
		"name":        "王建华",
		"phone":       "138 0013 8000",
		"gender":      "male",
		"age":         42,
		"occupation":  "私营企业主",
		"income_band": "over_1m",
		"spouse":      "李秀英",
		"children":    []map[string]any{{"name": "乐乐", "age": 9}, {"name": "朵朵", "age": 5}},
		"needs":       []string{"health", "education", "pension"},
		"notes":       "经朋友介绍认识，对子女教育金和家庭重疾保障很关心，希望下次带着具体方案当面讲解，周末方便。",
	}
	fs := make(Fields, len(values))
	for name, v := range values {
		b, err := json.Marshal(v)
		if err != nil {
			panic(err)
		}
		fs[name] = Field{Value: b, Stamp: MakeStamp(wall, 0, node)}
	}
	return fs
}

// BenchmarkMerge merges two replicas of a ten-field record: the stored
// state with a phone's edit of some of its fields (the push path), and two
// full replicas that edited every field concurrently (a reconciliation).
func BenchmarkMerge(b *testing.B) {
	stored := benchCustomer(1764312345678, "dev-a")
	edit := Fields{}
	for _, name := range []string{"notes", "needs", "income_band"} {
		edit[name] = Field{Value: stored[name].Value, Stamp: MakeStamp(1764312399999, 0, "dev-b")}
	}
	other := benchCustomer(1764312399999, "dev-b")

	b.Run("edit=3of10", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if got := Merge(stored, edit); len(got) != 10 {
				b.Fatalf("merge has %d fields, want 10", len(got))
			}
		}
	})
	b.Run("replicas=10of10", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if got := Merge(stored, other); len(got) != 10 {
				b.Fatalf("merge has %d fields, want 10", len(got))
			}
		}
	})
	b.Run("set=3of10", func(b *testing.B) {
		// The store's own path: a copy of the state, then Set per field.
		b.ReportAllocs()
		for b.Loop() {
			after := make(Fields, len(stored)+len(edit))
			for k, f := range stored {
				after[k] = f
			}
			for k, f := range edit {
				after.Set(k, f)
			}
		}
	})
}

// BenchmarkClockNow is the cost of one stamp, taken once per change.
func BenchmarkClockNow(b *testing.B) {
	c := NewClock("b0d5c3a1-dev", nil)
	b.ReportAllocs()
	for b.Loop() {
		c.Now()
	}
}
