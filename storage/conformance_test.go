// The conformance suite (storage/conformance) run against the Badger
// engine, on disk, so that restarts and restores are real: once as it is
// by default, once encrypted at rest (every open, backup and restore with
// the key). The access log keeps its entries accessLogDays, not the
// default, so that the suite shows the option is followed.

package storage_test

import (
	"bytes"
	"context"
	"io"
	"testing"
	"time"

	"fieldbook/storage"
	"fieldbook/storage/conformance"
)

func TestConformance(t *testing.T) { conformance.Run(t, harness(nil)) }

func TestConformanceEncrypted(t *testing.T) {
	conformance.Run(t, harness(bytes.Repeat([]byte{0x5a}, storage.KeySize)))
}

const accessLogDays = 90

func harness(key []byte) conformance.Harness {
	return conformance.Harness{
		NewPlace: func(t testing.TB) string { return t.TempDir() + "/store" },
		Open: func(t testing.TB, place string, now func() time.Time) (conformance.Engine, error) {
			e, err := storage.Open(t.Context(), storage.Options{Dir: place, Now: now, EncryptionKey: key, AccessLogDays: accessLogDays})
			if err != nil {
				return nil, err
			}
			return e, nil
		},
		Restore: func(ctx context.Context, place string, r io.Reader) error {
			return storage.Restore(ctx, storage.Options{Dir: place, EncryptionKey: key}, r)
		},
		AccessRetention: accessLogDays * 24 * time.Hour,
	}
}
