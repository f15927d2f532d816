package main

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
)

// Targets and peers of BENCHMARKS.md.
const (
	pullServerTargetMS = 200  // pull of 10,000 records, server time
	pouchDBPush        = 3300 // PouchDB-server _bulk_docs, records/s
	wideMargin         = 3    // "by a wide margin": at least this many times
)

// check is one target and whether the run met it.
type check struct {
	Target string `json:"target"`
	Got    string `json:"got"`
	OK     bool   `json:"ok"`
}

func checks(r report) []check {
	raw := r.RawTxn.RecordsPerSec
	out := []check{{
		Target: "durable push (1 client) ≥ ¼ raw Badger (txn per batch)",
		Got:    fmt.Sprintf("%.0f vs %.0f records/s (%.0f%%)", r.Push1.RecordsPerSec, raw, 100*r.Push1.RecordsPerSec/raw),
		OK:     r.Push1.RecordsPerSec >= raw/4,
	}}
	pull := check{Target: fmt.Sprintf("pull of %d records < %d ms server time", r.Pull.Records, pullServerTargetMS)}
	if r.Pull.ServerMS != nil {
		pull.Got = fmt.Sprintf("%.0f ms (wall %.0f ms)", *r.Pull.ServerMS, r.Pull.WallMS)
		pull.OK = *r.Pull.ServerMS < pullServerTargetMS
	} else {
		pull.Got = fmt.Sprintf("server time unknown (no /metrics); wall %.0f ms", r.Pull.WallMS)
		pull.OK = r.Pull.WallMS < pullServerTargetMS
	}
	return append(out, pull, check{
		Target: fmt.Sprintf("%d clients push faster than 1", r.Clients),
		Got:    fmt.Sprintf("%.0f vs %.0f records/s (×%.2f)", r.PushN.RecordsPerSec, r.Push1.RecordsPerSec, r.PushN.RecordsPerSec/r.Push1.RecordsPerSec),
		OK:     r.PushN.RecordsPerSec > r.Push1.RecordsPerSec,
	}, check{
		Target: fmt.Sprintf("push beats PouchDB-server (≈ %d records/s) ≥ %d×", pouchDBPush, wideMargin),
		Got:    fmt.Sprintf("×%.1f", r.Push1.RecordsPerSec/pouchDBPush),
		OK:     r.Push1.RecordsPerSec >= wideMargin*pouchDBPush,
	})
}

// medianReport takes, metric by metric, the median over the runs.
func medianReport(runs []report) report {
	if len(runs) == 1 {
		return runs[0]
	}
	m := runs[0]
	m.ChangeBytes = median(runs, func(r report) float64 { return r.ChangeBytes })
	for _, sel := range []func(*report) *phase{
		func(r *report) *phase { return &r.Push1 },
		func(r *report) *phase { return &r.Pull },
		func(r *report) *phase { return &r.PushN },
		func(r *report) *phase { return &r.RawTxn },
		func(r *report) *phase { return &r.RawBatch },
	} {
		ps := make([]phase, len(runs))
		for i := range runs {
			ps[i] = *sel(&runs[i])
		}
		*sel(&m) = medianPhase(ps)
	}
	m.ServerCPUSeconds = medianOf(runs, func(r report) *float64 { return r.ServerCPUSeconds })
	m.ServerPeakRSSMB = medianOf(runs, func(r report) *float64 { return r.ServerPeakRSSMB })
	for _, r := range runs {
		if r.MetricsError != "" {
			m.MetricsError = r.MetricsError
			break
		}
	}
	m.Checks = checks(m)
	return m
}

func medianPhase(ps []phase) phase {
	m := ps[0]
	m.Records = int(median(ps, func(p phase) float64 { return float64(p.Records) }))
	m.Requests = int(median(ps, func(p phase) float64 { return float64(p.Requests) }))
	m.WallMS = median(ps, func(p phase) float64 { return p.WallMS })
	m.RecordsPerSec = median(ps, func(p phase) float64 { return p.RecordsPerSec })
	m.P50MS = median(ps, func(p phase) float64 { return p.P50MS })
	m.P95MS = median(ps, func(p phase) float64 { return p.P95MS })
	m.P99MS = median(ps, func(p phase) float64 { return p.P99MS })
	m.SentPerRecord = median(ps, func(p phase) float64 { return p.SentPerRecord })
	m.ReceivedPerRecord = median(ps, func(p phase) float64 { return p.ReceivedPerRecord })
	m.ServerMS = medianOf(ps, func(p phase) *float64 { return p.ServerMS })
	m.ServerCPUMS = medianOf(ps, func(p phase) *float64 { return p.ServerCPUMS })
	m.CommitMS = medianOf(ps, func(p phase) *float64 { return p.CommitMS })
	m.JobsPerCommit = medianOf(ps, func(p phase) *float64 { return p.JobsPerCommit })
	return m
}

