package main

import (
	"fmt"
	"log/slog"
	"net"
	netmail "net/mail"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"soudan/internal/mail/replies"
	"soudan/internal/store"
)

// config is the server's configuration, read from SOUDAN_* environment
// variables (README.md has the table).
type config struct {
	Addr           string        // SOUDAN_ADDR
	DB             string        // SOUDAN_DB
	Env            string        // SOUDAN_ENV: development or production
	OfficeCode     string        // SOUDAN_OFFICE
	PublicURL      string        // SOUDAN_PUBLIC_URL
	DataKey        string        // SOUDAN_DATA_KEY
	SMTPURL        string        // SOUDAN_SMTP_URL
	MailFrom       string        // SOUDAN_MAIL_FROM
	MailReplyTo    string        // SOUDAN_MAIL_REPLY_TO
	AdminEmail     string        // SOUDAN_ADMIN_EMAIL
	AdminPassword  string        // SOUDAN_ADMIN_PASSWORD
	AllowedOrigins []string      // SOUDAN_ALLOWED_ORIGINS
	LogLevel       slog.Level    // SOUDAN_LOG_LEVEL
	OpTimeout      time.Duration // SOUDAN_OPERATION_TIMEOUT
	MailLease      time.Duration // SOUDAN_MAIL_LEASE
	RulesFile      string        // SOUDAN_RULES_FILE
	CheckerDir     string        // SOUDAN_CHECKER_DIR
	WSRecheck      time.Duration // SOUDAN_WS_RECHECK
	Retention      time.Duration // SOUDAN_RETENTION
	// Mutations per minute: per job-seeker account, per staff account, per
	// IP for anonymous callers, and requestReservation per account.
	RateJobSeeker, RateStaff, RateAnonymous, RateBooking int // SOUDAN_RATE_*
	// ClockStart, in development only, makes the server's clock start at
	// that instant and run on from there (demos, training, tests of the
	// session day).
	ClockStart time.Time // SOUDAN_CLOCK_START
	// Zoom API (Server-to-Server OAuth); unset: the booths' fixed rooms.
	ZoomAccountID    string // SOUDAN_ZOOM_ACCOUNT_ID
	ZoomClientID     string // SOUDAN_ZOOM_CLIENT_ID
	ZoomClientSecret string // SOUDAN_ZOOM_CLIENT_SECRET
	ZoomUserID       string // SOUDAN_ZOOM_USER_ID
	ZoomAPIBase      string // SOUDAN_ZOOM_API_BASE
	ZoomOAuthURL     string // SOUDAN_ZOOM_OAUTH_URL
	// DBMaxConns bounds the MySQL connections of one instance.
	DBMaxConns int // SOUDAN_DB_MAX_CONNS
	// DebugAddr, when set, serves Go's profiler (net/http/pprof) on a
	// loopback address of its own, for measuring under load.
	DebugAddr string // SOUDAN_DEBUG_ADDR
	// MetricsAddr, when set, serves Prometheus metrics on /metrics on a
	// listener of its own, apart from the public port.
	MetricsAddr string // SOUDAN_METRICS_ADDR
	// IMAPURL, when set, is the office's mailbox (the one MailReplyTo
	// reaches), read for replies to application mails (Art 6(3)).
	IMAPURL  string        // SOUDAN_IMAP_URL
	IMAPPoll time.Duration // SOUDAN_IMAP_POLL
}

func (c config) production() bool { return c.Env == "production" }

