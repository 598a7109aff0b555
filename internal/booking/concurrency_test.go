package booking_test

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"soudan/internal/apperr"
	"soudan/internal/booking"
	"soudan/internal/store"
	"soudan/internal/store/storetest"
)

// outcome is the result of one of the racing requests.
type outcome struct {
	r   booking.Reservation
	err error
}

// race runs the requests at once (released together after every goroutine
// is ready) and returns their outcomes in order.
func race(n int, request func(i int) (booking.Reservation, error)) []outcome {
	out := make([]outcome, n)
	var ready, done sync.WaitGroup
	gate := make(chan struct{})
	ready.Add(n)
	done.Add(n)
	for i := range n {
		go func() {
			defer done.Done()
			ready.Done()
			<-gate
			out[i].r, out[i].err = request(i)
		}()
	}
	ready.Wait()
	close(gate)
	done.Wait()
	return out
}

// tally counts the outcomes by code ("OK" for a success) and returns the
// successful reservations.
func tally(t *testing.T, outs []outcome) (map[string]int, []booking.Reservation) {
	t.Helper()
	codes := map[string]int{}
	var ok []booking.Reservation
	for _, o := range outs {
		if o.err == nil {
			codes["OK"]++
			ok = append(ok, o.r)
			continue
		}
		code := string(apperr.CodeOf(o.err))
		if code == string(apperr.Internal) || code == string(apperr.Unavailable) {
			t.Errorf("racing request error: %v", o.err)
		}
		codes[code]++
	}
	return codes, ok
}

func TestConcurrentBookings(t *testing.T) {
	slot := jst(2026, time.May, 7, 10, 0)
	tests := []struct {
		name     string
		dialect  store.Dialect
		seekers  int
		capacity int
	}{
		{name: "50 job seekers, 1 seat", dialect: store.MySQL, seekers: 50, capacity: 1},
		{name: "50 job seekers, 3 seats", dialect: store.MySQL, seekers: 50, capacity: 3},
		// As many seats as job seekers: losing a seat to another must
		// make a request try the next seat, never answer SLOT_FULL.
		{name: "20 job seekers, 20 seats", dialect: store.MySQL, seekers: 20, capacity: 20},
		{name: "50 job seekers, 1 seat", dialect: store.SQLite, seekers: 50, capacity: 1},
		{name: "20 job seekers, 20 seats", dialect: store.SQLite, seekers: 20, capacity: 20},
	}
	for _, tt := range tests {
		// Not parallel: each MySQL race holds up to 50 connections.
		t.Run(fmt.Sprintf("%s/%s", tt.dialect, tt.name), func(t *testing.T) {
			if tt.dialect == store.MySQL {
				storetest.RequireMySQL(t)
			}
			e := newEnv(t, tt.dialect)
			e.setCapacity(t, tt.capacity)
			js := e.seekers(t, tt.seekers)
			outs := race(len(js), func(i int) (booking.Reservation, error) {
				return e.svc.RequestReservation(js[i].ctx, e.input(js[i], slot), fmt.Sprintf("race-%d", i))
			})
			codes, ok := tally(t, outs)
			want := map[string]int{"OK": tt.capacity}
			if tt.seekers > tt.capacity {
				want[string(apperr.SlotFull)] = tt.seekers - tt.capacity
			}
			if diff := cmp.Diff(want, codes); diff != "" {
				t.Errorf("%d job seekers racing for %d seats: outcomes mismatch (-want +got):\n%s", tt.seekers, tt.capacity, diff)
			}
			var seats []int
			for _, r := range ok {
				seats = append(seats, r.Seat)
			}
			sort.Ints(seats)
			wantSeats := make([]int, tt.capacity)
			for i := range wantSeats {
				wantSeats[i] = i + 1
			}
			if diff := cmp.Diff(wantSeats, seats); diff != "" {
				t.Errorf("seats of the winners mismatch (-want +got):\n%s", diff)
			}

			// The database agrees: one seat row and one confirmed reservation
			// per seat, nothing left by the losers.
			if n := e.count(t, "SELECT COUNT(*) FROM slot_seats"); n != tt.capacity {
				t.Errorf("slot_seats rows = %d, want %d", n, tt.capacity)
			}
			if n := e.count(t, "SELECT COUNT(*) FROM reservations WHERE status = 'CONFIRMED'"); n != tt.capacity {
				t.Errorf("CONFIRMED reservations = %d, want %d", n, tt.capacity)
			}
			if n := e.count(t, "SELECT COUNT(*) FROM reservations"); n != tt.capacity {
				t.Errorf("reservations rows = %d, want %d (losers must leave nothing)", n, tt.capacity)
			}
			if n := e.count(t, "SELECT COUNT(*) FROM idempotency_keys"); n != tt.capacity {
				t.Errorf("idempotency_keys rows = %d, want %d", n, tt.capacity)
			}
			if n := e.count(t, "SELECT COUNT(*) FROM terms_consents"); n != tt.capacity {
				t.Errorf("terms_consents rows = %d, want %d", n, tt.capacity)
			}
			if n := e.count(t, "SELECT COUNT(*) FROM events"); n != tt.capacity {
				t.Errorf("queue events = %d, want %d", n, tt.capacity)
			}
			if n := len(e.Mails(t)); n != tt.capacity {
				t.Errorf("mails queued = %d, want %d", n, tt.capacity)
			}
			if got, err := e.svc.AvailableSlots(e.ctx, today, horizonDay); err != nil {
				t.Errorf("AvailableSlots error: %v", err)
			} else if s, listed := slotAt(got, slot); !listed || s.Remaining != 0 {
				t.Errorf("full slot = %+v (listed %v), want listed with no seat remaining", s, listed)
			}
		})
	}
}

