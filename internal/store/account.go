package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	mysqldriver "github.com/go-sql-driver/mysql"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"soudan/internal/account"
	"soudan/internal/apperr"
	"soudan/internal/auth"
	"soudan/internal/calendar"
	"soudan/internal/mail"
	"soudan/internal/validate"
)

var _ account.Store = (*Store)(nil)

// Associated data binding each sealed column to its place.
const (
	adPhone            = "job_seekers.phone"
	adSuspensionReason = "job_seekers.suspension_reason"
)

type accountRow struct {
	ID              int64 `gorm:"primaryKey"`
	OfficeID        int64
	Email           string
	Role            string
	Name            string
	PasswordHash    string
	EmailVerifiedAt *time.Time
	DeactivatedAt   *time.Time
	CreatedAt       time.Time
	UpdatedAt       time.Time
}

func (accountRow) TableName() string { return "accounts" }

type jobSeekerRow struct {
	AccountID              int64 `gorm:"primaryKey;autoIncrement:false"`
	JobSeekerNumber        string
	PhoneSealed            string
	PhoneIndex             *string
	RegistrationVerifiedAt *time.Time
	RegistrationVerifiedBy *int64
	SuspendedAt            *time.Time
	SuspendedUntil         nullDate
	SuspensionReasonSealed *string
	SuspendedBy            *int64
	NoShowCount            int
	FlaggedForReview       bool
}

func (jobSeekerRow) TableName() string { return "job_seekers" }

type registrationRow struct {
	OfficeID        int64  `gorm:"primaryKey;autoIncrement:false"`
	JobSeekerNumber string `gorm:"primaryKey"`
	Name            string
	ImportedAt      time.Time
	ImportedBy      *int64
}

func (registrationRow) TableName() string { return "registrations" }

type tokenRow struct {
	TokenHash string `gorm:"primaryKey"`
	Purpose   string
	AccountID int64
	CreatedAt time.Time
	ExpiresAt time.Time
	UsedAt    *time.Time
	RevokedAt *time.Time
}

func (tokenRow) TableName() string { return "auth_tokens" }

type signInFailureRow struct {
	ID       int64 `gorm:"primaryKey"`
	Email    string
	IP       string `gorm:"column:ip"`
	FailedAt time.Time
}

func (signInFailureRow) TableName() string { return "sign_in_failures" }

// accountJoin is an account with its job-seeker profile, if any. It
// leaves out the password hash, which only Credentials reads.
type accountJoin struct {
	ID                     int64
	OfficeID               int64
	Email                  string
	Role                   string
	Name                   string
	EmailVerifiedAt        *time.Time
	DeactivatedAt          *time.Time
	CreatedAt              time.Time
	JSAccountID            *int64
	JobSeekerNumber        *string
	PhoneSealed            *string
	RegistrationVerifiedAt *time.Time
	SuspendedAt            *time.Time
	SuspendedUntil         nullDate
	SuspensionReasonSealed *string
	NoShowCount            *int
	FlaggedForReview       *bool
}

// accountColumns are the columns of accountJoin, in the order of its
// fields, from accounts a and job_seekers j.
const accountColumns = `SELECT a.id, a.office_id, a.email, a.role, a.name,
	a.email_verified_at, a.deactivated_at, a.created_at, j.account_id, j.job_seeker_number, j.phone_sealed,
	j.registration_verified_at, j.suspended_at, j.suspended_until, j.suspension_reason_sealed,
	j.no_show_count, j.flagged_for_review`

const accountFrom = `
	FROM accounts a LEFT JOIN job_seekers j ON j.account_id = a.id`

const accountSelect = accountColumns + accountFrom

// fields are where the columns of accountColumns are scanned to.
func (r *accountJoin) fields() []any {
	return []any{&r.ID, &r.OfficeID, &r.Email, &r.Role, &r.Name,
		&r.EmailVerifiedAt, &r.DeactivatedAt, &r.CreatedAt, &r.JSAccountID, &r.JobSeekerNumber, &r.PhoneSealed,
		&r.RegistrationVerifiedAt, &r.SuspendedAt, &r.SuspendedUntil, &r.SuspensionReasonSealed,
		&r.NoShowCount, &r.FlaggedForReview}
}

// scanAccounts runs a query selecting accountColumns, then the columns
// whose destinations are extra, and calls each with every row's account,
// extra holding the row's other columns. The rows are scanned by hand: the
// session lookup behind every request runs it.
func (s *Store) scanAccounts(ctx context.Context, each func(accountJoin) error, extra []any, query string, args ...any) error {
	return s.scanRows(ctx, func(scan func(...any) error) error {
		var r accountJoin
		if err := scan(append(r.fields(), extra...)...); err != nil {
			return err
		}
		return each(r)
	}, query, args...)
}

