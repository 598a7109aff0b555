package replies_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"soudan/internal/mail/replies"
	"soudan/internal/mail/replies/imaptest"
)

// memLease is an in-memory Lease.
type memLease struct {
	mu        sync.Mutex
	owner     string
	until     time.Time
	unmatched int
	polls     int
}

func (l *memLease) TakeInboxLease(_ context.Context, _, owner string, now time.Time, d time.Duration) (bool, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.owner != "" && l.owner != owner && !l.until.Before(now) {
		return false, nil
	}
	l.owner, l.until = owner, now.Add(d)
	return true, nil
}

func (l *memLease) ReleaseInboxLease(_ context.Context, _, owner string, _ time.Time, unmatched int) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.owner == owner {
		l.owner = ""
		if unmatched >= 0 {
			l.unmatched, l.polls = unmatched, l.polls+1
		}
	}
	return nil
}

func message(id, subject string, extra ...string) string {
	return "From: Taro <taro@example.jp>\r\nTo: office@example.jp\r\nSubject: " + subject +
		"\r\nMessage-ID: " + id + "\r\nDate: Mon, 4 May 2026 10:00:00 +0900\r\n" + strings.Join(extra, "") +
		"Content-Type: text/plain; charset=utf-8\r\n\r\nbody\r\n"
}

