// Package server is Fieldbook's HTTP face, on Fiber: the sync endpoint of
// docs/protocol.md, the auth, admin and operations endpoints of docs/api.md, and the
// embedded PWA. One file per resource. It holds no data of its own: the
// store keeps everything and the auth package checks credentials.
package server

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/compress"
	"github.com/gofiber/fiber/v2/middleware/recover"
	"github.com/valyala/fasthttp"

	"fieldbook"
	"fieldbook/auth"
	"fieldbook/scoring"
)

// Config is what a Server needs.
type Config struct {
	// Stores are the open stores and Signer checks tokens. When Stores is
	// nil, the server answers 503 to everything until Start gives it both,
	// so that it can listen while the store opens.
	Stores *Stores
	Signer *auth.Signer
	Logger *slog.Logger
	// Passwords are hashed with these parameters.
	Passwords auth.PasswordParams
	// Metrics says who may read /metrics: "loopback" (loopback addresses
	// and admin tokens, the default), "admin" (admin tokens only) or "off".
	Metrics string
	// SyncRate limits sync requests per user per second (burst 10×); 0
	// means no limit.
	SyncRate float64
	// ProxyHeader, when set, is the header a reverse proxy on a loopback
	// address puts the client's address in (e.g. X-Forwarded-For).
	ProxyHeader string
	// PWA is the built app to serve at /; nil serves none.
	PWA fs.FS
	// Now is the clock (time.Now when nil).
	Now func() time.Time
	// Disk is the free space of the store's volume; nil when nothing
	// measures it (a PostgreSQL store). While it is low the server refuses
	// writes with 507 insufficient_storage and serves reads.
	Disk Disk
}

// Disk is the free space of the volume that holds the store, as a watcher
// (storage/diskspace) last measured it: free bytes, the bytes writes need,
// and whether writes are refused now.
type Disk interface {
	Room() (free, need uint64, low bool)
}

// Stores are the services of the storage engine the server runs on, each
// behind its interface (services.go of the root package, and
// scoring.Reports).
type Stores struct {
	Replication fieldbook.Replication
	Directory   fieldbook.Directory
	Sessions    fieldbook.Sessions
	Reports     scoring.Reports
	Audit       fieldbook.AuditLog
	Privacy     fieldbook.Privacy
	Operations  fieldbook.Operations
}

// Engine is a storage engine that provides every store the server needs.
type Engine interface {
	fieldbook.Replication
	fieldbook.Directory
	fieldbook.Sessions
	fieldbook.AuditLog
	fieldbook.Privacy
	fieldbook.Operations
	scoring.Reports
}

// StoresOf takes every store from one engine.
func StoresOf(e Engine) Stores {
	return Stores{Replication: e, Directory: e, Sessions: e, Reports: e, Audit: e, Privacy: e, Operations: e}
}

// Server is the HTTP server.
type Server struct {
	cfg     Config
	app     *fiber.App
	log     *slog.Logger
	now     func() time.Time
	ready   atomic.Bool
	st      atomic.Pointer[Stores]
	metrics *metrics
	logins  *loginThrottle
	syncs   *rateLimiter
	dummy   string // password hash checked for unknown usernames
	// hashing holds a place per password check running (argon2id takes
	// its memory each time): a sign-in finds it full and answers 429.
	hashing chan struct{}
	// stopping ends when Shutdown starts, ending the long-polls that
	// Shutdown would otherwise wait for.
	stopping context.Context
	stop     context.CancelFunc
	// lns are the listeners Serve was given, closed by Shutdown.
	lnMu sync.Mutex
	lns  []net.Listener
}

// Limits of requests.
const (
	maxBody    = 1 << 20
	reqTimeout = 60 * time.Second
)

// New builds the server and its routes.
func New(cfg Config) *Server {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Metrics == "" {
		cfg.Metrics = "loopback"
	}
	if cfg.Passwords == (auth.PasswordParams{}) {
		cfg.Passwords = auth.DefaultPasswordParams
	}
	s := &Server{cfg: cfg, log: cfg.Logger, now: cfg.Now}
	s.stopping, s.stop = context.WithCancel(context.Background())
	s.metrics = newMetrics(s.store, cfg.Disk)
	s.logins = newLoginThrottle(cfg.Now)
	s.syncs = newRateLimiter(cfg.SyncRate, cfg.Now)
	s.dummy = auth.DummyHash(cfg.Passwords)
	s.hashing = make(chan struct{}, 2*runtime.GOMAXPROCS(0))
	fc := fiber.Config{
		AppName:               "fieldbook",
		ErrorHandler:          s.handleError,
		BodyLimit:             maxBody,
		ReadTimeout:           reqTimeout,
		WriteTimeout:          reqTimeout,
		IdleTimeout:           2 * time.Minute,
		DisableStartupMessage: true,
		ReadBufferSize:        16 << 10,
	}
	if cfg.ProxyHeader != "" {
		fc.ProxyHeader = cfg.ProxyHeader
		fc.EnableTrustedProxyCheck = true
		fc.TrustedProxies = []string{"127.0.0.1", "::1"}
	}
	s.app = fiber.New(fc)
	knownMethods(s.app)
	// recover turns a bug's panic into a logged 500 instead of a crash of
	// the server every phone depends on.
	s.app.Use(recover.New(recover.Config{EnableStackTrace: true, StackTraceHandler: s.logPanic}), s.observe, s.available, compress.New(compress.Config{Level: compress.LevelBestSpeed}))
	s.routes()
	if cfg.Stores != nil {
		s.Start(*cfg.Stores, cfg.Signer)
	}
	return s
}

