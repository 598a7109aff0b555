package account_test

import (
	"context"
	"encoding/base64"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/encoding/japanese"

	"soudan/internal/account"
	"soudan/internal/apperr"
	"soudan/internal/auth"
	"soudan/internal/calendar"
	"soudan/internal/store"
	"soudan/internal/store/storetest"
)

func TestEligibilityByStaff(t *testing.T) {
	t.Parallel()
	storetest.ForEachDialect(t, func(t *testing.T, d store.Dialect) {
		e := newEnv(t, d)
		staff := e.counselor(t)
		today := e.svc.Today(e.ctx)
		a, token := e.signUp(t, e.nextInput())

		got, err := e.svc.VerifyJobSeeker(staff, a.ID)
		if err != nil {
			t.Fatalf("VerifyJobSeeker error: %v", err)
		}
		if got.JobSeeker.RegistrationVerifiedAt == nil || !got.JobSeeker.RegistrationVerifiedAt.Equal(e.Clock.Now()) {
			t.Errorf("VerifyJobSeeker: RegistrationVerifiedAt = %v, want %v", got.JobSeeker.RegistrationVerifiedAt, e.Clock.Now())
		}
		if got.JobSeeker.Eligible(today) {
			t.Errorf("求職番号 verified, e-mail not: Eligible = true, want false")
		}

		if _, err := e.svc.VerifyEmail(e.ctx, token); err != nil {
			t.Fatalf("VerifyEmail error: %v", err)
		}
		got, err = e.svc.JobSeeker(staff, a.ID)
		if err != nil {
			t.Fatalf("JobSeeker error: %v", err)
		}
		if !got.JobSeeker.Eligible(today) {
			t.Errorf("e-mail and 求職番号 verified: Eligible = false, want true")
		}

		// Verifying again changes nothing.
		e.Clock.Advance(time.Hour)
		again, err := e.svc.VerifyJobSeeker(staff, a.ID)
		if err != nil {
			t.Fatalf("VerifyJobSeeker (again) error: %v", err)
		}
		if !again.JobSeeker.RegistrationVerifiedAt.Equal(*got.JobSeeker.RegistrationVerifiedAt) {
			t.Errorf("VerifyJobSeeker (again): RegistrationVerifiedAt = %v, want the first %v",
				again.JobSeeker.RegistrationVerifiedAt, got.JobSeeker.RegistrationVerifiedAt)
		}

		for _, id := range []int64{0, 999999} {
			_, err := e.svc.VerifyJobSeeker(staff, id)
			wantCode(t, fmt.Sprintf("VerifyJobSeeker(%d)", id), err, apperr.NotFound, "")
		}
	})
}

func TestImportRegistrations(t *testing.T) {
	t.Parallel()
	const roster = "求職番号,氏名\n45040-1234567,山田太郎\nbad,x\n"
	shiftJIS, err := japanese.ShiftJIS.NewEncoder().String(roster)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		csv  string
	}{
		{"UTF-8", roster},
		{"UTF-8 with BOM", "\ufeff" + roster},
		{"CRLF", strings.ReplaceAll(roster, "\n", "\r\n")},
		{"Shift_JIS", shiftJIS},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			storetest.ForEachDialect(t, func(t *testing.T, d store.Dialect) {
				e := newEnv(t, d)
				admin := e.admin(t)
				in := e.nextInput()
				in.JobSeekerNumber = "45040-1234567"
				in.Name = "山田　太郎" // the roster writes it without the space
				a, _ := e.signUp(t, in)
				other, _ := e.signUp(t, e.nextInput())

				got, err := e.svc.ImportRegistrations(admin, tt.csv)
				if err != nil {
					t.Fatalf("ImportRegistrations error: %v", err)
				}
				want := account.ImportResult{Rows: 2, Verified: 1,
					Rejected: []string{"3行目: 求職番号の形式が正しくありません"}}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("ImportRegistrations mismatch (-want +got):\n%s", diff)
				}
				if e.reload(t, a.ID).JobSeeker.RegistrationVerifiedAt == nil {
					t.Errorf("job seeker on the roster: RegistrationVerifiedAt = nil, want set")
				}
				if e.reload(t, other.ID).JobSeeker.RegistrationVerifiedAt != nil {
					t.Errorf("job seeker not on the roster: RegistrationVerifiedAt set, want nil")
				}
				var name string
				if err := e.Store.DB().QueryRow("SELECT name FROM registrations WHERE job_seeker_number = ?",
					"45040-1234567").Scan(&name); err != nil || name != "山田太郎" {
					t.Errorf("roster row name = %q, %v; want 山田太郎 (decoded)", name, err)
				}
			})
		})
	}
}

