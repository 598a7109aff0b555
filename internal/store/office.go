package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"

	"soudan/internal/apperr"
	"soudan/internal/auth"
	"soudan/internal/calendar"
	"soudan/internal/office"
)

var _ office.Store = (*Store)(nil)

type officeRow struct {
	ID                   int64 `gorm:"primaryKey"`
	Code                 string
	Name                 string
	TimeZone             string
	SessionMinutes       int
	OpensAt              string
	ClosesAt             string
	Capacity             int
	NoticeOfficeDays     int
	ConfirmCutoffMinutes int
	HorizonDays          int
	NoShowGraceMinutes   int
	ContactPhone         string
	ContactHours         string
	CreatedAt            time.Time
	UpdatedAt            time.Time
}

func (officeRow) TableName() string { return "offices" }

func (r officeRow) toDomain() (office.Office, error) {
	opens, err1 := parseClock(r.OpensAt)
	closes, err2 := parseClock(r.ClosesAt)
	if err := errors.Join(err1, err2); err != nil {
		return office.Office{}, fmt.Errorf("store: office %s: %w", r.Code, err)
	}
	return office.Office{
		ID: r.ID, Code: r.Code, Name: r.Name, TimeZone: r.TimeZone,
		SessionMinutes: r.SessionMinutes, OpensAt: opens, ClosesAt: closes,
		Capacity: r.Capacity, NoticeOfficeDays: r.NoticeOfficeDays,
		ConfirmCutoffMinutes: r.ConfirmCutoffMinutes, HorizonDays: r.HorizonDays,
		NoShowGraceMinutes: r.NoShowGraceMinutes, ContactPhone: r.ContactPhone,
		ContactHours: r.ContactHours, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt,
	}, nil
}

func fromOffice(o office.Office) officeRow {
	return officeRow{
		ID: o.ID, Code: o.Code, Name: o.Name, TimeZone: o.TimeZone,
		SessionMinutes: o.SessionMinutes, OpensAt: office.FormatClock(o.OpensAt),
		ClosesAt: office.FormatClock(o.ClosesAt), Capacity: o.Capacity,
		NoticeOfficeDays: o.NoticeOfficeDays, ConfirmCutoffMinutes: o.ConfirmCutoffMinutes,
		HorizonDays: o.HorizonDays, NoShowGraceMinutes: o.NoShowGraceMinutes,
		ContactPhone: o.ContactPhone, ContactHours: o.ContactHours,
		CreatedAt: utc(o.CreatedAt), UpdatedAt: utc(o.UpdatedAt),
	}
}

func parseClock(s string) (int, error) {
	t, err := time.Parse("15:04", s)
	if err != nil {
		return 0, fmt.Errorf("bad clock time %q", s)
	}
	return t.Hour()*60 + t.Minute(), nil
}

type overrideRow struct {
	OfficeID  int64  `gorm:"primaryKey"`
	Date      dbDate `gorm:"primaryKey"`
	Open      bool
	Reason    string
	CreatedBy *int64
	CreatedAt time.Time
}

func (overrideRow) TableName() string { return "calendar_overrides" }

type holidayRow struct {
	Date       dbDate `gorm:"primaryKey"`
	Name       string
	ImportedAt time.Time
}

func (holidayRow) TableName() string { return "imported_holidays" }

type termsRow struct {
	ID            int64 `gorm:"primaryKey"`
	OfficeID      int64
	Title         string
	EffectiveFrom dbDate
	PublishedAt   time.Time
	Body          string
	BodyAvailable bool
}

func (termsRow) TableName() string { return "terms_versions" }

// OfficeByCode returns the office with that code.
func (s *Store) OfficeByCode(ctx context.Context, code string) (office.Office, error) {
	var row officeRow
	err := s.db.WithContext(ctx).Where("code = ?", code).Take(&row).Error
	if err != nil {
		return office.Office{}, fmt.Errorf("store: office %s: %w", code, classify(err))
	}
	return row.toDomain()
}

