package booking_test

import (
	"context"
	"encoding/base64"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"soudan/internal/account"
	"soudan/internal/apperr"
	"soudan/internal/auth"
	"soudan/internal/booking"
	"soudan/internal/calendar"
	"soudan/internal/meeting"
	"soudan/internal/office"
	"soudan/internal/store"
	"soudan/internal/store/storetest"
	"soudan/internal/validate"
)

var (
	today        = calendar.NewDate(2026, time.April, 27)
	horizonDay   = calendar.NewDate(2026, time.June, 26) // today + 60 days
	may7Deadline = jst(2026, time.May, 1, 0, 0)          // 2026-04-30 24:00
	// slotsIn60Days is the number of bookable slots from today to the
	// horizon: 39 office days (4/30, 18 in May after Golden Week, 20 in
	// June up to 6/26) of 17 starts each.
	slotsIn60Days = 39 * 17
)

// slotAt returns the slot starting at t, if listed.
func slotAt(slots []booking.Slot, t time.Time) (booking.Slot, bool) {
	for _, s := range slots {
		if s.StartsAt.Equal(t) {
			return s, true
		}
	}
	return booking.Slot{}, false
}

func TestAvailableSlots(t *testing.T) {
	storetest.ForEachDialect(t, func(t *testing.T, d store.Dialect) {
		e := newEnv(t, d)
		slots := func(t *testing.T, ctx context.Context) []booking.Slot {
			t.Helper()
			got, err := e.svc.AvailableSlots(ctx, today, horizonDay)
			if err != nil {
				t.Fatalf("AvailableSlots(%v, %v) error: %v", today, horizonDay, err)
			}
			return got
		}
		got := slots(t, e.ctx) // anonymous callers may ask
		if len(got) != slotsIn60Days {
			t.Fatalf("AvailableSlots(%v, %v) = %d slots, want %d", today, horizonDay, len(got), slotsIn60Days)
		}
		for i, s := range got {
			d := calendar.DateOf(s.StartsAt, tokyo)
			if d.Before(calendar.NewDate(2026, time.April, 30)) || d.After(horizonDay) ||
				(!d.Before(calendar.NewDate(2026, time.May, 2)) && !d.After(calendar.NewDate(2026, time.May, 6))) {
				t.Errorf("AvailableSlots has a slot at %v: closed, past its deadline or beyond the horizon", s.StartsAt)
			}
			if s.Remaining != 2 || s.Capacity != 2 || !s.EndsAt.Equal(s.StartsAt.Add(30*time.Minute)) || !s.ConfirmBy.After(start) {
				t.Errorf("AvailableSlots slot %+v, want 2 of 2 seats free, 30 minutes, deadline ahead", s)
			}
			if i > 0 && !s.StartsAt.After(got[i-1].StartsAt) {
				t.Errorf("AvailableSlots: %v after %v, want ascending starts", s.StartsAt, got[i-1].StartsAt)
			}
		}
		want := []booking.Slot{
			{StartsAt: jst(2026, time.April, 30, 8, 30), EndsAt: jst(2026, time.April, 30, 9, 0), Capacity: 2, Remaining: 2, ConfirmBy: jst(2026, time.April, 28, 0, 0)},
			{StartsAt: jst(2026, time.May, 1, 16, 30), EndsAt: jst(2026, time.May, 1, 17, 0), Capacity: 2, Remaining: 2, ConfirmBy: jst(2026, time.April, 29, 0, 0)},
			{StartsAt: may7, EndsAt: jst(2026, time.May, 7, 10, 30), Capacity: 2, Remaining: 2, ConfirmBy: may7Deadline},
			{StartsAt: jst(2026, time.June, 26, 16, 30), EndsAt: jst(2026, time.June, 26, 17, 0), Capacity: 2, Remaining: 2, ConfirmBy: jst(2026, time.June, 25, 0, 0)},
		}
		for _, w := range want {
			s, ok := slotAt(got, w.StartsAt)
			if !ok {
				t.Errorf("AvailableSlots has no slot at %v", w.StartsAt)
				continue
			}
			if diff := cmp.Diff(w, s); diff != "" {
				t.Errorf("AvailableSlots slot at %v mismatch (-want +got):\n%s", w.StartsAt, diff)
			}
		}

		// A booked seat lowers remaining; a full slot stays listed with no
		// seat remaining (満席); a cancellation frees a seat again.
		js := e.seekers(t, 4)
		// The first and the last slot of the range count their seats too.
		firstSlot, lastSlot := jst(2026, time.April, 30, 8, 30), jst(2026, time.June, 26, 16, 30)
		e.book(t, js[2], firstSlot)
		e.book(t, js[3], lastSlot)
		got = slots(t, e.ctx)
		for _, at := range []time.Time{firstSlot, lastSlot} {
			if s, ok := slotAt(got, at); !ok || s.Remaining != 1 {
				t.Errorf("after booking %v, its slot = %+v (listed %v), want 1 seat remaining", at, s, ok)
			}
		}
		first := e.book(t, js[0], may7)
		got = slots(t, js[1].ctx)
		if s, ok := slotAt(got, may7); !ok || s.Remaining != 1 {
			t.Errorf("after one booking, slot %v = %+v (listed %v), want 1 seat remaining", may7, s, ok)
		}
		if len(got) != slotsIn60Days {
			t.Errorf("after one booking, %d slots, want %d", len(got), slotsIn60Days)
		}
		e.book(t, js[1], may7)
		got = slots(t, e.ctx)
		if s, ok := slotAt(got, may7); !ok || s.Remaining != 0 || s.Capacity != 2 {
			t.Errorf("full slot %v = %+v (listed %v), want listed with 0 of 2 seats remaining", may7, s, ok)
		}
		if len(got) != slotsIn60Days {
			t.Errorf("after filling one slot, %d slots, want %d (full slots stay listed)", len(got), slotsIn60Days)
		}
		for _, s := range got {
			if s.Remaining != 2 && !s.StartsAt.Equal(firstSlot) && !s.StartsAt.Equal(lastSlot) && !s.StartsAt.Equal(may7) {
				t.Errorf("slot %v has %d seats remaining, want 2: it was not booked", s.StartsAt, s.Remaining)
			}
		}
		e.cancel(t, js[0], first.ID)
		if s, ok := slotAt(slots(t, e.ctx), may7); !ok || s.Remaining != 1 {
			t.Errorf("after a cancellation, slot %v = %+v (listed %v), want 1 seat remaining", may7, s, ok)
		}

		// A capacity change applies at once.
		e.setCapacity(t, 3)
		if s, ok := slotAt(slots(t, e.ctx), may7); !ok || s.Remaining != 2 || s.Capacity != 3 {
			t.Errorf("with capacity 3, slot %v = %+v (listed %v), want 2 of 3 seats remaining", may7, s, ok)
		}

		// The range is bounded.
		_, err := e.svc.AvailableSlots(e.ctx, today, today.AddDays(booking.MaxSlotDays))
		wantCode(t, "AvailableSlots(63 days)", err, apperr.Validation, "to")
		_, err = e.svc.AvailableSlots(e.ctx, today.AddDays(1), today)
		wantCode(t, "AvailableSlots(from after to)", err, apperr.Validation, "to")
		if got, err := e.svc.AvailableSlots(e.ctx, calendar.NewDate(2026, time.May, 2), calendar.NewDate(2026, time.May, 6)); err != nil || len(got) != 0 {
			t.Errorf("AvailableSlots(Golden Week) = %d slots, %v; want none", len(got), err)
		}
	})
}

