package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"strings"
	"time"

	mysqldriver "github.com/go-sql-driver/mysql"
	"gorm.io/gorm"

	"soudan/internal/apperr"
	"soudan/internal/booking"
	"soudan/internal/calendar"
	"soudan/internal/meeting"
)

var _ booking.Store = (*Store)(nil)

// Associated data of the sealed reservation columns.
const (
	adResPhone        = "reservations.phone"
	adResConsultation = "reservations.consultation"
	adResCompanion    = "reservations.companion_note"
	adResPasscode     = "reservations.meeting_passcode"
	adResCancel       = "reservations.cancel_reason"
	adBoothPasscode   = "booths.passcode"
)

type reservationRow struct {
	ID                    int64 `gorm:"primaryKey"`
	OfficeID              int64
	JobSeekerID           int64
	Status                string
	Channel               string
	StartsAt              time.Time
	EndsAt                time.Time
	SessionDate           dbDate
	Seat                  int
	Name                  string
	PhoneSealed           string
	ConsultationSealed    string
	CompanionKind         string
	CompanionNoteSealed   *string
	TermsVersionID        int64
	SelfBooked            bool
	ActiveSelfBooking     *int64
	OverrideNoticeReason  *string
	ConfirmBy             time.Time
	MeetingProvider       *string
	MeetingID             *string
	MeetingPasscodeSealed *string
	MeetingJoinURL        *string
	CounselorID           *int64
	ConfirmedAt           *time.Time
	CheckedInAt           *time.Time
	StartedAt             *time.Time
	EndedAt               *time.Time
	CancelledAt           *time.Time
	CancelChannel         *string
	CancelReasonSealed    *string
	ConfirmTokenHash      *string
	NoShowRevertedAt      *time.Time
	WaitingAlertedAt      *time.Time
	CreatedBy             int64
	UpdatedBy             int64
	Version               int
	CreatedAt             time.Time
	UpdatedAt             time.Time
}

func (reservationRow) TableName() string { return "reservations" }

type slotSeatRow struct {
	OfficeID      int64     `gorm:"primaryKey;autoIncrement:false"`
	StartsAt      time.Time `gorm:"primaryKey"`
	Seat          int       `gorm:"primaryKey;autoIncrement:false"`
	ReservationID int64
}

func (slotSeatRow) TableName() string { return "slot_seats" }

type idempotencyRow struct {
	AccountID     int64  `gorm:"primaryKey;autoIncrement:false"`
	IdemKey       string `gorm:"primaryKey"`
	Operation     string
	RequestHash   string
	ReservationID int64
	CreatedAt     time.Time
}

func (idempotencyRow) TableName() string { return "idempotency_keys" }

type consentRow struct {
	ID             int64 `gorm:"primaryKey"`
	AccountID      int64
	TermsVersionID int64
	ReservationID  *int64
	Channel        string
	AgreedAt       time.Time
}

func (consentRow) TableName() string { return "terms_consents" }

type boothRow struct {
	OfficeID       int64 `gorm:"primaryKey;autoIncrement:false"`
	Seat           int   `gorm:"primaryKey;autoIncrement:false"`
	MeetingID      string
	PasscodeSealed string
	JoinURL        string
	UpdatedAt      time.Time
	UpdatedBy      *int64
}

func (boothRow) TableName() string { return "booths" }

func (s *Store) sealOptional(plain, ad string) (*string, error) {
	if plain == "" {
		return nil, nil
	}
	sealed, err := s.seal(plain, ad)
	return &sealed, err
}

func (s *Store) openOptional(sealed *string, ad string) (string, error) {
	if sealed == nil {
		return "", nil
	}
	return s.open(*sealed, ad)
}

func (s *Store) fromReservation(r booking.Reservation, by int64) (reservationRow, error) {
	phone, err1 := s.sealPhone(r.Phone, adResPhone)
	consultation, err2 := s.seal(r.Consultation, adResConsultation)
	note, err3 := s.sealOptional(r.Companion.Note, adResCompanion)
	if err := errors.Join(err1, err2, err3); err != nil {
		return reservationRow{}, err
	}
	row := reservationRow{
		ID: r.ID, OfficeID: r.OfficeID, JobSeekerID: r.JobSeekerID, Status: string(r.Status), Channel: string(r.Channel),
		StartsAt: utc(r.StartsAt), EndsAt: utc(r.EndsAt), SessionDate: dbDate(r.Date),
		Seat: r.Seat, Name: r.Name, PhoneSealed: phone, ConsultationSealed: consultation,
		CompanionKind: string(r.Companion.Kind), CompanionNoteSealed: note, TermsVersionID: r.TermsVersionID,
		SelfBooked: r.SelfBooked, ConfirmBy: utc(r.ConfirmBy), CounselorID: r.CounselorID,
		ConfirmedAt: utcPtr(r.ConfirmedAt), CreatedBy: by, UpdatedBy: by, Version: 1,
		CreatedAt: utc(r.CreatedAt), UpdatedAt: utc(r.CreatedAt),
	}
	if r.OverrideNoticeReason != "" {
		row.OverrideNoticeReason = &r.OverrideNoticeReason
	}
	if r.SelfBooked && r.Status.Active() {
		js := r.JobSeekerID
		row.ActiveSelfBooking = &js
	}
	return row, nil
}

