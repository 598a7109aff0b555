package main

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/coder/websocket/wsjson"

	"soudan/internal/mailer/smtptest"
	"soudan/internal/store"
	"soudan/internal/store/storetest"
)

// wsClient speaks graphql-transport-ws to a test server. A goroutine
// reads every message into msgs (a read with a deadline would close the
// connection).
type wsClient struct {
	t    testing.TB
	conn *websocket.Conn
	msgs chan map[string]any
}

func dialWS(t testing.TB, ts *testServer, token string) *wsClient {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	c, _, err := websocket.Dial(ctx, "ws://"+ts.Addr+"/graphql", &websocket.DialOptions{Subprotocols: []string{"graphql-transport-ws"}})
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	ws := &wsClient{t: t, conn: c, msgs: make(chan map[string]any, 100)}
	t.Cleanup(func() { _ = c.CloseNow() })
	go func() {
		defer close(ws.msgs)
		for {
			var m map[string]any
			if err := wsjson.Read(context.Background(), c, &m); err != nil {
				return
			}
			if m["type"] != "ping" && m["type"] != "pong" && m["type"] != "ka" {
				ws.msgs <- m
			}
		}
	}()
	ws.send(map[string]any{"type": "connection_init", "payload": map[string]any{"authorization": "Bearer " + token}})
	if m := ws.next(5 * time.Second); m["type"] != "connection_ack" {
		t.Fatalf("connection_init: %v", m)
	}
	return ws
}

func (ws *wsClient) send(v any) {
	ws.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := wsjson.Write(ctx, ws.conn, v); err != nil {
		ws.t.Fatalf("websocket write: %v", err)
	}
}

// next returns the next message that is not a ping or pong.
func (ws *wsClient) next(timeout time.Duration) map[string]any {
	ws.t.Helper()
	select {
	case m, ok := <-ws.msgs:
		if !ok {
			ws.t.Fatal("the websocket closed")
		}
		return m
	case <-time.After(timeout):
		ws.t.Fatalf("no websocket message within %v", timeout)
		return nil
	}
}

func (ws *wsClient) subscribe(id, query string, vars map[string]any) {
	ws.send(map[string]any{"id": id, "type": "subscribe", "payload": map[string]any{"query": query, "variables": vars}})
}

type queueEvent struct {
	Seq         int
	Type        string
	Reservation struct{ ID, Status string }
}

// event waits for the next queue event, failing after a second.
func (ws *wsClient) event() queueEvent {
	ws.t.Helper()
	m := ws.next(time.Second)
	if m["type"] != "next" {
		ws.t.Fatalf("want a next message, got %v", m)
	}
	raw, _ := json.Marshal(m["payload"])
	var p struct {
		Data   struct{ QueueEvents queueEvent }
		Errors []any
	}
	if err := json.Unmarshal(raw, &p); err != nil || len(p.Errors) > 0 {
		ws.t.Fatalf("event payload %s: %v", raw, err)
	}
	return p.Data.QueueEvents
}

// expectNothing fails if a message arrives within d.
func (ws *wsClient) expectNothing(d time.Duration) {
	ws.t.Helper()
	select {
	case m := <-ws.msgs:
		ws.t.Fatalf("unexpected message: %v", m)
	case <-time.After(d):
	}
}

const queueSub = `subscription($d: Date!, $after: Int) { queueEvents(date: $d, afterSeq: $after) { seq type reservation { id status } } }`

