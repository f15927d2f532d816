// Tests of the throwaway clusters against real PostgreSQL: start and
// clean up, a database per test, a crash that keeps what was committed,
// streaming and synchronous standbys behind a proxy that is cut, and a
// promotion. They skip without PostgreSQL (fail in CI).

package pgtest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// testTimeout bounds every statement and wait of these tests: a guard
// against a hang, never a wait.
const testTimeout = 60 * time.Second

func TestStartServesAndCleansUp(t *testing.T) {
	t.Parallel()
	var dir string
	var pids []int // the postmaster and what it started
	t.Run("cluster", func(t *testing.T) {
		c := Start(t)
		dir = c.dir
		pid := c.current().pid
		pids = append(children(pid), pid)
		if len(pids) < 4 { // a checkpointer, a background writer, a WAL writer at least
			t.Errorf("the postmaster %d has started %d processes", pid, len(pids)-1)
		}
		if want := "postgres://postgres@127.0.0.1:" + strconv.Itoa(c.Port()) + "/postgres?sslmode=disable"; c.DSN() != want {
			t.Errorf("DSN %q, want %q", c.DSN(), want)
		}
		conn := open(t, c.DSN())
		for setting, want := range map[string]string{
			"fsync": "on", "synchronous_commit": "on", "max_connections": "100", "shared_buffers": "16MB",
			"wal_level": "replica", "listen_addresses": "127.0.0.1", "unix_socket_directories": c.dir,
			"cluster_name": "primary",
		} {
			if got := queryString(t, conn, "SHOW "+setting); got != want {
				t.Errorf("%s = %q, want %q", setting, got, want)
			}
		}
		if v, _ := strconv.Atoi(queryString(t, conn, "SHOW server_version_num")); v < minMajor*10000 {
			t.Errorf("server_version_num %d: older than %d", v, minMajor)
		}
		if got := queryString(t, conn, "SELECT current_user::text"); got != "postgres" {
			t.Errorf("current_user %q", got)
		}
		if os.Geteuid() == 0 {
			// Run as root, the server must run as postgres (it refuses root).
			status, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
			if err != nil {
				t.Fatal(err)
			}
			if uid := strconv.Itoa(c.owner.uid); !strings.Contains(string(status), "\nUid:\t"+uid+"\t") {
				t.Errorf("the postmaster does not run as uid %s:\n%s", uid, status)
			}
		}
	})
	if dir == "" {
		return // skipped, or failed before starting
	}
	if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the cluster's directory %s is still there after its test: %v", dir, err)
	}
	if anyAlive(pids) {
		t.Errorf("processes of the server (%v) still run after its test", pids)
	}
}

func TestNewDatabaseIsolatesTests(t *testing.T) {
	t.Parallel()
	c := Start(t)
	var names []string
	t.Run("two databases", func(t *testing.T) {
		a, b := c.NewDatabase(t), c.NewDatabase(t)
		if a == b {
			t.Fatalf("the same database twice: %s", a)
		}
		ca, cb := open(t, a), open(t, b)
		execSQL(t, ca, "CREATE TABLE notes (id int PRIMARY KEY)")
		execSQL(t, ca, "INSERT INTO notes VALUES (1)")
		if got := queryString(t, cb, "SELECT coalesce(to_regclass('notes')::text, 'none')"); got != "none" {
			t.Errorf("a table of one database is seen from another: %s", got)
		}
		names = []string{queryString(t, ca, "SELECT current_database()::text"), queryString(t, cb, "SELECT current_database()::text")}
	})
	// Each is dropped when its test ends, its sessions ended first.
	conn := open(t, c.DSN())
	for _, name := range names {
		if n := queryInt(t, conn, "SELECT count(*) FROM pg_database WHERE datname = $1", name); n != 0 {
			t.Errorf("database %s still there after its test", name)
		}
	}
}

