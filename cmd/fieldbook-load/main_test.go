package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"fieldbook/workload"
)

// TestMain is the load's server process too when a test starts one.
func TestMain(m *testing.M) {
	if os.Getenv(childEnv) == "1" {
		if err := run(context.Background(), os.Args[1:], os.Stdout, os.Stderr); err != nil {
			fmt.Fprintln(os.Stderr, "server process:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// TestLoadChildProcessServer runs the load against a server process of its
// own, as by default, in both protocols: the server's CPU time and memory
// are read, and protocol 2's push answers, which leave out what was sent,
// take far fewer bytes than protocol 1's.
func TestLoadChildProcessServer(t *testing.T) {
	received := map[int]float64{}
	for _, protocol := range []int{1, 2} {
		var out, errs bytes.Buffer
		args := []string{"-records", "200", "-batch", "100", "-clients", "2", "-json", "-protocol", fmt.Sprint(protocol), "-dir", t.TempDir()}
		if err := run(context.Background(), args, &out, &errs); err != nil {
			t.Fatalf("run: %v\n%s", err, errs.String())
		}
		var got struct {
			Median report `json:"median"`
		}
		if err := json.Unmarshal(out.Bytes(), &got); err != nil {
			t.Fatalf("output is not JSON: %v\n%s", err, out.String())
		}
		m := got.Median
		if !strings.HasPrefix(m.Server, "child process") || m.ServerCPUSeconds == nil || *m.ServerCPUSeconds <= 0 || m.ServerPeakRSSMB == nil || *m.ServerPeakRSSMB <= 0 {
			t.Errorf("protocol %d: server %q, CPU %v, RSS %v", protocol, m.Server, m.ServerCPUSeconds, m.ServerPeakRSSMB)
		}
		if m.Push1.Records != 200 || m.Push1.SentPerRecord < m.ChangeBytes || m.Pull.ReceivedPerRecord <= 0 {
			t.Errorf("protocol %d: %d records pushed, %.0f B sent per record of %.0f B, pull %.0f B per record", protocol, m.Push1.Records, m.Push1.SentPerRecord, m.ChangeBytes, m.Pull.ReceivedPerRecord)
		}
		received[protocol] = m.Push1.ReceivedPerRecord
	}
	if received[2] > received[1]*0.6 {
		t.Errorf("push answers take %.0f B per record in protocol 2 and %.0f B in 1; 2 should leave out what was sent", received[2], received[1])
	}
}

// TestLoadInProcessServerSmall runs the whole load, small, against a real
// in-process server and checks what it counted, never how fast it was.
func TestLoadInProcessServerSmall(t *testing.T) {
	var out, errs bytes.Buffer
	args := []string{"-in-process", "-records", "230", "-batch", "50", "-clients", "3", "-runs", "2", "-json", "-dir", t.TempDir()}
	if err := run(context.Background(), args, &out, &errs); err != nil {
		t.Fatalf("run: %v\n%s", err, errs.String())
	}
	var got struct {
		Median report   `json:"median"`
		Runs   []report `json:"runs"`
	}
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, out.String())
	}
	if len(got.Runs) != 2 {
		t.Fatalf("got %d runs, want 2", len(got.Runs))
	}
	m := got.Median
	for _, p := range []phase{m.Push1, m.RawTxn, m.RawBatch} {
		if p.Records != 230 || p.Requests != 5 {
			t.Errorf("%s: %d records in %d requests, want 230 in 5", p.Name, p.Records, p.Requests)
		}
	}
	// 230 changes between 3 clients in batches of 50: 77, 77 and 76, two
	// requests each.
	if m.PushN.Records != 230 || m.PushN.Requests != 6 {
		t.Errorf("%s: %d records in %d requests, want 230 in 6", m.PushN.Name, m.PushN.Records, m.PushN.Requests)
	}
	// The pull brings back the pushed records and the team's members.
	if m.Pull.Records < 230 || m.Pull.Requests != 1 {
		t.Errorf("pull: %d records in %d requests, want at least 230 in 1", m.Pull.Records, m.Pull.Requests)
	}
	if m.Pull.ServerMS == nil || m.Push1.ServerMS == nil {
		t.Errorf("the in-process server's time was not read from /metrics")
	}
	if m.ChangeBytes < 450 || m.ChangeBytes > 600 {
		t.Errorf("changes average %.0f bytes, want about 500", m.ChangeBytes)
	}
	if len(m.Checks) != 4 {
		t.Errorf("got %d checks, want 4", len(m.Checks))
	}
}

func TestLoadPrintsATable(t *testing.T) {
	var out, errs bytes.Buffer
	if err := run(context.Background(), []string{"-records", "40", "-batch", "20", "-clients", "2", "-dir", t.TempDir()}, &out, &errs); err != nil {
		t.Fatalf("run: %v\n%s", err, errs.String())
	}
	for _, want := range []string{"push, 1 client", "pull from", "push, 2 clients", "raw Badger, txn per batch", "targets"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the table has no %q:\n%s", want, out.String())
		}
	}
}

func TestFlagsRefuseWhatTheServerWould(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"-batch", "0"}, "-batch"},
		{[]string{"-batch", "501"}, "-batch"},
		{[]string{"-records", "0"}, "at least 1"},
		{[]string{"-addr", "http://127.0.0.1:8080"}, "-user"},
		{[]string{"extra"}, "unexpected"},
		{[]string{"-fleet", "-agents", "5", "-teams", "10"}, "-agents"},
		{[]string{"-fleet", "-min", "2s", "-max", "1s"}, "-min"},
		{[]string{"-fleet", "-json"}, "-json"},
	}
	for _, tt := range tests {
		var errs bytes.Buffer
		_, err := parseFlags(tt.args, &errs)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("parseFlags(%q) = %v, want an error about %s", tt.args, err, tt.want)
		}
	}
}

