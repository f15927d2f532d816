// Package pgkv keeps a Fieldbook store in PostgreSQL: the kv Backend
// (storage/kv) over one table, for several stateless Fieldbook nodes that
// share one database (docs/operations: "Running more than one node").
//
// The store is the table kv(k bytea primary key, v bytea, expires_at
// bigint), created and migrated by the binary (migrate.go). The rules that
// make several writers safe are PostgreSQL's:
//   - One writer at a time across every node: each group commit takes the
//     transaction-scoped advisory lock writeLock before it reads the last
//     feed number, and holds it until its COMMIT. Feed numbers are so
//     taken and committed in one order, and a reader's snapshot holds
//     every number up to the highest it sees: a cursor never skips. One
//     lock, always taken first, cannot deadlock.
//   - Snapshots are REPEATABLE READ READ ONLY transactions; the writer's
//     transaction reads its own writes (READ COMMITTED, after the lock).
//   - A commit is durable when COMMIT returns: with synchronous
//     replication that includes the standby's acknowledgement. A COMMIT is
//     never cancelled (it runs on a context without the caller's deadline),
//     since a cancelled COMMIT that waits for the standby stays committed
//     on the primary but not replicated.
//   - After each commit that took feed numbers, NOTIFY wakes the other
//     nodes' long-polls (LISTEN on a connection of its own).
package pgkv

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"fieldbook"
	"fieldbook/storage/kv"
)

// writeLock is the advisory lock key every group commit holds.
const writeLock = 7_406_151_201

// channel is the NOTIFY channel of commits that took feed numbers.
const channel = "fieldbook_commits"

// maxPayload keeps a NOTIFY's list of touched keys under PostgreSQL's
// 8,000-byte limit; a longer one says "*": everything.
const maxPayload = 7000

// page is how many entries a cursor reads per query at most: a pull's
// page of 1,000 records is one query of its feed (256 made it four, and
// the pull a quarter slower).
const page = 1024

// seqKey is the kv key the writer keeps the last feed number in.
var seqKey = []byte("m/seq")

// Backend is a store in one PostgreSQL database.
type Backend struct {
	pool *pgxpool.Pool
	log  *slog.Logger
	now  func() time.Time

	mu     sync.Mutex
	wake   func(keys []string)
	stop   context.CancelFunc
	done   sync.WaitGroup
	closed bool
}

var _ kv.Backend = (*Backend)(nil)

// Open connects to the database dsn names, migrating its schema (refused
// when the database is newer than this binary), and starts listening for
// the other nodes' commits. now is the clock expiries are judged by.
func Open(ctx context.Context, dsn string, log *slog.Logger, now func() time.Time) (*Backend, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if now == nil {
		now = time.Now
	}
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("postgres: the store's address: %w", err)
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("postgres: connect: %w", err)
	}
	if err := Migrate(ctx, pool); err != nil {
		pool.Close()
		return nil, err
	}
	b := &Backend{pool: pool, log: log, now: now}
	lctx, stop := context.WithCancel(context.Background())
	b.stop = stop
	b.done.Add(2)
	go b.listen(lctx)
	go b.expire(lctx)
	return b, nil
}

// WakeOnCommit sets the function called with the keys another node (or
// this one) touched in a commit (nil: anything may have changed): the DB
// wakes the long-polls watching them.
func (b *Backend) WakeOnCommit(fn func(keys []string)) {
	b.mu.Lock()
	b.wake = fn
	b.mu.Unlock()
}

func (b *Backend) woken(keys []string) {
	b.mu.Lock()
	fn := b.wake
	b.mu.Unlock()
	if fn != nil {
		fn(keys)
	}
}

// listen wakes the long-polls at every NOTIFY of a commit, and once after
// each reconnection (a commit may have passed unheard meanwhile).
func (b *Backend) listen(ctx context.Context) {
	defer b.done.Done()
	for ctx.Err() == nil {
		err := b.listenOnce(ctx)
		if ctx.Err() != nil {
			return
		}
		b.log.Warn("postgres: listening for commits failed; retrying", "err", err)
		b.woken(nil)
		select {
		case <-ctx.Done():
		case <-time.After(time.Second):
		}
	}
}

func (b *Backend) listenOnce(ctx context.Context) error {
	conn, err := b.pool.Acquire(ctx)
	if err != nil {
		return err
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, "LISTEN "+channel); err != nil {
		return err
	}
	defer conn.Exec(context.WithoutCancel(ctx), "UNLISTEN "+channel) //nolint:errcheck // the connection goes back to the pool either way
	b.woken(nil)                                                     // a commit may have passed unheard while not listening
	for {
		n, err := conn.Conn().WaitForNotification(ctx)
		if err != nil {
			return err
		}
		if n.Payload == "" || n.Payload == "*" {
			b.woken(nil)
		} else {
			b.woken(strings.Split(n.Payload, "\n"))
		}
	}
}

