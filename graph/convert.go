package graph

import (
	"context"
	"strconv"

	"github.com/99designs/gqlgen/graphql"

	"soudan/graph/model"
	"soudan/internal/account"
	"soudan/internal/booking"
	"soudan/internal/calendar"
	"soudan/internal/office"
)

func toOffice(o office.Office) *model.Office {
	return &model.Office{
		Code:               o.Code,
		Name:               o.Name,
		TimeZone:           o.TimeZone,
		SessionMinutes:     o.SessionMinutes,
		OpensAt:            office.FormatClock(o.OpensAt),
		ClosesAt:           office.FormatClock(o.ClosesAt),
		Capacity:           o.Capacity,
		NoticeOfficeDays:   o.NoticeOfficeDays,
		HorizonDays:        o.HorizonDays,
		NoShowGraceMinutes: o.NoShowGraceMinutes,
		ContactPhone:       o.ContactPhone,
		ContactHours:       o.ContactHours,
	}
}

func toCalendarDays(days []calendar.Day) []model.CalendarDay {
	out := make([]model.CalendarDay, len(days))
	for i, d := range days {
		out[i] = model.CalendarDay{Date: d.Date, Open: d.Open}
		if d.Reason != "" {
			reason := d.Reason
			out[i].Reason = &reason
		}
	}
	return out
}

func toTerms(t office.TermsVersion, current office.TermsVersion) *model.TermsVersion {
	return &model.TermsVersion{
		ID:            formatID(t.ID),
		Title:         t.Title,
		EffectiveFrom: t.EffectiveFrom,
		PublishedAt:   t.PublishedAt,
		Text:          t.Text,
		InForce:       t.ID == current.ID,
	}
}

// signUpMessage is signUp's answer, the same whoever signs up.
const signUpMessage = "ご入力のメールアドレスにメールを送りました。メールの案内に沿って手続きを進めてください。" +
	"届かない場合は、迷惑メールフォルダもご確認ください。"

func formatID(id int64) string { return strconv.FormatInt(id, 10) }

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func derefInt(n *int, def int) int {
	if n == nil {
		return def
	}
	return *n
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func (r *Resolver) toAccount(ctx context.Context, a account.Account) *model.Account {
	m := &model.Account{
		ID:            formatID(a.ID),
		Email:         a.Email,
		Role:          model.Role(a.Role),
		EmailVerified: a.EmailVerified(),
		Name:          a.Name,
	}
	if a.JobSeeker != nil {
		m.JobSeeker = r.toJobSeeker(ctx, a)
	}
	return m
}

func (r *Resolver) toJobSeeker(ctx context.Context, a account.Account) *model.JobSeeker {
	js := a.JobSeeker
	if js == nil {
		return nil
	}
	today := r.today(ctx)
	m := &model.JobSeeker{
		ID:                   formatID(a.ID),
		Name:                 js.Name,
		JobSeekerNumber:      js.Number,
		Phone:                js.Phone.National,
		Email:                js.Email,
		EmailVerified:        js.EmailVerifiedAt != nil,
		RegistrationVerified: js.RegistrationVerifiedAt != nil,
		Eligible:             js.Eligible(today),
		NoShowCount:          js.NoShowCount,
		FlaggedForReview:     js.FlaggedForReview,
		CreatedAt:            js.CreatedAt,
	}
	if sp := js.Suspension; sp != nil && js.SuspendedOn(today) {
		m.Suspended = &model.Suspension{Reason: sp.Reason, Since: sp.Since, Until: sp.Until}
	}
	return m
}

func toCompanion(in *model.CompanionInput) *booking.Companion {
	if in == nil {
		return nil
	}
	return &booking.Companion{Kind: in.Kind, Note: deref(in.Note)}
}

func (r *Resolver) toReservationConnection(ctx context.Context, p booking.Page) (*model.ReservationConnection, error) {
	if err := r.prefetchPeople(ctx, p.Items); err != nil {
		return nil, err
	}
	conn := &model.ReservationConnection{Edges: make([]model.ReservationEdge, len(p.Items)),
		PageInfo: &model.PageInfo{HasNextPage: p.HasNextPage}}
	for i := range p.Items {
		cursor := booking.EncodeCursor(p.Items[i])
		conn.Edges[i] = model.ReservationEdge{Cursor: cursor, Node: &p.Items[i]}
		conn.PageInfo.EndCursor = &cursor
	}
	return conn, nil
}

// ptrOrErr adapts a domain call returning a value to a resolver returning
// a pointer.
func ptrOrErr[T any](v T, err error) (*T, error) {
	if err != nil {
		return nil, err
	}
	return &v, nil
}

func toNotification(n account.Notification) *model.Notification {
	return &model.Notification{ID: formatID(n.ID), CreatedAt: n.CreatedAt, Title: n.Title, Body: n.Body, Read: n.ReadAt != nil}
}

// selected reports whether the current field's selection (fragments
// included) asks for the child field name.
func selected(ctx context.Context, name string) bool {
	for _, f := range graphql.CollectFieldsCtx(ctx, nil) {
		if f.Name == name {
			return true
		}
	}
	return false
}
