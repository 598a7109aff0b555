package main

import (
	"net"
	"net/http"
	"strings"

	"soudan/internal/apperr"
	"soudan/internal/auth"
)

// withAuth puts the client and, for a request with a bearer token, the
// signed-in actor into the request context. A token that is unknown, expired
// or revoked is refused with 401 rather than treated as anonymous, so a
// client learns that it must sign in again.
func (a *app) withAuth(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := auth.WithClient(r.Context(), clientOf(r))
		if token, ok := bearerToken(r.Header.Get("Authorization")); ok {
			var err error
			if _, ctx, err = a.accounts.AuthenticateRequest(ctx, token); err != nil {
				writeError(w, err)
				return
			}
		}
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

func bearerToken(h string) (string, bool) {
	scheme, token, ok := strings.Cut(strings.TrimSpace(h), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	token = strings.TrimSpace(token)
	return token, token != ""
}

func clientOf(r *http.Request) auth.Client {
	ip, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		ip = r.RemoteAddr
	}
	ua := r.UserAgent()
	if len(ua) > 300 {
		ua = ua[:300]
	}
	return auth.Client{IP: ip, UserAgent: ua}
}

// writeError answers a request that fails before GraphQL runs, in the shape
// of a GraphQL error response.
func writeError(w http.ResponseWriter, err error) {
	ae, ok := apperr.As(err)
	if !ok {
		ae = apperr.New(apperr.Internal, "システムで問題が発生しました。", "internal error")
	}
	status := http.StatusInternalServerError
	switch ae.Code {
	case apperr.Unauthenticated:
		status = http.StatusUnauthorized
	case apperr.Unavailable:
		status = http.StatusServiceUnavailable
	}
	writeJSON(w, status, map[string]any{"errors": []map[string]any{{
		"message":    ae.Message,
		"extensions": map[string]string{"code": string(ae.Code), "en": ae.En},
	}}})
}