// accounts returns the accounts a query selecting accountSelect finds, in
// its order (an empty list, not nil, when it finds none).
func (s *Store) accounts(ctx context.Context, query string, args ...any) ([]account.Account, error) {
	out := []account.Account{}
	err := s.scanAccounts(ctx, func(r accountJoin) error {
		a, err := s.toAccount(r)
		out = append(out, a)
		return err
	}, nil, query, args...)
	return out, err
}

func (s *Store) toAccount(r accountJoin) (account.Account, error) {
	a := account.Account{
		ID: r.ID, OfficeID: r.OfficeID, Email: r.Email, Role: auth.Role(r.Role), Name: r.Name,
		EmailVerifiedAt: r.EmailVerifiedAt, DeactivatedAt: r.DeactivatedAt, CreatedAt: r.CreatedAt,
	}
	if r.JSAccountID == nil {
		return a, nil
	}
	phone, err := s.openPhone(*r.PhoneSealed, adPhone)
	if err != nil {
		return a, fmt.Errorf("store: account %d phone: %w", r.ID, err)
	}
	js := &account.JobSeeker{
		AccountID: r.ID, Name: r.Name, Email: r.Email, Number: *r.JobSeekerNumber,
		Phone:           phone,
		EmailVerifiedAt: r.EmailVerifiedAt, RegistrationVerifiedAt: r.RegistrationVerifiedAt,
		NoShowCount: *r.NoShowCount, FlaggedForReview: *r.FlaggedForReview, CreatedAt: r.CreatedAt,
	}
	if r.SuspendedAt != nil {
		reason := ""
		if r.SuspensionReasonSealed != nil {
			if reason, err = s.open(*r.SuspensionReasonSealed, adSuspensionReason); err != nil {
				return a, fmt.Errorf("store: account %d suspension: %w", r.ID, err)
			}
		}
		js.Suspension = &account.Suspension{Reason: reason, Since: *r.SuspendedAt, Until: r.SuspendedUntil.ptr()}
	}
	a.JobSeeker = js
	return a, nil
}

// CreateJobSeeker inserts a job seeker with a verification token and mail.
func (s *Store) CreateJobSeeker(ctx context.Context, n account.NewJobSeeker, m mail.Outgoing) (account.Account, error) {
	phone, err := s.sealPhone(n.Phone, adPhone)
	if err != nil {
		return account.Account{}, err
	}
	phoneIndex := s.phoneIndex(n.Phone.E164)
	var id int64
	err = s.transaction(ctx, func(tx *gorm.DB) error {
		now := utc(n.Account.CreatedAt)
		row := accountRow{OfficeID: n.Account.OfficeID, Email: n.Account.Email, Role: string(auth.JobSeeker),
			Name: n.Account.Name, PasswordHash: n.PasswordHash, CreatedAt: now, UpdatedAt: now}
		if n.RegisteredBy != 0 {
			row.EmailVerifiedAt = &now
		}
		if err := tx.Create(&row).Error; err != nil {
			return err
		}
		id = row.ID
		js := jobSeekerRow{AccountID: id, JobSeekerNumber: n.Number, PhoneSealed: phone, PhoneIndex: &phoneIndex}
		var roster []registrationRow
		if err := tx.Where("office_id = ? AND job_seeker_number = ?", n.Account.OfficeID, n.Number).
			Limit(1).Find(&roster).Error; err != nil {
			return err
		}
		if len(roster) > 0 && n.SameName != nil && n.SameName(roster[0].Name, n.Account.Name) {
			js.RegistrationVerifiedAt = &now
		}
		if n.RegisteredBy != 0 {
			by := n.RegisteredBy
			js.RegistrationVerifiedAt, js.RegistrationVerifiedBy = &now, &by
		}
		if err := tx.Create(&js).Error; err != nil {
			return err
		}
		purpose := n.TokenPurpose
		if purpose == "" {
			purpose = "verify_email"
		}
		tok := tokenRow{TokenHash: n.VerifyTokenHash, Purpose: purpose, AccountID: id,
			CreatedAt: now, ExpiresAt: utc(n.VerifyExpiresAt)}
		if err := tx.Create(&tok).Error; err != nil {
			return err
		}
		m.AccountID = id
		return s.enqueueMail(tx, m, now)
	})
	if isDuplicate(err) {
		return account.Account{}, account.ErrDuplicate
	}
	if err != nil {
		return account.Account{}, fmt.Errorf("store: create job seeker: %w", err)
	}
	return s.AccountByID(ctx, id)
}

