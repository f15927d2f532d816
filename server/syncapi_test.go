package server

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"fieldbook"
	"fieldbook/scoring"
	"fieldbook/sync/crdt"
	"fieldbook/sync/protocol"
	"fieldbook/sync/rules"
)

func TestSyncRejectionCodes(t *testing.T) {
	e := newEnv(t)
	tm := e.team("一队")
	agent := e.person("li", fieldbook.RoleAgent, tm.ID)
	other := e.person("wang", fieldbook.RoleAgent, tm.ID)
	theirs := newID()
	e.sync(other, other.change(fieldbook.Customers, theirs, map[string]any{"name": "王五"}))

	future := string(crdt.MakeStamp(time.Now().Add(time.Hour).UnixMilli(), 0, agent.client))
	tests := []struct {
		name   string
		change func() map[string]any
		want   string
	}{
		{"unknown collection", func() map[string]any {
			return agent.change("policies", newID(), map[string]any{"name": "x"})
		}, "rejected:unknown_collection"},
		{"malformed id", func() map[string]any {
			return agent.change(fieldbook.Prospects, "not-a-uuid", map[string]any{"name": "x"})
		}, "rejected:invalid"},
		{"uppercase id", func() map[string]any {
			return agent.change(fieldbook.Prospects, strings.ToUpper(newID()), map[string]any{"name": "x"})
		}, "rejected:invalid"},
		{"malformed stamp", func() map[string]any {
			c := agent.change(fieldbook.Prospects, newID(), map[string]any{"name": "x"})
			c["hlc"] = "yesterday"
			return c
		}, "rejected:invalid"},
		{"clock skew", func() map[string]any {
			c := agent.change(fieldbook.Prospects, newID(), map[string]any{"name": "x"})
			c["hlc"] = future
			return c
		}, "rejected:clock_skew"},
		{"text too long", func() map[string]any {
			return agent.change(fieldbook.Prospects, newID(), map[string]any{"name": "x", "notes": strings.Repeat("字", rules.MaxText+1)})
		}, "rejected:too_large"},
		{"change too large", func() map[string]any {
			return agent.change(fieldbook.Customers, newID(), map[string]any{"name": "x", "notes": strings.Repeat("a", 7000),
				"occupation": strings.Repeat("b", 7000), "spouse": strings.Repeat("c", 7000), "phone": strings.Repeat("d", 7000),
				"income_band": strings.Repeat("e", 7000), "gender": strings.Repeat("f", 7000), "prospect_id": strings.Repeat("g", 7000),
				"needs": []string{strings.Repeat("h", 7000), strings.Repeat("i", 7000), strings.Repeat("j", 7000)}})
		}, "rejected:too_large"},
		{"another's record", func() map[string]any {
			return agent.change(fieldbook.Customers, theirs, map[string]any{"notes": "mine now"})
		}, "rejected:forbidden"},
		{"server-owned field", func() map[string]any {
			return agent.change(fieldbook.Prospects, newID(), map[string]any{"name": "x", "owner_id": other.ID})
		}, "rejected:forbidden"},
		{"server-only collection", func() map[string]any {
			return agent.change(fieldbook.Members, newID(), map[string]any{"name": "x"})
		}, "rejected:forbidden"},
		{"bad enum", func() map[string]any {
			return agent.change(fieldbook.Prospects, newID(), map[string]any{"name": "x", "grade": "E"})
		}, "rejected:invalid"},
		{"score out of range", func() map[string]any {
			return agent.change(fieldbook.Prospects, newID(), map[string]any{"name": "x", "trust_score": 11})
		}, "rejected:invalid"},
		{"age not whole", func() map[string]any {
			return agent.change(fieldbook.Customers, newID(), map[string]any{"name": "x", "age": 30.5})
		}, "rejected:invalid"},
		{"time without offset", func() map[string]any {
			return agent.change(fieldbook.Activities, newID(), map[string]any{"kind": "visit", "occurred_at": "2026-11-28 10:30"})
		}, "rejected:invalid"},
		{"premium on a visit", func() map[string]any {
			return agent.change(fieldbook.Activities, newID(), map[string]any{"kind": "visit", "occurred_at": "2026-11-28T10:30:00+08:00", "premium": 5000})
		}, "rejected:invalid"},
		{"missing required field", func() map[string]any {
			return agent.change(fieldbook.Activities, newID(), map[string]any{"kind": "visit"})
		}, "rejected:invalid"},
		{"unknown field", func() map[string]any {
			return agent.change(fieldbook.Prospects, newID(), map[string]any{"name": "x", "shoe_size": 42})
		}, "rejected:invalid"},
		{"day log with a random id", func() map[string]any {
			return agent.change(fieldbook.DayLogs, newID(), map[string]any{"date": "2026-11-27"})
		}, "rejected:invalid"},
		{"fields not an object", func() map[string]any {
			c := agent.change(fieldbook.Prospects, newID(), nil)
			c["fields"] = "name=x"
			return c
		}, "rejected:invalid"},
		{"a good one", func() map[string]any {
			return agent.change(fieldbook.Prospects, newID(), map[string]any{"name": "韩梅梅", "source": "referral", "referrer": "李雷", "grade": "A", "trust_score": 9})
		}, "applied"},
		{"a need score without the person's consent", func() map[string]any {
			return agent.change(fieldbook.Prospects, newID(), map[string]any{"name": "韩梅梅", "need_score": 9})
		}, "rejected:consent_required"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := e.sync(agent, tt.change())
			if got := results(a); len(got) != 1 || got[0] != tt.want {
				t.Fatalf("results = %v, want [%s]", got, tt.want)
			}
			if tt.want != "applied" {
				r := a.body["results"].([]any)[0].(map[string]any)
				if msg, _ := r["message"].(string); len(msg) < 10 {
					t.Errorf("rejection message %q does not help a person", msg)
				}
			}
		})
	}
}

