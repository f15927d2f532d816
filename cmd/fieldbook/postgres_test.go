package main

// The commands over a store in PostgreSQL (--store, FIELDBOOK_STORE):
// migrate, user add, backup and restore — the restore refusing a damaged
// backup and leaving the store as it was — and new-epoch.

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"fieldbook/storage"
	"fieldbook/storage/pgtest"
)

func TestCommandsOverPostgres(t *testing.T) {
	ctx := context.Background()
	dsn := pgtest.Start(t).NewDatabase(t)
	out, err := runCmd(t, "", "migrate", "--store", dsn)
	if err != nil || !strings.Contains(out, "migrated from schema version 0 to") {
		t.Fatalf("migrate: %v\n%s", err, out)
	}
	if out, err := runCmd(t, "", "migrate", "--store", dsn); err != nil || !strings.Contains(out, "already") {
		t.Fatalf("migrate again: %v\n%s", err, out)
	}
	t.Setenv("FIELDBOOK_STORE", dsn)
	if out, err := runCmd(t, "a long password\n", "user", "add", "--username", "zhang", "--role", "supervisor", "--team", "一队"); err != nil || !strings.Contains(out, "created supervisor zhang") {
		t.Fatalf("user add with FIELDBOOK_STORE: %v\n%s", err, out)
	}
	var backup bytes.Buffer
	if err := run(ctx, []string{"backup"}, nil, &backup, io.Discard); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(backup.Bytes(), []byte("FIELDBOOK BACKUP 2\n")) {
		t.Fatalf("the backup starts %q", backup.Bytes()[:min(20, backup.Len())])
	}
	if _, err := runCmd(t, "a long password\n", "user", "add", "--username", "later", "--role", "agent", "--team", "一队"); err != nil {
		t.Fatal(err)
	}
	damaged := bytes.Clone(backup.Bytes())
	damaged[len(damaged)/2] ^= 0x40
	if err := run(ctx, []string{"restore"}, bytes.NewReader(damaged), io.Discard, io.Discard); err == nil {
		t.Fatal("a damaged backup was restored")
	}
	if names := usernames(t, dsn); names != "later zhang" {
		t.Fatalf("the store after the refused restore holds %q, want it as it was", names)
	}
	epoch := func() string {
		t.Helper()
		c, err := pgx.Connect(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close(ctx)
		var v []byte
		if err := c.QueryRow(ctx, "SELECT v FROM kv WHERE k = 'm/epoch'::bytea").Scan(&v); err != nil {
			t.Fatal(err)
		}
		return string(v)
	}
	before := epoch()
	if err := run(ctx, []string{"restore"}, &backup, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	if names := usernames(t, dsn); names != "zhang" {
		t.Fatalf("after the restore: %q", names)
	}
	restored := epoch()
	if restored == before {
		t.Fatal("the restore kept the epoch: clients would not reset")
	}
	if out, err := runCmd(t, "", "new-epoch"); err != nil || epoch() == restored {
		t.Fatalf("new-epoch: %v\n%s", err, out)
	}
}

func usernames(t *testing.T, dsn string) string {
	t.Helper()
	st, err := storage.Open(context.Background(), storage.Options{Postgres: dsn})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	users, err := st.Users(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, u := range users {
		names = append(names, u.Username)
	}
	return strings.Join(names, " ")
}
