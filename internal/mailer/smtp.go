package mailer

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	netmail "net/mail"
	"net/textproto"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"
	gosmtp "github.com/wneessen/go-mail/smtp"
)

// DefaultSMTPTimeout bounds connecting to the SMTP server and each SMTP
// command; the whole Send is further bounded by its context.
const DefaultSMTPTimeout = 20 * time.Second

// TLS modes of an smtp:// URL (query parameter tls).
const (
	tlsOpportunistic = "opportunistic" // STARTTLS when offered (default)
	tlsStartTLS      = "starttls"      // STARTTLS required
	tlsNone          = "none"          // never STARTTLS
)

// SMTPSender delivers messages to an SMTP submission server with go-mail.
// Send opens one connection per message; Batch keeps one open across the
// messages of a batch. It is safe for concurrent use.
type SMTPSender struct {
	host        string
	port        int
	user, pass  string
	hasAuth     bool
	implicitTLS bool
	tlsMode     string
	// plainAuthOK permits AUTH on a connection without TLS (tls=none on a
	// loopback host only).
	plainAuthOK bool
	tlsConfig   *tls.Config
	timeout     time.Duration
	now         func() time.Time
	redacted    string
}

var _ BatchSender = (*SMTPSender)(nil)

// SMTPOption configures an SMTPSender.
type SMTPOption func(*SMTPSender)

// WithTLSConfig sets the TLS configuration used for STARTTLS and implicit
// TLS, e.g. to trust a private CA. ServerName defaults to the URL's host,
// MinVersion to TLS 1.2. The config is cloned.
func WithTLSConfig(cfg *tls.Config) SMTPOption {
	return func(s *SMTPSender) {
		if cfg != nil {
			s.tlsConfig = cfg.Clone()
		}
	}
}

// NewSMTPSender returns a Sender for the SMTP server described by rawURL
// (SOUDAN_SMTP_URL):
//
//	smtp://user:pass@host:587    submission; STARTTLS when the server offers
//	                             it (port defaults to 587)
//	smtps://user:pass@host:465   implicit TLS (port defaults to 465)
//	smtp://host:25               no user: no AUTH
//
// User and password are URL-decoded (escape "@" as %40). Credentials are
// only ever sent over TLS: if the server offers no STARTTLS, sending fails
// before AUTH. Query parameters:
//
//	tls=opportunistic  (smtp:// default) STARTTLS when offered
//	tls=starttls       STARTTLS required
//	tls=none           never STARTTLS; together with a user this is accepted
//	                   only for a loopback host (localhost, 127.0.0.1, ::1),
//	                   where AUTH PLAIN/LOGIN then goes without TLS: for
//	                   tests and local development relays only
//	insecure_skip_verify=1
//	                   do not verify the server certificate: tests and
//	                   development only, never production
//	timeout=30s        connection and per-command timeout
//
// Errors never contain the password.
func NewSMTPSender(rawURL string, opts ...SMTPOption) (*SMTPSender, error) {
	u, err := url.Parse(strings.TrimSpace(rawURL))
	if err != nil {
		// url.Error repeats the URL (and any password): say nothing more.
		return nil, errors.New("mailer: SMTP URL is not a valid URL")
	}
	s := &SMTPSender{
		host:     u.Hostname(),
		timeout:  DefaultSMTPTimeout,
		now:      time.Now,
		redacted: u.Redacted(),
	}
	switch u.Scheme {
	case "smtp":
		s.port = 587
		s.tlsMode = tlsOpportunistic
	case "smtps":
		s.port = 465
		s.implicitTLS = true
	default:
		return nil, fmt.Errorf("mailer: SMTP URL %s: scheme must be smtp or smtps", s.redacted)
	}
	if s.host == "" {
		return nil, fmt.Errorf("mailer: SMTP URL %s: host missing", s.redacted)
	}
	if p := u.Port(); p != "" {
		s.port, err = strconv.Atoi(p)
		if err != nil || s.port < 1 || s.port > 65535 {
			return nil, fmt.Errorf("mailer: SMTP URL %s: bad port", s.redacted)
		}
	}
	if u.User != nil {
		s.user = u.User.Username()
		s.pass, s.hasAuth = u.User.Password()
		if s.user == "" || !s.hasAuth {
			return nil, fmt.Errorf("mailer: SMTP URL %s: give both user and password, or neither", s.redacted)
		}
	}
	if u.Path != "" && u.Path != "/" {
		return nil, fmt.Errorf("mailer: SMTP URL %s: unexpected path", s.redacted)
	}

	skipVerify, err := s.readQuery(u.Query())
	if err != nil {
		return nil, err
	}
	if s.tlsMode == tlsNone && s.hasAuth {
		if !isLoopback(s.host) {
			return nil, fmt.Errorf("mailer: SMTP URL %s: refusing to send credentials without TLS to a non-loopback host", s.redacted)
		}
		s.plainAuthOK = true
	}

	for _, opt := range opts {
		if opt != nil {
			opt(s)
		}
	}
	if s.tlsConfig == nil {
		s.tlsConfig = &tls.Config{}
	}
	if s.tlsConfig.ServerName == "" {
		s.tlsConfig.ServerName = s.host
	}
	if s.tlsConfig.MinVersion == 0 {
		s.tlsConfig.MinVersion = tls.VersionTLS12
	}
	if skipVerify {
		s.tlsConfig.InsecureSkipVerify = true
	}
	return s, nil
}

