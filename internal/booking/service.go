package booking

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync/atomic"
	"time"

	"soudan/internal/account"
	"soudan/internal/apperr"
	"soudan/internal/auth"
	"soudan/internal/calendar"
	"soudan/internal/mail"
	"soudan/internal/meeting"
	"soudan/internal/office"
	"soudan/internal/validate"
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
	PublicURL string
	Now       func() time.Time
	Log       *slog.Logger
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

// ReservationInput is a job seeker's application on the site (Art 6(2)).
type ReservationInput struct {
	StartsAt        time.Time
	Name            string
	Phone           string
	JobSeekerNumber string
	Consultation    string
	Companion       *Companion
	AgreedTermsID   int64
}

// MaxIdempotencyKey bounds idempotency keys.
const MaxIdempotencyKey = 100

// RequestReservation books a session for the signed-in job seeker (channel
// SITE). It is CONFIRMED at once, with the confirmation mail queued in the
// same transaction (Art 6(3)), and records consent to the agreed terms.
func (s *Service) RequestReservation(ctx context.Context, in ReservationInput, idempotencyKey string) (Reservation, error) {
	actor, err := auth.RequireJobSeeker(ctx)
	if err != nil {
		return Reservation{}, err
	}
	if err := checkIdempotencyKey(idempotencyKey); err != nil {
		return Reservation{}, err
	}
	acct, err := s.Accounts.AccountByID(ctx, actor.AccountID)
	if err != nil {
		return Reservation{}, err
	}
	r, err := s.rules(ctx)
	if err != nil {
		return Reservation{}, err
	}
	fields, err := checkOwnBooking(r, acct, in)
	if err != nil {
		return Reservation{}, err
	}
	_, terms, err := s.Offices.TermsVersions(ctx)
	if err != nil {
		return Reservation{}, err
	}
	if in.AgreedTermsID != terms.ID {
		return Reservation{}, ErrTermsOutdated
	}
	end, confirmBy, err := r.CheckStart(in.StartsAt, NoticeRule)
	if err != nil {
		return Reservation{}, err
	}
	now := r.Now
	res := Reservation{
		OfficeID: r.Office.ID, JobSeekerID: acct.ID, Status: Confirmed, Channel: Site,
		StartsAt: in.StartsAt.UTC(), EndsAt: end.UTC(), Name: fields.name, Phone: fields.phone,
		Consultation: fields.consultation, Companion: fields.companion, TermsVersionID: terms.ID,
		SelfBooked: true, ConfirmBy: confirmBy, ConfirmedAt: &now, CreatedAt: now,
	}
	mo := mailOffice(r)
	compose := func(c Reservation) (mail.Outgoing, error) {
		data := s.reservationMail(mo, c)
		data.TermsTitle, data.TermsURL = terms.Title, s.termsURL(terms.ID)
		return s.compose(c.JobSeekerID, acct.Email, mail.TemplateReservationConfirmed, data)
	}
	created, err := s.createWith(ctx, r, NewReservation{
		Reservation: res, Capacity: r.Office.Capacity, ActorID: actor.AccountID,
		IdempotencyKey: idempotencyKey, RequestHash: requestHash("requestReservation", in), Operation: "requestReservation",
		ConsentChannel: Site,
	}, compose)
	if err != nil {
		return Reservation{}, err
	}
	s.Log.InfoContext(ctx, "reservation confirmed", "reservation", created.ID, "job_seeker", acct.ID, "channel", string(Site))
	return created, nil
}

// checkOwnBooking checks that the job seeker may book on the site and that
// the application is theirs and well formed (Art 2(1), 6(2)).
func checkOwnBooking(r Rules, acct account.Account, in ReservationInput) (applicationFields, error) {
	js := acct.JobSeeker
	switch {
	case js == nil:
		return applicationFields{}, auth.ErrForbidden
	case js.SuspendedOn(r.Today()):
		return applicationFields{}, apperr.New(apperr.Suspended,
			"現在、オンライン職業相談のご利用を停止しています。詳しくは当ハローワークにお問い合わせください。",
			"your use of online counselling is suspended")
	case !js.Eligible(r.Today()):
		return applicationFields{}, ErrNotEligible
	case acct.OfficeID != r.Office.ID:
		return applicationFields{}, apperr.New(apperr.NotEligible,
			"このアカウントは別のハローワークに登録されています。登録したハローワークで予約してください。",
			"this account belongs to another office; please book there")
	}
	// The reservation is always in the account's name (Art 6(2)); a name
	// given with it must be that name, so nobody books under another's.
	if in.Name != "" && !validate.SameName(in.Name, js.Name) {
		return applicationFields{}, apperr.Invalid("input.name",
			"お名前が、登録されているお名前と違います。ご予約はご本人のお名前でのみできます。",
			"the name differs from the name of the account; reservations are made in the account's name only")
	}
	fields, err := validateApplication("input", js.Name, in.Phone, in.Consultation, in.Companion)
	if err != nil {
		return applicationFields{}, err
	}
	number, err := validate.JobSeekerNumber("input.jobSeekerNumber", in.JobSeekerNumber)
	if err != nil {
		return applicationFields{}, err
	}
	if number != js.Number {
		return applicationFields{}, apperr.Invalid("input.jobSeekerNumber",
			"求職番号が、登録されている番号と違います。",
			"the job-seeker number does not match your registration")
	}
	return fields, nil
}

