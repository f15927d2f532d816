package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"fieldbook/storage"
)

func runCmd(t *testing.T, stdin string, args ...string) (string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := run(context.Background(), args, strings.NewReader(stdin), &out, &errOut)
	return out.String() + errOut.String(), err
}

func TestUserAddBackupRestore(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	out, err := runCmd(t, "a long password\n", "user", "add", "--data", dir, "--username", "zhang", "--role", "supervisor", "--team", "一队", "--name", "张主管")
	if err != nil || !strings.Contains(out, "created team 一队") || !strings.Contains(out, "created supervisor zhang") {
		t.Fatalf("user add: %v\n%s", err, out)
	}
	if _, err := runCmd(t, "short\n", "user", "add", "--data", dir, "--username", "li", "--role", "agent", "--team", "一队"); err == nil {
		t.Fatal("a short password was accepted")
	}
	if _, err := runCmd(t, "a long password\n", "user", "add", "--data", dir, "--username", "zhang", "--role", "agent", "--team", "一队"); err == nil {
		t.Fatal("a taken username was accepted")
	}

	var backup bytes.Buffer
	if err := run(context.Background(), []string{"backup", "--data", dir}, nil, &backup, io.Discard); err != nil {
		t.Fatal(err)
	}
	if _, err := runCmd(t, "a long password\n", "user", "add", "--data", dir, "--username", "later", "--role", "agent", "--team", "一队"); err != nil {
		t.Fatal(err)
	}
	if err := run(context.Background(), []string{"restore", "--data", dir}, &backup, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	st, err := storage.Open(context.Background(), storage.Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	users, _ := st.Users(context.Background())
	if len(users) != 1 || users[0].Username != "zhang" || users[0].Name != "张主管" {
		t.Fatalf("after restore: %+v", users)
	}
}

func TestFlagsFromEnvironment(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("FIELDBOOK_DATA", dir)
	t.Setenv("FIELDBOOK_USERNAME", "fromenv")
	t.Setenv("FIELDBOOK_ROLE", "admin")
	if out, err := runCmd(t, "a long password", "user", "add"); err != nil || !strings.Contains(out, "created admin fromenv") {
		t.Fatalf("user add from the environment: %v\n%s", err, out)
	}
	// The command line wins over the environment.
	if out, err := runCmd(t, "a long password", "user", "add", "--username", "fromflag"); err != nil || !strings.Contains(out, "fromflag") {
		t.Fatalf("flag over env: %v\n%s", err, out)
	}
	t.Setenv("FIELDBOOK_SYNC_RATE", "fast")
	if _, err := runCmd(t, "", "serve"); !errors.Is(err, errUsage) {
		t.Fatalf("a bad FIELDBOOK_SYNC_RATE: %v", err)
	}
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{{}, {"fly"}, {"user"}, {"user", "remove"}, {"serve", "--nope"}, {"backup", "extra"}} {
		if _, err := runCmd(t, "", args...); !errors.Is(err, errUsage) {
			t.Errorf("%q: %v, want a usage error", args, err)
		}
	}
}

// TestServeBootstrapsAndStopsGracefully starts the real serve command on a
// free port, checks the first-start admin, and stops it by cancelling its
// context as SIGTERM does.
func TestServeBootstrapsAndStopsGracefully(t *testing.T) {
	dir := t.TempDir()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	ctx, cancel := context.WithCancel(context.Background())
	var out syncBuffer
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"serve", "--addr", addr, "--data", dir}, nil, &out, io.Discard) }()
	var health *http.Response
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if health, err = http.Get("http://" + addr + "/healthz"); err == nil {
			health.Body.Close()
			if health.StatusCode == 200 {
				break
			}
		}
	}
	if health == nil || health.StatusCode != 200 {
		t.Fatalf("the server did not become healthy: %v", err)
	}
	if !strings.Contains(out.String(), "created user admin with password") {
		t.Fatalf("first start did not create the admin:\n%s", out.String())
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve returned %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not stop")
	}
	// The store was closed cleanly: it opens again, and a second start
	// does not create another admin.
	st, err := storage.Open(context.Background(), storage.Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	users, _ := st.Users(context.Background())
	st.Close()
	if len(users) != 1 {
		t.Fatalf("%d users after the first start", len(users))
	}
}

// syncBuffer is a bytes.Buffer safe for the server goroutine to write
// while the test reads.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
