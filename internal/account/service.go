package account

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/transform"

	"soudan/internal/apperr"
	"soudan/internal/auth"
	"soudan/internal/calendar"
	"soudan/internal/mail"
	"soudan/internal/office"
	"soudan/internal/password"
	"soudan/internal/validate"
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

// SignInLimits bound failed sign-ins (SECURITY.md: 5 per account or 20 per
// IP within 15 minutes).
type SignInLimits struct {
	PerAccount int
	PerIP      int
	Window     time.Duration
}

// DefaultSignInLimits are the limits of SECURITY.md.
var DefaultSignInLimits = SignInLimits{PerAccount: 5, PerIP: 20, Window: 15 * time.Minute}

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

func (s *Service) link(path, token string) string {
	return s.PublicURL + path + "?token=" + url.QueryEscape(token)
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

func suspendedError(sp *Suspension) error {
	ja := "現在、オンライン職業相談のご利用を停止しています。詳しくは当ハローワークにお問い合わせください。"
	if sp != nil && sp.Until != nil {
		ja = fmt.Sprintf("%d年%d月%d日まで、オンライン職業相談のご利用を停止しています。詳しくは当ハローワークにお問い合わせください。",
			sp.Until.Year, sp.Until.Month, sp.Until.Day)
	}
	return apperr.New(apperr.Suspended, ja, "your use of online counselling is suspended; please contact the office")
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

// JobSeeker returns a job seeker's profile (staff only). A job seeker asking
// for anyone, even themselves, through this staff operation gets FORBIDDEN.
func (s *Service) JobSeeker(ctx context.Context, id int64) (Account, error) {
	actor, err := auth.RequireStaff(ctx)
	if err != nil {
		return Account{}, err
	}
	return s.jobSeekerOf(ctx, actor, id)
}

func (s *Service) jobSeekerOf(ctx context.Context, actor auth.Actor, id int64) (Account, error) {
	a, err := s.Store.AccountByID(ctx, id)
	if errors.Is(err, apperr.ErrNotFound) || (err == nil && (a.JobSeeker == nil || a.OfficeID != actor.OfficeID)) {
		return Account{}, errJobSeekerNotFound
	}
	return a, err
}

// MaxPageSize bounds `first` in every paginated list.
const MaxPageSize = 100

// SearchJobSeekers lists job seekers by name, 求職番号 or e-mail (staff only).
func (s *Service) SearchJobSeekers(ctx context.Context, search string, first int, after string) (Page[Account], error) {
	actor, err := auth.RequireStaff(ctx)
	if err != nil {
		return Page[Account]{}, err
	}
	if first < 1 || first > MaxPageSize {
		return Page[Account]{}, apperr.Invalid("first", fmt.Sprintf("first は 1 から %d までです。", MaxPageSize),
			fmt.Sprintf("first must be between 1 and %d", MaxPageSize))
	}
	search = strings.TrimSpace(search)
	if search != "" {
		if search, err = validate.Text("search", search, 1, 100, false); err != nil {
			return Page[Account]{}, err
		}
		if n, err := validate.JobSeekerNumber("search", search); err == nil {
			search = n
		}
	}
	afterID, err := DecodeCursor(after)
	if err != nil {
		return Page[Account]{}, err
	}
	rows, err := s.Store.JobSeekers(ctx, actor.OfficeID, search, afterID, first+1)
	if err != nil {
		return Page[Account]{}, err
	}
	page := Page[Account]{Items: rows}
	if len(rows) > first {
		page.Items, page.HasNextPage = rows[:first], true
	}
	if n := len(page.Items); n > 0 {
		page.EndCursor = EncodeCursor(page.Items[n-1].ID)
	}
	return page, nil
}

// VerifyJobSeeker records that staff confirmed the job seeker's 求職登録
// (Art 2(1)).
func (s *Service) VerifyJobSeeker(ctx context.Context, id int64) (Account, error) {
	actor, err := auth.RequireStaff(ctx)
	if err != nil {
		return Account{}, err
	}
	if _, err := s.jobSeekerOf(ctx, actor, id); err != nil {
		return Account{}, err
	}
	if err := s.Store.VerifyRegistration(ctx, actor.OfficeID, id, actor.AccountID, s.Now()); err != nil {
		return Account{}, err
	}
	s.Log.InfoContext(ctx, "registration verified", "job_seeker", id, "by", actor.AccountID)
	return s.Store.AccountByID(ctx, id)
}

// ImportResult reports a roster import.
type ImportResult struct {
	Rows     int
	Verified int
	Rejected []string
}

// MaxImportBytes bounds the roster CSV.
const MaxImportBytes = 2 << 20

// ImportRegistrations reads a roster of registered job seekers (ADMIN only):
// a CSV with the columns 求職番号 and 氏名 (a header row is recognised and
// skipped), UTF-8 or Shift_JIS. Good rows go on the office's roster and
// verify the matching accounts; bad rows are reported by line.
func (s *Service) ImportRegistrations(ctx context.Context, data string) (ImportResult, error) {
	actor, err := auth.RequireAdmin(ctx)
	if err != nil {
		return ImportResult{}, err
	}
	if len(data) > MaxImportBytes {
		return ImportResult{}, apperr.Invalid("csv", "ファイルが大きすぎます（2MBまで）。", "the CSV is larger than 2 MB")
	}
	rows, rejected, err := parseRoster([]byte(data))
	if err != nil {
		return ImportResult{}, err
	}
	res := ImportResult{Rows: len(rows) + len(rejected), Rejected: rejected}
	if len(rows) > 0 {
		var mismatched []Registration
		res.Verified, mismatched, err = s.Store.ImportRegistrations(ctx, actor.OfficeID, rows, actor.AccountID, s.Now(), validate.SameName)
		if err != nil {
			return ImportResult{}, err
		}
		for _, m := range mismatched {
			res.Rejected = append(res.Rejected, fmt.Sprintf("%d行目: 求職番号 %s は別の氏名のアカウントで登録されています（職員が確認してください）", m.Line, m.Number))
		}
		sort.SliceStable(res.Rejected, func(i, j int) bool { return lineOf(res.Rejected[i]) < lineOf(res.Rejected[j]) })
	}
	s.Log.InfoContext(ctx, "registrations imported", "rows", res.Rows, "verified", res.Verified, "rejected", len(rejected), "by", actor.AccountID)
	return res, nil
}

// lineOf reads the line number at the start of a rejection ("12行目: …").
func lineOf(rejection string) int {
	var n int
	_, _ = fmt.Sscanf(rejection, "%d", &n)
	return n
}

func parseRoster(data []byte) ([]Registration, []string, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		decoded, err := io.ReadAll(transform.NewReader(bytes.NewReader(data), japanese.ShiftJIS.NewDecoder()))
		// The decoder turns bytes that are not Shift_JIS into U+FFFD
		// instead of failing, so look for those (a UTF-16 file, say).
		if err != nil || !utf8.Valid(decoded) || bytes.ContainsRune(decoded, utf8.RuneError) {
			return nil, nil, apperr.Invalid("csv", "文字コードは UTF-8 か Shift_JIS にしてください。", "the CSV must be UTF-8 or Shift_JIS")
		}
		data = decoded
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	r.TrimLeadingSpace = true
	var rows []Registration
	var rejected []string
	seen := map[string]bool{}
	for n := 1; ; n++ {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			line := n
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.Line
			}
			return nil, nil, apperr.Invalid("csv", fmt.Sprintf("%d行目: CSV の形式が正しくありません。", line), fmt.Sprintf("line %d: malformed CSV", line))
		}
		// Report the line of the file, as an editor numbers it: csv.Reader
		// skips blank lines, so the record count n is not the line number.
		line, _ := r.FieldPos(0)
		if len(rec) == 0 || (len(rec) == 1 && strings.TrimSpace(rec[0]) == "") {
			continue
		}
		if n == 1 && strings.Contains(rec[0], "求職番号") {
			continue
		}
		if len(rec) < 2 {
			rejected = append(rejected, fmt.Sprintf("%d行目: 求職番号と氏名の2列が必要です", line))
			continue
		}
		number, err := validate.JobSeekerNumber("csv", rec[0])
		if err != nil {
			rejected = append(rejected, fmt.Sprintf("%d行目: 求職番号の形式が正しくありません", line))
			continue
		}
		name, err := validate.Name("csv", rec[1])
		if err != nil {
			rejected = append(rejected, fmt.Sprintf("%d行目: 氏名が正しくありません", line))
			continue
		}
		if seen[number] {
			rejected = append(rejected, fmt.Sprintf("%d行目: 同じ求職番号が前の行にあります", line))
			continue
		}
		seen[number] = true
		rows = append(rows, Registration{Number: number, Name: name, Line: line})
	}
	if len(rows) == 0 && len(rejected) == 0 {
		return nil, nil, apperr.Invalid("csv", "登録する行がありません。", "the CSV has no rows")
	}
	return rows, rejected, nil
}

