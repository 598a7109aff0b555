package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/parser"

	"soudan/internal/auth"
	"soudan/internal/ratelimit"
)

// Limits of an operation's shape (SECURITY.md).
const (
	maxDepth      = 10
	maxAliases    = 15
	maxComplexity = 500
	maxFirst      = 100
)

// requestShape refuses, before any GraphQL work, what SECURITY.md rules
// out at the HTTP level: mutations over GET (405), POST bodies that are not
// JSON (415, so no plain HTML form can post a mutation), batched operations
// (400), and other methods (405).
func requestShape(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case http.MethodGet:
			if isWebsocketUpgrade(r) {
				next.ServeHTTP(w, r)
				return
			}
			if q := r.URL.Query().Get("query"); q != "" && !onlyQueries(q) {
				w.Header().Set("Allow", "POST")
				refuse(w, http.StatusMethodNotAllowed, "変更を伴う操作は POST で送ってください。", "mutations and subscriptions need POST")
				return
			}
		case http.MethodPost:
			mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
			if err != nil || mt != "application/json" {
				refuse(w, http.StatusUnsupportedMediaType, "Content-Type は application/json にしてください。", "Content-Type must be application/json")
				return
			}
			body, err := io.ReadAll(r.Body)
			if err != nil {
				refuse(w, http.StatusRequestEntityTooLarge, "リクエストが大きすぎます。", "request body too large")
				return
			}
			if trimmed := bytes.TrimLeft(body, " \t\r\n"); len(trimmed) > 0 && trimmed[0] == '[' {
				refuse(w, http.StatusBadRequest, "一度に送れる操作は1つです。", "batched operations are not supported")
				return
			}
			r.Body = io.NopCloser(bytes.NewReader(body))
		case http.MethodOptions:
		default:
			w.Header().Set("Allow", "GET, POST")
			refuse(w, http.StatusMethodNotAllowed, "この方法のリクエストは受け付けていません。", "method not allowed")
			return
		}
		next.ServeHTTP(w, r)
	})
}

func isWebsocketUpgrade(r *http.Request) bool {
	return strings.EqualFold(r.Header.Get("Upgrade"), "websocket")
}

// onlyQueries reports whether a GET query holds nothing but queries (a
// document that does not parse is left to GraphQL to explain).
func onlyQueries(q string) bool {
	doc, err := parser.ParseQueryWithTokenLimit(&ast.Source{Input: q}, parserTokenLimit)
	if err != nil {
		return true
	}
	for _, op := range doc.Operations {
		if op.Operation != ast.Query {
			return false
		}
	}
	return true
}

func refuse(w http.ResponseWriter, status int, ja, en string) {
	writeJSON(w, status, map[string]any{"errors": []map[string]any{{
		"message": ja, "extensions": map[string]string{"code": "VALIDATION", "en": en},
	}}})
}

// shapeLimit is the gqlgen extension that refuses operations that are too
// deep, use too many aliases, or would cost too much. Each object field (a
// field with a selection, the kind that may read the database) costs 1
// plus its children, and the children of a list field taking `first` count
// `first` times; scalar fields are free (the parser's token limit bounds
// them). It runs after validation, before execution.
type shapeLimit struct{}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = shapeLimit{}

func (shapeLimit) ExtensionName() string                   { return "ShapeLimit" }
func (shapeLimit) Validate(graphql.ExecutableSchema) error { return nil }

func (shapeLimit) MutateOperationContext(_ context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	if oc.Operation == nil {
		return nil
	}
	w := shapeWalker{vars: oc.Variables, fragments: oc.Doc.Fragments}
	cost := w.selections(oc.Operation.SelectionSet, 1)
	switch {
	case w.maxDepth > maxDepth:
		return tooComplex(fmt.Sprintf("入れ子が深すぎます（%d 段まで）。", maxDepth), fmt.Sprintf("query depth %d exceeds %d", w.maxDepth, maxDepth))
	case w.aliases > maxAliases:
		return tooComplex(fmt.Sprintf("別名（alias）が多すぎます（%d 個まで）。", maxAliases), fmt.Sprintf("%d aliases exceed %d", w.aliases, maxAliases))
	case w.badFirst:
		return &gqlerror.Error{Message: fmt.Sprintf("first は 1 から %d までです。", maxFirst),
			Extensions: map[string]any{"code": "VALIDATION", "field": "first", "en": fmt.Sprintf("first must be between 1 and %d", maxFirst)}}
	case cost > maxComplexity:
		return tooComplex("一度に求める量が多すぎます。条件を絞ってください。", fmt.Sprintf("complexity %d exceeds %d", cost, maxComplexity))
	}
	return nil
}

