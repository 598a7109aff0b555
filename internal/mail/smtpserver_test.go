package mail_test

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

// smtpServer is a real SMTP server (emersion/go-smtp) on 127.0.0.1 that
// records what it receives and can be told to reject the next messages.
type smtpServer struct {
	Port int

	user, pass string

	mu           sync.Mutex
	received     []received
	rejects      []smtp.SMTPError // answers for the next RCPT TO commands
	mailRejects  []smtp.SMTPError // answers for the next MAIL FROM commands
	rcptAttempts int
	authAttempts int
	tlsSessions  int
}

// received is one message as the server got it.
type received struct {
	From string
	To   []string
	Data []byte
}

type serverConfig struct {
	// user and pass require AUTH PLAIN with these credentials.
	user, pass string
	// insecureAuth offers AUTH without TLS (go-smtp AllowInsecureAuth).
	insecureAuth bool
	// tls offers STARTTLS with this config, or, with implicitTLS, speaks
	// TLS from the first byte (smtps).
	tls         *tls.Config
	implicitTLS bool
}

// startSMTPServer starts a server and stops it (waiting for every
// connection to end) when the test ends.
func startSMTPServer(t testing.TB, cfg serverConfig) *smtpServer {
	t.Helper()
	s := &smtpServer{user: cfg.user, pass: cfg.pass}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	s.Port = l.Addr().(*net.TCPAddr).Port
	srv := smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) {
		if _, ok := c.TLSConnectionState(); ok {
			s.mu.Lock()
			s.tlsSessions++
			s.mu.Unlock()
		}
		return &smtpSession{srv: s}, nil
	}))
	srv.Domain = "localhost"
	srv.AllowInsecureAuth = cfg.insecureAuth
	srv.ReadTimeout = 10 * time.Second
	srv.WriteTimeout = 10 * time.Second
	srv.ErrorLog = log.New(io.Discard, "", 0)
	if cfg.tls != nil {
		if cfg.implicitTLS {
			l = tls.NewListener(l, cfg.tls)
		} else {
			srv.TLSConfig = cfg.tls
		}
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = srv.Serve(l)
	}()
	t.Cleanup(func() {
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

// Reject makes the server answer the next n RCPT TO commands with code
// (e.g. 451 or 550). The reply text contains the recipient address, as real
// servers' replies do.
func (s *smtpServer) Reject(code, n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	class := code / 100
	for range n {
		s.rejects = append(s.rejects, smtp.SMTPError{
			Code:         code,
			EnhancedCode: smtp.EnhancedCode{class, 1, 1},
			Message:      "rejected for test",
		})
	}
}

// RejectMailFrom makes the server answer the next n MAIL FROM commands
// with code.
func (s *smtpServer) RejectMailFrom(code, n int) {
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

// Received returns a copy of the messages received so far.
func (s *smtpServer) Received() []received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]received(nil), s.received...)
}

// Counts returns the number of RCPT TO commands, AUTH attempts and TLS
// sessions seen so far.
func (s *smtpServer) Counts() (rcpt, auth, tlsSessions int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.rcptAttempts, s.authAttempts, s.tlsSessions
}

type smtpSession struct {
	srv    *smtpServer
	authed bool
	from   string
	to     []string
}

var _ smtp.AuthSession = (*smtpSession)(nil)

func (ss *smtpSession) AuthMechanisms() []string {
	if ss.srv.user == "" {
		return nil
	}
	return []string{sasl.Plain}
}

func (ss *smtpSession) Auth(mech string) (sasl.Server, error) {
	ss.srv.mu.Lock()
	ss.srv.authAttempts++
	ss.srv.mu.Unlock()
	return sasl.NewPlainServer(func(identity, username, password string) error {
		if username != ss.srv.user || password != ss.srv.pass {
			return smtp.ErrAuthFailed
		}
		ss.authed = true
		return nil
	}), nil
}

func (ss *smtpSession) Mail(from string, _ *smtp.MailOptions) error {
	if ss.srv.user != "" && !ss.authed {
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

func (ss *smtpSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	ss.srv.mu.Lock()
	defer ss.srv.mu.Unlock()
	ss.srv.rcptAttempts++
	if len(ss.srv.rejects) > 0 {
		e := ss.srv.rejects[0]
		ss.srv.rejects = ss.srv.rejects[1:]
		e.Message = fmt.Sprintf("<%s>: %s", to, e.Message)
		return &e
	}
	ss.to = append(ss.to, to)
	return nil
}

func (ss *smtpSession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	ss.srv.mu.Lock()
	defer ss.srv.mu.Unlock()
	ss.srv.received = append(ss.srv.received, received{From: ss.from, To: ss.to, Data: b})
	return nil
}

func (ss *smtpSession) Reset() { ss.from, ss.to = "", nil }

func (ss *smtpSession) Logout() error { return nil }

// testTLS returns a server TLS config with a fresh self-signed certificate
// for 127.0.0.1 and localhost, and a client config that trusts it.
func testTLS(t testing.TB) (server, client *tls.Config) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
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
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	server = &tls.Config{
		Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key, Leaf: cert}},
		MinVersion:   tls.VersionTLS12,
	}
	return server, &tls.Config{RootCAs: pool}
}

// parsedMail is a received message decoded the way a mail client would.
type parsedMail struct {
	Header  netmail.Header
	Subject string
	Body    string // decoded, CRLF turned into LF
	CTE     string
	Raw     []byte
}

// parseMail decodes data: RFC 2047 subject, base64 or quoted-printable body.
func parseMail(t testing.TB, data []byte) parsedMail {
	t.Helper()
	msg, err := netmail.ReadMessage(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("ReadMessage: %v\n%s", err, data)
	}
	dec := new(mime.WordDecoder)
	subject, err := dec.DecodeHeader(msg.Header.Get("Subject"))
	if err != nil {
		t.Fatalf("decode Subject %q: %v", msg.Header.Get("Subject"), err)
	}
	cte := strings.ToLower(msg.Header.Get("Content-Transfer-Encoding"))
	var body io.Reader
	switch cte {
	case "base64":
		body = base64.NewDecoder(base64.StdEncoding, msg.Body)
	case "quoted-printable":
		body = quotedprintable.NewReader(msg.Body)
	case "", "7bit", "8bit":
		body = msg.Body
	default:
		t.Fatalf("unexpected Content-Transfer-Encoding %q", cte)
	}
	b, err := io.ReadAll(body)
	if err != nil {
		t.Fatalf("decode body (%s): %v", cte, err)
	}
	return parsedMail{
		Header:  msg.Header,
		Subject: subject,
		Body:    strings.ReplaceAll(string(b), "\r\n", "\n"),
		CTE:     cte,
		Raw:     data,
	}
}