func (s *Store) toReservation(row reservationRow) (booking.Reservation, error) {
	phone, err1 := s.openPhone(row.PhoneSealed, adResPhone)
	consultation, err2 := s.open(row.ConsultationSealed, adResConsultation)
	note, err3 := s.openOptional(row.CompanionNoteSealed, adResCompanion)
	cancelReason, err4 := s.openOptional(row.CancelReasonSealed, adResCancel)
	if err := errors.Join(err1, err2, err3, err4); err != nil {
		return booking.Reservation{}, fmt.Errorf("store: reservation %d: %w", row.ID, err)
	}
	r := booking.Reservation{
		ID: row.ID, OfficeID: row.OfficeID, JobSeekerID: row.JobSeekerID, Status: booking.Status(row.Status),
		Channel: booking.Channel(row.Channel), StartsAt: row.StartsAt, EndsAt: row.EndsAt,
		Date: calendar.Date(row.SessionDate), Seat: row.Seat,
		Name: row.Name, Phone: phone,
		Consultation: consultation, Companion: booking.Companion{Kind: booking.CompanionKind(row.CompanionKind), Note: note},
		TermsVersionID: row.TermsVersionID, SelfBooked: row.SelfBooked, ConfirmBy: row.ConfirmBy,
		CounselorID: row.CounselorID, ConfirmedAt: row.ConfirmedAt, CheckedInAt: row.CheckedInAt,
		StartedAt: row.StartedAt, EndedAt: row.EndedAt, CancelledAt: row.CancelledAt, CancelReason: cancelReason,
		NoShowRevertedAt: row.NoShowRevertedAt, WaitingAlertedAt: row.WaitingAlertedAt,
		Version: row.Version, CreatedAt: row.CreatedAt,
	}
	if row.OverrideNoticeReason != nil {
		r.OverrideNoticeReason = *row.OverrideNoticeReason
	}
	if row.CancelChannel != nil {
		ch := booking.Channel(*row.CancelChannel)
		r.CancelChannel = &ch
	}
	if row.MeetingProvider != nil {
		passcode, err := s.openOptional(row.MeetingPasscodeSealed, adResPasscode)
		if err != nil {
			return booking.Reservation{}, fmt.Errorf("store: reservation %d meeting: %w", row.ID, err)
		}
		r.Meeting = &meeting.Meeting{Provider: *row.MeetingProvider, MeetingID: deref(row.MeetingID),
			Passcode: passcode, JoinURL: deref(row.MeetingJoinURL)}
	}
	return r, nil
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

var errIdempotencyKeyUsed = errors.New("store: idempotency key used")

// CreateReservation books a seat for a new reservation in one transaction:
// on MySQL together with the bookings that arrive meanwhile (createBatched).
func (s *Store) CreateReservation(ctx context.Context, n booking.NewReservation, compose booking.Compose) (booking.Reservation, bool, error) {
	row, err := s.fromReservation(n.Reservation, n.ActorID)
	if err != nil {
		return booking.Reservation{}, false, err
	}
	if n.ConfirmTokenHash != "" {
		row.ConfirmTokenHash = &n.ConfirmTokenHash
	}
	if s.dialect == MySQL {
		return s.createBatched(ctx, n, row, compose)
	}
	return s.createAlone(ctx, n, row, compose)
}

// createAlone books a seat for a new reservation in a transaction of its
// own.
func (s *Store) createAlone(ctx context.Context, n booking.NewReservation, row reservationRow,
	compose booking.Compose) (booking.Reservation, bool, error) {
	// The seats are read before the transaction: a full slot costs no
	// transaction, and a booking holds its locks for a round trip less.
	free, err := freeSeats(s.db.WithContext(ctx), row.OfficeID, row.StartsAt, n.Capacity)
	if err != nil {
		return booking.Reservation{}, false, fmt.Errorf("store: create reservation: %w", classify(err))
	}
	if len(free) == 0 {
		return s.fullSlot(ctx, n, row)
	}
	var out booking.Reservation
	err = s.bookingTransaction(ctx, func(tx *gorm.DB) error {
		var err error
		out, err = s.insertReservation(tx, n, row, free, compose)
		return err
	})
	return s.createOutcome(ctx, n, out, err)
}

// bookingTransaction runs fn in a transaction. On MySQL, fn begins and
// ends it in its own statements (insertWithSeat sends START TRANSACTION
// with its first, the batch COMMIT with its last), so that neither costs a
// round trip; on an error the connection rolls back, and one that cannot
// is discarded rather than left in the pool inside a transaction.
func (s *Store) bookingTransaction(ctx context.Context, fn func(tx *gorm.DB) error) error {
	if s.dialect != MySQL {
		return s.transactionRetry(ctx, fn)
	}
	return retryDeadlocks(ctx, func() error {
		return classify(s.db.WithContext(ctx).Connection(func(conn *gorm.DB) error {
			// A new session per statement, as in a GORM transaction: the
			// error of one (a seat taken) does not stick to the next.
			conn = conn.Session(&gorm.Session{NewDB: true})
			err := fn(conn)
			if err != nil {
				rollbackOrDiscard(ctx, conn)
			}
			return err
		}))
	})
}

// rollbackOrDiscard ends a transaction begun by a statement of its own.
func rollbackOrDiscard(ctx context.Context, conn *gorm.DB) {
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if conn.Session(&gorm.Session{NewDB: true, Context: rctx}).Exec("ROLLBACK").Error == nil {
		return
	}
	if c, ok := conn.Statement.ConnPool.(*sql.Conn); ok {
		_ = c.Raw(func(any) error { return driver.ErrBadConn }) // closes it; the server rolls back
	}
}

// insertReservation writes a new reservation with the lowest free seat and
// everything that comes with it: the idempotency key, the seat, the event,
// the consent and the mail.
func (s *Store) insertReservation(tx *gorm.DB, n booking.NewReservation, r reservationRow, free []int,
	compose booking.Compose) (booking.Reservation, error) {
	now := utc(n.Reservation.CreatedAt)
	// The reservation is written with the lowest free seat; the seat's
	// row, inserted after it, decides whether it got it.
	if err := s.setSeat(&r, free[0], n); err != nil {
		return booking.Reservation{}, err
	}
	seat, err := s.insertWithSeat(tx, &r, free)
	if err != nil {
		return booking.Reservation{}, err
	}
	if seat != r.Seat { // taken since it was read: another seat, maybe another room
		if err := s.moveToSeat(tx, &r, seat, n); err != nil {
			return booking.Reservation{}, err
		}
	}
	res, err := s.toReservation(r)
	if err != nil {
		return booking.Reservation{}, err
	}
	// The other rows in one batch: none of them can fail but the
	// idempotency key, already used when a request is repeated (this
	// transaction then rolls back and the first result is replayed).
	b := s.batch(tx)
	addIdempotencyKey(b, n, r.ID, now)
	b.create(newEvent(r, booking.EventCreated, n.ActorID, now))
	addConsent(b, r, n.ConsentChannel, now)
	if err := s.addReservationMail(b, res, n, compose, now); err != nil {
		return booking.Reservation{}, err
	}
	if b.multi {
		b.add("COMMIT") // the transaction insertWithSeat began (bookingTransaction)
	}
	if err := b.exec(); err != nil {
		if isDuplicate(err) && n.IdempotencyKey != "" { // the key is the batch's only natural key
			return booking.Reservation{}, errIdempotencyKeyUsed
		}
		return booking.Reservation{}, err
	}
	return res, nil
}

// insertWithSeat inserts the reservation and takes the first of the free
// seats still free, setting r.ID; on MySQL both rows go in one round trip
// that begins the transaction and reads the new id. The reservation is
// ALREADY_BOOKED when the job seeker has an active self-booking.
func (s *Store) insertWithSeat(tx *gorm.DB, r *reservationRow, free []int) (int, error) {
	if s.dialect != MySQL {
		if err := tx.Create(r).Error; err != nil {
			return 0, reservationInsertError(err)
		}
		return takeSeat(tx, r.OfficeID, r.StartsAt, free, r.ID)
	}
	insert := tx.Session(&gorm.Session{DryRun: true, NewDB: true}).Create(r).Statement
	q := "START TRANSACTION;\n" + insert.SQL.String() + `;
		INSERT INTO slot_seats (office_id, starts_at, seat, reservation_id) VALUES (?, ?, ?, LAST_INSERT_ID());
		SELECT LAST_INSERT_ID()`
	var id int64
	err := tx.Raw(q, append(insert.Vars, r.OfficeID, r.StartsAt, free[0])...).Row().Scan(&id)
	switch {
	case err == nil:
		r.ID = id
		return free[0], nil
	case duplicateOf(err, "active_self_booking") || !isDuplicate(err):
		return 0, reservationInsertError(err)
	}
	// The reservation is in, its seat was taken since it was read.
	if err := tx.Raw("SELECT LAST_INSERT_ID()").Scan(&id).Error; err != nil {
		return 0, err
	}
	r.ID = id
	return takeSeat(tx, r.OfficeID, r.StartsAt, free[1:], r.ID)
}

func reservationInsertError(err error) error {
	if duplicateOf(err, "active_self_booking") {
		return booking.ErrAlreadyBooked
	}
	return err
}

// addIdempotencyKey adds the key's row: a repeated request finds the key
// used and replays this one's result.
func addIdempotencyKey(b *stmtBatch, n booking.NewReservation, reservationID int64, now time.Time) {
	if n.IdempotencyKey == "" {
		return
	}
	b.create(&idempotencyRow{AccountID: n.ActorID, IdemKey: n.IdempotencyKey, Operation: n.Operation,
		RequestHash: n.RequestHash, ReservationID: reservationID, CreatedAt: now})
}

// moveToSeat gives the reservation another seat (and that booth's room).
func (s *Store) moveToSeat(tx *gorm.DB, r *reservationRow, seat int, n booking.NewReservation) error {
	if err := s.setSeat(r, seat, n); err != nil {
		return err
	}
	return tx.Model(&reservationRow{}).Where("id = ?", r.ID).Updates(map[string]any{"seat": r.Seat,
		"meeting_provider": r.MeetingProvider, "meeting_id": r.MeetingID, "meeting_join_url": r.MeetingJoinURL,
		"meeting_passcode_sealed": r.MeetingPasscodeSealed}).Error
}

// insertConsent records the job seeker's agreement to the reservation's
// terms version through channel (none when channel is empty).
func insertConsent(tx *gorm.DB, r reservationRow, channel booking.Channel, now time.Time) error {
	if channel == "" {
		return nil
	}
	return tx.Create(newConsent(r, channel, now)).Error
}

// addConsent is insertConsent in a batch.
func addConsent(b *stmtBatch, r reservationRow, channel booking.Channel, now time.Time) {
	if channel != "" {
		b.create(newConsent(r, channel, now))
	}
}

func newConsent(r reservationRow, channel booking.Channel, now time.Time) *consentRow {
	id := r.ID
	return &consentRow{AccountID: r.JobSeekerID, TermsVersionID: r.TermsVersionID, ReservationID: &id,
		Channel: string(channel), AgreedAt: now}
}

// addReservationMail adds the reservation's mail and, for an application
// that a reply confirms, remembers the mail's Message-ID.
func (s *Store) addReservationMail(b *stmtBatch, res booking.Reservation, n booking.NewReservation,
	compose booking.Compose, now time.Time) error {
	msg, err := compose(res)
	if err != nil {
		return err
	}
	if err := s.enqueueMailIn(b, msg, now); err != nil {
		return err
	}
	if n.ReplyConfirms {
		b.add("UPDATE reservations SET reply_message_id = ? WHERE id = ?", msg.MessageID, res.ID)
	}
	return nil
}

// createOutcome turns the transaction's result into CreateReservation's:
// a used idempotency key replays its first result.
func (s *Store) createOutcome(ctx context.Context, n booking.NewReservation, out booking.Reservation, err error) (booking.Reservation, bool, error) {
	if errors.Is(err, errIdempotencyKeyUsed) {
		return s.replay(ctx, n)
	}
	if (errors.Is(err, booking.ErrAlreadyBooked) || errors.Is(err, booking.ErrSlotFull)) && n.IdempotencyKey != "" {
		// The active reservation, or the seat that made the slot full, may
		// be this very request's, made by an earlier attempt with the same
		// key (the key's row is written after the seat).
		r, replayed, rerr := s.replay(ctx, n)
		if !errors.Is(rerr, apperr.ErrNotFound) {
			return r, replayed, rerr
		}
	}
	if err != nil {
		if _, ok := apperr.As(err); ok {
			return booking.Reservation{}, false, err
		}
		return booking.Reservation{}, false, fmt.Errorf("store: create reservation: %w", err)
	}
	return out, false, nil
}

// fullSlot answers a booking of a slot found full: the earlier result of
// the same idempotency key (the last seat may be this very request's), or
// ALREADY_BOOKED for a job seeker who has a booking (the more useful
// answer), or SLOT_FULL. Both are checked in one query, shared with the
// other bookings found full meanwhile (readFullSlots): in a rush for a
// day's slots, most bookings are.
func (s *Store) fullSlot(ctx context.Context, n booking.NewReservation, row reservationRow) (booking.Reservation, bool, error) {
	if n.IdempotencyKey == "" && row.ActiveSelfBooking == nil {
		return booking.Reservation{}, false, booking.ErrSlotFull
	}
	check := fullSlotCheck{accountID: n.ActorID, key: n.IdempotencyKey}
	if row.ActiveSelfBooking != nil {
		check.jobSeekerID = *row.ActiveSelfBooking
	}
	found := s.fullSlots.do(ctx, check)
	switch {
	case found.err != nil:
		return booking.Reservation{}, false, fmt.Errorf("store: create reservation: %w", found.err)
	case found.usedKey:
		return s.replay(ctx, n)
	case found.active:
		return booking.Reservation{}, false, booking.ErrAlreadyBooked
	}
	return booking.Reservation{}, false, booking.ErrSlotFull
}

// fullSlotCheck asks whether an account used an idempotency key, and
// whether a job seeker has an active self-booking; an empty key or a zero
// id asks nothing.
type fullSlotCheck struct {
	accountID   int64
	key         string
	jobSeekerID int64
}

type fullSlotFound struct {
	usedKey, active bool
	err             error
}

const (
	// fullSlotReaders is how many full-slot queries a process runs at once;
	// the checks arriving meanwhile wait and are read together.
	fullSlotReaders = 2
	// maxFullSlotBatch bounds the checks of one query.
	maxFullSlotBatch = 64
)

func (s *Store) newFullSlotQueue() *coalescer[fullSlotCheck, fullSlotFound] {
	return &coalescer[fullSlotCheck, fullSlotFound]{runners: fullSlotReaders, maxBatch: maxFullSlotBatch,
		run:    s.readFullSlots,
		failed: func(err error) fullSlotFound { return fullSlotFound{err: err} }}
}

// readFullSlots answers a batch of checks in one query.
func (s *Store) readFullSlots(ctx context.Context, checks []fullSlotCheck) []fullSlotFound {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), batchReadTimeout)
	defer cancel()
	var keys, jobSeekers []string
	var vars, seekerIDs []any
	for _, c := range checks {
		if c.key != "" {
			keys = append(keys, "(account_id = ? AND idem_key = ?)")
			vars = append(vars, c.accountID, c.key)
		}
		if c.jobSeekerID != 0 {
			jobSeekers = append(jobSeekers, "?")
			seekerIDs = append(seekerIDs, c.jobSeekerID)
		}
	}
	// The first column says which question a row answers.
	var parts []string
	if len(keys) > 0 {
		parts = append(parts, "SELECT 1, account_id, idem_key FROM idempotency_keys WHERE "+strings.Join(keys, " OR "))
	}
	if len(jobSeekers) > 0 {
		parts = append(parts, "SELECT 2, active_self_booking, '' FROM reservations WHERE active_self_booking IN ("+
			strings.Join(jobSeekers, ", ")+")")
		vars = append(vars, seekerIDs...)
	}
	usedKeys := map[fullSlotCheck]bool{}
	active := map[int64]bool{}
	err := s.scanRows(ctx, func(scan func(...any) error) error {
		var question, id int64
		var key string
		if err := scan(&question, &id, &key); err != nil {
			return err
		}
		if question == 1 {
			usedKeys[fullSlotCheck{accountID: id, key: key}] = true
		} else {
			active[id] = true
		}
		return nil
	}, strings.Join(parts, " UNION ALL "), vars...)
	out := make([]fullSlotFound, len(checks))
	for i, c := range checks {
		out[i] = fullSlotFound{err: err, usedKey: c.key != "" && usedKeys[fullSlotCheck{accountID: c.accountID, key: c.key}],
			active: c.jobSeekerID != 0 && active[c.jobSeekerID]}
	}
	return out
}

