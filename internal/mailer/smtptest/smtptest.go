// Package smtptest runs a real SMTP server (emersion/go-smtp) on loopback
// for tests: it accepts messages, decodes them (MIME headers, quoted-
// printable or base64 bodies) and lets the test wait for what arrived. It
// can require AUTH, speak STARTTLS or implicit TLS, reject MAIL FROM or
// RCPT TO commands, drop connections, and counts connections, AUTH
// attempts, TLS sessions and RCPT TO commands.
package smtptest

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"fmt"
	"io"
	"log"
	"math/big"
	"mime"
	"mime/quotedprintable"
	"net"
	netmail "net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// Message is one received mail, decoded.
type Message struct {
	// From and To are the envelope (MAIL FROM, RCPT TO).
	From string
	To   []string
	// MessageID is the Message-Id header.
	MessageID string
	// Subject is the decoded (RFC 2047) subject.
	Subject string
	// Body is the decoded body with CRLF turned into LF.
	Body string
	// Header is the message's header as received.
	Header netmail.Header
	// Raw is the message as received.
	Raw []byte
}

// Config configures a server started with StartWith. The zero Config is a
// plain SMTP server without AUTH or TLS.
type Config struct {
	// User and Pass require AUTH PLAIN with these credentials before MAIL
	// FROM.
	User, Pass string
	// InsecureAuth offers AUTH without TLS (go-smtp AllowInsecureAuth).
	InsecureAuth bool
	// TLS offers STARTTLS with this config or, with ImplicitTLS, speaks TLS
	// from the first byte (smtps).
	TLS         *tls.Config
	ImplicitTLS bool
}

// Counts are what the server has seen so far.
type Counts struct {
	// Connections is the number of SMTP connections accepted.
	Connections int
	// Rcpt is the number of RCPT TO commands, accepted or rejected.
	Rcpt int
	// Auth is the number of AUTH attempts.
	Auth int
	// TLSSessions is the number of connections that began in TLS.
	TLSSessions int
}

// Server is a running SMTP server.
type Server struct {
	// Addr is the server's host:port on 127.0.0.1.
	Addr string

	cfg Config

	mu          sync.Mutex
	received    []Message
	rcptRejects []smtp.SMTPError // answers for the next RCPT TO commands
	mailRejects []smtp.SMTPError // answers for the next MAIL FROM commands
	rcptFails   map[string]int   // RCPT TO address → reply code, 0: drop
	conns       []net.Conn
	counts      Counts
	notify      chan struct{}
}

// Start starts a plain server (no AUTH, no TLS) on 127.0.0.1 and stops it
// when the test ends.
func Start(tb testing.TB) *Server {
	tb.Helper()
	return StartWith(tb, Config{})
}

// StartWith starts a server configured by cfg on 127.0.0.1 and stops it
// (waiting for every connection to end) when the test ends.
func StartWith(tb testing.TB, cfg Config) *Server {
	tb.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatalf("smtptest: listen: %v", err)
	}
	s := &Server{Addr: l.Addr().String(), cfg: cfg, notify: make(chan struct{}, 1)}
	srv := smtp.NewServer(smtp.BackendFunc(s.newSession))
	srv.Domain = "localhost"
	srv.AllowInsecureAuth = cfg.InsecureAuth
	srv.ReadTimeout = 10 * time.Second
	srv.WriteTimeout = 10 * time.Second
	srv.ErrorLog = log.New(io.Discard, "", 0)
	if cfg.TLS != nil {
		if cfg.ImplicitTLS {
			l = tls.NewListener(l, cfg.TLS)
		} else {
			srv.TLSConfig = cfg.TLS
		}
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = srv.Serve(l)
	}()
	tb.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := srv.Shutdown(ctx); err != nil {
			_ = srv.Close()
		}
		// Shutdown closes only the listeners Serve has registered; if the
		// Serve goroutine had not started yet, close the listener here.
		_ = l.Close()
		<-done
	})
	return s
}

func (s *Server) newSession(c *smtp.Conn) (smtp.Session, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.counts.Connections++
	if _, ok := c.TLSConnectionState(); ok {
		s.counts.TLSSessions++
	}
	s.conns = append(s.conns, c.Conn())
	return &session{srv: s, conn: c.Conn()}, nil
}

// URL is the SOUDAN_SMTP_URL that reaches this server (plain SMTP, no AUTH).
func (s *Server) URL() string { return "smtp://" + s.Addr + "?tls=none" }

// Messages returns what arrived so far.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.received...)
}

// Counts returns the connections, commands and sessions seen so far.
func (s *Server) Counts() Counts {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.counts
}

// RejectRcpt makes the server answer the next n RCPT TO commands with code
// (e.g. 451 or 550). The reply text contains the recipient address, as real
// servers' replies do.
func (s *Server) RejectRcpt(code, n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for range n {
		s.rcptRejects = append(s.rcptRejects, smtp.SMTPError{
			Code:         code,
			EnhancedCode: smtp.EnhancedCode{code / 100, 1, 1},
			Message:      "rejected for test",
		})
	}
}

// RejectMailFrom makes the server answer the next n MAIL FROM commands
// with code.
func (s *Server) RejectMailFrom(code, n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for range n {
		s.mailRejects = append(s.mailRejects, smtp.SMTPError{
			Code:         code,
			EnhancedCode: smtp.EnhancedCode{code / 100, 7, 1},
			Message:      "sender rejected for test",
		})
	}
}

// FailRcptTo makes the server answer every RCPT TO addr with code (e.g.
// 451 or 550) or, with code 0, close the connection instead of answering.
func (s *Server) FailRcptTo(addr string, code int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.rcptFails == nil {
		s.rcptFails = map[string]int{}
	}
	s.rcptFails[strings.ToLower(addr)] = code
}

