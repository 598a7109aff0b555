package account_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"soudan/internal/account"
	"soudan/internal/apperr"
	"soudan/internal/auth"
	"soudan/internal/mailer"
	"soudan/internal/store"
	"soudan/internal/store/storetest"
)

var resetRE = regexp.MustCompile(regexp.QuoteMeta(publicURL+"/reset-password?token=") + `([^\s]+)`)

// resetToken extracts the token from a password reset mail's link.
func resetToken(t *testing.T, m mailer.Message) string {
	t.Helper()
	match := resetRE.FindStringSubmatch(m.Body)
	if match == nil {
		t.Fatalf("mail %q has no %s/reset-password?token= link:\n%s", m.Subject, publicURL, m.Body)
	}
	token, err := url.QueryUnescape(match[1])
	if err != nil || token == "" {
		t.Fatalf("mail link token %q: %v", match[1], err)
	}
	return token
}

// syncBuffer is a log destination safe for concurrent writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// requestReset asks for a reset link for email and returns the token
// mailed (or "" when no mail was queued).
func (e *env) requestReset(t *testing.T, email string) string {
	t.Helper()
	if err := e.svc.RequestPasswordReset(e.ctx, email); err != nil {
		t.Fatalf("RequestPasswordReset(%q) error: %v", email, err)
	}
	ms := e.Mails(t)
	switch len(ms) {
	case 0:
		return ""
	case 1:
		return resetToken(t, ms[0])
	}
	t.Fatalf("RequestPasswordReset(%q) queued %d mails", email, len(ms))
	return ""
}

func TestRequestPasswordReset(t *testing.T) {
	t.Parallel()
	storetest.ForEachDialect(t, func(t *testing.T, d store.Dialect) {
		e := newEnv(t, d)
		var logs syncBuffer
		e.svc.Log = slog.New(slog.NewJSONHandler(&logs, nil))
		in := e.nextInput()
		e.signUp(t, in)
		e.signUp(t, e.nextInput())

		// An unknown address: the same answer, nothing written, nothing sent.
		before := e.counts(t)
		if token := e.requestReset(t, "nobody@example.jp"); token != "" {
			t.Fatal("a reset mail went to an unknown address")
		}
		if after := e.counts(t); after["auth_tokens"] != before["auth_tokens"] || after["mail_outbox"] != before["mail_outbox"] {
			t.Errorf("a request for an unknown address wrote rows: %v → %v", before, after)
		}

		// A malformed address is an input error.
		err := e.svc.RequestPasswordReset(e.ctx, "not an address")
		wantCode(t, "RequestPasswordReset(malformed)", err, apperr.Validation, "email")

		// The account's address, its domain typed in capitals: a mail with
		// a link valid for an hour, to that address only.
		if err := e.svc.RequestPasswordReset(e.ctx, " "+strings.Replace(in.Email, "example.jp", "EXAMPLE.JP", 1)); err != nil {
			t.Fatal(err)
		}
		ms := e.Mails(t)
		if len(ms) != 1 || ms[0].To != in.Email {
			t.Fatalf("reset mails = %+v, want one to %s", ms, in.Email)
		}
		for _, want := range []string{"パスワードの再設定", in.Name + " 様", "2026年4月6日(月) 11:00", "1回だけ"} {
			if !strings.Contains(ms[0].Subject+ms[0].Body, want) {
				t.Errorf("reset mail lacks %q:\n%s", want, ms[0].Body)
			}
		}
		token := resetToken(t, ms[0])
		var stored int
		if err := e.Store.DB().QueryRow("SELECT COUNT(*) FROM auth_tokens WHERE token_hash = ? AND purpose = 'password_reset'",
			auth.HashToken(token)).Scan(&stored); err != nil || stored != 1 {
			t.Errorf("the token's hash is stored %d times (%v), want once", stored, err)
		}
		if err := e.Store.DB().QueryRow("SELECT COUNT(*) FROM auth_tokens WHERE token_hash = ?", token).Scan(&stored); err != nil || stored != 0 {
			t.Errorf("the token is stored in plain text (%d rows, %v)", stored, err)
		}
		// No My Page copy of a mail with a one-time link.
		e.svc.Notices = e.Store
		page, err := e.svc.MyNotifications(e.as(t, in.Email), 10, "")
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range page.Items {
			if strings.Contains(n.Title, "パスワード") {
				t.Errorf("the reset mail has a My Page copy: %+v", n)
			}
		}

		// At most PasswordResetsPerHour mails an hour to one address; the
		// answer stays the same.
		for range account.PasswordResetsPerHour - 1 {
			if e.requestReset(t, in.Email) == "" {
				t.Fatal("a request within the hourly limit sent no mail")
			}
		}
		if e.requestReset(t, in.Email) != "" {
			t.Errorf("request %d within an hour sent a mail", account.PasswordResetsPerHour+1)
		}
		e.Clock.Advance(time.Hour)
		last := e.requestReset(t, in.Email)
		if last == "" {
			t.Fatal("an hour later no mail was sent")
		}
		if _, err := e.svc.ResetPassword(e.ctx, last, "a brand new password"); err != nil {
			t.Errorf("ResetPassword with the latest link: %v", err)
		}

		if l := logs.String(); strings.Contains(l, in.Email) || strings.Contains(l, "nobody@") || strings.Contains(l, token) {
			t.Errorf("logs carry an address or a token:\n%s", l)
		}
	})
}