func TestImportRegistrationsThenSignUp(t *testing.T) {
	t.Parallel()
	storetest.ForEachDialect(t, func(t *testing.T, d store.Dialect) {
		e := newEnv(t, d)
		admin := e.admin(t)
		got, err := e.svc.ImportRegistrations(admin, "４５０４０－７６５４３２１, 鈴木 花子\n45040-1111111,佐藤一郎\n")
		if err != nil {
			t.Fatalf("ImportRegistrations error: %v", err)
		}
		if diff := cmp.Diff(account.ImportResult{Rows: 2}, got); diff != "" {
			t.Errorf("ImportRegistrations (no matching accounts, no header) mismatch (-want +got):\n%s", diff)
		}

		onRoster := e.nextInput()
		onRoster.JobSeekerNumber = "45040-7654321"
		onRoster.Name = "ｽｽﾞｷ"
		if a, _ := e.signUp(t, onRoster); a.JobSeeker.RegistrationVerifiedAt != nil {
			t.Errorf("sign-up with a roster number under another name: RegistrationVerifiedAt set, want nil")
		}
		onRoster = e.nextInput()
		onRoster.JobSeekerNumber = "45040-1111111"
		onRoster.Name = "佐藤 一郎"
		a, token := e.signUp(t, onRoster)
		if a.JobSeeker.RegistrationVerifiedAt == nil {
			t.Fatalf("sign-up with a roster number: RegistrationVerifiedAt = nil, want verified at once")
		}
		if _, err := e.svc.VerifyEmail(e.ctx, token); err != nil {
			t.Fatalf("VerifyEmail error: %v", err)
		}
		if !e.reload(t, a.ID).JobSeeker.Eligible(e.svc.Today(e.ctx)) {
			t.Errorf("roster job seeker with confirmed e-mail: Eligible = false, want true")
		}

		offRoster, _ := e.signUp(t, e.nextInput())
		if offRoster.JobSeeker.RegistrationVerifiedAt != nil {
			t.Errorf("sign-up with a number not on the roster: RegistrationVerifiedAt set, want nil")
		}
	})
}

// A roster row verifies an account only when the name matches too
// (normalised: widths and spaces do not count); a row whose number belongs
// to an account under another name is rejected with its line, verifies
// nothing and does not go on the roster.
func TestImportRegistrationsNeedNumberAndName(t *testing.T) {
	t.Parallel()
	storetest.ForEachDialect(t, func(t *testing.T, d store.Dialect) {
		e := newEnv(t, d)
		admin := e.admin(t)
		impostor := e.nextInput()
		impostor.JobSeekerNumber, impostor.Name = "45040-2000001", "偽名 一郎"
		bad, _ := e.signUp(t, impostor)
		owner := e.nextInput()
		owner.JobSeekerNumber, owner.Name = "45040-2000002", "ﾔﾏﾀﾞ ﾊﾅｺ"
		good, _ := e.signUp(t, owner)

		got, err := e.svc.ImportRegistrations(admin, "求職番号,氏名\n45040-2000001,本物 一郎\n45040-2000002,ヤマダ　ハナコ\n")
		if err != nil {
			t.Fatal(err)
		}
		want := account.ImportResult{Rows: 2, Verified: 1, Rejected: []string{
			"2行目: 求職番号 45040-2000001 は別の氏名のアカウントで登録されています（職員が確認してください）"}}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("ImportRegistrations mismatch (-want +got):\n%s", diff)
		}
		if e.reload(t, bad.ID).JobSeeker.RegistrationVerifiedAt != nil {
			t.Error("the number alone verified an account under another name")
		}
		if e.reload(t, good.ID).JobSeeker.RegistrationVerifiedAt == nil {
			t.Error("number and name (in other widths and spacing) did not verify")
		}
		var n int
		if err := e.Store.DB().QueryRow("SELECT COUNT(*) FROM registrations WHERE job_seeker_number = ?", "45040-2000001").Scan(&n); err != nil || n != 0 {
			t.Errorf("the rejected row is on the roster (%d, %v)", n, err)
		}
	})
}