func TestRequestReservation(t *testing.T) {
	storetest.ForEachDialect(t, func(t *testing.T, d store.Dialect) {
		e := newEnv(t, d)
		js := e.seeker(t)
		before := e.counts(t)
		in := e.input(js, may7)
		in.Phone = "０９８６－２２－１２３４" // full-width, normalised
		got, err := e.svc.RequestReservation(js.ctx, in, "")
		if err != nil {
			t.Fatalf("RequestReservation error: %v", err)
		}
		now := e.Clock.Now()
		if got.ID <= 0 || got.Status != booking.Confirmed || got.Channel != booking.Site || !got.SelfBooked ||
			got.JobSeekerID != js.acct.ID || got.OfficeID != e.officeID || got.Seat != 1 || got.Version != 1 {
			t.Errorf("RequestReservation = %+v, want a CONFIRMED SITE self-booking of job seeker %d in seat 1, version 1", got, js.acct.ID)
		}
		if !got.StartsAt.Equal(may7) || !got.EndsAt.Equal(may7.Add(30*time.Minute)) || !got.ConfirmBy.Equal(may7Deadline) {
			t.Errorf("RequestReservation times = %v–%v, confirm by %v; want %v–%v, by %v",
				got.StartsAt, got.EndsAt, got.ConfirmBy, may7, may7.Add(30*time.Minute), may7Deadline)
		}
		if got.ConfirmedAt == nil || !got.ConfirmedAt.Equal(now) {
			t.Errorf("RequestReservation ConfirmedAt = %v, want %v", got.ConfirmedAt, now)
		}
		if got.TermsVersionID != e.current.ID {
			t.Errorf("RequestReservation TermsVersionID = %d, want %d (in force)", got.TermsVersionID, e.current.ID)
		}
		wantApp := booking.Reservation{Name: in.Name, Phone: validate.Phone{E164: "+81986221234"},
			Consultation: in.Consultation, Companion: booking.Companion{Kind: booking.NoCompanion}}
		gotApp := booking.Reservation{Name: got.Name, Phone: validate.Phone{E164: got.Phone.E164},
			Consultation: got.Consultation, Companion: got.Companion}
		if diff := cmp.Diff(wantApp, gotApp); diff != "" {
			t.Errorf("RequestReservation application mismatch (-want +got):\n%s", diff)
		}
		if got.Meeting != nil {
			t.Errorf("RequestReservation Meeting = %+v, want nil with no booth configured", got.Meeting)
		}

		// Read back as the job seeker: the same reservation.
		read, err := e.svc.Reservation(js.ctx, got.ID)
		if err != nil || read == nil {
			t.Fatalf("Reservation(%d) = %v, %v; want it", got.ID, read, err)
		}
		if diff := cmp.Diff(got, *read); diff != "" {
			t.Errorf("Reservation(%d) differs from what RequestReservation returned (-created +read):\n%s", got.ID, diff)
		}

		// Exactly one mail, to the job seeker, with the date in Japanese and
		// the terms.
		ms := e.Mails(t)
		if len(ms) != 1 {
			t.Fatalf("RequestReservation queued %d mails, want 1", len(ms))
		}
		m := ms[0]
		if m.To != js.acct.Email {
			t.Errorf("confirmation mail to %q, want %q", m.To, js.acct.Email)
		}
		for _, want := range []string{"2026年5月7日(木) 10:00", "令和7年3月10日改訂", publicURL + "/terms",
			fmt.Sprintf("%s/reservations/%d", publicURL, got.ID), in.Name} {
			if !strings.Contains(m.Body, want) {
				t.Errorf("confirmation mail body has no %q:\n%s", want, m.Body)
			}
		}
		if !strings.Contains(m.Subject, "2026年5月7日(木) 10:00") || !strings.Contains(m.Subject, "確定") {
			t.Errorf("confirmation mail subject = %q, want the date and 確定", m.Subject)
		}

		// One row in each table (the mail is counted before it was sent).
		after := e.counts(t)
		wantAdded := map[string]int{"reservations": 1, "slot_seats": 1, "terms_consents": 1, "mail_outbox": 1, "idempotency_keys": 0, "events": 1}
		for _, table := range bookingTables {
			if d := after[table] - before[table]; d != wantAdded[table] {
				t.Errorf("RequestReservation added %d rows to %s, want %d", d, table, wantAdded[table])
			}
		}
		if n := e.count(t, "SELECT COUNT(*) FROM terms_consents WHERE account_id = ? AND terms_version_id = ? AND reservation_id = ? AND channel = 'SITE'",
			js.acct.ID, e.current.ID, got.ID); n != 1 {
			t.Errorf("terms_consents rows for the reservation = %d, want 1", n)
		}
		if n := e.count(t, "SELECT COUNT(*) FROM slot_seats WHERE reservation_id = ? AND seat = 1", got.ID); n != 1 {
			t.Errorf("slot_seats rows for the reservation in seat 1 = %d, want 1", n)
		}
		if n := e.count(t, "SELECT COUNT(*) FROM events WHERE reservation_id = ? AND type = ?", got.ID, booking.EventCreated); n != 1 {
			t.Errorf("%s events of the reservation = %d, want 1", booking.EventCreated, n)
		}
	})
}

func TestRequestReservationCompanionAndSealing(t *testing.T) {
	storetest.ForEachDialect(t, func(t *testing.T, d store.Dialect) {
		e := newEnv(t, d)
		tests := []struct {
			name      string
			companion *booking.Companion
			want      booking.Companion
		}{
			{name: "none given", companion: nil, want: booking.Companion{Kind: booking.NoCompanion}},
			{name: "interpreter with a note", companion: &booking.Companion{Kind: booking.Interpreter, Note: "  ベトナム語の通訳（グエン）が同席します  "},
				want: booking.Companion{Kind: booking.Interpreter, Note: "ベトナム語の通訳（グエン）が同席します"}},
			{name: "helper without a note", companion: &booking.Companion{Kind: booking.Helper}, want: booking.Companion{Kind: booking.Helper}},
			{name: "other", companion: &booking.Companion{Kind: booking.Other, Note: "家族（母）"}, want: booking.Companion{Kind: booking.Other, Note: "家族（母）"}},
		}
		for i, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				js := e.seeker(t)
				in := e.input(js, jst(2026, time.May, 8, 9+i, 0))
				in.Companion = tt.companion
				// Exactly 1000 characters, the most allowed.
				in.Consultation = fmt.Sprintf("介護職への転職について%d。\n面接の練習も希望します。", i)
				in.Consultation += strings.Repeat("相", 1000-utf8.RuneCountInString(in.Consultation))
				r, err := e.svc.RequestReservation(js.ctx, in, "")
				if err != nil {
					t.Fatalf("RequestReservation(companion %+v) error: %v", tt.companion, err)
				}
				if diff := cmp.Diff(tt.want, r.Companion); diff != "" {
					t.Errorf("RequestReservation companion mismatch (-want +got):\n%s", diff)
				}
				read, err := e.svc.Reservation(js.ctx, r.ID)
				if err != nil || read == nil {
					t.Fatalf("Reservation(%d) = %v, %v", r.ID, read, err)
				}
				if diff := cmp.Diff(tt.want, read.Companion); diff != "" {
					t.Errorf("Reservation companion read back mismatch (-want +got):\n%s", diff)
				}
				if read.Consultation != in.Consultation || read.Phone.E164 != "+81986221234" {
					t.Errorf("Reservation read back consultation of %d characters, phone %q; want what was sent", utf8.RuneCountInString(read.Consultation), read.Phone.E164)
				}

				// The personal fields are sealed at rest.
				var phone, consultation, note string
				if err := e.Store.DB().QueryRow(
					"SELECT phone_sealed, consultation_sealed, COALESCE(companion_note_sealed, '') FROM reservations WHERE id = ?", r.ID,
				).Scan(&phone, &consultation, &note); err != nil {
					t.Fatalf("read raw reservation: %v", err)
				}
				for _, leak := range []string{"986221234", "+81", "介護職", "相相相", "面接"} {
					if strings.Contains(phone, leak) || strings.Contains(consultation, leak) || strings.Contains(note, leak) {
						t.Errorf("raw reservations row holds %q in plain text", leak)
					}
				}
				if tt.want.Note != "" && (note == "" || strings.Contains(note, tt.want.Note) || strings.Contains(note, "通訳")) {
					t.Errorf("raw companion_note_sealed = %q, want the note sealed", note)
				}
				if phone == "" || consultation == "" {
					t.Errorf("raw phone_sealed %q, consultation_sealed %q; want both set", phone, consultation)
				}
			})
		}
	})
}

