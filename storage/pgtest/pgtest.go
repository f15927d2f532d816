// Package pgtest starts and stops throwaway PostgreSQL instances for tests.
// It is an ordinary importable package, but only tests use it: nothing in
// the server or the commands may import it.
//
// Start initdbs a fresh cluster into its own temporary directory, runs it on
// a free loopback TCP port (its socket directory inside that temporary
// directory, fsync on, small shared buffers, 100 connections, WAL ready for
// streaming replication) and stops it, by its process id, when the test
// ends. A Cluster hands out a fresh database per test (NewDatabase), can be
// crashed with SIGKILL (Kill9) and started again on the same data and port
// (Restart), and can grow streaming standbys made with pg_basebackup -R
// (AddStandby), made synchronous (SetSynchronousStandbyNames) and promoted
// (Promote). Proxy is a TCP proxy the test can cut, to put between a
// primary and its standbys: on loopback, replication that is never cut
// cannot tell synchronous from asynchronous.
//
// PostgreSQL refuses to run as root. Tests here run as root, so the
// binaries run as the postgres OS user (Debian's postgresql package creates
// it) through the process credentials, with no shell in between; run as any
// other user, they run as that user. The binaries are looked for in
// /usr/lib/postgresql/*/bin (the newest first), then on PATH; PostgreSQL 15
// or newer is needed. Without them the test skips with a message saying
// what to install, or fails when FIELDBOOK_REQUIRE_POSTGRES (or CI) is set,
// as CI sets it: a CI that skipped these tests would pass without running
// them.
//
// Every method that takes a testing.TB fails that test on error, so call
// it from the goroutine running the test, as t.Fatal requires. The package
// is for Unix (it signals process groups and switches users); on Linux the
// servers are also killed if the test binary dies without its cleanups.
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// Guards, not waits: every wait polls for its condition and ends as soon as
// it holds; these only bound a wait that would otherwise hang a broken run.
const (
	readyTimeout   = 90 * time.Second // a start, crash recovery included, on a busy 2-core machine
	stopTimeout    = 30 * time.Second // a clean shutdown before SIGKILL
	commandTimeout = 2 * time.Minute  // initdb, pg_basebackup, an admin statement
	pollInterval   = 20 * time.Millisecond
)

// baseSettings are the postgresql.conf settings of every instance, after
// initdb's own. A standby copies them with its base backup.
func baseSettings() [][2]string {
	return [][2]string{
		{"fsync", "on"}, // the engine's durability is under test: never trade it for speed
		{"synchronous_commit", "on"},
		{"full_page_writes", "on"},
		{"shared_buffers", "16MB"},
		{"max_connections", "100"},
		{"wal_level", "replica"},
		{"max_wal_senders", "10"},
		{"wal_keep_size", "128MB"}, // a standby cut off for a while can still catch up without a slot
		{"hot_standby", "on"},
		// A standby whose link was cut tries again this soon after Restore (the
		// default is 5 s).
		{"wal_retrieve_retry_interval", "100ms"},
		{"log_checkpoints", "off"},
	}
}

// hbaConf lets the postgres user in without a password over the socket and
// loopback TCP, for ordinary sessions and for replication (pg_basebackup,
// a standby's WAL receiver).
const hbaConf = `# pgtest: trust on the socket and the loopback only.
local   all          all                 trust
host    all          all   127.0.0.1/32  trust
local   replication  all                 trust
host    replication  all   127.0.0.1/32  trust
`

// An Option changes how Start or AddStandby sets an instance up.
type Option func(*options)

type options struct {
	settings [][2]string
	via      string
}

// Setting adds `name = 'value'` to the instance's configuration, after the
// package's own settings, so it overrides them. For a standby it is applied
// on top of what the base backup copied from the primary.
func Setting(name, value string) Option {
	return func(o *options) { o.settings = append(o.settings, [2]string{name, value}) }
}

