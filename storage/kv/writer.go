package kv

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"
)

// The writer is the database's only writing goroutine. Every change to the
// database is a job run by it, so seq numbers are taken and committed in one
// step: a reader's snapshot always holds every seq up to the highest it
// sees, and a cursor never skips a change. The writer gathers the jobs that
// queue while it commits and commits them together in one transaction with
// one sync (group commit), then answers them all: an answer means durable.

// maxJobsPerBatch bounds how many jobs share one commit.
const maxJobsPerBatch = 256

// ErrClosed is returned for jobs submitted after Close, and to waits that
// Close ends.
var ErrClosed = errors.New("store is closed")

// Tx is what a job sees: reads through the current transaction (with the
// writes of earlier jobs in the batch and its own) and writes that are
// buffered until the job succeeds, so a failed job leaves nothing behind.
// Its iterations (the View's) see the transaction, not the job's own
// buffered writes.
type Tx struct {
	View
	w *writer
	// writes are the job's writes in the order made, a key's last write
	// in the place of its first; pending finds a key's.
	writes  []Entry
	pending map[string]int
	touched map[string]bool // what the job changed for readers (Touch)
	// fetched are values read ahead (Prefetch), nil where absent, as the
	// transaction held them; a key the job writes is read from writes.
	fetched map[string][]byte
}

// newTx starts a job's Tx with room for about hint writes (a push of a
// batch writes hundreds: growing the map and the slice step by step costs
// more than the writes).
func newTx(w *writer, b Batch, hint int) *Tx {
	n := min(hint, maxWritesHint)
	return &Tx{View: View{s: b}, w: w, writes: make([]Entry, 0, n), pending: make(map[string]int, n)}
}

// maxWritesHint bounds the room newTx makes.
const maxWritesHint = 4096

// Get reads k, the job's own writes first, then what Prefetch read.
func (t *Tx) Get(k []byte) ([]byte, bool, error) {
	if i, ok := t.pending[string(k)]; ok {
		e := &t.writes[i]
		if e.Delete {
			return nil, false, nil
		}
		return e.Value, true, nil
	}
	if v, ok := t.fetched[string(k)]; ok {
		return v, v != nil, nil
	}
	return t.View.Get(k)
}

// Prefetch reads the keys keys returns ahead, for a job that is about to
// read them one by one (a push reads each change's record), where the
// backend answers many keys in one round trip (PostgreSQL): one query
// instead of one each. Elsewhere (Badger, in process) it reads nothing
// and does not call keys. What it read stands for the rest of the job —
// nothing but the job writes meanwhile, and the job's own writes are
// read first.
func (t *Tx) Prefetch(keys func() [][]byte) error {
	m, ok := t.View.s.(manyGetter)
	if !ok {
		return nil
	}
	var want [][]byte
	for _, k := range keys() {
		if _, ok := t.pending[string(k)]; !ok {
			want = append(want, k)
		}
	}
	if len(want) == 0 {
		return nil
	}
	vals, err := m.GetMany(want)
	if err != nil {
		return err
	}
	if t.fetched == nil {
		t.fetched = make(map[string][]byte, len(want))
	}
	for i, k := range want {
		t.fetched[string(k)] = vals[i]
	}
	return nil
}

// GetMany reads keys, the job's own writes first.
func (t *Tx) GetMany(keys [][]byte) ([][]byte, error) {
	out := make([][]byte, len(keys))
	for i, k := range keys {
		b, ok, err := t.Get(k)
		if err != nil {
			return nil, err
		}
		if ok {
			out[i] = b
		}
	}
	return out, nil
}

func (t *Tx) put(e Entry) {
	if i, ok := t.pending[string(e.Key)]; ok {
		t.writes[i] = e
		return
	}
	t.pending[string(e.Key)] = len(t.writes)
	t.writes = append(t.writes, e)
}

// Set writes v at k. Every write discards the key's earlier versions, so
// that nothing overwritten (an erased person's data) survives in a backup
// or past the next compaction.
func (t *Tx) Set(k, v []byte) { t.put(Entry{Key: k, Value: v}) }

// SetTTL writes v at k, to expire after ttl (discarding earlier versions).
func (t *Tx) SetTTL(k, v []byte, ttl time.Duration) {
	t.put(Entry{Key: k, Value: v, TTL: max(ttl, time.Nanosecond)})
}

// Delete removes k.
func (t *Tx) Delete(k []byte) { t.put(Entry{Key: k, Delete: true}) }