// Suspend refuses a job seeker (staff only, Art 6(6), 12(1)): a reason is
// required; until is the last day (nil: until reinstated). Every session of
// the job seeker is revoked at once, and their upcoming reservations are
// cancelled (a pending application's link then confirms nothing), with one
// mail that lists them. Reinstating does not bring them back.
func (s *Service) Suspend(ctx context.Context, id int64, reason string, until *calendar.Date) (Account, error) {
	actor, err := auth.RequireStaff(ctx)
	if err != nil {
		return Account{}, err
	}
	reason, err = validate.Text("reason", reason, 1, 1000, true)
	if err != nil {
		return Account{}, err
	}
	now := s.Now()
	if until != nil && until.Before(s.today(ctx, now)) {
		return Account{}, apperr.Invalid("until", "停止の終了日は今日以降にしてください。", "until must not be in the past")
	}
	js, err := s.jobSeekerOf(ctx, actor, id)
	if err != nil {
		return Account{}, err
	}
	_, mo, err := s.mailOffice(ctx)
	if err != nil {
		return Account{}, err
	}
	cancelled, err := s.Store.Suspend(ctx, actor.OfficeID, id, reason, until, actor.AccountID, now, CancelledBySuspension{
		Reason: "ご利用の停止に伴う取り消し",
		Compose: func(starts []time.Time) (mail.Outgoing, error) {
			data := mail.SuspensionCancelledData{Office: mo, Name: js.Name, StartsAt: starts}
			m, err := mail.Compose(s.mailDomain(), js.ID, js.Email, mail.TemplateSuspensionCancelled, data)
			if err != nil {
				return mail.Outgoing{}, err
			}
			return m.WithNotice(mail.TemplateSuspensionCancelled, data)
		},
	})
	if err != nil {
		return Account{}, err
	}
	if len(cancelled) > 0 {
		s.mailQueued()
		if s.ReservationsCancelled != nil {
			s.ReservationsCancelled(ctx, cancelled)
		}
	}
	s.Log.InfoContext(ctx, "job seeker suspended", "job_seeker", id, "by", actor.AccountID, "reservations_cancelled", len(cancelled))
	return s.Store.AccountByID(ctx, id)
}