func TestImportRegistrationsBadInput(t *testing.T) {
	t.Parallel()
	// Windows-31J (the Shift_JIS Excel writes) has characters such as 髙
	// and ① beyond JIS X 0208.
	windows31J, err := japanese.ShiftJIS.NewEncoder().String("45040-1,髙橋①\n")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		csv      string
		want     account.ImportResult
		wantCode apperr.Code
		wantMsg  string // in the error's Message
	}{
		{name: "empty", csv: "", wantCode: apperr.Validation},
		{name: "header only", csv: "求職番号,氏名\n", wantCode: apperr.Validation},
		{name: "too large", csv: strings.Repeat("x", account.MaxImportBytes+1), wantCode: apperr.Validation},
		{name: "UTF-16", csv: "\xff\xfe4\x005\x000\x004\x000\x00-\x001\x00,\x00\x71\x5c\n\x00", wantCode: apperr.Validation, wantMsg: "文字コード"},
		{name: "not Shift_JIS", csv: "45040-1,\x81\x7f\x82\n", wantCode: apperr.Validation, wantMsg: "文字コード"},
		{name: "Windows-31J", csv: windows31J, want: account.ImportResult{Rows: 1}},
		{name: "malformed quotes", csv: "45040-1,\"山田\n", wantCode: apperr.Validation},
		{name: "bare quote after a blank line", csv: "求職番号,氏名\n\n45040-1,山\"田\n", wantCode: apperr.Validation, wantMsg: "3行目"},
		{
			name: "every kind of bad row",
			csv:  "45040-1,山田\n45040-2\n45040-3,\n45040-1,重複\n",
			want: account.ImportResult{Rows: 4, Rejected: []string{
				"2行目: 求職番号と氏名の2列が必要です",
				"3行目: 氏名が正しくありません",
				"4行目: 同じ求職番号が前の行にあります",
			}},
		},
		{
			// Line numbers are those of the file, as the administrator
			// sees it in an editor: blank lines count.
			name: "blank lines",
			csv:  "求職番号,氏名\n\n45040-1,山田\n\nbad,x\n",
			want: account.ImportResult{Rows: 2, Rejected: []string{"5行目: 求職番号の形式が正しくありません"}},
		},
	}
	storetest.ForEachDialect(t, func(t *testing.T, d store.Dialect) {
		e := newEnv(t, d)
		admin := e.admin(t)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				got, err := e.svc.ImportRegistrations(admin, tt.csv)
				if tt.wantCode != "" {
					wantCode(t, "ImportRegistrations("+tt.name+")", err, tt.wantCode, "csv")
					if e, ok := apperr.As(err); ok && !strings.Contains(e.Message, tt.wantMsg) {
						t.Errorf("ImportRegistrations(%s) message = %q, want it to contain %q", tt.name, e.Message, tt.wantMsg)
					}
					return
				}
				if err != nil {
					t.Fatalf("ImportRegistrations(%s) error: %v", tt.name, err)
				}
				if diff := cmp.Diff(tt.want, got); diff != "" {
					t.Errorf("ImportRegistrations(%s) mismatch (-want +got):\n%s", tt.name, diff)
				}
			})
		}
	})
}

func TestSuspension(t *testing.T) {
	t.Parallel()
	storetest.ForEachDialect(t, func(t *testing.T, d store.Dialect) {
		e := newEnv(t, d)
		staff := e.counselor(t)
		js := e.eligibleJobSeeker(t, staff)
		first := e.signIn(t, js.Email, goodPassword)
		second := e.signIn(t, js.Email, goodPassword)
		today := e.svc.Today(e.ctx)
		yesterday, until := today.AddDays(-1), today.AddDays(7)

		bad := []struct {
			name, reason string
			until        *calendar.Date
			field        string
		}{
			{"no reason", "", &until, "reason"},
			{"blank reason", " 　\n", &until, "reason"},
			{"reason too long", strings.Repeat("あ", 1001), &until, "reason"},
			{"reason with control character", "暴言\x07", &until, "reason"},
			{"until in the past", "暴言があったため", &yesterday, "until"},
		}
		for _, tt := range bad {
			_, err := e.svc.Suspend(staff, js.ID, tt.reason, tt.until)
			wantCode(t, "Suspend("+tt.name+")", err, apperr.Validation, tt.field)
		}
		if got := e.reload(t, js.ID).JobSeeker.Suspension; got != nil {
			t.Fatalf("after rejected suspensions: Suspension = %+v, want nil", got)
		}
		if _, err := e.svc.Authenticate(e.ctx, first.Token); err != nil {
			t.Fatalf("after rejected suspensions: Authenticate error: %v, want the session alive", err)
		}

		const reason = "相談中の暴言（第12条第1項）"
		suspendedAt := e.Clock.Now()
		got, err := e.svc.Suspend(staff, js.ID, reason, &until)
		if err != nil {
			t.Fatalf("Suspend error: %v", err)
		}
		want := &account.Suspension{Reason: reason, Since: suspendedAt, Until: &until}
		if diff := cmp.Diff(want, got.JobSeeker.Suspension); diff != "" {
			t.Errorf("Suspend: Suspension mismatch (-want +got):\n%s", diff)
		}
		for _, tok := range []string{first.Token, second.Token} {
			_, err := e.svc.Authenticate(e.ctx, tok)
			wantCode(t, "Authenticate(session of the suspended job seeker)", err, apperr.Unauthenticated, "")
		}
		read, err := e.svc.JobSeeker(staff, js.ID)
		if err != nil {
			t.Fatalf("JobSeeker error: %v", err)
		}
		if diff := cmp.Diff(want, read.JobSeeker.Suspension); diff != "" {
			t.Errorf("JobSeeker: Suspension mismatch (-want +got):\n%s", diff)
		}
		for _, d := range []calendar.Date{today, until} {
			if read.JobSeeker.Eligible(d) || !read.JobSeeker.SuspendedOn(d) {
				t.Errorf("suspended until %v: on %v Eligible = %v, SuspendedOn = %v; want false, true",
					until, d, read.JobSeeker.Eligible(d), read.JobSeeker.SuspendedOn(d))
			}
		}
		if !read.JobSeeker.Eligible(until.AddDays(1)) {
			t.Errorf("suspended until %v: Eligible(%v) = false, want true", until, until.AddDays(1))
		}

		_, err = e.svc.SignIn(e.ctx, js.Email, goodPassword)
		wantCode(t, "SignIn(suspended)", err, apperr.Suspended, "")
		// A wrong password says nothing about the suspension.
		_, err = e.svc.SignIn(e.ctx, js.Email, "not the password")
		wantCode(t, "SignIn(suspended, wrong password)", err, apperr.Unauthenticated, "")

		// The last minute of the last day is still suspended...
		e.Clock.Set(until.AddDays(1).In(tokyo).Add(-time.Minute))
		_, err = e.svc.SignIn(e.ctx, js.Email, goodPassword)
		wantCode(t, "SignIn(on the last day)", err, apperr.Suspended, "")
		// ...and the next day is not.
		e.Clock.Advance(2 * time.Minute)
		if _, err := e.svc.SignIn(e.ctx, js.Email, goodPassword); err != nil {
			t.Fatalf("SignIn after the suspension ended error: %v", err)
		}

		// Until reinstated, then reinstated.
		if _, err := e.svc.Suspend(staff, js.ID, reason, nil); err != nil {
			t.Fatalf("Suspend(until reinstated) error: %v", err)
		}
		_, err = e.svc.SignIn(e.ctx, js.Email, goodPassword)
		wantCode(t, "SignIn(suspended until reinstated)", err, apperr.Suspended, "")
		e.Clock.Advance(365 * 24 * time.Hour)
		_, err = e.svc.SignIn(e.ctx, js.Email, goodPassword)
		wantCode(t, "SignIn(suspended until reinstated, a year later)", err, apperr.Suspended, "")

		_, err = e.svc.Reinstate(staff, js.ID, "bad\x00note")
		wantCode(t, "Reinstate(bad note)", err, apperr.Validation, "note")
		staff = e.counselor(t) // a fresh staff session: the first one has expired
		back, err := e.svc.Reinstate(staff, js.ID, "")
		if err != nil {
			t.Fatalf("Reinstate error: %v", err)
		}
		if back.JobSeeker.Suspension != nil || !back.JobSeeker.Eligible(e.svc.Today(e.ctx)) {
			t.Errorf("Reinstate: Suspension = %+v, Eligible = %v; want nil, true",
				back.JobSeeker.Suspension, back.JobSeeker.Eligible(e.svc.Today(e.ctx)))
		}
		if _, err := e.svc.SignIn(e.ctx, js.Email, goodPassword); err != nil {
			t.Errorf("SignIn after Reinstate error: %v", err)
		}
	})
}