// setSeat puts a seat and its meeting into a reservation row: the meeting
// created in advance, or the seat's fixed room.
func (s *Store) setSeat(r *reservationRow, seat int, n booking.NewReservation) error {
	r.Seat = seat
	m := n.Meeting
	if m == nil {
		if room, ok := n.Rooms[seat]; ok {
			m = &room
		}
	}
	r.MeetingProvider, r.MeetingID, r.MeetingJoinURL, r.MeetingPasscodeSealed = nil, nil, nil, nil
	if m == nil {
		return nil
	}
	passcode, err := s.sealOptional(m.Passcode, adResPasscode)
	if err != nil {
		return err
	}
	r.MeetingProvider, r.MeetingID, r.MeetingJoinURL, r.MeetingPasscodeSealed = &m.Provider, &m.MeetingID, &m.JoinURL, passcode
	return nil
}

// replay returns the reservation an idempotency key produced, or CONFLICT
// when the key was used for a different request. It returns an error
// wrapping apperr.ErrNotFound when the key was never used.
func (s *Store) replay(ctx context.Context, n booking.NewReservation) (booking.Reservation, bool, error) {
	var idem idempotencyRow
	err := s.db.WithContext(ctx).Where("account_id = ? AND idem_key = ?", n.ActorID, n.IdempotencyKey).Take(&idem).Error
	if err != nil {
		return booking.Reservation{}, false, fmt.Errorf("store: idempotency key: %w", classify(err))
	}
	if idem.RequestHash != n.RequestHash || idem.Operation != n.Operation {
		return booking.Reservation{}, false, apperr.New(apperr.Conflict,
			"この idempotencyKey は、別の内容の申し込みにすでに使われています。",
			"this idempotency key was used for a different request")
	}
	r, err := s.Reservation(ctx, idem.ReservationID)
	return r, true, err
}

