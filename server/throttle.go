package server

import (
	"context"
	"strconv"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// loginThrottle slows and then refuses repeated failed logins, per
// username and per address. Many agents may share an office's address, so
// the address allows more failures than one username.
type loginThrottle struct {
	now func() time.Time
	// sleep waits out a delay unless ctx ends first.
	sleep func(ctx context.Context, d time.Duration) error
	mu    sync.Mutex
	fails map[string]*failures
}

type failures struct {
	n     int
	first time.Time
}

const (
	failWindow       = 15 * time.Minute
	userFailsToSlow  = 3
	userFailsToBlock = 10
	addrFailsToBlock = 100
)

func newLoginThrottle(now func() time.Time) *loginThrottle {
	return &loginThrottle{now: now, sleep: sleepCtx, fails: map[string]*failures{}}
}

// check returns how long to delay the attempt, or blocked with the time
// until it may be tried again.
func (t *loginThrottle) check(username, addr string) (delay time.Duration, blocked bool, retry time.Duration) {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	u, a := t.get("u:"+username, now), t.get("a:"+addr, now)
	switch {
	case u != nil && u.n >= userFailsToBlock:
		return 0, true, u.first.Add(failWindow).Sub(now)
	case a != nil && a.n >= addrFailsToBlock:
		return 0, true, a.first.Add(failWindow).Sub(now)
	case u != nil && u.n >= userFailsToSlow:
		return min(time.Duration(1<<(u.n-userFailsToSlow))*250*time.Millisecond, 4*time.Second), false, 0
	}
	return 0, false, 0
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
	for _, k := range []string{"u:" + username, "a:" + addr} {
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

func (t *loginThrottle) succeeded(username string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.fails, "u:"+username)
}

// sweep drops expired entries, so a flood of usernames cannot grow the map
// without bound.
func (t *loginThrottle) sweep(now time.Time) {
	for k := range t.fails {
		t.get(k, now)
	}
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