// Via makes AddStandby take its base backup from addr (host:port), and
// stream its WAL from it ever after, instead of from the upstream cluster
// directly: typically the Addr of a Proxy whose target is the upstream.
// Start refuses it.
func Via(addr string) Option {
	return func(o *options) { o.via = addr }
}

// Cluster is one running (or stopped, or crashed) PostgreSQL instance with
// its own data directory: a primary made by Start or a standby made by
// AddStandby.
type Cluster struct {
	name  string
	bin   binaries
	owner *account // nil: run as the current user
	dir   string   // temporary directory: the socket directory, the log, data/
	data  string
	log   string
	port  int

	mu   sync.Mutex
	proc *process // nil while stopped
}

// process is one run of the postmaster.
type process struct {
	pid  int // the postmaster
	done chan struct{}
	err  error // the exit status; read after done is closed
}

// Start initdbs a new cluster into a fresh temporary directory, starts it
// on a free loopback port and waits until it accepts a connection. The
// cluster is stopped and its directory removed when t ends. Without
// PostgreSQL it skips t, or fails it when FIELDBOOK_REQUIRE_POSTGRES or CI
// is set.
func Start(t testing.TB, opts ...Option) *Cluster {
	t.Helper()
	o := applyOptions(opts)
	if o.via != "" {
		t.Fatal("pgtest: Via applies to AddStandby only")
	}
	bin, owner := environment(t)
	c := newInstance(t, "primary", bin, owner)
	ctx, cancel := context.WithTimeout(context.Background(), commandTimeout)
	defer cancel()
	if out, err := c.command(ctx, "initdb", "-D", c.data, "-U", "postgres", "-A", "trust",
		"-E", "UTF8", "--locale=C", "--no-instructions").CombinedOutput(); err != nil {
		t.Fatalf("pgtest: initdb into %s: %v\n%s(the %s user must be able to reach that directory)",
			c.data, err, out, c.userName())
	}
	if err := c.writeFile("pg_hba.conf", hbaConf, false); err != nil {
		t.Fatal(err)
	}
	if err := c.writeFile("postgresql.conf", confLines("pgtest", append(baseSettings(), o.settings...)), true); err != nil {
		t.Fatal(err)
	}
	c.firstStart(t)
	return c
}

// AddStandby makes a streaming standby of c named name (its
// application_name and cluster_name, the name synchronous_standby_names
// lists): pg_basebackup -R from c (or from the Via address), on its own
// free port and directory. It returns once c reports it streaming, and the
// standby is stopped and removed when t ends. The standby starts with
// synchronous_standby_names empty whatever c had, so once promoted it
// commits without waiting until it is given standbys of its own. A standby
// can itself feed standbys (cascading replication).
func (c *Cluster) AddStandby(t testing.TB, name string, opts ...Option) *Cluster {
	t.Helper()
	if !validName.MatchString(name) {
		t.Fatalf("pgtest: standby name %q: use lower-case letters, digits and _", name)
	}
	o := applyOptions(opts)
	from := o.via
	if from == "" {
		from = c.Addr()
	}
	host, port, err := net.SplitHostPort(from)
	if err != nil {
		t.Fatalf("pgtest: standby %s via %q: %v", name, from, err)
	}
	s := newInstance(t, name, c.bin, c.owner)
	ctx, cancel := context.WithTimeout(context.Background(), commandTimeout)
	defer cancel()
	conninfo := fmt.Sprintf("host=%s port=%s user=postgres application_name=%s", host, port, name)
	if out, err := s.command(ctx, "pg_basebackup", "-D", s.data, "-d", conninfo,
		"-R", "-X", "stream", "-c", "fast").CombinedOutput(); err != nil {
		t.Fatalf("pgtest: pg_basebackup of %s from %s: %v\n%s", name, from, err, out)
	}
	// postgresql.auto.conf is read last: -R wrote primary_conninfo there,
	// and so did ALTER SYSTEM on the primary before the backup.
	standby := append([][2]string{{"synchronous_standby_names", ""}}, o.settings...)
	if err := s.writeFile("postgresql.auto.conf", confLines("pgtest standby "+name, standby), true); err != nil {
		t.Fatal(err)
	}
	s.firstStart(t)
	ctx, cancel = context.WithTimeout(context.Background(), readyTimeout)
	defer cancel()
	if err := c.waitStreaming(ctx, s); err != nil {
		t.Fatalf("pgtest: standby %s: %v\n%s", name, err, s.logTail())
	}
	return s
}

