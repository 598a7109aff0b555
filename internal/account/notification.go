package account

import (
	"context"
	"time"

	"soudan/internal/apperr"
	"soudan/internal/auth"
)

// Notification is a My Page message to a job seeker: a copy of a mail they
// were sent, without its one-time links.
type Notification struct {
	ID        int64
	Title     string
	Body      string
	CreatedAt time.Time
	ReadAt    *time.Time
}

// NotificationStore keeps the My Page notifications.
type NotificationStore interface {
	// Notifications lists an account's notifications, newest first, with
	// id < afterID when afterID > 0.
	Notifications(ctx context.Context, accountID, afterID int64, limit int) ([]Notification, error)
	// UnreadNotifications counts the account's unread notifications.
	UnreadNotifications(ctx context.Context, accountID int64) (int, error)
	// MarkNotificationRead marks the account's notification read; another
	// account's id returns an error wrapping apperr.ErrNotFound.
	MarkNotificationRead(ctx context.Context, accountID, id int64, at time.Time) (Notification, error)
}

var errNotificationNotFound = apperr.New(apperr.NotFound, "お知らせが見つかりません。", "notification not found")

// MyNotifications lists the signed-in account's notifications, newest
// first.
func (s *Service) MyNotifications(ctx context.Context, first int, after string) (Page[Notification], error) {
	actor, err := auth.RequireSignedIn(ctx)
	if err != nil {
		return Page[Notification]{}, err
	}
	if first < 1 || first > MaxPageSize {
		return Page[Notification]{}, apperr.Invalid("first", "first は 1 から 100 までです。", "first must be between 1 and 100")
	}
	afterID, err := DecodeCursor(after)
	if err != nil {
		return Page[Notification]{}, err
	}
	rows, err := s.Notices.Notifications(ctx, actor.AccountID, afterID, first+1)
	if err != nil {
		return Page[Notification]{}, err
	}
	page := Page[Notification]{Items: rows}
	if len(rows) > first {
		page.Items, page.HasNextPage = rows[:first], true
	}
	if n := len(page.Items); n > 0 {
		page.EndCursor = EncodeCursor(page.Items[n-1].ID)
	}
	return page, nil
}

// MarkNotificationRead marks one of the caller's notifications read;
// someone else's is NOT_FOUND.
func (s *Service) MarkNotificationRead(ctx context.Context, id int64) (Notification, error) {
	actor, err := auth.RequireSignedIn(ctx)
	if err != nil {
		return Notification{}, err
	}
	n, err := s.Notices.MarkNotificationRead(ctx, actor.AccountID, id, s.Now())
	if err != nil {
		if apperr.CodeOf(err) == apperr.NotFound {
			return Notification{}, errNotificationNotFound
		}
		return Notification{}, err
	}
	return n, nil
}

// UnreadNotifications counts the signed-in account's unread notifications,
// over all pages, in one query.
func (s *Service) UnreadNotifications(ctx context.Context) (int, error) {
	actor, err := auth.RequireSignedIn(ctx)
	if err != nil {
		return 0, err
	}
	return s.Notices.UnreadNotifications(ctx, actor.AccountID)
}
