package booking

import (
	"context"
	"time"

	"soudan/internal/calendar"
	"soudan/internal/mail"
	"soudan/internal/meeting"
)

// NewReservation is what the Store writes for a booking.
type NewReservation struct {
	Reservation Reservation
	// Capacity is the number of seats of the slot.
	Capacity int
	// ActorID is the account making the booking.
	ActorID int64
	// Idempotency: when Key is set, the first result for (ActorID, Key) is
	// replayed; the same key with another RequestHash is a CONFLICT.
	IdempotencyKey string
	RequestHash    string
	Operation      string
	// ConsentChannel, when set, records that the job seeker agreed to the
	// reservation's terms version through that channel.
	ConsentChannel Channel
	// Meeting is a meeting created in advance (Zoom API); nil means the
	// fixed room in Rooms of the seat the store assigns, if there is one.
	Meeting *meeting.Meeting
	// Rooms are the office's fixed rooms by seat.
	Rooms map[int]meeting.Meeting
	// ConfirmTokenHash, for an application awaiting the job seeker's
	// reply, is the hash of the one-time confirmation link's token.
	ConfirmTokenHash string
	// ReplyConfirms keeps the Message-ID of the mail compose renders with
	// the reservation: a reply carrying it confirms the application
	// (Art 6(3), ReservationByReplyTo).
	ReplyConfirms bool
}

// Compose renders the mail that a change queues, from the reservation as
// written (with its id, seat and meeting).
type Compose func(Reservation) (mail.Outgoing, error)

// Filter selects reservations for staff lists.
type Filter struct {
	OfficeID    int64
	From, To    calendar.Date
	Statuses    []Status
	JobSeekerID int64
	// Dates, when set, keeps only the reservations on those dates.
	Dates []calendar.Date
}

// Store is what the booking service needs from the database. Every method
// that changes rows does so in one transaction, with the mail it queues.
type Store interface {
	// CreateReservation inserts the reservation, takes a free seat of its
	// slot (ErrSlotFull when none is left), enforces one active self-booked
	// reservation per job seeker (ErrAlreadyBooked), records consent and
	// idempotency, and queues the mail compose renders. It reports
	// replayed=true when it returned the earlier result of the same
	// idempotency key instead of booking.
	CreateReservation(ctx context.Context, n NewReservation, compose Compose) (r Reservation, replayed bool, err error)
	// Booths returns an office's fixed meeting rooms by seat.
	Booths(ctx context.Context, officeID int64) ([]meeting.Booth, error)
	// TakenSeats counts the seats taken per slot start in [from, to),
	// keyed by the start's Unix time.
	TakenSeats(ctx context.Context, officeID int64, from, to time.Time) (map[int64]int, error)
	// Reservation returns one reservation, or an error wrapping
	// apperr.ErrNotFound.
	Reservation(ctx context.Context, id int64) (Reservation, error)
	// ReservationsOf lists a job seeker's reservations, newest start first,
	// after the cursor (start, id).
	ReservationsOf(ctx context.Context, jobSeekerID int64, after *Cursor, limit int) ([]Reservation, error)
	// Reservations lists an office's reservations by start, after the cursor.
	Reservations(ctx context.Context, f Filter, after *Cursor, limit int) ([]Reservation, error)
	// Cancel moves an active reservation to CANCELLED if it is still at
	// version, frees its seat and queues the mail; a changed reservation
	// returns an error wrapping apperr.ErrConflict.
	Cancel(ctx context.Context, id int64, version int, channel Channel, reason string, by int64, at time.Time, compose Compose) (Reservation, error)
	// Apply makes a compare-and-set change with its event, writing what the
	// change carries as it is (see Change); a reservation no longer in one
	// of c.From, or not at c.Version, returns an error wrapping
	// apperr.ErrConflict. A change with Recount reads the job seeker's
	// NoShowHistory in the same transaction, the job seeker locked until it
	// commits, and writes the count and flag Recount gives.
	Apply(ctx context.Context, c Change) (Reservation, error)
	// Overdue lists an office's reservations that started in [since,
	// cutoff), on none of the skipped dates, and are CONFIRMED without a
	// reverted no-show, or CHECKED_IN without a waiting alert.
	Overdue(ctx context.Context, officeID int64, since, cutoff time.Time, skip []calendar.Date, limit int) ([]Reservation, error)
	// Unconfirmed lists an office's AWAITING_REPLY reservations whose
	// confirmation deadline is before now.
	Unconfirmed(ctx context.Context, officeID int64, now time.Time, limit int) ([]Reservation, error)
	// DueReminders lists CONFIRMED reservations without a reminder, starting
	// after now and on or before until.
	DueReminders(ctx context.Context, officeID int64, until calendar.Date, now time.Time, limit int) ([]Reservation, error)
	// MarkReminded records a reminder and queues its mail once; false when
	// it was already sent.
	MarkReminded(ctx context.Context, id int64, at time.Time, compose Compose) (bool, error)
	// ReservationByConfirmToken returns the reservation awaiting the reply
	// whose confirmation token has that hash, or apperr.ErrNotFound.
	ReservationByConfirmToken(ctx context.Context, hash string) (Reservation, error)
	// ReservationByReplyTo returns the application whose mail had that
	// Message-ID ("<id@domain>"), in any state, with the address the mail
	// went to; or apperr.ErrNotFound.
	ReservationByReplyTo(ctx context.Context, messageID string) (r Reservation, mailedTo string, err error)
	// MarkLateReply records that the job seeker replied to application id
	// after its deadline and queues the mail compose renders, once: false
	// when a late reply was already answered.
	MarkLateReply(ctx context.Context, id int64, at time.Time, compose Compose) (bool, error)
}

// Cursor is a position in a list ordered by (start, id).
type Cursor struct {
	StartsAt time.Time
	ID       int64
}
