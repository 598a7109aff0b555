package booking

import (
	"context"
	"errors"
	"strings"
	"time"

	"soudan/internal/account"
	"soudan/internal/apperr"
	"soudan/internal/auth"
	"soudan/internal/calendar"
	"soudan/internal/mail"
	"soudan/internal/validate"
)

// ApplicationInput is an application staff take by phone or e-mail
// (Art 6(2)).
type ApplicationInput struct {
	JobSeekerID  int64
	StartsAt     time.Time
	Name         string
	Phone        string
	Consultation string
	Companion    *Companion
	Channel      Channel
	// OverrideNoticeReason lets staff book inside the notice period; the
	// confirmation deadline is then the session start.
	OverrideNoticeReason string
}

var errTokenInvalid = apperr.New(apperr.NotFound,
	"このリンクは無効か、すでに使われています。お申し込みの内容は当ハローワークにお問い合わせください。",
	"this confirmation link is invalid or was already used")

// jobSeekerForStaff loads a job seeker of the staff member's office who may
// use the service (Art 2(1)).
func (s *Service) jobSeekerForStaff(ctx context.Context, actor auth.Actor, id int64, r Rules, field string) (account.Account, error) {
	acct, err := s.Accounts.AccountByID(ctx, id)
	if errors.Is(err, apperr.ErrNotFound) || err == nil && (acct.JobSeeker == nil || acct.OfficeID != actor.OfficeID) {
		return account.Account{}, apperr.Invalid(field, "求職者が見つかりません。", "no such job seeker")
	}
	if err != nil {
		return account.Account{}, err
	}
	if acct.JobSeeker.SuspendedOn(r.Today()) {
		return account.Account{}, apperr.New(apperr.Suspended, "この求職者は利用停止中です。", "the job seeker is suspended")
	}
	if !acct.JobSeeker.Eligible(r.Today()) {
		return account.Account{}, apperr.New(apperr.NotEligible,
			"この求職者は、メールアドレスか求職登録の確認が済んでいません。", "the job seeker is not eligible yet")
	}
	return acct, nil
}

// CreateApplication records a phone or e-mail application (staff). It holds
// its seat as AWAITING_REPLY until the job seeker confirms through the
// one-time link in the mail (or staff record a reply mail); unconfirmed at
// its deadline it expires (Art 6(3)(4)).
func (s *Service) CreateApplication(ctx context.Context, in ApplicationInput, idempotencyKey string) (Reservation, error) {
	actor, err := auth.RequireStaff(ctx)
	if err != nil {
		return Reservation{}, err
	}
	if in.Channel != Phone && in.Channel != Email {
		return Reservation{}, apperr.Invalid("input.channel", "電話（PHONE）かメール（EMAIL）を選んでください。", "channel must be PHONE or EMAIL")
	}
	if err := checkIdempotencyKey(idempotencyKey); err != nil {
		return Reservation{}, err
	}
	r, err := s.rules(ctx)
	if err != nil {
		return Reservation{}, err
	}
	acct, err := s.jobSeekerForStaff(ctx, actor, in.JobSeekerID, r, "input.jobSeekerId")
	if err != nil {
		return Reservation{}, err
	}
	fields, err := validateApplication("input", in.Name, in.Phone, validate.Phone{}, in.Consultation, in.Companion)
	if err != nil {
		return Reservation{}, err
	}
	mode := NoticeRule
	if reason := strings.TrimSpace(in.OverrideNoticeReason); reason != "" {
		if in.OverrideNoticeReason, err = validate.Text("input.overrideNoticeReason", reason, 1, 1000, true); err != nil {
			return Reservation{}, err
		}
		mode = NoticeOverride
	}
	end, confirmBy, err := r.CheckStart(in.StartsAt, mode)
	if err != nil {
		return Reservation{}, err
	}
	_, terms, err := s.Offices.TermsVersions(ctx)
	if err != nil {
		return Reservation{}, err
	}
	token, tokenHash := auth.NewToken()
	res := Reservation{
		OfficeID: r.Office.ID, JobSeekerID: acct.ID, Status: AwaitingReply, Channel: in.Channel,
		StartsAt: in.StartsAt.UTC(), EndsAt: end.UTC(), Name: fields.name, Phone: fields.phone,
		Consultation: fields.consultation, Companion: fields.companion, TermsVersionID: terms.ID,
		OverrideNoticeReason: in.OverrideNoticeReason, ConfirmBy: confirmBy, CreatedAt: r.Now,
	}
	mo := mailOffice(r)
	compose := func(c Reservation) (mail.Outgoing, error) {
		data := s.reservationMail(mo, c)
		data.TermsTitle, data.TermsURL, data.ConfirmBy = terms.Title, s.termsURL(terms.ID), c.ConfirmBy
		data.ConfirmURL = s.PublicURL + "/confirm?token=" + token
		return s.compose(c.JobSeekerID, acct.Email, mail.TemplateApplicationReceived, data)
	}
	created, err := s.createWith(ctx, r, NewReservation{
		Reservation: res, Capacity: r.Office.Capacity, ActorID: actor.AccountID, IdempotencyKey: idempotencyKey,
		RequestHash: requestHash("createApplication", in), Operation: "createApplication", ConfirmTokenHash: tokenHash,
		ReplyConfirms: true,
	}, compose)
	if err != nil {
		return Reservation{}, err
	}
	s.Log.InfoContext(ctx, "application recorded", "reservation", created.ID, "job_seeker", acct.ID,
		"channel", string(in.Channel), "by", actor.AccountID, "notice_override", mode == NoticeOverride)
	return created, nil
}

