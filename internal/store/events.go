package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

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
// seat, consent, no-show count and mail, in one transaction (retried on a
// MySQL deadlock).
func (s *Store) Apply(ctx context.Context, c booking.Change) (booking.Reservation, error) {
	cols, err := s.changeColumns(c)
	if err != nil {
		return booking.Reservation{}, err
	}
	var out booking.Reservation
	err = retryDeadlocks(ctx, func() error {
		var err error
		out, err = s.apply(ctx, c, cols)
		return classify(err)
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

// apply makes the change in one transaction: the compare-and-set update,
// then what comes with it.
func (s *Store) apply(ctx context.Context, c booking.Change, cols map[string]any) (booking.Reservation, error) {
	tx, err := s.begin(ctx)
	if err != nil {
		return booking.Reservation{}, err
	}
	defer tx.Rollback()
	row, err := updateReservation(tx, c, cols)
	if err != nil {
		return booking.Reservation{}, err
	}
	if err := moveSeat(tx, &row, c.Seat, c.Capacity); err != nil {
		return booking.Reservation{}, err
	}
	if err := insertConsent(tx, row, c.Consent, utc(c.At)); err != nil {
		return booking.Reservation{}, err
	}
	if c.Recount != nil {
		if err := s.recountNoShows(tx, row.JobSeekerID, c.Recount); err != nil {
			return booking.Reservation{}, err
		}
	}
	if err := insertEvent(tx, row, c.Event, c.By, c.At); err != nil {
		return booking.Reservation{}, err
	}
	out, err := s.mailAbout(tx, row, c.Compose, c.At)
	if err != nil {
		return booking.Reservation{}, err
	}
	return out, tx.Commit().Error
}

// changeColumns are the columns a change sets on the reservation, as the
// domain computed them (personal texts sealed).
func (s *Store) changeColumns(c booking.Change) (map[string]any, error) {
	cols := map[string]any{"status": string(c.To), "version": gorm.Expr("version + 1"),
		"updated_at": utc(c.At), "updated_by": c.By}
	set := c.Set
	for col, t := range map[string]*time.Time{"confirmed_at": set.ConfirmedAt, "checked_in_at": set.CheckedInAt,
		"started_at": set.StartedAt, "ended_at": set.EndedAt, "no_show_reverted_at": set.NoShowRevertedAt,
		"waiting_alerted_at": set.WaitingAlertedAt} {
		if t != nil {
			cols[col] = utc(*t)
		}
	}
	if set.SpendConfirmToken {
		cols["confirm_token_hash"] = nil
	}
	if set.Counselor != nil {
		cols["counselor_id"] = set.Counselor.CounselorID
	}
	if c.Seat == booking.SeatFreed {
		cols["active_self_booking"] = nil
	}
	for col, text := range map[string]string{"completion_note_sealed": set.CompletionNote, "end_reason_sealed": set.EndReason} {
		if text != "" {
			sealed, err := s.seal(text, "reservations."+col)
			if err != nil {
				return nil, err
			}
			cols[col] = sealed
		}
	}
	return cols, nil
}

// updateReservation sets cols on the reservation if it is still in one of
// c.From (and at c.Version, when set) and returns it as written; errStale
// when it is not.
func updateReservation(tx *gorm.DB, c booking.Change, cols map[string]any) (reservationRow, error) {
	from := make([]string, len(c.From))
	for i, st := range c.From {
		from[i] = string(st)
	}
	q := tx.Model(&reservationRow{}).Where("id = ? AND status IN ?", c.ID, from)
	if c.Version != 0 {
		q = q.Where("version = ?", c.Version)
	}
	res := q.Updates(cols)
	if res.Error != nil {
		return reservationRow{}, res.Error
	}
	if res.RowsAffected == 0 {
		return reservationRow{}, errStale
	}
	var row reservationRow
	err := tx.Where("id = ?", c.ID).Take(&row).Error
	return row, err
}

// moveSeat frees the reservation's seat or takes one again.
func moveSeat(tx *gorm.DB, row *reservationRow, move booking.SeatMove, capacity int) error {
	switch move {
	case booking.SeatFreed:
		return tx.Where("reservation_id = ?", row.ID).Delete(&slotSeatRow{}).Error
	case booking.SeatRetaken:
		return retakeSeat(tx, row, capacity)
	}
	return nil
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

// recountNoShows writes the job seeker's no-show count and review flag as
// recount gives them from the history read inside tx. The job seeker's row
// is read for update first (on MySQL; SQLite's write lock is the whole
// database), so that a second no-show at once waits and then counts this
// one.
func (s *Store) recountNoShows(tx *gorm.DB, jobSeekerID int64, recount booking.Recount) error {
	q := tx.Model(&jobSeekerRow{}).Select("no_show_count").Where("account_id = ?", jobSeekerID)
	if s.dialect == MySQL {
		q = q.Clauses(clause.Locking{Strength: clause.LockingStrengthUpdate})
	}
	var h booking.NoShowHistory
	if err := q.Scan(&h.Count).Error; err != nil {
		return err
	}
	var starts []time.Time
	if err := tx.Model(&reservationRow{}).Where("job_seeker_id = ? AND status = ?", jobSeekerID, string(booking.NoShow)).
		Pluck("starts_at", &starts).Error; err != nil {
		return err
	}
	h.Starts = starts
	count, flagged := recount(h)
	return tx.Model(&jobSeekerRow{}).Where("account_id = ?", jobSeekerID).
		Updates(map[string]any{"no_show_count": count, "flagged_for_review": flagged}).Error
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
