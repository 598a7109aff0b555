// Package testenv wires the store and the domain services (office, account
// and booking) on a fresh real database with a test clock, the way the
// server wires them, for the tests of the packages that use them together.
//
// It imports account and booking, so only external test packages
// (package account_test, booking_test, graph_test) can use it; the dialect
// loop and the databases themselves are package storetest's.
package testenv

import (
	"context"
	"log/slog"
	"net/url"
	"regexp"
	"testing"
	"time"

	"soudan/checker/rules"
	"soudan/internal/account"
	"soudan/internal/auth"
	"soudan/internal/booking"
	"soudan/internal/mailer"
	"soudan/internal/office"
	"soudan/internal/password"
	"soudan/internal/store"
	"soudan/internal/store/storetest"
	"soudan/internal/testclock"
)

const (
	// PublicURL is the site's address in the services' links.
	PublicURL = "https://soudan.example.jp"
	// OfficeCode is the code of the office storetest seeds.
	OfficeCode = "45040"
)

// PasswordParams keep argon2id fast in tests.
var PasswordParams = password.Params{Memory: 1024, Iterations: 1, Parallelism: 1, SaltLength: 16, KeyLength: 32}

// Env is the store and the services on one fresh database. The services
// share Clock and may be changed (or copied and changed) by a test before
// use.
type Env struct {
	Store    *store.Store
	Clock    *testclock.Clock
	Offices  *office.Service
	Accounts *account.Service
	Bookings *booking.Service
}

// New returns the services on a fresh, seeded database of dialect d, with a
// clock showing now and a discarding logger.
func New(tb testing.TB, d store.Dialect, now time.Time) *Env {
	tb.Helper()
	st := storetest.Open(tb, d)
	c := testclock.New(now)
	log := slog.New(slog.DiscardHandler)
	offices := &office.Service{Store: st, Admin: st, OfficeCode: OfficeCode, Now: c.Now}
	return &Env{
		Store:   st,
		Clock:   c,
		Offices: offices,
		Accounts: &account.Service{
			Store: st, Offices: offices, PublicURL: PublicURL, Now: c.Now, Log: log,
			PasswordParams: PasswordParams, Limits: account.DefaultSignInLimits,
		},
		Bookings: &booking.Service{
			Store: st, BoothStore: st, Readiness: st, CheckerCheckIDs: rules.CheckIDs, Offices: offices,
			Accounts: st, PublicURL: PublicURL, Now: c.Now, Log: log,
		},
	}
}

// Mails returns the mails queued (and due) since the last call, oldest
// first, and marks them sent so that they are not returned again.
func (e *Env) Mails(tb testing.TB) []mailer.Message {
	tb.Helper()
	return storetest.Mails(tb, e.Store, e.Clock.Now())
}

// Actor signs email in with pw from the request ctx and returns the actor
// its session authenticates as.
func (e *Env) Actor(tb testing.TB, ctx context.Context, email, pw string) auth.Actor {
	tb.Helper()
	s, err := e.Accounts.SignIn(ctx, email, pw)
	if err != nil {
		tb.Fatalf("SignIn(%q) error: %v", email, err)
	}
	actor, err := e.Accounts.Authenticate(ctx, s.Token)
	if err != nil {
		tb.Fatalf("Authenticate(token of %q) error: %v", email, err)
	}
	return actor
}

var verifyLink = regexp.MustCompile(regexp.QuoteMeta(PublicURL+"/verify-email?token=") + `([^\s]+)`)

// VerificationToken returns the token of the e-mail verification link in
// m, and whether m has one.
func VerificationToken(m mailer.Message) (string, bool) {
	match := verifyLink.FindStringSubmatch(m.Body)
	if match == nil {
		return "", false
	}
	token, err := url.QueryUnescape(match[1])
	return token, err == nil && token != ""
}
