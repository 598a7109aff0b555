package main

import (
	"strings"
	"testing"
	"time"

	"soudan/internal/store"
)

func configFrom(env map[string]string) (config, error) {
	return loadConfig(func(k string) string { return env[k] })
}

func TestConfigDatabasePool(t *testing.T) {
	c, err := configFrom(nil)
	if err != nil || c.DBMaxConns != store.DefaultMaxConns {
		t.Fatalf("default: DBMaxConns = %d, %v; want %d", c.DBMaxConns, err, store.DefaultMaxConns)
	}
	if c, err := configFrom(map[string]string{"SOUDAN_DB_MAX_CONNS": "40"}); err != nil || c.DBMaxConns != 40 {
		t.Errorf("40: DBMaxConns = %d, %v", c.DBMaxConns, err)
	}
	for _, bad := range []string{"1", "0", "-3", "many", "1001"} {
		if _, err := configFrom(map[string]string{"SOUDAN_DB_MAX_CONNS": bad}); err == nil ||
			!strings.Contains(err.Error(), "SOUDAN_DB_MAX_CONNS") {
			t.Errorf("SOUDAN_DB_MAX_CONNS=%q: err = %v, want a refusal naming it", bad, err)
		}
	}
}

// The profiler is only ever served on a loopback address.
func TestConfigDebugAddrIsLoopbackOnly(t *testing.T) {
	for _, ok := range []string{"127.0.0.1:6060", "[::1]:6060", "127.0.0.1:0"} {
		if c, err := configFrom(map[string]string{"SOUDAN_DEBUG_ADDR": ok}); err != nil || c.DebugAddr != ok {
			t.Errorf("SOUDAN_DEBUG_ADDR=%q: %q, %v", ok, c.DebugAddr, err)
		}
	}
	for _, bad := range []string{":6060", "0.0.0.0:6060", "192.0.2.1:6060", "localhost:6060", "127.0.0.1"} {
		if _, err := configFrom(map[string]string{"SOUDAN_DEBUG_ADDR": bad}); err == nil ||
			!strings.Contains(err.Error(), "SOUDAN_DEBUG_ADDR") {
			t.Errorf("SOUDAN_DEBUG_ADDR=%q: err = %v, want a refusal", bad, err)
		}
	}
}

// Metrics have a listener of their own, never the public port.
func TestConfigMetricsAddr(t *testing.T) {
	for _, ok := range []string{"127.0.0.1:9090", ":9090", "10.0.0.5:9090", "127.0.0.1:0"} {
		if c, err := configFrom(map[string]string{"SOUDAN_METRICS_ADDR": ok}); err != nil || c.MetricsAddr != ok {
			t.Errorf("SOUDAN_METRICS_ADDR=%q: %q, %v", ok, c.MetricsAddr, err)
		}
	}
	for _, bad := range []string{"9090", ":8080", "127.0.0.1:8080"} {
		if _, err := configFrom(map[string]string{"SOUDAN_METRICS_ADDR": bad}); err == nil ||
			!strings.Contains(err.Error(), "SOUDAN_METRICS_ADDR") {
			t.Errorf("SOUDAN_METRICS_ADDR=%q: err = %v, want a refusal", bad, err)
		}
	}
}

// Mail bodies (one-time links included) are logged only in development on a
// loopback listener; the default ":8080" listens on every interface.
func TestConfigMailBodiesLoggedOnLoopbackOnly(t *testing.T) {
	for _, c := range []struct {
		addr, env string
		want      bool
	}{
		{"127.0.0.1:8080", "", true}, {"[::1]:8080", "", true}, {"localhost:8080", "", true}, {"127.0.0.2:0", "", true},
		{"", "", false}, {":8080", "", false}, {"0.0.0.0:8080", "", false}, {"[::]:8080", "", false},
		{"192.0.2.1:8080", "", false}, {"example.jp:8080", "", false},
		{"127.0.0.1:8080", "production", false},
	} {
		env := map[string]string{"SOUDAN_ENV": c.env, "SOUDAN_DATA_KEY": "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="}
		if c.addr != "" {
			env["SOUDAN_ADDR"] = c.addr
		}
		cfg, err := configFrom(env)
		if err != nil {
			t.Fatalf("%+v: %v", c, err)
		}
		if got := cfg.logMailBodies(); got != c.want {
			t.Errorf("SOUDAN_ADDR=%q SOUDAN_ENV=%q: logMailBodies = %v, want %v", c.addr, c.env, got, c.want)
		}
	}
}

// Replies are read only from a mailbox that replies reach, and credentials
// go in clear text only to a loopback host.
func TestConfigReplyMailbox(t *testing.T) {
	c, err := configFrom(nil)
	if err != nil || c.IMAPURL != "" || c.MailReplyTo != "" || c.IMAPPoll != time.Minute {
		t.Fatalf("default: %q, %q, %v, %v; want no mailbox, a poll of 1m", c.IMAPURL, c.MailReplyTo, c.IMAPPoll, err)
	}
	good := map[string]string{"SOUDAN_MAIL_REPLY_TO": "soudan@example.go.jp",
		"SOUDAN_IMAP_URL": "imaps://soudan:secret@mail.example.go.jp/INBOX", "SOUDAN_IMAP_POLL": "30s"}
	if c, err := configFrom(good); err != nil || c.IMAPPoll != 30*time.Second || c.MailReplyTo != "soudan@example.go.jp" {
		t.Errorf("good settings: %+v, %v", c, err)
	}
	for _, tt := range []struct {
		env  map[string]string
		name string
	}{
		{map[string]string{"SOUDAN_MAIL_REPLY_TO": "not an address"}, "SOUDAN_MAIL_REPLY_TO"},
		{map[string]string{"SOUDAN_IMAP_URL": "imaps://soudan:secret@mail.example.go.jp/INBOX"}, "SOUDAN_MAIL_REPLY_TO"},
		{map[string]string{"SOUDAN_MAIL_REPLY_TO": "a@b.jp", "SOUDAN_IMAP_URL": "imap://soudan:secret@mail.example.go.jp/INBOX?tls=none"}, "SOUDAN_IMAP_URL"},
		{map[string]string{"SOUDAN_MAIL_REPLY_TO": "a@b.jp", "SOUDAN_IMAP_URL": "pop3://soudan:secret@mail.example.go.jp/"}, "SOUDAN_IMAP_URL"},
		{map[string]string{"SOUDAN_IMAP_POLL": "5ms"}, "SOUDAN_IMAP_POLL"},
	} {
		_, err := configFrom(tt.env)
		if err == nil || !strings.Contains(err.Error(), tt.name) {
			t.Errorf("%v: err = %v, want a refusal naming %s", tt.env, err, tt.name)
		} else if strings.Contains(err.Error(), "secret") {
			t.Errorf("%v: the error shows the password: %v", tt.env, err)
		}
	}
}
