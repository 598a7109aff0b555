package booking_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"soudan/internal/apperr"
	"soudan/internal/auth"
	"soudan/internal/booking"
	"soudan/internal/store"
	"soudan/internal/store/storetest"
)

// eventTypes returns the types of a reservation's events, in order.
func (e *env) eventTypes(tb testing.TB, reservationID int64) []string {
	tb.Helper()
	evs, err := e.Store.EventsAfter(context.Background(), 0, 1000)
	if err != nil {
		tb.Fatal(err)
	}
	var out []string
	for _, ev := range evs {
		if ev.ReservationID == reservationID {
			out = append(out, ev.Type)
		}
	}
	return out
}

func TestSessionDay(t *testing.T) {
	storetest.ForEachDialect(t, func(t *testing.T, d store.Dialect) {
		e := newEnv(t, d)
		js, other := e.seeker(t), e.seeker(t)
		staff := e.counselor(t)
		r := e.book(t, js, may7)

		e.Clock.Set(may7.Add(-16 * time.Minute))
		_, err := e.svc.CheckIn(js.ctx, r.ID)
		wantCode(t, "CheckIn 16 minutes early", err, apperr.Conflict, "")
		_, err = e.svc.StartSession(staff, r.ID)
		wantCode(t, "StartSession 16 minutes early", err, apperr.Conflict, "")

		e.Clock.Set(may7.Add(-14 * time.Minute))
		_, err = e.svc.CheckIn(other.ctx, r.ID)
		wantCode(t, "CheckIn of another's reservation", err, apperr.NotFound, "")
		_, err = e.svc.StartSession(js.ctx, r.ID)
		wantCode(t, "StartSession by the job seeker", err, apperr.Forbidden, "")
		got, err := e.svc.CheckIn(js.ctx, r.ID)
		if err != nil || got.Status != booking.CheckedIn || got.CheckedInAt == nil || got.Version != r.Version+1 {
			t.Fatalf("CheckIn = %+v, %v; want CHECKED_IN, checkedInAt set, version bumped", got, err)
		}
		if got, err = e.svc.StartSession(staff, r.ID); err != nil || got.Status != booking.InSession || got.StartedAt == nil {
			t.Fatalf("StartSession = %+v, %v", got, err)
		}
		_, err = e.svc.CheckIn(js.ctx, r.ID)
		wantCode(t, "CheckIn during the session", err, apperr.Conflict, "")
		if got, err = e.svc.CompleteSession(staff, r.ID, "求人票を3件紹介"); err != nil || got.Status != booking.Completed || got.EndedAt == nil {
			t.Fatalf("CompleteSession = %+v, %v", got, err)
		}
		_, err = e.svc.CompleteSession(staff, r.ID, "")
		wantCode(t, "CompleteSession twice", err, apperr.Conflict, "")
		_, err = e.svc.TerminateSession(staff, r.ID, "理由")
		wantCode(t, "TerminateSession of a completed session", err, apperr.Conflict, "")

		want := []string{booking.EventCreated, booking.EventCheckedIn, booking.EventStarted, booking.EventCompleted}
		if got := e.eventTypes(t, r.ID); !equal(got, want) {
			t.Errorf("events = %v, want %v", got, want)
		}
		// The seat is free once the session is over.
		if n := e.count(t, "SELECT COUNT(*) FROM slot_seats WHERE reservation_id = ?", r.ID); n != 0 {
			t.Errorf("a completed session still holds %d seat(s)", n)
		}
	})
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestTerminateSession(t *testing.T) {
	storetest.ForEachDialect(t, func(t *testing.T, d store.Dialect) {
		e := newEnv(t, d)
		js := e.seeker(t)
		staff := e.counselor(t)
		r := e.book(t, js, may7)
		_, err := e.svc.TerminateSession(staff, r.ID, " ")
		wantCode(t, "TerminateSession without a reason", err, apperr.Validation, "reason")
		got, err := e.svc.TerminateSession(staff, r.ID, "暴言があったため（第12条(1)）")
		if err != nil || got.Status != booking.Terminated {
			t.Fatalf("TerminateSession = %+v, %v", got, err)
		}
		// Terminated ends the active self-booking: the job seeker may book again.
		e.book(t, js, may7.Add(time.Hour))
	})
}

// Two staff acting on one reservation at once: every change is a
// compare-and-set on the version, so none is lost and the losers get
// CONFLICT.
func TestConcurrentStaffChangesAreCompareAndSet(t *testing.T) {
	storetest.ForEachDialect(t, func(t *testing.T, d store.Dialect) {
		e := newEnv(t, d)
		js := e.seeker(t)
		staff := []context.Context{e.counselor(t), e.counselor(t), e.admin(t)}
		r := e.book(t, js, may7)
		ids := make([]int64, len(staff))
		for i, s := range staff {
			a, _ := auth.ActorFrom(s)
			ids[i] = a.AccountID
		}
		var wg sync.WaitGroup
		var mu sync.Mutex
		wins, conflicts := 0, 0
		for i := range 12 {
			wg.Go(func() {
				id := ids[i%len(ids)]
				_, err := e.svc.AssignCounselor(staff[i%len(staff)], r.ID, &id)
				mu.Lock()
				defer mu.Unlock()
				switch apperr.CodeOf(err) {
				case apperr.Conflict:
					conflicts++
				default:
					if err != nil {
						t.Errorf("AssignCounselor: %v", err)
						return
					}
					wins++
				}
			})
		}
		wg.Wait()
		after, err := e.svc.Reservation(e.admin(t), r.ID)
		if err != nil || after == nil {
			t.Fatal(err)
		}
		if wins == 0 || wins+conflicts != 12 || after.Version != r.Version+wins {
			t.Errorf("wins %d, conflicts %d, version %d→%d; want every win to bump the version once", wins, conflicts, r.Version, after.Version)
		}
		if n := len(e.eventTypes(t, r.ID)); n != 1+wins {
			t.Errorf("%d events for %d assignments, want one each", n, wins)
		}
		// A stale version is refused outright.
		_, err = e.Store.Apply(context.Background(), booking.Change{ID: r.ID, Version: r.Version, From: []booking.Status{booking.Confirmed},
			To: booking.Confirmed, Event: booking.EventAssigned, At: e.Clock.Now()})
		wantCode(t, "Apply at a stale version", err, apperr.Conflict, "")
		_, err = e.svc.AssignCounselor(staff[0], r.ID, &js.acct.ID)
		wantCode(t, "assigning a job seeker as counselor", err, apperr.Validation, "counselorId")
	})
}

func TestNoShowSweeper(t *testing.T) {
	storetest.ForEachDialect(t, func(t *testing.T, d store.Dialect) {
		e := newEnv(t, d)
		js, other := e.seeker(t), e.seeker(t)
		r := e.book(t, js, may7)
		later := e.book(t, other, may7.Add(30*time.Minute))
		e.Mails(t)

		e.Clock.Set(may7.Add(9*time.Minute + 59*time.Second))
		if n, err := e.svc.SweepNoShows(e.ctx); err != nil || n != 0 {
			t.Fatalf("sweep inside the grace period = %d, %v; want 0", n, err)
		}
		// Two instances sweep at once, just after the grace period.
		e.Clock.Set(may7.Add(10*time.Minute + time.Second))
		var wg sync.WaitGroup
		marked := make([]int, 2)
		for i := range marked {
			wg.Go(func() {
				n, err := e.svc.SweepNoShows(e.ctx)
				if err != nil {
					t.Errorf("SweepNoShows: %v", err)
				}
				marked[i] = n
			})
		}
		wg.Wait()
		if marked[0]+marked[1] != 1 {
			t.Errorf("two sweepers marked %v, want 1 in all", marked)
		}
		got, _ := e.svc.Reservation(e.admin(t), r.ID)
		if got == nil || got.Status != booking.NoShow {
			t.Fatalf("after the sweep: %+v, want NO_SHOW", got)
		}
		if still, _ := e.svc.Reservation(e.admin(t), later.ID); still.Status != booking.Confirmed {
			t.Errorf("the 10:30 session = %s, want still CONFIRMED", still.Status)
		}
		mails := e.Mails(t)
		if len(mails) != 1 || mails[0].To != js.acct.Email {
			t.Errorf("mails after the sweep = %d, want one no-show mail to the job seeker", len(mails))
		}
		if n := e.count(t, "SELECT no_show_count FROM job_seekers WHERE account_id = ?", js.acct.ID); n != 1 {
			t.Errorf("no_show_count = %d, want 1", n)
		}
		if n := e.count(t, "SELECT COUNT(*) FROM slot_seats WHERE reservation_id = ?", r.ID); n != 0 {
			t.Errorf("a no-show still holds its seat")
		}

		// A second no-show within 180 days flags the job seeker for review,
		// without suspending them.
		second := e.book(t, js, jst(2026, time.May, 11, 9, 0))
		e.Clock.Set(jst(2026, time.May, 11, 9, 11))
		if _, err := e.svc.SweepNoShows(e.ctx); err != nil {
			t.Fatal(err)
		}
		acct, err := e.Accounts.JobSeeker(e.admin(t), js.acct.ID)
		if err != nil {
			t.Fatal(err)
		}
		if acct.JobSeeker.NoShowCount != 2 || !acct.JobSeeker.FlaggedForReview || acct.JobSeeker.Suspension != nil {
			t.Errorf("after two no-shows: count %d, flagged %v, suspended %v; want 2, flagged, not suspended",
				acct.JobSeeker.NoShowCount, acct.JobSeeker.FlaggedForReview, acct.JobSeeker.Suspension != nil)
		}

		// Staff revert one (the person had phoned): confirmed again, counted out.
		_, err = e.svc.RevertNoShow(e.admin(t), second.ID, "")
		wantCode(t, "RevertNoShow without a reason", err, apperr.Validation, "reason")
		back, err := e.svc.RevertNoShow(e.admin(t), second.ID, "電話連絡があったため")
		if err != nil || back.Status != booking.Confirmed {
			t.Fatalf("RevertNoShow = %+v, %v", back, err)
		}
		acct, _ = e.Accounts.JobSeeker(e.admin(t), js.acct.ID)
		if acct.JobSeeker.NoShowCount != 1 || acct.JobSeeker.FlaggedForReview {
			t.Errorf("after the revert: count %d, flagged %v; want 1, not flagged", acct.JobSeeker.NoShowCount, acct.JobSeeker.FlaggedForReview)
		}
		if n := e.count(t, "SELECT COUNT(*) FROM slot_seats WHERE reservation_id = ?", second.ID); n != 1 {
			t.Errorf("the reverted reservation holds %d seats, want 1", n)
		}
		want := []string{booking.EventCreated, booking.EventNoShow, booking.EventNoShowReverted}
		if got := e.eventTypes(t, second.ID); !equal(got, want) {
			t.Errorf("events = %v, want %v", got, want)
		}
	})
}

func TestMarkNoShowByStaff(t *testing.T) {
	storetest.ForEachDialect(t, func(t *testing.T, d store.Dialect) {
		e := newEnv(t, d)
		js := e.seeker(t)
		staff := e.counselor(t)
		r := e.book(t, js, may7)
		e.Clock.Set(may7.Add(5 * time.Minute))
		_, err := e.svc.MarkNoShow(staff, r.ID)
		wantCode(t, "MarkNoShow inside the grace period", err, apperr.Conflict, "")
		e.Clock.Set(may7.Add(10 * time.Minute))
		if got, err := e.svc.MarkNoShow(staff, r.ID); err != nil || got.Status != booking.NoShow {
			t.Fatalf("MarkNoShow = %+v, %v", got, err)
		}
		_, err = e.svc.MarkNoShow(staff, r.ID)
		wantCode(t, "MarkNoShow twice", err, apperr.Conflict, "")
	})
}
