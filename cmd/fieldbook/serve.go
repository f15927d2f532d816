// The serve command: the server over the store, started in the background
// so that a signal during start-up stops it at once.

package main

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"time"

	"fieldbook"
	"fieldbook/auth"
	"fieldbook/demo"
	"fieldbook/pwa"
	"fieldbook/server"
	"fieldbook/storage"
	"fieldbook/storage/diskspace"
)

func serve(ctx context.Context, args []string, stdout, stderr io.Writer) (err error) {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on")
	data := fs.String("data", "./data", "the store's directory (created when missing)")
	store := fs.String("store", "", storeUsage)
	demoFlag := fs.Bool("demo", false, "load a demo team with a supervisor, agents and four weeks of activity")
	secret := fs.String("jwt-secret", "", "access-token signing secret (at least 32 bytes); default: one created in the store")
	metrics := fs.String("metrics", "loopback", "who may read /metrics: loopback (and admins), admin, off")
	syncRate := fs.Float64("sync-rate", 20, "sync requests per second per user (burst 10×); 0 for no limit")
	proxy := fs.String("proxy-header", "", "header a reverse proxy on loopback sets to the client address, e.g. X-Forwarded-For")
	logLevel := fs.String("log-level", "info", "debug, info, warn or error")
	accessDays := fs.Int("access-log-days", 1095, "days the access log keeps who opened whose customer files")
	minFree := fs.String("min-free", "256MiB", "free space the data volume needs for writes to be taken: bytes, with a unit (256MiB, 1GiB) or a share of the volume (5%); below it writes answer 507")
	diskEvery := fs.Duration("disk-check-every", diskspace.DefaultEvery, "how often the data volume's free space is measured")
	verifyEvery := fs.Duration("verify-every", storage.DefaultVerifyEvery, "how often the store verifies the checksums of all its tables while it serves (Badger reads pass over a damaged block silently)")
	key, err := parseKeyed(fs, args, stderr, keyFlag(fs, stderr))
	if err != nil {
		return err
	}
	log, err := newLogger(stderr, *logLevel)
	if err != nil {
		return err
	}
	need, err := diskspace.ParseThreshold(*minFree)
	if err != nil {
		return fmt.Errorf("%w: --min-free %v", errUsage, err)
	}
	if *diskEvery <= 0 {
		return fmt.Errorf("%w: --disk-check-every must be positive", errUsage)
	}
	var disk server.Disk
	var room func() error
	if *store == "" {
		// The volume of a Badger store is watched: writes stop before it
		// is full (Badger's memory-mapped logs end the process with
		// SIGBUS on a full volume). A PostgreSQL store's disk is the
		// database's.
		if err := os.MkdirAll(*data, 0o700); err != nil {
			return fmt.Errorf("create the data directory: %w", err)
		}
		w := diskspace.New(*data, need, diskspace.Statfs, log)
		go w.Run(ctx, *diskEvery)
		disk, room = w, w.Floor
	}
	app, err := pwa.Dist()
	if err != nil {
		return err
	}
	// Listen first and answer 503 while the store opens (a large store may
	// take a while to replay), so that health checks see it starting.
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	srv := server.New(server.Config{Logger: log, Passwords: auth.DefaultPasswordParams,
		Metrics: *metrics, SyncRate: *syncRate, ProxyHeader: *proxy, PWA: app, Disk: disk})
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	stopServing := func() error {
		sctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		if err := srv.Shutdown(sctx); err != nil {
			return err
		}
		return <-served
	}

	// Start in the background, so that a SIGTERM while the store opens
	// (a large store replays its log) or the demo loads stops the server
	// at once: every step below honours ctx, and the listener closes first.
	started := make(chan startResult, 1)
	where := storage.Options{Dir: *data, Postgres: *store, VerifyEvery: *verifyEvery, Room: room}
	go func() { started <- start(ctx, where, key, *secret, *demoFlag, *accessDays, log, stdout) }()
	var r startResult
	select {
	case r = <-started:
	case <-ctx.Done():
	}
	if ctx.Err() != nil {
		log.Info("stopping while starting")
		err := stopServing()
		if r.st == nil && r.err == nil {
			select {
			case r = <-started:
			case <-time.After(startGrace):
				// Badger recovers from an unclean stop as from a crash.
				return errors.Join(err, errors.New("stopped before the store finished opening"))
			}
		}
		if r.st != nil {
			err = errors.Join(err, closeStore(r.st))
		}
		return err
	}
	if r.err != nil {
		if r.st != nil {
			r.err = errors.Join(r.err, closeStore(r.st))
		}
		return errors.Join(r.err, stopServing())
	}
	st := r.st
	defer func() {
		if cerr := closeStore(st); cerr != nil {
			log.Error("close store", "err", cerr)
			err = errors.Join(err, cerr)
		}
	}()
	srv.Start(server.StoresOf(st), r.signer)
	log.Info("fieldbook serving", "addr", ln.Addr().String(), "store", storeName(where), "encrypted", key != nil)
	fmt.Fprintf(stdout, "Fieldbook is at http://%s\n", ln.Addr())
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down: finishing requests in flight")
	return stopServing()
}

