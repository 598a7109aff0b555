package store

import (
	"context"
	"sync/atomic"
)

// HoldSessionReads makes the session lookups that arrive wait, as they do
// while every reader is busy, until release is called; waiting reports how
// many wait. It lets a test gather lookups into one batch without racing
// the scheduler. release hands them to one reader, so it suits a test of
// at most maxSessionBatch lookups.
func (s *Store) HoldSessionReads() (waiting func() int, release func()) {
	return s.sessions.hold()
}

func (q *coalescer[T, R]) hold() (waiting func() int, release func()) {
	q.mu.Lock()
	held := q.runners - q.running
	q.running = q.runners
	q.mu.Unlock()
	waiting = func() int {
		q.mu.Lock()
		defer q.mu.Unlock()
		return len(q.waiting)
	}
	release = func() {
		q.mu.Lock()
		q.running -= held
		var next []*coalescedCall[T, R]
		if len(q.waiting) > 0 {
			q.running++
			next = q.takeLocked()
		}
		q.mu.Unlock()
		if next != nil {
			next[0].turn <- next
		}
	}
	return waiting, release
}

// HoldFullSlotChecks does for the checks of bookings found full what
// HoldSessionReads does for session lookups; queries reports how many
// queries the checks have made since.
func (s *Store) HoldFullSlotChecks() (waiting func() int, release func(), queries func() int) {
	var n atomic.Int64
	run := s.fullSlots.run
	s.fullSlots.run = func(ctx context.Context, checks []fullSlotCheck) []fullSlotFound {
		n.Add(1)
		return run(ctx, checks)
	}
	waiting, release = s.fullSlots.hold()
	return waiting, release, func() int { return int(n.Load()) }
}
