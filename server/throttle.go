package server

import (
	"context"
	"strconv"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// loginThrottle slows and then refuses repeated failed sign-ins. It counts
// failures per username and address pair, so that a stranger guessing an
// agent's password from elsewhere cannot lock the agent out: the pair is
// slowed from its 3rd failure and refused from its 10th. A looser cap per
// username bounds guessing from many addresses: past it, every address
// that has failed for the username is refused, while one that has not can
// still sign in. An address that fails for very many usernames is refused
// too (many agents may share an office's address, so that cap is high).
type loginThrottle struct {
	now func() time.Time
	// sleep waits out a delay unless ctx ends first.
	sleep func(ctx context.Context, d time.Duration) error
	mu    sync.Mutex
	fails map[string]*failures
}

type failures struct {
	n int
	// pending counts the pair's attempts being checked now: they count
	// as failures until they end, so that guesses sent at once cannot
	// all pass the check before any of them has failed.
	pending int
	first   time.Time
}

const (
	failWindow       = 15 * time.Minute
	pairFailsToSlow  = 3
	pairFailsToBlock = 10
	userFailsToBlock = 100
	addrFailsToBlock = 100
)

func newLoginThrottle(now func() time.Time) *loginThrottle {
	return &loginThrottle{now: now, sleep: sleepCtx, fails: map[string]*failures{}}
}

func pairKey(username, addr string) string { return "p:" + username + "\x00" + addr }

// begin checks an attempt and counts it as pending: it returns how long to
// delay the attempt, or blocked with the time until it may be tried again.
// An attempt that is not blocked ends with failed, succeeded or abandoned.
func (t *loginThrottle) begin(username, addr string) (delay time.Duration, blocked bool, retry time.Duration) {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	pk := pairKey(username, addr)
	p, u, a := t.get(pk, now), t.get("u:"+username, now), t.get("a:"+addr, now)
	tries := 0 // the pair's failures, with the attempts still pending
	if p != nil {
		tries = p.n + p.pending
	}
	switch {
	case tries >= pairFailsToBlock:
		return 0, true, p.first.Add(failWindow).Sub(now)
	case p != nil && u != nil && u.n >= userFailsToBlock:
		return 0, true, u.first.Add(failWindow).Sub(now)
	case a != nil && a.n >= addrFailsToBlock:
		return 0, true, a.first.Add(failWindow).Sub(now)
	}
	if p == nil {
		p = &failures{first: now}
		t.fails[pk] = p
	}
	p.pending++
	if tries >= pairFailsToSlow {
		delay = min(time.Duration(1<<(tries-pairFailsToSlow))*250*time.Millisecond, 4*time.Second)
	}
	return delay, false, 0
}

// end takes an attempt of the pair off the pending ones.
func (t *loginThrottle) end(username, addr string, now time.Time) {
	if p := t.get(pairKey(username, addr), now); p != nil && p.pending > 0 {
		p.pending--
	}
}

// abandoned ends an attempt that was neither right nor wrong (the store
// failed, the client went away).
func (t *loginThrottle) abandoned(username, addr string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.end(username, addr, t.now())
}

func (t *loginThrottle) get(k string, now time.Time) *failures {
	f := t.fails[k]
	if f != nil && now.Sub(f.first) > failWindow {
		delete(t.fails, k)
		return nil
	}
	return f
}

func (t *loginThrottle) failed(username, addr string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	t.end(username, addr, now)
	for _, k := range []string{pairKey(username, addr), "u:" + username, "a:" + addr} {
		if f := t.get(k, now); f != nil {
			f.n++
		} else {
			t.fails[k] = &failures{n: 1, first: now}
		}
	}
	if len(t.fails) > 100_000 {
		t.sweep(now)
	}
}

// succeeded forgets the pair's failures: the person at that address knows
// the password.
func (t *loginThrottle) succeeded(username, addr string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.fails, pairKey(username, addr))
}

// sweep drops expired entries, so a flood of usernames cannot grow the map
// without bound.
func (t *loginThrottle) sweep(now time.Time) {
	for k := range t.fails {
		t.get(k, now)
	}
}

// minutes says a wait in whole minutes, rounded up: people read "15
// minutes", not "875 seconds".
func minutes(d time.Duration) string {
	n := max(1, int((d+time.Minute-1)/time.Minute))
	if n == 1 {
		return "1 minute"
	}
	return strconv.Itoa(n) + " minutes"
}

// rateLimiter limits requests per user with a token bucket each.
type rateLimiter struct {
	limit rate.Limit
	burst int
	now   func() time.Time
	mu    sync.Mutex
	users map[string]*rate.Limiter
}

func newRateLimiter(perSecond float64, now func() time.Time) *rateLimiter {
	return &rateLimiter{limit: rate.Limit(perSecond), burst: max(1, int(perSecond*10)), now: now, users: map[string]*rate.Limiter{}}
}

// allow reports whether user may make a request now.
func (r *rateLimiter) allow(user string) bool {
	if r.limit <= 0 {
		return true
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	l := r.users[user]
	if l == nil {
		l = rate.NewLimiter(r.limit, r.burst)
		r.users[user] = l
	}
	return l.AllowN(r.now(), 1)
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func retryAfter(d time.Duration) string {
	return strconv.Itoa(max(1, int(d.Seconds()+0.999)))
}