// TestQueueDay follows a session day through the live queue, across two
// server processes and a restart: a staff subscriber sees CREATED,
// CANCELLED, CHECKED_IN, STARTED and COMPLETED in order, and after a
// disconnect resumes with afterSeq, receiving exactly what it missed.
func TestQueueDay(t *testing.T) {
	storetest.ForEachDialectInTurn(t, func(t *testing.T, d store.Dialect) {
		db := dbEnv(t, d)
		smtpd := smtptest.Start(t)
		env := func(clock string) map[string]string {
			return map[string]string{"SOUDAN_DB": db, "SOUDAN_SMTP_URL": smtpd.URL(), "SOUDAN_CLOCK_START": clock,
				"SOUDAN_ADMIN_EMAIL": adminEmail, "SOUDAN_ADMIN_PASSWORD": adminPassword}
		}
		// Monday 2026-04-27: book for Thursday 2026-05-07.
		one := startServer(t, env("2026-04-27T10:00:00+09:00"))
		two := startServer(t, env("2026-04-27T10:00:00+09:00"))
		admin := signIn(t, one, adminEmail, adminPassword)
		_, alice := eligibleJobSeeker(t, one, smtpd, admin, "q-alice@example.jp", "45040-31")
		_, bob := eligibleJobSeeker(t, one, smtpd, admin, "q-bob@example.jp", "45040-32")
		var terms struct{ CurrentTerms struct{ ID string } }
		one.gql(t, "", `{ currentTerms { id } }`, nil).mustData(t, &terms)

		var q struct{ Queue struct{ Seq int } }
		one.gql(t, admin, `{ queue(date: "2026-05-07") { seq } }`, nil).mustData(t, &q)
		ws := dialWS(t, one, admin)
		ws.subscribe("q", queueSub, map[string]any{"d": "2026-05-07", "after": q.Queue.Seq})

		// Bookings through the second instance reach the subscriber on the first.
		var a, b struct{ RequestReservation struct{ ID string } }
		book(two, t, alice, "2026-05-07T10:00:00+09:00", "45040-31", terms.CurrentTerms.ID).mustData(t, &a)
		if ev := ws.event(); ev.Type != "CREATED" || ev.Reservation.ID != a.RequestReservation.ID {
			t.Fatalf("first event = %+v, want CREATED of Alice's reservation", ev)
		}
		book(two, t, bob, "2026-05-07T10:30:00+09:00", "45040-32", terms.CurrentTerms.ID).mustData(t, &b)
		if ev := ws.event(); ev.Type != "CREATED" || ev.Reservation.ID != b.RequestReservation.ID {
			t.Fatalf("second event = %+v, want CREATED of Bob's reservation", ev)
		}
		two.gql(t, bob, `mutation($id: ID!) { cancelReservation(id: $id) { status } }`, map[string]any{"id": b.RequestReservation.ID}).mustData(t, &struct{}{})
		cancelled := ws.event()
		if cancelled.Type != "CANCELLED" || cancelled.Reservation.Status != "CANCELLED" {
			t.Fatalf("third event = %+v, want CANCELLED", cancelled)
		}
		lastSeen := cancelled.Seq
		// Bob's booking on another day is not sent to this day's queue.
		book(two, t, bob, "2026-05-08T10:00:00+09:00", "45040-32", terms.CurrentTerms.ID).mustData(t, &struct{}{})
		ws.expectNothing(300 * time.Millisecond)
		one.stop(t)
		two.stop(t)

		// Thursday 2026-05-07 09:50: the session day.
		day := startServer(t, env("2026-05-07T09:50:00+09:00"))
		admin = signIn(t, day, adminEmail, adminPassword)
		alice = signIn(t, day, "q-alice@example.jp", "a-long-password-1")
		ws = dialWS(t, day, admin)
		ws.subscribe("q", queueSub, map[string]any{"d": "2026-05-07", "after": lastSeen})
		id := map[string]any{"id": a.RequestReservation.ID}
		day.gql(t, alice, `mutation($id: ID!) { checkIn(id: $id) { status } }`, id).mustData(t, &struct{}{})
		checkedIn := ws.event()
		if checkedIn.Type != "CHECKED_IN" || checkedIn.Seq <= lastSeen {
			t.Fatalf("after resuming: %+v, want CHECKED_IN after seq %d", checkedIn, lastSeen)
		}

		// Disconnect; STARTED happens meanwhile; resume gets exactly it.
		_ = ws.conn.Close(websocket.StatusNormalClosure, "bye")
		day.gql(t, admin, `mutation($id: ID!) { startSession(id: $id) { status } }`, id).mustData(t, &struct{}{})
		ws = dialWS(t, day, admin)
		ws.subscribe("q", queueSub, map[string]any{"d": "2026-05-07", "after": checkedIn.Seq})
		if ev := ws.event(); ev.Type != "STARTED" || ev.Reservation.Status != "COMPLETED" && ev.Reservation.Status != "IN_SESSION" {
			t.Fatalf("missed event = %+v, want STARTED", ev)
		}
		day.gql(t, admin, `mutation($id: ID!) { completeSession(id: $id, note: "求人票を3件紹介") { status } }`, id).mustData(t, &struct{}{})
		if ev := ws.event(); ev.Type != "COMPLETED" || ev.Reservation.Status != "COMPLETED" {
			t.Fatalf("event = %+v, want COMPLETED", ev)
		}
		ws.expectNothing(300 * time.Millisecond)

		// The snapshot agrees, and a second start is a CONFLICT naming the status.
		var snap struct {
			Queue struct {
				Seq          int
				Reservations []struct{ ID, Status, NoShowAt string }
			}
		}
		day.gql(t, admin, `{ queue(date: "2026-05-07") { seq reservations { id status noShowAt } } }`, nil).mustData(t, &snap)
		if len(snap.Queue.Reservations) != 2 || snap.Queue.Reservations[0].Status != "COMPLETED" ||
			snap.Queue.Reservations[0].NoShowAt != "2026-05-07T10:10:00+09:00" || snap.Queue.Reservations[1].Status != "CANCELLED" {
			t.Errorf("queue = %+v", snap.Queue)
		}
		if r := day.gql(t, admin, `mutation($id: ID!) { startSession(id: $id) { status } }`, id); r.code() != "CONFLICT" {
			t.Errorf("starting a completed session: %q, want CONFLICT", r.code())
		}
	})
}