func TestResetPassword(t *testing.T) {
	t.Parallel()
	storetest.ForEachDialect(t, func(t *testing.T, d store.Dialect) {
		e := newEnv(t, d)
		in := e.nextInput()
		js, _ := e.signUp(t, in)
		old1, old2 := e.signIn(t, in.Email, goodPassword), e.signIn(t, in.Email, goodPassword)
		older := e.requestReset(t, in.Email)
		token := e.requestReset(t, in.Email)
		const newPassword = "a brand new password"

		for name, tok := range map[string]string{"empty": "", "forged": "Zm9yZ2Vk", "too long": strings.Repeat("x", 200)} {
			_, err := e.svc.ResetPassword(e.ctx, tok, newPassword)
			wantCode(t, "ResetPassword("+name+" token)", err, apperr.NotFound, "")
		}
		// A password against the policy: VALIDATION, and the link still works.
		for name, pw := range map[string]string{"short": "short", "the e-mail": in.Email, "the 求職番号": in.JobSeekerNumber} {
			_, err := e.svc.ResetPassword(e.ctx, token, pw)
			wantCode(t, "ResetPassword("+name+")", err, apperr.Validation, "password")
		}
		if _, err := e.svc.Authenticate(e.ctx, old1.Token); err != nil {
			t.Fatalf("refused resets ended a session: %v", err)
		}

		sess, err := e.svc.ResetPassword(e.ctx, token, newPassword)
		if err != nil {
			t.Fatalf("ResetPassword error: %v", err)
		}
		if sess.Account.ID != js.ID || !sess.ExpiresAt.Equal(e.Clock.Now().Add(account.JobSeekerSessionTTL)) {
			t.Errorf("ResetPassword session = %+v", sess)
		}
		if !sess.Account.EmailVerified() {
			t.Error("using a link mailed to the address did not confirm it")
		}
		if actor, err := e.svc.Authenticate(e.ctx, sess.Token); err != nil || actor.AccountID != js.ID {
			t.Errorf("the new session: %+v, %v", actor, err)
		}
		for _, old := range []account.Session{old1, old2} {
			_, err := e.svc.Authenticate(e.ctx, old.Token)
			wantCode(t, "an earlier session after the reset", err, apperr.Unauthenticated, "")
		}
		if _, err := e.svc.SignIn(e.ctx, in.Email, goodPassword); apperr.CodeOf(err) != apperr.Unauthenticated {
			t.Errorf("SignIn with the old password: %v, want UNAUTHENTICATED", err)
		}
		e.signIn(t, in.Email, newPassword)

		// One use; the other link mailed before is void too.
		_, err = e.svc.ResetPassword(e.ctx, token, "yet another password")
		wantCode(t, "ResetPassword(used token)", err, apperr.NotFound, "")
		_, err = e.svc.ResetPassword(e.ctx, older, "yet another password")
		wantCode(t, "ResetPassword(an earlier link)", err, apperr.NotFound, "")

		// An hour later a link is void.
		late := e.requestReset(t, in.Email)
		e.Clock.Advance(account.PasswordResetTTL)
		_, err = e.svc.ResetPassword(e.ctx, late, "yet another password")
		wantCode(t, "ResetPassword(expired token)", err, apperr.NotFound, "")
		e.signIn(t, in.Email, newPassword)

		// A token of another purpose is not a reset token.
		_, verify := e.signUp(t, e.nextInput())
		_, err = e.svc.ResetPassword(e.ctx, verify, "yet another password")
		wantCode(t, "ResetPassword(verification token)", err, apperr.NotFound, "")
	})
}