// NextSeq takes the next feed number; it is committed with the job.
func (t *Tx) NextSeq() uint64 {
	t.w.seq++
	return t.w.seq
}

// entries are the job's writes, in the order made.
func (t *Tx) entries() []Entry { return t.writes }

type job struct {
	run func(*Tx) error
	// then, when set, runs after run's writes are in the transaction, so
	// it reads them (iterations see only what is in the transaction). Its
	// failure leaves run's writes in place and is logged, not returned:
	// then does follow-up work that can be redone (scores).
	then func(*Tx) error
	done chan error
}

type writer struct {
	b    Backend
	dmg  *damage
	room func() error // nil: always room (Options.Room)
	log  *slog.Logger
	jobs chan *job
	quit chan struct{}
	idle chan struct{}
	// seq is the last seq taken, read from the store as each batch
	// begins; lastWrites is how many writes the last job made (newTx).
	// Only the writer goroutine touches them.
	seq        uint64
	lastWrites int
	// onCommit, when set, is called after each durable batch with the
	// number of jobs and the time it took (metrics).
	onCommit atomic.Pointer[func(jobs int, took time.Duration)]

	// watches are the registered waits (watch.go), under mu; touched is
	// what the jobs in the open transaction touched, which only the
	// writer goroutine touches.
	mu      sync.Mutex
	watches map[*watch]bool
	touched map[string]bool
	// waiters counts the callers of WaitCommit waiting now, waits those
	// that began.
	waiters, waits atomic.Int64
}

func newWriter(b Backend, log *slog.Logger, dmg *damage) *writer {
	w := &writer{b: b, dmg: dmg, log: log, jobs: make(chan *job, 1024), quit: make(chan struct{}), idle: make(chan struct{}),
		watches: map[*watch]bool{}}
	go w.loop()
	return w
}

