package server

import (
	"context"
	"net"
	"strings"
	"testing"
	"time"

	"fieldbook"
)

func TestHealthAndMetrics(t *testing.T) {
	e := newEnv(t)
	if a := e.must(200, "GET", "/healthz", "", nil); a.body["status"] != "ok" {
		t.Fatalf("healthz: %s", a.raw)
	}
	tm := e.team("一队")
	agent := e.person("li", fieldbook.RoleAgent, tm.ID)
	e.sync(agent)
	// The test client is on loopback.
	m := e.must(200, "GET", "/metrics", "", nil)
	for _, want := range []string{"fieldbook_http_requests_total", "fieldbook_store_bytes", "fieldbook_store_commit_seconds"} {
		if !strings.Contains(string(m.raw), want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	// Where loopback is not enough, an admin token is.
	e2 := newEnv(t, func(c *Config) { c.Metrics = "admin" })
	admin := e2.person("boss", fieldbook.RoleAdmin, "")
	agent2 := e2.person("li", fieldbook.RoleAgent, e2.team("x").ID)
	e2.must(404, "GET", "/metrics", "", nil)
	e2.must(404, "GET", "/metrics", agent2.access, nil)
	e2.must(200, "GET", "/metrics", admin.access, nil)
}

func TestStaticApp(t *testing.T) {
	e := newEnv(t)
	tests := []struct {
		path, cache, ctype string
		status             int
	}{
		{"/", "no-cache", "text/html", 200},
		{"/today", "no-cache", "text/html", 200},
		{"/customers/123", "no-cache", "text/html", 200},
		{"/sw.js", "no-cache", "javascript", 200},
		{"/manifest.webmanifest", "no-cache", "application/manifest+json", 200},
		{"/assets/main-ABC123.js", "immutable", "javascript", 200},
		{"/assets/main-OLD.js", "", "", 404},
	}
	agent := e.person("li", fieldbook.RoleAgent, e.team("x").ID)
	if a := e.do("GET", "/api/nothing", agent.access, nil); a.status != 404 || a.code() != fieldbook.CodeNotFound {
		t.Errorf("unknown API path: %d %s", a.status, a.raw)
	}
	for _, tt := range tests {
		a := e.do("GET", tt.path, "", nil)
		if a.status != tt.status || !strings.Contains(a.header.Get("Cache-Control"), tt.cache) || !strings.Contains(a.header.Get("Content-Type"), tt.ctype) {
			t.Errorf("GET %s: %d %q %q", tt.path, a.status, a.header.Get("Cache-Control"), a.header.Get("Content-Type"))
		}
	}
}

// A Shutdown that comes before Serve has handed its listener to Fiber (a
// SIGTERM a moment after start) still ends Serve, and a Serve called after
// Shutdown returns at once.
func TestShutdownEndsAServeThatHasJustStarted(t *testing.T) {
	for range 20 {
		srv := New(Config{Passwords: cheap})
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- srv.Serve(ln) }()
		if err := srv.Shutdown(context.Background()); err != nil {
			t.Fatal(err)
		}
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("Serve after Shutdown: %v", err)
			}
		case <-time.After(20 * time.Second):
			t.Fatal("Serve still runs 20 s after Shutdown")
		}
	}
}

// TestMetricsAfterMixedTraffic: requests of several methods over one
// kept-alive connection, which reuses the server's buffers, leave /metrics
// readable with the methods as they were (a label kept from a reused
// buffer once read "GETT" and broke every scrape).
func TestMetricsAfterMixedTraffic(t *testing.T) {
	e := newEnv(t)
	tm := e.team("一队")
	agent := e.person("li", fieldbook.RoleAgent, tm.ID)
	for range 20 {
		e.sync(agent)
		e.must(200, "GET", "/healthz", "", nil)
		e.do("PATCH", "/api/me", agent.access, map[string]any{})
		e.must(200, "GET", "/api/me", agent.access, nil)
	}
	m := e.must(200, "GET", "/metrics", "", nil)
	for _, want := range []string{`method="GET"`, `method="POST"`, `route="/api/sync"`} {
		if !strings.Contains(string(m.raw), want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	for _, line := range strings.Split(string(m.raw), "\n") {
		if strings.HasPrefix(line, "fieldbook_http_requests_total{") && !strings.Contains(line, `method="GET"`) && !strings.Contains(line, `method="POST"`) && !strings.Contains(line, `method="PATCH"`) {
			t.Errorf("a request counted under a method never sent: %s", line)
		}
	}
}
