// Sign-in, sessions and who is signed in.

package account

import (
	"context"
	"errors"
	"fmt"
	"time"

	"soudan/internal/apperr"
	"soudan/internal/auth"
	"soudan/internal/mail"
	"soudan/internal/validate"
)

// SignInLimits bound failed sign-ins (SECURITY.md: 5 per account or 20 per
// IP within 15 minutes).
type SignInLimits struct {
	PerAccount int
	PerIP      int
	Window     time.Duration
}

// DefaultSignInLimits are the limits of SECURITY.md.
var DefaultSignInLimits = SignInLimits{PerAccount: 5, PerIP: 20, Window: 15 * time.Minute}

// SignIn checks an e-mail and password and opens a session. Unknown e-mail
// and wrong password get the same error after similar work; after too many
// failures for the e-mail or the client's IP it answers RATE_LIMITED
// without checking the password. A suspended job seeker gets SUSPENDED.
func (s *Service) SignIn(ctx context.Context, email, pw string) (Session, error) {
	now := s.Now()
	client := auth.ClientFrom(ctx)
	// Normalise as sign-up did; a malformed address simply cannot match.
	if norm, err := validate.Email("email", email); err == nil {
		email = norm
	}
	if len(email) > validate.EmailMaxBytes || len(pw) > validate.PasswordMaxBytes {
		return Session{}, errBadCredentials
	}
	// The attempt is counted as a failure before the password is checked and
	// forgotten when it succeeds (or is refused unchecked): concurrent
	// attempts then see each other, and a burst cannot check more passwords
	// than the limit allows.
	attempt, err := s.Store.RecordSignInFailure(ctx, email, client.IP, now)
	if err != nil {
		return Session{}, err
	}
	forget := func() error { return s.Store.ForgetSignInFailure(context.WithoutCancel(ctx), attempt) }
	if err := s.checkSignInRate(ctx, email, client.IP, now); err != nil {
		return Session{}, errors.Join(err, forget())
	}
	acct, hash, err := s.Store.Credentials(ctx, email)
	if err != nil && !errors.Is(err, apperr.ErrNotFound) {
		return Session{}, errors.Join(err, forget())
	}
	if err != nil {
		hash = "" // no such account: verify against a dummy
	}
	ok, err := s.checkPassword(ctx, pw, hash)
	if err != nil {
		return Session{}, errors.Join(fmt.Errorf("account %d: password check: %w", acct.ID, err), forget())
	}
	if !ok {
		return Session{}, errBadCredentials
	}
	if err := forget(); err != nil {
		return Session{}, err
	}
	if acct.DeactivatedAt != nil {
		// A deactivated account answers as a wrong password would.
		return Session{}, errBadCredentials
	}
	if acct.JobSeeker != nil && acct.JobSeeker.SuspendedOn(s.today(ctx, now)) {
		return Session{}, suspendedError(acct.JobSeeker.Suspension)
	}
	s.upgradeHash(ctx, acct.ID, hash, pw)
	ttl := StaffSessionTTL
	if acct.Role == auth.JobSeeker {
		ttl = JobSeekerSessionTTL
	}
	token, tokenHash := auth.NewToken()
	expires := now.Add(ttl)
	if err := s.Store.AddToken(ctx, tokenHash, purposeSession, acct.ID, now, expires, mail.Outgoing{}); err != nil {
		return Session{}, err
	}
	s.Log.InfoContext(ctx, "signed in", "account", acct.ID, "role", string(acct.Role))
	return Session{Token: token, ExpiresAt: expires, Account: acct}, nil
}

// checkSignInRate refuses an attempt when, counting it, the e-mail or the
// IP has more failures within the window than the limits allow. RetryAfter
// is when enough of the earlier failures will have left the window.
func (s *Service) checkSignInRate(ctx context.Context, email, ip string, now time.Time) error {
	l := s.Limits
	if l.Window == 0 {
		l = DefaultSignInLimits
	}
	byEmail, byIP, err := s.Store.SignInFailures(ctx, email, ip, now.Add(-l.Window))
	if err != nil {
		return err
	}
	var retry time.Duration
	// failures includes this attempt, recorded at now (the last entry).
	over := func(failures []time.Time, limit int) {
		if len(failures) <= limit {
			return
		}
		earlier := failures[:len(failures)-1]
		if len(earlier) < limit {
			return
		}
		if wait := earlier[len(earlier)-limit].Add(l.Window).Sub(now); wait > retry {
			retry = max(wait, time.Second)
		}
	}
	over(byEmail, l.PerAccount)
	if ip != "" {
		over(byIP, l.PerIP)
	}
	if retry == 0 {
		return nil
	}
	e := apperr.New(apperr.RateLimited,
		fmt.Sprintf("ログインの失敗が続いたため、一時的にログインできません。%d分ほどたってから、もう一度お試しください。", int(retry.Minutes())+1),
		"too many failed sign-ins; please try again later")
	e.RetryAfter = retry
	return e
}

// SignOut revokes the caller's session.
func (s *Service) SignOut(ctx context.Context) error {
	actor, err := auth.RequireSignedIn(ctx)
	if err != nil {
		return err
	}
	return s.Store.RevokeToken(ctx, actor.TokenHash, s.Now())
}

// Authenticate returns the actor of a bearer token: UNAUTHENTICATED for an
// unknown, expired or revoked one.
func (s *Service) Authenticate(ctx context.Context, token string) (auth.Actor, error) {
	if token == "" || len(token) > 128 {
		return auth.Actor{}, errSessionInvalid
	}
	a, err := s.Store.SessionByTokenHash(ctx, auth.HashToken(token), s.Now())
	if errors.Is(err, apperr.ErrNotFound) {
		return auth.Actor{}, errSessionInvalid
	}
	return a, err
}

// AuthenticateRequest is Authenticate for one request: it also returns
// the signed-in account, read with the session in one query, and a
// context that carries it for the request (SignedIn).
func (s *Service) AuthenticateRequest(ctx context.Context, token string) (auth.Actor, context.Context, error) {
	if token == "" || len(token) > 128 {
		return auth.Actor{}, ctx, errSessionInvalid
	}
	actor, a, err := s.Store.SessionAccount(ctx, auth.HashToken(token), s.Now())
	if errors.Is(err, apperr.ErrNotFound) {
		return auth.Actor{}, ctx, errSessionInvalid
	}
	if err != nil {
		return auth.Actor{}, ctx, err
	}
	ctx = auth.WithActor(ctx, actor)
	return actor, context.WithValue(ctx, signedInKey{}, a), nil
}

type signedInKey struct{}

// SignedIn returns the account read with the request's session, when it
// is account id. It is as of the start of the request: a request that
// changes the account reads it again.
func SignedIn(ctx context.Context, id int64) (Account, bool) {
	a, ok := ctx.Value(signedInKey{}).(Account)
	return a, ok && a.ID == id
}

// Me returns the signed-in account, or nil for an anonymous caller.
func (s *Service) Me(ctx context.Context) (*Account, error) {
	actor, ok := auth.ActorFrom(ctx)
	if !ok {
		return nil, nil
	}
	a, err := s.Store.AccountByID(ctx, actor.AccountID)
	if err != nil {
		return nil, err
	}
	return &a, nil
}
