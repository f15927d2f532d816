package storage

import (
	"context"
	"slices"
	"testing"
	"time"

	"fieldbook"
)

func auditActions(es []fieldbook.AuditEntry) []string {
	var out []string
	for _, e := range es {
		out = append(out, e.Action)
	}
	return out
}

func TestAuditLogIsNewestFirstAndLimited(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	base := time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)
	// Written out of time order, with two entries of the same instant.
	for _, e := range []struct {
		action string
		at     time.Duration
	}{{"c", 2 * time.Hour}, {"a", 0}, {"d", 3 * time.Hour}, {"b", time.Hour}, {"b2", time.Hour}} {
		if err := s.Audit(ctx, fieldbook.AuditEntry{At: base.Add(e.at), UserID: "u1", Username: "zhang", Action: e.action, Params: map[string]string{"team_id": "t1"}}); err != nil {
			t.Fatal(err)
		}
	}
	all, err := s.AuditLog(ctx, 100)
	if err != nil {
		t.Fatal(err)
	}
	got := auditActions(all)
	if len(got) != 5 || got[0] != "d" || got[1] != "c" || got[4] != "a" || !slices.Contains(got[2:4], "b") || !slices.Contains(got[2:4], "b2") {
		t.Fatalf("got %v, want d c {b b2} a", got)
	}
	for i := 1; i < len(all); i++ {
		if all[i].At.After(all[i-1].At) {
			t.Fatalf("entry %d (%v) is newer than entry %d (%v)", i, all[i].At, i-1, all[i-1].At)
		}
	}
	if e := all[0]; !e.At.Equal(base.Add(3*time.Hour)) || e.UserID != "u1" || e.Username != "zhang" || e.Params["team_id"] != "t1" {
		t.Fatalf("got %+v", e)
	}

	two, err := s.AuditLog(ctx, 2)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := auditActions(two), []string{"d", "c"}; !slices.Equal(got, want) {
		t.Fatalf("limit 2: got %v, want %v", got, want)
	}
	if _, err := s.AuditLog(ctx, 0); fieldbook.ErrorCode(err) != fieldbook.CodeInvalid {
		t.Fatalf("limit 0: got %v, want an invalid error", err)
	}
}

func TestAuditFillsTimeAndChecksEntries(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	before := time.Now()
	params := map[string]string{"month": "2026-11"}
	if err := s.Audit(ctx, fieldbook.AuditEntry{UserID: "u1", Username: "zhang", Action: "export.monthly.csv", Params: params}); err != nil {
		t.Fatal(err)
	}
	params["month"] = "changed after the call"
	es, err := s.AuditLog(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(es) != 1 {
		t.Fatalf("got %d entries, want 1", len(es))
	}
	if e := es[0]; e.At.Before(before) || e.At.After(time.Now()) || e.Params["month"] != "2026-11" {
		t.Fatalf("got %+v, want the time of the call and the params as given", e)
	}

	for _, bad := range []fieldbook.AuditEntry{
		{UserID: "u1"},
		{Action: "export.weekly.csv"},
		{UserID: "u1", Action: "x", At: time.Date(1960, 1, 1, 0, 0, 0, 0, time.UTC)},
	} {
		if err := s.Audit(ctx, bad); fieldbook.ErrorCode(err) != fieldbook.CodeInvalid {
			t.Errorf("Audit(%+v): got %v, want an invalid error", bad, err)
		}
	}
	if es, _ := s.AuditLog(ctx, 10); len(es) != 1 {
		t.Fatalf("got %d entries after the bad ones, want 1", len(es))
	}
}

func TestAuditLogOfAnEmptyStore(t *testing.T) {
	es, err := mustOpen(t).AuditLog(context.Background(), 10)
	if err != nil || es == nil || len(es) != 0 {
		t.Fatalf("got %v, %v; want an empty list", es, err)
	}
}

func TestAuditEntrySurvivesReopen(t *testing.T) {
	dir := t.TempDir()
	s := mustOpenDir(t, dir)
	at := time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)
	if err := s.Audit(context.Background(), fieldbook.AuditEntry{At: at, UserID: "u1", Username: "boss", Action: "export.weekly.xlsx"}); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = mustOpenDir(t, dir)
	defer s.Close()
	es, err := s.AuditLog(context.Background(), 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(es) != 1 || es[0].Action != "export.weekly.xlsx" || !es[0].At.Equal(at) {
		t.Fatalf("after reopening: got %+v", es)
	}
}
