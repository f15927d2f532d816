package storage

import (
	"bytes"
	"context"
	"testing"

	"fieldbook"

	"fieldbook/sync/protocol"
)

func TestRestartKeepsRecordsAndCursors(t *testing.T) {
	dir := t.TempDir()
	s := mustOpenDir(t, dir)
	w := newWorld(t, s)
	d := newDevice(w.agent, "dev")
	first := newID()
	d.push(t, s, d.change(fieldbook.Prospects, first, map[string]any{"name": "一"}))
	page, err := s.Pull(context.Background(), w.agent.ID, "", 100)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	s = mustOpenDir(t, dir)
	defer s.Close()
	second := newID()
	if got := statuses(d.push(t, s, d.change(fieldbook.Prospects, second, map[string]any{"name": "二"}))); got[0] != "applied" {
		t.Fatalf("push after restart: %v", got)
	}
	next, err := s.Pull(context.Background(), w.agent.ID, page.Cursor, 100)
	if err != nil {
		t.Fatal(err)
	}
	if next.ResetReason != "" {
		t.Fatalf("a restart reset the cursor (%s)", next.ResetReason)
	}
	if len(next.Records) != 1 || next.Records[0].ID != second {
		t.Fatalf("after restart the cursor brought %d records, want only the new one", len(next.Records))
	}
}

func TestBackupRestoreResetsCursors(t *testing.T) {
	dir := t.TempDir()
	s := mustOpenDir(t, dir)
	w := newWorld(t, s)
	d := newDevice(w.agent, "dev")
	kept := newID()
	d.push(t, s, d.change(fieldbook.Prospects, kept, map[string]any{"name": "留"}))
	var backup bytes.Buffer
	if err := s.Backup(context.Background(), &backup); err != nil {
		t.Fatal(err)
	}
	d.push(t, s, d.change(fieldbook.Prospects, newID(), map[string]any{"name": "丢"}))
	page, err := s.Pull(context.Background(), w.agent.ID, "", 100)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()

	if err := Restore(context.Background(), dir, bytes.NewReader([]byte("not a backup"))); err == nil {
		t.Fatal("restoring garbage succeeded")
	}
	if err := Restore(context.Background(), dir, &backup); err != nil {
		t.Fatal(err)
	}
	s = mustOpenDir(t, dir)
	defer s.Close()
	next, err := s.Pull(context.Background(), w.agent.ID, page.Cursor, 100)
	if err != nil {
		t.Fatal(err)
	}
	if !(next.ResetReason != "") || next.ResetReason != fieldbook.ResetRestored {
		t.Fatalf("pull after restore: reset=%v reason=%q, want restored", (next.ResetReason != ""), next.ResetReason)
	}
	if n := countCollection(pullAll(t, s, w.agent), fieldbook.Prospects); n != 1 {
		t.Fatalf("restored store holds %d prospects, want 1", n)
	}
	// The device's seq 2 was lost with the restore: it is asked to resend.
	res, err := s.Push(context.Background(), w.agent.ID, d.id, []protocol.Prepared{d.change(fieldbook.Prospects, newID(), map[string]any{"name": "新"})})
	if gap, ok := err.(*fieldbook.SeqGapError); !ok || gap.LastSeq != 1 {
		t.Fatalf("push after restore = %v, %v; want a seq gap at 1", res, err)
	}
}