// createWith books with a meeting from the provider (if any), releasing
// it when the booking fails or was a replay, and queues the mail compose
// renders.
func (s *Service) createWith(ctx context.Context, r Rules, n NewReservation, compose Compose) (Reservation, error) {
	if s.Meetings != nil {
		m, err := s.Meetings.Create(ctx, meeting.Request{OfficeCode: r.Office.Code, StartsAt: n.Reservation.StartsAt,
			Minutes: r.Office.SessionMinutes, Topic: "オンライン職業相談"})
		if err != nil {
			return Reservation{}, err
		}
		n.Meeting = &m
	}
	if n.Meeting == nil {
		rooms, err := s.rooms(ctx, r.Office.ID)
		if err != nil {
			return Reservation{}, err
		}
		n.Rooms = rooms
	}
	created, replayed, err := s.Store.CreateReservation(ctx, n, compose)
	if n.Meeting != nil && (err != nil || replayed) {
		s.releaseMeeting(ctx, n.Meeting)
	}
	if err != nil {
		return Reservation{}, err
	}
	if !replayed {
		s.mailQueued()
		s.published()
	}
	return created, nil
}

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

func (s *Service) releaseMeeting(ctx context.Context, m *meeting.Meeting) {
	if s.Meetings == nil || m == nil {
		return
	}
	if err := s.Meetings.Release(context.WithoutCancel(ctx), *m); err != nil {
		s.Log.WarnContext(ctx, "releasing a meeting failed", "provider", m.Provider, "err", err)
	}
}

// compose renders a mail to a job seeker with its My Page copy; the copy
// is rendered without the one-time confirmation link.
func (s *Service) compose(jobSeekerID int64, to, template string, data mail.ReservationData) (mail.Outgoing, error) {
	m, err := mail.Compose(s.mailDomain(), jobSeekerID, to, template, data)
	if err != nil {
		return mail.Outgoing{}, err
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

type applicationFields struct {
	name, consultation string
	phone              validate.Phone
	companion          Companion
}

// validateApplication checks the fields Art 6(2) requires on every
// application; prefix names the input object ("input").
func validateApplication(prefix, name, phone, consultation string, companion *Companion) (applicationFields, error) {
	var f applicationFields
	var err error
	if f.name, err = validate.Name(prefix+".name", name); err != nil {
		return f, err
	}
	if f.phone, err = validate.PhoneNumber(prefix+".phone", phone); err != nil {
		return f, err
	}
	if f.consultation, err = validate.Consultation(prefix+".consultation", consultation); err != nil {
		return f, err
	}
	f.companion = Companion{Kind: NoCompanion}
	if companion != nil {
		switch companion.Kind {
		case NoCompanion, Interpreter, Helper, Other:
		default:
			return f, apperr.Invalid(prefix+".companion.kind", "同席者の種類が正しくありません。", "unknown companion kind")
		}
		f.companion.Kind = companion.Kind
		if note := strings.TrimSpace(companion.Note); note != "" {
			if f.companion.Note, err = validate.Text(prefix+".companion.note", note, 1, 500, true); err != nil {
				return f, err
			}
		}
	}
	return f, nil
}

func checkIdempotencyKey(k string) error {
	if len(k) > MaxIdempotencyKey || strings.ContainsFunc(k, func(r rune) bool { return r < 0x21 || r > 0x7e }) {
		return apperr.Invalid("idempotencyKey", "idempotencyKey は100文字までの英数字と記号で指定してください。",
			"idempotencyKey must be at most 100 printable ASCII characters")
	}
	return nil
}

// requestHash identifies a request's content for idempotency checks.
func requestHash(op string, in any) string {
	b, _ := json.Marshal(in)
	sum := sha256.Sum256(append([]byte(op+"\x00"), b...))
	return hex.EncodeToString(sum[:])
}

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