func TestResetPasswordStaffAndSuspended(t *testing.T) {
	t.Parallel()
	storetest.ForEachDialect(t, func(t *testing.T, d store.Dialect) {
		e := newEnv(t, d)
		email := e.newCounselor(t)
		sess, err := e.svc.ResetPassword(e.ctx, e.requestReset(t, email), "counselor password 2")
		if err != nil || !sess.ExpiresAt.Equal(e.Clock.Now().Add(account.StaffSessionTTL)) || sess.Account.Role != auth.Counselor {
			t.Fatalf("staff ResetPassword = %+v, %v; want a 12-hour staff session", sess, err)
		}
		e.signIn(t, email, "counselor password 2")

		js := e.eligibleJobSeeker(t, e.counselor(t))
		if _, err := e.svc.Suspend(e.counselor(t), js.ID, "暴言のため", nil); err != nil {
			t.Fatal(err)
		}
		token := e.requestReset(t, js.Email)
		_, err = e.svc.ResetPassword(e.ctx, token, "a brand new password")
		wantCode(t, "ResetPassword(suspended)", err, apperr.Suspended, "")
		if _, err := e.svc.SignIn(e.ctx, js.Email, goodPassword); apperr.CodeOf(err) != apperr.Suspended {
			t.Errorf("after a refused reset SignIn with the old password = %v, want SUSPENDED (password unchanged)", err)
		}
	})
}

func TestChangePassword(t *testing.T) {
	t.Parallel()
	storetest.ForEachDialect(t, func(t *testing.T, d store.Dialect) {
		e := newEnv(t, d)
		in := e.nextInput()
		e.signUp(t, in)
		me := e.as(t, in.Email)
		other := e.signIn(t, in.Email, goodPassword)
		const newPassword = "a brand new password"

		err := e.svc.ChangePassword(e.ctx, goodPassword, newPassword)
		wantCode(t, "ChangePassword(anonymous)", err, apperr.Unauthenticated, "")
		bad := []struct {
			name, current, next, field string
		}{
			{"wrong current", "wrong password!", newPassword, "currentPassword"},
			{"too long current", strings.Repeat("x", 200), newPassword, "currentPassword"},
			{"short new", goodPassword, "short", "newPassword"},
			{"new is the e-mail", goodPassword, in.Email, "newPassword"},
			{"new is the current", goodPassword, goodPassword, "newPassword"},
		}
		for _, b := range bad {
			err := e.svc.ChangePassword(me, b.current, b.next)
			wantCode(t, "ChangePassword("+b.name+")", err, apperr.Validation, b.field)
		}
		e.signIn(t, in.Email, goodPassword) // unchanged

		if err := e.svc.ChangePassword(me, goodPassword, newPassword); err != nil {
			t.Fatalf("ChangePassword error: %v", err)
		}
		actor, _ := auth.ActorFrom(me)
		if _, err := e.svc.Authenticate(e.ctx, other.Token); apperr.CodeOf(err) != apperr.Unauthenticated {
			t.Errorf("another session after the change: %v, want UNAUTHENTICATED", err)
		}
		if _, err := e.Store.SessionByTokenHash(context.Background(), actor.TokenHash, e.Clock.Now()); err != nil {
			t.Errorf("the caller's own session ended: %v", err)
		}
		if _, err := e.svc.SignIn(e.ctx, in.Email, goodPassword); apperr.CodeOf(err) != apperr.Unauthenticated {
			t.Errorf("SignIn with the old password: %v, want UNAUTHENTICATED", err)
		}
		e.signIn(t, in.Email, newPassword)

		// Staff too.
		staffEmail := e.newCounselor(t)
		staff := e.as(t, staffEmail)
		if err := e.svc.ChangePassword(staff, goodPassword, "counselor password 2"); err != nil {
			t.Fatalf("staff ChangePassword error: %v", err)
		}
		e.signIn(t, staffEmail, "counselor password 2")
	})
}