// TestQueueRequiresStaff: a job seeker's subscription to the queue is
// refused with FORBIDDEN and nothing else is sent.
func TestQueueRequiresStaff(t *testing.T) {
	smtpd := smtptest.Start(t)
	ts := startServer(t, map[string]string{"SOUDAN_DB": dbEnv(t, store.SQLite), "SOUDAN_SMTP_URL": smtpd.URL(),
		"SOUDAN_ADMIN_EMAIL": adminEmail, "SOUDAN_ADMIN_PASSWORD": adminPassword})
	admin := signIn(t, ts, adminEmail, adminPassword)
	_, seeker := eligibleJobSeeker(t, ts, smtpd, admin, "nosy@example.jp", "45040-77")
	ws := dialWS(t, ts, seeker)
	ws.subscribe("q", queueSub, map[string]any{"d": "2026-05-07"})
	// gqlgen answers an operation refused by its resolver with a result
	// carrying the error, then completes the operation.
	m := ws.next(2 * time.Second)
	if !contains(fmt.Sprint(m["payload"]), "code:FORBIDDEN") || contains(fmt.Sprint(m["payload"]), "reservation") {
		t.Errorf("job seeker's queue subscription: %v, want an error with FORBIDDEN", m)
	}
	if m := ws.next(2 * time.Second); m["type"] != "complete" {
		t.Errorf("after the refusal: %v, want complete", m)
	}
	if r := ts.gql(t, seeker, `{ queue(date: "2026-05-07") { seq } }`, nil); r.code() != "FORBIDDEN" {
		t.Errorf("job seeker's queue query: %q, want FORBIDDEN", r.code())
	}
}

// dialRaw opens a graphql-transport-ws connection without initialising it.
func dialRaw(t *testing.T, ts *testServer) *websocket.Conn {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	c, _, err := websocket.Dial(ctx, "ws://"+ts.Addr+"/graphql", &websocket.DialOptions{Subprotocols: []string{"graphql-transport-ws"}})
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	t.Cleanup(func() { _ = c.CloseNow() })
	return c
}

// closeCode waits for the connection to close and returns its status.
func closeCode(t *testing.T, c *websocket.Conn, within time.Duration) websocket.StatusCode {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), within)
	defer cancel()
	for {
		var m map[string]any
		if err := wsjson.Read(ctx, c, &m); err != nil {
			return websocket.CloseStatus(err)
		}
	}
}

