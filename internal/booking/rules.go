package booking

import (
	"fmt"
	"time"

	"soudan/internal/apperr"
	"soudan/internal/calendar"
	"soudan/internal/office"
)

// Rule errors, each with a message a job seeker can act on.
var (
	ErrOfficeClosed = apperr.New(apperr.OfficeClosed,
		"その日は閉庁日のため、予約できません。別の日を選んでください。",
		"the office is closed on that day")
	ErrOutsideHours = apperr.New(apperr.OutsideHours,
		"その時刻は予約できません。受付時間内の30分ごとの枠から選んでください。",
		"sessions start on the 30-minute grid within office hours")
	ErrTooLate = apperr.New(apperr.TooLate,
		"ご予約は2開庁日前までに確定する必要があります。この枠は締め切られました。",
		"reservations must be confirmed two office days ahead; this slot is closed")
	ErrTooFar = apperr.New(apperr.TooFar,
		"その日はまだ予約を受け付けていません。",
		"that day is beyond the booking horizon")
	ErrSlotFull = apperr.New(apperr.SlotFull,
		"申し訳ありません。この枠は満席になりました。別の枠を選んでください。",
		"this slot is full")
	ErrAlreadyBooked = apperr.New(apperr.AlreadyBooked,
		"すでにご予約があります。新しくご予約いただくには、今のご予約を終えるか取り消してください。",
		"you already have an upcoming reservation")
	ErrNotEligible = apperr.New(apperr.NotEligible,
		"ご予約の前に、メールアドレスの確認と求職登録の確認が必要です。",
		"your e-mail address and job-seeker registration must be confirmed first")
	ErrTermsOutdated = apperr.New(apperr.TermsOutdated,
		"利用規約が改訂されました。最新の利用規約を確認し、同意してください。",
		"the terms of use have changed; please read and agree to the current version")
	ErrNotFound = apperr.New(apperr.NotFound, "ご予約が見つかりません。", "reservation not found")
)

// Rules are an office's booking rules at one moment.
type Rules struct {
	Office   office.Office
	Calendar *calendar.Calendar
	Now      time.Time
}

func (r Rules) loc() *time.Location { return r.Calendar.Location() }

// Today is the office's current date.
func (r Rules) Today() calendar.Date { return calendar.DateOf(r.Now, r.loc()) }

// LastBookableDay is the last date inside the booking horizon.
func (r Rules) LastBookableDay() calendar.Date { return r.Today().AddDays(r.Office.HorizonDays) }

// Starts returns the session starts of an office day: a grid of
// SessionMinutes from OpensAt whose sessions end by ClosesAt. A closed day
// has none.
func (r Rules) Starts(d calendar.Date) []time.Time {
	if !r.Calendar.IsOfficeDay(d) {
		return nil
	}
	midnight := d.In(r.loc())
	var out []time.Time
	for m := r.Office.OpensAt; m+r.Office.SessionMinutes <= r.Office.ClosesAt; m += r.Office.SessionMinutes {
		out = append(out, wallClock(midnight, m))
	}
	return out
}

// wallClock is minutes after midnight on midnight's date, in its zone.
func wallClock(midnight time.Time, minutes int) time.Time {
	return time.Date(midnight.Year(), midnight.Month(), midnight.Day(), minutes/60, minutes%60, 0, 0, midnight.Location())
}

// ConfirmBy is the notice deadline of a session starting at start.
func (r Rules) ConfirmBy(start time.Time) time.Time {
	return r.Calendar.ConfirmBy(calendar.DateOf(start, r.loc()), r.Office.NoticeOfficeDays)
}

// Notice says which deadline applies to a booking.
type Notice int

// The notice modes.
const (
	// NoticeRule: the 2-office-day rule of Art 6(1) (job seekers).
	NoticeRule Notice = iota
	// NoticeOverride: staff books inside the notice period with a reason;
	// only the start must be ahead.
	NoticeOverride
	// NoticeExempt: a follow-up during a session (Art 6(5)).
	NoticeExempt
)

// CheckStart validates a requested session start: an office day, on the
// grid inside hours, not past the notice deadline (per mode), and within the
// horizon (for job seekers). It returns the session end and the deadline.
func (r Rules) CheckStart(start time.Time, mode Notice) (end, confirmBy time.Time, err error) {
	start = start.In(r.loc())
	d := calendar.DateOf(start, r.loc())
	if !r.Calendar.IsOfficeDay(d) {
		return time.Time{}, time.Time{}, ErrOfficeClosed
	}
	minutes := start.Hour()*60 + start.Minute()
	onGrid := start.Second() == 0 && start.Nanosecond() == 0 &&
		minutes >= r.Office.OpensAt && minutes+r.Office.SessionMinutes <= r.Office.ClosesAt &&
		(minutes-r.Office.OpensAt)%r.Office.SessionMinutes == 0
	if !onGrid {
		return time.Time{}, time.Time{}, ErrOutsideHours
	}
	end = start.Add(time.Duration(r.Office.SessionMinutes) * time.Minute)
	confirmBy = r.ConfirmBy(start)
	switch mode {
	case NoticeRule:
		// The start must be ahead too: with NoticeOfficeDays 0 the deadline
		// is the end of the session's own day, after its start.
		if r.Now.After(confirmBy) || !r.Now.Before(start) {
			return time.Time{}, time.Time{}, ErrTooLate
		}
		if d.After(r.LastBookableDay()) {
			return time.Time{}, time.Time{}, ErrTooFar
		}
	default:
		if !r.Now.Before(start) {
			return time.Time{}, time.Time{}, ErrTooLate
		}
		confirmBy = start
	}
	return end, confirmBy, nil
}

// MaxSlotDays bounds availableSlots.
const MaxSlotDays = 62

// SlotStarts lists the starts between from and to (inclusive) that a job
// seeker could still book now: office days, inside the horizon, before the
// notice deadline.
func (r Rules) SlotStarts(from, to calendar.Date) ([]time.Time, error) {
	if from.After(to) {
		return nil, apperr.Invalid("to", "終了日は開始日と同じか、それより後の日付にしてください。", "to must not be before from")
	}
	if calendar.DaysBetween(from, to)+1 > MaxSlotDays {
		return nil, apperr.Invalid("to", fmt.Sprintf("一度に表示できるのは %d 日分までです。", MaxSlotDays),
			fmt.Sprintf("the range may cover at most %d days", MaxSlotDays))
	}
	if today := r.Today(); from.Before(today) {
		from = today
	}
	if last := r.LastBookableDay(); to.After(last) {
		to = last
	}
	var out []time.Time
	for d := from; !d.After(to); d = d.AddDays(1) {
		starts := r.Starts(d)
		if len(starts) == 0 || r.Now.After(r.ConfirmBy(starts[0])) {
			continue
		}
		for _, s := range starts {
			if r.Now.Before(s) { // only matters with NoticeOfficeDays 0
				out = append(out, s)
			}
		}
	}
	return out, nil
}