func TestPersonalDataSealed(t *testing.T) {
	t.Parallel()
	storetest.ForEachDialect(t, func(t *testing.T, d store.Dialect) {
		e := newEnv(t, d)
		staff := e.counselor(t)
		js := e.eligibleJobSeeker(t, staff)
		const reason = "窓口での暴言"
		if _, err := e.svc.Suspend(staff, js.ID, reason, nil); err != nil {
			t.Fatalf("Suspend error: %v", err)
		}
		var phone, sealedReason string
		if err := e.Store.DB().QueryRow("SELECT phone_sealed, suspension_reason_sealed FROM job_seekers WHERE account_id = ?",
			js.ID).Scan(&phone, &sealedReason); err != nil {
			t.Fatal(err)
		}
		for _, plain := range []string{"9012345678", "090-1234-5678", reason} {
			if strings.Contains(phone, plain) || strings.Contains(sealedReason, plain) {
				t.Errorf("raw job_seekers columns contain %q in plain text", plain)
			}
		}
		var tokens int
		if err := e.Store.DB().QueryRow("SELECT COUNT(*) FROM auth_tokens WHERE account_id = ?", js.ID).Scan(&tokens); err != nil {
			t.Fatal(err)
		}
		if tokens == 0 {
			t.Fatalf("no tokens stored for job seeker %d", js.ID)
		}
	})
}

// op is one operation of the authorization matrix; it returns the error.
type op struct {
	name string
	do   func(ctx context.Context) error
}

