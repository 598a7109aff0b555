package booking_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"soudan/internal/account"
	"soudan/internal/apperr"
	"soudan/internal/auth"
	"soudan/internal/booking"
	"soudan/internal/office"
	"soudan/internal/store"
	"soudan/internal/store/storetest"
	"soudan/internal/testenv"
)

const (
	publicURL = testenv.PublicURL
	// goodPassword is the password of every account the tests create.
	goodPassword = "correct horse battery"
	adminEmail   = "admin@example.jp"
)

var tokyo = func() *time.Location {
	loc, err := time.LoadLocation("Asia/Tokyo")
	if err != nil {
		panic(err)
	}
	return loc
}()

// jst is a wall-clock time in Tokyo.
func jst(y int, m time.Month, d, hour, minute int) time.Time {
	return time.Date(y, m, d, hour, minute, 0, 0, tokyo)
}

// start is Monday 2026-04-27 10:00 in Tokyo: CALENDAR.md's vectors apply
// (a session on 2026-05-07 must be confirmed by 2026-04-30 24:00; Golden
// Week 5/3–5/6 is closed).
var start = jst(2026, time.April, 27, 10, 0)

// may7 is a bookable session start: Thursday 2026-05-07 10:00.
var may7 = jst(2026, time.May, 7, 10, 0)

// env is a booking service (and the account service that makes its job
// seekers) on a fresh real database.
type env struct {
	*testenv.Env
	// svc is the service under test, Env.Bookings.
	svc *booking.Service
	// ctx is an anonymous request.
	ctx      context.Context
	officeID int64
	// terms are every version of the terms; current is the one in force.
	terms   []office.TermsVersion
	current office.TermsVersion
	// seq makes e-mail addresses and 求職番号 unique within the env.
	seq      int
	adminCtx context.Context
	adminID  int64
}

// seeker is a signed-in job seeker.
type seeker struct {
	acct account.Account
	// ctx is a request acting as the job seeker.
	ctx context.Context
}

// newEnv returns the services (testenv) on a fresh database of dialect d,
// the clock at start, and checks the seeded office and terms.
func newEnv(tb testing.TB, d store.Dialect) *env {
	tb.Helper()
	te := testenv.New(tb, d, start)
	e := &env{
		Env: te,
		svc: te.Bookings,
		ctx: auth.WithClient(context.Background(), auth.Client{IP: "192.0.2.10", UserAgent: "booking_test"}),
	}
	o, err := e.Offices.Office(e.ctx)
	if err != nil {
		tb.Fatalf("Office() error: %v", err)
	}
	e.officeID = o.ID
	e.terms, e.current, err = e.Offices.TermsVersions(e.ctx)
	if err != nil {
		tb.Fatalf("TermsVersions() error: %v", err)
	}
	if len(e.terms) < 2 || e.current.Title != "令和7年3月10日改訂" {
		tb.Fatalf("TermsVersions() = %d versions, current %q; want the seeded ones, 令和7年3月10日改訂 in force", len(e.terms), e.current.Title)
	}
	return e
}

// setCapacity changes the seats per slot straight in the database.
func (e *env) setCapacity(tb testing.TB, n int) {
	tb.Helper()
	if _, err := e.Store.DB().Exec("UPDATE offices SET capacity = ? WHERE id = ?", n, e.officeID); err != nil {
		tb.Fatalf("set capacity %d: %v", n, err)
	}
}

// as signs in and returns a request context acting as that account.
func (e *env) as(tb testing.TB, email string) context.Context {
	tb.Helper()
	return auth.WithActor(e.ctx, e.Actor(tb, e.ctx, email, goodPassword))
}

