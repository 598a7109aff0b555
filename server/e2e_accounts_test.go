package main

import (
	"context"
	"net/http"
	"regexp"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/coder/websocket/wsjson"

	"soudan/internal/mailer/smtptest"
	"soudan/internal/store"
	"soudan/internal/store/storetest"
)

const (
	adminEmail    = "admin@soudan.test"
	adminPassword = "admin-password-123"
)

var tokenRE = regexp.MustCompile(`/verify-email\?token=([A-Za-z0-9_-]+)`)

func signIn(t testing.TB, ts *testServer, email, password string) string {
	t.Helper()
	var got struct{ SignIn struct{ Token string } }
	ts.gql(t, "", `mutation($e: String!, $p: String!) { signIn(email: $e, password: $p) { token } }`,
		map[string]any{"e": email, "p": password}).mustData(t, &got)
	return got.SignIn.Token
}

// TestJobSeekerJourney walks the whole account flow over HTTP against a real
// SMTP server: sign up → mail → verifyEmail → staff verifies → signIn → me
// eligible → suspension.
func TestJobSeekerJourney(t *testing.T) {
	storetest.ForEachDialectInTurn(t, func(t *testing.T, d store.Dialect) {
		smtpd := smtptest.Start(t)
		ts := startServer(t, map[string]string{
			"SOUDAN_DB": dbEnv(t, d), "SOUDAN_SMTP_URL": smtpd.URL(), "SOUDAN_MAIL_FROM": "no-reply@soudan.test",
			"SOUDAN_ADMIN_EMAIL": adminEmail, "SOUDAN_ADMIN_PASSWORD": adminPassword,
		})

		const email, password = "hanako@example.jp", "hanako-password-1"
		var signUp struct {
			SignUp struct {
				Sent    bool
				Message string
			}
		}
		ts.gql(t, "", `mutation($in: SignUpInput!) { signUp(input: $in) { sent message } }`,
			map[string]any{"in": map[string]any{"email": email, "password": password, "name": "都城 花子",
				"jobSeekerNumber": "４５０４０－１２３４５６７８", "phone": "0986(22)1234"}}).mustData(t, &signUp)
		if !signUp.SignUp.Sent || !contains(signUp.SignUp.Message, "メールを送りました") {
			t.Fatalf("signUp = %+v, want sent with a message to check the mailbox", signUp.SignUp)
		}

		m := smtpd.WaitFor(t, 10*time.Second, smtptest.To(email))
		if want := "【都城公共職業安定所】メールアドレスの確認のお願い"; m.Subject != want {
			t.Errorf("mail subject = %q, want %q", m.Subject, want)
		}
		match := tokenRE.FindStringSubmatch(m.Body)
		if match == nil || !contains(m.Body, "http://soudan.test/verify-email?token=") {
			t.Fatalf("mail body has no verification link:\n%s", m.Body)
		}
		var verified struct {
			VerifyEmail struct {
				ID            string
				EmailVerified bool
				JobSeeker     struct {
					JobSeekerNumber string
					Phone           string
					Eligible        bool
				}
			}
		}
		ts.gql(t, "", `mutation($t: String!) { verifyEmail(token: $t) { id emailVerified jobSeeker { jobSeekerNumber phone eligible } } }`,
			map[string]any{"t": match[1]}).mustData(t, &verified)
		js := verified.VerifyEmail
		if !js.EmailVerified || js.JobSeeker.Eligible || js.JobSeeker.JobSeekerNumber != "45040-12345678" || js.JobSeeker.Phone != "0986-22-1234" {
			t.Errorf("verifyEmail = %+v, want confirmed, not yet eligible, normalised number and phone", js)
		}
		if r := ts.gql(t, "", `mutation($t: String!) { verifyEmail(token: $t) { id } }`, map[string]any{"t": match[1]}); r.code() != "NOT_FOUND" {
			t.Errorf("second verifyEmail: code %q, want NOT_FOUND", r.code())
		}

		seeker := signIn(t, ts, email, password)
		var me struct {
			Me struct {
				Role      string
				JobSeeker struct{ Eligible, RegistrationVerified bool }
			}
		}
		ts.gql(t, seeker, `{ me { role jobSeeker { eligible registrationVerified } } }`, nil).mustData(t, &me)
		if me.Me.Role != "JOB_SEEKER" || me.Me.JobSeeker.Eligible {
			t.Errorf("me before staff verification = %+v, want a job seeker not yet eligible", me.Me)
		}
		// Staff-only operations refuse the job seeker.
		if r := ts.gql(t, seeker, `query($id: ID!) { jobSeeker(id: $id) { name } }`, map[string]any{"id": js.ID}); r.code() != "FORBIDDEN" {
			t.Errorf("job seeker reading jobSeeker(id): code %q, want FORBIDDEN", r.code())
		}
		if r := ts.gql(t, seeker, `mutation($id: ID!) { verifyJobSeeker(id: $id) { eligible } }`, map[string]any{"id": js.ID}); r.code() != "FORBIDDEN" {
			t.Errorf("job seeker verifying themselves: code %q, want FORBIDDEN", r.code())
		}

		admin := signIn(t, ts, adminEmail, adminPassword)
		var found struct {
			JobSeekers struct {
				Edges []struct{ Node struct{ ID, Name string } }
			}
		}
		ts.gql(t, admin, `{ jobSeekers(search: "45040-12345678") { edges { node { id name } } } }`, nil).mustData(t, &found)
		if len(found.JobSeekers.Edges) != 1 || found.JobSeekers.Edges[0].Node.ID != js.ID {
			t.Fatalf("jobSeekers(search) = %+v, want the new job seeker", found)
		}
		// By phone number, as a caller gives it (the number is stored
		// encrypted; its blind index finds it).
		for _, search := range []string{"0986221234", "+81-986-22-1234", "０９８６（２２）１２３４"} {
			found.JobSeekers.Edges = nil
			ts.gql(t, admin, `query($s: String) { jobSeekers(search: $s) { edges { node { id name } } } }`,
				map[string]any{"s": search}).mustData(t, &found)
			if len(found.JobSeekers.Edges) != 1 || found.JobSeekers.Edges[0].Node.ID != js.ID {
				t.Errorf("jobSeekers(search: %q) = %+v, want the new job seeker", search, found)
			}
		}
		found.JobSeekers.Edges = nil
		ts.gql(t, admin, `{ jobSeekers(search: "0986-22-9999") { edges { node { id name } } } }`, nil).mustData(t, &found)
		if len(found.JobSeekers.Edges) != 0 {
			t.Errorf("jobSeekers(search) by another number = %+v, want nobody", found)
		}
		ts.gql(t, admin, `mutation($id: ID!) { verifyJobSeeker(id: $id) { registrationVerified } }`, map[string]any{"id": js.ID}).mustData(t, &struct{}{})

		ts.gql(t, seeker, `{ me { role jobSeeker { eligible registrationVerified } } }`, nil).mustData(t, &me)
		if !me.Me.JobSeeker.Eligible || !me.Me.JobSeeker.RegistrationVerified {
			t.Errorf("me after staff verification = %+v, want eligible", me.Me)
		}

		// Suspension revokes the session and refuses sign-in.
		var susp struct {
			SuspendJobSeeker struct {
				Eligible  bool
				Suspended struct{ Reason string }
			}
		}
		ts.gql(t, admin, `mutation($id: ID!) { suspendJobSeeker(id: $id, reason: "無断キャンセルが続いたため") { eligible suspended { reason } } }`,
			map[string]any{"id": js.ID}).mustData(t, &susp)
		if susp.SuspendJobSeeker.Eligible || susp.SuspendJobSeeker.Suspended.Reason != "無断キャンセルが続いたため" {
			t.Errorf("suspendJobSeeker = %+v", susp)
		}
		if r := ts.gql(t, seeker, `{ me { id } }`, nil); r.code() != "UNAUTHENTICATED" || r.Status != http.StatusUnauthorized {
			t.Errorf("revoked token: status %d code %q, want 401 UNAUTHENTICATED", r.Status, r.code())
		}
		if r := ts.gql(t, "", `mutation { signIn(email: "hanako@example.jp", password: "hanako-password-1") { token } }`, nil); r.code() != "SUSPENDED" {
			t.Errorf("signIn while suspended: code %q, want SUSPENDED", r.code())
		}
		ts.gql(t, admin, `mutation($id: ID!) { reinstateJobSeeker(id: $id) { eligible } }`, map[string]any{"id": js.ID}).mustData(t, &struct{}{})
		signIn(t, ts, email, password)
	})
}

