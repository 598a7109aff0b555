package mailer_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"soudan/internal/mailer"
	"soudan/internal/mailer/smtptest"
	"soudan/internal/testclock"
)

// linearBackoff makes retry times predictable: attempt n waits n minutes.
func linearBackoff(attempt int) time.Duration { return time.Duration(attempt) * time.Minute }

// newSMTPWorker returns a worker on a fake outbox and clock that sends to
// srv.
func newSMTPWorker(t *testing.T, srv *smtptest.Server) (*mailer.Worker, *fakeOutbox, *testclock.Clock) {
	t.Helper()
	sender, err := mailer.NewSMTPSender(fmt.Sprintf("smtp://%s", srv.Addr))
	if err != nil {
		t.Fatal(err)
	}
	ob, clk := &fakeOutbox{}, newClock()
	return &mailer.Worker{
		Outbox:  ob,
		Sender:  sender,
		From:    testFrom,
		Owner:   "instance-a",
		Now:     clk.Now,
		Log:     testLogger(t),
		Backoff: linearBackoff,
	}, ob, clk
}

// testLogger writes the worker's log to the test log.
func testLogger(t *testing.T) *slog.Logger {
	return slog.New(slog.NewTextHandler(tWriter{t}, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

type tWriter struct{ t *testing.T }

func (w tWriter) Write(p []byte) (int, error) {
	w.t.Helper()
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

// messageIDs returns the Message-ID header of each received message.
func messageIDs(t *testing.T, rs []smtptest.Message) []string {
	t.Helper()
	var ids []string
	for _, r := range rs {
		ids = append(ids, r.MessageID)
	}
	return ids
}

func runOnce(t *testing.T, w *mailer.Worker) int {
	t.Helper()
	sent, err := w.RunOnce(context.Background())
	if err != nil {
		t.Fatalf("RunOnce: %v", err)
	}
	return sent
}

func TestWorkerSendsDueMessages(t *testing.T) {
	srv := smtptest.Start(t)
	w, ob, clk := newSMTPWorker(t, srv)
	now := clk.Now()
	m1 := ob.Add(japaneseMessage(1), now.Add(-time.Minute))
	m2 := ob.Add(japaneseMessage(2), now)
	later := ob.Add(japaneseMessage(3), now.Add(time.Hour))

	if got := runOnce(t, w); got != 2 {
		t.Errorf("RunOnce sent %d, want 2", got)
	}
	if diff := cmp.Diff([]string{m1.MessageID, m2.MessageID}, messageIDs(t, srv.Messages())); diff != "" {
		t.Errorf("received Message-IDs mismatch (-want +got):\n%s", diff)
	}
	for _, id := range []int64{m1.ID, m2.ID} {
		if r := ob.Row(id); !r.Sent || !r.SentAt.Equal(now) || r.SentBy != "instance-a" {
			t.Errorf("row %d = %+v, want sent at %v by instance-a", id, r, now)
		}
	}
	if r := ob.Row(later.ID); r.Sent || r.Owner != "" {
		t.Errorf("row not yet due = %+v, want untouched", r)
	}
	if got := runOnce(t, w); got != 0 {
		t.Errorf("second RunOnce sent %d, want 0", got)
	}

	clk.Advance(time.Hour)
	if got := runOnce(t, w); got != 1 {
		t.Errorf("RunOnce an hour later sent %d, want 1", got)
	}
	if n := len(srv.Messages()); n != 3 {
		t.Errorf("server received %d messages, want 3", n)
	}
}

func TestWorkerRetriesTemporaryFailure(t *testing.T) {
	srv := smtptest.Start(t)
	w, ob, clk := newSMTPWorker(t, srv)
	m := ob.Add(japaneseMessage(1), clk.Now())
	srv.RejectRcpt(451, 1)

	if got := runOnce(t, w); got != 0 {
		t.Fatalf("RunOnce with a 451 sent %d, want 0", got)
	}
	r := ob.Row(m.ID)
	if r.Sent || r.Failed || r.Msg.Attempts != 1 || !r.NextAt.Equal(clk.Now().Add(time.Minute)) {
		t.Errorf("row after 451 = %+v, want unsent, attempts 1, next attempt in 1m", r)
	}
	if !strings.Contains(r.Reason, "451") || strings.Contains(r.Reason, testTo) {
		t.Errorf("reason = %q, want the 451 reply without the recipient address", r.Reason)
	}

	// Not due yet: nothing happens.
	clk.Advance(30 * time.Second)
	if got := runOnce(t, w); got != 0 {
		t.Errorf("RunOnce before the retry time sent %d, want 0", got)
	}
	if rcpt := srv.Counts().Rcpt; rcpt != 1 {
		t.Errorf("RCPT attempts = %d, want 1", rcpt)
	}

	clk.Advance(30 * time.Second)
	if got := runOnce(t, w); got != 1 {
		t.Errorf("RunOnce at the retry time sent %d, want 1", got)
	}
	if diff := cmp.Diff([]string{m.MessageID}, messageIDs(t, srv.Messages())); diff != "" {
		t.Errorf("received Message-IDs mismatch (-want +got):\n%s", diff)
	}
	if r := ob.Row(m.ID); !r.Sent {
		t.Errorf("row = %+v, want sent", r)
	}
}

func TestWorkerFailsPermanentRejection(t *testing.T) {
	srv := smtptest.Start(t)
	w, ob, clk := newSMTPWorker(t, srv)
	m := ob.Add(japaneseMessage(1), clk.Now())
	srv.RejectRcpt(550, 1)

	if got := runOnce(t, w); got != 0 {
		t.Fatalf("RunOnce with a 550 sent %d, want 0", got)
	}
	r := ob.Row(m.ID)
	if !r.Failed || r.Sent || r.Msg.Attempts != 0 {
		t.Errorf("row after 550 = %+v, want failed without a retry", r)
	}
	if !strings.Contains(r.Reason, "550") || strings.Contains(r.Reason, testTo) || !strings.Contains(r.Reason, mailer.MaskAddress(testTo)) {
		t.Errorf("reason = %q, want the 550 reply with the recipient masked", r.Reason)
	}

	clk.Advance(24 * time.Hour)
	if got := runOnce(t, w); got != 0 {
		t.Errorf("RunOnce after a permanent failure sent %d, want 0", got)
	}
	if rcpt := srv.Counts().Rcpt; rcpt != 1 {
		t.Errorf("RCPT attempts = %d, want 1 (no retry)", rcpt)
	}
}

func TestWorkerMaxAttempts(t *testing.T) {
	srv := smtptest.Start(t)
	w, ob, clk := newSMTPWorker(t, srv)
	w.MaxAttempts = 3
	m := ob.Add(japaneseMessage(1), clk.Now())
	srv.RejectRcpt(451, 100)

	for range 10 {
		runOnce(t, w)
		clk.Advance(time.Hour)
	}
	if rcpt := srv.Counts().Rcpt; rcpt != 3 {
		t.Errorf("delivery attempts = %d, want MaxAttempts = 3", rcpt)
	}
	r := ob.Row(m.ID)
	if !r.Failed || r.Msg.Attempts != 2 {
		t.Errorf("row = %+v, want failed after 2 retries and a 3rd failed attempt", r)
	}
	if !strings.Contains(r.Reason, "after 3 attempts") {
		t.Errorf("reason = %q, want it to say it gave up after 3 attempts", r.Reason)
	}
}

func TestWorkerLeavesForeignLease(t *testing.T) {
	srv := smtptest.Start(t)
	w, ob, clk := newSMTPWorker(t, srv)
	m := ob.Add(japaneseMessage(1), clk.Now())
	ob.Lease(m.ID, "instance-b", clk.Now().Add(time.Minute))

	if got := runOnce(t, w); got != 0 {
		t.Errorf("RunOnce on a row leased by another instance sent %d, want 0", got)
	}
	if n := len(srv.Messages()); n != 0 {
		t.Errorf("server received %d messages, want 0", n)
	}

	// The other instance died: its lease expires and the row is taken over.
	clk.Advance(time.Minute)
	if got := runOnce(t, w); got != 1 {
		t.Errorf("RunOnce after the foreign lease expired sent %d, want 1", got)
	}
	if r := ob.Row(m.ID); !r.Sent || r.SentBy != "instance-a" {
		t.Errorf("row = %+v, want sent by instance-a", r)
	}
}

// clockSender is a Sender that takes step of the fake clock per message.
type clockSender struct {
	clk  *testclock.Clock
	step time.Duration
	mu   sync.Mutex
	sent []int64
}

func (s *clockSender) Send(_ context.Context, _ string, m mailer.Message) error {
	s.clk.Advance(s.step)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sent = append(s.sent, m.ID)
	return nil
}

func TestWorkerStopsBeforeLeaseExpires(t *testing.T) {
	ob, clk := &fakeOutbox{}, newClock()
	for i := range 5 {
		ob.Add(japaneseMessage(int64(i+1)), clk.Now())
	}
	sender := &clockSender{clk: clk, step: time.Minute}
	w := &mailer.Worker{Outbox: ob, Sender: sender, From: testFrom, Owner: "a", Now: clk.Now, Log: testLogger(t), Lease: 2 * time.Minute}

	// Each send takes a minute of a two-minute lease: after two sends less
	// than a fifth of the lease is left, and the worker stops.
	if got := runOnce(t, w); got != 2 {
		t.Errorf("RunOnce sent %d, want 2 before the lease runs out", got)
	}
	if diff := cmp.Diff([]int64{1, 2}, sender.sent); diff != "" {
		t.Errorf("sent ids mismatch (-want +got):\n%s", diff)
	}
	// The rest is claimed again once the lease has expired.
	if got := runOnce(t, w); got != 2 {
		t.Errorf("second RunOnce sent %d, want 2", got)
	}
}

func TestWorkersShareOutboxExactlyOnce(t *testing.T) {
	checkGoroutines(t)
	srv := smtptest.Start(t)
	ob := &fakeOutbox{}
	start := time.Now()
	const total = 50
	want := map[string]int{}
	for i := range total {
		m := japaneseMessage(int64(i + 1))
		m.CreatedAt = start.Add(time.Duration(i) * time.Millisecond)
		ob.Add(m, start)
		want[m.MessageID] = 1
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	// One sender shared by both workers: SMTPSender is safe for concurrent use.
	sender, err := mailer.NewSMTPSender(fmt.Sprintf("smtp://%s", srv.Addr))
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for _, owner := range []string{"instance-a", "instance-b"} {
		w := &mailer.Worker{Outbox: ob, Sender: sender, From: testFrom, Owner: owner, Batch: 3, PollInterval: 5 * time.Millisecond,
			Log: slog.New(slog.DiscardHandler)}
		wg.Go(func() {
			if err := w.Run(ctx); err != nil {
				t.Errorf("Run(%s): %v", owner, err)
			}
		})
	}
	waitFor(t, 20*time.Second, "all messages sent", func() bool { return ob.Unsent() == 0 })
	cancel()
	wg.Wait()

	got := map[string]int{}
	for _, id := range messageIDs(t, srv.Messages()) {
		got[id]++
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Message-ID counts mismatch (-want +got):\n%s", diff)
	}
	by := map[string]int{}
	for i := range total {
		by[ob.Row(int64(i+1)).SentBy]++
	}
	t.Logf("messages sent per instance: %v", by)
}

func TestLogSenderKeepsMessages(t *testing.T) {
	for _, dev := range []bool{false, true} {
		t.Run(fmt.Sprintf("development=%v", dev), func(t *testing.T) {
			var buf bytes.Buffer
			logger := slog.New(slog.NewTextHandler(&buf, nil))
			ob, clk := &fakeOutbox{}, newClock()
			m := ob.Add(japaneseMessage(1), clk.Now())
			w := &mailer.Worker{
				Outbox: ob, Sender: mailer.LogSender{Log: logger, Development: dev},
				From: testFrom, Owner: "a", Now: clk.Now, Log: logger, MaxAttempts: 1,
			}

			if got := runOnce(t, w); got != 0 {
				t.Errorf("RunOnce with LogSender sent %d, want 0", got)
			}
			out := buf.String()
			if n := strings.Count(out, "mail kept"); n != 1 {
				t.Errorf("log has %d \"mail kept\" lines, want 1:\n%s", n, out)
			}
			for _, want := range []string{"to=" + mailer.MaskAddress(testTo), "message_id=" + m.MessageID, "mail_id=1", "ハローワーク都城"} {
				if !strings.Contains(out, want) {
					t.Errorf("log lacks %q:\n%s", want, out)
				}
			}
			if strings.Contains(out, testTo) {
				t.Errorf("log contains the recipient address:\n%s", out)
			}
			if hasBody := strings.Contains(out, "ご予約ありがとうございます"); hasBody != dev {
				t.Errorf("log contains the body: %v, want %v:\n%s", hasBody, dev, out)
			}
			r := ob.Row(m.ID)
			if r.Sent || r.Failed || r.Owner != "" || !r.NextAt.Equal(clk.Now().Add(mailer.DefaultKeepFor)) {
				t.Errorf("row = %+v, want unsent, not failed, released, parked for DefaultKeepFor", r)
			}

			// Later passes neither log nor touch it again.
			buf.Reset()
			for range 3 {
				clk.Advance(time.Hour)
				runOnce(t, w)
			}
			if strings.Contains(buf.String(), "mail kept") {
				t.Errorf("later passes logged the mail again:\n%s", buf.String())
			}
			// Kept messages are never failed, whatever MaxAttempts says.
			clk.Advance(mailer.DefaultKeepFor)
			runOnce(t, w)
			if r := ob.Row(m.ID); r.Failed || r.Sent {
				t.Errorf("row after KeepFor = %+v, want still kept", r)
			}
		})
	}
}

// blockingSender blocks each Send until released.
type blockingSender struct {
	started chan int64
	release chan struct{}
}

func (s *blockingSender) Send(ctx context.Context, _ string, m mailer.Message) error {
	s.started <- m.ID
	select {
	case <-s.release:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func TestRunFinishesMessageInFlightOnCancel(t *testing.T) {
	checkGoroutines(t)
	ob, clk := &fakeOutbox{}, newClock()
	for i := range 3 {
		ob.Add(japaneseMessage(int64(i+1)), clk.Now())
	}
	sender := &blockingSender{started: make(chan int64, 3), release: make(chan struct{})}
	w := &mailer.Worker{Outbox: ob, Sender: sender, From: testFrom, Owner: "a", Now: clk.Now, Log: testLogger(t), PollInterval: time.Hour}

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx) }()

	if id := <-sender.started; id != 1 {
		t.Fatalf("first message sent = %d, want 1", id)
	}
	cancel()
	select {
	case err := <-done:
		t.Fatalf("Run returned %v while a message was in flight", err)
	case <-time.After(50 * time.Millisecond):
	}
	close(sender.release)
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run = %v, want nil after cancel", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return after its context was cancelled")
	}

	if r := ob.Row(1); !r.Sent {
		t.Errorf("message in flight = %+v, want it sent and recorded", r)
	}
	for _, id := range []int64{2, 3} {
		if r := ob.Row(id); r.Sent || r.Msg.Attempts != 0 {
			t.Errorf("row %d = %+v, want not sent (left for the next claim)", id, r)
		}
	}
}

func TestRunWake(t *testing.T) {
	checkGoroutines(t)
	srv := smtptest.Start(t)
	w, ob, _ := newSMTPWorker(t, srv)
	stop := runAwake(t, w, ob)
	m := ob.Add(japaneseMessage(1), time.Now())
	start := time.Now()
	w.Wake()
	waitFor(t, 5*time.Second, "mail sent after Wake", func() bool { return ob.Row(m.ID).Sent })
	t.Logf("sent %v after Wake", time.Since(start))
	if diff := cmp.Diff([]string{m.MessageID}, messageIDs(t, srv.Messages())); diff != "" {
		t.Errorf("received Message-IDs mismatch (-want +got):\n%s", diff)
	}

	// Wake never blocks, even when nobody listens.
	for range 10 {
		w.Wake()
	}
	stop()
}

// runAwake starts w.Run with the real clock and an hour between polls,
// and waits for its first pass (on the empty outbox) to end, so that only
// Wake starts the next. stop cancels Run and fails t unless Run returns
// nil.
func runAwake(t *testing.T, w *mailer.Worker, ob *fakeOutbox) (stop func()) {
	t.Helper()
	w.Now = nil
	w.PollInterval = time.Hour
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx) }()
	waitFor(t, 5*time.Second, "first pass", func() bool { return ob.Claims() >= 1 })
	time.Sleep(10 * time.Millisecond) // let the pass finish
	return func() {
		t.Helper()
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("Run = %v, want nil", err)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("Run did not return after its context was cancelled")
		}
	}
}

