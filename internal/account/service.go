package account

import (
	"context"
	"log/slog"
	"net/url"
	"time"

	"soudan/internal/apperr"
	"soudan/internal/calendar"
	"soudan/internal/mail"
	"soudan/internal/office"
	"soudan/internal/password"
)

// Session and token lifetimes (SECURITY.md).
const (
	JobSeekerSessionTTL = 30 * 24 * time.Hour
	StaffSessionTTL     = 12 * time.Hour
	VerifyEmailTTL      = 72 * time.Hour
)

// Token purposes.
const (
	purposeSession     = "session"
	purposeVerifyEmail = "verify_email"
)

// Errors of this package.
var (
	// ErrDuplicate is returned by the Store for a taken e-mail or 求職番号.
	ErrDuplicate = apperr.New(apperr.Conflict,
		"このメールアドレスまたは求職番号は、すでに登録されています。",
		"this e-mail address or job-seeker number is already registered")
	errBadCredentials = apperr.New(apperr.Unauthenticated,
		"メールアドレスまたはパスワードが正しくありません。",
		"the e-mail address or password is not correct")
	errBadToken = apperr.New(apperr.NotFound,
		"このリンクは無効か、有効期限が切れています。",
		"this link is invalid or has expired")
	errSessionInvalid = apperr.New(apperr.Unauthenticated,
		"ログインの有効期限が切れました。もう一度ログインしてください。",
		"your session has expired; please sign in again")
	errJobSeekerNotFound = apperr.New(apperr.NotFound,
		"求職者が見つかりません。", "job seeker not found")
)

// Service runs the account operations.
type Service struct {
	Store Store
	// Notices keeps the My Page notifications.
	Notices NotificationStore
	Offices *office.Service
	// PublicURL is the site's base URL, for links in mails.
	PublicURL string
	Now       func() time.Time
	Log       *slog.Logger
	// PasswordParams are the argon2id parameters for new hashes.
	PasswordParams password.Params
	Limits         SignInLimits
	// MailQueued is called after a commit that queued a mail (to wake the
	// mail worker); may be nil.
	MailQueued func()
	// ReservationsCancelled is called after a suspension cancelled
	// reservations (to release their meetings and announce the change);
	// may be nil.
	ReservationsCancelled func(ctx context.Context, ids []int64)
	// PasswordResetFloor is the least wall time RequestPasswordReset takes
	// for a well-formed address, whether or not it mails a link, so that
	// the write of a registered address's link does not show in the
	// answer's timing. Zero: no floor.
	PasswordResetFloor time.Duration
}

func (s *Service) mailQueued() {
	if s.MailQueued != nil {
		s.MailQueued()
	}
}

func (s *Service) mailDomain() string { return mail.DomainOf(s.PublicURL) }

func (s *Service) mailOffice(ctx context.Context) (office.Office, mail.Office, error) {
	o, err := s.Offices.Office(ctx)
	if err != nil {
		return office.Office{}, mail.Office{}, err
	}
	loc, err := o.Location()
	if err != nil {
		return office.Office{}, mail.Office{}, err
	}
	return o, mail.Office{Name: o.Name, Phone: o.ContactPhone, Hours: o.ContactHours, Location: loc,
		RepliesRead: o.RepliesRead}, nil
}

func (s *Service) link(path, token string) string {
	return s.PublicURL + path + "?token=" + url.QueryEscape(token)
}

// Today returns the current date in the office's time zone.
func (s *Service) Today(ctx context.Context) calendar.Date { return s.today(ctx, s.Now()) }

func (s *Service) today(ctx context.Context, now time.Time) calendar.Date {
	loc := time.UTC
	if o, err := s.Offices.Office(ctx); err == nil {
		if l, err := o.Location(); err == nil {
			loc = l
		}
	}
	return calendar.DateOf(now, loc)
}
