package main

import (
	"sort"
	"strings"
	"testing"
	"time"

	"soudan/internal/mail/mailtest"
	"soudan/internal/store"
)

// TestConfirmLinkRevealsOnlyWhenAndState: whoever holds a confirmation link
// learns when the session is and in what state, nothing about the person:
// selecting the job seeker, the id or the phone is a validation error that
// confirms nothing, and the answer holds exactly startsAt, endsAt, status.
func TestConfirmLinkRevealsOnlyWhenAndState(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d store.Dialect) {
		smtpd := mailtest.Start(t)
		ts := startServer(t, map[string]string{"SOUDAN_DB": dbEnv(t, d), "SOUDAN_SMTP_URL": smtpd.URL(),
			"SOUDAN_CLOCK_START": "2026-04-27T10:00:00+09:00", "SOUDAN_ADMIN_EMAIL": adminEmail, "SOUDAN_ADMIN_PASSWORD": adminPassword})
		admin := signIn(t, ts, adminEmail, adminPassword)
		id, _ := eligibleJobSeeker(t, ts, smtpd, admin, "link@example.jp", "45040-556")
		ts.gql(t, admin, `mutation($in: ApplicationInput!) { createApplication(input: $in) { id } }`,
			map[string]any{"in": map[string]any{"jobSeekerId": id, "startsAt": "2026-05-07T10:00:00+09:00", "name": "予約 45040-556",
				"phone": "090-1111-2222", "consultation": "電話で受け付けた相談", "channel": "PHONE"}}).mustData(t, &struct{}{})
		m := smtpd.WaitFor(t, 10*time.Second, func(m mailtest.Message) bool {
			return mailtest.To("link@example.jp")(m) && strings.Contains(m.Subject, "お申し込みを受け付けました")
		})
		link := confirmLinkRE.FindStringSubmatch(m.Body)
		if link == nil {
			t.Fatalf("no confirmation link in:\n%s", m.Body)
		}
		for _, sel := range []string{"id", "jobSeeker { name phone email }", "phone", "name", "consultation", "meeting { joinUrl }"} {
			r := ts.gql(t, "", `mutation($t: String!) { confirmReservation(token: $t) { status `+sel+` } }`, map[string]any{"t": link[1]})
			if r.code() != "VALIDATION" || string(r.Data) != "" && string(r.Data) != "null" {
				t.Errorf("selecting %q: code %q, data %s; want VALIDATION and no data", sel, r.code(), r.Data)
			}
		}
		var typ struct {
			Type struct{ Fields []struct{ Name string } } `json:"__type"`
		}
		ts.gql(t, "", `{ __type(name: "ReservationConfirmation") { fields { name } } }`, nil).mustData(t, &typ)
		var names []string
		for _, f := range typ.Type.Fields {
			names = append(names, f.Name)
		}
		sort.Strings(names)
		if strings.Join(names, ",") != "endsAt,startsAt,status" {
			t.Errorf("ReservationConfirmation fields = %v, want endsAt, startsAt, status", names)
		}
		// The rejected selections confirmed nothing: the link still works once.
		r := ts.gql(t, "", `mutation($t: String!) { confirmReservation(token: $t) { __typename startsAt endsAt status } }`, map[string]any{"t": link[1]})
		var got struct{ ConfirmReservation map[string]any }
		r.mustData(t, &got)
		want := map[string]any{"__typename": "ReservationConfirmation", "startsAt": "2026-05-07T10:00:00+09:00",
			"endsAt": "2026-05-07T10:30:00+09:00", "status": "CONFIRMED"}
		if a, b := mustJSON(got.ConfirmReservation), mustJSON(want); a != b {
			t.Errorf("confirmReservation = %s, want %s", a, b)
		}
	})
}
