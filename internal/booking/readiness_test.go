package booking_test

import (
	"testing"
	"time"

	"soudan/checker/rules"
	"soudan/internal/apperr"
	"soudan/internal/booking"
	"soudan/internal/store"
	"soudan/internal/store/storetest"
)

func fullReport(status booking.CheckStatus) booking.ReadinessReport {
	r := booking.ReadinessReport{Overall: status, RulesVersion: "2026.11.27-1", OS: "windows"}
	for _, id := range rules.CheckIDs {
		r.Checks = append(r.Checks, booking.CheckResult{ID: id, Status: status, Summary: "ok"})
	}
	return r
}

func TestSubmitReadiness(t *testing.T) {
	storetest.ForEachDialect(t, func(t *testing.T, d store.Dialect) {
		e := newEnv(t, d)
		e.svc.Readiness = e.Store
		js, other := e.seeker(t), e.seeker(t)
		staff := e.counselor(t)
		r := e.book(t, js, may7)

		bad := []struct {
			name  string
			edit  func(*booking.ReadinessReport)
			field string
		}{
			{"UnknownOverall", func(r *booking.ReadinessReport) { r.Overall = "GOOD" }, "report.overall"},
			{"UnknownCheck", func(r *booking.ReadinessReport) { r.Checks[0].ID = "hostname" }, "report.checks.0.id"},
			{"RepeatedCheck", func(r *booking.ReadinessReport) { r.Checks[1].ID = r.Checks[0].ID }, "report.checks.1.id"},
			{"BadStatus", func(r *booking.ReadinessReport) { r.Checks[2].Status = "OK" }, "report.checks.2.status"},
			{"LongSummary", func(r *booking.ReadinessReport) { r.Checks[3].Summary = string(make([]rune, 301)) }, "report.checks.3.summary"},
			{"BadOS", func(r *booking.ReadinessReport) { r.OS = "DESKTOP-4F2K (Windows 11)" }, "report.os"},
			{"NoRulesVersion", func(r *booking.ReadinessReport) { r.RulesVersion = "" }, "report.rulesVersion"},
			{"TooManyChecks", func(r *booking.ReadinessReport) { r.Checks = append(r.Checks, r.Checks...) }, "report.checks"},
		}
		for _, b := range bad {
			rep := fullReport(booking.CheckPass)
			b.edit(&rep)
			_, err := e.svc.SubmitReadiness(js.ctx, r.ID, rep)
			wantCode(t, "SubmitReadiness "+b.name, err, apperr.Validation, b.field)
		}
		_, err := e.svc.SubmitReadiness(other.ctx, r.ID, fullReport(booking.CheckPass))
		wantCode(t, "SubmitReadiness to another's reservation", err, apperr.NotFound, "")
		_, err = e.svc.SubmitReadiness(staff, r.ID, fullReport(booking.CheckPass))
		wantCode(t, "SubmitReadiness by staff", err, apperr.Forbidden, "")
		if n := e.count(t, "SELECT COUNT(*) FROM readiness_reports"); n != 0 {
			t.Fatalf("rejected reports stored %d rows", n)
		}

		if _, err := e.svc.SubmitReadiness(js.ctx, r.ID, fullReport(booking.CheckFail)); err != nil {
			t.Fatal(err)
		}
		e.Clock.Set(e.Clock.Now().Add(time.Hour))
		if _, err := e.svc.SubmitReadiness(js.ctx, r.ID, fullReport(booking.CheckPass)); err != nil {
			t.Fatal(err)
		}
		got, err := e.svc.ReadinessOf(e.ctx, []int64{r.ID})
		if err != nil || got[r.ID].Overall != booking.CheckPass || len(got[r.ID].Checks) != len(rules.CheckIDs) {
			t.Errorf("stored = %+v, %v; want the latest (PASS) report", got[r.ID], err)
		}
		if n := e.count(t, "SELECT COUNT(*) FROM readiness_reports"); n != 1 {
			t.Errorf("%d rows, want one per reservation", n)
		}
		e.cancel(t, js, r.ID)
		_, err = e.svc.SubmitReadiness(js.ctx, r.ID, fullReport(booking.CheckPass))
		wantCode(t, "SubmitReadiness to a cancelled reservation", err, apperr.Conflict, "")
	})
}

func browserReport(status booking.CheckStatus, os string) booking.ReadinessReport {
	r := booking.ReadinessReport{Source: booking.SourceBrowser, Overall: status, RulesVersion: "2026.11.27-1", OS: os}
	for _, id := range booking.BrowserCheckIDs {
		r.Checks = append(r.Checks, booking.CheckResult{ID: id, Status: status, Summary: "ok"})
	}
	return r
}

