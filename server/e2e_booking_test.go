package main

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"soudan/internal/mailer/smtptest"
	"soudan/internal/store"
	"soudan/internal/store/storetest"
)

// eligibleJobSeeker signs a job seeker up over HTTP, confirms the e-mail
// through the mailed link, has the admin verify the registration, and
// returns the job seeker's id and token.
func eligibleJobSeeker(t testing.TB, ts *testServer, smtpd *smtptest.Server, admin, email, number string) (id, token string) {
	t.Helper()
	ts.gql(t, "", `mutation($in: SignUpInput!) { signUp(input: $in) { sent } }`, map[string]any{"in": map[string]any{
		"email": email, "password": "a-long-password-1", "name": "予約 " + number, "jobSeekerNumber": number,
		"phone": "0986-22-1234"}}).mustData(t, &struct{}{})
	m := smtpd.WaitFor(t, 10*time.Second, smtptest.To(email))
	link := tokenRE.FindStringSubmatch(m.Body)
	if link == nil {
		t.Fatalf("no verification link in:\n%s", m.Body)
	}
	var ve struct{ VerifyEmail struct{ ID string } }
	ts.gql(t, "", `mutation($t: String!) { verifyEmail(token: $t) { id } }`, map[string]any{"t": link[1]}).mustData(t, &ve)
	ts.gql(t, admin, `mutation($id: ID!) { verifyJobSeeker(id: $id) { id } }`, map[string]any{"id": ve.VerifyEmail.ID}).mustData(t, &struct{}{})
	return ve.VerifyEmail.ID, signIn(t, ts, email, "a-long-password-1")
}

type reservationView struct {
	ID        string
	Status    string
	StartsAt  string
	Meeting   *struct{ MeetingID, Passcode, JoinURL string }
	JobSeeker *struct{ Name string }
}

const reservationFields = `id status startsAt meeting { meetingId passcode joinUrl } jobSeeker { name }`

func book(ts *testServer, t testing.TB, token, startsAt, number, terms string) gqlResponse {
	t.Helper()
	return ts.gql(t, token, `mutation($in: ReservationInput!) { requestReservation(input: $in) { `+reservationFields+` } }`,
		map[string]any{"in": map[string]any{"startsAt": startsAt, "name": "予約 " + number, "phone": "0986-22-1234",
			"jobSeekerNumber": number, "consultation": "事務職の求人について相談したい", "agreedTermsId": terms,
			"companion": map[string]any{"kind": "INTERPRETER", "note": "ベトナム語"}}})
}

