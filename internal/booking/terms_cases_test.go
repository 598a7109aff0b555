package booking_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"soudan/internal/apperr"
	"soudan/internal/booking"
	"soudan/internal/calendar"
	"soudan/internal/store"
	"soudan/internal/store/storetest"
)

func (e *env) sweep(tb testing.TB, at time.Time) int {
	tb.Helper()
	e.Clock.Set(at)
	n, err := e.svc.SweepNoShows(e.ctx)
	if err != nil {
		tb.Fatalf("SweepNoShows at %v: %v", at, err)
	}
	return n
}

func (e *env) status(tb testing.TB, id int64) booking.Status {
	tb.Helper()
	r, err := e.svc.Reservation(e.admin(tb), id)
	if err != nil || r == nil {
		tb.Fatalf("Reservation(%d) = %v, %v", id, r, err)
	}
	return r.Status
}

func (e *env) noShows(tb testing.TB, js seeker) int {
	tb.Helper()
	return e.count(tb, "SELECT no_show_count FROM job_seekers WHERE account_id = ?", js.acct.ID)
}

// Art 6(6): a job seeker who checked in and waits because the previous
// session overran is not absent. Staff are told once; nothing is counted or
// mailed.
func TestArt6_6WaitingIsNotANoShow(t *testing.T) {
	storetest.ForEachDialect(t, func(t *testing.T, d store.Dialect) {
		e := newEnv(t, d)
		js := e.seeker(t)
		r := e.book(t, js, may7)
		e.Clock.Set(may7.Add(-5 * time.Minute))
		if _, err := e.svc.CheckIn(js.ctx, r.ID); err != nil {
			t.Fatal(err)
		}
		e.Mails(t)

		if n := e.sweep(t, may7.Add(11*time.Minute)); n != 1 {
			t.Errorf("sweep past the grace time: %d changes, want 1 (the waiting alert)", n)
		}
		if n := e.sweep(t, may7.Add(12*time.Minute)); n != 0 {
			t.Errorf("second sweep: %d changes, want 0 (one alert per reservation)", n)
		}
		if st := e.status(t, r.ID); st != booking.CheckedIn {
			t.Errorf("status = %s, want CHECKED_IN", st)
		}
		want := []string{booking.EventCreated, booking.EventCheckedIn, booking.EventWaitingLong}
		if got := e.eventTypes(t, r.ID); !equal(got, want) {
			t.Errorf("events = %v, want %v", got, want)
		}
		if n := e.noShows(t, js); n != 0 {
			t.Errorf("no_show_count = %d, want 0", n)
		}
		if ms := e.Mails(t); len(ms) != 0 {
			t.Errorf("%d mails, want none (「ご参加がなく…」 must not go to someone waiting)", len(ms))
		}
		_, err := e.svc.MarkNoShow(e.counselor(t), r.ID)
		wantCode(t, "MarkNoShow of a checked-in job seeker", err, apperr.Conflict, "")
	})
}

// Art 6(6): a reverted no-show stays reverted: never swept again, counted
// once corrected, and at most one no-show mail per reservation.
func TestArt6_6RevertedNoShowStaysReverted(t *testing.T) {
	storetest.ForEachDialect(t, func(t *testing.T, d store.Dialect) {
		e := newEnv(t, d)
		js := e.seeker(t)
		staff := e.counselor(t)
		r := e.book(t, js, may7)
		e.Mails(t)
		if n := e.sweep(t, may7.Add(11*time.Minute)); n != 1 {
			t.Fatalf("sweep: %d, want 1", n)
		}
		if ms := e.Mails(t); len(ms) != 1 {
			t.Fatalf("%d mails after the no-show, want 1", len(ms))
		}
		if _, err := e.svc.RevertNoShow(staff, r.ID, "電話連絡があったため"); err != nil {
			t.Fatal(err)
		}
		for _, at := range []time.Duration{12 * time.Minute, 40 * time.Minute, 26 * time.Hour} {
			if n := e.sweep(t, may7.Add(at)); n != 0 {
				t.Errorf("sweep %v after the start: %d changes, want 0", at, n)
			}
		}
		if st := e.status(t, r.ID); st != booking.Confirmed {
			t.Errorf("status = %s, want CONFIRMED", st)
		}
		if n := e.noShows(t, js); n != 0 {
			t.Errorf("no_show_count = %d, want 0 after the revert", n)
		}
		if ms := e.Mails(t); len(ms) != 0 {
			t.Errorf("%d mails after the revert, want none", len(ms))
		}
		// Staff may still record it again by hand: counted, but not mailed twice.
		if _, err := e.svc.MarkNoShow(staff, r.ID); err != nil {
			t.Fatal(err)
		}
		if n := e.noShows(t, js); n != 1 {
			t.Errorf("no_show_count = %d, want 1", n)
		}
		if ms := e.Mails(t); len(ms) != 0 {
			t.Errorf("%d mails for the second no-show of one reservation, want none", len(ms))
		}
	})
}