// readQuery applies the URL's parameters (tls, insecure_skip_verify,
// timeout) and reports whether certificate checks are off.
func (s *SMTPSender) readQuery(q url.Values) (skipVerify bool, err error) {
	for key, vals := range q {
		val := vals[len(vals)-1]
		switch key {
		case "tls":
			if s.implicitTLS {
				return false, fmt.Errorf("mailer: SMTP URL %s: tls= applies to smtp:// only", s.redacted)
			}
			switch val {
			case tlsOpportunistic, tlsStartTLS, tlsNone:
				s.tlsMode = val
			default:
				return false, fmt.Errorf("mailer: SMTP URL %s: tls must be opportunistic, starttls or none", s.redacted)
			}
		case "insecure_skip_verify":
			skipVerify, err = strconv.ParseBool(val)
			if err != nil {
				return false, fmt.Errorf("mailer: SMTP URL %s: insecure_skip_verify must be 0 or 1", s.redacted)
			}
		case "timeout":
			d, err := time.ParseDuration(val)
			if err != nil || d <= 0 {
				return false, fmt.Errorf("mailer: SMTP URL %s: bad timeout", s.redacted)
			}
			s.timeout = d
		default:
			return false, fmt.Errorf("mailer: SMTP URL %s: unknown parameter %q", s.redacted, key)
		}
	}
	return skipVerify, nil
}

// String returns the server URL with the password redacted, for logs.
func (s *SMTPSender) String() string { return s.redacted }

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// SMTPError is the error SMTPSender returns for a failed delivery. Its text
// contains no personal data: addresses in server replies are masked.
type SMTPError struct {
	// Stage is the step that failed: "connect" (dial, TLS, EHLO, AUTH),
	// "message" (building the message), "MAIL FROM", "RCPT TO", "DATA"
	// (including the reply to the end of data), "send" (other errors).
	Stage string
	// Code is the SMTP reply code, 0 if there was none (network error).
	Code int
	// Permanent reports whether retrying cannot help; errors.Is(err,
	// ErrPermanent) is true exactly then.
	Permanent bool
	// Detail is the sanitized server reply or error text.
	Detail string
}

func (e *SMTPError) Error() string {
	kind := "temporary"
	if e.Permanent {
		kind = "permanent"
	}
	return fmt.Sprintf("mailer: smtp %s failed (%s): %s", e.Stage, kind, e.Detail)
}

// Is makes errors.Is(err, ErrPermanent) true for permanent failures.
func (e *SMTPError) Is(target error) bool {
	return target == ErrPermanent && e.Permanent
}

// Send delivers m from the address from (e.g. "ハローワーク都城
// <noreply@example.jp>") over one new SMTP connection. The context bounds the
// whole delivery: when it ends, the connection is closed.
//
// The message carries From, To, Reply-To (m.ReplyTo, when set), Subject,
// Date, Message-ID (m.MessageID),
// MIME-Version, Auto-Submitted: auto-generated and a text/plain UTF-8 body.
// Subject is RFC 2047 B-encoded, the body base64 with CRLF line breaks.
func (s *SMTPSender) Send(ctx context.Context, from string, m Message) error {
	b := s.Batch()
	defer func() { _ = b.Close() }()
	return b.Send(ctx, from, m)
}

