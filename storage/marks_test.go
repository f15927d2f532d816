package storage

import (
	"context"
	"testing"
	"time"

	"fieldbook"
	"fieldbook/storage/kv"
)

// A rescore mark the store cannot follow (a week of year 9999 or 0000, or
// not a week at all, as a change before the date rule could leave) never
// keeps the store from opening, serving or closing: the repair runs in the
// background and logs what it cannot do (issue 15, item 1).
func TestMarksThatCannotBeFollowedNeverBlockOpenOrClose(t *testing.T) {
	dir := t.TempDir()
	s := openAt(t, dir)
	agent := mustUser(t, s, "li", fieldbook.RoleAgent, mustTeam(t, s, "一队").ID)
	err := s.db.Do(context.Background(), func(tx *kv.Tx) error {
		for _, week := range []string{"9999-12-27", "0000-01-03", "not-a-day", ""} {
			tx.Set([]byte("sd/"+agent.ID+"/"+week), []byte("1"))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	closes(t, s)
	for range 2 { // opened with the marks, and again after a first repair
		s = openAt(t, dir)
		if _, found, err := s.UserByUsername(context.Background(), "li"); err != nil || !found {
			t.Fatalf("the store serves no reads: found %v, %v", found, err)
		}
		closes(t, s)
	}
}

func openAt(t *testing.T, dir string) *Engine {
	t.Helper()
	opened := make(chan *Engine, 1)
	go func() {
		s, err := Open(context.Background(), Options{Dir: dir})
		if err != nil {
			t.Error(err)
		}
		opened <- s
	}()
	select {
	case s := <-opened:
		if s == nil {
			t.FailNow()
		}
		return s
	case <-time.After(time.Minute):
		t.Fatal("the store did not open within a minute")
		return nil
	}
}

func closes(t *testing.T, s *Engine) {
	t.Helper()
	closed := make(chan error, 1)
	go func() { closed <- s.Close() }()
	select {
	case err := <-closed:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(time.Minute):
		t.Fatal("the store did not close within a minute")
	}
}
