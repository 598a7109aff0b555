// Sign-up by a job seeker and the confirmation of their e-mail address.

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

// SignUpInput is a job seeker's sign-up form.
type SignUpInput struct {
	Email, Password, Name, JobSeekerNumber, Phone string
}

// SignUp creates an unverified job-seeker account and mails a link to
// confirm the e-mail address. Anyone may sign up. Every field is validated
// (VALIDATION naming the field, nothing written).
//
// A sign-up must not tell whether an address or a 求職番号 is registered:
// when either is taken nothing is created, the zero Account and no error
// are returned, and a mail says what happened instead — to the registered
// address that someone tried to sign up with it (with the sign-in and
// password-reset pages), or, when only the 求職番号 is taken, to the typed
// address that the number is registered and whom to call. Callers answer
// all three cases alike.
func (s *Service) SignUp(ctx context.Context, in SignUpInput) (Account, error) {
	p, err := validateProfile(in.Email, in.Name, in.JobSeekerNumber, in.Phone)
	if err != nil {
		return Account{}, err
	}
	email, name, number, phone := p.email, p.name, p.number, p.phone
	if err := validate.Password("input.password", in.Password, email, number); err != nil {
		return Account{}, err
	}
	o, mo, err := s.mailOffice(ctx)
	if err != nil {
		return Account{}, err
	}
	hash, err := s.hashPassword(ctx, in.Password)
	if err != nil {
		return Account{}, fmt.Errorf("account: sign-up: %w", err)
	}
	now := s.Now()
	token, tokenHash := auth.NewToken()
	expires := now.Add(VerifyEmailTTL)
	data := mail.VerifyEmailData{Office: mo, Name: name, VerifyURL: s.link("/verify-email", token), ExpiresAt: expires}
	m, err := mail.Compose(s.mailDomain(), 0, email, mail.TemplateVerifyEmail, data)
	if err != nil {
		return Account{}, err
	}
	data.VerifyURL = ""
	if m, err = m.WithNotice(mail.TemplateVerifyEmail, data); err != nil {
		return Account{}, err
	}
	acct, err := s.Store.CreateJobSeeker(ctx, NewJobSeeker{
		Account:      Account{OfficeID: o.ID, Email: email, Role: auth.JobSeeker, Name: name, CreatedAt: now},
		PasswordHash: hash, Number: number, Phone: phone,
		VerifyTokenHash: tokenHash, VerifyExpiresAt: expires, SameName: validate.SameName,
	}, m)
	if errors.Is(err, ErrDuplicate) {
		return Account{}, s.signUpTaken(ctx, email, mo, now)
	}
	if err != nil {
		return Account{}, err
	}
	s.mailQueued()
	s.Log.InfoContext(ctx, "job seeker signed up", "account", acct.ID)
	return acct, nil
}

// signUpTaken mails, for a sign-up that found its e-mail or 求職番号 taken,
// the registered address (the e-mail is taken) or the typed one (only the
// number is).
func (s *Service) signUpTaken(ctx context.Context, email string, mo mail.Office, now time.Time) error {
	data := mail.SignUpRegisteredData{Office: mo, SignInURL: s.PublicURL + "/login", ForgotPasswordURL: s.PublicURL + "/forgot-password"}
	tmpl, accountID := mail.TemplateSignUpNumberRegistered, int64(0)
	existing, _, err := s.Store.Credentials(ctx, email)
	switch {
	case err == nil:
		tmpl, accountID, data.Name = mail.TemplateSignUpAddressRegistered, existing.ID, existing.Name
	case !errors.Is(err, apperr.ErrNotFound):
		return err
	}
	m, err := mail.Compose(s.mailDomain(), accountID, email, tmpl, data)
	if err == nil && accountID != 0 {
		m, err = m.WithNotice(tmpl, data)
	}
	if err != nil {
		return err
	}
	if err := s.Store.QueueMail(ctx, m, now); err != nil {
		return err
	}
	s.mailQueued()
	s.Log.InfoContext(ctx, "sign-up found its address or number registered; mailed instead", "account", accountID)
	return nil
}

// VerifyEmail confirms the e-mail address of the account the token was
// mailed to. A token works once; unknown, used and expired tokens get
// NOT_FOUND.
func (s *Service) VerifyEmail(ctx context.Context, token string) (Account, error) {
	if token == "" || len(token) > 128 {
		return Account{}, errBadToken
	}
	now := s.Now()
	id, err := s.Store.ConsumeToken(ctx, auth.HashToken(token), purposeVerifyEmail, now)
	if errors.Is(err, apperr.ErrNotFound) {
		return Account{}, errBadToken
	}
	if err != nil {
		return Account{}, err
	}
	if err := s.Store.MarkEmailVerified(ctx, id, now); err != nil {
		return Account{}, err
	}
	return s.Store.AccountByID(ctx, id)
}

// ResendVerification mails a new confirmation link to the signed-in job
// seeker whose address is not confirmed yet. It reports whether it sent one.
func (s *Service) ResendVerification(ctx context.Context) (bool, error) {
	actor, err := auth.RequireJobSeeker(ctx)
	if err != nil {
		return false, err
	}
	acct, err := s.Store.AccountByID(ctx, actor.AccountID)
	if err != nil {
		return false, err
	}
	if acct.EmailVerified() {
		return false, nil
	}
	_, mo, err := s.mailOffice(ctx)
	if err != nil {
		return false, err
	}
	now := s.Now()
	token, tokenHash := auth.NewToken()
	expires := now.Add(VerifyEmailTTL)
	data := mail.VerifyEmailData{Office: mo, Name: acct.Name, VerifyURL: s.link("/verify-email", token), ExpiresAt: expires}
	m, err := mail.Compose(s.mailDomain(), acct.ID, acct.Email, mail.TemplateVerifyEmail, data)
	if err != nil {
		return false, err
	}
	data.VerifyURL = ""
	if m, err = m.WithNotice(mail.TemplateVerifyEmail, data); err != nil {
		return false, err
	}
	if err := s.Store.AddToken(ctx, tokenHash, purposeVerifyEmail, acct.ID, now, expires, m); err != nil {
		return false, err
	}
	s.mailQueued()
	return true, nil
}
