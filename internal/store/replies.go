package store

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"soudan/internal/booking"
)

// ReservationByReplyTo returns the application whose mail carried the
// Message-ID messageID, and the address that mail went to.
func (s *Store) ReservationByReplyTo(ctx context.Context, messageID string) (booking.Reservation, string, error) {
	db := s.db.WithContext(ctx)
	var row reservationRow
	if err := db.Where("reply_message_id = ?", messageID).Take(&row).Error; err != nil {
		return booking.Reservation{}, "", fmt.Errorf("store: reply to a mail: %w", classify(err))
	}
	var m mailRow
	if err := db.Select("recipient").Where("message_id = ?", messageID).Take(&m).Error; err != nil {
		return booking.Reservation{}, "", fmt.Errorf("store: reply to a mail: %w", classify(err))
	}
	r, err := s.toReservation(row)
	return r, m.Recipient, err
}

// MarkLateReply records a reply after the deadline and queues its answer,
// once per application.
func (s *Store) MarkLateReply(ctx context.Context, id int64, at time.Time, compose booking.Compose) (bool, error) {
	queued := false
	err := s.transaction(ctx, func(tx *gorm.DB) error {
		res := tx.Model(&reservationRow{}).Where("id = ? AND late_reply_at IS NULL", id).Update("late_reply_at", utc(at))
		if res.Error != nil || res.RowsAffected == 0 {
			return res.Error
		}
		var row reservationRow
		if err := tx.Where("id = ?", id).Take(&row).Error; err != nil {
			return err
		}
		queued = true
		_, err := s.mailAbout(tx, row, compose, at)
		return err
	})
	if err != nil {
		return false, fmt.Errorf("store: late reply to %d: %w", id, err)
	}
	return queued, nil
}

type inboxRow struct {
	Name       string `gorm:"primaryKey"`
	LeaseOwner *string
	LeaseUntil *time.Time
	PolledAt   *time.Time
	Unmatched  int
}

func (inboxRow) TableName() string { return "mail_inboxes" }

// TakeInboxLease leases the mailbox name to owner until now+lease when it
// is free, its lease expired, or owner holds it already. A conditional
// update, so two instances never both hold it.
func (s *Store) TakeInboxLease(ctx context.Context, name, owner string, now time.Time, lease time.Duration) (bool, error) {
	db := s.db.WithContext(ctx)
	now = utc(now)
	until := now.Add(lease)
	res := db.Model(&inboxRow{}).
		Where("name = ? AND (lease_until IS NULL OR lease_until < ? OR lease_owner = ?)", name, now, owner).
		Updates(map[string]any{"lease_owner": owner, "lease_until": until})
	if res.Error != nil {
		return false, fmt.Errorf("store: inbox lease: %w", classify(res.Error))
	}
	if res.RowsAffected == 0 {
		err := db.Create(&inboxRow{Name: name, LeaseOwner: &owner, LeaseUntil: &until}).Error
		if isDuplicate(err) {
			// MySQL counts a row updated to the values it had as unaffected:
			// read who holds it.
			var row inboxRow
			if err := db.Where("name = ?", name).Take(&row).Error; err != nil {
				return false, fmt.Errorf("store: inbox lease: %w", classify(err))
			}
			return row.LeaseOwner != nil && *row.LeaseOwner == owner && row.LeaseUntil != nil &&
				row.LeaseUntil.Equal(until), nil
		}
		if err != nil {
			return false, fmt.Errorf("store: inbox lease: %w", classify(err))
		}
	}
	return true, nil
}

// ReleaseInboxLease ends owner's lease on the mailbox name and records a
// poll at at that left unmatched messages for staff (a negative unmatched
// records no poll).
func (s *Store) ReleaseInboxLease(ctx context.Context, name, owner string, at time.Time, unmatched int) error {
	values := map[string]any{"lease_owner": nil, "lease_until": nil}
	if unmatched >= 0 {
		values["polled_at"], values["unmatched"] = utc(at), unmatched
	}
	err := s.db.WithContext(ctx).Model(&inboxRow{}).Where("name = ? AND lease_owner = ?", name, owner).
		Updates(values).Error
	if err != nil {
		return fmt.Errorf("store: inbox lease: %w", classify(err))
	}
	return nil
}

// InboxStatus returns when the mailbox name was last polled and how many
// messages that poll left for staff; zero values when it never was.
func (s *Store) InboxStatus(ctx context.Context, name string) (polledAt time.Time, unmatched int, err error) {
	var rows []inboxRow
	if err := s.db.WithContext(ctx).Where("name = ?", name).Limit(1).Find(&rows).Error; err != nil {
		return time.Time{}, 0, fmt.Errorf("store: inbox status: %w", classify(err))
	}
	if len(rows) == 0 || rows[0].PolledAt == nil {
		return time.Time{}, 0, nil
	}
	return rows[0].PolledAt.UTC(), rows[0].Unmatched, nil
}
