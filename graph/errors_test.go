package graph_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/99designs/gqlgen/client"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"soudan/graph"
	"soudan/internal/apperr"
)

func newHandler(r *graph.Resolver, log *slog.Logger) *handler.Server {
	srv := handler.New(graph.NewExecutableSchema(graph.Config{Resolvers: r}))
	srv.AddTransport(transport.POST{})
	srv.SetErrorPresenter(graph.ErrorPresenter(log))
	srv.SetRecoverFunc(graph.RecoverFunc(log))
	return srv
}

// A panic in a resolver becomes INTERNAL for that operation, with no detail
// for the client and the stack in the log.
func TestPanicBecomesInternal(t *testing.T) {
	var logs bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logs, nil))
	c := client.New(newHandler(&graph.Resolver{Log: log}, log)) // no services: the resolver dereferences nil

	var resp struct{ Office struct{ Code string } }
	err := c.Post(`{ office { code } }`, &resp)
	var list gqlerror.List
	if err == nil || !errors.As(toGQLErrors(err), &list) {
		t.Fatalf("Post = %v, want a GraphQL error", err)
	}
	if got := list[0].Extensions["code"]; got != "INTERNAL" {
		t.Errorf("code = %v, want INTERNAL", got)
	}
	if msg := list[0].Message; strings.Contains(msg, "nil") || strings.Contains(msg, "runtime") {
		t.Errorf("message %q leaks internals", msg)
	}
	if !strings.Contains(logs.String(), "panic in resolver") {
		t.Errorf("log lacks the panic:\n%s", logs.String())
	}
}

func TestErrorPresenter(t *testing.T) {
	present := graph.ErrorPresenter(slog.New(slog.DiscardHandler))
	tests := []struct {
		name      string
		err       error
		wantCode  string
		wantField string
		wantMsg   string
	}{
		{"AppError", apperr.Invalid("input.email", "メール", "email"), "VALIDATION", "input.email", "メール"},
		{"WrappedAppError", fmt.Errorf("store: x: %w", apperr.New(apperr.NotFound, "ない", "missing")), "NOT_FOUND", "", "ない"},
		{"PlainError", errors.New("dial tcp 10.0.0.1:3306: connection refused"), "INTERNAL", "", ""},
		{"Deadline", fmt.Errorf("query: %w", context.DeadlineExceeded), "UNAVAILABLE", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := present(context.Background(), tt.err)
			if got.Extensions["code"] != tt.wantCode {
				t.Errorf("code = %v, want %s", got.Extensions["code"], tt.wantCode)
			}
			if f, _ := got.Extensions["field"].(string); f != tt.wantField {
				t.Errorf("field = %q, want %q", f, tt.wantField)
			}
			if tt.wantMsg != "" && got.Message != tt.wantMsg {
				t.Errorf("message = %q, want %q", got.Message, tt.wantMsg)
			}
			if en, _ := got.Extensions["en"].(string); en == "" {
				t.Errorf("no English alternative in %v", got.Extensions)
			}
			if strings.Contains(got.Message, "10.0.0.1") || strings.Contains(fmt.Sprint(got.Extensions), "10.0.0.1") {
				t.Errorf("internal detail reached the client: %v", got)
			}
		})
	}
	t.Run("RetryAfter", func(t *testing.T) {
		e := apperr.New(apperr.RateLimited, "待って", "wait")
		e.RetryAfter = 1500 * time.Millisecond
		got := present(context.Background(), e)
		if got.Extensions["retryAfter"] != 2 {
			t.Errorf("retryAfter = %v, want 2 (seconds, rounded up)", got.Extensions["retryAfter"])
		}
	})
}

// toGQLErrors turns the client's error (a JSON list of errors) back into a
// gqlerror.List.
func toGQLErrors(err error) error {
	var raw client.RawJsonError
	if errors.As(err, &raw) {
		var list gqlerror.List
		if jsonErr := json.Unmarshal(raw.RawMessage, &list); jsonErr == nil {
			return list
		}
	}
	return err
}
