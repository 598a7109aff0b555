package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"soudan/internal/store"
	"soudan/internal/store/storetest"
)

// serverBin and checkerBin are the binaries built once for the end-to-end
// tests, with buildFlags (-race when the tests run with it).
var (
	serverBin, checkerBin string
	buildFlags            []string
)

// e2eClockStart pins the server's clock (SOUDAN_CLOCK_START) in tests that
// book: Monday 2026-04-27 10:00 in Tokyo, so that the slots they find do
// not depend on the day the tests run. e2eToday is its date.
const (
	e2eClockStart = "2026-04-27T10:00:00+09:00"
	e2eToday      = "2026-04-27"
)

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "soudan-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	serverBin, checkerBin = filepath.Join(dir, "server"), filepath.Join(dir, "checker")
	for bin, pkg := range map[string]string{serverBin: ".", checkerBin: "../checker"} {
		build := exec.Command("go", append(append([]string{"build"}, buildFlags...), "-o", bin, pkg)...)
		build.Stdout, build.Stderr = os.Stderr, os.Stderr
		if err := build.Run(); err != nil {
			fmt.Fprintln(os.Stderr, "building", pkg+":", err)
			os.Exit(1)
		}
	}
	code := m.Run()
	_ = os.RemoveAll(dir)
	os.Exit(code)
}

// testDataKey is SOUDAN_DATA_KEY for the end-to-end tests.
const testDataKey = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="

// testServer is a running server process.
type testServer struct {
	URL  string
	Addr string
	cmd  *exec.Cmd
	logs *lockedBuffer
	done chan error
}

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

var listeningRE = regexp.MustCompile(`"msg":"listening","addr":"([^"]+)"`)

// startServer runs the server binary on a free loopback port with env
// (SOUDAN_* variables) and stops it with SIGTERM when the test ends.
func startServer(t testing.TB, env map[string]string) *testServer {
	t.Helper()
	cmd := exec.Command(serverBin)
	cmd.Dir = t.TempDir()
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + cmd.Dir,
		"SOUDAN_ADDR=127.0.0.1:0", "SOUDAN_DATA_KEY=" + testDataKey, "SOUDAN_PUBLIC_URL=http://soudan.test"}
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	ts := &testServer{cmd: cmd, logs: &lockedBuffer{}, done: make(chan error, 1)}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	addrc := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			line := sc.Text()
			fmt.Fprintln(ts.logs, line)
			if m := listeningRE.FindStringSubmatch(line); m != nil {
				addrc <- m[1]
			}
		}
		ts.done <- cmd.Wait()
	}()
	select {
	case ts.Addr = <-addrc:
	case err := <-ts.done:
		t.Fatalf("server exited before listening (%v):\n%s", err, ts.logs)
	case <-time.After(30 * time.Second):
		_ = cmd.Process.Kill()
		t.Fatalf("server did not start:\n%s", ts.logs)
	}
	ts.URL = "http://" + ts.Addr
	t.Cleanup(func() { ts.stop(t) })
	return ts
}

// stop sends SIGTERM and waits for a clean exit (no-op when stopped).
func (ts *testServer) stop(t testing.TB) {
	t.Helper()
	if ts.cmd.ProcessState != nil {
		return
	}
	_ = ts.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-ts.done:
		ts.done <- err
		if err != nil {
			t.Errorf("server exited with %v:\n%s", err, ts.logs)
		}
	case <-time.After(15 * time.Second):
		_ = ts.cmd.Process.Kill()
		t.Errorf("server did not stop within 15 s of SIGTERM:\n%s", ts.logs)
	}
}

// kill stops the process at once (kill -9).
func (ts *testServer) kill(t testing.TB) {
	t.Helper()
	_ = ts.cmd.Process.Kill()
	<-ts.done
	ts.done <- nil
	ts.checkRaces(t)
}

// checkRaces fails the test when the race detector reported in the server
// process (a race-built server exits with status 66 on SIGTERM, but a
// killed one only ever printed it).
func (ts *testServer) checkRaces(t testing.TB) {
	t.Helper()
	if logs := ts.logs.String(); strings.Contains(logs, "WARNING: DATA RACE") {
		t.Errorf("the race detector reported in the server:\n%s", logs)
	}
}

// gqlError is one error of a GraphQL response.
type gqlError struct {
	Message    string         `json:"message"`
	Path       []any          `json:"path"`
	Extensions map[string]any `json:"extensions"`
}

type gqlResponse struct {
	Status int
	Data   json.RawMessage `json:"data"`
	Errors []gqlError      `json:"errors"`
}

// code returns the first error's extensions.code, or "" without errors.
func (r gqlResponse) code() string {
	if len(r.Errors) == 0 {
		return ""
	}
	c, _ := r.Errors[0].Extensions["code"].(string)
	return c
}

func (r gqlResponse) field() string {
	if len(r.Errors) == 0 {
		return ""
	}
	f, _ := r.Errors[0].Extensions["field"].(string)
	return f
}

// gql posts a GraphQL operation, with a bearer token when token is set.
func (ts *testServer) gql(t testing.TB, token, query string, vars map[string]any) gqlResponse {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequestWithContext(context.Background(), http.MethodPost, ts.URL+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("POST /graphql: %v", err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	out := gqlResponse{Status: resp.StatusCode}
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("response is not JSON (%d): %s", resp.StatusCode, raw)
	}
	return out
}

// mustData decodes the data of a response that must have no errors.
func (r gqlResponse) mustData(t testing.TB, v any) {
	t.Helper()
	if len(r.Errors) > 0 {
		t.Fatalf("unexpected errors: %+v", r.Errors)
	}
	if err := json.Unmarshal(r.Data, v); err != nil {
		t.Fatalf("decode data %s: %v", r.Data, err)
	}
}

// dbEnv returns SOUDAN_DB for a fresh database of that dialect.
func dbEnv(t testing.TB, d store.Dialect) string {
	t.Helper()
	return storetest.NewDSN(t, d)
}

func get(t testing.TB, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, strings.TrimSpace(string(b))
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

func jsonDecode(r io.Reader, v any) error { return json.NewDecoder(r).Decode(v) }
