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
	"strings"

	"fieldbook"
	"fieldbook/auth"
	"fieldbook/storage"
)

func userAdd(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("user add", flag.ContinueOnError)
	data := fs.String("data", "./data", "the store's directory")
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
	st, err := openOffline(ctx, *data, key)
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
	key := keyFlag(fs, stderr)
	if err := parse(fs, args, stderr); err != nil {
		return err
	}
	st, err := openOffline(ctx, *data, key)
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
	keyOf := keyFlag(fs, stderr)
	if err := parse(fs, args, stderr); err != nil {
		return err
	}
	key, err := keyOf()
	if err != nil {
		return err
	}
	if err := storage.Restore(ctx, storage.Options{Dir: *data, EncryptionKey: key}, bufio.NewReaderSize(stdin, 1<<20)); err != nil {
		return explainKeyError(err)
	}
	encrypted := "not encrypted"
	if key != nil {
		encrypted = "encrypted with the key given"
	}
	fmt.Fprintf(stdout, "restored %s (%s); clients will resend what the backup lacks\n", *data, encrypted)
	return nil
}

// openOffline opens the store for a maintenance command with the
// configured key; the server must be stopped (Badger's directory lock says
// so).
func openOffline(ctx context.Context, dir string, keyOf func() ([]byte, error)) (*storage.Engine, error) {
	key, err := keyOf()
	if err != nil {
		return nil, err
	}
	st, err := storage.Open(ctx, storage.Options{Dir: dir, EncryptionKey: key})
	if err != nil {
		if isKeyError(err) {
			return nil, explainKeyError(err)
		}
		return nil, fmt.Errorf("%w (is the server running? stop it first)", err)
	}
	return st, nil
}