// freeSeats reads the seats of a slot not taken, lowest first.
func freeSeats(tx *gorm.DB, officeID int64, start time.Time, capacity int) ([]int, error) {
	var taken []int
	if err := tx.Model(&slotSeatRow{}).Where("office_id = ? AND starts_at = ?", officeID, start).
		Pluck("seat", &taken).Error; err != nil {
		return nil, err
	}
	used := make(map[int]bool, len(taken))
	for _, t := range taken {
		used[t] = true
	}
	free := make([]int, 0, capacity)
	for seat := 1; seat <= capacity; seat++ {
		if !used[seat] {
			free = append(free, seat)
		}
	}
	return free, nil
}

// takeSeat inserts the first of the free seats still free; the primary key
// of slot_seats decides between concurrent bookings. A seat taken since it
// was read (the insert waits for the other transaction, then fails) makes
// it try the next, so the statements are bounded by the capacity.
func takeSeat(tx *gorm.DB, officeID int64, start time.Time, free []int, reservationID int64) (int, error) {
	for _, seat := range free {
		err := tx.Create(&slotSeatRow{OfficeID: officeID, StartsAt: start, Seat: seat, ReservationID: reservationID}).Error
		if err == nil {
			return seat, nil
		}
		if !isDuplicate(err) {
			return 0, err
		}
	}
	return 0, booking.ErrSlotFull
}

