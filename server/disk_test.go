package server

import (
	"errors"
	"strings"
	"sync/atomic"
	"testing"

	"fieldbook"
	"fieldbook/storage/diskspace"
)

// volume is a data volume whose free space the test sets, measured by a
// real watcher through its constructor parameter.
type volume struct{ free atomic.Uint64 }

func (v *volume) measure(string) (diskspace.Usage, error) {
	return diskspace.Usage{Free: v.free.Load(), Total: 10 << 30}, nil
}

// TestNearlyFullVolumeRefusesWritesKeepsReads: below --min-free every
// write the server takes answers 507 insufficient_storage with Retry-After,
// before anything is written; pulls, reads and signing in and out go on;
// /healthz says degraded and /metrics the flag; when space returns,
// writes are taken again.
func TestNearlyFullVolumeRefusesWritesKeepsReads(t *testing.T) {
	v := &volume{}
	v.free.Store(1 << 30)
	w := diskspace.New(t.TempDir(), diskspace.Threshold{Bytes: 256 << 20}, v.measure, nil)
	e := newEnv(t, func(c *Config) { c.Disk = w })
	c := e.crew()
	customer := newID()
	e.sync(c.agent, c.agent.change(fieldbook.Customers, customer, map[string]any{"name": "写满之前"}))

	v.free.Store(100 << 20)
	if !w.Check().Low {
		t.Fatal("the watcher did not find the volume low")
	}
	refused := func(method, path, token string, body any) {
		t.Helper()
		a := e.do(method, path, token, body)
		if a.status != 507 || a.code() != fieldbook.CodeInsufficientStorage || a.header.Get("Retry-After") == "" {
			t.Fatalf("%s %s on a nearly full volume: %d %s (Retry-After %q), want 507 insufficient_storage", method, path, a.status, a.raw, a.header.Get("Retry-After"))
		}
	}
	push := c.agent.change(fieldbook.Customers, newID(), map[string]any{"name": "写满之后"})
	refused("POST", "/api/sync", c.agent.access, map[string]any{"protocol": 1, "client_id": c.agent.client, "cursor": c.agent.cursor, "changes": []any{push}})
	refused("POST", "/api/admin/teams", c.admin.access, map[string]any{"name": "三队"})
	refused("POST", "/api/admin/users", c.admin.access, map[string]any{"username": "newbie", "password": testPassword, "name": "新人", "role": "agent", "team_id": c.tm.ID})
	refused("PATCH", "/api/admin/users/"+c.mate.ID, c.admin.access, map[string]any{"name": "王二"})

	// Reads go on: the pull of a new phone has what was written before and
	// not the refused change; the user's page; a sign-in and a sign-out.
	mine := e.pullAll(&person{User: c.agent.User, client: "dev-li-new", clock: c.agent.clock, access: c.agent.access})
	if _, ok := mine[fieldbook.Customers+"/"+customer]; !ok {
		t.Fatalf("the agent's pull on a nearly full volume lacks the customer written before: %v", mine)
	}
	if _, ok := mine[fieldbook.Customers+"/"+push["id"].(string)]; ok {
		t.Fatal("the refused change was written")
	}
	e.must(200, "GET", "/api/me", c.agent.access, nil)
	e.login(c.sup)
	e.must(200, "POST", "/api/auth/refresh", "", map[string]string{"refresh_token": c.sup.refresh})
	h := e.must(200, "GET", "/healthz", "", nil)
	if h.body["status"] != "degraded" || h.body["code"] != fieldbook.CodeInsufficientStorage || h.body["free_bytes"] != float64(100<<20) || h.body["min_free_bytes"] != float64(256<<20) {
		t.Fatalf("/healthz on a nearly full volume: %s", h.raw)
	}
	if m := string(e.must(200, "GET", "/metrics", "", nil).raw); !strings.Contains(m, "fieldbook_disk_writes_refused 1") ||
		!strings.Contains(m, "fieldbook_disk_free_bytes 1.048576e+08") || !strings.Contains(m, "fieldbook_disk_min_free_bytes 2.68435456e+08") {
		t.Fatalf("/metrics on a nearly full volume:\n%s", grep(m, "fieldbook_disk"))
	}

	v.free.Store(1 << 30)
	w.Check()
	e.sync(c.agent, push)
	if got := results(e.sync(c.agent)); len(got) != 0 {
		t.Fatalf("results of an empty push: %v", got)
	}
	e.must(201, "POST", "/api/admin/teams", c.admin.access, map[string]any{"name": "三队"})
	if h := e.must(200, "GET", "/healthz", "", nil); h.body["status"] != "ok" {
		t.Fatalf("/healthz once space returned: %s", h.raw)
	}
}

// TestUnmeasuredVolumeRefusesNothing: a watcher whose measure fails from
// the start refuses nothing (a volume it cannot measure is not full).
func TestUnmeasuredVolumeRefusesNothing(t *testing.T) {
	w := diskspace.New(t.TempDir(), diskspace.DefaultThreshold, func(string) (diskspace.Usage, error) {
		return diskspace.Usage{}, errors.New("no statfs here")
	}, nil)
	e := newEnv(t, func(c *Config) { c.Disk = w })
	c := e.crew()
	e.sync(c.agent, c.agent.change(fieldbook.Customers, newID(), map[string]any{"name": "照常"}))
	if h := e.must(200, "GET", "/healthz", "", nil); h.body["status"] != "ok" {
		t.Fatalf("/healthz: %s", h.raw)
	}
}

// grep is the lines of text that hold s.
func grep(text, s string) string {
	var out []string
	for _, l := range strings.Split(text, "\n") {
		if strings.Contains(l, s) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
