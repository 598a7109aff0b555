package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"soudan/internal/account"
	"soudan/internal/auth"
	"soudan/internal/mail"
	"soudan/internal/meeting"
	"soudan/internal/records"
	"soudan/internal/secret"
	"soudan/internal/store"
	"soudan/internal/store/storetest"
	"soudan/internal/validate"
)

// sealedCells returns every value of the sealed columns that holds data.
func sealedCells(t *testing.T, st *store.Store) []string {
	t.Helper()
	var out []string
	for _, q := range []string{
		"SELECT phone_sealed FROM job_seekers", "SELECT suspension_reason_sealed FROM job_seekers WHERE suspension_reason_sealed IS NOT NULL",
		"SELECT body_sealed FROM mail_outbox", "SELECT passcode_sealed FROM booths",
	} {
		rows, err := st.DB().Query(q)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var v string
			if err := rows.Scan(&v); err != nil {
				t.Fatal(err)
			}
			out = append(out, v)
		}
		rows.Close()
	}
	return out
}

// TestRotateKeys: values sealed under k1 are re-encrypted under k2 by
// RotateKeys; a keyring holding only k2 then reads everything.
func TestRotateKeys(t *testing.T) {
	storetest.ForEachDialect(t, func(t *testing.T, d store.Dialect) {
		ctx := context.Background()
		dsn := storetest.NewDSN(t, d)
		old := storetest.OpenDSN(t, dsn, true) // sealed under k1
		o, err := old.OfficeByCode(ctx, "45040")
		if err != nil {
			t.Fatal(err)
		}
		now := time.Now()
		a, err := old.CreateJobSeeker(ctx, account.NewJobSeeker{
			Account:      account.Account{OfficeID: o.ID, Email: "rot@example.jp", Role: auth.JobSeeker, Name: "回転 太郎", CreatedAt: now},
			PasswordHash: "x", Number: "45040-5", Phone: validate.Phone{E164: "+819012345678"},
			VerifyTokenHash: strings.Repeat("a", 64), VerifyExpiresAt: now.Add(time.Hour),
		}, mail.Outgoing{To: "rot@example.jp", Subject: "s", Body: "本文", MessageID: "<rot@x>"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := old.Suspend(ctx, o.ID, a.ID, "理由", nil, 1, now, account.CancelledBySuspension{}); err != nil {
			t.Fatal(err)
		}
		if err := old.SetBooth(ctx, o.ID, meeting.Booth{Seat: 1, MeetingID: "81234567890", Passcode: "123456",
			JoinURL: "https://zoom.us/j/81234567890"}, 1, now); err != nil {
			t.Fatal(err)
		}
		_ = old.Close()

		k1 := "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="
		k2 := "ZmVkY2JhOTg3NjU0MzIxMGZlZGNiYTk4NzY1NDMyMTA="
		both, err := secret.ParseKeys("k2:" + k2 + ",k1:" + k1)
		if err != nil {
			t.Fatal(err)
		}
		rotating, err := store.Open(ctx, store.Config{DSN: dsn, Keys: both})
		if err != nil {
			t.Fatal(err)
		}
		defer rotating.Close()
		n, err := rotating.RotateKeys(ctx)
		if err != nil || n != 4 {
			t.Fatalf("RotateKeys = %d, %v; want 4 values re-encrypted", n, err)
		}
		for _, v := range sealedCells(t, rotating) {
			if !strings.HasPrefix(v, "v1.k2.") {
				t.Errorf("value %.12s… is not under k2", v)
			}
		}
		if n, err := rotating.RotateKeys(ctx); err != nil || n != 0 {
			t.Errorf("second RotateKeys = %d, %v; want nothing to do", n, err)
		}

		onlyK2, err := secret.ParseKeys("k2:" + k2)
		if err != nil {
			t.Fatal(err)
		}
		fresh, err := store.Open(ctx, store.Config{DSN: dsn, Keys: onlyK2})
		if err != nil {
			t.Fatal(err)
		}
		defer fresh.Close()
		got, err := fresh.AccountByID(ctx, a.ID)
		if err != nil || got.JobSeeker.Phone.E164 != "+819012345678" || got.JobSeeker.Suspension.Reason != "理由" {
			t.Errorf("read with k2 only: %+v, %v", got.JobSeeker, err)
		}
		// The phone's blind index was under k1 (no "index" key): the
		// rotation recomputed it under k2.
		found, err := fresh.JobSeekers(ctx, o.ID, account.JobSeekerSearch{PhoneE164: "+819012345678"}, 0, 10)
		if err != nil || len(found) != 1 || found[0].ID != a.ID {
			t.Errorf("search by phone with k2 only = %v, %v; want the job seeker", found, err)
		}
		ms, err := fresh.Claim(ctx, "t", now.Add(time.Minute), time.Minute, 10)
		if err != nil || len(ms) != 1 || ms[0].Body != "本文" {
			t.Errorf("mail read with k2 only: %+v, %v", ms, err)
		}
	})
}

// TestPurge: the retention worker deletes access records and readiness
// details older than the cut-off, and nothing newer.
func TestPurge(t *testing.T) {
	storetest.ForEachDialect(t, func(t *testing.T, d store.Dialect) {
		ctx := context.Background()
		st := storetest.Open(t, d)
		old, recent := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)
		if err := st.AddAccesses(ctx, []records.Access{{At: old, Role: "ANONYMOUS", Operation: "query office", Outcome: "OK"},
			{At: recent, Role: "ANONYMOUS", Operation: "query office", Outcome: "OK"}}); err != nil {
			t.Fatal(err)
		}
		n, err := st.Purge(ctx, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
		if err != nil || n != 1 {
			t.Fatalf("Purge = %d, %v; want 1", n, err)
		}
		left, err := st.Accesses(ctx, records.AccessFilter{}, 0, 10)
		if err != nil || len(left) != 1 || !left[0].At.Equal(recent) {
			t.Errorf("left = %+v, %v; want the recent record only", left, err)
		}
	})
}
