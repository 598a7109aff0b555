package store_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"soudan/internal/account"
	"soudan/internal/apperr"
	"soudan/internal/auth"
	"soudan/internal/calendar"
	"soudan/internal/mail"
	"soudan/internal/store"
	"soudan/internal/store/storetest"
	"soudan/internal/validate"
)

// accountTables are the tables sign-up writes to.
var accountTables = []string{"accounts", "job_seekers", "auth_tokens", "mail_outbox"}

func TestCreateJobSeeker(t *testing.T) {
	ctx := context.Background()
	storetest.ForEachDialect(t, func(t *testing.T, d store.Dialect) {
		st := storetest.Open(t, d)
		o := seededOffice(t, st)

		created := createJobSeeker(t, st, seeker{officeID: o.ID, email: "taro@example.com", name: "山田 太郎",
			number: "45040-12345678", phone: "+819012345678"})
		want := account.Account{
			ID: created.ID, OfficeID: o.ID, Email: "taro@example.com", Role: auth.JobSeeker, Name: "山田 太郎",
			CreatedAt: t0,
			JobSeeker: &account.JobSeeker{
				AccountID: created.ID, Name: "山田 太郎", Email: "taro@example.com", Number: "45040-12345678",
				Phone:     validate.Phone{E164: "+819012345678", National: "090-1234-5678"},
				CreatedAt: t0,
			},
		}
		if created.ID == 0 {
			t.Fatal("CreateJobSeeker returned ID 0")
		}
		if diff := cmp.Diff(want, created); diff != "" {
			t.Errorf("CreateJobSeeker mismatch (-want +got):\n%s", diff)
		}

		got, err := st.AccountByID(ctx, created.ID)
		if err != nil {
			t.Fatalf("AccountByID: %v", err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("AccountByID mismatch (-want +got):\n%s", diff)
		}

		got, hash, err := st.Credentials(ctx, "taro@example.com")
		if err != nil {
			t.Fatalf("Credentials: %v", err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("Credentials mismatch (-want +got):\n%s", diff)
		}
		if hash != "$argon2id$test" {
			t.Errorf("Credentials hash = %q, want %q", hash, "$argon2id$test")
		}

		// The verification token was written with the account.
		id, err := st.ConsumeToken(ctx, hashOf("verify taro@example.com"), "verify_email", t0)
		if err != nil || id != created.ID {
			t.Errorf("ConsumeToken(verify) = %d, %v; want %d, nil", id, err, created.ID)
		}
		if err := st.MarkEmailVerified(ctx, created.ID, t0.Add(time.Minute)); err != nil {
			t.Fatalf("MarkEmailVerified: %v", err)
		}
		got, err = st.AccountByID(ctx, created.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.EmailVerifiedAt == nil || !got.EmailVerifiedAt.Equal(t0.Add(time.Minute)) {
			t.Errorf("EmailVerifiedAt = %v, want %v", got.EmailVerifiedAt, t0.Add(time.Minute))
		}

		if _, err := st.AccountByID(ctx, created.ID+1000); !errors.Is(err, apperr.ErrNotFound) {
			t.Errorf("AccountByID(unknown) = %v, want ErrNotFound", err)
		}
		if _, _, err := st.Credentials(ctx, "nobody@example.com"); !errors.Is(err, apperr.ErrNotFound) {
			t.Errorf("Credentials(unknown) = %v, want ErrNotFound", err)
		}
	})
}

func TestCreateJobSeekerDuplicate(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name   string
		second seeker
	}{
		{"SameEmail", seeker{email: "taro@example.com", name: "別人", number: "45040-00000002", verify: "second"}},
		{"SameNumber", seeker{email: "other@example.com", name: "別人", number: "45040-00000001"}},
	}
	storetest.ForEachDialect(t, func(t *testing.T, d store.Dialect) {
		st := storetest.Open(t, d)
		o := seededOffice(t, st)
		createJobSeeker(t, st, seeker{officeID: o.ID, email: "taro@example.com", name: "山田 太郎", number: "45040-00000001"})
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				before := storetest.CountRows(t, st, accountTables...)
				s := tt.second
				s.officeID = o.ID
				n, m := s.newJobSeeker(t)
				_, err := st.CreateJobSeeker(ctx, n, m)
				if !errors.Is(err, account.ErrDuplicate) {
					t.Errorf("CreateJobSeeker = %v, want ErrDuplicate", err)
				}
				if diff := cmp.Diff(before, storetest.CountRows(t, st, accountTables...)); diff != "" {
					t.Errorf("a refused sign-up wrote rows (-before +after):\n%s", diff)
				}
			})
		}

		t.Run("StaffSameEmail", func(t *testing.T) {
			before := storetest.CountRows(t, st, accountTables...)
			a := account.Account{OfficeID: o.ID, Email: "taro@example.com", Role: auth.Counselor, Name: "職員", CreatedAt: t0}
			m := mail.Outgoing{To: "taro@example.com", Subject: "s", Body: "b", MessageID: mail.NewMessageID("test.invalid")}
			if _, err := st.CreateStaff(ctx, a, "h", m); !errors.Is(err, account.ErrDuplicate) {
				t.Errorf("CreateStaff = %v, want ErrDuplicate", err)
			}
			if diff := cmp.Diff(before, storetest.CountRows(t, st, accountTables...)); diff != "" {
				t.Errorf("a refused staff account wrote rows (-before +after):\n%s", diff)
			}
		})
	})
}

