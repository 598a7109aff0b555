package events

import (
	"context"

	"soudan/internal/booking"
)

// Replay reads the stored events a subscriber missed: those that match,
// with after < seq <= upTo, in order.
type Replay func(ctx context.Context, after, upTo int64) ([]booking.Event, error)

// Stream returns the events match accepts: first, when after is set, the
// stored ones after it (through replay), then live ones, in seq order with
// none lost or repeated. The channel closes when ctx ends or when the
// subscriber falls behind (it then resubscribes with the last seq it got).
func (b *Broker) Stream(ctx context.Context, match func(booking.Event) bool, after *int64, replay Replay) (<-chan booking.Event, error) {
	sub, watermark := b.Subscribe(match)
	start := watermark
	var backlog []booking.Event
	if after != nil {
		if *after < watermark && replay != nil {
			evs, err := replay(ctx, *after, watermark)
			if err != nil {
				sub.Close()
				return nil, err
			}
			if backlog, err = b.withReservations(ctx, evs, nil); err != nil {
				sub.Close()
				return nil, err
			}
		}
		start = max(start, *after)
	}
	out := make(chan booking.Event, 16)
	go func() {
		defer close(out)
		defer sub.Close()
		send := func(ev booking.Event) bool {
			select {
			case out <- ev:
				return true
			case <-ctx.Done():
				return false
			}
		}
		for _, ev := range backlog {
			if !send(ev) {
				return
			}
		}
		for {
			select {
			case ev, ok := <-sub.C:
				if !ok {
					return
				}
				if ev.Seq > start && !send(*ev) {
					return
				}
			case <-ctx.Done():
				return
			}
		}
	}()
	return out, nil
}

// withReservations reads the reservations of the wanted events (all of
// them when wanted is nil) into them.
func (b *Broker) withReservations(ctx context.Context, evs []booking.Event, wanted []bool) ([]booking.Event, error) {
	var ids []int64
	for i, ev := range evs {
		if wanted == nil || wanted[i] {
			ids = append(ids, ev.ReservationID)
		}
	}
	if len(ids) == 0 {
		return evs, nil
	}
	res, err := b.Source.ReservationsByIDs(ctx, ids)
	if err != nil {
		return nil, err
	}
	for i := range evs {
		if r, ok := res[evs[i].ReservationID]; ok && (wanted == nil || wanted[i]) {
			evs[i].Reservation = &r
		}
	}
	return evs, nil
}
