package main

import (
	"cmp"
	"errors"
	"fmt"
	"os"
	"slices"
	"time"

	"github.com/dgraph-io/badger/v4"

	"fieldbook/workload"
)

// The raw limit: the same records written straight into Badger by one
// writer, one durable commit per batch, with the options the store opens
// Badger with. Fieldbook's writer commits a group of pushes with one
// read-write transaction under SyncWrites, so "txn" (a transaction per
// batch, Commit) is the like-for-like limit: same call, same one sync per
// batch, only Fieldbook's own work taken away. "writebatch" (a WriteBatch
// per batch, Flush) is Badger's bulk API; with SyncWrites it also syncs
// once per Flush, and is shown to check that it is no faster.

// baselineMode is how the raw writer commits a batch.
type baselineMode string

const (
	baselineTxn        baselineMode = "txn"
	baselineWriteBatch baselineMode = "writebatch"
)

// rawPasses is how many times the raw writer writes the batches, each
// time into a fresh store; the pass of median wall time is reported. One
// pass swings several times over between runs on a shared machine.
const rawPasses = 5

// rawBadger writes the batches rawPasses times, each into a new durable
// Badger in a directory under base, and returns the pass of median wall
// time: how long its batches took, from the first begin to the last
// commit (opening and closing Badger are not timed: the push's figure
// does not time the server's start either), and each batch's commit time.
func rawBadger(base string, mode baselineMode, batches [][]workload.Change) (wall time.Duration, lat []time.Duration, err error) {
	type pass struct {
		wall time.Duration
		lat  []time.Duration
	}
	passes := make([]pass, rawPasses)
	for i := range passes {
		if passes[i].wall, passes[i].lat, err = rawBadgerPass(base, mode, batches); err != nil {
			return 0, nil, err
		}
	}
	slices.SortFunc(passes, func(a, b pass) int { return cmp.Compare(a.wall, b.wall) })
	m := passes[len(passes)/2]
	return m.wall, m.lat, nil
}

// rawBadgerPass is one pass of rawBadger.
func rawBadgerPass(base string, mode baselineMode, batches [][]workload.Change) (wall time.Duration, lat []time.Duration, err error) {
	dir, err := os.MkdirTemp(base, "fieldbook-load-badger-")
	if err != nil {
		return 0, nil, fmt.Errorf("baseline directory: %w", err)
	}
	defer func() { err = errors.Join(err, os.RemoveAll(dir)) }()
	db, err := badger.Open(badger.DefaultOptions(dir).
		WithSyncWrites(true).
		WithDetectConflicts(false).
		WithNumVersionsToKeep(1).
		WithNumCompactors(2).
		WithLogger(nil))
	if err != nil {
		return 0, nil, fmt.Errorf("open baseline badger: %w", err)
	}
	defer func() { err = errors.Join(err, db.Close()) }()
	lat = make([]time.Duration, 0, len(batches))
	begin := time.Now()
	for _, batch := range batches {
		start := time.Now()
		switch mode {
		case baselineTxn:
			txn := db.NewTransaction(true)
			for _, c := range batch {
				if err := txn.Set([]byte("r/"+c.Collection+"/"+c.ID), c.JSON); err != nil {
					txn.Discard()
					return 0, nil, fmt.Errorf("baseline set: %w", err)
				}
			}
			if err := txn.Commit(); err != nil {
				return 0, nil, fmt.Errorf("baseline commit: %w", err)
			}
		case baselineWriteBatch:
			wb := db.NewWriteBatch()
			for _, c := range batch {
				if err := wb.Set([]byte("r/"+c.Collection+"/"+c.ID), c.JSON); err != nil {
					wb.Cancel()
					return 0, nil, fmt.Errorf("baseline set: %w", err)
				}
			}
			if err := wb.Flush(); err != nil {
				return 0, nil, fmt.Errorf("baseline flush: %w", err)
			}
		default:
			return 0, nil, fmt.Errorf("unknown baseline mode %q", mode)
		}
		lat = append(lat, time.Since(start))
	}
	return time.Since(begin), lat, nil
}
