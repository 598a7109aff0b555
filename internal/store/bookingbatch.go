package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"

	"soudan/internal/booking"
)

// On MySQL, bookings that arrive while others are being written are
// written together, in three round trips: the seats of their slots are
// read; then one transaction inserts the reservations and their seats, and
// the rest of their rows with the commit. A booking costs the database about seven multi-row inserts
// shared by the batch instead of twelve statements of its own, and one
// commit shared by all. No booking waits for a batch to fill: a booking
// that arrives when a writer is free is written at once, alone.
//
// Every invariant stays with the database, as for a booking written
// alone: a seat taken meanwhile by another process (the seat's primary key
// decides) sends that booking back to be written alone, after the batch
// commits; anything else that stops the batch before its commit (a job
// seeker booking twice at once, an idempotency key used twice, a deadlock)
// rolls it back and sends every booking of it back.
const (
	// maxBookingBatch bounds the bookings of one batch.
	maxBookingBatch = 32
	// bookingWriters is how many batches a process writes at once. With
	// one, the bookings arriving while a batch is written all wait for the
	// next: in the load tool's uncontended bookings (32 clients, two
	// processes) batches averaged 7.6 bookings with one writer and 4 with
	// two. Their throughputs were within the machine's noise of each
	// other; one writer keeps the fewest commits and statements.
	bookingWriters = 1
	// bookingBatchTimeout bounds a batch, whose bookings wait for it
	// whatever their own requests' deadlines.
	bookingBatchTimeout = 30 * time.Second
)

// newBookingQueue returns the queue of the bookings waiting for a writer:
// the writer of a batch is the request of its first booking.
func (s *Store) newBookingQueue() *coalescer[*queuedBooking, bookingResult] {
	return &coalescer[*queuedBooking, bookingResult]{runners: bookingWriters, maxBatch: maxBookingBatch,
		run:    s.writeBookings,
		failed: func(err error) bookingResult { return bookingResult{err: err} }}
}

type queuedBooking struct {
	n       booking.NewReservation
	row     reservationRow
	compose booking.Compose
}

// bookingOutcome is what a batch did with a booking.
type bookingOutcome int

const (
	bookingWritten  bookingOutcome = iota // res, or err when the batch failed
	bookingSlotFull                       // no seat free when the batch read them
	bookingAlone                          // not written: write it alone
)

type bookingResult struct {
	outcome bookingOutcome
	res     booking.Reservation
	err     error
}

// createBatched books n through the queue (MySQL only).
func (s *Store) createBatched(ctx context.Context, n booking.NewReservation, row reservationRow,
	compose booking.Compose) (booking.Reservation, bool, error) {
	r := s.bookings.do(ctx, &queuedBooking{n: n, row: row, compose: compose})
	switch r.outcome {
	case bookingSlotFull:
		return s.fullSlot(ctx, n, row)
	case bookingAlone:
		return s.createAlone(ctx, n, row, compose)
	}
	return s.createOutcome(ctx, n, r.res, r.err)
}

// writeBookings writes a batch and returns a result for each of its
// bookings.
func (s *Store) writeBookings(ctx context.Context, batch []*queuedBooking) []bookingResult {
	results := make([]bookingResult, len(batch))
	// The batch's bookings wait for it whatever their own deadlines.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), bookingBatchTimeout)
	defer cancel()
	taken, err := s.takenSeatsOf(ctx, batch)
	if err != nil {
		return everyAlone(results)
	}
	var seated []int // indexes in batch of the bookings given a seat
	for i, b := range batch {
		seat := taken.first(b.row.OfficeID, b.row.StartsAt, b.n.Capacity)
		if seat == 0 {
			results[i] = bookingResult{outcome: bookingSlotFull}
			continue
		}
		if err := s.setSeat(&b.row, seat, b.n); err != nil {
			results[i] = bookingResult{err: err}
			continue
		}
		seated = append(seated, i)
	}
	// Seats in one order in every batch, so that two batches wanting the
	// same seats wait for each other instead of deadlocking.
	slices.SortFunc(seated, func(i, j int) int {
		a, b := batch[i].row, batch[j].row
		return cmp.Or(cmp.Compare(a.OfficeID, b.OfficeID), a.StartsAt.Compare(b.StartsAt), cmp.Compare(a.Seat, b.Seat))
	})
	if len(seated) > 0 {
		s.writeSeated(ctx, batch, seated, results)
	}
	return results
}