// Booths returns an office's fixed meeting rooms by seat.
func (s *Store) Booths(ctx context.Context, officeID int64) ([]meeting.Booth, error) {
	var rows []boothRow
	if err := s.db.WithContext(ctx).Where("office_id = ?", officeID).Order("seat").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: booths: %w", classify(err))
	}
	out := make([]meeting.Booth, len(rows))
	for i, r := range rows {
		passcode, err := s.open(r.PasscodeSealed, adBoothPasscode)
		if err != nil {
			return nil, fmt.Errorf("store: booth %d: %w", r.Seat, err)
		}
		out[i] = meeting.Booth{Seat: r.Seat, MeetingID: r.MeetingID, Passcode: passcode, JoinURL: r.JoinURL}
	}
	return out, nil
}

// SetBooth creates or replaces the fixed meeting room of a seat.
func (s *Store) SetBooth(ctx context.Context, officeID int64, b meeting.Booth, by int64, at time.Time) error {
	passcode, err := s.seal(b.Passcode, adBoothPasscode)
	if err != nil {
		return err
	}
	return s.transaction(ctx, func(tx *gorm.DB) error {
		if err := tx.Where("office_id = ? AND seat = ?", officeID, b.Seat).Delete(&boothRow{}).Error; err != nil {
			return err
		}
		return tx.Create(&boothRow{OfficeID: officeID, Seat: b.Seat, MeetingID: b.MeetingID, PasscodeSealed: passcode,
			JoinURL: b.JoinURL, UpdatedAt: utc(at), UpdatedBy: &by}).Error
	})
}