// validName is what a standby's name may be: it goes unquoted into
// application_name and synchronous_standby_names.
var validName = regexp.MustCompile(`^[a-z][a-z0-9_]{0,62}$`)

// Name is the instance's name: "primary" for Start's, the given one for a
// standby's (even once promoted).
func (c *Cluster) Name() string { return c.name }

// Port is the instance's loopback TCP port; it keeps it across Restart.
func (c *Cluster) Port() int { return c.port }

// Addr is the instance's host:port on loopback, e.g. a Proxy's target.
func (c *Cluster) Addr() string { return net.JoinHostPort("127.0.0.1", strconv.Itoa(c.port)) }

// DSN is the connection string of the instance's postgres database as the
// postgres superuser: postgres://postgres@127.0.0.1:PORT/postgres?sslmode=disable.
func (c *Cluster) DSN() string { return c.databaseDSN("postgres") }

func (c *Cluster) databaseDSN(db string) string {
	return fmt.Sprintf("postgres://postgres@%s/%s?sslmode=disable", c.Addr(), db)
}

// NewDatabase creates an empty database with a fresh name on c and returns
// its DSN; it is dropped (its sessions ended) when t ends, if c is still
// running then. Standbys see it too, as they see every change.
func (c *Cluster) NewDatabase(t testing.TB) string {
	t.Helper()
	var b [6]byte
	if _, err := rand.Read(b[:]); err != nil {
		t.Fatalf("pgtest: a database name: %v", err)
	}
	db := "test_" + hex.EncodeToString(b[:])
	if err := c.exec("CREATE DATABASE " + db); err != nil {
		t.Fatalf("pgtest: on %s: %v", c.name, err)
	}
	t.Cleanup(func() {
		if !c.running() {
			return
		}
		if err := c.exec("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)"); err != nil {
			t.Logf("pgtest: dropping %s on %s: %v", db, c.name, err)
		}
	})
	return c.databaseDSN(db)
}

// SetSynchronousStandbyNames sets synchronous_standby_names on c (ALTER
// SYSTEM, so it survives Restart), e.g. "ANY 1 (s1, s2)", or "" for
// asynchronous replication, and returns once commits follow it: the
// configuration reloaded, and a checkpoint taken so that the checkpointer,
// which tells committing sessions whether to wait, has read it too.
func (c *Cluster) SetSynchronousStandbyNames(t testing.TB, names string) {
	t.Helper()
	fail := func(err error) { t.Fatalf("pgtest: synchronous_standby_names = %q on %s: %v", names, c.name, err) }
	if err := c.exec("ALTER SYSTEM SET synchronous_standby_names = " + quoteLiteral(names)); err != nil {
		fail(err)
	}
	if err := c.exec("SELECT pg_reload_conf()"); err != nil {
		fail(err)
	}
	// The postmaster reloads, then signals its children, before it forks
	// another session: a new session that shows the value proves the
	// checkpointer has been told, and the CHECKPOINT after it is run by a
	// checkpointer that has read the file first.
	ctx, cancel := context.WithTimeout(context.Background(), readyTimeout)
	defer cancel()
	err := poll(ctx, func() (bool, error) {
		v, err := c.queryString(ctx, "SHOW synchronous_standby_names")
		return v == names, err
	})
	if err != nil {
		fail(err)
	}
	if err := c.exec("CHECKPOINT"); err != nil {
		fail(err)
	}
}

