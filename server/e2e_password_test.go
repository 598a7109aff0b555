package main

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"soudan/internal/mailer/smtptest"
	"soudan/internal/store"
	"soudan/internal/store/storetest"
)

var resetLinkRE = regexp.MustCompile(`http://soudan\.test/reset-password\?token=([A-Za-z0-9_-]+)`)

// TestPasswordResetAndChange: a forgotten password is reset through the
// mailed one-time link (the same answer for unknown addresses), which ends
// every earlier session and signs in; a signed-in password change ends the
// other sessions only; staff can do both.
func TestPasswordResetAndChange(t *testing.T) {
	storetest.ForEachDialectInTurn(t, func(t *testing.T, d store.Dialect) {
		smtpd := smtptest.Start(t)
		ts := startServer(t, map[string]string{"SOUDAN_DB": dbEnv(t, d), "SOUDAN_SMTP_URL": smtpd.URL(),
			"SOUDAN_ADMIN_EMAIL": adminEmail, "SOUDAN_ADMIN_PASSWORD": adminPassword})
		admin := signIn(t, ts, adminEmail, adminPassword)
		const email = "forgot@example.jp"
		_, first := eligibleJobSeeker(t, ts, smtpd, admin, email, "45040-81")
		second := signIn(t, ts, email, "a-long-password-1")

		const request = `mutation($e: String!) { requestPasswordReset(email: $e) }`
		for _, e := range []string{"nobody@example.jp", email} {
			var ok struct{ RequestPasswordReset bool }
			ts.gql(t, "", request, map[string]any{"e": e}).mustData(t, &ok)
			if !ok.RequestPasswordReset {
				t.Errorf("requestPasswordReset(%s) = false, want true", e)
			}
		}
		if r := ts.gql(t, "", request, map[string]any{"e": "not an address"}); r.code() != "VALIDATION" || r.field() != "email" {
			t.Errorf("malformed address: %+v, want VALIDATION on email", r.Errors)
		}
		m := smtpd.WaitFor(t, 10*time.Second, func(m smtptest.Message) bool { return resetLinkRE.MatchString(m.Body) })
		if !strings.Contains(strings.Join(m.To, ","), email) {
			t.Fatalf("the reset mail went to %v, want %s", m.To, email)
		}
		token := resetLinkRE.FindStringSubmatch(m.Body)[1]
		time.Sleep(300 * time.Millisecond) // the worker would have sent a mail to the unknown address by now
		for _, m := range smtpd.Messages() {
			if strings.Contains(strings.Join(m.To, ","), "nobody@") {
				t.Errorf("a mail went to an unknown address: %q", m.Subject)
			}
		}

		const reset = `mutation($t: String!, $p: String!) { resetPassword(token: $t, password: $p) { token account { email } } }`
		if r := ts.gql(t, "", reset, map[string]any{"t": "forged", "p": "a-new-password-2"}); r.code() != "NOT_FOUND" || !strings.Contains(r.Errors[0].Message, "リンク") {
			t.Errorf("forged token: %+v, want NOT_FOUND with a Japanese message", r.Errors)
		}
		if r := ts.gql(t, "", reset, map[string]any{"t": token, "p": "short"}); r.code() != "VALIDATION" || r.field() != "password" {
			t.Errorf("short password: %+v, want VALIDATION on password", r.Errors)
		}
		if r := ts.gql(t, first, `{ me { id } }`, nil); r.code() != "" {
			t.Fatalf("a refused reset ended a session: %+v", r.Errors)
		}
		var done struct {
			ResetPassword struct {
				Token   string
				Account struct{ Email string }
			}
		}
		ts.gql(t, "", reset, map[string]any{"t": token, "p": "a-new-password-2"}).mustData(t, &done)
		if done.ResetPassword.Token == "" || done.ResetPassword.Account.Email != email {
			t.Fatalf("resetPassword = %+v", done.ResetPassword)
		}
		for _, old := range []string{first, second} {
			if r := ts.gql(t, old, `{ me { id } }`, nil); r.code() != "UNAUTHENTICATED" {
				t.Errorf("a session from before the reset: %q, want UNAUTHENTICATED", r.code())
			}
		}
		if r := ts.gql(t, done.ResetPassword.Token, `{ me { email } }`, nil); r.code() != "" {
			t.Errorf("the session of resetPassword: %+v", r.Errors)
		}
		if r := ts.gql(t, "", reset, map[string]any{"t": token, "p": "a-new-password-3"}); r.code() != "NOT_FOUND" {
			t.Errorf("second use of the link: %q, want NOT_FOUND", r.code())
		}

		// Signed in: a wrong current password names its field; a change ends
		// the other sessions and keeps the caller's.
		current, other := done.ResetPassword.Token, signIn(t, ts, email, "a-new-password-2")
		const change = `mutation($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) }`
		if r := ts.gql(t, "", change, map[string]any{"c": "a-new-password-2", "n": "a-new-password-3"}); r.code() != "UNAUTHENTICATED" {
			t.Errorf("changePassword without a session: %q, want UNAUTHENTICATED", r.code())
		}
		if r := ts.gql(t, current, change, map[string]any{"c": "wrong-password-9", "n": "a-new-password-3"}); r.code() != "VALIDATION" || r.field() != "currentPassword" {
			t.Errorf("wrong current password: %+v, want VALIDATION on currentPassword", r.Errors)
		}
		if r := ts.gql(t, current, change, map[string]any{"c": "a-new-password-2", "n": "short"}); r.code() != "VALIDATION" || r.field() != "newPassword" {
			t.Errorf("short new password: %+v, want VALIDATION on newPassword", r.Errors)
		}
		var changed struct{ ChangePassword bool }
		ts.gql(t, current, change, map[string]any{"c": "a-new-password-2", "n": "a-new-password-3"}).mustData(t, &changed)
		if !changed.ChangePassword {
			t.Error("changePassword = false")
		}
		if r := ts.gql(t, current, `{ me { id } }`, nil); r.code() != "" {
			t.Errorf("the caller's session after the change: %+v", r.Errors)
		}
		if r := ts.gql(t, other, `{ me { id } }`, nil); r.code() != "UNAUTHENTICATED" {
			t.Errorf("another session after the change: %q, want UNAUTHENTICATED", r.code())
		}
		signIn(t, ts, email, "a-new-password-3")

		// Staff: a change and a reset.
		ts.gql(t, admin, change, map[string]any{"c": adminPassword, "n": "admin-password-456"}).mustData(t, &changed)
		ts.gql(t, "", request, map[string]any{"e": adminEmail}).mustData(t, &struct{}{})
		m = smtpd.WaitFor(t, 10*time.Second, func(m smtptest.Message) bool {
			return strings.Contains(strings.Join(m.To, ","), adminEmail) && resetLinkRE.MatchString(m.Body)
		})
		ts.gql(t, "", reset, map[string]any{"t": resetLinkRE.FindStringSubmatch(m.Body)[1], "p": "admin-password-789"}).mustData(t, &done)
		signIn(t, ts, adminEmail, "admin-password-789")
	})
}