// Art 6(6) 「連絡がないまま」: a phone call after the start is still a call.
// Staff may cancel by phone until the no-show time, and it never counts; a
// job seeker on the site after the start is told to phone, with the number.
func TestArt6_6PhoneCallAfterStartIsStillACall(t *testing.T) {
	storetest.ForEachDialect(t, func(t *testing.T, d store.Dialect) {
		e := newEnv(t, d)
		js, waiting, late := e.seeker(t), e.seeker(t), e.seeker(t)
		staff := e.counselor(t)
		r := e.book(t, js, may7)
		w := e.book(t, waiting, may7)
		l := e.book(t, late, may7.Add(30*time.Minute))
		e.Clock.Set(may7.Add(-5 * time.Minute))
		if _, err := e.svc.CheckIn(waiting.ctx, w.ID); err != nil {
			t.Fatal(err)
		}

		e.Clock.Set(may7.Add(5 * time.Minute))
		_, err := e.svc.Cancel(js.ctx, r.ID, "", nil)
		wantCode(t, "job seeker cancelling after the start", err, apperr.Conflict, "")
		if ae, ok := apperr.As(err); !ok || !strings.Contains(ae.Message, "0986-22-1745") || !strings.Contains(ae.Message, "お電話") {
			t.Errorf("message = %v, want one that asks to phone, with the number", err)
		}
		email := booking.Email
		_, err = e.svc.Cancel(staff, r.ID, "メールで連絡", &email)
		wantCode(t, "staff cancelling by e-mail after the start", err, apperr.Conflict, "")

		phone := booking.Phone
		for _, id := range []int64{r.ID, w.ID} {
			got, err := e.svc.Cancel(staff, id, "開始後に電話があった", &phone)
			if err != nil || got.Status != booking.Cancelled || got.CancelChannel == nil || *got.CancelChannel != booking.Phone {
				t.Fatalf("phone cancellation 5 minutes after the start = %+v, %v", got, err)
			}
		}
		if n := e.sweep(t, may7.Add(11*time.Minute)); n != 0 {
			t.Errorf("sweep after the phone cancellations: %d, want 0", n)
		}
		if n := e.noShows(t, js); n != 0 {
			t.Errorf("no_show_count = %d, want 0", n)
		}

		// At the no-show time the phone deadline has passed.
		e.Clock.Set(l.StartsAt.Add(10 * time.Minute))
		_, err = e.svc.Cancel(staff, l.ID, "遅すぎる電話", &phone)
		wantCode(t, "phone cancellation at the no-show time", err, apperr.Conflict, "")
	})
}