// Batch returns a Batch that delivers messages as Send does, but over one
// SMTP connection kept open from one message to the next: go-mail resets
// the session (RSET) after each message and checks it (NOOP) before the
// next. A rejection of a message (a reply to MAIL FROM or RCPT TO, or to the
// end of DATA) keeps the connection for the next; any other failure closes
// it, and the next message opens a new one. A kept connection that went
// stale (the server closed it while idle) is replaced before anything of
// the next message is sent.
func (s *SMTPSender) Batch() Batch { return &smtpBatch{s: s} }

// smtpBatch is an SMTPSender's Batch: one go-mail client and the SMTP
// session it keeps open, if any.
type smtpBatch struct {
	s      *SMTPSender
	client *gomail.Client
	conn   *gosmtp.Client // the open session; nil when there is none
	raw    net.Conn       // its network connection
	// bound is the context of the open in progress: dial binds the new
	// connection to it.
	bound context.Context
	// release undoes the last bind (nil when there is none).
	release func() bool
}

// Send delivers m over the batch's connection, opening one if needed. The
// context bounds this delivery: when it ends, the connection is closed (and
// the next message opens a new one).
func (b *smtpBatch) Send(ctx context.Context, from string, m Message) error {
	if err := ctx.Err(); err != nil {
		// Ended already: send nothing (the connection closes only when the
		// context's AfterFunc gets to run, which may be after the send).
		return &SMTPError{Stage: "send", Detail: sanitizeReason(err.Error())}
	}
	msg, err := b.s.buildMsg(from, m)
	if err != nil {
		return err
	}
	if b.conn != nil {
		// go-mail checks a kept session with NOOP before MAIL FROM; if
		// that fails, nothing of m was sent: go on with a new connection.
		if stale, err := b.send(ctx, msg); !stale {
			return err
		}
	}
	if err := b.open(ctx); err != nil {
		return err
	}
	_, err = b.send(ctx, msg)
	return err
}

// Close ends the session (QUIT) and closes the connection, if one is open.
// Every message's outcome is known by then: Close reports nothing.
func (b *smtpBatch) Close() error {
	if b.conn != nil {
		_ = b.client.CloseWithSMTPClient(b.conn)
	}
	b.drop()
	return nil
}

// open dials the server and sets the session up (EHLO, STARTTLS, AUTH),
// bounded by ctx.
func (b *smtpBatch) open(ctx context.Context) error {
	if b.client == nil {
		client, err := gomail.NewClient(b.s.host, b.s.clientOptions(b.dial)...)
		if err != nil {
			return &SMTPError{Stage: "connect", Detail: sanitizeReason(err.Error())}
		}
		b.client = client
	}
	b.bound = ctx
	conn, err := b.client.DialToSMTPClientWithContext(ctx)
	b.bound = nil
	if err != nil {
		b.drop()
		// Failures before the mail transaction (network, TLS, EHLO, AUTH)
		// are about the server or our configuration, not this message: always
		// temporary, even for a 5xx reply such as 535 authentication failed.
		return &SMTPError{Stage: "connect", Code: replyCode(err), Detail: b.s.detail(ctx, err)}
	}
	b.conn = conn
	return nil
}

// dial is go-mail's dialer. go-mail uses its context only for dialing:
// dial binds the connection to the context open was given, so that it
// bounds the whole set-up.
func (b *smtpBatch) dial(dctx context.Context, network, addr string) (net.Conn, error) {
	d := &net.Dialer{}
	var conn net.Conn
	var err error
	if b.s.implicitTLS {
		conn, err = (&tls.Dialer{NetDialer: d, Config: b.s.tlsConfig}).DialContext(dctx, network, addr)
	} else {
		conn, err = d.DialContext(dctx, network, addr)
	}
	if err != nil {
		return nil, err
	}
	b.raw = conn
	b.bind(b.bound)
	return conn, nil
}

// bind makes the end of ctx close the connection, until the next bind or
// unbind.
func (b *smtpBatch) bind(ctx context.Context) {
	b.unbind()
	conn := b.raw
	b.release = context.AfterFunc(ctx, func() { _ = conn.Close() })
}

// unbind undoes bind and reports whether the connection is still open
// (the bound context did not end).
func (b *smtpBatch) unbind() bool {
	if b.release == nil {
		return true
	}
	ok := b.release()
	b.release = nil
	return ok
}

// drop closes the connection without a word and forgets the session.
func (b *smtpBatch) drop() {
	b.unbind()
	if b.raw != nil {
		_ = b.raw.Close()
	}
	b.raw, b.conn = nil, nil
}

