// Package auth says who is calling and what they may do: the signed-in
// actor carried in the request context, the roles, and the policy checks
// every domain operation starts with. Authorization lives here, in one place,
// never in the GraphQL layer.
package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"time"

	"soudan/internal/apperr"
)

// Role is what an account may do.
type Role string

// The roles.
const (
	JobSeeker Role = "JOB_SEEKER"
	Counselor Role = "COUNSELOR"
	Admin     Role = "ADMIN"
)

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return r == JobSeeker || r == Counselor || r == Admin }

// Staff reports whether r is a staff role (counselor or administrator).
func (r Role) Staff() bool { return r == Counselor || r == Admin }

// Actor is the signed-in account behind a request.
type Actor struct {
	AccountID int64
	Role      Role
	OfficeID  int64
	// TokenHash identifies the session, so that sign-out can revoke it.
	TokenHash string
	// ExpiresAt is when the session ends.
	ExpiresAt time.Time
}

// Client describes where a request comes from, for rate limits and logs.
type Client struct {
	IP        string
	UserAgent string
}

type actorKey struct{}
type clientKey struct{}

// WithActor returns ctx carrying a.
func WithActor(ctx context.Context, a Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorFrom returns the actor of ctx, if one signed in.
func ActorFrom(ctx context.Context) (Actor, bool) {
	a, ok := ctx.Value(actorKey{}).(Actor)
	return a, ok
}

// WithClient returns ctx carrying c.
func WithClient(ctx context.Context, c Client) context.Context {
	return context.WithValue(ctx, clientKey{}, c)
}

// ClientFrom returns the client of ctx (zero when unknown).
func ClientFrom(ctx context.Context) Client {
	c, _ := ctx.Value(clientKey{}).(Client)
	return c
}

// Errors of the policy checks.
var (
	ErrUnauthenticated = apperr.New(apperr.Unauthenticated,
		"ログインしてください。", "please sign in")
	ErrForbidden = apperr.New(apperr.Forbidden,
		"この操作を行う権限がありません。", "you are not allowed to do this")
)

// RequireSignedIn returns the actor, or ErrUnauthenticated.
func RequireSignedIn(ctx context.Context) (Actor, error) {
	a, ok := ActorFrom(ctx)
	if !ok {
		return Actor{}, ErrUnauthenticated
	}
	return a, nil
}

// RequireStaff returns the actor when it is a counselor or administrator:
// ErrUnauthenticated when nobody signed in, ErrForbidden for a job seeker.
func RequireStaff(ctx context.Context) (Actor, error) {
	a, err := RequireSignedIn(ctx)
	if err != nil {
		return Actor{}, err
	}
	if !a.Role.Staff() {
		return Actor{}, ErrForbidden
	}
	return a, nil
}

// RequireAdmin returns the actor when it is an administrator.
func RequireAdmin(ctx context.Context) (Actor, error) {
	a, err := RequireSignedIn(ctx)
	if err != nil {
		return Actor{}, err
	}
	if a.Role != Admin {
		return Actor{}, ErrForbidden
	}
	return a, nil
}

// RequireJobSeeker returns the actor when it is a job seeker.
func RequireJobSeeker(ctx context.Context) (Actor, error) {
	a, err := RequireSignedIn(ctx)
	if err != nil {
		return Actor{}, err
	}
	if a.Role != JobSeeker {
		return Actor{}, ErrForbidden
	}
	return a, nil
}

// NewToken returns a fresh bearer token (256 random bits, base64url) and
// the hash under which it is stored. The token itself is never stored.
func NewToken() (token, hash string) {
	var b [32]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24+)
	token = base64.RawURLEncoding.EncodeToString(b[:])
	return token, HashToken(token)
}

// HashToken returns the hex SHA-256 of a token, the form it is stored in.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}