func TestRequestReservationRejected(t *testing.T) {
	storetest.ForEachDialect(t, func(t *testing.T, d store.Dialect) {
		e := newEnv(t, d)
		e.setCapacity(t, 1)
		ctx := context.Background()
		full := jst(2026, time.May, 8, 10, 0)
		js := e.seekers(t, 3)
		holder, other, booker := js[0], js[1], js[2]
		e.book(t, holder, full)
		e.book(t, booker, jst(2026, time.May, 11, 10, 0))

		// Job seekers who may not book.
		unverifiedEmail := e.signUp(t)
		e.Mails(t)
		e.verifyRegistration(t, unverifiedEmail)
		unverifiedRegistration := e.signUp(t)
		e.verifyEmail(t, unverifiedRegistration)
		suspended := e.seeker(t)
		noEmail := seeker{acct: e.reloadAccount(t, unverifiedEmail.ID), ctx: e.as(t, unverifiedEmail.Email)}
		noRegistration := seeker{acct: e.reloadAccount(t, unverifiedRegistration.ID), ctx: e.as(t, unverifiedRegistration.Email)}
		if _, err := e.Accounts.Suspend(e.admin(t), suspended.acct.ID, "相談中の暴言", nil); err != nil {
			t.Fatalf("Suspend error: %v", err)
		}
		counselor := e.counselor(t)
		e.Mails(t)

		tests := []struct {
			name  string
			who   seeker
			ctx   context.Context // overrides who.ctx
			now   time.Time       // overrides the clock
			edit  func(*booking.ReservationInput)
			key   string
			code  apperr.Code
			field string
		}{
			{name: "office closed", who: other, edit: at(jst(2026, time.May, 4, 10, 0)), code: apperr.OfficeClosed},
			{name: "outside hours, off the grid", who: other, edit: at(jst(2026, time.May, 7, 10, 10)), code: apperr.OutsideHours},
			{name: "outside hours, after closing", who: other, edit: at(jst(2026, time.May, 7, 17, 0)), code: apperr.OutsideHours},
			{name: "too late, inside the notice period", who: other, edit: at(jst(2026, time.April, 28, 10, 0)), code: apperr.TooLate},
			{name: "too late, 1µs after 4/30 24:00 for 5/7", who: other, now: may7Deadline.Add(time.Microsecond), edit: at(may7), code: apperr.TooLate},
			{name: "too late, 5/1 after 4/28 24:00", who: other, now: jst(2026, time.April, 29, 0, 1), edit: at(jst(2026, time.May, 1, 10, 0)), code: apperr.TooLate},
			{name: "too far, 63 days ahead", who: other, edit: at(jst(2026, time.June, 29, 10, 0)), code: apperr.TooFar},
			{name: "slot full", who: other, edit: at(full), code: apperr.SlotFull},
			{name: "already booked", who: booker, edit: at(may7), code: apperr.AlreadyBooked},
			{name: "e-mail not confirmed", who: noEmail, code: apperr.NotEligible},
			{name: "registration not confirmed", who: noRegistration, code: apperr.NotEligible},
			{name: "suspended", who: suspended, code: apperr.Suspended},
			{name: "outdated terms", who: other, edit: func(in *booking.ReservationInput) { in.AgreedTermsID = e.terms[0].ID }, code: apperr.TermsOutdated},
			{name: "unknown terms", who: other, edit: func(in *booking.ReservationInput) { in.AgreedTermsID = e.current.ID + 1000 }, code: apperr.TermsOutdated},
			{name: "name of someone else", who: other, edit: func(in *booking.ReservationInput) { in.Name = "別人 花子" }, code: apperr.Validation, field: "input.name"},
			{name: "name blank", who: other, edit: func(in *booking.ReservationInput) { in.Name = " \u3000 " }, code: apperr.Validation, field: "input.name"},
			{name: "name with a control character", who: other, edit: func(in *booking.ReservationInput) { in.Name = "求職\x00太郎" }, code: apperr.Validation, field: "input.name"},
			{name: "phone free dial 0120", who: other, edit: func(in *booking.ReservationInput) { in.Phone = "0120-123-456" }, code: apperr.Validation, field: "input.phone"},
			{name: "phone empty", who: other, edit: func(in *booking.ReservationInput) { in.Phone = "" }, code: apperr.Validation, field: "input.phone"},
			{name: "consultation empty", who: other, edit: func(in *booking.ReservationInput) { in.Consultation = "" }, code: apperr.Validation, field: "input.consultation"},
			{name: "consultation 1001 characters", who: other, edit: func(in *booking.ReservationInput) { in.Consultation = strings.Repeat("相", 1001) }, code: apperr.Validation, field: "input.consultation"},
			{name: "consultation invalid UTF-8", who: other, edit: func(in *booking.ReservationInput) { in.Consultation = "相談\xff" }, code: apperr.Validation, field: "input.consultation"},
			{name: "job-seeker number of another account", who: other, edit: func(in *booking.ReservationInput) { in.JobSeekerNumber = holder.acct.JobSeeker.Number }, code: apperr.Validation, field: "input.jobSeekerNumber"},
			{name: "job-seeker number malformed", who: other, edit: func(in *booking.ReservationInput) { in.JobSeekerNumber = "45040" }, code: apperr.Validation, field: "input.jobSeekerNumber"},
			{name: "companion kind unknown", who: other, edit: func(in *booking.ReservationInput) { in.Companion = &booking.Companion{Kind: "FRIEND"} }, code: apperr.Validation, field: "input.companion.kind"},
			{name: "companion note too long", who: other, edit: func(in *booking.ReservationInput) {
				in.Companion = &booking.Companion{Kind: booking.Interpreter, Note: strings.Repeat("通", 501)}
			}, code: apperr.Validation, field: "input.companion.note"},
			{name: "idempotency key with a space", who: other, key: "a b", code: apperr.Validation, field: "idempotencyKey"},
			{name: "idempotency key too long", who: other, key: strings.Repeat("k", booking.MaxIdempotencyKey+1), code: apperr.Validation, field: "idempotencyKey"},
			{name: "anonymous", who: other, ctx: e.ctx, code: apperr.Unauthenticated},
			{name: "no request context at all", who: other, ctx: ctx, code: apperr.Unauthenticated},
			{name: "administrator", who: other, ctx: e.admin(t), code: apperr.Forbidden},
			{name: "counselor", who: other, ctx: counselor, code: apperr.Forbidden},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				in := e.input(tt.who, jst(2026, time.May, 12, 10, 0))
				if tt.edit != nil {
					tt.edit(&in)
				}
				ctx := tt.who.ctx
				if tt.ctx != nil {
					ctx = tt.ctx
				}
				if !tt.now.IsZero() {
					e.Clock.Set(tt.now)
					defer e.Clock.Set(start)
				}
				key := tt.key
				if key == "" {
					key = "same-key-every-time"
				}
				before := e.counts(t)
				r, err := e.svc.RequestReservation(ctx, in, key)
				wantCode(t, "RequestReservation", err, tt.code, tt.field)
				if err == nil {
					t.Errorf("RequestReservation = %+v, want no reservation", r)
				}
				if diff := cmp.Diff(before, e.counts(t)); diff != "" {
					t.Errorf("a rejected RequestReservation wrote rows (-before +after):\n%s", diff)
				}
			})
		}

		// No rejection used up the key: the same key books now.
		r, err := e.svc.RequestReservation(other.ctx, e.input(other, jst(2026, time.May, 12, 10, 0)), "same-key-every-time")
		if err != nil || r.Status != booking.Confirmed {
			t.Errorf("RequestReservation after the rejections = %+v, %v; want CONFIRMED", r, err)
		}
		// Reinstated, the suspended job seeker may book again.
		if _, err := e.Accounts.Reinstate(e.admin(t), suspended.acct.ID, ""); err != nil {
			t.Fatalf("Reinstate error: %v", err)
		}
		if _, err := e.svc.RequestReservation(suspended.ctx, e.input(suspended, jst(2026, time.May, 13, 10, 0)), ""); err != nil {
			t.Errorf("RequestReservation after reinstatement error: %v", err)
		}
	})
}

