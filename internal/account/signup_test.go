package account_test

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"soudan/internal/account"
	"soudan/internal/apperr"
	"soudan/internal/auth"
	"soudan/internal/mailer"
	"soudan/internal/store"
	"soudan/internal/store/storetest"
)

func TestSignUpAndVerifyEmail(t *testing.T) {
	t.Parallel()
	storetest.ForEachDialect(t, func(t *testing.T, d store.Dialect) {
		e := newEnv(t, d)
		in := account.SignUpInput{
			Email:           " taro@EXAMPLE.jp ",
			Password:        goodPassword,
			Name:            "　山田 太郎　",
			JobSeekerNumber: "４５０４０ー１２３４５６７",
			Phone:           "０９０（１２３４）５６７８",
		}
		a, err := e.svc.SignUp(e.ctx, in)
		if err != nil {
			t.Fatalf("SignUp error: %v", err)
		}
		if a.ID == 0 || a.Role != auth.JobSeeker || a.Email != "taro@example.jp" || a.Name != "山田 太郎" {
			t.Errorf("SignUp = {ID %d, Role %s, Email %q, Name %q}, want a new JOB_SEEKER taro@example.jp 山田 太郎",
				a.ID, a.Role, a.Email, a.Name)
		}
		if a.EmailVerified() {
			t.Errorf("SignUp: EmailVerified() = true, want false")
		}
		if a.JobSeeker == nil {
			t.Fatalf("SignUp: JobSeeker = nil, want a profile")
		}
		js := a.JobSeeker
		if js.Number != "45040-1234567" || js.Phone.E164 != "+819012345678" {
			t.Errorf("SignUp: Number, Phone = %q, %q, want 45040-1234567, +819012345678", js.Number, js.Phone.E164)
		}
		if js.RegistrationVerifiedAt != nil || js.Suspension != nil {
			t.Errorf("SignUp: RegistrationVerifiedAt %v, Suspension %v, want both nil", js.RegistrationVerifiedAt, js.Suspension)
		}
		today := e.svc.Today(e.ctx)
		if js.Eligible(today) {
			t.Errorf("SignUp: Eligible(%v) = true, want false", today)
		}

		ms := e.Mails(t)
		if len(ms) != 1 {
			t.Fatalf("SignUp queued %d mails, want 1", len(ms))
		}
		m := ms[0]
		if m.To != "taro@example.jp" {
			t.Errorf("mail To = %q, want taro@example.jp", m.To)
		}
		if !strings.Contains(m.Subject, officeName) {
			t.Errorf("mail Subject = %q, want it to name %s", m.Subject, officeName)
		}
		if !strings.Contains(m.Body, "\n"+publicURL+"/verify-email?token=") {
			t.Errorf("mail body has no line starting with %s/verify-email?token=:\n%s", publicURL, m.Body)
		}
		token := verifyToken(t, m)

		_, err = e.svc.VerifyEmail(e.ctx, "forged-"+token[7:])
		wantCode(t, "VerifyEmail(forged token)", err, apperr.NotFound, "")
		// The stored hash is not a token either.
		for _, bad := range []string{"", strings.Repeat("a", 200), auth.HashToken(token)} {
			_, err := e.svc.VerifyEmail(e.ctx, bad)
			wantCode(t, "VerifyEmail(bad token)", err, apperr.NotFound, "")
		}
		// A verification token is not a session token.
		_, err = e.svc.Authenticate(e.ctx, token)
		wantCode(t, "Authenticate(verification token)", err, apperr.Unauthenticated, "")
		if e.reload(t, a.ID).EmailVerified() {
			t.Fatalf("after forged tokens: EmailVerified() = true, want false")
		}

		e.Clock.Advance(time.Hour)
		got, err := e.svc.VerifyEmail(e.ctx, token)
		if err != nil {
			t.Fatalf("VerifyEmail(token) error: %v", err)
		}
		if got.ID != a.ID || !got.EmailVerified() || !got.EmailVerifiedAt.Equal(e.Clock.Now()) {
			t.Errorf("VerifyEmail(token) = {ID %d, EmailVerifiedAt %v}, want {ID %d, EmailVerifiedAt %v}",
				got.ID, got.EmailVerifiedAt, a.ID, e.Clock.Now())
		}
		if got.JobSeeker == nil || got.JobSeeker.Eligible(today) {
			t.Errorf("after VerifyEmail: Eligible = true, want false until the 求職番号 is verified")
		}

		_, err = e.svc.VerifyEmail(e.ctx, token)
		wantCode(t, "VerifyEmail(used token)", err, apperr.NotFound, "")
	})
}

