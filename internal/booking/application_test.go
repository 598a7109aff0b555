package booking_test

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"soudan/internal/apperr"
	"soudan/internal/booking"
	"soudan/internal/store"
	"soudan/internal/store/storetest"
)

var confirmLink = regexp.MustCompile(`/confirm\?token=([A-Za-z0-9_-]+)`)

func (e *env) application(js seeker, start time.Time, override string) booking.ApplicationInput {
	return booking.ApplicationInput{JobSeekerID: js.acct.ID, StartsAt: start, Name: js.acct.Name, Phone: "0986-22-1234",
		Consultation: "電話での申し込み", Channel: booking.Phone, OverrideNoticeReason: override}
}

func TestApplicationConfirmedByLink(t *testing.T) {
	storetest.ForEachDialect(t, func(t *testing.T, d store.Dialect) {
		e := newEnv(t, d)
		staff := e.counselor(t)
		js, other := e.seeker(t), e.seeker(t)
		e.setCapacity(t, 1)
		e.Mails(t)

		_, err := e.svc.CreateApplication(js.ctx, e.application(js, may7, ""), "")
		wantCode(t, "CreateApplication by a job seeker", err, apperr.Forbidden, "")
		in := e.application(js, may7, "")
		in.Channel = booking.Site
		_, err = e.svc.CreateApplication(staff, in, "")
		wantCode(t, "CreateApplication on the SITE channel", err, apperr.Validation, "input.channel")

		r, err := e.svc.CreateApplication(staff, e.application(js, may7, ""), "")
		if err != nil || r.Status != booking.AwaitingReply || r.ConfirmedAt != nil {
			t.Fatalf("CreateApplication = %+v, %v; want AWAITING_REPLY", r, err)
		}
		// The application holds its seat.
		_, err = e.svc.RequestReservation(other.ctx, e.input(other, may7), "")
		wantCode(t, "booking the held seat", err, apperr.SlotFull, "")

		mails := e.Mails(t)
		if len(mails) != 1 || mails[0].To != js.acct.Email {
			t.Fatalf("mails = %d, want the application mail to the job seeker", len(mails))
		}
		link := confirmLink.FindStringSubmatch(mails[0].Body)
		if link == nil || !strings.Contains(mails[0].Body, "2026年4月30日(木) 24:00までに") {
			t.Fatalf("application mail lacks the link or the deadline:\n%s", mails[0].Body)
		}
		consents := e.count(t, "SELECT COUNT(*) FROM terms_consents WHERE reservation_id = ?", r.ID)

		_, err = e.svc.ConfirmReservation(e.ctx, "forged-token")
		wantCode(t, "ConfirmReservation with a forged token", err, apperr.NotFound, "")
		got, err := e.svc.ConfirmReservation(e.ctx, link[1])
		if err != nil || got.Status != booking.Confirmed || got.ConfirmedAt == nil {
			t.Fatalf("ConfirmReservation = %+v, %v; want CONFIRMED", got, err)
		}
		if n := e.count(t, "SELECT COUNT(*) FROM terms_consents WHERE reservation_id = ? AND channel = 'PHONE'", r.ID); n != consents+1 {
			t.Errorf("consents after confirming = %d, want one recorded (replying is agreeing)", n)
		}
		before := e.counts(t)
		_, err = e.svc.ConfirmReservation(e.ctx, link[1])
		wantCode(t, "ConfirmReservation a second time", err, apperr.NotFound, "")
		if after := e.counts(t); !sameCounts(before, after) {
			t.Errorf("a second confirmation wrote rows: %v → %v", before, after)
		}
		if ms := e.Mails(t); len(ms) != 1 || !strings.Contains(ms[0].Subject, "予約が確定しました") {
			t.Errorf("after confirming: %d mails, want the confirmation mail", len(ms))
		}
		want := []string{booking.EventCreated, booking.EventConfirmed}
		if got := e.eventTypes(t, r.ID); !equal(got, want) {
			t.Errorf("events = %v, want %v", got, want)
		}
	})
}

func sameCounts(a, b map[string]int) bool {
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return len(a) == len(b)
}

