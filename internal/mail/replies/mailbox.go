package replies

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
)

// DefaultProcessed is the folder replies are moved to once handled.
const DefaultProcessed = "Processed"

// DefaultTimeout bounds connecting and logging in.
const DefaultTimeout = 30 * time.Second

// TLS modes of an imap:// URL (query parameter tls).
const (
	tlsOpportunistic = "opportunistic" // STARTTLS when offered (default)
	tlsStartTLS      = "starttls"      // STARTTLS required
	tlsNone          = "none"          // never STARTTLS: loopback only
)

// Mailbox is an IMAP mailbox to read replies from (SOUDAN_IMAP_URL).
type Mailbox struct {
	host, addr  string
	user, pass  string
	implicitTLS bool
	tlsMode     string
	loopback    bool
	tlsConfig   *tls.Config
	timeout     time.Duration
	// Name is the mailbox replies arrive in ("INBOX").
	Name string
	// Processed is the folder handled replies are moved to.
	Processed string
	redacted  string
}

// ParseURL reads a mailbox URL:
//
//	imaps://user:pass@host/INBOX   implicit TLS (port 993)
//	imap://user:pass@host/INBOX    STARTTLS when the server offers it
//	                               (port 143); without it only to a loopback
//	                               host (localhost, 127.0.0.1, ::1)
//
// The path names the mailbox (default INBOX). User and password are
// URL-decoded. Query parameters:
//
//	processed=Processed         the folder handled replies are moved to
//	                            (created when missing)
//	tls=opportunistic|starttls|none
//	                            for imap://: STARTTLS when offered (default),
//	                            required, or never (loopback hosts only)
//	insecure_skip_verify=1      tests and development only
//	timeout=30s                 connecting and logging in
//
// Errors never contain the password.
func ParseURL(raw string) (*Mailbox, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return nil, errors.New("not a valid URL") // url.Error would repeat the password
	}
	m := &Mailbox{host: u.Hostname(), timeout: DefaultTimeout, Name: "INBOX", Processed: DefaultProcessed,
		redacted: u.Redacted()}
	port := "143"
	switch u.Scheme {
	case "imap":
		m.tlsMode = tlsOpportunistic
	case "imaps":
		m.implicitTLS = true
		port = "993"
	default:
		return nil, fmt.Errorf("%s: scheme must be imaps or imap", m.redacted)
	}
	if m.host == "" {
		return nil, fmt.Errorf("%s: host missing", m.redacted)
	}
	if p := u.Port(); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			return nil, fmt.Errorf("%s: bad port", m.redacted)
		}
		port = p
	}
	m.addr = net.JoinHostPort(m.host, port)
	if u.User == nil {
		return nil, fmt.Errorf("%s: user and password missing", m.redacted)
	}
	m.user = u.User.Username()
	pass, ok := u.User.Password()
	if m.user == "" || !ok {
		return nil, fmt.Errorf("%s: user and password missing", m.redacted)
	}
	m.pass = pass
	if name := strings.Trim(u.Path, "/"); name != "" {
		m.Name = name
	}
	skipVerify := false
	for key, vals := range u.Query() {
		val := vals[len(vals)-1]
		switch key {
		case "processed":
			if strings.TrimSpace(val) == "" || strings.EqualFold(val, m.Name) {
				return nil, fmt.Errorf("%s: processed must name another folder", m.redacted)
			}
			m.Processed = val
		case "tls":
			if m.implicitTLS {
				return nil, fmt.Errorf("%s: tls= applies to imap:// only", m.redacted)
			}
			switch val {
			case tlsOpportunistic, tlsStartTLS, tlsNone:
				m.tlsMode = val
			default:
				return nil, fmt.Errorf("%s: tls must be opportunistic, starttls or none", m.redacted)
			}
		case "insecure_skip_verify":
			if skipVerify, err = strconv.ParseBool(val); err != nil {
				return nil, fmt.Errorf("%s: insecure_skip_verify must be 0 or 1", m.redacted)
			}
		case "timeout":
			d, err := time.ParseDuration(val)
			if err != nil || d <= 0 {
				return nil, fmt.Errorf("%s: bad timeout", m.redacted)
			}
			m.timeout = d
		default:
			return nil, fmt.Errorf("%s: unknown parameter %q", m.redacted, key)
		}
	}
	m.loopback = isLoopback(m.host)
	if m.tlsMode == tlsNone && !m.loopback {
		return nil, fmt.Errorf("%s: refusing to log in without TLS to a non-loopback host (use imaps://, or imap:// with STARTTLS)", m.redacted)
	}
	m.tlsConfig = &tls.Config{ServerName: m.host, MinVersion: tls.VersionTLS12, InsecureSkipVerify: skipVerify}
	return m, nil
}

