package mail

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"strings"
	"text/template"
	"time"
)

// Template names for Render.
const (
	// TemplateVerifyEmail asks a job seeker to confirm the e-mail address.
	// Data: VerifyEmailData.
	TemplateVerifyEmail = "verify_email"
	// TemplateStaffWelcome tells staff that an account was created for
	// them. Data: StaffWelcomeData.
	TemplateStaffWelcome = "staff_welcome"
	// TemplateReservationConfirmed confirms a reservation (Art 6(3)).
	// Data: ReservationData.
	TemplateReservationConfirmed = "reservation_confirmed"
	// TemplateReservationCancelled confirms a cancellation (Art 6(6)).
	// Data: ReservationData.
	TemplateReservationCancelled = "reservation_cancelled"
	// TemplateReservationNoShow tells a job seeker that a session they did
	// not join is deemed cancelled (Art 6(6)). Data: ReservationData.
	TemplateReservationNoShow = "reservation_no_show"
	// TemplateApplicationReceived asks a job seeker who applied by phone
	// or e-mail to confirm by replying to the mail (when Office.RepliesRead)
	// or through a one-time link (Art 6(3)).
	// Data: ReservationData with ConfirmURL and ConfirmBy.
	TemplateApplicationReceived = "application_received"
	// TemplateApplicationExpired tells a job seeker that an unconfirmed
	// application is void (Art 6(4)). Data: ReservationData.
	TemplateApplicationExpired = "application_expired"
	// TemplateReplyTooLate tells a job seeker that a reply to an
	// application's mail came after the deadline and confirmed nothing
	// (Art 6(3)(4)). Data: ReservationData with ConfirmBy.
	TemplateReplyTooLate = "reply_too_late"
	// TemplateReservationReminder reminds a job seeker of a session on the
	// office day before it. Data: ReservationData.
	TemplateReservationReminder = "reservation_reminder"
	// TemplateTermsChanged announces a new version of the terms of use
	// (Art 13). Data: TermsChangedData.
	TemplateTermsChanged = "terms_changed"
	// TemplateSuspensionCancelled tells a suspended job seeker which of
	// their reservations were cancelled with the suspension (Art 6(6),
	// 12(1)). Data: SuspensionCancelledData.
	TemplateSuspensionCancelled = "suspension_cancelled"
	// TemplatePasswordReset carries a one-time link for setting a new
	// password. Data: PasswordResetData.
	TemplatePasswordReset = "password_reset"
	// TemplateRegisteredByStaff tells a job seeker whom staff registered
	// (a phone applicant without a site account) how to set a password, if
	// they ever want to use the site. Data: RegisteredByStaffData.
	TemplateRegisteredByStaff = "registered_by_staff"
)

// RegisteredByStaffData is the data of TemplateRegisteredByStaff.
type RegisteredByStaffData struct {
	Office Office
	Name   string
	// SetPasswordURL is the one-time link for setting a password;
	// ExpiresAt is when it expires, shown in Office.Location.
	SetPasswordURL string
	ExpiresAt      time.Time
}

// SuspensionCancelledData is the data of TemplateSuspensionCancelled.
type SuspensionCancelledData struct {
	Office Office
	Name   string
	// StartsAt are the starts of the cancelled sessions.
	StartsAt []time.Time
}

// PasswordResetData is the data of TemplatePasswordReset.
type PasswordResetData struct {
	Office Office
	// Name is the account's name.
	Name string
	// ResetURL is the one-time link; ExpiresAt is when it expires, shown
	// in Office.Location.
	ResetURL  string
	ExpiresAt time.Time
}

// Mails of a sign-up that created nothing: the answer to the sign-up is
// the same as for a new address, and the mail tells what happened.
const (
	// TemplateSignUpAddressRegistered tells the holder of a registered
	// address that someone tried to sign up with it, with the sign-in and
	// password-reset pages.
	TemplateSignUpAddressRegistered = "signup_address_registered"
	// TemplateSignUpNumberRegistered tells the typed address that the
	// 求職番号 is already registered, and whom to call.
	TemplateSignUpNumberRegistered = "signup_number_registered"
)

// SignUpRegisteredData is the data of TemplateSignUpAddressRegistered and
// TemplateSignUpNumberRegistered.
type SignUpRegisteredData struct {
	Office Office
	// Name is the registered account's name (address registered only).
	Name string
	// SignInURL and ForgotPasswordURL are the site's sign-in and
	// password-reset pages.
	SignInURL         string
	ForgotPasswordURL string
}

// TermsChangedData is the data of TemplateTermsChanged.
type TermsChangedData struct {
	Office Office
	Name   string
	// Title names the new version; EffectiveFrom is its effective date,
	// written in Japanese ("2026年6月1日(月)").
	Title         string
	EffectiveFrom string
	TermsURL      string
}

// footerTemplate is appended to every mail; it is not a mail of its own.
const footerTemplate = "footer"

// partials are templates that mails include; they are not mails.
var partials = map[string]bool{footerTemplate: true, "session_notes": true}

//go:embed templates/*.txt
var templateFS embed.FS

var templates = template.Must(
	template.New("").
		Option("missingkey=error").
		Funcs(template.FuncMap{"datetime": templateDateTime, "deadline": templateDeadline}).
		ParseFS(templateFS, "templates/*.txt"),
)

