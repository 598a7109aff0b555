package account_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"regexp"
	"testing"
	"time"

	"soudan/internal/account"
	"soudan/internal/apperr"
	"soudan/internal/auth"
	"soudan/internal/mailer"
	"soudan/internal/office"
	"soudan/internal/password"
	"soudan/internal/store"
	"soudan/internal/store/storetest"
	"soudan/internal/testclock"
)

const (
	publicURL  = "https://soudan.example.jp"
	officeName = "都城公共職業安定所"
	// goodPassword is the password of every account the tests create.
	goodPassword = "correct horse battery"
	// clientIP is the address of the default test client.
	clientIP = "192.0.2.10"
)

// cheapParams keep argon2id fast in tests.
var cheapParams = password.Params{Memory: 1024, Iterations: 1, Parallelism: 1, SaltLength: 16, KeyLength: 32}

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
	st    *store.Store
	svc   *account.Service
	clock *testclock.Clock
	// ctx is an anonymous request from clientIP.
	ctx context.Context
	// seq makes e-mail addresses and 求職番号 unique within the env.
	seq int
}

// forEachDialect runs f as a parallel subtest per dialect, each on a fresh
// database.
func forEachDialect(t *testing.T, f func(t *testing.T, e *env)) {
	t.Helper()
	for _, d := range storetest.Dialects(t) {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			f(t, newEnv(t, d))
		})
	}
}

func newEnv(t *testing.T, d store.Dialect) *env {
	t.Helper()
	st := storetest.Open(t, d)
	c := testclock.New(start)
	svc := &account.Service{
		Store:          st,
		Offices:        &office.Service{Store: st, OfficeCode: "45040", Now: c.Now},
		PublicURL:      publicURL,
		Now:            c.Now,
		Log:            slog.New(slog.DiscardHandler),
		PasswordParams: cheapParams,
		Limits:         account.DefaultSignInLimits,
	}
	ctx := auth.WithClient(context.Background(), auth.Client{IP: clientIP, UserAgent: "account_test"})
	return &env{st: st, svc: svc, clock: c, ctx: ctx}
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
	ms := e.mails(t)
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
	s := e.signIn(t, email, goodPassword)
	actor, err := e.svc.Authenticate(e.ctx, s.Token)
	if err != nil {
		t.Fatalf("Authenticate(token of %q) error: %v", email, err)
	}
	return auth.WithActor(e.ctx, actor)
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
	e.mails(t) // the welcome mail
	return email
}

// mails returns the mails queued since the last call, and marks them sent
// so that they are not returned again.
func (e *env) mails(t *testing.T) []mailer.Message {
	t.Helper()
	now := e.clock.Now()
	ms, err := e.st.Claim(context.Background(), "test", now, time.Minute, 100)
	if err != nil {
		t.Fatalf("Claim error: %v", err)
	}
	for _, m := range ms {
		if err := e.st.MarkSent(context.Background(), m.ID, "test", now); err != nil {
			t.Fatalf("MarkSent(%d) error: %v", m.ID, err)
		}
	}
	return ms
}

// counts returns the number of rows of the tables a sign-up writes.
func (e *env) counts(t *testing.T) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, table := range []string{"accounts", "job_seekers", "auth_tokens", "mail_outbox", "registrations"} {
		var n int
		if err := e.st.DB().QueryRow("SELECT COUNT(*) FROM " + table).Scan(&n); err != nil {
			t.Fatalf("count %s: %v", table, err)
		}
		out[table] = n
	}
	return out
}

// reload reads an account straight from the store.
func (e *env) reload(t *testing.T, id int64) account.Account {
	t.Helper()
	a, err := e.st.AccountByID(context.Background(), id)
	if err != nil {
		t.Fatalf("AccountByID(%d) error: %v", id, err)
	}
	return a
}

var tokenRE = regexp.MustCompile(regexp.QuoteMeta(publicURL+"/verify-email?token=") + `([^\s]+)`)

// verifyToken extracts the token from a verification mail's link.
func verifyToken(t *testing.T, m mailer.Message) string {
	t.Helper()
	match := tokenRE.FindStringSubmatch(m.Body)
	if match == nil {
		t.Fatalf("mail %q has no %s/verify-email?token= link:\n%s", m.Subject, publicURL, m.Body)
	}
	token, err := url.QueryUnescape(match[1])
	if err != nil || token == "" {
		t.Fatalf("mail link token %q: %v", match[1], err)
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