func TestKill9ThenRestartKeepsWhatWasCommitted(t *testing.T) {
	t.Parallel()
	c := Start(t)
	dsn := c.NewDatabase(t)
	conn := open(t, dsn)
	execSQL(t, conn, "CREATE TABLE notes (id int PRIMARY KEY)")
	const committed = 50
	for i := range committed {
		execSQL(t, conn, "INSERT INTO notes VALUES ($1)", i) // each its own transaction
	}
	pending := open(t, dsn)
	execSQL(t, pending, "BEGIN")
	execSQL(t, pending, "INSERT INTO notes VALUES (-1)")
	port := c.Port()

	pid := c.current().pid
	started := children(pid)
	c.Kill9(t)
	if anyAlive(append(started, pid)) {
		t.Fatalf("processes of the server (%v) still run after Kill9", append(started, pid))
	}
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	defer cancel()
	if err := conn.Ping(ctx); err == nil {
		t.Fatal("a session still answers after Kill9")
	}
	if again, err := pgx.Connect(ctx, dsn); err == nil {
		again.Close(ctx)
		t.Fatal("a new session was accepted after Kill9")
	}

	c.Restart(t)
	if c.Port() != port {
		t.Fatalf("restarted on port %d, not %d", c.Port(), port)
	}
	if !strings.Contains(c.logTail(), "not properly shut down") {
		t.Errorf("the server did not recover from a crash after Kill9:\n%s", c.logTail())
	}
	after := open(t, dsn)
	if n := queryInt(t, after, "SELECT count(*) FROM notes WHERE id >= 0"); n != committed {
		t.Errorf("%d of %d committed rows after the crash", n, committed)
	}
	if n := queryInt(t, after, "SELECT count(*) FROM notes WHERE id < 0"); n != 0 {
		t.Errorf("an uncommitted row survived the crash")
	}
	after.Close(ctx)

	// A clean restart too: SIGINT, the shutdown checkpoint, no recovery.
	c.Restart(t)
	if n := queryInt(t, open(t, dsn), "SELECT count(*) FROM notes"); n != committed {
		t.Errorf("%d rows after a clean restart, want %d", n, committed)
	}
}

func TestStandbyStreamsARow(t *testing.T) {
	t.Parallel()
	c := Start(t)
	s := c.AddStandby(t, "s1")
	primary, standby := open(t, c.DSN()), open(t, s.DSN())
	if got := queryString(t, standby, "SELECT pg_is_in_recovery()::text"); got != "true" {
		t.Fatalf("the standby is not in recovery: %s", got)
	}
	execSQL(t, primary, "CREATE TABLE notes (id int PRIMARY KEY, body text)")
	execSQL(t, primary, "INSERT INTO notes VALUES (1, 'streamed')")
	waitFor(t, "the row on the standby", func() (bool, error) {
		var body string
		err := standby.QueryRow(context.Background(), "SELECT body FROM notes WHERE id = 1").Scan(&body)
		if err != nil {
			return false, nil // the table is not replayed yet
		}
		return body == "streamed", nil
	})
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	defer cancel()
	_, err := standby.Exec(ctx, "INSERT INTO notes VALUES (2, 'on a standby')")
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) || pgErr.Code != "25006" {
		t.Errorf("a write on the standby: %v, want read_only_sql_transaction (25006)", err)
	}
}

// TestSynchronousCommitWaitsWhileCutThenPromote is the failover the storage
// tests build on, in miniature: a primary with two standbys behind proxies,
// ANY 1 of them synchronous. With both links cut a commit does not return;
// with one restored it does, and that standby has it; promoted after the
// primary is killed, it takes writes.
func TestSynchronousCommitWaitsWhileCutThenPromote(t *testing.T) {
	t.Parallel()
	c := Start(t)
	p1, p2 := NewProxy(t, c.Addr()), NewProxy(t, c.Addr())
	c.AddStandby(t, "s1", Via(p1.Addr()))
	s2 := c.AddStandby(t, "s2", Via(p2.Addr()))
	c.SetSynchronousStandbyNames(t, "ANY 1 (s1, s2)")

	admin := open(t, c.DSN())
	// Each WAL sender takes the new setting on its own: poll.
	waitFor(t, "s1 and s2 as quorum standbys", func() (bool, error) {
		var n int
		err := admin.QueryRow(context.Background(), "SELECT count(*) FROM pg_stat_replication "+
			"WHERE sync_state = 'quorum' AND application_name IN ('s1', 's2')").Scan(&n)
		return n == 2, err
	})
	writer := open(t, c.DSN())
	execSQL(t, writer, "CREATE TABLE notes (id int PRIMARY KEY)")
	execSQL(t, writer, "INSERT INTO notes VALUES (1)") // both links up: returns

	p1.Cut()
	p2.Cut()
	pid := writer.PgConn().PID()
	done := make(chan error, 1)
	go func() {
		// The deadline only guards a broken run: cancelling a COMMIT that
		// waits for a standby leaves it committed locally, unreplicated.
		ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
		defer cancel()
		_, err := writer.Exec(ctx, "INSERT INTO notes VALUES (2)")
		done <- err
	}()
	waitFor(t, "the commit to wait for a standby", func() (bool, error) {
		select {
		case err := <-done:
			return false, fmt.Errorf("the commit returned (%v) with every standby cut off", err)
		default:
		}
		var event string
		err := admin.QueryRow(context.Background(),
			"SELECT coalesce(wait_event, '') FROM pg_stat_activity WHERE pid = $1", pid).Scan(&event)
		return event == "SyncRep", err
	})
	select {
	case err := <-done:
		t.Fatalf("the commit returned (%v) with every standby cut off", err)
	default:
	}

	p2.Restore()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("the commit, once s2 was back: %v", err)
		}
	case <-time.After(testTimeout):
		t.Fatal("the commit still waits with s2 back")
	}

	// Failover: the primary dies with s1 still cut off; s2 acknowledged
	// row 2, so once promoted it has it, and it takes writes.
	c.Kill9(t)
	standby := open(t, s2.DSN())
	waitFor(t, "row 2 replayed on s2", func() (bool, error) {
		var n int
		err := standby.QueryRow(context.Background(), "SELECT count(*) FROM notes").Scan(&n)
		return err == nil && n == 2, nil // an error: the table is not replayed yet
	})
	s2.Promote(t)
	if got := queryString(t, standby, "SELECT pg_is_in_recovery()::text"); got != "false" {
		t.Fatalf("s2 is still in recovery after Promote")
	}
	execSQL(t, standby, "INSERT INTO notes VALUES (3)")
	if n := queryInt(t, standby, "SELECT count(*) FROM notes"); n != 3 {
		t.Errorf("%d rows on the promoted s2, want 3", n)
	}
}