func median[T any](xs []T, f func(T) float64) float64 {
	v := make([]float64, len(xs))
	for i, x := range xs {
		v[i] = f(x)
	}
	slices.Sort(v)
	if n := len(v); n%2 == 0 {
		return (v[n/2-1] + v[n/2]) / 2
	}
	return v[len(v)/2]
}

// medianOf is the median of the values that are known, nil when none is.
func medianOf[T any](ps []T, f func(T) *float64) *float64 {
	var known []float64
	for _, p := range ps {
		if v := f(p); v != nil {
			known = append(known, *v)
		}
	}
	if len(known) == 0 {
		return nil
	}
	m := median(known, func(x float64) float64 { return x })
	return &m
}

func printReport(w io.Writer, r report, runs int) {
	fmt.Fprintf(w, "fieldbook-load: %d changes of %.0f B JSON on average, batches of %d, %d concurrent clients; server %s\n",
		r.Records, r.ChangeBytes, r.Batch, r.Clients, r.Server)
	if runs > 1 {
		fmt.Fprintf(w, "medians of %d runs, each on a fresh store\n", runs)
	}
	fmt.Fprintln(w)
	const row = "%-30s %8s %8s %9s %10s %8s %8s %8s %10s %11s %10s %11s\n"
	fmt.Fprintf(w, row, "phase", "records", "requests", "wall ms", "records/s", "p50 ms", "p95 ms", "p99 ms", "server ms", "jobs/commit", "commit ms", "server CPU")
	for _, p := range []phase{r.Push1, r.Pull, r.PushN, r.RawTxn, r.RawBatch} {
		fmt.Fprintf(w, row, p.Name, fmt.Sprint(p.Records), fmt.Sprint(p.Requests), fmt.Sprintf("%.1f", p.WallMS),
			fmt.Sprintf("%.0f", p.RecordsPerSec), fmt.Sprintf("%.2f", p.P50MS), fmt.Sprintf("%.2f", p.P95MS),
			fmt.Sprintf("%.2f", p.P99MS), optional(p.ServerMS, "%.1f"), optional(p.JobsPerCommit, "%.2f"), optional(p.CommitMS, "%.2f"), optional(p.ServerCPUMS, "%.0f ms"))
	}
	fmt.Fprintln(w)
	zip := "identity"
	if r.Gzip {
		zip = "gzip"
	}
	fmt.Fprintf(w, "bytes on the wire per record (protocol %d, answers %s): push sent %.0f, received %.0f; pull received %.0f\n",
		r.Protocol, zip, r.Push1.SentPerRecord, r.Push1.ReceivedPerRecord, r.Pull.ReceivedPerRecord)
	if r.ServerCPUSeconds != nil && r.ServerPeakRSSMB != nil {
		fmt.Fprintf(w, "server process: %.2f s of CPU over the run, peak RSS %.0f MB\n", *r.ServerCPUSeconds, *r.ServerPeakRSSMB)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "targets")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, c := range r.Checks {
		verdict := "MISS"
		if c.OK {
			verdict = "ok"
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", c.Target, c.Got, verdict)
	}
	tw.Flush()
	if r.MetricsError != "" {
		fmt.Fprintf(w, "\nserver times missing where shown as —: %s\n", r.MetricsError)
	}
	if !strings.HasPrefix(r.Server, "in-process") && !strings.HasPrefix(r.Server, "child") {
		fmt.Fprintln(w, "\nnote: every client was the same -user, each with its own client_id, so each answer of the")
		fmt.Fprintln(w, "concurrent push also carried the other clients' new records; the raw Badger ran on this machine.")
	}
}

func optional(v *float64, format string) string {
	if v == nil {
		return "—"
	}
	return fmt.Sprintf(format, *v)
}