// TestPasswordResetRequestsAreRateLimited: requestPasswordReset takes from
// the anonymous per-IP mutation limit.
func TestPasswordResetRequestsAreRateLimited(t *testing.T) {
	storetest.ForEachDialectInTurn(t, func(t *testing.T, d store.Dialect) {
		ts := startServer(t, map[string]string{"SOUDAN_DB": dbEnv(t, d), "SOUDAN_RATE_ANONYMOUS": "3"})
		var last gqlResponse
		for range 4 {
			last = ts.gql(t, "", `mutation { requestPasswordReset(email: "someone@example.jp") }`, nil)
		}
		if last.code() != "RATE_LIMITED" {
			t.Errorf("the 4th request within a minute at 3 a minute: %q, want RATE_LIMITED", last.code())
		}
	})
}

// TestProfileNotificationsAndTermsOverHTTP: a job seeker corrects the phone
// on the profile; the notification list counts the unread ones over all
// pages; any version of the terms is public by id.
func TestProfileNotificationsAndTermsOverHTTP(t *testing.T) {
	storetest.ForEachDialectInTurn(t, func(t *testing.T, d store.Dialect) {
		smtpd := smtptest.Start(t)
		ts := startServer(t, map[string]string{"SOUDAN_DB": dbEnv(t, d), "SOUDAN_SMTP_URL": smtpd.URL(),
			"SOUDAN_CLOCK_START": "2026-04-27T10:00:00+09:00", "SOUDAN_ADMIN_EMAIL": adminEmail, "SOUDAN_ADMIN_PASSWORD": adminPassword})
		admin := signIn(t, ts, adminEmail, adminPassword)
		_, js := eligibleJobSeeker(t, ts, smtpd, admin, "profile@example.jp", "45040-82")

		const phone = `mutation($p: String!) { updateMyPhone(phone: $p) { phone } }`
		if r := ts.gql(t, js, phone, map[string]any{"p": "0120-444-444"}); r.code() != "VALIDATION" || r.field() != "phone" || r.Errors[0].Message == "" {
			t.Errorf("free dial: %+v, want VALIDATION on phone", r.Errors)
		}
		if r := ts.gql(t, admin, phone, map[string]any{"p": "0986-22-9876"}); r.code() != "FORBIDDEN" {
			t.Errorf("staff updateMyPhone: %q, want FORBIDDEN", r.code())
		}
		var ph struct{ UpdateMyPhone struct{ Phone string } }
		ts.gql(t, js, phone, map[string]any{"p": "０９０（９８７６）５４３２"}).mustData(t, &ph)
		if ph.UpdateMyPhone.Phone != "090-9876-5432" {
			t.Errorf("updateMyPhone = %q, want 090-9876-5432", ph.UpdateMyPhone.Phone)
		}
		var me struct {
			Me struct{ JobSeeker struct{ Phone string } }
		}
		ts.gql(t, js, `{ me { jobSeeker { phone } } }`, nil).mustData(t, &me)
		if me.Me.JobSeeker.Phone != "090-9876-5432" {
			t.Errorf("me.jobSeeker.phone = %q after the correction", me.Me.JobSeeker.Phone)
		}

		// Two notifications (the address confirmation and the booking); a
		// page of one still counts both.
		var terms struct {
			CurrentTerms  struct{ ID string }
			TermsVersions []struct {
				ID, Title string
				InForce   bool
			}
		}
		ts.gql(t, "", `{ currentTerms { id } termsVersions { id title inForce } }`, nil).mustData(t, &terms)
		book(ts, t, js, "2026-05-07T10:00:00+09:00", "45040-82", terms.CurrentTerms.ID).mustData(t, &struct{}{})
		type page struct {
			MyNotifications struct {
				UnreadCount int
				Edges       []struct{ Node struct{ ID string } }
				PageInfo    struct{ HasNextPage bool }
			}
		}
		var p page
		ts.gql(t, js, `{ myNotifications(first: 1) { unreadCount edges { node { id } } pageInfo { hasNextPage } } }`, nil).mustData(t, &p)
		if p.MyNotifications.UnreadCount != 2 || len(p.MyNotifications.Edges) != 1 || !p.MyNotifications.PageInfo.HasNextPage {
			t.Fatalf("myNotifications(first: 1) = %+v, want one edge of two, both unread", p.MyNotifications)
		}
		ts.gql(t, js, `mutation($id: ID!) { markNotificationRead(id: $id) { read } }`,
			map[string]any{"id": p.MyNotifications.Edges[0].Node.ID}).mustData(t, &struct{}{})
		ts.gql(t, js, `{ myNotifications(first: 1) { unreadCount edges { node { id } } pageInfo { hasNextPage } } }`, nil).mustData(t, &p)
		if p.MyNotifications.UnreadCount != 1 {
			t.Errorf("unreadCount after reading one = %d, want 1", p.MyNotifications.UnreadCount)
		}
		var adminPage page
		ts.gql(t, admin, `{ myNotifications { unreadCount } }`, nil).mustData(t, &adminPage)
		if adminPage.MyNotifications.UnreadCount != 0 {
			t.Errorf("the administrator's unreadCount = %d, want 0 (not the job seeker's)", adminPage.MyNotifications.UnreadCount)
		}

		// Every version of the terms, by id, without signing in.
		if len(terms.TermsVersions) < 3 {
			t.Fatalf("termsVersions = %+v", terms.TermsVersions)
		}
		for _, v := range terms.TermsVersions {
			var one struct {
				TermsVersion *struct {
					ID, Title, Text string
					InForce         bool
				}
			}
			ts.gql(t, "", `query($id: ID!) { termsVersion(id: $id) { id title text inForce } }`, map[string]any{"id": v.ID}).mustData(t, &one)
			if one.TermsVersion == nil || one.TermsVersion.ID != v.ID || one.TermsVersion.Title != v.Title ||
				one.TermsVersion.InForce != v.InForce || one.TermsVersion.Text == "" {
				t.Errorf("termsVersion(%s) = %+v, want %+v", v.ID, one.TermsVersion, v)
			}
		}
		var none struct{ TermsVersion *struct{ ID string } }
		ts.gql(t, "", `{ termsVersion(id: "999999") { id } }`, nil).mustData(t, &none)
		if none.TermsVersion != nil {
			t.Errorf("termsVersion(999999) = %+v, want null", none.TermsVersion)
		}
	})
}
