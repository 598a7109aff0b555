package booking_test

import (
	"context"
	"maps"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"soudan/internal/booking"
	"soudan/internal/calendar"
	"soudan/internal/office"
	"soudan/internal/store"
	"soudan/internal/store/storetest"
)

// countingStore counts the calls the booking service makes to its Store.
type countingStore struct {
	booking.Store
	mu    sync.Mutex
	calls map[string]int
}

func (c *countingStore) count(name string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.calls == nil {
		c.calls = map[string]int{}
	}
	c.calls[name]++
}

// take returns the calls counted so far and starts again.
func (c *countingStore) take() map[string]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := c.calls
	c.calls = nil
	if out == nil {
		out = map[string]int{}
	}
	return out
}

func (c *countingStore) CreateReservation(ctx context.Context, n booking.NewReservation, compose booking.Compose) (booking.Reservation, bool, error) {
	c.count("CreateReservation")
	return c.Store.CreateReservation(ctx, n, compose)
}

func (c *countingStore) TakenSeats(ctx context.Context, officeID int64, from, to time.Time) (map[int64]int, error) {
	c.count("TakenSeats")
	return c.Store.TakenSeats(ctx, officeID, from, to)
}

func (c *countingStore) Reservation(ctx context.Context, id int64) (booking.Reservation, error) {
	c.count("Reservation")
	return c.Store.Reservation(ctx, id)
}

func (c *countingStore) ReservationsOf(ctx context.Context, jobSeekerID int64, after *booking.Cursor, limit int) ([]booking.Reservation, error) {
	c.count("ReservationsOf")
	return c.Store.ReservationsOf(ctx, jobSeekerID, after, limit)
}

func (c *countingStore) Reservations(ctx context.Context, f booking.Filter, after *booking.Cursor, limit int) ([]booking.Reservation, error) {
	c.count("Reservations")
	return c.Store.Reservations(ctx, f, after, limit)
}

func (c *countingStore) Cancel(ctx context.Context, id int64, version int, channel booking.Channel, reason string, by int64, at time.Time, compose booking.Compose) (booking.Reservation, error) {
	c.count("Cancel")
	return c.Store.Cancel(ctx, id, version, channel, reason, by, at, compose)
}

// countingOffices counts the calls the office service makes to its Store,
// into the same counter.
type countingOffices struct {
	office.Store
	c *countingStore
}

func (o countingOffices) OfficeByCode(ctx context.Context, code string) (office.Office, error) {
	o.c.count("OfficeByCode")
	return o.Store.OfficeByCode(ctx, code)
}

func (o countingOffices) CalendarInputs(ctx context.Context, officeID int64) ([]calendar.Holiday, []calendar.Override, error) {
	o.c.count("CalendarInputs")
	return o.Store.CalendarInputs(ctx, officeID)
}

func (o countingOffices) TermsVersions(ctx context.Context, officeID int64) ([]office.TermsVersion, error) {
	o.c.count("TermsVersions")
	return o.Store.TermsVersions(ctx, officeID)
}

// counted returns a copy of the env's booking service whose stores count
// their calls.
func (e *env) counted() (*booking.Service, *countingStore) {
	c := &countingStore{Store: e.Store}
	svc := &booking.Service{Store: c, Offices: &office.Service{Store: countingOffices{Store: e.Store, c: c}, OfficeCode: "45040", Now: e.Clock.Now},
		Accounts: e.svc.Accounts, Meetings: e.svc.Meetings, BoothStore: e.svc.BoothStore, Readiness: e.svc.Readiness,
		PublicURL: e.svc.PublicURL, Now: e.svc.Now, Log: e.svc.Log, NoShowThreshold: e.svc.NoShowThreshold, NoShowWindow: e.svc.NoShowWindow}
	return svc, c
}

// TestAvailableSlotsQueryCount checks that AvailableSlots reads the taken
// seats in one query, however many days and reservations it covers: a
// constant number of store calls (and so of SQL queries) per call.
func TestAvailableSlotsQueryCount(t *testing.T) {
	storetest.ForEachDialect(t, func(t *testing.T, d store.Dialect) {
		e := newEnv(t, d)
		svc, c := e.counted()
		// Exactly one TakenSeats and one read of the office's settings,
		// calendar and terms: nothing per day, slot or reservation.
		want := map[string]int{"OfficeByCode": 1, "CalendarInputs": 1, "TermsVersions": 1, "TakenSeats": 1}
		ranges := []struct {
			name     string
			from, to calendar.Date
			slots    int
		}{
			{name: "1 day", from: calendar.NewDate(2026, time.May, 7), to: calendar.NewDate(2026, time.May, 7), slots: 17},
			// 5/7, 5/8, 5/11 to 5/15, 5/16 is a Saturday.
			{name: "10 days", from: calendar.NewDate(2026, time.May, 7), to: calendar.NewDate(2026, time.May, 16), slots: 7 * 17},
			{name: "60 days", from: today, to: today.AddDays(59), slots: slotsIn60Days - 17}, // 6/26 is day 61
		}
		check := func(t *testing.T, booked int) {
			t.Helper()
			for _, r := range ranges {
				c.take()
				got, err := svc.AvailableSlots(e.ctx, r.from, r.to)
				if err != nil {
					t.Fatalf("AvailableSlots(%s) error: %v", r.name, err)
				}
				if len(got) != r.slots {
					t.Errorf("AvailableSlots(%s) with %d bookings = %d slots, want %d", r.name, booked, len(got), r.slots)
				}
				calls := c.take()
				if !maps.Equal(calls, want) {
					t.Errorf("AvailableSlots(%s) with %d bookings made store calls %v, want %v", r.name, booked, calls, want)
				}
			}
		}
		check(t, 0)
		js := e.seekers(t, 6)
		for i, s := range js {
			e.book(t, s, jst(2026, time.May, 7+i/3, 9+i, 30)) // 5/7 and 5/8
		}
		check(t, len(js))

		// A range with no bookable day does not query the seats at all.
		c.take()
		if _, err := svc.AvailableSlots(e.ctx, calendar.NewDate(2026, time.May, 2), calendar.NewDate(2026, time.May, 6)); err != nil {
			t.Fatalf("AvailableSlots(Golden Week) error: %v", err)
		}
		if calls := c.take(); calls["TakenSeats"] != 0 {
			t.Errorf("AvailableSlots(Golden Week) made store calls %v, want no TakenSeats", calls)
		}
	})
}

