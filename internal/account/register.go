package account

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"time"

	"soudan/internal/apperr"
	"soudan/internal/auth"
	"soudan/internal/mail"
	"soudan/internal/validate"
)

// SetPasswordTTL is how long the password-setting link of a job seeker
// registered by staff stays valid.
const SetPasswordTTL = 7 * 24 * time.Hour

// RegisterInput is a job seeker that staff register by phone.
type RegisterInput struct {
	Email, Name, JobSeekerNumber, Phone string
}

// RegisterJobSeeker registers a job seeker who applied by phone and has no
// site account (staff only, Art 6(2)(3)): the 求職番号 and the address are
// taken as confirmed by staff, so the person is eligible at once, and a
// mail carries a link to set a password if they ever want to use the site.
// A 求職番号 or e-mail already registered is VALIDATION naming the field.
func (s *Service) RegisterJobSeeker(ctx context.Context, in RegisterInput) (Account, error) {
	actor, err := auth.RequireStaff(ctx)
	if err != nil {
		return Account{}, err
	}
	email, err := validate.Email("input.email", in.Email)
	if err != nil {
		return Account{}, err
	}
	name, err := validate.Name("input.name", in.Name)
	if err != nil {
		return Account{}, err
	}
	number, err := validate.JobSeekerNumber("input.jobSeekerNumber", in.JobSeekerNumber)
	if err != nil {
		return Account{}, err
	}
	phone, err := validate.PhoneNumber("input.phone", in.Phone)
	if err != nil {
		return Account{}, err
	}
	o, mo, err := s.mailOffice(ctx)
	if err != nil {
		return Account{}, err
	}
	if o.ID != actor.OfficeID {
		return Account{}, auth.ErrForbidden
	}
	// Nobody knows this password: the person sets their own through the
	// link, or never uses the site.
	var secret [32]byte
	if _, err := rand.Read(secret[:]); err != nil {
		return Account{}, err
	}
	hash, err := s.hashPassword(ctx, base64.RawURLEncoding.EncodeToString(secret[:]))
	if err != nil {
		return Account{}, fmt.Errorf("account: register: %w", err)
	}
	now := s.Now()
	token, tokenHash := auth.NewToken()
	expires := now.Add(SetPasswordTTL)
	data := mail.RegisteredByStaffData{Office: mo, Name: name, SetPasswordURL: s.link("/reset-password", token), ExpiresAt: expires}
	m, err := mail.Compose(s.mailDomain(), 0, email, mail.TemplateRegisteredByStaff, data)
	if err != nil {
		return Account{}, err
	}
	data.SetPasswordURL = s.PublicURL + "/forgot-password"
	if m, err = m.WithNotice(mail.TemplateRegisteredByStaff, data); err != nil {
		return Account{}, err
	}
	acct, err := s.Store.CreateJobSeeker(ctx, NewJobSeeker{
		Account:      Account{OfficeID: o.ID, Email: email, Role: auth.JobSeeker, Name: name, CreatedAt: now},
		PasswordHash: hash, Number: number, Phone: phone,
		VerifyTokenHash: tokenHash, VerifyExpiresAt: expires,
		RegisteredBy: actor.AccountID, TokenPurpose: purposePasswordReset,
	}, m)
	if errors.Is(err, ErrDuplicate) {
		if _, _, cerr := s.Store.Credentials(ctx, email); cerr == nil {
			return Account{}, apperr.Invalid("input.email", "このメールアドレスは、すでに登録されています。", "that e-mail address is registered")
		}
		return Account{}, apperr.Invalid("input.jobSeekerNumber", "この求職番号は、すでに登録されています。", "that 求職番号 is registered")
	}
	if err != nil {
		return Account{}, err
	}
	s.mailQueued()
	s.Log.InfoContext(ctx, "job seeker registered by staff", "account", acct.ID, "by", actor.AccountID)
	return acct, nil
}
