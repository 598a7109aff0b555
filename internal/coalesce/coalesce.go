// Package coalesce lets a background loop (the mail worker, the queue
// events tailer) take a burst of wake-ups as one: it waits for the burst to
// pass, within a bound, and then does one pass for all of it.
package coalesce

import (
	"context"
	"time"
)

// Settle waits until no signal has come on wake for quiet, or until limit
// has passed since it was called, or ctx is done. The signals it receives
// are consumed.
func Settle(ctx context.Context, wake <-chan struct{}, quiet, limit time.Duration) {
	deadline := time.NewTimer(limit)
	defer deadline.Stop()
	idle := time.NewTimer(quiet)
	defer idle.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-deadline.C:
			return
		case <-idle.C:
			return
		case <-wake:
			idle.Reset(quiet)
		}
	}
}