// at sets the input's start.
func at(t time.Time) func(*booking.ReservationInput) {
	return func(in *booking.ReservationInput) { in.StartsAt = t }
}

// reloadAccount reads an account straight from the store.
func (e *env) reloadAccount(tb testing.TB, id int64) account.Account {
	tb.Helper()
	a, err := e.Store.AccountByID(context.Background(), id)
	if err != nil {
		tb.Fatalf("AccountByID(%d) error: %v", id, err)
	}
	return a
}

func TestRequestReservationIdempotency(t *testing.T) {
	storetest.ForEachDialect(t, func(t *testing.T, d store.Dialect) {
		e := newEnv(t, d)
		js := e.seekers(t, 2)
		a, b := js[0], js[1]
		var wakes, published atomic.Int32
		e.svc.MailQueued = func() { wakes.Add(1) }
		e.svc.Published = func() { published.Add(1) }
		in := e.input(a, may7)
		first, err := e.svc.RequestReservation(a.ctx, in, "req-1")
		if err != nil {
			t.Fatalf("RequestReservation(key req-1) error: %v", err)
		}
		if n := len(e.Mails(t)); n != 1 {
			t.Fatalf("first request queued %d mails, want 1", n)
		}
		if n := e.count(t, "SELECT COUNT(*) FROM idempotency_keys WHERE account_id = ? AND idem_key = 'req-1' AND reservation_id = ?", a.acct.ID, first.ID); n != 1 {
			t.Errorf("idempotency_keys rows for req-1 = %d, want 1 naming reservation %d", n, first.ID)
		}

		before := e.counts(t)
		again, err := e.svc.RequestReservation(a.ctx, in, "req-1")
		if err != nil {
			t.Fatalf("replayed RequestReservation error: %v", err)
		}
		if diff := cmp.Diff(first, again); diff != "" {
			t.Errorf("replayed RequestReservation differs from the first result (-first +replay):\n%s", diff)
		}
		if diff := cmp.Diff(before, e.counts(t)); diff != "" {
			t.Errorf("replayed RequestReservation wrote rows (-before +after):\n%s", diff)
		}
		if n := len(e.Mails(t)); n != 0 {
			t.Errorf("replayed RequestReservation queued %d mails, want 0", n)
		}
		if n := wakes.Load(); n != 1 {
			t.Errorf("MailQueued called %d times after a booking and its replay, want 1", n)
		}

		for name, edit := range map[string]func(*booking.ReservationInput){
			"another start":        at(jst(2026, time.May, 7, 11, 0)),
			"another consultation": func(in *booking.ReservationInput) { in.Consultation += "追記" },
			"another companion":    func(in *booking.ReservationInput) { in.Companion = &booking.Companion{Kind: booking.Helper} },
		} {
			changed := in
			edit(&changed)
			before := e.counts(t)
			_, err := e.svc.RequestReservation(a.ctx, changed, "req-1")
			wantCode(t, "RequestReservation(same key, "+name+")", err, apperr.Conflict, "")
			if diff := cmp.Diff(before, e.counts(t)); diff != "" {
				t.Errorf("RequestReservation(same key, %s) wrote rows (-before +after):\n%s", name, diff)
			}
		}

		// Another account uses the same key independently.
		other, err := e.svc.RequestReservation(b.ctx, e.input(b, may7), "req-1")
		if err != nil {
			t.Fatalf("RequestReservation(key req-1) by another job seeker error: %v", err)
		}
		if other.ID == first.ID || other.JobSeekerID != b.acct.ID || other.Seat != 2 {
			t.Errorf("RequestReservation by another job seeker = %+v, want a new reservation of %d in seat 2", other, b.acct.ID)
		}
		if n := len(e.Mails(t)); n != 1 {
			t.Errorf("another job seeker's request queued %d mails, want 1", n)
		}
		if n := wakes.Load(); n != 2 {
			t.Errorf("MailQueued called %d times after two bookings, a replay and conflicts, want 2", n)
		}
		if n := published.Load(); n != 2 {
			t.Errorf("Published called %d times after two bookings, a replay and conflicts, want 2", n)
		}

		// Without a key nothing is remembered.
		e.cancel(t, a, first.ID)
		before = e.counts(t)
		if _, err := e.svc.RequestReservation(a.ctx, e.input(a, jst(2026, time.May, 8, 9, 0)), ""); err != nil {
			t.Fatalf("RequestReservation without key error: %v", err)
		}
		if got := e.counts(t)["idempotency_keys"]; got != before["idempotency_keys"] {
			t.Errorf("RequestReservation without key: idempotency_keys %d → %d, want unchanged", before["idempotency_keys"], got)
		}
	})
}

