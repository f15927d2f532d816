// Nothing leaves for another host: an agent, a supervisor and an admin each
// sign in and open every screen their role may open (the list is
// pwa/src/registry.ts, read here so that a new screen must be added), and
// every request the page and its service worker send goes to the test
// server itself: no fonts, CDNs or telemetry. The built bundle's files are
// checked for other hosts in pwa/hosts_test.go.

package e2e

import (
	"context"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"fieldbook"
	"fieldbook/demo"
)

// registryScreens reads the screens of pwa/src/registry.ts and the roles
// that may open each ("roles: X" after the name; none: every role).
func registryScreens(t *testing.T) map[string][]fieldbook.Role {
	t.Helper()
	src, err := os.ReadFile("../pwa/src/registry.ts")
	if err != nil {
		t.Fatal(err)
	}
	body := string(src)
	start := strings.Index(body, "export const SCREENS")
	if start < 0 {
		t.Fatal("registry.ts has no SCREENS")
	}
	every := []fieldbook.Role{fieldbook.RoleAgent, fieldbook.RoleSupervisor, fieldbook.RoleAdmin}
	groups := map[string][]fieldbook.Role{
		"ADMIN":       {fieldbook.RoleAdmin},
		"AGENT":       {fieldbook.RoleAgent},
		"SUPERVISING": {fieldbook.RoleSupervisor, fieldbook.RoleAdmin},
	}
	screens := map[string][]fieldbook.Role{}
	for _, m := range regexp.MustCompile(`name: "(\w+)",\s*(?:roles: (\w+),)?`).FindAllStringSubmatch(body[start:], -1) {
		roles := every
		if m[2] != "" {
			var ok bool
			if roles, ok = groups[m[2]]; !ok {
				t.Fatalf("registry.ts: screen %s has roles %s, which this test does not know", m[1], m[2])
			}
		}
		screens[m[1]] = roles
	}
	if len(screens) < 10 {
		t.Fatalf("read only %d screens from registry.ts: %v", len(screens), screens)
	}
	return screens
}

// requestLog records the URL of every request a target sends.
type requestLog struct {
	mu   sync.Mutex
	urls []string
	csp  []string // the Content-Security-Policy of each document answer
}

func (l *requestLog) listen(ev any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	switch ev := ev.(type) {
	case *network.EventRequestWillBeSent:
		l.urls = append(l.urls, ev.Request.URL)
	case *network.EventResponseReceived:
		if ev.Type == network.ResourceTypeDocument {
			for k, v := range ev.Response.Headers {
				if strings.EqualFold(k, "Content-Security-Policy") {
					s, _ := v.(string)
					l.csp = append(l.csp, s)
				}
			}
		}
	}
}

// has reports whether the log holds url.
func (l *requestLog) has(url string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Contains(l.urls, url)
}

// foreign returns the URLs of the log that leave origin: any request but
// one to the server's host (data: and blob: URLs are no requests).
func (l *requestLog) foreign(host string) (out []string, total int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, raw := range l.urls {
		u, err := url.Parse(raw)
		switch {
		case err == nil && (u.Scheme == "data" || u.Scheme == "blob"):
		case err == nil && (u.Scheme == "http" || u.Scheme == "ws") && u.Host == host:
			total++
		default:
			out = append(out, raw)
		}
	}
	return out, total
}