// knownMethods answers a request of a method Fiber does not route (FOO,
// PROPFIND …) with the JSON error every other answer has, where Fiber would
// write "Invalid http method" as plain text before any handler runs.
func knownMethods(app *fiber.App) {
	methods := app.Config().RequestMethods
	next := app.Server().Handler
	app.Server().Handler = func(rctx *fasthttp.RequestCtx) {
		if !slices.Contains(methods, string(rctx.Method())) {
			rctx.SetStatusCode(fiber.StatusMethodNotAllowed)
			rctx.Response.Header.Set(fiber.HeaderAllow, strings.Join(methods, ", "))
			rctx.SetContentType(fiber.MIMEApplicationJSONCharsetUTF8)
			rctx.SetBodyString(`{"error":{"code":"method_not_allowed","message":"this server does not answer that HTTP method"}}`)
			return
		}
		next(rctx)
	}
}

// Start gives a server made without a store its open store and token
// signer; from then on it answers.
func (s *Server) Start(st Stores, signer *auth.Signer) {
	s.cfg.Signer = signer // published by ready.Store below
	st.Operations.OnCommit(s.metrics.commit)
	s.st.Store(&st)
	s.ready.Store(true)
}

// store is the open stores; only called once the server is ready.
func (s *Server) store() *Stores { return s.st.Load() }

// available answers 503 while the server starts or stops.
func (s *Server) available(c *fiber.Ctx) error {
	if s.ready.Load() {
		return c.Next()
	}
	if c.Path() == "/healthz" {
		return s.health(c)
	}
	c.Set(fiber.HeaderRetryAfter, "5")
	return fieldbook.Errorf(fieldbook.CodeUnavailable, "the server is starting or stopping; try again in a moment")
}

func (s *Server) routes() {
	a := s.app
	a.Get("/healthz", s.health)
	a.Get("/metrics", s.metricsGate, s.authenticate, s.metricsForAdmin)

	api := a.Group("/api")
	api.Post("/auth/login", s.login)
	api.Post("/auth/refresh", s.refresh)
	api.Post("/auth/logout", s.logout)

	api.Use(s.authenticate)
	api.Get("/me", s.me)
	api.Post("/me/sign-out-everywhere", s.signOutEverywhere)
	api.Post("/sync", s.sync) // a push with changes checks room itself; a pull never needs it
	api.Get("/review-queue", s.reviewQueue)
	api.Get("/standings", s.standings)
	api.Get("/reviews/agent", s.agentReview)
	api.Get("/reviews/team", s.teamReview)
	api.Get("/goal-calculator", s.goalCalculator)
	api.Get("/changes", s.changes)
	api.Get("/exports/weekly", s.exportWeekly)
	api.Get("/exports/monthly", s.exportMonthly)
	api.Get("/privacy/notices", s.notices)
	api.Get("/files", s.files)
	api.Get("/access-log", s.accessLog)
	api.Post("/privacy/requests", s.roomToWrite, s.createRequest)
	api.Get("/privacy/requests", s.listRequests)
	api.Post("/privacy/requests/:id/close", s.roomToWrite, s.closeRequest)
	api.Get("/privacy/requests/:id/copy", s.requestCopy)
	api.Get("/retention", s.retention)

	admin := api.Group("/admin")
	admin.Get("/teams/:id/settings", s.getSettings) // supervisors may read theirs
	admin.Use(s.requireAdmin)
	admin.Post("/teams", s.roomToWrite, s.createTeam)
	admin.Get("/teams", s.listTeams)
	admin.Patch("/teams/:id", s.roomToWrite, s.renameTeam)
	admin.Put("/teams/:id/settings", s.roomToWrite, s.putSettings)
	admin.Post("/users", s.roomToWrite, s.createUser)
	admin.Get("/users", s.listUsers)
	admin.Patch("/users/:id", s.roomToWrite, s.patchUser)
	admin.Post("/users/:id/sign-out", s.signOutUser)
	admin.Post("/users/:id/depart", s.roomToWrite, s.depart)
	admin.Post("/users/:id/hand-over", s.roomToWrite, s.handOver)
	admin.Get("/users/:id/policyholders", s.policyholders)
	admin.Get("/backup", s.backup)
	admin.Get("/audit", s.auditLog)
	admin.Post("/outbox-import", s.roomToWrite, s.importOutbox)
	admin.Post("/privacy/notices", s.roomToWrite, s.publishNotice)
	admin.Get("/privacy/processing-record", s.processingRecord)

	api.All("/*", func(c *fiber.Ctx) error {
		return fiber.NewError(fiber.StatusNotFound, "no such endpoint")
	})
	if s.cfg.PWA != nil {
		s.static(s.cfg.PWA)
	}
}

