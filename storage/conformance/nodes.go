// Several nodes over one place: an engine that several processes may open
// at once (PostgreSQL) keeps every behaviour of one engine when clients
// switch between the nodes at random on every request.

package conformance

import (
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"

	"fieldbook"
)

// twoNodes: two engines open on one place at once. Devices push
// concurrently, each request to either node; a supervisor pulls
// meanwhile from either node, and what it holds at the end is exactly
// what was pushed — no change skipped or twice — with a cursor that
// either node takes. A batch sent again to the other node is duplicate,
// never applied twice; a long-poll on one node wakes for a push on the
// other.
func twoNodes(t *testing.T, e *env) {
	if !e.h.Shared {
		t.Skip("the engine keeps one process per place")
	}
	w := e.world()
	second := e.openAt(e.place)
	t.Cleanup(func() {
		if err := second.Close(); err != nil {
			t.Errorf("close the second node: %v", err)
		}
	})
	nodes := []Engine{e.eng, second}
	sup := e.device(w.sup)
	sup.catchUp()

	// A long-poll on the second node wakes for a push on the first.
	wait := make(chan waitAnswer, 1)
	go func() {
		changed, err := second.WaitForChanges(e.ctx, w.sup.ID, sup.cursor)
		wait <- waitAnswer{changed, err}
	}()
	e.waitUntil("the second node's long-poll to wait", func() bool { return second.Waiters() == 1 })
	a := e.device(w.agent)
	a.on = nodes[0]
	a.apply(a.change(fieldbook.Activities, newID(), map[string]any{"kind": "call", "occurred_at": "2026-11-20T10:00:00+08:00"}))
	if got := within(t, wait, "the second node's long-poll"); !got.changed || got.err != nil {
		t.Fatalf("the long-poll on the second node after a push on the first: %v, %v", got.changed, got.err)
	}

	const devices, batches, perBatch = 4, 8, 10
	var wg sync.WaitGroup
	errs := make(chan error, devices)
	for i := range devices {
		d := e.device(w.agent2)
		if i%2 == 1 {
			d = e.device(w.agent)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(i), 7))
			for b := range batches {
				var changes []fieldbook.SentChange
				for range perBatch {
					changes = append(changes, d.change(fieldbook.Activities, newID(), map[string]any{"kind": "visit", "occurred_at": "2026-11-20T11:00:00+08:00"}))
				}
				d.on = nodes[rng.IntN(2)]
				ans, err := d.send(changes...)
				if err == nil && statuses(ans.Results)[0] != fieldbook.StatusApplied {
					err = fmt.Errorf("batch %d: %v", b, statuses(ans.Results))
				}
				if err == nil && b == 0 {
					// Sent again, to the other node: processed once.
					d.on = nodes[1-rng.IntN(2)]
					again, err2 := d.send(changes...)
					if err = err2; err == nil && statuses(again.Results)[0] != fieldbook.StatusDuplicate {
						err = fmt.Errorf("the first batch sent again: %v, want duplicate", statuses(again.Results))
					}
				}
				if err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	rng := rand.New(rand.NewPCG(99, 1))
	pulling := true
	for pulling {
		select {
		case <-done:
			pulling = false
		default:
		}
		sup.on = nodes[rng.IntN(2)]
		if _, err := sup.send(); err != nil {
			t.Fatalf("the supervisor's pull: %v", err)
		}
	}
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	for {
		sup.on = nodes[rng.IntN(2)]
		ans := sup.sync()
		if !ans.More {
			break
		}
	}
	if n, want := sup.count(fieldbook.Activities), 1+devices*batches*perBatch; n != want {
		t.Fatalf("the supervisor holds %d activities after pulling from both nodes, want %d", n, want)
	}
}
