package main

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

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