func TestVerifyEmailExpiry(t *testing.T) {
	t.Parallel()
	storetest.ForEachDialect(t, func(t *testing.T, d store.Dialect) {
		e := newEnv(t, d)
		early, earlyToken := e.signUp(t, e.nextInput())
		late, lateToken := e.signUp(t, e.nextInput())

		e.Clock.Advance(account.VerifyEmailTTL - time.Minute)
		if _, err := e.svc.VerifyEmail(e.ctx, earlyToken); err != nil {
			t.Fatalf("VerifyEmail a minute before expiry error: %v", err)
		}
		e.Clock.Advance(2 * time.Minute)
		_, err := e.svc.VerifyEmail(e.ctx, lateToken)
		wantCode(t, "VerifyEmail(expired token)", err, apperr.NotFound, "")

		if !e.reload(t, early.ID).EmailVerified() {
			t.Errorf("account verified in time: EmailVerified() = false, want true")
		}
		if e.reload(t, late.ID).EmailVerified() {
			t.Errorf("account with expired token: EmailVerified() = true, want false")
		}
	})
}

func TestSignUpValidation(t *testing.T) {
	t.Parallel()
	valid := account.SignUpInput{
		Email:           "hanako@example.jp",
		Password:        goodPassword,
		Name:            "鈴木 花子",
		JobSeekerNumber: "45040-1234567",
		Phone:           "0986-22-1234",
	}
	tests := []struct {
		name  string
		edit  func(in *account.SignUpInput)
		field string
	}{
		{"email empty", func(in *account.SignUpInput) { in.Email = "" }, "input.email"},
		{"email without at", func(in *account.SignUpInput) { in.Email = "hanako.example.jp" }, "input.email"},
		{"email with name", func(in *account.SignUpInput) { in.Email = "Hanako <hanako@example.jp>" }, "input.email"},
		{"email full-width at", func(in *account.SignUpInput) { in.Email = "hanako＠example.jp" }, "input.email"},
		{"email two addresses", func(in *account.SignUpInput) { in.Email = "a@example.jp,b@example.jp" }, "input.email"},
		{"email too long", func(in *account.SignUpInput) { in.Email = strings.Repeat("a", 250) + "@example.jp" }, "input.email"},
		{"password short", func(in *account.SignUpInput) { in.Password = "short1234" }, "input.password"},
		{"password empty", func(in *account.SignUpInput) { in.Password = "" }, "input.password"},
		{"password equals e-mail", func(in *account.SignUpInput) { in.Password = "hanako@example.jp" }, "input.password"},
		{"password equals e-mail in other case", func(in *account.SignUpInput) { in.Password = "HANAKO@EXAMPLE.JP" }, "input.password"},
		{"password equals number", func(in *account.SignUpInput) { in.Password = "45040-1234567" }, "input.password"},
		{"password equals number without dash", func(in *account.SignUpInput) { in.Password = "450401234567" }, "input.password"},
		{"password too long", func(in *account.SignUpInput) { in.Password = strings.Repeat("x", 129) }, "input.password"},
		{"password bad UTF-8", func(in *account.SignUpInput) { in.Password = "abcdefghij\xff" }, "input.password"},
		{"number empty", func(in *account.SignUpInput) { in.JobSeekerNumber = "" }, "input.jobSeekerNumber"},
		{"number short office", func(in *account.SignUpInput) { in.JobSeekerNumber = "4504-1234567" }, "input.jobSeekerNumber"},
		{"number too long", func(in *account.SignUpInput) { in.JobSeekerNumber = "45040-123456789" }, "input.jobSeekerNumber"},
		{"number letters", func(in *account.SignUpInput) { in.JobSeekerNumber = "45040-12345A" }, "input.jobSeekerNumber"},
		{"number 12 digits", func(in *account.SignUpInput) { in.JobSeekerNumber = "450401234567" }, "input.jobSeekerNumber"},
		{"phone free dial 0120", func(in *account.SignUpInput) { in.Phone = "0120-123-456" }, "input.phone"},
		{"phone free dial 0800", func(in *account.SignUpInput) { in.Phone = "0800-123-4567" }, "input.phone"},
		{"phone navi dial", func(in *account.SignUpInput) { in.Phone = "0570-123-456" }, "input.phone"},
		{"phone mobile too short", func(in *account.SignUpInput) { in.Phone = "090-1234-567" }, "input.phone"},
		{"phone fixed too short", func(in *account.SignUpInput) { in.Phone = "0986-22-12" }, "input.phone"},
		{"phone foreign", func(in *account.SignUpInput) { in.Phone = "+1 212 555 0100" }, "input.phone"},
		{"phone empty", func(in *account.SignUpInput) { in.Phone = "" }, "input.phone"},
		{"name empty", func(in *account.SignUpInput) { in.Name = "" }, "input.name"},
		{"name blank", func(in *account.SignUpInput) { in.Name = " 　 " }, "input.name"},
		{"name control character", func(in *account.SignUpInput) { in.Name = "鈴木\x00花子" }, "input.name"},
		{"name bad UTF-8", func(in *account.SignUpInput) { in.Name = "鈴木\xff" }, "input.name"},
		{"name too long", func(in *account.SignUpInput) { in.Name = strings.Repeat("あ", 101) }, "input.name"},
	}
	storetest.ForEachDialect(t, func(t *testing.T, d store.Dialect) {
		e := newEnv(t, d)
		before := e.counts(t)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				in := valid
				tt.edit(&in)
				a, err := e.svc.SignUp(e.ctx, in)
				if err == nil {
					t.Fatalf("SignUp(%s) = account %d, want VALIDATION on %s", tt.name, a.ID, tt.field)
				}
				wantCode(t, "SignUp("+tt.name+")", err, apperr.Validation, tt.field)
				if diff := cmp.Diff(before, e.counts(t)); diff != "" {
					t.Errorf("SignUp(%s) wrote rows (-before +after):\n%s", tt.name, diff)
				}
			})
		}
		// The valid form itself is accepted, so each case failed on its field.
		if _, err := e.svc.SignUp(e.ctx, valid); err != nil {
			t.Fatalf("SignUp(valid) error: %v", err)
		}
	})
}