// A burst of wakes (a burst of bookings) is mailed in full batches once it
// has passed, not with one claim per wake while it lasts.
func TestRunWakeBurstSettles(t *testing.T) {
	checkGoroutines(t)
	srv := smtptest.Start(t)
	w, ob, _ := newSMTPWorker(t, srv)
	w.Batch = 20
	stop := runAwake(t, w, ob)

	var ids []int64
	for i := range int64(40) {
		ids = append(ids, ob.Add(japaneseMessage(i), time.Now()).ID)
		w.Wake()
		time.Sleep(2 * time.Millisecond)
	}
	waitFor(t, 10*time.Second, "the burst's mails sent", func() bool {
		for _, id := range ids {
			if !ob.Row(id).Sent {
				return false
			}
		}
		return true
	})
	// Two full batches and the claim that finds the outbox empty; a claim
	// per wake would be about 40.
	if got := ob.Claims() - 1; got > 4 {
		t.Errorf("%d claims for a burst of 40 wakes, want at most 4", got)
	}
	if got := len(srv.Messages()); got != 40 {
		t.Errorf("%d mails received, want 40", got)
	}
	stop()
}

// A burst whose wakes come as far apart as the booking commits of a
// server under a storm is still mailed once it has passed.
func TestRunWakeBurstWithGapsSettles(t *testing.T) {
	checkGoroutines(t)
	srv := smtptest.Start(t)
	w, ob, _ := newSMTPWorker(t, srv)
	stop := runAwake(t, w, ob)

	const gap = 100 * time.Millisecond
	// burst wakes the worker 8 times, gap apart, and fails the test when
	// the first mail is sent while it lasts. It returns false, with a
	// reason, when the test itself was held up well past a gap, which may
	// end the burst early.
	var ids []int64
	burst := func(first int64) (held bool, reason string) {
		ids = nil
		for i := range int64(8) {
			ids = append(ids, ob.Add(japaneseMessage(first+i), time.Now()).ID)
			w.Wake()
			woke := time.Now()
			time.Sleep(gap)
			sent, quiet := ob.Row(ids[0]).Sent, time.Since(woke)
			if quiet > gap+gap/2 {
				return false, fmt.Sprintf("the test slept %v instead of %v", quiet, gap)
			}
			if sent {
				t.Fatalf("mail sent %v into a burst of wakes %v apart, want after it", time.Duration(i+1)*gap, gap)
			}
		}
		return true, ""
	}
	for attempt := range int64(3) {
		held, reason := burst(attempt * 10)
		waitFor(t, 10*time.Second, "the burst's mails sent", func() bool { return ob.Row(ids[len(ids)-1]).Sent })
		if held {
			break
		}
		t.Logf("burst %d inconclusive: %s", attempt+1, reason)
		if attempt == 2 {
			t.Skip("the machine held the test up in every burst")
		}
	}
	stop()
}