// benchEnv returns an env of that dialect with n reservations spread over
// the next 60 days.
func benchEnv(b *testing.B, d store.Dialect, n int) *env {
	b.Helper()
	e := newEnv(b, d)
	slots, err := e.svc.AvailableSlots(e.ctx, today, horizonDay)
	if err != nil || len(slots) < n {
		b.Fatalf("AvailableSlots = %d slots, %v", len(slots), err)
	}
	step := len(slots) / n
	for i, js := range e.seekers(b, n) {
		e.book(b, js, slots[i*step].StartsAt)
	}
	e.Mails(b)
	return e
}

// BenchmarkAvailableSlots60Days lists 60 days of slots with 100 existing
// reservations, per dialect (MySQL when SOUDAN_TEST_MYSQL is set).
func BenchmarkAvailableSlots60Days(b *testing.B) {
	for _, d := range storetest.Dialects(b) {
		e := benchEnv(b, d, 100)
		b.Run(string(d), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				slots, err := e.svc.AvailableSlots(e.ctx, today, horizonDay)
				if err != nil || len(slots) != slotsIn60Days {
					b.Fatalf("AvailableSlots = %d slots, %v; want %d", len(slots), err, slotsIn60Days)
				}
			}
		})
	}
}

// BenchmarkRequestReservation books a session (one transaction: reservation,
// seat, consent, idempotency key, mail), cancelling it outside the timer so
// that the next iteration can book again. Per dialect; MySQL is the one that
// matters.
func BenchmarkRequestReservation(b *testing.B) {
	for _, d := range storetest.Dialects(b) {
		e := newEnv(b, d)
		js := e.seeker(b)
		in := e.input(js, may7)
		b.Run(string(d), func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				r, err := e.svc.RequestReservation(js.ctx, in, "")
				if err != nil {
					b.Fatalf("RequestReservation error: %v", err)
				}
				b.StopTimer()
				if _, err := e.svc.Cancel(js.ctx, r.ID, "", nil); err != nil {
					b.Fatalf("Cancel error: %v", err)
				}
				b.StartTimer()
			}
		})
	}
}

// TestBookingStatementCount pins the round trips of one self-booking,
// from its bearer token to its commit, once the office and its rooms are
// cached: the session with the account (one query), the slot's seats, then
// in the transaction the reservation with its seat (and the reading of its
// id), and the other five rows (idempotency key, event, consent, mail and
// its My Page copy) in one batch. On MySQL the first of these also begins
// the transaction and the last commits it; SQLite, which has no round
// trips, runs nine statements (its BEGIN and COMMIT are not counted). Every round
// trip in the transaction is taken while the slot's seat is locked, so a
// new one should be a choice, not an accident.
func TestBookingStatementCount(t *testing.T) {
	storetest.ForEachDialect(t, func(t *testing.T, d store.Dialect) {
		e := newEnv(t, d)
		e.admin(t)
		js := e.seekers(t, 2)
		svc := &booking.Service{Store: e.Store, Accounts: e.svc.Accounts, PublicURL: e.svc.PublicURL, Now: e.svc.Now, Log: e.svc.Log,
			Offices: &office.Service{Store: e.Store, OfficeCode: "45040", Now: e.Clock.Now, CacheTTL: time.Hour}}
		if _, err := svc.RequestReservation(js[0].ctx, e.input(js[0], may7), ""); err != nil { // warms the caches
			t.Fatal(err)
		}
		session, err := e.Accounts.SignIn(e.ctx, js[1].acct.Email, goodPassword)
		if err != nil {
			t.Fatal(err)
		}
		e.Mails(t)
		notices := e.count(t, "SELECT COUNT(*) FROM notifications WHERE account_id = ?", js[1].acct.ID)
		var n atomic.Int64
		_, ctx, err := e.Accounts.AuthenticateRequest(store.WithQueryCounter(e.ctx, &n), session.Token)
		if err != nil {
			t.Fatal(err)
		}
		created, err := svc.RequestReservation(ctx, e.input(js[1], may7.Add(time.Hour)), "key-1")
		if err != nil {
			t.Fatal(err)
		}
		want := int64(4)
		if d == store.SQLite {
			want = 9
		}
		if got := n.Load(); got != want {
			t.Errorf("a booking made %d round trips, want %d", got, want)
		}
		// Every row was written.
		for _, table := range []string{"idempotency_keys", "events", "terms_consents", "slot_seats"} {
			if got := e.count(t, "SELECT COUNT(*) FROM "+table+" WHERE reservation_id = ?", created.ID); got != 1 {
				t.Errorf("%s has %d rows of the booking, want 1", table, got)
			}
		}
		if ms := e.Mails(t); len(ms) != 1 || ms[0].To != js[1].acct.Email {
			t.Errorf("queued mails = %+v, want the confirmation to %s", ms, js[1].acct.Email)
		}
		if got := e.count(t, "SELECT COUNT(*) FROM notifications WHERE account_id = ?", js[1].acct.ID); got != notices+1 {
			t.Errorf("My Page notices %d, want %d", got, notices+1)
		}
	})
}
