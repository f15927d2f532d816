package feed

import (
	"context"
	"encoding/json"
	"maps"
	"testing"

	"fieldbook"
	"fieldbook/storage/kv"
	"fieldbook/sync/crdt"
	"fieldbook/sync/rules"
)

// encodeFormat1 writes a record as stores written before format 2 hold
// it: the stamps as a second JSON object, a stamp per field.
func encodeFormat1(st *rules.State, seq uint64) []byte {
	b, fields := encodeFields(recordFormatJSONStamps, st, seq)
	b = append(b, '{')
	for i, f := range fields {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(append(append(b, '"'), f.name...), `":"`...)
		b = append(append(b, f.Stamp...), '"')
	}
	return append(b, '}')
}

// codecStates are records of the shapes stores hold: one stamp, a
// change's and the server's, a stamp per field, no fields at all.
func codecStates() []rules.State {
	change, server := crdt.Stamp("1764312345678-0003-dev-1"), crdt.Stamp("1764312345678-0004-server")
	oneStamp := rules.State{Owner: "o1", Team: "t1", Fields: crdt.Fields{
		"name": {Value: json.RawMessage(`"李雷"`), Stamp: change}, "grade": {Value: json.RawMessage(`"A"`), Stamp: change},
		"children": {Value: json.RawMessage(`[{"name":"乐乐","age":3}]`), Stamp: change}}, ByOthers: map[string]bool{}}
	two := rules.State{Owner: "o1", Team: "", Fields: crdt.Fields{
		"notes": {Value: json.RawMessage(`"say \"hi\", {x}"`), Stamp: change}, fieldbook.FieldOwner: {Value: json.RawMessage(`"o1"`), Stamp: server},
		fieldbook.FieldUpdatedAt: {Value: json.RawMessage(`"2026-12-07T10:00:00.000Z"`), Stamp: server}},
		ByOthers: map[string]bool{fieldbook.FieldOwner: true, fieldbook.FieldUpdatedAt: true, "gone": false}}
	each := rules.State{Owner: "o2", Team: "t2", Fields: crdt.Fields{}, ByOthers: map[string]bool{"b": true}}
	for i, k := range []string{"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k"} {
		each.Fields[k] = crdt.Field{Value: json.RawMessage(`1`), Stamp: crdt.MakeStamp(1764312345678+int64(i), 0, "dev-2")}
	}
	empty := rules.State{Owner: "o3", Fields: crdt.Fields{}, ByOthers: map[string]bool{}}
	return []rules.State{oneStamp, two, each, empty}
}

// Records of format 1 read as they did, and as the same record written
// now reads: the same state, and byte for byte the same wire form.
func TestBothRecordFormatsRead(t *testing.T) {
	for i, st := range codecStates() {
		now, old := Encode(&st, uint64(10+i)), encodeFormat1(&st, uint64(10+i))
		if now[0] != recordFormat || old[0] != recordFormatJSONStamps {
			t.Fatalf("formats %d and %d", now[0], old[0])
		}
		for _, b := range [][]byte{now, old} {
			got, seq, err := Decode(b)
			if err != nil {
				t.Fatalf("record %d, format %d: %v", i, b[0], err)
			}
			if seq != uint64(10+i) || got.Owner != st.Owner || got.Team != st.Team || !maps.EqualFunc(got.Fields, st.Fields, func(a, b crdt.Field) bool {
				return string(a.Value) == string(b.Value) && a.Stamp == b.Stamp
			}) {
				t.Errorf("record %d, format %d decodes to %+v, seq %d; want %+v", i, b[0], got, seq, st)
			}
			for k, by := range st.ByOthers {
				if got.ByOthers[k] != by {
					t.Errorf("record %d, format %d: %s by others %v, want %v", i, b[0], k, got.ByOthers[k], by)
				}
			}
		}
		hn, err1 := parse(now)
		ho, err2 := parse(old)
		if err1 != nil || err2 != nil {
			t.Fatal(err1, err2)
		}
		sn, err1 := hn.stampsJSON()
		so, err2 := ho.stampsJSON()
		if err1 != nil || err2 != nil || string(sn) != string(so) || string(hn.fields) != string(ho.fields) {
			t.Errorf("record %d on the wire: %s %s now, %s %s in format 1 (%v, %v)", i, hn.fields, sn, ho.fields, so, err1, err2)
		}
		if len(now) > len(old) {
			t.Errorf("record %d takes %d bytes, %d in format 1", i, len(now), len(old))
		}
	}
}

func TestDamagedRecordsAreRefused(t *testing.T) {
	st := codecStates()[1]
	good := Encode(&st, 3)
	for name, b := range map[string][]byte{
		"no bytes":           {},
		"an unknown format":  append([]byte{9}, good[1:]...),
		"cut short":          good[:len(good)-12],
		"a stamp index over": append(good[:len(good)-1], 7),
		"an index too many":  append(good, 0),
	} {
		if _, _, err := Decode(b); err == nil {
			t.Errorf("%s: Decode accepted it", name)
		}
		if h, err := parse(b); err == nil {
			if _, err := h.stampsJSON(); err == nil {
				t.Errorf("%s: its stamps were read", name)
			}
		}
	}
}

// A store written before format 2 opens and reads as it did, its records
// pulled as they were and merged into when written again, which stores
// them in the current format.
func TestStoreOfFormat1Opens(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db, err := kv.Open(kv.Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	states := codecStates()
	err = db.Do(ctx, func(tx *kv.Tx) error {
		for i := range states {
			st := &states[i]
			seq := tx.NextSeq()
			tx.Set(RecordKey(fieldbook.Prospects, string(rune('a'+i))), encodeFormat1(st, seq))
			tx.Set(kv.SeqKey(kv.Key("f", "o", st.Owner), seq), []byte(fieldbook.Prospects+"/"+string(rune('a'+i))))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if db, err = kv.Open(kv.Options{Dir: dir}); err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	refs := []string{fieldbook.Prospects + "/a", fieldbook.Prospects + "/b", fieldbook.Prospects + "/c", fieldbook.Prospects + "/d"}
	var recs []fieldbook.RawRecord
	err = db.View(ctx, func(r *kv.View) (err error) {
		recs, err = RawMany(r, refs)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for i, rec := range recs {
		h, _ := parse(encodeFormat1(&states[i], 1))
		if string(rec.Fields) != string(h.fields) || string(rec.Stamps) != string(h.stamps) {
			t.Errorf("%s reads as %s %s, was written %s %s", refs[i], rec.Fields, rec.Stamps, h.fields, h.stamps)
		}
	}
	// Written again: read in format 1, merged, stored in format 2.
	later := crdt.Stamp("1764312399999-0000-dev-1")
	err = db.Do(ctx, func(tx *kv.Tx) error {
		st, seq, err := Read(tx, fieldbook.Prospects, "a")
		if err != nil {
			return err
		}
		was := PlaceOf(fieldbook.Prospects, "a", &st)
		st.Fields.Set("grade", crdt.Field{Value: json.RawMessage(`"B"`), Stamp: later})
		Put(tx, fieldbook.Prospects, "a", was, seq, &st)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	err = db.View(ctx, func(r *kv.View) error {
		v, _, err := r.Get(RecordKey(fieldbook.Prospects, "a"))
		if err != nil {
			return err
		}
		st, _, err := Decode(v)
		if v[0] != recordFormat || err != nil || string(st.Fields["grade"].Value) != `"B"` || st.Fields["grade"].Stamp != later || string(st.Fields["name"].Value) != `"李雷"` {
			t.Errorf("the record written again: format %d, %+v, %v", v[0], st, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