func TestApplicationExpiresAtItsDeadline(t *testing.T) {
	storetest.ForEachDialect(t, func(t *testing.T, d store.Dialect) {
		e := newEnv(t, d)
		staff := e.counselor(t)
		js, confirmed, other := e.seeker(t), e.seeker(t), e.seeker(t)
		e.setCapacity(t, 1)
		r, err := e.svc.CreateApplication(staff, e.application(js, may7, ""), "")
		if err != nil {
			t.Fatal(err)
		}
		kept, err := e.svc.CreateApplication(staff, e.application(confirmed, may7.Add(time.Hour), ""), "")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.RecordReply(staff, kept.ID); err != nil {
			t.Fatalf("RecordReply: %v", err)
		}
		_, err = e.svc.RecordReply(staff, kept.ID)
		wantCode(t, "RecordReply twice", err, apperr.Conflict, "")
		e.Mails(t)

		e.Clock.Set(r.ConfirmBy) // exactly at the deadline: still in time
		if n, err := e.svc.ExpireApplications(e.ctx); err != nil || n != 0 {
			t.Fatalf("expiry at the deadline = %d, %v; want 0", n, err)
		}
		e.Clock.Set(r.ConfirmBy.Add(time.Second))
		if n, err := e.svc.ExpireApplications(e.ctx); err != nil || n != 1 {
			t.Fatalf("expiry after the deadline = %d, %v; want 1", n, err)
		}
		got, _ := e.svc.Reservation(staff, r.ID)
		if got.Status != booking.Expired {
			t.Errorf("application = %s, want EXPIRED", got.Status)
		}
		if k, _ := e.svc.Reservation(staff, kept.ID); k.Status != booking.Confirmed {
			t.Errorf("the confirmed application = %s, want CONFIRMED", k.Status)
		}
		if ms := e.Mails(t); len(ms) != 1 || ms[0].To != js.acct.Email || !strings.Contains(ms[0].Subject, "無効") {
			t.Errorf("expiry mails = %+v, want one to the job seeker", ms)
		}
		// The seat is free again: someone else can take it (inside the
		// notice period only staff can, with a reason).
		if _, err := e.svc.CreateApplication(staff, e.application(other, may7, "本人から電話で強い希望"), ""); err != nil {
			t.Errorf("booking the freed seat: %v", err)
		}
	})
}

func TestApplicationInsideTheNoticePeriod(t *testing.T) {
	storetest.ForEachDialect(t, func(t *testing.T, d store.Dialect) {
		e := newEnv(t, d)
		staff := e.counselor(t)
		js := e.seeker(t)
		e.Clock.Set(jst(2026, time.May, 1, 9, 0)) // the notice for 5/7 ended on 4/30
		_, err := e.svc.CreateApplication(staff, e.application(js, may7, ""), "")
		wantCode(t, "application inside the notice period without a reason", err, apperr.TooLate, "")
		r, err := e.svc.CreateApplication(staff, e.application(js, may7, "急ぎの応募書類の相談"), "")
		if err != nil {
			t.Fatalf("with a reason: %v", err)
		}
		if !r.ConfirmBy.Equal(may7) || r.OverrideNoticeReason != "急ぎの応募書類の相談" {
			t.Errorf("confirmBy %v, reason %q; want the session start and the reason recorded", r.ConfirmBy, r.OverrideNoticeReason)
		}
	})
}

func TestBookFollowUp(t *testing.T) {
	storetest.ForEachDialect(t, func(t *testing.T, d store.Dialect) {
		e := newEnv(t, d)
		staff := e.counselor(t)
		js, other := e.seeker(t), e.seeker(t)
		first := e.book(t, js, may7)
		next := jst(2026, time.May, 8, 10, 0) // tomorrow: well inside the notice period
		in := booking.FollowUpInput{JobSeekerID: js.acct.ID, FromReservationID: first.ID, StartsAt: next, Consultation: "面接の練習"}

		e.Clock.Set(may7.Add(-time.Minute))
		_, err := e.svc.BookFollowUp(staff, in, "")
		wantCode(t, "a follow-up before the session started", err, apperr.Conflict, "")
		if _, err := e.svc.StartSession(staff, first.ID); err != nil {
			t.Fatal(err)
		}
		_, err = e.svc.BookFollowUp(js.ctx, in, "")
		wantCode(t, "a follow-up booked by the job seeker", err, apperr.Forbidden, "")
		bad := in
		bad.JobSeekerID = other.acct.ID
		_, err = e.svc.BookFollowUp(staff, bad, "")
		wantCode(t, "a follow-up for someone else's session", err, apperr.Validation, "input.fromReservationId")
		e.Mails(t)

		// Confirmed at once, though the job seeker's current session is
		// still active and the notice period has long passed.
		got, err := e.svc.BookFollowUp(staff, in, "")
		if err != nil || got.Status != booking.Confirmed || got.Channel != booking.DuringSession || got.SelfBooked {
			t.Fatalf("BookFollowUp = %+v, %v", got, err)
		}
		if ms := e.Mails(t); len(ms) != 1 || ms[0].To != js.acct.Email || !strings.Contains(ms[0].Body, "2026年5月8日(金) 10:00") {
			t.Errorf("follow-up mails = %d, want the confirmation with the date", len(ms))
		}
		e.Accounts.Notices = e.Store
		page, err := e.Accounts.MyNotifications(js.ctx, 1, "")
		if err != nil || len(page.Items) != 1 || !strings.Contains(page.Items[0].Body, "2026年5月8日(金) 10:00") {
			t.Errorf("My Page after the follow-up = %+v, %v; want its details", page.Items, err)
		}
		// Capacity still binds.
		e.setCapacity(t, 1)
		if _, err := e.svc.CompleteSession(staff, first.ID, ""); err != nil {
			t.Fatal(err)
		}
		e.book(t, other, jst(2026, time.May, 12, 10, 0))
		full := in
		full.StartsAt = jst(2026, time.May, 12, 10, 0)
		_, err = e.svc.BookFollowUp(staff, full, "")
		wantCode(t, "a follow-up in a full slot", err, apperr.SlotFull, "")
	})
}
