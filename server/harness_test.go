package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"testing/fstest"
	"time"

	"fieldbook"
	"fieldbook/auth"
	"fieldbook/storage"
	"fieldbook/sync/crdt"
	"fieldbook/sync/rules"
)

// cheap password hashing: the tests are about the API, not the cost.
var cheap = auth.PasswordParams{Memory: 64, Time: 1, Threads: 1}

const testPassword = "correct horse battery"

// env is a running server on a loopback port with a real in-memory store.
type env struct {
	t      testing.TB
	st     *storage.Engine
	srv    *Server
	url    string
	clock  *fakeClock
	signer *auth.Signer
	dir    string // the on-disk store's, "" in memory
	cfg    Config
}

type fakeClock struct{ offset atomic.Int64 }

func (f *fakeClock) now() time.Time          { return time.Now().Add(time.Duration(f.offset.Load())) }
func (f *fakeClock) advance(d time.Duration) { f.offset.Add(int64(d)) }

type envOption func(*Config)

func newEnv(tb testing.TB, opts ...envOption) *env { return newEnvAt(tb, "", opts...) }

// newEnvAt is newEnv over an on-disk store in dir ("" for in memory).
func newEnvAt(tb testing.TB, dir string, opts ...envOption) *env {
	tb.Helper()
	return newEnvOn(tb, storage.Options{Dir: dir, InMemory: dir == ""}, opts...)
}

// newEnvOn is newEnv over the store where names (its clock the env's).
func newEnvOn(tb testing.TB, where storage.Options, opts ...envOption) *env {
	tb.Helper()
	clock := &fakeClock{}
	dir := where.Dir
	where.Now = clock.now
	st, err := storage.Open(context.Background(), where)
	if err != nil {
		tb.Fatal(err)
	}
	signer, err := auth.NewSigner([]byte(strings.Repeat("s", 32)), clock.now)
	if err != nil {
		tb.Fatal(err)
	}
	cfg := Config{Stores: stores(st), Signer: signer, Passwords: cheap, Now: clock.now, PWA: testPWA}
	for _, o := range opts {
		o(&cfg)
	}
	srv := New(cfg)
	return &env{t: tb, st: st, srv: srv, url: serveLoopback(tb, srv, st), clock: clock, signer: signer, dir: dir, cfg: cfg}
}

// restart stops the server and closes its on-disk store, then opens the
// store again and serves it on a new port, as a restarted process would.
func (e *env) restart() {
	e.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := e.srv.Shutdown(ctx); err != nil {
		e.t.Fatal(err)
	}
	if err := e.st.Close(); err != nil {
		e.t.Fatal(err)
	}
	st, err := storage.Open(ctx, storage.Options{Dir: e.dir, Now: e.clock.now})
	if err != nil {
		e.t.Fatalf("the store does not open again: %v", err)
	}
	cfg := e.cfg
	cfg.Stores = stores(st)
	e.st, e.srv = st, New(cfg)
	e.url = serveLoopback(e.t, e.srv, st)
}

// serveLoopback serves srv on a free loopback port until the test ends,
// then shuts it down and closes st; it returns the base URL.
func serveLoopback(tb testing.TB, srv *Server, st *storage.Engine) string {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	tb.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(ctx)
		<-done
		st.Close()
	})
	return "http://" + ln.Addr().String()
}

var testPWA = fstest.MapFS{
	"index.html":            {Data: []byte("<!doctype html><title>Fieldbook</title>")},
	"sw.js":                 {Data: []byte("self.addEventListener('fetch',()=>{})")},
	"manifest.webmanifest":  {Data: []byte(`{"name":"Fieldbook"}`)},
	"assets/main-ABC123.js": {Data: []byte("console.log(1)")},
}

// answer is a response with its JSON body decoded.
type answer struct {
	status int
	header http.Header
	body   map[string]any
	raw    []byte
}

func (a answer) code() string {
	e, _ := a.body["error"].(map[string]any)
	c, _ := e["code"].(string)
	return c
}

// do sends a request; body is marshalled unless it is a string or []byte.
func (e *env) do(method, path, token string, body any) answer {
	e.t.Helper()
	return e.doWith(nil, method, path, token, body)
}

