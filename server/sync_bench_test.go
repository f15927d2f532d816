package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sync"
	"testing"

	"fieldbook"
	"fieldbook/auth"
	"fieldbook/storage"
	"fieldbook/workload"
)

// The end-to-end sync benchmarks: a real server on a loopback port over an
// on-disk store, driven by net/http clients that send what the app sends.
// The workload is the peers' (BENCHMARKS.md "The peers"): changes of about 500 bytes of JSON, in
// batches of 100, and a catch-up pull of 10,000 records in pages of 1,000.

const (
	benchBatch      = 100
	benchRecords    = 10_000
	benchPullLimit  = 1000
	benchChangeSize = 500 // bytes of JSON a change aims at
)

// benchServer is a server on loopback over an on-disk store.
type benchServer struct {
	url    string
	st     *storage.Engine
	team   fieldbook.Team
	client *http.Client
}

func newBenchServer(b *testing.B) *benchServer {
	b.Helper()
	st, err := storage.Open(context.Background(), storage.Options{Dir: b.TempDir()})
	if err != nil {
		b.Fatal(err)
	}
	secret, err := st.Secret()
	if err != nil {
		b.Fatal(err)
	}
	signer, err := auth.NewSigner(secret, nil)
	if err != nil {
		b.Fatal(err)
	}
	url := serveLoopback(b, New(Config{Stores: stores(st), Signer: signer, Passwords: cheap}), st)
	team, err := st.CreateTeam(context.Background(), "一队", "")
	if err != nil {
		b.Fatal(err)
	}
	return &benchServer{url: url, st: st, team: team,
		client: &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}}
}

// benchAgent is an agent signed in over HTTP, with one device.
type benchAgent struct {
	token, client, cursor string
	dev                   *workload.Device
}

func (bs *benchServer) agent(b *testing.B, username string) *benchAgent {
	b.Helper()
	hash, err := auth.HashPassword(testPassword, cheap)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := bs.st.CreateUser(context.Background(), fieldbook.User{Username: username, Name: username,
		Role: fieldbook.RoleAgent, TeamID: bs.team.ID, PasswordHash: hash}); err != nil {
		b.Fatal(err)
	}
	body, _ := json.Marshal(map[string]string{"username": username, "password": testPassword})
	status, raw := bs.post(b, "/api/auth/login", "", body)
	if status != http.StatusOK {
		b.Fatalf("login %s: %d %s", username, status, raw)
	}
	var tokens struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.Unmarshal(raw, &tokens); err != nil {
		b.Fatal(err)
	}
	client := "bench-" + username
	return &benchAgent{token: tokens.AccessToken, client: client, dev: workload.NewDevice(client, uint64(len(username)), benchChangeSize)}
}

