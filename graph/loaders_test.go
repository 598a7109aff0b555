package graph_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"soudan/graph"
	"soudan/internal/account"
	"soudan/internal/auth"
	"soudan/internal/booking"
	"soudan/internal/store"
	"soudan/internal/store/storetest"
	"soudan/internal/testenv"
)

// A list of reservations with their job seekers and terms costs the same
// number of queries for 2 rows as for 8: the loaders batch per request.
func TestReservationListQueriesDoNotGrowWithRows(t *testing.T) {
	storetest.ForEachDialect(t, func(t *testing.T, d store.Dialect) {
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

// world is the services (testenv) behind the GraphQL handler, with an
// administrator signed in.
type world struct {
	*testenv.Env
	res     *graph.Resolver
	handler http.Handler
	admin   auth.Actor
	booked  int
}

// worldStart is Monday 2026-04-27 10:00 in Tokyo.
var worldStart = time.Date(2026, 4, 27, 10, 0, 0, 0, time.FixedZone("JST", 9*3600))

func newWorld(t testing.TB, d store.Dialect) *world {
	t.Helper()
	te := testenv.New(t, d, worldStart)
	log := slog.New(slog.DiscardHandler)
	res := &graph.Resolver{Offices: te.Offices, Accounts: te.Accounts, Bookings: te.Bookings, AccountBatch: te.Store, Log: log}
	w := &world{Env: te, res: res, handler: graph.LoaderMiddleware(res, newHandler(res, log))}
	if _, err := te.Accounts.CreateAdmin(context.Background(), "admin@soudan.test", "admin-password-1", "管理者", false); err != nil {
		t.Fatal(err)
	}
	w.admin = w.actor(t, "admin@soudan.test", "admin-password-1")
	return w
}

func (w *world) actor(t testing.TB, email, pw string) auth.Actor {
	t.Helper()
	return w.Actor(t, auth.WithClient(context.Background(), auth.Client{IP: "192.0.2.1"}), email, pw)
}

// book makes n more eligible job seekers, each with one reservation on
// 2026-05-07 (confirm by 2026-04-30).
func (w *world) book(t testing.TB, n int) {
	t.Helper()
	ctx := context.Background()
	staff := auth.WithActor(ctx, w.admin)
	_, terms, err := w.Offices.TermsVersions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for range n {
		w.booked++
		i := w.booked
		email, number := fmt.Sprintf("js%d@example.jp", i), fmt.Sprintf("45040-%d", 1000+i)
		a, err := w.Accounts.SignUp(ctx, account.SignUpInput{Email: email, Password: "a-long-password-1",
			Name: fmt.Sprintf("求職 %d", i), JobSeekerNumber: number, Phone: "090-1234-5678"})
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range w.Mails(t) {
			if token, ok := testenv.VerificationToken(m); ok && m.To == email {
				if _, err := w.Accounts.VerifyEmail(ctx, token); err != nil {
					t.Fatal(err)
				}
			}
		}
		if _, err := w.Accounts.VerifyJobSeeker(staff, a.ID); err != nil {
			t.Fatal(err)
		}
		js := auth.WithActor(ctx, w.actor(t, email, "a-long-password-1"))
		start := time.Date(2026, 5, 7, 8, 30, 0, 0, time.FixedZone("JST", 9*3600)).Add(time.Duration(i) * 30 * time.Minute)
		if _, err := w.Bookings.RequestReservation(js, booking.ReservationInput{StartsAt: start,
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