// Promote makes the standby c a primary (pg_promote, waiting for it) and
// returns once it accepts writes.
func (c *Cluster) Promote(t testing.TB) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), readyTimeout)
	defer cancel()
	v, err := c.queryString(ctx, "SELECT pg_promote(true, 60)::text")
	if err != nil || v != "true" {
		t.Fatalf("pgtest: promoting %s: %q %v\n%s", c.name, v, err, c.logTail())
	}
}

// Kill9 crashes c: SIGKILL to the postmaster and to every process it
// started (the postmaster stopped first, so it starts no more), as a
// machine losing power would leave them, except that the kernel still
// writes what they had written. It returns once none of them is left.
// Restart starts c again, with crash recovery. (Where there is no /proc,
// off Linux, only the postmaster is killed; its processes exit as they see
// it gone.)
func (c *Cluster) Kill9(t testing.TB) {
	t.Helper()
	p := c.current()
	if p == nil {
		t.Fatalf("pgtest: Kill9: %s is not running", c.name)
	}
	if err := c.kill(p); err != nil {
		t.Fatal(err)
	}
}

// Stop shuts c down cleanly (SIGINT: the fast shutdown, sessions ended),
// and kills it after a deadline.
func (c *Cluster) Stop(t testing.TB) {
	t.Helper()
	if err := c.stop(); err != nil {
		t.Fatal(err)
	}
}

// Restart starts c again on the same data directory and port, stopping it
// cleanly first if it is running, and waits until it accepts a connection
// (after crash recovery, following Kill9).
func (c *Cluster) Restart(t testing.TB) {
	t.Helper()
	if err := c.stop(); err != nil {
		t.Fatal(err)
	}
	c.startOrFail(t)
}

// environment finds the binaries and the user to run them as, or skips
// (or fails) t.
func environment(t testing.TB) (binaries, *account) {
	t.Helper()
	if !supported {
		absent(t, "pgtest runs PostgreSQL on Unix systems only")
	}
	bin, err := findBinaries()
	if err != nil {
		absent(t, err.Error())
	}
	owner, err := serverUser()
	if err != nil {
		absent(t, err.Error())
	}
	return bin, owner
}

// newInstance makes an instance's directory (owned by the user the server
// runs as) and picks its port; the cleanup stops the server, shows the end
// of its log if the test failed, and removes the directory.
func newInstance(t testing.TB, name string, bin binaries, owner *account) *Cluster {
	t.Helper()
	dir, err := os.MkdirTemp("", "pgtest-"+name+"-")
	if err != nil {
		t.Fatalf("pgtest: a directory for %s: %v", name, err)
	}
	c := &Cluster{name: name, bin: bin, owner: owner, dir: dir,
		data: filepath.Join(dir, "data"), log: filepath.Join(dir, "server.log")}
	t.Cleanup(func() {
		if err := c.stop(); err != nil {
			t.Error(err)
		}
		if t.Failed() {
			t.Logf("pgtest: the end of %s's log:\n%s", c.name, c.logTail())
		}
		if err := os.RemoveAll(dir); err != nil {
			t.Errorf("pgtest: removing %s: %v", dir, err)
		}
	})
	if owner != nil {
		if err := os.Chown(dir, owner.uid, owner.gid); err != nil {
			t.Fatalf("pgtest: giving %s to the %s user: %v", dir, c.userName(), err)
		}
	}
	if c.port, err = freePort(); err != nil {
		t.Fatalf("pgtest: a port for %s: %v", name, err)
	}
	return c
}

// firstStart starts a new instance, on another free port if another
// process took the one picked meanwhile.
func (c *Cluster) firstStart(t testing.TB) {
	t.Helper()
	for try := 1; ; try++ {
		err := c.start()
		if err == nil {
			return
		}
		log := c.logTail()
		if try == 3 || !strings.Contains(log, "could not bind") {
			t.Fatalf("pgtest: starting %s: %v\n%s", c.name, err, log)
		}
		port, perr := freePort()
		if perr != nil {
			t.Fatalf("pgtest: a port for %s: %v", c.name, perr)
		}
		t.Logf("pgtest: port %d of %s was taken; trying %d", c.port, c.name, port)
		c.port = port
	}
}