func TestConcurrentBookingsOfOneJobSeeker(t *testing.T) {
	const n = 10
	// Not parallel: each MySQL race holds many connections.
	storetest.ForEachDialectInTurn(t, func(t *testing.T, d store.Dialect) {
		e := newEnv(t, d)
		js := e.seeker(t)
		// Ten different slots: 5/7 to 5/8, on the hour.
		starts := make([]time.Time, n)
		for i := range starts {
			starts[i] = jst(2026, time.May, 7+i/5, 9+i%5, 0)
		}
		outs := race(n, func(i int) (booking.Reservation, error) {
			return e.svc.RequestReservation(js.ctx, e.input(js, starts[i]), fmt.Sprintf("tab-%d", i))
		})
		codes, ok := tally(t, outs)
		want := map[string]int{"OK": 1, string(apperr.AlreadyBooked): n - 1}
		if diff := cmp.Diff(want, codes); diff != "" {
			t.Errorf("one job seeker booking %d slots at once: outcomes mismatch (-want +got):\n%s", n, diff)
		}
		if n := e.count(t, "SELECT COUNT(*) FROM reservations WHERE job_seeker_id = ? AND status IN ('AWAITING_REPLY', 'CONFIRMED', 'CHECKED_IN', 'IN_SESSION')", js.acct.ID); n != 1 {
			t.Errorf("active reservations of the job seeker = %d, want 1", n)
		}
		if n := e.count(t, "SELECT COUNT(*) FROM slot_seats"); n != 1 {
			t.Errorf("slot_seats rows = %d, want 1", n)
		}
		if len(ok) == 1 {
			p, err := e.svc.MyReservations(js.ctx, 10, "")
			if err != nil || len(p.Items) != 1 || p.Items[0].ID != ok[0].ID {
				t.Errorf("MyReservations = %+v, %v; want only the winner %d", p, err, ok[0].ID)
			}
		}
	})
}

func TestConcurrentSameIdempotencyKey(t *testing.T) {
	const n = 10
	// Not parallel: each MySQL race holds many connections.
	storetest.ForEachDialectInTurn(t, func(t *testing.T, d store.Dialect) {
		e := newEnv(t, d)
		js := e.seeker(t)
		in := e.input(js, may7)
		// A client retrying one request at once (a double click, a
		// retry after a time-out): one booking, the same answer.
		outs := race(n, func(int) (booking.Reservation, error) {
			return e.svc.RequestReservation(js.ctx, in, "double-click")
		})
		codes, ok := tally(t, outs)
		if diff := cmp.Diff(map[string]int{"OK": n}, codes); diff != "" {
			t.Errorf("%d requests with one key: outcomes mismatch (-want +got):\n%s", n, diff)
		}
		for _, r := range ok[1:] {
			if r.ID != ok[0].ID {
				t.Errorf("requests with one key got reservations %d and %d, want the same", ok[0].ID, r.ID)
			}
		}
		for table, want := range map[string]int{"reservations": 1, "slot_seats": 1, "idempotency_keys": 1, "terms_consents": 1} {
			if got := e.count(t, "SELECT COUNT(*) FROM "+table); got != want {
				t.Errorf("%s rows = %d, want %d", table, got, want)
			}
		}
		if got := len(e.Mails(t)); got != 1 {
			t.Errorf("mails queued = %d, want 1", got)
		}
	})
}