// logPanic logs a handler's panic with its stack (never the request).
func (s *Server) logPanic(c *fiber.Ctx, e any) {
	s.log.Error("handler panicked", "method", c.Method(), "route", c.Route().Path, "panic", fmt.Sprint(e), "stack", string(debug.Stack()))
}

// App returns the Fiber app, for tests that drive it in memory.
func (s *Server) App() *fiber.App { return s.app }

// Serve answers requests on ln until Shutdown.
func (s *Server) Serve(ln net.Listener) error {
	s.lnMu.Lock()
	if s.stopping.Err() != nil {
		s.lnMu.Unlock()
		ln.Close()
		return nil
	}
	s.lns = append(s.lns, ln)
	s.lnMu.Unlock()
	if err := s.app.Listener(ln); err != nil && !errors.Is(err, net.ErrClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	return nil
}

// Shutdown stops accepting connections, reports unhealthy, ends the
// long-polls of /api/changes, and waits for requests in flight until ctx
// ends.
func (s *Server) Shutdown(ctx context.Context) error {
	s.ready.Store(false)
	s.lnMu.Lock()
	s.stop()
	lns := s.lns
	s.lnMu.Unlock()
	err := s.app.ShutdownWithContext(ctx)
	// A Serve that had not yet handed its listener to Fiber when Fiber
	// shut down would serve on: closing the listener ends it.
	for _, ln := range lns {
		ln.Close()
	}
	if err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}

func (s *Server) health(c *fiber.Ctx) error {
	if !s.ready.Load() {
		status := "starting"
		if s.store() != nil {
			status = "stopping"
		}
		return c.Status(fiber.StatusServiceUnavailable).JSON(fiber.Map{"status": status})
	}
	hctx, cancel := context.WithTimeout(ctx(c), healthTimeout)
	defer cancel()
	if err := s.store().Operations.Health(hctx); err != nil {
		body := fiber.Map{"status": "unavailable", "reason": err.Error()}
		if code := fieldbook.ErrorCode(err); code != fieldbook.CodeInternal {
			body["code"] = code // store_corrupted, unavailable
		}
		return c.Status(fiber.StatusServiceUnavailable).JSON(body)
	}
	// A nearly full volume still serves reads: 200, so that a load
	// balancer keeps sending them, with what a monitor needs to see.
	if free, need, low := s.diskRoom(); low {
		return c.JSON(fiber.Map{"status": "degraded", "code": fieldbook.CodeInsufficientStorage, "free_bytes": free, "min_free_bytes": need,
			"reason": "the data volume is nearly full: writes are refused until space returns; reads go on"})
	}
	return c.JSON(fiber.Map{"status": "ok"})
}

// diskRoom is the store volume's room; never low when nothing measures it.
func (s *Server) diskRoom() (free, need uint64, low bool) {
	if s.cfg.Disk == nil {
		return 0, 0, false
	}
	return s.cfg.Disk.Room()
}

// roomToWrite refuses a write while the store's volume is nearly full (507
// insufficient_storage, Retry-After a minute): Badger's memory-mapped logs
// kill the process on a full volume, so writes stop well before. Reads,
// pulls, and the small writes that sign people in and out go on.
func (s *Server) roomToWrite(c *fiber.Ctx) error {
	if err := s.noRoom(c); err != nil {
		return err
	}
	return c.Next()
}

// noRoom is the refusal of a write while the volume is nearly full, nil
// while it has room.
func (s *Server) noRoom(c *fiber.Ctx) error {
	if _, _, low := s.diskRoom(); !low {
		return nil
	}
	c.Set(fiber.HeaderRetryAfter, "60")
	return fieldbook.Errorf(fieldbook.CodeInsufficientStorage, "the server's disk is nearly full, so it takes no changes until its administrator frees space; what you send stays on your device and is sent later, and reading goes on")
}

// healthTimeout bounds the store's health check: a database that does not
// answer within it is not healthy.
const healthTimeout = 2 * time.Second

// ctx is the request's context, with the request timeout.
func ctx(c *fiber.Ctx) context.Context { return c.UserContext() }
