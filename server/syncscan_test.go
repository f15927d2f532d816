package server

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"testing"

	"fieldbook/workload"
)

// appBody is a sync request as the app and the load send it.
func appBody(n int) []byte {
	changes := workload.Array(workload.NewDevice("dev-1", 1, 500).Batches(n, n)[0])
	return fmt.Appendf(nil, `{"protocol":2,"client_id":"dev-1","cursor":"MS5h","limit":1000,"changes":%s}`, changes)
}

// scanCases are bodies the scan takes (true) or leaves to encoding/json.
var scanCases = []struct {
	body string
	ok   bool
}{
	{string(appBody(20)), true},
	{`{"client_id":"c"}`, true},
	{` {"changes":[] , "client_id" : "c","protocol":1} ` + "\n", true},
	{`{"client_id":"c","changes":[{"seq":1,"collection":"prospects","id":"x","hlc":"h","fields":{"a":{"b":[1,-2.5e+3,true,false,null,"\u00e9\n\"x\""]},"c": [ ] ,"d":{}}}]}`, true},
	{`{"client_id":"c","changes":[{"seq":1.5,"fields":{"a":1,"a":2}}]}`, true}, // the last of a repeated field, as encoding/json keeps
	{`{"client_id":"李","cursor":"é"}`, true},
	{`{"client_id":"c","protocol":-0}`, true},
	{`{"client_id":"c\u0041"}`, false}, // an escape in a string the scan decodes
	{`{"Client_ID":"c"}`, false},       // encoding/json matches names in any case
	{`{"client_id":"c","extra":1}`, false},
	{`{"client_id":"c","client_id":"d"}`, false},
	{`{"client_id":"c","protocol":null}`, false},
	{`{"client_id":"c","protocol":2.0}`, false},
	{`{"client_id":"c","limit":12345678901}`, false},
	{`{"client_id":"c","changes":[null]}`, false},
	{`{"client_id":"c","changes":[{"seq":"1"}]}`, false},
	{`{"client_id":"c","changes":[{"seq":1,"fields":{"a":01}}]}`, false},
	{`{"client_id":"c","changes":[{"seq":1,"fields":{"a":"\x"}}]}`, false},
	{`{"client_id":"c","changes":[{"seq":1,"fields":{"a":[1,]}}]}`, false},
	{`{"client_id":"c","changes":[{"seq":1,"fields":{"a":tru}}]}`, false},
	{"{\"client_id\":\"c\x01\"}", false},
	{"{\"client_id\":\"\xff\"}", false},
	{`{"client_id":"c"} {}`, false},
	{`{"client_id":"c"`, false},
	{`[]`, false},
	{`{"client_id":"c","changes":[{"seq":1,"fields":{"a":` + string(bytes.Repeat([]byte("["), 100)) + string(bytes.Repeat([]byte("]"), 100)) + `}}]}`, false},
}

func TestScanSyncRequestReadsWhatEncodingJSONReads(t *testing.T) {
	for _, tc := range scanCases {
		got, ok := scanSyncRequest([]byte(tc.body))
		if ok != tc.ok {
			t.Errorf("scan of %.80q: ok %v, want %v", tc.body, ok, tc.ok)
		}
		if ok {
			agree(t, []byte(tc.body), got)
		}
	}
	// A change with white space inside a value is not marked compact.
	for body, want := range map[string]bool{
		`{"client_id":"c","changes":[{"seq":1,"fields":{"a":[1,2],"b":"x y"}}]}`: true,
		`{"client_id":"c","changes":[{"seq":1,"fields":{"a":[1, 2]}}]}`:          false,
		`{"client_id":"c","changes":[{"seq":1,"fields":{ "a" : {"b":1} }}]}`:     true,
		`{"client_id":"c","changes":[{"seq":1,"fields":{"a":{"b": 1}}}]}`:        false,
	} {
		if req, ok := scanSyncRequest([]byte(body)); !ok || req.Changes[0].compact != want {
			t.Errorf("scan of %s: ok %v, compact %v, want %v", body, ok, ok && req.Changes[0].compact, want)
		}
	}
	// What the scan leaves, decodeSyncRequest still reads.
	req, err := decodeSyncRequest([]byte(`{"client_id":"c\u0041","changes":[{"seq":1,"fields":{"a":1}}]}`))
	if err != nil || req.ClientID != "cA" || len(req.Changes) != 1 {
		t.Errorf("decodeSyncRequest with an escape = %+v, %v", req, err)
	}
}

// agree fails unless encoding/json reads body as the scan did.
func agree(t *testing.T, body []byte, got syncRequest) {
	t.Helper()
	want, err := decodeSyncRequestJSON(body)
	if err != nil || want.raw != nil {
		t.Fatalf("the scan took %.200q, which encoding/json refuses (%v) or reads change by change", body, err)
	}
	if !reflect.DeepEqual(got.Protocol, want.Protocol) || !reflect.DeepEqual(got.Limit, want.Limit) ||
		got.ClientID != want.ClientID || got.Cursor != want.Cursor || (got.Changes == nil) != (want.Changes == nil) || len(got.Changes) != len(want.Changes) {
		t.Fatalf("%.200q: the scan read %+v, encoding/json %+v", body, got, want)
	}
	for i := range got.Changes {
		g, w := got.Changes[i], want.Changes[i]
		if g.Seq != w.Seq || g.Collection != w.Collection || g.ID != w.ID || g.HLC != w.HLC || (g.Fields == nil) != (w.Fields == nil) || len(g.Fields) != len(w.Fields) {
			t.Fatalf("%.200q: change %d: the scan read %+v, encoding/json %+v", body, i, g, w)
		}
		for k, v := range w.Fields {
			if gv, ok := g.Fields[k]; !ok || !bytes.Equal(gv, v) {
				t.Fatalf("%.200q: change %d field %s: the scan read %s, encoding/json %s", body, i, k, gv, v)
			}
			var c bytes.Buffer
			if g.compact && (json.Compact(&c, v) != nil || !bytes.Equal(c.Bytes(), v)) {
				t.Fatalf("%.200q: change %d field %s: %s is marked compact", body, i, k, v)
			}
		}
	}
}

// FuzzScanAgreesWithDecoder: whatever the scan takes, encoding/json reads
// the same.
func FuzzScanAgreesWithDecoder(f *testing.F) {
	for _, tc := range scanCases {
		f.Add([]byte(tc.body))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		if got, ok := scanSyncRequest(bytes.Clone(body)); ok {
			agree(t, body, got)
		}
	})
}
