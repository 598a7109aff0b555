// Reading reservations: one, lists, and what each caller may see of them.

package booking

import (
	"context"
	"errors"
	"fmt"
	"time"

	"soudan/internal/apperr"
	"soudan/internal/auth"
	"soudan/internal/calendar"
	"soudan/internal/meeting"
	"soudan/internal/office"
)

// Reservation returns a reservation the caller may see: a job seeker's own,
// or any of the office's for staff. For anyone else it returns nil, as if
// it did not exist.
func (s *Service) Reservation(ctx context.Context, id int64) (*Reservation, error) {
	actor, ok := auth.ActorFrom(ctx)
	if !ok {
		return nil, nil
	}
	r, err := s.visible(ctx, actor, id)
	if errors.Is(err, ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &r, nil
}

// visible loads a reservation the actor may see, or ErrNotFound.
func (s *Service) visible(ctx context.Context, actor auth.Actor, id int64) (Reservation, error) {
	if id <= 0 {
		return Reservation{}, ErrNotFound
	}
	r, err := s.Store.Reservation(ctx, id)
	if errors.Is(err, apperr.ErrNotFound) {
		return Reservation{}, ErrNotFound
	}
	if err != nil {
		return Reservation{}, err
	}
	// Staff see their office's reservations; a job seeker sees their own.
	if actor.Role.Staff() && r.OfficeID != actor.OfficeID || !actor.Role.Staff() && r.JobSeekerID != actor.AccountID {
		return Reservation{}, ErrNotFound
	}
	return r, nil
}

// MeetingVisible reports whether the caller may see a reservation's meeting
// details at now (Art 4): staff of the office once the reservation is
// confirmed (also when completed); the reserving job seeker likewise for a
// meeting made for this reservation alone (Zoom API). A booth's fixed room
// is shared by everyone who ever had a session in it, so the job seeker sees
// it only from the session's day (in loc, the office's time zone) until its
// end, and only while CONFIRMED, CHECKED_IN or IN_SESSION.
func MeetingVisible(ctx context.Context, r Reservation, now time.Time, loc *time.Location) bool {
	actor, ok := auth.ActorFrom(ctx)
	if !ok || r.Meeting == nil || r.Status == AwaitingReply || !r.Status.Active() && r.Status != Completed {
		return false
	}
	if actor.Role.Staff() {
		return actor.OfficeID == r.OfficeID
	}
	if actor.AccountID != r.JobSeekerID {
		return false
	}
	if r.Meeting.Provider != meeting.ProviderBooth {
		return true
	}
	switch r.Status {
	case Confirmed, CheckedIn, InSession:
	default:
		return false
	}
	start := r.StartsAt.In(loc)
	day := time.Date(start.Year(), start.Month(), start.Day(), 0, 0, 0, 0, loc)
	return !now.Before(day) && now.Before(r.EndsAt)
}

// Meeting returns the meeting details of r the caller may see now, or nil.
// A booth's room is the booth's current one, so that a passcode rotated by
// an administrator reaches every upcoming session.
func (s *Service) Meeting(ctx context.Context, r Reservation) (*meeting.Meeting, error) {
	if _, ok := auth.ActorFrom(ctx); !ok || r.Meeting == nil {
		return nil, nil
	}
	rules, err := s.rules(ctx)
	if err != nil {
		return nil, err
	}
	loc, err := rules.Office.Location()
	if err != nil {
		return nil, err
	}
	if !MeetingVisible(ctx, r, rules.Now, loc) {
		return nil, nil
	}
	m := *r.Meeting
	if m.Provider == meeting.ProviderBooth {
		rooms, err := s.rooms(ctx, r.OfficeID)
		if err != nil {
			return nil, err
		}
		if room, ok := rooms[r.Seat]; ok {
			m = room
		}
	}
	return &m, nil
}

// CounselorVisible reports whether the caller may see the counselor's
// account (e-mail, role) of r: staff of r's office only. Job seekers see the
// counselor's display name alone.
func CounselorVisible(ctx context.Context, r Reservation) bool {
	actor, ok := auth.ActorFrom(ctx)
	return ok && actor.Role.Staff() && actor.OfficeID == r.OfficeID
}

// Page is one page of a cursor-paginated list.
type Page struct {
	Items       []Reservation
	HasNextPage bool
}

// MaxPageSize bounds `first` in lists.
const MaxPageSize = 100

func checkFirst(first int) error {
	if first < 1 || first > MaxPageSize {
		return apperr.Invalid("first", fmt.Sprintf("first は 1 から %d までです。", MaxPageSize),
			fmt.Sprintf("first must be between 1 and %d", MaxPageSize))
	}
	return nil
}

// MyReservations lists the signed-in job seeker's reservations, latest first.
func (s *Service) MyReservations(ctx context.Context, first int, after string) (Page, error) {
	actor, err := auth.RequireJobSeeker(ctx)
	if err != nil {
		return Page{}, err
	}
	if err := checkFirst(first); err != nil {
		return Page{}, err
	}
	cur, err := DecodeCursor(after)
	if err != nil {
		return Page{}, err
	}
	rows, err := s.Store.ReservationsOf(ctx, actor.AccountID, cur, first+1)
	return page(rows, first), err
}

// ReservationsOfJobSeeker lists a job seeker's reservations, latest first:
// for staff of the job seeker's office, or for the job seeker themselves.
func (s *Service) ReservationsOfJobSeeker(ctx context.Context, jobSeekerID int64, first int, after string) (Page, error) {
	actor, err := auth.RequireSignedIn(ctx)
	if err != nil {
		return Page{}, err
	}
	if !actor.Role.Staff() && actor.AccountID != jobSeekerID {
		return Page{}, ErrNotFound
	}
	if err := checkFirst(first); err != nil {
		return Page{}, err
	}
	cur, err := DecodeCursor(after)
	if err != nil {
		return Page{}, err
	}
	rows, err := s.Store.ReservationsOf(ctx, jobSeekerID, cur, first+1)
	if err != nil {
		return Page{}, err
	}
	return page(sameOffice(rows, actor.OfficeID), first), nil
}

func sameOffice(rows []Reservation, officeID int64) []Reservation {
	out := rows[:0]
	for _, r := range rows {
		if r.OfficeID == officeID {
			out = append(out, r)
		}
	}
	return out
}

// Reservations lists the office's reservations for staff (at most 400 days).
func (s *Service) Reservations(ctx context.Context, f Filter, first int, after string) (Page, error) {
	actor, err := auth.RequireStaff(ctx)
	if err != nil {
		return Page{}, err
	}
	if err := checkFirst(first); err != nil {
		return Page{}, err
	}
	if f.From.After(f.To) {
		return Page{}, apperr.Invalid("filter.to", "終了日は開始日と同じか、それより後の日付にしてください。", "to must not be before from")
	}
	if calendar.DaysBetween(f.From, f.To)+1 > office.MaxCalendarDays {
		return Page{}, apperr.Invalid("filter.to", fmt.Sprintf("一度に検索できるのは %d 日分までです。", office.MaxCalendarDays),
			fmt.Sprintf("the range may cover at most %d days", office.MaxCalendarDays))
	}
	cur, err := DecodeCursor(after)
	if err != nil {
		return Page{}, err
	}
	f.OfficeID = actor.OfficeID
	rows, err := s.Store.Reservations(ctx, f, cur, first+1)
	return page(rows, first), err
}

func page(rows []Reservation, first int) Page {
	p := Page{Items: rows}
	if len(rows) > first {
		p.Items, p.HasNextPage = rows[:first], true
	}
	return p
}

// OnClosedDays lists, for staff, the office's active reservations on days
// the office is closed, from a week ago to the end of the booking horizon:
// days closed after booking (a disaster or an outage, Art 9(2)), whose
// reservations are neither reminded nor swept and stay listed until staff
// cancel each one (by phone) or book it anew.
func (s *Service) OnClosedDays(ctx context.Context) ([]Reservation, error) {
	actor, err := auth.RequireStaff(ctx)
	if err != nil {
		return nil, err
	}
	r, err := s.rules(ctx)
	if err != nil {
		return nil, err
	}
	from, to := calendar.DateOf(r.Now.Add(-SweepLookback), r.loc()), r.LastBookableDay()
	closed := r.closedDays(from, to)
	if len(closed) == 0 {
		return nil, nil
	}
	return s.Store.Reservations(ctx, Filter{OfficeID: actor.OfficeID, From: from, To: to, Dates: closed,
		Statuses: []Status{AwaitingReply, Confirmed, CheckedIn}}, nil, MaxQueue)
}

// ActiveOn lists the office's active reservations on a date, for staff
// (e.g. on a day an administrator just closed). Others get nil.
func (s *Service) ActiveOn(ctx context.Context, d calendar.Date) ([]Reservation, error) {
	actor, ok := auth.ActorFrom(ctx)
	if !ok || !actor.Role.Staff() {
		return nil, nil
	}
	rows, err := s.Store.Reservations(ctx, Filter{OfficeID: actor.OfficeID, From: d, To: d,
		Statuses: []Status{AwaitingReply, Confirmed, CheckedIn, InSession}}, nil, MaxPageSize)
	return rows, err
}
