// Staff accounts: created by an administrator, listed, deactivated.

package account

import (
	"context"
	"errors"
	"fmt"

	"soudan/internal/apperr"
	"soudan/internal/auth"
	"soudan/internal/mail"
	"soudan/internal/validate"
)

// StaffAccounts lists the office's staff (staff only), for example to
// choose a counselor.
func (s *Service) StaffAccounts(ctx context.Context) ([]Account, error) {
	actor, err := auth.RequireStaff(ctx)
	if err != nil {
		return nil, err
	}
	return s.Store.StaffAccounts(ctx, actor.OfficeID)
}

// DeactivateStaff ends a counselor's or administrator's use of the service
// (ADMIN only): the account's sessions end at once and it can no longer
// sign in. Administrators cannot deactivate themselves.
func (s *Service) DeactivateStaff(ctx context.Context, id int64) (Account, error) {
	actor, err := auth.RequireAdmin(ctx)
	if err != nil {
		return Account{}, err
	}
	if id == actor.AccountID {
		return Account{}, apperr.Invalid("id", "ご自身のアカウントは無効にできません。", "administrators cannot deactivate themselves")
	}
	a, err := s.Store.DeactivateStaff(ctx, actor.OfficeID, id, s.Now())
	if errors.Is(err, apperr.ErrNotFound) {
		return Account{}, apperr.New(apperr.NotFound, "職員のアカウントが見つかりません。", "no such staff account")
	}
	if err != nil {
		return Account{}, err
	}
	s.Log.InfoContext(ctx, "staff deactivated", "account", id, "by", actor.AccountID)
	return a, nil
}

// StaffInput is a new staff account.
type StaffInput struct {
	Email, Password, Name string
	Role                  auth.Role
}

// CreateStaff adds a counselor or administrator (ADMIN only) and mails them.
func (s *Service) CreateStaff(ctx context.Context, in StaffInput) (Account, error) {
	if _, err := auth.RequireAdmin(ctx); err != nil {
		return Account{}, err
	}
	return s.createStaff(ctx, in, true)
}

// CreateAdmin adds an administrator without a signed-in caller: for the
// `server create-admin` command and the first start with
// SOUDAN_ADMIN_EMAIL. With onlyIfNone it does nothing (and reports false)
// when the office already has an administrator.
func (s *Service) CreateAdmin(ctx context.Context, email, pw, name string, onlyIfNone bool) (bool, error) {
	if onlyIfNone {
		o, err := s.Offices.Office(ctx)
		if err != nil {
			return false, err
		}
		has, err := s.Store.HasAdmin(ctx, o.ID)
		if err != nil || has {
			return false, err
		}
	}
	_, err := s.createStaff(ctx, StaffInput{Email: email, Password: pw, Name: name, Role: auth.Admin}, false)
	return err == nil, err
}

func (s *Service) createStaff(ctx context.Context, in StaffInput, notify bool) (Account, error) {
	if in.Role != auth.Counselor && in.Role != auth.Admin {
		return Account{}, apperr.Invalid("input.role", "職員の役割は COUNSELOR か ADMIN です。", "a staff role is COUNSELOR or ADMIN")
	}
	email, err := validate.Email("input.email", in.Email)
	if err != nil {
		return Account{}, err
	}
	name, err := validate.Name("input.name", in.Name)
	if err != nil {
		return Account{}, err
	}
	if err := validate.Password("input.password", in.Password, email, ""); err != nil {
		return Account{}, err
	}
	o, mo, err := s.mailOffice(ctx)
	if err != nil {
		return Account{}, err
	}
	hash, err := s.hashPassword(ctx, in.Password)
	if err != nil {
		return Account{}, fmt.Errorf("account: staff: %w", err)
	}
	now := s.Now()
	var m mail.Outgoing
	if notify {
		m, err = mail.Compose(s.mailDomain(), 0, email, mail.TemplateStaffWelcome, mail.StaffWelcomeData{
			Office: mo, Name: name, SignInURL: s.PublicURL + "/staff",
		})
		if err != nil {
			return Account{}, err
		}
	}
	acct, err := s.Store.CreateStaff(ctx, Account{OfficeID: o.ID, Email: email, Role: in.Role, Name: name,
		EmailVerifiedAt: &now, CreatedAt: now}, hash, m)
	if err != nil {
		return Account{}, err
	}
	if notify {
		s.mailQueued()
	}
	s.Log.InfoContext(ctx, "staff account created", "account", acct.ID, "role", string(in.Role))
	return acct, nil
}