// Art 9(2): reservations on a day the office closed after booking (a
// disaster, an outage) are neither reminded nor swept; staff see them
// until each is cancelled.
func TestArt9_2ClosedDayIsNeitherRemindedNorSwept(t *testing.T) {
	storetest.ForEachDialect(t, func(t *testing.T, d store.Dialect) {
		e := newEnv(t, d)
		js, other := e.seeker(t), e.seeker(t)
		staff := e.counselor(t)
		closedRes := e.book(t, js, may7)
		openRes := e.book(t, other, jst(2026, time.May, 8, 10, 0))
		e.Mails(t)
		if err := e.Store.SetOverride(e.ctx, e.officeID, calendar.Override{Date: calendar.DateOf(may7, tokyo), Open: false,
			Reason: "停電のため臨時閉庁"}, e.adminID, e.Clock.Now()); err != nil {
			t.Fatal(err)
		}

		listed, err := e.svc.OnClosedDays(staff)
		if err != nil || len(listed) != 1 || listed[0].ID != closedRes.ID {
			t.Fatalf("OnClosedDays = %v, %v; want the 5/7 reservation only", listed, err)
		}
		_, err = e.svc.OnClosedDays(js.ctx)
		wantCode(t, "OnClosedDays as a job seeker", err, apperr.Forbidden, "")

		// Reminders: 5/7's would go on 5/1 (after Golden Week), 5/8's on 5/7.
		for _, at := range []time.Time{jst(2026, time.May, 1, 9, 30), jst(2026, time.May, 7, 9, 30)} {
			e.Clock.Set(at)
			if _, err := e.svc.SendReminders(e.ctx); err != nil {
				t.Fatal(err)
			}
		}
		ms := e.Mails(t)
		if len(ms) != 1 || ms[0].To != other.acct.Email {
			t.Errorf("reminders = %d mails, want one, to the job seeker of the open day", len(ms))
		}
		if n := e.sweep(t, may7.Add(11*time.Minute)); n != 0 {
			t.Errorf("sweep of the closed day: %d, want 0", n)
		}
		if st := e.status(t, closedRes.ID); st != booking.Confirmed {
			t.Errorf("the closed day's reservation = %s, want CONFIRMED until staff act", st)
		}
		if n := e.sweep(t, openRes.StartsAt.Add(11*time.Minute)); n != 1 {
			t.Errorf("sweep of the open day: %d, want 1", n)
		}

		phone := booking.Phone
		if _, err := e.svc.Cancel(staff, closedRes.ID, "臨時閉庁のため電話で連絡", &phone); err != nil {
			t.Fatal(err)
		}
		if listed, err := e.svc.OnClosedDays(staff); err != nil || len(listed) != 0 {
			t.Errorf("OnClosedDays after the cancellation = %d, %v; want none", len(listed), err)
		}
	})
}

// Art 3, 4, 5(5), 12: the mails tell a job seeker what the terms ask them
// to know — Zoom's own terms, connection charges, no unneeded software
// during the session, the readiness page — and a follow-up booked during a
// session records consent like any other booking (Art 6(5)).
func TestArt3_4_5_12MailsSayWhatTheTermsAsk(t *testing.T) {
	storetest.ForEachDialect(t, func(t *testing.T, d store.Dialect) {
		e := newEnv(t, d)
		staff := e.counselor(t)
		js := e.seeker(t)
		e.Mails(t)
		first := e.book(t, js, may7)
		e.Clock.Set(may7)
		if _, err := e.svc.StartSession(staff, first.ID); err != nil {
			t.Fatal(err)
		}
		next, err := e.svc.BookFollowUp(staff, booking.FollowUpInput{JobSeekerID: js.acct.ID, FromReservationID: first.ID,
			StartsAt: jst(2026, time.May, 8, 10, 0), Consultation: "面接の練習"}, "")
		if err != nil {
			t.Fatal(err)
		}
		ms := e.Mails(t)
		if len(ms) != 2 {
			t.Fatalf("%d mails, want the two confirmations", len(ms))
		}
		for i, id := range []int64{first.ID, next.ID} {
			for _, want := range []string{"Zoom の利用規約", "通信料", "従量制", "必要のないソフトを起動しないでください",
				"方法を問わず禁止されています", fmt.Sprintf("%s/reservations/%d/readiness", publicURL, id),
				fmt.Sprintf("%s/terms/%d", publicURL, e.current.ID)} {
				if !strings.Contains(ms[i].Body, want) {
					t.Errorf("confirmation of reservation %d lacks %q", id, want)
				}
			}
		}
		if n := e.count(t, "SELECT COUNT(*) FROM terms_consents WHERE reservation_id = ? AND terms_version_id = ? AND channel = ?",
			next.ID, e.current.ID, string(booking.DuringSession)); n != 1 {
			t.Errorf("consents of the follow-up = %d, want 1 (channel IN_SESSION)", n)
		}
	})
}

// Art 6(6): a no-show reads 「キャンセル扱い（ご連絡なし）」 wherever a job
// seeker sees a status, never 「無断キャンセル」 or a code name.
func TestArt6_6StatusLabels(t *testing.T) {
	if got := booking.StatusLabel(booking.NoShow); got != "キャンセル扱い（ご連絡なし）" {
		t.Errorf("StatusLabel(NO_SHOW) = %q", got)
	}
	for _, s := range []booking.Status{booking.AwaitingReply, booking.Confirmed, booking.CheckedIn, booking.InSession,
		booking.Completed, booking.Cancelled, booking.Expired, booking.NoShow, booking.Terminated} {
		if l := booking.StatusLabel(s); l == "" || l == "不明" || strings.ContainsAny(l, "ABCDEFGHIJKLMNOPQRSTUVWXYZ_") {
			t.Errorf("StatusLabel(%s) = %q", s, l)
		}
	}
}