// CreateStaff inserts a staff account and, if m.To is set, its mail.
func (s *Store) CreateStaff(ctx context.Context, a account.Account, passwordHash string, m mail.Outgoing) (account.Account, error) {
	var id int64
	err := s.transaction(ctx, func(tx *gorm.DB) error {
		now := utc(a.CreatedAt)
		row := accountRow{OfficeID: a.OfficeID, Email: a.Email, Role: string(a.Role), Name: a.Name,
			PasswordHash: passwordHash, EmailVerifiedAt: utcPtr(a.EmailVerifiedAt), CreatedAt: now, UpdatedAt: now}
		if err := tx.Create(&row).Error; err != nil {
			return err
		}
		id = row.ID
		if m.To == "" {
			return nil
		}
		m.AccountID = id
		return s.enqueueMail(tx, m, now)
	})
	if isDuplicate(err) {
		return account.Account{}, account.ErrDuplicate
	}
	if err != nil {
		return account.Account{}, fmt.Errorf("store: create staff: %w", err)
	}
	return s.AccountByID(ctx, id)
}

// HasAdmin reports whether the office has an administrator.
func (s *Store) HasAdmin(ctx context.Context, officeID int64) (bool, error) {
	var n int64
	err := s.db.WithContext(ctx).Model(&accountRow{}).
		Where("office_id = ? AND role = ?", officeID, string(auth.Admin)).Count(&n).Error
	if err != nil {
		return false, fmt.Errorf("store: has admin: %w", classify(err))
	}
	return n > 0, nil
}

// StaffAccounts lists the office's counselors and administrators by name.
func (s *Store) StaffAccounts(ctx context.Context, officeID int64) ([]account.Account, error) {
	out, err := s.accounts(ctx, accountSelect+" WHERE a.office_id = ? AND a.role IN (?, ?) AND a.deactivated_at IS NULL ORDER BY a.name, a.id",
		officeID, string(auth.Counselor), string(auth.Admin))
	if err != nil {
		return nil, fmt.Errorf("store: staff accounts: %w", err)
	}
	return out, nil
}

// DeactivateStaff marks an active staff account of the office deactivated
// and revokes its sessions, in one transaction. A staff account that is
// already deactivated is returned unchanged; anything else is ErrNotFound.
func (s *Store) DeactivateStaff(ctx context.Context, officeID, id int64, at time.Time) (account.Account, error) {
	err := s.transaction(ctx, func(tx *gorm.DB) error {
		var n int64
		if err := tx.Model(&accountRow{}).Where("id = ? AND office_id = ? AND role IN (?, ?)",
			id, officeID, string(auth.Counselor), string(auth.Admin)).Count(&n).Error; err != nil {
			return err
		}
		if n == 0 {
			return gorm.ErrRecordNotFound
		}
		if err := tx.Model(&accountRow{}).Where("id = ? AND deactivated_at IS NULL", id).
			Updates(map[string]any{"deactivated_at": utc(at), "updated_at": utc(at)}).Error; err != nil {
			return err
		}
		return tx.Model(&tokenRow{}).Where("account_id = ? AND purpose = 'session' AND revoked_at IS NULL", id).
			Update("revoked_at", utc(at)).Error
	})
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return account.Account{}, fmt.Errorf("store: deactivate staff %d: %w", id, apperr.ErrNotFound)
	}
	if err != nil {
		return account.Account{}, fmt.Errorf("store: deactivate staff %d: %w", id, classify(err))
	}
	return s.AccountByID(ctx, id)
}

// AccountByID returns an account with its job-seeker profile.
func (s *Store) AccountByID(ctx context.Context, id int64) (account.Account, error) {
	rows, err := s.accounts(ctx, accountSelect+" WHERE a.id = ?", id)
	if err != nil {
		return account.Account{}, fmt.Errorf("store: account %d: %w", id, err)
	}
	if len(rows) == 0 {
		return account.Account{}, fmt.Errorf("store: account %d: %w", id, apperr.ErrNotFound)
	}
	return rows[0], nil
}

// Credentials returns the account and password hash for an e-mail.
func (s *Store) Credentials(ctx context.Context, email string) (account.Account, string, error) {
	var found []account.Account
	var hash string
	err := s.scanAccounts(ctx, func(r accountJoin) error {
		a, err := s.toAccount(r)
		found = append(found, a)
		return err
	}, []any{&hash}, accountColumns+", a.password_hash"+accountFrom+" WHERE a.email = ?", email)
	if err != nil {
		return account.Account{}, "", fmt.Errorf("store: credentials: %w", err)
	}
	if len(found) == 0 {
		return account.Account{}, "", fmt.Errorf("store: credentials: %w", apperr.ErrNotFound)
	}
	return found[0], hash, nil
}

