package graph_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"soudan/graph"
	"soudan/internal/auth"
	"soudan/internal/calendar"
	"soudan/internal/store"
)

// cachedWorld is a world whose handler answers slot listings through a
// SharedCache; version stands for the event watermark.
type cachedWorld struct {
	*world
	cache   *graph.SharedCache
	version atomic.Int64
}

func newCachedWorld(t testing.TB, ttl time.Duration) *cachedWorld {
	t.Helper()
	w := &cachedWorld{world: newWorld(t, store.SQLite)}
	w.cache = &graph.SharedCache{Fields: map[string]bool{"availableSlots": true}, Version: w.version.Load,
		TTL: ttl, MaxEntries: 4, MaxEntryBytes: 1 << 20, MaxBytes: 1 << 20}
	w.Bookings.Published = w.cache.Invalidate
	log := slog.New(slog.DiscardHandler)
	res := &graph.Resolver{Offices: w.Bookings.Offices, Accounts: w.Accounts, Bookings: w.Bookings, AccountBatch: w.Store, Log: log}
	srv := newHandler(res, log)
	srv.AroundOperations(w.cache.AroundOperations)
	w.handler = graph.LoaderMiddleware(res, srv)
	return w
}

// post runs a query and returns the response body and the SQL statements
// it cost.
func (w *cachedWorld) post(t *testing.T, query string) (string, int64) {
	t.Helper()
	var n atomic.Int64
	body, _ := json.Marshal(map[string]any{"query": query})
	req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req = req.WithContext(store.WithQueryCounter(req.Context(), &n))
	rec := httptest.NewRecorder()
	w.handler.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		t.Fatalf("HTTP %d: %s", rec.Code, rec.Body.String())
	}
	return rec.Body.String(), n.Load()
}

const slots14 = `{ availableSlots(from: "2026-05-07", to: "2026-05-20") { startsAt remaining } }`

// remainingAt returns the free seats of the slot at start in a response
// (-1 when the slot is not listed).
func remainingAt(t *testing.T, body, start string) int {
	t.Helper()
	var resp struct {
		Data struct {
			AvailableSlots []struct {
				StartsAt  string
				Remaining int
			}
		}
	}
	if err := json.Unmarshal([]byte(body), &resp); err != nil {
		t.Fatal(err)
	}
	for _, s := range resp.Data.AvailableSlots {
		if s.StartsAt == start {
			return s.Remaining
		}
	}
	return -1
}

func TestSharedCacheAnswersRepeatedSlotListings(t *testing.T) {
	w := newCachedWorld(t, time.Hour)
	first, n1 := w.post(t, slots14)
	if n1 == 0 {
		t.Fatal("the first listing ran no SQL: it cannot have been computed")
	}
	second, n2 := w.post(t, slots14)
	if n2 != 0 || second != first {
		t.Fatalf("the repeated listing ran %d statements (want 0) and answered %s, want %s", n2, second, first)
	}
	if hits, misses := w.cache.Stats(); hits != 1 || misses != 1 {
		t.Errorf("Stats = %d hits, %d misses; want 1, 1", hits, misses)
	}

	// Other variables or text are other entries.
	if _, n := w.post(t, `{ availableSlots(from: "2026-05-07", to: "2026-05-08") { startsAt remaining } }`); n == 0 {
		t.Error("a listing of other dates was answered from the cache")
	}
	// A root field that depends on the caller is never cached.
	mixed := `{ availableSlots(from: "2026-05-07", to: "2026-05-20") { startsAt } office { name } }`
	w.post(t, mixed)
	if _, n := w.post(t, mixed); n == 0 {
		t.Error("a query with office was answered from the cache")
	}
	// Errors are not kept.
	tooLong := `{ availableSlots(from: "2026-05-07", to: "2026-09-20") { startsAt } }`
	for range 2 {
		if body, _ := w.post(t, tooLong); !bytes.Contains([]byte(body), []byte(`"VALIDATION"`)) {
			t.Fatalf("a 137-day range answered %s, want VALIDATION", body)
		}
	}
	if hits, _ := w.cache.Stats(); hits != 1 {
		t.Errorf("hits = %d after errors and other queries, want still 1", hits)
	}
}

