package pgkv

// The schema's versions: a database migrated by a newer binary is refused,
// and nothing in it changes.

import (
	"context"
	"errors"
	"testing"

	"github.com/jackc/pgx/v5"

	"fieldbook/storage/pgtest"
)

func TestNewerSchemaIsRefused(t *testing.T) {
	ctx := context.Background()
	dsn := pgtest.Start(t).NewDatabase(t)
	if from, err := MigrateDSN(ctx, dsn); err != nil || from != 0 {
		t.Fatalf("the first migration: from %d, %v", from, err)
	}
	c, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(ctx)
	if _, err := c.Exec(ctx, "UPDATE fieldbook_schema SET version = $1", SchemaVersion+1); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(ctx, dsn, nil, nil); !errors.Is(err, ErrNewerSchema) {
		t.Fatalf("open a database of a newer schema: %v, want %v", err, ErrNewerSchema)
	}
	var v int
	if err := c.QueryRow(ctx, "SELECT version FROM fieldbook_schema").Scan(&v); err != nil || v != SchemaVersion+1 {
		t.Fatalf("the schema version after the refusal: %d, %v", v, err)
	}
}
