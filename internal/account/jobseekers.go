// Staff reads of job seekers: one, a search, and the registration check (Art 2(1)).

package account

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"soudan/internal/apperr"
	"soudan/internal/auth"
	"soudan/internal/validate"
)

// JobSeeker returns a job seeker's profile (staff only). A job seeker asking
// for anyone, even themselves, through this staff operation gets FORBIDDEN.
func (s *Service) JobSeeker(ctx context.Context, id int64) (Account, error) {
	actor, err := auth.RequireStaff(ctx)
	if err != nil {
		return Account{}, err
	}
	return s.jobSeekerOf(ctx, actor, id)
}

func (s *Service) jobSeekerOf(ctx context.Context, actor auth.Actor, id int64) (Account, error) {
	a, err := s.Store.AccountByID(ctx, id)
	if errors.Is(err, apperr.ErrNotFound) || (err == nil && (a.JobSeeker == nil || a.OfficeID != actor.OfficeID)) {
		return Account{}, errJobSeekerNotFound
	}
	return a, err
}

// MaxPageSize bounds `first` in every paginated list.
const MaxPageSize = 100

// SearchJobSeekers lists job seekers by name, 求職番号 or e-mail, or by
// phone number when search is one, written in any form (staff only).
func (s *Service) SearchJobSeekers(ctx context.Context, search string, first int, after string) (Page[Account], error) {
	actor, err := auth.RequireStaff(ctx)
	if err != nil {
		return Page[Account]{}, err
	}
	if first < 1 || first > MaxPageSize {
		return Page[Account]{}, apperr.Invalid("first", fmt.Sprintf("first は 1 から %d までです。", MaxPageSize),
			fmt.Sprintf("first must be between 1 and %d", MaxPageSize))
	}
	q := JobSeekerSearch{Text: strings.TrimSpace(search)}
	if q.Text != "" {
		if q.Text, err = validate.Text("search", q.Text, 1, 100, false); err != nil {
			return Page[Account]{}, err
		}
		if p, err := validate.PhoneNumber("search", q.Text); err == nil {
			q.PhoneE164 = p.E164
		}
		if n, err := validate.JobSeekerNumber("search", q.Text); err == nil {
			q.Text = n
		}
	}
	afterID, err := DecodeCursor(after)
	if err != nil {
		return Page[Account]{}, err
	}
	rows, err := s.Store.JobSeekers(ctx, actor.OfficeID, q, afterID, first+1)
	if err != nil {
		return Page[Account]{}, err
	}
	page := Page[Account]{Items: rows}
	if len(rows) > first {
		page.Items, page.HasNextPage = rows[:first], true
	}
	if n := len(page.Items); n > 0 {
		page.EndCursor = EncodeCursor(page.Items[n-1].ID)
	}
	return page, nil
}

// VerifyJobSeeker records that staff confirmed the job seeker's 求職登録
// (Art 2(1)).
func (s *Service) VerifyJobSeeker(ctx context.Context, id int64) (Account, error) {
	actor, err := auth.RequireStaff(ctx)
	if err != nil {
		return Account{}, err
	}
	if _, err := s.jobSeekerOf(ctx, actor, id); err != nil {
		return Account{}, err
	}
	if err := s.Store.VerifyRegistration(ctx, actor.OfficeID, id, actor.AccountID, s.Now()); err != nil {
		return Account{}, err
	}
	s.Log.InfoContext(ctx, "registration verified", "job_seeker", id, "by", actor.AccountID)
	return s.Store.AccountByID(ctx, id)
}