func everyAlone(results []bookingResult) []bookingResult {
	for i := range results {
		results[i] = bookingResult{outcome: bookingAlone}
	}
	return results
}

// slotKey names a slot of an office.
type slotKey struct {
	office int64
	start  int64 // Unix microseconds
}

// takenSeats are the seats of some slots that are taken, or given to a
// booking of the batch.
type takenSeats map[slotKey]map[int]bool

// take marks a seat of a slot taken.
func (t takenSeats) take(office int64, start time.Time, seat int) {
	k := slotKey{office, start.UnixMicro()}
	if t[k] == nil {
		t[k] = map[int]bool{}
	}
	t[k][seat] = true
}

// first takes the lowest seat of a slot not taken, or returns 0.
func (t takenSeats) first(office int64, start time.Time, capacity int) int {
	taken := t[slotKey{office, start.UnixMicro()}]
	for seat := 1; seat <= capacity; seat++ {
		if !taken[seat] {
			t.take(office, start, seat)
			return seat
		}
	}
	return 0
}

// takenSeatsOf reads the taken seats of the batch's slots in one query.
func (s *Store) takenSeatsOf(ctx context.Context, batch []*queuedBooking) (takenSeats, error) {
	seen := map[slotKey]bool{}
	var where []string
	var vars []any
	for _, b := range batch {
		k := slotKey{b.row.OfficeID, b.row.StartsAt.UnixMicro()}
		if !seen[k] {
			seen[k] = true
			where = append(where, "(office_id = ? AND starts_at = ?)")
			vars = append(vars, b.row.OfficeID, b.row.StartsAt)
		}
	}
	taken := takenSeats{}
	err := s.scanRows(ctx, func(scan func(...any) error) error {
		var office int64
		var start time.Time
		var seat int
		if err := scan(&office, &start, &seat); err != nil {
			return err
		}
		taken.take(office, start, seat)
		return nil
	}, "SELECT office_id, starts_at, seat FROM slot_seats WHERE "+strings.Join(where, " OR "), vars...)
	return taken, err
}

// writeSeated writes the bookings given a seat in one transaction and sets
// their results. A failure before the commit's round trip, or one that
// surely rolled the batch back (a duplicate key, a deadlock), sends them
// all back to be written alone; any other is every booking's error, as
// it would be for a booking written alone.
func (s *Store) writeSeated(ctx context.Context, batch []*queuedBooking, seated []int, results []bookingResult) {
	committing := false
	err := s.db.WithContext(ctx).Connection(func(conn *gorm.DB) error {
		conn = conn.Session(&gorm.Session{NewDB: true})
		won, err := s.insertSeated(conn, batch, seated)
		if err == nil {
			committing = true
			err = s.commitSeated(conn, batch, seated, won, results)
		}
		if err != nil {
			rollbackOrDiscard(ctx, conn)
		}
		return err
	})
	if err == nil {
		return
	}
	alone := !committing || isDuplicate(err) || isRetryable(err)
	for _, i := range seated {
		if alone {
			results[i] = bookingResult{outcome: bookingAlone}
		} else {
			results[i] = bookingResult{err: classify(err)}
		}
	}
}

// insertSeated begins the transaction, inserts the reservations and their
// seats and sets the reservations' ids, in one round trip. It returns the
// ids of the reservations that got their seat: a seat another process took
// since it was read is left to it (the insert waits for that process's
// transaction, then changes nothing).
//
// A multi-row INSERT of a known number of rows is given consecutive
// auto-increment ids under every InnoDB lock mode, the first of them being
// LAST_INSERT_ID(); the seats refer to their reservations by it.
func (s *Store) insertSeated(conn *gorm.DB, batch []*queuedBooking, seated []int) (map[int64]bool, error) {
	rows := make([]reservationRow, len(seated))
	for k, i := range seated {
		rows[k] = batch[i].row
	}
	insert := conn.Session(&gorm.Session{DryRun: true, NewDB: true}).Create(&rows).Statement
	var q strings.Builder
	q.WriteString("START TRANSACTION;\n")
	q.WriteString(insert.SQL.String())
	q.WriteString(";\nINSERT INTO slot_seats (office_id, starts_at, seat, reservation_id) VALUES ")
	vars := slices.Clone(insert.Vars)
	for k, r := range rows {
		if k > 0 {
			q.WriteString(", ")
		}
		fmt.Fprintf(&q, "(?, ?, ?, LAST_INSERT_ID() + %d)", k)
		vars = append(vars, r.OfficeID, r.StartsAt, r.Seat)
	}
	q.WriteString(` ON DUPLICATE KEY UPDATE reservation_id = reservation_id;
		SELECT LAST_INSERT_ID(), s.reservation_id FROM (SELECT 1) AS one
		LEFT JOIN slot_seats s ON s.reservation_id BETWEEN LAST_INSERT_ID() AND LAST_INSERT_ID() + ?`)
	vars = append(vars, len(rows)-1)
	result, err := conn.Raw(q.String(), vars...).Rows()
	if err != nil {
		return nil, err
	}
	defer result.Close()
	var first int64
	won := map[int64]bool{}
	for result.Next() {
		var id sql.NullInt64
		if err := result.Scan(&first, &id); err != nil {
			return nil, err
		}
		if id.Valid {
			won[id.Int64] = true
		}
	}
	if err := result.Err(); err != nil {
		return nil, err
	}
	for k, i := range seated {
		batch[i].row.ID = first + int64(k)
	}
	return won, nil
}

