package feed

import (
	"encoding/json"
	"testing"

	"fieldbook"
	"fieldbook/sync/crdt"
	"fieldbook/sync/rules"
)

// Omit splits the stored objects by their members whatever the values
// hold — quotes, escapes, braces and commas inside strings, nested lists
// and objects — and leaves a record it cannot split whole.
func TestOmit(t *testing.T) {
	values := map[string]string{
		"a_list":  `["health",{"x":"}],"},[1,2]]`,
		"b_text":  `"say \"hi\", {then} [go] \\"`,
		"c_num":   `-12.5e3`,
		"d_null":  `null`,
		"e_obj":   `{"k":{"n":[true,false]},"s":"\\\""}`,
		"f_empty": `""`,
	}
	st := rules.State{Owner: "o", Team: "t", Fields: crdt.Fields{}, ByOthers: map[string]bool{}}
	for k, v := range values {
		st.Fields[k] = crdt.Field{Value: json.RawMessage(v), Stamp: crdt.Stamp("1764312345678-0000-" + k[:1])}
	}
	h, err := parse(Encode(&st, 7))
	if err != nil {
		t.Fatal(err)
	}
	stamps, err := h.stampsJSON()
	if err != nil {
		t.Fatal(err)
	}
	rec := fieldbook.RawRecord{Collection: "c", ID: "i", Fields: h.fields, Stamps: stamps}
	for drop := range values {
		got := Omit(rec, func(name, value, stamp []byte) bool {
			if string(value) != values[string(name)] || string(stamp) != string(st.Fields[string(name)].Stamp) {
				t.Errorf("%s is read as %s stamped %s", name, value, stamp)
			}
			return string(name) == drop
		})
		var fields map[string]json.RawMessage
		var stamps map[string]string
		if err := json.Unmarshal(got.Fields, &fields); err != nil {
			t.Fatalf("without %s the fields are not JSON: %v: %s", drop, err, got.Fields)
		}
		if err := json.Unmarshal(got.Stamps, &stamps); err != nil {
			t.Fatalf("without %s the stamps are not JSON: %v: %s", drop, err, got.Stamps)
		}
		if len(fields) != len(values)-1 || len(stamps) != len(values)-1 || fields[drop] != nil || stamps[drop] != "" {
			t.Errorf("without %s: %s %s", drop, got.Fields, got.Stamps)
		}
		for k, v := range fields {
			if string(v) != values[k] || stamps[k] != string(st.Fields[k].Stamp) {
				t.Errorf("without %s, %s became %s stamped %s", drop, k, v, stamps[k])
			}
		}
	}
	if got := Omit(rec, func(_, _, _ []byte) bool { return false }); string(got.Fields) != string(rec.Fields) {
		t.Errorf("dropping nothing changed the fields: %s", got.Fields)
	}
	all := Omit(rec, func(_, _, _ []byte) bool { return true })
	if string(all.Fields) != "{}" || string(all.Stamps) != "{}" {
		t.Errorf("dropping everything: %s %s", all.Fields, all.Stamps)
	}
	for _, bad := range []string{`{"a":1`, `["a"]`, `{"a":"x}`, `{"a":1,"b"}`, `{"a":{"b":1}`, ``} {
		r := fieldbook.RawRecord{Fields: json.RawMessage(bad), Stamps: json.RawMessage(`{"a":"s"}`)}
		if got := Omit(r, func(_, _, _ []byte) bool { return true }); string(got.Fields) != bad {
			t.Errorf("%q was split into %s", bad, got.Fields)
		}
	}
}
