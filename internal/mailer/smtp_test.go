package mailer_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"slices"
	"strings"
	"testing"
	"time"

	"soudan/internal/mailer"
	"soudan/internal/mailer/smtptest"
)

const (
	testFrom = "ハローワーク都城 <noreply@soudan.example.jp>"
	testTo   = "taro.yamada@example.jp"
)

// japaneseMessage is a message with a long Japanese subject (longer than one
// RFC 2047 encoded word, with an ideographic space that must survive) and a
// multi-line Japanese body.
func japaneseMessage(id int64) mailer.Message {
	return mailer.Message{
		ID:        id,
		MessageID: fmt.Sprintf("<msg-%d.Xy7@soudan.example.jp>", id),
		To:        testTo,
		Subject:   "【ハローワーク都城】オンライン職業相談のご予約を承りました（5月7日(木)\u300010:00〜10:30）",
		Body:      "山田 太郎 様\n\nご予約ありがとうございます。\n日時: 2026年5月7日(木) 10:00\n「ミーティングID」をご確認ください。\n",
	}
}

func TestSMTPSenderDeliversJapaneseMail(t *testing.T) {
	srv := smtptest.StartWith(t, smtptest.Config{User: "soudan", Pass: "p@ss word", InsecureAuth: true})
	s, err := mailer.NewSMTPSender(fmt.Sprintf("smtp://soudan:p%%40ss%%20word@%s?tls=none", srv.Addr))
	if err != nil {
		t.Fatalf("NewSMTPSender: %v", err)
	}
	m := japaneseMessage(1)
	m.ReplyTo = "ハローワーク都城 <soudan-reply@soudan.example.jp>"
	if err := s.Send(context.Background(), testFrom, m); err != nil {
		t.Fatalf("Send: %v", err)
	}

	got := srv.Messages()
	if len(got) != 1 {
		t.Fatalf("server received %d messages, want 1", len(got))
	}
	p := got[0]
	if p.From != "noreply@soudan.example.jp" || !slices.Equal(p.To, []string{testTo}) {
		t.Errorf("envelope = %s → %v, want noreply@soudan.example.jp → [%s]", p.From, p.To, testTo)
	}
	for i, b := range p.Raw {
		if b >= 0x80 {
			t.Fatalf("raw message has an 8-bit byte at %d; want 7-bit clean data", i)
		}
	}

	if p.Subject != m.Subject {
		t.Errorf("decoded Subject = %q, want %q", p.Subject, m.Subject)
	}
	if p.Body != m.Body {
		t.Errorf("decoded body = %q, want %q", p.Body, m.Body)
	}
	if got := p.Header.Get("Message-Id"); got != m.MessageID {
		t.Errorf("Message-ID = %q, want %q", got, m.MessageID)
	}
	from, err := p.Header.AddressList("From")
	if err != nil || len(from) != 1 || from[0].Address != "noreply@soudan.example.jp" || from[0].Name != "ハローワーク都城" {
		t.Errorf("From = %v (%v), want ハローワーク都城 <noreply@soudan.example.jp>", from, err)
	}
	to, err := p.Header.AddressList("To")
	if err != nil || len(to) != 1 || to[0].Address != testTo {
		t.Errorf("To = %v (%v), want %s", to, err, testTo)
	}
	if _, err := p.Header.Date(); err != nil {
		t.Errorf("Date header %q: %v", p.Header.Get("Date"), err)
	}
	if ct := strings.ToLower(p.Header.Get("Content-Type")); !strings.HasPrefix(ct, "text/plain") || !strings.Contains(ct, "charset=utf-8") {
		t.Errorf("Content-Type = %q, want text/plain; charset=UTF-8", ct)
	}
	if got := p.Header.Get("Auto-Submitted"); got != "auto-generated" {
		t.Errorf("Auto-Submitted = %q, want auto-generated", got)
	}
	replyTo, err := p.Header.AddressList("Reply-To")
	if err != nil || len(replyTo) != 1 || replyTo[0].Address != "soudan-reply@soudan.example.jp" {
		t.Errorf("Reply-To = %v (%v), want soudan-reply@soudan.example.jp", replyTo, err)
	}
	t.Logf("raw message:\n%s", p.Raw)
}

func TestSMTPSenderSTARTTLS(t *testing.T) {
	serverTLS, clientTLS := smtptest.TLSConfigs(t)
	srv := smtptest.StartWith(t, smtptest.Config{User: "soudan", Pass: "secret", TLS: serverTLS})
	// Default tls=opportunistic: STARTTLS because the server offers it.
	s, err := mailer.NewSMTPSender(fmt.Sprintf("smtp://soudan:secret@%s", srv.Addr), mailer.WithTLSConfig(clientTLS))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Send(context.Background(), testFrom, japaneseMessage(1)); err != nil {
		t.Fatalf("Send: %v", err)
	}
	if n := len(srv.Messages()); n != 1 {
		t.Errorf("server received %d messages, want 1", n)
	}
	if auth := srv.Counts().Auth; auth != 1 {
		t.Errorf("AUTH attempts = %d, want 1", auth)
	}
}