// String returns the URL with the password redacted.
func (m *Mailbox) String() string { return m.redacted }

// SetTLSConfig replaces the TLS configuration (e.g. to trust a private CA).
func (m *Mailbox) SetTLSConfig(cfg *tls.Config) {
	c := cfg.Clone()
	if c.ServerName == "" {
		c.ServerName = m.host
	}
	m.tlsConfig = c
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// errNoTLS is returned before any credential is sent.
var errNoTLS = errors.New("the server offers no STARTTLS; refusing to log in without TLS to a non-loopback host")

// dial connects and logs in. The connection is closed when ctx ends.
func (m *Mailbox) dial(ctx context.Context) (*imapclient.Client, error) {
	ctx, cancel := context.WithTimeout(ctx, m.timeout)
	defer cancel()
	c, err := m.connect(ctx)
	if err != nil {
		return nil, err
	}
	if err := c.Login(m.user, m.pass).Wait(); err != nil {
		_ = c.Close()
		return nil, fmt.Errorf("login: %w", err)
	}
	return c, nil
}

func (m *Mailbox) connect(ctx context.Context) (*imapclient.Client, error) {
	opts := &imapclient.Options{TLSConfig: m.tlsConfig.Clone()}
	conn, err := m.rawConn(ctx)
	if err != nil {
		return nil, err
	}
	if m.implicitTLS {
		tc := tls.Client(conn, opts.TLSConfig)
		if err := tc.HandshakeContext(ctx); err != nil {
			_ = conn.Close()
			return nil, fmt.Errorf("TLS: %w", err)
		}
		return greeted(imapclient.New(tc, opts))
	}
	if m.tlsMode == tlsStartTLS {
		c, err := imapclient.NewStartTLS(conn, opts)
		if err != nil {
			return nil, fmt.Errorf("STARTTLS: %w", err)
		}
		return c, nil
	}
	c, err := greeted(imapclient.New(conn, opts))
	if err != nil {
		return nil, err
	}
	if m.tlsMode == tlsNone || !c.Caps().Has(imap.CapStartTLS) {
		if !m.loopback {
			_ = c.Close()
			return nil, errNoTLS
		}
		return c, nil // loopback: tests and local development
	}
	// STARTTLS is offered: start over on a connection that upgrades
	// before anything else is said.
	_ = c.Close()
	if conn, err = m.rawConn(ctx); err != nil {
		return nil, err
	}
	c, err = imapclient.NewStartTLS(conn, opts)
	if err != nil {
		return nil, fmt.Errorf("STARTTLS: %w", err)
	}
	return c, nil
}

func (m *Mailbox) rawConn(ctx context.Context) (net.Conn, error) {
	conn, err := (&net.Dialer{}).DialContext(ctx, "tcp", m.addr)
	if err != nil {
		return nil, err
	}
	return conn, nil
}

func greeted(c *imapclient.Client) (*imapclient.Client, error) {
	if err := c.WaitGreeting(); err != nil {
		_ = c.Close()
		return nil, fmt.Errorf("greeting: %w", err)
	}
	return c, nil
}
