package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"soudan/checker/rules"
	"soudan/internal/mailer/smtptest"
	"soudan/internal/store"
	"soudan/internal/store/storetest"
)

// runChecker runs the checker binary and returns its stdout, stderr and
// exit code.
func runChecker(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	cmd := exec.Command(checkerBin, args...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("checker: %v", err)
	}
	return out.String(), errOut.String(), code
}

// TestCheckerUploadsToTheQueue: the checker fetches the server's rules,
// uploads its verdicts to the job seeker's reservation, and staff see them
// in the queue; another job seeker's reservation is refused; what is stored
// is verdicts only.
func TestCheckerUploadsToTheQueue(t *testing.T) {
	storetest.ForEachDialectInTurn(t, func(t *testing.T, d store.Dialect) {
		// The server serves its own rules document (a new version).
		doc := strings.Replace(string(rules.Embedded), `"version": "`, `"version": "e2e-`, 1)
		rulesFile := filepath.Join(t.TempDir(), "rules.json")
		if err := os.WriteFile(rulesFile, []byte(doc), 0o600); err != nil {
			t.Fatal(err)
		}
		parsed, err := rules.Parse([]byte(doc))
		if err != nil {
			t.Fatalf("test rules: %v", err)
		}
		db := dbEnv(t, d)
		smtpd := smtptest.Start(t)
		ts := startServer(t, map[string]string{"SOUDAN_DB": db, "SOUDAN_SMTP_URL": smtpd.URL(), "SOUDAN_RULES_FILE": rulesFile,
			"SOUDAN_CLOCK_START": "2026-04-27T10:00:00+09:00", "SOUDAN_ADMIN_EMAIL": adminEmail, "SOUDAN_ADMIN_PASSWORD": adminPassword})
		admin := signIn(t, ts, adminEmail, adminPassword)
		_, alice := eligibleJobSeeker(t, ts, smtpd, admin, "ready@example.jp", "45040-71")
		_, bob := eligibleJobSeeker(t, ts, smtpd, admin, "other@example.jp", "45040-72")
		var terms struct{ CurrentTerms struct{ ID string } }
		ts.gql(t, "", `{ currentTerms { id } }`, nil).mustData(t, &terms)
		var booked struct{ RequestReservation struct{ ID string } }
		book(ts, t, alice, "2026-05-07T10:00:00+09:00", "45040-71", terms.CurrentTerms.ID).mustData(t, &booked)
		id := booked.RequestReservation.ID

		var er struct {
			EnvironmentRules struct{ Version, Document string }
		}
		ts.gql(t, "", `{ environmentRules { version document } }`, nil).mustData(t, &er)
		if er.EnvironmentRules.Version != parsed.Version {
			t.Errorf("environmentRules.version = %q, want %q", er.EnvironmentRules.Version, parsed.Version)
		}

		// Bob cannot upload to Alice's reservation.
		_, stderr, _ := runChecker(t, "--lang", "en", "--server", ts.URL, "--submit", id, "--token", bob, "--yes")
		if !strings.Contains(stderr, "could not be sent") {
			t.Errorf("upload to another's reservation: stderr %q, want a refusal", stderr)
		}
		stdout, stderr, code := runChecker(t, "--json", "--server", ts.URL, "--submit", id, "--token", alice, "--yes")
		if !strings.Contains(stderr, "送信しました") {
			t.Fatalf("upload: stderr %q", stderr)
		}
		// --json prints the report, then what is sent; the report comes first.
		var rep struct {
			RulesVersion string
			Overall      string
			Checks       []struct{ ID, Status string }
		}
		if err := json.NewDecoder(strings.NewReader(stdout)).Decode(&rep); err != nil {
			t.Fatalf("checker JSON: %v\n%s", err, stdout)
		}
		if rep.RulesVersion != parsed.Version || len(rep.Checks) != 12 {
			t.Errorf("checker report: rules %q, %d checks; want the server's rules and 12 checks", rep.RulesVersion, len(rep.Checks))
		}
		wantCode := map[string]int{"READY": 0, "NOT_READY": 1, "WARNINGS": 2, "UNKNOWN": 3}[rep.Overall]
		if code != wantCode {
			t.Errorf("exit code %d for overall %s, want %d", code, rep.Overall, wantCode)
		}

		var q struct {
			Queue struct {
				Reservations []struct {
					ID        string
					Readiness *struct {
						Overall, Os, RulesVersion string
						Checks                    []struct{ ID, Status, Summary string }
					}
				}
			}
		}
		ts.gql(t, admin, `{ queue(date: "2026-05-07") { reservations { id readiness { overall os rulesVersion checks { id status summary } } } } }`, nil).mustData(t, &q)
		if len(q.Queue.Reservations) != 1 || q.Queue.Reservations[0].Readiness == nil {
			t.Fatalf("queue = %+v, want the reservation with its readiness", q.Queue)
		}
		got := q.Queue.Reservations[0].Readiness
		if got.Os != "linux" || got.RulesVersion != parsed.Version || len(got.Checks) != 12 {
			t.Errorf("readiness = %+v", got)
		}
		for i, c := range got.Checks {
			if c.ID != rep.Checks[i].ID || c.Status != rep.Checks[i].Status {
				t.Errorf("check %d = %s %s, want %s %s as the checker found", i, c.ID, c.Status, rep.Checks[i].ID, rep.Checks[i].Status)
			}
		}

		// Stored: verdicts only, sealed; one READINESS event.
		st := storetest.OpenDSN(t, db, false)
		n, _ := strconv.ParseInt(id, 10, 64)
		stored, err := st.ReadinessOf(context.Background(), []int64{n})
		if err != nil || len(stored[n].Checks) != 12 {
			t.Fatalf("stored readiness: %v, %v", stored, err)
		}
		host, _ := os.Hostname()
		raw, _ := json.Marshal(stored[n])
		if host != "" && strings.Contains(string(raw), host) {
			t.Errorf("the stored report names the host %q", host)
		}
		var plain int
		if err := st.DB().QueryRow("SELECT COUNT(*) FROM readiness_reports WHERE checks_sealed LIKE '%os.supported%'").Scan(&plain); err != nil || plain != 0 {
			t.Errorf("readiness checks stored in plain text (%d rows, %v)", plain, err)
		}
		var events int
		if err := st.DB().QueryRow("SELECT COUNT(*) FROM events WHERE type = 'READINESS'").Scan(&events); err != nil || events != 1 {
			t.Errorf("READINESS events = %d (%v), want 1", events, err)
		}
	})
}

