package main

import (
	"errors"
	"fmt"
	"os"
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

// rawBadger writes batches of changes into a new durable Badger in a
// directory under base and returns each batch's commit time.
func rawBadger(base string, mode baselineMode, batches [][]workload.Change) (lat []time.Duration, err error) {
	dir, err := os.MkdirTemp(base, "fieldbook-load-badger-")
	if err != nil {
		return nil, fmt.Errorf("baseline directory: %w", err)
	}
	defer func() { err = errors.Join(err, os.RemoveAll(dir)) }()
	db, err := badger.Open(badger.DefaultOptions(dir).
		WithSyncWrites(true).
		WithDetectConflicts(false).
		WithNumVersionsToKeep(1).
		WithNumCompactors(2).
		WithLogger(nil))
	if err != nil {
		return nil, fmt.Errorf("open baseline badger: %w", err)
	}
	defer func() { err = errors.Join(err, db.Close()) }()
	for _, batch := range batches {
		start := time.Now()
		switch mode {
		case baselineTxn:
			txn := db.NewTransaction(true)
			for _, c := range batch {
				if err := txn.Set([]byte("r/"+c.Collection+"/"+c.ID), c.JSON); err != nil {
					txn.Discard()
					return nil, fmt.Errorf("baseline set: %w", err)
				}
			}
			if err := txn.Commit(); err != nil {
				return nil, fmt.Errorf("baseline commit: %w", err)
			}
		case baselineWriteBatch:
			wb := db.NewWriteBatch()
			for _, c := range batch {
				if err := wb.Set([]byte("r/"+c.Collection+"/"+c.ID), c.JSON); err != nil {
					wb.Cancel()
					return nil, fmt.Errorf("baseline set: %w", err)
				}
			}
			if err := wb.Flush(); err != nil {
				return nil, fmt.Errorf("baseline flush: %w", err)
			}
		default:
			return nil, fmt.Errorf("unknown baseline mode %q", mode)
		}
		lat = append(lat, time.Since(start))
	}
	return lat, nil
}
