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

// Password reset: a one-time link mailed to the account's address.
const (
	// PasswordResetTTL is how long a reset link works.
	PasswordResetTTL = time.Hour
	// PasswordResetsPerHour bounds the reset mails one address gets in an
	// hour; further requests are answered the same way and send nothing.
	PasswordResetsPerHour = 3
)

const purposePasswordReset = "password_reset"

var (
	errBadResetToken = apperr.New(apperr.NotFound,
		"このパスワード再設定のリンクは無効か、有効期限が切れているか、すでに使われています。もう一度、パスワードの再設定をお申し込みください。",
		"this password reset link is invalid, has expired or was already used; please request a new one")
	errWrongCurrentPassword = apperr.Invalid("currentPassword",
		"現在のパスワードが正しくありません。", "the current password is not correct")
	errSamePassword = apperr.Invalid("newPassword",
		"新しいパスワードは、現在のパスワードと違うものにしてください。", "the new password must differ from the current one")
)

// PasswordChange is what Store.SetPassword writes, in one transaction.
type PasswordChange struct {
	AccountID    int64
	PasswordHash string
	// ResetTokenHash, when set, is the password reset token being used: it
	// must still be live (unused, unrevoked, unexpired, of that account), or
	// nothing changes and the error wraps apperr.ErrNotFound. Using it also
	// confirms the account's e-mail address, to which it was mailed.
	ResetTokenHash string
	// KeepSession is the hash of the one session that stays open (empty:
	// none); every other session of the account is revoked, and so is every
	// unused password reset token.
	KeepSession string
	// NewSessionHash, when set, is a session opened with the new password,
	// until NewSessionExpires.
	NewSessionHash    string
	NewSessionExpires time.Time
	At                time.Time
}

// RequestPasswordReset mails a one-time link for setting a new password to
// the account with that e-mail address, job seeker or staff. The answer is
// the same whether or not such an account exists, and the work done is the
// same up to the last write (the token and its mail), which hides under
// PasswordResetFloor, so that neither the answer nor its timing tells which
// addresses are registered. A malformed
// address gets VALIDATION on field email. At most PasswordResetsPerHour
// links go to one address in an hour; more requests are answered alike and
// send nothing. The client's IP is limited by the anonymous mutation limit.
func (s *Service) RequestPasswordReset(ctx context.Context, email string) error {
	email, err := validate.Email("email", email)
	if err != nil {
		return err
	}
	defer s.padTo(ctx, time.Now().Add(s.PasswordResetFloor))
	_, mo, err := s.mailOffice(ctx)
	if err != nil {
		return err
	}
	now := s.Now()
	acct, _, err := s.Store.Credentials(ctx, email)
	known := err == nil
	if err != nil && !errors.Is(err, apperr.ErrNotFound) {
		return err
	}
	recent, err := s.Store.TokensSince(ctx, acct.ID, purposePasswordReset, now.Add(-time.Hour))
	if err != nil {
		return err
	}
	token, tokenHash := auth.NewToken()
	expires := now.Add(PasswordResetTTL)
	m, err := mail.Compose(s.mailDomain(), acct.ID, email, mail.TemplatePasswordReset, mail.PasswordResetData{
		Office: mo, Name: acct.Name, ResetURL: s.link("/reset-password", token), ExpiresAt: expires,
	})
	if err != nil {
		return err
	}
	switch {
	case !known:
		s.Log.InfoContext(ctx, "password reset requested for an unknown address")
		return nil
	case recent >= PasswordResetsPerHour:
		s.Log.InfoContext(ctx, "password reset refused: hourly limit of the address", "account", acct.ID)
		return nil
	}
	if err := s.Store.AddToken(ctx, tokenHash, purposePasswordReset, acct.ID, now, expires, m); err != nil {
		return err
	}
	s.mailQueued()
	s.Log.InfoContext(ctx, "password reset mailed", "account", acct.ID)
	return nil
}