// TakenSeats counts taken seats per slot start in [from, to).
func (s *Store) TakenSeats(ctx context.Context, officeID int64, from, to time.Time) (map[int64]int, error) {
	var rows []struct {
		StartsAt time.Time
		N        int
	}
	err := s.db.WithContext(ctx).Model(&slotSeatRow{}).Select("starts_at, COUNT(*) AS n").
		Where("office_id = ? AND starts_at >= ? AND starts_at < ?", officeID, utc(from), utc(to)).
		Group("starts_at").Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("store: taken seats: %w", classify(err))
	}
	out := make(map[int64]int, len(rows))
	for _, r := range rows {
		out[r.StartsAt.Unix()] = r.N
	}
	return out, nil
}

// Reservation returns one reservation.
func (s *Store) Reservation(ctx context.Context, id int64) (booking.Reservation, error) {
	var row reservationRow
	if err := s.db.WithContext(ctx).Where("id = ?", id).Take(&row).Error; err != nil {
		return booking.Reservation{}, fmt.Errorf("store: reservation %d: %w", id, classify(err))
	}
	return s.toReservation(row)
}

// ReservationsOf lists a job seeker's reservations, latest start first.
func (s *Store) ReservationsOf(ctx context.Context, jobSeekerID int64, after *booking.Cursor, limit int) ([]booking.Reservation, error) {
	q := s.db.WithContext(ctx).Where("job_seeker_id = ?", jobSeekerID)
	if after != nil {
		q = q.Where("(starts_at < ? OR (starts_at = ? AND id < ?))", utc(after.StartsAt), utc(after.StartsAt), after.ID)
	}
	return s.listReservations(q.Order("starts_at DESC, id DESC").Limit(limit))
}