// startOrFail starts the postmaster and waits until it takes connections.
func (c *Cluster) startOrFail(t testing.TB) {
	t.Helper()
	if err := c.start(); err != nil {
		t.Fatalf("pgtest: starting %s: %v\n%s", c.name, err, c.logTail())
	}
}

func (c *Cluster) start() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.proc != nil {
		return errors.New("already running")
	}
	logFile, err := os.OpenFile(c.log, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
	if err != nil {
		return fmt.Errorf("opening its log: %w", err)
	}
	cmd := c.command(context.Background(), "postgres", "-D", c.data, "-p", strconv.Itoa(c.port),
		"-k", c.dir, "-c", "listen_addresses=127.0.0.1", "-c", "cluster_name="+c.name)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	p, err := spawn(cmd, func() { logFile.Close() })
	if err != nil {
		logFile.Close()
		return err
	}
	c.proc = p
	ctx, cancel := context.WithTimeout(context.Background(), readyTimeout)
	defer cancel()
	var last error
	err = poll(ctx, func() (bool, error) {
		select {
		case <-p.done:
			return false, fmt.Errorf("the server exited: %v", p.err)
		default:
		}
		conn, err := connect(ctx, c.DSN())
		if err != nil {
			last = err // not up yet, or recovering: try again
			return false, nil
		}
		conn.Close(ctx)
		return true, nil
	})
	if err != nil {
		_ = killAndWait(p) // the error that matters is the one returned
		c.proc = nil
		return fmt.Errorf("waiting for it to accept connections on %s: %w (last: %v)", c.Addr(), err, last)
	}
	return nil
}

// stop shuts the server down cleanly, or kills it after stopTimeout; a
// stopped server is left alone. The postmaster exits after every process
// it started.
func (c *Cluster) stop() error {
	p := c.current()
	if p == nil {
		return nil
	}
	if err := interrupt(p.pid); err != nil {
		return fmt.Errorf("pgtest: stopping %s: %w", c.name, err)
	}
	select {
	case <-p.done:
		c.forget(p)
		return nil
	case <-time.After(stopTimeout):
		if err := c.kill(p); err != nil {
			return err
		}
		return fmt.Errorf("pgtest: %s did not shut down within %v and was killed", c.name, stopTimeout)
	}
}

// kill crashes the server and marks it stopped.
func (c *Cluster) kill(p *process) error {
	err := killAndWait(p)
	c.forget(p)
	if err != nil {
		return fmt.Errorf("pgtest: killing %s: %w", c.name, err)
	}
	return nil
}

// killAndWait SIGKILLs the postmaster and every process it started, and
// waits until none is left: a new postmaster refuses a data directory
// whose shared memory an old backend still holds.
func killAndWait(p *process) error {
	started, err := killServer(p.pid)
	if err != nil {
		return err
	}
	<-p.done
	ctx, cancel := context.WithTimeout(context.Background(), stopTimeout)
	defer cancel()
	if err := poll(ctx, func() (bool, error) { return !anyAlive(started), nil }); err != nil {
		return fmt.Errorf("processes of the postmaster %d still run: %w", p.pid, err)
	}
	return nil
}

// forget marks the server stopped.
func (c *Cluster) forget(p *process) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.proc == p {
		c.proc = nil
	}
}

func (c *Cluster) current() *process {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.proc
}

func (c *Cluster) running() bool { return c.current() != nil }

// waitStreaming waits until c reports the standby s streaming from it.
func (c *Cluster) waitStreaming(ctx context.Context, s *Cluster) error {
	return poll(ctx, func() (bool, error) {
		if p := s.current(); p != nil {
			select {
			case <-p.done:
				return false, fmt.Errorf("the standby exited: %v", p.err)
			default:
			}
		}
		state, err := c.queryString(ctx,
			"SELECT coalesce(max(state), '') FROM pg_stat_replication WHERE application_name = '"+s.name+"'")
		return state == "streaming", err
	})
}

