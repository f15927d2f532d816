// The maintenance commands, run with the server stopped: user add, backup
// and restore (rotate-key is in keys.go).

package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"fieldbook"
	"fieldbook/auth"
	"fieldbook/storage"
)

func userAdd(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("user add", flag.ContinueOnError)
	data := fs.String("data", "./data", "the store's directory")
	store := fs.String("store", "", storeUsage)
	username := fs.String("username", "", "the new user's username")
	role := fs.String("role", "", "agent, supervisor or admin")
	team := fs.String("team", "", "the team's name (created when missing)")
	name := fs.String("name", "", "the person's name (default: the username)")
	key := keyFlag(fs, stderr)
	if err := parse(fs, args, stderr); err != nil {
		return err
	}
	if *username == "" || *role == "" {
		return fmt.Errorf("%w: user add needs --username and --role", errUsage)
	}
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return fmt.Errorf("read password: %w", err)
	}
	password := strings.TrimSuffix(strings.TrimSuffix(line, "\n"), "\r")
	if err := auth.CheckPassword(password); err != nil {
		return fmt.Errorf("password from standard input: %w", err)
	}
	hash, err := auth.HashPassword(password, auth.DefaultPasswordParams)
	if err != nil {
		return err
	}
	st, err := openOffline(ctx, storage.Options{Dir: *data, Postgres: *store}, key)
	if err != nil {
		return err
	}
	defer st.Close()
	u := fieldbook.User{Username: *username, Name: *name, Role: fieldbook.Role(*role), PasswordHash: hash}
	if u.Name == "" {
		u.Name = u.Username
	}
	if *team != "" {
		t, found, err := st.TeamByName(ctx, *team)
		if err != nil {
			return err
		}
		if !found {
			if t, err = st.CreateTeam(ctx, *team, ""); err != nil {
				return err
			}
			fmt.Fprintf(stdout, "created team %s (%s)\n", t.Name, t.ID)
		}
		u.TeamID = t.ID
	}
	created, err := st.CreateUser(ctx, u)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "created %s %s (%s)\n", created.Role, created.Username, created.ID)
	return nil
}

func backup(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	data := fs.String("data", "./data", "the store's directory")
	store := fs.String("store", "", storeUsage)
	key := keyFlag(fs, stderr)
	if err := parse(fs, args, stderr); err != nil {
		return err
	}
	st, err := openOffline(ctx, storage.Options{Dir: *data, Postgres: *store}, key)
	if err != nil {
		return err
	}
	defer st.Close()
	w := bufio.NewWriterSize(stdout, 1<<20)
	if err := st.Backup(ctx, w); err != nil {
		return err
	}
	if err := w.Flush(); err != nil {
		return fmt.Errorf("write backup: %w", err)
	}
	return nil
}

func restore(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("restore", flag.ContinueOnError)
	data := fs.String("data", "./data", "the store's directory")
	store := fs.String("store", "", storeUsage)
	key, err := parseKeyed(fs, args, stderr, keyFlag(fs, stderr))
	if err != nil {
		return err
	}
	where := storage.Options{Dir: *data, Postgres: *store, EncryptionKey: key}
	if err := storage.Restore(ctx, where, bufio.NewReaderSize(stdin, 1<<20)); err != nil {
		return explainKeyError(err)
	}
	encrypted := "not encrypted"
	if key != nil {
		encrypted = "encrypted with the key given"
	}
	fmt.Fprintf(stdout, "restored %s (%s); clients will resend what the backup lacks\n", storeName(where), encrypted)
	return nil
}

// check is the check command: every table, key and value of a Badger
// store verified, the server stopped; a damaged store exits 1 with what
// is damaged.
func check(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	data := fs.String("data", "./data", "the store's directory")
	key, err := parseKeyed(fs, args, stderr, keyFlag(fs, stderr))
	if err != nil {
		return err
	}
	if _, err := os.Stat(filepath.Join(*data, "MANIFEST")); err != nil {
		return fmt.Errorf("%s holds no store: %w", *data, err)
	}
	rep, err := storage.Check(ctx, storage.Options{Dir: *data, EncryptionKey: key})
	if errors.Is(err, storage.ErrCorrupted) {
		return fmt.Errorf("the store in %s is DAMAGED: %w\nRestore the last good backup (README: What an operator sees)", *data, err)
	}
	if err != nil {
		if isKeyError(err) {
			return explainKeyError(err)
		}
		return fmt.Errorf("%w (is the server running? stop it first)", err)
	}
	fmt.Fprintf(stdout, "the store in %s is whole: %d tables, %d keys and %d bytes of values read, every checksum verified\n", *data, rep.Tables, rep.Keys, rep.Bytes)
	return nil
}

// openOffline opens the store where says for a maintenance command with
// the configured key; a Badger store's server must be stopped (Badger's
// directory lock says so).
func openOffline(ctx context.Context, where storage.Options, keyOf func() ([]byte, error)) (*storage.Engine, error) {
	key, err := keyOf()
	if err != nil {
		return nil, err
	}
	where.EncryptionKey = key
	st, err := storage.Open(ctx, where)
	if err != nil {
		if isKeyError(err) {
			return nil, explainKeyError(err)
		}
		if errors.Is(err, storage.ErrCorrupted) {
			return nil, fmt.Errorf("the store in %s is DAMAGED: %w\nRun fieldbook check --data %s, then restore the last good backup (README: What an operator sees)", where.Dir, err, where.Dir)
		}
		return nil, fmt.Errorf("%w (is the server running? stop it first)", err)
	}
	return st, nil
}

// storeUsage is the --store flag's help.
const storeUsage = "a PostgreSQL database (postgres://user@host/db) that keeps the store instead of --data; several servers may share it"

// storeName says where a store is, for messages: its directory, or its
// database without the password.
func storeName(where storage.Options) string {
	if where.Postgres == "" {
		return where.Dir
	}
	if u, err := url.Parse(where.Postgres); err == nil {
		return u.Redacted()
	}
	return "the PostgreSQL database given"
}

// migrate is the migrate command: a PostgreSQL store's schema brought to
// this binary's version (serve does it too at start).
func migrate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("migrate", flag.ContinueOnError)
	store := fs.String("store", "", storeUsage)
	if err := parse(fs, args, stderr); err != nil {
		return err
	}
	if *store == "" {
		return fmt.Errorf("%w: migrate needs --store postgres://… (a Badger store needs no migration)", errUsage)
	}
	from, err := storage.MigratePostgres(ctx, *store)
	if err != nil {
		return err
	}
	if from == storage.PostgresSchema {
		fmt.Fprintf(stdout, "%s is at schema version %d already\n", storeName(storage.Options{Postgres: *store}), from)
		return nil
	}
	fmt.Fprintf(stdout, "%s migrated from schema version %d to %d\n", storeName(storage.Options{Postgres: *store}), from, storage.PostgresSchema)
	return nil
}

// newEpoch is the new-epoch command: after an operator forced the promotion
// of a standby that may have missed acknowledged commits, every phone
// resets and sends again what it holds, so nothing it still has is lost.
func newEpoch(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("new-epoch", flag.ContinueOnError)
	store := fs.String("store", "", storeUsage)
	if err := parse(fs, args, stderr); err != nil {
		return err
	}
	if *store == "" {
		return fmt.Errorf("%w: new-epoch needs --store postgres://…", errUsage)
	}
	if err := storage.NewEpoch(ctx, *store); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s has a new epoch: every phone resets at its next sync and sends what it holds\n", storeName(storage.Options{Postgres: *store}))
	return nil
}