// send hands msg to the open session, bounded by ctx. It keeps the session
// only when it is ready for the next message, and reports whether the
// session had gone stale before msg was started.
func (b *smtpBatch) send(ctx context.Context, msg *gomail.Msg) (stale bool, err error) {
	b.bind(ctx)
	sendErr := b.client.SendWithSMTPClient(b.conn, msg)
	open := b.unbind()
	if msg.IsDelivered() {
		// The server accepted the DATA; a later RSET failure does not
		// matter for this message (sending again would duplicate it).
		if sendErr != nil || !open {
			b.drop()
		}
		return false, nil
	}
	if sendErr == nil {
		b.drop()
		return false, &SMTPError{Stage: "send", Detail: "message not accepted"}
	}
	var se *gomail.SendError
	if errors.As(sendErr, &se) && se.Reason == gomail.ErrConnCheck {
		b.drop()
		return true, b.s.classify(ctx, sendErr)
	}
	if !open || !sessionReady(sendErr) {
		b.drop()
	}
	return false, b.s.classify(ctx, sendErr)
}

// sessionReady reports whether the session is ready for the next message
// after the failure err: a reply (other than 421, closing) to MAIL FROM or
// RCPT TO, after which go-mail reset the session, or to the end of DATA,
// which ends the transaction.
func sessionReady(err error) bool {
	var se *gomail.SendError
	if !errors.As(err, &se) {
		return false
	}
	switch se.Reason {
	case gomail.ErrSMTPMailFrom, gomail.ErrSMTPRcptTo, gomail.ErrSMTPDataClose:
	default:
		return false
	}
	code := se.ErrorCode()
	if code == 0 {
		code = replyCode(err)
	}
	return code >= 400 && code <= 599 && code != 421
}