// ConfirmReservation confirms an application through the one-time link
// mailed to the job seeker (no sign-in): opening it is the reply, and the
// job seeker agrees to the terms (Art 6(3)). A used, unknown or expired
// link changes nothing.
func (s *Service) ConfirmReservation(ctx context.Context, token string) (Reservation, error) {
	if token == "" || len(token) > 128 {
		return Reservation{}, errTokenInvalid
	}
	res, err := s.Store.ReservationByConfirmToken(ctx, auth.HashToken(token))
	if errors.Is(err, apperr.ErrNotFound) {
		return Reservation{}, errTokenInvalid
	}
	if err != nil {
		return Reservation{}, err
	}
	return s.confirm(ctx, res, 0, res.Channel, time.Time{})
}

// RecordReply confirms an application whose job seeker replied by mail
// (staff).
func (s *Service) RecordReply(ctx context.Context, id int64) (Reservation, error) {
	actor, err := auth.RequireStaff(ctx)
	if err != nil {
		return Reservation{}, err
	}
	res, err := s.visible(ctx, actor, id)
	if err != nil {
		return Reservation{}, err
	}
	if res.Status != AwaitingReply {
		return Reservation{}, conflict(res.Status)
	}
	return s.confirm(ctx, res, actor.AccountID, res.Channel, time.Time{})
}

// confirm confirms an application awaiting the reply, recording consent
// through channel. The reply counts when it was given: at repliedAt when
// set (a mail's arrival), otherwise now.
func (s *Service) confirm(ctx context.Context, res Reservation, by int64, channel Channel, repliedAt time.Time) (Reservation, error) {
	r, err := s.rules(ctx)
	if err != nil {
		return Reservation{}, err
	}
	if repliedAt.IsZero() || repliedAt.After(r.Now) {
		repliedAt = r.Now
	}
	if repliedAt.After(res.ConfirmBy) {
		return Reservation{}, apperr.New(apperr.TooLate,
			"確定の期限を過ぎたため、このお申し込みは無効になりました。", "the confirmation deadline has passed")
	}
	to, err := s.Accounts.AccountByID(ctx, res.JobSeekerID)
	if err != nil {
		return Reservation{}, err
	}
	_, terms, err := s.Offices.TermsVersions(ctx)
	if err != nil {
		return Reservation{}, err
	}
	mo := mailOffice(r)
	c := Change{ID: res.ID, Version: res.Version, From: []Status{AwaitingReply}, To: Confirmed, Event: EventConfirmed,
		At: r.Now, By: by, Set: Columns{ConfirmedAt: &r.Now, SpendConfirmToken: true}, Consent: channel,
		Compose: func(c Reservation) (mail.Outgoing, error) {
			data := s.reservationMail(mo, c)
			data.TermsTitle, data.TermsURL = terms.Title, s.termsURL(terms.ID)
			return s.compose(c.JobSeekerID, to.Email, mail.TemplateReservationConfirmed, data)
		}}
	out, err := s.apply(ctx, c)
	if err != nil {
		return Reservation{}, err
	}
	s.mailQueued()
	s.published()
	s.Log.InfoContext(ctx, "application confirmed", "reservation", res.ID, "by", by, "consent", string(channel))
	return out, nil
}

