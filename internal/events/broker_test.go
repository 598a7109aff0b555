package events_test

import (
	"context"
	"runtime"
	"sync"
	"testing"
	"time"

	"soudan/internal/booking"
	"soudan/internal/events"
)

// fakeSource is an in-memory events table; commit makes an event visible,
// so tests can commit out of seq order like concurrent transactions do.
type fakeSource struct {
	mu        sync.Mutex
	committed map[int64]booking.Event
	last      int64
	reads     int     // calls of EventsAfter
	asked     []int64 // the reservations ReservationsByIDs was asked for
	// hold, when set, makes ReservationsByIDs signal held and wait for it
	// to be closed.
	hold, held chan struct{}
}

func newSource() *fakeSource { return &fakeSource{committed: map[int64]booking.Event{}} }

func (f *fakeSource) commit(seqs ...int64) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, s := range seqs {
		f.committed[s] = booking.Event{Seq: s, OfficeID: 1, Type: booking.EventCreated, ReservationID: s, JobSeekerID: s % 3}
		f.last = max(f.last, s)
	}
}

func (f *fakeSource) EventsAfter(_ context.Context, after int64, limit int) ([]booking.Event, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.reads++
	var out []booking.Event
	for s := after + 1; s <= f.last && len(out) < limit; s++ {
		if ev, ok := f.committed[s]; ok {
			out = append(out, ev)
		}
	}
	return out, nil
}

// replay reads the committed events after after, up to upTo, as the
// resolvers' replay reads the events table.
func (f *fakeSource) replay(ctx context.Context, after, upTo int64) ([]booking.Event, error) {
	evs, err := f.EventsAfter(ctx, after, 100)
	var out []booking.Event
	for _, ev := range evs {
		if ev.Seq <= upTo {
			out = append(out, ev)
		}
	}
	return out, err
}

func (f *fakeSource) LastEventSeq(context.Context) (int64, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.last, nil
}

func (f *fakeSource) ReservationsByIDs(_ context.Context, ids []int64) (map[int64]booking.Reservation, error) {
	f.mu.Lock()
	f.asked = append(f.asked, ids...)
	hold, held := f.hold, f.held
	f.mu.Unlock()
	if hold != nil {
		held <- struct{}{}
		<-hold
	}
	out := map[int64]booking.Reservation{}
	for _, id := range ids {
		out[id] = booking.Reservation{ID: id}
	}
	return out, nil
}

