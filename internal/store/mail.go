package store

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"soudan/internal/mail"
	"soudan/internal/mailer"
)

var _ mailer.Outbox = (*Store)(nil)

type mailRow struct {
	ID            int64 `gorm:"primaryKey"`
	MessageID     string
	AccountID     *int64
	Recipient     string
	Subject       string
	BodySealed    string
	Attempts      int
	NextAttemptAt time.Time
	ClaimedBy     *string
	ClaimedUntil  *time.Time
	SentAt        *time.Time
	FailedAt      *time.Time
	LastError     *string
	CreatedAt     time.Time
}

func (mailRow) TableName() string { return "mail_outbox" }

// The body is sealed for its own message: a body moved to another row fails
// to open.
func mailAD(messageID string) string { return "mail_outbox.body:" + messageID }

// QueueMail writes m to the outbox, due at once, with its My Page copy.
func (s *Store) QueueMail(ctx context.Context, m mail.Outgoing, at time.Time) error {
	if err := s.transaction(ctx, func(tx *gorm.DB) error { return s.enqueueMail(tx, m, at) }); err != nil {
		return fmt.Errorf("store: queue mail: %w", err)
	}
	return nil
}

// enqueueMail writes m to the outbox inside tx, due at once.
func (s *Store) enqueueMail(tx *gorm.DB, m mail.Outgoing, now time.Time) error {
	b := s.batch(tx)
	if err := s.enqueueMailIn(b, m, now); err != nil {
		return err
	}
	return b.exec()
}

// enqueueMailIn adds a queued mail, and its My Page notice if it has one,
// to a batch.
func (s *Store) enqueueMailIn(b *stmtBatch, m mail.Outgoing, now time.Time) error {
	row, notice, err := s.mailRows(m, now)
	if err != nil {
		return err
	}
	b.create(&row)
	if notice != nil {
		b.create(notice)
	}
	return nil
}

// mailRows seals a queued mail into its outbox row and, when it has one,
// its My Page notice.
func (s *Store) mailRows(m mail.Outgoing, now time.Time) (mailRow, *notificationRow, error) {
	body, err := s.seal(m.Body, mailAD(m.MessageID))
	if err != nil {
		return mailRow{}, nil, err
	}
	row := mailRow{MessageID: m.MessageID, Recipient: m.To, Subject: m.Subject, BodySealed: body,
		NextAttemptAt: utc(now), CreatedAt: utc(now)}
	if m.AccountID != 0 {
		id := m.AccountID
		row.AccountID = &id
	}
	if m.Notice == nil || m.AccountID == 0 {
		return row, nil, nil
	}
	body, err = s.seal(m.Notice.Body, adNotification)
	if err != nil {
		return mailRow{}, nil, err
	}
	return row, &notificationRow{AccountID: m.AccountID, Title: m.Notice.Title, BodySealed: body, CreatedAt: utc(now)}, nil
}

