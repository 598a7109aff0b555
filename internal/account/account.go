// Package account holds accounts and the rules around them: job-seeker
// sign-up and eligibility (Art 2(1)), staff accounts, sign-in sessions,
// suspension (Art 6(6), 12(1)) and the job-seeker roster import.
//
// Every operation checks who is calling through package auth before it
// reads or writes anything.
package account

import (
	"context"
	"time"

	"soudan/internal/auth"
	"soudan/internal/calendar"
	"soudan/internal/mail"
	"soudan/internal/validate"
)

// Account is a person who can sign in.
type Account struct {
	ID              int64
	OfficeID        int64
	Email           string
	Role            auth.Role
	Name            string
	EmailVerifiedAt *time.Time
	// DeactivatedAt is set when an administrator deactivated the staff account.
	DeactivatedAt *time.Time
	CreatedAt     time.Time
	// JobSeeker is set for job-seeker accounts.
	JobSeeker *JobSeeker
}

// EmailVerified reports whether the e-mail address was confirmed.
func (a Account) EmailVerified() bool { return a.EmailVerifiedAt != nil }

// JobSeeker is a job seeker's profile (求職者).
type JobSeeker struct {
	AccountID int64
	Name      string
	Email     string
	// Number is the 求職番号, normalised NNNNN-NNNNNNNN.
	Number                 string
	Phone                  validate.Phone
	EmailVerifiedAt        *time.Time
	RegistrationVerifiedAt *time.Time
	Suspension             *Suspension
	NoShowCount            int
	FlaggedForReview       bool
	CreatedAt              time.Time
}

// Suspension is a staff decision to refuse a job seeker (Art 6(6), 12(1)).
type Suspension struct {
	Reason string
	Since  time.Time
	// Until is the last day of the suspension; nil means until reinstated.
	Until *calendar.Date
}

// CancelledBySuspension says how the reservations that a suspension
// cancels are recorded and announced.
type CancelledBySuspension struct {
	// Reason is stored as each reservation's cancellation reason.
	Reason string
	// Compose renders the one mail that lists the cancelled sessions.
	Compose func(starts []time.Time) (mail.Outgoing, error)
}

// Reinstatement is a lifted suspension, with the staff member's note.
type Reinstatement struct {
	At   time.Time
	By   int64
	Note string
}

// SuspendedOn reports whether the job seeker is suspended on date d.
func (j JobSeeker) SuspendedOn(d calendar.Date) bool {
	return j.Suspension != nil && (j.Suspension.Until == nil || !d.After(*j.Suspension.Until))
}

// Eligible reports whether the job seeker may book on date d (Art 2(1)):
// e-mail confirmed, 求職登録 confirmed, and not suspended.
func (j JobSeeker) Eligible(d calendar.Date) bool {
	return j.EmailVerifiedAt != nil && j.RegistrationVerifiedAt != nil && !j.SuspendedOn(d)
}

// Session is a signed-in session; Token is shown once and never stored.
type Session struct {
	Token     string
	ExpiresAt time.Time
	Account   Account
}

// NewJobSeeker is what sign-up writes.
type NewJobSeeker struct {
	Account      Account
	PasswordHash string
	Number       string
	Phone        validate.Phone
	// Verification is the e-mail confirmation token's hash and expiry.
	VerifyTokenHash string
	VerifyExpiresAt time.Time
	// SameName decides whether the name on the roster is the account's
	// name; the registration is verified at sign-up only when the 求職番号
	// is on the roster and SameName says so (nil: never).
	SameName func(rosterName, accountName string) bool
	// RegisteredBy, when set, is the staff member registering the job
	// seeker (Art 6(2)(3): a phone applicant): the e-mail and the
	// registration count as confirmed, and the token is a password-setting
	// link (TokenPurpose) instead of an e-mail confirmation.
	RegisteredBy int64
	TokenPurpose string
}

// Registration is one row of the roster of registered job seekers.
type Registration struct {
	Number string
	Name   string
	// Line is the row's line in the imported file (for the report only).
	Line int
}

// Page is one page of a cursor-paginated list.
type Page[T any] struct {
	Items       []T
	HasNextPage bool
	EndCursor   string
}

