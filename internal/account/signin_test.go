package account_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"soudan/internal/account"
	"soudan/internal/apperr"
	"soudan/internal/auth"
	"soudan/internal/store"
	"soudan/internal/store/storetest"
)

func TestSignInSameErrorForUnknownEmailAndWrongPassword(t *testing.T) {
	t.Parallel()
	storetest.ForEachDialect(t, func(t *testing.T, d store.Dialect) {
		e := newEnv(t, d)
		in := e.nextInput()
		e.signUp(t, in)

		tests := []struct {
			name, email, password string
		}{
			{"unknown e-mail", "nobody@example.jp", goodPassword},
			{"wrong password", in.Email, goodPassword + "!"},
			{"password in other case", in.Email, "CORRECT HORSE BATTERY"},
			{"empty password", in.Email, ""},
			{"malformed e-mail", "not an address", goodPassword},
			{"e-mail not UTF-8", "taro\xff@example.jp", goodPassword},
			{"wrong password, too long", in.Email, strings.Repeat("x", 200)},
		}
		var want *apperr.Error
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				s, err := e.svc.SignIn(e.ctx, tt.email, tt.password)
				if err == nil {
					t.Fatalf("SignIn(%s) = session until %v, want UNAUTHENTICATED", tt.name, s.ExpiresAt)
				}
				got := appErr(t, "SignIn("+tt.name+")", err)
				if got.Code != apperr.Unauthenticated {
					t.Errorf("SignIn(%s) code = %s, want %s", tt.name, got.Code, apperr.Unauthenticated)
				}
				if want == nil {
					want = got
					return
				}
				if diff := cmp.Diff(*want, *got); diff != "" {
					t.Errorf("SignIn(%s) error differs from SignIn(%s) (-first +this):\n%s", tt.name, tests[0].name, diff)
				}
			})
		}
	})
}

func TestSignInSessions(t *testing.T) {
	t.Parallel()
	storetest.ForEachDialect(t, func(t *testing.T, d store.Dialect) {
		e := newEnv(t, d)
		in := e.nextInput()
		in.Email = "taro@example.jp"
		js, _ := e.signUp(t, in)
		counselorEmail := e.newCounselor(t)

		t0 := e.Clock.Now()
		// The domain of the address is matched without regard to case.
		jsSession := e.signIn(t, " taro@EXAMPLE.JP", goodPassword)
		staffSession := e.signIn(t, counselorEmail, goodPassword)
		if jsSession.Token == "" || jsSession.Token == staffSession.Token {
			t.Fatalf("SignIn tokens %q and %q, want two different non-empty tokens", jsSession.Token, staffSession.Token)
		}
		if want := t0.Add(account.JobSeekerSessionTTL); !jsSession.ExpiresAt.Equal(want) {
			t.Errorf("job seeker session ExpiresAt = %v, want %v (30 days)", jsSession.ExpiresAt, want)
		}
		if want := t0.Add(account.StaffSessionTTL); !staffSession.ExpiresAt.Equal(want) {
			t.Errorf("staff session ExpiresAt = %v, want %v (12 hours)", staffSession.ExpiresAt, want)
		}
		if jsSession.Account.ID != js.ID {
			t.Errorf("SignIn Account.ID = %d, want %d", jsSession.Account.ID, js.ID)
		}

		authenticate := func(what, token string) (auth.Actor, error) {
			t.Helper()
			a, err := e.svc.Authenticate(e.ctx, token)
			if err != nil {
				wantCode(t, "Authenticate("+what+")", err, apperr.Unauthenticated, "")
			}
			return a, err
		}
		got, err := authenticate("job seeker", jsSession.Token)
		if err != nil {
			t.Fatalf("Authenticate(job seeker) error: %v", err)
		}
		wantActor := auth.Actor{AccountID: js.ID, Role: auth.JobSeeker, OfficeID: js.OfficeID}
		if diff := cmp.Diff(wantActor, got, cmpActor); diff != "" {
			t.Errorf("Authenticate(job seeker) mismatch (-want +got):\n%s", diff)
		}
		if got.TokenHash == "" || got.TokenHash == jsSession.Token {
			t.Errorf("Authenticate: TokenHash = %q, want the hash of the token, not the token", got.TokenHash)
		}
		got, err = authenticate("staff", staffSession.Token)
		if err != nil {
			t.Fatalf("Authenticate(staff) error: %v", err)
		}
		if got.Role != auth.Counselor || got.AccountID == js.ID || got.OfficeID != js.OfficeID {
			t.Errorf("Authenticate(staff) = %+v, want a COUNSELOR of office %d", got, js.OfficeID)
		}
		for _, bad := range []string{"", "x", auth.HashToken(jsSession.Token)} {
			if _, err := e.svc.Authenticate(e.ctx, bad); err == nil {
				t.Errorf("Authenticate(%q) error = nil, want UNAUTHENTICATED", bad)
			} else {
				wantCode(t, "Authenticate(bad token)", err, apperr.Unauthenticated, "")
			}
		}

		steps := []struct {
			at               time.Duration // after t0
			jobSeeker, staff bool          // whether each session still works
		}{
			{account.StaffSessionTTL - time.Minute, true, true},
			{account.StaffSessionTTL + time.Minute, true, false},
			{account.JobSeekerSessionTTL - time.Minute, true, false},
			{account.JobSeekerSessionTTL + time.Minute, false, false},
		}
		for _, step := range steps {
			e.Clock.Set(t0.Add(step.at))
			_, err := authenticate("job seeker", jsSession.Token)
			if got := err == nil; got != step.jobSeeker {
				t.Errorf("at t0+%v: job seeker session works = %v, want %v", step.at, got, step.jobSeeker)
			}
			_, err = authenticate("staff", staffSession.Token)
			if got := err == nil; got != step.staff {
				t.Errorf("at t0+%v: staff session works = %v, want %v", step.at, got, step.staff)
			}
		}
	})
}