// Reservations lists an office's reservations by start.
func (s *Store) Reservations(ctx context.Context, f booking.Filter, after *booking.Cursor, limit int) ([]booking.Reservation, error) {
	q := s.db.WithContext(ctx).Where("office_id = ? AND session_date BETWEEN ? AND ?", f.OfficeID, dbDate(f.From), dbDate(f.To))
	if len(f.Statuses) > 0 {
		statuses := make([]string, len(f.Statuses))
		for i, st := range f.Statuses {
			statuses[i] = string(st)
		}
		q = q.Where("status IN ?", statuses)
	}
	if f.JobSeekerID != 0 {
		q = q.Where("job_seeker_id = ?", f.JobSeekerID)
	}
	if len(f.Dates) > 0 {
		q = q.Where("session_date IN ?", dbDates(f.Dates))
	}
	if after != nil {
		q = q.Where("(starts_at > ? OR (starts_at = ? AND id > ?))", utc(after.StartsAt), utc(after.StartsAt), after.ID)
	}
	return s.listReservations(q.Order("starts_at, id").Limit(limit))
}

func (s *Store) listReservations(q *gorm.DB) ([]booking.Reservation, error) {
	var rows []reservationRow
	if err := q.Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: reservations: %w", classify(err))
	}
	out := make([]booking.Reservation, len(rows))
	for i, row := range rows {
		r, err := s.toReservation(row)
		if err != nil {
			return nil, err
		}
		out[i] = r
	}
	return out, nil
}

var activeStatuses = []string{string(booking.AwaitingReply), string(booking.Confirmed), string(booking.CheckedIn), string(booking.InSession)}

// Cancel cancels an active reservation at version and frees its seat.
func (s *Store) Cancel(ctx context.Context, id int64, version int, channel booking.Channel, reason string, by int64, at time.Time, compose booking.Compose) (booking.Reservation, error) {
	sealedReason, err := s.sealOptional(reason, adResCancel)
	if err != nil {
		return booking.Reservation{}, err
	}
	var out booking.Reservation
	err = s.transactionRetry(ctx, func(tx *gorm.DB) error {
		row := reservationRow{ID: id, Version: version}
		if err := cancelInTx(tx, row, &channel, sealedReason, by, at); err != nil {
			return err
		}
		if err := tx.Where("id = ?", id).Take(&row).Error; err != nil {
			return err
		}
		r, err := s.mailAbout(tx, row, compose, at)
		out = r
		return err
	})
	if errors.Is(err, errStale) {
		return booking.Reservation{}, s.staleError(ctx, id)
	}
	if err != nil {
		return booking.Reservation{}, fmt.Errorf("store: cancel reservation %d: %w", id, err)
	}
	return out, nil
}

// cancelInTx cancels the reservation row.ID if it is still active at
// row.Version: status, channel (nil: none, an office decision) and sealed
// reason, its seat freed, its CANCELLED event written. It returns errStale
// when the reservation changed.
func cancelInTx(tx *gorm.DB, row reservationRow, channel *booking.Channel, sealedReason *string, by int64, at time.Time) error {
	var ch *string
	if channel != nil {
		c := string(*channel)
		ch = &c
	}
	res := tx.Model(&reservationRow{}).
		Where("id = ? AND version = ? AND status IN ?", row.ID, row.Version, activeStatuses).
		Updates(map[string]any{
			"status": string(booking.Cancelled), "cancelled_at": utc(at), "cancel_channel": ch,
			"cancel_reason_sealed": sealedReason, "active_self_booking": nil, "version": gorm.Expr("version + 1"),
			"updated_at": utc(at), "updated_by": by,
		})
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected == 0 {
		return errStale
	}
	if err := tx.Where("reservation_id = ?", row.ID).Delete(&slotSeatRow{}).Error; err != nil {
		return err
	}
	if err := tx.Where("id = ?", row.ID).Take(&row).Error; err != nil {
		return err
	}
	return insertEvent(tx, row, booking.EventCancelled, by, at)
}

var errStale = errors.New("store: reservation changed")

