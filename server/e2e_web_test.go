package main

import (
	"io"
	"io/fs"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"soudan/internal/store"
	"soudan/web"
)

// webResponse is one GET of the web client.
type webResponse struct {
	status int
	header http.Header
	body   string
}

func webGet(t *testing.T, url string) webResponse {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return webResponse{resp.StatusCode, resp.Header, string(b)}
}

// wantPageHeaders checks the headers WEB.md requires on every page.
func wantPageHeaders(t *testing.T, what string, r webResponse, addr string) {
	t.Helper()
	wantCSP := "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
		"connect-src 'self' ws://" + addr + "; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
	for name, want := range map[string]string{
		"Content-Security-Policy": wantCSP,
		"Referrer-Policy":         "no-referrer",
		"X-Content-Type-Options":  "nosniff",
		"Permissions-Policy":      "camera=(self), microphone=(self)",
	} {
		if got := r.header.Get(name); got != want {
			t.Errorf("%s: %s = %q, want %q", what, name, got, want)
		}
	}
}

// embeddedAsset is the name of one built JavaScript asset (assets/…).
func embeddedAsset(t *testing.T) string {
	t.Helper()
	js, err := fs.Glob(web.Dist, "assets/*.js")
	if err != nil || len(js) == 0 {
		t.Fatalf("no JavaScript in the embedded web/dist (%v): run npm run build in web/", err)
	}
	return js[0]
}

func TestWebServesTheClient(t *testing.T) {
	ts := startServer(t, map[string]string{"SOUDAN_DB": dbEnv(t, store.SQLite)})

	index, err := fs.ReadFile(web.Dist, "index.html")
	if err != nil {
		t.Fatal(err)
	}
	// Every client route, including the mail links, is index.html.
	for _, path := range []string{"/", "/slots", "/verify-email?token=abc", "/confirm?token=abc",
		"/reset-password?token=abc", "/terms", "/terms/1", "/mypage", "/reservations/42", "/no/such/page"} {
		r := webGet(t, ts.URL+path)
		if r.status != http.StatusOK || r.body != string(index) {
			t.Errorf("GET %s = %d, want 200 with index.html (%.80q)", path, r.status, r.body)
		}
		if got := r.header.Get("Cache-Control"); got != "no-cache" {
			t.Errorf("GET %s: Cache-Control = %q, want no-cache", path, got)
		}
		if got := r.header.Get("Content-Type"); got != "text/html; charset=utf-8" {
			t.Errorf("GET %s: Content-Type = %q", path, got)
		}
		wantPageHeaders(t, "GET "+path, r, ts.Addr)
	}

	asset := embeddedAsset(t)
	want, _ := fs.ReadFile(web.Dist, asset)
	r := webGet(t, ts.URL+"/"+asset)
	if r.status != http.StatusOK || r.body != string(want) {
		t.Fatalf("GET /%s = %d (%d bytes), want 200 with the embedded file (%d bytes)", asset, r.status, len(r.body), len(want))
	}
	if got := r.header.Get("Cache-Control"); got != "public, max-age=31536000, immutable" {
		t.Errorf("asset Cache-Control = %q, want immutable for a year", got)
	}
	if got := r.header.Get("Content-Type"); !strings.HasPrefix(got, "text/javascript") {
		t.Errorf("asset Content-Type = %q, want text/javascript", got)
	}
	wantPageHeaders(t, "asset", r, ts.Addr)

	// A missing asset is a 404, never index.html (a stale page would run it as script).
	for _, path := range []string{"/assets/index-missing.js", "/assets/", "/assets/nested/x.css"} {
		r := webGet(t, ts.URL+path)
		if r.status != http.StatusNotFound || r.body == string(index) {
			t.Errorf("GET %s = %d, want 404 without index.html", path, r.status)
		}
		if cc := r.header.Get("Cache-Control"); strings.Contains(cc, "immutable") {
			t.Errorf("GET %s: a 404 must not be cached as immutable (%q)", path, cc)
		}
		if got := r.header.Get("X-Content-Type-Options"); got != "nosniff" {
			t.Errorf("GET %s: X-Content-Type-Options = %q", path, got)
		}
	}

	// The API endpoints keep their own answers.
	if code, body := get(t, ts.URL+"/healthz"); code != http.StatusOK || !strings.Contains(body, `"ok"`) {
		t.Errorf("/healthz = %d %s", code, body)
	}
	if code, body := get(t, ts.URL+"/readyz"); code != http.StatusOK || !strings.Contains(body, `"ready"`) {
		t.Errorf("/readyz = %d %s", code, body)
	}
	if r := webGet(t, ts.URL+"/graphql"); r.body == string(index) {
		t.Errorf("GET /graphql answered index.html")
	}

	// GraphiQL is development only, with a CSP of its own.
	g := webGet(t, ts.URL+"/graphiql")
	if g.status != http.StatusOK || !strings.Contains(g.body, "/graphql") || g.body == string(index) {
		t.Errorf("GET /graphiql = %d, want GraphiQL in development", g.status)
	}
	if csp := g.header.Get("Content-Security-Policy"); !strings.Contains(csp, "https://cdn.jsdelivr.net") ||
		!strings.Contains(csp, "frame-ancestors 'none'") {
		t.Errorf("GraphiQL CSP = %q, want its CDN allowed and framing denied", csp)
	}
}

func TestWebProductionHasNoGraphiQL(t *testing.T) {
	ts := startServer(t, map[string]string{"SOUDAN_DB": dbEnv(t, store.SQLite), "SOUDAN_ENV": "production",
		"SOUDAN_PUBLIC_URL": "https://soudan.test"})
	g := webGet(t, ts.URL+"/graphiql")
	if g.status != http.StatusNotFound {
		t.Errorf("GET /graphiql in production = %d, want 404", g.status)
	}
	r := webGet(t, ts.URL+"/")
	if r.status != http.StatusOK || !strings.Contains(r.body, `<div id="app">`) {
		t.Errorf("GET / in production = %d, want the web client", r.status)
	}
	// Behind https the websocket origin is wss://.
	if csp := r.header.Get("Content-Security-Policy"); !strings.Contains(csp, "connect-src 'self' wss://"+ts.Addr+";") {
		t.Errorf("production CSP = %q, want connect-src with wss://%s", csp, ts.Addr)
	}
}

// TestWebBuildHasNoInlineCode guards the CSP: the built page has no inline
// script or style and loads nothing from another origin.
func TestWebBuildHasNoInlineCode(t *testing.T) {
	index, err := fs.ReadFile(web.Dist, "index.html")
	if err != nil {
		t.Fatal(err)
	}
	page := string(index)
	for _, re := range []string{`<style`, `\sstyle=`, `\son[a-z]+=`, `(?:src|href)="(?:https?:)?//`} {
		if regexp.MustCompile(`(?i)` + re).MatchString(page) {
			t.Errorf("index.html matches %s:\n%s", re, page)
		}
	}
	scripts := regexp.MustCompile(`(?is)<script([^>]*)>(.*?)</script>`).FindAllStringSubmatch(page, -1)
	for _, s := range scripts {
		if !strings.Contains(s[1], `src="/assets/`) || strings.TrimSpace(s[2]) != "" {
			t.Errorf("inline or foreign script in index.html: %s", s[0])
		}
	}
	if len(scripts) == 0 {
		t.Errorf("index.html loads no script")
	}
}