// announce wakes the watches of what the durable commit touched; a commit
// that touched nothing a reader sees (logins, tokens) wakes no one.
func (w *writer) announce() {
	touched := w.touched
	w.touched = nil
	if len(touched) == 0 {
		return
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	w.wakeWatches(touched)
}

// doThen runs fn and then, in the same transaction, then (see job.then),
// and waits until they are durable or failed.
func (w *writer) doThen(ctx context.Context, fn, then func(*Tx) error) error {
	if err := w.dmg.get(); err != nil {
		return err
	}
	if w.room != nil {
		if err := w.room(); err != nil {
			return err
		}
	}
	j := &job{run: fn, then: then, done: make(chan error, 1)}
	select {
	case w.jobs <- j:
	case <-w.quit:
		return ErrClosed
	case <-ctx.Done():
		return ctx.Err()
	}
	select {
	case err := <-j.done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// close stops the writer after the jobs already queued are done.
func (w *writer) close() {
	close(w.quit)
	<-w.idle
}

func (w *writer) loop() {
	defer close(w.idle)
	batch := make([]*job, 0, maxJobsPerBatch)
	for {
		batch = batch[:0]
		select {
		case j := <-w.jobs:
			batch = append(batch, j)
		case <-w.quit:
			// Finish what was queued before close.
			for {
				select {
				case j := <-w.jobs:
					w.runBatch([]*job{j})
				default:
					return
				}
			}
		}
	gather:
		for len(batch) < maxJobsPerBatch {
			select {
			case j := <-w.jobs:
				batch = append(batch, j)
			default:
				break gather
			}
		}
		w.runBatch(batch)
	}
}

// runBatch runs jobs in one transaction where they fit, committing early
// when the transaction would grow past what the backend takes, and
// answers each job once the transaction holding its writes is durable.
func (w *writer) runBatch(batch []*job) {
	start := time.Now()
	var waiting []*job // applied to txn, not yet committed
	var size, count int64
	txn, err := w.begin()
	finish := func(result error) {
		if result != nil {
			w.touched = nil // nothing of the transaction stays
		}
		for _, j := range waiting {
			j.done <- result
		}
		waiting = waiting[:0]
		size, count = 0, 0
		if txn != nil {
			txn.Discard()
		}
		txn, err = w.begin()
	}
	defer func() {
		if txn != nil {
			txn.Discard()
		}
	}()
	for _, j := range batch {
		if txn == nil {
			j.done <- err
			continue
		}
		t := newTx(w, txn, w.lastWrites) // as many as the last job made
		if err := w.runJob(j, t); err != nil {
			j.done <- err
			continue
		}
		w.lastWrites = len(t.writes)
		jobSize, jobCount := t.estimate()
		if len(waiting) > 0 && !txn.Fits(size+jobSize, count+jobCount) {
			// The job read what the committed jobs wrote; nothing else
			// writes meanwhile (a shared backend's lock is released and
			// taken again only when it cannot hold the batch at all), so
			// its reads hold in the next transaction too.
			finish(w.commit(txn))
			if txn == nil {
				j.done <- err
				continue
			}
			t.View.s = txn
		}
		if err := txn.Write(t.entries()); err != nil {
			// The transaction holds part of this job: drop it all.
			waiting = append(waiting, j)
			finish(fmt.Errorf("store batch: %w", err))
			continue
		}
		size, count = size+jobSize, count+jobCount
		waiting = append(waiting, j)
		w.touch(t)
		if j.then != nil {
			thenSize, thenCount := w.runThen(txn, j, size, count)
			size, count = size+thenSize, count+thenCount
		}
	}
	if len(waiting) > 0 {
		finish(w.commit(txn))
	}
	if fn := w.onCommit.Load(); fn != nil {
		(*fn)(len(batch), time.Since(start))
	}
}

// begin starts the next transaction and reads the last feed number from
// it; nil with the error when the backend cannot.
func (w *writer) begin() (Batch, error) {
	txn, err := w.b.Begin(context.Background())
	if err != nil {
		return nil, fmt.Errorf("store batch: %w", err)
	}
	if w.seq, err = readSeq(txn); err != nil {
		txn.Discard()
		return nil, fmt.Errorf("store batch: read seq: %w", err)
	}
	return txn, nil
}

// estimate is a generous guess of the job's size in the backend's
// accounting.
func (t *Tx) estimate() (size, count int64) {
	for _, e := range t.writes {
		size += int64(len(e.Key) + len(e.Value) + 48)
	}
	return size, int64(len(t.writes))
}

// runThen runs a job's follow-up in the transaction that holds the job.
// When it fails, or would not fit beside what the transaction holds, its
// writes are dropped and the job stands: the follow-up is redone later
// from what the job left behind.
func (w *writer) runThen(txn Batch, j *job, size, count int64) (thenSize, thenCount int64) {
	t := newTx(w, txn, 0)
	err := w.runJob(&job{run: j.then}, t)
	if err == nil {
		if thenSize, thenCount = t.estimate(); !txn.Fits(size+2*thenSize, count+2*thenCount) {
			err = errors.New("follow-up too large for the batch")
		}
	}
	if err == nil {
		err = txn.Write(t.entries())
	}
	if err != nil {
		w.log.Warn("store follow-up failed; it is redone later", "err", err)
		return 0, 0
	}
	w.touch(t)
	return thenSize, thenCount
}

// touch adds what a job that went into the transaction touched.
func (w *writer) touch(t *Tx) {
	for k := range t.touched {
		if w.touched == nil {
			w.touched = map[string]bool{}
		}
		w.touched[k] = true
	}
}

// touchedKeys is what the open transaction touched, for a backend that
// tells other processes.
func (w *writer) touchedKeys() []string {
	out := make([]string, 0, len(w.touched))
	for k := range w.touched {
		out = append(out, k)
	}
	return out
}

// runJob runs a job's function, turning a panic into an error so that one
// bad job cannot stop the writer that every other request waits on; a
// panic of Badger's own code (a damaged table) marks the store damaged,
// and so does an error that says a file is damaged.
func (w *writer) runJob(j *job, t *Tx) (err error) {
	defer func() {
		if r := recover(); r != nil {
			if badgerPanic() {
				err = w.dmg.mark(fmt.Errorf("the store's engine failed reading its files: %s", firstLine(r)))
				return
			}
			err = fmt.Errorf("store job panicked: %v", r)
		}
	}()
	return w.dmg.check(j.run(t))
}

// commit records the last seq and commits durably.
func (w *writer) commit(txn Batch) error {
	if err := txn.Write([]Entry{{Key: []byte(keySeq), Value: Uint64(w.seq)}}); err != nil {
		return fmt.Errorf("write seq: %w", err)
	}
	if err := txn.Commit(w.touchedKeys()); err != nil {
		w.touched = nil
		return fmt.Errorf("commit: %w", err)
	}
	w.announce()
	return nil
}