func tooComplex(ja, en string) *gqlerror.Error {
	return &gqlerror.Error{Message: ja, Extensions: map[string]any{"code": "QUERY_TOO_COMPLEX", "en": en}}
}

type shapeWalker struct {
	vars      map[string]any
	fragments ast.FragmentDefinitionList
	maxDepth  int
	aliases   int
	badFirst  bool
	seen      int
}

// selections returns the cost of a selection set at depth.
func (w *shapeWalker) selections(set ast.SelectionSet, depth int) int {
	w.seen++
	if w.seen > 10000 { // validation forbids fragment cycles; this only bounds the walk
		return maxComplexity + 1
	}
	cost := 0
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			if s.Alias != "" && s.Alias != s.Name {
				w.aliases++
			}
			if strings.HasPrefix(s.Name, "__") {
				continue
			}
			w.maxDepth = max(w.maxDepth, depth)
			if len(s.SelectionSet) == 0 {
				continue
			}
			children := w.selections(s.SelectionSet, depth+1)
			cost += 1 + children*w.multiplier(s)
		case *ast.InlineFragment:
			cost += w.selections(s.SelectionSet, depth)
		case *ast.FragmentSpread:
			if def := w.fragments.ForName(s.Name); def != nil {
				cost += w.selections(def.SelectionSet, depth)
			}
		}
	}
	return cost
}

// multiplier is the `first` of a list field (its default when omitted).
func (w *shapeWalker) multiplier(f *ast.Field) int {
	arg := f.Arguments.ForName("first")
	if arg == nil {
		if f.Definition != nil {
			if def := f.Definition.Arguments.ForName("first"); def != nil && def.DefaultValue != nil {
				if n, err := def.DefaultValue.Value(nil); err == nil {
					return asInt(n)
				}
			}
		}
		return 1
	}
	v, err := arg.Value.Value(w.vars)
	if err != nil {
		return 1
	}
	n := asInt(v)
	if n < 1 || n > maxFirst {
		w.badFirst = true
	}
	return max(n, 1)
}

func asInt(v any) int {
	switch n := v.(type) {
	case int64:
		return int(n)
	case int:
		return n
	case float64:
		return int(n)
	}
	return 1
}

// mutationLimits are the token buckets of mutations (SECURITY.md).
type mutationLimits struct {
	jobSeeker, staff, anonymous, booking *ratelimit.Limiter
}

func newMutationLimits(cfg config, now func() time.Time) *mutationLimits {
	burst := func(perMinute int) int { return max(perMinute/3, 3) }
	return &mutationLimits{
		jobSeeker: ratelimit.New(cfg.RateJobSeeker, burst(cfg.RateJobSeeker), now),
		staff:     ratelimit.New(cfg.RateStaff, burst(cfg.RateStaff), now),
		anonymous: ratelimit.New(cfg.RateAnonymous, burst(cfg.RateAnonymous), now),
		booking:   ratelimit.New(cfg.RateBooking, burst(cfg.RateBooking), now),
	}
}

// aroundRootFields takes a token for every mutation field: from the
// account's bucket when signed in, from the IP's otherwise; requestReservation
// also from its own, smaller bucket. A refused field answers RATE_LIMITED
// with retryAfter and does nothing.
func (m *mutationLimits) aroundRootFields(ctx context.Context, next graphql.RootResolver) graphql.Marshaler {
	if graphql.GetOperationContext(ctx).Operation.Operation != ast.Mutation {
		return next(ctx)
	}
	lim, key := m.anonymous, "ip:"+auth.ClientFrom(ctx).IP
	actor, signedIn := auth.ActorFrom(ctx)
	if signedIn {
		lim, key = m.jobSeeker, fmt.Sprintf("account:%d", actor.AccountID)
		if actor.Role.Staff() {
			lim = m.staff
		}
	}
	err := lim.Allow(key)
	if err == nil && signedIn && graphql.GetRootFieldContext(ctx).Field.Name == "requestReservation" {
		err = m.booking.Allow(key)
	}
	if err != nil {
		graphql.AddError(ctx, err)
		return graphql.Null
	}
	return next(ctx)
}