// doWith is do with extra request headers.
func (e *env) doWith(header http.Header, method, path, token string, body any) answer {
	e.t.Helper()
	var sent []byte
	switch b := body.(type) {
	case nil:
	case string:
		sent = []byte(b)
	case []byte:
		sent = b
	default:
		j, err := json.Marshal(b)
		if err != nil {
			e.t.Fatal(err)
		}
		sent = j
	}
	var r io.Reader
	if body != nil {
		r = bytes.NewReader(sent)
	}
	req, err := http.NewRequest(method, e.url+path, r)
	if err != nil {
		e.t.Fatal(err)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	a := answer{status: resp.StatusCode, header: resp.Header, raw: raw}
	json.Unmarshal(raw, &a.body)
	if a.status >= 500 && a.status != http.StatusServiceUnavailable && a.status != http.StatusInsufficientStorage {
		e.t.Errorf("%s %s answered %d: %s", method, path, a.status, raw)
	}
	if err := checkExchange(req, sent, resp, raw); err != nil {
		e.t.Error(err)
	}
	return a
}

// must is do that fails the test unless the status is want.
func (e *env) must(want int, method, path, token string, body any) answer {
	e.t.Helper()
	a := e.do(method, path, token, body)
	if a.status != want {
		e.t.Fatalf("%s %s: status %d, want %d: %s", method, path, a.status, want, a.raw)
	}
	return a
}

// person is a user with a signed-in session and a device.
type person struct {
	fieldbook.User
	access, refresh string
	client          string
	clock           *crdt.Clock
	seq             int64
	cursor          string
}

func (e *env) team(name string) fieldbook.Team {
	e.t.Helper()
	t, err := e.st.CreateTeam(context.Background(), name, "")
	if err != nil {
		e.t.Fatal(err)
	}
	return t
}

// person creates a user in the store and signs them in over HTTP.
func (e *env) person(username string, role fieldbook.Role, team string) *person {
	e.t.Helper()
	hash, err := auth.HashPassword(testPassword, cheap)
	if err != nil {
		e.t.Fatal(err)
	}
	u, err := e.st.CreateUser(context.Background(), fieldbook.User{Username: username, Name: username, Role: role, TeamID: team, PasswordHash: hash})
	if err != nil {
		e.t.Fatal(err)
	}
	p := &person{User: u, client: "dev-" + username, clock: crdt.NewClock("dev-"+username, e.clock.now)}
	e.login(p)
	return p
}

func (e *env) login(p *person) {
	e.t.Helper()
	a := e.must(200, "POST", "/api/auth/login", "", map[string]string{"username": p.Username, "password": testPassword})
	p.access, _ = a.body["access_token"].(string)
	p.refresh, _ = a.body["refresh_token"].(string)
}

// change is p's next change.
func (p *person) change(collection, id string, fields map[string]any) map[string]any {
	p.seq++
	return map[string]any{"seq": p.seq, "collection": collection, "id": id, "hlc": string(p.clock.Now()), "fields": fields}
}

// consents are the changes that record the person's consent to groups (all
// four when none are named), given in person an hour ago to notice
// "2026-01", a guardian named for the family.
func (p *person) consents(subject, id string, groups ...string) []map[string]any {
	if len(groups) == 0 {
		groups = []string{fieldbook.GroupContact, fieldbook.GroupHealth, fieldbook.GroupIncome, fieldbook.GroupFamily}
	}
	var out []map[string]any
	for _, g := range groups {
		f := map[string]any{"subject": subject, "subject_id": id, "group": g, "action": "given", "notice_version": "2026-01",
			"method": "in_person", "at": p.clock.Now().Time().Add(-time.Hour).Format(time.RFC3339)}
		if g == fieldbook.GroupFamily {
			f["guardian"] = "王芳"
		}
		out = append(out, p.change(fieldbook.Consents, newID(), f))
	}
	return out
}

// sync sends changes and pulls one page, keeping the cursor.
func (e *env) sync(p *person, changes ...map[string]any) answer {
	e.t.Helper()
	if changes == nil {
		changes = []map[string]any{}
	}
	a := e.must(200, "POST", "/api/sync", p.access, map[string]any{"client_id": p.client, "cursor": p.cursor, "changes": changes, "protocol": 1})
	p.cursor, _ = a.body["cursor"].(string)
	p.observe(a)
	return a
}

// observe advances p's clock past every stamp an answer carries, as a
// real client does.
func (p *person) observe(a answer) {
	recs, _ := a.body["records"].([]any)
	for _, r := range recs {
		stamps, _ := r.(map[string]any)["stamps"].(map[string]any)
		for _, s := range stamps {
			if st, err := crdt.ParseStamp(fmt.Sprint(s)); err == nil {
				p.clock.Observe(st)
			}
		}
	}
}

// results are the statuses (with codes) of a sync answer.
func results(a answer) []string {
	var out []string
	rs, _ := a.body["results"].([]any)
	for _, r := range rs {
		m := r.(map[string]any)
		s := m["status"].(string)
		if c, ok := m["code"].(string); ok {
			s += ":" + c
		}
		out = append(out, s)
	}
	return out
}

// pullAll pulls everything p may see from the start, page by page.
func (e *env) pullAll(p *person) map[string]map[string]any {
	e.t.Helper()
	out := map[string]map[string]any{}
	cursor := ""
	for {
		a := e.must(200, "POST", "/api/sync", p.access, map[string]any{"client_id": p.client, "cursor": cursor, "limit": 7})
		p.observe(a)
		for _, r := range a.body["records"].([]any) {
			m := r.(map[string]any)
			out[fmt.Sprint(m["collection"], "/", m["id"])] = m["fields"].(map[string]any)
		}
		cursor = a.body["cursor"].(string)
		if a.body["more"] != true {
			return out
		}
	}
}

func newID() string { return rules.NewID() }

// httpPost posts JSON and checks the exchange against docs/openapi.yaml
// (a disagreement is its error).
func httpPost(url string, body []byte) ([]byte, error) {
	req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	return raw, checkExchange(req, body, resp, raw)
}

// stores takes every store from one engine, for Config.
func stores(e *storage.Engine) *Stores {
	s := StoresOf(e)
	return &s
}

// crew is two teams: agent li, her team mate wang and their supervisor
// zhou in 一队; supervisor zhao of 二队; and admin boss.
type crew struct {
	tm, tm2                       fieldbook.Team
	agent, mate, sup, sup2, admin *person
}

func (e *env) crew() crew {
	c := crew{tm: e.team("一队"), tm2: e.team("二队")}
	c.agent = e.person("li", fieldbook.RoleAgent, c.tm.ID)
	c.mate = e.person("wang", fieldbook.RoleAgent, c.tm.ID)
	c.sup = e.person("zhou", fieldbook.RoleSupervisor, c.tm.ID)
	c.sup2 = e.person("zhao", fieldbook.RoleSupervisor, c.tm2.ID)
	c.admin = e.person("boss", fieldbook.RoleAdmin, "")
	return c
}
