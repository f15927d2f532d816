// A full disk through the real binary: a child server's store on a small
// tmpfs, the volume filled by the test until less than --min-free is left.
// The server refuses writes with 507 insufficient_storage, keeps serving
// reads and pulls, says so in /healthz and /metrics, does not die (Badger's
// memory-mapped logs on a full volume end a process with SIGBUS), and
// takes writes again by itself once the filler file is gone.

package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/uuid"

	"fieldbook"
	"fieldbook/storage/diskspace"
	"fieldbook/sync/crdt"
)

// smallVolume mounts a tmpfs of size bytes for the test, or skips the test
// with the reason when it cannot (not root, no mount, a container that
// forbids it).
func smallVolume(t *testing.T, size string) string {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("skipped: filling a disk needs a small volume of its own, and mounting a tmpfs needs root")
	}
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size="+size, "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("skipped: cannot mount a tmpfs to fill (%v: %s)", err, bytes.TrimSpace(out))
	}
	t.Cleanup(func() {
		if out, err := exec.Command("umount", dir).CombinedOutput(); err != nil {
			t.Errorf("umount %s: %v: %s", dir, err, out)
		}
	})
	return dir
}

// fill writes a file on dir's volume until less than left bytes are free
// and returns its path.
func fill(t *testing.T, dir string, left uint64) string {
	t.Helper()
	path := filepath.Join(dir, "filler")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	chunk := make([]byte, 256<<10)
	for {
		u, err := diskspace.Statfs(dir)
		if err != nil {
			t.Fatal(err)
		}
		if u.Free < left {
			return path
		}
		if _, err := f.Write(chunk); err != nil {
			t.Fatalf("fill the volume: %v (%d bytes free)", err, u.Free)
		}
	}
}

// fillUp writes a second file on dir's volume until the volume has no
// byte left, and returns its path.
func fillUp(t *testing.T, dir string) string {
	t.Helper()
	path := filepath.Join(dir, "rest")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	chunk := make([]byte, 64<<10)
	for {
		if _, err := f.Write(chunk); err != nil {
			if !errors.Is(err, syscall.ENOSPC) {
				t.Fatalf("fill the volume up: %v", err)
			}
			return path
		}
	}
}

// pushOne pushes one new customer as seq from client and returns the status
// and the answer.
func pushOne(t *testing.T, base, token, client string, seq int, name string) (int, http.Header, []byte) {
	t.Helper()
	change := map[string]any{"seq": seq, "collection": "customers", "id": uuid.NewString(),
		"hlc": crdt.MakeStamp(time.Now().UnixMilli(), 0, client), "fields": map[string]any{"name": name}}
	b, _ := json.Marshal(map[string]any{"protocol": 1, "client_id": client, "changes": []any{change}})
	req, _ := http.NewRequest("POST", base+"/api/sync", bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("push: %v", err)
	}
	defer resp.Body.Close()
	got, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, got
}

// waitHealth waits until /healthz's status is want, failing the test after
// a minute or when the child exits.
func waitHealth(t *testing.T, c *child, base, want string) map[string]any {
	t.Helper()
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(20 * time.Millisecond) {
		select {
		case err := <-c.done:
			c.done <- err
			t.Fatalf("the server exited (%v)\nstderr:\n%s", err, c.stderr.String())
		default:
		}
		if _, body := healthBody(t, base); body["status"] == want {
			return body
		}
		if time.Now().After(deadline) {
			t.Fatalf("/healthz never said %q\nstderr:\n%s", want, c.stderr.String())
		}
	}
}

// metricsText is /metrics as a loopback caller reads it.
func metricsText(t *testing.T, base string) string {
	t.Helper()
	return string(call(t, "GET", base+"/metrics", "", nil))
}

