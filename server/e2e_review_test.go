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

// TestMalformedIDsAreValidationErrors: an id is read in its one canonical
// form; "01", "+1", "0" and the like are VALIDATION errors naming the
// argument wherever an ID is read (argument, input object, filter), and
// change nothing: verifyJobSeeker(id: "0N") does not verify account N.
func TestMalformedIDsAreValidationErrors(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d store.Dialect) {
		smtpd := mailtest.Start(t)
		ts := startServer(t, map[string]string{"SOUDAN_DB": dbEnv(t, d), "SOUDAN_SMTP_URL": smtpd.URL(),
			"SOUDAN_ADMIN_EMAIL": adminEmail, "SOUDAN_ADMIN_PASSWORD": adminPassword})
		admin := signIn(t, ts, adminEmail, adminPassword)
		signUp(t, ts, "ids@example.jp", "45040-777")
		var list struct {
			JobSeekers struct {
				Edges []struct{ Node struct{ ID string } }
			}
		}
		ts.gql(t, admin, `{ jobSeekers { edges { node { id } } } }`, nil).mustData(t, &list)
		if len(list.JobSeekers.Edges) != 1 {
			t.Fatalf("jobSeekers = %+v", list)
		}
		id := list.JobSeekers.Edges[0].Node.ID

		for _, bad := range []string{"0" + id, "+" + id, "-" + id, " " + id, id + " ", id + ".0", "0", "", "１", "1e3",
			"0x1", "99999999999999999999", "9223372036854775808", "abc"} {
			checks := []struct {
				query, field string
				vars         map[string]any
			}{
				{`mutation($id: ID!) { verifyJobSeeker(id: $id) { id } }`, "id", map[string]any{"id": bad}},
				{`query($id: ID!) { jobSeeker(id: $id) { id } }`, "id", map[string]any{"id": bad}},
				{`query($id: ID!) { reservation(id: $id) { id } }`, "id", map[string]any{"id": bad}},
				{`mutation($id: ID!) { cancelReservation(id: $id, reason: "x", channel: PHONE) { id } }`, "id", map[string]any{"id": bad}},
				{`mutation($id: ID!) { suspendJobSeeker(id: $id, reason: "x") { id } }`, "id", map[string]any{"id": bad}},
				{`mutation($id: ID!) { assignCounselor(id: "1", counselorId: $id) { id } }`, "counselorId", map[string]any{"id": bad}},
				{`query($id: ID!) { reservations(filter: {from: "2026-05-01", to: "2026-05-02", jobSeekerId: $id}) { edges { cursor } } }`,
					"filter.jobSeekerId", map[string]any{"id": bad}},
				{`mutation($in: ApplicationInput!) { createApplication(input: $in) { id } }`, "input.jobSeekerId",
					map[string]any{"in": map[string]any{"jobSeekerId": bad, "startsAt": "2026-05-07T10:00:00+09:00", "name": "テスト 太郎",
						"phone": "090-1111-2222", "consultation": "相談", "channel": "PHONE"}}},
			}
			for _, c := range checks {
				r := ts.gql(t, admin, c.query, c.vars)
				if r.code() != "VALIDATION" || r.field() != c.field {
					t.Errorf("id %q in %s: code %q field %q (%v), want VALIDATION on %s", bad, c.query, r.code(), r.field(), r.Errors, c.field)
				}
			}
		}
		var js struct {
			JobSeeker struct{ RegistrationVerified bool }
		}
		ts.gql(t, admin, `query($id: ID!) { jobSeeker(id: $id) { registrationVerified } }`, map[string]any{"id": id}).mustData(t, &js)
		if js.JobSeeker.RegistrationVerified {
			t.Error("a malformed id verified the job seeker")
		}
		// The canonical form, as a string or an integer literal, still works.
		ts.gql(t, admin, `mutation { verifyJobSeeker(id: `+id+`) { id } }`, nil).mustData(t, &struct{}{})
		ts.gql(t, admin, `query($id: ID!) { jobSeeker(id: $id) { registrationVerified } }`, map[string]any{"id": id}).mustData(t, &js)
		if !js.JobSeeker.RegistrationVerified {
			t.Error("verifyJobSeeker with the canonical id did not verify")
		}
	})
}
