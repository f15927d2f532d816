// A damaged store through the real binary: a child server writes customers
// and stops, a table file of its store is damaged (bytes flipped, or cut
// short), and the next start refuses clearly — an error that says
// store_corrupted, a non-zero exit, no panic, no hang — as does the check
// command; a table damaged while the server serves turns /healthz into 503
// store_corrupted and pulls into the same 503, never a 500.

package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"fieldbook/sync/crdt"
)

// pushCustomers pushes n new customers as agent zhuang from one phone, in
// batches, so that the store's tables span many blocks.
func pushCustomers(t *testing.T, base string, n int) {
	t.Helper()
	token := login(t, base, "zhuang")
	const client = "damage-test-phone"
	for seq := 1; seq <= n; {
		var changes []any
		for ; seq <= n && len(changes) < 100; seq++ {
			changes = append(changes, map[string]any{"seq": seq, "collection": "customers", "id": uuid.NewString(),
				"hlc":    crdt.MakeStamp(time.Now().UnixMilli(), 0, client),
				"fields": map[string]any{"name": fmt.Sprintf("%s %05d %s", customerName, seq, strings.Repeat("备注", 40))}})
		}
		call(t, "POST", base+"/api/sync", token, map[string]any{"protocol": 1, "client_id": client, "changes": changes})
	}
}

// storeWithCustomers makes a store of n customers through a child server
// and returns its directory, stopped, with its largest table file.
func storeWithCustomers(t *testing.T, n int) (dir, sst string) {
	t.Helper()
	dir = t.TempDir()
	addUsers(t, dir)
	c, base := serving(t, nil, "--data", dir)
	pushCustomers(t, base, n)
	c.stop(t)
	files, err := filepath.Glob(filepath.Join(dir, "*.sst"))
	if err != nil || len(files) == 0 {
		t.Fatalf("the stopped store has no table files (%v)", err)
	}
	var size int64
	for _, f := range files {
		if fi, err := os.Stat(f); err == nil && fi.Size() > size {
			sst, size = f, fi.Size()
		}
	}
	return dir, sst
}

// flipBytes flips 8 bytes, 97 bytes apart, from the middle of the file
// (written in place, as a failing disk would).
func flipBytes(t *testing.T, path string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	b := make([]byte, 1)
	for i := range int64(8) {
		off := fi.Size()/2 + i*97
		if _, err := f.ReadAt(b, off); err != nil {
			t.Fatal(err)
		}
		b[0] ^= 0xff
		if _, err := f.WriteAt(b, off); err != nil {
			t.Fatal(err)
		}
	}
}

// noPanic fails the test when the child's output shows a Go panic.
func noPanic(t *testing.T, out string) {
	t.Helper()
	if strings.Contains(out, "panic:") || strings.Contains(out, "goroutine ") {
		t.Fatalf("the server panicked:\n%.3000s", out)
	}
}

func TestDamagedTableRefusesStartChildProcess(t *testing.T) {
	for _, tc := range []struct {
		name   string
		damage func(t *testing.T, sst string)
	}{
		{"bytes flipped", flipBytes},
		{"cut short", func(t *testing.T, sst string) {
			fi, err := os.Stat(sst)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.Truncate(sst, fi.Size()/2); err != nil {
				t.Fatal(err)
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir, sst := storeWithCustomers(t, 300)
			if out, err := runCmd(t, "", "check", "--data", dir); err != nil || !strings.Contains(out, "is whole") {
				t.Fatalf("check of the whole store: %v\n%s", err, out)
			}
			tc.damage(t, sst)
			stderr := refusesToStart(t, "store_corrupted", nil, "--data", dir)
			noPanic(t, stderr)
			if !strings.Contains(stderr, filepath.Base(sst)) || !strings.Contains(stderr, "DAMAGED") {
				t.Fatalf("the refusal does not name the damaged table %s:\n%s", filepath.Base(sst), stderr)
			}
			out, err := runCmd(t, "", "check", "--data", dir)
			if err == nil || !strings.Contains(err.Error(), "DAMAGED") || !strings.Contains(err.Error(), filepath.Base(sst)) {
				t.Fatalf("check of the damaged store: %v\n%s", err, out)
			}
			// The maintenance commands say so too, not "is the server running?".
			if out, err := runCmd(t, "", "backup", "--data", dir); err == nil || !strings.Contains(err.Error(), "DAMAGED") || strings.Contains(err.Error(), "server running") {
				t.Fatalf("backup of the damaged store: %v\n%.300s", err, out)
			}
		})
	}
}

// healthBody is /healthz's status and body.
func healthBody(t *testing.T, base string) (int, map[string]any) {
	t.Helper()
	resp, err := http.Get(base + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body map[string]any
	b, _ := io.ReadAll(resp.Body)
	if err := json.Unmarshal(b, &body); err != nil {
		t.Fatalf("/healthz answered %d %s", resp.StatusCode, b)
	}
	return resp.StatusCode, body
}

// send is one request with a JSON body; it returns the status and body.
func send(t *testing.T, method, url, token string, body any) (int, []byte) {
	t.Helper()
	status, _, got := sendH(t, method, url, token, body)
	return status, got
}

// sendH is send that returns the answer's headers too. A nil body sends
// none.
func sendH(t *testing.T, method, url, token string, body any) (int, http.Header, []byte) {
	t.Helper()
	var r io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		r = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, url, r)
	if err != nil {
		t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	got, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, resp.Header, got
}

func TestTableDamagedWhileServingChildProcess(t *testing.T) {
	dir, sst := storeWithCustomers(t, 300)
	c, base := serving(t, nil, "--data", dir, "--verify-every", "100ms")
	token := login(t, base, "zhuang")
	flipBytes(t, sst)
	var status int
	var body map[string]any
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(20 * time.Millisecond) {
		if status, body = healthBody(t, base); status != 200 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("/healthz still 200 a minute after the table was damaged\nstderr:\n%s", c.stderr.String())
		}
	}
	if status != 503 || body["code"] != "store_corrupted" {
		t.Fatalf("/healthz: %d %v, want 503 store_corrupted", status, body)
	}
	for range 3 {
		status, header, got := sendH(t, "POST", base+"/api/sync", token, map[string]any{"protocol": 1, "client_id": "damage-test-new-phone"})
		if status != 503 || !bytes.Contains(got, []byte(`"store_corrupted"`)) || header.Get("Retry-After") == "" {
			t.Fatalf("a pull from the damaged store: %d %s (Retry-After %q), want 503 store_corrupted", status, got, header.Get("Retry-After"))
		}
	}
	if m := metricsText(t, base); !strings.Contains(m, "fieldbook_store_damaged 1") {
		t.Fatalf("/metrics of a damaged store:\n%s", grepLines(m, "fieldbook_store"))
	}
	noPanic(t, c.stderr.String())
	if !strings.Contains(c.stderr.String(), "the store is damaged") {
		t.Fatalf("the log does not say the store is damaged:\n%s", c.stderr.String())
	}
	c.stop(t)
}
