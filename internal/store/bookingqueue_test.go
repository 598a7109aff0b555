package store

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"soudan/internal/booking"
)

func newQueued(ctx context.Context, id int64) *queuedBooking {
	return &queuedBooking{ctx: ctx, row: reservationRow{ID: id},
		turn: make(chan []*queuedBooking, 1), done: make(chan bookingResult, 1)}
}

// While a batch is written, the bookings that arrive wait and are then
// written together, by one of them, each getting its own result.
func TestBookingQueueWritesThoseWhoWaitedTogether(t *testing.T) {
	var q bookingQueue
	release := make(chan struct{})
	var mu sync.Mutex
	var batches [][]int64
	write := func(batch []*queuedBooking) []bookingResult {
		if batch[0].row.ID == 0 {
			<-release // the first batch holds the writer
		}
		mu.Lock()
		var ids []int64
		for _, b := range batch {
			ids = append(ids, b.row.ID)
		}
		batches = append(batches, ids)
		mu.Unlock()
		out := make([]bookingResult, len(batch))
		for i, b := range batch {
			out[i] = bookingResult{res: booking.Reservation{ID: b.row.ID}}
		}
		return out
	}
	const waiting = 5
	results := make([]bookingResult, waiting+1)
	var wg sync.WaitGroup
	wg.Go(func() { results[0] = q.submit(newQueued(t.Context(), 0), write) })
	waitFor(t, func() bool { q.mu.Lock(); defer q.mu.Unlock(); return q.writers == 1 })
	for i := 1; i <= waiting; i++ {
		wg.Go(func() { results[i] = q.submit(newQueued(t.Context(), int64(i)), write) })
	}
	waitFor(t, func() bool { q.mu.Lock(); defer q.mu.Unlock(); return len(q.waiting) == waiting })
	close(release)
	wg.Wait()
	for i, r := range results {
		if r.err != nil || r.res.ID != int64(i) {
			t.Errorf("booking %d got %+v, want its own reservation", i, r)
		}
	}
	if len(batches) != 2 || len(batches[1]) != waiting {
		t.Errorf("batches = %v, want [0] then the %d that waited together", batches, waiting)
	}
	if q.writers != 0 || len(q.waiting) != 0 {
		t.Errorf("queue after all: %d writers, %d waiting; want none", q.writers, len(q.waiting))
	}
}

// A booking whose request ends while it waits leaves the queue and is not
// written.
func TestBookingQueueLetsAWaitingRequestGo(t *testing.T) {
	var q bookingQueue
	release := make(chan struct{})
	var written []int64
	write := func(batch []*queuedBooking) []bookingResult {
		if batch[0].row.ID == 0 {
			<-release
		}
		for _, b := range batch {
			written = append(written, b.row.ID)
		}
		return make([]bookingResult, len(batch))
	}
	var wg sync.WaitGroup
	wg.Go(func() { q.submit(newQueued(t.Context(), 0), write) })
	waitFor(t, func() bool { q.mu.Lock(); defer q.mu.Unlock(); return q.writers == 1 })
	ctx, cancel := context.WithCancel(t.Context())
	got := make(chan bookingResult, 1)
	go func() { got <- q.submit(newQueued(ctx, 1), write) }()
	waitFor(t, func() bool { q.mu.Lock(); defer q.mu.Unlock(); return len(q.waiting) == 1 })
	cancel()
	if r := <-got; !errors.Is(r.err, context.Canceled) {
		t.Errorf("cancelled booking got %+v, want its context's error", r)
	}
	close(release)
	wg.Wait()
	if len(written) != 1 || written[0] != 0 {
		t.Errorf("written %v, want only the first booking", written)
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
