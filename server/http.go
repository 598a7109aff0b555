package main

import (
	"context"
	"encoding/json"
	"net/http"
	"sync"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/ast"

	"soudan/graph"
	"soudan/internal/auth"
	"soudan/internal/checkerdl"
	"soudan/internal/records"
)

// Request limits of SECURITY.md.
const (
	maxBodyBytes     = 64 << 10
	parserTokenLimit = 1000
	wsMaxMessage     = 64 << 10
)

func (a *app) routes() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("/graphql", a.graphqlHandler())
	mux.Handle("GET "+checkerdl.PathPrefix, a.downloads)
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
	mux.HandleFunc("GET /readyz", a.readyz)
	if err := a.webRoutes(mux, webDist); err != nil {
		// The build is embedded at compile time: a missing index.html is a
		// broken build, not a runtime condition.
		panic(err)
	}
	return mux
}

// readyz answers 200 when the database answers within a second, 503 when not.
func (a *app) readyz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), time.Second)
	defer cancel()
	if err := a.store.Ping(ctx); err != nil {
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "unavailable", "database": "unreachable"})
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ready"})
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(v)
}

func (a *app) graphqlHandler() http.Handler {
	resolver := &graph.Resolver{Offices: a.offices, Accounts: a.accounts, Bookings: a.bookings,
		AccountBatch: a.store, Events: a.events, EventLog: a.store, Rules: a.rules, Records: a.records,
		Recorder: a.recorder, Log: a.log, Now: a.now, Downloads: a.downloads}
	schema := graph.NewExecutableSchema(graph.Config{Resolvers: resolver})
	srv := handler.New(schema)

	readLimit := int64(wsMaxMessage)
	guard := a.websockets
	srv.AddTransport(transport.Websocket{
		InitFunc:              guard.init,
		CloseFunc:             guard.closed,
		KeepAlivePingInterval: 25 * time.Second,
		PayloadReadLimit:      &readLimit,
		Implementation:        guard.implementation(a.cfg.AllowedOrigins),
	})
	srv.AddTransport(transport.Options{})
	srv.AddTransport(transport.GET{})
	srv.AddTransport(jsonPOST{})

	srv.SetQueryCache(lru.New[*ast.QueryDocument](1000))
	srv.SetParserTokenLimit(parserTokenLimit)
	srv.SetErrorPresenter(graph.ErrorPresenter(a.log))
	srv.SetRecoverFunc(graph.RecoverFunc(a.log))
	if a.cfg.production() {
		srv.SetDisableSuggestion(true)
	} else {
		srv.Use(extension.Introspection{})
	}
	srv.Use(shapeLimit{})
	srv.AroundOperations(a.accessLog)
	if a.metrics != nil {
		srv.AroundOperations(a.metrics.aroundOperations)
		srv.AroundRootFields(a.metrics.aroundRootFields)
	}
	srv.AroundFields(graph.CheckIDArguments(schema.Schema()))
	srv.AroundRootFields(newMutationLimits(a.cfg, a.now).aroundRootFields)
	timeout := a.cfg.OpTimeout
	srv.AroundOperations(func(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
		if graphql.GetOperationContext(ctx).Operation.Operation == ast.Subscription {
			return next(ctx)
		}
		ctx, cancel := context.WithTimeout(ctx, timeout)
		rh := next(ctx)
		return func(ctx context.Context) *graphql.Response {
			defer cancel()
			return rh(ctx)
		}
	})
	srv.AroundOperations(a.slotCache.AroundOperations)
	return limitBody(requestShape(a.withAuth(graph.LoaderMiddleware(resolver, srv))))
}

// limitBody refuses request bodies over maxBodyBytes with 413 before any
// parsing.
func limitBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength > maxBodyBytes {
			writeJSON(w, http.StatusRequestEntityTooLarge, map[string]any{"errors": []map[string]any{{
				"message":    "リクエストが大きすぎます。",
				"extensions": map[string]string{"code": "VALIDATION", "en": "request body too large"},
			}}})
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, maxBodyBytes)
		next.ServeHTTP(w, r)
	})
}

// accessLog records every operation (Art 7(1)): when, who (account and
// role, or anonymous), which operation, its outcome, the client's IP and
// user agent, and for readiness uploads the OS summary. Subscriptions are
// recorded when they start.
func (a *app) accessLog(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
	oc := graphql.GetOperationContext(ctx)
	client := auth.ClientFrom(ctx)
	entry := records.Access{At: a.now(), Role: "ANONYMOUS", IP: client.IP, UserAgent: client.UserAgent,
		Operation: string(oc.Operation.Operation) + " " + graph.RootFields(oc)}
	if actor, ok := auth.ActorFrom(ctx); ok {
		id := actor.AccountID
		entry.AccountID, entry.Role = &id, string(actor.Role)
	}
	entry.Device = uploadedOS(oc)
	rh := next(ctx)
	var once sync.Once
	return func(ctx context.Context) *graphql.Response {
		resp := rh(ctx)
		once.Do(func() {
			entry.Outcome = "OK"
			if resp != nil && len(resp.Errors) > 0 {
				if c, ok := resp.Errors[0].Extensions["code"].(string); ok {
					entry.Outcome = c
				} else {
					entry.Outcome = "ERROR"
				}
			}
			a.recorder.Access(entry)
		})
		return resp
	}
}

// uploadedOS is the os of a submitReadinessReport upload, if any.
func uploadedOS(oc *graphql.OperationContext) string {
	for _, sel := range oc.Operation.SelectionSet {
		f, ok := sel.(*ast.Field)
		if !ok || f.Name != "submitReadinessReport" {
			continue
		}
		if report, ok := f.ArgumentMap(oc.Variables)["report"].(map[string]any); ok {
			if os, ok := report["os"].(string); ok {
				return os
			}
		}
	}
	return ""
}