// staleError is CONFLICT naming the reservation's current status.
func (s *Store) staleError(ctx context.Context, id int64) error {
	var row reservationRow
	if err := s.db.WithContext(ctx).Select("status").Where("id = ?", id).Take(&row).Error; err != nil {
		return fmt.Errorf("store: reservation %d: %w", id, classify(err))
	}
	return apperr.New(apperr.Conflict,
		"このご予約は、ほかの操作で変更されました。画面を更新してから、もう一度お試しください。（現在の状態: "+booking.StatusLabel(booking.Status(row.Status))+"）",
		"the reservation was changed by someone else; its status is now "+row.Status)
}

// duplicateOf reports a unique-key violation on the named column or key.
func duplicateOf(err error, name string) bool {
	return isDuplicate(err) && strings.Contains(err.Error(), name)
}

// transactionRetry is transaction, retried a few times when MySQL chose the
// transaction as a deadlock victim or a lock wait timed out.
func (s *Store) transactionRetry(ctx context.Context, fn func(tx *gorm.DB) error) error {
	return retryDeadlocks(ctx, func() error { return s.transaction(ctx, fn) })
}

// retryDeadlocks runs try up to five times while it fails with a MySQL
// deadlock or lock wait timeout, backing off a little more each time.
func retryDeadlocks(ctx context.Context, try func() error) error {
	var err error
	for attempt := range 5 {
		err = try()
		if !isRetryable(err) {
			return err
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(time.Duration(attempt+1) * 5 * time.Millisecond):
		}
	}
	return err
}

func isRetryable(err error) bool {
	var me *mysqldriver.MySQLError
	return errors.As(err, &me) && (me.Number == 1213 || me.Number == 1205)
}

// ReservationByConfirmToken returns the application awaiting a reply whose
// confirmation token has that hash.
func (s *Store) ReservationByConfirmToken(ctx context.Context, hash string) (booking.Reservation, error) {
	var row reservationRow
	err := s.db.WithContext(ctx).Where("confirm_token_hash = ? AND status = ?", hash, string(booking.AwaitingReply)).Take(&row).Error
	if err != nil {
		return booking.Reservation{}, fmt.Errorf("store: confirmation token: %w", classify(err))
	}
	return s.toReservation(row)
}

// Unconfirmed lists applications past their confirmation deadline.
func (s *Store) Unconfirmed(ctx context.Context, officeID int64, now time.Time, limit int) ([]booking.Reservation, error) {
	return s.listReservations(s.db.WithContext(ctx).
		Where("office_id = ? AND status = ? AND confirm_by < ?", officeID, string(booking.AwaitingReply), utc(now)).
		Order("confirm_by, id").Limit(limit))
}

// DueReminders lists the office's CONFIRMED reservations without a reminder
// whose session is after now and on or before the date until.
func (s *Store) DueReminders(ctx context.Context, officeID int64, until calendar.Date, now time.Time, limit int) ([]booking.Reservation, error) {
	return s.listReservations(s.db.WithContext(ctx).
		Where("office_id = ? AND status = ? AND reminder_sent_at IS NULL AND starts_at > ? AND session_date <= ?",
			officeID, string(booking.Confirmed), utc(now), dbDate(until)).
		Order("starts_at, id").Limit(limit))
}

// MarkReminded records the reminder of a reservation and queues its mail,
// once: it reports false when the reminder was already sent (by another
// instance) or the reservation is no longer CONFIRMED.
func (s *Store) MarkReminded(ctx context.Context, id int64, at time.Time, compose booking.Compose) (bool, error) {
	sent := false
	err := s.transaction(ctx, func(tx *gorm.DB) error {
		res := tx.Model(&reservationRow{}).Where("id = ? AND status = ? AND reminder_sent_at IS NULL", id, string(booking.Confirmed)).
			Update("reminder_sent_at", utc(at))
		if res.Error != nil || res.RowsAffected == 0 {
			return res.Error
		}
		var row reservationRow
		if err := tx.Where("id = ?", id).Take(&row).Error; err != nil {
			return err
		}
		sent = true
		_, err := s.mailAbout(tx, row, compose, at)
		return err
	})
	if err != nil {
		return false, fmt.Errorf("store: reminder of %d: %w", id, err)
	}
	return sent, nil
}

// mailAbout maps a reservation row and, when compose is set, queues the
// mail it renders, inside tx.
func (s *Store) mailAbout(tx *gorm.DB, row reservationRow, compose booking.Compose, at time.Time) (booking.Reservation, error) {
	r, err := s.toReservation(row)
	if err != nil || compose == nil {
		return r, err
	}
	msg, err := compose(r)
	if err != nil {
		return booking.Reservation{}, err
	}
	return r, s.enqueueMail(tx, msg, at)
}
