package probe

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// Shared runs a slow query that cannot be cancelled (WMI: the library
// serialises calls and a running one cannot be stopped) at most once, in its
// own goroutine with its own deadline, and hands the one result to every
// caller. A caller waits until the result is there, its own context ends,
// or the query's deadline passes; a query that overruns keeps running in
// the background but is never started twice.
type Shared[T any] struct {
	Query    func() (T, error)
	Deadline time.Duration

	once    sync.Once
	done    chan struct{}
	timeout chan struct{}
	val     T
	err     error
}

// Get returns the shared result.
func (s *Shared[T]) Get(ctx context.Context) (T, error) {
	s.once.Do(func() {
		s.done = make(chan struct{})
		s.timeout = make(chan struct{})
		time.AfterFunc(s.Deadline, func() { close(s.timeout) })
		go func() {
			defer close(s.done)
			defer func() {
				if p := recover(); p != nil {
					s.err = fmt.Errorf("probe: shared query: %v", p)
				}
			}()
			s.val, s.err = s.Query()
		}()
	})
	var zero T
	select {
	case <-s.done:
		return s.val, s.err
	default:
	}
	select {
	case <-s.done:
		return s.val, s.err
	case <-ctx.Done():
		return zero, ctx.Err()
	case <-s.timeout:
		return zero, fmt.Errorf("probe: shared query: %w", context.DeadlineExceeded)
	}
}
