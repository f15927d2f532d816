package crdt

import (
	"sync"
	"time"
)

// Clock is a hybrid logical clock for one node. It is safe for concurrent
// use. Its stamps increase strictly and exceed every stamp it has observed.
type Clock struct {
	node string
	now  func() time.Time

	mu      sync.Mutex
	wall    int64
	counter int
}

// NewClock returns a clock for node reading wall time from now (time.Now
// when nil).
func NewClock(node string, now func() time.Time) *Clock {
	if now == nil {
		now = time.Now
	}
	return &Clock{node: node, now: now}
}

// Now returns a new stamp greater than every stamp issued or observed.
func (c *Clock) Now() Stamp {
	c.mu.Lock()
	defer c.mu.Unlock()
	wall := c.now().UnixMilli()
	if wall > c.wall {
		c.wall, c.counter = wall, 0
	} else {
		c.tick()
	}
	return MakeStamp(c.wall, c.counter, c.node)
}

// Observe advances the clock past s, so that later stamps win over it.
func (c *Clock) Observe(s Stamp) {
	if len(s) <= prefixLen {
		return // the version of an empty record
	}
	wall, counter := s.Wall(), s.Counter()
	c.mu.Lock()
	defer c.mu.Unlock()
	if wall > c.wall || wall == c.wall && counter > c.counter {
		c.wall, c.counter = wall, counter
	}
}

// WallMillis returns the clock's physical time in milliseconds.
func (c *Clock) WallMillis() int64 { return c.now().UnixMilli() }

// tick moves one step past (wall, counter); the counter carries into the
// wall clock when it is full, which keeps the fixed-width format.
func (c *Clock) tick() {
	if c.counter < maxCounter {
		c.counter++
		return
	}
	c.wall++
	c.counter = 0
}