func TestWorkerConfigErrors(t *testing.T) {
	ok := func() *mailer.Worker {
		return &mailer.Worker{Outbox: &fakeOutbox{}, Sender: mailer.LogSender{}, From: testFrom, Owner: "a"}
	}
	tests := []struct {
		name   string
		modify func(*mailer.Worker)
	}{
		{"no outbox", func(w *mailer.Worker) { w.Outbox = nil }},
		{"no sender", func(w *mailer.Worker) { w.Sender = nil }},
		{"no owner", func(w *mailer.Worker) { w.Owner = "" }},
		{"bad from", func(w *mailer.Worker) { w.From = "noreply" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := ok()
			tt.modify(w)
			if _, err := w.RunOnce(context.Background()); err == nil {
				t.Error("RunOnce = nil error, want a configuration error")
			}
			if err := w.Run(context.Background()); err == nil {
				t.Error("Run = nil error, want a configuration error")
			}
		})
	}
	if _, err := ok().RunOnce(context.Background()); err != nil {
		t.Errorf("RunOnce with a valid configuration: %v", err)
	}
}

// errOutbox fails every call.
type errOutbox struct{ fakeOutbox }

var errDB = errors.New("database down")

func (o *errOutbox) Claim(context.Context, string, time.Time, time.Duration, int) ([]mailer.Message, error) {
	return nil, errDB
}

