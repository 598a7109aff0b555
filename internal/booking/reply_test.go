package booking_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"soudan/internal/booking"
	"soudan/internal/mailer"
	"soudan/internal/store"
	"soudan/internal/store/storetest"
)

// applicationMail creates an application and returns it with the Message-ID
// of its mail.
func (e *env) applicationMail(t *testing.T, staff context.Context, js seeker, start time.Time) (booking.Reservation, string) {
	t.Helper()
	r, err := e.svc.CreateApplication(staff, e.application(js, start, ""), "")
	if err != nil {
		t.Fatalf("CreateApplication: %v", err)
	}
	var id string
	for _, m := range e.Mails(t) {
		if m.To == js.acct.Email && strings.Contains(m.Subject, "お申し込みを受け付けました") {
			id = m.MessageID
		}
	}
	if id == "" {
		t.Fatal("no application mail")
	}
	return r, id
}

func (e *env) reply(t *testing.T, m booking.ReplyMail) booking.ReplyResult {
	t.Helper()
	res, err := e.svc.ConfirmByReply(e.ctx, m)
	if err != nil {
		t.Fatalf("ConfirmByReply(%+v): %v", m.References, err)
	}
	return res
}

// TestArt6_3ReplyConfirmsApplication: a reply to the application mail from
// its addressee confirms the application with consent channel EMAIL_REPLY
// (Art 6(3)); forged references, a reply to another mail, another sender
// and an auto-reply confirm nothing; a repeated reply changes nothing.
func TestArt6_3ReplyConfirmsApplication(t *testing.T) {
	storetest.ForEachDialect(t, func(t *testing.T, d store.Dialect) {
		e := newEnv(t, d)
		staff := e.counselor(t)
		js := e.seeker(t)
		e.Mails(t)
		app, msgID := e.applicationMail(t, staff, js, may7)
		var verifyID string
		if err := e.Store.DB().QueryRow("SELECT message_id FROM mail_outbox WHERE recipient = ? ORDER BY id LIMIT 1",
			js.acct.Email).Scan(&verifyID); err != nil || verifyID == msgID {
			t.Fatalf("the verification mail's Message-ID: %q, %v", verifyID, err)
		}

		before := e.counts(t)
		for _, tt := range []struct {
			name   string
			m      booking.ReplyMail
			reason string
		}{
			{"forged In-Reply-To", booking.ReplyMail{References: []string{"<0123456789abcdef@soudan.example.jp>"}, From: js.acct.Email}, "no_application"},
			{"reply to a mail that is no application mail", booking.ReplyMail{References: []string{verifyID}, From: js.acct.Email}, "no_application"},
			{"no references", booking.ReplyMail{From: js.acct.Email}, "no_application"},
			{"another sender", booking.ReplyMail{References: []string{msgID}, From: "mallory@example.jp"}, "other_sender"},
			{"no sender", booking.ReplyMail{References: []string{msgID}}, "other_sender"},
			{"auto-reply", booking.ReplyMail{References: []string{msgID}, From: js.acct.Email, Automatic: true}, "automatic"},
		} {
			if got := e.reply(t, tt.m); got.Outcome != booking.ReplyUnmatched || got.Reason != tt.reason {
				t.Errorf("%s: %+v, want unmatched (%s)", tt.name, got, tt.reason)
			}
		}
		if after := e.counts(t); !sameCounts(before, after) {
			t.Errorf("replies that match nothing wrote rows: %v → %v", before, after)
		}

		from := "求職 太郎 <" + strings.ToUpper(js.acct.Email) + ">"
		got := e.reply(t, booking.ReplyMail{References: []string{"<other@x.jp>", msgID}, From: from, ReceivedAt: e.Clock.Now()})
		if got.Outcome != booking.ReplyConfirmed || got.ReservationID != app.ID {
			t.Fatalf("the job seeker's reply: %+v, want confirmed", got)
		}
		if r, _ := e.Store.Reservation(e.ctx, app.ID); r.Status != booking.Confirmed || r.ConfirmedAt == nil {
			t.Errorf("after the reply the application is %s, want CONFIRMED", r.Status)
		}
		if n := e.count(t, "SELECT COUNT(*) FROM terms_consents WHERE reservation_id = ? AND channel = 'EMAIL_REPLY'", app.ID); n != 1 {
			t.Errorf("%d consents through EMAIL_REPLY, want 1", n)
		}
		if ms := e.Mails(t); len(ms) != 1 || !strings.Contains(ms[0].Subject, "予約が確定しました") {
			t.Errorf("after the reply: %d mails, want the confirmation mail", len(ms))
		}

		before = e.counts(t)
		if got := e.reply(t, booking.ReplyMail{References: []string{msgID}, From: js.acct.Email}); got.Outcome != booking.ReplyAlreadyConfirmed {
			t.Errorf("a second reply: %+v, want already confirmed", got)
		}
		if after := e.counts(t); !sameCounts(before, after) {
			t.Errorf("a second reply wrote rows: %v → %v", before, after)
		}
	})
}

