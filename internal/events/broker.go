// Package events delivers the queue's events to subscribers. Every server
// instance runs a Broker that tails the events table (woken at once by its
// own commits, polling otherwise) and fans each event out to the matching
// subscribers, so that instances behind a load balancer need nothing but
// the shared database.
//
// Events are delivered in seq order. A transaction that took a seq but has
// not committed yet leaves a gap; the broker waits for the gap to fill, and
// gives up on it after GapTimeout (a rolled-back transaction never fills
// it). A slow subscriber never blocks the others: when its buffer is full it
// is dropped, and it resumes with afterSeq.
package events

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"soudan/internal/booking"
	"soudan/internal/coalesce"
)

// Source is where the broker reads events.
type Source interface {
	// EventsAfter returns up to limit events with seq > after, in order.
	EventsAfter(ctx context.Context, after int64, limit int) ([]booking.Event, error)
	// LastEventSeq returns the highest seq written so far.
	LastEventSeq(ctx context.Context) (int64, error)
	// ReservationsByIDs reads the reservations the events are about.
	ReservationsByIDs(ctx context.Context, ids []int64) (map[int64]booking.Reservation, error)
}

// Defaults of the Broker.
const (
	DefaultPollInterval = 100 * time.Millisecond
	// DefaultNotifySettle is how long the tailer waits after Notify for
	// the next one before it reads: a burst of bookings is read in a few
	// passes, not one (two queries) per booking.
	DefaultNotifySettle = 10 * time.Millisecond
	DefaultGapTimeout   = 2 * time.Second
	// DefaultBuffer is how many events a subscriber may fall behind before
	// it is dropped; batchSize keeps one tailer pass well below it.
	DefaultBuffer = 1024
	batchSize     = 256
)

// Broker tails the events table and fans events out.
type Broker struct {
	Source       Source
	Log          *slog.Logger
	PollInterval time.Duration
	GapTimeout   time.Duration
	// NotifySettle is DefaultNotifySettle when 0; the wait after Notify is
	// at most PollInterval in all.
	NotifySettle time.Duration

	mu        sync.Mutex
	delivered int64 // the watermark: every event up to it was delivered
	subs      map[*Subscription]struct{}
	started   bool
	wake      chan struct{}
	gapSince  time.Time
	lastRead  time.Time // the last pass that read the events table without error
	// reading is the last seq of the pass under way, whose reservations
	// are read only for the subscribers registered when it began; one
	// registered later starts after it (Subscribe).
	reading int64
}

// Subscription is one subscriber's stream of events.
type Subscription struct {
	// C receives the events, in order; they are shared with the other
	// subscribers and must not be modified. It is closed when the
	// subscription ends: Close was called, or the subscriber fell behind
	// (Dropped). Its buffer holds pointers, so that a thousand idle
	// subscriptions cost a few megabytes, not a hundred.
	C       <-chan *booking.Event
	c       chan *booking.Event
	match   func(booking.Event) bool
	broker  *Broker
	once    sync.Once
	dropped bool
}

// Start reads the current last seq, so that delivery starts from now, and
// must be called before Run and Subscribe.
func (b *Broker) Start(ctx context.Context) error {
	last, err := b.Source.LastEventSeq(ctx)
	if err != nil {
		return err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.delivered = last
	b.subs = map[*Subscription]struct{}{}
	b.wake = make(chan struct{}, 1)
	b.started = true
	return nil
}

// Notify wakes the tailer after a local commit that wrote events; it reads
// once the notifications have settled (NotifySettle).
func (b *Broker) Notify() {
	select {
	case b.wake <- struct{}{}:
	default:
	}
}

// Watermark is the seq up to which every event has been delivered.
func (b *Broker) Watermark() int64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.delivered
}

// Subscribe registers a subscriber for the events match accepts and returns
// it with the seq it starts after: the watermark, or the last event of the
// pass under way. Every event with a higher seq reaches the subscription
// with its reservation; the subscription may also receive the pass's
// events, without their reservations, and must skip them (Stream does).
func (b *Broker) Subscribe(match func(booking.Event) bool) (*Subscription, int64) {
	c := make(chan *booking.Event, DefaultBuffer)
	s := &Subscription{C: c, c: c, match: match, broker: b}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.subs[s] = struct{}{}
	return s, max(b.delivered, b.reading)
}

