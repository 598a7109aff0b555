package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"gorm.io/gorm"

	"soudan/internal/booking"
)

var _ booking.ReadinessStore = (*Store)(nil)

const adReadiness = "readiness_reports.checks"

type readinessRow struct {
	ReservationID int64 `gorm:"primaryKey;autoIncrement:false"`
	SubmittedAt   time.Time
	Overall       string
	RulesVersion  string
	OS            string `gorm:"column:os"`
	Source        string
	ChecksSealed  string
}

func (readinessRow) TableName() string { return "readiness_reports" }

// SaveReadiness replaces a reservation's readiness report and writes its
// READINESS event.
func (s *Store) SaveReadiness(ctx context.Context, r booking.Reservation, rep booking.ReadinessReport, by int64) error {
	checks, err := json.Marshal(rep.Checks)
	if err != nil {
		return err
	}
	sealed, err := s.seal(string(checks), adReadiness)
	if err != nil {
		return err
	}
	source := rep.Source
	if source == "" {
		source = booking.SourceChecker
	}
	err = s.transaction(ctx, func(tx *gorm.DB) error {
		if err := tx.Where("reservation_id = ?", r.ID).Delete(&readinessRow{}).Error; err != nil {
			return err
		}
		if err := tx.Create(&readinessRow{ReservationID: r.ID, SubmittedAt: utc(rep.SubmittedAt), Overall: string(rep.Overall),
			RulesVersion: rep.RulesVersion, OS: rep.OS, Source: string(source), ChecksSealed: sealed}).Error; err != nil {
			return err
		}
		var row reservationRow
		if err := tx.Where("id = ?", r.ID).Take(&row).Error; err != nil {
			return err
		}
		return insertEvent(tx, row, booking.EventReadinessReport, by, rep.SubmittedAt)
	})
	if err != nil {
		return fmt.Errorf("store: readiness of %d: %w", r.ID, err)
	}
	return nil
}

// ReadinessOf returns the reports of those reservations.
func (s *Store) ReadinessOf(ctx context.Context, ids []int64) (map[int64]booking.ReadinessReport, error) {
	out := make(map[int64]booking.ReadinessReport, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	var rows []readinessRow
	if err := s.db.WithContext(ctx).Where("reservation_id IN ?", ids).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: readiness: %w", classify(err))
	}
	for _, r := range rows {
		plain, err := s.open(r.ChecksSealed, adReadiness)
		if err != nil {
			return nil, fmt.Errorf("store: readiness of %d: %w", r.ReservationID, err)
		}
		var checks []booking.CheckResult
		if err := json.Unmarshal([]byte(plain), &checks); err != nil {
			return nil, fmt.Errorf("store: readiness of %d: %w", r.ReservationID, err)
		}
		out[r.ReservationID] = booking.ReadinessReport{ReservationID: r.ReservationID, SubmittedAt: r.SubmittedAt,
			Overall: booking.CheckStatus(r.Overall), RulesVersion: r.RulesVersion, OS: r.OS,
			Source: booking.ReadinessSource(r.Source), Checks: checks}
	}
	return out, nil
}