// commitSeated writes the rest of the rows of the bookings that got their
// seat, deletes the reservations of those that did not (they will be
// written alone), and commits, in one round trip. It sets the results of
// all the seated bookings.
func (s *Store) commitSeated(conn *gorm.DB, batch []*queuedBooking, seated []int, won map[int64]bool,
	results []bookingResult) error {
	var rows seatedRows
	var dropped []int64
	b := s.batch(conn)
	for _, i := range seated {
		q := batch[i]
		if !won[q.row.ID] {
			dropped = append(dropped, q.row.ID)
			results[i] = bookingResult{outcome: bookingAlone}
			continue
		}
		res, err := s.addSeated(b, &rows, q)
		if err != nil {
			dropped = append(dropped, q.row.ID)
			results[i] = bookingResult{err: err}
			continue
		}
		results[i] = bookingResult{res: res}
	}
	if len(dropped) > 0 {
		b.add("DELETE FROM reservations WHERE id IN ?", dropped)
	}
	rows.addTo(b)
	b.add("COMMIT") // the transaction insertSeated began
	return b.exec()
}

// seatedRows are the rows a batch writes after the reservations and seats,
// by table.
type seatedRows struct {
	keys     []idempotencyRow
	events   []eventRow
	consents []consentRow
	mails    []mailRow
	notices  []notificationRow
}

// addSeated adds a booking's rows to rows (and its reply's Message-ID to
// b) and returns its reservation.
func (s *Store) addSeated(b *stmtBatch, rows *seatedRows, q *queuedBooking) (booking.Reservation, error) {
	res, err := s.toReservation(q.row)
	if err != nil {
		return booking.Reservation{}, err
	}
	msg, err := q.compose(res)
	if err != nil {
		return booking.Reservation{}, err
	}
	now := utc(q.n.Reservation.CreatedAt)
	mailRow, notice, err := s.mailRows(msg, now)
	if err != nil {
		return booking.Reservation{}, err
	}
	rows.mails = append(rows.mails, mailRow)
	if notice != nil {
		rows.notices = append(rows.notices, *notice)
	}
	if q.n.IdempotencyKey != "" {
		rows.keys = append(rows.keys, idempotencyRow{AccountID: q.n.ActorID, IdemKey: q.n.IdempotencyKey,
			Operation: q.n.Operation, RequestHash: q.n.RequestHash, ReservationID: q.row.ID, CreatedAt: now})
	}
	rows.events = append(rows.events, *newEvent(q.row, booking.EventCreated, q.n.ActorID, now))
	if q.n.ConsentChannel != "" {
		rows.consents = append(rows.consents, *newConsent(q.row, q.n.ConsentChannel, now))
	}
	if q.n.ReplyConfirms {
		b.add("UPDATE reservations SET reply_message_id = ? WHERE id = ?", msg.MessageID, q.row.ID)
	}
	return res, nil
}

// addTo adds one multi-row INSERT per table that has rows.
func (r *seatedRows) addTo(b *stmtBatch) {
	if len(r.keys) > 0 {
		b.create(&r.keys)
	}
	if len(r.events) > 0 {
		b.create(&r.events)
	}
	if len(r.consents) > 0 {
		b.create(&r.consents)
	}
	if len(r.mails) > 0 {
		b.create(&r.mails)
	}
	if len(r.notices) > 0 {
		b.create(&r.notices)
	}
}