func TestRegistrationRoster(t *testing.T) {
	ctx := context.Background()
	storetest.ForEachDialect(t, func(t *testing.T, d store.Dialect) {
		st := storetest.Open(t, d)
		o := seededOffice(t, st)
		other := addOffice(t, st, "45041")
		staff := createStaff(t, st, o.ID, "staff@example.com", mail.Outgoing{})
		importAt := t0.Add(-time.Hour)

		n, _, err := st.ImportRegistrations(ctx, o.ID, []account.Registration{
			{Number: "45040-00000001", Name: "山田 太郎"},
		}, staff.ID, importAt, validate.SameName)
		if err != nil || n != 0 {
			t.Fatalf("ImportRegistrations before sign-up = %d, %v; want 0, nil", n, err)
		}
		if _, _, err := st.ImportRegistrations(ctx, other.ID, []account.Registration{
			{Number: "45040-00000002", Name: "別の所の名簿"},
		}, staff.ID, importAt, validate.SameName); err != nil {
			t.Fatal(err)
		}

		onRoster := createJobSeeker(t, st, seeker{officeID: o.ID, email: "a@example.com", name: "山田 太郎", number: "45040-00000001"})
		if v := onRoster.JobSeeker.RegistrationVerifiedAt; v == nil || !v.Equal(t0) {
			t.Errorf("on the roster: RegistrationVerifiedAt = %v, want %v", v, t0)
		}
		// A number on another office's roster is not verified here.
		elsewhere := createJobSeeker(t, st, seeker{officeID: o.ID, email: "b@example.com", name: "佐藤", number: "45040-00000002"})
		if v := elsewhere.JobSeeker.RegistrationVerifiedAt; v != nil {
			t.Errorf("on another office's roster: RegistrationVerifiedAt = %v, want nil", v)
		}

		// Importing the roster later verifies the job seeker who signed up.
		later := t0.Add(time.Hour)
		n, _, err = st.ImportRegistrations(ctx, o.ID, []account.Registration{
			{Number: "45040-00000001", Name: "山田 太郎"},
			{Number: "45040-00000002", Name: "佐藤"},
		}, staff.ID, later, validate.SameName)
		if err != nil || n != 1 {
			t.Errorf("ImportRegistrations after sign-up = %d, %v; want 1, nil", n, err)
		}
		got, err := st.AccountByID(ctx, elsewhere.ID)
		if err != nil {
			t.Fatal(err)
		}
		if v := got.JobSeeker.RegistrationVerifiedAt; v == nil || !v.Equal(later) {
			t.Errorf("after import: RegistrationVerifiedAt = %v, want %v", v, later)
		}
		got, err = st.AccountByID(ctx, onRoster.ID)
		if err != nil {
			t.Fatal(err)
		}
		if v := got.JobSeeker.RegistrationVerifiedAt; v == nil || !v.Equal(t0) {
			t.Errorf("re-import changed an earlier verification: %v, want %v", v, t0)
		}
		if got := storetest.CountRows(t, st, "registrations")["registrations"]; got != 3 {
			t.Errorf("registrations rows = %d, want 3 (upsert, not insert)", got)
		}

		// A roster larger than one batch, with a number listed twice; the
		// job seeker's number is in the last batch.
		late := createJobSeeker(t, st, seeker{officeID: o.ID, email: "c@example.com", name: "鈴木", number: "45040-20001100"})
		var big []account.Registration
		for i := range 1200 {
			name := "名簿"
			if i == 1100 {
				name = "鈴木"
			}
			big = append(big, account.Registration{Number: fmt.Sprintf("45040-2000%04d", i), Name: name})
		}
		big = append(big, account.Registration{Number: "45040-20000000", Name: "二度目"})
		n, _, err = st.ImportRegistrations(ctx, o.ID, big, staff.ID, later, validate.SameName)
		if err != nil || n != 1 {
			t.Errorf("ImportRegistrations(1201 rows) = %d, %v; want 1, nil", n, err)
		}
		if got := storetest.CountRows(t, st, "registrations")["registrations"]; got != 3+1200 {
			t.Errorf("registrations rows = %d, want %d", got, 3+1200)
		}
		got, err = st.AccountByID(ctx, late.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.JobSeeker.RegistrationVerifiedAt == nil {
			t.Error("job seeker in the last batch of a large roster is not verified")
		}
	})
}

func TestVerifyRegistration(t *testing.T) {
	ctx := context.Background()
	storetest.ForEachDialect(t, func(t *testing.T, d store.Dialect) {
		st := storetest.Open(t, d)
		o := seededOffice(t, st)
		staff := createStaff(t, st, o.ID, "staff@example.com", mail.Outgoing{})
		js := createJobSeeker(t, st, seeker{officeID: o.ID, email: "a@example.com", name: "山田", number: "45040-00000001"})

		if err := st.VerifyRegistration(ctx, o.ID, js.ID, staff.ID, t0.Add(time.Hour)); err != nil {
			t.Fatalf("VerifyRegistration: %v", err)
		}
		// A second verification keeps the first date.
		if err := st.VerifyRegistration(ctx, o.ID, js.ID, staff.ID, t0.Add(2*time.Hour)); err != nil {
			t.Fatalf("VerifyRegistration again: %v", err)
		}
		got, err := st.AccountByID(ctx, js.ID)
		if err != nil {
			t.Fatal(err)
		}
		if v := got.JobSeeker.RegistrationVerifiedAt; v == nil || !v.Equal(t0.Add(time.Hour)) {
			t.Errorf("RegistrationVerifiedAt = %v, want %v", v, t0.Add(time.Hour))
		}
	})
}

// rawCells returns every cell of every row of table as text.
func rawCells(t *testing.T, st *store.Store, table string) []string {
	t.Helper()
	rows, err := st.DB().Query("SELECT * FROM " + table)
	if err != nil {
		t.Fatalf("SELECT * FROM %s: %v", table, err)
	}
	cols, err := rows.Columns()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		for _, v := range vals {
			switch v := v.(type) {
			case []byte:
				out = append(out, string(v))
			case string:
				out = append(out, v)
			default:
				out = append(out, fmt.Sprint(v))
			}
		}
	}
	closeRows(t, rows)
	return out
}