// clientOptions configures go-mail for this server, dialing with dial.
func (s *SMTPSender) clientOptions(dial gomail.DialContextFunc) []gomail.Option {
	copts := []gomail.Option{
		gomail.WithPort(s.port),
		gomail.WithTimeout(s.timeout),
		gomail.WithTLSConfig(s.tlsConfig),
		gomail.WithDialContextFunc(dial),
	}
	switch {
	case s.implicitTLS:
		copts = append(copts, gomail.WithSSL())
	case s.tlsMode == tlsNone:
		copts = append(copts, gomail.WithTLSPolicy(gomail.NoTLS))
	case s.tlsMode == tlsStartTLS:
		copts = append(copts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	default:
		copts = append(copts, gomail.WithTLSPolicy(gomail.TLSOpportunistic))
	}
	if s.hasAuth {
		copts = append(copts, gomail.WithSMTPAuthCustom(&auth{
			user: s.user, pass: s.pass, plainOK: s.plainAuthOK,
		}))
	}
	return copts
}

// buildMsg turns m into a go-mail message. Errors are permanent when they
// come from the message (bad recipient or Message-ID) and temporary when
// they come from the configuration (bad from).
func (s *SMTPSender) buildMsg(from string, m Message) (*gomail.Msg, error) {
	msg := gomail.NewMsg(
		gomail.WithCharset(gomail.CharsetUTF8),
		gomail.WithEncoding(gomail.EncodingB64),
		gomail.WithNoDefaultUserAgent(),
	)
	if err := msg.From(from); err != nil {
		return nil, &SMTPError{Stage: "message", Detail: "invalid from address (configuration)"}
	}
	if _, err := netmail.ParseAddress(m.To); err != nil || strings.ContainsAny(m.To, "\r\n") {
		return nil, &SMTPError{Stage: "message", Permanent: true, Detail: "invalid recipient address " + MaskAddress(m.To)}
	}
	if err := msg.To(m.To); err != nil {
		return nil, &SMTPError{Stage: "message", Permanent: true, Detail: "invalid recipient address " + MaskAddress(m.To)}
	}
	if m.ReplyTo != "" {
		if err := msg.ReplyTo(m.ReplyTo); err != nil {
			return nil, &SMTPError{Stage: "message", Detail: "invalid reply-to address (configuration)"}
		}
	}
	id, ok := messageIDValue(m.MessageID)
	if !ok {
		return nil, &SMTPError{Stage: "message", Permanent: true, Detail: "invalid Message-ID"}
	}
	msg.SetMessageIDWithValue(id) // adds the angle brackets
	msg.SetDateWithValue(s.now())
	msg.Subject(oneLine.Replace(m.Subject))
	msg.SetGenHeader(gomail.Header("Auto-Submitted"), "auto-generated")
	msg.SetBodyString(gomail.TypeTextPlain, crlf(m.Body))
	return msg, nil
}

// messageIDValue returns the Message-ID without angle brackets and reports
// whether it is a plausible id-left "@" id-right.
func messageIDValue(id string) (string, bool) {
	id = strings.TrimSpace(id)
	id = strings.TrimSuffix(strings.TrimPrefix(id, "<"), ">")
	at := strings.IndexByte(id, '@')
	if at <= 0 || at == len(id)-1 || strings.Count(id, "@") != 1 {
		return "", false
	}
	for _, r := range id {
		if r <= ' ' || r >= 0x7f || strings.ContainsRune(`<>()[]\,;:"`, r) {
			return "", false
		}
	}
	return id, true
}

// oneLine flattens a header value to one line (keeping other white space,
// such as the ideographic space U+3000, as it is).
var oneLine = strings.NewReplacer("\r\n", " ", "\r", " ", "\n", " ")

// crlf converts line breaks to CRLF, the canonical form of text/plain
// (RFC 2045 section 6.8), which base64 does not do by itself.
func crlf(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.ReplaceAll(s, "\n", "\r\n")
}

// classify turns a go-mail send error into an *SMTPError.
func (s *SMTPSender) classify(ctx context.Context, err error) error {
	stage := "send"
	code := replyCode(err)
	var se *gomail.SendError
	if errors.As(err, &se) {
		if c := se.ErrorCode(); c != 0 {
			code = c
		}
		switch se.Reason {
		case gomail.ErrSMTPMailFrom:
			stage = "MAIL FROM"
		case gomail.ErrSMTPRcptTo:
			stage = "RCPT TO"
		case gomail.ErrSMTPData, gomail.ErrSMTPDataClose, gomail.ErrWriteContent:
			stage = "DATA"
		case gomail.ErrGetRcpts:
			return &SMTPError{Stage: "message", Permanent: true, Detail: s.detail(ctx, err)}
		}
	}
	// 5xx replies to RCPT TO and DATA reject this message: permanent. A 5xx
	// reply to MAIL FROM concerns our sender address or session (e.g. "530
	// authentication required"), as does 530 anywhere: a configuration
	// problem, temporary, so that the mail goes out once it is fixed.
	permanent := (stage == "RCPT TO" || stage == "DATA") && code >= 500 && code <= 599 && code != 530
	return &SMTPError{Stage: stage, Code: code, Permanent: permanent, Detail: s.detail(ctx, err)}
}

// detail is the sanitized text of err; a context error explains itself
// better than the "use of closed network connection" it causes.
func (s *SMTPSender) detail(ctx context.Context, err error) string {
	if cerr := ctx.Err(); cerr != nil {
		return sanitizeReason(cerr.Error() + ": " + err.Error())
	}
	return sanitizeReason(err.Error())
}

// replyCode returns the SMTP reply code inside err, 0 if there is none
// (network and TLS errors).
func replyCode(err error) int {
	var te *textproto.Error
	if errors.As(err, &te) {
		return te.Code
	}
	return 0
}

// auth is the SMTP AUTH mechanism: PLAIN if offered, else LOGIN. It refuses
// to run on a connection without TLS unless plainOK.
type auth struct {
	user, pass string
	plainOK    bool
	inner      gosmtp.Auth
}

// errAuthNeedsTLS is returned before any credential is sent.
var errAuthNeedsTLS = errors.New("mailer: server offers no TLS; refusing to send SMTP credentials in clear text (use tls=none only on loopback)")

func (a *auth) Start(si *gosmtp.ServerInfo) (string, []byte, error) {
	if !si.TLS && !a.plainOK {
		return "", nil, errAuthNeedsTLS
	}
	switch {
	case slices.Contains(si.Auth, "PLAIN"):
		a.inner = gosmtp.PlainAuth("", a.user, a.pass, si.Name, true)
	case slices.Contains(si.Auth, "LOGIN"):
		a.inner = gosmtp.LoginAuth(a.user, a.pass, si.Name, true)
	default:
		return "", nil, fmt.Errorf("mailer: server offers neither AUTH PLAIN nor LOGIN (offers %q)", strings.Join(si.Auth, " "))
	}
	return a.inner.Start(si)
}

func (a *auth) Next(fromServer []byte, more bool) ([]byte, error) {
	return a.inner.Next(fromServer, more)
}