// cmpActor compares actors on who they are, not on the session details.
var cmpActor = cmp.FilterPath(func(p cmp.Path) bool {
	f := p.Last().String()
	return f == ".TokenHash" || f == ".ExpiresAt"
}, cmp.Ignore())

func TestSignOut(t *testing.T) {
	t.Parallel()
	storetest.ForEachDialect(t, func(t *testing.T, d store.Dialect) {
		e := newEnv(t, d)
		in := e.nextInput()
		e.signUp(t, in)
		first := e.signIn(t, in.Email, goodPassword)
		second := e.signIn(t, in.Email, goodPassword)

		actor, err := e.svc.Authenticate(e.ctx, first.Token)
		if err != nil {
			t.Fatalf("Authenticate(first) error: %v", err)
		}
		if err := e.svc.SignOut(auth.WithActor(e.ctx, actor)); err != nil {
			t.Fatalf("SignOut error: %v", err)
		}
		_, err = e.svc.Authenticate(e.ctx, first.Token)
		wantCode(t, "Authenticate(signed-out session)", err, apperr.Unauthenticated, "")
		if _, err := e.svc.Authenticate(e.ctx, second.Token); err != nil {
			t.Errorf("Authenticate(other session of the same account) error: %v, want it to still work", err)
		}

		err = e.svc.SignOut(e.ctx)
		wantCode(t, "SignOut(anonymous)", err, apperr.Unauthenticated, "")
	})
}