// TestBrowserReadinessReport: the web client's browser check uploads a
// BROWSER report (a smartphone's OS, the browser's own checks); staff see
// its source in the queue; a browser report with a check of the checker is
// refused and changes nothing; a report without a source is the checker's.
func TestBrowserReadinessReport(t *testing.T) {
	storetest.ForEachDialectInTurn(t, func(t *testing.T, d store.Dialect) {
		smtpd := smtptest.Start(t)
		ts := startServer(t, map[string]string{"SOUDAN_DB": dbEnv(t, d), "SOUDAN_SMTP_URL": smtpd.URL(),
			"SOUDAN_CLOCK_START": "2026-04-27T10:00:00+09:00", "SOUDAN_ADMIN_EMAIL": adminEmail, "SOUDAN_ADMIN_PASSWORD": adminPassword})
		admin := signIn(t, ts, adminEmail, adminPassword)
		_, alice := eligibleJobSeeker(t, ts, smtpd, admin, "phone-ready@example.jp", "45040-73")
		var terms struct{ CurrentTerms struct{ ID string } }
		ts.gql(t, "", `{ currentTerms { id } }`, nil).mustData(t, &terms)
		var booked struct{ RequestReservation struct{ ID string } }
		book(ts, t, alice, "2026-05-07T10:00:00+09:00", "45040-73", terms.CurrentTerms.ID).mustData(t, &booked)
		id := booked.RequestReservation.ID

		const submit = `mutation($id: ID!, $r: ReadinessReportInput!) { submitReadinessReport(reservationId: $id, report: $r) { source overall os } }`
		browser := func(os string, ids ...string) map[string]any {
			checks := []map[string]any{}
			for _, c := range ids {
				checks = append(checks, map[string]any{"id": c, "status": "PASS", "summary": "ok"})
			}
			return map[string]any{"source": "BROWSER", "overall": "PASS", "rulesVersion": "browser-1", "os": os, "checks": checks}
		}
		queueReadiness := func() *struct{ Source, Overall, Os string } {
			var q struct {
				Queue struct {
					Reservations []struct {
						Readiness *struct{ Source, Overall, Os string }
					}
				}
			}
			ts.gql(t, admin, `{ queue(date: "2026-05-07") { reservations { readiness { source overall os } } } }`, nil).mustData(t, &q)
			if len(q.Queue.Reservations) != 1 {
				t.Fatalf("queue = %+v, want the one reservation", q.Queue)
			}
			return q.Queue.Reservations[0].Readiness
		}

		// A check only the checker makes, in a browser report: refused.
		r := ts.gql(t, alice, submit, map[string]any{"id": id, "r": browser("ios", "camera.present", "os.patched")})
		if r.code() != "VALIDATION" || r.field() != "report.checks.1.id" || r.Errors[0].Message == "" {
			t.Errorf("browser report with a checker check: %+v, want VALIDATION on report.checks.1.id", r.Errors)
		}
		// A smartphone's OS in a checker report: refused.
		rep := browser("android", "camera.present")
		rep["source"] = "CHECKER"
		if r := ts.gql(t, alice, submit, map[string]any{"id": id, "r": rep}); r.code() != "VALIDATION" || r.field() != "report.os" {
			t.Errorf("checker report from android: %+v, want VALIDATION on report.os", r.Errors)
		}
		if got := queueReadiness(); got != nil {
			t.Fatalf("refused reports changed the readiness to %+v", got)
		}

		var ok struct {
			SubmitReadinessReport struct{ Source, Overall, Os string }
		}
		ts.gql(t, alice, submit, map[string]any{"id": id, "r": browser("ios", "browser.current", "camera.present", "microphone.present", "screen.size")}).mustData(t, &ok)
		if ok.SubmitReadinessReport.Source != "BROWSER" || ok.SubmitReadinessReport.Os != "ios" {
			t.Errorf("submitReadinessReport = %+v, want a BROWSER report from ios", ok.SubmitReadinessReport)
		}
		if got := queueReadiness(); got == nil || got.Source != "BROWSER" || got.Os != "ios" || got.Overall != "PASS" {
			t.Errorf("staff see readiness %+v, want the BROWSER report", got)
		}

		// Without a source the report is the checker's, and the latest wins.
		checker := map[string]any{"overall": "WARN", "rulesVersion": "2026.11.27-1", "os": "windows",
			"checks": []map[string]any{{"id": "os.supported", "status": "WARN", "summary": "ok"}}}
		ts.gql(t, alice, submit, map[string]any{"id": id, "r": checker}).mustData(t, &ok)
		if got := queueReadiness(); got == nil || got.Source != "CHECKER" || got.Os != "windows" {
			t.Errorf("staff see readiness %+v, want the CHECKER report", got)
		}
	})
}