// startGrace is how long a stop during start-up waits for the store to
// finish opening, so that it closes cleanly.
const startGrace = 15 * time.Second

// closeGrace is how long a stop waits for the store to close. A store that
// cannot write its files (its directory gone, its disk failing) retries its
// last flush for ever; the server stops anyway: every change it
// acknowledged is in the store's log already, which the next start
// replays.
const closeGrace = 10 * time.Second

// closeStore closes st, waiting at most closeGrace.
func closeStore(st *storage.Engine) error {
	closed := make(chan error, 1)
	go func() { closed <- st.Close() }()
	select {
	case err := <-closed:
		return err
	case <-time.After(closeGrace):
		return fmt.Errorf("the store did not close within %s (can it still write its files?); stopping anyway: what was acknowledged is in its log, which the next start replays", closeGrace)
	}
}

type startResult struct {
	st     *storage.Engine // open, when not nil, even with err
	signer *auth.Signer
	err    error
}

// start opens the store, makes the token signer and loads the demo or the
// first admin.
func start(ctx context.Context, where storage.Options, encryptionKey []byte, secret string, demoFlag bool, accessDays int, log *slog.Logger, stdout io.Writer) startResult {
	if accessDays < 1 {
		return startResult{err: fmt.Errorf("%w: --access-log-days must be at least 1", errUsage)}
	}
	where.Logger, where.EncryptionKey, where.AccessLogDays = log, encryptionKey, accessDays
	st, err := storage.Open(ctx, where)
	if errors.Is(err, storage.ErrCorrupted) {
		return startResult{err: fmt.Errorf("the store in %s is DAMAGED and the server will not serve it: %w\nRun fieldbook check --data %s for the whole picture, then restore the last good backup (README: What an operator sees)", where.Dir, err, where.Dir)}
	}
	if err != nil {
		return startResult{err: explainKeyError(err)}
	}
	key := []byte(secret)
	if len(key) == 0 {
		if key, err = st.Secret(); err != nil {
			return startResult{st: st, err: err}
		}
	}
	signer, err := auth.NewSigner(key, nil)
	if err != nil {
		return startResult{st: st, err: fmt.Errorf("%w: --jwt-secret: %v", errUsage, err)}
	}
	if demoFlag {
		err = loadDemo(ctx, st, stdout)
	} else {
		err = bootstrapAdmin(ctx, st, stdout)
	}
	return startResult{st: st, signer: signer, err: err}
}

// bootstrapAdmin creates user admin with a random password, printed once,
// when the store has no users at all.
func bootstrapAdmin(ctx context.Context, st *storage.Engine, stdout io.Writer) error {
	users, err := st.Users(ctx)
	if err != nil || len(users) > 0 {
		return err
	}
	b := make([]byte, 12)
	rand.Read(b)
	password := base64.RawURLEncoding.EncodeToString(b)
	hash, err := auth.HashPassword(password, auth.DefaultPasswordParams)
	if err != nil {
		return err
	}
	if _, err := st.CreateUser(ctx, fieldbook.User{Username: "admin", Name: "管理员", Role: fieldbook.RoleAdmin, PasswordHash: hash}); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "First start: created user admin with password %s (shown once; change it).\n", password)
	return nil
}

// loadDemo loads the demo team (once) and prints its logins.
func loadDemo(ctx context.Context, st *storage.Engine, stdout io.Writer) error {
	logins, err := demo.Load(ctx, st, time.Now(), auth.DefaultPasswordParams)
	if err != nil {
		return err
	}
	_, err = logins.WriteTo(stdout)
	return err
}