func TestNoPlaintextAtRest(t *testing.T) {
	ctx := context.Background()
	var b [16]byte
	_, _ = rand.Read(b[:])
	token := hex.EncodeToString(b[:])
	const reason = "窓口で暴言があったため"

	storetest.ForEachDialect(t, func(t *testing.T, d store.Dialect) {
		st := storetest.Open(t, d)
		o := seededOffice(t, st)
		staff := createStaff(t, st, o.ID, "staff@example.com", mail.Outgoing{})
		js := createJobSeeker(t, st, seeker{officeID: o.ID, email: "a@example.com", name: "山田", number: "45040-00000001",
			phone: "+819012345678", body: "確認リンク: https://soudan.example/verify?token=" + token + "\n"})
		if _, err := st.Suspend(ctx, o.ID, js.ID, reason, nil, staff.ID, t0, account.CancelledBySuspension{}); err != nil {
			t.Fatalf("Suspend: %v", err)
		}

		// The store still hands everything back in plain text.
		got, err := st.AccountByID(ctx, js.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.JobSeeker.Phone.E164 != "+819012345678" || got.JobSeeker.Suspension == nil || got.JobSeeker.Suspension.Reason != reason {
			t.Fatalf("AccountByID = %+v, want the phone and the suspension reason back", got.JobSeeker)
		}
		msgs, err := st.Claim(ctx, "w", t0.Add(time.Second), time.Minute, 10)
		if err != nil || len(msgs) != 1 || !strings.Contains(msgs[0].Body, token) {
			t.Fatalf("Claim = %v, %v; want the one mail with the token", msgs, err)
		}

		needles := []string{"9012345678", "090-1234-5678", token, reason}
		cells := 0
		for table := range readSchema(t, st) {
			for _, cell := range rawCells(t, st, table) {
				cells++
				for _, n := range needles {
					if strings.Contains(cell, n) {
						t.Errorf("table %s holds %q in plain text: %q", table, n, cell)
					}
				}
			}
		}
		// Make sure the scan saw the sealed columns at all.
		if js := rawCells(t, st, "job_seekers"); len(js) == 0 {
			t.Error("job_seekers is empty")
		}
		if mo := rawCells(t, st, "mail_outbox"); len(mo) == 0 {
			t.Error("mail_outbox is empty")
		}
		if cells == 0 {
			t.Error("no cells scanned")
		}
	})
}

func TestConsumeToken(t *testing.T) {
	ctx := context.Background()
	storetest.ForEachDialect(t, func(t *testing.T, d store.Dialect) {
		st := storetest.Open(t, d)
		o := seededOffice(t, st)
		a := createStaff(t, st, o.ID, "staff@example.com", mail.Outgoing{})
		expires := t0.Add(time.Hour)
		add := func(label, purpose string) string {
			t.Helper()
			h := hashOf(label)
			if err := st.AddToken(ctx, h, purpose, a.ID, t0, expires, mail.Outgoing{}); err != nil {
				t.Fatalf("AddToken(%s): %v", label, err)
			}
			return h
		}
		revoked := add("revoked", "reset")
		if err := st.RevokeToken(ctx, revoked, t0); err != nil {
			t.Fatal(err)
		}

		tests := []struct {
			name    string
			hash    string
			purpose string
			now     time.Time
			wantOK  bool
		}{
			{"Live", add("live", "reset"), "reset", expires.Add(-time.Second), true},
			{"Expired", add("expired", "reset"), "reset", expires, false},
			{"WrongPurpose", add("purpose", "reset"), "verify_email", t0, false},
			{"Unknown", hashOf("unknown"), "reset", t0, false},
			{"Revoked", revoked, "reset", t0, false},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				id, err := st.ConsumeToken(ctx, tt.hash, tt.purpose, tt.now)
				if !tt.wantOK {
					if !errors.Is(err, apperr.ErrNotFound) {
						t.Errorf("ConsumeToken = %d, %v; want ErrNotFound", id, err)
					}
					return
				}
				if err != nil || id != a.ID {
					t.Fatalf("ConsumeToken = %d, %v; want %d, nil", id, err, a.ID)
				}
				if id, err := st.ConsumeToken(ctx, tt.hash, tt.purpose, tt.now); !errors.Is(err, apperr.ErrNotFound) {
					t.Errorf("second ConsumeToken = %d, %v; want ErrNotFound", id, err)
				}
			})
		}
	})
}