func TestSMTPSenderImplicitTLS(t *testing.T) {
	serverTLS, _ := smtptest.TLSConfigs(t)
	srv := smtptest.StartWith(t, smtptest.Config{User: "soudan", Pass: "secret", TLS: serverTLS, ImplicitTLS: true})
	s, err := mailer.NewSMTPSender(fmt.Sprintf("smtps://soudan:secret@%s?insecure_skip_verify=1", srv.Addr))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Send(context.Background(), testFrom, japaneseMessage(1)); err != nil {
		t.Fatalf("Send: %v", err)
	}
	if n := len(srv.Messages()); n != 1 {
		t.Errorf("server received %d messages, want 1", n)
	}
	if tlsSessions := srv.Counts().TLSSessions; tlsSessions != 1 {
		t.Errorf("TLS sessions = %d, want 1", tlsSessions)
	}
}

func TestSMTPSenderUnverifiedCertificate(t *testing.T) {
	serverTLS, _ := smtptest.TLSConfigs(t)
	srv := smtptest.StartWith(t, smtptest.Config{TLS: serverTLS, ImplicitTLS: true})
	s, err := mailer.NewSMTPSender(fmt.Sprintf("smtps://%s", srv.Addr))
	if err != nil {
		t.Fatal(err)
	}
	err = s.Send(context.Background(), testFrom, japaneseMessage(1))
	if err == nil || errors.Is(err, mailer.ErrPermanent) {
		t.Fatalf("Send to a server with an untrusted certificate = %v, want a temporary error", err)
	}
}

func TestSMTPSenderNoClearTextCredentials(t *testing.T) {
	// The server offers AUTH without TLS, but the URL does not say tls=none.
	srv := smtptest.StartWith(t, smtptest.Config{User: "soudan", Pass: "secret", InsecureAuth: true})
	s, err := mailer.NewSMTPSender(fmt.Sprintf("smtp://soudan:secret@%s", srv.Addr))
	if err != nil {
		t.Fatal(err)
	}
	err = s.Send(context.Background(), testFrom, japaneseMessage(1))
	if err == nil {
		t.Fatal("Send without TLS = nil, want an error")
	}
	if errors.Is(err, mailer.ErrPermanent) {
		t.Errorf("Send without TLS = %v, want a temporary error", err)
	}
	if strings.Contains(err.Error(), "secret") {
		t.Errorf("error %q contains the password", err)
	}
	if auth := srv.Counts().Auth; auth != 0 {
		t.Errorf("AUTH attempts = %d, want 0 (credentials must not be sent)", auth)
	}
}

func TestSMTPSenderWrongPasswordIsTemporary(t *testing.T) {
	srv := smtptest.StartWith(t, smtptest.Config{User: "soudan", Pass: "secret", InsecureAuth: true})
	s, err := mailer.NewSMTPSender(fmt.Sprintf("smtp://soudan:wrong@%s?tls=none", srv.Addr))
	if err != nil {
		t.Fatal(err)
	}
	err = s.Send(context.Background(), testFrom, japaneseMessage(1))
	var se *mailer.SMTPError
	if !errors.As(err, &se) {
		t.Fatalf("Send = %v, want an *SMTPError", err)
	}
	if se.Permanent || errors.Is(err, mailer.ErrPermanent) || se.Stage != "connect" || se.Code != 535 {
		t.Errorf("Send = %+v, want a temporary connect error with code 535 (configuration, not the message)", se)
	}
}

func TestSMTPSenderClassifiesRejections(t *testing.T) {
	tests := []struct {
		name      string
		code      int
		permanent bool
	}{
		{"451 temporary", 451, false},
		{"421 temporary", 421, false},
		{"550 permanent", 550, true},
		{"553 permanent", 553, true},
		{"530 authentication required: configuration, temporary", 530, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := smtptest.Start(t)
			s, err := mailer.NewSMTPSender(fmt.Sprintf("smtp://%s", srv.Addr))
			if err != nil {
				t.Fatal(err)
			}
			srv.RejectRcpt(tt.code, 1)
			err = s.Send(context.Background(), testFrom, japaneseMessage(1))
			var se *mailer.SMTPError
			if !errors.As(err, &se) {
				t.Fatalf("Send = %v, want an *SMTPError", err)
			}
			if got := errors.Is(err, mailer.ErrPermanent); got != tt.permanent {
				t.Errorf("errors.Is(%v, ErrPermanent) = %v, want %v", err, got, tt.permanent)
			}
			if se.Code != tt.code || se.Stage != "RCPT TO" {
				t.Errorf("Code, Stage = %d, %q; want %d, RCPT TO", se.Code, se.Stage, tt.code)
			}
			if strings.Contains(err.Error(), testTo) || !strings.Contains(err.Error(), mailer.MaskAddress(testTo)) {
				t.Errorf("error %q: want the recipient masked as %s", err, mailer.MaskAddress(testTo))
			}
			if n := len(srv.Messages()); n != 0 {
				t.Errorf("server received %d messages, want 0", n)
			}
		})
	}
}

