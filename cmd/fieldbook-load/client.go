package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// client talks to one Fieldbook server over HTTP, as the app does.
type client struct {
	base string
	http *http.Client
	// gzip asks for gzip answers, as a browser does; the client inflates
	// them itself, so that it sees the bytes on the wire.
	gzip bool
	// protocol is the sync protocol version spoken.
	protocol int
	// statsErr is why /metrics could not be read, the first time it
	// could not; only the load's main goroutine reads metrics.
	statsErr string
}

func newClient(base string, conns int, gzip bool, protocol int) *client {
	return &client{base: strings.TrimRight(base, "/"), gzip: gzip, protocol: protocol, http: &http.Client{
		Timeout: 2 * time.Minute,
		Transport: &http.Transport{
			MaxIdleConns: conns * 2, MaxIdleConnsPerHost: conns * 2,
			// The client asks for gzip itself (c.gzip) to count the bytes
			// that travel.
			DisableCompression: true,
		},
	}}
}

// post sends body and returns the answer's status and body, and how many
// bytes of body the answer had on the wire (compressed, where it was).
func (c *client) post(ctx context.Context, path, token string, body []byte) (status int, raw []byte, wire int, err error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.base+path, bytes.NewReader(body))
	if err != nil {
		return 0, nil, 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	if c.gzip {
		req.Header.Set("Accept-Encoding", "gzip")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, nil, 0, fmt.Errorf("POST %s: %w", path, err)
	}
	defer resp.Body.Close()
	if raw, err = io.ReadAll(resp.Body); err != nil {
		return 0, nil, 0, fmt.Errorf("POST %s: read answer: %w", path, err)
	}
	wire = len(raw)
	if resp.Header.Get("Content-Encoding") == "gzip" {
		zr, err := gzip.NewReader(bytes.NewReader(raw))
		if err != nil {
			return 0, nil, 0, fmt.Errorf("POST %s: gzip answer: %w", path, err)
		}
		if raw, err = io.ReadAll(zr); err != nil {
			return 0, nil, 0, fmt.Errorf("POST %s: gzip answer: %w", path, err)
		}
	}
	return resp.StatusCode, raw, wire, nil
}

// login signs a user in and returns the access token.
func (c *client) login(ctx context.Context, username, password string) (string, error) {
	body, _ := json.Marshal(map[string]string{"username": username, "password": password})
	status, raw, _, err := c.post(ctx, "/api/auth/login", "", body)
	if err != nil {
		return "", err
	}
	if status != http.StatusOK {
		return "", fmt.Errorf("login %s: %d %.300s", username, status, raw)
	}
	var tokens struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.Unmarshal(raw, &tokens); err != nil || tokens.AccessToken == "" {
		return "", fmt.Errorf("login %s: no access token in %.300s", username, raw)
	}
	return tokens.AccessToken, nil
}

// session is one signed-in installation of the app: its token, client id
// and cursor.
type session struct {
	token, client, cursor string
}

// page is what the load reads of a sync answer. Records are counted, not
// decoded: the load shares the machine with an in-process server, and
// decoding megabytes of records would measure the client.
type page struct {
	records, applied, results int
	cursor                    string
	more                      bool
	// sent and received are the request's and the answer's bytes on the
	// wire (the body; the answer gzipped where the client asked).
	sent, received int
}

// sync sends one POST /api/sync with changes (a JSON array, "[]" for a
// pure pull) and returns the answer and how long it took.
func (c *client) sync(ctx context.Context, s *session, changes []byte, limit int) (page, time.Duration, error) {
	var body bytes.Buffer
	body.Grow(len(changes) + 256)
	client, _ := json.Marshal(s.client)
	cursor, _ := json.Marshal(s.cursor)
	fmt.Fprintf(&body, `{"protocol":%d,"client_id":%s,"cursor":%s,"limit":%d,"changes":`, c.protocol, client, cursor, limit)
	body.Write(changes)
	body.WriteByte('}')
	start := time.Now()
	status, raw, wire, err := c.post(ctx, "/api/sync", s.token, body.Bytes())
	took := time.Since(start)
	if err != nil {
		return page{}, took, err
	}
	if status != http.StatusOK {
		return page{}, took, fmt.Errorf("sync: %d %.300s", status, raw)
	}
	p, err := readPage(raw)
	if err != nil {
		return page{}, took, err
	}
	p.sent, p.received = body.Len(), wire
	s.cursor = p.cursor
	return p, took, nil
}

// readPage counts an answer's records and results and reads its cursor and
// more, which the server writes after the records.
func readPage(raw []byte) (page, error) {
	p := page{
		records: bytes.Count(raw, []byte(`{"collection":`)),
		applied: bytes.Count(raw, []byte(`"status":"applied"`)),
		results: bytes.Count(raw, []byte(`{"seq":`)),
	}
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

// serverStats are the server's own counters from /metrics: the time it
// spent in sync requests (from the request's arrival in the handler chain
// to its answer being ready, before the socket write) and its group
// commits.
type serverStats struct {
	syncSeconds float64
	syncCount   float64
	commitJobs  float64
	commits     float64
	commitSecs  float64 // the group commits' time
	cpuSeconds  float64 // the process's, 0 where not shown
}

func (a serverStats) sub(b serverStats) serverStats {
	return serverStats{a.syncSeconds - b.syncSeconds, a.syncCount - b.syncCount, a.commitJobs - b.commitJobs, a.commits - b.commits, a.commitSecs - b.commitSecs, a.cpuSeconds - b.cpuSeconds}
}

// stats reads /metrics; ok is false when the server does not show them
// (not on loopback, or turned off), and c.statsErr then says why.
func (c *client) stats(ctx context.Context) (serverStats, bool) {
	st, err := c.readStats(ctx)
	if err != nil && c.statsErr == "" {
		c.statsErr = err.Error()
	}
	return st, err == nil
}

func (c *client) readStats(ctx context.Context) (serverStats, error) {
	var st serverStats
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.base+"/metrics", nil)
	if err != nil {
		return st, err
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return st, fmt.Errorf("GET /metrics: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return st, fmt.Errorf("GET /metrics: status %d", resp.StatusCode)
	}
	found := 0
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		name, value, ok := strings.Cut(sc.Text(), " ")
		if !ok {
			continue
		}
		var into *float64
		switch name {
		case `fieldbook_http_request_seconds_sum{route="/api/sync"}`:
			into = &st.syncSeconds
		case `fieldbook_http_request_seconds_count{route="/api/sync"}`:
			into = &st.syncCount
		case "fieldbook_store_commit_jobs_sum":
			into = &st.commitJobs
		case "fieldbook_store_commit_jobs_count":
			into = &st.commits
		case "fieldbook_store_commit_seconds_sum":
			into = &st.commitSecs
		case "process_cpu_seconds_total":
			into = &st.cpuSeconds
		default:
			continue
		}
		if v, err := strconv.ParseFloat(value, 64); err == nil {
			*into = v
			if into != &st.cpuSeconds && into != &st.commitSecs {
				found++
			}
		}
	}
	if err := sc.Err(); err != nil {
		return st, fmt.Errorf("GET /metrics: %w", err)
	}
	// Before the first sync the histogram has no /api/sync series yet, but
	// the commit counters are there.
	if found < 2 {
		return st, fmt.Errorf("GET /metrics: no fieldbook_store_commit_jobs or fieldbook_http_request_seconds series")
	}
	return st, nil
}