// Claim leases up to limit due messages to owner. The lease is a conditional
// update, so concurrent claims (other instances) never get the same row.
func (s *Store) Claim(ctx context.Context, owner string, now time.Time, lease time.Duration, limit int) ([]mailer.Message, error) {
	now = utc(now)
	until := now.Add(lease)
	db := s.db.WithContext(ctx)
	var ids []int64
	err := db.Model(&mailRow{}).
		Where("sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= ? AND (claimed_until IS NULL OR claimed_until < ?)", now, now).
		Order("id").Limit(limit).Pluck("id", &ids).Error
	if err != nil {
		return nil, fmt.Errorf("store: claim mail: %w", classify(err))
	}
	if len(ids) == 0 {
		return nil, nil
	}
	err = db.Model(&mailRow{}).
		// Re-check every condition of the select above: a row another owner
		// claimed and released with Retry in between is no longer due.
		Where("id IN ? AND sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= ? AND (claimed_until IS NULL OR claimed_until < ?)", ids, now, now).
		Updates(map[string]any{"claimed_by": owner, "claimed_until": until}).Error
	if err != nil {
		return nil, fmt.Errorf("store: claim mail: %w", classify(err))
	}
	var rows []mailRow
	err = db.Where("id IN ? AND claimed_by = ? AND sent_at IS NULL AND failed_at IS NULL", ids, owner).Order("id").Find(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("store: claim mail: %w", classify(err))
	}
	out := make([]mailer.Message, 0, len(rows))
	for _, r := range rows {
		body, err := s.open(r.BodySealed, mailAD(r.MessageID))
		if err != nil {
			// A body that cannot be opened (lost key) can never be sent.
			s.log.Error("mail body cannot be decrypted", "mail", r.ID, "err", err)
			_ = s.Fail(ctx, r.ID, owner, now, "body cannot be decrypted")
			continue
		}
		out = append(out, mailer.Message{ID: r.ID, MessageID: r.MessageID, To: r.Recipient, Subject: r.Subject,
			Body: body, Attempts: r.Attempts, CreatedAt: r.CreatedAt})
	}
	return out, nil
}

func (s *Store) updateClaimed(ctx context.Context, id int64, owner string, values map[string]any) error {
	values["claimed_by"], values["claimed_until"] = nil, nil
	res := s.db.WithContext(ctx).Model(&mailRow{}).
		Where("id = ? AND claimed_by = ? AND sent_at IS NULL AND failed_at IS NULL", id, owner).Updates(values)
	if res.Error != nil {
		return fmt.Errorf("store: mail %d: %w", id, classify(res.Error))
	}
	if res.RowsAffected == 0 {
		return mailer.ErrLeaseLost
	}
	return nil
}

// MarkSent records a delivery.
func (s *Store) MarkSent(ctx context.Context, id int64, owner string, at time.Time) error {
	return s.updateClaimed(ctx, id, owner, map[string]any{"sent_at": utc(at)})
}

// Retry releases a claim and schedules another attempt.
func (s *Store) Retry(ctx context.Context, id int64, owner string, next time.Time, reason string) error {
	return s.updateClaimed(ctx, id, owner, map[string]any{
		"attempts": gorm.Expr("attempts + 1"), "next_attempt_at": utc(next), "last_error": truncate(reason, 500)})
}

// Fail gives up on a message.
func (s *Store) Fail(ctx context.Context, id int64, owner string, at time.Time, reason string) error {
	return s.updateClaimed(ctx, id, owner, map[string]any{
		"attempts": gorm.Expr("attempts + 1"), "failed_at": utc(at), "last_error": truncate(reason, 500)})
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

func utf8RuneStart(b byte) bool { return b&0xC0 != 0x80 }

// OutboxBacklog counts the mails still to be sent (neither sent nor given
// up) and returns when the oldest of them was queued (zero when none).
func (s *Store) OutboxBacklog(ctx context.Context) (pending int64, oldest time.Time, err error) {
	db := s.db.WithContext(ctx).Model(&mailRow{}).Where("sent_at IS NULL AND failed_at IS NULL")
	if err := db.Count(&pending).Error; err != nil {
		return 0, time.Time{}, fmt.Errorf("store: mail backlog: %w", classify(err))
	}
	if pending == 0 {
		return 0, time.Time{}, nil
	}
	// The column itself, not MIN(): SQLite returns aggregates of DATETIME
	// columns as text.
	var rows []mailRow
	if err := s.db.WithContext(ctx).Select("created_at").Where("sent_at IS NULL AND failed_at IS NULL").
		Order("id").Limit(1).Find(&rows).Error; err != nil {
		return 0, time.Time{}, fmt.Errorf("store: mail backlog: %w", classify(err))
	}
	if len(rows) > 0 {
		oldest = rows[0].CreatedAt.UTC()
	}
	return pending, oldest, nil
}
