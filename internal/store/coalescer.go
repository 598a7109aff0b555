package store

import (
	"context"
	"fmt"
	"runtime/debug"
	"slices"
	"sync"
)

// coalescer runs the calls that arrive while others are running as one:
// each call waits for a free runner, and the calls waiting when one frees
// up are run together, in one batch. A call that comes when a runner is
// free runs at once, alone: nothing waits for a batch to fill.
//
// The runner of a batch is the goroutine of its first call. When it is
// done, it hands the next batch to the first call waiting, or frees its
// place, so no goroutine runs while nobody calls.
type coalescer[T, R any] struct {
	runners  int // batches run at once
	maxBatch int // calls in one batch
	// run runs a batch, with the context of its first call, and returns a
	// result for each call.
	run func(ctx context.Context, items []T) []R
	// failed is the result of a call whose context ended while it waited,
	// or of the calls of a batch whose run panicked.
	failed func(err error) R

	mu      sync.Mutex
	waiting []*coalescedCall[T, R]
	running int // at most runners; waiting is empty while it is less
}

type coalescedCall[T, R any] struct {
	ctx  context.Context
	item T
	turn chan []*coalescedCall[T, R] // the batch this call runs
	done chan R
}

// do runs item, in a batch of its own or with others, and returns its
// result.
func (q *coalescer[T, R]) do(ctx context.Context, item T) R {
	c := &coalescedCall[T, R]{ctx: ctx, item: item, turn: make(chan []*coalescedCall[T, R], 1), done: make(chan R, 1)}
	q.mu.Lock()
	q.waiting = append(q.waiting, c)
	var batch []*coalescedCall[T, R]
	if q.running < q.runners {
		q.running++
		batch = q.takeLocked() // just c: nobody waits while a place is free
	}
	q.mu.Unlock()
	if batch == nil {
		select {
		case r := <-c.done:
			return r
		case batch = <-c.turn:
		case <-ctx.Done():
			if q.leave(c) {
				return q.failed(classify(ctx.Err()))
			}
			// Taken into a batch already: its result, or its turn, comes.
			select {
			case r := <-c.done:
				return r
			case batch = <-c.turn:
			}
		}
	}
	for i, r := range q.runSafely(batch) {
		batch[i].done <- r
	}
	q.mu.Lock()
	if len(q.waiting) == 0 {
		q.running--
		q.mu.Unlock()
	} else {
		next := q.takeLocked()
		q.mu.Unlock()
		next[0].turn <- next
	}
	return <-c.done
}

// runSafely runs a batch; a panic becomes every call's failure, so that
// none of them waits forever.
func (q *coalescer[T, R]) runSafely(batch []*coalescedCall[T, R]) (results []R) {
	defer func() {
		if p := recover(); p != nil {
			// The callers wrap and log the error; the stack says where.
			err := fmt.Errorf("a batch panicked: %v\n%s", p, debug.Stack())
			results = make([]R, len(batch))
			for i := range results {
				results[i] = q.failed(err)
			}
		}
	}()
	items := make([]T, len(batch))
	for i, c := range batch {
		items[i] = c.item
	}
	return q.run(batch[0].ctx, items)
}

// leave takes c out of the queue, and reports whether it was still there.
func (q *coalescer[T, R]) leave(c *coalescedCall[T, R]) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	i := slices.Index(q.waiting, c)
	if i >= 0 {
		q.waiting = slices.Delete(q.waiting, i, i+1)
	}
	return i >= 0
}

func (q *coalescer[T, R]) takeLocked() []*coalescedCall[T, R] {
	n := min(len(q.waiting), q.maxBatch)
	batch := slices.Clone(q.waiting[:n])
	q.waiting = slices.Delete(q.waiting, 0, n)
	return batch
}