func TestCancel(t *testing.T) {
	storetest.ForEachDialect(t, func(t *testing.T, d store.Dialect) {
		e := newEnv(t, d)
		e.setCapacity(t, 1)
		js := e.seekers(t, 2)
		a, b := js[0], js[1]
		counselor := e.counselor(t)
		r := e.book(t, a, may7)
		e.Mails(t)
		_, err := e.svc.RequestReservation(b.ctx, e.input(b, may7), "")
		wantCode(t, "RequestReservation(full slot)", err, apperr.SlotFull, "")

		t.Run("job seeker", func(t *testing.T) {
			site := booking.Site
			c, err := e.svc.Cancel(a.ctx, r.ID, "  都合が悪くなりました  ", &site)
			if err != nil {
				t.Fatalf("Cancel(own) error: %v", err)
			}
			now := e.Clock.Now()
			if c.Status != booking.Cancelled || c.CancelChannel == nil || *c.CancelChannel != booking.Site ||
				c.CancelledAt == nil || !c.CancelledAt.Equal(now) || c.Version != r.Version+1 || c.CancelReason != "都合が悪くなりました" {
				t.Errorf("Cancel(own) = %+v, want CANCELLED by SITE at %v, version %d, reason trimmed", c, now, r.Version+1)
			}
			read, err := e.svc.Reservation(a.ctx, r.ID)
			if err != nil || read == nil {
				t.Fatalf("Reservation(%d) = %v, %v", r.ID, read, err)
			}
			if diff := cmp.Diff(c, *read); diff != "" {
				t.Errorf("Reservation after Cancel differs from Cancel's result (-cancel +read):\n%s", diff)
			}
			if n := e.count(t, "SELECT COUNT(*) FROM slot_seats WHERE reservation_id = ?", r.ID); n != 0 {
				t.Errorf("slot_seats rows of the cancelled reservation = %d, want 0", n)
			}
			if diff := cmp.Diff([]string{booking.EventCreated, booking.EventCancelled}, e.queueEvents(t, r.ID)); diff != "" {
				t.Errorf("queue events of the cancelled reservation mismatch (-want +got):\n%s", diff)
			}
			ms := e.Mails(t)
			if len(ms) != 1 || ms[0].To != a.acct.Email || !strings.Contains(ms[0].Subject, "取り消") ||
				!strings.Contains(ms[0].Body, "2026年5月7日(木) 10:00") {
				t.Errorf("Cancel(own) mails = %+v, want one cancellation mail to %s with the date", ms, a.acct.Email)
			}
		})

		t.Run("seat freed and self-booking lifted", func(t *testing.T) {
			rb := e.book(t, b, may7)
			if rb.Seat != 1 {
				t.Errorf("booking of the freed slot got seat %d, want 1", rb.Seat)
			}
			ra := e.book(t, a, jst(2026, time.May, 8, 10, 0))
			if ra.Status != booking.Confirmed {
				t.Errorf("new booking after cancelling = %+v, want CONFIRMED", ra)
			}
			_, err := e.svc.RequestReservation(a.ctx, e.input(a, jst(2026, time.May, 11, 10, 0)), "")
			wantCode(t, "RequestReservation(second active booking)", err, apperr.AlreadyBooked, "")
			e.Mails(t)
		})

		t.Run("twice", func(t *testing.T) {
			before := e.counts(t)
			_, err := e.svc.Cancel(a.ctx, r.ID, "", nil)
			wantCode(t, "Cancel(cancelled)", err, apperr.Conflict, "")
			if diff := cmp.Diff(before, e.counts(t)); diff != "" {
				t.Errorf("Cancel(cancelled) wrote rows (-before +after):\n%s", diff)
			}
		})

		t.Run("job seeker channels", func(t *testing.T) {
			ra := e.activeOf(t, a)
			for _, ch := range []booking.Channel{booking.Phone, booking.Email, booking.DuringSession} {
				_, err := e.svc.Cancel(a.ctx, ra.ID, "", &ch)
				wantCode(t, fmt.Sprintf("Cancel(own, channel %s)", ch), err, apperr.Validation, "channel")
			}
			if got := e.activeOf(t, a); got.Status != booking.Confirmed || got.Version != ra.Version {
				t.Errorf("after refused cancels, reservation = %+v, want unchanged", got)
			}
		})

		t.Run("staff", func(t *testing.T) {
			rb := e.activeOf(t, b)
			site, phone := booking.Site, booking.Phone
			before := e.counts(t)
			_, err := e.svc.Cancel(counselor, rb.ID, "", &phone)
			wantCode(t, "Cancel(staff, PHONE, no reason)", err, apperr.Validation, "reason")
			_, err = e.svc.Cancel(counselor, rb.ID, "   ", nil)
			wantCode(t, "Cancel(staff, blank reason)", err, apperr.Validation, "reason")
			_, err = e.svc.Cancel(counselor, rb.ID, "電話で連絡あり", &site)
			wantCode(t, "Cancel(staff, SITE)", err, apperr.Validation, "channel")
			if diff := cmp.Diff(before, e.counts(t)); diff != "" {
				t.Errorf("refused staff cancels wrote rows (-before +after):\n%s", diff)
			}

			c, err := e.svc.Cancel(counselor, rb.ID, "電話で連絡あり", &phone)
			if err != nil {
				t.Fatalf("Cancel(staff, PHONE) error: %v", err)
			}
			if c.Status != booking.Cancelled || c.CancelChannel == nil || *c.CancelChannel != booking.Phone ||
				c.CancelReason != "電話で連絡あり" || c.Version != rb.Version+1 {
				t.Errorf("Cancel(staff, PHONE) = %+v, want CANCELLED by PHONE with the reason", c)
			}
			ms := e.Mails(t)
			if len(ms) != 1 || ms[0].To != b.acct.Email {
				t.Errorf("Cancel(staff) mails = %+v, want one to the job seeker %s", ms, b.acct.Email)
			}

			// The default staff channel is PHONE; EMAIL is allowed.
			rb2 := e.book(t, b, jst(2026, time.May, 12, 10, 0))
			c, err = e.svc.Cancel(e.admin(t), rb2.ID, "メールで連絡あり", nil)
			if err != nil || c.CancelChannel == nil || *c.CancelChannel != booking.Phone {
				t.Errorf("Cancel(admin, no channel) = %+v, %v; want channel PHONE", c, err)
			}
			email := booking.Email
			rb3 := e.book(t, b, jst(2026, time.May, 13, 10, 0))
			c, err = e.svc.Cancel(counselor, rb3.ID, "メールで連絡あり", &email)
			if err != nil || c.CancelChannel == nil || *c.CancelChannel != booking.Email {
				t.Errorf("Cancel(staff, EMAIL) = %+v, %v; want channel EMAIL", c, err)
			}
			e.Mails(t)
		})

		t.Run("after the start", func(t *testing.T) {
			ra := e.activeOf(t, a)
			defer e.Clock.Set(start)
			e.Clock.Set(ra.StartsAt)
			before := e.counts(t)
			_, err := e.svc.Cancel(a.ctx, ra.ID, "", nil)
			wantCode(t, "Cancel(at the start)", err, apperr.Conflict, "")
			email := booking.Email
			_, err = e.svc.Cancel(counselor, ra.ID, "遅刻の連絡", &email)
			wantCode(t, "Cancel(staff by e-mail, at the start)", err, apperr.Conflict, "")
			e.Clock.Set(ra.StartsAt.Add(time.Hour))
			_, err = e.svc.Cancel(counselor, ra.ID, "遅刻の連絡", nil)
			wantCode(t, "Cancel(staff by phone, an hour after the start)", err, apperr.Conflict, "")
			_, err = e.svc.Cancel(a.ctx, ra.ID, "", nil)
			wantCode(t, "Cancel(after the start)", err, apperr.Conflict, "")
			if diff := cmp.Diff(before, e.counts(t)); diff != "" {
				t.Errorf("refused cancels after the start wrote rows (-before +after):\n%s", diff)
			}
			e.Clock.Set(ra.StartsAt.Add(-time.Microsecond))
			if c, err := e.svc.Cancel(a.ctx, ra.ID, "", nil); err != nil || c.Status != booking.Cancelled {
				t.Errorf("Cancel(1µs before the start) = %+v, %v; want CANCELLED", c, err)
			}
		})

		t.Run("unauthenticated", func(t *testing.T) {
			_, err := e.svc.Cancel(e.ctx, r.ID, "", nil)
			wantCode(t, "Cancel(anonymous)", err, apperr.Unauthenticated, "")
		})
	})
}

// activeOf returns the job seeker's one active reservation.
func (e *env) activeOf(tb testing.TB, js seeker) booking.Reservation {
	tb.Helper()
	p, err := e.svc.MyReservations(js.ctx, booking.MaxPageSize, "")
	if err != nil {
		tb.Fatalf("MyReservations error: %v", err)
	}
	var out []booking.Reservation
	for _, r := range p.Items {
		if r.Status.Active() {
			out = append(out, r)
		}
	}
	if len(out) != 1 {
		tb.Fatalf("job seeker %d has %d active reservations, want 1", js.acct.ID, len(out))
	}
	return out[0]
}

// otherOfficeStaff seeds a second office and returns a request acting as
// its administrator.
func (e *env) otherOfficeStaff(tb testing.TB) context.Context {
	tb.Helper()
	o := office.Default()
	o.Code, o.Name = "46010", "鹿児島公共職業安定所"
	if _, err := e.Store.SeedOffice(context.Background(), o, office.SeedTerms(tokyo), start); err != nil {
		tb.Fatalf("SeedOffice(46010) error: %v", err)
	}
	accounts := *e.Accounts
	accounts.Offices = &office.Service{Store: e.Store, OfficeCode: "46010", Now: e.Clock.Now}
	if _, err := accounts.CreateAdmin(e.ctx, "admin@46010.example.jp", goodPassword, "別所 花子", false); err != nil {
		tb.Fatalf("CreateAdmin(46010) error: %v", err)
	}
	ctx := e.as(tb, "admin@46010.example.jp")
	if actor, _ := auth.ActorFrom(ctx); actor.OfficeID == e.officeID {
		tb.Fatalf("the other office's administrator acts for office %d, the office under test", actor.OfficeID)
	}
	return ctx
}

