package main

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/transport"

	"soudan/graph"
)

// jsonPOST answers exactly as transport.POST does: the same status and the
// same JSON, for data, errors with data, and requests refused before
// execution.
func TestJSONPOSTAnswersAsGqlgenPOST(t *testing.T) {
	log := slog.New(slog.DiscardHandler)
	serve := func(tr graphql.Transport) http.Handler {
		srv := handler.New(graph.NewExecutableSchema(graph.Config{Resolvers: &graph.Resolver{Log: log}}))
		srv.AddTransport(tr)
		srv.SetErrorPresenter(graph.ErrorPresenter(log))
		srv.SetRecoverFunc(graph.RecoverFunc(log))
		return srv
	}
	ours, theirs := serve(jsonPOST{}), serve(transport.POST{})
	for name, body := range map[string]string{
		"data":              `{"query":"{ __typename }"}`,
		"named operation":   `{"query":"query A { __typename } query B { t: __typename }","operationName":"B"}`,
		"resolver panic":    `{"query":"{ office { code } }"}`,
		"parse error":       `{"query":"{ __typename "}`,
		"unknown field":     `{"query":"{ nothing }"}`,
		"missing variable":  `{"query":"query($d: Date!) { availableSlots(from: $d, to: $d) { startsAt } }"}`,
		"unknown operation": `{"query":"query A { __typename }","operationName":"B"}`,
	} {
		t.Run(name, func(t *testing.T) {
			run := func(h http.Handler) (int, any, string) {
				req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				var v any
				if err := json.Unmarshal(rec.Body.Bytes(), &v); err != nil {
					t.Fatalf("not JSON: %s", rec.Body.String())
				}
				return rec.Code, v, rec.Header().Get("Content-Type")
			}
			code, got, ctype := run(ours)
			wantCode, want, wantType := run(theirs)
			if code != wantCode || ctype != wantType || !reflect.DeepEqual(got, want) {
				t.Errorf("jsonPOST: %d %s %v\ntransport.POST: %d %s %v", code, ctype, got, wantCode, wantType, want)
			}
		})
	}
}

func TestWriteResponseCopiesData(t *testing.T) {
	hasNext := false
	rec := httptest.NewRecorder()
	writeResponse(rec, http.StatusOK, &graphql.Response{Data: json.RawMessage(`{"a":[1,2]}`), HasNext: &hasNext,
		Extensions: map[string]any{"k": "v"}})
	want := `{"hasNext":false,"extensions":{"k":"v"},"data":{"a":[1,2]}}`
	if got := rec.Body.String(); got != want || rec.Header().Get("Content-Length") != strconv.Itoa(len(want)) {
		t.Errorf("writeResponse = %s (Content-Length %s), want %s", got, rec.Header().Get("Content-Length"), want)
	}
	rec = httptest.NewRecorder()
	writeResponse(rec, http.StatusBadRequest, &graphql.Response{})
	if got := rec.Body.String(); got != `{"data":null}` || rec.Code != http.StatusBadRequest {
		t.Errorf("empty response = %d %s", rec.Code, got)
	}
}

func TestJSONPOSTRefusesABodyThatIsNotJSON(t *testing.T) {
	log := slog.New(slog.DiscardHandler)
	srv := handler.New(graph.NewExecutableSchema(graph.Config{Resolvers: &graph.Resolver{Log: log}}))
	srv.AddTransport(jsonPOST{})
	srv.SetErrorPresenter(graph.ErrorPresenter(log))
	req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(`{"query": "{ __typename }"`))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, req)
	var resp struct {
		Errors []struct {
			Message    string
			Extensions map[string]any
		}
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &resp); err != nil || rec.Code != http.StatusBadRequest || len(resp.Errors) != 1 {
		t.Fatalf("HTTP %d %s", rec.Code, rec.Body.String())
	}
	if code := resp.Errors[0].Extensions["code"]; code != "VALIDATION" || strings.Contains(resp.Errors[0].Message, "__typename") {
		t.Errorf("error %+v: want VALIDATION without the body echoed", resp.Errors[0])
	}
}