// admin returns a request acting as the office's administrator, created on
// first use.
func (e *env) admin(tb testing.TB) context.Context {
	tb.Helper()
	if e.adminCtx == nil {
		if _, err := e.Accounts.CreateAdmin(e.ctx, adminEmail, goodPassword, "管理 花子", false); err != nil {
			tb.Fatalf("CreateAdmin error: %v", err)
		}
		e.adminCtx = e.as(tb, adminEmail)
		actor, _ := auth.ActorFrom(e.adminCtx)
		e.adminID = actor.AccountID
	}
	return e.adminCtx
}

// counselor creates a counselor and returns a request acting as them.
func (e *env) counselor(tb testing.TB) context.Context {
	tb.Helper()
	e.seq++
	email := fmt.Sprintf("counselor%d@example.jp", e.seq)
	if _, err := e.Accounts.CreateStaff(e.admin(tb), account.StaffInput{
		Email: email, Password: goodPassword, Name: "相談 次郎", Role: auth.Counselor,
	}); err != nil {
		tb.Fatalf("CreateStaff(counselor) error: %v", err)
	}
	e.Mails(tb) // the welcome mail
	return e.as(tb, email)
}

// signUp signs up a job seeker; the verification mail stays in the outbox.
func (e *env) signUp(tb testing.TB) account.Account {
	tb.Helper()
	e.seq++
	a, err := e.Accounts.SignUp(e.ctx, account.SignUpInput{
		Email:           fmt.Sprintf("js%d@example.jp", e.seq),
		Password:        goodPassword,
		Name:            fmt.Sprintf("求職 太郎%d", e.seq),
		JobSeekerNumber: fmt.Sprintf("45040-%d", 1000000+e.seq),
		Phone:           "090-1234-5678",
	})
	if err != nil {
		tb.Fatalf("SignUp error: %v", err)
	}
	return a
}

// verificationTokens drains the outbox and returns the e-mail verification
// tokens by recipient.
func (e *env) verificationTokens(tb testing.TB) map[string]string {
	tb.Helper()
	out := map[string]string{}
	for _, m := range e.Mails(tb) {
		if token, ok := testenv.VerificationToken(m); ok {
			out[m.To] = token
		}
	}
	return out
}

// verifyEmail confirms the e-mail address of a job seeker signed up with
// signUp (draining the outbox).
func (e *env) verifyEmail(tb testing.TB, a account.Account) {
	tb.Helper()
	token, ok := e.verificationTokens(tb)[a.Email]
	if !ok {
		tb.Fatalf("no verification mail for %s", a.Email)
	}
	if _, err := e.Accounts.VerifyEmail(e.ctx, token); err != nil {
		tb.Fatalf("VerifyEmail(%s) error: %v", a.Email, err)
	}
}

// verifyRegistration has the administrator confirm the 求職番号.
func (e *env) verifyRegistration(tb testing.TB, a account.Account) {
	tb.Helper()
	if _, err := e.Accounts.VerifyJobSeeker(e.admin(tb), a.ID); err != nil {
		tb.Fatalf("VerifyJobSeeker(%d) error: %v", a.ID, err)
	}
}

// seeker returns a new eligible, signed-in job seeker.
func (e *env) seeker(tb testing.TB) seeker {
	tb.Helper()
	return e.seekers(tb, 1)[0]
}

// seekers returns n new eligible, signed-in job seekers: e-mail confirmed
// and 求職番号 verified by staff.
func (e *env) seekers(tb testing.TB, n int) []seeker {
	tb.Helper()
	admin := e.admin(tb)
	accts := make([]account.Account, n)
	for i := range accts {
		accts[i] = e.signUp(tb)
	}
	tokens := e.verificationTokens(tb)
	out := make([]seeker, n)
	for i, a := range accts {
		token, ok := tokens[a.Email]
		if !ok {
			tb.Fatalf("no verification mail for %s", a.Email)
		}
		if _, err := e.Accounts.VerifyEmail(e.ctx, token); err != nil {
			tb.Fatalf("VerifyEmail(%s) error: %v", a.Email, err)
		}
		a, err := e.Accounts.VerifyJobSeeker(admin, a.ID)
		if err != nil {
			tb.Fatalf("VerifyJobSeeker(%d) error: %v", a.ID, err)
		}
		if !a.JobSeeker.Eligible(e.Accounts.Today(e.ctx)) {
			tb.Fatalf("job seeker %d is not eligible after both verifications", a.ID)
		}
		out[i] = seeker{acct: a, ctx: e.as(tb, a.Email)}
	}
	return out
}