func TestSignUpRejectsBadInputAndWritesNothing(t *testing.T) {
	smtpd := smtptest.Start(t)
	ts := startServer(t, map[string]string{"SOUDAN_DB": dbEnv(t, store.SQLite), "SOUDAN_SMTP_URL": smtpd.URL(),
		"SOUDAN_ADMIN_EMAIL": adminEmail, "SOUDAN_ADMIN_PASSWORD": adminPassword})
	good := map[string]any{"email": "jiro@example.jp", "password": "jiro-password-1", "name": "都城 次郎",
		"jobSeekerNumber": "45040-7654321", "phone": "090-1234-5678"}
	with := func(k string, v any) map[string]any {
		in := map[string]any{}
		for key, val := range good {
			in[key] = val
		}
		in[k] = v
		return in
	}
	tests := []struct {
		name  string
		in    map[string]any
		field string
	}{
		{"Email", with("email", "not an address"), "input.email"},
		{"ShortPassword", with("password", "short"), "input.password"},
		{"PasswordIsEmail", with("password", "jiro@example.jp"), "input.password"},
		{"Number", with("jobSeekerNumber", "4504-1"), "input.jobSeekerNumber"},
		{"TollFreePhone", with("phone", "0120-123-456"), "input.phone"},
		{"EmptyName", with("name", "  "), "input.name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := ts.gql(t, "", `mutation($in: SignUpInput!) { signUp(input: $in) { sent } }`, map[string]any{"in": tt.in})
			if r.code() != "VALIDATION" || r.field() != tt.field {
				t.Errorf("code %q field %q, want VALIDATION %q (%+v)", r.code(), r.field(), tt.field, r.Errors)
			}
		})
	}
	admin := signIn(t, ts, adminEmail, adminPassword)
	var list struct {
		JobSeekers struct {
			Edges []struct{ Node struct{ ID string } }
		}
	}
	ts.gql(t, admin, `{ jobSeekers { edges { node { id } } } }`, nil).mustData(t, &list)
	if n := len(list.JobSeekers.Edges); n != 0 {
		t.Errorf("after rejected sign-ups the office has %d job seekers, want 0", n)
	}
	if n := len(smtpd.Messages()); n != 0 {
		t.Errorf("after rejected sign-ups %d mails were sent, want 0", n)
	}
}

