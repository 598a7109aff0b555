// Reminders on the office day before a session.

package booking

import (
	"context"

	"soudan/internal/calendar"
	"soudan/internal/mail"
)

// ReminderHour is the hour (office time) from which reminders go out on the
// office day before a session.
const ReminderHour = 9

// SendReminders mails each confirmed session's reminder on the office day
// before it (a Friday for a Monday, the day before a holiday block for the
// day after it), from ReminderHour: the date and time, the meeting, the
// device rules and the checker, the recording ban (Art 12(2)) and the
// private-room and companion rules (Art 12(3)). Each reminder goes out once,
// also with several instances.
func (s *Service) SendReminders(ctx context.Context) (int, error) {
	r, err := s.rules(ctx)
	if err != nil {
		return 0, err
	}
	today := r.Today()
	if r.Now.In(r.loc()).Hour() < ReminderHour {
		return 0, nil
	}
	due, err := s.Store.DueReminders(ctx, r.Office.ID, r.Calendar.AddOfficeDays(today, 1), r.Now, 500)
	if err != nil {
		return 0, err
	}
	mo := mailOffice(r)
	sent := 0
	for _, res := range due {
		day := calendar.DateOf(res.StartsAt, r.loc())
		if !r.Calendar.IsOfficeDay(day) {
			continue // the office closed that day after the booking (Art 9(2)); staff phone instead
		}
		if today.Before(r.Calendar.AddOfficeDays(day, -1)) {
			continue // not yet the office day before
		}
		to, err := s.Accounts.AccountByID(ctx, res.JobSeekerID)
		if err != nil {
			return sent, err
		}
		ok, err := s.Store.MarkReminded(ctx, res.ID, r.Now, func(c Reservation) (mail.Outgoing, error) {
			data := s.reservationMail(mo, c)
			return s.compose(c.JobSeekerID, to.Email, mail.TemplateReservationReminder, data)
		})
		if err != nil {
			return sent, err
		}
		if ok {
			sent++
		}
	}
	if sent > 0 {
		s.mailQueued()
	}
	return sent, nil
}
