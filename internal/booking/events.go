package booking

import (
	"time"

	"soudan/internal/calendar"
)

// Event types of the queue (one per reservation change).
const (
	EventCreated        = "CREATED"
	EventConfirmed      = "CONFIRMED"
	EventCancelled      = "CANCELLED"
	EventExpired        = "EXPIRED"
	EventCheckedIn      = "CHECKED_IN"
	EventAssigned       = "ASSIGNED"
	EventStarted        = "STARTED"
	EventCompleted      = "COMPLETED"
	EventTerminated     = "TERMINATED"
	EventNoShow         = "NO_SHOW"
	EventNoShowReverted = "NO_SHOW_REVERTED"
	// EventWaitingLong raises to staff a job seeker still waiting, checked
	// in, when the no-show grace has passed (Art 6(6): waiting is not a
	// no-show). It is written once per reservation.
	EventWaitingLong     = "WAITING_LONG"
	EventReadinessReport = "READINESS"
)

// Event is one change of a reservation, in the order of seq. Every change
// writes its event in the same transaction.
type Event struct {
	Seq           int64
	OfficeID      int64
	Date          calendar.Date
	Type          string
	ReservationID int64
	JobSeekerID   int64
	At            time.Time
	// Reservation is the reservation as it is when the event is delivered
	// (filled by the event tailer; nil when read raw).
	Reservation *Reservation
}

// Change is a compare-and-set transition of one reservation: it applies
// only if the reservation is still in one of From (and at Version, when
// Version is not 0); otherwise the Store returns CONFLICT with the current
// status. Everything else it carries is what the domain decided: the Store
// writes it as it is.
type Change struct {
	ID      int64
	Version int
	From    []Status
	To      Status
	Event   string
	At      time.Time
	By      int64

	// Set are the reservation's columns the change writes besides its
	// status.
	Set Columns
	// Seat is what becomes of the reservation's seat; Capacity, when it
	// takes one again, is the slot's seat count.
	Seat     SeatMove
	Capacity int
	// Consent, when not empty, records the job seeker's consent to the
	// reservation's terms through that channel at At (Art 6(3): replying
	// is agreeing).
	Consent Channel
	// Recount, when set, gives the job seeker's no-show count and review
	// flag after the change (see Recount).
	Recount Recount
	// Compose, if set, renders a mail queued with the change.
	Compose Compose
}

// Columns are the values a change writes on its reservation: a nil time, a
// nil Counselor or an empty text leaves its column as it is.
type Columns struct {
	ConfirmedAt *time.Time
	// SpendConfirmToken clears the one-time confirmation token.
	SpendConfirmToken bool
	CheckedInAt       *time.Time
	StartedAt         *time.Time
	EndedAt           *time.Time
	// NoShowRevertedAt records that a no-show was undone, so that the
	// sweeper never marks the reservation again and no second no-show mail
	// goes out.
	NoShowRevertedAt *time.Time
	// WaitingAlertedAt records that EventWaitingLong was raised.
	WaitingAlertedAt *time.Time
	Counselor        *Assignment
	CompletionNote   string
	EndReason        string
}

// Assignment is the counselor of a session (CounselorID nil: none).
type Assignment struct {
	CounselorID *int64
}

// SeatMove is what a change does to the reservation's seat.
type SeatMove int

// The seat moves.
const (
	// SeatKept leaves the seat as it is.
	SeatKept SeatMove = iota
	// SeatFreed frees the seat of a reservation that is no longer active:
	// it no longer counts as the job seeker's one self-booked reservation
	// either.
	SeatFreed
	// SeatRetaken gives a reservation that is active again a free seat of
	// its slot (SLOT_FULL when none is left).
	SeatRetaken
)

// seatMove is the seat move of a change from one of from to to: a
// reservation leaving the active states frees its seat, one coming back
// takes a seat again.
func seatMove(from []Status, to Status) SeatMove {
	if !to.Active() {
		return SeatFreed
	}
	for _, st := range from {
		if !st.Active() {
			return SeatRetaken
		}
	}
	return SeatKept
}