// ConsumeToken marks a live token used and returns its account.
func (s *Store) ConsumeToken(ctx context.Context, hash, purpose string, now time.Time) (int64, error) {
	var id int64
	err := s.transaction(ctx, func(tx *gorm.DB) error {
		var t tokenRow
		err := tx.Where("token_hash = ? AND purpose = ? AND used_at IS NULL AND revoked_at IS NULL AND expires_at > ?",
			hash, purpose, utc(now)).Take(&t).Error
		if err != nil {
			return err
		}
		res := tx.Model(&tokenRow{}).Where("token_hash = ? AND used_at IS NULL", hash).Update("used_at", utc(now))
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected != 1 {
			return gorm.ErrRecordNotFound // used by a concurrent request
		}
		id = t.AccountID
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("store: consume token: %w", err)
	}
	return id, nil
}

// TokenAccount returns the account of a live token without using it.
func (s *Store) TokenAccount(ctx context.Context, hash, purpose string, now time.Time) (int64, error) {
	var t tokenRow
	err := s.db.WithContext(ctx).Where("token_hash = ? AND purpose = ? AND used_at IS NULL AND revoked_at IS NULL AND expires_at > ?",
		hash, purpose, utc(now)).Take(&t).Error
	if err != nil {
		return 0, fmt.Errorf("store: token: %w", classify(err))
	}
	return t.AccountID, nil
}

// TokensSince counts the tokens of a purpose issued to an account after since.
func (s *Store) TokensSince(ctx context.Context, accountID int64, purpose string, since time.Time) (int, error) {
	var n int64
	err := s.db.WithContext(ctx).Model(&tokenRow{}).
		Where("account_id = ? AND purpose = ? AND created_at > ?", accountID, purpose, utc(since)).Count(&n).Error
	if err != nil {
		return 0, fmt.Errorf("store: tokens since: %w", classify(err))
	}
	return int(n), nil
}

// SetPassword replaces an account's password hash: it uses the reset token
// (if any), revokes the other sessions and the unused reset tokens, and
// opens the new session (if any), all in one transaction.
func (s *Store) SetPassword(ctx context.Context, c account.PasswordChange) error {
	at := utc(c.At)
	err := s.transaction(ctx, func(tx *gorm.DB) error {
		if c.ResetTokenHash != "" {
			res := tx.Model(&tokenRow{}).Where(`token_hash = ? AND purpose = 'password_reset' AND account_id = ?
				AND used_at IS NULL AND revoked_at IS NULL AND expires_at > ?`, c.ResetTokenHash, c.AccountID, at).
				Update("used_at", at)
			if res.Error != nil {
				return res.Error
			}
			if res.RowsAffected != 1 {
				return gorm.ErrRecordNotFound // used, revoked or expired meanwhile
			}
			if err := tx.Model(&accountRow{}).Where("id = ? AND email_verified_at IS NULL", c.AccountID).
				Update("email_verified_at", at).Error; err != nil {
				return err
			}
		}
		res := tx.Model(&accountRow{}).Where("id = ?", c.AccountID).
			Updates(map[string]any{"password_hash": c.PasswordHash, "updated_at": at})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected != 1 {
			return gorm.ErrRecordNotFound
		}
		if err := tx.Model(&tokenRow{}).
			Where("account_id = ? AND purpose = 'session' AND revoked_at IS NULL AND token_hash <> ?", c.AccountID, c.KeepSession).
			Update("revoked_at", at).Error; err != nil {
			return err
		}
		if err := tx.Model(&tokenRow{}).
			Where("account_id = ? AND purpose = 'password_reset' AND used_at IS NULL AND revoked_at IS NULL", c.AccountID).
			Update("revoked_at", at).Error; err != nil {
			return err
		}
		if c.NewSessionHash == "" {
			return nil
		}
		return tx.Create(&tokenRow{TokenHash: c.NewSessionHash, Purpose: "session", AccountID: c.AccountID,
			CreatedAt: at, ExpiresAt: utc(c.NewSessionExpires)}).Error
	})
	if err != nil {
		return fmt.Errorf("store: set password of %d: %w", c.AccountID, classify(err))
	}
	return nil
}

// UpdatePhone replaces a job seeker's phone, sealed, and its blind index.
func (s *Store) UpdatePhone(ctx context.Context, accountID int64, phone validate.Phone, at time.Time) error {
	sealed, err := s.sealPhone(phone, adPhone)
	if err != nil {
		return err
	}
	index := s.phoneIndex(phone.E164)
	err = s.transaction(ctx, func(tx *gorm.DB) error {
		res := tx.Model(&jobSeekerRow{}).Where("account_id = ?", accountID).
			Updates(map[string]any{"phone_sealed": sealed, "phone_index": index})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected != 1 {
			return gorm.ErrRecordNotFound
		}
		return tx.Model(&accountRow{}).Where("id = ?", accountID).Update("updated_at", utc(at)).Error
	})
	if err != nil {
		return fmt.Errorf("store: update phone of %d: %w", accountID, classify(err))
	}
	return nil
}

// MarkEmailVerified records the confirmation of an account's e-mail.
func (s *Store) MarkEmailVerified(ctx context.Context, accountID int64, at time.Time) error {
	err := s.db.WithContext(ctx).Model(&accountRow{}).
		Where("id = ? AND email_verified_at IS NULL", accountID).
		Updates(map[string]any{"email_verified_at": utc(at), "updated_at": utc(at)}).Error
	if err != nil {
		return fmt.Errorf("store: mark e-mail verified: %w", classify(err))
	}
	return nil
}

// AddToken stores a token hash, and queues m if m.To is set.
func (s *Store) AddToken(ctx context.Context, hash, purpose string, accountID int64, created, expires time.Time, m mail.Outgoing) error {
	err := s.transaction(ctx, func(tx *gorm.DB) error {
		t := tokenRow{TokenHash: hash, Purpose: purpose, AccountID: accountID, CreatedAt: utc(created), ExpiresAt: utc(expires)}
		if err := tx.Create(&t).Error; err != nil {
			return err
		}
		if m.To == "" {
			return nil
		}
		m.AccountID = accountID
		return s.enqueueMail(tx, m, created)
	})
	if err != nil {
		return fmt.Errorf("store: add token: %w", err)
	}
	return nil
}

// SessionByTokenHash returns the actor of a live session.
func (s *Store) SessionByTokenHash(ctx context.Context, hash string, now time.Time) (auth.Actor, error) {
	var row struct {
		AccountID int64
		Role      string
		OfficeID  int64
		ExpiresAt time.Time
	}
	res := s.db.WithContext(ctx).Raw(`SELECT a.id AS account_id, a.role, a.office_id, t.expires_at
		FROM auth_tokens t JOIN accounts a ON a.id = t.account_id
		WHERE t.token_hash = ? AND t.purpose = 'session' AND t.revoked_at IS NULL AND t.expires_at > ?
		AND a.deactivated_at IS NULL`,
		hash, utc(now)).Scan(&row)
	if res.Error != nil {
		return auth.Actor{}, fmt.Errorf("store: session: %w", classify(res.Error))
	}
	if res.RowsAffected == 0 {
		return auth.Actor{}, fmt.Errorf("store: session: %w", apperr.ErrNotFound)
	}
	return auth.Actor{AccountID: row.AccountID, Role: auth.Role(row.Role), OfficeID: row.OfficeID,
		TokenHash: hash, ExpiresAt: row.ExpiresAt}, nil
}

// SessionAccount returns the actor of a live session with its account,
// read in one query: a request that needs the signed-in account (a
// booking) does not read it again. The lookups that arrive while others
// are being read are read together, in one query (readSessions).
func (s *Store) SessionAccount(ctx context.Context, hash string, now time.Time) (auth.Actor, account.Account, error) {
	r := s.sessions.do(ctx, sessionLookup{hash: hash, now: utc(now)})
	return r.actor, r.account, r.err
}

const (
	// sessionReaders is how many session queries a process runs at once;
	// the lookups arriving meanwhile wait and are read together.
	sessionReaders = 2
	// maxSessionBatch bounds the lookups of one query.
	maxSessionBatch = 64
)

// sessionLookup asks for the session with a token hash, live at now.
type sessionLookup struct {
	hash string
	now  time.Time
}

type sessionResult struct {
	actor   auth.Actor
	account account.Account
	err     error
}

func (s *Store) newSessionQueue() *coalescer[sessionLookup, sessionResult] {
	return &coalescer[sessionLookup, sessionResult]{runners: sessionReaders, maxBatch: maxSessionBatch,
		run:    s.readSessions,
		failed: func(err error) sessionResult { return sessionResult{err: fmt.Errorf("store: session: %w", err)} }}
}

// readSessions reads the sessions of a batch of lookups, with their
// accounts, in one query. A lookup finds its session when the token is a
// session's, not revoked, its account not deactivated, and it expires
// after the lookup's now.
func (s *Store) readSessions(ctx context.Context, lookups []sessionLookup) []sessionResult {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), batchReadTimeout)
	defer cancel()
	hashes := make([]string, len(lookups))
	earliest := lookups[0].now
	for i, l := range lookups {
		hashes[i] = l.hash
		if l.now.Before(earliest) {
			earliest = l.now
		}
	}
	type session struct {
		account   accountJoin
		expiresAt time.Time
	}
	found := make(map[string]session, len(lookups))
	var hash string
	var expiresAt time.Time
	err := s.scanAccounts(ctx, func(r accountJoin) error {
		found[hash] = session{r, expiresAt}
		return nil
	}, []any{&hash, &expiresAt}, accountColumns+`, t.token_hash, t.expires_at
		FROM auth_tokens t JOIN accounts a ON a.id = t.account_id LEFT JOIN job_seekers j ON j.account_id = a.id
		WHERE t.token_hash IN ? AND t.purpose = 'session' AND t.revoked_at IS NULL AND t.expires_at > ?
		AND a.deactivated_at IS NULL`, hashes, earliest)
	out := make([]sessionResult, len(lookups))
	if err != nil {
		for i := range out {
			out[i].err = fmt.Errorf("store: session: %w", err)
		}
		return out
	}
	for i, l := range lookups {
		f, ok := found[l.hash]
		if !ok || !f.expiresAt.After(l.now) {
			out[i].err = fmt.Errorf("store: session: %w", apperr.ErrNotFound)
			continue
		}
		a, err := s.toAccount(f.account)
		if err != nil {
			out[i].err = err
			continue
		}
		out[i] = sessionResult{account: a, actor: auth.Actor{AccountID: a.ID, Role: a.Role, OfficeID: a.OfficeID,
			TokenHash: l.hash, ExpiresAt: f.expiresAt}}
	}
	return out
}