func TestWebsocketAuthentication(t *testing.T) {
	ts := startServer(t, map[string]string{"SOUDAN_DB": dbEnv(t, store.SQLite),
		"SOUDAN_ADMIN_EMAIL": adminEmail, "SOUDAN_ADMIN_PASSWORD": adminPassword})
	token := signIn(t, ts, adminEmail, adminPassword)

	dial := func(t *testing.T, auth string) (*websocket.Conn, map[string]any, error) {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		c, _, err := websocket.Dial(ctx, "ws://"+ts.Addr+"/graphql", &websocket.DialOptions{Subprotocols: []string{"graphql-transport-ws"}})
		if err != nil {
			t.Fatalf("dial: %v", err)
		}
		t.Cleanup(func() { _ = c.CloseNow() })
		if err := wsjson.Write(ctx, c, map[string]any{"type": "connection_init", "payload": map[string]any{"authorization": auth}}); err != nil {
			t.Fatalf("connection_init: %v", err)
		}
		for {
			var msg map[string]any
			if err := wsjson.Read(ctx, c, &msg); err != nil {
				return c, nil, err
			}
			if msg["type"] != "error" {
				return c, msg, nil
			}
		}
	}
	t.Run("ValidToken", func(t *testing.T) {
		_, msg, err := dial(t, "Bearer "+token)
		if err != nil || msg["type"] != "connection_ack" {
			t.Errorf("got %v, %v; want connection_ack", msg, err)
		}
	})
	for name, auth := range map[string]string{"BadToken": "Bearer not-a-token", "NoToken": ""} {
		t.Run(name, func(t *testing.T) {
			_, msg, err := dial(t, auth)
			if got := websocket.CloseStatus(err); got != 4403 {
				t.Errorf("close status = %d (msg %v, err %v), want 4403", got, msg, err)
			}
		})
	}
}

// TestPhoneIndexFilledAtStartup: job seekers written before the phone's
// blind index existed (rows without one) are indexed when the server
// starts, so that staff find them by phone.
func TestPhoneIndexFilledAtStartup(t *testing.T) {
	storetest.ForEachDialectInTurn(t, func(t *testing.T, d store.Dialect) {
		db := dbEnv(t, d)
		smtpd := smtptest.Start(t)
		env := map[string]string{"SOUDAN_DB": db, "SOUDAN_SMTP_URL": smtpd.URL(),
			"SOUDAN_ADMIN_EMAIL": adminEmail, "SOUDAN_ADMIN_PASSWORD": adminPassword}
		first := startServer(t, env)
		admin := signIn(t, first, adminEmail, adminPassword)
		id, _ := eligibleJobSeeker(t, first, smtpd, admin, "legacy@example.jp", "45040-71")
		first.stop(t)

		st := storetest.OpenDSN(t, db, false)
		if _, err := st.DB().Exec("UPDATE job_seekers SET phone_index = NULL"); err != nil {
			t.Fatal(err)
		}
		_ = st.Close()

		second := startServer(t, env)
		var found struct {
			JobSeekers struct {
				Edges []struct{ Node struct{ ID string } }
			}
		}
		second.gql(t, admin, `{ jobSeekers(search: "0986221234") { edges { node { id } } } }`, nil).mustData(t, &found)
		if len(found.JobSeekers.Edges) != 1 || found.JobSeekers.Edges[0].Node.ID != id {
			t.Errorf("jobSeekers(search) by phone after the restart = %+v, want job seeker %s", found, id)
		}
		if !contains(second.logs.String(), "phone numbers indexed for search") {
			t.Errorf("the restart did not log the indexing:\n%s", second.logs)
		}
	})
}
