package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"strconv"
	"syscall"
	"time"

	"fieldbook"
	"fieldbook/auth"
	"fieldbook/server"
	"fieldbook/storage"
	"fieldbook/workload/fleet"
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
	// fleet is the branch network populated instead of the agents, with
	// -fleet.
	fleet *fleet.Fleet
	st    *storage.Engine
	srv   *server.Server
	done  chan error
}

// population is who a load's server is made for: a team of agents
// agents, or with fleetTeams above 0 a branch network of that many teams
// and fleetAgents agents.
type population struct {
	agents                  int
	fleetAgents, fleetTeams int
}

// startLocal opens a store in a new directory under base ("" for the
// system's temporary directory), or in the PostgreSQL database pg when it
// is not "", creates the population and serves.
func startLocal(ctx context.Context, base, pg string, pop population) (*local, error) {
	l := &local{}
	opts := storage.Options{Postgres: pg}
	if pg == "" {
		dir, err := os.MkdirTemp(base, "fieldbook-load-")
		if err != nil {
			return nil, fmt.Errorf("store directory: %w", err)
		}
		l.dir, opts.Dir = dir, dir
	}
	var err error
	if l.st, err = storage.Open(ctx, opts); err != nil {
		if l.dir != "" {
			os.RemoveAll(l.dir)
		}
		return nil, err
	}
	secret, err := l.st.Secret()
	if err != nil {
		l.stop()
		return nil, err
	}
	if err := l.populate(ctx, pop, secret); err != nil {
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

func (l *local) populate(ctx context.Context, pop population, secret []byte) error {
	// Names of their own, so that runs may share a PostgreSQL database.
	run := make([]byte, 4)
	rand.Read(run)
	if pop.fleetTeams > 0 {
		f, err := fleet.Populate(ctx, l.st, secret, pop.fleetAgents, pop.fleetTeams, "-"+hex.EncodeToString(run))
		l.fleet = &f
		return err
	}
	team, err := l.st.CreateTeam(ctx, "压测一队 "+hex.EncodeToString(run), "")
	if err != nil {
		return err
	}
	hash, err := auth.HashPassword(loadPassword, cheapPasswords)
	if err != nil {
		return err
	}
	for i := range pop.agents {
		name := fmt.Sprintf("load-%x-%d", run, i)
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

// child is a server of this command's own binary in a process of its
// own (-serve-child), as a deployment runs: the load reaches it over
// loopback only, and its CPU time and peak memory are its own.
type child struct {
	url   string
	users []string
	fleet *fleet.Fleet
	cmd   *exec.Cmd
	stdin io.WriteCloser
	// CPU and RSS are the child's user+system time and peak resident
	// memory, known once it stopped.
	cpu time.Duration
	rss int64
}

// childEnv marks the child's environment, so that a test binary, which
// has flags of its own, knows to be the child (TestMain).
const childEnv = "FIELDBOOK_LOAD_CHILD"

// childHello is the line a child writes once it serves.
type childHello struct {
	URL   string       `json:"url"`
	Users []string     `json:"users"`
	Fleet *fleet.Fleet `json:"fleet,omitempty"`
}

// startChild starts a child server for pop, its store under base or in
// the PostgreSQL database pg, writing a CPU profile to profile unless it
// is "".
func startChild(ctx context.Context, base, pg string, pop population, profile string) (*child, error) {
	self, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("find this program to start its server: %w", err)
	}
	args := []string{"-serve-child", "-dir", base}
	if pop.fleetTeams > 0 {
		args = append(args, "-fleet", "-agents", strconv.Itoa(pop.fleetAgents), "-teams", strconv.Itoa(pop.fleetTeams))
	} else {
		args = append(args, "-clients", strconv.Itoa(pop.agents-1))
	}
	if profile != "" {
		args = append(args, "-cpuprofile", profile)
	}
	if pg != "" {
		args = append(args, "-store", pg)
	}
	cmd := exec.CommandContext(ctx, self, args...)
	cmd.Env = append(os.Environ(), childEnv+"=1")
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start the server process: %w", err)
	}
	c := &child{cmd: cmd, stdin: stdin}
	var hello childHello
	if err := json.NewDecoder(stdout).Decode(&hello); err != nil {
		c.stop()
		return nil, fmt.Errorf("the server process did not start: %w", err)
	}
	c.url, c.users, c.fleet = hello.URL, hello.Users, hello.Fleet
	if pop.fleetTeams > 0 && c.fleet == nil {
		c.stop()
		return nil, errors.New("the server process did not populate a fleet")
	}
	return c, nil
}

// stop closes the child's stdin, which stops it, waits and reads its
// resource use. Only the first call does anything.
func (c *child) stop() error {
	if c.cmd == nil {
		return nil
	}
	c.stdin.Close()
	err := c.cmd.Wait()
	if st := c.cmd.ProcessState; st != nil {
		c.cpu = st.UserTime() + st.SystemTime()
		if ru, ok := st.SysUsage().(*syscall.Rusage); ok {
			c.rss = ru.Maxrss * 1024 // kilobytes on Linux
		}
	}
	c.cmd = nil
	if err != nil {
		return fmt.Errorf("the server process: %w", err)
	}
	return nil
}

// serveChild is the child's side: a local server that says where it
// listens on stdout, and stops when stdin closes.
func serveChild(ctx context.Context, cfg config, stdout io.Writer) error {
	l, err := startLocal(ctx, cfg.dir, cfg.store, cfg.population())
	if err != nil {
		return err
	}
	if err := json.NewEncoder(stdout).Encode(childHello{URL: l.url, Users: l.users, Fleet: l.fleet}); err != nil {
		l.stop()
		return err
	}
	io.Copy(io.Discard, os.Stdin) // until the parent closes it, or dies
	return l.stop()
}