// CalendarInputs returns the imported holidays and the office's overrides.
func (s *Store) CalendarInputs(ctx context.Context, officeID int64) ([]calendar.Holiday, []calendar.Override, error) {
	var hols []holidayRow
	if err := s.db.WithContext(ctx).Order("date").Find(&hols).Error; err != nil {
		return nil, nil, fmt.Errorf("store: imported holidays: %w", classify(err))
	}
	var ovs []overrideRow
	if err := s.db.WithContext(ctx).Where("office_id = ?", officeID).Order("date").Find(&ovs).Error; err != nil {
		return nil, nil, fmt.Errorf("store: calendar overrides: %w", classify(err))
	}
	holidays := make([]calendar.Holiday, len(hols))
	for i, h := range hols {
		holidays[i] = calendar.Holiday{Date: calendar.Date(h.Date), Name: h.Name}
	}
	overrides := make([]calendar.Override, len(ovs))
	for i, o := range ovs {
		overrides[i] = calendar.Override{Date: calendar.Date(o.Date), Open: o.Open, Reason: o.Reason}
	}
	return holidays, overrides, nil
}

// TermsVersions returns the office's terms versions, oldest first.
func (s *Store) TermsVersions(ctx context.Context, officeID int64) ([]office.TermsVersion, error) {
	var rows []termsRow
	err := s.db.WithContext(ctx).Where("office_id = ?", officeID).Order("effective_from").Find(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("store: terms versions: %w", classify(err))
	}
	out := make([]office.TermsVersion, len(rows))
	for i, r := range rows {
		out[i] = office.TermsVersion{
			ID: r.ID, Title: r.Title, EffectiveFrom: calendar.Date(r.EffectiveFrom),
			PublishedAt: r.PublishedAt, Text: r.Body, TextAvailable: r.BodyAvailable,
		}
	}
	return out, nil
}

// SeedOffice inserts o and its terms versions unless an office with o's code
// exists already; it reports whether it inserted. Safe when several
// instances start at once: the unique code decides, and the loser sees a
// duplicate key and reports false.
func (s *Store) SeedOffice(ctx context.Context, o office.Office, terms []office.TermsVersion, now time.Time) (bool, error) {
	err := s.transaction(ctx, func(tx *gorm.DB) error {
		var n int64
		if err := tx.Model(&officeRow{}).Where("code = ?", o.Code).Count(&n).Error; err != nil {
			return err
		}
		if n > 0 {
			return errExists
		}
		o.CreatedAt, o.UpdatedAt = now, now
		row := fromOffice(o)
		if err := tx.Create(&row).Error; err != nil {
			return err
		}
		for _, t := range terms {
			tr := termsRow{OfficeID: row.ID, Title: t.Title, EffectiveFrom: dbDate(t.EffectiveFrom),
				PublishedAt: utc(t.PublishedAt), Body: t.Text, BodyAvailable: t.TextAvailable}
			if err := tx.Create(&tr).Error; err != nil {
				return err
			}
		}
		return nil
	})
	switch {
	case errors.Is(err, errExists) || isDuplicate(err):
		return false, nil
	case err != nil:
		return false, fmt.Errorf("store: seed office %s: %w", o.Code, err)
	}
	return true, nil
}

var errExists = errors.New("store: exists")

// ImportHolidays replaces the imported national holidays of every year that
// holidays covers with holidays, in one transaction.
func (s *Store) ImportHolidays(ctx context.Context, holidays []calendar.Holiday, now time.Time) error {
	if len(holidays) == 0 {
		return apperr.Invalid("file", "祝日が1件もありません。", "the file holds no holidays")
	}
	years := map[int]bool{}
	for _, h := range holidays {
		years[h.Date.Year] = true
	}
	return s.transaction(ctx, func(tx *gorm.DB) error {
		for y := range years {
			from, to := calendar.NewDate(y, time.January, 1), calendar.NewDate(y, time.December, 31)
			if err := tx.Where("date BETWEEN ? AND ?", dbDate(from), dbDate(to)).Delete(&holidayRow{}).Error; err != nil {
				return err
			}
		}
		rows := make([]holidayRow, len(holidays))
		for i, h := range holidays {
			rows[i] = holidayRow{Date: dbDate(h.Date), Name: h.Name, ImportedAt: utc(now)}
		}
		return tx.CreateInBatches(rows, 200).Error
	})
}

