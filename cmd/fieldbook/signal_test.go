package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"strings"
	"syscall"
	"testing"
	"time"

	"fieldbook/storage"
)

// TestMain lets this test binary also be the fieldbook command, run as a
// child process with real signals: FIELDBOOK_TEST_ARGS holds its arguments,
// one per line.
func TestMain(m *testing.M) {
	if args := os.Getenv("FIELDBOOK_TEST_ARGS"); args != "" {
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		err := run(ctx, strings.Split(args, "\n"), os.Stdin, os.Stdout, os.Stderr)
		stop()
		if err != nil {
			fmt.Fprintln(os.Stderr, "fieldbook:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// child is the fieldbook command in a child process.
type child struct {
	cmd            *exec.Cmd
	stdout, stderr syncBuffer
	done           chan error
}

func startChild(t *testing.T, args ...string) *child {
	t.Helper()
	return startChildEnv(t, nil, args...)
}

// startChildEnv starts the child with env (NAME=value) added to the test's
// environment.
func startChildEnv(t *testing.T, env []string, args ...string) *child {
	t.Helper()
	c := &child{done: make(chan error, 1)}
	c.cmd = exec.Command(os.Args[0], "-test.run=^$")
	c.cmd.Env = append(append(os.Environ(), env...), "FIELDBOOK_TEST_ARGS="+strings.Join(args, "\n"))
	c.cmd.Stdout, c.cmd.Stderr = &c.stdout, &c.stderr
	if err := c.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { c.done <- c.cmd.Wait() }()
	t.Cleanup(func() {
		c.cmd.Process.Kill()
		<-c.done
	})
	return c
}

// wait waits for the child to exit, at most a minute (a condition with a
// deadline, not a timing assertion: a healthy stop takes well under one).
func (c *child) wait(t *testing.T) error {
	t.Helper()
	select {
	case err := <-c.done:
		c.done <- err
		return err
	case <-time.After(time.Minute):
		t.Fatalf("the server did not stop a minute after SIGTERM\nstderr:\n%s", c.stderr.String())
		return nil
	}
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// health is the status /healthz answers, 0 while nothing listens.
func health(addr string) int {
	c := http.Client{Timeout: 2 * time.Second}
	resp, err := c.Get("http://" + addr + "/healthz")
	if err != nil {
		return 0
	}
	resp.Body.Close()
	return resp.StatusCode
}

// TestSIGTERMStopsTheServerWhileItStarts sends SIGTERM to a child server
// that is still starting (listening and answering 503 while its store opens
// and the demo loads): it stops cleanly and at once, and its store opens
// again. A start is quick, so the test tries a few times to catch one.
func TestSIGTERMStopsTheServerWhileItStarts(t *testing.T) {
	for attempt := 1; attempt <= 5; attempt++ {
		dir, addr := t.TempDir(), freeAddr(t)
		c := startChild(t, "serve", "--demo", "--addr", addr, "--data", dir)
		var status int
		for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); {
			if status = health(addr); status != 0 {
				break
			}
			time.Sleep(time.Millisecond)
		}
		if status == 0 {
			t.Fatalf("the server never listened\nstderr:\n%s", c.stderr.String())
		}
		if err := c.cmd.Process.Signal(syscall.SIGTERM); err != nil {
			t.Fatal(err)
		}
		if err := c.wait(t); err != nil {
			t.Fatalf("serve stopped with %v\nstderr:\n%s", err, c.stderr.String())
		}
		caught := strings.Contains(c.stderr.String(), "stopping while starting")
		t.Logf("attempt %d: /healthz said %d before SIGTERM; stopped while starting: %v", attempt, status, caught)
		st, err := storage.Open(context.Background(), storage.Options{Dir: dir})
		if err != nil {
			t.Fatalf("the store does not open after the stop: %v", err)
		}
		st.Close()
		if caught {
			if strings.Contains(c.stdout.String(), "Fieldbook is at") {
				t.Fatalf("the server went on to serve after SIGTERM:\n%s", c.stdout.String())
			}
			return
		}
	}
	t.Fatal("SIGTERM never reached the server while it started in 5 tries")
}

// TestSIGTERMStopsTheServerWhileItServes: the usual stop, with a child
// process and a real signal.
func TestSIGTERMStopsTheServerWhileItServes(t *testing.T) {
	dir, addr := t.TempDir(), freeAddr(t)
	c := startChild(t, "serve", "--addr", addr, "--data", dir)
	for deadline := time.Now().Add(time.Minute); health(addr) != 200; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the server did not become healthy\nstderr:\n%s", c.stderr.String())
		}
	}
	if err := c.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	var exit *exec.ExitError
	if err := c.wait(t); errors.As(err, &exit) || err != nil {
		t.Fatalf("serve stopped with %v\nstderr:\n%s", err, c.stderr.String())
	}
	if !strings.Contains(c.stderr.String(), "shutting down") {
		t.Fatalf("no graceful shutdown in the log:\n%s", c.stderr.String())
	}
}

// TestSIGTERMStopsAServerWhoseStoreCannotClose: the store's directory is
// deleted under a serving server that holds unflushed changes, so that
// Badger retries its last flush for ever. SIGTERM still stops the server,
// with an error that says why.
func TestSIGTERMStopsAServerWhoseStoreCannotClose(t *testing.T) {
	dir := t.TempDir()
	addUsers(t, dir)
	c, base := serving(t, nil, "--data", dir)
	writeCustomer(t, base)
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	if err := c.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	var exit *exec.ExitError
	if err := c.wait(t); !errors.As(err, &exit) || !strings.Contains(c.stderr.String(), "did not close") {
		t.Fatalf("serve stopped with %v\nstderr:\n%s", err, c.stderr.String())
	}
}