func TestSignUpDuplicate(t *testing.T) {
	t.Parallel()
	storetest.ForEachDialect(t, func(t *testing.T, d store.Dialect) {
		e := newEnv(t, d)
		first := account.SignUpInput{
			Email: "taro@example.jp", Password: goodPassword, Name: "山田 太郎",
			JobSeekerNumber: "45040-1234567", Phone: "090-1234-5678",
		}
		e.signUp(t, first)
		before := e.counts(t)

		sameEmail := first
		sameEmail.Email = "taro@EXAMPLE.JP"
		sameEmail.JobSeekerNumber = "45040-7654321"
		sameNumber := first
		sameNumber.Email = "jiro@example.jp"
		sameNumber.JobSeekerNumber = "４５０４０－１２３４５６７"

		e.Mails(t) // the first sign-up's mail
		aEmail, errEmail := e.svc.SignUp(e.ctx, sameEmail)
		aNumber, errNumber := e.svc.SignUp(e.ctx, sameNumber)
		if errEmail != nil || errNumber != nil || aEmail.ID != 0 || aNumber.ID != 0 {
			t.Fatalf("duplicate sign-ups = %+v, %v / %+v, %v; want no account and no error, as for a new address",
				aEmail, errEmail, aNumber, errNumber)
		}
		after := e.counts(t)
		if after["mail_outbox"] != before["mail_outbox"]+2 {
			t.Errorf("duplicate sign-ups queued %d mails, want 2", after["mail_outbox"]-before["mail_outbox"])
		}
		after["mail_outbox"] = before["mail_outbox"]
		if diff := cmp.Diff(before, after); diff != "" {
			t.Errorf("duplicate sign-ups created something (-before +after):\n%s", diff)
		}
		ms := e.Mails(t)
		if len(ms) != 2 {
			t.Fatalf("mails = %d, want 2", len(ms))
		}
		byTo := map[string]mailer.Message{}
		for _, m := range ms {
			byTo[m.To] = m
		}
		// The registered address is told, with the sign-in and reset pages.
		m, ok := byTo["taro@example.jp"]
		if !ok || !strings.Contains(m.Subject, "このメールアドレスはすでに登録されています") ||
			!strings.Contains(m.Body, "山田 太郎 様") || !strings.Contains(m.Body, e.svc.PublicURL+"/login") ||
			!strings.Contains(m.Body, e.svc.PublicURL+"/forgot-password") {
			t.Errorf("mail to the registered address = %+v", m)
		}
		// The typed address of a registered number is told whom to call.
		m, ok = byTo["jiro@example.jp"]
		if !ok || !strings.Contains(m.Subject, "求職番号はすでに登録されています") || !strings.Contains(m.Body, "までお電話ください") ||
			strings.Contains(m.Body, "山田") || strings.Contains(m.Body, "1234567") {
			t.Errorf("mail to the typed address = %+v", m)
		}
	})
}

