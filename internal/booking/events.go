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
// status.
type Change struct {
	ID      int64
	Version int
	From    []Status
	To      Status
	Event   string
	At      time.Time
	By      int64

	CheckedInAt    bool
	StartedAt      bool
	EndedAt        bool
	SetCounselor   bool
	CounselorID    *int64
	CompletionNote string
	EndReason      string
	// NoShowDelta changes the job seeker's no-show count (+1 or -1); the
	// review flag is then recomputed from NoShowThreshold no-shows within
	// NoShowWindow before At.
	NoShowDelta     int
	NoShowThreshold int
	NoShowWindow    time.Duration
	// Capacity, for a change back into an active state, is the slot's
	// seat count when the seat must be taken again.
	Capacity int
	// Confirm records the confirmation: confirmedAt, the one-time token
	// spent, and the job seeker's consent to the reservation's terms
	// through ConsentChannel (Art 6(3): replying is agreeing).
	Confirm        bool
	ConsentChannel Channel
	// RevertNoShow records that a no-show was undone, so that the sweeper
	// never marks the reservation again and no second no-show mail goes out.
	RevertNoShow bool
	// WaitingAlerted records that EventWaitingLong was raised.
	WaitingAlerted bool
	// Compose, if set, renders a mail queued with the change.
	Compose Compose
}
