package main

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/coder/websocket/wsjson"

	"soudan/internal/mailer/smtptest"
	"soudan/internal/store"
)

// TestBadRequestsAreRefusedQuickly sends the bad requests of SECURITY.md;
// each gets its clear error quickly, and the server still answers a normal
// query afterwards.
func TestBadRequestsAreRefusedQuickly(t *testing.T) {
	ts := startServer(t, map[string]string{"SOUDAN_DB": dbEnv(t, store.SQLite)})
	post := func(contentType, body string) (int, map[string]any) {
		t.Helper()
		resp, err := http.Post(ts.URL+"/graphql", contentType, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		raw, _ := io.ReadAll(resp.Body)
		var out map[string]any
		_ = json.Unmarshal(raw, &out)
		return resp.StatusCode, out
	}
	codeOf := func(out map[string]any) string {
		errs, _ := out["errors"].([]any)
		if len(errs) == 0 {
			return ""
		}
		ext, _ := errs[0].(map[string]any)["extensions"].(map[string]any)
		c, _ := ext["code"].(string)
		return c
	}
	query := func(q string) string { b, _ := json.Marshal(map[string]any{"query": q}); return string(b) }

	deep := "{ me { jobSeeker { reservations { edges { node { jobSeeker { reservations { edges { node { jobSeeker { reservations { edges { node { id } } } } } } } } } } } } } }"
	var aliases strings.Builder
	aliases.WriteString("{ ")
	for i := range 16 {
		aliases.WriteString("o" + string(rune('a'+i)) + ": office { code } ")
	}
	aliases.WriteString("}")
	repeated := "{ office { " + strings.Repeat("code ", 5000) + "} }"
	costly := `{ jobSeekers(first: 100) { edges { node { reservations(first: 100) { edges { node { id } } } } } } }`

	tests := []struct {
		name        string
		contentType string
		body        string
		wantStatus  int
		wantCode    string
	}{
		{"DeepQuery", "application/json", query(deep), http.StatusOK, "QUERY_TOO_COMPLEX"},
		{"AliasBomb", "application/json", query(aliases.String()), http.StatusOK, "QUERY_TOO_COMPLEX"},
		{"RepeatedFields", "application/json", query(repeated), 0, "QUERY_TOO_COMPLEX"},
		{"Complexity", "application/json", query(costly), http.StatusOK, "QUERY_TOO_COMPLEX"},
		{"FirstOver100", "application/json", query(`{ jobSeekers(first: 1000) { edges { cursor } } }`), http.StatusOK, "VALIDATION"},
		{"HugeBody", "application/json", query("{ office { code } }" + strings.Repeat(" ", 70<<10)), http.StatusRequestEntityTooLarge, "VALIDATION"},
		{"Batched", "application/json", "[" + query("{ office { code } }") + "," + query("{ office { name } }") + "]", http.StatusBadRequest, "VALIDATION"},
		{"FormEncodedMutation", "application/x-www-form-urlencoded", "query=" + url.QueryEscape(`mutation { signOut }`), http.StatusUnsupportedMediaType, "VALIDATION"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			status, out := post(tt.contentType, tt.body)
			if tt.wantStatus != 0 && status != tt.wantStatus || codeOf(out) != tt.wantCode {
				t.Errorf("status %d code %q, want %d %q (%v)", status, codeOf(out), tt.wantStatus, tt.wantCode, out)
			}
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("took %v", d)
			}
		})
	}
	t.Run("MutationOverGET", func(t *testing.T) {
		resp, err := http.Get(ts.URL + "/graphql?query=" + url.QueryEscape(`mutation { signOut }`))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusMethodNotAllowed {
			t.Errorf("mutation over GET: %d, want 405", resp.StatusCode)
		}
	})
	t.Run("QueryOverGET", func(t *testing.T) {
		code, body := get(t, ts.URL+"/graphql?query="+url.QueryEscape(`{ office { code } }`))
		if code != http.StatusOK || !strings.Contains(body, "45040") {
			t.Errorf("query over GET: %d %s", code, body)
		}
	})
	t.Run("StillServing", func(t *testing.T) {
		status, out := post("application/json", query("{ office { code } }"))
		if status != http.StatusOK || codeOf(out) != "" {
			t.Errorf("a normal query after the bad ones: %d %v", status, out)
		}
	})
}

