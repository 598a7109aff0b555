package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log"
	"mime/quotedprintable"
	"net"
	"net/http"
	netmail "net/mail"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/emersion/go-smtp"
	mysqldriver "github.com/go-sql-driver/mysql"
)

// dataKey is SOUDAN_DATA_KEY for the servers the tool starts (fixed, test only).
const dataKey = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="

// isLoopbackHost reports whether host (no port) is a loopback name or address.
func isLoopbackHost(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// checkLoopbackURL refuses any target that is not on this machine.
func checkLoopbackURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, err
	}
	if u.Scheme != "http" {
		return nil, fmt.Errorf("%s: only http:// targets are supported", raw)
	}
	if !isLoopbackHost(u.Hostname()) {
		return nil, fmt.Errorf("%s: only 127.0.0.1 / localhost targets are allowed", raw)
	}
	return u, nil
}

// parseMySQL parses "mysql://user:pass@tcp(127.0.0.1:3306)/[db]" and refuses
// non-loopback servers.
func parseMySQL(raw string) (*mysqldriver.Config, error) {
	cfg, err := mysqldriver.ParseDSN(strings.TrimPrefix(raw, "mysql://"))
	if err != nil {
		return nil, fmt.Errorf("-mysql: %w", err)
	}
	host, _, err := net.SplitHostPort(cfg.Addr)
	if err != nil {
		host = cfg.Addr
	}
	if cfg.Net != "unix" && !isLoopbackHost(host) {
		return nil, fmt.Errorf("-mysql: only a loopback MySQL/MariaDB is allowed, got %s", cfg.Addr)
	}
	return cfg, nil
}

// ownDSN is the load tool's own connection to the servers' database. Its
// arguments are interpolated on the client, so that a statement is one
// round trip, as the baselines say: without it, the driver prepares,
// executes and closes a statement for every call with arguments.
func ownDSN(cfg *mysqldriver.Config) string {
	own := cfg.Clone()
	own.InterpolateParams = true
	return own.FormatDSN()
}

func randHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// testDB is a fresh database created on the server and dropped at the end.
type testDB struct {
	Name  string
	DSN   string // for the server: mysql://...
	admin *sql.DB
	DB    *sql.DB
}

func createTestDB(ctx context.Context, server string) (*testDB, error) {
	cfg, err := parseMySQL(server)
	if err != nil {
		return nil, err
	}
	admin := cfg.Clone()
	admin.DBName = ""
	adb, err := sql.Open("mysql", admin.FormatDSN())
	if err != nil {
		return nil, err
	}
	name := "soudan_loadtest_" + randHex(4)
	cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if _, err := adb.ExecContext(cctx, "CREATE DATABASE "+name+" CHARACTER SET utf8mb4 COLLATE utf8mb4_bin"); err != nil {
		_ = adb.Close()
		return nil, fmt.Errorf("create database: %w", err)
	}
	cfg.DBName = name
	db, err := sql.Open("mysql", ownDSN(cfg))
	if err != nil {
		_, _ = adb.Exec("DROP DATABASE IF EXISTS " + name)
		_ = adb.Close()
		return nil, err
	}
	db.SetMaxOpenConns(8)
	return &testDB{Name: name, DSN: "mysql://" + cfg.FormatDSN(), admin: adb, DB: db}, nil
}

func (t *testDB) drop() error {
	_ = t.DB.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	_, err := t.admin.ExecContext(ctx, "DROP DATABASE IF EXISTS "+t.Name)
	_ = t.admin.Close()
	return err
}

// openDB opens an existing database (targets mode).
func openDB(dsn string) (*sql.DB, error) {
	cfg, err := parseMySQL(dsn)
	if err != nil {
		return nil, err
	}
	if cfg.DBName == "" {
		return nil, errors.New("-db: the DSN must name the database the servers use")
	}
	db, err := sql.Open("mysql", ownDSN(cfg))
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(8)
	return db, nil
}

// ---- SMTP sink: receives the servers' mails, keeps verification tokens ----

var tokenRE = regexp.MustCompile(`/verify-email\?token=([A-Za-z0-9_-]+)`)

type mailSink struct {
	Addr    string
	srv     *smtp.Server
	done    chan struct{}
	mu      sync.Mutex
	tokens  map[string]string // lower-case recipient -> verification token
	waiters map[string][]chan string
	count   int
}