func TestCrossAccount(t *testing.T) {
	storetest.ForEachDialect(t, func(t *testing.T, d store.Dialect) {
		e := newEnv(t, d)
		js := e.seekers(t, 2)
		owner, stranger := js[0], js[1]
		counselor := e.counselor(t)
		elsewhere := e.otherOfficeStaff(t)
		r := e.book(t, owner, may7)
		theirs := e.book(t, stranger, jst(2026, time.May, 8, 10, 0))
		const missing = int64(1 << 40)

		t.Run("Reservation", func(t *testing.T) {
			tests := []struct {
				name    string
				ctx     context.Context
				id      int64
				visible bool
			}{
				{name: "owner", ctx: owner.ctx, id: r.ID, visible: true},
				{name: "staff of the office", ctx: counselor, id: r.ID, visible: true},
				{name: "administrator of the office", ctx: e.admin(t), id: r.ID, visible: true},
				{name: "another job seeker", ctx: stranger.ctx, id: r.ID},
				{name: "another job seeker, missing id", ctx: stranger.ctx, id: missing},
				{name: "another job seeker, id 0", ctx: stranger.ctx, id: 0},
				{name: "another job seeker, negative id", ctx: stranger.ctx, id: -r.ID},
				{name: "staff of another office", ctx: elsewhere, id: r.ID},
				{name: "anonymous", ctx: e.ctx, id: r.ID},
			}
			for _, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					got, err := e.svc.Reservation(tt.ctx, tt.id)
					if err != nil {
						t.Fatalf("Reservation(%d) error: %v, want none", tt.id, err)
					}
					if tt.visible {
						if got == nil || got.ID != r.ID || got.Consultation != r.Consultation {
							t.Errorf("Reservation(%d) = %+v, want the reservation", tt.id, got)
						}
					} else if got != nil {
						t.Errorf("Reservation(%d) = %+v, want nil (as if it did not exist)", tt.id, got)
					}
				})
			}
		})

		t.Run("Cancel", func(t *testing.T) {
			before := e.counts(t)
			phone := booking.Phone
			tests := []struct {
				name    string
				ctx     context.Context
				channel *booking.Channel
				reason  string
			}{
				{name: "another job seeker", ctx: stranger.ctx},
				{name: "staff of another office", ctx: elsewhere, channel: &phone, reason: "電話で連絡あり"},
			}
			for _, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					_, errOther := e.svc.Cancel(tt.ctx, r.ID, tt.reason, tt.channel)
					_, errMissing := e.svc.Cancel(tt.ctx, missing, tt.reason, tt.channel)
					wantCode(t, "Cancel(another's reservation)", errOther, apperr.NotFound, "")
					if diff := cmp.Diff(errShape(errMissing), errShape(errOther)); diff != "" {
						t.Errorf("Cancel(another's reservation) error differs from Cancel(missing id) (-missing +another's):\n%s", diff)
					}
				})
			}
			if diff := cmp.Diff(before, e.counts(t)); diff != "" {
				t.Errorf("refused cancels wrote rows (-before +after):\n%s", diff)
			}
			if got, _ := e.svc.Reservation(owner.ctx, r.ID); got == nil || got.Status != booking.Confirmed || got.Version != r.Version {
				t.Errorf("after others' cancels, reservation = %+v, want it unchanged", got)
			}
		})

		t.Run("MyReservations", func(t *testing.T) {
			for _, js := range []seeker{owner, stranger} {
				p, err := e.svc.MyReservations(js.ctx, 10, "")
				if err != nil {
					t.Fatalf("MyReservations error: %v", err)
				}
				if len(p.Items) != 1 || p.Items[0].JobSeekerID != js.acct.ID || p.HasNextPage {
					t.Errorf("MyReservations of %d = %+v, want only their one reservation", js.acct.ID, p)
				}
			}
			_, err := e.svc.MyReservations(counselor, 10, "")
			wantCode(t, "MyReservations(staff)", err, apperr.Forbidden, "")
			_, err = e.svc.MyReservations(e.ctx, 10, "")
			wantCode(t, "MyReservations(anonymous)", err, apperr.Unauthenticated, "")
		})

		t.Run("ReservationsOfJobSeeker", func(t *testing.T) {
			_, err := e.svc.ReservationsOfJobSeeker(stranger.ctx, owner.acct.ID, 10, "")
			wantCode(t, "ReservationsOfJobSeeker(another job seeker)", err, apperr.NotFound, "")
			_, errMissing := e.svc.ReservationsOfJobSeeker(stranger.ctx, missing, 10, "")
			if diff := cmp.Diff(errShape(errMissing), errShape(err)); diff != "" {
				t.Errorf("ReservationsOfJobSeeker(another) error differs from a missing one (-missing +another):\n%s", diff)
			}
			_, err = e.svc.ReservationsOfJobSeeker(e.ctx, owner.acct.ID, 10, "")
			wantCode(t, "ReservationsOfJobSeeker(anonymous)", err, apperr.Unauthenticated, "")
			for name, ctx := range map[string]context.Context{"themselves": owner.ctx, "staff": counselor} {
				p, err := e.svc.ReservationsOfJobSeeker(ctx, owner.acct.ID, 10, "")
				if err != nil || len(p.Items) != 1 || p.Items[0].ID != r.ID {
					t.Errorf("ReservationsOfJobSeeker(%s) = %+v, %v; want the one reservation %d", name, p, err, r.ID)
				}
			}
			p, err := e.svc.ReservationsOfJobSeeker(elsewhere, owner.acct.ID, 10, "")
			if err != nil || len(p.Items) != 0 {
				t.Errorf("ReservationsOfJobSeeker(staff of another office) = %+v, %v; want nothing", p, err)
			}
		})

		t.Run("Reservations", func(t *testing.T) {
			f := booking.Filter{From: today, To: horizonDay}
			_, err := e.svc.Reservations(owner.ctx, f, 10, "")
			wantCode(t, "Reservations(job seeker)", err, apperr.Forbidden, "")
			_, err = e.svc.Reservations(e.ctx, f, 10, "")
			wantCode(t, "Reservations(anonymous)", err, apperr.Unauthenticated, "")
			p, err := e.svc.Reservations(counselor, f, 10, "")
			if err != nil || len(p.Items) != 2 || p.Items[0].ID != r.ID || p.Items[1].ID != theirs.ID {
				t.Errorf("Reservations(staff) = %+v, %v; want both reservations by start", p, err)
			}
			// A job seeker filter in the staff list.
			f.JobSeekerID = stranger.acct.ID
			p, err = e.svc.Reservations(counselor, f, 10, "")
			if err != nil || len(p.Items) != 1 || p.Items[0].ID != theirs.ID {
				t.Errorf("Reservations(staff, job seeker %d) = %+v, %v; want only theirs", stranger.acct.ID, p, err)
			}
			// Another office's staff see only their office (the filter's
			// office is ignored).
			p, err = e.svc.Reservations(elsewhere, booking.Filter{OfficeID: e.officeID, From: today, To: horizonDay}, 10, "")
			if err != nil || len(p.Items) != 0 {
				t.Errorf("Reservations(staff of another office) = %+v, %v; want nothing", p, err)
			}
		})
	})
}

