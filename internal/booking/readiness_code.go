package booking

import (
	"context"
	"errors"
	"fmt"
	"time"

	"soudan/internal/apperr"
	"soudan/internal/auth"
)

var jstZone = time.FixedZone("JST", 9*60*60)

// reservationEnded answers an upload for a reservation whose session time
// is over: the downloaded checker bound to it no longer sends.
func reservationEnded(r Reservation) error {
	start := r.StartsAt.In(jstZone)
	return apperr.New(apperr.Conflict,
		fmt.Sprintf("この確認ツールは%d年%d月%d日 %s のオンライン職業相談のご予約用で、そのご予約はすでに終了しています。次のご予約のときは、ご予約のページから確認ツールをダウンロードし直してください。",
			start.Year(), int(start.Month()), start.Day(), start.Format("15:04")),
		"the reservation this checker was downloaded for has ended; download the checker again for the next reservation")
}

// SubmitReadinessWithCode stores a report uploaded by a checker downloaded
// for the reservation (the caller resolved the upload code in its file name
// to reservationID; there is no session). It is accepted while the
// reservation is active and has not ended; the latest report wins.
func (s *Service) SubmitReadinessWithCode(ctx context.Context, reservationID int64, report ReadinessReport) (ReadinessReport, error) {
	if err := report.validate(s.CheckerCheckIDs); err != nil {
		return ReadinessReport{}, err
	}
	res, err := s.Store.Reservation(ctx, reservationID)
	if errors.Is(err, apperr.ErrNotFound) {
		return ReadinessReport{}, ErrNotFound
	}
	if err != nil {
		return ReadinessReport{}, err
	}
	now := s.Now()
	if !now.Before(res.EndsAt) {
		return ReadinessReport{}, reservationEnded(res)
	}
	if !res.Status.Active() || res.Status == InSession {
		return ReadinessReport{}, conflict(res.Status)
	}
	report.ReservationID, report.SubmittedAt = res.ID, now
	if err := s.Readiness.SaveReadiness(ctx, res, report, res.JobSeekerID); err != nil {
		return ReadinessReport{}, err
	}
	s.published()
	s.Log.InfoContext(ctx, "readiness report by upload code", "reservation", res.ID, "overall", string(report.Overall), "os", report.OS)
	return report, nil
}

// DownloadableFor returns the caller's own reservation when a checker may be
// downloaded for it: a job seeker's, active, not in session and not ended.
func (s *Service) DownloadableFor(ctx context.Context, reservationID int64) (Reservation, error) {
	actor, err := auth.RequireJobSeeker(ctx)
	if err != nil {
		return Reservation{}, err
	}
	res, err := s.visible(ctx, actor, reservationID)
	if err != nil {
		return Reservation{}, err
	}
	if !s.Now().Before(res.EndsAt) {
		return Reservation{}, reservationEnded(res)
	}
	if !res.Status.Active() || res.Status == InSession {
		return Reservation{}, conflict(res.Status)
	}
	return res, nil
}
