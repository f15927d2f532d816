package e2e

import (
	"context"
	"io/fs"
	"net"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"fieldbook"
	"fieldbook/auth"
	"fieldbook/demo"
	"fieldbook/pwa"
	"fieldbook/server"
	"fieldbook/storage"
)

const chromium = "/usr/bin/chromium"

var cheap = auth.PasswordParams{Memory: 64, Time: 1, Threads: 1}

// app is a real server over an on-disk store on a fixed loopback port, so
// that it can stop and start again at the same origin (a service worker
// belongs to one origin).
type app struct {
	t    testing.TB
	dir  string
	pg   string // a PostgreSQL database holding the store instead of dir, when set
	addr string
	st   *storage.Engine
	srv  *server.Server
	done chan error
	// ahead moves the store's clock (updated_at, the date rule, the
	// retention sweep) from the real time; the server's own clock (tokens)
	// and the phone's stay real.
	ahead atomic.Int64
	// dist is the app the server serves; nil serves the embedded build.
	dist fs.FS
	// disk, when set, is the data volume's free space the server sees.
	disk server.Disk
}

// storeNow is the store's clock.
func (a *app) storeNow() time.Time { return time.Now().Add(time.Duration(a.ahead.Load())) }

func newApp(t testing.TB) *app {
	t.Helper()
	return newAppFrom(t, "", nil, nil)
}

// newAppServing is newApp serving another build of the app (nil: the
// embedded one), as a benchmark comparing two builds does.
func newAppServing(t testing.TB, dist fs.FS) *app {
	t.Helper()
	return newAppFrom(t, "", dist, nil)
}

// newAppOn is newApp over the PostgreSQL database pg.
func newAppOn(t testing.TB, pg string) *app {
	t.Helper()
	return newAppFrom(t, pg, nil, nil)
}

// newAppWith is newApp with the data volume's free space as disk says.
func newAppWith(t testing.TB, disk server.Disk) *app {
	t.Helper()
	return newAppFrom(t, "", nil, disk)
}

// newAppFrom is newApp over the PostgreSQL database pg ("": a directory),
// serving dist (nil: the embedded app), seeing the free space disk says
// (nil: the real volume's).
func newAppFrom(t testing.TB, pg string, dist fs.FS, disk server.Disk) *app {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	a := &app{t: t, dir: t.TempDir(), pg: pg, addr: ln.Addr().String(), dist: dist, disk: disk}
	ln.Close()
	a.start()
	t.Cleanup(func() {
		if a.st != nil {
			a.stop()
		}
	})
	return a
}

func (a *app) url() string { return "http://" + a.addr }

func (a *app) start() {
	a.t.Helper()
	st, err := storage.Open(context.Background(), storage.Options{Dir: a.dir, Postgres: a.pg, Now: a.storeNow})
	if err != nil {
		a.t.Fatal(err)
	}
	secret, err := st.Secret()
	if err != nil {
		a.t.Fatal(err)
	}
	signer, err := auth.NewSigner(secret, nil)
	if err != nil {
		a.t.Fatal(err)
	}
	dist := a.dist
	if dist == nil {
		if dist, err = pwa.Dist(); err != nil {
			a.t.Fatal(err)
		}
	}
	var ln net.Listener
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if ln, err = net.Listen("tcp", a.addr); err == nil || time.Now().After(deadline) {
			break
		}
	}
	if err != nil {
		a.t.Fatal(err)
	}
	a.st = st
	a.srv = server.New(server.Config{Stores: ptr(server.StoresOf(st)), Signer: signer, Passwords: cheap, PWA: dist, Disk: a.disk})
	a.done = make(chan error, 1)
	go func() { a.done <- a.srv.Serve(ln) }()
}

// stop takes the server down, as when a phone loses the network.
func (a *app) stop() {
	a.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	a.srv.Shutdown(ctx)
	<-a.done
	if err := a.st.Close(); err != nil {
		a.t.Fatal(err)
	}
	a.st = nil
}

func (a *app) user(username, password string, role fieldbook.Role, team string) fieldbook.User {
	a.t.Helper()
	hash, err := auth.HashPassword(password, cheap)
	if err != nil {
		a.t.Fatal(err)
	}
	u, err := a.st.CreateUser(context.Background(), fieldbook.User{Username: username, Name: username, Role: role, TeamID: team, PasswordHash: hash})
	if err != nil {
		a.t.Fatal(err)
	}
	return u
}

// browser starts headless Chromium with a fresh profile. Without Chromium
// the test skips, unless CI requires it.
func browser(t testing.TB) context.Context {
	t.Helper()
	ctx, stop := newBrowser(t)
	t.Cleanup(stop)
	return ctx
}