// input is a valid application of the job seeker for a session at start.
func (e *env) input(js seeker, start time.Time) booking.ReservationInput {
	return booking.ReservationInput{
		StartsAt:        start,
		Name:            js.acct.Name,
		Phone:           "0986-22-1234",
		JobSeekerNumber: js.acct.JobSeeker.Number,
		Consultation:    "事務職の求人について相談したいです。",
		AgreedTermsID:   e.current.ID,
	}
}

// book books a session for the job seeker, failing the test on error.
func (e *env) book(tb testing.TB, js seeker, start time.Time) booking.Reservation {
	tb.Helper()
	r, err := e.svc.RequestReservation(js.ctx, e.input(js, start), "")
	if err != nil {
		tb.Fatalf("RequestReservation(%v) for job seeker %d error: %v", start, js.acct.ID, err)
	}
	return r
}

// cancel cancels a job seeker's own reservation, failing the test on error.
func (e *env) cancel(tb testing.TB, js seeker, id int64) booking.Reservation {
	tb.Helper()
	r, err := e.svc.Cancel(js.ctx, id, "", nil)
	if err != nil {
		tb.Fatalf("Cancel(%d) error: %v", id, err)
	}
	return r
}

// bookingTables are the tables a booking writes (events: the queue outbox).
var bookingTables = []string{"reservations", "slot_seats", "terms_consents", "mail_outbox", "idempotency_keys", "events"}

// counts returns the number of rows of the tables a booking writes.
func (e *env) counts(tb testing.TB) map[string]int {
	tb.Helper()
	return storetest.CountRows(tb, e.Store, bookingTables...)
}

// count runs a COUNT query.
func (e *env) count(tb testing.TB, query string, args ...any) int {
	tb.Helper()
	var n int
	if err := e.Store.DB().QueryRow(query, args...).Scan(&n); err != nil {
		tb.Fatalf("%s: %v", query, err)
	}
	return n
}

// queueEvents returns the types of a reservation's rows in the events
// table (the queue outbox), in order.
func (e *env) queueEvents(tb testing.TB, reservationID int64) []string {
	tb.Helper()
	rows, err := e.Store.DB().Query("SELECT type FROM events WHERE reservation_id = ? ORDER BY seq", reservationID)
	if err != nil {
		tb.Fatalf("read events: %v", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var typ string
		if err := rows.Scan(&typ); err != nil {
			tb.Fatalf("read events: %v", err)
		}
		out = append(out, typ)
	}
	if err := rows.Err(); err != nil {
		tb.Fatalf("read events: %v", err)
	}
	return out
}

// wantCode checks that err is an *apperr.Error with the code (and, if field
// is set, the field) and both messages.
func wantCode(t testing.TB, what string, err error, code apperr.Code, field string) {
	t.Helper()
	if err == nil {
		t.Errorf("%s error = nil, want %s", what, code)
		return
	}
	var ae *apperr.Error
	if !errors.As(err, &ae) {
		t.Errorf("%s error = %v (%T), want an *apperr.Error with code %s", what, err, err, code)
		return
	}
	if ae.Code != code || ae.Field != field {
		t.Errorf("%s error = %v (code %s, field %q), want code %s, field %q", what, err, ae.Code, ae.Field, code, field)
	}
	if ae.Message == "" || ae.En == "" {
		t.Errorf("%s error = %+v, want a Japanese and an English message", what, ae)
	}
}