func startBroker(t *testing.T, src *fakeSource, gap time.Duration) *events.Broker {
	t.Helper()
	b := &events.Broker{Source: src, PollInterval: 5 * time.Millisecond, GapTimeout: gap}
	if err := b.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { b.Run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	return b
}

func all(booking.Event) bool { return true }

func receive(t *testing.T, c <-chan booking.Event, n int) []int64 {
	t.Helper()
	var seqs []int64
	for len(seqs) < n {
		select {
		case ev, ok := <-c:
			if !ok {
				t.Fatalf("stream closed after %v", seqs)
			}
			if ev.Reservation == nil || ev.Reservation.ID != ev.ReservationID {
				t.Errorf("event %d came without its reservation", ev.Seq)
			}
			seqs = append(seqs, ev.Seq)
		case <-time.After(3 * time.Second):
			t.Fatalf("got %v, waiting for %d events", seqs, n)
		}
	}
	return seqs
}

func TestEventsArriveInSeqOrderAcrossAGap(t *testing.T) {
	src := newSource()
	b := startBroker(t, src, time.Hour)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	c, err := b.Stream(ctx, all, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	// Seq 2 commits before seq 1: nothing may pass 1 until it commits.
	src.commit(2, 3)
	b.Notify()
	select {
	case ev := <-c:
		t.Fatalf("event %d delivered before seq 1 committed", ev.Seq)
	case <-time.After(100 * time.Millisecond):
	}
	src.commit(1)
	b.Notify()
	if got := receive(t, c, 3); got[0] != 1 || got[1] != 2 || got[2] != 3 {
		t.Errorf("order = %v, want [1 2 3]", got)
	}
	if w := b.Watermark(); w != 3 {
		t.Errorf("watermark = %d, want 3", w)
	}
}

func TestRolledBackGapIsSkippedAfterTimeout(t *testing.T) {
	src := newSource()
	b := startBroker(t, src, 50*time.Millisecond)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	c, _ := b.Stream(ctx, all, nil, nil)
	src.commit(2) // seq 1 was rolled back and never commits
	if got := receive(t, c, 1); got[0] != 2 {
		t.Errorf("got %v, want [2] once the gap timed out", got)
	}
}

func TestResumeReplaysExactlyWhatWasMissed(t *testing.T) {
	src := newSource()
	b := startBroker(t, src, time.Hour)
	src.commit(1, 2, 3, 4)
	b.Notify()
	for b.Watermark() < 4 {
		time.Sleep(time.Millisecond)
	}

	after := int64(2)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	c, err := b.Stream(ctx, all, &after, src.replay)
	if err != nil {
		t.Fatal(err)
	}
	src.commit(5)
	b.Notify()
	if got := receive(t, c, 3); got[0] != 3 || got[1] != 4 || got[2] != 5 {
		t.Errorf("resumed after 2: %v, want [3 4 5]", got)
	}
	select {
	case ev := <-c:
		t.Errorf("extra event %d", ev.Seq)
	case <-time.After(50 * time.Millisecond):
	}
}

// A burst of local commits (a burst of bookings) is read in a few passes,
// not one per Notify.
func TestNotifyBurstIsReadInFewPasses(t *testing.T) {
	src := newSource()
	b := &events.Broker{Source: src, PollInterval: time.Second, NotifySettle: 20 * time.Millisecond}
	if err := b.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { b.Run(ctx); close(done) }()
	defer func() { cancel(); <-done }()
	c, err := b.Stream(ctx, all, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(20 * time.Millisecond) // the first pass
	src.mu.Lock()
	before := src.reads
	src.mu.Unlock()
	for seq := int64(1); seq <= 50; seq++ {
		src.commit(seq)
		b.Notify()
		time.Sleep(time.Millisecond)
	}
	if got := receive(t, c, 50); len(got) != 50 || got[49] != 50 {
		t.Fatalf("received %v, want 1..50", got)
	}
	src.mu.Lock()
	reads := src.reads - before
	src.mu.Unlock()
	if reads > 3 {
		t.Errorf("%d reads for a burst of 50 notifications, want at most 3", reads)
	}
}

func TestFilterSelectsEvents(t *testing.T) {
	src := newSource()
	b := startBroker(t, src, time.Hour)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	c, _ := b.Stream(ctx, func(ev booking.Event) bool { return ev.JobSeekerID == 1 }, nil, nil)
	src.commit(1, 2, 3, 4)
	b.Notify()
	if got := receive(t, c, 2); got[0] != 1 || got[1] != 4 {
		t.Errorf("events of job seeker 1 = %v, want [1 4]", got)
	}
}

// A subscriber that stops reading is dropped; the others keep receiving
// and the publisher never blocks.
func TestSlowSubscriberIsDroppedWithoutBlockingOthers(t *testing.T) {
	src := newSource()
	b := startBroker(t, src, time.Hour)
	slow, _ := b.Subscribe(all)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	fast, _ := b.Stream(ctx, all, nil, nil)
	total := 0
	for seq := int64(1); total < events.DefaultBuffer+100; {
		for range 100 {
			src.commit(seq)
			seq++
		}
		b.Notify()
		got := receive(t, fast, 100)
		if got[99] != seq-1 {
			t.Fatalf("the fast subscriber got up to %d, want %d", got[99], seq-1)
		}
		total += 100
	}
	if !slow.Dropped() {
		t.Errorf("the slow subscriber, %d events behind, was not dropped", total)
	}
	n := 0
	for range slow.C {
		n++
	}
	if n != events.DefaultBuffer {
		t.Errorf("the slow subscriber kept %d buffered events, want %d", n, events.DefaultBuffer)
	}
}

func TestSubscriptionsLeaveNoGoroutines(t *testing.T) {
	src := newSource()
	b := startBroker(t, src, time.Hour)
	base := runtime.NumGoroutine()
	for range 200 {
		ctx, cancel := context.WithCancel(context.Background())
		c, err := b.Stream(ctx, all, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		cancel()
		for range c {
		}
	}
	deadline := time.Now().Add(2 * time.Second)
	for runtime.NumGoroutine() > base && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > base {
		t.Errorf("goroutines: %d after 200 subscribe/unsubscribe cycles, baseline %d", n, base)
	}
	if n := b.Subscribers(); n != 0 {
		t.Errorf("%d subscriptions still registered", n)
	}
}

// The tailer reads the reservations of the events some subscriber wants,
// and none when nobody subscribes.
func TestOnlyWantedReservationsAreRead(t *testing.T) {
	src := newSource()
	b := startBroker(t, src, time.Hour)
	src.commit(1, 2, 3)
	b.Notify()
	for b.Watermark() < 3 {
		time.Sleep(time.Millisecond)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	c, err := b.Stream(ctx, func(ev booking.Event) bool { return ev.JobSeekerID == 1 }, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	src.commit(4, 5, 6, 7)
	b.Notify()
	if got := receive(t, c, 2); got[0] != 4 || got[1] != 7 {
		t.Errorf("events of job seeker 1 = %v, want [4 7]", got)
	}
	for b.Watermark() < 7 {
		time.Sleep(time.Millisecond)
	}
	src.mu.Lock()
	asked := append([]int64(nil), src.asked...)
	src.mu.Unlock()
	if len(asked) != 2 || asked[0] != 4 || asked[1] != 7 {
		t.Errorf("reservations read: %v, want [4 7]", asked)
	}
}

// A subscriber that arrives while a pass reads its reservations for the
// subscribers before it starts after that pass: it never receives one of
// its events without the reservation, and with afterSeq it gets them from
// the replay, with their reservations.
func TestSubscriberArrivingDuringAPassStartsAfterIt(t *testing.T) {
	src := newSource()
	hold := make(chan struct{})
	src.hold, src.held = hold, make(chan struct{}, 1)
	b := startBroker(t, src, time.Hour)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	first, err := b.Stream(ctx, func(ev booking.Event) bool { return ev.JobSeekerID == 0 }, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	src.commit(1, 2, 3)
	b.Notify()
	<-src.held // the pass over 1..3 is reading reservation 3 for the first subscriber

	src.mu.Lock()
	src.hold = nil // the replay's reservations and later passes are not held
	src.mu.Unlock()
	live, err := b.Stream(ctx, all, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	zero := int64(0)
	resumed, err := b.Stream(ctx, all, &zero, src.replay)
	if err != nil {
		t.Fatal(err)
	}
	close(hold) // the held pass goes on
	if got := receive(t, first, 1); got[0] != 3 {
		t.Errorf("first subscriber: %v, want [3]", got)
	}
	src.commit(4)
	b.Notify()
	if got := receive(t, live, 1); got[0] != 4 {
		t.Errorf("subscriber arriving during the pass: %v, want [4]", got)
	}
	if got := receive(t, resumed, 4); got[0] != 1 || got[3] != 4 {
		t.Errorf("subscriber resuming from 0 during the pass: %v, want [1 2 3 4]", got)
	}
}
