package main

import (
	"bytes"
	"fmt"
	"io/fs"
	"net/http"
	"regexp"
	"strings"
	"time"

	"github.com/99designs/gqlgen/graphql/playground"

	"soudan/web"
)

// webCSP is the Content-Security-Policy of the web client (WEB.md
// "Serving"); %s is the websocket origin of the API.
const webCSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'self' %s; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// graphiqlCSP lets GraphiQL (development only) load its scripts and styles
// from the CDN it is published on and run its inline bootstrap script.
const graphiqlCSP = "default-src 'self'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; " +
	"style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; img-src 'self' data: https://cdn.jsdelivr.net; " +
	"font-src https://cdn.jsdelivr.net; connect-src 'self' %s; object-src 'none'; base-uri 'none'; " +
	"form-action 'self'; frame-ancestors 'none'"

// hostRE is what a Host header may be for it to be echoed in the CSP.
var hostRE = regexp.MustCompile(`^[A-Za-z0-9.\-]+(:[0-9]+)?$|^\[[0-9A-Fa-f:.]+\](:[0-9]+)?$`)

// wsOrigin is the websocket origin of this request's host: wss:// when the
// public URL or the connection is https, ws:// otherwise.
func (a *app) wsOrigin(r *http.Request) string {
	if !hostRE.MatchString(r.Host) {
		return ""
	}
	scheme := "ws://"
	if r.TLS != nil || strings.HasPrefix(a.cfg.PublicURL, "https://") {
		scheme = "wss://"
	}
	return scheme + r.Host
}

// pageHeaders sets the headers every response of the web client carries.
func (a *app) pageHeaders(w http.ResponseWriter, r *http.Request, csp string) {
	h := w.Header()
	h.Set("Content-Security-Policy", strings.Replace(fmt.Sprintf(csp, a.wsOrigin(r)), "'self' ;", "'self';", 1))
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Permissions-Policy", "camera=(self), microphone=(self)")
}

// webRoutes adds the web client to mux: /assets/ from the embedded build
// (immutable, a missing file is a 404), /graphiql in development, and
// index.html for every other GET path.
func (a *app) webRoutes(mux *http.ServeMux, dist fs.FS) error {
	index, err := fs.ReadFile(dist, "index.html")
	if err != nil {
		return fmt.Errorf("web client: %w", err)
	}
	assets := http.FileServerFS(dist)
	mux.HandleFunc("GET /assets/", func(w http.ResponseWriter, r *http.Request) {
		a.pageHeaders(w, r, webCSP)
		name := strings.TrimPrefix(r.URL.Path, "/")
		if st, err := fs.Stat(dist, name); err != nil || st.IsDir() {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		assets.ServeHTTP(w, r)
	})
	if a.cfg.production() {
		mux.HandleFunc("/graphiql", http.NotFound)
	} else {
		graphiql := playground.Handler("soudan GraphQL", "/graphql")
		mux.HandleFunc("GET /graphiql", func(w http.ResponseWriter, r *http.Request) {
			a.pageHeaders(w, r, graphiqlCSP)
			w.Header().Set("Cache-Control", "no-store")
			graphiql.ServeHTTP(w, r)
		})
	}
	modTime := time.Time{}
	// "/" without a method: "GET /" would conflict with "/graphql".
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		a.pageHeaders(w, r, webCSP)
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		w.Header().Set("Cache-Control", "no-cache")
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		http.ServeContent(w, r, "index.html", modTime, bytes.NewReader(index))
	})
	return nil
}

// webDist is the embedded build of the web client.
var webDist = web.Dist
