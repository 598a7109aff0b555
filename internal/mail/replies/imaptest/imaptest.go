// Package imaptest runs a real IMAP server for tests: Debian's dovecot
// (package dovecot-imapd), unprivileged, on a loopback port, with one
// mailbox "office" (password "secret"). See TEST-SERVERS.md.
//
// Start skips the test when the dovecot binary is missing, unless
// SOUDAN_TEST_REQUIRE_MYSQL or CI is set (CI installs dovecot; there the
// test must run).
package imaptest

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
)

// Server is a running dovecot.
type Server struct {
	// Addr is 127.0.0.1:port.
	Addr string
	// User and Pass log in to the mailbox.
	User, Pass string
	dir        string
}

// URL returns the SOUDAN_IMAP_URL of the server's INBOX (plain IMAP on
// loopback) with extra query parameters, e.g. "processed=Done".
func (s *Server) URL(query string) string {
	u := fmt.Sprintf("imap://%s:%s@%s/INBOX", s.User, s.Pass, s.Addr)
	if query != "" {
		u += "?" + query
	}
	return u
}

const conf = `protocols = imap
listen = 127.0.0.1
base_dir = {{D}}/run
state_dir = {{D}}/state
{{SSL}}
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:~/Maildir
default_internal_user = dovecot
default_internal_group = dovecot
default_login_user = dovenull
first_valid_uid = 1
passdb {
  driver = passwd-file
  args = {{D}}/users
}
userdb {
  driver = passwd-file
  args = {{D}}/users
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = {{PORT}}
  }
  inet_listener imaps {
    port = 0
  }
}
log_path = {{D}}/dovecot.log
`

// Start starts a dovecot without TLS and stops it when the test ends.
func Start(tb testing.TB) *Server {
	tb.Helper()
	return start(tb, false)
}

// StartTLS starts a dovecot that offers STARTTLS with a self-signed
// certificate for 127.0.0.1 (clients need insecure_skip_verify=1).
func StartTLS(tb testing.TB) *Server {
	tb.Helper()
	return start(tb, true)
}

// TLSUsed reports whether a login to the server went over TLS, from its
// log (which dovecot writes a moment later: it waits up to 3 s).
func (s *Server) TLSUsed() bool {
	for range 30 {
		for _, line := range strings.Split(s.log(), "\n") {
			if strings.Contains(line, "imap-login: Info: Login:") && strings.Contains(line, ", TLS,") {
				return true
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	return false
}

func start(tb testing.TB, withTLS bool) *Server {
	bin, err := exec.LookPath("dovecot")
	if err != nil {
		if os.Getenv("SOUDAN_TEST_REQUIRE_MYSQL") == "" && os.Getenv("CI") == "" {
			tb.Skip("dovecot is not installed (apt-get install -y dovecot-imapd)")
		}
		tb.Fatalf("imaptest: dovecot is required here (apt-get install -y dovecot-imapd): %v", err)
	}
	dovecotUser, err := user.Lookup("dovecot")
	if err != nil {
		tb.Fatalf("imaptest: user dovecot: %v", err)
	}
	uid, _ := strconv.Atoi(dovecotUser.Uid)
	gid, _ := strconv.Atoi(dovecotUser.Gid)

	// dovecot's auth process runs as dovecot and must reach the directory.
	dir, err := os.MkdirTemp("", "soudan-dovecot-")
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o755); err != nil {
		tb.Fatal(err)
	}
	mailDir := filepath.Join(dir, "mail")
	if err := os.Mkdir(mailDir, 0o755); err != nil {
		tb.Fatal(err)
	}
	if err := os.Chown(mailDir, uid, gid); err != nil {
		tb.Fatalf("imaptest: chown %s to dovecot: %v", mailDir, err)
	}

	port := freePort(tb)
	s := &Server{Addr: net.JoinHostPort("127.0.0.1", strconv.Itoa(port)), User: "office", Pass: "secret", dir: dir}
	users := fmt.Sprintf("office:{PLAIN}secret:%d:%d::%s\n", uid, gid, filepath.Join(mailDir, "office"))
	if err := os.WriteFile(filepath.Join(dir, "users"), []byte(users), 0o644); err != nil {
		tb.Fatal(err)
	}
	ssl := "ssl = no"
	if withTLS {
		certPath, keyPath := writeCert(tb, dir)
		ssl = fmt.Sprintf("ssl = yes\nssl_cert = <%s\nssl_key = <%s", certPath, keyPath)
	}
	cfg := bytes.ReplaceAll([]byte(conf), []byte("{{SSL}}"), []byte(ssl))
	cfg = bytes.ReplaceAll(cfg, []byte("{{D}}"), []byte(dir))
	cfg = bytes.ReplaceAll(cfg, []byte("{{PORT}}"), []byte(strconv.Itoa(port)))
	cfgPath := filepath.Join(dir, "dovecot.conf")
	if err := os.WriteFile(cfgPath, cfg, 0o644); err != nil {
		tb.Fatal(err)
	}
	// dovecot daemonizes and keeps inherited pipes open: its output must
	// not be captured, or Run would never return.
	if err := exec.Command(bin, "-c", cfgPath).Run(); err != nil {
		tb.Fatalf("imaptest: start dovecot: %v\n%s", err, s.log())
	}
	tb.Cleanup(func() {
		_ = exec.Command("doveadm", "-c", cfgPath, "stop").Run()
	})
	deadline := time.Now().Add(15 * time.Second)
	for {
		conn, err := net.DialTimeout("tcp", s.Addr, time.Second)
		if err == nil {
			_ = conn.Close()
			break
		}
		if time.Now().After(deadline) {
			tb.Fatalf("imaptest: dovecot does not listen on %s: %v\n%s", s.Addr, err, s.log())
		}
		time.Sleep(50 * time.Millisecond)
	}
	return s
}

// Log returns dovecot's log.
func (s *Server) Log() string { return s.log() }

func (s *Server) log() string {
	b, _ := os.ReadFile(filepath.Join(s.dir, "dovecot.log"))
	return string(b)
}

// writeCert writes a self-signed certificate for 127.0.0.1.
func writeCert(tb testing.TB, dir string) (certPath, keyPath string) {
	tb.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		tb.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "127.0.0.1"},
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}, NotBefore: time.Now().Add(-time.Hour),
		NotAfter: time.Now().Add(24 * time.Hour), KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		tb.Fatal(err)
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		tb.Fatal(err)
	}
	certPath, keyPath = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	if err := os.WriteFile(certPath, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644); err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(keyPath, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER}), 0o600); err != nil {
		tb.Fatal(err)
	}
	return certPath, keyPath
}

