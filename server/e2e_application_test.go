package main

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"soudan/internal/mailer/smtptest"
	"soudan/internal/store"
	"soudan/internal/store/storetest"
)

var confirmLinkRE = regexp.MustCompile(`http://soudan\.test/confirm\?token=([A-Za-z0-9_-]+)`)

// TestPhoneApplicationConfirmedByLink: staff record a phone application,
// the mail arrives with a working link, the link confirms it once; a second
// use or a forged token changes nothing.
func TestPhoneApplicationConfirmedByLink(t *testing.T) {
	storetest.ForEachDialectInTurn(t, func(t *testing.T, d store.Dialect) {
		smtpd := smtptest.Start(t)
		ts := startServer(t, map[string]string{"SOUDAN_DB": dbEnv(t, d), "SOUDAN_SMTP_URL": smtpd.URL(),
			"SOUDAN_CLOCK_START": "2026-04-27T10:00:00+09:00", "SOUDAN_ADMIN_EMAIL": adminEmail, "SOUDAN_ADMIN_PASSWORD": adminPassword})
		admin := signIn(t, ts, adminEmail, adminPassword)
		id, seeker := eligibleJobSeeker(t, ts, smtpd, admin, "phone@example.jp", "45040-555")

		var app struct {
			CreateApplication struct{ ID, Status, ConfirmBy string }
		}
		ts.gql(t, admin, `mutation($in: ApplicationInput!) { createApplication(input: $in) { id status confirmBy } }`,
			map[string]any{"in": map[string]any{"jobSeekerId": id, "startsAt": "2026-05-07T10:00:00+09:00", "name": "電話 花子",
				"phone": "090-1111-2222", "consultation": "電話で受け付けた相談", "channel": "PHONE"}}).mustData(t, &app)
		if app.CreateApplication.Status != "AWAITING_REPLY" || app.CreateApplication.ConfirmBy != "2026-05-01T00:00:00+09:00" {
			t.Fatalf("createApplication = %+v", app.CreateApplication)
		}
		m := smtpd.WaitFor(t, 10*time.Second, func(m smtptest.Message) bool {
			return smtptest.To("phone@example.jp")(m) && strings.Contains(m.Subject, "お申し込みを受け付けました")
		})
		link := confirmLinkRE.FindStringSubmatch(m.Body)
		if link == nil {
			t.Fatalf("no confirmation link in:\n%s", m.Body)
		}
		var view struct {
			Reservation struct {
				Status  string
				Meeting *struct{ MeetingID string }
			}
		}
		ts.gql(t, seeker, `query($id: ID!) { reservation(id: $id) { status meeting { meetingId } } }`,
			map[string]any{"id": app.CreateApplication.ID}).mustData(t, &view)
		if view.Reservation.Status != "AWAITING_REPLY" {
			t.Errorf("the job seeker sees %q, want AWAITING_REPLY", view.Reservation.Status)
		}

		if r := ts.gql(t, "", `mutation { confirmReservation(token: "forged") { status } }`, nil); r.code() != "NOT_FOUND" {
			t.Errorf("forged token: %q, want NOT_FOUND", r.code())
		}
		var ok struct {
			ConfirmReservation struct{ Status, StartsAt string }
		}
		ts.gql(t, "", `mutation($t: String!) { confirmReservation(token: $t) { status startsAt } }`, map[string]any{"t": link[1]}).mustData(t, &ok)
		if ok.ConfirmReservation.Status != "CONFIRMED" || ok.ConfirmReservation.StartsAt == "" {
			t.Errorf("confirmReservation = %+v", ok.ConfirmReservation)
		}
		if r := ts.gql(t, "", `mutation($t: String!) { confirmReservation(token: $t) { status } }`, map[string]any{"t": link[1]}); r.code() != "NOT_FOUND" {
			t.Errorf("second use of the link: %q, want NOT_FOUND", r.code())
		}
		smtpd.WaitFor(t, 10*time.Second, func(m smtptest.Message) bool {
			return smtptest.To("phone@example.jp")(m) && strings.Contains(m.Subject, "予約が確定しました")
		})
		var list struct {
			MyReservations struct {
				Edges []struct {
					Node struct{ Status, Channel string }
				}
			}
		}
		ts.gql(t, seeker, `{ myReservations { edges { node { status channel } } } }`, nil).mustData(t, &list)
		if len(list.MyReservations.Edges) != 1 || list.MyReservations.Edges[0].Node.Status != "CONFIRMED" ||
			list.MyReservations.Edges[0].Node.Channel != "PHONE" {
			t.Errorf("myReservations = %+v, want one CONFIRMED phone reservation", list)
		}
	})
}