// command is one of the PostgreSQL binaries, run as the server's user in
// its directory, with no PG* variable of the test's environment.
func (c *Cluster) command(ctx context.Context, name string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, filepath.Join(c.bin.dir, name), args...)
	cmd.Dir = c.dir
	env := []string{"HOME=" + c.dir, "LC_ALL=C"}
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "PG") && !strings.HasPrefix(kv, "HOME=") && !strings.HasPrefix(kv, "LC_ALL=") {
			env = append(env, kv)
		}
	}
	cmd.Env = env
	cmd.SysProcAttr = sysProcAttr(c.owner)
	return cmd
}

// writeFile writes (or appends to) a file of the data directory, owned by
// the server's user.
func (c *Cluster) writeFile(name, content string, appendTo bool) error {
	path := filepath.Join(c.data, name)
	flag := os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	if appendTo {
		flag = os.O_WRONLY | os.O_CREATE | os.O_APPEND
	}
	f, err := os.OpenFile(path, flag, 0o600)
	if err != nil {
		return fmt.Errorf("pgtest: writing %s: %w", path, err)
	}
	_, err = f.WriteString(content)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil && c.owner != nil {
		err = os.Chown(path, c.owner.uid, c.owner.gid)
	}
	if err != nil {
		return fmt.Errorf("pgtest: writing %s: %w", path, err)
	}
	return nil
}

// exec runs one statement on c's postgres database in a session of its own.
func (c *Cluster) exec(sql string) error {
	ctx, cancel := context.WithTimeout(context.Background(), commandTimeout)
	defer cancel()
	conn, err := connect(ctx, c.DSN())
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(ctx, sql); err != nil {
		return fmt.Errorf("%s: %w", sql, err)
	}
	return nil
}

// queryString runs a query of one text value in a session of its own.
func (c *Cluster) queryString(ctx context.Context, sql string) (string, error) {
	conn, err := connect(ctx, c.DSN())
	if err != nil {
		return "", err
	}
	defer conn.Close(context.Background())
	var v string
	if err := conn.QueryRow(ctx, sql).Scan(&v); err != nil {
		return "", fmt.Errorf("%s: %w", sql, err)
	}
	return v, nil
}

// logTail is the end of the server's log, for a failure's message.
func (c *Cluster) logTail() string {
	b, err := os.ReadFile(c.log)
	if err != nil {
		return fmt.Sprintf("(no log: %v)", err)
	}
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	if len(lines) > 40 {
		lines = lines[len(lines)-40:]
	}
	return strings.Join(lines, "\n")
}

func (c *Cluster) userName() string {
	if c.owner == nil {
		return "current"
	}
	return "postgres"
}

// connect opens one session, giving up on a server that does not answer
// within a few seconds (the caller polls).
func connect(ctx context.Context, dsn string) (*pgx.Conn, error) {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return nil, fmt.Errorf("connecting to %s: %w", dsn, err)
	}
	return conn, nil
}

// poll calls cond until it reports true or an error, or ctx ends.
func poll(ctx context.Context, cond func() (bool, error)) error {
	for {
		ok, err := cond()
		if err != nil || ok {
			return err
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("gave up: %w", ctx.Err())
		case <-time.After(pollInterval):
		}
	}
}

// freePort is a loopback TCP port nothing listens on now. Another process
// could take it before the server binds it; the server then fails to start
// with the reason in its log.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	port := l.Addr().(*net.TCPAddr).Port
	if err := l.Close(); err != nil {
		return 0, err
	}
	return port, nil
}

func applyOptions(opts []Option) options {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	return o
}

// confLines is settings as postgresql.conf lines, under a comment.
func confLines(comment string, settings [][2]string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "\n# %s\n", comment)
	for _, s := range settings {
		fmt.Fprintf(&b, "%s = %s\n", s[0], quoteLiteral(s[1]))
	}
	return b.String()
}

// quoteLiteral is s as an SQL (and postgresql.conf) string literal.
func quoteLiteral(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}
