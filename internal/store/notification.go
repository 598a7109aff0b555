package store

import (
	"context"
	"fmt"
	"time"

	"soudan/internal/account"
)

const adNotification = "notifications.body"

type notificationRow struct {
	ID         int64 `gorm:"primaryKey"`
	AccountID  int64
	Title      string
	BodySealed string
	CreatedAt  time.Time
	ReadAt     *time.Time
}

func (notificationRow) TableName() string { return "notifications" }

// Notifications lists an account's notifications, newest first, after the
// cursor id.
func (s *Store) Notifications(ctx context.Context, accountID, afterID int64, limit int) ([]account.Notification, error) {
	q := s.db.WithContext(ctx).Where("account_id = ?", accountID)
	if afterID > 0 {
		q = q.Where("id < ?", afterID)
	}
	var rows []notificationRow
	if err := q.Order("id DESC").Limit(limit).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: notifications: %w", classify(err))
	}
	out := make([]account.Notification, len(rows))
	for i, r := range rows {
		body, err := s.open(r.BodySealed, adNotification)
		if err != nil {
			return nil, fmt.Errorf("store: notification %d: %w", r.ID, err)
		}
		out[i] = account.Notification{ID: r.ID, Title: r.Title, Body: body, CreatedAt: r.CreatedAt, ReadAt: r.ReadAt}
	}
	return out, nil
}

// UnreadNotifications counts an account's unread notifications.
func (s *Store) UnreadNotifications(ctx context.Context, accountID int64) (int, error) {
	var n int64
	if err := s.db.WithContext(ctx).Model(&notificationRow{}).Where("account_id = ? AND read_at IS NULL", accountID).
		Count(&n).Error; err != nil {
		return 0, fmt.Errorf("store: unread notifications: %w", classify(err))
	}
	return int(n), nil
}

// MarkNotificationRead marks one of the account's notifications read.
func (s *Store) MarkNotificationRead(ctx context.Context, accountID, id int64, at time.Time) (account.Notification, error) {
	res := s.db.WithContext(ctx).Model(&notificationRow{}).Where("id = ? AND account_id = ? AND read_at IS NULL", id, accountID).
		Update("read_at", utc(at))
	if res.Error != nil {
		return account.Notification{}, fmt.Errorf("store: notification %d: %w", id, classify(res.Error))
	}
	var row notificationRow
	if err := s.db.WithContext(ctx).Where("id = ? AND account_id = ?", id, accountID).Take(&row).Error; err != nil {
		return account.Notification{}, fmt.Errorf("store: notification %d: %w", id, classify(err))
	}
	body, err := s.open(row.BodySealed, adNotification)
	if err != nil {
		return account.Notification{}, err
	}
	return account.Notification{ID: row.ID, Title: row.Title, Body: body, CreatedAt: row.CreatedAt, ReadAt: row.ReadAt}, nil
}
