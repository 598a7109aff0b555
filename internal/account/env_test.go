package account_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"soudan/internal/account"
	"soudan/internal/apperr"
	"soudan/internal/auth"
	"soudan/internal/mailer"
	"soudan/internal/store"
	"soudan/internal/store/storetest"
	"soudan/internal/testenv"
)

const (
	publicURL  = testenv.PublicURL
	officeName = "都城公共職業安定所"
	// goodPassword is the password of every account the tests create.
	goodPassword = "correct horse battery"
	// clientIP is the address of the default test client.
	clientIP = "192.0.2.10"
)

// start is Monday 2026-04-06 10:00 in Tokyo, an office day.
var start = time.Date(2026, time.April, 6, 1, 0, 0, 0, time.UTC)

var tokyo = func() *time.Location {
	loc, err := time.LoadLocation("Asia/Tokyo")
	if err != nil {
		panic(err)
	}
	return loc
}()

// env is an account service on a fresh real database.
type env struct {
	*testenv.Env
	// svc is the service under test, Env.Accounts.
	svc *account.Service
	// ctx is an anonymous request from clientIP.
	ctx context.Context
	// seq makes e-mail addresses and 求職番号 unique within the env.
	seq int
}

// newEnv returns the services (testenv) on a fresh database of dialect d,
// the clock at start.
func newEnv(t *testing.T, d store.Dialect) *env {
	t.Helper()
	te := testenv.New(t, d, start)
	ctx := auth.WithClient(context.Background(), auth.Client{IP: clientIP, UserAgent: "account_test"})
	return &env{Env: te, svc: te.Accounts, ctx: ctx}
}

// from returns an anonymous request context from ip.
func (e *env) from(ip string) context.Context {
	return auth.WithClient(context.Background(), auth.Client{IP: ip, UserAgent: "account_test"})
}

// nextInput returns a valid, unique sign-up form.
func (e *env) nextInput() account.SignUpInput {
	e.seq++
	return account.SignUpInput{
		Email:           fmt.Sprintf("js%d@example.jp", e.seq),
		Password:        goodPassword,
		Name:            fmt.Sprintf("求職 太郎%d", e.seq),
		JobSeekerNumber: fmt.Sprintf("45040-%07d", 1000000+e.seq),
		Phone:           "090-1234-5678",
	}
}

// signUp signs a job seeker up and drains the outbox, returning the
// account and the verification token mailed to them.
func (e *env) signUp(t *testing.T, in account.SignUpInput) (account.Account, string) {
	t.Helper()
	a, err := e.svc.SignUp(e.ctx, in)
	if err != nil {
		t.Fatalf("SignUp(%q) error: %v", in.Email, err)
	}
	ms := e.Mails(t)
	if len(ms) != 1 {
		t.Fatalf("SignUp(%q) queued %d mails, want 1", in.Email, len(ms))
	}
	return a, verifyToken(t, ms[0])
}

// eligibleJobSeeker signs a job seeker up, confirms the e-mail and has a
// counselor verify the 求職番号.
func (e *env) eligibleJobSeeker(t *testing.T, staff context.Context) account.Account {
	t.Helper()
	a, token := e.signUp(t, e.nextInput())
	if _, err := e.svc.VerifyEmail(e.ctx, token); err != nil {
		t.Fatalf("VerifyEmail error: %v", err)
	}
	a, err := e.svc.VerifyJobSeeker(staff, a.ID)
	if err != nil {
		t.Fatalf("VerifyJobSeeker(%d) error: %v", a.ID, err)
	}
	if !a.JobSeeker.Eligible(e.svc.Today(e.ctx)) {
		t.Fatalf("job seeker %d is not eligible after both verifications", a.ID)
	}
	return a
}

// signIn signs in and returns the session.
func (e *env) signIn(t *testing.T, email, pw string) account.Session {
	t.Helper()
	s, err := e.svc.SignIn(e.ctx, email, pw)
	if err != nil {
		t.Fatalf("SignIn(%q) error: %v", email, err)
	}
	return s
}

// as signs in and returns a request context acting as that account.
func (e *env) as(t *testing.T, email string) context.Context {
	t.Helper()
	return auth.WithActor(e.ctx, e.Actor(t, e.ctx, email, goodPassword))
}

// admin creates an administrator (once per email) and acts as them.
func (e *env) admin(t *testing.T) context.Context {
	t.Helper()
	const email = "admin@example.jp"
	if _, err := e.svc.CreateAdmin(e.ctx, email, goodPassword, "管理 花子", true); err != nil {
		t.Fatalf("CreateAdmin error: %v", err)
	}
	return e.as(t, email)
}

// counselor creates a counselor through an administrator and acts as them.
func (e *env) counselor(t *testing.T) context.Context {
	t.Helper()
	return e.as(t, e.newCounselor(t))
}

// newCounselor creates a counselor through an administrator and returns
// their e-mail address.
func (e *env) newCounselor(t *testing.T) string {
	t.Helper()
	e.seq++
	email := fmt.Sprintf("counselor%d@example.jp", e.seq)
	if _, err := e.svc.CreateStaff(e.admin(t), account.StaffInput{
		Email: email, Password: goodPassword, Name: "相談 次郎", Role: auth.Counselor,
	}); err != nil {
		t.Fatalf("CreateStaff(counselor) error: %v", err)
	}
	e.Mails(t) // the welcome mail
	return email
}

// counts returns the number of rows of the tables a sign-up writes.
func (e *env) counts(t *testing.T) map[string]int {
	t.Helper()
	return storetest.CountRows(t, e.Store, "accounts", "job_seekers", "auth_tokens", "mail_outbox", "registrations")
}

// reload reads an account straight from the store.
func (e *env) reload(t *testing.T, id int64) account.Account {
	t.Helper()
	a, err := e.Store.AccountByID(context.Background(), id)
	if err != nil {
		t.Fatalf("AccountByID(%d) error: %v", id, err)
	}
	return a
}

// verifyToken extracts the token from a verification mail's link.
func verifyToken(t *testing.T, m mailer.Message) string {
	t.Helper()
	token, ok := testenv.VerificationToken(m)
	if !ok {
		t.Fatalf("mail %q has no %s/verify-email?token= link:\n%s", m.Subject, publicURL, m.Body)
	}
	return token
}

// appErr returns the *apperr.Error in err, failing the test without one.
func appErr(t *testing.T, what string, err error) *apperr.Error {
	t.Helper()
	if err == nil {
		t.Fatalf("%s error = nil, want an *apperr.Error", what)
	}
	var e *apperr.Error
	if !errors.As(err, &e) {
		t.Fatalf("%s error = %v (%T), want an *apperr.Error", what, err, err)
	}
	return e
}

// wantCode checks that err has the code (and, if field is set, the field).
func wantCode(t *testing.T, what string, err error, code apperr.Code, field string) {
	t.Helper()
	e := appErr(t, what, err)
	if e.Code != code || e.Field != field {
		t.Errorf("%s error = %v (code %s, field %q), want code %s, field %q", what, err, e.Code, e.Field, code, field)
	}
	if e.Message == "" || e.En == "" {
		t.Errorf("%s error = %+v, want a Japanese and an English message", what, e)
	}
}