// loopbackOnly reports whether the server listens on the loopback interface
// only (SOUDAN_ADDR host 127.0.0.1, ::1 or localhost). The default ":8080"
// listens on every interface.
func (c config) loopbackOnly() bool {
	host, _, err := net.SplitHostPort(c.Addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// logMailBodies reports whether mails kept in the outbox (no SMTP server)
// are logged with their bodies, one-time links included: only in
// development on a server nobody else can reach.
func (c config) logMailBodies() bool { return !c.production() && c.loopbackOnly() }

func loadConfig(getenv func(string) string) (config, error) {
	env := settings{getenv}
	c := config{
		Addr:          env.get("SOUDAN_ADDR", ":8080"),
		DB:            env.get("SOUDAN_DB", "soudan.db"),
		Env:           env.get("SOUDAN_ENV", "development"),
		OfficeCode:    env.get("SOUDAN_OFFICE", "45040"),
		PublicURL:     strings.TrimRight(env.get("SOUDAN_PUBLIC_URL", "http://localhost:8080"), "/"),
		DataKey:       getenv("SOUDAN_DATA_KEY"),
		SMTPURL:       env.get("SOUDAN_SMTP_URL", ""),
		MailFrom:      env.get("SOUDAN_MAIL_FROM", "no-reply@soudan.localhost"),
		MailReplyTo:   env.get("SOUDAN_MAIL_REPLY_TO", ""),
		IMAPURL:       env.get("SOUDAN_IMAP_URL", ""),
		AdminEmail:    env.get("SOUDAN_ADMIN_EMAIL", ""),
		AdminPassword: getenv("SOUDAN_ADMIN_PASSWORD"),
		RulesFile:     env.get("SOUDAN_RULES_FILE", ""),
		CheckerDir:    env.get("SOUDAN_CHECKER_DIR", ""),
	}
	for _, read := range []func(*config, settings) error{
		readBasics, readDurations, readMailbox, readZoom, readRates, readListeners, readClock,
	} {
		if err := read(&c, env); err != nil {
			return c, err
		}
	}
	if c.production() && c.DataKey == "" {
		return c, fmt.Errorf("SOUDAN_DATA_KEY is required in production (32 random bytes, base64)")
	}
	return c, nil
}

// settings reads the environment.
type settings struct{ getenv func(string) string }

// get is the trimmed value of key, or def when it is unset or blank.
func (s settings) get(key, def string) string {
	if v := strings.TrimSpace(s.getenv(key)); v != "" {
		return v
	}
	return def
}

// duration is key as a duration of at least least, or def when unset.
func (s settings) duration(key, def string, least time.Duration) (time.Duration, bool) {
	d, err := time.ParseDuration(s.get(key, def))
	return d, err == nil && d >= least
}

func readBasics(c *config, env settings) error {
	if c.Env != "development" && c.Env != "production" {
		return fmt.Errorf("SOUDAN_ENV must be development or production, not %q", c.Env)
	}
	if u, err := url.Parse(c.PublicURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("SOUDAN_PUBLIC_URL must be an http(s) URL")
	}
	for _, o := range strings.Split(env.get("SOUDAN_ALLOWED_ORIGINS", ""), ",") {
		if o = strings.TrimSpace(o); o != "" {
			c.AllowedOrigins = append(c.AllowedOrigins, o)
		}
	}
	if err := c.LogLevel.UnmarshalText([]byte(env.get("SOUDAN_LOG_LEVEL", "info"))); err != nil {
		return fmt.Errorf("SOUDAN_LOG_LEVEL: %w", err)
	}
	return nil
}

func readDurations(c *config, env settings) error {
	var ok bool
	if c.OpTimeout, ok = env.duration("SOUDAN_OPERATION_TIMEOUT", "5s", time.Nanosecond); !ok {
		return fmt.Errorf("SOUDAN_OPERATION_TIMEOUT must be a positive duration such as 5s")
	}
	if c.Retention, ok = env.duration("SOUDAN_RETENTION", "8760h", 24*time.Hour); !ok {
		return fmt.Errorf("SOUDAN_RETENTION must be a duration of at least 24h, such as 8760h (365 days)")
	}
	if c.WSRecheck, ok = env.duration("SOUDAN_WS_RECHECK", "30s", 100*time.Millisecond); !ok {
		return fmt.Errorf("SOUDAN_WS_RECHECK must be a duration of at least 100ms, such as 30s")
	}
	if c.MailLease, ok = env.duration("SOUDAN_MAIL_LEASE", "2m", time.Second); !ok {
		return fmt.Errorf("SOUDAN_MAIL_LEASE must be a duration of at least 1s, such as 2m")
	}
	if c.IMAPPoll, ok = env.duration("SOUDAN_IMAP_POLL", "1m", 100*time.Millisecond); !ok {
		return fmt.Errorf("SOUDAN_IMAP_POLL must be a duration of at least 100ms, such as 1m")
	}
	return nil
}

func readMailbox(c *config, _ settings) error {
	if c.MailReplyTo != "" {
		if _, err := netmail.ParseAddress(c.MailReplyTo); err != nil {
			return fmt.Errorf("SOUDAN_MAIL_REPLY_TO must be an e-mail address, such as soudan@example.go.jp")
		}
	}
	if c.IMAPURL == "" {
		return nil
	}
	if _, err := replies.ParseURL(c.IMAPURL); err != nil {
		return fmt.Errorf("SOUDAN_IMAP_URL: %w", err)
	}
	if c.MailReplyTo == "" {
		return fmt.Errorf("SOUDAN_IMAP_URL needs SOUDAN_MAIL_REPLY_TO: the address of that mailbox, so that replies reach it")
	}
	return nil
}

func readZoom(c *config, env settings) error {
	c.ZoomAccountID, c.ZoomClientID = env.get("SOUDAN_ZOOM_ACCOUNT_ID", ""), env.get("SOUDAN_ZOOM_CLIENT_ID", "")
	c.ZoomClientSecret, c.ZoomUserID = env.getenv("SOUDAN_ZOOM_CLIENT_SECRET"), env.get("SOUDAN_ZOOM_USER_ID", "")
	c.ZoomAPIBase, c.ZoomOAuthURL = env.get("SOUDAN_ZOOM_API_BASE", ""), env.get("SOUDAN_ZOOM_OAUTH_URL", "")
	if set := c.ZoomAccountID != "" || c.ZoomClientID != "" || c.ZoomClientSecret != ""; set &&
		(c.ZoomAccountID == "" || c.ZoomClientID == "" || c.ZoomClientSecret == "") {
		return fmt.Errorf("the Zoom API needs SOUDAN_ZOOM_ACCOUNT_ID, SOUDAN_ZOOM_CLIENT_ID and SOUDAN_ZOOM_CLIENT_SECRET together")
	}
	return nil
}

func readRates(c *config, env settings) error {
	for _, r := range []struct {
		key string
		dst *int
		def int
	}{
		{"SOUDAN_RATE_JOBSEEKER", &c.RateJobSeeker, 30}, {"SOUDAN_RATE_STAFF", &c.RateStaff, 300},
		{"SOUDAN_RATE_ANONYMOUS", &c.RateAnonymous, 60}, {"SOUDAN_RATE_BOOKING", &c.RateBooking, 5},
	} {
		n, err := strconv.Atoi(env.get(r.key, strconv.Itoa(r.def)))
		if err != nil || n < 1 {
			return fmt.Errorf("%s must be a positive number of requests per minute", r.key)
		}
		*r.dst = n
	}
	var err error
	if c.DBMaxConns, err = strconv.Atoi(env.get("SOUDAN_DB_MAX_CONNS", strconv.Itoa(store.DefaultMaxConns))); err != nil ||
		c.DBMaxConns < 2 || c.DBMaxConns > 1000 {
		return fmt.Errorf("SOUDAN_DB_MAX_CONNS must be a number of connections between 2 and 1000")
	}
	return nil
}

// readListeners reads the profiler's address (loopback only) and the
// metrics' (never the public port).
func readListeners(c *config, env settings) error {
	if c.DebugAddr = env.get("SOUDAN_DEBUG_ADDR", ""); c.DebugAddr != "" {
		host, _, err := net.SplitHostPort(c.DebugAddr)
		if ip := net.ParseIP(host); err != nil || ip == nil || !ip.IsLoopback() {
			return fmt.Errorf("SOUDAN_DEBUG_ADDR must be a loopback address such as 127.0.0.1:6060")
		}
	}
	if c.MetricsAddr = env.get("SOUDAN_METRICS_ADDR", ""); c.MetricsAddr != "" {
		_, port, err := net.SplitHostPort(c.MetricsAddr)
		_, publicPort, _ := net.SplitHostPort(c.Addr)
		if err != nil {
			return fmt.Errorf("SOUDAN_METRICS_ADDR must be host:port, such as 10.0.0.5:9090 or 127.0.0.1:9090")
		}
		if port == publicPort && port != "0" {
			return fmt.Errorf("SOUDAN_METRICS_ADDR must not use the public port of SOUDAN_ADDR")
		}
	}
	return nil
}

func readClock(c *config, env settings) error {
	v := env.get("SOUDAN_CLOCK_START", "")
	if v == "" {
		return nil
	}
	if c.production() {
		return fmt.Errorf("SOUDAN_CLOCK_START is for development only")
	}
	var err error
	if c.ClockStart, err = time.Parse(time.RFC3339, v); err != nil {
		return fmt.Errorf("SOUDAN_CLOCK_START must be RFC 3339, such as 2026-05-07T09:50:00+09:00")
	}
	return nil
}

// devKeyFile is where the development data key lives: beside the SQLite
// database, or in the working directory for MySQL.
func (c config) devKeyFile() string {
	if strings.HasPrefix(c.DB, "mysql://") {
		return "soudan.key"
	}
	path := strings.TrimPrefix(strings.TrimPrefix(c.DB, "sqlite://"), "file:")
	path, _, _ = strings.Cut(path, "?")
	return filepath.Join(filepath.Dir(path), "soudan.key")
}