func TestRejectionOrder(t *testing.T) {
	e := newEnv(t)
	tm := e.team("一队")
	agent := e.person("li", fieldbook.RoleAgent, tm.ID)
	// Several rules broken at once: the first in docs/protocol.md's order wins.
	future := string(crdt.MakeStamp(time.Now().Add(time.Hour).UnixMilli(), 0, agent.client))
	c := agent.change(fieldbook.Prospects, newID(), map[string]any{"owner_id": "x", "grade": "Z", "notes": strings.Repeat("n", 9000)})
	c["hlc"] = future
	if got := results(e.sync(agent, c)); got[0] != "rejected:clock_skew" {
		t.Fatalf("skew+large+forbidden+invalid: %v", got)
	}
	c = agent.change(fieldbook.Prospects, newID(), map[string]any{"owner_id": "x", "grade": "Z", "notes": strings.Repeat("n", 9000)})
	if got := results(e.sync(agent, c)); got[0] != "rejected:too_large" {
		t.Fatalf("large+forbidden+invalid: %v", got)
	}
	c = agent.change(fieldbook.Prospects, newID(), map[string]any{"owner_id": "x", "grade": "Z"})
	if got := results(e.sync(agent, c)); got[0] != "rejected:forbidden" {
		t.Fatalf("forbidden+invalid: %v", got)
	}
}

