package account_test

import (
	"fmt"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"soudan/internal/account"
	"soudan/internal/apperr"
	"soudan/internal/store"
	"soudan/internal/store/storetest"
)

// parallel runs f n times at once and counts the error codes ("" for
// success).
func parallel(n int, f func(i int) error) map[apperr.Code]int {
	var wg sync.WaitGroup
	var mu sync.Mutex
	codes := map[apperr.Code]int{}
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := f(i)
			code := apperr.Code("")
			if err != nil {
				code = apperr.CodeOf(err)
			}
			mu.Lock()
			codes[code]++
			mu.Unlock()
		}()
	}
	wg.Wait()
	return codes
}

func TestVerifyEmailTokenWorksOnceUnderConcurrency(t *testing.T) {
	t.Parallel()
	storetest.ForEachDialect(t, func(t *testing.T, d store.Dialect) {
		e := newEnv(t, d)
		_, token := e.signUp(t, e.nextInput())
		got := parallel(8, func(int) error {
			_, err := e.svc.VerifyEmail(e.ctx, token)
			return err
		})
		if diff := cmp.Diff(map[apperr.Code]int{"": 1, apperr.NotFound: 7}, got); diff != "" {
			t.Errorf("8 concurrent VerifyEmail(same token): codes mismatch (-want +got):\n%s", diff)
		}
	})
}

func TestSignUpConcurrentDuplicates(t *testing.T) {
	t.Parallel()
	storetest.ForEachDialect(t, func(t *testing.T, d store.Dialect) {
		e := newEnv(t, d)
		in := e.nextInput()
		got := parallel(8, func(i int) error {
			in := in
			in.JobSeekerNumber = fmt.Sprintf("45040-900000%d", i)
			_, err := e.svc.SignUp(e.ctx, in)
			return err
		})
		// Every one answers alike; one account is created, the others mail
		// the registered address.
		if diff := cmp.Diff(map[apperr.Code]int{"": 8}, got); diff != "" {
			t.Errorf("8 concurrent SignUp(same e-mail): codes mismatch (-want +got):\n%s", diff)
		}
		if n := e.counts(t); n["accounts"] != 1 || n["job_seekers"] != 1 || n["mail_outbox"] != 8 {
			t.Errorf("after concurrent sign-ups: rows %v, want one account and profile, eight mails", n)
		}
	})
}

// A burst of wrong passwords for one account checks no more passwords than
// the limit allows: the rest are RATE_LIMITED unchecked.
func TestSignInBurstRespectsTheLimit(t *testing.T) {
	t.Parallel()
	storetest.ForEachDialect(t, func(t *testing.T, d store.Dialect) {
		e := newEnv(t, d)
		in := e.nextInput()
		e.signUp(t, in)
		got := parallel(30, func(i int) error {
			_, err := e.svc.SignIn(e.from(fmt.Sprintf("192.0.2.%d", i+1)), in.Email, "wrong-password-99")
			return err
		})
		checked := got[apperr.Unauthenticated]
		if checked > account.DefaultSignInLimits.PerAccount || checked+got[apperr.RateLimited] != 30 {
			t.Errorf("30 concurrent wrong passwords: %v; want at most %d checked (UNAUTHENTICATED), the rest RATE_LIMITED",
				got, account.DefaultSignInLimits.PerAccount)
		}
		if _, err := e.svc.SignIn(e.from("198.51.100.1"), in.Email, in.Password); checked == account.DefaultSignInLimits.PerAccount && apperr.CodeOf(err) != apperr.RateLimited {
			t.Errorf("right password after the burst: %v, want RATE_LIMITED", err)
		}
	})
}
