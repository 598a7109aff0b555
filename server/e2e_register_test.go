package main

import (
	"strings"
	"testing"
	"time"

	"soudan/internal/mailer/smtptest"
	"soudan/internal/store"
	"soudan/internal/store/storetest"
)

// Art 6(2)(3): a phone applicant need not make an account first. Staff
// register them, already eligible; a mail lets them set a password if they
// ever want to use the site; a registered 求職番号 or e-mail is named.
func TestArt6_2PhoneApplicantNeedsNoAccount(t *testing.T) {
	storetest.ForEachDialectInTurn(t, func(t *testing.T, d store.Dialect) {
		smtpd := smtptest.Start(t)
		ts := startServer(t, map[string]string{"SOUDAN_DB": dbEnv(t, d), "SOUDAN_SMTP_URL": smtpd.URL(),
			"SOUDAN_CLOCK_START": e2eClockStart, "SOUDAN_ADMIN_EMAIL": adminEmail, "SOUDAN_ADMIN_PASSWORD": adminPassword})
		admin := signIn(t, ts, adminEmail, adminPassword)
		const register = `mutation($in: RegisterJobSeekerInput!) { registerJobSeeker(input: $in) { id eligible registrationVerified emailVerified } }`
		in := map[string]any{"name": "電話 一郎", "jobSeekerNumber": "45040-4321", "phone": "0986-22-3333", "email": "ichiro@example.jp"}

		_, seeker := eligibleJobSeeker(t, ts, smtpd, admin, "other@example.jp", "45040-1111")
		if r := ts.gql(t, seeker, register, map[string]any{"in": in}); r.code() != "FORBIDDEN" {
			t.Errorf("a job seeker registering someone: %q, want FORBIDDEN", r.code())
		}
		var got struct {
			RegisterJobSeeker struct {
				ID                                            string
				Eligible, RegistrationVerified, EmailVerified bool
			}
		}
		ts.gql(t, admin, register, map[string]any{"in": in}).mustData(t, &got)
		if js := got.RegisterJobSeeker; !js.Eligible || !js.RegistrationVerified || !js.EmailVerified {
			t.Fatalf("registerJobSeeker = %+v, want eligible at once", js)
		}
		m := smtpd.WaitFor(t, 10*time.Second, smtptest.To("ichiro@example.jp"))
		link := resetLinkRE.FindStringSubmatch(m.Body)
		if link == nil || !strings.Contains(m.Subject, "ご利用登録") {
			t.Fatalf("registration mail lacks the password link:\n%s\n%s", m.Subject, m.Body)
		}

		// Staff can take the phone application at once.
		ts.gql(t, admin, `mutation($in: ApplicationInput!) { createApplication(input: $in) { status } }`,
			map[string]any{"in": map[string]any{"jobSeekerId": got.RegisterJobSeeker.ID, "startsAt": "2026-05-07T10:00:00+09:00",
				"name": "電話 一郎", "phone": "0986-22-3333", "consultation": "電話で受け付けた相談", "channel": "PHONE"}}).mustData(t, &struct{}{})

		for field, dup := range map[string]map[string]any{
			"input.jobSeekerNumber": {"name": "別の 人", "jobSeekerNumber": "45040-4321", "phone": "0986-22-4444", "email": "new@example.jp"},
			"input.email":           {"name": "別の 人", "jobSeekerNumber": "45040-9999", "phone": "0986-22-4444", "email": "ichiro@example.jp"},
		} {
			r := ts.gql(t, admin, register, map[string]any{"in": dup})
			if r.code() != "VALIDATION" || r.field() != field {
				t.Errorf("duplicate %s: %q on %q, want VALIDATION on %s", field, r.code(), r.field(), field)
			}
		}

		// The link sets a password and signs the person in.
		var reset struct{ ResetPassword struct{ Token string } }
		ts.gql(t, "", `mutation($t: String!) { resetPassword(token: $t, password: "ichiro-password-7") { token } }`,
			map[string]any{"t": link[1]}).mustData(t, &reset)
		signIn(t, ts, "ichiro@example.jp", "ichiro-password-7")
	})
}
