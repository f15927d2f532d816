package kv

// Targeted wake-ups: a commit wakes the watches of what it touched, and no
// other; the decision is made before the job that committed is answered.

import (
	"context"
	"testing"
)

func TestCommitsWakeOnlyTheWatchesOfWhatTheyTouched(t *testing.T) {
	db, err := Open(Options{InMemory: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	teamA, stopA := db.CommitsOf([][]byte{[]byte("f/t/a/"), []byte("u/sup-a")})
	defer stopA()
	teamB, stopB := db.CommitsOf([][]byte{[]byte("f/t/b/")})
	defer stopB()
	every, stopEvery := db.CommitsOf(nil)
	defer stopEvery()
	open := func(ch <-chan struct{}) bool {
		select {
		case <-ch:
			return false
		default:
			return true
		}
	}
	write := func(touch string) {
		t.Helper()
		err := db.Do(ctx, func(tx *Tx) error {
			tx.Set(SeqKey([]byte(touch), tx.NextSeq()), []byte("r/x"))
			tx.Touch([]byte(touch))
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	write("f/t/b")
	if !open(teamA) || open(teamB) || open(every) {
		t.Fatalf("after a commit to team b's feed: team a woken %v, team b %v, every %v; want b and every only", !open(teamA), !open(teamB), !open(every))
	}
	if err := db.Do(ctx, func(tx *Tx) error { tx.Touch([]byte("u/sup-a")); return nil }); err != nil {
		t.Fatal(err)
	}
	if open(teamA) {
		t.Fatal("a change of the user a watch names did not wake it")
	}
}
