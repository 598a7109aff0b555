package graph_test

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"soudan/internal/store"
)

// BenchmarkAvailableSlotsRequest measures one availableSlots request for 14
// days through the GraphQL handler on SQLite, with a few bookings: computed
// each time, and answered by the shared cache.
func BenchmarkAvailableSlotsRequest(b *testing.B) {
	b.Run("computed", func(b *testing.B) {
		w := newWorld(b, store.SQLite)
		w.book(b, 4)
		benchmarkSlots(b, w.handler)
	})
	b.Run("cached", func(b *testing.B) {
		w := newCachedWorld(b, time.Hour)
		w.book(b, 4)
		benchmarkSlots(b, w.handler)
	})
}

func benchmarkSlots(b *testing.B, h http.Handler) {
	body := []byte(`{"query":"{ availableSlots(from: \"2026-05-07\", to: \"2026-05-20\") { startsAt endsAt remaining confirmBy } }"}`)
	b.ReportAllocs()
	for b.Loop() {
		req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatal(rec.Body.String())
		}
	}
}