// TestMutationRateLimits: mutations take tokens per account (or per IP
// when anonymous); an empty bucket answers RATE_LIMITED with retryAfter and
// does nothing; queries are not limited.
func TestMutationRateLimits(t *testing.T) {
	smtpd := smtptest.Start(t)
	ts := startServer(t, map[string]string{"SOUDAN_DB": dbEnv(t, store.SQLite), "SOUDAN_SMTP_URL": smtpd.URL(),
		"SOUDAN_ADMIN_EMAIL": adminEmail, "SOUDAN_ADMIN_PASSWORD": adminPassword,
		"SOUDAN_RATE_JOBSEEKER": "6", "SOUDAN_RATE_ANONYMOUS": "60"})
	admin := signIn(t, ts, adminEmail, adminPassword)
	_, seeker := eligibleJobSeeker(t, ts, smtpd, admin, "busy@example.jp", "45040-404")

	var codes []string
	var retry any
	for range 5 {
		r := ts.gql(t, seeker, `mutation { markNotificationRead(id: "999999") { id } }`, nil)
		codes = append(codes, r.code())
		if r.code() == "RATE_LIMITED" {
			retry = r.Errors[0].Extensions["retryAfter"]
		}
	}
	// A burst of 3 (a third of the per-minute rate), then refusals.
	if strings.Join(codes, ",") != "NOT_FOUND,NOT_FOUND,NOT_FOUND,RATE_LIMITED,RATE_LIMITED" {
		t.Errorf("codes = %v, want three answered then RATE_LIMITED", codes)
	}
	if n, ok := retry.(float64); !ok || n < 1 || n > 10 {
		t.Errorf("retryAfter = %v, want a few seconds", retry)
	}
	// Queries go on; so do other accounts' mutations.
	if r := ts.gql(t, seeker, `{ me { id } }`, nil); r.code() != "" {
		t.Errorf("a query while limited: %q", r.code())
	}
	if r := ts.gql(t, admin, `mutation { markNotificationRead(id: "999999") { id } }`, nil); r.code() != "NOT_FOUND" {
		t.Errorf("another account's mutation: %q, want NOT_FOUND", r.code())
	}
}

// TestCrossOriginAndExpiredTokens: a websocket from another origin is
// refused at the handshake; an expired session gets 401 over HTTP and 4403
// on the websocket.
func TestCrossOriginAndExpiredTokens(t *testing.T) {
	db := dbEnv(t, store.SQLite)
	env := func(clock string) map[string]string {
		return map[string]string{"SOUDAN_DB": db, "SOUDAN_CLOCK_START": clock,
			"SOUDAN_ADMIN_EMAIL": adminEmail, "SOUDAN_ADMIN_PASSWORD": adminPassword,
			"SOUDAN_ALLOWED_ORIGINS": "https://soudan.example.jp"}
	}
	ts := startServer(t, env("2026-05-07T09:00:00+09:00"))
	token := signIn(t, ts, adminEmail, adminPassword)

	dial := func(origin string) (*http.Response, error) {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		h := http.Header{}
		h.Set("Origin", origin)
		c, resp, err := websocket.Dial(ctx, "ws://"+ts.Addr+"/graphql", &websocket.DialOptions{HTTPHeader: h, Subprotocols: []string{"graphql-transport-ws"}})
		if c != nil {
			_ = c.CloseNow()
		}
		return resp, err
	}
	if resp, err := dial("https://evil.example"); err == nil || resp == nil || resp.StatusCode != http.StatusForbidden {
		t.Errorf("cross-origin websocket: %v, %v; want refused with 403", resp, err)
	}
	if _, err := dial("https://soudan.example.jp"); err != nil {
		t.Errorf("allowed origin: %v", err)
	}
	ts.stop(t)

	// 13 hours later the staff session (12 hours) has expired.
	later := startServer(t, env("2026-05-07T22:00:00+09:00"))
	if r := later.gql(t, token, `{ me { id } }`, nil); r.Status != http.StatusUnauthorized || r.code() != "UNAUTHENTICATED" {
		t.Errorf("expired token over HTTP: %d %q, want 401 UNAUTHENTICATED", r.Status, r.code())
	}
	c := dialRaw(t, later)
	_ = wsjson.Write(context.Background(), c, map[string]any{"type": "connection_init", "payload": map[string]any{"authorization": "Bearer " + token}})
	if got := closeCode(t, c, 3*time.Second); got != 4403 {
		t.Errorf("expired token on the websocket: close %d, want 4403", got)
	}
}

// With SOUDAN_DEBUG_ADDR the profiler answers on that address, and never on
// the public one.
func TestProfilerOnlyOnTheDebugAddress(t *testing.T) {
	debug := freeAddr(t)
	ts := startServer(t, map[string]string{"SOUDAN_DB": dbEnv(t, store.SQLite), "SOUDAN_DEBUG_ADDR": debug})
	if code, body := get(t, "http://"+debug+"/debug/pprof/"); code != http.StatusOK || !strings.Contains(body, "goroutine") {
		t.Errorf("debug address: HTTP %d %.100s", code, body)
	}
	// The public address answers unknown paths with the web client's
	// index.html; it must never be the profiler.
	for _, path := range []string{"/debug/pprof/", "/debug/pprof/goroutine?debug=1"} {
		if code, body := get(t, ts.URL+path); code == http.StatusOK && (strings.Contains(body, "goroutine") || !strings.Contains(body, "<!doctype html>")) {
			t.Errorf("the public address serves the profiler at %s: %.100s", path, body)
		}
	}
	if code, _ := get(t, "http://"+debug+"/graphql"); code == http.StatusOK {
		t.Error("the debug address serves the API")
	}
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}
