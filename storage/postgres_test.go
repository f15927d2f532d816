// The conformance suite (storage/conformance) run against the PostgreSQL
// backend: one throwaway cluster (storage/pgtest), a database of its own
// for each behaviour, several engines on one database at once (Shared).
// Without PostgreSQL installed it skips, and fails where CI requires it.

package storage_test

import (
	"context"
	"io"
	"testing"
	"time"

	"fieldbook/storage"
	"fieldbook/storage/conformance"
	"fieldbook/storage/pgtest"
)

func TestConformancePostgres(t *testing.T) {
	c := pgtest.Start(t)
	conformance.Run(t, conformance.Harness{
		NewPlace: c.NewDatabase,
		Open: func(t testing.TB, place string, now func() time.Time) (conformance.Engine, error) {
			e, err := storage.Open(t.Context(), storage.Options{Postgres: place, Now: now, AccessLogDays: accessLogDays})
			if err != nil {
				return nil, err
			}
			return e, nil
		},
		Restore: func(ctx context.Context, place string, r io.Reader) error {
			return storage.Restore(ctx, storage.Options{Postgres: place}, r)
		},
		AccessRetention: accessLogDays * 24 * time.Hour,
		Shared:          true,
	})
}