func TestSyncRequestErrors(t *testing.T) {
	e := newEnv(t, func(c *Config) { c.SyncRate = 1000 })
	tm := e.team("一队")
	agent := e.person("li", fieldbook.RoleAgent, tm.ID)
	thief := e.person("wang", fieldbook.RoleAgent, tm.ID)
	e.sync(agent)

	tooMany := make([]map[string]any, protocol.MaxChanges+1)
	for i := range tooMany {
		tooMany[i] = map[string]any{"seq": i + 1, "collection": "prospects", "id": newID(), "hlc": string(agent.clock.Now()), "fields": map[string]any{"name": "x"}}
	}
	tests := []struct {
		name   string
		token  string
		body   any
		status int
		code   string
	}{
		{"no token", "", map[string]any{"client_id": "c"}, 401, fieldbook.CodeUnauthorized},
		{"not JSON", agent.access, "{", 400, fieldbook.CodeMalformed},
		{"array body", agent.access, "[]", 400, fieldbook.CodeMalformed},
		{"no client_id", agent.access, map[string]any{"changes": []any{}}, 400, fieldbook.CodeMalformed},
		{"bad client_id", agent.access, map[string]any{"client_id": "a b"}, 400, fieldbook.CodeMalformed},
		{"another user's client", thief.access, map[string]any{"client_id": agent.client}, 403, fieldbook.CodeForbidden},
		{"protocol 4", agent.access, map[string]any{"client_id": agent.client, "protocol": 4}, 426, fieldbook.CodeUpgradeRequired},
		{"too many changes", agent.access, map[string]any{"client_id": agent.client, "changes": tooMany}, 413, fieldbook.CodeTooLarge},
		{"seq missing", agent.access, map[string]any{"client_id": agent.client, "changes": []any{map[string]any{"collection": "prospects"}}}, 400, fieldbook.CodeMalformed},
		{"seq not a number", agent.access, map[string]any{"client_id": agent.client, "changes": []any{map[string]any{"seq": "one"}}}, 400, fieldbook.CodeMalformed},
		{"change not an object", agent.access, map[string]any{"client_id": agent.client, "changes": []any{42}}, 400, fieldbook.CodeMalformed},
		{"seqs out of order", agent.access, map[string]any{"client_id": agent.client, "changes": []any{map[string]any{"seq": 2}, map[string]any{"seq": 1}}}, 400, fieldbook.CodeMalformed},
		{"limit zero", agent.access, map[string]any{"client_id": agent.client, "limit": 0}, 400, fieldbook.CodeMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := e.do("POST", "/api/sync", tt.token, tt.body)
			if a.status != tt.status || a.code() != tt.code {
				t.Fatalf("got %d %q, want %d %q: %.300s", a.status, a.code(), tt.status, tt.code, a.raw)
			}
		})
	}
	// A body over 1 MiB is refused from its Content-Length, before it is
	// read; the server then closes the connection, so read the answer on a
	// raw connection that sends only the start of the body.
	conn, err := net.Dial("tcp", strings.TrimPrefix(e.url, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "POST /api/sync HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n{\"client_id\":", agent.access, 2<<20)
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 413 || !strings.Contains(string(raw), fieldbook.CodeTooLarge) {
		t.Errorf("body over 1 MiB: %d %s", resp.StatusCode, raw)
	}
	if a := e.do("POST", "/api/sync", agent.access, map[string]any{"client_id": agent.client, "protocol": 4}); a.body["versions"] == nil {
		t.Errorf("426 does not name the versions the server speaks: %s", a.raw)
	}
}

// A request that is refused (426, 429, 413, 400) writes nothing, not even
// the binding of a new client_id to its user: another user may still take
// that client_id afterwards.
func TestARefusedSyncRequestWritesNothing(t *testing.T) {
	e := newEnv(t, func(c *Config) { c.SyncRate = 1000 })
	tm := e.team("一队")
	li := e.person("li", fieldbook.RoleAgent, tm.ID)
	wang := e.person("wang", fieldbook.RoleAgent, tm.ID)
	tooMany := make([]map[string]any, protocol.MaxChanges+1)
	for i := range tooMany {
		tooMany[i] = map[string]any{"seq": i + 1}
	}
	for _, tt := range []struct {
		name   string
		body   map[string]any
		status int
	}{
		{"protocol 4", map[string]any{"protocol": 4}, 426},
		{"too many changes", map[string]any{"changes": tooMany}, 413},
		{"limit zero", map[string]any{"limit": 0}, 400},
		{"seqs that fall", map[string]any{"changes": []any{map[string]any{"seq": 2}, map[string]any{"seq": 1}}}, 400},
	} {
		client := "dev-" + strings.ReplaceAll(tt.name, " ", "-")
		tt.body["client_id"] = client
		if a := e.do("POST", "/api/sync", li.access, tt.body); a.status != tt.status {
			t.Fatalf("%s: %d, want %d: %s", tt.name, a.status, tt.status, a.raw)
		}
		if a := e.do("POST", "/api/sync", wang.access, map[string]any{"client_id": client}); a.status == 403 {
			t.Fatalf("%s: the refused request bound its client_id to li: %s", tt.name, a.raw)
		}
	}
	// A pull that is answered binds: the client_id is li's from then on.
	e.must(200, "POST", "/api/sync", li.access, map[string]any{"client_id": "dev-li-pulls"})
	if a := e.do("POST", "/api/sync", wang.access, map[string]any{"client_id": "dev-li-pulls"}); a.status != 403 {
		t.Fatalf("an answered pull did not bind its client_id: %d %s", a.status, a.raw)
	}

	// Rate-limited (a burst of 1): li's one allowed request is spent, the
	// next is 429 and binds nothing.
	r := newEnv(t, func(c *Config) { c.SyncRate = 0.001 })
	tm = r.team("一队")
	li, wang = r.person("li", fieldbook.RoleAgent, tm.ID), r.person("wang", fieldbook.RoleAgent, tm.ID)
	r.must(200, "POST", "/api/sync", li.access, map[string]any{"client_id": "dev-li-spent"})
	if a := r.do("POST", "/api/sync", li.access, map[string]any{"client_id": "dev-li-limited"}); a.status != 429 {
		t.Fatalf("rate limit: %d %s", a.status, a.raw)
	}
	if a := r.do("POST", "/api/sync", wang.access, map[string]any{"client_id": "dev-li-limited"}); a.status != 200 {
		t.Fatalf("a 429 bound its client_id: %d %s", a.status, a.raw)
	}
}