func TestSMTPSenderMailFromRejectionIsTemporary(t *testing.T) {
	srv := smtptest.Start(t)
	s, err := mailer.NewSMTPSender(fmt.Sprintf("smtp://%s", srv.Addr))
	if err != nil {
		t.Fatal(err)
	}
	srv.RejectMailFrom(550, 1)
	err = s.Send(context.Background(), testFrom, japaneseMessage(1))
	var se *mailer.SMTPError
	if !errors.As(err, &se) || se.Stage != "MAIL FROM" || se.Code != 550 || errors.Is(err, mailer.ErrPermanent) {
		t.Errorf("Send = %v, want a temporary MAIL FROM error with code 550 (our sender, not the message)", err)
	}
	// Fixed on the server side: the next attempt goes through.
	if err := s.Send(context.Background(), testFrom, japaneseMessage(1)); err != nil {
		t.Errorf("second Send: %v", err)
	}
}

func TestSMTPSenderBadMessageIsPermanent(t *testing.T) {
	srv := smtptest.Start(t)
	s, err := mailer.NewSMTPSender(fmt.Sprintf("smtp://%s", srv.Addr))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		modify func(*mailer.Message)
	}{
		{"bad recipient", func(m *mailer.Message) { m.To = "not an address" }},
		{"header injection", func(m *mailer.Message) { m.To = "a@example.jp\r\nBcc: b@example.jp" }},
		{"no Message-ID", func(m *mailer.Message) { m.MessageID = "" }},
		{"bad Message-ID", func(m *mailer.Message) { m.MessageID = "<a b@c>" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := japaneseMessage(1)
			tt.modify(&m)
			if err := s.Send(context.Background(), testFrom, m); !errors.Is(err, mailer.ErrPermanent) {
				t.Errorf("Send = %v, want ErrPermanent", err)
			}
		})
	}
	if n := len(srv.Messages()); n != 0 {
		t.Errorf("server received %d messages, want 0", n)
	}
}

func TestSMTPSenderContextBoundsTheConversation(t *testing.T) {
	// A server that accepts the connection but never greets.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	accepted := make(chan net.Conn, 1)
	go func() {
		c, err := l.Accept()
		if err == nil {
			accepted <- c
		}
		close(accepted)
	}()
	t.Cleanup(func() {
		l.Close()
		for c := range accepted {
			c.Close()
		}
	})

	s, err := mailer.NewSMTPSender("smtp://" + l.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	err = s.Send(ctx, testFrom, japaneseMessage(1))
	if err == nil || errors.Is(err, mailer.ErrPermanent) {
		t.Errorf("Send to a silent server = %v, want a temporary error", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("Send took %v after its context ended, want it to return promptly", d)
	}
}

func TestNewSMTPSender(t *testing.T) {
	tests := []struct {
		url     string
		wantErr bool
	}{
		{"smtp://user:pa55wd@mailer.example.jp:587", false},
		{"smtp://mailer.example.jp", false},
		{"smtps://user:pa55wd@mailer.example.jp", false},
		{"smtp://user:pa55wd@mailer.example.jp?tls=starttls", false},
		{"smtp://mailer.example.jp:25?tls=none", false},
		{"smtp://user:pa55wd@localhost:1025?tls=none", false},
		{"smtp://user:pa55wd@[::1]:1025?tls=none&insecure_skip_verify=1&timeout=5s", false},
		{"smtp://user:pa55wd@mailer.example.jp?tls=none", true}, // credentials in clear text
		{"smtps://user:pa55wd@mailer.example.jp?tls=none", true},
		{"http://mailer.example.jp", true},
		{"smtp://", true},
		{"smtp://user@mailer.example.jp", true},
		{"smtp://mailer.example.jp?tsl=none", true},
		{"smtp://mailer.example.jp?tls=maybe", true},
		{"smtp://mailer.example.jp:99999", true},
		{"smtp://mailer.example.jp?timeout=-1s", true},
		{"smtp://user:s3cr%zzet@mailer.example.jp", true},
		{"smtp://user:s3cret@mailer.example.jp/path", true},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			s, err := mailer.NewSMTPSender(tt.url)
			if (err != nil) != tt.wantErr {
				t.Fatalf("NewSMTPSender(%q) error = %v, wantErr %v", tt.url, err, tt.wantErr)
			}
			for _, secret := range []string{"pa55wd", "s3cr"} {
				if err != nil && strings.Contains(err.Error(), secret) {
					t.Errorf("error %q contains the password", err)
				}
				if s != nil && strings.Contains(s.String(), secret) {
					t.Errorf("String() = %q contains the password", s.String())
				}
			}
		})
	}
}

func TestMaskAddress(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"taro@example.jp", "t***@example.jp"},
		{"T@example.jp", "T***@example.jp"},
		{"  taro@example.jp ", "t***@example.jp"},
		{"Taro Yamada <taro@example.jp>", "t***@example.jp"},
		{"山田@例え.jp", "山***@例え.jp"},
		{"@example.jp", "***@example.jp"},
		{"a@b@example.jp", "a***@example.jp"},
		{"no-at-sign", "***"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := mailer.MaskAddress(tt.in); got != tt.want {
			t.Errorf("MaskAddress(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