// TestArt6_4ReplyAfterTheDeadlineIsRefused: a reply that arrived after the
// deadline confirms nothing and the job seeker is mailed why, once per
// application, also after the application expired; a reply that arrived in
// time but is read after the deadline still confirms (the reply counts when
// it was given).
func TestArt6_4ReplyAfterTheDeadlineIsRefused(t *testing.T) {
	storetest.ForEachDialect(t, func(t *testing.T, d store.Dialect) {
		e := newEnv(t, d)
		staff := e.counselor(t)
		late, onTime := e.seeker(t), e.seeker(t)
		e.Mails(t)
		lateApp, lateID := e.applicationMail(t, staff, late, may7)
		onTimeApp, onTimeID := e.applicationMail(t, staff, onTime, may7.Add(30*time.Minute))
		deadline := lateApp.ConfirmBy
		e.Clock.Set(deadline.Add(2 * time.Minute))

		got := e.reply(t, booking.ReplyMail{References: []string{onTimeID}, From: onTime.acct.Email, ReceivedAt: deadline.Add(-time.Minute)})
		if got.Outcome != booking.ReplyConfirmed || got.ReservationID != onTimeApp.ID {
			t.Errorf("a reply that arrived before the deadline: %+v, want confirmed", got)
		}
		e.Mails(t)

		for i := range 2 {
			got := e.reply(t, booking.ReplyMail{References: []string{lateID}, From: late.acct.Email, ReceivedAt: deadline.Add(time.Minute)})
			if got.Outcome != booking.ReplyLate || got.ReservationID != lateApp.ID {
				t.Errorf("late reply %d: %+v, want late", i+1, got)
			}
		}
		if r, _ := e.Store.Reservation(e.ctx, lateApp.ID); r.Status != booking.AwaitingReply || r.ConfirmedAt != nil {
			t.Errorf("after a late reply the application is %s, want it unconfirmed (AWAITING_REPLY until the expiry runs)", r.Status)
		}
		ms := e.Mails(t)
		if len(ms) != 1 || ms[0].To != late.acct.Email || !strings.Contains(ms[0].Subject, "確定の期限を過ぎていました") ||
			!strings.Contains(ms[0].Body, "2026年4月30日(木) 24:00") {
			t.Fatalf("after two late replies: %d mails %v, want one that says why", len(ms), subjects(ms))
		}
		if n, err := e.svc.ExpireApplications(e.ctx); err != nil || n != 1 {
			t.Fatalf("ExpireApplications = %d, %v", n, err)
		}
		e.Mails(t)
		if got := e.reply(t, booking.ReplyMail{References: []string{lateID}, From: late.acct.Email}); got.Outcome != booking.ReplyLate {
			t.Errorf("a reply to an expired application: %+v, want late", got)
		}
		if ms := e.Mails(t); len(ms) != 0 {
			t.Errorf("a third late reply was answered again: %v", subjects(ms))
		}
		if n := e.count(t, "SELECT COUNT(*) FROM terms_consents WHERE reservation_id = ?", lateApp.ID); n != 0 {
			t.Errorf("%d consents recorded for a late reply, want none", n)
		}
	})
}

func subjects(ms []mailer.Message) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = m.Subject
	}
	return out
}