func TestSharedCacheSeesEveryChange(t *testing.T) {
	w := newCachedWorld(t, time.Hour)
	const start = "2026-05-07T09:00:00+09:00"
	before, _ := w.post(t, slots14)
	capacity := remainingAt(t, before, start)
	if capacity < 1 {
		t.Fatalf("slot %s not offered: %s", start, before)
	}

	// A booking on this instance (Published) is seen by the next listing.
	w.book(t, 1) // 2026-05-07 09:00
	after, n := w.post(t, slots14)
	if n == 0 {
		t.Fatal("the listing after a booking was answered from the cache")
	}
	if got := remainingAt(t, after, start); got != capacity-1 {
		t.Fatalf("after a booking remaining = %d, want %d", got, capacity-1)
	}

	// A change seen only through the version (another instance's commit).
	if _, n := w.post(t, slots14); n != 0 {
		t.Fatal("an unchanged listing was recomputed")
	}
	w.version.Add(1)
	if _, n := w.post(t, slots14); n == 0 {
		t.Fatal("a new version did not make the entry stale")
	}

	// An office change made through the office service: closing the day.
	w.Bookings.Offices.Changed = w.cache.Invalidate
	if _, err := w.Bookings.Offices.SetOverride(auth.WithActor(context.Background(), w.admin),
		calendar.NewDate(2026, 5, 7), false, "臨時休業"); err != nil {
		t.Fatal(err)
	}
	closed, _ := w.post(t, slots14)
	if got := remainingAt(t, closed, start); got != -1 {
		t.Fatalf("a slot of a day just closed is still listed (remaining %d)", got)
	}
}

func TestSharedCacheExpires(t *testing.T) {
	w := newCachedWorld(t, 20*time.Millisecond)
	w.post(t, slots14)
	if _, n := w.post(t, slots14); n != 0 {
		t.Fatal("not cached within its TTL")
	}
	time.Sleep(30 * time.Millisecond)
	if _, n := w.post(t, slots14); n == 0 {
		t.Fatal("an answer older than its TTL was used")
	}
}

func TestSharedCacheConcurrentCallersAgree(t *testing.T) {
	w := newCachedWorld(t, time.Hour)
	const callers = 16
	bodies := make([]string, callers)
	var wg sync.WaitGroup
	for i := range callers {
		wg.Go(func() { bodies[i], _ = w.post(t, slots14) })
	}
	wg.Wait()
	for i, b := range bodies {
		if b != bodies[0] || remainingAt(t, b, "2026-05-07T09:00:00+09:00") < 1 {
			t.Fatalf("caller %d answered %s, caller 0 %s", i, b, bodies[0])
		}
	}
	if hits, misses := w.cache.Stats(); hits+misses != callers || misses < 1 {
		t.Errorf("Stats = %d hits, %d misses; want %d in all", hits, misses, callers)
	}
}

// However many distinct listings are asked for, the cache holds at most
// MaxEntries of them and MaxBytes in all, and nothing larger than that.
func TestSharedCacheIsBounded(t *testing.T) {
	w := newCachedWorld(t, time.Hour)
	for d := 8; d <= 20; d++ {
		w.post(t, fmt.Sprintf(`{ availableSlots(from: "2026-05-07", to: "2026-05-%02d") { startsAt remaining } }`, d))
		entries, bytes := w.cache.Size()
		if entries > w.cache.MaxEntries || bytes > w.cache.MaxBytes {
			t.Fatalf("after %d listings: %d entries, %d bytes; bounds %d, %d", d-7, entries, bytes, w.cache.MaxEntries, w.cache.MaxBytes)
		}
	}
	if entries, _ := w.cache.Size(); entries != w.cache.MaxEntries {
		t.Errorf("entries = %d, want the cache full at %d", entries, w.cache.MaxEntries)
	}

	w = newCachedWorld(t, time.Hour)
	w.cache.MaxBytes = 1000 // less than one 14-day listing
	w.post(t, slots14)
	if _, n := w.post(t, slots14); n == 0 {
		t.Error("a listing larger than MaxBytes was kept")
	}
	if _, bytes := w.cache.Size(); bytes > 1000 {
		t.Errorf("the cache holds %d bytes over its bound", bytes)
	}
}
