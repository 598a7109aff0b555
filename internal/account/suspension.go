// Suspension and reinstatement of a job seeker (Art 6(6), 12(1)).

package account

import (
	"context"
	"fmt"
	"time"

	"soudan/internal/apperr"
	"soudan/internal/auth"
	"soudan/internal/calendar"
	"soudan/internal/mail"
	"soudan/internal/validate"
)

func suspendedError(sp *Suspension) error {
	ja := "現在、オンライン職業相談のご利用を停止しています。詳しくは当ハローワークにお問い合わせください。"
	if sp != nil && sp.Until != nil {
		ja = fmt.Sprintf("%d年%d月%d日まで、オンライン職業相談のご利用を停止しています。詳しくは当ハローワークにお問い合わせください。",
			sp.Until.Year, sp.Until.Month, sp.Until.Day)
	}
	return apperr.New(apperr.Suspended, ja, "your use of online counselling is suspended; please contact the office")
}

// Suspend refuses a job seeker (staff only, Art 6(6), 12(1)): a reason is
// required; until is the last day (nil: until reinstated). Every session of
// the job seeker is revoked at once, and their upcoming reservations are
// cancelled (a pending application's link then confirms nothing), with one
// mail that lists them. Reinstating does not bring them back.
func (s *Service) Suspend(ctx context.Context, id int64, reason string, until *calendar.Date) (Account, error) {
	actor, err := auth.RequireStaff(ctx)
	if err != nil {
		return Account{}, err
	}
	reason, err = validate.Text("reason", reason, 1, 1000, true)
	if err != nil {
		return Account{}, err
	}
	now := s.Now()
	if until != nil && until.Before(s.today(ctx, now)) {
		return Account{}, apperr.Invalid("until", "停止の終了日は今日以降にしてください。", "until must not be in the past")
	}
	js, err := s.jobSeekerOf(ctx, actor, id)
	if err != nil {
		return Account{}, err
	}
	_, mo, err := s.mailOffice(ctx)
	if err != nil {
		return Account{}, err
	}
	cancelled, err := s.Store.Suspend(ctx, actor.OfficeID, id, reason, until, actor.AccountID, now, CancelledBySuspension{
		Reason: "ご利用の停止に伴う取り消し",
		Compose: func(starts []time.Time) (mail.Outgoing, error) {
			data := mail.SuspensionCancelledData{Office: mo, Name: js.Name, StartsAt: starts}
			m, err := mail.Compose(s.mailDomain(), js.ID, js.Email, mail.TemplateSuspensionCancelled, data)
			if err != nil {
				return mail.Outgoing{}, err
			}
			return m.WithNotice(mail.TemplateSuspensionCancelled, data)
		},
	})
	if err != nil {
		return Account{}, err
	}
	if len(cancelled) > 0 {
		s.mailQueued()
		if s.ReservationsCancelled != nil {
			s.ReservationsCancelled(ctx, cancelled)
		}
	}
	s.Log.InfoContext(ctx, "job seeker suspended", "job_seeker", id, "by", actor.AccountID, "reservations_cancelled", len(cancelled))
	return s.Store.AccountByID(ctx, id)
}

// Reinstate lifts a suspension (staff only) and records the optional note.
// Reservations the suspension cancelled stay cancelled.
func (s *Service) Reinstate(ctx context.Context, id int64, note string) (Account, error) {
	actor, err := auth.RequireStaff(ctx)
	if err != nil {
		return Account{}, err
	}
	if note != "" {
		if note, err = validate.Text("note", note, 1, 1000, true); err != nil {
			return Account{}, err
		}
	}
	if _, err := s.jobSeekerOf(ctx, actor, id); err != nil {
		return Account{}, err
	}
	if err := s.Store.Reinstate(ctx, actor.OfficeID, id, note, actor.AccountID, s.Now()); err != nil {
		return Account{}, err
	}
	s.Log.InfoContext(ctx, "job seeker reinstated", "job_seeker", id, "by", actor.AccountID)
	return s.Store.AccountByID(ctx, id)
}

// LastReinstatement returns the latest lifted suspension of a job seeker
// of the staff member's office, with its note; nil when there was none.
func (s *Service) LastReinstatement(ctx context.Context, id int64) (*Reinstatement, error) {
	actor, err := auth.RequireStaff(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := s.jobSeekerOf(ctx, actor, id); err != nil {
		return nil, err
	}
	r, ok, err := s.Store.LastReinstatement(ctx, id)
	if err != nil || !ok {
		return nil, err
	}
	return &r, nil
}