func TestConsumeTokenConcurrent(t *testing.T) {
	ctx := context.Background()
	storetest.ForEachDialect(t, func(t *testing.T, d store.Dialect) {
		st := storetest.Open(t, d)
		o := seededOffice(t, st)
		a := createStaff(t, st, o.ID, "staff@example.com", mail.Outgoing{})
		h := hashOf("race")
		if err := st.AddToken(ctx, h, "reset", a.ID, t0, t0.Add(time.Hour), mail.Outgoing{}); err != nil {
			t.Fatal(err)
		}

		const n = 10
		errs := make([]error, n)
		start := make(chan struct{})
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				<-start
				// Distinct times, so that a second write is a change even
				// to MySQL's count of affected rows.
				_, errs[i] = st.ConsumeToken(ctx, h, "reset", t0.Add(time.Minute+time.Duration(i)*time.Millisecond))
			})
		}
		close(start)
		wg.Wait()

		ok := 0
		for i, err := range errs {
			switch {
			case err == nil:
				ok++
			case !errors.Is(err, apperr.ErrNotFound):
				t.Errorf("goroutine %d: ConsumeToken = %v, want nil or ErrNotFound", i, err)
			}
		}
		if ok != 1 {
			t.Errorf("%d of %d concurrent ConsumeToken calls succeeded, want exactly 1", ok, n)
		}
	})
}

func TestSessionByTokenHash(t *testing.T) {
	ctx := context.Background()
	storetest.ForEachDialect(t, func(t *testing.T, d store.Dialect) {
		st := storetest.Open(t, d)
		o := seededOffice(t, st)
		js := createJobSeeker(t, st, seeker{officeID: o.ID, email: "a@example.com", name: "山田", number: "45040-00000001"})
		expires := t0.Add(time.Hour)
		for _, label := range []string{"live", "revoked"} {
			if err := st.AddToken(ctx, hashOf(label), "session", js.ID, t0, expires, mail.Outgoing{}); err != nil {
				t.Fatal(err)
			}
		}
		if err := st.RevokeToken(ctx, hashOf("revoked"), t0.Add(time.Minute)); err != nil {
			t.Fatal(err)
		}

		got, err := st.SessionByTokenHash(ctx, hashOf("live"), t0.Add(time.Minute))
		if err != nil {
			t.Fatalf("SessionByTokenHash(live): %v", err)
		}
		want := auth.Actor{AccountID: js.ID, Role: auth.JobSeeker, OfficeID: o.ID, TokenHash: hashOf("live"), ExpiresAt: expires}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("SessionByTokenHash mismatch (-want +got):\n%s", diff)
		}
		gotActor, gotAccount, err := st.SessionAccount(ctx, hashOf("live"), t0.Add(time.Minute))
		if err != nil {
			t.Fatalf("SessionAccount(live): %v", err)
		}
		if diff := cmp.Diff(want, gotActor); diff != "" {
			t.Errorf("SessionAccount actor mismatch (-want +got):\n%s", diff)
		}
		wantAccount, err := st.AccountByID(ctx, js.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(wantAccount, gotAccount); diff != "" || gotAccount.JobSeeker == nil {
			t.Errorf("SessionAccount account mismatch (-AccountByID +got):\n%s", diff)
		}

		tests := []struct {
			name string
			hash string
			now  time.Time
		}{
			{"Expired", hashOf("live"), expires},
			{"Revoked", hashOf("revoked"), t0.Add(2 * time.Minute)},
			{"NotASession", hashOf("verify a@example.com"), t0},
			{"Unknown", hashOf("unknown"), t0},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				if got, err := st.SessionByTokenHash(ctx, tt.hash, tt.now); !errors.Is(err, apperr.ErrNotFound) {
					t.Errorf("SessionByTokenHash = %+v, %v; want ErrNotFound", got, err)
				}
				if got, _, err := st.SessionAccount(ctx, tt.hash, tt.now); !errors.Is(err, apperr.ErrNotFound) {
					t.Errorf("SessionAccount = %+v, %v; want ErrNotFound", got, err)
				}
			})
		}
	})
}

