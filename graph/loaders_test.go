package graph_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"sync/atomic"
	"testing"
	"time"

	"soudan/checker/rules"
	"soudan/graph"
	"soudan/internal/account"
	"soudan/internal/auth"
	"soudan/internal/booking"
	"soudan/internal/office"
	"soudan/internal/password"
	"soudan/internal/store"
	"soudan/internal/store/storetest"
)

// A list of reservations with their job seekers and terms costs the same
// number of queries for 2 rows as for 8: the loaders batch per request.
func TestReservationListQueriesDoNotGrowWithRows(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(string(d), func(t *testing.T) {
			w := newWorld(t, d)
			w.book(t, 2)
			few, n2 := w.countQueries(t)
			w.book(t, 6)
			many, n8 := w.countQueries(t)
			if few != 2 || many != 8 {
				t.Fatalf("listed %d and %d reservations, want 2 and 8", few, many)
			}
			if n2 != n8 {
				t.Errorf("queries: %d for 2 reservations, %d for 8; want the same", n2, n8)
			}
		})
	}
}

type world struct {
	st       *store.Store
	res      *graph.Resolver
	accounts *account.Service
	bookings *booking.Service
	handler  http.Handler
	admin    auth.Actor
	booked   int
}

var tokenInMail = regexp.MustCompile(`token=([A-Za-z0-9_-]+)`)

func newWorld(t testing.TB, d store.Dialect) *world {
	t.Helper()
	st := storetest.Open(t, d)
	jst := time.FixedZone("JST", 9*3600)
	now := func() time.Time { return time.Date(2026, 4, 27, 10, 0, 0, 0, jst) }
	log := slog.New(slog.DiscardHandler)
	offices := &office.Service{Store: st, Admin: st, OfficeCode: "45040", Now: now}
	accounts := &account.Service{Store: st, Offices: offices, PublicURL: "https://soudan.test", Now: now, Log: log,
		PasswordParams: password.Params{Memory: 1024, Iterations: 1, Parallelism: 1, SaltLength: 16, KeyLength: 32},
		Limits:         account.DefaultSignInLimits}
	bookings := &booking.Service{Store: st, BoothStore: st, Readiness: st, CheckerCheckIDs: rules.CheckIDs, Offices: offices, Accounts: st,
		PublicURL: "https://soudan.test", Now: now, Log: log}
	res := &graph.Resolver{Offices: offices, Accounts: accounts, Bookings: bookings, AccountBatch: st, Log: log}
	w := &world{st: st, res: res, accounts: accounts, bookings: bookings, handler: graph.LoaderMiddleware(res, newHandler(res, log))}
	ctx := context.Background()
	if _, err := accounts.CreateAdmin(ctx, "admin@soudan.test", "admin-password-1", "管理者", false); err != nil {
		t.Fatal(err)
	}
	w.admin = w.actor(t, "admin@soudan.test", "admin-password-1")
	return w
}

func (w *world) actor(t testing.TB, email, pw string) auth.Actor {
	t.Helper()
	ctx := auth.WithClient(context.Background(), auth.Client{IP: "192.0.2.1"})
	s, err := w.accounts.SignIn(ctx, email, pw)
	if err != nil {
		t.Fatalf("SignIn(%s): %v", email, err)
	}
	a, err := w.accounts.Authenticate(ctx, s.Token)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// book makes n more eligible job seekers, each with one reservation on
// 2026-05-07 (confirm by 2026-04-30).
func (w *world) book(t testing.TB, n int) {
	t.Helper()
	ctx := context.Background()
	staff := auth.WithActor(ctx, w.admin)
	_, terms, err := w.bookings.Offices.TermsVersions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for range n {
		w.booked++
		i := w.booked
		email, number := fmt.Sprintf("js%d@example.jp", i), fmt.Sprintf("45040-%d", 1000+i)
		a, err := w.accounts.SignUp(ctx, account.SignUpInput{Email: email, Password: "a-long-password-1",
			Name: fmt.Sprintf("求職 %d", i), JobSeekerNumber: number, Phone: "090-1234-5678"})
		if err != nil {
			t.Fatal(err)
		}
		mails, err := w.st.Claim(ctx, "test", time.Now(), time.Hour, 100)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range mails {
			if m.To == email {
				if _, err := w.accounts.VerifyEmail(ctx, tokenInMail.FindStringSubmatch(m.Body)[1]); err != nil {
					t.Fatal(err)
				}
			}
		}
		if _, err := w.accounts.VerifyJobSeeker(staff, a.ID); err != nil {
			t.Fatal(err)
		}
		js := auth.WithActor(ctx, w.actor(t, email, "a-long-password-1"))
		start := time.Date(2026, 5, 7, 8, 30, 0, 0, time.FixedZone("JST", 9*3600)).Add(time.Duration(i) * 30 * time.Minute)
		if _, err := w.bookings.RequestReservation(js, booking.ReservationInput{StartsAt: start,
			Phone: "090-1234-5678", JobSeekerNumber: number, Consultation: "相談", AgreedTermsID: terms.ID}, ""); err != nil {
			t.Fatalf("RequestReservation %d: %v", i, err)
		}
	}
}

// countQueries lists the day's reservations as staff and returns how many
// were listed and how many SQL statements the request ran.
func (w *world) countQueries(t *testing.T) (rows int, queries int64) {
	t.Helper()
	var n atomic.Int64
	body, _ := json.Marshal(map[string]any{"query": `{ reservations(filter: {from: "2026-05-07", to: "2026-05-07"}) {
		edges { node { id jobSeeker { name phone } termsVersion { title } counselor { name } } } } }`})
	req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req = req.WithContext(store.WithQueryCounter(auth.WithActor(req.Context(), w.admin), &n))
	rec := httptest.NewRecorder()
	w.handler.ServeHTTP(rec, req)
	var resp struct {
		Data struct {
			Reservations struct {
				Edges []struct {
					Node struct{ JobSeeker struct{ Name string } }
				}
			}
		}
		Errors []any
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &resp); err != nil || len(resp.Errors) > 0 {
		t.Fatalf("response %s: %v", rec.Body.String(), err)
	}
	for _, e := range resp.Data.Reservations.Edges {
		if e.Node.JobSeeker.Name == "" {
			t.Errorf("a reservation came without its job seeker: %s", rec.Body.String())
		}
	}
	return len(resp.Data.Reservations.Edges), n.Load()
}
