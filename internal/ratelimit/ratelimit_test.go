package ratelimit_test

import (
	"testing"
	"time"

	"soudan/internal/apperr"
	"soudan/internal/ratelimit"
	"soudan/internal/testclock"
)

func TestLimiter(t *testing.T) {
	c := testclock.New(time.Date(2026, 5, 7, 10, 0, 0, 0, time.UTC))
	l := ratelimit.New(30, 5, c.Now)
	for i := range 5 {
		if err := l.Allow("acct:1"); err != nil {
			t.Fatalf("request %d of the burst: %v", i+1, err)
		}
	}
	err := l.Allow("acct:1")
	ae, ok := apperr.As(err)
	if !ok || ae.Code != apperr.RateLimited || ae.RetryAfter <= 0 || ae.RetryAfter > 2*time.Second {
		t.Fatalf("sixth request = %v, want RATE_LIMITED with a RetryAfter of about 2 s", err)
	}
	if err := l.Allow("acct:2"); err != nil {
		t.Errorf("another key is limited too: %v", err)
	}
	// A refused request takes nothing: after RetryAfter one more is allowed.
	c.Advance(ae.RetryAfter)
	if err := l.Allow("acct:1"); err != nil {
		t.Errorf("after waiting RetryAfter: %v", err)
	}
	if err := l.Allow("acct:1"); err == nil {
		t.Errorf("a second request right after: allowed, want RATE_LIMITED")
	}
	// Idle buckets are forgotten.
	c.Advance(11 * time.Minute)
	_ = l.Allow("acct:3")
	if n := l.Len(); n != 1 {
		t.Errorf("buckets after 11 idle minutes = %d, want 1", n)
	}
}
