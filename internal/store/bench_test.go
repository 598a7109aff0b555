package store_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"soudan/internal/apperr"
	"soudan/internal/mail"
	"soudan/internal/store"
	"soudan/internal/store/storetest"
)

// BenchmarkSessionAccount measures the lookup of a session with its
// account, behind every signed-in request, one at a time.
func BenchmarkSessionAccount(b *testing.B) {
	for _, d := range storetest.Dialects(b) {
		b.Run(string(d), func(b *testing.B) {
			ctx := context.Background()
			st := storetest.Open(b, d)
			o := seededOffice(b, st)
			a := createJobSeekers(b, st, o.ID, 1)[0]
			if err := st.AddToken(ctx, hashOf("live"), "session", a.ID, t0, t0.Add(time.Hour), mail.Outgoing{}); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if _, got, err := st.SessionAccount(ctx, hashOf("live"), t0.Add(time.Minute)); err != nil || got.ID != a.ID {
					b.Fatalf("SessionAccount = account %d, %v; want %d", got.ID, err, a.ID)
				}
			}
		})
	}
}

// BenchmarkFullSlotAnswers measures the answers to bookings of a full slot
// arriving from many job seekers at once, as in a rush for a day's slots:
// each is SLOT_FULL once its idempotency key and its job seeker's bookings
// are checked. It reports the queries per answer.
func BenchmarkFullSlotAnswers(b *testing.B) {
	for _, d := range storetest.Dialects(b) {
		b.Run(string(d), func(b *testing.B) {
			ctx := context.Background()
			st := storetest.Open(b, d)
			o := seededOffice(b, st)
			sb := newSlotBooker(b, st, o)
			full := time.Date(2026, time.April, 15, 10, 0, 0, 0, sb.loc)
			seekers := createJobSeekers(b, st, o.ID, 64)
			if _, _, err := sb.book(ctx, seekers[0], full, "holder"); err != nil {
				b.Fatalf("booking the seat: %v", err)
			}
			var queries, next atomic.Int64
			b.SetParallelism(16)
			b.ReportAllocs()
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				n := next.Add(1)
				a := seekers[1+n%int64(len(seekers)-1)]
				ctx := store.WithQueryCounter(ctx, &queries)
				for i := 0; pb.Next(); i++ {
					_, _, err := sb.book(ctx, a, full, fmt.Sprintf("late-%d-%d", n, i))
					if code := apperr.CodeOf(err); code != apperr.SlotFull {
						b.Errorf("a booking of the full slot got %v (%s), want %s", err, code, apperr.SlotFull)
						return
					}
				}
			})
			b.ReportMetric(float64(queries.Load())/float64(b.N), "queries/op")
		})
	}
}