// newBrowser starts headless Chromium with a fresh profile and returns the
// function that ends it, for a benchmark that starts one per run. It skips
// or fails as browser does when there is no Chromium.
func newBrowser(t testing.TB) (context.Context, func()) {
	t.Helper()
	return newBrowserWithin(t, 2*time.Minute)
}

// newBrowserWithin is newBrowser whose context ends after d.
func newBrowserWithin(t testing.TB, d time.Duration) (context.Context, func()) {
	t.Helper()
	if _, err := os.Stat(chromium); err != nil {
		if os.Getenv("CI") != "" || os.Getenv("FIELDBOOK_REQUIRE_BROWSER") != "" {
			t.Fatalf("browser tests need %s (apt-get install chromium): %v", chromium, err)
		}
		t.Skipf("no %s: install Debian's chromium to run the browser tests", chromium)
	}
	home, err := os.MkdirTemp("", "fieldbook-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(chromium),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(home+"/profile"),
		chromedp.Env("HOME="+home),
	)
	ctx, cancel := chromedp.NewContext(allocCtx)
	ctx, cancelTimeout := context.WithTimeout(ctx, d)
	return ctx, func() {
		chromedp.Cancel(ctx)
		cancelTimeout()
		cancel()
		cancelAlloc()
		os.RemoveAll(home)
	}
}

// poll waits until a JavaScript expression is truthy in the page.
func poll(t testing.TB, ctx context.Context, what, expr string) {
	t.Helper()
	pollEvery(t, ctx, what, expr, 20*time.Second, 100*time.Millisecond)
}

// pollWithin waits until expr is true on the page, at most d, checking
// every 10 ms, and returns how long it took.
func pollWithin(t testing.TB, ctx context.Context, what, expr string, d time.Duration) time.Duration {
	t.Helper()
	return pollEvery(t, ctx, what, expr, d, 10*time.Millisecond)
}

// pollEvery is poll with its timeout and interval. An expression that
// throws (an element not drawn yet: null.innerText) counts as false and is
// tried again, rather than ending the wait.
func pollEvery(t testing.TB, ctx context.Context, what, expr string, d, every time.Duration) time.Duration {
	t.Helper()
	start := time.Now()
	guarded := "(() => { try { return (" + expr + "); } catch (e) { return false; } })()"
	for {
		left := d - time.Since(start)
		_, err := chromedp.Run(ctx, chromedp.Poll[chromedp.Void](guarded,
			chromedp.WithPollingTimeout(max(left, every)), chromedp.WithPollingInterval(every)))
		if err == nil {
			return time.Since(start)
		}
		// A page that navigates (a reload after a change of language) ends
		// the context the poll ran in: poll again in the new page.
		if navigated(err) && time.Since(start) < d {
			time.Sleep(every) // the next page's scripts are still starting
			continue
		}
		body, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`location.hash + "\n" + (document.body ? document.body.innerText : "")`))
		t.Fatalf("waiting %v for %s: %v\npage shows:\n%s", d, what, err, body)
	}
}

// navigated reports whether an evaluation failed because the page it ran
// in went away (a navigation or a reload), not because of the expression.
func navigated(err error) bool {
	return strings.Contains(err.Error(), "Cannot find context") || strings.Contains(err.Error(), "context was destroyed")
}

func ptr[T any](v T) *T { return &v }

// teamNow is now on the team's clock: the tests' teams keep the default
// zone, and a day on the phone is a day in that zone (at 02:00 in Shanghai
// it is still yesterday in UTC).
func teamNow(t *testing.T) time.Time { return time.Now().In(zone(t, teamZoneName)) }

// loadDemo loads the demo into a's store and returns its agent lina and a
// day of hers waiting for review in the queue of her supervisor, zhoumin.
func loadDemo(t *testing.T, a *app) (lina fieldbook.User, waiting string) {
	t.Helper()
	bg := context.Background()
	if _, err := demo.Load(bg, a.st, time.Now(), cheap); err != nil {
		t.Fatal(err)
	}
	sup, _, err := a.st.UserByUsername(bg, "zhoumin")
	if err != nil {
		t.Fatal(err)
	}
	if lina, _, err = a.st.UserByUsername(bg, "lina"); err != nil {
		t.Fatal(err)
	}
	for _, r := range a.held(sup.ID, fieldbook.DayLogs) {
		if field(r, "state") == "submitted" {
			return lina, r.ID
		}
	}
	t.Fatal("the demo has no day waiting for review")
	return lina, ""
}
