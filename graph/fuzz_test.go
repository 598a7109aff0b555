package graph_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"soudan/internal/auth"
	"soudan/internal/store"
)

// FuzzGraphQLRequest sends arbitrary request bodies through the handler as
// a signed-in administrator: the server always answers with JSON, never
// panics, and every error it reports carries extensions.code.
func FuzzGraphQLRequest(f *testing.F) {
	for _, seed := range []string{
		`{"query":"{ office { code } }"}`,
		`{"query":"query($f: Date!, $t: Date!) { calendar(from: $f, to: $t) { date } }","variables":{"f":"2026-05-01","t":"2026-05-03"}}`,
		`{"query":"mutation { signIn(email: \"a@b.jp\", password: \"x\") { token } }"}`,
		`{"query":"{ jobSeekers(search: \"%_\") { edges { node { id } } } }"}`,
		`{"query":"{ reservation(id: \"-1\") { id } }"}`,
		`{"query":"{ __schema { types { name } } }"}`,
		`{"query":"{"}`,
		`{"variables":{}}`,
	} {
		f.Add([]byte(seed))
	}
	w := newWorld(f, store.SQLite)
	f.Fuzz(func(t *testing.T, body []byte) {
		req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req = req.WithContext(auth.WithActor(req.Context(), w.admin))
		rec := httptest.NewRecorder()
		w.handler.ServeHTTP(rec, req)
		var resp struct {
			Errors []struct {
				Extensions map[string]any `json:"extensions"`
			} `json:"errors"`
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &resp); err != nil {
			t.Fatalf("status %d, body is not JSON: %q", rec.Code, rec.Body.String())
		}
		if rec.Code != http.StatusOK {
			return // transport-level refusals (bad JSON) are not GraphQL results
		}
		for _, e := range resp.Errors {
			if _, ok := e.Extensions["code"].(string); !ok {
				t.Errorf("an error without extensions.code: %s", rec.Body.String())
			}
		}
	})
}