func (bs *benchServer) post(b *testing.B, path, token string, body []byte) (int, []byte) {
	req, err := http.NewRequest(http.MethodPost, bs.url+path, bytes.NewReader(body))
	if err != nil {
		b.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := bs.client.Do(req)
	if err != nil {
		b.Fatalf("POST %s: %v", path, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		b.Fatalf("POST %s: %v", path, err)
	}
	return resp.StatusCode, raw
}

// changes returns the agent's next n changes as a JSON array.
func (a *benchAgent) changes(n int) []byte {
	return workload.Array(a.dev.Batches(n, n)[0])
}

// body is a sync request from the agent's cursor carrying changes (a JSON
// array).
func (a *benchAgent) body(changes []byte) []byte {
	var b bytes.Buffer
	cursor, _ := json.Marshal(a.cursor)
	fmt.Fprintf(&b, `{"protocol":1,"client_id":%q,"cursor":%s,"limit":%d,"changes":`, a.client, cursor, benchPullLimit)
	b.Write(changes)
	b.WriteByte('}')
	return b.Bytes()
}

// page is what the benchmarks read of a sync answer. Records are counted,
// not decoded: the client shares the machine's two cores with the server,
// and decoding 7 MB of records would measure the client.
type page struct {
	records, applied int
	cursor           string
	more             bool
}

func readPage(status int, raw []byte) (page, error) {
	if status != http.StatusOK {
		return page{}, fmt.Errorf("sync: %d %.300s", status, raw)
	}
	p := page{
		records: bytes.Count(raw, []byte(`{"collection":`)),
		applied: bytes.Count(raw, []byte(`"status":"applied"`)),
	}
	// The cursor, more and the rest come after the records.
	i := bytes.LastIndex(raw, []byte(`"cursor":`))
	if i < 0 {
		return page{}, fmt.Errorf("sync answer without a cursor: %.300s", raw)
	}
	var tail struct {
		Cursor string `json:"cursor"`
		More   bool   `json:"more"`
	}
	if err := json.Unmarshal(append([]byte{'{'}, raw[i:]...), &tail); err != nil {
		return page{}, fmt.Errorf("sync answer's tail: %w", err)
	}
	p.cursor, p.more = tail.Cursor, tail.More
	return p, nil
}

// sync posts a sync request of the agent and reads the answer.
func (bs *benchServer) sync(client *http.Client, a *benchAgent, body []byte) (page, error) {
	req, err := http.NewRequest(http.MethodPost, bs.url+"/api/sync", bytes.NewReader(body))
	if err != nil {
		return page{}, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+a.token)
	resp, err := client.Do(req)
	if err != nil {
		return page{}, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return page{}, err
	}
	return readPage(resp.StatusCode, raw)
}

// push sends a batch and keeps the cursor; every change must be applied.
// It may run on any goroutine.
func (bs *benchServer) push(a *benchAgent, body []byte, n int) error {
	p, err := bs.sync(bs.client, a, body)
	if err != nil {
		return err
	}
	if p.applied != n {
		return fmt.Errorf("%d of %d changes applied", p.applied, n)
	}
	a.cursor = p.cursor
	return nil
}

// mustPush makes n changes of the agent, with the timer stopped, and
// pushes them.
func mustPush(b *testing.B, bs *benchServer, a *benchAgent, n int) {
	b.Helper()
	b.StopTimer()
	body := a.body(a.changes(n))
	b.StartTimer()
	if err := bs.push(a, body, n); err != nil {
		b.Fatal(err)
	}
}

func reportRecords(b *testing.B, records int) {
	b.ReportMetric(float64(records)/b.Elapsed().Seconds(), "records/s")
}

// BenchmarkSyncPush is one client's POST /api/sync of a batch of 100 new
// records over loopback, durable before the answer, which brings the
// records back (the request's own changes are in its pull).
func BenchmarkSyncPush(b *testing.B) {
	bs := newBenchServer(b)
	a := bs.agent(b, "pusher")
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		mustPush(b, bs, a, benchBatch)
		n++
	}
	reportRecords(b, n*benchBatch)
}

// BenchmarkSyncPushConcurrent is 8 users each sending a batch of 100 at
// once: one op is 800 records, which the store's group commit may make
// durable together.
func BenchmarkSyncPushConcurrent(b *testing.B) {
	const clients = 8
	bs := newBenchServer(b)
	agents := make([]*benchAgent, clients)
	for i := range agents {
		agents[i] = bs.agent(b, fmt.Sprintf("crowd%d", i))
	}
	bodies := make([][]byte, clients)
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		b.StopTimer()
		for i, a := range agents {
			bodies[i] = a.body(a.changes(benchBatch))
		}
		b.StartTimer()
		var wg sync.WaitGroup
		errs := make([]error, clients)
		for i, a := range agents {
			wg.Go(func() { errs[i] = bs.push(a, bodies[i], benchBatch) })
		}
		wg.Wait()
		for _, err := range errs {
			if err != nil {
				b.Fatal(err)
			}
		}
		n++
	}
	reportRecords(b, n*clients*benchBatch)
}

// BenchmarkSyncPull is a new phone's catch-up: 10,000 records pulled from
// cursor "" in pages of 1,000, with gzip (what browsers and Go's client
// ask for) and without.
func BenchmarkSyncPull(b *testing.B) {
	bs := newBenchServer(b)
	reader := bs.agent(b, "reader")
	for range benchRecords / benchBatch {
		mustPush(b, bs, reader, benchBatch)
	}
	pull := func(client *http.Client) func(b *testing.B) {
		return func(b *testing.B) {
			b.ReportAllocs()
			total := 0
			for b.Loop() {
				a := *reader
				a.cursor = ""
				got := 0
				for {
					p, err := bs.sync(client, &a, a.body([]byte("[]")))
					if err != nil {
						b.Fatal(err)
					}
					got += p.records
					a.cursor = p.cursor
					if !p.more {
						break
					}
				}
				if got < benchRecords {
					b.Fatalf("pulled %d records, want at least %d", got, benchRecords)
				}
				total += got
			}
			reportRecords(b, total)
		}
	}
	b.Run("gzip", pull(bs.client))
	b.Run("identity", pull(&http.Client{Transport: &http.Transport{DisableCompression: true}}))
}
