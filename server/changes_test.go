package server

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"testing"
	"time"

	"fieldbook"
	"fieldbook/sync/rules"
)

// polled is the answer of one long-poll, or why there was none.
type polled struct {
	status int
	body   map[string]any
	err    error
}

// poll sends GET /api/changes in the background; the answer comes on the
// channel. It reports no test failure itself: it runs outside the test's
// goroutine.
func (e *env) poll(token, cursor, wait string) <-chan polled {
	out := make(chan polled, 1)
	q := url.Values{"cursor": {cursor}}
	if wait != "" {
		q.Set("wait", wait)
	}
	req, err := http.NewRequest("GET", e.url+"/api/changes?"+q.Encode(), nil)
	if err != nil {
		out <- polled{err: err}
		return out
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	go func() {
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			out <- polled{err: err}
			return
		}
		defer resp.Body.Close()
		raw, err := io.ReadAll(resp.Body)
		p := polled{status: resp.StatusCode, err: err}
		if err == nil {
			if jerr := json.Unmarshal(raw, &p.body); jerr != nil {
				p.err = fmt.Errorf("answer %q: %w", raw, jerr)
			}
		}
		if p.err == nil {
			p.err = checkExchange(req, nil, resp, raw)
		}
		out <- p
	}()
	return out
}

// answerOf waits for a long-poll's answer; the limit guards against a hang
// and measures nothing.
func answerOf(t *testing.T, ch <-chan polled, who string) polled {
	t.Helper()
	select {
	case p := <-ch:
		if p.err != nil {
			t.Fatalf("%s: %v", who, p.err)
		}
		return p
	case <-time.After(45 * time.Second):
		t.Fatalf("%s: no answer", who)
		return polled{}
	}
}

// waitUntil waits for cond, checking now and then; it fails the test if
// cond does not hold in a long while (a hang, not a slow machine).
func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("still waiting for %s", what)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

func TestChangesWakeTheTeamsSupervisorWhenAnAgentSubmits(t *testing.T) {
	e := newEnv(t)
	tm, tm2 := e.team("一队"), e.team("二队")
	agent := e.person("li", fieldbook.RoleAgent, tm.ID)
	sup := e.person("zhang", fieldbook.RoleSupervisor, tm.ID)
	otherSup := e.person("wang", fieldbook.RoleSupervisor, tm2.ID)
	e.sync(sup)
	e.sync(otherSup)

	supPoll := e.poll(sup.access, sup.cursor, "")
	waitUntil(t, "the supervisor's long-poll to wait", func() bool { return e.st.Waiters() == 1 })
	otherPoll := e.poll(otherSup.access, otherSup.cursor, "1")
	waitUntil(t, "the other supervisor's long-poll to wait", func() bool { return e.st.Waiters() == 2 || len(otherPoll) > 0 })

	id := rules.DayLogID(agent.ID, "2026-11-27")
	if got := results(e.sync(agent, agent.change(fieldbook.DayLogs, id, map[string]any{"date": "2026-11-27", "summary": "拜访三位客户", "state": "submitted"}))); got[0] != "applied" {
		t.Fatalf("submit: %v", got)
	}

	if p := answerOf(t, supPoll, "the supervisor"); p.status != 200 || p.body["changed"] != true {
		t.Fatalf("the supervisor's long-poll: %d %v, want 200 changed true", p.status, p.body)
	}
	recs, _ := e.sync(sup).body["records"].([]any)
	if len(recs) == 0 {
		t.Fatal("the supervisor's sync after the wake brought nothing")
	}
	if p := answerOf(t, otherPoll, "the other team's supervisor"); p.status != 200 || p.body["changed"] != false {
		t.Fatalf("the other team's supervisor's long-poll: %d %v, want 200 changed false", p.status, p.body)
	}
}

func TestChangesAnswers(t *testing.T) {
	e := newEnv(t)
	tm := e.team("一队")
	agent := e.person("li", fieldbook.RoleAgent, tm.ID)
	sup := e.person("zhang", fieldbook.RoleSupervisor, tm.ID)
	e.sync(agent)
	stale := agent.cursor
	e.sync(agent, agent.change(fieldbook.Prospects, newID(), map[string]any{"name": "王先生"}))

	tests := []struct {
		name, token, cursor, wait string
		status                    int
		changed                   any // nil for an error answer
	}{
		{"no token", "", agent.cursor, "0", 401, nil},
		{"a wait that is not a number", agent.access, agent.cursor, "soon", 400, nil},
		{"a negative wait", agent.access, agent.cursor, "-1", 400, nil},
		{"nothing new, no wait", agent.access, agent.cursor, "0", 200, false},
		{"nothing new, a short wait", agent.access, agent.cursor, "1", 200, false},
		{"a cursor behind, with a wait beyond the cap", agent.access, stale, "1000", 200, true},
		{"a first sync", sup.access, "", "0", 200, true},
		{"a malformed cursor", agent.access, "not-a-cursor", "1", 200, true},
		{"another user's cursor", sup.access, agent.cursor, "1", 200, true},
	}
	for _, tt := range tests {
		p := answerOf(t, e.poll(tt.token, tt.cursor, tt.wait), tt.name)
		if p.status != tt.status {
			t.Errorf("%s: status %d, want %d: %v", tt.name, p.status, tt.status, p.body)
			continue
		}
		if tt.changed == nil {
			if _, ok := p.body["error"].(map[string]any); !ok {
				t.Errorf("%s: %v, want an error body", tt.name, p.body)
			}
		} else if p.body["changed"] != tt.changed {
			t.Errorf("%s: changed %v, want %v", tt.name, p.body["changed"], tt.changed)
		}
	}
}

func TestShutdownEndsLongPolls(t *testing.T) {
	e := newEnv(t)
	tm := e.team("一队")
	sup := e.person("zhang", fieldbook.RoleSupervisor, tm.ID)
	e.sync(sup)

	poll := e.poll(sup.access, sup.cursor, "30")
	waitUntil(t, "the long-poll to wait", func() bool { return e.st.Waiters() == 1 })
	// Well under the poll's 30 s: Shutdown must end the poll, not wait for it.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := e.srv.Shutdown(ctx); err != nil {
		t.Fatalf("shutdown with a long-poll in flight: %v", err)
	}
	p := answerOf(t, poll, "the long-poll")
	if e, _ := p.body["error"].(map[string]any); p.status != 503 || e["code"] != fieldbook.CodeUnavailable {
		t.Fatalf("the long-poll at shutdown: %d %v, want 503 %s", p.status, p.body, fieldbook.CodeUnavailable)
	}
}
