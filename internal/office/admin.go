package office

import (
	"context"
	"fmt"
	"strings"
	"time"

	"soudan/internal/apperr"
	"soudan/internal/auth"
	"soudan/internal/calendar"
	"soudan/internal/mail"
	"soudan/internal/validate"
)

// AdminStore is what the administration operations write.
type AdminStore interface {
	// UpdateOffice saves an office's settings.
	UpdateOffice(ctx context.Context, o Office) error
	// SetOverride opens or closes one date for an office.
	SetOverride(ctx context.Context, officeID int64, o calendar.Override, by int64, at time.Time) error
	// ClearOverride removes the override of a date, if any.
	ClearOverride(ctx context.Context, officeID int64, d calendar.Date) error
	// AddTermsVersion stores a new version and, in the same transaction,
	// puts notify's notice on the My Page of every job seeker of the office
	// and also mails it to those with an active reservation starting after
	// t.PublishedAt. A version with the same effective date returns an
	// error wrapping apperr.ErrConflict.
	AddTermsVersion(ctx context.Context, officeID int64, t TermsVersion, notify Notify) (TermsVersion, error)
}

// Notify renders the mail, with its My Page copy, that tells one job seeker
// of the new version termsID.
type Notify func(termsID, jobSeekerID int64, email, name string) (mail.Outgoing, error)

// OfficeInput changes some settings; nil fields stay as they are.
type OfficeInput struct {
	Name             *string
	OpensAt          *string
	ClosesAt         *string
	Capacity         *int
	NoticeOfficeDays *int
	HorizonDays      *int
}

// Bounds of the settings.
const (
	MaxCapacity         = 50
	MaxNoticeOfficeDays = 10
	MaxHorizonDays      = 366
)

// Update changes the office's settings (ADMIN only). They apply to new
// bookings at once; existing reservations are left as they are.
func (s *Service) Update(ctx context.Context, in OfficeInput) (Office, error) {
	actor, err := auth.RequireAdmin(ctx)
	if err != nil {
		return Office{}, err
	}
	o, err := s.Office(ctx)
	if err != nil {
		return Office{}, err
	}
	if o.ID != actor.OfficeID {
		return Office{}, auth.ErrForbidden
	}
	if in.Name != nil {
		if o.Name, err = validate.Name("input.name", *in.Name); err != nil {
			return Office{}, err
		}
	}
	if in.OpensAt != nil {
		if o.OpensAt, err = parseClock("input.opensAt", *in.OpensAt); err != nil {
			return Office{}, err
		}
	}
	if in.ClosesAt != nil {
		if o.ClosesAt, err = parseClock("input.closesAt", *in.ClosesAt); err != nil {
			return Office{}, err
		}
	}
	if o.ClosesAt-o.OpensAt < o.SessionMinutes {
		return Office{}, apperr.Invalid("input.closesAt",
			"終了時刻は、開始時刻から1回分の相談時間以上あとにしてください。",
			"closesAt must leave room for at least one session after opensAt")
	}
	if err := setBounded(&o.Capacity, in.Capacity, "input.capacity", 1, MaxCapacity); err != nil {
		return Office{}, err
	}
	if err := setBounded(&o.NoticeOfficeDays, in.NoticeOfficeDays, "input.noticeOfficeDays", 0, MaxNoticeOfficeDays); err != nil {
		return Office{}, err
	}
	if err := setBounded(&o.HorizonDays, in.HorizonDays, "input.horizonDays", 1, MaxHorizonDays); err != nil {
		return Office{}, err
	}
	o.UpdatedAt = s.Now()
	if err := s.Admin.UpdateOffice(ctx, o); err != nil {
		return Office{}, err
	}
	s.forget()
	return o, nil
}

func setBounded(dst *int, v *int, field string, lo, hi int) error {
	if v == nil {
		return nil
	}
	if *v < lo || *v > hi {
		return apperr.Invalid(field, fmt.Sprintf("%d から %d までの数で入力してください。", lo, hi),
			fmt.Sprintf("must be between %d and %d", lo, hi))
	}
	*dst = *v
	return nil
}

// parseClock reads "HH:MM" on a 5-minute grid.
func parseClock(field, s string) (int, error) {
	t, err := time.Parse("15:04", strings.TrimSpace(s))
	if err != nil || t.Minute()%5 != 0 {
		return 0, apperr.Invalid(field, "時刻は 08:30 のように、5分単位で入力してください。",
			"a time must be HH:MM on a 5-minute grid")
	}
	return t.Hour()*60 + t.Minute(), nil
}

