// Cancellation by the job seeker or by staff (Art 6(6)).

package booking

import (
	"context"
	"fmt"
	"strings"
	"time"

	"soudan/internal/apperr"
	"soudan/internal/auth"
	"soudan/internal/calendar"
	"soudan/internal/mail"
	"soudan/internal/meeting"
	"soudan/internal/validate"
)

// CancelledElsewhere finishes the cancellation of reservations that another
// part of the system cancelled in its own transaction (a suspension): their
// Zoom meetings are released and the change is announced.
func (s *Service) CancelledElsewhere(ctx context.Context, ids []int64) {
	for _, id := range ids {
		r, err := s.Store.Reservation(ctx, id)
		if err != nil {
			s.Log.WarnContext(ctx, "reading a cancelled reservation", "reservation", id, "err", err)
			continue
		}
		if r.Meeting != nil && r.Meeting.Provider != meeting.ProviderBooth {
			s.releaseMeeting(ctx, r.Meeting)
		}
	}
	s.published()
}

// Cancel cancels an active reservation (Art 6(6)): the job seeker their own
// on the site before the start (channel SITE, reason optional), staff any
// of the office's by e-mail before the start or by phone until the no-show
// time — a call after the start is still a call (「連絡がないまま」), and such a
// cancellation never counts as a no-show. The seat is freed at once and a
// mail tells the job seeker.
func (s *Service) Cancel(ctx context.Context, id int64, reason string, channel *Channel) (Reservation, error) {
	actor, err := auth.RequireSignedIn(ctx)
	if err != nil {
		return Reservation{}, err
	}
	ch := Site
	if actor.Role.Staff() {
		ch = Phone
		if channel != nil {
			ch = *channel
		}
		if ch != Phone && ch != Email {
			return Reservation{}, apperr.Invalid("channel", "職員による取り消しの経路は PHONE か EMAIL です。",
				"staff cancel by PHONE or EMAIL")
		}
		if strings.TrimSpace(reason) == "" {
			return Reservation{}, apperr.Invalid("reason", "取り消しの理由を入力してください。", "a reason is required")
		}
	} else if channel != nil && *channel != Site {
		return Reservation{}, apperr.Invalid("channel", "このサイトからは、ご自身のご予約だけを取り消せます。",
			"job seekers cancel on the SITE")
	}
	if reason = strings.TrimSpace(reason); reason != "" {
		if reason, err = validate.Text("reason", reason, 1, 1000, true); err != nil {
			return Reservation{}, err
		}
	}
	res, err := s.visible(ctx, actor, id)
	if err != nil {
		return Reservation{}, err
	}
	r, err := s.rules(ctx)
	if err != nil {
		return Reservation{}, err
	}
	if !res.Status.Active() || res.Status == InSession {
		return Reservation{}, conflict(res.Status)
	}
	if err := cancelDeadline(r, res, ch); err != nil {
		return Reservation{}, err
	}
	to, err := s.Accounts.AccountByID(ctx, res.JobSeekerID)
	if err != nil {
		return Reservation{}, err
	}
	mo := mailOffice(r)
	compose := func(c Reservation) (mail.Outgoing, error) {
		return s.compose(c.JobSeekerID, to.Email, mail.TemplateReservationCancelled, s.reservationMail(mo, c))
	}
	cancelled, err := s.Store.Cancel(ctx, res.ID, res.Version, ch, reason, actor.AccountID, r.Now, compose)
	if err != nil {
		return Reservation{}, err
	}
	s.mailQueued()
	s.published()
	if cancelled.Meeting != nil && cancelled.Meeting.Provider != meeting.ProviderBooth {
		s.releaseMeeting(ctx, cancelled.Meeting)
	}
	s.Log.InfoContext(ctx, "reservation cancelled", "reservation", res.ID, "by", actor.AccountID, "channel", string(ch))
	return cancelled, nil
}

// cancelDeadline refuses a cancellation that comes too late for its
// channel: on the site or by e-mail at the start, by phone at the no-show
// time. A job seeker is told to phone, with the number. Staff may cancel a
// reservation on a day the office closed at any time.
func cancelDeadline(r Rules, res Reservation, ch Channel) error {
	deadline := res.StartsAt
	if ch == Phone {
		deadline = res.StartsAt.Add(time.Duration(r.Office.NoShowGraceMinutes) * time.Minute)
	}
	if r.Now.Before(deadline) || (ch != Site && !r.Calendar.IsOfficeDay(calendar.DateOf(res.StartsAt, r.loc()))) {
		return nil
	}
	switch ch {
	case Site:
		return apperr.New(apperr.Conflict,
			fmt.Sprintf("開始時刻を過ぎたご予約は、このサイトからは取り消せません。当ハローワーク（電話 %s）にお電話ください。", r.Office.ContactPhone),
			"a session cannot be cancelled on the site after its start; please phone the office")
	case Phone:
		return apperr.New(apperr.Conflict,
			fmt.Sprintf("開始時刻から%d分を過ぎたため、取り消せません（ご連絡なしのキャンセル扱いの時刻を過ぎています）。", r.Office.NoShowGraceMinutes),
			"a phone cancellation is possible until the no-show time")
	default:
		return apperr.New(apperr.Conflict, "開始時刻を過ぎたご予約は、メールの受付では取り消せません。",
			"an e-mail cancellation is possible until the start")
	}
}
