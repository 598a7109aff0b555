// Package checks turns raw host facts (package probe) and the rules document
// (package rules) into check results (package report), runs every check in
// parallel with its own timeout, and explains what each check reads.
//
// The evaluation functions (Eval*) are pure and OS-independent. A check that
// cannot prove its answer returns UNKNOWN with the reason; a panic or a
// timeout also becomes UNKNOWN. Nothing here ever turns missing evidence into
// PASS.
package checks

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"sync"
	"time"

	"soudan/checker/probe"
	"soudan/checker/report"
	"soudan/checker/rules"
)

// Deps is what a check needs.
type Deps struct {
	Rules  rules.Rules
	Host   probe.Collector
	Now    time.Time
	Server string // --server URL, optional
	GOOS   string // the OS whose facts Host returns; runtime.GOOS when empty
}

// Check is one readiness check.
type Check struct {
	ID      string
	Run     func(ctx context.Context, d Deps) report.Result
	Explain report.Text
}

// Options control RunAll.
type Options struct {
	PerCheck time.Duration // timeout of each check
	Total    time.Duration // whole-run deadline
}

// DefaultOptions are the production timeouts.
var DefaultOptions = Options{PerCheck: 5 * time.Second, Total: 8 * time.Second}

// RunAll runs checks in parallel and returns their results in order. Each
// result carries its severity: an advisory FAIL becomes WARN.
func RunAll(ctx context.Context, d Deps, list []Check, opt Options) []report.Result {
	ctx, cancel := context.WithTimeout(ctx, opt.Total)
	defer cancel()
	out := make([]report.Result, len(list))
	var wg sync.WaitGroup
	for i, c := range list {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out[i] = runOne(ctx, d, c, opt.PerCheck)
		}()
	}
	wg.Wait()
	return out
}

func runOne(parent context.Context, d Deps, c Check, timeout time.Duration) report.Result {
	ctx, cancel := context.WithTimeout(parent, timeout)
	defer cancel()
	done := make(chan report.Result, 1)
	go func() {
		defer func() {
			if p := recover(); p != nil {
				done <- unknown(c.ID, fmt.Sprintf("internal error: %v", p))
			}
		}()
		done <- c.Run(ctx, d)
	}()
	var r report.Result
	select {
	case r = <-done:
	case <-ctx.Done():
		r = unknown(c.ID, "timed out after "+timeout.String())
	}
	r.ID = c.ID
	r.Required = d.Rules.SeverityOf(c.ID) == rules.Required
	if !r.Required && r.Status == report.Fail {
		r.Status = report.Warn
	}
	if r.Status == "" {
		r.Status = report.Unknown
	}
	return r
}

// unknown is an UNKNOWN result with a reason.
func unknown(id, reason string) report.Result {
	return report.Result{
		ID:       id,
		Status:   report.Unknown,
		Summary:  report.Text{JA: "確認できませんでした。", EN: "Could not be checked."},
		Evidence: reason,
		Fix:      report.Text{JA: "当ハローワークにお問い合わせください。", EN: "Please ask the staff."},
	}
}

// fromErr is the UNKNOWN result for a probe error, with a plain reason.
func fromErr(id string, err error) report.Result {
	r := unknown(id, err.Error())
	switch {
	case errors.Is(err, errors.ErrUnsupported):
		r.Summary = report.Text{JA: "このOSでは確認できません。", EN: "Cannot be checked on this OS."}
	case errors.Is(err, probe.ErrCommandMissing):
		r.Summary = report.Text{JA: "確認に使う道具がありません。", EN: "The tool needed to check this is not installed."}
	case errors.Is(err, context.DeadlineExceeded):
		r.Summary = report.Text{JA: "時間内に確認できませんでした。", EN: "Timed out."}
	}
	return r
}

func res(st report.Status, ja, en, evidence string, fix ...string) report.Result {
	r := report.Result{Status: st, Summary: report.Text{JA: ja, EN: en}, Evidence: evidence}
	if len(fix) == 2 {
		r.Fix = report.Text{JA: fix[0], EN: fix[1]}
	}
	return r
}

// serverAddr returns host:port of the --server URL, or "".
func serverAddr(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return ""
	}
	if u.Port() != "" {
		return u.Host
	}
	port := "443"
	if u.Scheme == "http" {
		port = "80"
	}
	return net.JoinHostPort(u.Hostname(), port)
}
