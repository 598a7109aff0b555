package graph

import (
	"context"
	"fmt"
	"sync"

	"soudan/internal/apperr"
)

// subscriptionSlots bounds the live subscriptions of one websocket.
type subscriptionSlots struct {
	mu   sync.Mutex
	used int
	max  int
}

type slotsKey struct{}

// WithSubscriptionLimit returns ctx (a websocket connection's) allowing at
// most max subscriptions at a time on it.
func WithSubscriptionLimit(ctx context.Context, max int) context.Context {
	return context.WithValue(ctx, slotsKey{}, &subscriptionSlots{max: max})
}

// acquireSubscription takes a slot of the connection, or refuses; release
// gives it back when the subscription ends.
func acquireSubscription(ctx context.Context) (release func(), err error) {
	s, ok := ctx.Value(slotsKey{}).(*subscriptionSlots)
	if !ok {
		return func() {}, nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.used >= s.max {
		return nil, apperr.New(apperr.RateLimited,
			fmt.Sprintf("1つの接続で同時に購読できるのは %d 件までです。", s.max),
			fmt.Sprintf("at most %d subscriptions per connection", s.max))
	}
	s.used++
	var once sync.Once
	return func() {
		once.Do(func() {
			s.mu.Lock()
			s.used--
			s.mu.Unlock()
		})
	}, nil
}