// Session lookups that wait together are read in one query, and each gets
// its own answer: its account, or not found for a revoked, expired or
// unknown token.
func TestSessionLookupsArrivingTogether(t *testing.T) {
	storetest.ForEachDialect(t, func(t *testing.T, d store.Dialect) {
		ctx := context.Background()
		st := storetest.Open(t, d)
		o := seededOffice(t, st)
		const live = 30
		accounts := make([]int64, live)
		for i, a := range createJobSeekers(t, st, o.ID, live) {
			accounts[i] = a.ID
			if err := st.AddToken(ctx, hashOf(fmt.Sprint("live ", i)), "session", a.ID, t0, t0.Add(time.Hour), mail.Outgoing{}); err != nil {
				t.Fatal(err)
			}
		}
		if err := st.AddToken(ctx, hashOf("short"), "session", accounts[0], t0, t0.Add(time.Minute), mail.Outgoing{}); err != nil {
			t.Fatal(err)
		}
		if err := st.AddToken(ctx, hashOf("revoked"), "session", accounts[0], t0, t0.Add(time.Hour), mail.Outgoing{}); err != nil {
			t.Fatal(err)
		}
		if err := st.RevokeToken(ctx, hashOf("revoked"), t0); err != nil {
			t.Fatal(err)
		}
		// Lookup i < live is of session i; then an expired, a revoked and
		// an unknown one.
		lookups := live + 3
		hash := func(i int) string {
			if i < live {
				return hashOf(fmt.Sprint("live ", i))
			}
			return hashOf([]string{"short", "revoked", "unknown"}[i-live])
		}
		counters := make([]atomic.Int64, lookups)
		accountOf := make([]int64, lookups)
		errs := make([]error, lookups)
		// The readers are held busy until every lookup waits, so that
		// they are read together however the goroutines are scheduled.
		waiting, release := st.HoldSessionReads()
		var done sync.WaitGroup
		for i := range lookups {
			done.Go(func() {
				_, a, err := st.SessionAccount(store.WithQueryCounter(ctx, &counters[i]), hash(i), t0.Add(2*time.Minute))
				accountOf[i], errs[i] = a.ID, err
			})
		}
		releaseWhenWaiting(t, lookups, waiting, release)
		done.Wait()
		var queries int64
		for i := range lookups {
			queries += counters[i].Load()
			switch {
			case i < live && (errs[i] != nil || accountOf[i] != accounts[i]):
				t.Errorf("lookup %d = account %d, %v; want account %d", i, accountOf[i], errs[i], accounts[i])
			case i >= live && !errors.Is(errs[i], apperr.ErrNotFound):
				t.Errorf("lookup %d (%s) = account %d, %v; want ErrNotFound", i, hash(i), accountOf[i], errs[i])
			}
		}
		if queries != 1 {
			t.Errorf("%d lookups waiting together made %d queries, want 1", lookups, queries)
		}
	})
}

