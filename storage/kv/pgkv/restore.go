// Restore of a store in PostgreSQL from a portable backup: in one
// transaction under the write lock, so a bad backup (its checksum, a cut
// stream, a wrong key) leaves the store as it was, and the restored store
// gets a new epoch, so every client's cursor resets with "restored".

package pgkv

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"fieldbook/storage/kv"
)

// Restore replaces the store in the database dsn names with the backup
// read from r (sealed under key, or not sealed). Running nodes may stay
// up: their next commits wait for the restore, and their clients reset.
func Restore(ctx context.Context, dsn string, key []byte, r io.Reader) error {
	pool, err := pgxpool.New(ctx, dsn)
	if err != nil {
		return fmt.Errorf("restore: connect: %w", err)
	}
	defer pool.Close()
	if err := Migrate(ctx, pool); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	now := time.Now().Unix()
	err = pgx.BeginTxFunc(ctx, pool, pgx.TxOptions{}, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock($1)", int64(writeLock)); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "DELETE FROM kv"); err != nil {
			return err
		}
		var rows [][]any
		flush := func() error {
			if len(rows) == 0 {
				return nil
			}
			_, err := tx.CopyFrom(ctx, pgx.Identifier{"kv"}, []string{"k", "v", "expires_at"}, pgx.CopyFromRows(rows))
			rows = rows[:0]
			return err
		}
		sawServer := false
		err := kv.ReadEntries(r, key, func(e kv.PortableEntry) error {
			var exp *int64
			if e.ExpiresAt > 0 {
				if int64(e.ExpiresAt) <= now {
					return nil // expired since the backup
				}
				at := int64(e.ExpiresAt)
				exp = &at
			}
			if string(e.Key) == "m/server" {
				sawServer = true
			}
			rows = append(rows, []any{e.Key, e.Value, exp})
			if len(rows) == 1000 {
				return flush()
			}
			return nil
		})
		if err != nil {
			return err
		}
		if !sawServer {
			return fmt.Errorf("not a Fieldbook backup: it has no store id")
		}
		if err := flush(); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "INSERT INTO kv (k, v) VALUES ($1, $2) ON CONFLICT (k) DO UPDATE SET v = EXCLUDED.v", []byte("m/epoch"), []byte(kv.RandomHex(8))); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, "SELECT pg_notify($1, '*')", channel) // every long-poll resets
		return err
	})
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	return nil
}

// NewEpoch gives the store in the database dsn names a new epoch, as a
// restore does, without changing its data: after a promotion that may have
// lost acknowledged commits (a standby that was not synchronous), every
// client's cursor then resets with "restored" and the phones send again
// what they hold.
func NewEpoch(ctx context.Context, dsn string) error {
	pool, err := pgxpool.New(ctx, dsn)
	if err != nil {
		return fmt.Errorf("new epoch: connect: %w", err)
	}
	defer pool.Close()
	err = pgx.BeginTxFunc(ctx, pool, pgx.TxOptions{}, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock($1)", int64(writeLock)); err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, "UPDATE kv SET v = $2 WHERE k = $1", []byte("m/epoch"), []byte(kv.RandomHex(8)))
		if err == nil && tag.RowsAffected() != 1 {
			err = fmt.Errorf("the database holds no Fieldbook store")
		}
		if err == nil {
			_, err = tx.Exec(ctx, "SELECT pg_notify($1, '*')", channel) // every long-poll resets
		}
		return err
	})
	if err != nil {
		return fmt.Errorf("new epoch: %w", err)
	}
	return nil
}
