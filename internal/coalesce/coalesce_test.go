package coalesce_test

import (
	"context"
	"testing"
	"time"

	"soudan/internal/coalesce"
)

func TestSettleReturnsOnceQuiet(t *testing.T) {
	wake := make(chan struct{}, 1)
	start := time.Now()
	coalesce.Settle(context.Background(), wake, 20*time.Millisecond, time.Hour)
	if d := time.Since(start); d < 20*time.Millisecond || d > 10*time.Second {
		t.Errorf("Settle with no wake took %v, want about the quiet period", d)
	}
}

func TestSettleWaitsForTheBurstWithinTheLimit(t *testing.T) {
	wake := make(chan struct{}, 1)
	stop := make(chan struct{})
	defer close(stop)
	go func() { // a wake every millisecond, for longer than the limit
		for {
			select {
			case <-stop:
				return
			case wake <- struct{}{}:
			case <-time.After(time.Millisecond):
			}
		}
	}()
	start := time.Now()
	coalesce.Settle(context.Background(), wake, 50*time.Millisecond, 300*time.Millisecond)
	if d := time.Since(start); d < 300*time.Millisecond {
		t.Errorf("Settle returned after %v during a burst, want the limit (300ms)", d)
	}
}

func TestSettleEndsWithItsContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	done := make(chan struct{})
	go func() {
		coalesce.Settle(ctx, make(chan struct{}), time.Hour, time.Hour)
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Settle did not return after its context ended")
	}
}
