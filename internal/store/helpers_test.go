package store_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"testing"
	"time"

	"soudan/internal/account"
	"soudan/internal/auth"
	"soudan/internal/mail"
	"soudan/internal/office"
	"soudan/internal/store"
	"soudan/internal/validate"
)

// t0 is the fixed "now" of the tests: microsecond precision, as stored.
var t0 = time.Date(2026, time.April, 1, 1, 2, 3, 456789000, time.UTC)

// seededOffice returns the office storetest.Open seeded.
func seededOffice(t testing.TB, st *store.Store) office.Office {
	t.Helper()
	o, err := st.OfficeByCode(context.Background(), office.Default().Code)
	if err != nil {
		t.Fatalf("OfficeByCode(default): %v", err)
	}
	return o
}

// addOffice seeds a second office with code and returns it.
func addOffice(t *testing.T, st *store.Store, code string) office.Office {
	t.Helper()
	ctx := context.Background()
	o := office.Default()
	o.Code = code
	o.Name = "別の公共職業安定所"
	loc, err := o.Location()
	if err != nil {
		t.Fatal(err)
	}
	inserted, err := st.SeedOffice(ctx, o, office.SeedTerms(loc), t0)
	if err != nil || !inserted {
		t.Fatalf("SeedOffice(%s) = %v, %v, want true, nil", code, inserted, err)
	}
	got, err := st.OfficeByCode(ctx, code)
	if err != nil {
		t.Fatalf("OfficeByCode(%s): %v", code, err)
	}
	return got
}

// hashOf returns a token hash (64 hex digits) derived from label.
func hashOf(label string) string {
	sum := sha256.Sum256([]byte(label))
	return hex.EncodeToString(sum[:])
}

// phone parses a phone number that is known to be valid.
func phone(t testing.TB, s string) validate.Phone {
	t.Helper()
	p, err := validate.PhoneNumber("phone", s)
	if err != nil {
		t.Fatalf("PhoneNumber(%q): %v", s, err)
	}
	return p
}

// seeker describes a job seeker to create.
type seeker struct {
	officeID int64
	email    string
	name     string
	number   string
	phone    string // "" means 090-1234-5678
	body     string // mail body; "" means a generic one
	verify   string // label of the verification token hash; "" means "verify "+email
}

func (s seeker) newJobSeeker(t testing.TB) (account.NewJobSeeker, mail.Outgoing) {
	t.Helper()
	p := s.phone
	if p == "" {
		p = "090-1234-5678"
	}
	body := s.body
	if body == "" {
		body = "メールアドレスを確認してください。"
	}
	verify := s.verify
	if verify == "" {
		verify = "verify " + s.email
	}
	n := account.NewJobSeeker{
		Account: account.Account{OfficeID: s.officeID, Email: s.email, Role: auth.JobSeeker,
			Name: s.name, CreatedAt: t0},
		PasswordHash:    "$argon2id$test",
		Number:          s.number,
		Phone:           phone(t, p),
		VerifyTokenHash: hashOf(verify),
		VerifyExpiresAt: t0.Add(72 * time.Hour),
		SameName:        validate.SameName,
	}
	m := mail.Outgoing{To: s.email, Subject: "確認", Body: body, MessageID: mail.NewMessageID("test.invalid")}
	return n, m
}

// createJobSeeker creates s and returns the account.
func createJobSeeker(t testing.TB, st *store.Store, s seeker) account.Account {
	t.Helper()
	n, m := s.newJobSeeker(t)
	a, err := st.CreateJobSeeker(context.Background(), n, m)
	if err != nil {
		t.Fatalf("CreateJobSeeker(%s): %v", s.email, err)
	}
	return a
}

// createJobSeekers creates n job seekers of an office, s0@example.com
// onwards.
func createJobSeekers(t testing.TB, st *store.Store, officeID int64, n int) []account.Account {
	t.Helper()
	out := make([]account.Account, n)
	for i := range out {
		out[i] = createJobSeeker(t, st, seeker{officeID: officeID, email: fmt.Sprintf("s%d@example.com", i), name: "山田",
			number: fmt.Sprintf("45040-%08d", i+1)})
	}
	return out
}

// createStaff creates a counselor of officeID; m.To "" queues no mail.
func createStaff(t *testing.T, st *store.Store, officeID int64, email string, m mail.Outgoing) account.Account {
	t.Helper()
	a := account.Account{OfficeID: officeID, Email: email, Role: auth.Counselor, Name: "職員 " + email, CreatedAt: t0}
	got, err := st.CreateStaff(context.Background(), a, "$argon2id$staff", m)
	if err != nil {
		t.Fatalf("CreateStaff(%s): %v", email, err)
	}
	return got
}

// releaseWhenWaiting releases a hold (HoldSessionReads, HoldFullSlotChecks)
// once n calls wait behind it. It fails the test if they do not within a
// minute, as when a call failed before it reached the hold; it releases
// those that came, so that none waits forever.
func releaseWhenWaiting(t *testing.T, n int, waiting func() int, release func()) {
	t.Helper()
	defer release()
	deadline := time.Now().Add(time.Minute)
	for waiting() < n {
		if time.Now().After(deadline) {
			t.Fatalf("%d calls wait behind the hold after a minute, want %d", waiting(), n)
		}
		time.Sleep(time.Millisecond)
	}
}
