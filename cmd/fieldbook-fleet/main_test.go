package main

// A small fleet end to end: populate a Badger store, serve it on loopback,
// run the phones and screens for a few seconds, and read the report.

import (
	"bytes"
	"context"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
	"time"

	"fieldbook/auth"
	"fieldbook/server"
	"fieldbook/storage"
)

func TestSmallFleet(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "store")
	var fleetJSON bytes.Buffer
	if err := run(ctx, []string{"populate", "--data", dir, "--agents", "12", "--teams", "3"}, &fleetJSON, os.Stderr); err != nil {
		t.Fatal(err)
	}
	fleetFile := filepath.Join(t.TempDir(), "fleet.json")
	if err := os.WriteFile(fleetFile, fleetJSON.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	st, err := storage.Open(ctx, storage.Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	secret, err := st.Secret()
	if err != nil {
		t.Fatal(err)
	}
	signer, err := auth.NewSigner(secret, nil)
	if err != nil {
		t.Fatal(err)
	}
	stores := server.StoresOf(st)
	srv := server.New(server.Config{Stores: &stores, Signer: signer, Passwords: auth.PasswordParams{Memory: 64, Time: 1, Threads: 1}, Metrics: "loopback"})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	t.Cleanup(func() {
		sctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		srv.Shutdown(sctx)
		st.Close()
	})

	var out bytes.Buffer
	err = run(ctx, []string{"run", "--addr", "http://" + ln.Addr().String(), "--fleet", fleetFile, "--duration", "3s", "--min", "100ms", "--max", "300ms"}, &out, os.Stderr)
	if err != nil {
		t.Fatalf("run: %v\n%s", err, out.String())
	}
	m := regexp.MustCompile(`phone syncs\s+(\d+)`).FindStringSubmatch(out.String())
	if m == nil {
		t.Fatalf("no phone syncs in the report:\n%s", out.String())
	}
	if n, _ := strconv.Atoi(m[1]); n < 12 {
		t.Fatalf("%d phone syncs by 12 phones in 3 s, each every 0.1–0.3 s:\n%s", n, out.String())
	}
	if !regexp.MustCompile(`errors\s+0\n`).MatchString(out.String()) {
		t.Fatalf("the report shows errors:\n%s", out.String())
	}
	// The supervisors' screens woke for the phones' changes and pulled.
	if regexp.MustCompile(`\((0) wakes\)`).MatchString(out.String()) {
		t.Fatalf("no screen woke:\n%s", out.String())
	}
}