// Close ends the subscription.
func (s *Subscription) Close() {
	s.broker.mu.Lock()
	defer s.broker.mu.Unlock()
	s.closeLocked()
}

func (s *Subscription) closeLocked() {
	delete(s.broker.subs, s)
	s.once.Do(func() { close(s.c) })
}

// Dropped reports whether the subscription ended because it fell behind.
func (s *Subscription) Dropped() bool {
	s.broker.mu.Lock()
	defer s.broker.mu.Unlock()
	return s.dropped
}

// LastRead is when the tailer last read the events table without error
// (zero before the first pass).
func (b *Broker) LastRead() time.Time {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.lastRead
}

// Subscribers counts the live subscriptions.
func (b *Broker) Subscribers() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.subs)
}

// Run tails the events until ctx ends, then closes every subscription.
func (b *Broker) Run(ctx context.Context) {
	poll := b.PollInterval
	if poll == 0 {
		poll = DefaultPollInterval
	}
	settle := b.NotifySettle
	if settle == 0 {
		settle = DefaultNotifySettle
	}
	timer := time.NewTimer(poll)
	defer timer.Stop()
	for {
		more, err := b.pass(ctx)
		if err != nil && ctx.Err() == nil {
			b.log().Warn("reading queue events", "err", err)
		}
		wait := poll
		if more {
			wait = 0
		}
		timer.Reset(wait)
		select {
		case <-ctx.Done():
			b.mu.Lock()
			for s := range b.subs {
				s.closeLocked()
			}
			b.mu.Unlock()
			return
		case <-b.wake:
			coalesce.Settle(ctx, b.wake, settle, poll)
		case <-timer.C:
		}
	}
}

func (b *Broker) log() *slog.Logger {
	if b.Log == nil {
		return slog.Default()
	}
	return b.Log
}

// pass reads and delivers what is new; more reports that it should run
// again at once (a full batch, or a gap that may fill soon).
func (b *Broker) pass(ctx context.Context) (more bool, err error) {
	from := b.Watermark()
	evs, err := b.Source.EventsAfter(ctx, from, batchSize)
	if err == nil {
		b.mu.Lock()
		b.lastRead = time.Now()
		b.mu.Unlock()
	}
	if err != nil || len(evs) == 0 {
		return false, err
	}
	// Deliver the gap-free prefix, or skip a gap older than GapTimeout.
	n := 0
	next := from + 1
	for _, ev := range evs {
		if ev.Seq != next {
			if !b.gapExpired() {
				break
			}
			b.log().Warn("queue events: skipping a gap no transaction filled", "from", next, "to", ev.Seq-1)
		}
		b.gapSince = time.Time{}
		n++
		next = ev.Seq + 1
	}
	if n == 0 {
		return false, nil // waiting for the gap; polled again soon
	}
	evs = evs[:n]
	if evs, err = b.withReservations(ctx, evs, b.subscribed(evs)); err != nil {
		return false, err
	}
	b.deliver(evs)
	return n == batchSize, nil
}

// subscribed makes evs the pass under way and reports which of them a
// subscriber registered now accepts: only their reservations are read (an
// instance whose subscribers watch today does not read and decrypt every
// booking of next month). A subscriber registered later starts after evs.
func (b *Broker) subscribed(evs []booking.Event) []bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.reading = evs[len(evs)-1].Seq
	wanted := make([]bool, len(evs))
	for i, ev := range evs {
		for s := range b.subs {
			if s.match(ev) {
				wanted[i] = true
				break
			}
		}
	}
	return wanted
}

func (b *Broker) gapExpired() bool {
	timeout := b.GapTimeout
	if timeout == 0 {
		timeout = DefaultGapTimeout
	}
	if b.gapSince.IsZero() {
		b.gapSince = time.Now()
		return false
	}
	return time.Since(b.gapSince) >= timeout
}

func (b *Broker) deliver(evs []booking.Event) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for i := range evs {
		ev := &evs[i]
		for s := range b.subs {
			if !s.match(*ev) {
				continue
			}
			select {
			case s.c <- ev:
			default:
				// The subscriber fell behind: drop it rather than block.
				s.dropped = true
				s.closeLocked()
			}
		}
		b.delivered = ev.Seq
	}
}
