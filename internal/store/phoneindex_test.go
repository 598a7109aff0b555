package store_test

import (
	"context"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"soudan/internal/account"
	"soudan/internal/secret"
	"soudan/internal/store"
	"soudan/internal/store/storetest"
	"soudan/internal/validate"
)

// byPhone searches the office's job seekers as staff do with text: by the
// phone number it parses as, if any, and by name, 求職番号 and e-mail.
func byPhone(t *testing.T, st *store.Store, officeID int64, text string) []int64 {
	t.Helper()
	q := account.JobSeekerSearch{Text: text}
	if p, err := validate.PhoneNumber("search", text); err == nil {
		q.PhoneE164 = p.E164
	}
	got, err := st.JobSeekers(context.Background(), officeID, q, 0, 100)
	if err != nil {
		t.Fatalf("JobSeekers(%+v): %v", q, err)
	}
	var ids []int64
	for _, a := range got {
		ids = append(ids, a.ID)
	}
	return ids
}

// TestJobSeekersByPhone: a job seeker is found by their phone number in any
// written form, through its blind index; rows without an index (written
// before it existed) are indexed by IndexPhones, and a change of the index
// key recomputes every index.
func TestJobSeekersByPhone(t *testing.T) {
	ctx := context.Background()
	storetest.ForEachDialect(t, func(t *testing.T, d store.Dialect) {
		dsn := storetest.NewDSN(t, d)
		st := storetest.OpenDSN(t, dsn, true)
		if err := st.CheckDataKey(ctx, t0); err != nil { // as at startup
			t.Fatal(err)
		}
		o := seededOffice(t, st)
		other := addOffice(t, st, "45041")
		taro := createJobSeeker(t, st, seeker{officeID: o.ID, email: "taro@example.com", name: "山田 太郎",
			number: "45040-00000001", phone: "0986-22-1234"})
		hanako := createJobSeeker(t, st, seeker{officeID: o.ID, email: "hanako@example.com", name: "山田 花子",
			number: "45040-00000002", phone: "090-1234-5678"})
		// Same number, another office: never listed.
		createJobSeeker(t, st, seeker{officeID: other.ID, email: "betsu@example.com", name: "別所 太郎",
			number: "45041-00000001", phone: "0986-22-1234"})

		for _, form := range []string{"0986-22-1234", "0986221234", "0986 22 1234", "(0986) 22-1234",
			"+81 986-22-1234", "+81986221234", "０９８６－２２－１２３４"} {
			if got := byPhone(t, st, o.ID, form); !slices.Equal(got, []int64{taro.ID}) {
				t.Errorf("search %q = %v, want [%d]", form, got, taro.ID)
			}
		}
		if got := byPhone(t, st, o.ID, "090-1234-5678"); !slices.Equal(got, []int64{hanako.ID}) {
			t.Errorf("search 090-1234-5678 = %v, want [%d]", got, hanako.ID)
		}
		for _, form := range []string{"0986-22-9999", "03-1234-5678", "1234"} {
			if got := byPhone(t, st, o.ID, form); len(got) != 0 {
				t.Errorf("search %q = %v, want nobody", form, got)
			}
		}

		// A changed number is found, the old one no longer.
		if err := st.UpdatePhone(ctx, hanako.ID, phone(t, "03-1234-5678"), t0); err != nil {
			t.Fatal(err)
		}
		if got := byPhone(t, st, o.ID, "0312345678"); !slices.Equal(got, []int64{hanako.ID}) {
			t.Errorf("search the new number = %v, want [%d]", got, hanako.ID)
		}
		if got := byPhone(t, st, o.ID, "090-1234-5678"); len(got) != 0 {
			t.Errorf("search the old number = %v, want nobody", got)
		}

		// A row written before the index existed.
		if _, err := st.DB().Exec("UPDATE job_seekers SET phone_index = NULL WHERE account_id = ?", taro.ID); err != nil {
			t.Fatal(err)
		}
		if got := byPhone(t, st, o.ID, "0986-22-1234"); len(got) != 0 {
			t.Fatalf("search a row without an index = %v, want nobody", got)
		}
		if n, err := st.IndexPhones(ctx); err != nil || n != 1 {
			t.Fatalf("IndexPhones = %d, %v; want the 1 row without an index", n, err)
		}
		var check string
		if err := st.DB().QueryRow("SELECT index_check FROM data_key_checks WHERE id = 1").Scan(&check); err != nil || len(check) != 64 {
			t.Errorf("index check = %q, %v; want a hash", check, err)
		}
		if got := byPhone(t, st, o.ID, "0986-22-1234"); !slices.Equal(got, []int64{taro.ID}) {
			t.Errorf("search the backfilled row = %v, want [%d]", got, taro.ID)
		}
		if n, err := st.IndexPhones(ctx); err != nil || n != 0 {
			t.Errorf("IndexPhones again = %d, %v; want nothing to do", n, err)
		}

		// An "index" key added to the keyring changes every index.
		withIndex, err := secret.NewKeyring("k1", map[string][]byte{
			"k1": []byte("0123456789abcdef0123456789abcdef"), secret.IndexKeyID: []byte("fedcba9876543210fedcba9876543210")})
		if err != nil {
			t.Fatal(err)
		}
		st2, err := store.Open(ctx, store.Config{DSN: dsn, Keys: withIndex})
		if err != nil {
			t.Fatal(err)
		}
		defer st2.Close()
		if got := byPhone(t, st2, o.ID, "0986-22-1234"); len(got) != 0 {
			t.Fatalf("search under a new index key before reindexing = %v, want nobody", got)
		}
		if n, err := st2.IndexPhones(ctx); err != nil || n != 3 {
			t.Fatalf("IndexPhones under a new index key = %d, %v; want all 3 rows", n, err)
		}
		for form, want := range map[string][]int64{"0986-22-1234": {taro.ID}, "03-1234-5678": {hanako.ID}} {
			if got := byPhone(t, st2, o.ID, form); !cmp.Equal(got, want) {
				t.Errorf("search %q under the new index key = %v, want %v", form, got, want)
			}
		}

		// A phone that cannot be opened is reported; the other rows are
		// indexed all the same.
		broken := createJobSeeker(t, st2, seeker{officeID: other.ID, email: "broken@example.com", name: "壊れ 太郎",
			number: "45041-00000002", phone: "03-5555-0000"})
		if _, err := st2.DB().Exec("UPDATE job_seekers SET phone_sealed = 'v1.k1.AAAA', phone_index = NULL WHERE account_id = ?", broken.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := st2.DB().Exec("UPDATE job_seekers SET phone_index = NULL WHERE account_id = ?", taro.ID); err != nil {
			t.Fatal(err)
		}
		if n, err := st2.IndexPhones(ctx); err == nil || n != 1 {
			t.Errorf("IndexPhones with an unreadable phone = %d, %v; want 1 row indexed and an error", n, err)
		}
		if got := byPhone(t, st2, o.ID, "0986-22-1234"); !slices.Equal(got, []int64{taro.ID}) {
			t.Errorf("search after a partial IndexPhones = %v, want [%d]", got, taro.ID)
		}
	})
}
