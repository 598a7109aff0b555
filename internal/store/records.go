package store

import (
	"context"
	"fmt"
	"time"

	"soudan/internal/booking"
	"soudan/internal/records"
)

var _ records.Store = (*Store)(nil)

type accessRow struct {
	ID        int64 `gorm:"primaryKey"`
	At        time.Time
	AccountID *int64
	Role      string
	Operation string
	Outcome   string
	IP        string `gorm:"column:ip"`
	UserAgent string
	Device    *string
}

func (accessRow) TableName() string { return "access_log" }

type auditRow struct {
	ID          int64 `gorm:"primaryKey"`
	At          time.Time
	StaffID     int64
	JobSeekerID int64
	Operation   string
}

func (auditRow) TableName() string { return "audit_log" }

// AddAccesses appends access records.
func (s *Store) AddAccesses(ctx context.Context, as []records.Access) error {
	rows := make([]accessRow, len(as))
	for i, a := range as {
		rows[i] = accessRow{At: utc(a.At), AccountID: a.AccountID, Role: a.Role, Operation: truncate(a.Operation, 200),
			Outcome: a.Outcome, IP: truncate(a.IP, 45), UserAgent: truncate(a.UserAgent, 300)}
		if a.Device != "" {
			d := truncate(a.Device, 64)
			rows[i].Device = &d
		}
	}
	if err := s.db.WithContext(ctx).CreateInBatches(rows, 200).Error; err != nil {
		return fmt.Errorf("store: access log: %w", classify(err))
	}
	return nil
}

// AddReads appends audit records.
func (s *Store) AddReads(ctx context.Context, rs []records.Read) error {
	rows := make([]auditRow, len(rs))
	for i, r := range rs {
		rows[i] = auditRow{At: utc(r.At), StaffID: r.StaffID, JobSeekerID: r.JobSeekerID, Operation: truncate(r.Operation, 200)}
	}
	if err := s.db.WithContext(ctx).CreateInBatches(rows, 200).Error; err != nil {
		return fmt.Errorf("store: audit log: %w", classify(err))
	}
	return nil
}

// Accesses lists access records newest first, with id < beforeID when set.
func (s *Store) Accesses(ctx context.Context, f records.AccessFilter, beforeID int64, limit int) ([]records.Access, error) {
	q := s.db.WithContext(ctx).Model(&accessRow{})
	if !f.From.IsZero() {
		q = q.Where("at >= ?", utc(f.From))
	}
	if !f.To.IsZero() {
		q = q.Where("at < ?", utc(f.To))
	}
	if f.AccountID != 0 {
		q = q.Where("account_id = ?", f.AccountID)
	}
	if f.Outcome != "" {
		q = q.Where("outcome = ?", f.Outcome)
	}
	if beforeID > 0 {
		q = q.Where("id < ?", beforeID)
	}
	var rows []accessRow
	if err := q.Order("id DESC").Limit(limit).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: access log: %w", classify(err))
	}
	out := make([]records.Access, len(rows))
	for i, r := range rows {
		out[i] = records.Access{ID: r.ID, At: r.At, AccountID: r.AccountID, Role: r.Role, Operation: r.Operation,
			Outcome: r.Outcome, IP: r.IP, UserAgent: r.UserAgent, Device: deref(r.Device)}
	}
	return out, nil
}

// Reads lists the audit records of one job seeker in [from, to), newest first.
func (s *Store) Reads(ctx context.Context, jobSeekerID int64, from, to time.Time, beforeID int64, limit int) ([]records.Read, error) {
	q := s.db.WithContext(ctx).Where("job_seeker_id = ? AND at >= ? AND at < ?", jobSeekerID, utc(from), utc(to))
	if beforeID > 0 {
		q = q.Where("id < ?", beforeID)
	}
	var rows []auditRow
	if err := q.Order("id DESC").Limit(limit).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: audit log: %w", classify(err))
	}
	out := make([]records.Read, len(rows))
	for i, r := range rows {
		out[i] = records.Read{ID: r.ID, At: r.At, StaffID: r.StaffID, JobSeekerID: r.JobSeekerID, Operation: r.Operation}
	}
	return out, nil
}

// Purge deletes access records and readiness details older than before.
func (s *Store) Purge(ctx context.Context, before time.Time) (int64, error) {
	db := s.db.WithContext(ctx)
	a := db.Where("at < ?", utc(before)).Delete(&accessRow{})
	if a.Error != nil {
		return 0, fmt.Errorf("store: purge: %w", classify(a.Error))
	}
	r := db.Where("submitted_at < ?", utc(before)).Delete(&readinessRow{})
	if r.Error != nil {
		return 0, fmt.Errorf("store: purge: %w", classify(r.Error))
	}
	return a.RowsAffected + r.RowsAffected, nil
}

// Usage counts an office's reservations starting in [from, to).
func (s *Store) Usage(ctx context.Context, officeID int64, from, to time.Time) (records.Usage, error) {
	var rows []struct {
		StartsAt time.Time
		Status   string
	}
	err := s.db.WithContext(ctx).Model(&reservationRow{}).Select("starts_at, status").
		Where("office_id = ? AND starts_at >= ? AND starts_at < ?", officeID, utc(from), utc(to)).Scan(&rows).Error
	if err != nil {
		return records.Usage{}, fmt.Errorf("store: usage: %w", classify(err))
	}
	u := records.Usage{ByHour: map[int]int{}}
	loc := from.Location()
	for _, r := range rows {
		u.Reservations++
		switch booking.Status(r.Status) {
		case booking.Completed:
			u.Completed++
		case booking.Cancelled:
			u.Cancelled++
		case booking.NoShow:
			u.NoShows++
		case booking.Expired:
			u.Expired++
		}
		u.ByHour[r.StartsAt.In(loc).Hour()]++
	}
	return u, nil
}