// expire deletes expired entries now and then (reads skip them already).
func (b *Backend) expire(ctx context.Context) {
	defer b.done.Done()
	t := time.NewTicker(10 * time.Minute)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if _, err := b.pool.Exec(ctx, "DELETE FROM kv WHERE expires_at IS NOT NULL AND expires_at <= $1", b.now().Unix()); err != nil && ctx.Err() == nil {
				b.log.Warn("postgres: dropping expired entries failed", "err", err)
			}
		}
	}
}

// Close stops listening and closes the pool.
func (b *Backend) Close() error {
	b.mu.Lock()
	if b.closed {
		b.mu.Unlock()
		return nil
	}
	b.closed = true
	b.mu.Unlock()
	b.stop()
	b.done.Wait()
	b.pool.Close()
	return nil
}

// Size is the table's size on disk.
func (b *Backend) Size() int64 {
	var n int64
	if err := b.pool.QueryRow(context.Background(), "SELECT pg_total_relation_size('kv')").Scan(&n); err != nil {
		return 0
	}
	return n
}

// Ping checks that the database answers and accepts writes (a primary).
func (b *Backend) Ping(ctx context.Context) error {
	var standby bool
	if err := b.pool.QueryRow(ctx, "SELECT pg_is_in_recovery()").Scan(&standby); err != nil {
		return fmt.Errorf("postgres: %w", err)
	}
	if standby {
		return errors.New("postgres: the database is a standby, not the primary")
	}
	return nil
}

// Gauges are the pool's connections and, on a primary, its standbys: how
// many, how many commits wait for (synchronous), and the largest replay
// lag in seconds.
func (b *Backend) Gauges(ctx context.Context) map[string]float64 {
	st := b.pool.Stat()
	g := map[string]float64{
		"pool_connections_acquired": float64(st.AcquiredConns()),
		"pool_connections_idle":     float64(st.IdleConns()),
		"pool_connections_max":      float64(st.MaxConns()),
	}
	var standbys, synchronous int64
	var lag float64
	err := b.pool.QueryRow(ctx, `SELECT count(*), count(*) FILTER (WHERE sync_state IN ('sync', 'quorum')),
		COALESCE(max(EXTRACT(EPOCH FROM replay_lag)), 0)::float8 FROM pg_stat_replication`).Scan(&standbys, &synchronous, &lag)
	if err == nil {
		g["replication_standbys"] = float64(standbys)
		g["replication_synchronous_standbys"] = float64(synchronous)
		g["replication_lag_seconds"] = lag
	}
	return g
}

// View runs fn in a REPEATABLE READ, READ ONLY transaction.
func (b *Backend) View(ctx context.Context, fn func(kv.Snapshot) error) error {
	tx, err := b.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return unreachable("begin a snapshot", err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx)) //nolint:errcheck // read only: nothing to lose
	return fn(&snapshot{ctx: ctx, tx: tx, now: b.now().Unix()})
}

// Begin starts a group commit's transaction and takes the write lock.
func (b *Backend) Begin(ctx context.Context) (kv.Batch, error) {
	tx, err := b.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.ReadCommitted})
	if err != nil {
		return nil, unreachable("begin", err)
	}
	if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock($1)", int64(writeLock)); err != nil {
		tx.Rollback(context.WithoutCancel(ctx)) //nolint:errcheck // the lock was not taken
		return nil, fmt.Errorf("postgres: take the write lock: %w", err)
	}
	s := &snapshot{ctx: ctx, tx: tx, now: b.now().Unix()}
	seq, _, err := s.Get(seqKey)
	if err != nil {
		tx.Rollback(context.WithoutCancel(ctx)) //nolint:errcheck // nothing was written
		return nil, err
	}
	return &batch{snapshot: s, b: b, seqAtBegin: seq}, nil
}

// unreachable is the error of a transaction that could not begin: the
// database does not answer (or refuses connections), which a client is
// told as 503 unavailable, to try again, rather than as a failure.
func unreachable(what string, err error) error {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("postgres: %s: %w", what, err)
	}
	return fmt.Errorf("postgres: %s: %w: %w", what, fieldbook.Errorf(fieldbook.CodeUnavailable, "the database cannot be reached; try again in a moment"), err)
}