func TestSuspend(t *testing.T) {
	ctx := context.Background()
	storetest.ForEachDialect(t, func(t *testing.T, d store.Dialect) {
		st := storetest.Open(t, d)
		o := seededOffice(t, st)
		staff := createStaff(t, st, o.ID, "staff@example.com", mail.Outgoing{})
		alice := createJobSeeker(t, st, seeker{officeID: o.ID, email: "alice@example.com", name: "有栖", number: "45040-00000001"})
		bob := createJobSeeker(t, st, seeker{officeID: o.ID, email: "bob@example.com", name: "凡", number: "45040-00000002"})
		expires := t0.Add(24 * time.Hour)
		sessions := map[string]int64{"alice 1": alice.ID, "alice 2": alice.ID, "bob 1": bob.ID, "staff 1": staff.ID}
		for label, id := range sessions {
			if err := st.AddToken(ctx, hashOf(label), "session", id, t0, expires, mail.Outgoing{}); err != nil {
				t.Fatal(err)
			}
		}

		until := calendar.NewDate(2026, time.June, 30)
		at := t0.Add(time.Hour)
		if _, err := st.Suspend(ctx, o.ID, alice.ID, "理由", &until, staff.ID, at, account.CancelledBySuspension{}); err != nil {
			t.Fatalf("Suspend: %v", err)
		}
		got, err := st.AccountByID(ctx, alice.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := &account.Suspension{Reason: "理由", Since: at, Until: &until}
		if diff := cmp.Diff(want, got.JobSeeker.Suspension); diff != "" {
			t.Errorf("Suspension mismatch (-want +got):\n%s", diff)
		}
		for label, id := range sessions {
			_, err := st.SessionByTokenHash(ctx, hashOf(label), at.Add(time.Minute))
			if id == alice.ID && !errors.Is(err, apperr.ErrNotFound) {
				t.Errorf("session %q of the suspended job seeker: %v, want ErrNotFound", label, err)
			}
			if id != alice.ID && err != nil {
				t.Errorf("session %q of someone else: %v, want it live", label, err)
			}
		}

		// An open-ended suspension.
		if _, err := st.Suspend(ctx, o.ID, bob.ID, "無期限", nil, staff.ID, at, account.CancelledBySuspension{}); err != nil {
			t.Fatalf("Suspend(nil until): %v", err)
		}
		got, err = st.AccountByID(ctx, bob.ID)
		if err != nil {
			t.Fatal(err)
		}
		if s := got.JobSeeker.Suspension; s == nil || s.Until != nil || s.Reason != "無期限" {
			t.Errorf("open-ended Suspension = %+v, want reason 無期限 and no end", s)
		}

		if err := st.Reinstate(ctx, o.ID, alice.ID, "", staff.ID, at.Add(time.Hour)); err != nil {
			t.Fatalf("Reinstate: %v", err)
		}
		got, err = st.AccountByID(ctx, alice.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.JobSeeker.Suspension != nil {
			t.Errorf("after Reinstate: Suspension = %+v, want nil", got.JobSeeker.Suspension)
		}

		if _, err := st.Suspend(ctx, o.ID, alice.ID+1000, "理由", nil, staff.ID, at, account.CancelledBySuspension{}); !errors.Is(err, apperr.ErrNotFound) {
			t.Errorf("Suspend(unknown) = %v, want ErrNotFound", err)
		}
		// A staff account is no job seeker.
		if _, err := st.Suspend(ctx, o.ID, staff.ID, "理由", nil, staff.ID, at, account.CancelledBySuspension{}); !errors.Is(err, apperr.ErrNotFound) {
			t.Errorf("Suspend(staff) = %v, want ErrNotFound", err)
		}
	})
}

// TestOtherOffice proves that staff of one office cannot change a job
// seeker of another office through the store's office-scoped methods.
func TestOtherOffice(t *testing.T) {
	ctx := context.Background()
	storetest.ForEachDialect(t, func(t *testing.T, d store.Dialect) {
		st := storetest.Open(t, d)
		mine := seededOffice(t, st)
		theirs := addOffice(t, st, "45041")
		staff := createStaff(t, st, mine.ID, "staff@example.com", mail.Outgoing{})
		theirStaff := createStaff(t, st, theirs.ID, "their-staff@example.com", mail.Outgoing{})
		js := createJobSeeker(t, st, seeker{officeID: theirs.ID, email: "a@example.com", name: "山田", number: "45041-00000001"})
		if err := st.AddToken(ctx, hashOf("session"), "session", js.ID, t0, t0.Add(24*time.Hour), mail.Outgoing{}); err != nil {
			t.Fatal(err)
		}
		at := t0.Add(time.Hour)

		unchanged := func(t *testing.T, want account.Account) {
			t.Helper()
			got, err := st.AccountByID(ctx, js.ID)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("job seeker of another office changed (-want +got):\n%s", diff)
			}
			if _, err := st.SessionByTokenHash(ctx, hashOf("session"), at); err != nil {
				t.Errorf("their session: %v, want it live", err)
			}
		}

		before, err := st.AccountByID(ctx, js.ID)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.Suspend(ctx, mine.ID, js.ID, "理由", nil, staff.ID, at, account.CancelledBySuspension{}); !errors.Is(err, apperr.ErrNotFound) {
			t.Errorf("Suspend(other office) = %v, want ErrNotFound", err)
		}
		unchanged(t, before)

		if err := st.VerifyRegistration(ctx, mine.ID, js.ID, staff.ID, at); err != nil {
			t.Errorf("VerifyRegistration(other office) = %v", err)
		}
		unchanged(t, before)

		if n, _, err := st.ImportRegistrations(ctx, mine.ID, []account.Registration{{Number: "45041-00000001", Name: "山田"}},
			staff.ID, at, validate.SameName); err != nil || n != 0 {
			t.Errorf("ImportRegistrations(other office's number) = %d, %v; want 0, nil", n, err)
		}
		unchanged(t, before)

		// Suspended by their own office, it stays suspended whatever we do.
		if _, err := st.Suspend(ctx, theirs.ID, js.ID, "理由", nil, theirStaff.ID, at, account.CancelledBySuspension{}); err != nil {
			t.Fatalf("Suspend(own office): %v", err)
		}
		suspended, err := st.AccountByID(ctx, js.ID)
		if err != nil {
			t.Fatal(err)
		}
		if err := st.Reinstate(ctx, mine.ID, js.ID, "", staff.ID, at); err != nil {
			t.Errorf("Reinstate(other office) = %v", err)
		}
		got, err := st.AccountByID(ctx, js.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(suspended, got); diff != "" {
			t.Errorf("Reinstate by another office changed the job seeker (-want +got):\n%s", diff)
		}
	})
}

func TestSignInFailures(t *testing.T) {
	ctx := context.Background()
	storetest.ForEachDialect(t, func(t *testing.T, d store.Dialect) {
		st := storetest.Open(t, d)
		since := t0.Add(-15 * time.Minute)
		for _, f := range []struct {
			email, ip string
			at        time.Time
		}{
			{"a@example.com", "192.0.2.1", since.Add(-time.Minute)}, // before the window
			{"a@example.com", "192.0.2.1", since},                   // on its edge: excluded
			{"a@example.com", "192.0.2.1", since.Add(5 * time.Minute)},
			{"a@example.com", "2001:db8::1", since.Add(7 * time.Minute)},
			{"a@example.com", "192.0.2.1", since.Add(9 * time.Minute)},
			{"b@example.com", "192.0.2.1", since.Add(2 * time.Minute)},
			{"c@example.com", "198.51.100.7", since.Add(3 * time.Minute)},
		} {
			if _, err := st.RecordSignInFailure(ctx, f.email, f.ip, f.at); err != nil {
				t.Fatalf("RecordSignInFailure: %v", err)
			}
		}

		tests := []struct {
			name        string
			email, ip   string
			wantByEmail int
			wantByIP    int
			wantOldest  time.Time
		}{
			{"EmailAndIP", "a@example.com", "192.0.2.1", 3, 3, since.Add(2 * time.Minute)},
			{"OtherIP", "a@example.com", "2001:db8::1", 3, 1, since.Add(5 * time.Minute)},
			{"NoIP", "a@example.com", "", 3, 0, since.Add(5 * time.Minute)},
			{"UnknownEmail", "z@example.com", "198.51.100.7", 0, 1, since.Add(3 * time.Minute)},
			{"Nothing", "z@example.com", "203.0.113.9", 0, 0, time.Time{}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				byEmail, byIP, err := st.SignInFailures(ctx, tt.email, tt.ip, since)
				if err != nil {
					t.Fatalf("SignInFailures: %v", err)
				}
				var oldest time.Time
				for _, list := range [][]time.Time{byEmail, byIP} {
					if !slices.IsSortedFunc(list, time.Time.Compare) {
						t.Errorf("SignInFailures returned %v, want oldest first", list)
					}
					if len(list) > 0 && (oldest.IsZero() || list[0].Before(oldest)) {
						oldest = list[0]
					}
				}
				if len(byEmail) != tt.wantByEmail || len(byIP) != tt.wantByIP || !oldest.Equal(tt.wantOldest) {
					t.Errorf("SignInFailures(%s, %s) = %d, %d, oldest %v; want %d, %d, %v",
						tt.email, tt.ip, len(byEmail), len(byIP), oldest, tt.wantByEmail, tt.wantByIP, tt.wantOldest)
				}
			})
		}

		// Whatever was typed as the e-mail address is recorded and counted
		// (MySQL refuses invalid UTF-8, such as a multi-byte character cut
		// at the column's length).
		awkward := []struct {
			name  string
			email string
		}{
			{"InvalidUTF8", "\xff\xfe@example.com"},
			{"TooLongMultiByte", strings.Repeat("あ", 100) + "@example.com"},
		}
		for _, tt := range awkward {
			t.Run(tt.name, func(t *testing.T) {
				for range 2 {
					if _, err := st.RecordSignInFailure(ctx, tt.email, "203.0.113.50", t0); err != nil {
						t.Fatalf("RecordSignInFailure: %v", err)
					}
				}
				byEmail, _, err := st.SignInFailures(ctx, tt.email, "", since)
				if err != nil || len(byEmail) != 2 {
					t.Errorf("SignInFailures = %d, %v; want 2, nil", len(byEmail), err)
				}
			})
		}
	})
}

func TestForgetSignInFailure(t *testing.T) {
	ctx := context.Background()
	storetest.ForEachDialect(t, func(t *testing.T, d store.Dialect) {
		st := storetest.Open(t, d)
		keep, err := st.RecordSignInFailure(ctx, "f@example.com", "192.0.2.9", t0)
		if err != nil {
			t.Fatal(err)
		}
		drop, err := st.RecordSignInFailure(ctx, "f@example.com", "192.0.2.9", t0.Add(time.Second))
		if err != nil {
			t.Fatal(err)
		}
		if keep == drop {
			t.Fatalf("two failures got the same id %d", keep)
		}
		if err := st.ForgetSignInFailure(ctx, drop); err != nil {
			t.Fatal(err)
		}
		byEmail, byIP, err := st.SignInFailures(ctx, "f@example.com", "192.0.2.9", t0.Add(-time.Minute))
		if err != nil || len(byEmail) != 1 || len(byIP) != 1 || !byEmail[0].Equal(t0) {
			t.Errorf("after forgetting one: %v, %v, %v; want the first failure only", byEmail, byIP, err)
		}
	})
}

func TestJobSeekers(t *testing.T) {
	ctx := context.Background()
	storetest.ForEachDialect(t, func(t *testing.T, d store.Dialect) {
		st := storetest.Open(t, d)
		o := seededOffice(t, st)
		other := addOffice(t, st, "45041")
		ids := map[int64]string{}
		for _, s := range []struct{ label, email, name, number string }{
			{"taro", "Taro.Yamada@Example.com", "山田 太郎", "45040-00000001"},
			{"hanako", "hanako@example.com", "山田 花子", "45040-00000002"},
			{"percent", "sato@example.com", "佐藤 100%達成", "45040-12300000"},
			{"underscore", "suzuki_ichiro@example.jp", "鈴木_一郎", "45040-99999999"},
			{"bang", "tanaka@example.com", "田中!", "45040-55555555"},
			{"latin", "smith@example.net", "Smith John", "45040-77777777"},
		} {
			a := createJobSeeker(t, st, seeker{officeID: o.ID, email: s.email, name: s.name, number: s.number})
			ids[a.ID] = s.label
		}
		// Never listed: staff, and job seekers of another office.
		createStaff(t, st, o.ID, "yamada.staff@example.com", mail.Outgoing{})
		createJobSeeker(t, st, seeker{officeID: other.ID, email: "yamada@other.example", name: "山田 別所", number: "45041-00000001"})

		list := func(t *testing.T, search string, afterID int64, limit int) ([]string, []int64) {
			t.Helper()
			got, err := st.JobSeekers(ctx, o.ID, account.JobSeekerSearch{Text: search}, afterID, limit)
			if err != nil {
				t.Fatalf("JobSeekers(%q, %d, %d): %v", search, afterID, limit, err)
			}
			var labels []string
			var gotIDs []int64
			for _, a := range got {
				label, ok := ids[a.ID]
				if !ok {
					label = fmt.Sprintf("unexpected %d %s %s", a.ID, a.Role, a.Email)
				}
				if a.JobSeeker == nil {
					label += " (no profile)"
				}
				labels = append(labels, label)
				gotIDs = append(gotIDs, a.ID)
			}
			return labels, gotIDs
		}

		tests := []struct {
			name   string
			search string
			want   []string
		}{
			{"All", "", []string{"taro", "hanako", "percent", "underscore", "bang", "latin"}},
			{"NameCaseInsensitiveLower", "smith", []string{"latin"}},
			{"NameCaseInsensitiveUpper", "JOHN", []string{"latin"}},
			{"NameSubstring", "山田", []string{"taro", "hanako"}},
			{"NameMiddle", "花", []string{"hanako"}},
			{"NumberExact", "45040-00000002", []string{"hanako"}},
			{"NumberPart", "1230", []string{"percent"}},
			{"EmailCaseInsensitive", "TARO.YAMADA@EXAMPLE", []string{"taro"}},
			{"EmailLowerFindsMixedCase", "taro.yamada@example.com", []string{"taro"}},
			{"EmailDomain", "example.jp", []string{"underscore"}},
			{"PercentIsLiteral", "%", []string{"percent"}},
			{"PercentInside", "100%達", []string{"percent"}},
			{"UnderscoreIsLiteral", "_", []string{"underscore"}},
			{"EscapeCharIsLiteral", "!", []string{"bang"}},
			{"NoMatch", "存在しない", nil},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				got, _ := list(t, tt.search, 0, 100)
				if diff := cmp.Diff(tt.want, got); diff != "" {
					t.Errorf("JobSeekers(%q) mismatch (-want +got):\n%s", tt.search, diff)
				}
			})
		}

		t.Run("Pagination", func(t *testing.T) {
			var pages [][]string
			after := int64(0)
			for range 10 {
				got, gotIDs := list(t, "", after, 2)
				if len(got) == 0 {
					break
				}
				if !sort.SliceIsSorted(gotIDs, func(i, j int) bool { return gotIDs[i] < gotIDs[j] }) {
					t.Errorf("page %v is not in id order", gotIDs)
				}
				pages = append(pages, got)
				after = gotIDs[len(gotIDs)-1]
			}
			want := [][]string{{"taro", "hanako"}, {"percent", "underscore"}, {"bang", "latin"}}
			if diff := cmp.Diff(want, pages); diff != "" {
				t.Errorf("pages mismatch (-want +got):\n%s", diff)
			}
		})

		t.Run("PaginationWithSearch", func(t *testing.T) {
			first, firstIDs := list(t, "山田", 0, 1)
			if diff := cmp.Diff([]string{"taro"}, first); diff != "" {
				t.Fatalf("first page mismatch (-want +got):\n%s", diff)
			}
			second, _ := list(t, "山田", firstIDs[0], 1)
			if diff := cmp.Diff([]string{"hanako"}, second); diff != "" {
				t.Errorf("second page mismatch (-want +got):\n%s", diff)
			}
		})
	})
}