// ExpireApplications voids every application of the office still awaiting
// the reply after its deadline (Art 6(4)): its seat is freed, an event
// written and the job seeker told. Safe on several instances at once.
func (s *Service) ExpireApplications(ctx context.Context) (int, error) {
	r, err := s.rules(ctx)
	if err != nil {
		return 0, err
	}
	due, err := s.Store.Unconfirmed(ctx, r.Office.ID, r.Now, 200)
	if err != nil {
		return 0, err
	}
	mo := mailOffice(r)
	expired := 0
	for _, res := range due {
		to, err := s.Accounts.AccountByID(ctx, res.JobSeekerID)
		if err != nil {
			return expired, err
		}
		_, err = s.apply(ctx, Change{ID: res.ID, Version: res.Version, From: []Status{AwaitingReply}, To: Expired,
			Event: EventExpired, At: r.Now, Compose: func(c Reservation) (mail.Outgoing, error) {
				return s.compose(c.JobSeekerID, to.Email, mail.TemplateApplicationExpired, s.reservationMail(mo, c))
			}})
		if errors.Is(err, apperr.ErrConflict) {
			continue // confirmed or expired meanwhile
		}
		if err != nil {
			return expired, err
		}
		expired++
		s.Log.InfoContext(ctx, "application expired", "reservation", res.ID)
	}
	if expired > 0 {
		s.mailQueued()
		s.published()
	}
	return expired, nil
}

// FollowUpInput is a follow-up booked during a session (Art 6(5)).
type FollowUpInput struct {
	JobSeekerID       int64
	FromReservationID int64
	StartsAt          time.Time
	Consultation      string
	Companion         *Companion
}

// BookFollowUp books the next session during (or right after) a session
// (staff, Art 6(5)): CONFIRMED at once, exempt from the notice rule and
// from the one-self-booking limit, bound by capacity. The job seeker is
// mailed the meeting details.
func (s *Service) BookFollowUp(ctx context.Context, in FollowUpInput, idempotencyKey string) (Reservation, error) {
	actor, err := auth.RequireStaff(ctx)
	if err != nil {
		return Reservation{}, err
	}
	if err := checkIdempotencyKey(idempotencyKey); err != nil {
		return Reservation{}, err
	}
	r, err := s.rules(ctx)
	if err != nil {
		return Reservation{}, err
	}
	from, err := s.visible(ctx, actor, in.FromReservationID)
	if errors.Is(err, ErrNotFound) || err == nil && from.JobSeekerID != in.JobSeekerID {
		return Reservation{}, apperr.Invalid("input.fromReservationId", "元の相談が見つかりません。", "no such session for this job seeker")
	}
	if err != nil {
		return Reservation{}, err
	}
	sameDay := calendar.DateOf(from.StartsAt, r.loc()) == r.Today()
	if from.Status != InSession && !(from.Status == Completed && sameDay) {
		return Reservation{}, apperr.New(apperr.Conflict,
			"次回のご予約は、相談中か、当日に終わった相談から取れます。",
			"a follow-up is booked during a session or on the day it ended")
	}
	acct, err := s.jobSeekerForStaff(ctx, actor, in.JobSeekerID, r, "input.jobSeekerId")
	if err != nil {
		return Reservation{}, err
	}
	fields, err := validateApplication("input", acct.Name, acct.JobSeeker.Phone.E164, acct.JobSeeker.Phone, in.Consultation, in.Companion)
	if err != nil {
		return Reservation{}, err
	}
	end, _, err := r.CheckStart(in.StartsAt, NoticeExempt)
	if err != nil {
		return Reservation{}, err
	}
	_, terms, err := s.Offices.TermsVersions(ctx)
	if err != nil {
		return Reservation{}, err
	}
	now := r.Now
	res := Reservation{
		OfficeID: r.Office.ID, JobSeekerID: acct.ID, Status: Confirmed, Channel: DuringSession,
		StartsAt: in.StartsAt.UTC(), EndsAt: end.UTC(), Name: fields.name, Phone: fields.phone,
		Consultation: fields.consultation, Companion: fields.companion, TermsVersionID: terms.ID,
		ConfirmBy: in.StartsAt, ConfirmedAt: &now, CreatedAt: now,
	}
	mo := mailOffice(r)
	compose := func(c Reservation) (mail.Outgoing, error) {
		data := s.reservationMail(mo, c)
		data.TermsTitle, data.TermsURL = terms.Title, s.termsURL(terms.ID)
		return s.compose(c.JobSeekerID, acct.Email, mail.TemplateReservationConfirmed, data)
	}
	created, err := s.createWith(ctx, r, NewReservation{
		Reservation: res, Capacity: r.Office.Capacity, ActorID: actor.AccountID, IdempotencyKey: idempotencyKey,
		RequestHash: requestHash("bookFollowUp", in), Operation: "bookFollowUp",
		// Agreeing to the terms in force, like any other booking (Art 6(2)(5)).
		ConsentChannel: DuringSession,
	}, compose)
	if err != nil {
		return Reservation{}, err
	}
	s.Log.InfoContext(ctx, "follow-up booked", "reservation", created.ID, "from", from.ID, "by", actor.AccountID)
	return created, nil
}