type snapshot struct {
	ctx context.Context
	tx  pgx.Tx
	now int64 // Unix seconds: an entry that expires at or before it is gone
}

func (s *snapshot) Get(k []byte) ([]byte, bool, error) {
	var v []byte
	err := s.tx.QueryRow(s.ctx, "SELECT v FROM kv WHERE k = $1 AND (expires_at IS NULL OR expires_at > $2)", k, s.now).Scan(&v)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("postgres: get %q: %w", k, err)
	}
	if v == nil {
		v = []byte{}
	}
	return v, true, nil
}

// GetMany reads keys in one query; a value found is never nil.
func (s *snapshot) GetMany(keys [][]byte) ([][]byte, error) {
	rows, err := s.tx.Query(s.ctx, "SELECT k, v FROM kv WHERE k = ANY($1) AND (expires_at IS NULL OR expires_at > $2)", keys, s.now)
	if err != nil {
		return nil, fmt.Errorf("postgres: get: %w", err)
	}
	found := make(map[string][]byte, len(keys))
	for rows.Next() {
		var k, v []byte
		if err := rows.Scan(&k, &v); err != nil {
			rows.Close()
			return nil, fmt.Errorf("postgres: get: %w", err)
		}
		found[string(k)] = nonNil(v)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("postgres: get: %w", err)
	}
	out := make([][]byte, len(keys))
	for i, k := range keys {
		out[i] = found[string(k)]
	}
	return out, nil
}

func (s *snapshot) Seek(prefix, from []byte, o kv.SeekOptions) kv.Cursor {
	c := &cursor{s: s, prefix: prefix, reverse: o.Reverse, values: o.Values, from: from, inclusive: true, left: max(o.Limit, 0)}
	c.fetch()
	return c
}

// cursor reads its keys a page at a time, so that several cursors of one
// transaction can be open at once (a connection runs one query at a time).
type cursor struct {
	s         *snapshot
	prefix    []byte
	reverse   bool
	values    bool
	from      []byte // where the next page starts
	inclusive bool   // the next page may start at from itself
	rows      []entry
	i         int
	last      bool // no page after this one
	left      int  // entries the caller will still read (its Limit); 0: no bound
	limit     int  // what the last query asked for
	err       error
}

type entry struct {
	k, v    []byte
	expires int64
}

// successor is the first key after every key with prefix; nil when there
// is none (the prefix is empty or all 0xff).
func successor(prefix []byte) []byte {
	p := bytes.Clone(prefix)
	for i := len(p) - 1; i >= 0; i-- {
		if p[i] < 0xff {
			p[i]++
			return p[:i+1]
		}
	}
	return nil
}

func (c *cursor) fetch() {
	c.rows, c.i = c.rows[:0], 0
	cols := "k, NULL::bytea, expires_at"
	if c.values {
		cols = "k, v, expires_at"
	}
	var (
		q    string
		args = []any{c.s.now}
	)
	op := map[bool]map[bool]string{false: {true: ">=", false: ">"}, true: {true: "<=", false: "<"}}[c.reverse][c.inclusive]
	q = "SELECT " + cols + " FROM kv WHERE (expires_at IS NULL OR expires_at > $1)"
	add := func(cond string, v any) {
		args = append(args, v)
		q += " AND " + cond + " $" + strconv.Itoa(len(args))
	}
	if c.from != nil {
		add("k "+op, c.from)
	}
	if len(c.prefix) > 0 {
		add("k >=", c.prefix)
		if end := successor(c.prefix); end != nil {
			add("k <", end)
		}
	}
	if c.reverse {
		q += " ORDER BY k DESC"
	} else {
		q += " ORDER BY k"
	}
	c.limit = page
	if c.left > 0 {
		c.limit = min(c.left, page)
	}
	q += " LIMIT " + strconv.Itoa(c.limit)
	rows, err := c.s.tx.Query(c.s.ctx, q, args...)
	if err != nil {
		c.err, c.last = fmt.Errorf("postgres: scan: %w", err), true
		return
	}
	for rows.Next() {
		var e entry
		var exp *int64
		if err := rows.Scan(&e.k, &e.v, &exp); err != nil {
			rows.Close()
			c.err, c.last = fmt.Errorf("postgres: scan: %w", err), true
			return
		}
		if exp != nil {
			e.expires = *exp
		}
		c.rows = append(c.rows, e)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		c.err, c.last = fmt.Errorf("postgres: scan: %w", err), true
		return
	}
	c.last = len(c.rows) < c.limit
	if c.left > 0 {
		c.left -= len(c.rows)
		c.last = c.last || c.left <= 0
	}
	if n := len(c.rows); n > 0 {
		c.from, c.inclusive = c.rows[n-1].k, false
	}
}