// RevokeToken revokes one session.
func (s *Store) RevokeToken(ctx context.Context, hash string, at time.Time) error {
	err := s.db.WithContext(ctx).Model(&tokenRow{}).
		Where("token_hash = ? AND revoked_at IS NULL", hash).Update("revoked_at", utc(at)).Error
	if err != nil {
		return fmt.Errorf("store: revoke token: %w", classify(err))
	}
	return nil
}

// SignInFailures returns the recent failures for an e-mail and an IP,
// oldest first; each list stops at failureScanLimit, well above any limit.
func (s *Store) SignInFailures(ctx context.Context, email, ip string, since time.Time) (byEmail, byIP []time.Time, err error) {
	recent := func(column, value string) ([]time.Time, error) {
		var times []time.Time
		err := s.db.WithContext(ctx).Model(&signInFailureRow{}).
			Where(column+" = ? AND failed_at > ?", value, utc(since)).
			Order("failed_at DESC").Limit(failureScanLimit).Pluck("failed_at", &times).Error
		if err != nil {
			return nil, fmt.Errorf("store: sign-in failures: %w", classify(err))
		}
		slices.Reverse(times)
		return times, nil
	}
	if byEmail, err = recent("email", failureEmail(email)); err != nil {
		return nil, nil, err
	}
	if ip != "" {
		if byIP, err = recent("ip", ip); err != nil {
			return nil, nil, err
		}
	}
	return byEmail, byIP, nil
}