// padTo waits until the wall-clock time until (or the end of ctx).
func (s *Service) padTo(ctx context.Context, until time.Time) {
	d := time.Until(until)
	if d <= 0 {
		return
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
}

// ResetPassword sets a new password with the token of a reset link, ends
// every session of the account and opens a new one. The token works once
// and for PasswordResetTTL; unknown, used, expired or superseded (by a
// reset that succeeded) tokens get NOT_FOUND. The password follows the
// sign-up policy (VALIDATION on field password). A suspended job seeker
// gets SUSPENDED and nothing changes.
func (s *Service) ResetPassword(ctx context.Context, token, pw string) (Session, error) {
	if token == "" || len(token) > 128 {
		return Session{}, errBadResetToken
	}
	now := s.Now()
	tokenHash := auth.HashToken(token)
	id, err := s.Store.TokenAccount(ctx, tokenHash, purposePasswordReset, now)
	if errors.Is(err, apperr.ErrNotFound) {
		return Session{}, errBadResetToken
	}
	if err != nil {
		return Session{}, err
	}
	acct, err := s.Store.AccountByID(ctx, id)
	if err != nil {
		return Session{}, err
	}
	if err := validate.Password("password", pw, acct.Email, jobSeekerNumber(acct)); err != nil {
		return Session{}, err
	}
	if acct.JobSeeker != nil && acct.JobSeeker.SuspendedOn(s.today(ctx, now)) {
		return Session{}, suspendedError(acct.JobSeeker.Suspension)
	}
	hash, err := s.hashPassword(ctx, pw)
	if err != nil {
		return Session{}, fmt.Errorf("account %d: password reset: %w", acct.ID, err)
	}
	session, sessionHash := auth.NewToken()
	expires := now.Add(sessionTTL(acct.Role))
	err = s.Store.SetPassword(ctx, PasswordChange{AccountID: acct.ID, PasswordHash: hash, ResetTokenHash: tokenHash,
		NewSessionHash: sessionHash, NewSessionExpires: expires, At: now})
	if errors.Is(err, apperr.ErrNotFound) {
		return Session{}, errBadResetToken // used by a concurrent request
	}
	if err != nil {
		return Session{}, err
	}
	s.Log.InfoContext(ctx, "password reset", "account", acct.ID)
	if acct, err = s.Store.AccountByID(ctx, acct.ID); err != nil {
		return Session{}, err
	}
	return Session{Token: session, ExpiresAt: expires, Account: acct}, nil
}

// ChangePassword sets a new password for the signed-in account, job seeker
// or staff, and ends every other session of it; the caller's stays open.
// A wrong current password gets VALIDATION on field currentPassword and
// counts as a failed sign-in of the account (so the sign-in limits bound
// guessing here too); the new password follows the sign-up policy
// (VALIDATION on field newPassword) and must differ from the current one.
func (s *Service) ChangePassword(ctx context.Context, current, next string) error {
	actor, err := auth.RequireSignedIn(ctx)
	if err != nil {
		return err
	}
	acct, err := s.Store.AccountByID(ctx, actor.AccountID)
	if err != nil {
		return err
	}
	if err := validate.Password("newPassword", next, acct.Email, jobSeekerNumber(acct)); err != nil {
		return err
	}
	if next == current {
		return errSamePassword
	}
	if len(current) > validate.PasswordMaxBytes {
		return errWrongCurrentPassword
	}
	now := s.Now()
	client := auth.ClientFrom(ctx)
	attempt, err := s.Store.RecordSignInFailure(ctx, acct.Email, client.IP, now)
	if err != nil {
		return err
	}
	forget := func() error { return s.Store.ForgetSignInFailure(context.WithoutCancel(ctx), attempt) }
	if err := s.checkSignInRate(ctx, acct.Email, client.IP, now); err != nil {
		return errors.Join(err, forget())
	}
	_, hash, err := s.Store.Credentials(ctx, acct.Email)
	if err != nil {
		return errors.Join(err, forget())
	}
	ok, err := s.checkPassword(ctx, current, hash)
	if err != nil {
		return errors.Join(fmt.Errorf("account %d: password check: %w", acct.ID, err), forget())
	}
	if !ok {
		return errWrongCurrentPassword
	}
	if err := forget(); err != nil {
		return err
	}
	newHash, err := s.hashPassword(ctx, next)
	if err != nil {
		return fmt.Errorf("account %d: password change: %w", acct.ID, err)
	}
	if err := s.Store.SetPassword(ctx, PasswordChange{AccountID: acct.ID, PasswordHash: newHash,
		KeepSession: actor.TokenHash, At: now}); err != nil {
		return err
	}
	s.Log.InfoContext(ctx, "password changed", "account", acct.ID)
	return nil
}

func jobSeekerNumber(a Account) string {
	if a.JobSeeker == nil {
		return ""
	}
	return a.JobSeeker.Number
}

func sessionTTL(r auth.Role) time.Duration {
	if r == auth.JobSeeker {
		return JobSeekerSessionTTL
	}
	return StaffSessionTTL
}

// UpdateMyPhone replaces the signed-in job seeker's phone number, validated
// and normalised as at sign-up (VALIDATION on field phone, nothing changed).
// Staff get FORBIDDEN.
func (s *Service) UpdateMyPhone(ctx context.Context, phone string) (Account, error) {
	actor, err := auth.RequireJobSeeker(ctx)
	if err != nil {
		return Account{}, err
	}
	p, err := validate.PhoneNumber("phone", phone)
	if err != nil {
		return Account{}, err
	}
	if err := s.Store.UpdatePhone(ctx, actor.AccountID, p, s.Now()); err != nil {
		return Account{}, err
	}
	s.Log.InfoContext(ctx, "phone updated", "account", actor.AccountID)
	return s.Store.AccountByID(ctx, actor.AccountID)
}
