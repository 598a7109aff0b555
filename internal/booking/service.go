package booking

import (
	"context"
	"fmt"
	"log/slog"
	"sync/atomic"
	"time"

	"soudan/internal/account"
	"soudan/internal/apperr"
	"soudan/internal/calendar"
	"soudan/internal/mail"
	"soudan/internal/meeting"
	"soudan/internal/office"
)

// Accounts reads the job seeker behind a booking.
type Accounts interface {
	AccountByID(ctx context.Context, id int64) (account.Account, error)
}

// Service runs the booking operations.
type Service struct {
	Store    Store
	Offices  *office.Service
	Accounts Accounts
	// Meetings creates one meeting per reservation (Zoom API); nil means
	// the fixed room of each booth (the default).
	Meetings meeting.Provider
	// BoothStore keeps the fixed rooms; required for Booths and SetBooth.
	BoothStore BoothStore
	// Readiness keeps the readiness checker's reports.
	Readiness ReadinessStore
	// CheckerCheckIDs are the checks a readiness checker's report may
	// carry (the checker's rules define them).
	CheckerCheckIDs []string
	PublicURL       string
	Now             func() time.Time
	Log             *slog.Logger
	// MailQueued is called after a commit that queued a mail; may be nil.
	MailQueued func()
	// Published is called after a commit that wrote queue events, to wake
	// the event tailer; may be nil.
	Published func()
	// RepliesLeft, when replies are read (SOUDAN_IMAP_URL), returns how
	// many mails the last read of the mailbox left unread for staff.
	RepliesLeft func(ctx context.Context) (int, error)
	// NoShowThreshold no-shows within NoShowWindow flag a job seeker for
	// review (zero: the defaults).
	NoShowThreshold int
	NoShowWindow    time.Duration

	roomCache atomic.Pointer[cachedRooms]
}

func (s *Service) published() {
	if s.Published != nil {
		s.Published()
	}
}

func (s *Service) mailQueued() {
	if s.MailQueued != nil {
		s.MailQueued()
	}
}

// rules returns the office's booking rules now.
func (s *Service) rules(ctx context.Context) (Rules, error) {
	o, cal, err := s.Offices.Calendar(ctx)
	if err != nil {
		return Rules{}, err
	}
	return Rules{Office: o, Calendar: cal, Now: s.Now()}, nil
}

// AvailableSlots lists the slots between from and to (at most MaxSlotDays)
// that are still open for booking under the office's rules now, with their
// free seats: full slots are listed too, with Remaining 0, so that a
// listing can say 満席. Slots on closed days, past slots and slots past the
// notice deadline are left out. Anyone may ask. The taken seats are read in
// one query.
func (s *Service) AvailableSlots(ctx context.Context, from, to calendar.Date) ([]Slot, error) {
	r, err := s.rules(ctx)
	if err != nil {
		return nil, err
	}
	starts, err := r.SlotStarts(from, to)
	if err != nil || len(starts) == 0 {
		return nil, err
	}
	session := time.Duration(r.Office.SessionMinutes) * time.Minute
	taken, err := s.Store.TakenSeats(ctx, r.Office.ID, starts[0], starts[len(starts)-1].Add(session))
	if err != nil {
		return nil, err
	}
	slots := make([]Slot, 0, len(starts))
	confirmBy := map[calendar.Date]time.Time{}
	for _, st := range starts {
		// Never below 0: the capacity may have been lowered under seats
		// already taken.
		remaining := max(r.Office.Capacity-taken[st.Unix()], 0)
		d := calendar.DateOf(st, r.loc())
		cb, ok := confirmBy[d]
		if !ok {
			cb = r.ConfirmBy(st)
			confirmBy[d] = cb
		}
		slots = append(slots, Slot{StartsAt: st, EndsAt: st.Add(session), Capacity: r.Office.Capacity,
			Remaining: remaining, ConfirmBy: cb})
	}
	return slots, nil
}

func (s *Service) releaseMeeting(ctx context.Context, m *meeting.Meeting) {
	if s.Meetings == nil || m == nil {
		return
	}
	if err := s.Meetings.Release(context.WithoutCancel(ctx), *m); err != nil {
		s.Log.WarnContext(ctx, "releasing a meeting failed", "provider", m.Provider, "err", err)
	}
}

// compose renders a mail to a job seeker with its My Page copy; the copy
// is rendered without the one-time confirmation link, and is the mail's
// own text when the mail has none.
func (s *Service) compose(jobSeekerID int64, to, template string, data mail.ReservationData) (mail.Outgoing, error) {
	m, err := mail.Compose(s.mailDomain(), jobSeekerID, to, template, data)
	if err != nil {
		return mail.Outgoing{}, err
	}
	if data.ConfirmURL == "" {
		m.Notice = &mail.Notice{Title: m.Subject, Body: m.Body}
		return m, nil
	}
	data.ConfirmURL = ""
	return m.WithNotice(template, data)
}

func (s *Service) reservationMail(mo mail.Office, r Reservation) mail.ReservationData {
	d := mail.ReservationData{Office: mo, Name: r.Name, StartsAt: r.StartsAt,
		ReservationURL: fmt.Sprintf("%s/reservations/%d", s.PublicURL, r.ID), BookURL: s.PublicURL + "/book",
		ReadinessURL: fmt.Sprintf("%s/reservations/%d/readiness", s.PublicURL, r.ID)}
	if r.Meeting != nil {
		d.Meeting = &mail.MeetingData{MeetingID: r.Meeting.MeetingID, Passcode: r.Meeting.Passcode, JoinURL: r.Meeting.JoinURL}
	}
	return d
}

func mailOffice(r Rules) mail.Office {
	return mail.Office{Name: r.Office.Name, Phone: r.Office.ContactPhone, Hours: r.Office.ContactHours,
		Location: r.loc(), RepliesRead: r.Office.RepliesRead}
}

// termsURL is the page of one version of the terms of use.
func (s *Service) termsURL(id int64) string { return fmt.Sprintf("%s/terms/%d", s.PublicURL, id) }

func (s *Service) mailDomain() string { return mail.DomainOf(s.PublicURL) }

// conflict is CONFLICT naming the reservation's current status.
func conflict(current Status) error {
	return apperr.New(apperr.Conflict,
		fmt.Sprintf("このご予約は現在「%s」のため、その操作はできません。", statusJa[current]),
		fmt.Sprintf("the reservation is %s; the operation is not possible", current))
}

// StatusLabel is a status as people read it, in Japanese.
func StatusLabel(s Status) string {
	if l, ok := statusJa[s]; ok {
		return l
	}
	return "不明"
}

var statusJa = map[Status]string{
	AwaitingReply: "返信待ち", Confirmed: "確定", CheckedIn: "待機中", InSession: "相談中",
	Completed: "完了", Cancelled: "取り消し済み", Expired: "期限切れ", NoShow: "キャンセル扱い（ご連絡なし）", Terminated: "中止",
}