const failureScanLimit = 100

// failureEmail is the form of a typed e-mail address kept in
// sign_in_failures, and looked up by SignInFailures: valid UTF-8 (MySQL
// refuses anything else in a utf8mb4 column) and at most 254 bytes, cut at
// a character boundary.
func failureEmail(email string) string {
	return truncate(strings.ToValidUTF8(email, "\uFFFD"), 254)
}

// RecordSignInFailure remembers one failed sign-in.
func (s *Store) RecordSignInFailure(ctx context.Context, email, ip string, at time.Time) (int64, error) {
	row := signInFailureRow{Email: failureEmail(email), IP: ip, FailedAt: utc(at)}
	if err := s.db.WithContext(ctx).Create(&row).Error; err != nil {
		return 0, fmt.Errorf("store: record sign-in failure: %w", classify(err))
	}
	return row.ID, nil
}

// ForgetSignInFailure removes a recorded failure.
func (s *Store) ForgetSignInFailure(ctx context.Context, id int64) error {
	if err := s.db.WithContext(ctx).Delete(&signInFailureRow{}, id).Error; err != nil {
		return fmt.Errorf("store: forget sign-in failure: %w", classify(err))
	}
	return nil
}

// VerifyRegistration marks a job seeker's registration as confirmed.
func (s *Store) VerifyRegistration(ctx context.Context, officeID, jobSeekerID, by int64, at time.Time) error {
	err := s.db.WithContext(ctx).Exec(`UPDATE job_seekers SET registration_verified_at = ?, registration_verified_by = ?
		WHERE account_id = ? AND registration_verified_at IS NULL
		AND account_id IN (SELECT id FROM accounts WHERE office_id = ?)`,
		utc(at), by, jobSeekerID, officeID).Error
	if err != nil {
		return fmt.Errorf("store: verify registration: %w", classify(err))
	}
	return nil
}