// Office is the office a mail is sent for; every mail's footer shows it.
// It is configuration (DESIGN.md: no office is hard-coded).
type Office struct {
	// Name, e.g. "ハローワーク都城（都城公共職業安定所）".
	Name string
	// Phone is the contact number, e.g. "0986-22-1860".
	Phone string
	// Hours are the telephone hours, e.g. "平日 8:30〜17:15"; optional.
	Hours string
	// Location is the office's time zone (Asia/Tokyo); times in mails are
	// shown in it. Required by templates that show a time.
	Location *time.Location
	// RepliesRead is set when mails carry a Reply-To of a mailbox the
	// office reads (SOUDAN_MAIL_REPLY_TO): the footer then invites replies
	// instead of calling the mail send-only, and the application mail
	// offers replying as the way to confirm (Art 6(3)).
	RepliesRead bool
}

// VerifyEmailData is the data of TemplateVerifyEmail.
type VerifyEmailData struct {
	Office Office
	// Name is the job seeker's name as registered.
	Name string
	// VerifyURL is the one-time confirmation link.
	VerifyURL string
	// ExpiresAt is when the link expires; shown in Office.Location.
	ExpiresAt time.Time
}

// StaffWelcomeData is the data of TemplateStaffWelcome.
type StaffWelcomeData struct {
	Office Office
	// Name is the staff member's name.
	Name string
	// SignInURL is the staff sign-in page.
	SignInURL string
}

// ReservationData is the data of the reservation mails.
type ReservationData struct {
	Office Office
	// Name is the name the job seeker gave for the reservation.
	Name     string
	StartsAt time.Time
	// Meeting is nil while no meeting details are assigned yet.
	Meeting *MeetingData
	// TermsTitle names the version of the terms agreed to, e.g.
	// 令和7年3月10日改訂; TermsURL is where to read it.
	TermsTitle string
	TermsURL   string
	// ReservationURL shows (and cancels) the reservation on the site.
	ReservationURL string
	// BookURL is where to book again.
	BookURL string
	// ConfirmURL is the one-time confirmation link of an application;
	// empty in the My Page copy of the mail. ConfirmBy is its deadline.
	ConfirmURL string
	ConfirmBy  time.Time
	// ReadinessURL is the reservation's readiness page: what the PC or
	// smartphone needs, the checker download and the browser check.
	ReadinessURL string
}

// MeetingData is how to join a session.
type MeetingData struct {
	MeetingID string
	Passcode  string
	JoinURL   string
}

// Render renders the named mail template (TemplateVerifyEmail, ...) with
// data and returns its subject and body. The body ends with the common
// footer, which reads data's Office field (an Office). A template's first
// line is "Subject: ..."; the subject is one line.
func Render(name string, data any) (subject, body string, err error) {
	if partials[name] || templates.Lookup(name+".txt") == nil {
		return "", "", fmt.Errorf("mail: no template %q", name)
	}
	var main, footer bytes.Buffer
	if err := templates.ExecuteTemplate(&main, name+".txt", data); err != nil {
		return "", "", fmt.Errorf("mail: render %s: %w", name, err)
	}
	if err := templates.ExecuteTemplate(&footer, footerTemplate+".txt", data); err != nil {
		return "", "", fmt.Errorf("mail: render %s footer: %w", name, err)
	}

	first, rest, _ := strings.Cut(main.String(), "\n")
	subject, ok := strings.CutPrefix(first, "Subject:")
	subject = strings.TrimSpace(subject)
	if !ok || subject == "" {
		return "", "", fmt.Errorf("mail: template %s: first line must be \"Subject: ...\"", name)
	}
	if strings.ContainsAny(subject, "\r\n") {
		return "", "", fmt.Errorf("mail: template %s: subject has a line break", name)
	}
	rest = strings.TrimLeft(rest, "\n")
	rest = strings.TrimRight(rest, "\n") + "\n"
	return subject, rest + "\n" + footer.String(), nil
}

// templateDateTime is the template function "datetime": the time in the
// office's zone, which must be set (a UTC time from the database would
// otherwise be shown nine hours off).
func templateDateTime(t time.Time, loc *time.Location) (string, error) {
	if loc == nil {
		return "", errors.New("office time zone (Office.Location) not set")
	}
	return FormatJapaneseDateTime(t, loc), nil
}

// templateDeadline is the template function "deadline": like "datetime",
// but a deadline at midnight is written as 24:00 of the day before, the way
// Japanese deadlines are read ("4月30日(木) 24:00まで").
func templateDeadline(t time.Time, loc *time.Location) (string, error) {
	if loc == nil {
		return "", errors.New("office time zone (Office.Location) not set")
	}
	t = t.In(loc)
	if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 {
		d := t.AddDate(0, 0, -1)
		return fmt.Sprintf("%d年%d月%d日(%s) 24:00", d.Year(), int(d.Month()), d.Day(), weekdayKanji[d.Weekday()]), nil
	}
	return FormatJapaneseDateTime(t, loc), nil
}

var weekdayKanji = [...]string{"日", "月", "火", "水", "木", "金", "土"}

// FormatJapaneseDateTime formats t in loc the Japanese way:
// "2026年5月7日(木) 10:00", with the weekday in kanji and the hour not
// zero-padded ("9:05"). A nil loc means t's own location.
func FormatJapaneseDateTime(t time.Time, loc *time.Location) string {
	if loc != nil {
		t = t.In(loc)
	}
	return fmt.Sprintf("%d年%d月%d日(%s) %d:%02d",
		t.Year(), int(t.Month()), t.Day(), weekdayKanji[t.Weekday()], t.Hour(), t.Minute())
}