func TestPagination(t *testing.T) {
	storetest.ForEachDialect(t, func(t *testing.T, d store.Dialect) {
		e := newEnv(t, d)
		js := e.seekers(t, 2)
		a, b := js[0], js[1]
		counselor := e.counselor(t)
		starts := []time.Time{
			jst(2026, time.May, 12, 9, 0), may7, jst(2026, time.May, 8, 16, 30),
			jst(2026, time.April, 30, 8, 30), jst(2026, time.June, 26, 16, 30),
		}
		// Five reservations of one job seeker: cancel each before the next.
		var mine []booking.Reservation
		for i, s := range starts {
			r := e.book(t, a, s)
			if i < len(starts)-1 {
				r = e.cancel(t, a, r.ID)
			}
			mine = append(mine, r)
		}
		// One of another job seeker at the same start as one of them.
		tie := e.book(t, b, may7)

		// byStart sorts reservations by (start, id), descending when desc.
		ids := func(rs []booking.Reservation) []int64 {
			out := make([]int64, len(rs))
			for i, r := range rs {
				out[i] = r.ID
			}
			return out
		}
		// Newest start first: 6/26, 5/12, 5/8, 5/7, 4/30.
		wantMine := ids([]booking.Reservation{mine[4], mine[0], mine[2], mine[1], mine[3]})
		// Staff list by start, ties by id: 4/30, 5/7 (a), 5/7 (b), 5/8, 5/12, 6/26.
		wantAll := ids([]booking.Reservation{mine[3], mine[1], tie, mine[2], mine[0], mine[4]})

		walk := func(t *testing.T, list func(after string) (booking.Page, error)) (got []int64, sizes []int) {
			t.Helper()
			after := ""
			for range 10 {
				p, err := list(after)
				if err != nil {
					t.Fatalf("list(after %q) error: %v", after, err)
				}
				sizes = append(sizes, len(p.Items))
				got = append(got, ids(p.Items)...)
				if !p.HasNextPage {
					return got, sizes
				}
				if len(p.Items) == 0 {
					t.Fatalf("list(after %q): an empty page with HasNextPage", after)
				}
				after = booking.EncodeCursor(p.Items[len(p.Items)-1])
			}
			t.Fatalf("list: more than 10 pages")
			return nil, nil
		}

		tests := []struct {
			name      string
			list      func(first int, after string) (booking.Page, error)
			want      []int64
			wantSizes []int
		}{
			{
				name: "MyReservations",
				list: func(first int, after string) (booking.Page, error) {
					return e.svc.MyReservations(a.ctx, first, after)
				},
				want: wantMine, wantSizes: []int{2, 2, 1},
			},
			{
				name: "ReservationsOfJobSeeker by staff",
				list: func(first int, after string) (booking.Page, error) {
					return e.svc.ReservationsOfJobSeeker(counselor, a.acct.ID, first, after)
				},
				want: wantMine, wantSizes: []int{2, 2, 1},
			},
			{
				name: "Reservations",
				list: func(first int, after string) (booking.Page, error) {
					return e.svc.Reservations(counselor, booking.Filter{From: today, To: horizonDay}, first, after)
				},
				want: wantAll, wantSizes: []int{2, 2, 2},
			},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				got, sizes := walk(t, func(after string) (booking.Page, error) { return tt.list(2, after) })
				if diff := cmp.Diff(tt.want, got); diff != "" {
					t.Errorf("pages of 2 mismatch (-want +got):\n%s", diff)
				}
				if diff := cmp.Diff(tt.wantSizes, sizes); diff != "" {
					t.Errorf("page sizes mismatch (-want +got):\n%s", diff)
				}
				all, err := tt.list(booking.MaxPageSize, "")
				if err != nil || all.HasNextPage {
					t.Fatalf("list(first %d) = %+v, %v", booking.MaxPageSize, all, err)
				}
				if diff := cmp.Diff(tt.want, ids(all.Items)); diff != "" {
					t.Errorf("one page mismatch (-want +got):\n%s", diff)
				}
				for _, first := range []int{0, -1, booking.MaxPageSize + 1} {
					_, err := tt.list(first, "")
					wantCode(t, fmt.Sprintf("list(first %d)", first), err, apperr.Validation, "first")
				}
				for _, bad := range []string{
					"!!!", "eA", strings.Repeat("A", 65),
					cursorOf("r:1:1") + "=", // padded
					cursorOf("q:1:1"), cursorOf("r:1:0"), cursorOf("r:1:-5"), cursorOf("r:x:1"), cursorOf("r:1:1:1"),
				} {
					_, err := tt.list(2, bad)
					wantCode(t, fmt.Sprintf("list(after %q)", bad), err, apperr.Validation, "after")
				}
			})
		}

		t.Run("Reservations filter", func(t *testing.T) {
			p, err := e.svc.Reservations(counselor, booking.Filter{From: today, To: horizonDay,
				Statuses: []booking.Status{booking.Confirmed}}, 10, "")
			if diff := cmp.Diff([]int64{tie.ID, mine[4].ID}, ids(p.Items)); err != nil || diff != "" {
				t.Errorf("Reservations(CONFIRMED) error %v, mismatch (-want +got):\n%s", err, diff)
			}
			p, err = e.svc.Reservations(counselor, booking.Filter{From: calendar.NewDate(2026, time.May, 7),
				To: calendar.NewDate(2026, time.May, 7)}, 10, "")
			if diff := cmp.Diff([]int64{mine[1].ID, tie.ID}, ids(p.Items)); err != nil || diff != "" {
				t.Errorf("Reservations(5/7) error %v, mismatch (-want +got):\n%s", err, diff)
			}
			_, err = e.svc.Reservations(counselor, booking.Filter{From: horizonDay, To: today}, 10, "")
			wantCode(t, "Reservations(from after to)", err, apperr.Validation, "filter.to")
			_, err = e.svc.Reservations(counselor, booking.Filter{From: today, To: today.AddDays(office.MaxCalendarDays)}, 10, "")
			wantCode(t, "Reservations(too long a range)", err, apperr.Validation, "filter.to")
		})
	})
}