// ImportRegistrations upserts roster rows and verifies the job seekers whose
// number and name (sameName) match; rows whose number belongs to an account
// of the office under another name are returned and left out.
func (s *Store) ImportRegistrations(ctx context.Context, officeID int64, rows []account.Registration, by int64, at time.Time,
	sameName func(rosterName, accountName string) bool) (int, []account.Registration, error) {
	verified := 0
	var mismatched []account.Registration
	err := s.transaction(ctx, func(tx *gorm.DB) error {
		verified, mismatched = 0, nil
		byNumber := make(map[string]account.Registration, len(rows))
		numbers := make([]string, len(rows))
		for i, r := range rows {
			byNumber[r.Number] = r
			numbers[i] = r.Number
		}
		// The accounts holding these numbers, with their names.
		type holder struct {
			AccountID       int64
			JobSeekerNumber string
			Name            string
			Verified        bool
		}
		bad := map[string]bool{}
		var toVerify []int64
		for start := 0; start < len(numbers); start += 500 {
			chunk := numbers[start:min(start+500, len(numbers))]
			var holders []holder
			if err := tx.Raw(`SELECT js.account_id, js.job_seeker_number, a.name,
				js.registration_verified_at IS NOT NULL AS verified
				FROM job_seekers js JOIN accounts a ON a.id = js.account_id
				WHERE a.office_id = ? AND js.job_seeker_number IN ?`, officeID, chunk).Scan(&holders).Error; err != nil {
				return err
			}
			for _, h := range holders {
				r := byNumber[h.JobSeekerNumber]
				switch {
				case !sameName(r.Name, h.Name):
					bad[h.JobSeekerNumber] = true
				case !h.Verified:
					toVerify = append(toVerify, h.AccountID)
				}
			}
		}
		regs := make([]registrationRow, 0, len(rows))
		for _, r := range rows {
			if bad[r.Number] {
				mismatched = append(mismatched, r)
				continue
			}
			regs = append(regs, registrationRow{OfficeID: officeID, JobSeekerNumber: r.Number, Name: r.Name, ImportedAt: utc(at), ImportedBy: &by})
		}
		if len(regs) > 0 {
			if err := tx.Clauses(clause.OnConflict{
				Columns:   []clause.Column{{Name: "office_id"}, {Name: "job_seeker_number"}},
				DoUpdates: clause.AssignmentColumns([]string{"name", "imported_at", "imported_by"}),
			}).CreateInBatches(regs, 500).Error; err != nil {
				return err
			}
		}
		for start := 0; start < len(toVerify); start += 500 {
			chunk := toVerify[start:min(start+500, len(toVerify))]
			res := tx.Exec(`UPDATE job_seekers SET registration_verified_at = ?, registration_verified_by = ?
				WHERE registration_verified_at IS NULL AND account_id IN ?`, utc(at), by, chunk)
			if res.Error != nil {
				return res.Error
			}
			verified += int(res.RowsAffected)
		}
		return nil
	})
	if err != nil {
		return 0, nil, fmt.Errorf("store: import registrations: %w", err)
	}
	return verified, mismatched, nil
}

// Suspend suspends a job seeker, revokes every session of theirs and
// cancels their reservations that start after at, in one transaction.
func (s *Store) Suspend(ctx context.Context, officeID, jobSeekerID int64, reason string, until *calendar.Date, by int64, at time.Time,
	cancel account.CancelledBySuspension) ([]int64, error) {
	sealed, err := s.seal(reason, adSuspensionReason)
	if err != nil {
		return nil, err
	}
	sealedCancel, err := s.sealOptional(cancel.Reason, adResCancel)
	if err != nil {
		return nil, err
	}
	var cancelled []int64
	err = s.transaction(ctx, func(tx *gorm.DB) error {
		cancelled = nil
		res := tx.Exec(`UPDATE job_seekers SET suspended_at = ?, suspended_until = ?, suspension_reason_sealed = ?, suspended_by = ?
			WHERE account_id = ? AND account_id IN (SELECT id FROM accounts WHERE office_id = ?)`,
			utc(at), toNullDate(until), sealed, by, jobSeekerID, officeID)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return gorm.ErrRecordNotFound
		}
		if err := tx.Model(&tokenRow{}).
			Where("account_id = ? AND purpose = 'session' AND revoked_at IS NULL", jobSeekerID).
			Update("revoked_at", utc(at)).Error; err != nil {
			return err
		}
		var rows []reservationRow
		if err := tx.Where("job_seeker_id = ? AND status IN ? AND starts_at > ?", jobSeekerID, activeStatuses, utc(at)).
			Order("starts_at, id").Find(&rows).Error; err != nil {
			return err
		}
		starts := make([]time.Time, 0, len(rows))
		for _, row := range rows {
			if err := cancelInTx(tx, row, nil, sealedCancel, by, at); errors.Is(err, errStale) {
				continue // changed meanwhile (cancelled, started): left as it is
			} else if err != nil {
				return err
			}
			cancelled = append(cancelled, row.ID)
			starts = append(starts, row.StartsAt)
		}
		if len(rows) == 0 || cancel.Compose == nil {
			return nil
		}
		msg, err := cancel.Compose(starts)
		if err != nil {
			return err
		}
		return s.enqueueMail(tx, msg, at)
	})
	if err != nil {
		return nil, fmt.Errorf("store: suspend: %w", err)
	}
	return cancelled, nil
}

type reinstatementRow struct {
	ID           int64 `gorm:"primaryKey"`
	JobSeekerID  int64
	NoteSealed   *string
	ReinstatedBy int64
	ReinstatedAt time.Time
}

func (reinstatementRow) TableName() string { return "reinstatements" }

const adReinstatementNote = "reinstatements.note"

