package booking_test

import (
	"strings"
	"testing"
	"time"

	"soudan/internal/apperr"
	"soudan/internal/booking"
	"soudan/internal/store"
	"soudan/internal/store/storetest"
)

// Art 6(6), 12(1): suspension and refusal act on the future. Upcoming
// reservations are cancelled (seats freed, events written, one polite
// mail), a pending application's link no longer confirms, and reinstating
// brings nothing back but keeps the note.
func TestArt6_6And12_1SuspensionCancelsTheFuture(t *testing.T) {
	storetest.ForEachDialect(t, func(t *testing.T, d store.Dialect) {
		e := newEnv(t, d)
		staff := e.counselor(t)
		js, other := e.seeker(t), e.seeker(t)
		self := e.book(t, js, may7)
		app, err := e.svc.CreateApplication(staff, e.application(js, jst(2026, time.May, 11, 10, 0), ""), "")
		if err != nil {
			t.Fatal(err)
		}
		link := ""
		for _, m := range e.Mails(t) {
			if l := confirmLink.FindStringSubmatch(m.Body); l != nil {
				link = l[1]
			}
		}
		if link == "" {
			t.Fatal("no confirmation link in the application mail")
		}
		kept := e.book(t, other, may7)
		e.Mails(t)

		if _, err := e.Accounts.Suspend(staff, js.acct.ID, "相談中の威圧的な言動のため", nil); err != nil {
			t.Fatal(err)
		}
		for _, id := range []int64{self.ID, app.ID} {
			if st := e.status(t, id); st != booking.Cancelled {
				t.Errorf("reservation %d = %s, want CANCELLED", id, st)
			}
			if n := e.count(t, "SELECT COUNT(*) FROM slot_seats WHERE reservation_id = ?", id); n != 0 {
				t.Errorf("reservation %d still holds %d seat(s)", id, n)
			}
			if evs := e.eventTypes(t, id); evs[len(evs)-1] != booking.EventCancelled {
				t.Errorf("events of %d = %v, want CANCELLED last", id, evs)
			}
		}
		if st := e.status(t, kept.ID); st != booking.Confirmed {
			t.Errorf("another job seeker's reservation = %s, want CONFIRMED", st)
		}
		ms := e.Mails(t)
		if len(ms) != 1 || ms[0].To != js.acct.Email ||
			!strings.Contains(ms[0].Body, "2026年5月7日(木) 10:00") || !strings.Contains(ms[0].Body, "2026年5月11日(月) 10:00") {
			t.Fatalf("mails = %+v, want one to the job seeker listing both sessions", ms)
		}
		_, err = e.svc.ConfirmReservation(e.ctx, link)
		if code := apperr.CodeOf(err); code != apperr.NotFound && code != apperr.Conflict {
			t.Errorf("the application link after the suspension: %v, want it refused", err)
		}
		if st := e.status(t, app.ID); st != booking.Cancelled {
			t.Errorf("application after its link was opened = %s, want CANCELLED", st)
		}

		if _, err := e.Accounts.Reinstate(staff, js.acct.ID, "面談のうえ再開を決定"); err != nil {
			t.Fatal(err)
		}
		if st := e.status(t, self.ID); st != booking.Cancelled {
			t.Errorf("after reinstating, the reservation = %s, want still CANCELLED", st)
		}
		re, err := e.Accounts.LastReinstatement(staff, js.acct.ID)
		if err != nil || re == nil || re.Note != "面談のうえ再開を決定" {
			t.Errorf("LastReinstatement = %+v, %v; want the note kept", re, err)
		}
		_, err = e.Accounts.LastReinstatement(js.ctx, js.acct.ID)
		wantCode(t, "LastReinstatement as the job seeker", err, apperr.Forbidden, "")
	})
}
