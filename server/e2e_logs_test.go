package main

import (
	"strings"
	"testing"
	"time"

	"soudan/internal/mailer/smtptest"
	"soudan/internal/store"
)

// TestLogsCarryNoPersonalData runs a job seeker's journey on a production
// server and scans every log line for the names, e-mail addresses, phone
// numbers and tokens the journey used.
func TestLogsCarryNoPersonalData(t *testing.T) {
	smtpd := smtptest.Start(t)
	ts := startServer(t, map[string]string{"SOUDAN_DB": dbEnv(t, store.SQLite), "SOUDAN_SMTP_URL": smtpd.URL(),
		"SOUDAN_ENV": "production", "SOUDAN_ADMIN_EMAIL": adminEmail, "SOUDAN_ADMIN_PASSWORD": adminPassword})
	admin := signIn(t, ts, adminEmail, adminPassword)
	_, seeker := eligibleJobSeeker(t, ts, smtpd, admin, "private.person@example.jp", "45040-8675309")
	var terms struct{ CurrentTerms struct{ ID string } }
	ts.gql(t, "", `{ currentTerms { id } }`, nil).mustData(t, &terms)
	var slots struct{ AvailableSlots []struct{ StartsAt string } }
	today := time.Now().In(time.FixedZone("JST", 9*3600))
	ts.gql(t, "", `query($f: Date!, $t: Date!) { availableSlots(from: $f, to: $t) { startsAt } }`,
		map[string]any{"f": today.Format("2006-01-02"), "t": today.AddDate(0, 0, 20).Format("2006-01-02")}).mustData(t, &slots)
	// Production refuses SOUDAN_CLOCK_START, so this test runs on the real
	// date; 20 days always hold office days with bookable slots.
	if len(slots.AvailableSlots) == 0 {
		t.Fatal("no bookable slot in the next 20 days")
	}
	book(ts, t, seeker, slots.AvailableSlots[0].StartsAt, "45040-8675309", terms.CurrentTerms.ID).mustData(t, &struct{}{})
	ts.gql(t, "", `mutation { signIn(email: "private.person@example.jp", password: "wrong-password-1") { token } }`, nil)
	ts.stop(t)

	logs := ts.logs.String()
	if !strings.Contains(logs, `"msg":"signed in"`) {
		t.Fatalf("the journey left no log lines to scan:\n%s", logs)
	}
	for _, secret := range []string{"private.person", "予約 45040-8675309", "8675309", "0986-22-1234", "986221234",
		adminPassword, "a-long-password-1", admin, seeker} {
		if strings.Contains(logs, secret) {
			t.Errorf("a log line contains %q", secret)
		}
	}
}