func TestFullDiskRefusesWritesAndRecoversChildProcess(t *testing.T) {
	vol := smallVolume(t, "96m")
	dir := filepath.Join(vol, "data")
	addUsers(t, dir)
	c, base := serving(t, nil, "--data", dir, "--min-free", "24MiB", "--disk-check-every", "20ms")
	agent, admin := login(t, base, "zhuang"), login(t, base, "boss")
	const phone = "disk-test-phone"
	if status, _, body := pushOne(t, base, agent, phone, 1, "before the disk filled"); status != 200 || !bytes.Contains(body, []byte(`"applied"`)) {
		t.Fatalf("a push with room: %d %s", status, body)
	}

	filler := fill(t, vol, 16<<20)
	body := waitHealth(t, c, base, "degraded")
	if body["code"] != fieldbook.CodeInsufficientStorage {
		t.Fatalf("/healthz on a nearly full volume: %v", body)
	}
	status, header, got := pushOne(t, base, agent, phone, 2, "while the disk is full")
	if status != 507 || !bytes.Contains(got, []byte(`"insufficient_storage"`)) || header.Get("Retry-After") == "" {
		t.Fatalf("a push on a nearly full volume: %d %s (Retry-After %q), want 507 insufficient_storage", status, got, header.Get("Retry-After"))
	}
	if status, got := send(t, "POST", base+"/api/admin/teams", admin, map[string]any{"name": "二队"}); status != 507 {
		t.Fatalf("an admin's write on a nearly full volume: %d %s, want 507", status, got)
	}
	// Reads go on: a pull from a new phone brings what was written before,
	// and not the refused change; the user's own page; a login.
	pull := call(t, "POST", base+"/api/sync", login(t, base, "zhuang"), map[string]any{"protocol": 1, "client_id": "disk-test-new-phone"})
	if !bytes.Contains(pull, []byte("before the disk filled")) || bytes.Contains(pull, []byte("while the disk is full")) {
		t.Fatalf("the pull on a nearly full volume: %s", pull)
	}
	call(t, "GET", base+"/api/me", agent, nil)
	if m := metricsText(t, base); !strings.Contains(m, "fieldbook_disk_writes_refused 1") || !strings.Contains(m, "fieldbook_disk_free_bytes ") {
		t.Fatalf("/metrics on a nearly full volume does not say so:\n%s", grepLines(m, "fieldbook_disk"))
	}

	// The volume filled to the last byte by another program: the store
	// takes no write at all, so the server lives (main's SIGBUS was here),
	// and refuses even a sign-in; what only reads goes on.
	rest := fillUp(t, vol)
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(20 * time.Millisecond) {
		if _, body := healthBody(t, base); body["free_bytes"] == float64(0) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("/healthz never said the volume was full\nstderr:\n%s", c.stderr.String())
		}
	}
	for range 50 {
		status, got := send(t, "POST", base+"/api/auth/login", "", map[string]string{"username": "zhuang", "password": testPassword})
		if status != 507 || !bytes.Contains(got, []byte(`"insufficient_storage"`)) {
			t.Fatalf("a sign-in on a full volume: %d %s, want 507 insufficient_storage", status, got)
		}
	}
	call(t, "GET", base+"/api/me", agent, nil)
	if status, got := send(t, "POST", base+"/api/sync", agent, map[string]any{"protocol": 1, "client_id": phone}); status != 200 {
		t.Fatalf("a pull by a known phone on a full volume: %d %s", status, got)
	}
	if status, _ := healthBody(t, base); status != 200 {
		t.Fatalf("/healthz on a full volume: %d", status)
	}

	for _, f := range []string{rest, filler} {
		if err := os.Remove(f); err != nil {
			t.Fatal(err)
		}
	}
	waitHealth(t, c, base, "ok")
	if status, _, body := pushOne(t, base, agent, phone, 2, "after space returned"); status != 200 || !bytes.Contains(body, []byte(`"applied"`)) {
		t.Fatalf("the push once space returned: %d %s", status, body)
	}
	if m := metricsText(t, base); !strings.Contains(m, "fieldbook_disk_writes_refused 0") {
		t.Fatalf("/metrics once space returned:\n%s", grepLines(m, "fieldbook_disk"))
	}
	noPanic(t, c.stderr.String())
	c.stop(t)
	var exit *exec.ExitError
	if err := c.wait(t); errors.As(err, &exit) {
		t.Fatalf("the server exited with %v", err)
	}
}

// grepLines is the lines of text that hold s.
func grepLines(text, s string) string {
	var out []string
	for _, l := range strings.Split(text, "\n") {
		if strings.Contains(l, s) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