// Store is what the account service needs from the database. Methods that
// change several rows do so in one transaction; mails are written to the
// outbox in that same transaction. The store encrypts personal fields
// (phone, suspension reason) at rest and hands them back in plain text.
type Store interface {
	// CreateJobSeeker inserts the account, the profile and the verification
	// token, and queues m. When the 求職番号 is on the office's roster under
	// the same name (n.SameName) the registration is verified at once. A
	// taken e-mail or 求職番号 returns ErrDuplicate.
	CreateJobSeeker(ctx context.Context, n NewJobSeeker, m mail.Outgoing) (Account, error)
	// QueueMail writes m to the mail outbox (and its My Page copy, if any).
	QueueMail(ctx context.Context, m mail.Outgoing, at time.Time) error
	// CreateStaff inserts a staff account and queues m (if m.To is set).
	// A taken e-mail returns ErrDuplicate.
	CreateStaff(ctx context.Context, a Account, passwordHash string, m mail.Outgoing) (Account, error)
	// HasAdmin reports whether the office has an administrator.
	HasAdmin(ctx context.Context, officeID int64) (bool, error)
	// StaffAccounts lists the office's counselors and administrators by name.
	StaffAccounts(ctx context.Context, officeID int64) ([]Account, error)
	// DeactivateStaff marks a staff account of the office deactivated and
	// revokes its sessions; ErrNotFound when it is not the office's staff.
	DeactivateStaff(ctx context.Context, officeID, id int64, at time.Time) (Account, error)
	// AccountByID returns an account with its job-seeker profile.
	AccountByID(ctx context.Context, id int64) (Account, error)
	// Credentials returns the account and password hash for an e-mail.
	Credentials(ctx context.Context, email string) (Account, string, error)
	// ConsumeToken marks an unused, unexpired token of that purpose used
	// and returns its account; unknown, used or expired tokens return an
	// error wrapping apperr.ErrNotFound.
	ConsumeToken(ctx context.Context, hash, purpose string, now time.Time) (int64, error)
	// MarkEmailVerified records the confirmation of the account's e-mail.
	MarkEmailVerified(ctx context.Context, accountID int64, at time.Time) error
	// AddToken stores a token hash for an account, and queues m if m.To is set.
	AddToken(ctx context.Context, hash, purpose string, accountID int64, created, expires time.Time, m mail.Outgoing) error
	// SessionByTokenHash returns the actor of a live session.
	SessionByTokenHash(ctx context.Context, hash string, now time.Time) (auth.Actor, error)
	// SessionAccount returns the actor of a live session with its account.
	SessionAccount(ctx context.Context, hash string, now time.Time) (auth.Actor, Account, error)
	// RevokeToken revokes one session.
	RevokeToken(ctx context.Context, hash string, at time.Time) error
	// SignInFailures returns the times of the failures after since for the
	// e-mail and for the IP, oldest first.
	SignInFailures(ctx context.Context, email, ip string, since time.Time) (byEmail, byIP []time.Time, err error)
	// RecordSignInFailure remembers one failed sign-in and returns its id.
	RecordSignInFailure(ctx context.Context, email, ip string, at time.Time) (int64, error)
	// ForgetSignInFailure removes a recorded failure.
	ForgetSignInFailure(ctx context.Context, id int64) error
	// VerifyRegistration marks a job seeker's 求職番号 as confirmed by staff.
	VerifyRegistration(ctx context.Context, officeID, jobSeekerID, by int64, at time.Time) error
	// ImportRegistrations adds the rows to the office's roster and verifies
	// the job seekers whose 求職番号 and name (sameName) both match a row; it
	// returns how many were verified and the rows whose number belongs to an
	// account under another name, which are neither added nor verify
	// anything.
	ImportRegistrations(ctx context.Context, officeID int64, rows []Registration, by int64, at time.Time,
		sameName func(rosterName, accountName string) bool) (verified int, mismatched []Registration, err error)
	// Suspend suspends a job seeker, revokes every session of theirs and
	// cancels their reservations that start after at (seats freed, events
	// written), queueing one mail composed from the cancelled starts when
	// there were any; all in one transaction. It returns the ids of the
	// cancelled reservations.
	Suspend(ctx context.Context, officeID, jobSeekerID int64, reason string, until *calendar.Date, by int64, at time.Time,
		cancelled CancelledBySuspension) ([]int64, error)
	// Reinstate lifts a suspension and records the note.
	Reinstate(ctx context.Context, officeID, jobSeekerID int64, note string, by int64, at time.Time) error
	// LastReinstatement returns the latest reinstatement of a job seeker;
	// false when there was none.
	LastReinstatement(ctx context.Context, jobSeekerID int64) (Reinstatement, bool, error)
	// TokenAccount returns the account of a live (unused, unrevoked,
	// unexpired) token of that purpose without using it; others return an
	// error wrapping apperr.ErrNotFound.
	TokenAccount(ctx context.Context, hash, purpose string, now time.Time) (int64, error)
	// TokensSince counts the tokens of that purpose issued to the account
	// after since (0 for an account id that does not exist).
	TokensSince(ctx context.Context, accountID int64, purpose string, since time.Time) (int, error)
	// SetPassword writes a PasswordChange in one transaction.
	SetPassword(ctx context.Context, c PasswordChange) error
	// UpgradePasswordHash replaces the account's password hash old with new,
	// unless it changed meanwhile.
	UpgradePasswordHash(ctx context.Context, accountID int64, old, new string) error
	// UpdatePhone replaces a job seeker's phone.
	UpdatePhone(ctx context.Context, accountID int64, phone validate.Phone, at time.Time) error
	// JobSeekers lists the office's job seekers that search finds, by id,
	// after cursor id.
	JobSeekers(ctx context.Context, officeID int64, search JobSeekerSearch, afterID int64, limit int) ([]Account, error)
}

// JobSeekerSearch is what a staff search of job seekers matches.
type JobSeekerSearch struct {
	// Text finds the job seekers whose name, 求職番号 or e-mail contains
	// it; empty finds every job seeker.
	Text string
	// PhoneE164, when set, also finds the job seekers whose phone number
	// is this one (E.164), exactly.
	PhoneE164 string
}