func startMailSink(listen string) (*mailSink, error) {
	l, err := net.Listen("tcp", listen)
	if err != nil {
		return nil, fmt.Errorf("smtp sink: %w", err)
	}
	s := &mailSink{Addr: l.Addr().String(), done: make(chan struct{}), tokens: map[string]string{}, waiters: map[string][]chan string{}}
	s.srv = smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &sinkSession{s: s}, nil }))
	s.srv.Domain = "localhost"
	s.srv.ReadTimeout = 30 * time.Second
	s.srv.WriteTimeout = 30 * time.Second
	s.srv.ErrorLog = log.New(io.Discard, "", 0)
	go func() { defer close(s.done); _ = s.srv.Serve(l) }()
	return s, nil
}

func (s *mailSink) URL() string { return "smtp://" + s.Addr + "?tls=none" }

func (s *mailSink) close() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := s.srv.Shutdown(ctx); err != nil {
		_ = s.srv.Close()
	}
	<-s.done
}

func (s *mailSink) deliver(to []string, body string) {
	m := tokenRE.FindStringSubmatch(body)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.count++
	if m == nil {
		return
	}
	for _, rcpt := range to {
		k := strings.ToLower(rcpt)
		s.tokens[k] = m[1]
		for _, w := range s.waiters[k] {
			w <- m[1]
		}
		delete(s.waiters, k)
	}
}

// token waits for the verification token mailed to addr.
func (s *mailSink) token(ctx context.Context, addr string, timeout time.Duration) (string, error) {
	k := strings.ToLower(addr)
	s.mu.Lock()
	if t, ok := s.tokens[k]; ok {
		s.mu.Unlock()
		return t, nil
	}
	ch := make(chan string, 1)
	s.waiters[k] = append(s.waiters[k], ch)
	s.mu.Unlock()
	select {
	case t := <-ch:
		return t, nil
	case <-ctx.Done():
		return "", ctx.Err()
	case <-time.After(timeout):
		return "", fmt.Errorf("no verification mail for %s within %v", addr, timeout)
	}
}

func (s *mailSink) received() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.count
}

type sinkSession struct {
	s  *mailSink
	to []string
}

func (ss *sinkSession) Mail(string, *smtp.MailOptions) error { return nil }
func (ss *sinkSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	ss.to = append(ss.to, to)
	return nil
}
func (ss *sinkSession) Reset()        { ss.to = nil }
func (ss *sinkSession) Logout() error { return nil }
func (ss *sinkSession) Data(r io.Reader) error {
	raw, err := io.ReadAll(io.LimitReader(r, 1<<20))
	if err != nil {
		return err
	}
	ss.s.deliver(ss.to, decodeBody(raw))
	return nil
}

// decodeBody returns the decoded text of a single-part message (or the raw
// text when it cannot be parsed).
func decodeBody(raw []byte) string {
	msg, err := netmail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return string(raw)
	}
	var body io.Reader = msg.Body
	switch strings.ToLower(msg.Header.Get("Content-Transfer-Encoding")) {
	case "quoted-printable":
		body = quotedprintable.NewReader(body)
	case "base64":
		body = base64.NewDecoder(base64.StdEncoding, body)
	}
	text, err := io.ReadAll(body)
	if err != nil {
		return string(raw)
	}
	return string(text)
}

// ---- server processes ----

var listeningRE = regexp.MustCompile(`"msg":"listening","addr":"([^"]+)"`)

type serverProc struct {
	Name    string
	Addr    string
	URL     string
	LogPath string
	cmd     *exec.Cmd
	done    chan error
	logf    *os.File
}

func moduleRoot() (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %w", err)
	}
	gomod := strings.TrimSpace(string(out))
	if gomod == "" || gomod == os.DevNull {
		return "", errors.New("run the tool inside the soudan module (go run ./cmd/loadtest)")
	}
	return filepath.Dir(gomod), nil
}

func buildServer(ctx context.Context, dir string) (string, error) {
	root, err := moduleRoot()
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "server")
	cctx, cancel := context.WithTimeout(ctx, 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(cctx, "go", "build", "-o", bin, "./server")
	cmd.Dir = root
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("go build ./server: %w", err)
	}
	return bin, nil
}