// Reinstate lifts a suspension (staff only) and records the optional note.
// Reservations the suspension cancelled stay cancelled.
func (s *Service) Reinstate(ctx context.Context, id int64, note string) (Account, error) {
	actor, err := auth.RequireStaff(ctx)
	if err != nil {
		return Account{}, err
	}
	if note != "" {
		if note, err = validate.Text("note", note, 1, 1000, true); err != nil {
			return Account{}, err
		}
	}
	if _, err := s.jobSeekerOf(ctx, actor, id); err != nil {
		return Account{}, err
	}
	if err := s.Store.Reinstate(ctx, actor.OfficeID, id, note, actor.AccountID, s.Now()); err != nil {
		return Account{}, err
	}
	s.Log.InfoContext(ctx, "job seeker reinstated", "job_seeker", id, "by", actor.AccountID)
	return s.Store.AccountByID(ctx, id)
}

// LastReinstatement returns the latest lifted suspension of a job seeker
// of the staff member's office, with its note; nil when there was none.
func (s *Service) LastReinstatement(ctx context.Context, id int64) (*Reinstatement, error) {
	actor, err := auth.RequireStaff(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := s.jobSeekerOf(ctx, actor, id); err != nil {
		return nil, err
	}
	r, ok, err := s.Store.LastReinstatement(ctx, id)
	if err != nil || !ok {
		return nil, err
	}
	return &r, nil
}
