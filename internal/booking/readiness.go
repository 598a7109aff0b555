package booking

import (
	"context"
	"fmt"
	"time"
	"unicode/utf8"

	"soudan/internal/apperr"
	"soudan/internal/auth"
)

// CheckStatus is a readiness verdict.
type CheckStatus string

// The verdicts.
const (
	CheckPass    CheckStatus = "PASS"
	CheckWarn    CheckStatus = "WARN"
	CheckFail    CheckStatus = "FAIL"
	CheckUnknown CheckStatus = "UNKNOWN"
)

func (s CheckStatus) valid() bool {
	return s == CheckPass || s == CheckWarn || s == CheckFail || s == CheckUnknown
}

// ReadinessSource is where a readiness report was made.
type ReadinessSource string

// The sources.
const (
	// SourceChecker is the readiness checker program on a PC (checker/).
	SourceChecker ReadinessSource = "CHECKER"
	// SourceBrowser is the browser check of the web client's readiness
	// page: what a browser can tell about itself, for smartphones and PCs
	// without the checker.
	SourceBrowser ReadinessSource = "BROWSER"
)

// The checks a browser can make about itself; a BROWSER report carries
// only these. They are not checks of the readiness checker (Service.CheckerCheckIDs).
const (
	CheckBrowserCurrent    = "browser.current"
	CheckCameraPresent     = "camera.present"
	CheckMicrophonePresent = "microphone.present"
	CheckScreenSize        = "screen.size"
)

// BrowserCheckIDs lists the checks of a BROWSER report.
var BrowserCheckIDs = []string{CheckBrowserCurrent, CheckCameraPresent, CheckMicrophonePresent, CheckScreenSize}

// CheckResult is one check's verdict, as the checker reported it.
type CheckResult struct {
	ID      string      `json:"id"`
	Status  CheckStatus `json:"status"`
	Summary string      `json:"summary"`
}

// ReadinessReport is the latest readiness checker result of a reservation
// (Art 2(2), 5, 12(4)): verdicts, never inventories of the PC.
type ReadinessReport struct {
	ReservationID int64
	SubmittedAt   time.Time
	// Source is where the report was made; empty means SourceChecker.
	Source       ReadinessSource
	Overall      CheckStatus
	RulesVersion string
	OS           string
	Checks       []CheckResult
}

func idSet(ids []string) map[string]bool {
	m := make(map[string]bool, len(ids))
	for _, id := range ids {
		m[id] = true
	}
	return m
}

var browserChecks = idSet(BrowserCheckIDs)

// validate checks a report from outside: a known source, known check ids of
// that source, each once, valid verdicts, bounded texts. A checker report
// names a PC's OS; a browser report may also come from a smartphone.
func (r ReadinessReport) validate(checkerIDs []string) error {
	known, maxChecks := idSet(checkerIDs), len(checkerIDs)
	switch r.Source {
	case SourceChecker:
		switch r.OS {
		case "windows", "darwin", "linux", "other":
		default:
			return apperr.Invalid("report.os", "os は windows, darwin, linux, other のいずれかです。", "os must be windows, darwin, linux or other")
		}
	case SourceBrowser:
		known, maxChecks = browserChecks, len(BrowserCheckIDs)
		switch r.OS {
		case "windows", "darwin", "linux", "ios", "android", "other":
		default:
			return apperr.Invalid("report.os", "os は windows, darwin, linux, ios, android, other のいずれかです。",
				"os must be windows, darwin, linux, ios, android or other")
		}
	default:
		return apperr.Invalid("report.source", "source は CHECKER か BROWSER です。", "source must be CHECKER or BROWSER")
	}
	if !r.Overall.valid() {
		return apperr.Invalid("report.overall", "overall の値が正しくありません。", "unknown overall status")
	}
	if r.RulesVersion == "" || len(r.RulesVersion) > 64 {
		return apperr.Invalid("report.rulesVersion", "rulesVersion は1〜64文字です。", "rulesVersion must be 1 to 64 characters")
	}
	if len(r.Checks) == 0 || len(r.Checks) > maxChecks {
		return apperr.Invalid("report.checks", "checks の数が正しくありません。", "wrong number of checks")
	}
	seen := map[string]bool{}
	for i, c := range r.Checks {
		field := fmt.Sprintf("report.checks.%d", i)
		switch {
		case !known[c.ID] || seen[c.ID]:
			return apperr.Invalid(field+".id", "確認項目の id が正しくありません。", "unknown or repeated check id")
		case !c.Status.valid():
			return apperr.Invalid(field+".status", "確認結果の値が正しくありません。", "unknown check status")
		case !utf8.ValidString(c.Summary) || utf8.RuneCountInString(c.Summary) > 300:
			return apperr.Invalid(field+".summary", "summary は300文字までです。", "summary must be at most 300 characters")
		}
		seen[c.ID] = true
	}
	return nil
}

// ReadinessStore keeps readiness reports.
type ReadinessStore interface {
	// SaveReadiness replaces the reservation's report and writes a
	// READINESS event, in one transaction.
	SaveReadiness(ctx context.Context, r Reservation, report ReadinessReport, by int64) error
	// ReadinessOf returns the reports of those reservations.
	ReadinessOf(ctx context.Context, ids []int64) (map[int64]ReadinessReport, error)
}

// SubmitReadiness stores a readiness report, from the readiness checker or
// from the browser check (Source; empty means the checker), for the job
// seeker's own active reservation (the latest report wins) and announces it
// to the queue. Another job seeker's reservation is NOT_FOUND.
func (s *Service) SubmitReadiness(ctx context.Context, reservationID int64, report ReadinessReport) (ReadinessReport, error) {
	actor, err := auth.RequireJobSeeker(ctx)
	if err != nil {
		return ReadinessReport{}, err
	}
	if report.Source == "" {
		report.Source = SourceChecker
	}
	if err := report.validate(s.CheckerCheckIDs); err != nil {
		return ReadinessReport{}, err
	}
	res, err := s.visible(ctx, actor, reservationID)
	if err != nil {
		return ReadinessReport{}, err
	}
	now := s.Now()
	if !res.Status.Active() || res.Status == InSession || !now.Before(res.EndsAt) {
		return ReadinessReport{}, conflict(res.Status)
	}
	report.ReservationID, report.SubmittedAt = res.ID, now
	if err := s.Readiness.SaveReadiness(ctx, res, report, actor.AccountID); err != nil {
		return ReadinessReport{}, err
	}
	s.published()
	s.Log.InfoContext(ctx, "readiness report", "reservation", res.ID, "source", string(report.Source), "overall", string(report.Overall), "os", report.OS)
	return report, nil
}

// ReadinessOf returns the reports of reservations the caller may see
// (already checked by the caller of this batch).
func (s *Service) ReadinessOf(ctx context.Context, ids []int64) (map[int64]ReadinessReport, error) {
	return s.Readiness.ReadinessOf(ctx, ids)
}