func TestSeqGapAndDuplicates(t *testing.T) {
	e := newEnv(t)
	tm := e.team("一队")
	agent := e.person("li", fieldbook.RoleAgent, tm.ID)
	c1 := agent.change(fieldbook.Prospects, newID(), map[string]any{"name": "一"})
	c2 := agent.change(fieldbook.Prospects, newID(), map[string]any{"grade": "Q"})
	if got := results(e.sync(agent, c1, c2)); !slices.Equal(got, []string{"applied", "rejected:invalid"}) {
		t.Fatalf("first: %v", got)
	}
	if got := results(e.sync(agent, c1, c2)); !slices.Equal(got, []string{"duplicate", "rejected:invalid"}) {
		t.Fatalf("retry: %v", got)
	}
	agent.change(fieldbook.Prospects, newID(), map[string]any{"name": "lost"})
	c4 := agent.change(fieldbook.Prospects, newID(), map[string]any{"name": "四"})
	a := e.do("POST", "/api/sync", agent.access, map[string]any{"client_id": agent.client, "changes": []any{c4}})
	if a.status != 409 || a.code() != fieldbook.CodeSeqGap || a.body["last_seq"] != float64(2) {
		t.Fatalf("gap: %d %s", a.status, a.raw)
	}
}

// A client that got the answer for a later change but lost the one for an
// earlier change sends both again, leaving out what came between
// (docs/protocol.md): seqs rise, and only from the first new one by one.
func TestSeqsMayLeaveOutWhatWasProcessed(t *testing.T) {
	e := newEnv(t)
	tm := e.team("一队")
	agent := e.person("li", fieldbook.RoleAgent, tm.ID)
	c1 := agent.change(fieldbook.Prospects, newID(), map[string]any{"name": "一"})
	c2 := agent.change(fieldbook.Prospects, newID(), map[string]any{"grade": "Q"})
	c3 := agent.change(fieldbook.Prospects, newID(), map[string]any{"name": "三"})
	e.sync(agent, c1, c2, c3)
	c4 := agent.change(fieldbook.Prospects, newID(), map[string]any{"name": "四"})
	if got := results(e.sync(agent, c1, c3, c4)); !slices.Equal(got, []string{"duplicate", "duplicate", "applied"}) {
		t.Fatalf("[1, 3, 4] after 3: %v", got)
	}
	if got := results(e.sync(agent, c2, c4)); !slices.Equal(got, []string{"rejected:invalid", "duplicate"}) {
		t.Fatalf("[2, 4] after 4: a left-out seq's rejection is remembered: %v", got)
	}
	c5 := agent.change(fieldbook.Prospects, newID(), map[string]any{"name": "五"})
	agent.change(fieldbook.Prospects, newID(), map[string]any{"name": "六"})
	c7 := agent.change(fieldbook.Prospects, newID(), map[string]any{"name": "七"})
	for _, tt := range []struct {
		name    string
		changes []any
		status  int
		code    string
	}{
		{"a gap after the first new seq", []any{c4, c5, c7}, 400, fieldbook.CodeMalformed},
		{"seqs that fall", []any{c5, c4}, 400, fieldbook.CodeMalformed},
		{"a seq twice", []any{c5, c5}, 400, fieldbook.CodeMalformed},
		{"the first new seq beyond the last + 1", []any{c3, c7}, 409, fieldbook.CodeSeqGap},
	} {
		a := e.do("POST", "/api/sync", agent.access, map[string]any{"client_id": agent.client, "changes": tt.changes})
		if a.status != tt.status || a.code() != tt.code {
			t.Errorf("%s: got %d %q, want %d %q: %.300s", tt.name, a.status, a.code(), tt.status, tt.code, a.raw)
		}
	}
	if _, found, err := e.st.Get(t.Context(), fieldbook.Prospects, c5["id"].(string)); err != nil || found {
		t.Errorf("a refused request applied seq 5: %v %v", found, err)
	}
	if got := results(e.sync(agent, c4, c5)); !slices.Equal(got, []string{"duplicate", "applied"}) {
		t.Fatalf("[4, 5] after 4: %v", got)
	}
}

