package main

import (
	"bytes"
	"fmt"
	netmail "net/mail"
	"strings"
	"testing"
	"time"

	"soudan/internal/mail/replies"
	"soudan/internal/mail/replies/imaptest"
	"soudan/internal/mailer/smtptest"
	"soudan/internal/store"
	"soudan/internal/store/storetest"
)

const officeMailbox = "soudan@soudan.test"

// replyMail is a mail a job seeker (or someone else) sends to the office's
// mailbox.
func replyMail(from, messageID, inReplyTo string, extra ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "From: %s\r\nTo: %s\r\nSubject: Re: お申し込み\r\nMessage-ID: %s\r\nDate: Mon, 27 Apr 2026 11:00:00 +0900\r\n",
		from, officeMailbox, messageID)
	if inReplyTo != "" {
		fmt.Fprintf(&b, "In-Reply-To: %s\r\nReferences: %s\r\n", inReplyTo, inReplyTo)
	}
	for _, h := range extra {
		b.WriteString(h + "\r\n")
	}
	b.WriteString("Content-Type: text/plain; charset=utf-8\r\n\r\n承知しました。\r\n")
	return b.String()
}

// waitMailbox waits until mailbox holds n messages.
func waitMailbox(t *testing.T, imapd *imaptest.Server, mailbox string, n int, ts *testServer) []imaptest.Message {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		msgs := imapd.Messages(t, mailbox)
		if len(msgs) == n {
			return msgs
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s holds %d messages, want %d; server log:\n%s", mailbox, len(msgs), n, ts.logs)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func reservationStatus(t *testing.T, ts *testServer, token, id string) string {
	t.Helper()
	var v struct{ Reservation struct{ Status string } }
	ts.gql(t, token, `query($id: ID!) { reservation(id: $id) { status } }`, map[string]any{"id": id}).mustData(t, &v)
	return v.Reservation.Status
}

// TestArt6_3ReplyConfirmsApplication runs the whole reply path against a
// real IMAP server (dovecot) and a real SMTP server: the application mail
// carries Reply-To and invites a reply; the job seeker's reply confirms the
// reservation (consent channel EMAIL_REPLY) and is filed away; a forged
// In-Reply-To, a reply to a mail that was not an application mail, a reply
// from another address and an auto-reply confirm nothing and stay unread
// for staff, counted; after the deadline (Art 6(4)) a reply is refused and
// the job seeker is told why, once.
func TestArt6_3ReplyConfirmsApplication(t *testing.T) {
	storetest.ForEachDialectInTurn(t, func(t *testing.T, d store.Dialect) {
		imapd := imaptest.Start(t)
		smtpd := smtptest.Start(t)
		db := dbEnv(t, d)
		env := map[string]string{"SOUDAN_DB": db, "SOUDAN_SMTP_URL": smtpd.URL(),
			"SOUDAN_MAIL_FROM": "no-reply@soudan.test", "SOUDAN_MAIL_REPLY_TO": officeMailbox,
			"SOUDAN_IMAP_URL": imapd.URL(""), "SOUDAN_IMAP_POLL": "200ms", "SOUDAN_METRICS_ADDR": "127.0.0.1:0",
			"SOUDAN_CLOCK_START": "2026-04-27T10:00:00+09:00", "SOUDAN_ADMIN_EMAIL": adminEmail, "SOUDAN_ADMIN_PASSWORD": adminPassword}
		ts := startServer(t, env)
		admin := signIn(t, ts, adminEmail, adminPassword)
		idA, seekerA := eligibleJobSeeker(t, ts, smtpd, admin, "reply-a@example.jp", "45040-701")
		idB, _ := eligibleJobSeeker(t, ts, smtpd, admin, "reply-b@example.jp", "45040-702")
		verifyA := smtpd.WaitFor(t, 10*time.Second, smtptest.To("reply-a@example.jp"))

		apply := func(jobSeeker, startsAt string) string {
			var app struct{ CreateApplication struct{ ID, Status string } }
			ts.gql(t, admin, `mutation($in: ApplicationInput!) { createApplication(input: $in) { id status } }`,
				map[string]any{"in": map[string]any{"jobSeekerId": jobSeeker, "startsAt": startsAt, "name": "返信 花子",
					"phone": "090-1111-2222", "consultation": "メールで受け付けた相談", "channel": "EMAIL"}}).mustData(t, &app)
			return app.CreateApplication.ID
		}
		appA := apply(idA, "2026-05-07T10:00:00+09:00")
		appB := apply(idB, "2026-05-07T10:30:00+09:00")
		applicationMail := func(to string) smtptest.Message {
			return smtpd.WaitFor(t, 10*time.Second, func(m smtptest.Message) bool {
				return smtptest.To(to)(m) && strings.Contains(m.Subject, "お申し込みを受け付けました")
			})
		}
		mailA, mailB := applicationMail("reply-a@example.jp"), applicationMail("reply-b@example.jp")
		parsed, err := netmail.ReadMessage(bytes.NewReader(mailA.Raw))
		if err != nil {
			t.Fatal(err)
		}
		if rt, err := parsed.Header.AddressList("Reply-To"); err != nil || len(rt) != 1 || rt[0].Address != officeMailbox {
			t.Errorf("Reply-To = %v (%v), want %s", rt, err, officeMailbox)
		}
		for _, want := range []string{"このメールに返信するか、次のURLを開いてください", "当ハローワークの職員が確認します"} {
			if !strings.Contains(mailA.Body, want) {
				t.Errorf("application mail lacks %q:\n%s", want, mailA.Body)
			}
		}
		if strings.Contains(mailA.Body, "送信専用") {
			t.Errorf("application mail still calls itself send-only:\n%s", mailA.Body)
		}

		// Mail that must confirm nothing, then the job seeker's reply.
		imapd.Deliver(t, "INBOX", replyMail("reply-b@example.jp", "<f1@x.jp>", "<forged0123456789@soudan.test>"), time.Time{})
		imapd.Deliver(t, "INBOX", replyMail("reply-a@example.jp", "<f2@x.jp>", verifyA.MessageID), time.Time{})
		imapd.Deliver(t, "INBOX", replyMail("Mallory <mallory@example.jp>", "<f3@x.jp>", mailB.MessageID), time.Time{})
		imapd.Deliver(t, "INBOX", replyMail("reply-b@example.jp", "<f4@x.jp>", mailB.MessageID, "Auto-Submitted: auto-replied"), time.Time{})
		imapd.Deliver(t, "INBOX", replyMail("返信 花子 <Reply-A@Example.jp>", "<r1@x.jp>", mailA.MessageID), time.Time{})

		processed := waitMailbox(t, imapd, replies.DefaultProcessed, 1, ts)
		if processed[0].MessageID != "<r1@x.jp>" {
			t.Errorf("processed = %+v, want the reply <r1@x.jp>", processed)
		}
		if got := reservationStatus(t, ts, admin, appA); got != "CONFIRMED" {
			t.Errorf("application A is %s after the reply, want CONFIRMED", got)
		}
		smtpd.WaitFor(t, 10*time.Second, func(m smtptest.Message) bool {
			return smtptest.To("reply-a@example.jp")(m) && strings.Contains(m.Subject, "予約が確定しました")
		})
		if !strings.Contains(ts.logs.String(), `"consent":"EMAIL_REPLY"`) {
			t.Errorf("no confirmation with consent channel EMAIL_REPLY in the log:\n%s", ts.logs)
		}
		waitFor(t, func() bool {
			left := 0
			for _, m := range imapd.Messages(t, "INBOX") {
				if m.Has(replies.KeywordLeft) && !m.Seen() {
					left++
				}
			}
			return left == 4
		}, "the four mails that confirm nothing are left unread for staff")
		if got := reservationStatus(t, ts, admin, appB); got != "AWAITING_REPLY" {
			t.Errorf("application B is %s, want AWAITING_REPLY: forged, foreign and automatic replies confirm nothing", got)
		}
		metricsURL := "http://" + metricsRE.FindStringSubmatch(ts.logs.String())[1] + "/metrics"
		waitFor(t, func() bool {
			_, body := get(t, metricsURL)
			return strings.Contains(body, "soudan_mail_replies_left_for_staff 4")
		}, "the metric counts the four mails left for staff")
		var unmatched struct{ UnmatchedReplies int }
		ts.gql(t, admin, `{ unmatchedReplies }`, nil).mustData(t, &unmatched)
		if unmatched.UnmatchedReplies != 4 {
			t.Errorf("unmatchedReplies = %d, want 4", unmatched.UnmatchedReplies)
		}
		if r := ts.gql(t, seekerA, `{ unmatchedReplies }`, nil); r.code() != "FORBIDDEN" {
			t.Errorf("unmatchedReplies for a job seeker: %q, want FORBIDDEN", r.code())
		}
		for _, personal := range []string{"reply-a@example.jp", "Reply-A@Example.jp", "reply-b@example.jp", "mallory@example.jp"} {
			if strings.Contains(ts.logs.String(), personal) {
				t.Errorf("the log holds the address %s", personal)
			}
		}
		ts.stop(t)

		// Past B's deadline: the expiry runs at start; B's reply now is
		// refused and answered once.
		env["SOUDAN_CLOCK_START"] = "2026-05-02T10:00:00+09:00"
		ts = startServer(t, env)
		admin = signIn(t, ts, adminEmail, adminPassword)
		waitFor(t, func() bool { return reservationStatus(t, ts, admin, appB) == "EXPIRED" }, "application B expires")
		imapd.Deliver(t, "INBOX", replyMail("reply-b@example.jp", "<late1@x.jp>", mailB.MessageID), time.Time{})
		imapd.Deliver(t, "INBOX", replyMail("reply-b@example.jp", "<late2@x.jp>", mailB.MessageID), time.Time{})
		waitMailbox(t, imapd, replies.DefaultProcessed, 3, ts)
		lateSubject := "ご返信の時点で確定の期限を過ぎていました"
		late := smtpd.WaitFor(t, 10*time.Second, func(m smtptest.Message) bool {
			return smtptest.To("reply-b@example.jp")(m) && strings.Contains(m.Subject, lateSubject)
		})
		if !strings.Contains(late.Body, "2026年4月30日(木) 24:00") || !strings.Contains(late.Body, "第6条第3項") {
			t.Errorf("the late-reply mail does not say the deadline and the article:\n%s", late.Body)
		}
		if got := reservationStatus(t, ts, admin, appB); got != "EXPIRED" {
			t.Errorf("application B is %s after a late reply, want EXPIRED", got)
		}
		time.Sleep(500 * time.Millisecond) // a second answer would be sent by now
		n := 0
		for _, m := range smtpd.Messages() {
			if smtptest.To("reply-b@example.jp")(m) && strings.Contains(m.Subject, lateSubject) {
				n++
			}
		}
		if n != 1 {
			t.Errorf("%d late-reply mails, want exactly one for two late replies", n)
		}
	})
}

// waitFor polls cond for up to 20 s.
func waitFor(t *testing.T, cond func() bool, what string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out: %s", what)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
