package booking_test

import (
	"testing"
	"time"

	"soudan/checker/rules"
	"soudan/internal/apperr"
	"soudan/internal/booking"
)

func fullReport(status booking.CheckStatus) booking.ReadinessReport {
	r := booking.ReadinessReport{Overall: status, RulesVersion: "2026.11.27-1", OS: "windows"}
	for _, id := range rules.CheckIDs {
		r.Checks = append(r.Checks, booking.CheckResult{ID: id, Status: status, Summary: "ok"})
	}
	return r
}

func TestSubmitReadiness(t *testing.T) {
	forEachDialect(t, func(t *testing.T, e *env) {
		e.svc.Readiness = e.st
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
		e.clock.Set(e.clock.Now().Add(time.Hour))
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
