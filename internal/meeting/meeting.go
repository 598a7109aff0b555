package meeting

import (
	"context"
	"fmt"
	"time"

	"soudan/internal/apperr"
)

// The values of Meeting.Provider.
const (
	// ProviderBooth marks a fixed per-booth Zoom room.
	ProviderBooth = "booth"
	// ProviderZoom marks a meeting created for one reservation through the
	// Zoom API (ZoomProvider).
	ProviderZoom = "zoom"
)

// DefaultTopic is the meeting topic used when a Request has none. Topics are
// visible to everyone who joins and in Zoom's reports, so they never carry
// personal data.
const DefaultTopic = "オンライン職業相談"

// Meeting is what a job seeker needs to join: shown only to them and staff,
// only once confirmed.
type Meeting struct {
	// Provider is ProviderBooth or ProviderZoom.
	Provider string
	// MeetingID is the Zoom meeting ID as decimal digits without spaces.
	MeetingID string
	// Passcode is the meeting passcode; it may be empty for a booth room
	// that is secured otherwise (waiting room).
	Passcode string
	// JoinURL is the https URL participants open to join.
	JoinURL string
}

// Request describes the session a meeting is for.
type Request struct {
	// ReservationID is the reservation the meeting is for; 0 when it is not
	// known yet (the meeting is created before the reservation is written).
	ReservationID int64
	// OfficeCode is the office holding the session.
	OfficeCode string
	// Seat is the 1-based booth number.
	Seat int
	// StartsAt is the start of the session.
	StartsAt time.Time
	// Minutes is the length of the session.
	Minutes int
	// Topic is the meeting topic, e.g. "オンライン職業相談": never personal
	// data. Empty means DefaultTopic.
	Topic string
}

// Provider hands out meeting details for a confirmed reservation and releases
// them on cancellation.
type Provider interface {
	// Create returns the meeting for the session r. Errors for which
	// errors.Is(err, apperr.ErrUnavailable) holds are temporary.
	Create(ctx context.Context, r Request) (Meeting, error)
	// Release gives the meeting back after a cancellation: a delete for a
	// Zoom API meeting (one that is already gone counts as released).
	Release(ctx context.Context, m Meeting) error
}

// unavailable returns the error for a provider that is down: it wraps
// cause (which may be nil) and an apperr Unavailable error, so both
// errors.Is(err, apperr.ErrUnavailable) and errors.Is(err, cause) hold.
func unavailable(op string, cause error, retryAfter time.Duration) error {
	ae := apperr.New(apperr.Unavailable,
		"Zoom に接続できないため、ミーティングの処理ができませんでした。しばらくしてからもう一度お試しください。",
		"Zoom cannot be reached, so the meeting could not be handled; please try again later")
	ae.RetryAfter = retryAfter
	if cause == nil {
		return fmt.Errorf("meeting: %s: %w", op, ae)
	}
	return fmt.Errorf("meeting: %s: %w: %w", op, cause, ae)
}