// attachWorker attaches the app's service worker, once it controls the
// page, so that its own requests are recorded too (the precache it fetched
// on install, before it could be attached, is listed in sw.js, which
// pwa/hosts_test.go checks), and checks that the log hears the worker: a
// fetch made in the worker must show in it.
func attachWorker(t *testing.T, ctx context.Context, origin string, log *requestLog) {
	t.Helper()
	waitController(t, ctx)
	targets, err := chromedp.Targets(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, ti := range targets {
		if ti.Type == "service_worker" && strings.HasPrefix(ti.URL, origin) {
			swCtx, cancel := chromedp.NewContext(ctx, chromedp.WithTargetID(ti.TargetID), chromedp.WithDetachOnCancel(), chromedp.WithListener(log.listen))
			t.Cleanup(cancel)
			if err := chromedp.Do(swCtx); err != nil {
				t.Fatalf("attach the service worker: %v", err)
			}
			const probe = "/healthz?from=worker"
			if _, err := chromedp.Run(swCtx, chromedp.Evaluate[bool](`(fetch("`+probe+`"), true)`)); err != nil {
				t.Fatalf("fetch in the service worker: %v", err)
			}
			for deadline := time.Now().Add(20 * time.Second); !log.has(origin + probe); time.Sleep(20 * time.Millisecond) {
				if time.Now().After(deadline) {
					t.Fatal("a fetch in the service worker was not recorded: the worker's requests go unseen")
				}
			}
			return
		}
	}
	t.Fatalf("no service worker of %s among the targets", origin)
}

func TestBrowserEveryRequestStaysOnTheServer(t *testing.T) {
	a := newApp(t)
	lina, waiting := loadDemo(t, a)
	prospect := a.held(lina.ID, fieldbook.Prospects)[0].ID
	customer := a.held(lina.ID, fieldbook.Customers)[0].ID
	yesterday := teamNow(t).AddDate(0, 0, -1).Format(time.DateOnly)

	roles := []struct {
		role     fieldbook.Role
		username string
		routes   []string
	}{
		{fieldbook.RoleAgent, "lina", []string{"#/today", "#/plan", "#/plan/" + prospect, "#/plan/new", "#/customers", "#/customers/" + customer,
			"#/log", "#/log/" + yesterday, "#/me", "#/me/month", "#/team", "#/goal", "#/sync"}},
		{fieldbook.RoleSupervisor, "zhoumin", []string{"#/queue", "#/queue/" + waiting, "#/dashboard", "#/agent/" + lina.ID,
			"#/agent/" + lina.ID + "/files", "#/agent/" + lina.ID + "/files/" + customer, "#/meeting", "#/team", "#/sync"}},
		{fieldbook.RoleAdmin, "demo-admin", []string{"#/admin/users", "#/admin/users/" + lina.ID, "#/admin/users/new", "#/admin/teams",
			"#/admin/teams/" + lina.TeamID, "#/dashboard", "#/queue", "#/meeting", "#/agent/" + lina.ID, "#/team", "#/sync"}},
	}
	// Every screen a role may open is among its routes.
	for name, may := range registryScreens(t) {
		for _, r := range roles {
			if !slices.Contains(may, r.role) {
				continue
			}
			if !slices.ContainsFunc(r.routes, func(route string) bool { return strings.Split(strings.TrimPrefix(route, "#/"), "/")[0] == name }) {
				t.Errorf("the %s may open screen %q, which this test does not visit", r.role, name)
			}
		}
	}

	for _, r := range roles {
		t.Run(string(r.role), func(t *testing.T) {
			ctx := browser(t)
			log := &requestLog{}
			// Attach the tab before anything loads, then listen.
			do(t, ctx, "attach", chromedp.Navigate("about:blank"))
			if err := chromedp.Listen(ctx, log.listen); err != nil {
				t.Fatal(err)
			}
			signIn(t, ctx, a.url(), r.username, demo.Password)
			waitPending(t, ctx, 0)
			attachWorker(t, ctx, a.url(), log)
			for _, route := range r.routes {
				visit(t, ctx, route)
				poll(t, ctx, route+" settled", `document.querySelector('main') !== null && document.querySelector('[aria-busy=true]') === null`)
			}
			// Once more from the top, the shell now from the worker's cache.
			do(t, ctx, "reload", chromedp.Reload())
			poll(t, ctx, "signed in after the reload", `document.querySelector('.strip') !== null`)

			foreign, total := log.foreign(a.addr)
			if len(foreign) > 0 {
				t.Errorf("requests to other hosts: %q", foreign)
			}
			if total < len(r.routes) {
				t.Errorf("only %d requests to the server recorded: the log is not listening", total)
			}
			log.mu.Lock()
			csp := slices.Clone(log.csp)
			log.mu.Unlock()
			if len(csp) == 0 {
				t.Error("no document answer was recorded")
			}
			for _, p := range csp {
				if !strings.Contains(p, "default-src 'self'") || !strings.Contains(p, "connect-src 'self'") {
					t.Errorf("the page's Content-Security-Policy %q lets it reach other hosts", p)
				}
			}
			t.Logf("%s: %d requests, every one to %s", r.username, total, a.addr)
		})
	}
}
