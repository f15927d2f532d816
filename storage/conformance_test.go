// The conformance suite (storage/conformance) run against the Badger
// engine, on disk, so that restarts and restores are real.

package storage_test

import (
	"testing"
	"time"

	"fieldbook/storage"
	"fieldbook/storage/conformance"
)

func TestConformance(t *testing.T) {
	conformance.Run(t, conformance.Harness{
		NewPlace: func(t testing.TB) string { return t.TempDir() + "/store" },
		Open: func(t testing.TB, place string, now func() time.Time) (conformance.Engine, error) {
			e, err := storage.Open(t.Context(), storage.Options{Dir: place, Now: now})
			if err != nil {
				return nil, err
			}
			return e, nil
		},
		Restore: storage.Restore,
	})
}