func TestReadPageCountsAndReadsTheTail(t *testing.T) {
	raw := []byte(`{"results":[{"seq":1,"status":"applied"},{"seq":2,"status":"rejected","code":"invalid","message":"x"}],` +
		`"records":[{"collection":"activities","id":"a","fields":{"notes":"\"cursor\": no"},"stamps":{}},` +
		`{"collection":"customers","id":"b","fields":{},"stamps":{}}],"cursor":"MS5hYmM","more":true,"reset":false,"server_time":1}`)
	p, err := readPage(raw)
	if err != nil {
		t.Fatal(err)
	}
	if p.records != 2 || p.results != 2 || p.applied != 1 || p.cursor != "MS5hYmM" || !p.more {
		t.Fatalf("readPage = %+v", p)
	}
}

func TestDevicesMakeValidSizedChanges(t *testing.T) {
	d := workload.NewDevice("load-test-0", 1, 500)
	batches := d.Batches(12, 5)
	if len(batches) != 3 || len(batches[2]) != 2 {
		t.Fatalf("12 changes in batches of 5 gave %d batches", len(batches))
	}
	var list []map[string]any
	if err := json.Unmarshal(workload.Array(batches[0]), &list); err != nil {
		t.Fatalf("a batch is not a JSON array: %v", err)
	}
	for i, c := range list {
		if got, want := c["seq"], float64(i+1); got != want {
			t.Errorf("change %d has seq %v, want %v", i, got, want)
		}
	}
	var got []any
	for _, c := range list {
		got = append(got, c["collection"])
	}
	if want := []any{"consents", "consents", "consents", "consents", "customers"}; !slices.Equal(got, want) {
		t.Errorf("collections %v: want the customer's four consents, then the customer", got)
	}
	if next := workload.NewDevice("load-test-1", 1, 500).Batches(6, 6)[0][5]; next.Collection != "activities" {
		t.Errorf("the sixth change is of %s, want an activity with the customer", next.Collection)
	}
}

// TestLoadFleetChildProcessServer runs a tiny branch network against a
// server process of its own: every phone synced, the screens woke for
// their teams' changes, nothing failed, and the server's CPU and memory
// were read.
func TestLoadFleetChildProcessServer(t *testing.T) {
	var out, errs bytes.Buffer
	args := []string{"-fleet", "-agents", "6", "-teams", "2", "-duration", "3s", "-min", "50ms", "-max", "200ms", "-dir", t.TempDir()}
	if err := run(context.Background(), args, &out, &errs); err != nil {
		t.Fatalf("run: %v\n%s\n%s", err, out.String(), errs.String())
	}
	report := out.String()
	for _, want := range []*regexp.Regexp{
		regexp.MustCompile(`fleet: 6 agents' phones .*, 2 supervisors' screens`),
		regexp.MustCompile(`phone syncs\s+[1-9]\d*\s+p50 [\d.]+ ms\s+p95 [\d.]+ ms\s+p99 [\d.]+ ms`),
		regexp.MustCompile(`\([1-9]\d* wakes\)`),
		regexp.MustCompile(`server\s+CPU [\d.]+ s in .* peak RSS [1-9]\d* MB`),
		regexp.MustCompile(`errors\s+0\n`),
		regexp.MustCompile(`server process\s+[\d.]+ s of CPU over its life .* peak RSS [1-9]\d* MB`),
	} {
		if !want.MatchString(report) {
			t.Errorf("the report has no %v:\n%s", want, report)
		}
	}
}