func freePort(tb testing.TB) int {
	tb.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// Client logs in to the mailbox; it is closed when the test ends.
func (s *Server) Client(tb testing.TB) *imapclient.Client {
	tb.Helper()
	c, err := imapclient.DialInsecure(s.Addr, nil)
	if err != nil {
		tb.Fatalf("imaptest: dial: %v", err)
	}
	tb.Cleanup(func() { _ = c.Close() })
	if err := c.Login(s.User, s.Pass).Wait(); err != nil {
		tb.Fatalf("imaptest: login: %v\n%s", err, s.log())
	}
	return c
}

// Deliver appends a raw message (CRLF line breaks are added) to mailbox as
// received at received (zero: now), as the office's mail server would.
func (s *Server) Deliver(tb testing.TB, mailbox string, raw string, received time.Time) {
	tb.Helper()
	c := s.Client(tb)
	defer c.Logout()
	data := bytes.ReplaceAll([]byte(raw), []byte("\r\n"), []byte("\n"))
	data = bytes.ReplaceAll(data, []byte("\n"), []byte("\r\n"))
	cmd := c.Append(mailbox, int64(len(data)), &imap.AppendOptions{Time: received})
	if _, err := cmd.Write(data); err != nil {
		tb.Fatalf("imaptest: append: %v", err)
	}
	if err := cmd.Close(); err != nil {
		tb.Fatalf("imaptest: append: %v", err)
	}
	if _, err := cmd.Wait(); err != nil {
		tb.Fatalf("imaptest: append: %v", err)
	}
}

// Message is a message in a mailbox: its Message-ID and flags.
type Message struct {
	MessageID string
	Flags     []imap.Flag
}

// Seen reports whether the message has the \Seen flag.
func (m Message) Seen() bool { return m.Has(imap.FlagSeen) }

// Has reports whether the message has flag f.
func (m Message) Has(f imap.Flag) bool {
	for _, g := range m.Flags {
		if g == f {
			return true
		}
	}
	return false
}

// Messages lists the messages of mailbox (none when it does not exist).
func (s *Server) Messages(tb testing.TB, mailbox string) []Message {
	tb.Helper()
	c := s.Client(tb)
	defer c.Logout()
	sel, err := c.Select(mailbox, &imap.SelectOptions{ReadOnly: true}).Wait()
	if err != nil || sel.NumMessages == 0 {
		return nil
	}
	msgs, err := c.Fetch(imap.SeqSet{imap.SeqRange{Start: 1, Stop: 0}}, &imap.FetchOptions{Flags: true, Envelope: true}).Collect()
	if err != nil {
		tb.Fatalf("imaptest: fetch %s: %v", mailbox, err)
	}
	out := make([]Message, 0, len(msgs))
	for _, m := range msgs {
		var id string
		if m.Envelope != nil {
			id = "<" + m.Envelope.MessageID + ">"
		}
		out = append(out, Message{MessageID: id, Flags: m.Flags})
	}
	return out
}