func startServerProc(ctx context.Context, bin, dir, name string, env map[string]string) (*serverProc, error) {
	wd := filepath.Join(dir, name)
	if err := os.MkdirAll(wd, 0o700); err != nil {
		return nil, err
	}
	logf, err := os.Create(filepath.Join(dir, name+".log"))
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin)
	cmd.Dir = wd
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + wd}
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	// The server dies with the tool even if the tool is killed.
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		_ = logf.Close()
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		_ = logf.Close()
		return nil, err
	}
	p := &serverProc{Name: name, LogPath: logf.Name(), cmd: cmd, done: make(chan error, 1), logf: logf}
	addrc := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		w := bufio.NewWriter(logf)
		for sc.Scan() {
			line := sc.Text()
			_, _ = w.WriteString(line + "\n")
			if m := listeningRE.FindStringSubmatch(line); m != nil {
				select {
				case addrc <- m[1]:
				default:
				}
				_ = w.Flush()
			}
		}
		_ = w.Flush()
		p.done <- cmd.Wait()
	}()
	select {
	case p.Addr = <-addrc:
	case err := <-p.done:
		p.done <- err
		return nil, fmt.Errorf("%s exited before listening (%v); log: %s", name, err, p.LogPath)
	case <-time.After(60 * time.Second):
		p.kill()
		return nil, fmt.Errorf("%s did not start within 60 s; log: %s", name, p.LogPath)
	case <-ctx.Done():
		p.kill()
		return nil, ctx.Err()
	}
	p.URL = "http://" + p.Addr
	return p, nil
}

func (p *serverProc) Pid() int { return p.cmd.Process.Pid }

// stop sends SIGTERM, then SIGKILL after 15 s.
func (p *serverProc) stop() error {
	if p == nil {
		return nil
	}
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	var err error
	select {
	case err = <-p.done:
	case <-time.After(15 * time.Second):
		_ = p.cmd.Process.Kill()
		err = <-p.done
		err = fmt.Errorf("%s did not stop within 15 s of SIGTERM (killed): %v", p.Name, err)
	}
	p.done <- err
	_ = p.logf.Close()
	return err
}

func (p *serverProc) kill() {
	_ = p.cmd.Process.Kill()
	select {
	case err := <-p.done:
		p.done <- err
	case <-time.After(5 * time.Second):
	}
	_ = p.logf.Close()
}

// rssKB reads VmRSS of a process from /proc.
func rssKB(pid int) (int64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			f := strings.Fields(rest)
			if len(f) > 0 {
				return strconv.ParseInt(f[0], 10, 64)
			}
		}
	}
	return 0, errors.New("no VmRSS in /proc status")
}

// sqlHandle is the database the checks read.
type sqlHandle struct{ DB *sql.DB }

// freeLoopbackAddr returns a loopback address with a port free right now.
func freeLoopbackAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// startCPUProfile fetches a CPU profile of d from a server's profiler
// (SOUDAN_DEBUG_ADDR) into dir/name.pprof in the background; the returned
// function waits for it. Without an address or dir it does nothing.
func startCPUProfile(ctx context.Context, addr, dir, name string, d time.Duration) (wait func() error) {
	if addr == "" || dir == "" {
		return func() error { return nil }
	}
	done := make(chan error, 1)
	go func() {
		done <- func() error {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return err
			}
			u := fmt.Sprintf("http://%s/debug/pprof/profile?seconds=%d", addr, max(1, int(d.Seconds())))
			req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
			if err != nil {
				return err
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				return err
			}
			defer resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				return fmt.Errorf("profile %s: HTTP %d", name, resp.StatusCode)
			}
			f, err := os.Create(filepath.Join(dir, name+".pprof"))
			if err != nil {
				return err
			}
			if _, err := io.Copy(f, resp.Body); err != nil {
				_ = f.Close()
				return err
			}
			logf("wrote %s", f.Name())
			return f.Close()
		}()
	}()
	return func() error { return <-done }
}

// quiet waits until the servers have sent the mail they queued (the sink
// has received nothing new for a second; at most a minute), so that one
// scenario's mail is not delivered during the next one.
func (s *mailSink) quiet(ctx context.Context) {
	last, since := s.received(), time.Now()
	for start := time.Now(); time.Since(since) < time.Second && time.Since(start) < time.Minute && ctx.Err() == nil; {
		time.Sleep(100 * time.Millisecond)
		if n := s.received(); n != last {
			last, since = n, time.Now()
		}
	}
}