func (c *cursor) Valid() bool { return c.err == nil && c.i < len(c.rows) }
func (c *cursor) Key() []byte { return c.rows[c.i].k }
func (c *cursor) Value(fn func(v []byte) error) error {
	v := c.rows[c.i].v
	if v == nil {
		v = []byte{}
	}
	return fn(v)
}
func (c *cursor) ExpiresAt() uint64 { return uint64(max(c.rows[c.i].expires, 0)) }
func (c *cursor) Next() {
	c.i++
	if c.i >= len(c.rows) && !c.last && c.err == nil {
		c.fetch()
	}
}
func (c *cursor) Err() error { return c.err }
func (c *cursor) Close()     {}

type batch struct {
	*snapshot
	b          *Backend
	seqAtBegin []byte
	seq        []byte // the last feed number written, when it was
	done       bool
}

// Write sends the job's writes in one round trip of two statements, each
// taking its keys as an array: the upserts and the deletes. PostgreSQL
// would otherwise run a statement per entry, and a push writes hundreds.
// A key written twice keeps its last write.
func (t *batch) Write(entries []kv.Entry) error {
	last := make(map[string]int, len(entries))
	for i, e := range entries {
		last[string(e.Key)] = i
	}
	var setKeys, setValues, delKeys [][]byte
	var setExpires []*int64
	for i, e := range entries {
		if last[string(e.Key)] != i {
			continue
		}
		if e.Delete {
			delKeys = append(delKeys, e.Key)
			continue
		}
		var exp *int64
		if e.TTL > 0 {
			at := t.b.now().Add(e.TTL).Unix()
			exp = &at
		}
		setKeys, setValues, setExpires = append(setKeys, e.Key), append(setValues, nonNil(e.Value)), append(setExpires, exp)
		if bytes.Equal(e.Key, seqKey) {
			t.seq = e.Value
		}
	}
	var q pgx.Batch
	if len(setKeys) > 0 {
		q.Queue(`INSERT INTO kv (k, v, expires_at) SELECT * FROM unnest($1::bytea[], $2::bytea[], $3::bigint[])
			ON CONFLICT (k) DO UPDATE SET v = EXCLUDED.v, expires_at = EXCLUDED.expires_at`, setKeys, setValues, setExpires)
	}
	if len(delKeys) > 0 {
		q.Queue("DELETE FROM kv WHERE k = ANY($1::bytea[])", delKeys)
	}
	if q.Len() == 0 {
		return nil
	}
	if err := t.tx.SendBatch(t.ctx, &q).Close(); err != nil {
		return fmt.Errorf("postgres: write: %w", err)
	}
	return nil
}

func nonNil(v []byte) []byte {
	if v == nil {
		return []byte{}
	}
	return v
}

// Fits: a PostgreSQL transaction holds what a batch of jobs writes; the
// bound only keeps one commit's memory in reason.
func (t *batch) Fits(size, count int64) bool { return size <= 256<<20 && count <= 1_000_000 }

// Commit tells the other nodes what it touched (all, when too much to
// say), then commits — never cancelled: see the package comment.
func (t *batch) Commit(touched []string) error {
	t.done = true
	ctx := context.WithoutCancel(t.ctx)
	if len(touched) > 0 || t.seq != nil && !bytes.Equal(t.seq, t.seqAtBegin) {
		payload := strings.Join(touched, "\n")
		if payload == "" || len(payload) > maxPayload {
			payload = "*"
		}
		if _, err := t.tx.Exec(ctx, "SELECT pg_notify($1, $2)", channel, payload); err != nil {
			t.tx.Rollback(ctx) //nolint:errcheck // the commit failed already
			return fmt.Errorf("postgres: notify: %w", err)
		}
	}
	if err := t.tx.Commit(ctx); err != nil {
		return fmt.Errorf("postgres: commit: %w", err)
	}
	return nil
}

func (t *batch) Discard() {
	if !t.done {
		t.done = true
		t.tx.Rollback(context.WithoutCancel(t.ctx)) //nolint:errcheck // nothing of it stays either way
	}
}

// Backup writes every entry, from one snapshot, in kv's portable format.
func (b *Backend) Backup(ctx context.Context, w io.Writer) error {
	return b.View(ctx, func(s kv.Snapshot) error { return kv.WriteEntries(w, s) })
}