// SetOverride opens or closes a date for the office (ADMIN only), with a
// reason shown in the calendar. Reservations already on a date that closes
// are not cancelled: staff see them and contact the job seekers.
func (s *Service) SetOverride(ctx context.Context, d calendar.Date, open bool, reason string) (calendar.Day, error) {
	actor, err := auth.RequireAdmin(ctx)
	if err != nil {
		return calendar.Day{}, err
	}
	if reason, err = validate.Text("reason", reason, 1, 200, false); err != nil {
		return calendar.Day{}, err
	}
	o, _, err := s.Calendar(ctx)
	if err != nil {
		return calendar.Day{}, err
	}
	if o.ID != actor.OfficeID {
		return calendar.Day{}, auth.ErrForbidden
	}
	if err := s.Admin.SetOverride(ctx, o.ID, calendar.Override{Date: d, Open: open, Reason: reason}, actor.AccountID, s.Now()); err != nil {
		return calendar.Day{}, err
	}
	s.forget()
	return s.day(ctx, d)
}

// ClearOverride returns a date to the rules (ADMIN only).
func (s *Service) ClearOverride(ctx context.Context, d calendar.Date) (calendar.Day, error) {
	actor, err := auth.RequireAdmin(ctx)
	if err != nil {
		return calendar.Day{}, err
	}
	if err := s.Admin.ClearOverride(ctx, actor.OfficeID, d); err != nil {
		return calendar.Day{}, err
	}
	s.forget()
	return s.day(ctx, d)
}

func (s *Service) day(ctx context.Context, d calendar.Date) (calendar.Day, error) {
	_, cal, err := s.Calendar(ctx)
	if err != nil {
		return calendar.Day{}, err
	}
	return cal.Day(d), nil
}

// TermsInput is a new version of the terms of use.
type TermsInput struct {
	Title         string
	EffectiveFrom calendar.Date
	Text          string
}

// MaxTermsText bounds the text of a terms version, in characters.
const MaxTermsText = 50000

// PublishTerms announces a new version of the terms (ADMIN only, Art 13):
// its effective date must be in the future, so that users are told before
// it applies. Every job seeker finds the notice on My Page, and those with
// upcoming reservations are mailed too. From that date (inclusive), new
// applications must agree to it.
func (s *Service) PublishTerms(ctx context.Context, in TermsInput) (TermsVersion, error) {
	actor, err := auth.RequireAdmin(ctx)
	if err != nil {
		return TermsVersion{}, err
	}
	title, err := validate.Text("input.title", in.Title, 1, 200, false)
	if err != nil {
		return TermsVersion{}, err
	}
	text, err := validate.Text("input.text", in.Text, 1, MaxTermsText, true)
	if err != nil {
		return TermsVersion{}, err
	}
	o, err := s.Office(ctx)
	if err != nil {
		return TermsVersion{}, err
	}
	loc, err := o.Location()
	if err != nil {
		return TermsVersion{}, err
	}
	now := s.Now()
	if !in.EffectiveFrom.After(calendar.DateOf(now, loc)) {
		return TermsVersion{}, apperr.Invalid("input.effectiveFrom",
			"新しい利用規約の効力発生日は、明日以降の日付にしてください（第13条）。",
			"a new version must take effect on a future date (Art 13)")
	}
	mo := mail.Office{Name: o.Name, Phone: o.ContactPhone, Hours: o.ContactHours, Location: loc, RepliesRead: o.RepliesRead}
	d := in.EffectiveFrom
	effective := fmt.Sprintf("%d年%d月%d日(%s)", d.Year, int(d.Month), d.Day, weekdayKanji[d.Weekday()])
	notify := func(termsID, jobSeekerID int64, email, name string) (mail.Outgoing, error) {
		data := mail.TermsChangedData{Office: mo, Name: name, Title: title, EffectiveFrom: effective,
			TermsURL: fmt.Sprintf("%s/terms/%d", s.PublicURL, termsID)}
		m, err := mail.Compose(mail.DomainOf(s.PublicURL), jobSeekerID, email, mail.TemplateTermsChanged, data)
		if err != nil {
			return mail.Outgoing{}, err
		}
		return m.WithNotice(mail.TemplateTermsChanged, data)
	}
	t, err := s.Admin.AddTermsVersion(ctx, actor.OfficeID, TermsVersion{Title: title, EffectiveFrom: in.EffectiveFrom,
		PublishedAt: now, Text: text, TextAvailable: true}, notify)
	if err != nil {
		return TermsVersion{}, err
	}
	s.forget()
	if s.MailQueued != nil {
		s.MailQueued()
	}
	return t, nil
}

var weekdayKanji = [...]string{"日", "月", "火", "水", "木", "金", "土"}
