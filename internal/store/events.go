package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"

	"soudan/internal/apperr"
	"soudan/internal/booking"
	"soudan/internal/calendar"
)

type eventRow struct {
	Seq           int64 `gorm:"primaryKey"`
	OfficeID      int64
	SessionDate   dbDate
	Type          string
	ReservationID int64
	JobSeekerID   int64
	ActorID       *int64
	At            time.Time
}

func (eventRow) TableName() string { return "events" }

func (r eventRow) toDomain() booking.Event {
	return booking.Event{Seq: r.Seq, OfficeID: r.OfficeID, Date: calendar.Date(r.SessionDate), Type: r.Type,
		ReservationID: r.ReservationID, JobSeekerID: r.JobSeekerID, At: r.At}
}

// insertEvent appends the queue event of a change to res, inside tx.
func insertEvent(tx *gorm.DB, res reservationRow, typ string, by int64, at time.Time) error {
	return tx.Create(newEvent(res, typ, by, at)).Error
}

// newEvent is the queue event of a change to res.
func newEvent(res reservationRow, typ string, by int64, at time.Time) *eventRow {
	ev := eventRow{OfficeID: res.OfficeID, SessionDate: res.SessionDate, Type: typ, ReservationID: res.ID,
		JobSeekerID: res.JobSeekerID, At: utc(at)}
	if by != 0 {
		ev.ActorID = &by
	}
	return &ev
}

// EventsAfter returns up to limit events with seq > after, in order.
func (s *Store) EventsAfter(ctx context.Context, after int64, limit int) ([]booking.Event, error) {
	var rows []eventRow
	if err := s.db.WithContext(ctx).Where("seq > ?", after).Order("seq").Limit(limit).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: events: %w", classify(err))
	}
	out := make([]booking.Event, len(rows))
	for i, r := range rows {
		out[i] = r.toDomain()
	}
	return out, nil
}

// EventsOfDay returns an office's events of one session date with
// after < seq <= upTo, in order.
func (s *Store) EventsOfDay(ctx context.Context, officeID int64, d calendar.Date, after, upTo int64) ([]booking.Event, error) {
	var rows []eventRow
	err := s.db.WithContext(ctx).Where("office_id = ? AND session_date = ? AND seq > ? AND seq <= ?", officeID, dbDate(d), after, upTo).
		Order("seq").Find(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("store: events of day: %w", classify(err))
	}
	out := make([]booking.Event, len(rows))
	for i, r := range rows {
		out[i] = r.toDomain()
	}
	return out, nil
}

// LastEventSeq returns the highest event seq (0 when there is none).
func (s *Store) LastEventSeq(ctx context.Context) (int64, error) {
	var seq *int64
	if err := s.db.WithContext(ctx).Model(&eventRow{}).Select("MAX(seq)").Scan(&seq).Error; err != nil {
		return 0, fmt.Errorf("store: last event: %w", classify(err))
	}
	if seq == nil {
		return 0, nil
	}
	return *seq, nil
}

