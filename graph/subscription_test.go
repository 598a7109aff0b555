package graph_test

import (
	"context"
	"log/slog"
	"net/http/httptest"
	"runtime"
	"testing"
	"time"

	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/coder/websocket"
	"github.com/coder/websocket/wsjson"

	"soudan/graph"
	"soudan/internal/auth"
	"soudan/internal/events"
	"soudan/internal/store"
)

// After 200 queue subscriptions opened and closed over real websockets,
// the server's goroutines are back to their baseline.
func TestSubscriptionsLeaveNoGoroutines(t *testing.T) {
	w := newWorld(t, store.SQLite)
	broker := &events.Broker{Source: w.Store, Log: slog.New(slog.DiscardHandler)}
	if err := broker.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { broker.Run(ctx); close(done) }()
	defer func() { stop(); <-done }()

	log := slog.New(slog.DiscardHandler)
	srv := newHandler(&graph.Resolver{Offices: w.Bookings.Offices, Accounts: w.Accounts, Bookings: w.Bookings,
		AccountBatch: w.Store, Events: broker, EventLog: w.Store, Log: log}, log)
	srv.AddTransport(transport.Websocket{
		InitFunc: func(ctx context.Context, _ transport.InitPayload) (context.Context, *transport.InitPayload, error) {
			return auth.WithActor(ctx, w.admin), nil, nil
		},
		Implementation: transport.CoderWebsocketImplementation{},
	})
	ts := httptest.NewServer(srv)
	defer ts.Close()
	url := "ws" + ts.URL[len("http"):]

	cycle := func() {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		c, _, err := websocket.Dial(ctx, url, &websocket.DialOptions{Subprotocols: []string{"graphql-transport-ws"}})
		if err != nil {
			t.Fatalf("dial: %v", err)
		}
		defer c.CloseNow()
		read := func() map[string]any {
			var m map[string]any
			if err := wsjson.Read(ctx, c, &m); err != nil {
				t.Fatalf("read: %v", err)
			}
			return m
		}
		_ = wsjson.Write(ctx, c, map[string]any{"type": "connection_init"})
		if m := read(); m["type"] != "connection_ack" {
			t.Fatalf("init: %v", m)
		}
		_ = wsjson.Write(ctx, c, map[string]any{"id": "1", "type": "subscribe", "payload": map[string]any{
			"query": `subscription { queueEvents(date: "2026-05-07") { seq } }`}})
		for broker.Subscribers() == 0 {
			time.Sleep(time.Millisecond)
		}
		_ = wsjson.Write(ctx, c, map[string]any{"id": "1", "type": "complete"})
		_ = c.Close(websocket.StatusNormalClosure, "")
		for broker.Subscribers() != 0 {
			time.Sleep(time.Millisecond)
		}
	}
	cycle() // warm up the pools
	time.Sleep(50 * time.Millisecond)
	base := runtime.NumGoroutine()
	for range 200 {
		cycle()
	}
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > base && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > base {
		t.Errorf("goroutines: %d after 200 subscribe/unsubscribe cycles, baseline %d", n, base)
	}
}