func TestAuthorization(t *testing.T) {
	t.Parallel()
	storetest.ForEachDialect(t, func(t *testing.T, d store.Dialect) {
		e := newEnv(t, d)
		admin := e.admin(t)
		counselor := e.counselor(t)
		target, _ := e.signUp(t, e.nextInput())
		self := e.nextInput()
		selfAcct, _ := e.signUp(t, self)
		jobSeeker := e.as(t, self.Email)

		staffEmails := 0
		staffOnly := []op{
			{"JobSeeker", func(ctx context.Context) error { _, err := e.svc.JobSeeker(ctx, target.ID); return err }},
			{"JobSeeker(self)", func(ctx context.Context) error { _, err := e.svc.JobSeeker(ctx, selfAcct.ID); return err }},
			{"SearchJobSeekers", func(ctx context.Context) error {
				_, err := e.svc.SearchJobSeekers(ctx, "", 10, "")
				return err
			}},
			{"StaffAccounts", func(ctx context.Context) error { _, err := e.svc.StaffAccounts(ctx); return err }},
			{"VerifyJobSeeker", func(ctx context.Context) error { _, err := e.svc.VerifyJobSeeker(ctx, target.ID); return err }},
			{"Suspend", func(ctx context.Context) error { _, err := e.svc.Suspend(ctx, target.ID, "理由", nil); return err }},
			{"Reinstate", func(ctx context.Context) error { _, err := e.svc.Reinstate(ctx, target.ID, ""); return err }},
		}
		adminOnly := []op{
			{"CreateStaff", func(ctx context.Context) error {
				staffEmails++
				_, err := e.svc.CreateStaff(ctx, account.StaffInput{Email: fmt.Sprintf("new%d@example.jp", staffEmails),
					Password: goodPassword, Name: "新人 職員", Role: auth.Counselor})
				return err
			}},
			{"ImportRegistrations", func(ctx context.Context) error {
				_, err := e.svc.ImportRegistrations(ctx, target.JobSeeker.Number+",山田\n")
				return err
			}},
		}
		type caller struct {
			name string
			ctx  context.Context
		}
		anonymous := caller{"anonymous", e.ctx}
		asJobSeeker := caller{"job seeker", jobSeeker}
		asCounselor := caller{"counselor", counselor}
		asAdmin := caller{"admin", admin}

		tests := []struct {
			ops  []op
			who  caller
			want apperr.Code // "" for success
		}{
			// Refusals first: they must leave the target untouched.
			{staffOnly, anonymous, apperr.Unauthenticated},
			{staffOnly, asJobSeeker, apperr.Forbidden},
			{adminOnly, anonymous, apperr.Unauthenticated},
			{adminOnly, asJobSeeker, apperr.Forbidden},
			{adminOnly, asCounselor, apperr.Forbidden},
		}
		check := func(ops []op, who caller, want apperr.Code) {
			t.Helper()
			for _, o := range ops {
				err := o.do(who.ctx)
				what := fmt.Sprintf("%s as %s", o.name, who.name)
				if want == "" {
					if err != nil {
						t.Errorf("%s error: %v, want success", what, err)
					}
					continue
				}
				wantCode(t, what, err, want, "")
			}
		}
		before := e.counts(t)
		for _, tt := range tests {
			check(tt.ops, tt.who, tt.want)
		}
		if diff := cmp.Diff(before, e.counts(t)); diff != "" {
			t.Errorf("refused operations wrote rows (-before +after):\n%s", diff)
		}
		if got := e.reload(t, target.ID).JobSeeker; got.RegistrationVerifiedAt != nil || got.Suspension != nil {
			t.Errorf("after refused operations: target RegistrationVerifiedAt %v, Suspension %+v; want both nil",
				got.RegistrationVerifiedAt, got.Suspension)
		}

		check(staffOnly, asCounselor, "")
		check(staffOnly, asAdmin, "")
		check(adminOnly, asAdmin, "")
		if got := e.reload(t, target.ID).JobSeeker; got.RegistrationVerifiedAt == nil {
			t.Errorf("after VerifyJobSeeker by staff: RegistrationVerifiedAt = nil, want set")
		}

		// Staff asking for a staff account or a missing id get NOT_FOUND.
		for _, id := range []int64{0, 999999, mustActor(t, admin).AccountID} {
			_, err := e.svc.JobSeeker(counselor, id)
			wantCode(t, fmt.Sprintf("JobSeeker(%d)", id), err, apperr.NotFound, "")
			_, err = e.svc.Suspend(counselor, id, "理由", nil)
			wantCode(t, fmt.Sprintf("Suspend(%d)", id), err, apperr.NotFound, "")
			_, err = e.svc.Reinstate(counselor, id, "")
			wantCode(t, fmt.Sprintf("Reinstate(%d)", id), err, apperr.NotFound, "")
		}
		if _, err := e.svc.Authenticate(e.ctx, e.signIn(t, "admin@example.jp", goodPassword).Token); err != nil {
			t.Errorf("after Suspend(admin id): the admin cannot sign in: %v", err)
		}

		// Me: anonymous gets nothing, everyone else only themselves.
		me, err := e.svc.Me(e.ctx)
		if err != nil || me != nil {
			t.Errorf("Me(anonymous) = %v, %v; want nil, nil", me, err)
		}
		me, err = e.svc.Me(jobSeeker)
		if err != nil {
			t.Fatalf("Me(job seeker) error: %v", err)
		}
		if me.ID != selfAcct.ID || me.JobSeeker == nil || me.JobSeeker.Number != selfAcct.JobSeeker.Number {
			t.Errorf("Me(job seeker) = account %d (%+v), want their own account %d", me.ID, me.JobSeeker, selfAcct.ID)
		}
		me, err = e.svc.Me(counselor)
		if err != nil {
			t.Fatalf("Me(counselor) error: %v", err)
		}
		if me.Role != auth.Counselor || me.JobSeeker != nil {
			t.Errorf("Me(counselor) = {Role %s, JobSeeker %+v}, want a COUNSELOR without a profile", me.Role, me.JobSeeker)
		}
	})
}