func TestConcurrentCancel(t *testing.T) {
	// Not parallel: each MySQL race holds many connections.
	storetest.ForEachDialectInTurn(t, func(t *testing.T, d store.Dialect) {
		e := newEnv(t, d)
		js := e.seeker(t)
		staff := e.counselor(t)
		r := e.book(t, js, may7)
		e.Mails(t)
		// The job seeker on the site and a counselor on the phone cancel
		// at once: one wins, the other gets CONFLICT (compare-and-set).
		outs := race(2, func(i int) (booking.Reservation, error) {
			if i == 0 {
				return e.svc.Cancel(js.ctx, r.ID, "", nil)
			}
			return e.svc.Cancel(staff, r.ID, "電話で取り消しの連絡", nil)
		})
		codes, ok := tally(t, outs)
		if diff := cmp.Diff(map[string]int{"OK": 1, string(apperr.Conflict): 1}, codes); diff != "" {
			t.Errorf("two cancels at once: outcomes mismatch (-want +got):\n%s", diff)
		}
		if len(ok) == 1 && (ok[0].Status != booking.Cancelled || ok[0].Version != r.Version+1) {
			t.Errorf("winning cancel = %+v, want CANCELLED at version %d", ok[0], r.Version+1)
		}
		if got := len(e.Mails(t)); got != 1 {
			t.Errorf("mails queued = %d, want 1", got)
		}
		if got := e.count(t, "SELECT COUNT(*) FROM slot_seats"); got != 0 {
			t.Errorf("slot_seats rows = %d, want 0", got)
		}
		if diff := cmp.Diff([]string{booking.EventCreated, booking.EventCancelled}, e.queueEvents(t, r.ID)); diff != "" {
			t.Errorf("queue events mismatch (-want +got):\n%s", diff)
		}
	})
}

func TestConcurrentNoShowsOfOneJobSeeker(t *testing.T) {
	storetest.ForEachDialectInTurn(t, func(t *testing.T, d store.Dialect) {
		e := newEnv(t, d)
		js := e.seeker(t)
		staff := []context.Context{e.counselor(t), e.admin(t)}
		first := e.book(t, js, may7)
		e.Clock.Set(may7)
		if _, err := e.svc.StartSession(staff[0], first.ID); err != nil {
			t.Fatal(err)
		}
		// Two follow-ups, neither attended.
		var missed []booking.Reservation
		for _, start := range []time.Time{jst(2026, time.May, 8, 10, 0), jst(2026, time.May, 11, 10, 0)} {
			r, err := e.svc.BookFollowUp(staff[0], booking.FollowUpInput{JobSeekerID: js.acct.ID, FromReservationID: first.ID,
				StartsAt: start, Consultation: "面接の練習"}, "")
			if err != nil {
				t.Fatalf("BookFollowUp(%v): %v", start, err)
			}
			missed = append(missed, r)
		}
		// Two staff record the two no-shows at once: both count, and
		// together they reach the review threshold.
		e.Clock.Set(jst(2026, time.May, 11, 10, 11))
		outs := race(2, func(i int) (booking.Reservation, error) {
			return e.svc.MarkNoShow(staff[i], missed[i].ID)
		})
		if codes, _ := tally(t, outs); codes["OK"] != 2 {
			t.Fatalf("two no-shows at once: outcomes %v, want both OK", codes)
		}
		acct, err := e.Accounts.JobSeeker(e.admin(t), js.acct.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got := acct.JobSeeker; got.NoShowCount != 2 || !got.FlaggedForReview {
			t.Errorf("after two no-shows at once: count %d, flagged %v; want 2, flagged", got.NoShowCount, got.FlaggedForReview)
		}
	})
}

// A booking that fails inside its transaction (here a repeated idempotency
// key, found when the reservation and its seat are already written) leaves
// no connection inside the transaction: with a pool of one connection, the
// next statements see only what was committed, and the next booking works.
func TestFailedBookingLeavesNoOpenTransaction(t *testing.T) {
	storetest.ForEachDialectInTurn(t, func(t *testing.T, d store.Dialect) {
		e := newEnv(t, d)
		staff := e.counselor(t)
		js := e.seeker(t)
		first, err := e.svc.CreateApplication(staff, e.application(js, may7, ""), "phone-1")
		if err != nil {
			t.Fatal(err)
		}
		e.Store.DB().SetMaxOpenConns(1)
		again, err := e.svc.CreateApplication(staff, e.application(js, may7, ""), "phone-1")
		if err != nil || again.ID != first.ID {
			t.Fatalf("repeated request = %d, %v; want the first reservation %d replayed", again.ID, err, first.ID)
		}
		if got := e.count(t, "SELECT COUNT(*) FROM reservations"); got != 1 {
			t.Errorf("reservations seen after the repeated request = %d, want 1 (an open transaction would show its own)", got)
		}
		if got := e.count(t, "SELECT COUNT(*) FROM slot_seats"); got != 1 {
			t.Errorf("seats seen after the repeated request = %d, want 1", got)
		}
		other := e.seeker(t)
		if _, err := e.svc.CreateApplication(staff, e.application(other, may7.Add(time.Hour), ""), "phone-2"); err != nil {
			t.Fatalf("the next booking on the same connection: %v", err)
		}
	})
}
