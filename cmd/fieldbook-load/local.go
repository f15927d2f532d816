package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"time"

	"fieldbook"
	"fieldbook/auth"
	"fieldbook/server"
	"fieldbook/storage"
)

// cheapPasswords hash the load's users quickly: the load measures sync,
// not sign-in.
var cheapPasswords = auth.PasswordParams{Memory: 64, Time: 1, Threads: 1}

const loadPassword = "load-test-password"

// local is a real Fieldbook server started in this process: server.New
// over a fresh on-disk store (durable, as in production), with no sync
// rate limit, on a loopback port.
type local struct {
	url   string
	dir   string
	users []string // usernames of the agents, all with loadPassword
	st    *storage.Engine
	srv   *server.Server
	done  chan error
}

// startLocal opens a store in a new directory under base ("" for the
// system's temporary directory), creates a team with n agents and serves.
func startLocal(ctx context.Context, base string, n int) (*local, error) {
	dir, err := os.MkdirTemp(base, "fieldbook-load-")
	if err != nil {
		return nil, fmt.Errorf("store directory: %w", err)
	}
	l := &local{dir: dir}
	if l.st, err = storage.Open(ctx, storage.Options{Dir: dir}); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	if err := l.populate(ctx, n); err != nil {
		l.stop()
		return nil, err
	}
	secret, err := l.st.Secret()
	if err != nil {
		l.stop()
		return nil, err
	}
	signer, err := auth.NewSigner(secret, nil)
	if err != nil {
		l.stop()
		return nil, err
	}
	l.srv = server.New(server.Config{Stores: ptr(server.StoresOf(l.st)), Signer: signer, Passwords: cheapPasswords, SyncRate: 0, Metrics: "loopback"})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		l.stop()
		return nil, fmt.Errorf("listen: %w", err)
	}
	l.url = "http://" + ln.Addr().String()
	l.done = make(chan error, 1)
	go func() { l.done <- l.srv.Serve(ln) }()
	return l, nil
}

func (l *local) populate(ctx context.Context, n int) error {
	team, err := l.st.CreateTeam(ctx, "压测一队", "")
	if err != nil {
		return err
	}
	hash, err := auth.HashPassword(loadPassword, cheapPasswords)
	if err != nil {
		return err
	}
	for i := range n {
		name := fmt.Sprintf("load-agent-%d", i)
		if _, err := l.st.CreateUser(ctx, fieldbook.User{Username: name, Name: fmt.Sprintf("业务员%d", i+1),
			Role: fieldbook.RoleAgent, TeamID: team.ID, PasswordHash: hash}); err != nil {
			return err
		}
		l.users = append(l.users, name)
	}
	return nil
}

// stop shuts the server down, closes the store and removes its
// directory. Only the first call does anything.
func (l *local) stop() error {
	var errs []error
	if l.srv != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		errs = append(errs, l.srv.Shutdown(ctx), <-l.done)
		l.srv = nil
	}
	if l.st != nil {
		errs = append(errs, l.st.Close())
		l.st = nil
	}
	if l.dir != "" {
		errs = append(errs, os.RemoveAll(l.dir))
		l.dir = ""
	}
	return errors.Join(errs...)
}

func ptr[T any](v T) *T { return &v }