func TestWebsocketLimits(t *testing.T) {
	smtpd := smtptest.Start(t)
	ts := startServer(t, map[string]string{"SOUDAN_DB": dbEnv(t, store.SQLite), "SOUDAN_SMTP_URL": smtpd.URL(),
		"SOUDAN_ADMIN_EMAIL": adminEmail, "SOUDAN_ADMIN_PASSWORD": adminPassword, "SOUDAN_WS_RECHECK": "200ms"})
	admin := signIn(t, ts, adminEmail, adminPassword)

	t.Run("NoInitWithin5s", func(t *testing.T) {
		c := dialRaw(t, ts)
		start := time.Now()
		if got := closeCode(t, c, 8*time.Second); got != 4408 {
			t.Errorf("close status = %d, want 4408", got)
		}
		if d := time.Since(start); d < 4*time.Second {
			t.Errorf("closed after %v, want about 5 s", d)
		}
	})
	t.Run("SixthConnectionOfAnAccount", func(t *testing.T) {
		// An account of its own: the administrator's connections closed at
		// the end of this subtest may still count on the server when the
		// next subtest opens one.
		const email, password = "busy@example.jp", "correct-horse-battery"
		ts.gql(t, admin, `mutation($i: CreateStaffInput!) { createStaff(input: $i) { id } }`,
			map[string]any{"i": map[string]any{"email": email, "password": password, "name": "多忙 一郎", "role": "COUNSELOR"}}).
			mustData(t, &struct{}{})
		token := signIn(t, ts, email, password)
		for range 5 {
			dialWS(t, ts, token)
		}
		c := dialRaw(t, ts)
		_ = wsjson.Write(context.Background(), c, map[string]any{"type": "connection_init", "payload": map[string]any{"authorization": "Bearer " + token}})
		if got := closeCode(t, c, 3*time.Second); got != 4429 {
			t.Errorf("sixth connection: close status %d, want 4429", got)
		}
	})
	t.Run("EleventhSubscription", func(t *testing.T) {
		ws := dialWS(t, ts, admin)
		for i := range 11 {
			ws.subscribe(fmt.Sprint(i), queueSub, map[string]any{"d": "2026-05-07"})
		}
		// gqlgen starts subscriptions concurrently: whichever comes eleventh
		// is refused, and only it.
		m := ws.next(3 * time.Second)
		if !contains(fmt.Sprint(m["payload"]), "RATE_LIMITED") {
			t.Errorf("eleventh subscription: %v, want it refused with RATE_LIMITED", m)
		}
		if done := ws.next(time.Second); done["type"] != "complete" || done["id"] != m["id"] {
			t.Errorf("after the refusal: %v, want complete of %v", done, m["id"])
		}
		ws.expectNothing(500 * time.Millisecond)
	})
	t.Run("SignOutClosesTheConnection", func(t *testing.T) {
		token := signIn(t, ts, adminEmail, adminPassword)
		ws := dialWS(t, ts, token)
		ws.subscribe("q", queueSub, map[string]any{"d": "2026-05-07"})
		ts.gql(t, token, `mutation { signOut }`, nil).mustData(t, &struct{}{})
		deadline := time.After(3 * time.Second)
		for {
			select {
			case _, ok := <-ws.msgs:
				if !ok {
					return // closed
				}
			case <-deadline:
				t.Fatal("the connection stayed open after sign-out")
			}
		}
	})
	t.Run("DeactivationEndsTheCounselorsSessions", func(t *testing.T) {
		const email, password = "leaving@example.jp", "correct-horse-battery"
		var created struct {
			CreateStaff struct{ ID string }
		}
		ts.gql(t, admin, `mutation($i: CreateStaffInput!) { createStaff(input: $i) { id } }`,
			map[string]any{"i": map[string]any{"email": email, "password": password, "name": "退職 予定", "role": "COUNSELOR"}}).
			mustData(t, &created)
		token := signIn(t, ts, email, password)
		ws := dialWS(t, ts, token)
		ws.subscribe("q", queueSub, map[string]any{"d": "2026-05-07"})
		ts.gql(t, admin, `mutation($id: ID!) { deactivateStaff(id: $id) { id } }`, map[string]any{"id": created.CreateStaff.ID}).
			mustData(t, &struct{}{})
		if got := ts.gql(t, token, `{ me { id } }`, nil).code(); got != "UNAUTHENTICATED" {
			t.Errorf("the session after deactivation: code %q, want UNAUTHENTICATED", got)
		}
		if got := ts.gql(t, "", `mutation($e: String!, $p: String!) { signIn(email: $e, password: $p) { token } }`,
			map[string]any{"e": email, "p": password}).code(); got != "UNAUTHENTICATED" {
			t.Errorf("signing in after deactivation: code %q, want UNAUTHENTICATED", got)
		}
		deadline := time.After(3 * time.Second)
		for {
			select {
			case _, ok := <-ws.msgs:
				if !ok {
					return // closed
				}
			case <-deadline:
				t.Fatal("the connection stayed open after deactivation")
			}
		}
	})
}

// TestShutdownClosesWebsocketsWith1001: on SIGTERM, subscribers are told
// the server is going away (1001) and can resume elsewhere.
func TestShutdownClosesWebsocketsWith1001(t *testing.T) {
	ts := startServer(t, map[string]string{"SOUDAN_DB": dbEnv(t, store.SQLite),
		"SOUDAN_ADMIN_EMAIL": adminEmail, "SOUDAN_ADMIN_PASSWORD": adminPassword})
	admin := signIn(t, ts, adminEmail, adminPassword)
	c := dialRaw(t, ts)
	_ = wsjson.Write(context.Background(), c, map[string]any{"type": "connection_init", "payload": map[string]any{"authorization": "Bearer " + admin}})
	_ = wsjson.Write(context.Background(), c, map[string]any{"id": "q", "type": "subscribe",
		"payload": map[string]any{"query": queueSub, "variables": map[string]any{"d": "2026-05-07"}}})
	time.Sleep(200 * time.Millisecond)
	done := make(chan websocket.StatusCode, 1)
	go func() { done <- closeCode(t, c, 10*time.Second) }()
	ts.stop(t)
	if got := <-done; got != websocket.StatusGoingAway {
		t.Errorf("close status on shutdown = %d, want 1001", got)
	}
}