// Wrong current passwords count as failed sign-ins of the account: the
// sign-in limit bounds guessing through changePassword as well.
func TestChangePasswordGuessesAreLimited(t *testing.T) {
	t.Parallel()
	storetest.ForEachDialect(t, func(t *testing.T, d store.Dialect) {
		e := newEnv(t, d)
		in := e.nextInput()
		e.signUp(t, in)
		me := e.as(t, in.Email)
		for range account.DefaultSignInLimits.PerAccount {
			err := e.svc.ChangePassword(me, "wrong password!", "a brand new password")
			wantCode(t, "ChangePassword(wrong current)", err, apperr.Validation, "currentPassword")
		}
		err := e.svc.ChangePassword(me, goodPassword, "a brand new password")
		wantCode(t, "ChangePassword(after too many guesses)", err, apperr.RateLimited, "")
		e.Clock.Advance(account.DefaultSignInLimits.Window)
		if err := e.svc.ChangePassword(me, goodPassword, "a brand new password"); err != nil {
			t.Errorf("ChangePassword after the window: %v", err)
		}
	})
}

func TestUpdateMyPhone(t *testing.T) {
	t.Parallel()
	storetest.ForEachDialect(t, func(t *testing.T, d store.Dialect) {
		e := newEnv(t, d)
		in := e.nextInput()
		js, _ := e.signUp(t, in)
		me := e.as(t, in.Email)

		_, err := e.svc.UpdateMyPhone(e.ctx, "0986-22-1234")
		wantCode(t, "UpdateMyPhone(anonymous)", err, apperr.Unauthenticated, "")
		_, err = e.svc.UpdateMyPhone(e.counselor(t), "0986-22-1234")
		wantCode(t, "UpdateMyPhone(staff)", err, apperr.Forbidden, "")
		for _, bad := range []string{"", "12345", "0120-123-456", "+1 415 555 0100", "090-1234-56789", "電話番号"} {
			_, err := e.svc.UpdateMyPhone(me, bad)
			wantCode(t, "UpdateMyPhone("+bad+")", err, apperr.Validation, "phone")
		}
		if got := e.reload(t, js.ID).JobSeeker.Phone.National; got != "090-1234-5678" {
			t.Fatalf("refused updates changed the phone to %q", got)
		}

		a, err := e.svc.UpdateMyPhone(me, "０９８６（２２）９８７６")
		if err != nil {
			t.Fatalf("UpdateMyPhone error: %v", err)
		}
		if a.JobSeeker.Phone.National != "0986-22-9876" || a.JobSeeker.Phone.E164 != "+81986229876" {
			t.Errorf("UpdateMyPhone = %+v, want 0986-22-9876 (+81986229876)", a.JobSeeker.Phone)
		}
		if got := e.reload(t, js.ID).JobSeeker.Phone.National; got != "0986-22-9876" {
			t.Errorf("stored phone = %q", got)
		}
		var raw string
		if err := e.Store.DB().QueryRow("SELECT phone_sealed FROM job_seekers WHERE account_id = ?", js.ID).Scan(&raw); err != nil {
			t.Fatal(err)
		}
		for _, plain := range []string{"986229876", "0986-22-9876"} {
			if strings.Contains(raw, plain) {
				t.Errorf("the phone is stored in plain text: %q", raw)
			}
		}
	})
}

// A registered and an unknown address take at least PasswordResetFloor
// alike: the write of the link hides under it.
func TestRequestPasswordResetFloor(t *testing.T) {
	t.Parallel()
	storetest.ForEachDialect(t, func(t *testing.T, d store.Dialect) {
		e := newEnv(t, d)
		in := e.nextInput()
		e.signUp(t, in)
		e.svc.PasswordResetFloor = 200 * time.Millisecond
		for _, email := range []string{in.Email, "nobody@example.jp"} {
			start := time.Now()
			if err := e.svc.RequestPasswordReset(e.ctx, email); err != nil {
				t.Fatal(err)
			}
			if took := time.Since(start); took < e.svc.PasswordResetFloor {
				t.Errorf("RequestPasswordReset(%s) took %v, want at least %v", email, took, e.svc.PasswordResetFloor)
			}
		}
		if n := len(e.Mails(t)); n != 1 {
			t.Errorf("%d mails, want the registered address's only", n)
		}
	})
}
