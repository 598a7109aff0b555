package booking_test

import (
	"context"
	"fmt"
	"regexp"
	"sync/atomic"
	"testing"
	"time"

	"soudan/internal/booking"
	"soudan/internal/office"
	"soudan/internal/store"
	"soudan/internal/store/storetest"
)

// cachedService is e's booking service with the office cached, so that a
// booking makes no round trip but its own.
func (e *env) cachedService() *booking.Service {
	return &booking.Service{Store: e.Store, Accounts: e.svc.Accounts, PublicURL: e.svc.PublicURL, Now: e.svc.Now, Log: e.svc.Log,
		Offices: &office.Service{Store: e.Store, OfficeCode: "45040", Now: e.Clock.Now, CacheTTL: time.Hour}}
}

// On MySQL, bookings that arrive together are written together: they
// share their round trips, and each still gets its own rows.
func TestBookingsArrivingTogetherShareTheirRoundTrips(t *testing.T) {
	storetest.RequireMySQL(t)
	const seekers, slots = 30, 3
	e := newEnv(t, store.MySQL)
	e.setCapacity(t, seekers/slots)
	svc := e.cachedService()
	js := e.seekers(t, seekers+1)
	warm := js[seekers] // books first, which warms the office's cache
	if _, err := svc.RequestReservation(warm.ctx, e.input(warm, may7.Add(2*time.Hour)), ""); err != nil {
		t.Fatal(err)
	}
	e.Mails(t)
	counters := make([]atomic.Int64, seekers)
	slotOf := func(i int) time.Time { return may7.Add(time.Duration(i%slots) * 30 * time.Minute) }
	outs := race(seekers, func(i int) (booking.Reservation, error) {
		ctx := store.WithQueryCounter(js[i].ctx, &counters[i])
		return svc.RequestReservation(ctx, e.input(js[i], slotOf(i)), fmt.Sprintf("together-%d", i))
	})
	var roundTrips int64
	for i := range counters {
		roundTrips += counters[i].Load()
	}
	// Alone, a booking makes three (the seats, the reservation with its
	// seat, the rest with the commit).
	if roundTrips >= 2*seekers {
		t.Errorf("%d bookings at once made %d round trips, want fewer than %d", seekers, roundTrips, 2*seekers)
	}
	mails := map[string]string{} // recipient: body
	for _, m := range e.Mails(t) {
		mails[m.To] = m.Body
	}
	for i, o := range outs {
		if o.err != nil {
			t.Errorf("booking %d: %v", i, o.err)
			continue
		}
		r := o.r
		if r.JobSeekerID != js[i].acct.ID || !r.StartsAt.Equal(slotOf(i)) || r.Seat < 1 || r.Seat > seekers/slots {
			t.Errorf("booking %d = job seeker %d at %v seat %d, want job seeker %d at %v", i, r.JobSeekerID, r.StartsAt, r.Seat,
				js[i].acct.ID, slotOf(i))
		}
		if body := mails[js[i].acct.Email]; !linksTo(body, r.ID) {
			t.Errorf("booking %d (reservation %d): its mail does not link to it:\n%s", i, r.ID, body)
		}
		e.wantRowsOf(t, r, fmt.Sprintf("together-%d", i))
	}
	if n := e.count(t, "SELECT COUNT(*) FROM reservations"); n != seekers+1 {
		t.Errorf("reservations = %d, want %d", n, seekers+1)
	}
}

// linksTo reports whether a mail body links to reservation id.
func linksTo(body string, id int64) bool {
	return regexp.MustCompile(fmt.Sprintf(`/reservations/%d(\D|$)`, id)).MatchString(body)
}

// wantRowsOf checks that r's seat, idempotency key, event and consent are
// r's own.
func (e *env) wantRowsOf(t *testing.T, r booking.Reservation, key string) {
	t.Helper()
	checks := []struct {
		what  string
		query string
		args  []any
	}{
		{"seat", "SELECT COUNT(*) FROM slot_seats WHERE reservation_id = ? AND starts_at = ? AND seat = ?",
			[]any{r.ID, r.StartsAt.UTC(), r.Seat}},
		{"idempotency key", "SELECT COUNT(*) FROM idempotency_keys WHERE reservation_id = ? AND account_id = ? AND idem_key = ?",
			[]any{r.ID, r.JobSeekerID, key}},
		{"event", "SELECT COUNT(*) FROM events WHERE reservation_id = ? AND job_seeker_id = ? AND type = 'CREATED'",
			[]any{r.ID, r.JobSeekerID}},
		{"consent", "SELECT COUNT(*) FROM terms_consents WHERE reservation_id = ? AND account_id = ?",
			[]any{r.ID, r.JobSeekerID}},
	}
	for _, c := range checks {
		if c.what == "idempotency key" && key == "" {
			continue
		}
		if n := e.count(t, c.query, c.args...); n != 1 {
			t.Errorf("reservation %d: %d rows of its %s, want 1", r.ID, n, c.what)
		}
	}
}

// A seat that another process takes between the reading of the seats and
// the insert (the insert waits for that process's transaction) is left to
// it: the booking gets the next seat, and the reservation written with the
// lost seat leaves nothing behind.
func TestBookingLosingItsSeatToAnotherProcess(t *testing.T) {
	storetest.RequireMySQL(t)
	e := newEnv(t, store.MySQL)
	e.setCapacity(t, 3)
	js := e.seekers(t, 2)
	slot, other := may7, may7.Add(time.Hour)
	held := e.book(t, js[0], other)
	e.Mails(t)

	// Another process moves its seat to seat 1 of slot, and has not
	// committed yet: the booking reads seat 1 free, then waits for it.
	ctx := context.Background()
	tx, err := e.Store.DB().BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = tx.Rollback() }()
	if _, err := tx.Exec("UPDATE slot_seats SET starts_at = ? WHERE reservation_id = ?", slot.UTC(), held.ID); err != nil {
		t.Fatal(err)
	}
	done := make(chan outcome, 1)
	go func() {
		r, err := e.svc.RequestReservation(js[1].ctx, e.input(js[1], slot), "")
		done <- outcome{r, err}
	}()
	// Its insert of the seat is under way once the seats have been read:
	// it waits for seat 1 until this transaction ends.
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		if e.count(t, `SELECT COUNT(*) FROM information_schema.PROCESSLIST
			WHERE db = DATABASE() AND id <> CONNECTION_ID() AND info LIKE '%INSERT INTO slot_seats%'`) > 0 {
			break
		}
		select {
		case o := <-done:
			t.Fatalf("the booking ended before the seat was committed: %+v, %v", o.r, o.err)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatal("the booking never inserted its seat")
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	o := <-done
	if o.err != nil {
		t.Fatalf("booking after losing seat 1: %v", o.err)
	}
	if o.r.Seat != 2 {
		t.Errorf("booking got seat %d, want 2 (seat 1 was taken while it waited)", o.r.Seat)
	}
	if n := e.count(t, "SELECT COUNT(*) FROM reservations WHERE job_seeker_id = ?", js[1].acct.ID); n != 1 {
		t.Errorf("job seeker has %d reservations, want 1 (the one with the lost seat removed)", n)
	}
	e.wantRowsOf(t, o.r, "")
	if ms := e.Mails(t); len(ms) != 1 || !linksTo(ms[0].Body, o.r.ID) {
		t.Errorf("mails = %+v, want one about reservation %d", ms, o.r.ID)
	}
}