// ReservationsByIDs returns the reservations with those ids.
func (s *Store) ReservationsByIDs(ctx context.Context, ids []int64) (map[int64]booking.Reservation, error) {
	out := make(map[int64]booking.Reservation, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := s.listReservations(s.db.WithContext(ctx).Where("id IN ?", ids))
	if err != nil {
		return nil, err
	}
	for _, r := range rows {
		out[r.ID] = r
	}
	return out, nil
}

// Apply makes a compare-and-set change to a reservation, with its event,
// seat, no-show count and mail, in one transaction.
func (s *Store) Apply(ctx context.Context, c booking.Change) (booking.Reservation, error) {
	updates, err := s.changeUpdates(c)
	if err != nil {
		return booking.Reservation{}, err
	}
	var out booking.Reservation
	err = s.transactionRetry(ctx, func(tx *gorm.DB) error {
		var err error
		out, err = s.applyInTx(tx, c, updates)
		return err
	})
	if errors.Is(err, errStale) {
		return booking.Reservation{}, s.staleError(ctx, c.ID)
	}
	if err != nil {
		if _, ok := apperr.As(err); ok {
			return booking.Reservation{}, err
		}
		return booking.Reservation{}, fmt.Errorf("store: reservation %d %s: %w", c.ID, c.Event, err)
	}
	return out, nil
}

// retakeSeat gives a reservation that becomes active again a free seat of
// its slot (SLOT_FULL when there is none).
func retakeSeat(tx *gorm.DB, row *reservationRow, capacity int) error {
	free, err := freeSeats(tx, row.OfficeID, row.StartsAt, capacity)
	if err != nil {
		return err
	}
	seat, err := takeSeat(tx, row.OfficeID, row.StartsAt, free, row.ID)
	if err != nil {
		return err
	}
	row.Seat = seat
	return tx.Model(&reservationRow{}).Where("id = ?", row.ID).Update("seat", seat).Error
}

// changeUpdates are the columns a change sets on the reservation.
func (s *Store) changeUpdates(c booking.Change) (map[string]any, error) {
	updates := map[string]any{"status": string(c.To), "version": gorm.Expr("version + 1"),
		"updated_at": utc(c.At), "updated_by": c.By}
	at := utc(c.At)
	if c.CheckedInAt {
		updates["checked_in_at"] = at
	}
	if c.StartedAt {
		updates["started_at"] = at
	}
	if c.EndedAt {
		updates["ended_at"] = at
	}
	if c.SetCounselor {
		updates["counselor_id"] = c.CounselorID
	}
	if c.RevertNoShow {
		updates["no_show_reverted_at"] = at
	}
	if c.WaitingAlerted {
		updates["waiting_alerted_at"] = at
	}
	if c.Confirm {
		updates["confirmed_at"] = at
		updates["confirm_token_hash"] = nil
	}
	if !c.To.Active() {
		updates["active_self_booking"] = nil
	}
	for col, text := range map[string]string{"completion_note_sealed": c.CompletionNote, "end_reason_sealed": c.EndReason} {
		if text != "" {
			sealed, err := s.seal(text, "reservations."+col)
			if err != nil {
				return nil, err
			}
			updates[col] = sealed
		}
	}
	return updates, nil
}

// applyInTx makes the compare-and-set update and writes what comes with
// it: the seat freed or taken again, the consent, the no-show count, the
// event and the mail.
func (s *Store) applyInTx(tx *gorm.DB, c booking.Change, updates map[string]any) (booking.Reservation, error) {
	from := make([]string, len(c.From))
	leavesActive, reentersActive := !c.To.Active(), false
	for i, st := range c.From {
		from[i] = string(st)
		if !st.Active() && c.To.Active() {
			reentersActive = true
		}
	}
	at := utc(c.At)
	q := tx.Model(&reservationRow{}).Where("id = ? AND status IN ?", c.ID, from)
	if c.Version != 0 {
		q = q.Where("version = ?", c.Version)
	}
	res := q.Updates(updates)
	if res.Error != nil {
		return booking.Reservation{}, res.Error
	}
	if res.RowsAffected == 0 {
		return booking.Reservation{}, errStale
	}
	var row reservationRow
	if err := tx.Where("id = ?", c.ID).Take(&row).Error; err != nil {
		return booking.Reservation{}, err
	}
	if leavesActive {
		if err := tx.Where("reservation_id = ?", c.ID).Delete(&slotSeatRow{}).Error; err != nil {
			return booking.Reservation{}, err
		}
	}
	if reentersActive {
		if err := retakeSeat(tx, &row, c.Capacity); err != nil {
			return booking.Reservation{}, err
		}
	}
	if c.Confirm {
		if err := insertConsent(tx, row, c.ConsentChannel, at); err != nil {
			return booking.Reservation{}, err
		}
	}
	if c.NoShowDelta != 0 {
		if err := updateNoShows(tx, row.JobSeekerID, c); err != nil {
			return booking.Reservation{}, err
		}
	}
	if err := insertEvent(tx, row, c.Event, c.By, c.At); err != nil {
		return booking.Reservation{}, err
	}
	return s.mailAbout(tx, row, c.Compose, c.At)
}

// updateNoShows moves a job seeker's no-show count and sets the review
// flag from the no-shows inside the window (Art 6(6)); the flag is never
// a suspension.
func updateNoShows(tx *gorm.DB, jobSeekerID int64, c booking.Change) error {
	if err := tx.Exec("UPDATE job_seekers SET no_show_count = CASE WHEN no_show_count + ? < 0 THEN 0 ELSE no_show_count + ? END WHERE account_id = ?",
		c.NoShowDelta, c.NoShowDelta, jobSeekerID).Error; err != nil {
		return err
	}
	var recent int64
	if err := tx.Model(&reservationRow{}).
		Where("job_seeker_id = ? AND status = ? AND starts_at > ?", jobSeekerID, string(booking.NoShow), utc(c.At.Add(-c.NoShowWindow))).
		Count(&recent).Error; err != nil {
		return err
	}
	return tx.Exec("UPDATE job_seekers SET flagged_for_review = ? WHERE account_id = ?",
		c.NoShowThreshold > 0 && recent >= int64(c.NoShowThreshold), jobSeekerID).Error
}

// Overdue returns the no-show sweeper's work: the office's reservations
// that started in [since, cutoff), not on a skipped date, and are still
// CONFIRMED (and never had a no-show reverted) or CHECKED_IN (and staff
// were not yet told that the job seeker is waiting).
func (s *Store) Overdue(ctx context.Context, officeID int64, since, cutoff time.Time, skip []calendar.Date, limit int) ([]booking.Reservation, error) {
	q := s.db.WithContext(ctx).
		Where("office_id = ? AND starts_at >= ? AND starts_at < ?", officeID, utc(since), utc(cutoff)).
		Where("(status = ? AND no_show_reverted_at IS NULL) OR (status = ? AND waiting_alerted_at IS NULL)",
			string(booking.Confirmed), string(booking.CheckedIn))
	if len(skip) > 0 {
		q = q.Where("session_date NOT IN ?", dbDates(skip))
	}
	return s.listReservations(q.Order("starts_at, id").Limit(limit))
}

func dbDates(ds []calendar.Date) []dbDate {
	out := make([]dbDate, len(ds))
	for i, d := range ds {
		out[i] = dbDate(d)
	}
	return out
}
