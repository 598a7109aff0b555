package store_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"soudan/internal/account"
	"soudan/internal/apperr"
	"soudan/internal/booking"
	"soudan/internal/calendar"
	"soudan/internal/mail"
	"soudan/internal/office"
	"soudan/internal/store"
	"soudan/internal/store/storetest"
	"soudan/internal/validate"
)

// Bookings of a full slot that arrive together are answered together: the
// checks of their idempotency keys and of their job seekers' bookings make
// one query, and each booking still gets its own answer.
func TestFullSlotChecksArrivingTogether(t *testing.T) {
	storetest.ForEachDialect(t, func(t *testing.T, d store.Dialect) {
		ctx := context.Background()
		st := storetest.Open(t, d)
		o := seededOffice(t, st)
		sb := newSlotBooker(t, st, o)
		// A one-seat slot; the seekers: the holder of its seat, one with a
		// booking of another slot, and the late ones.
		full := time.Date(2026, time.April, 15, 10, 0, 0, 0, sb.loc)
		const late = 20
		seekers := createJobSeekers(t, st, o.ID, late+2)
		holder, elsewhere := seekers[0], seekers[1]
		held, _, err := sb.book(ctx, holder, full, "holder")
		if err != nil {
			t.Fatalf("booking the seat: %v", err)
		}
		if _, _, err := sb.book(ctx, elsewhere, full.Add(time.Hour), "elsewhere-1"); err != nil {
			t.Fatalf("booking another slot: %v", err)
		}

		type answer struct {
			r        booking.Reservation
			replayed bool
			err      error
		}
		answers := make([]answer, len(seekers))
		waiting, release, queries := st.HoldFullSlotChecks()
		var done sync.WaitGroup
		for i, a := range seekers {
			key := fmt.Sprint("late-", i)
			switch a.ID {
			case holder.ID:
				key = "holder" // a retry of the request that took the seat
			case elsewhere.ID:
				key = "elsewhere-2"
			}
			done.Go(func() {
				r, replayed, err := sb.book(ctx, a, full, key)
				answers[i] = answer{r, replayed, err}
			})
		}
		releaseWhenWaiting(t, len(seekers), waiting, release)
		done.Wait()

		for i, got := range answers {
			switch i {
			case 0:
				if got.err != nil || !got.replayed || got.r.ID != held.ID {
					t.Errorf("the holder's retry = reservation %d, replayed %v, %v; want the replay of %d",
						got.r.ID, got.replayed, got.err, held.ID)
				}
			case 1:
				if code := apperr.CodeOf(got.err); code != apperr.AlreadyBooked {
					t.Errorf("a job seeker with a booking got %v (%s), want %s", got.err, code, apperr.AlreadyBooked)
				}
			default:
				if code := apperr.CodeOf(got.err); code != apperr.SlotFull {
					t.Errorf("late booking %d got %v (%s), want %s", i, got.err, code, apperr.SlotFull)
				}
			}
		}
		if n := queries(); n != 1 {
			t.Errorf("%d checks waiting together made %d queries, want 1", len(seekers), n)
		}
		var reservations int
		if err := st.DB().QueryRow("SELECT COUNT(*) FROM reservations").Scan(&reservations); err != nil || reservations != 2 {
			t.Errorf("reservations = %d, %v; want the 2 made before", reservations, err)
		}
	})
}

// slotBooker books seats of an office's slots straight through the store,
// with its terms in force and one seat per slot.
type slotBooker struct {
	st      *store.Store
	office  office.Office
	loc     *time.Location
	termsID int64
	phone   validate.Phone
}

func newSlotBooker(tb testing.TB, st *store.Store, o office.Office) slotBooker {
	tb.Helper()
	terms, err := st.TermsVersions(context.Background(), o.ID)
	if err != nil || len(terms) == 0 {
		tb.Fatalf("TermsVersions() = %d versions, %v", len(terms), err)
	}
	loc, err := o.Location()
	if err != nil {
		tb.Fatal(err)
	}
	return slotBooker{st: st, office: o, loc: loc, termsID: terms[len(terms)-1].ID, phone: phone(tb, "0986-22-1234")}
}

// book books a job seeker's own session at start with an idempotency key.
func (sb slotBooker) book(ctx context.Context, a account.Account, start time.Time, key string) (booking.Reservation, bool, error) {
	r := booking.Reservation{OfficeID: sb.office.ID, JobSeekerID: a.ID, Status: booking.Confirmed, Channel: booking.Site,
		StartsAt: start.UTC(), EndsAt: start.Add(30 * time.Minute).UTC(), Date: calendar.DateOf(start, sb.loc),
		Name: a.Name, Phone: sb.phone, Consultation: "求人について相談したいです。",
		TermsVersionID: sb.termsID, SelfBooked: true, ConfirmBy: start.Add(-48 * time.Hour).UTC(),
		ConfirmedAt: &t0, CreatedAt: t0}
	n := booking.NewReservation{Reservation: r, Capacity: 1, ActorID: a.ID, IdempotencyKey: key,
		RequestHash: hashOf(key), Operation: "requestReservation", ConsentChannel: booking.Site}
	return sb.st.CreateReservation(ctx, n, func(booking.Reservation) (mail.Outgoing, error) {
		return mail.Outgoing{To: a.Email, Subject: "予約", Body: "ご予約を承りました。",
			MessageID: mail.NewMessageID("test.invalid")}, nil
	})
}
