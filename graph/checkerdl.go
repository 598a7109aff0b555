package graph

import (
	"soudan/graph/model"
	"soudan/internal/apperr"
	"soudan/internal/booking"
)

var errNoDownloads = apperr.New(apperr.NotFound, "このサーバーでは確認ツールのダウンロードを用意していません。",
	"this server offers no checker downloads")

// readinessFromInput converts an uploaded report.
func readinessFromInput(in model.ReadinessReportInput) booking.ReadinessReport {
	rep := booking.ReadinessReport{Source: booking.SourceChecker, Overall: in.Overall, RulesVersion: in.RulesVersion,
		OS: in.Os, Checks: make([]booking.CheckResult, len(in.Checks))}
	for i, c := range in.Checks {
		rep.Checks[i] = booking.CheckResult{ID: c.ID, Status: c.Status, Summary: c.Summary}
	}
	if in.Source != nil {
		rep.Source = booking.ReadinessSource(*in.Source)
	}
	return rep
}
