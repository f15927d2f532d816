// The schema of a store in PostgreSQL, versioned: the binary creates and
// migrates it (Open, `fieldbook migrate`), one migration at a time under
// the write lock, and refuses a database whose schema is newer than it
// knows — a newer binary migrated it, and this one would misread it.

package pgkv

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// migrations are the schema's steps; migrations[i] takes version i to i+1.
// Add steps at the end only, and never change one that shipped.
var migrations = []string{
	// 1: the store.
	`CREATE TABLE kv (
		k bytea PRIMARY KEY,
		v bytea NOT NULL,
		expires_at bigint
	)`,
}

// SchemaVersion is the schema this binary writes.
var SchemaVersion = len(migrations)

// ErrNewerSchema: the database was migrated by a newer binary.
var ErrNewerSchema = errors.New("the database's schema is newer than this binary: run the newer binary, or restore a backup into a new database")

// Migrate brings the database's schema to SchemaVersion.
func Migrate(ctx context.Context, pool *pgxpool.Pool) error {
	_, err := MigrateTo(ctx, pool)
	return err
}

// MigrateDSN migrates the database dsn names, returning the version found.
func MigrateDSN(ctx context.Context, dsn string) (int, error) {
	pool, err := pgxpool.New(ctx, dsn)
	if err != nil {
		return 0, fmt.Errorf("postgres: connect: %w", err)
	}
	defer pool.Close()
	return MigrateTo(ctx, pool)
}

// MigrateTo migrates as Migrate does and returns the version found before.
func MigrateTo(ctx context.Context, pool *pgxpool.Pool) (from int, err error) {
	err = pgx.BeginTxFunc(ctx, pool, pgx.TxOptions{}, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock($1)", int64(writeLock)); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "CREATE TABLE IF NOT EXISTS fieldbook_schema (version integer NOT NULL)"); err != nil {
			return err
		}
		err := tx.QueryRow(ctx, "SELECT version FROM fieldbook_schema").Scan(&from)
		if errors.Is(err, pgx.ErrNoRows) {
			from = 0
			if _, err := tx.Exec(ctx, "INSERT INTO fieldbook_schema (version) VALUES (0)"); err != nil {
				return err
			}
		} else if err != nil {
			return err
		}
		if from > SchemaVersion {
			return fmt.Errorf("%w (the database has version %d, this binary %d)", ErrNewerSchema, from, SchemaVersion)
		}
		for v := from; v < SchemaVersion; v++ {
			if _, err := tx.Exec(ctx, migrations[v]); err != nil {
				return fmt.Errorf("migration %d: %w", v+1, err)
			}
		}
		_, err = tx.Exec(ctx, "UPDATE fieldbook_schema SET version = $1", SchemaVersion)
		return err
	})
	if err != nil {
		return from, fmt.Errorf("postgres: migrate the schema: %w", err)
	}
	return from, nil
}