var _ office.AdminStore = (*Store)(nil)

// UpdateOffice saves an office's settings.
func (s *Store) UpdateOffice(ctx context.Context, o office.Office) error {
	row := fromOffice(o)
	err := s.db.WithContext(ctx).Model(&officeRow{}).Where("id = ?", o.ID).Updates(map[string]any{
		"name": row.Name, "opens_at": row.OpensAt, "closes_at": row.ClosesAt, "capacity": row.Capacity,
		"notice_office_days": row.NoticeOfficeDays, "horizon_days": row.HorizonDays, "updated_at": row.UpdatedAt,
	}).Error
	if err != nil {
		return fmt.Errorf("store: update office %s: %w", o.Code, classify(err))
	}
	return nil
}

// SetOverride opens or closes one date for an office.
func (s *Store) SetOverride(ctx context.Context, officeID int64, o calendar.Override, by int64, at time.Time) error {
	return s.transaction(ctx, func(tx *gorm.DB) error {
		if err := tx.Where("office_id = ? AND date = ?", officeID, dbDate(o.Date)).Delete(&overrideRow{}).Error; err != nil {
			return err
		}
		return tx.Create(&overrideRow{OfficeID: officeID, Date: dbDate(o.Date), Open: o.Open, Reason: o.Reason,
			CreatedBy: &by, CreatedAt: utc(at)}).Error
	})
}

// ClearOverride removes the override of a date.
func (s *Store) ClearOverride(ctx context.Context, officeID int64, d calendar.Date) error {
	err := s.db.WithContext(ctx).Where("office_id = ? AND date = ?", officeID, dbDate(d)).Delete(&overrideRow{}).Error
	if err != nil {
		return fmt.Errorf("store: clear override: %w", classify(err))
	}
	return nil
}

// AddTermsVersion stores a new version of an office's terms and queues
// the announcement to every job seeker with an upcoming reservation.
func (s *Store) AddTermsVersion(ctx context.Context, officeID int64, t office.TermsVersion, notify office.Notify) (office.TermsVersion, error) {
	row := termsRow{OfficeID: officeID, Title: t.Title, EffectiveFrom: dbDate(t.EffectiveFrom),
		PublishedAt: utc(t.PublishedAt), Body: t.Text, BodyAvailable: t.TextAvailable}
	err := s.transaction(ctx, func(tx *gorm.DB) error {
		if err := tx.Create(&row).Error; err != nil {
			return err
		}
		var people []struct {
			ID       int64
			Email    string
			Name     string
			Upcoming bool
		}
		if err := tx.Raw(`SELECT a.id, a.email, a.name, EXISTS (SELECT 1 FROM reservations r WHERE r.job_seeker_id = a.id
				AND r.status IN ? AND r.starts_at > ?) AS upcoming
			FROM accounts a WHERE a.office_id = ? AND a.role = ? ORDER BY a.id`,
			activeStatuses, utc(t.PublishedAt), officeID, string(auth.JobSeeker)).Scan(&people).Error; err != nil {
			return err
		}
		var notices []notificationRow
		for _, p := range people {
			m, err := notify(row.ID, p.ID, p.Email, p.Name)
			if err != nil {
				return err
			}
			m.AccountID = p.ID
			if p.Upcoming {
				if err := s.enqueueMail(tx, m, t.PublishedAt); err != nil {
					return err
				}
				continue
			}
			if m.Notice == nil {
				continue
			}
			body, err := s.seal(m.Notice.Body, adNotification)
			if err != nil {
				return err
			}
			notices = append(notices, notificationRow{AccountID: p.ID, Title: m.Notice.Title, BodySealed: body,
				CreatedAt: utc(t.PublishedAt)})
		}
		if len(notices) == 0 {
			return nil
		}
		return tx.CreateInBatches(notices, 500).Error
	})
	if isDuplicate(err) {
		return office.TermsVersion{}, apperr.New(apperr.Conflict,
			"その効力発生日の利用規約は、すでに登録されています。",
			"a version with that effective date exists")
	}
	if err != nil {
		return office.TermsVersion{}, fmt.Errorf("store: add terms version: %w", err)
	}
	t.ID = row.ID
	return t, nil
}