func TestReaderMovesHandledAndLeavesTheRestForStaff(t *testing.T) {
	srv := imaptest.Start(t)
	srv.Deliver(t, "INBOX", message("<a@x>", "done", "In-Reply-To: <app@soudan>\r\n"), time.Time{})
	srv.Deliver(t, "INBOX", message("<b@x>", "leave"), time.Time{})
	srv.Deliver(t, "INBOX", message("<c@x>", "auto", "In-Reply-To: <app@soudan>\r\n", "Auto-Submitted: auto-replied\r\n"), time.Time{})

	mb, err := replies.ParseURL(srv.URL("processed=Done"))
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var seen []replies.Reply
	lease := &memLease{}
	r := &replies.Reader{Mailbox: mb, Lease: lease, Owner: "a", Handler: func(_ context.Context, rp replies.Reply) (replies.Verdict, error) {
		mu.Lock()
		seen = append(seen, rp)
		mu.Unlock()
		if len(rp.References) == 1 && rp.References[0] == "<app@soudan>" && !rp.Automatic && rp.From == "taro@example.jp" {
			return replies.Done, nil
		}
		return replies.Leave, nil
	}}
	res, err := r.RunOnce(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if res.Done != 1 || res.Left != 2 || res.Unmatched != 2 {
		t.Errorf("first pass = %+v, want 1 done, 2 left, 2 unread for staff", res)
	}
	if len(seen) != 3 || seen[0].ReceivedAt.IsZero() || !seen[2].Automatic || seen[1].Automatic {
		t.Errorf("handler saw %+v", seen)
	}
	if got := srv.Messages(t, "Done"); len(got) != 1 || got[0].MessageID != "<a@x>" {
		t.Errorf("processed folder = %+v, want <a@x>", got)
	}
	inbox := srv.Messages(t, "INBOX")
	if len(inbox) != 2 {
		t.Fatalf("INBOX = %+v, want 2 messages", inbox)
	}
	for _, m := range inbox {
		if m.Seen() || !m.Has(replies.KeywordLeft) {
			t.Errorf("%s: flags %v, want unread and %s", m.MessageID, m.Flags, replies.KeywordLeft)
		}
	}
	if lease.unmatched != 2 || lease.owner != "" {
		t.Errorf("lease after the pass: %+v", lease)
	}

	// A second pass judges only what is new; staff reading a message takes
	// it off the count.
	srv.Deliver(t, "INBOX", message("<d@x>", "new"), time.Time{})
	c := srv.Client(t)
	if _, err := c.Select("INBOX", nil).Wait(); err != nil {
		t.Fatal(err)
	}
	if err := c.Store(imapSeq(1), seenFlag(), nil).Close(); err != nil {
		t.Fatal(err)
	}
	seen = nil
	res, err = r.RunOnce(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(seen) != 1 || res.Left != 1 || res.Unmatched != 2 {
		t.Errorf("second pass = %+v after judging %d, want 1 judged, 2 unread for staff", res, len(seen))
	}
}

func TestReaderHandlerErrorLeavesMessageUntouched(t *testing.T) {
	srv := imaptest.Start(t)
	srv.Deliver(t, "INBOX", message("<a@x>", "x"), time.Time{})
	srv.Deliver(t, "INBOX", message("<b@x>", "y"), time.Time{})
	mb, err := replies.ParseURL(srv.URL(""))
	if err != nil {
		t.Fatal(err)
	}
	fail := errors.New("database down")
	lease := &memLease{}
	r := &replies.Reader{Mailbox: mb, Lease: lease, Owner: "a", Handler: func(_ context.Context, rp replies.Reply) (replies.Verdict, error) {
		if rp.UID == 1 {
			return replies.Leave, fail
		}
		return replies.Done, nil
	}}
	res, err := r.RunOnce(context.Background())
	if !errors.Is(err, fail) || res.Failed != 1 || res.Done != 1 {
		t.Fatalf("RunOnce = %+v, %v; want the handler's error for one message and the other one handled", res, err)
	}
	inbox := srv.Messages(t, "INBOX")
	if len(inbox) != 1 || inbox[0].MessageID != "<a@x>" || inbox[0].Has(replies.KeywordLeft) || inbox[0].Seen() {
		t.Errorf("INBOX = %+v, want the failed message untouched", inbox)
	}
	if lease.owner != "" {
		t.Errorf("lease = %+v: the pass releases the lease", lease)
	}
}

func TestReaderOneInstanceAtATime(t *testing.T) {
	lease := &memLease{owner: "other", until: time.Now().Add(time.Minute)}
	mb, err := replies.ParseURL("imap://u:p@127.0.0.1:1/INBOX")
	if err != nil {
		t.Fatal(err)
	}
	r := &replies.Reader{Mailbox: mb, Lease: lease, Owner: "a", Handler: func(context.Context, replies.Reply) (replies.Verdict, error) {
		t.Error("handler called without the lease")
		return replies.Leave, nil
	}}
	res, err := r.RunOnce(context.Background())
	if err != nil || !res.Skipped {
		t.Errorf("RunOnce = %+v, %v; want skipped (no connection: port 1 is closed)", res, err)
	}
}

func TestParseURL(t *testing.T) {
	good := []struct{ url, name, processed string }{
		{"imaps://office:s%40cret@mail.example.jp/INBOX", "INBOX", replies.DefaultProcessed},
		{"imaps://office:x@mail.example.jp", "INBOX", replies.DefaultProcessed},
		{"imap://office:x@mail.example.jp/Replies?processed=Replies.Done", "Replies", "Replies.Done"},
		{"imap://office:x@127.0.0.1:1143/INBOX?tls=none", "INBOX", replies.DefaultProcessed},
		{"imap://office:x@localhost/INBOX?tls=starttls&timeout=5s", "INBOX", replies.DefaultProcessed},
	}
	for _, tt := range good {
		m, err := replies.ParseURL(tt.url)
		if err != nil {
			t.Errorf("ParseURL(%q): %v", tt.url, err)
			continue
		}
		if m.Name != tt.name || m.Processed != tt.processed {
			t.Errorf("ParseURL(%q) = %s, %s; want %s, %s", tt.url, m.Name, m.Processed, tt.name, tt.processed)
		}
		if strings.Contains(m.String(), "s@cret") || strings.Contains(m.String(), "s%40cret") {
			t.Errorf("String() shows the password: %s", m)
		}
	}
	bad := []string{
		"pop3://office:x@mail.example.jp/INBOX",
		"imaps://mail.example.jp/INBOX",
		"imaps://office@mail.example.jp/INBOX",
		"imap://office:x@mail.example.jp/INBOX?tls=none", // clear text to another host
		"imaps://office:x@mail.example.jp/INBOX?tls=none",
		"imap://office:x@mail.example.jp/INBOX?processed=INBOX",
		"imap://office:x@mail.example.jp/INBOX?foo=1",
		"imap://office:x@mail.example.jp:0/INBOX",
	}
	for _, u := range bad {
		if _, err := replies.ParseURL(u); err == nil {
			t.Errorf("ParseURL(%q) = nil error", u)
		} else if strings.Contains(err.Error(), ":x@") {
			t.Errorf("ParseURL(%q) error shows the password: %v", u, err)
		}
	}
}

// A server on a non-loopback address that offers no STARTTLS never gets
// the password.
func TestReaderRefusesClearTextToOtherHosts(t *testing.T) {
	_, err := replies.ParseURL("imap://office:x@192.0.2.1/INBOX?tls=none")
	if err == nil || !strings.Contains(err.Error(), "non-loopback") {
		t.Errorf("ParseURL = %v, want a refusal naming the non-loopback host", err)
	}

	var ip net.IP
	addrs, _ := net.InterfaceAddrs()
	for _, a := range addrs {
		if n, ok := a.(*net.IPNet); ok && n.IP.To4() != nil && !n.IP.IsLoopback() {
			ip = n.IP
			break
		}
	}
	if ip == nil {
		t.Skip("no non-loopback IPv4 address on this machine")
	}
	l, err := net.Listen("tcp", net.JoinHostPort(ip.String(), "0"))
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	got := make(chan string, 1)
	go func() {
		conn, err := l.Accept()
		if err != nil {
			return
		}
		defer conn.Close()
		_ = conn.SetDeadline(time.Now().Add(10 * time.Second))
		fmt.Fprint(conn, "* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] plain only\r\n")
		var seen strings.Builder
		sc := bufio.NewScanner(conn)
		for sc.Scan() {
			seen.WriteString(sc.Text() + "\n")
		}
		got <- seen.String()
	}()
	mb, err := replies.ParseURL("imap://office:s3cret@" + l.Addr().String() + "/INBOX")
	if err != nil {
		t.Fatal(err)
	}
	r := &replies.Reader{Mailbox: mb, Lease: &memLease{}, Owner: "a", Handler: func(context.Context, replies.Reply) (replies.Verdict, error) {
		return replies.Done, nil
	}}
	if _, err := r.RunOnce(context.Background()); err == nil || !strings.Contains(err.Error(), "STARTTLS") {
		t.Errorf("RunOnce = %v, want a refusal for want of STARTTLS", err)
	}
	if said := <-got; strings.Contains(said, "s3cret") || strings.Contains(strings.ToUpper(said), "LOGIN") {
		t.Errorf("the client sent credentials in clear text:\n%s", said)
	}
}

// imap:// upgrades with STARTTLS when the server offers it, also on
// loopback.
func TestReaderUsesSTARTTLSWhenOffered(t *testing.T) {
	srv := imaptest.StartTLS(t)
	srv.Deliver(t, "INBOX", message("<a@x>", "x"), time.Time{})
	mb, err := replies.ParseURL(srv.URL("insecure_skip_verify=1"))
	if err != nil {
		t.Fatal(err)
	}
	r := &replies.Reader{Mailbox: mb, Lease: &memLease{}, Owner: "a", Handler: func(context.Context, replies.Reply) (replies.Verdict, error) {
		return replies.Done, nil
	}}
	if res, err := r.RunOnce(context.Background()); err != nil || res.Done != 1 {
		t.Fatalf("RunOnce = %+v, %v", res, err)
	}
	if !srv.TLSUsed() {
		t.Errorf("the reader logged in without STARTTLS although the server offers it:\n%s", srv.Log())
	}
	// Without insecure_skip_verify the self-signed certificate is refused
	// before the password is sent.
	mb, err = replies.ParseURL(srv.URL(""))
	if err != nil {
		t.Fatal(err)
	}
	r.Mailbox = mb
	if _, err := r.RunOnce(context.Background()); err == nil || !strings.Contains(err.Error(), "certificate") {
		t.Errorf("RunOnce with an unverifiable certificate = %v, want a certificate error", err)
	}
}
