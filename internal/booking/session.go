package booking

import (
	"context"
	"errors"
	"time"

	"soudan/internal/apperr"
	"soudan/internal/auth"
	"soudan/internal/calendar"
	"soudan/internal/mail"
	"soudan/internal/validate"
)

// CheckInWindow is how long before the start a job seeker may check in.
const CheckInWindow = 15 * time.Minute

// No-show review defaults (Art 6(6)): flag a job seeker for staff review at
// 2 no-shows within 180 days. Refusal stays a staff decision.
const (
	DefaultNoShowThreshold = 2
	DefaultNoShowWindow    = 180 * 24 * time.Hour
)

func (s *Service) noShowRule() (int, time.Duration) {
	threshold, window := s.NoShowThreshold, s.NoShowWindow
	if threshold == 0 {
		threshold = DefaultNoShowThreshold
	}
	if window == 0 {
		window = DefaultNoShowWindow
	}
	return threshold, window
}

// NoShowHistory is a job seeker's no-show record as the Store holds it
// inside a change's transaction, the job seeker locked against other
// changes until it commits.
type NoShowHistory struct {
	// Count is the job seeker's no-show count before the change.
	Count int
	// Starts are the starts of the job seeker's NO_SHOW reservations, the
	// change's own included.
	Starts []time.Time
}

// Recount gives a job seeker's no-show count and review flag from their
// history: the Store reads the history, calls Recount and writes the
// result in the same transaction, so that two no-shows at once both count.
type Recount func(NoShowHistory) (count int, flagged bool)

// recount moves the no-show count by delta (never below 0) and flags the
// job seeker for staff review at the threshold of no-shows within the
// window before now (Art 6(6)). The flag is never a suspension: refusal
// stays a staff decision.
func (s *Service) recount(delta int, now time.Time) Recount {
	threshold, window := s.noShowRule()
	return func(h NoShowHistory) (int, bool) {
		return max(h.Count+delta, 0), ReviewDue(h.Starts, threshold, window, now)
	}
}

// ReviewDue reports whether the no-shows that started at those times flag
// a job seeker for review at now: threshold (> 0) of them within the window
// before now.
func ReviewDue(starts []time.Time, threshold int, window time.Duration, now time.Time) bool {
	recent := 0
	for _, st := range starts {
		if st.After(now.Add(-window)) {
			recent++
		}
	}
	return threshold > 0 && recent >= threshold
}

// staffTransition loads a reservation of the staff member's office and
// applies the change built from it.
func (s *Service) staffTransition(ctx context.Context, id int64, build func(r Reservation, now time.Time) (Change, error)) (Reservation, error) {
	actor, err := auth.RequireStaff(ctx)
	if err != nil {
		return Reservation{}, err
	}
	return s.transition(ctx, actor, id, build)
}

func (s *Service) transition(ctx context.Context, actor auth.Actor, id int64, build func(r Reservation, now time.Time) (Change, error)) (Reservation, error) {
	res, err := s.visible(ctx, actor, id)
	if err != nil {
		return Reservation{}, err
	}
	now := s.Now()
	c, err := build(res, now)
	if err != nil {
		return Reservation{}, err
	}
	if !contains(c.From, res.Status) {
		return Reservation{}, conflict(res.Status)
	}
	c.ID, c.Version, c.At, c.By = res.ID, res.Version, now, actor.AccountID
	out, err := s.apply(ctx, c)
	if err != nil {
		return Reservation{}, err
	}
	if c.Compose != nil {
		s.mailQueued()
	}
	s.published()
	s.Log.InfoContext(ctx, "reservation changed", "reservation", id, "event", c.Event, "by", actor.AccountID)
	return out, nil
}

// apply makes the change with the seat move its states call for.
func (s *Service) apply(ctx context.Context, c Change) (Reservation, error) {
	c.Seat = seatMove(c.From, c.To)
	return s.Store.Apply(ctx, c)
}

func contains(list []Status, s Status) bool {
	for _, l := range list {
		if l == s {
			return true
		}
	}
	return false
}

// CheckIn puts the job seeker in the waiting room (own reservation, from
// CheckInWindow before the start until the no-show grace ends).
func (s *Service) CheckIn(ctx context.Context, id int64) (Reservation, error) {
	actor, err := auth.RequireJobSeeker(ctx)
	if err != nil {
		return Reservation{}, err
	}
	r, err := s.rules(ctx)
	if err != nil {
		return Reservation{}, err
	}
	grace := time.Duration(r.Office.NoShowGraceMinutes) * time.Minute
	return s.transition(ctx, actor, id, func(res Reservation, now time.Time) (Change, error) {
		if now.Before(res.StartsAt.Add(-CheckInWindow)) {
			return Change{}, apperr.New(apperr.Conflict, "待合室には、開始15分前から入れます。",
				"check-in opens 15 minutes before the start")
		}
		if !now.Before(res.StartsAt.Add(grace)) {
			return Change{}, apperr.New(apperr.Conflict, "開始時刻を10分以上過ぎたため、待合室に入れません。当ハローワークにお電話ください。",
				"check-in closed when the grace period ended")
		}
		return Change{From: []Status{Confirmed}, To: CheckedIn, Event: EventCheckedIn, Set: Columns{CheckedInAt: &now}}, nil
	})
}