func TestRunOnceReportsClaimError(t *testing.T) {
	w := &mailer.Worker{Outbox: &errOutbox{}, Sender: mailer.LogSender{}, From: testFrom, Owner: "a"}
	if _, err := w.RunOnce(context.Background()); !errors.Is(err, errDB) {
		t.Errorf("RunOnce = %v, want %v", err, errDB)
	}
}

func TestDefaultBackoff(t *testing.T) {
	tests := []struct {
		attempt int
		base    time.Duration
	}{
		{1, 30 * time.Second},
		{2, time.Minute},
		{3, 2 * time.Minute},
		{7, 32 * time.Minute},
		{8, time.Hour},
		{9, time.Hour},
		{100, time.Hour},
	}
	for _, tt := range tests {
		lo, hi := tt.base*8/10, tt.base*12/10
		for range 100 {
			if got := mailer.DefaultBackoff(tt.attempt); got < lo || got > hi {
				t.Fatalf("DefaultBackoff(%d) = %v, want within [%v, %v]", tt.attempt, got, lo, hi)
			}
		}
	}
}

// waitFor polls cond until it holds or timeout passes.
func waitFor(t *testing.T, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", timeout, what)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// checkGoroutines fails the test if more goroutines run after it than
// before it. Call it first: its cleanup then runs after all the others
// (servers stopped, workers returned).
func checkGoroutines(t *testing.T) {
	t.Helper()
	before := runtime.NumGoroutine()
	t.Cleanup(func() {
		deadline := time.Now().Add(5 * time.Second)
		for runtime.NumGoroutine() > before {
			if time.Now().After(deadline) {
				buf := make([]byte, 1<<20)
				t.Errorf("goroutines: %d after the test, %d before:\n%s",
					runtime.NumGoroutine(), before, buf[:runtime.Stack(buf, true)])
				return
			}
			time.Sleep(5 * time.Millisecond)
		}
	})
}
