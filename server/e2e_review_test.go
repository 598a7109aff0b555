package main

import (
	"sort"
	"strings"
	"testing"
	"time"

	"soudan/internal/mailer/smtptest"
	"soudan/internal/store"
	"soudan/internal/store/storetest"
)

// TestConfirmLinkRevealsOnlyWhenAndState: whoever holds a confirmation link
// learns when the session is and in what state, nothing about the person:
// selecting the job seeker, the id or the phone is a validation error that
// confirms nothing, and the answer holds exactly startsAt, endsAt, status.
func TestConfirmLinkRevealsOnlyWhenAndState(t *testing.T) {
	storetest.ForEachDialectInTurn(t, func(t *testing.T, d store.Dialect) {
		smtpd := smtptest.Start(t)
		ts := startServer(t, map[string]string{"SOUDAN_DB": dbEnv(t, d), "SOUDAN_SMTP_URL": smtpd.URL(),
			"SOUDAN_CLOCK_START": "2026-04-27T10:00:00+09:00", "SOUDAN_ADMIN_EMAIL": adminEmail, "SOUDAN_ADMIN_PASSWORD": adminPassword})
		admin := signIn(t, ts, adminEmail, adminPassword)
		id, _ := eligibleJobSeeker(t, ts, smtpd, admin, "link@example.jp", "45040-556")
		ts.gql(t, admin, `mutation($in: ApplicationInput!) { createApplication(input: $in) { id } }`,
			map[string]any{"in": map[string]any{"jobSeekerId": id, "startsAt": "2026-05-07T10:00:00+09:00", "name": "予約 45040-556",
				"phone": "090-1111-2222", "consultation": "電話で受け付けた相談", "channel": "PHONE"}}).mustData(t, &struct{}{})
		m := smtpd.WaitFor(t, 10*time.Second, func(m smtptest.Message) bool {
			return smtptest.To("link@example.jp")(m) && strings.Contains(m.Subject, "お申し込みを受け付けました")
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
	storetest.ForEachDialectInTurn(t, func(t *testing.T, d store.Dialect) {
		smtpd := smtptest.Start(t)
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

// bookAs books startsAt for a job seeker with the given name (nil: none
// given) and phone.
func bookAs(ts *testServer, t testing.TB, token, startsAt, number string, name any, phone, terms string) gqlResponse {
	t.Helper()
	in := map[string]any{"startsAt": startsAt, "phone": phone, "jobSeekerNumber": number,
		"consultation": "事務職の求人について相談したい", "agreedTermsId": terms}
	if name != nil {
		in["name"] = name
	}
	return ts.gql(t, token, `mutation($in: ReservationInput!) { requestReservation(input: $in) { id name phone } }`,
		map[string]any{"in": in})
}

func currentTerms(t testing.TB, ts *testServer) string {
	t.Helper()
	var q struct{ CurrentTerms struct{ ID string } }
	ts.gql(t, "", `{ currentTerms { id } }`, nil).mustData(t, &q)
	return q.CurrentTerms.ID
}

// TestJobSeekersSeeOnlyCounselorName: a job seeker reading their
// reservation gets counselor: null and the counselor's display name in
// counselorName; staff see the counselor's account.
func TestJobSeekersSeeOnlyCounselorName(t *testing.T) {
	storetest.ForEachDialectInTurn(t, func(t *testing.T, d store.Dialect) {
		smtpd := smtptest.Start(t)
		ts := startServer(t, map[string]string{"SOUDAN_DB": dbEnv(t, d), "SOUDAN_SMTP_URL": smtpd.URL(),
			"SOUDAN_CLOCK_START": "2026-04-27T10:00:00+09:00", "SOUDAN_ADMIN_EMAIL": adminEmail, "SOUDAN_ADMIN_PASSWORD": adminPassword})
		admin := signIn(t, ts, adminEmail, adminPassword)
		var staff struct{ CreateStaff struct{ ID string } }
		ts.gql(t, admin, `mutation($in: CreateStaffInput!) { createStaff(input: $in) { id } }`, map[string]any{"in": map[string]any{
			"email": "counselor@soudan.test", "password": "counselor-password-1", "name": "相談 一郎", "role": "COUNSELOR"}}).mustData(t, &staff)
		_, seeker := eligibleJobSeeker(t, ts, smtpd, admin, "cn@example.jp", "45040-321")
		var booked struct{ RequestReservation struct{ ID string } }
		bookAs(ts, t, seeker, "2026-05-07T10:00:00+09:00", "45040-321", nil, "0986-22-1234", currentTerms(t, ts)).mustData(t, &booked)
		id := booked.RequestReservation.ID

		const q = `query($id: ID!) { reservation(id: $id) { counselorName counselor { email role } } }`
		type view struct {
			Reservation struct {
				CounselorName *string
				Counselor     *struct{ Email, Role string }
			}
		}
		var before view
		ts.gql(t, seeker, q, map[string]any{"id": id}).mustData(t, &before)
		if before.Reservation.CounselorName != nil || before.Reservation.Counselor != nil {
			t.Errorf("before assignment: %+v, want no counselor", before.Reservation)
		}
		ts.gql(t, admin, `mutation($id: ID!, $c: ID) { assignCounselor(id: $id, counselorId: $c) { id } }`,
			map[string]any{"id": id, "c": staff.CreateStaff.ID}).mustData(t, &struct{}{})

		var mine view
		ts.gql(t, seeker, q, map[string]any{"id": id}).mustData(t, &mine)
		if mine.Reservation.Counselor != nil || mine.Reservation.CounselorName == nil || *mine.Reservation.CounselorName != "相談 一郎" {
			t.Errorf("job seeker sees %+v, want counselor null and counselorName 相談 一郎", mine.Reservation)
		}
		r := ts.gql(t, seeker, `{ myReservations { edges { node { counselorName counselor { email } } } } }`, nil)
		if strings.Contains(string(r.Data), "counselor@soudan.test") || !strings.Contains(string(r.Data), "相談 一郎") || len(r.Errors) > 0 {
			t.Errorf("myReservations = %s %v, want the name without the account", r.Data, r.Errors)
		}
		var theirs view
		ts.gql(t, admin, q, map[string]any{"id": id}).mustData(t, &theirs)
		if c := theirs.Reservation.Counselor; c == nil || c.Email != "counselor@soudan.test" || c.Role != "COUNSELOR" ||
			theirs.Reservation.CounselorName == nil || *theirs.Reservation.CounselorName != "相談 一郎" {
			t.Errorf("staff see %+v, want the counselor's account and name", theirs.Reservation)
		}
	})
}

// TestBookingOnlyInOwnName: a reservation is always in the account's name;
// a different name is a VALIDATION error on input.name that books nothing,
// the same name written differently (spaces, widths) is accepted, and a
// phone other than the profile's is kept and flagged to staff.
func TestBookingOnlyInOwnName(t *testing.T) {
	storetest.ForEachDialectInTurn(t, func(t *testing.T, d store.Dialect) {
		smtpd := smtptest.Start(t)
		ts := startServer(t, map[string]string{"SOUDAN_DB": dbEnv(t, d), "SOUDAN_SMTP_URL": smtpd.URL(),
			"SOUDAN_RATE_BOOKING": "600", "SOUDAN_CLOCK_START": "2026-04-27T10:00:00+09:00", "SOUDAN_ADMIN_EMAIL": adminEmail, "SOUDAN_ADMIN_PASSWORD": adminPassword})
		admin := signIn(t, ts, adminEmail, adminPassword)
		terms := currentTerms(t, ts)
		_, alice := eligibleJobSeeker(t, ts, smtpd, admin, "own1@example.jp", "45040-401") // name 予約 45040-401, phone 0986-22-1234
		_, bob := eligibleJobSeeker(t, ts, smtpd, admin, "own2@example.jp", "45040-402")

		for _, name := range []string{"別人 太郎", "予約 45040-402", " "} {
			r := bookAs(ts, t, alice, "2026-05-07T10:00:00+09:00", "45040-401", name, "0986-22-1234", terms)
			if r.code() != "VALIDATION" || r.field() != "input.name" {
				t.Errorf("name %q: code %q field %q, want VALIDATION on input.name", name, r.code(), r.field())
			}
		}
		var none struct {
			MyReservations struct {
				Edges []struct{ Node struct{ ID string } }
			}
		}
		ts.gql(t, alice, `{ myReservations { edges { node { id } } } }`, nil).mustData(t, &none)
		if len(none.MyReservations.Edges) != 0 {
			t.Fatalf("a refused booking created %d reservations", len(none.MyReservations.Edges))
		}

		type booked struct {
			RequestReservation struct{ ID, Name, Phone string }
		}
		var a, b booked
		bookAs(ts, t, alice, "2026-05-07T10:00:00+09:00", "45040-401", "予約　４５０４０－４０１", "090-5555-6666", terms).mustData(t, &a)
		if a.RequestReservation.Name != "予約 45040-401" || a.RequestReservation.Phone != "090-5555-6666" {
			t.Errorf("reservation = %+v, want the account's name and the phone given", a.RequestReservation)
		}
		bookAs(ts, t, bob, "2026-05-07T10:30:00+09:00", "45040-402", nil, "0986-22-1234", terms).mustData(t, &b)
		if b.RequestReservation.Name != "予約 45040-402" {
			t.Errorf("reservation without a name = %+v, want the account's name", b.RequestReservation)
		}
		for _, c := range []struct {
			id   string
			want bool
		}{{a.RequestReservation.ID, true}, {b.RequestReservation.ID, false}} {
			var v struct {
				Reservation struct{ PhoneDiffersFromProfile bool }
			}
			ts.gql(t, admin, `query($id: ID!) { reservation(id: $id) { phoneDiffersFromProfile } }`, map[string]any{"id": c.id}).mustData(t, &v)
			if v.Reservation.PhoneDiffersFromProfile != c.want {
				t.Errorf("reservation %s: phoneDiffersFromProfile = %v, want %v", c.id, v.Reservation.PhoneDiffersFromProfile, c.want)
			}
		}
	})
}

// TestMailBodiesLoggedOnlyOnLoopback: without SMTP, a development server
// logs each mail's body (with its one-time link) only when it listens on
// loopback; on every interface, or in production, the log holds the
// masked recipient and subject but neither body nor token.
func TestMailBodiesLoggedOnlyOnLoopback(t *testing.T) {
	storetest.ForEachDialectInTurn(t, func(t *testing.T, d store.Dialect) {
		for _, c := range []struct {
			name       string
			env        map[string]string
			wantBodies bool
		}{
			{"loopback", map[string]string{"SOUDAN_ADDR": "127.0.0.1:0"}, true},
			{"all interfaces", map[string]string{"SOUDAN_ADDR": ":0"}, false},
			{"unspecified IPv4", map[string]string{"SOUDAN_ADDR": "0.0.0.0:0"}, false},
			{"production on loopback", map[string]string{"SOUDAN_ADDR": "127.0.0.1:0", "SOUDAN_ENV": "production"}, false},
		} {
			t.Run(c.name, func(t *testing.T) {
				env := map[string]string{"SOUDAN_DB": dbEnv(t, d)}
				for k, v := range c.env {
					env[k] = v
				}
				ts := startServer(t, env)
				// Reach a server listening on every interface through loopback.
				if i := strings.LastIndex(ts.Addr, ":"); i >= 0 {
					ts.URL = "http://127.0.0.1" + ts.Addr[i:]
				}
				signUp(t, ts, "body.log@example.jp", "45040-9001")
				deadline := time.Now().Add(10 * time.Second)
				for !strings.Contains(ts.logs.String(), `"msg":"mail kept"`) && time.Now().Before(deadline) {
					time.Sleep(50 * time.Millisecond)
				}
				ts.stop(t)
				logs := ts.logs.String()
				if !strings.Contains(logs, `"msg":"mail kept"`) {
					t.Fatalf("no mail was logged:\n%s", logs)
				}
				hasBody := strings.Contains(logs, "/verify-email?token=")
				if hasBody != c.wantBodies {
					t.Errorf("mail bodies in the log: %v, want %v:\n%s", hasBody, c.wantBodies, logs)
				}
				if strings.Contains(logs, "body.log@example.jp") {
					t.Error("the log holds the recipient's address unmasked")
				}
			})
		}
	})
}

// signUpNamed signs a job seeker up with a given name.
func signUpNamed(t testing.TB, ts *testServer, email, number, name string) {
	t.Helper()
	ts.gql(t, "", `mutation($in: SignUpInput!) { signUp(input: $in) { __typename } }`, map[string]any{"in": map[string]any{
		"email": email, "password": "a-long-password-1", "name": name,
		"jobSeekerNumber": number, "phone": "090-1111-2222"}}).mustData(t, &struct{}{})
}

// registrationVerified reads, as staff, whether the job seeker with that
// number is verified.
func registrationVerified(t testing.TB, ts *testServer, staff, number string) bool {
	t.Helper()
	var q struct {
		JobSeekers struct {
			Edges []struct {
				Node struct {
					JobSeekerNumber      string
					RegistrationVerified bool
				}
			}
		}
	}
	ts.gql(t, staff, `query($s: String) { jobSeekers(search: $s) { edges { node { jobSeekerNumber registrationVerified } } } }`,
		map[string]any{"s": number}).mustData(t, &q)
	for _, e := range q.JobSeekers.Edges {
		if e.Node.JobSeekerNumber == number {
			return e.Node.RegistrationVerified
		}
	}
	t.Fatalf("no job seeker %s", number)
	return false
}

// TestRosterVerifiesOnlyNumberAndName: the roster import verifies an
// account only when 求職番号 and 氏名 both match (after NFKC, without
// spaces); a row whose number belongs to an account under another name is
// rejected with its line and verifies nothing; sign-up with a number on the
// roster follows the same rule.
func TestRosterVerifiesOnlyNumberAndName(t *testing.T) {
	storetest.ForEachDialectInTurn(t, func(t *testing.T, d store.Dialect) {
		ts := startServer(t, map[string]string{"SOUDAN_DB": dbEnv(t, d),
			"SOUDAN_ADMIN_EMAIL": adminEmail, "SOUDAN_ADMIN_PASSWORD": adminPassword})
		admin := signIn(t, ts, adminEmail, adminPassword)
		signUpNamed(t, ts, "r1@example.jp", "45040-601", "登録 一郎")
		signUpNamed(t, ts, "r2@example.jp", "45040-602", "ﾄｳﾛｸ ｼﾞﾛｳ")

		var imp struct {
			ImportRegistrations struct {
				Rows, Verified int
				Rejected       []string
			}
		}
		ts.gql(t, admin, `mutation($csv: String!) { importRegistrations(csv: $csv) { rows verified rejected } }`,
			map[string]any{"csv": "求職番号,氏名\n45040-601,別人 一郎\n45040-602,トウロク　ジロウ\n45040-603,名簿 三郎\n45040-604,名簿 四郎\n"}).mustData(t, &imp)
		got := imp.ImportRegistrations
		if got.Rows != 4 || got.Verified != 1 || len(got.Rejected) != 1 || !strings.HasPrefix(got.Rejected[0], "2行目: ") ||
			!strings.Contains(got.Rejected[0], "45040-601") {
			t.Errorf("importRegistrations = %+v, want 4 rows, 1 verified, line 2 rejected for its name", got)
		}
		if registrationVerified(t, ts, admin, "45040-601") {
			t.Error("the number alone verified an account under another name")
		}
		if !registrationVerified(t, ts, admin, "45040-602") {
			t.Error("number and name (other width, spacing) did not verify")
		}
		signUpNamed(t, ts, "r3@example.jp", "45040-603", "名簿三郎")
		signUpNamed(t, ts, "r4@example.jp", "45040-604", "他人 四郎")
		if !registrationVerified(t, ts, admin, "45040-603") {
			t.Error("sign-up with the roster's number and name was not verified")
		}
		if registrationVerified(t, ts, admin, "45040-604") {
			t.Error("sign-up with the roster's number under another name was verified")
		}
	})
}

// meetingOf reads a reservation's meeting as token sees it.
func meetingOf(t testing.TB, ts *testServer, token, id string) *struct{ MeetingID, Passcode, JoinURL string } {
	t.Helper()
	var v struct {
		Reservation *struct {
			Meeting *struct{ MeetingID, Passcode, JoinURL string }
		}
	}
	ts.gql(t, token, `query($id: ID!) { reservation(id: $id) { meeting { meetingId passcode joinUrl } } }`,
		map[string]any{"id": id}).mustData(t, &v)
	if v.Reservation == nil {
		t.Fatalf("reservation %s not visible", id)
	}
	return v.Reservation.Meeting
}

// TestBoothRoomShownOnlyOnSessionDay: with fixed booth rooms the job seeker
// sees the room from the session's day (Tokyo) until its end, and only while
// CONFIRMED / CHECKED_IN / IN_SESSION; staff always. An administrator
// rotates a booth's passcode (digits, Zoom's length), which every upcoming
// session then shows; nobody else may.
func TestBoothRoomShownOnlyOnSessionDay(t *testing.T) {
	storetest.ForEachDialectInTurn(t, func(t *testing.T, d store.Dialect) {
		db := dbEnv(t, d)
		smtpd := smtptest.Start(t)
		at := func(clock string) *testServer {
			return startServer(t, map[string]string{"SOUDAN_DB": db, "SOUDAN_SMTP_URL": smtpd.URL(), "SOUDAN_CLOCK_START": clock,
				"SOUDAN_ADMIN_EMAIL": adminEmail, "SOUDAN_ADMIN_PASSWORD": adminPassword})
		}
		ts := at("2026-04-27T10:00:00+09:00")
		admin := signIn(t, ts, adminEmail, adminPassword)
		ts.gql(t, admin, `mutation { setBooth(input: {seat: 1, meetingId: "812 3456 7890", passcode: "246810",
			joinUrl: "https://us02web.zoom.us/j/81234567890?pwd=c2VjcmV0"}) { seat } }`, nil).mustData(t, &struct{}{})
		_, seeker := eligibleJobSeeker(t, ts, smtpd, admin, "booth@example.jp", "45040-901")
		_, other := eligibleJobSeeker(t, ts, smtpd, admin, "booth2@example.jp", "45040-902")
		var staff struct{ CreateStaff struct{ ID string } }
		ts.gql(t, admin, `mutation($in: CreateStaffInput!) { createStaff(input: $in) { id } }`, map[string]any{"in": map[string]any{
			"email": "c@soudan.test", "password": "counselor-password-1", "name": "相談 員", "role": "COUNSELOR"}}).mustData(t, &staff)
		counselor := signIn(t, ts, "c@soudan.test", "counselor-password-1")
		var b, b2 struct{ RequestReservation struct{ ID string } }
		bookAs(ts, t, seeker, "2026-05-07T10:00:00+09:00", "45040-901", nil, "0986-22-1234", currentTerms(t, ts)).mustData(t, &b)
		bookAs(ts, t, other, "2026-05-07T10:30:00+09:00", "45040-902", nil, "0986-22-1234", currentTerms(t, ts)).mustData(t, &b2)
		id := b.RequestReservation.ID

		if m := meetingOf(t, ts, seeker, id); m != nil {
			t.Errorf("ten days before: the job seeker sees the booth's room %+v", m)
		}
		if m := meetingOf(t, ts, admin, id); m == nil || m.MeetingID != "81234567890" {
			t.Errorf("staff see %+v, want booth 1's room", m)
		}

		// Rotation: administrators only; a seat without a room is not found.
		for _, tok := range []string{seeker, counselor, ""} {
			if r := ts.gql(t, tok, `mutation { rotateBoothPasscode(seat: 1) { passcode } }`, nil); r.code() != "FORBIDDEN" && r.code() != "UNAUTHENTICATED" {
				t.Errorf("rotateBoothPasscode by a non-administrator: %q", r.code())
			}
		}
		if r := ts.gql(t, admin, `mutation { rotateBoothPasscode(seat: 2) { passcode } }`, nil); r.code() != "NOT_FOUND" {
			t.Errorf("rotateBoothPasscode(seat without a room): %q, want NOT_FOUND", r.code())
		}
		if r := ts.gql(t, admin, `mutation { rotateBoothPasscode(seat: 0) { passcode } }`, nil); r.code() != "VALIDATION" || r.field() != "seat" {
			t.Errorf("rotateBoothPasscode(seat 0): %q %q, want VALIDATION on seat", r.code(), r.field())
		}
		var rot struct {
			RotateBoothPasscode struct {
				Seat               int
				MeetingID, JoinURL string
				Passcode           string
			}
		}
		ts.gql(t, admin, `mutation { rotateBoothPasscode(seat: 1) { seat meetingId passcode joinUrl } }`, nil).mustData(t, &rot)
		newCode := rot.RotateBoothPasscode.Passcode
		if len(newCode) != 10 || strings.Trim(newCode, "0123456789") != "" || newCode == "246810" ||
			rot.RotateBoothPasscode.MeetingID != "81234567890" || strings.Contains(rot.RotateBoothPasscode.JoinURL, "pwd=") {
			t.Errorf("rotateBoothPasscode = %+v, want 10 new digits and a join URL without pwd", rot.RotateBoothPasscode)
		}
		var booths struct{ Booths []struct{ Passcode string } }
		ts.gql(t, admin, `{ booths { passcode } }`, nil).mustData(t, &booths)
		if len(booths.Booths) != 1 || booths.Booths[0].Passcode != newCode {
			t.Errorf("booths = %+v, want the new passcode", booths)
		}
		ts.stop(t)

		for _, c := range []struct {
			clock string
			want  bool
		}{
			{"2026-05-06T23:59:00+09:00", false},
			{"2026-05-07T00:00:00+09:00", true},
			{"2026-05-07T09:55:00+09:00", true},  // the counselor starts the session here
			{"2026-05-07T10:29:00+09:00", true},  // IN_SESSION
			{"2026-05-07T10:30:00+09:00", false}, // IN_SESSION, but past its end
		} {
			ts := at(c.clock)
			seeker := signIn(t, ts, "booth@example.jp", "a-long-password-1")
			admin := signIn(t, ts, adminEmail, adminPassword)
			m := meetingOf(t, ts, seeker, id)
			if (m != nil) != c.want {
				t.Errorf("at %s the job seeker sees %+v, want shown = %v", c.clock, m, c.want)
			}
			if m != nil && (m.Passcode != newCode || m.MeetingID != "81234567890") {
				t.Errorf("at %s the job seeker sees %+v, want the rotated passcode %s", c.clock, m, newCode)
			}
			if m := meetingOf(t, ts, admin, id); m == nil || m.Passcode != newCode {
				t.Errorf("at %s staff see %+v, want the room with the rotated passcode", c.clock, m)
			}
			other := signIn(t, ts, "booth2@example.jp", "a-long-password-1")
			if r := ts.gql(t, other, `query($id: ID!) { reservation(id: $id) { meeting { passcode } } }`, map[string]any{"id": id}); strings.Contains(string(r.Data), newCode) {
				t.Errorf("at %s another job seeker sees the room", c.clock)
			}
			if c.clock == "2026-05-07T09:55:00+09:00" {
				ts.gql(t, admin, `mutation($id: ID!) { startSession(id: $id) { status } }`, map[string]any{"id": id}).mustData(t, &struct{}{})
				// Cancelled: hidden from the job seeker at once, also on the day.
				other2 := b2.RequestReservation.ID
				if m := meetingOf(t, ts, other, other2); m == nil {
					t.Error("on the day, the other job seeker does not see their own room")
				}
				ts.gql(t, admin, `mutation($id: ID!) { cancelReservation(id: $id, reason: "本人から電話", channel: PHONE) { id } }`,
					map[string]any{"id": other2}).mustData(t, &struct{}{})
				if m := meetingOf(t, ts, other, other2); m != nil {
					t.Errorf("a cancelled reservation shows the room %+v", m)
				}
			}
			ts.stop(t)
		}
	})
}

// TestSignUpDoesNotTellWhoIsRegistered: signUp answers a registered e-mail
// (job seeker's or staff's) or a registered 求職番号 exactly as a new
// address; nothing is created, and a mail goes out instead: to the
// registered address with the sign-in and password-reset pages, or, for a
// registered number, to the typed address with the office's phone number.
func TestSignUpDoesNotTellWhoIsRegistered(t *testing.T) {
	storetest.ForEachDialectInTurn(t, func(t *testing.T, d store.Dialect) {
		smtpd := smtptest.Start(t)
		ts := startServer(t, map[string]string{"SOUDAN_DB": dbEnv(t, d), "SOUDAN_SMTP_URL": smtpd.URL(),
			"SOUDAN_ADMIN_EMAIL": adminEmail, "SOUDAN_ADMIN_PASSWORD": adminPassword})
		admin := signIn(t, ts, adminEmail, adminPassword)
		const q = `mutation($in: SignUpInput!) { signUp(input: $in) { sent message } }`
		in := func(email, number string) map[string]any {
			return map[string]any{"in": map[string]any{"email": email, "password": "a-long-password-1", "name": "登録 花子",
				"jobSeekerNumber": number, "phone": "090-1111-2222"}}
		}
		first := ts.gql(t, "", q, in("hanako@example.jp", "45040-5001"))
		if len(first.Errors) > 0 || !strings.Contains(string(first.Data), `"sent":true`) {
			t.Fatalf("signUp (new) = %s %v", first.Data, first.Errors)
		}
		smtpd.WaitFor(t, 10*time.Second, smtptest.To("hanako@example.jp"))

		for _, c := range []struct {
			name          string
			email, number string
		}{
			{"registered e-mail", "hanako@EXAMPLE.JP", "45040-5002"},
			{"registered e-mail and number", "hanako@example.jp", "45040-5001"},
			{"staff e-mail", adminEmail, "45040-5003"},
			{"registered number", "jiro@example.jp", "４５０４０－５００１"},
		} {
			r := ts.gql(t, "", q, in(c.email, c.number))
			if r.Status != first.Status || string(r.Data) != string(first.Data) || len(r.Errors) != 0 {
				t.Errorf("%s: %d %s %v; want exactly the answer to a new address: %d %s", c.name, r.Status, r.Data, r.Errors, first.Status, first.Data)
			}
		}

		mailTo := func(to, subject string) smtptest.Message {
			t.Helper()
			return smtpd.WaitFor(t, 10*time.Second, func(m smtptest.Message) bool {
				return smtptest.To(to)(m) && strings.Contains(m.Subject, subject)
			})
		}
		for _, to := range []string{"hanako@example.jp", adminEmail} {
			m := mailTo(to, "このメールアドレスはすでに登録されています")
			for _, want := range []string{"http://soudan.test/login", "http://soudan.test/forgot-password", "新しいアカウントは作成していません"} {
				if !strings.Contains(m.Body, want) {
					t.Errorf("mail to the registered address %s lacks %q:\n%s", to, want, m.Body)
				}
			}
			if strings.Contains(m.Body, "token=") {
				t.Errorf("mail to %s carries a token:\n%s", to, m.Body)
			}
		}
		m := mailTo("jiro@example.jp", "求職番号はすでに登録されています")
		for _, want := range []string{"電話: 0986-22-1745", "までお電話ください", "http://soudan.test/login"} {
			if !strings.Contains(m.Body, want) {
				t.Errorf("mail to the typed address lacks %q:\n%s", want, m.Body)
			}
		}
		if strings.Contains(m.Body, "登録 花子") || strings.Contains(m.Body, "hanako") {
			t.Errorf("the mail to the typed address tells who holds the number:\n%s", m.Body)
		}

		// Nothing was created: one job seeker, whose password still works;
		// the address of the number-only attempt has no account.
		var list struct {
			JobSeekers struct {
				Edges []struct{ Node struct{ Email string } }
			}
		}
		ts.gql(t, admin, `{ jobSeekers { edges { node { email } } } }`, nil).mustData(t, &list)
		if len(list.JobSeekers.Edges) != 1 || list.JobSeekers.Edges[0].Node.Email != "hanako@example.jp" {
			t.Errorf("job seekers = %+v, want only hanako", list)
		}
		if r := ts.gql(t, "", `mutation { signIn(email: "jiro@example.jp", password: "a-long-password-1") { token } }`, nil); r.code() != "UNAUTHENTICATED" {
			t.Errorf("signIn of the number-only attempt: %q, want UNAUTHENTICATED", r.code())
		}
		signIn(t, ts, adminEmail, adminPassword)
	})
}