func TestResendVerification(t *testing.T) {
	t.Parallel()
	storetest.ForEachDialect(t, func(t *testing.T, d store.Dialect) {
		e := newEnv(t, d)
		in := e.nextInput()
		a, firstToken := e.signUp(t, in)
		// An unconfirmed job seeker may sign in.
		session := e.signIn(t, in.Email, goodPassword)
		actor, err := e.svc.Authenticate(e.ctx, session.Token)
		if err != nil {
			t.Fatalf("Authenticate error: %v", err)
		}
		ctx := auth.WithActor(e.ctx, actor)
		// A session token is not a verification token.
		_, err = e.svc.VerifyEmail(e.ctx, session.Token)
		wantCode(t, "VerifyEmail(session token)", err, apperr.NotFound, "")

		e.Clock.Advance(time.Minute)
		sent, err := e.svc.ResendVerification(ctx)
		if err != nil || !sent {
			t.Fatalf("ResendVerification (unverified) = %v, %v; want true, nil", sent, err)
		}
		ms := e.Mails(t)
		if len(ms) != 1 {
			t.Fatalf("ResendVerification queued %d mails, want 1", len(ms))
		}
		if ms[0].To != in.Email || !strings.Contains(ms[0].Subject, officeName) {
			t.Errorf("resent mail To %q Subject %q, want To %q and the office name", ms[0].To, ms[0].Subject, in.Email)
		}
		secondToken := verifyToken(t, ms[0])
		if secondToken == firstToken {
			t.Fatalf("ResendVerification mailed the same token again, want a new one")
		}
		got, err := e.svc.VerifyEmail(e.ctx, secondToken)
		if err != nil {
			t.Fatalf("VerifyEmail(new token) error: %v", err)
		}
		if got.ID != a.ID || !got.EmailVerified() {
			t.Errorf("VerifyEmail(new token) = {ID %d, verified %v}, want {ID %d, verified true}", got.ID, got.EmailVerified(), a.ID)
		}

		sent, err = e.svc.ResendVerification(ctx)
		if err != nil || sent {
			t.Errorf("ResendVerification (verified) = %v, %v; want false, nil", sent, err)
		}
		if ms := e.Mails(t); len(ms) != 0 {
			t.Errorf("ResendVerification (verified) queued %d mails, want 0", len(ms))
		}

		_, err = e.svc.ResendVerification(e.ctx)
		wantCode(t, "ResendVerification(anonymous)", err, apperr.Unauthenticated, "")
		_, err = e.svc.ResendVerification(e.counselor(t))
		wantCode(t, "ResendVerification(counselor)", err, apperr.Forbidden, "")
	})
}