// Reinstate lifts a suspension and records it with the note, in one
// transaction; a job seeker who was not suspended is left as they are.
func (s *Store) Reinstate(ctx context.Context, officeID, jobSeekerID int64, note string, by int64, at time.Time) error {
	sealed, err := s.sealOptional(note, adReinstatementNote)
	if err != nil {
		return err
	}
	err = s.transaction(ctx, func(tx *gorm.DB) error {
		res := tx.Exec(`UPDATE job_seekers SET suspended_at = NULL, suspended_until = NULL,
			suspension_reason_sealed = NULL, suspended_by = NULL
			WHERE account_id = ? AND account_id IN (SELECT id FROM accounts WHERE office_id = ?)`,
			jobSeekerID, officeID)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return nil // not suspended (or not of this office): nothing was lifted
		}
		return tx.Create(&reinstatementRow{JobSeekerID: jobSeekerID, NoteSealed: sealed, ReinstatedBy: by,
			ReinstatedAt: utc(at)}).Error
	})
	if err != nil {
		return fmt.Errorf("store: reinstate: %w", classify(err))
	}
	return nil
}

// LastReinstatement returns the latest reinstatement of a job seeker.
func (s *Store) LastReinstatement(ctx context.Context, jobSeekerID int64) (account.Reinstatement, bool, error) {
	var rows []reinstatementRow
	if err := s.db.WithContext(ctx).Where("job_seeker_id = ?", jobSeekerID).Order("id DESC").Limit(1).Find(&rows).Error; err != nil {
		return account.Reinstatement{}, false, fmt.Errorf("store: reinstatements: %w", classify(err))
	}
	if len(rows) == 0 {
		return account.Reinstatement{}, false, nil
	}
	note, err := s.openOptional(rows[0].NoteSealed, adReinstatementNote)
	if err != nil {
		return account.Reinstatement{}, false, err
	}
	return account.Reinstatement{At: rows[0].ReinstatedAt, By: rows[0].ReinstatedBy, Note: note}, true, nil
}

// JobSeekers lists job seekers matching search, by id after afterID.
func (s *Store) JobSeekers(ctx context.Context, officeID int64, search account.JobSeekerSearch, afterID int64, limit int) ([]account.Account, error) {
	q := accountSelect + " WHERE a.office_id = ? AND j.account_id IS NOT NULL AND a.id > ?"
	args := []any{officeID, afterID}
	if search.Text != "" {
		// Case-insensitive on both dialects (SQLite's LIKE ignores ASCII
		// case, MySQL's binary collation does not): compare lower-cased.
		like := strings.ToLower("%" + escapeLike(search.Text) + "%")
		q += ` AND (LOWER(a.name) LIKE ? ESCAPE '!' OR j.job_seeker_number LIKE ? ESCAPE '!' OR LOWER(a.email) LIKE ? ESCAPE '!'`
		args = append(args, like, like, like)
		if search.PhoneE164 != "" {
			q += " OR j.phone_index = ?"
			args = append(args, s.phoneIndex(search.PhoneE164))
		}
		q += ")"
	} else if search.PhoneE164 != "" {
		q += " AND j.phone_index = ?"
		args = append(args, s.phoneIndex(search.PhoneE164))
	}
	q += " ORDER BY a.id LIMIT ?"
	args = append(args, limit)
	out, err := s.accounts(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: job seekers: %w", err)
	}
	return out, nil
}

func escapeLike(s string) string {
	return strings.NewReplacer("!", "!!", "%", "!%", "_", "!_").Replace(s)
}

// isDuplicate reports a unique-key violation (MySQL 1062, SQLite UNIQUE).
func isDuplicate(err error) bool {
	if err == nil {
		return false
	}
	var me *mysqldriver.MySQLError
	if errors.As(err, &me) {
		return me.Number == 1062
	}
	return strings.Contains(err.Error(), "UNIQUE constraint failed")
}

// AccountsByIDs returns the accounts with those ids (missing ids are left
// out), in one query: the batch behind the GraphQL loaders.
func (s *Store) AccountsByIDs(ctx context.Context, ids []int64) (map[int64]account.Account, error) {
	out := make(map[int64]account.Account, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	found, err := s.accounts(ctx, accountSelect+" WHERE a.id IN ?", ids)
	if err != nil {
		return nil, fmt.Errorf("store: accounts: %w", err)
	}
	for _, a := range found {
		out[a.ID] = a
	}
	return out, nil
}

// UpgradePasswordHash replaces the password hash old with new, unless it
// changed meanwhile (a reset or a change wins).
func (s *Store) UpgradePasswordHash(ctx context.Context, accountID int64, old, new string) error {
	err := s.db.WithContext(ctx).Model(&accountRow{}).Where("id = ? AND password_hash = ?", accountID, old).
		Update("password_hash", new).Error
	if err != nil {
		return fmt.Errorf("store: upgrade password hash: %w", classify(err))
	}
	return nil
}