func mustActor(t *testing.T, ctx context.Context) auth.Actor {
	t.Helper()
	a, ok := auth.ActorFrom(ctx)
	if !ok {
		t.Fatal("no actor in context")
	}
	return a
}

func TestCreateAdmin(t *testing.T) {
	t.Parallel()
	storetest.ForEachDialect(t, func(t *testing.T, d store.Dialect) {
		e := newEnv(t, d)
		created, err := e.svc.CreateAdmin(e.ctx, "first@example.jp", goodPassword, "管理 一郎", true)
		if err != nil || !created {
			t.Fatalf("CreateAdmin(onlyIfNone, empty office) = %v, %v; want true, nil", created, err)
		}
		before := e.counts(t)
		created, err = e.svc.CreateAdmin(e.ctx, "second@example.jp", goodPassword, "管理 二郎", true)
		if err != nil || created {
			t.Errorf("CreateAdmin(onlyIfNone, admin exists) = %v, %v; want false, nil", created, err)
		}
		if diff := cmp.Diff(before, e.counts(t)); diff != "" {
			t.Errorf("CreateAdmin(onlyIfNone, admin exists) wrote rows (-before +after):\n%s", diff)
		}
		if _, err := e.svc.SignIn(e.ctx, "second@example.jp", goodPassword); err == nil {
			t.Errorf("SignIn(second admin) succeeded, want no such account")
		}

		created, err = e.svc.CreateAdmin(e.ctx, "third@example.jp", goodPassword, "管理 三郎", false)
		if err != nil || !created {
			t.Errorf("CreateAdmin(not onlyIfNone) = %v, %v; want true, nil", created, err)
		}
		_, err = e.svc.CreateAdmin(e.ctx, "first@example.jp", goodPassword, "管理 一郎", false)
		wantCode(t, "CreateAdmin(taken e-mail)", err, apperr.Conflict, "")
		_, err = e.svc.CreateAdmin(e.ctx, "fourth@example.jp", "short", "管理 四郎", false)
		wantCode(t, "CreateAdmin(short password)", err, apperr.Validation, "input.password")
		if ms := e.Mails(t); len(ms) != 0 {
			t.Errorf("CreateAdmin queued %d mails, want 0", len(ms))
		}

		s := e.signIn(t, "first@example.jp", goodPassword)
		if s.Account.Role != auth.Admin || !s.Account.EmailVerified() {
			t.Errorf("first admin: Role %s, EmailVerified %v; want ADMIN, true", s.Account.Role, s.Account.EmailVerified())
		}
	})
}

func TestCreateStaff(t *testing.T) {
	t.Parallel()
	storetest.ForEachDialect(t, func(t *testing.T, d store.Dialect) {
		e := newEnv(t, d)
		admin := e.admin(t)
		e.signUp(t, account.SignUpInput{Email: "taken@example.jp", Password: goodPassword, Name: "求職 太郎",
			JobSeekerNumber: "45040-1", Phone: "090-1234-5678"})

		got, err := e.svc.CreateStaff(admin, account.StaffInput{
			Email: "Sato@Example.JP", Password: goodPassword, Name: " 佐藤 相談員 ", Role: auth.Counselor})
		if err != nil {
			t.Fatalf("CreateStaff error: %v", err)
		}
		if got.Email != "Sato@example.jp" || got.Name != "佐藤 相談員" || got.Role != auth.Counselor ||
			!got.EmailVerified() || got.JobSeeker != nil {
			t.Errorf("CreateStaff = %+v, want a verified COUNSELOR Sato@example.jp 佐藤 相談員", got)
		}
		ms := e.Mails(t)
		if len(ms) != 1 {
			t.Fatalf("CreateStaff queued %d mails, want 1", len(ms))
		}
		if m := ms[0]; m.To != "Sato@example.jp" || !strings.Contains(m.Subject, officeName) ||
			!strings.Contains(m.Body, publicURL+"/staff") || strings.Contains(m.Body, goodPassword) {
			t.Errorf("welcome mail To %q Subject %q, want to Sato@example.jp naming %s, with the sign-in URL and no password:\n%s",
				m.To, m.Subject, officeName, m.Body)
		}
		if s := e.signIn(t, "Sato@example.jp", goodPassword); s.Account.Role != auth.Counselor {
			t.Errorf("new counselor signs in as %s, want COUNSELOR", s.Account.Role)
		}
		if _, err := e.svc.CreateStaff(admin, account.StaffInput{
			Email: "suzuki@example.jp", Password: goodPassword, Name: "鈴木 管理者", Role: auth.Admin}); err != nil {
			t.Errorf("CreateStaff(ADMIN) error: %v", err)
		}
		e.Mails(t)

		before := e.counts(t)
		bad := []struct {
			name  string
			in    account.StaffInput
			code  apperr.Code
			field string
		}{
			{"job seeker role", account.StaffInput{Email: "a@example.jp", Password: goodPassword, Name: "職員", Role: auth.JobSeeker}, apperr.Validation, "input.role"},
			{"no role", account.StaffInput{Email: "a@example.jp", Password: goodPassword, Name: "職員"}, apperr.Validation, "input.role"},
			{"unknown role", account.StaffInput{Email: "a@example.jp", Password: goodPassword, Name: "職員", Role: "ROOT"}, apperr.Validation, "input.role"},
			{"bad e-mail", account.StaffInput{Email: "a@", Password: goodPassword, Name: "職員", Role: auth.Counselor}, apperr.Validation, "input.email"},
			{"no name", account.StaffInput{Email: "a@example.jp", Password: goodPassword, Role: auth.Counselor}, apperr.Validation, "input.name"},
			{"password is e-mail", account.StaffInput{Email: "abcdef@example.jp", Password: "abcdef@example.jp", Name: "職員", Role: auth.Counselor}, apperr.Validation, "input.password"},
			{"taken e-mail", account.StaffInput{Email: "taken@example.jp", Password: goodPassword, Name: "職員", Role: auth.Counselor}, apperr.Conflict, ""},
		}
		for _, tt := range bad {
			_, err := e.svc.CreateStaff(admin, tt.in)
			wantCode(t, "CreateStaff("+tt.name+")", err, tt.code, tt.field)
		}
		if diff := cmp.Diff(before, e.counts(t)); diff != "" {
			t.Errorf("refused CreateStaff calls wrote rows (-before +after):\n%s", diff)
		}
	})
}

