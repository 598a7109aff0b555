package mailer_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"soudan/internal/mailer"
	"soudan/internal/mailer/smtptest"
)

// to returns japaneseMessage(id) addressed to addr.
func to(id int64, addr string) mailer.Message {
	m := japaneseMessage(id)
	m.To = addr
	return m
}

// A claimed batch goes out over one SMTP connection, in order.
func TestWorkerSendsBatchOverOneConnection(t *testing.T) {
	srv := smtptest.Start(t)
	w, ob, clk := newSMTPWorker(t, srv)
	const n = 8
	var want []string
	for i := range n {
		want = append(want, ob.Add(japaneseMessage(int64(i+1)), clk.Now()).MessageID)
	}

	if got := runOnce(t, w); got != n {
		t.Fatalf("RunOnce sent %d, want %d", got, n)
	}
	if diff := cmp.Diff(want, messageIDs(t, srv.Messages())); diff != "" {
		t.Errorf("received Message-IDs mismatch (-want +got):\n%s", diff)
	}
	if c := srv.Counts().Connections; c != 1 {
		t.Errorf("SMTP connections = %d for a batch of %d, want 1", c, n)
	}
	for i := range n {
		if r := ob.Row(int64(i + 1)); !r.Sent {
			t.Errorf("row %d = %+v, want sent", i+1, r)
		}
	}

	// The next batch opens a connection of its own.
	ob.Add(japaneseMessage(n+1), clk.Now())
	if got := runOnce(t, w); got != 1 {
		t.Errorf("second RunOnce sent %d, want 1", got)
	}
	if c := srv.Counts().Connections; c != 2 {
		t.Errorf("SMTP connections after a second batch = %d, want 2", c)
	}
}

// Rejected messages in the middle of a batch are failed or retried on their
// own; the others are delivered over the same connection.
func TestWorkerBatchRejectionsKeepTheConnection(t *testing.T) {
	srv := smtptest.Start(t)
	w, ob, clk := newSMTPWorker(t, srv)
	srv.FailRcptTo("gone@example.jp", 550)
	srv.FailRcptTo("full@example.jp", 451)
	ms := []mailer.Message{
		ob.Add(to(1, "a@example.jp"), clk.Now()),
		ob.Add(to(2, "gone@example.jp"), clk.Now()),
		ob.Add(to(3, "b@example.jp"), clk.Now()),
		ob.Add(to(4, "full@example.jp"), clk.Now()),
		ob.Add(to(5, "c@example.jp"), clk.Now()),
	}

	if got := runOnce(t, w); got != 3 {
		t.Errorf("RunOnce sent %d, want 3", got)
	}
	want := []string{ms[0].MessageID, ms[2].MessageID, ms[4].MessageID}
	if diff := cmp.Diff(want, messageIDs(t, srv.Messages())); diff != "" {
		t.Errorf("received Message-IDs mismatch (-want +got):\n%s", diff)
	}
	if c := srv.Counts().Connections; c != 1 {
		t.Errorf("SMTP connections = %d, want 1: a rejection keeps the session", c)
	}
	if r := ob.Row(ms[1].ID); !r.Failed || r.Sent {
		t.Errorf("row rejected with 550 = %+v, want failed", r)
	}
	if r := ob.Row(ms[3].ID); r.Failed || r.Sent || r.Msg.Attempts != 1 || !strings.Contains(r.Reason, "451") {
		t.Errorf("row rejected with 451 = %+v, want due again after one attempt", r)
	}
}

// A connection lost in the middle of a batch costs only the message in
// flight, which is retried; the rest of the batch goes out over a new
// connection.
func TestWorkerBatchReconnectsAfterALostConnection(t *testing.T) {
	srv := smtptest.Start(t)
	w, ob, clk := newSMTPWorker(t, srv)
	srv.FailRcptTo("drop@example.jp", 0)
	ms := []mailer.Message{
		ob.Add(to(1, "a@example.jp"), clk.Now()),
		ob.Add(to(2, "drop@example.jp"), clk.Now()),
		ob.Add(to(3, "b@example.jp"), clk.Now()),
		ob.Add(to(4, "c@example.jp"), clk.Now()),
	}

	if got := runOnce(t, w); got != 3 {
		t.Errorf("RunOnce sent %d, want 3", got)
	}
	want := []string{ms[0].MessageID, ms[2].MessageID, ms[3].MessageID}
	if diff := cmp.Diff(want, messageIDs(t, srv.Messages())); diff != "" {
		t.Errorf("received Message-IDs mismatch (-want +got):\n%s", diff)
	}
	if c := srv.Counts().Connections; c != 2 {
		t.Errorf("SMTP connections = %d, want 2: one until the drop, one after", c)
	}
	if r := ob.Row(ms[1].ID); r.Failed || r.Sent || r.Msg.Attempts != 1 {
		t.Errorf("row in flight when the connection dropped = %+v, want due again after one attempt", r)
	}
}

// A kept connection that the server closed while idle is replaced before
// the next message, which goes out at the first try.
func TestSMTPBatchReplacesAStaleConnection(t *testing.T) {
	srv := smtptest.Start(t)
	s, err := mailer.NewSMTPSender("smtp://" + srv.Addr)
	if err != nil {
		t.Fatal(err)
	}
	b := s.Batch()
	defer b.Close()
	ctx := context.Background()
	if err := b.Send(ctx, testFrom, japaneseMessage(1)); err != nil {
		t.Fatalf("first Send: %v", err)
	}
	srv.CloseConnections()
	if err := b.Send(ctx, testFrom, japaneseMessage(2)); err != nil {
		t.Fatalf("Send after the server closed the connection: %v", err)
	}
	if n, c := len(srv.Messages()), srv.Counts().Connections; n != 2 || c != 2 {
		t.Errorf("received %d messages over %d connections, want 2 over 2", n, c)
	}
}

// A batch's Send is bounded by its own context: a message that times out
// fails (temporarily) alone, and the next one goes out.
func TestSMTPBatchContextEndsOnlyItsMessage(t *testing.T) {
	srv := smtptest.Start(t)
	s, err := mailer.NewSMTPSender("smtp://" + srv.Addr)
	if err != nil {
		t.Fatal(err)
	}
	b := s.Batch()
	defer b.Close()
	if err := b.Send(context.Background(), testFrom, japaneseMessage(1)); err != nil {
		t.Fatalf("first Send: %v", err)
	}
	ended, cancel := context.WithCancel(context.Background())
	cancel()
	if err := b.Send(ended, testFrom, japaneseMessage(2)); err == nil || errors.Is(err, mailer.ErrPermanent) {
		t.Errorf("Send with an ended context = %v, want a temporary error", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := b.Send(ctx, testFrom, japaneseMessage(3)); err != nil {
		t.Errorf("Send after a cancelled one: %v", err)
	}
	var got []string
	for _, m := range srv.Messages() {
		got = append(got, m.MessageID)
	}
	want := []string{japaneseMessage(1).MessageID, japaneseMessage(3).MessageID}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("received Message-IDs mismatch (-want +got):\n%s", diff)
	}
}
