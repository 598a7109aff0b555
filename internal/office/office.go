// Package office holds an office's settings, its calendar of office days and
// its versioned terms of use (Art 6(1), 13), and the rules for reading them.
//
// The office is configuration, never code: Default describes the first
// office (都城公共職業安定所) and seeds an empty database; an administrator may
// change every setting later.
package office

import (
	"context"
	_ "embed"
	"fmt"
	"sync"
	"time"

	"soudan/internal/apperr"
	"soudan/internal/calendar"
)

// Office is one public employment security office and its booking settings.
type Office struct {
	ID       int64
	Code     string // e.g. "45040"
	Name     string // e.g. "都城公共職業安定所"
	TimeZone string // IANA name, "Asia/Tokyo"
	// SessionMinutes is the length of one session: 30 by Art 6(1).
	SessionMinutes int
	// OpensAt and ClosesAt are minutes after midnight. Sessions start on a
	// SessionMinutes grid from OpensAt and end by ClosesAt.
	OpensAt, ClosesAt int
	// Capacity is the number of seats (booths) per slot.
	Capacity int
	// NoticeOfficeDays is how many office days before the session a
	// reservation must be confirmed (Art 6(1): 2).
	NoticeOfficeDays int
	// ConfirmCutoffMinutes is when, after midnight, a confirmation day ends:
	// 1440 means at 24:00.
	ConfirmCutoffMinutes int
	// HorizonDays is how far ahead a job seeker may book.
	HorizonDays int
	// NoShowGraceMinutes is how long after the start an unstarted session is
	// deemed cancelled (Art 6(6): 10).
	NoShowGraceMinutes int
	// ContactPhone and ContactHours are printed in mails and on the site.
	ContactPhone string
	ContactHours string
	// RepliesRead is configuration, not stored: mails carry a Reply-To of a
	// mailbox the office reads (Service.RepliesRead).
	RepliesRead bool
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// Default returns the settings of 都城公共職業安定所, the first office, used to
// seed an empty database.
func Default() Office {
	return Office{
		Code:                 "45040",
		Name:                 "都城公共職業安定所",
		TimeZone:             "Asia/Tokyo",
		SessionMinutes:       30,
		OpensAt:              8*60 + 30,
		ClosesAt:             17*60 + 15,
		Capacity:             2,
		NoticeOfficeDays:     2,
		ConfirmCutoffMinutes: 24 * 60,
		HorizonDays:          60,
		NoShowGraceMinutes:   10,
		ContactPhone:         "0986-22-1745",
		ContactHours:         "平日 8:30〜17:15（土日祝日・年末年始を除く）",
	}
}

// Location returns the office's time zone.
func (o Office) Location() (*time.Location, error) {
	if loc, ok := locations.Load(o.TimeZone); ok {
		return loc.(*time.Location), nil
	}
	loc, err := time.LoadLocation(o.TimeZone)
	if err != nil {
		return nil, fmt.Errorf("office %s: time zone %q: %w", o.Code, o.TimeZone, err)
	}
	locations.Store(o.TimeZone, loc)
	return loc, nil
}

// locations keeps the time zones loaded: time.LoadLocation reads and parses
// the zone data on every call, and every booking asks for its office's.
var locations sync.Map // name → *time.Location

// LastStart returns the latest session start, in minutes after midnight:
// the last point of the grid from OpensAt whose session ends by ClosesAt.
func (o Office) LastStart() int {
	n := (o.ClosesAt - o.OpensAt - o.SessionMinutes) / o.SessionMinutes
	return o.OpensAt + n*o.SessionMinutes
}

// FormatClock writes minutes after midnight as "HH:MM".
func FormatClock(minutes int) string {
	return fmt.Sprintf("%02d:%02d", minutes/60, minutes%60)
}

// TermsVersion is one version of the terms of use (Art 13).
type TermsVersion struct {
	ID            int64
	Title         string // e.g. 令和7年3月10日改訂
	EffectiveFrom calendar.Date
	PublishedAt   time.Time
	Text          string
	// TextAvailable is false for historical versions whose text the office
	// no longer has; Text then says so.
	TextAvailable bool
}

//go:embed seed/terms-2025-03-10.ja.txt
var seedTermsText string

// SeedTerms returns the versions of the terms known when soudan was first
// deployed: the text of 令和7年3月10日改訂, and the two earlier versions whose
// text is not held by the system.
func SeedTerms(loc *time.Location) []TermsVersion {
	unavailable := "この版の本文はシステムに保存されていません。必要な場合は当ハローワークにお問い合わせください。\n" +
		"(The text of this version is not held by the system.)"
	v := func(title string, y int, m time.Month, d int, text string, available bool) TermsVersion {
		date := calendar.NewDate(y, m, d)
		return TermsVersion{Title: title, EffectiveFrom: date, PublishedAt: date.In(loc),
			Text: text, TextAvailable: available}
	}
	return []TermsVersion{
		v("令和2年2月17日制定", 2020, time.February, 17, unavailable, false),
		v("令和4年7月15日改訂", 2022, time.July, 15, unavailable, false),
		v("令和7年3月10日改訂", 2025, time.March, 10, seedTermsText, true),
	}
}

// InForce returns the version in force on date d: the latest whose
// effective date is not after d. versions must be sorted by EffectiveFrom.
func InForce(versions []TermsVersion, d calendar.Date) (TermsVersion, bool) {
	for i := len(versions) - 1; i >= 0; i-- {
		if !versions[i].EffectiveFrom.After(d) {
			return versions[i], true
		}
	}
	return TermsVersion{}, false
}

// Store is what the office service needs from the database.
type Store interface {
	// OfficeByCode returns the office with that code, or an error wrapping
	// apperr.ErrNotFound.
	OfficeByCode(ctx context.Context, code string) (Office, error)
	// CalendarInputs returns the imported national holidays (all years) and
	// the office's overrides.
	CalendarInputs(ctx context.Context, officeID int64) ([]calendar.Holiday, []calendar.Override, error)
	// TermsVersions returns the office's versions sorted by effective date.
	TermsVersions(ctx context.Context, officeID int64) ([]TermsVersion, error)
}

// MaxCalendarDays is the longest range calendar(from, to) answers.
const MaxCalendarDays = 400

// Service reads an office's settings, calendar and terms.
type Service struct {
	Store Store
	// Admin writes the administrators' changes; nil where only reads are
	// needed.
	Admin      AdminStore
	OfficeCode string
	Now        func() time.Time
	// PublicURL is the site's base URL, for links in mails.
	PublicURL string
	// MailQueued is called after a commit that queued mail; may be nil.
	MailQueued func()
	// CacheTTL, when positive, keeps the office, its calendar inputs and
	// its terms in memory for that long: every booking and slot listing
	// reads them, and they change rarely. Changes made through this service
	// clear the cache at once; other instances see them within CacheTTL.
	CacheTTL time.Duration
	// Changed is called after a change made through this service (settings,
	// calendar, terms); may be nil.
	Changed func()
	// RepliesRead is copied into every Office it returns: replies to the
	// office's mails reach a mailbox staff read (SOUDAN_MAIL_REPLY_TO).
	RepliesRead bool

	mu    sync.Mutex
	cache *snapshot
}

// snapshot is what the cache holds.
type snapshot struct {
	at        time.Time
	office    Office
	holidays  []calendar.Holiday
	overrides []calendar.Override
	terms     []TermsVersion
}

// load returns the office's settings, calendar inputs and terms, from the
// cache when it is fresh.
func (s *Service) load(ctx context.Context) (*snapshot, error) {
	if s.CacheTTL > 0 {
		s.mu.Lock()
		c := s.cache
		s.mu.Unlock()
		if c != nil && time.Since(c.at) < s.CacheTTL {
			return c, nil
		}
	}
	o, err := s.Store.OfficeByCode(ctx, s.OfficeCode)
	if err != nil {
		return nil, err
	}
	o.RepliesRead = s.RepliesRead
	holidays, overrides, err := s.Store.CalendarInputs(ctx, o.ID)
	if err != nil {
		return nil, err
	}
	terms, err := s.Store.TermsVersions(ctx, o.ID)
	if err != nil {
		return nil, err
	}
	c := &snapshot{at: time.Now(), office: o, holidays: holidays, overrides: overrides, terms: terms}
	if s.CacheTTL > 0 {
		s.mu.Lock()
		s.cache = c
		s.mu.Unlock()
	}
	return c, nil
}

// forget clears the cache after a change.
func (s *Service) forget() {
	s.mu.Lock()
	s.cache = nil
	s.mu.Unlock()
	if s.Changed != nil {
		s.Changed()
	}
}

// Office returns the office's settings (one query when nothing is cached).
func (s *Service) Office(ctx context.Context) (Office, error) {
	if s.CacheTTL <= 0 {
		o, err := s.Store.OfficeByCode(ctx, s.OfficeCode)
		o.RepliesRead = s.RepliesRead
		return o, err
	}
	c, err := s.load(ctx)
	if err != nil {
		return Office{}, err
	}
	return c.office, nil
}

// Calendar returns the office's calendar of office days, built from the
// rules, the imported holidays and the office's overrides.
func (s *Service) Calendar(ctx context.Context) (Office, *calendar.Calendar, error) {
	c, err := s.load(ctx)
	if err != nil {
		return Office{}, nil, err
	}
	o := c.office
	loc, err := o.Location()
	if err != nil {
		return Office{}, nil, err
	}
	cal := calendar.New(calendar.Config{
		Location:  loc,
		Imported:  c.holidays,
		Overrides: c.overrides,
		CutOff:    time.Duration(o.ConfirmCutoffMinutes) * time.Minute,
	})
	return o, cal, nil
}

// CalendarDays returns one entry per date from from to to, inclusive.
// It returns a Validation error when from is after to or the range is longer
// than MaxCalendarDays.
func (s *Service) CalendarDays(ctx context.Context, from, to calendar.Date) ([]calendar.Day, error) {
	if from.After(to) {
		return nil, apperr.Invalid("to",
			"終了日は開始日と同じか、それより後の日付にしてください。",
			"to must not be before from")
	}
	if calendar.DaysBetween(from, to)+1 > MaxCalendarDays {
		return nil, apperr.Invalid("to",
			fmt.Sprintf("一度に表示できるのは %d 日分までです。", MaxCalendarDays),
			fmt.Sprintf("the range may cover at most %d days", MaxCalendarDays))
	}
	_, cal, err := s.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	return cal.Days(from, to), nil
}

// TermsVersions returns every version of the office's terms, oldest first,
// and the one in force now.
func (s *Service) TermsVersions(ctx context.Context) (all []TermsVersion, current TermsVersion, err error) {
	c, err := s.load(ctx)
	if err != nil {
		return nil, TermsVersion{}, err
	}
	o := c.office
	loc, err := o.Location()
	if err != nil {
		return nil, TermsVersion{}, err
	}
	all = c.terms
	current, ok := InForce(all, calendar.DateOf(s.Now(), loc))
	if !ok {
		return nil, TermsVersion{}, fmt.Errorf("office %s: no terms version in force", o.Code)
	}
	return all, current, nil
}

// TermsVersion returns the office's version of the terms with that id, in
// force or not, and the version in force now; ok is false when the office
// has no version with that id. Anyone may ask (the terms are public).
func (s *Service) TermsVersion(ctx context.Context, id int64) (v, current TermsVersion, ok bool, err error) {
	all, current, err := s.TermsVersions(ctx)
	if err != nil {
		return TermsVersion{}, TermsVersion{}, false, err
	}
	for _, t := range all {
		if t.ID == id {
			return t, current, true, nil
		}
	}
	return TermsVersion{}, current, false, nil
}