// AssignCounselor sets (or, with nil, clears) the counselor of a session
// (staff). Two staff assigning at once: one wins, the other gets CONFLICT.
func (s *Service) AssignCounselor(ctx context.Context, id int64, counselorID *int64) (Reservation, error) {
	actor, err := auth.RequireStaff(ctx)
	if err != nil {
		return Reservation{}, err
	}
	if counselorID != nil {
		c, err := s.Accounts.AccountByID(ctx, *counselorID)
		if err != nil || !c.Role.Staff() || c.OfficeID != actor.OfficeID {
			return Reservation{}, apperr.Invalid("counselorId", "担当者が見つかりません。", "no such staff member")
		}
	}
	return s.transition(ctx, actor, id, func(res Reservation, _ time.Time) (Change, error) {
		if !res.Status.Active() {
			return Change{}, conflict(res.Status)
		}
		return Change{From: []Status{res.Status}, To: res.Status, Event: EventAssigned,
			Set: Columns{Counselor: &Assignment{CounselorID: counselorID}}}, nil
	})
}

// StartSession starts a confirmed or checked-in session (staff).
func (s *Service) StartSession(ctx context.Context, id int64) (Reservation, error) {
	return s.staffTransition(ctx, id, func(res Reservation, now time.Time) (Change, error) {
		if now.Before(res.StartsAt.Add(-CheckInWindow)) {
			return Change{}, apperr.New(apperr.Conflict, "開始15分前より前には始められません。",
				"a session cannot start more than 15 minutes early")
		}
		return Change{From: []Status{Confirmed, CheckedIn}, To: InSession, Event: EventStarted, Set: Columns{StartedAt: &now}}, nil
	})
}

// CompleteSession ends a session normally (staff), with an optional note.
func (s *Service) CompleteSession(ctx context.Context, id int64, note string) (Reservation, error) {
	if note != "" {
		var err error
		if note, err = validate.Text("note", note, 1, 2000, true); err != nil {
			return Reservation{}, err
		}
	}
	return s.staffTransition(ctx, id, func(_ Reservation, now time.Time) (Change, error) {
		return Change{From: []Status{InSession}, To: Completed, Event: EventCompleted,
			Set: Columns{EndedAt: &now, CompletionNote: note}}, nil
	})
}

// TerminateSession stops or refuses a session for misconduct (staff,
// Art 12(1)); the reason is required.
func (s *Service) TerminateSession(ctx context.Context, id int64, reason string) (Reservation, error) {
	reason, err := validate.Text("reason", reason, 1, 1000, true)
	if err != nil {
		return Reservation{}, err
	}
	return s.staffTransition(ctx, id, func(_ Reservation, now time.Time) (Change, error) {
		return Change{From: []Status{Confirmed, CheckedIn, InSession}, To: Terminated, Event: EventTerminated,
			Set: Columns{EndedAt: &now, EndReason: reason}}, nil
	})
}

// MarkNoShow records that the job seeker did not come (staff), once the
// grace period after the start has passed (Art 6(6)).
func (s *Service) MarkNoShow(ctx context.Context, id int64) (Reservation, error) {
	actor, err := auth.RequireStaff(ctx)
	if err != nil {
		return Reservation{}, err
	}
	r, err := s.rules(ctx)
	if err != nil {
		return Reservation{}, err
	}
	return s.transition(ctx, actor, id, func(res Reservation, now time.Time) (Change, error) {
		if now.Before(res.StartsAt.Add(time.Duration(r.Office.NoShowGraceMinutes) * time.Minute)) {
			return Change{}, apperr.New(apperr.Conflict, "開始時刻から10分たつまでは、ご連絡なしのキャンセル扱いにできません。",
				"a no-show can be recorded only after the grace period")
		}
		return s.noShowChange(ctx, r, res, now)
	})
}

// noShowChange deems a CONFIRMED reservation cancelled (Art 6(6)). Only a
// reservation nobody came for becomes a no-show: a checked-in job seeker is
// waiting, not absent. The mail goes out at most once per reservation: not
// again after a no-show was reverted and recorded anew.
func (s *Service) noShowChange(ctx context.Context, r Rules, res Reservation, now time.Time) (Change, error) {
	c := Change{From: []Status{Confirmed}, To: NoShow, Event: EventNoShow, Recount: s.recount(1, now)}
	if res.NoShowRevertedAt != nil {
		return c, nil
	}
	to, err := s.Accounts.AccountByID(ctx, res.JobSeekerID)
	if err != nil {
		return Change{}, err
	}
	mo := mailOffice(r)
	c.Compose = func(c Reservation) (mail.Outgoing, error) {
		return s.compose(c.JobSeekerID, to.Email, mail.TemplateReservationNoShow, s.reservationMail(mo, c))
	}
	return c, nil
}