// CloseConnections closes every connection accepted so far, as a server
// does with idle ones.
func (s *Server) CloseConnections() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, c := range s.conns {
		_ = c.Close()
	}
	s.conns = nil
}

// WaitFor waits until a message for which match returns true arrived and
// returns it, failing the test after timeout.
func (s *Server) WaitFor(tb testing.TB, timeout time.Duration, match func(Message) bool) Message {
	tb.Helper()
	deadline := time.After(timeout)
	for {
		for _, m := range s.Messages() {
			if match(m) {
				return m
			}
		}
		select {
		case <-s.notify:
		case <-time.After(50 * time.Millisecond):
		case <-deadline:
			tb.Fatalf("smtptest: no matching mail within %v (%d received)", timeout, len(s.Messages()))
		}
	}
}

// To matches messages to addr.
func To(addr string) func(Message) bool {
	return func(m Message) bool {
		for _, t := range m.To {
			if strings.EqualFold(t, addr) {
				return true
			}
		}
		return false
	}
}

type session struct {
	srv    *Server
	conn   net.Conn
	authed bool
	from   string
	to     []string
}

var _ smtp.AuthSession = (*session)(nil)

func (ss *session) AuthMechanisms() []string {
	if ss.srv.cfg.User == "" {
		return nil
	}
	return []string{sasl.Plain}
}

func (ss *session) Auth(string) (sasl.Server, error) {
	ss.srv.mu.Lock()
	ss.srv.counts.Auth++
	ss.srv.mu.Unlock()
	return sasl.NewPlainServer(func(_, username, password string) error {
		if username != ss.srv.cfg.User || password != ss.srv.cfg.Pass {
			return smtp.ErrAuthFailed
		}
		ss.authed = true
		return nil
	}), nil
}

func (ss *session) Mail(from string, _ *smtp.MailOptions) error {
	if ss.srv.cfg.User != "" && !ss.authed {
		return smtp.ErrAuthRequired
	}
	ss.srv.mu.Lock()
	defer ss.srv.mu.Unlock()
	if len(ss.srv.mailRejects) > 0 {
		e := ss.srv.mailRejects[0]
		ss.srv.mailRejects = ss.srv.mailRejects[1:]
		return &e
	}
	ss.from = from
	return nil
}

func (ss *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	ss.srv.mu.Lock()
	defer ss.srv.mu.Unlock()
	ss.srv.counts.Rcpt++
	if code, ok := ss.srv.rcptFails[strings.ToLower(to)]; ok {
		if code == 0 {
			_ = ss.conn.Close()
			return &smtp.SMTPError{Code: 421, Message: "smtptest: connection dropped"}
		}
		return &smtp.SMTPError{Code: code, EnhancedCode: smtp.EnhancedCode{code / 100, 1, 1},
			Message: fmt.Sprintf("<%s>: failed for test", to)}
	}
	if len(ss.srv.rcptRejects) > 0 {
		e := ss.srv.rcptRejects[0]
		ss.srv.rcptRejects = ss.srv.rcptRejects[1:]
		e.Message = fmt.Sprintf("<%s>: %s", to, e.Message)
		return &e
	}
	ss.to = append(ss.to, to)
	return nil
}

func (ss *session) Reset()        { ss.from, ss.to = "", nil }
func (ss *session) Logout() error { return nil }

func (ss *session) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	m, err := Decode(raw)
	if err != nil {
		return &smtp.SMTPError{Code: 554, Message: "smtptest: " + err.Error()}
	}
	m.From, m.To = ss.from, ss.to
	ss.srv.mu.Lock()
	ss.srv.received = append(ss.srv.received, m)
	ss.srv.mu.Unlock()
	select {
	case ss.srv.notify <- struct{}{}:
	default:
	}
	return nil
}

// Decode parses a raw single-part text message: RFC 2047 subject, base64,
// quoted-printable or 7/8-bit body.
func Decode(raw []byte) (Message, error) {
	msg, err := netmail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return Message{}, err
	}
	dec := new(mime.WordDecoder)
	subject, err := dec.DecodeHeader(msg.Header.Get("Subject"))
	if err != nil {
		return Message{}, fmt.Errorf("subject: %w", err)
	}
	var body io.Reader
	switch cte := strings.ToLower(msg.Header.Get("Content-Transfer-Encoding")); cte {
	case "quoted-printable":
		body = quotedprintable.NewReader(msg.Body)
	case "base64":
		body = base64.NewDecoder(base64.StdEncoding, msg.Body)
	case "", "7bit", "8bit":
		body = msg.Body
	default:
		return Message{}, fmt.Errorf("unexpected Content-Transfer-Encoding %q", cte)
	}
	text, err := io.ReadAll(body)
	if err != nil {
		return Message{}, fmt.Errorf("body: %w", err)
	}
	return Message{
		MessageID: msg.Header.Get("Message-Id"),
		Subject:   subject,
		Body:      strings.ReplaceAll(string(text), "\r\n", "\n"),
		Header:    msg.Header,
		Raw:       raw,
	}, nil
}

// TLSConfigs returns a server TLS config with a fresh self-signed
// certificate for 127.0.0.1 and localhost, and a client config that trusts
// it.
func TLSConfigs(tb testing.TB) (server, client *tls.Config) {
	tb.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		tb.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "soudan test SMTP"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1)},
		DNSNames:              []string{"localhost"},
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		tb.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		tb.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	server = &tls.Config{
		Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key, Leaf: cert}},
		MinVersion:   tls.VersionTLS12,
	}
	return server, &tls.Config{RootCAs: pool}
}