func TestSyncRateLimit(t *testing.T) {
	e := newEnv(t, func(c *Config) { c.SyncRate = 1 })
	tm := e.team("一队")
	agent := e.person("li", fieldbook.RoleAgent, tm.ID)
	var last answer
	for range 20 {
		last = e.do("POST", "/api/sync", agent.access, map[string]any{"client_id": agent.client})
		if last.status == 429 {
			break
		}
	}
	if last.status != 429 || last.code() != fieldbook.CodeRateLimited {
		t.Fatalf("20 syncs at once at 1/s (burst 10): %d", last.status)
	}
}

func TestSyncAnswerCarriesServerTimeAndOwnChanges(t *testing.T) {
	e := newEnv(t)
	tm := e.team("一队")
	agent := e.person("li", fieldbook.RoleAgent, tm.ID)
	id := newID()
	a := e.sync(agent, agent.change(fieldbook.Prospects, id, map[string]any{"name": "一"}))
	if st, _ := a.body["server_time"].(float64); time.Since(time.UnixMilli(int64(st))).Abs() > time.Minute {
		t.Fatalf("server_time %v", a.body["server_time"])
	}
	found := false
	for _, r := range a.body["records"].([]any) {
		m := r.(map[string]any)
		if m["id"] == id {
			found = true
			if m["stamps"].(map[string]any)["name"] == nil {
				t.Fatal("record without stamps")
			}
		}
	}
	if !found {
		t.Fatal("the answer does not include the change it applied")
	}
}

// The 64 KiB limit is on the change as compact JSON: a change of exactly
// 65,536 bytes passes it (and is then judged on its fields: these are
// unknown, so invalid), one of 65,537 is too_large, and the white space of
// a pretty-printed change does not count.
func TestTheChangeLimitIsOnTheCompactChange(t *testing.T) {
	e := newEnv(t, func(c *Config) { c.SyncRate = 1000 })
	agent := e.person("li", fieldbook.RoleAgent, e.team("一队").ID)
	e.sync(agent)
	// change is a compact change of exactly size bytes; spaced puts white
	// space inside its first value, a list.
	change := func(size int, spaced bool) string {
		agent.seq++
		head := fmt.Sprintf(`{"seq":%d,"collection":"prospects","id":"%s","hlc":"%s","fields":{"pad0":["a","b"]`, agent.seq, newID(), agent.clock.Now())
		tail := `}}`
		var fields []string
		left := size - len(head) - len(tail)
		for i := 1; left > 0; i++ {
			frame := len(fmt.Sprintf(`,"pad%d":""`, i))
			n := min(rules.MaxText, left-frame)
			fields = append(fields, fmt.Sprintf(`,"pad%d":"%s"`, i, strings.Repeat("x", n)))
			left -= frame + n
		}
		c := head + strings.Join(fields, "") + tail
		if len(c) != size {
			t.Fatalf("made a change of %d bytes, want %d", len(c), size)
		}
		if spaced {
			c = strings.Replace(c, `["a","b"]`, "[\n    \"a\",\n    \"b\"\n"+strings.Repeat(" ", 2000)+"]", 1)
		}
		return c
	}
	for _, tt := range []struct {
		size   int
		spaced bool
		want   string
	}{
		{rules.MaxChangeBytes, false, "rejected:" + fieldbook.CodeInvalid},
		{rules.MaxChangeBytes + 1, false, "rejected:" + fieldbook.CodeTooLarge},
		{rules.MaxChangeBytes, true, "rejected:" + fieldbook.CodeInvalid},
	} {
		body := fmt.Sprintf(`{"protocol":2,"client_id":%q,"cursor":%q,"changes":[%s]}`, agent.client, agent.cursor, change(tt.size, tt.spaced))
		a := e.must(200, "POST", "/api/sync", agent.access, body)
		rs, _ := a.body["results"].([]any)
		var got string
		if len(rs) == 1 {
			r, _ := rs[0].(map[string]any)
			got = fmt.Sprintf("%v:%v", r["status"], r["code"])
		}
		if got != tt.want {
			t.Errorf("a change of %d bytes compact (spaced %v): %s, want %s", tt.size, tt.spaced, got, tt.want)
		}
	}
}

