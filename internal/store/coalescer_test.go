package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"
)

// countingRun is a coalescer's run that holds the batch of item 0 until
// release is closed and records the batches.
type countingRun struct {
	release chan struct{}
	mu      sync.Mutex
	batches [][]int
}

func (c *countingRun) run(_ context.Context, items []int) []int {
	if items[0] == 0 {
		<-c.release
	}
	c.mu.Lock()
	c.batches = append(c.batches, items)
	c.mu.Unlock()
	out := make([]int, len(items))
	for i, it := range items {
		out[i] = it * 10
	}
	return out
}

func newTestCoalescer(c *countingRun) *coalescer[int, int] {
	return &coalescer[int, int]{runners: 1, maxBatch: 32, run: c.run, failed: func(error) int { return -1 }}
}

// While a batch runs, the calls that arrive wait and are then run
// together, by one of them, each getting its own result.
func TestCoalescerRunsThoseWhoWaitedTogether(t *testing.T) {
	c := &countingRun{release: make(chan struct{})}
	q := newTestCoalescer(c)
	const waiting = 5
	results := make([]int, waiting+1)
	var wg sync.WaitGroup
	wg.Go(func() { results[0] = q.do(t.Context(), 0) })
	waitFor(t, func() bool { q.mu.Lock(); defer q.mu.Unlock(); return q.running == 1 })
	for i := 1; i <= waiting; i++ {
		wg.Go(func() { results[i] = q.do(t.Context(), i) })
	}
	waitFor(t, func() bool { q.mu.Lock(); defer q.mu.Unlock(); return len(q.waiting) == waiting })
	close(c.release)
	wg.Wait()
	for i, r := range results {
		if r != i*10 {
			t.Errorf("call %d got %d, want its own result %d", i, r, i*10)
		}
	}
	if len(c.batches) != 2 || len(c.batches[1]) != waiting {
		t.Errorf("batches = %v, want [0] then the %d that waited together", c.batches, waiting)
	}
	if q.running != 0 || len(q.waiting) != 0 {
		t.Errorf("after all: %d running, %d waiting; want none", q.running, len(q.waiting))
	}
}

// A call whose context ends while it waits leaves the queue and is not
// run.
func TestCoalescerLetsAWaitingCallGo(t *testing.T) {
	c := &countingRun{release: make(chan struct{})}
	var failedWith error
	q := newTestCoalescer(c)
	q.failed = func(err error) int { failedWith = err; return -1 }
	var wg sync.WaitGroup
	wg.Go(func() { q.do(t.Context(), 0) })
	waitFor(t, func() bool { q.mu.Lock(); defer q.mu.Unlock(); return q.running == 1 })
	ctx, cancel := context.WithCancel(t.Context())
	got := make(chan int, 1)
	go func() { got <- q.do(ctx, 1) }()
	waitFor(t, func() bool { q.mu.Lock(); defer q.mu.Unlock(); return len(q.waiting) == 1 })
	cancel()
	if r := <-got; r != -1 || !errors.Is(failedWith, context.Canceled) {
		t.Errorf("cancelled call got %d (failure %v), want its context's error", r, failedWith)
	}
	close(c.release)
	wg.Wait()
	if len(c.batches) != 1 || c.batches[0][0] != 0 {
		t.Errorf("batches %v, want only the first call's", c.batches)
	}
}

// A batch that panics fails each of its calls, with the panic's value and
// where it happened, and frees its runner.
func TestCoalescerPanicFailsTheBatch(t *testing.T) {
	var failure error
	q := &coalescer[int, int]{runners: 1, maxBatch: 32,
		run:    func(context.Context, []int) []int { panic("broken") },
		failed: func(err error) int { failure = err; return -1 }}
	if r := q.do(t.Context(), 7); r != -1 {
		t.Errorf("call of a panicking batch got %d, want the failure", r)
	}
	if msg := fmt.Sprint(failure); !strings.Contains(msg, "broken") || !strings.Contains(msg, "TestCoalescerPanicFailsTheBatch") {
		t.Errorf("failure %q, want the panic's value and its stack", msg)
	}
	if q.running != 0 {
		t.Errorf("%d running after the panic, want 0", q.running)
	}
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !cond(); time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("condition not reached in 10s")
		}
	}
}