func TestSignInRateLimitPerAccount(t *testing.T) {
	t.Parallel()
	storetest.ForEachDialect(t, func(t *testing.T, d store.Dialect) {
		e := newEnv(t, d)
		in := e.nextInput()
		e.signUp(t, in)
		t0 := e.Clock.Now()

		// Five failures, one a minute, from two addresses.
		for i := range 5 {
			ip := []string{"198.51.100.1", "198.51.100.2"}[i%2]
			_, err := e.svc.SignIn(e.from(ip), in.Email, fmt.Sprintf("wrong password %d", i))
			wantCode(t, fmt.Sprintf("SignIn(wrong password #%d)", i+1), err, apperr.Unauthenticated, "")
			if i < 4 {
				e.Clock.Advance(time.Minute)
			}
		}
		// Now t0+4m. Even the right password, from a fresh address, is refused.
		for _, ip := range []string{"198.51.100.1", "203.0.113.9"} {
			_, err := e.svc.SignIn(e.from(ip), in.Email, goodPassword)
			wantCode(t, "SignIn(6th attempt from "+ip+")", err, apperr.RateLimited, "")
		}
		_, err := e.svc.SignIn(e.ctx, in.Email, goodPassword)
		got := appErr(t, "SignIn(6th attempt)", err)
		// The oldest failure (t0) leaves the window at t0+15m.
		if want := t0.Add(15 * time.Minute).Sub(e.Clock.Now()); got.RetryAfter != want {
			t.Errorf("RetryAfter = %v, want %v", got.RetryAfter, want)
		}

		e.Clock.Advance(got.RetryAfter - time.Second)
		_, err = e.svc.SignIn(e.ctx, in.Email, goodPassword)
		wantCode(t, "SignIn(a second before RetryAfter)", err, apperr.RateLimited, "")

		// At t0+15m the first failure has left the window: four remain.
		e.Clock.Advance(time.Second)
		if _, err := e.svc.SignIn(e.ctx, in.Email, goodPassword); err != nil {
			t.Fatalf("SignIn after RetryAfter error: %v, want success", err)
		}
		// One more failure makes five within the window again.
		_, err = e.svc.SignIn(e.ctx, in.Email, "wrong password 5")
		wantCode(t, "SignIn(wrong password #6)", err, apperr.Unauthenticated, "")
		_, err = e.svc.SignIn(e.ctx, in.Email, goodPassword)
		wantCode(t, "SignIn(after a 5th failure in the window)", err, apperr.RateLimited, "")

		// Fifteen quiet minutes later everything has left the window.
		e.Clock.Set(t0.Add(30 * time.Minute))
		if _, err := e.svc.SignIn(e.ctx, in.Email, goodPassword); err != nil {
			t.Errorf("SignIn 15 minutes after the last failure error: %v, want success", err)
		}
	})
}

func TestSignInRateLimitPerIP(t *testing.T) {
	t.Parallel()
	storetest.ForEachDialect(t, func(t *testing.T, d store.Dialect) {
		e := newEnv(t, d)
		in := e.nextInput()
		e.signUp(t, in)
		const attacker, other = "198.51.100.66", "203.0.113.5"

		for i := range 20 {
			_, err := e.svc.SignIn(e.from(attacker), fmt.Sprintf("guess%d@example.jp", i), goodPassword)
			wantCode(t, fmt.Sprintf("SignIn(guess #%d)", i+1), err, apperr.Unauthenticated, "")
		}
		_, err := e.svc.SignIn(e.from(attacker), in.Email, goodPassword)
		wantCode(t, "SignIn(21st e-mail from the same IP)", err, apperr.RateLimited, "")
		if got := appErr(t, "SignIn(21st)", err); got.RetryAfter <= 0 || got.RetryAfter > 15*time.Minute {
			t.Errorf("RetryAfter = %v, want within (0, 15m]", got.RetryAfter)
		}
		if _, err := e.svc.SignIn(e.from(other), in.Email, goodPassword); err != nil {
			t.Errorf("SignIn from another IP error: %v, want success", err)
		}

		e.Clock.Advance(15 * time.Minute)
		if _, err := e.svc.SignIn(e.from(attacker), in.Email, goodPassword); err != nil {
			t.Errorf("SignIn from the IP 15 minutes later error: %v, want success", err)
		}
	})
}

// A password stored with older parameters is re-hashed with the current
// ones at the next sign-in, and keeps working.
func TestSignInUpgradesOldHashes(t *testing.T) {
	t.Parallel()
	storetest.ForEachDialect(t, func(t *testing.T, d store.Dialect) {
		e := newEnv(t, d)
		in := e.nextInput()
		js, _ := e.signUp(t, in)
		hashOf := func() string {
			var h string
			if err := e.Store.DB().QueryRow("SELECT password_hash FROM accounts WHERE id = ?", js.ID).Scan(&h); err != nil {
				t.Fatal(err)
			}
			return h
		}
		old := hashOf()
		e.signIn(t, in.Email, goodPassword)
		if hashOf() != old {
			t.Fatal("a hash with the current parameters was rewritten")
		}
		e.svc.PasswordParams.Iterations++
		e.signIn(t, in.Email, goodPassword)
		upgraded := hashOf()
		if upgraded == old || !strings.Contains(upgraded, fmt.Sprintf("t=%d", e.svc.PasswordParams.Iterations)) {
			t.Errorf("hash after sign-in = %q, want one with t=%d", upgraded, e.svc.PasswordParams.Iterations)
		}
		e.signIn(t, in.Email, goodPassword)
	})
}