func TestSearchJobSeekers(t *testing.T) {
	t.Parallel()
	storetest.ForEachDialect(t, func(t *testing.T, d store.Dialect) {
		e := newEnv(t, d)
		staff := e.counselor(t)
		names := []string{"山田 太郎", "鈴木 花子", "佐藤 一郎", "田中 100%", "高橋 a_b"}
		var ids []int64
		for i, name := range names {
			in := e.nextInput()
			in.Name = name
			in.Email = fmt.Sprintf("person%d@Example.jp", i+1)
			in.JobSeekerNumber = fmt.Sprintf("45040-200000%d", i+1)
			in.Phone = fmt.Sprintf("0986-22-123%d", i+1)
			a, _ := e.signUp(t, in)
			ids = append(ids, a.ID)
		}

		// Pages of two: 2 + 2 + 1.
		var got []int64
		var hasNext []bool
		after := ""
		for range 4 {
			p, err := e.svc.SearchJobSeekers(staff, "", 2, after)
			if err != nil {
				t.Fatalf("SearchJobSeekers(first 2, after %q) error: %v", after, err)
			}
			for _, a := range p.Items {
				got = append(got, a.ID)
				if a.JobSeeker == nil {
					t.Errorf("SearchJobSeekers item %d has no JobSeeker", a.ID)
				}
			}
			hasNext = append(hasNext, p.HasNextPage)
			if want := account.EncodeCursor(p.Items[len(p.Items)-1].ID); p.EndCursor != want {
				t.Errorf("EndCursor = %q, want %q", p.EndCursor, want)
			}
			if !p.HasNextPage {
				break
			}
			after = p.EndCursor
		}
		if diff := cmp.Diff(ids, got); diff != "" {
			t.Errorf("paging through SearchJobSeekers mismatch (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff([]bool{true, true, false}, hasNext); diff != "" {
			t.Errorf("HasNextPage per page mismatch (-want +got):\n%s", diff)
		}
		p, err := e.svc.SearchJobSeekers(staff, "", account.MaxPageSize, account.EncodeCursor(ids[4]))
		if err != nil || len(p.Items) != 0 || p.HasNextPage || p.EndCursor != "" {
			t.Errorf("SearchJobSeekers after the last = %+v, %v; want an empty page", p, err)
		}

		for _, first := range []int{0, -1, account.MaxPageSize + 1} {
			_, err := e.svc.SearchJobSeekers(staff, "", first, "")
			wantCode(t, fmt.Sprintf("SearchJobSeekers(first %d)", first), err, apperr.Validation, "first")
		}
		for _, cursor := range []string{"!!!", "bm90IGFuIGlk", base64.RawURLEncoding.EncodeToString([]byte("id:-1")),
			base64.RawURLEncoding.EncodeToString([]byte("id:x")), strings.Repeat("A", 65)} {
			_, err := e.svc.SearchJobSeekers(staff, "", 10, cursor)
			wantCode(t, fmt.Sprintf("SearchJobSeekers(after %q)", cursor), err, apperr.Validation, "after")
		}
		_, err = e.svc.SearchJobSeekers(staff, strings.Repeat("あ", 101), 10, "")
		wantCode(t, "SearchJobSeekers(long search)", err, apperr.Validation, "search")

		searches := []struct {
			search string
			want   []int64
		}{
			{"４５０４０－２０００００３", ids[2:3]}, // full-width 求職番号
			{"45040ー2000003", ids[2:3]},
			{" 45040-2000003 ", ids[2:3]},
			{"2000004", ids[3:4]},
			{"花子", ids[1:2]},
			{"PERSON5@", ids[4:5]},
			{"example.jp", ids},
			{"%", ids[3:4]}, // LIKE wildcards are literal
			{"a_b", ids[4:5]},
			{"_", ids[4:5]},
			{"nobody", nil},
			{"0986-22-1233", ids[2:3]}, // phone numbers, in any written form
			{"0986221232", ids[1:2]},
			{"+81 986 22 1234", ids[3:4]},
			{"０９８６－２２－１２３５", ids[4:5]},
			{"0986-22-1239", nil},
			{"0986", nil},
		}
		for _, tt := range searches {
			p, err := e.svc.SearchJobSeekers(staff, tt.search, 10, "")
			if err != nil {
				t.Errorf("SearchJobSeekers(%q) error: %v", tt.search, err)
				continue
			}
			var got []int64
			for _, a := range p.Items {
				got = append(got, a.ID)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("SearchJobSeekers(%q) = %v, want %v", tt.search, got, tt.want)
			}
		}
	})
}

func TestStaffAccounts(t *testing.T) {
	t.Parallel()
	storetest.ForEachDialect(t, func(t *testing.T, d store.Dialect) {
		e := newEnv(t, d)
		staff := e.counselor(t)
		second := e.newCounselor(t)
		e.signUp(t, e.nextInput())

		got, err := e.svc.StaffAccounts(staff)
		if err != nil {
			t.Fatalf("StaffAccounts error: %v", err)
		}
		var emails []string
		for _, a := range got {
			if !a.Role.Staff() {
				t.Errorf("StaffAccounts lists %s with role %s", a.Email, a.Role)
			}
			emails = append(emails, a.Email)
		}
		slices.Sort(emails)
		want := []string{"admin@example.jp", "counselor1@example.jp", second}
		slices.Sort(want)
		if !slices.Equal(emails, want) {
			t.Errorf("StaffAccounts = %v, want %v", emails, want)
		}
	})
}

func TestDeactivateStaff(t *testing.T) {
	t.Parallel()
	storetest.ForEachDialect(t, func(t *testing.T, d store.Dialect) {
		e := newEnv(t, d)
		admin := e.admin(t)
		email := e.newCounselor(t)
		first, err := e.svc.SignIn(e.ctx, email, goodPassword)
		if err != nil {
			t.Fatalf("SignIn error: %v", err)
		}
		second, err := e.svc.SignIn(e.ctx, email, goodPassword)
		if err != nil {
			t.Fatalf("SignIn (second) error: %v", err)
		}
		id := first.Account.ID

		// Only an administrator, never on themselves, only staff of the office.
		if _, err := e.svc.DeactivateStaff(e.as(t, email), id); apperr.CodeOf(err) != apperr.Forbidden {
			t.Errorf("DeactivateStaff by a counselor: error = %v, want FORBIDDEN", err)
		}
		adminActor, _ := auth.ActorFrom(admin)
		if _, err := e.svc.DeactivateStaff(admin, adminActor.AccountID); apperr.CodeOf(err) != apperr.Validation {
			t.Errorf("DeactivateStaff of oneself: error = %v, want VALIDATION", err)
		}
		js, _ := e.signUp(t, e.nextInput())
		if _, err := e.svc.DeactivateStaff(admin, js.ID); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("DeactivateStaff of a job seeker: error = %v, want NOT_FOUND", err)
		}

		got, err := e.svc.DeactivateStaff(admin, id)
		if err != nil {
			t.Fatalf("DeactivateStaff error: %v", err)
		}
		if got.DeactivatedAt == nil || !got.DeactivatedAt.Equal(e.Clock.Now()) {
			t.Errorf("DeactivatedAt = %v, want %v", got.DeactivatedAt, e.Clock.Now())
		}
		// Every session ends at once.
		for _, s := range []account.Session{first, second} {
			if _, err := e.svc.Authenticate(e.ctx, s.Token); apperr.CodeOf(err) != apperr.Unauthenticated {
				t.Errorf("Authenticate after deactivation: error = %v, want UNAUTHENTICATED", err)
			}
		}
		// No new sign-in, answered as a wrong password.
		if _, err := e.svc.SignIn(e.ctx, email, goodPassword); apperr.CodeOf(err) != apperr.Unauthenticated {
			t.Errorf("SignIn after deactivation: error = %v, want UNAUTHENTICATED", err)
		}
		// No longer listed; deactivating again changes nothing.
		staff, err := e.svc.StaffAccounts(admin)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range staff {
			if a.ID == id {
				t.Errorf("StaffAccounts lists the deactivated account")
			}
		}
		e.Clock.Advance(time.Hour)
		again, err := e.svc.DeactivateStaff(admin, id)
		if err != nil {
			t.Fatalf("DeactivateStaff (again) error: %v", err)
		}
		if !again.DeactivatedAt.Equal(*got.DeactivatedAt) {
			t.Errorf("DeactivateStaff (again): DeactivatedAt = %v, want the first %v", again.DeactivatedAt, got.DeactivatedAt)
		}
	})
}
