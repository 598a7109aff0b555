// A job seeker's booking on the site (Art 6(1)(2)).

package booking

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strings"
	"time"

	"soudan/internal/account"
	"soudan/internal/apperr"
	"soudan/internal/auth"
	"soudan/internal/calendar"
	"soudan/internal/mail"
	"soudan/internal/meeting"
	"soudan/internal/validate"
)

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
	acct, err := s.signedInAccount(ctx, actor.AccountID)
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

// signedInAccount returns the account read with the request's session,
// or reads it.
func (s *Service) signedInAccount(ctx context.Context, id int64) (account.Account, error) {
	if a, ok := account.SignedIn(ctx, id); ok {
		return a, nil
	}
	return s.Accounts.AccountByID(ctx, id)
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
	fields, err := validateApplication("input", js.Name, in.Phone, js.Phone, in.Consultation, in.Companion)
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
	n.Reservation.Date = calendar.DateOf(n.Reservation.StartsAt, r.loc())
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

type applicationFields struct {
	name, consultation string
	phone              validate.Phone
	companion          Companion
}

// validateApplication checks the fields Art 6(2) requires on every
// application; prefix names the input object ("input"). known is the
// job seeker's number on file, if any: the same number is taken as it is.
func validateApplication(prefix, name, phone string, known validate.Phone, consultation string, companion *Companion) (applicationFields, error) {
	var f applicationFields
	var err error
	if f.name, err = validate.Name(prefix+".name", name); err != nil {
		return f, err
	}
	if known.Is(phone) {
		f.phone = known
	} else if f.phone, err = validate.PhoneNumber(prefix+".phone", phone); err != nil {
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