// A phone number is stored with its national form; one stored in its E.164
// form alone (before the national form was kept) reads the same.
func TestPhoneStoredWithItsNationalForm(t *testing.T) {
	ctx := context.Background()
	storetest.ForEachDialect(t, func(t *testing.T, d store.Dialect) {
		st := storetest.Open(t, d)
		o := seededOffice(t, st)
		js := createJobSeeker(t, st, seeker{officeID: o.ID, email: "p@example.com", name: "山田", number: "45040-00000009"})
		phone, err := validate.PhoneNumber("phone", "0986 22 1234")
		if err != nil {
			t.Fatal(err)
		}
		if err := st.UpdatePhone(ctx, js.ID, phone, t0); err != nil {
			t.Fatal(err)
		}
		want := validate.Phone{E164: "+81986221234", National: "0986-22-1234"}
		for _, tt := range []struct {
			name  string
			write func()
		}{
			{"WithNationalForm", func() {
				var raw string
				if err := st.DB().QueryRow("SELECT phone_sealed FROM job_seekers WHERE account_id = ?", js.ID).Scan(&raw); err != nil {
					t.Fatal(err)
				}
				if plain, err := storetest.Keys(t).OpenString(raw, "job_seekers.phone"); err != nil || plain != want.E164+"\n"+want.National {
					t.Errorf("stored phone = %q, %v; want both forms", plain, err)
				}
			}},
			{"E164Alone", func() {
				legacy, err := storetest.Keys(t).SealString(want.E164, "job_seekers.phone")
				if err != nil {
					t.Fatal(err)
				}
				if _, err := st.DB().Exec("UPDATE job_seekers SET phone_sealed = ? WHERE account_id = ?", legacy, js.ID); err != nil {
					t.Fatal(err)
				}
			}},
		} {
			t.Run(tt.name, func(t *testing.T) {
				tt.write()
				a, err := st.AccountByID(ctx, js.ID)
				if err != nil {
					t.Fatal(err)
				}
				if a.JobSeeker.Phone != want {
					t.Errorf("phone = %+v, want %+v", a.JobSeeker.Phone, want)
				}
			})
		}
	})
}
