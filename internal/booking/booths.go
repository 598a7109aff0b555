// The booths' fixed Zoom rooms (Art 4).

package booking

import (
	"context"
	"fmt"
	"time"

	"soudan/internal/apperr"
	"soudan/internal/auth"
	"soudan/internal/meeting"
	"soudan/internal/office"
)

// BoothStore keeps the fixed meeting rooms of an office's booths.
type BoothStore interface {
	Booths(ctx context.Context, officeID int64) ([]meeting.Booth, error)
	SetBooth(ctx context.Context, officeID int64, b meeting.Booth, by int64, at time.Time) error
}

// Booths lists the office's fixed Zoom rooms (staff only).
func (s *Service) Booths(ctx context.Context) ([]meeting.Booth, error) {
	actor, err := auth.RequireStaff(ctx)
	if err != nil {
		return nil, err
	}
	return s.BoothStore.Booths(ctx, actor.OfficeID)
}

// SetBooth configures the fixed Zoom room of one booth (ADMIN only). New
// reservations on that seat carry it; existing ones keep what they were
// sent.
func (s *Service) SetBooth(ctx context.Context, b meeting.Booth) (meeting.Booth, error) {
	actor, err := auth.RequireAdmin(ctx)
	if err != nil {
		return meeting.Booth{}, err
	}
	b, err = meeting.NormalizeBooth(b)
	if err != nil {
		return meeting.Booth{}, err
	}
	if b.Seat > office.MaxCapacity {
		return meeting.Booth{}, apperr.Invalid("input.seat", fmt.Sprintf("ブース番号は 1 から %d までです。", office.MaxCapacity),
			fmt.Sprintf("seat must be between 1 and %d", office.MaxCapacity))
	}
	if err := s.BoothStore.SetBooth(ctx, actor.OfficeID, b, actor.AccountID, s.Now()); err != nil {
		return meeting.Booth{}, err
	}
	s.roomCache.Store(nil)
	return b, nil
}

// RotateBoothPasscode gives a booth's fixed Zoom room a new random
// passcode (ADMIN only), which the administrator then sets on the Zoom
// room. A passcode carried in the join URL (pwd=…) is removed with it, so
// that the old one is not handed out any more; every upcoming session shows
// the new passcode. A seat without a room → NOT_FOUND.
func (s *Service) RotateBoothPasscode(ctx context.Context, seat int) (meeting.Booth, error) {
	actor, err := auth.RequireAdmin(ctx)
	if err != nil {
		return meeting.Booth{}, err
	}
	if seat < 1 || seat > office.MaxCapacity {
		return meeting.Booth{}, apperr.Invalid("seat", fmt.Sprintf("ブース番号は 1 から %d までです。", office.MaxCapacity),
			fmt.Sprintf("seat must be between 1 and %d", office.MaxCapacity))
	}
	booths, err := s.BoothStore.Booths(ctx, actor.OfficeID)
	if err != nil {
		return meeting.Booth{}, err
	}
	for _, b := range booths {
		if b.Seat != seat {
			continue
		}
		b.Passcode = meeting.NewPasscode()
		b.JoinURL = meeting.WithoutPasscode(b.JoinURL)
		if b, err = meeting.NormalizeBooth(b); err != nil {
			return meeting.Booth{}, err
		}
		if err := s.BoothStore.SetBooth(ctx, actor.OfficeID, b, actor.AccountID, s.Now()); err != nil {
			return meeting.Booth{}, err
		}
		s.roomCache.Store(nil)
		s.Log.InfoContext(ctx, "booth passcode rotated", "seat", seat, "by", actor.AccountID)
		return b, nil
	}
	return meeting.Booth{}, apperr.New(apperr.NotFound, fmt.Sprintf("ブース%dのZoomルームは設定されていません。", seat),
		fmt.Sprintf("booth %d has no Zoom room", seat))
}

// roomsTTL is how long the booths' rooms are kept; other instances see a
// change within it.
const roomsTTL = time.Second

type cachedRooms struct {
	officeID int64
	at       time.Time
	rooms    map[int]meeting.Meeting
}

// rooms returns the office's fixed rooms by seat, kept for roomsTTL: every
// booking needs them and they change rarely.
func (s *Service) rooms(ctx context.Context, officeID int64) (map[int]meeting.Meeting, error) {
	if c := s.roomCache.Load(); c != nil && c.officeID == officeID && time.Since(c.at) < roomsTTL {
		return c.rooms, nil
	}
	booths, err := s.Store.Booths(ctx, officeID)
	if err != nil {
		return nil, err
	}
	rooms := make(map[int]meeting.Meeting, len(booths))
	for _, b := range booths {
		rooms[b.Seat] = meeting.Meeting{Provider: meeting.ProviderBooth, MeetingID: b.MeetingID, Passcode: b.Passcode, JoinURL: b.JoinURL}
	}
	s.roomCache.Store(&cachedRooms{officeID: officeID, at: time.Now(), rooms: rooms})
	return rooms, nil
}