func TestBookingOverHTTP(t *testing.T) {
	storetest.ForEachDialectInTurn(t, func(t *testing.T, d store.Dialect) {
		smtpd := smtptest.Start(t)
		ts := startServer(t, map[string]string{"SOUDAN_DB": dbEnv(t, d), "SOUDAN_SMTP_URL": smtpd.URL(),
			"SOUDAN_ADMIN_EMAIL": adminEmail, "SOUDAN_ADMIN_PASSWORD": adminPassword, "SOUDAN_CLOCK_START": e2eClockStart})
		admin := signIn(t, ts, adminEmail, adminPassword)

		// One booth, with its Zoom room.
		ts.gql(t, admin, `mutation { updateOffice(input: {capacity: 1}) { capacity } }`, nil).mustData(t, &struct{}{})
		ts.gql(t, admin, `mutation { setBooth(input: {seat: 1, meetingId: "812 3456 7890", passcode: "246810",
			joinUrl: "https://us02web.zoom.us/j/81234567890"}) { seat } }`, nil).mustData(t, &struct{}{})

		aliceID, alice := eligibleJobSeeker(t, ts, smtpd, admin, "alice@example.jp", "45040-111")
		_, bob := eligibleJobSeeker(t, ts, smtpd, admin, "bob@example.jp", "45040-222")

		var q struct {
			AvailableSlots []struct {
				StartsAt  string
				Remaining int
			}
			CurrentTerms struct{ ID string }
		}
		today, _ := time.ParseInLocation("2006-01-02", e2eToday, time.FixedZone("JST", 9*3600))
		ts.gql(t, "", `query($from: Date!, $to: Date!) { availableSlots(from: $from, to: $to) { startsAt remaining } currentTerms { id } }`,
			map[string]any{"from": today.Format("2006-01-02"), "to": today.AddDate(0, 0, 20).Format("2006-01-02")}).mustData(t, &q)
		if len(q.AvailableSlots) == 0 {
			t.Fatal("availableSlots is empty for the next 20 days")
		}
		slot := q.AvailableSlots[0]
		if slot.Remaining != 1 {
			t.Errorf("remaining = %d, want 1 (capacity 1)", slot.Remaining)
		}
		// The same listing, repeated, comes from the shared cache; every
		// booking and cancellation must make it stale at once.
		listed := func() map[string]int {
			var l struct {
				AvailableSlots []struct {
					StartsAt  string
					Remaining int
				}
			}
			ts.gql(t, "", `query($from: Date!, $to: Date!) { availableSlots(from: $from, to: $to) { startsAt remaining } }`,
				map[string]any{"from": today.Format("2006-01-02"), "to": today.AddDate(0, 0, 20).Format("2006-01-02")}).mustData(t, &l)
			out := map[string]int{}
			for _, s := range l.AvailableSlots {
				out[s.StartsAt] = s.Remaining
			}
			return out
		}
		for range 2 {
			if n := listed()[slot.StartsAt]; n != 1 {
				t.Fatalf("listing before the booking: remaining %d, want 1", n)
			}
		}

		var booked struct{ RequestReservation reservationView }
		book(ts, t, alice, slot.StartsAt, "45040-111", q.CurrentTerms.ID).mustData(t, &booked)
		res := booked.RequestReservation
		// A booth's fixed room is shown to the job seeker only on the day.
		if res.Status != "CONFIRMED" || res.Meeting != nil {
			t.Fatalf("requestReservation = %+v, want CONFIRMED, the booth's room not shown before the day", res)
		}
		m := smtpd.WaitFor(t, 10*time.Second, func(m smtptest.Message) bool {
			return smtptest.To("alice@example.jp")(m) && strings.Contains(m.Subject, "予約が確定しました")
		})
		for _, want := range []string{"ミーティングID: 81234567890", "パスコード: 246810", "令和7年3月10日改訂", "/reservations/" + res.ID} {
			if !strings.Contains(m.Body, want) {
				t.Errorf("confirmation mail lacks %q:\n%s", want, m.Body)
			}
		}

		if n, ok := listed()[slot.StartsAt]; !ok || n != 0 {
			t.Errorf("right after the booking the full slot is listed %v with remaining %d, want listed with 0 (満席)", ok, n)
		}

		// Bob cannot take the full slot, nor see or cancel Alice's reservation.
		if r := book(ts, t, bob, slot.StartsAt, "45040-222", q.CurrentTerms.ID); r.code() != "SLOT_FULL" {
			t.Errorf("second booking of a 1-seat slot: %q, want SLOT_FULL", r.code())
		}
		var seen struct{ Reservation *reservationView }
		ts.gql(t, bob, `query($id: ID!) { reservation(id: $id) { id } }`, map[string]any{"id": res.ID}).mustData(t, &seen)
		if seen.Reservation != nil {
			t.Errorf("another job seeker read reservation %s", res.ID)
		}
		if r := ts.gql(t, bob, `mutation($id: ID!) { cancelReservation(id: $id) { id } }`, map[string]any{"id": res.ID}); r.code() != "NOT_FOUND" {
			t.Errorf("another job seeker cancelling: %q, want NOT_FOUND", r.code())
		}
		if r := ts.gql(t, bob, `{ reservations(filter: {from: "2026-01-01", to: "2026-12-31"}) { edges { node { id } } } }`, nil); r.code() != "FORBIDDEN" {
			t.Errorf("job seeker listing all reservations: %q, want FORBIDDEN", r.code())
		}
		ts.gql(t, "", `query($id: ID!) { reservation(id: $id) { id } }`, map[string]any{"id": res.ID}).mustData(t, &seen)
		if seen.Reservation != nil {
			t.Errorf("an anonymous caller read reservation %s", res.ID)
		}

		// Staff see it with the job seeker, through one list query.
		var list struct {
			Reservations struct {
				Edges []struct{ Node reservationView }
			}
		}
		day := slot.StartsAt[:10]
		ts.gql(t, admin, `query($d: Date!, $js: ID!) { reservations(filter: {from: $d, to: $d, jobSeekerId: $js}) { edges { node { `+reservationFields+` } } } }`,
			map[string]any{"d": day, "js": aliceID}).mustData(t, &list)
		if len(list.Reservations.Edges) != 1 || list.Reservations.Edges[0].Node.JobSeeker.Name != "予約 45040-111" ||
			list.Reservations.Edges[0].Node.Meeting == nil || list.Reservations.Edges[0].Node.Meeting.MeetingID != "81234567890" {
			t.Errorf("staff list = %+v, want Alice's reservation with booth 1's meeting", list)
		}

		// Alice cancels; the seat is free for Bob at once.
		var cancelled struct {
			CancelReservation struct{ Status, CancelChannel string }
		}
		ts.gql(t, alice, `mutation($id: ID!) { cancelReservation(id: $id) { status cancelChannel } }`, map[string]any{"id": res.ID}).mustData(t, &cancelled)
		if n := listed()[slot.StartsAt]; n != 1 {
			t.Errorf("listing right after the cancellation: remaining %d, want 1", n)
		}
		if cancelled.CancelReservation.Status != "CANCELLED" || cancelled.CancelReservation.CancelChannel != "SITE" {
			t.Errorf("cancelReservation = %+v", cancelled.CancelReservation)
		}
		smtpd.WaitFor(t, 10*time.Second, func(m smtptest.Message) bool {
			return smtptest.To("alice@example.jp")(m) && strings.Contains(m.Subject, "取り消しました")
		})
		var bobs struct{ RequestReservation reservationView }
		book(ts, t, bob, slot.StartsAt, "45040-222", q.CurrentTerms.ID).mustData(t, &bobs)

		// Closing that day keeps Bob's reservation and lists it for staff.
		var closed struct {
			SetCalendarOverride struct {
				Open               bool
				Reason             string
				ActiveReservations []struct{ ID, Status string }
			}
		}
		ts.gql(t, admin, `mutation($d: Date!) { setCalendarOverride(date: $d, open: false, reason: "庁舎点検") { open reason activeReservations { id status } } }`,
			map[string]any{"d": day}).mustData(t, &closed)
		c := closed.SetCalendarOverride
		if c.Open || c.Reason != "庁舎点検" || len(c.ActiveReservations) != 1 ||
			c.ActiveReservations[0].ID != bobs.RequestReservation.ID || c.ActiveReservations[0].Status != "CONFIRMED" {
			t.Errorf("setCalendarOverride = %+v, want closed with Bob's reservation still CONFIRMED", c)
		}
		var after struct{ AvailableSlots []struct{ StartsAt string } }
		ts.gql(t, "", fmt.Sprintf(`{ availableSlots(from: %q, to: %q) { startsAt } }`, day, day), nil).mustData(t, &after)
		if len(after.AvailableSlots) != 0 {
			t.Errorf("availableSlots on a closed day = %d slots, want none", len(after.AvailableSlots))
		}
		if r := book(ts, t, alice, slot.StartsAt, "45040-111", q.CurrentTerms.ID); r.code() != "OFFICE_CLOSED" {
			t.Errorf("booking on the closed day: %q, want OFFICE_CLOSED", r.code())
		}
		// Job seekers do not see the list.
		var pub struct {
			Calendar []struct{ ActiveReservations []struct{ ID string } }
		}
		ts.gql(t, alice, fmt.Sprintf(`{ calendar(from: %q, to: %q) { activeReservations { id } } }`, day, day), nil).mustData(t, &pub)
		if len(pub.Calendar) != 1 || pub.Calendar[0].ActiveReservations != nil {
			t.Errorf("a job seeker saw activeReservations: %+v", pub)
		}
	})
}
