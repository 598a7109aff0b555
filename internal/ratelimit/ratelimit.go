// Package ratelimit keeps one token bucket per key (an account, an IP) and
// answers RATE_LIMITED with the time to wait. Buckets live in the process:
// with several instances each enforces its own share, which is enough to
// stop a runaway client without a round trip to the database.
package ratelimit

import (
	"fmt"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"soudan/internal/apperr"
)

// Limiter is a set of token buckets of one rate, one bucket per key.
type Limiter struct {
	perMinute int
	burst     int
	now       func() time.Time

	mu      sync.Mutex
	buckets map[string]*bucket
	swept   time.Time
}

type bucket struct {
	lim  *rate.Limiter
	used time.Time
}

// New returns a limiter allowing perMinute events a minute per key, in
// bursts of up to burst.
func New(perMinute, burst int, now func() time.Time) *Limiter {
	if now == nil {
		now = time.Now
	}
	return &Limiter{perMinute: perMinute, burst: burst, now: now, buckets: map[string]*bucket{}}
}

// Allow takes a token from key's bucket, or returns RATE_LIMITED with
// RetryAfter set when the bucket is empty (taking nothing).
func (l *Limiter) Allow(key string) error {
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	l.sweep(now)
	b, ok := l.buckets[key]
	if !ok {
		b = &bucket{lim: rate.NewLimiter(rate.Limit(float64(l.perMinute)/60), l.burst)}
		l.buckets[key] = b
	}
	b.used = now
	r := b.lim.ReserveN(now, 1)
	if delay := r.DelayFrom(now); delay > 0 {
		r.CancelAt(now)
		e := apperr.New(apperr.RateLimited,
			fmt.Sprintf("操作が続いたため、少し待ってからもう一度お試しください（%d秒後から）。", int(delay.Seconds())+1),
			"too many requests; please wait and try again")
		e.RetryAfter = delay
		return e
	}
	return nil
}

// sweep forgets buckets idle for ten minutes (they are full again by then).
func (l *Limiter) sweep(now time.Time) {
	if now.Sub(l.swept) < time.Minute {
		return
	}
	l.swept = now
	for k, b := range l.buckets {
		if now.Sub(b.used) > 10*time.Minute {
			delete(l.buckets, k)
		}
	}
}

// Len is the number of buckets kept (for tests).
func (l *Limiter) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.buckets)
}