func TestSetSynchronousStandbyNamesBackToAsynchronous(t *testing.T) {
	t.Parallel()
	c := Start(t)
	p := NewProxy(t, c.Addr())
	c.AddStandby(t, "s1", Via(p.Addr()))
	c.SetSynchronousStandbyNames(t, "ANY 1 (s1)")
	c.SetSynchronousStandbyNames(t, "")
	p.Cut()
	conn := open(t, c.DSN())
	execSQL(t, conn, "CREATE TABLE notes (id int)") // returns: nothing to wait for
	if got := queryString(t, conn, "SHOW synchronous_standby_names"); got != "" {
		t.Errorf("synchronous_standby_names = %q", got)
	}
}

func TestRequired(t *testing.T) {
	for _, tc := range []struct {
		env  map[string]string
		want bool
	}{
		{map[string]string{}, false},
		{map[string]string{"FIELDBOOK_REQUIRE_POSTGRES": "1"}, true},
		{map[string]string{"CI": "true"}, true},
		{map[string]string{"FIELDBOOK_REQUIRE_BROWSER": "1"}, false},
	} {
		if got := required(func(k string) string { return tc.env[k] }); got != tc.want {
			t.Errorf("required with %v = %v, want %v", tc.env, got, tc.want)
		}
	}
}

func TestCheckBinariesRejectsAnIncompleteDirectory(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(dir+"/postgres", []byte("#!/bin/sh\necho 'postgres (PostgreSQL) 15.1'\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := checkBinaries(dir); err == nil || !strings.Contains(err.Error(), "no initdb") {
		t.Errorf("a directory without initdb: %v", err)
	}
	for _, name := range []string{"initdb", "pg_basebackup"} {
		if err := os.WriteFile(dir+"/"+name, []byte("#!/bin/sh\n"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if b, err := checkBinaries(dir); err != nil || b.version != "15.1" {
		t.Errorf("a complete 15.1: %+v %v", b, err)
	}
	if err := os.WriteFile(dir+"/postgres", []byte("#!/bin/sh\necho 'postgres (PostgreSQL) 14.9'\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := checkBinaries(dir); err == nil || !strings.Contains(err.Error(), "older than 15") {
		t.Errorf("a 14.9: %v", err)
	}
}

// open is a session on dsn, closed when t ends.
func open(t testing.TB, dsn string) *pgx.Conn {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	defer cancel()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}

func execSQL(t testing.TB, conn *pgx.Conn, sql string, args ...any) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	defer cancel()
	if _, err := conn.Exec(ctx, sql, args...); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

func queryString(t testing.TB, conn *pgx.Conn, sql string, args ...any) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	defer cancel()
	var v string
	if err := conn.QueryRow(ctx, sql, args...).Scan(&v); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return v
}

func queryInt(t testing.TB, conn *pgx.Conn, sql string, args ...any) int {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	defer cancel()
	var v int
	if err := conn.QueryRow(ctx, sql, args...).Scan(&v); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return v
}

// waitFor polls cond until it holds; an error ends the test.
func waitFor(t testing.TB, what string, cond func() (bool, error)) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	defer cancel()
	if err := poll(ctx, cond); err != nil {
		t.Fatalf("waiting for %s: %v", what, err)
	}
}
