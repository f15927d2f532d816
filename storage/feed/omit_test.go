package feed

import (
	"context"
	"encoding/json"
	"testing"

	"fieldbook"
	"fieldbook/storage/kv"
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

// RawManyKnown leaves out what echoes names, from records of both
// formats, byte for byte as Omit does on the record read whole.
func TestEchoesLeaveOutWhatOmitDoes(t *testing.T) {
	tricky := rules.State{Owner: "o", Team: "t", Fields: crdt.Fields{
		"a_list": {Value: json.RawMessage(`["health",{"x":"}],"},[1,2]]`), Stamp: "1764312345678-0000-a"},
		"b_text": {Value: json.RawMessage(`"say \"hi\", {then} [go] \\"`), Stamp: "1764312345678-0000-b"},
		"c_num":  {Value: json.RawMessage(`-12.5e3`), Stamp: "1764312345678-0000-a"},
	}, ByOthers: map[string]bool{}}
	drops := map[string]func(name, value, stamp []byte) bool{
		"nothing":    func(_, _, _ []byte) bool { return false },
		"everything": func(_, _, _ []byte) bool { return true },
		"one name":   func(name, _, _ []byte) bool { return string(name) == "b_text" || string(name) == "b" },
		"one stamp":  func(_, _, stamp []byte) bool { return string(stamp) == "1764312345678-0000-a" },
		"one value":  func(_, value, _ []byte) bool { return string(value) == "1" || string(value) == `-12.5e3` },
	}
	ctx := context.Background()
	for i, st := range append(codecStates(), tricky) {
		for _, stored := range [][]byte{Encode(&st, uint64(10+i)), encodeFormat1(&st, uint64(10+i))} {
			for name, drop := range drops {
				db, err := kv.Open(kv.Options{InMemory: true})
				if err != nil {
					t.Fatal(err)
				}
				if err := db.Do(ctx, func(tx *kv.Tx) error { tx.Set(RecordKey("c", "i"), stored); return nil }); err != nil {
					t.Fatal(err)
				}
				var whole, omitted []fieldbook.RawRecord
				err = db.View(ctx, func(r *kv.View) (err error) {
					if whole, err = RawMany(r, []string{"c/i"}); err != nil {
						return err
					}
					omitted, err = RawManyKnown(r, []string{"c/i"}, nil, nil, func(collection, id string) func(name, value, stamp []byte) bool {
						if collection != "c" || id != "i" {
							t.Errorf("echoes asked for %s/%s", collection, id)
						}
						return drop
					})
					return err
				})
				db.Close()
				if err != nil {
					t.Fatal(err)
				}
				want := Omit(whole[0], drop)
				if got := omitted[0]; string(got.Fields) != string(want.Fields) || string(got.Stamps) != string(want.Stamps) {
					t.Errorf("record %d, format %d, dropping %s: got %s %s, want %s %s", i, stored[0], name, got.Fields, got.Stamps, want.Fields, want.Stamps)
				}
			}
		}
	}
}

// A record's wire form made ahead (PrepareWire) is what the pull would
// make from the record read back; one known under another seq is read.
func TestWireMadeAheadIsWhatThePullReads(t *testing.T) {
	ctx := context.Background()
	db, err := kv.Open(kv.Options{InMemory: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	states := codecStates()
	refs := make([]string, len(states))
	seqs := make([]uint64, len(states))
	written := Written{}
	err = db.Do(ctx, func(tx *kv.Tx) error {
		for i := range states {
			refs[i] = "c/" + string(rune('a'+i))
			seqs[i] = uint64(20 + i)
			stored := Encode(&states[i], seqs[i])
			tx.Set(RecordKey("c", string(rune('a'+i))), stored)
			written[refs[i]] = Stored{Seq: seqs[i], Value: stored}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// The last record is known under an older seq: the pull reads it.
	stale := written[refs[len(refs)-1]]
	stale.Seq--
	stale.Value = Encode(&states[0], stale.Seq) // what it held before
	written[refs[len(refs)-1]] = stale
	for name, echoes := range map[string]Echoes{
		"protocol 1": nil,
		"protocol 2": func(collection, id string) func(name, value, stamp []byte) bool {
			if id == "b" {
				return nil
			}
			return func(name, _, _ []byte) bool { return string(name) != "notes" }
		},
	} {
		known := Written{}
		for k, v := range written {
			known[k] = v
		}
		PrepareWire(known, echoes)
		for _, ref := range refs[:len(refs)-1] {
			if known[ref].Wire == nil {
				t.Fatalf("%s: no wire form for %s", name, ref)
			}
		}
		var ahead, read []fieldbook.RawRecord
		err := db.View(ctx, func(r *kv.View) (err error) {
			if ahead, err = RawManyKnown(r, refs, seqs, known, echoes); err != nil {
				return err
			}
			read, err = RawManyKnown(r, refs, seqs, nil, echoes)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		for i := range read {
			a, b := ahead[i], read[i]
			if a.Collection != b.Collection || a.ID != b.ID || string(a.Fields) != string(b.Fields) || string(a.Stamps) != string(b.Stamps) {
				t.Errorf("%s, %s: made ahead %s %s %s, read %s %s %s", name, refs[i], a.ID, a.Fields, a.Stamps, b.ID, b.Fields, b.Stamps)
			}
		}
	}
}
