// Package booking is the heart of soudan: reservations of 30-minute online
// counselling sessions under the office's terms of use (Art 4, 6, 12(3), 13).
//
// It owns the rules (slot grid, notice rule, horizon, eligibility, one
// active self-booked reservation), the reservation states, and the Service
// that checks who is calling before it reads or changes anything. The
// invariants that must hold under concurrency (seats per slot, one active
// self-booking per job seeker, idempotency) are enforced by the database
// through the Store.
package booking

import (
	"time"

	"soudan/internal/meeting"
	"soudan/internal/validate"
)

// Status is a reservation's state (DESIGN.md, "Reservation states").
type Status string

// The reservation states.
const (
	AwaitingReply Status = "AWAITING_REPLY"
	Confirmed     Status = "CONFIRMED"
	CheckedIn     Status = "CHECKED_IN"
	InSession     Status = "IN_SESSION"
	Completed     Status = "COMPLETED"
	Cancelled     Status = "CANCELLED"
	Expired       Status = "EXPIRED"
	NoShow        Status = "NO_SHOW"
	Terminated    Status = "TERMINATED"
)

// Active reports whether a reservation in state s holds its seat.
func (s Status) Active() bool {
	return s == AwaitingReply || s == Confirmed || s == CheckedIn || s == InSession
}

// Channel is how a reservation was made or cancelled.
type Channel string

// The channels.
const (
	Site          Channel = "SITE"
	Phone         Channel = "PHONE"
	Email         Channel = "EMAIL"
	DuringSession Channel = "IN_SESSION" // booked during a session (Art 6(5))
	// EmailReply is the consent given by replying to an application's mail
	// (Art 6(3)); it is recorded with the confirmation, never a booking or
	// cancellation channel.
	EmailReply Channel = "EMAIL_REPLY"
)

// CompanionKind says who joins the job seeker (Art 12(3)).
type CompanionKind string

// The companion kinds.
const (
	NoCompanion CompanionKind = "NONE"
	Interpreter CompanionKind = "INTERPRETER"
	Helper      CompanionKind = "HELPER"
	Other       CompanionKind = "OTHER"
)

// Companion is an interpreter or helper announced in advance (Art 12(3)).
type Companion struct {
	Kind CompanionKind
	Note string
}

// Reservation is one booked session.
type Reservation struct {
	ID          int64
	OfficeID    int64
	JobSeekerID int64
	Status      Status
	Channel     Channel
	StartsAt    time.Time
	EndsAt      time.Time
	// Seat is the booth (1..capacity) the session takes.
	Seat int
	// What the job seeker told the office (Art 6(2)).
	Name         string
	Phone        validate.Phone
	Consultation string
	Companion    Companion
	// TermsVersionID is the version of the terms the job seeker agreed to.
	TermsVersionID int64
	// SelfBooked is true for reservations the job seeker made on the site.
	SelfBooked bool
	// OverrideNoticeReason is staff's reason for booking inside the notice
	// period.
	OverrideNoticeReason string
	ConfirmBy            time.Time
	Meeting              *meeting.Meeting
	CounselorID          *int64
	ConfirmedAt          *time.Time
	CheckedInAt          *time.Time
	StartedAt            *time.Time
	EndedAt              *time.Time
	CancelledAt          *time.Time
	CancelChannel        *Channel
	CancelReason         string
	// NoShowRevertedAt is when staff undid a no-show of this reservation.
	NoShowRevertedAt *time.Time
	// WaitingAlertedAt is when staff were told that the checked-in job
	// seeker was still waiting past the grace time.
	WaitingAlertedAt *time.Time
	Version          int
	CreatedAt        time.Time
}

// Slot is a bookable session start with its free seats.
type Slot struct {
	StartsAt  time.Time
	EndsAt    time.Time
	Capacity  int
	Remaining int
	// ConfirmBy is the last moment a reservation for the slot can be
	// confirmed (Art 6(1)).
	ConfirmBy time.Time
}
