package server

import (
	"testing"
	"time"

	"fieldbook/sync/protocol"
)

// FuzzDecodeSyncRequest feeds arbitrary bodies to the sync request decoder:
// it must never panic, and what it accepts must hold the protocol's
// envelope rules.
func FuzzDecodeSyncRequest(f *testing.F) {
	f.Add([]byte(`{"client_id":"dev-1","cursor":"","changes":[{"seq":1,"collection":"prospects","id":"0192f0a0-0000-7000-8000-000000000001","hlc":"1764312345678-0000-dev-1","fields":{"name":"李"}}],"limit":500}`))
	f.Add([]byte(`{"client_id":"c","changes":[{"seq":2},{"seq":3,"fields":[]}]}`))
	f.Add([]byte(`{"client_id":"c","changes":[null]}`))
	f.Add([]byte(`[]`))
	now := time.UnixMilli(1764312345678)
	f.Fuzz(func(t *testing.T, body []byte) {
		req, err := decodeSyncRequest(body)
		if err != nil {
			return
		}
		if req.ClientID == "" {
			t.Fatal("accepted a request without client_id")
		}
		sr := req.decodeChanges()
		_, changes, err := protocol.Check(&sr, now)
		if err != nil {
			return
		}
		for i, c := range changes {
			if c.Change.Seq < 1 || i > 0 && c.Change.Seq <= changes[i-1].Change.Seq {
				t.Fatalf("accepted seqs that do not rise: %d", c.Change.Seq)
			}
			if c.Fault == nil && c.Change.Fields == nil {
				t.Fatal("accepted a change without fields")
			}
		}
	})
}
