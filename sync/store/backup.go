package store

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/dgraph-io/badger/v4"
)

// Backup writes a full copy of the store to w, read from one snapshot; the
// store keeps serving meanwhile.
func (s *Store) Backup(ctx context.Context, w io.Writer) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if _, err := s.db.Backup(w, 0); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	return nil
}

// Restore replaces the store in dir with the backup read from r. The server
// must be stopped. The backup is loaded into a new directory first, so a
// bad backup leaves the store as it was; then the directories are swapped.
// The restored store gets a new epoch, so every client's cursor is reset
// with the reason "restored" and the clients send again what the backup
// lacks.
func Restore(ctx context.Context, dir string, r io.Reader) error {
	if dir == "" {
		return errors.New("restore: no data directory given")
	}
	tmp := dir + ".restore"
	if err := os.RemoveAll(tmp); err != nil {
		return fmt.Errorf("restore: clear %s: %w", tmp, err)
	}
	db, err := badger.Open(badger.DefaultOptions(tmp).WithSyncWrites(true).WithLogger(nil))
	if err != nil {
		return fmt.Errorf("restore: open %s: %w", tmp, err)
	}
	err = db.Load(&ctxReader{ctx: ctx, r: r}, 256)
	if err == nil {
		err = db.Update(func(txn *badger.Txn) error {
			if _, err := txn.Get([]byte(keyServerID)); err != nil {
				return fmt.Errorf("not a Fieldbook backup: %w", err)
			}
			return txn.Set([]byte(keyEpoch), []byte(randomHex(8)))
		})
	}
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.RemoveAll(tmp)
		return fmt.Errorf("restore: load backup: %w", err)
	}
	old := fmt.Sprintf("%s.old-%d", dir, time.Now().UnixNano())
	if _, err := os.Stat(dir); err == nil {
		if err := os.Rename(dir, old); err != nil {
			return fmt.Errorf("restore: move the old store aside: %w", err)
		}
	}
	if err := os.Rename(tmp, dir); err != nil {
		return fmt.Errorf("restore: move the restored store to %s (the old one is in %s): %w", dir, old, err)
	}
	if err := syncDir(filepath.Dir(dir)); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	if err := os.RemoveAll(old); err != nil {
		return fmt.Errorf("restore: remove the old store %s: %w", old, err)
	}
	return nil
}

func syncDir(dir string) error {
	f, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("open %s: %w", dir, err)
	}
	defer f.Close()
	if err := f.Sync(); err != nil {
		return fmt.Errorf("sync %s: %w", dir, err)
	}
	return nil
}

// ctxReader stops a long restore when ctx ends.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c *ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}