// RevertNoShow undoes a no-show recorded by mistake (staff, reason
// required): the reservation is CONFIRMED again, takes a seat again, and
// the no-show no longer counts. The sweeper never marks it again.
func (s *Service) RevertNoShow(ctx context.Context, id int64, reason string) (Reservation, error) {
	if _, err := validate.Text("reason", reason, 1, 1000, true); err != nil {
		return Reservation{}, err
	}
	r, err := s.rules(ctx)
	if err != nil {
		return Reservation{}, err
	}
	return s.staffTransition(ctx, id, func(_ Reservation, now time.Time) (Change, error) {
		return Change{From: []Status{NoShow}, To: Confirmed, Event: EventNoShowReverted,
			Set: Columns{NoShowRevertedAt: &now, EndReason: reason}, Capacity: r.Office.Capacity,
			Recount: s.recount(-1, now)}, nil
	})
}

// SweepLookback is how far back the no-show sweeper looks: reservations
// that started longer ago were swept when they fell due (or every instance
// was down for a week, and staff decide).
const SweepLookback = 7 * 24 * time.Hour

// closedDays lists the dates in [from, to] on which the office is closed:
// reservations on a day closed after booking (Art 9(2)) are neither
// reminded nor swept, and staff see them until each is cancelled.
func (r Rules) closedDays(from, to calendar.Date) []calendar.Date {
	var out []calendar.Date
	for _, d := range r.Calendar.Days(from, to) {
		if !d.Open {
			out = append(out, d.Date)
		}
	}
	return out
}

// SweepNoShows deems cancelled (NO_SHOW, Art 6(6)) every CONFIRMED
// reservation of the office not started NoShowGraceMinutes after its start,
// with its event and mail; a CHECKED_IN one is waiting, not absent, and is
// raised to staff once as WAITING_LONG instead. Reverted no-shows and days
// the office closed are left alone. Safe on several instances at once:
// each change is a compare-and-set, so a reservation another instance
// already swept is skipped. It returns how many changes it made.
func (s *Service) SweepNoShows(ctx context.Context) (int, error) {
	r, err := s.rules(ctx)
	if err != nil {
		return 0, err
	}
	cutoff := r.Now.Add(-time.Duration(r.Office.NoShowGraceMinutes) * time.Minute)
	since := r.Now.Add(-SweepLookback)
	skip := r.closedDays(calendar.DateOf(since, r.loc()), r.Today())
	overdue, err := s.Store.Overdue(ctx, r.Office.ID, since, cutoff, skip, 200)
	if err != nil {
		return 0, err
	}
	marked := 0
	for _, res := range overdue {
		c := Change{From: []Status{CheckedIn}, To: CheckedIn, Event: EventWaitingLong, Set: Columns{WaitingAlertedAt: &r.Now}}
		if res.Status == Confirmed {
			if c, err = s.noShowChange(ctx, r, res, r.Now); err != nil {
				return marked, err
			}
		}
		c.ID, c.Version, c.At = res.ID, res.Version, r.Now
		if _, err := s.apply(ctx, c); err != nil {
			if errors.Is(err, apperr.ErrConflict) {
				continue // another instance, or staff, got there first
			}
			return marked, err
		}
		marked++
		s.Log.InfoContext(ctx, "no-show sweeper", "reservation", res.ID, "event", c.Event)
	}
	if marked > 0 {
		s.mailQueued()
		s.published()
	}
	return marked, nil
}

// MaxQueue bounds the reservations of one day's queue.
const MaxQueue = 1000

// Day returns the office's reservations of a date in start order, every
// status (staff only): the queue.
func (s *Service) Day(ctx context.Context, d calendar.Date) ([]Reservation, error) {
	actor, err := auth.RequireStaff(ctx)
	if err != nil {
		return nil, err
	}
	return s.Store.Reservations(ctx, Filter{OfficeID: actor.OfficeID, From: d, To: d}, nil, MaxQueue)
}

// NoShowAt is when an unstarted session is deemed cancelled (Art 6(6)).
func (s *Service) NoShowAt(ctx context.Context, r Reservation) (time.Time, error) {
	o, err := s.Offices.Office(ctx)
	if err != nil {
		return time.Time{}, err
	}
	return r.StartsAt.Add(time.Duration(o.NoShowGraceMinutes) * time.Minute), nil
}

// QueueAccess checks that the caller may watch the office's queue (staff).
func (s *Service) QueueAccess(ctx context.Context) (auth.Actor, error) {
	return auth.RequireStaff(ctx)
}

// OwnEventsAccess checks that the caller may follow their own reservations
// (a job seeker).
func (s *Service) OwnEventsAccess(ctx context.Context) (auth.Actor, error) {
	return auth.RequireJobSeeker(ctx)
}