// A value that is not valid UTF-8 is rejected as invalid, never stored: the
// answers that would carry it say charset=utf-8.
func TestInvalidUTF8IsRejected(t *testing.T) {
	e := newEnv(t)
	agent := e.person("li", fieldbook.RoleAgent, e.team("一队").ID)
	e.sync(agent)
	agent.seq++
	id := newID()
	change := fmt.Sprintf(`{"seq":%d,"collection":"prospects","id":"%s","hlc":"%s","fields":{"name":"李`+"\xff\xfe"+`雷"}}`, agent.seq, id, agent.clock.Now())
	a := e.must(200, "POST", "/api/sync", agent.access, fmt.Sprintf(`{"protocol":2,"client_id":%q,"cursor":"","changes":[%s]}`, agent.client, change))
	if got := results(a); len(got) != 1 || got[0] != "rejected:"+fieldbook.CodeInvalid {
		t.Fatalf("a name with bytes that are not UTF-8: %v", got)
	}
	if strings.Contains(string(a.raw), id) {
		t.Fatalf("the record was stored and served: %s", a.raw)
	}
}

// Over HTTP, a push in protocol 2 gets its record back without the fields
// it sent, with the server's; the answer is one docs/openapi.yaml gives.
func TestProtocol2AnswersLeaveOutWhatWasSent(t *testing.T) {
	e := newEnv(t)
	agent := e.person("li", fieldbook.RoleAgent, e.team("一队").ID)
	e.sync(agent)
	id := newID()
	a := e.must(200, "POST", "/api/sync", agent.access, map[string]any{"protocol": 2, "client_id": agent.client, "cursor": agent.cursor,
		"changes": []any{agent.change(fieldbook.Prospects, id, map[string]any{"name": "李雷", "grade": "A"})}})
	if got := results(a); len(got) != 1 || got[0] != fieldbook.StatusApplied {
		t.Fatalf("the push: %v", got)
	}
	recs, _ := a.body["records"].([]any)
	for _, r := range recs {
		rec, _ := r.(map[string]any)
		if rec["id"] != id {
			continue
		}
		fields, _ := rec["fields"].(map[string]any)
		if _, ok := fields["name"]; ok || fields[fieldbook.FieldOwner] != agent.ID {
			t.Fatalf("the record came back as %v", fields)
		}
		return
	}
	t.Fatalf("the answer holds no record %s: %s", id, a.raw)
}

// A write to a record the server writes (a score, whose id the server made
// from the agent and the week) is forbidden, not an invalid id.
func TestWritingAScoreIsForbidden(t *testing.T) {
	e := newEnv(t)
	agent := e.person("li", fieldbook.RoleAgent, e.team("一队").ID)
	e.sync(agent)
	c := agent.change(fieldbook.Scores, rules.ScoreID(agent.ID, "week:2026-11-23"), map[string]any{"total": 100})
	if got := results(e.sync(agent, c)); len(got) != 1 || got[0] != "rejected:"+fieldbook.CodeForbidden {
		t.Fatalf("an agent writing their score: %v", got)
	}
}