func TestSubmitReadinessFromBrowser(t *testing.T) {
	storetest.ForEachDialect(t, func(t *testing.T, d store.Dialect) {
		e := newEnv(t, d)
		e.svc.Readiness = e.Store
		js, older := e.seeker(t), e.seeker(t)
		r := e.book(t, js, may7)

		bad := []struct {
			name  string
			rep   func() booking.ReadinessReport
			field string
		}{
			{"UnknownSource", func() booking.ReadinessReport {
				rep := browserReport(booking.CheckPass, "ios")
				rep.Source = "PHONE"
				return rep
			}, "report.source"},
			{"CheckerCheckInBrowserReport", func() booking.ReadinessReport {
				rep := browserReport(booking.CheckPass, "android")
				rep.Checks[1].ID = rules.CheckIDs[0]
				return rep
			}, "report.checks.1.id"},
			{"BrowserCheckInCheckerReport", func() booking.ReadinessReport {
				rep := fullReport(booking.CheckPass)
				rep.Checks[2].ID = booking.CheckMicrophonePresent // not a check of the checker
				return rep
			}, "report.checks.2.id"},
			{"PhoneOSInCheckerReport", func() booking.ReadinessReport {
				rep := fullReport(booking.CheckPass)
				rep.OS = "ios"
				return rep
			}, "report.os"},
			{"UnknownOSInBrowserReport", func() booking.ReadinessReport { return browserReport(booking.CheckPass, "symbian") }, "report.os"},
			{"RepeatedBrowserCheck", func() booking.ReadinessReport {
				rep := browserReport(booking.CheckPass, "ios")
				rep.Checks[3].ID = rep.Checks[0].ID
				return rep
			}, "report.checks.3.id"},
			{"TooManyBrowserChecks", func() booking.ReadinessReport {
				rep := browserReport(booking.CheckPass, "ios")
				rep.Checks = append(rep.Checks, rep.Checks[0])
				return rep
			}, "report.checks"},
		}
		for _, b := range bad {
			_, err := e.svc.SubmitReadiness(js.ctx, r.ID, b.rep())
			wantCode(t, "SubmitReadiness "+b.name, err, apperr.Validation, b.field)
		}
		if n := e.count(t, "SELECT COUNT(*) FROM readiness_reports"); n != 0 {
			t.Fatalf("rejected reports stored %d rows", n)
		}

		// Every phone OS is accepted from a browser, with any subset of its checks.
		for _, os := range []string{"ios", "android", "windows", "darwin", "linux", "other"} {
			rep := browserReport(booking.CheckWarn, os)
			rep.Checks = rep.Checks[:2]
			got, err := e.svc.SubmitReadiness(js.ctx, r.ID, rep)
			if err != nil {
				t.Fatalf("SubmitReadiness(browser, %s) error: %v", os, err)
			}
			if got.Source != booking.SourceBrowser {
				t.Errorf("SubmitReadiness(browser, %s).Source = %q, want BROWSER", os, got.Source)
			}
		}
		stored, err := e.svc.ReadinessOf(e.ctx, []int64{r.ID})
		if err != nil || stored[r.ID].Source != booking.SourceBrowser || stored[r.ID].OS != "other" || len(stored[r.ID].Checks) != 2 {
			t.Errorf("stored = %+v, %v; want the latest BROWSER report", stored[r.ID], err)
		}

		// A report without a source is the checker's; the latest wins.
		e.Clock.Set(e.Clock.Now().Add(time.Minute))
		if got, err := e.svc.SubmitReadiness(js.ctx, r.ID, fullReport(booking.CheckPass)); err != nil || got.Source != booking.SourceChecker {
			t.Fatalf("SubmitReadiness(no source) = %+v, %v; want a CHECKER report", got.Source, err)
		}
		stored, err = e.svc.ReadinessOf(e.ctx, []int64{r.ID})
		if err != nil || stored[r.ID].Source != booking.SourceChecker {
			t.Errorf("stored source = %q, %v; want CHECKER", stored[r.ID].Source, err)
		}

		// A row written before the source column existed reads as CHECKER.
		r2 := e.book(t, older, jst(2026, time.May, 7, 11, 0))
		if _, err := e.Store.DB().Exec(`INSERT INTO readiness_reports (reservation_id, submitted_at, overall, rules_version, os, checks_sealed)
			SELECT ?, submitted_at, overall, rules_version, os, checks_sealed FROM readiness_reports WHERE reservation_id = ?`, r2.ID, r.ID); err != nil {
			t.Fatal(err)
		}
		stored, err = e.svc.ReadinessOf(e.ctx, []int64{r2.ID})
		if err != nil || stored[r2.ID].Source != booking.SourceChecker {
			t.Errorf("a row without a source reads as %q, %v; want CHECKER", stored[r2.ID].Source, err)
		}
	})
}