func TestMeetingVisible(t *testing.T) {
	storetest.ForEachDialect(t, func(t *testing.T, d store.Dialect) {
		e := newEnv(t, d)
		booth := meeting.Booth{Seat: 1, MeetingID: "81234567890", Passcode: "123456", JoinURL: "https://us02web.zoom.us/j/81234567890"}
		e.admin(t)
		if err := e.Store.SetBooth(context.Background(), e.officeID, booth, e.adminID, start); err != nil {
			t.Fatalf("SetBooth error: %v", err)
		}
		js := e.seekers(t, 2)
		owner, stranger := js[0], js[1]
		counselor := e.counselor(t)
		elsewhere := e.otherOfficeStaff(t)
		e.Mails(t)

		r := e.book(t, owner, may7)
		want := &meeting.Meeting{Provider: meeting.ProviderBooth, MeetingID: booth.MeetingID, Passcode: booth.Passcode, JoinURL: booth.JoinURL}
		if diff := cmp.Diff(want, r.Meeting); diff != "" {
			t.Errorf("RequestReservation meeting mismatch (-want +got):\n%s", diff)
		}
		read, err := e.svc.Reservation(owner.ctx, r.ID)
		if err != nil || read == nil {
			t.Fatalf("Reservation(%d) = %v, %v", r.ID, read, err)
		}
		if diff := cmp.Diff(want, read.Meeting); diff != "" {
			t.Errorf("Reservation meeting mismatch (-want +got):\n%s", diff)
		}
		ms := e.Mails(t)
		if len(ms) != 1 {
			t.Fatalf("RequestReservation queued %d mails, want 1", len(ms))
		}
		for _, s := range []string{booth.MeetingID, booth.Passcode, booth.JoinURL} {
			if !strings.Contains(ms[0].Body, s) {
				t.Errorf("confirmation mail has no %q:\n%s", s, ms[0].Body)
			}
		}
		var sealed string
		if err := e.Store.DB().QueryRow("SELECT meeting_passcode_sealed FROM reservations WHERE id = ?", r.ID).Scan(&sealed); err != nil {
			t.Fatalf("read raw passcode: %v", err)
		}
		if sealed == "" || strings.Contains(sealed, booth.Passcode) {
			t.Errorf("raw meeting_passcode_sealed = %q, want the passcode sealed", sealed)
		}

		visible := func(t *testing.T, r booking.Reservation, want map[string]bool) {
			t.Helper()
			for name, ctx := range map[string]context.Context{
				"owner": owner.ctx, "counselor": counselor, "administrator": e.admin(t),
				"another job seeker": stranger.ctx, "anonymous": e.ctx, "staff of another office": elsewhere,
			} {
				if got := booking.MeetingVisible(ctx, r, r.StartsAt.Add(-time.Minute), tokyo); got != want[name] {
					t.Errorf("MeetingVisible(%s, %s reservation) = %v, want %v", name, r.Status, got, want[name])
				}
			}
		}
		visible(t, r, map[string]bool{"owner": true, "counselor": true, "administrator": true})

		// Seat 2 has no booth: no meeting yet, and the mail says so.
		second := e.book(t, stranger, may7)
		if second.Seat != 2 || second.Meeting != nil {
			t.Errorf("second booking = seat %d, meeting %+v; want seat 2 without meeting", second.Seat, second.Meeting)
		}
		if booking.MeetingVisible(stranger.ctx, second, second.StartsAt, tokyo) {
			t.Errorf("MeetingVisible(owner, reservation without meeting) = true, want false")
		}
		if ms := e.Mails(t); len(ms) != 1 || strings.Contains(ms[0].Body, booth.MeetingID) || !strings.Contains(ms[0].Body, "後日") {
			t.Errorf("mail of the booking without meeting = %+v, want one without meeting details", ms)
		}

		c := e.cancel(t, owner, r.ID)
		if c.Meeting == nil {
			t.Errorf("cancelled reservation lost its meeting record")
		}
		visible(t, c, map[string]bool{})
		onTheDay := r.StartsAt.Add(-time.Minute)
		for _, st := range []booking.Status{booking.AwaitingReply, booking.Expired, booking.NoShow, booking.Terminated, booking.Completed} {
			x := r
			x.Status = st
			if booking.MeetingVisible(owner.ctx, x, onTheDay, tokyo) {
				t.Errorf("MeetingVisible(owner, %s) = true, want false", st)
			}
		}
		for _, st := range []booking.Status{booking.Confirmed, booking.CheckedIn, booking.InSession} {
			x := r
			x.Status = st
			if !booking.MeetingVisible(owner.ctx, x, onTheDay, tokyo) {
				t.Errorf("MeetingVisible(owner, %s) = false, want true", st)
			}
		}
		// A booth's room: the job seeker sees it from 00:00 of the session's
		// day (Tokyo) until the session's end; staff at any time.
		day := time.Date(r.StartsAt.In(tokyo).Year(), r.StartsAt.In(tokyo).Month(), r.StartsAt.In(tokyo).Day(), 0, 0, 0, 0, tokyo)
		for _, c := range []struct {
			at   time.Time
			want bool
		}{{day.Add(-time.Second), false}, {day, true}, {r.EndsAt.Add(-time.Second), true}, {r.EndsAt, false}, {start, false}} {
			if got := booking.MeetingVisible(owner.ctx, r, c.at, tokyo); got != c.want {
				t.Errorf("MeetingVisible(owner, at %s) = %v, want %v", c.at.In(tokyo), got, c.want)
			}
			if !booking.MeetingVisible(counselor, r, c.at, tokyo) {
				t.Errorf("MeetingVisible(counselor, at %s) = false, want true", c.at.In(tokyo))
			}
		}
		// A meeting of its own (Zoom API) is the job seeker's at any time.
		z := r
		z.Meeting = &meeting.Meeting{Provider: meeting.ProviderZoom, MeetingID: "81234567891", JoinURL: "https://zoom.us/j/81234567891"}
		if !booking.MeetingVisible(owner.ctx, z, start, tokyo) {
			t.Error("MeetingVisible(owner, Zoom API meeting, days before) = false, want true")
		}
	})
}

// cursorOf encodes raw as a cursor is encoded.
func cursorOf(raw string) string { return base64.RawURLEncoding.EncodeToString([]byte(raw)) }

// errShape describes an error by its type, text and client-visible fields,
// for comparing two errors.
func errShape(err error) string {
	if err == nil {
		return "<nil>"
	}
	s := fmt.Sprintf("%T: %v", err, err)
	if ae, ok := apperr.As(err); ok {
		s += fmt.Sprintf(" [%s %q %q %q]", ae.Code, ae.Field, ae.Message, ae.En)
	}
	return s
}

// An administrator may set the notice to 0 office days (same-day booking):
// a job seeker may then book later today, never a session already started.
func TestZeroNoticeOffice(t *testing.T) {
	storetest.ForEachDialect(t, func(t *testing.T, d store.Dialect) {
		e := newEnv(t, d)
		if _, err := e.Store.DB().Exec("UPDATE offices SET notice_office_days = 0 WHERE id = ?", e.officeID); err != nil {
			t.Fatalf("set notice 0: %v", err)
		}
		slots, err := e.svc.AvailableSlots(e.ctx, today, today)
		if err != nil {
			t.Fatalf("AvailableSlots(today) error: %v", err)
		}
		if len(slots) != 13 || !slots[0].StartsAt.Equal(jst(2026, time.April, 27, 10, 30)) {
			t.Errorf("AvailableSlots(today) at 10:00 = %d slots from %v, want 13 from 10:30", len(slots), slots)
		}
		js := e.seekers(t, 2)
		before := e.counts(t)
		for _, s := range []time.Time{jst(2026, time.April, 27, 8, 30), start} {
			_, err := e.svc.RequestReservation(js[0].ctx, e.input(js[0], s), "")
			wantCode(t, fmt.Sprintf("RequestReservation(%v) at %v", s, start), err, apperr.TooLate, "")
		}
		if diff := cmp.Diff(before, e.counts(t)); diff != "" {
			t.Errorf("refused same-day bookings wrote rows (-before +after):\n%s", diff)
		}
		if r := e.book(t, js[1], jst(2026, time.April, 27, 10, 30)); r.Status != booking.Confirmed {
			t.Errorf("same-day booking of 10:30 = %+v, want CONFIRMED", r)
		}
	})
}

// A slot found full is answered by what the caller needs to know: the
// replay of its own earlier request that took the last seat, ALREADY_BOOKED
// for a job seeker who has a booking, and SLOT_FULL for anyone else.
func TestFullSlotAnswers(t *testing.T) {
	storetest.ForEachDialect(t, func(t *testing.T, d store.Dialect) {
		e := newEnv(t, d)
		js := e.seekers(t, 4)
		holder, last, late, other := js[0], js[1], js[2], js[3]
		e.book(t, holder, may7)
		e.book(t, other, may7.Add(time.Hour))
		took, err := e.svc.RequestReservation(last.ctx, e.input(last, may7), "last-seat")
		if err != nil {
			t.Fatalf("booking the last seat: %v", err)
		}
		before := e.counts(t)
		again, err := e.svc.RequestReservation(last.ctx, e.input(last, may7), "last-seat")
		if err != nil || again.ID != took.ID {
			t.Fatalf("retry of the request that took the last seat = %d, %v; want the replay of %d", again.ID, err, took.ID)
		}
		_, err = e.svc.RequestReservation(late.ctx, e.input(late, may7), "late-1")
		wantCode(t, "booking a full slot", err, apperr.SlotFull, "")
		_, err = e.svc.RequestReservation(other.ctx, e.input(other, may7), "other-2")
		wantCode(t, "booking a full slot with a booking already", err, apperr.AlreadyBooked, "")
		if diff := cmp.Diff(before, e.counts(t)); diff != "" {
			t.Errorf("answers about a full slot wrote rows (-before +after):\n%s", diff)
		}
	})
}