// TestDayFocusOverHTTP: the day's focus a supervisor sends through the
// sync endpoint reaches every agent of the team and the team's other
// supervisor, whose later change wins on both supervisors' pulls; an agent
// may not write it.
func TestDayFocusOverHTTP(t *testing.T) {
	e := newEnv(t)
	team := e.team("一队")
	sup, sup2 := e.person("zhou", fieldbook.RoleSupervisor, team.ID), e.person("wu", fieldbook.RoleSupervisor, team.ID)
	agent := e.person("lina", fieldbook.RoleAgent, team.ID)
	outsider := e.person("ma", fieldbook.RoleAgent, e.team("二队").ID)
	day := e.clock.now().In(mustZone(t, fieldbook.DefaultTimeZone)).Format(time.DateOnly)
	id := rules.DayFocusID(team.ID, day)

	if got := results(e.sync(sup, sup.change(fieldbook.DayFocus, id, map[string]any{"date": day, "text": "主攻转介绍"}))); !slices.Equal(got, []string{"applied"}) {
		t.Fatalf("the supervisor's focus: %v", got)
	}
	e.pullAll(sup2)
	if got := results(e.sync(sup2, sup2.change(fieldbook.DayFocus, id, map[string]any{"text": "主攻邀约"}))); !slices.Equal(got, []string{"applied"}) {
		t.Fatalf("the second supervisor's change: %v", got)
	}
	for _, p := range []*person{sup, sup2, agent} {
		got := e.pullAll(p)["day_focus/"+id]
		if got["text"] != "主攻邀约" || got["date"] != day || got["team_id"] != team.ID {
			t.Errorf("%s pulls the focus %v", p.Username, got)
		}
	}
	if _, ok := e.pullAll(outsider)["day_focus/"+id]; ok {
		t.Error("an agent of another team pulled the focus")
	}
	if got := results(e.sync(agent, agent.change(fieldbook.DayFocus, id, map[string]any{"text": "我来定"}))); !slices.Equal(got, []string{"rejected:forbidden"}) {
		t.Errorf("an agent's change of the focus: %v", got)
	}
}

func mustZone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// In protocol 3 a pull from the beginning brings this week first and the
// history after (docs/protocol.md §5.4), each answer as openapi.yaml says.
func TestProtocol3PhasesTheFirstPull(t *testing.T) {
	e := newEnv(t)
	agent := e.person("li", fieldbook.RoleAgent, e.team("一队").ID)
	loc, err := time.LoadLocation(fieldbook.DefaultTimeZone)
	if err != nil {
		t.Fatal(err)
	}
	today := scoring.DayOf(time.Now(), loc)
	recent, old := newID(), newID()
	e.sync(agent,
		agent.change(fieldbook.Activities, old, map[string]any{"kind": "call", "occurred_at": string(today.Monday().Add(-21)) + "T10:00:00+08:00"}),
		agent.change(fieldbook.Activities, recent, map[string]any{"kind": "call", "occurred_at": string(today) + "T00:30:00+08:00"}))
	ids := func(a answer) []string {
		var out []string
		for _, r := range a.body["records"].([]any) {
			out = append(out, r.(map[string]any)["id"].(string))
		}
		return out
	}
	first := e.must(200, "POST", "/api/sync", agent.access, map[string]any{"protocol": 3, "client_id": "fresh-phone", "cursor": ""})
	if got := ids(first); first.body["phase"] != fieldbook.PhaseHistory || first.body["more"] != true || !slices.Contains(got, recent) || slices.Contains(got, old) {
		t.Fatalf("the first answer: phase %v, more %v, records %v; want history, true, this week's call and not the old one", first.body["phase"], first.body["more"], got)
	}
	second := e.must(200, "POST", "/api/sync", agent.access, map[string]any{"protocol": 3, "client_id": "fresh-phone", "cursor": first.body["cursor"]})
	if got := ids(second); second.body["phase"] != nil || second.body["more"] != false || !slices.Contains(got, old) || slices.Contains(got, recent) {
		t.Fatalf("the second answer: phase %v, more %v, records %v; want none, false, the old call alone", second.body["phase"], second.body["more"], got)
	}
}
