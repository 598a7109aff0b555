package store_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"soudan/internal/apperr"
	"soudan/internal/calendar"
	"soudan/internal/office"
	"soudan/internal/store"
	"soudan/internal/store/storetest"
)

func TestOfficeByCode(t *testing.T) {
	ctx := context.Background()
	storetest.ForEachDialect(t, func(t *testing.T, d store.Dialect) {
		st := storetest.Open(t, d)

		got, err := st.OfficeByCode(ctx, office.Default().Code)
		if err != nil {
			t.Fatalf("OfficeByCode(%q): %v", office.Default().Code, err)
		}
		if got.ID == 0 {
			t.Errorf("OfficeByCode(%q).ID = 0, want the row id", office.Default().Code)
		}
		ignore := cmpopts.IgnoreFields(office.Office{}, "ID", "CreatedAt", "UpdatedAt")
		if diff := cmp.Diff(office.Default(), got, ignore); diff != "" {
			t.Errorf("OfficeByCode mismatch (-want +got):\n%s", diff)
		}

		if _, err := st.OfficeByCode(ctx, "99999"); !errors.Is(err, apperr.ErrNotFound) {
			t.Errorf("OfficeByCode(unknown) = %v, want ErrNotFound", err)
		}
	})
}

func TestSeedOffice(t *testing.T) {
	ctx := context.Background()
	storetest.ForEachDialect(t, func(t *testing.T, d store.Dialect) {
		st := storetest.Open(t, d) // seeds the default office once
		def := office.Default()
		loc, err := def.Location()
		if err != nil {
			t.Fatal(err)
		}
		before := storetest.CountRows(t, st, "offices", "terms_versions")

		inserted, err := st.SeedOffice(ctx, def, office.SeedTerms(loc), t0)
		if err != nil || inserted {
			t.Errorf("second SeedOffice = %v, %v, want false, nil", inserted, err)
		}
		if diff := cmp.Diff(before, storetest.CountRows(t, st, "offices", "terms_versions")); diff != "" {
			t.Errorf("second SeedOffice wrote rows (-before +after):\n%s", diff)
		}

		// Another code is another office, with its own terms.
		other := addOffice(t, st, "45041")
		if got, want := other.ID, seededOffice(t, st).ID; got == want {
			t.Errorf("second office has ID %d, the same as the first", got)
		}
		terms, err := st.TermsVersions(ctx, other.ID)
		if err != nil {
			t.Fatalf("TermsVersions(other): %v", err)
		}
		if got, want := len(terms), 3; got != want {
			t.Errorf("len(TermsVersions(other)) = %d, want %d", got, want)
		}

		// Several instances starting at once: one seeds, the others see it.
		o := office.Default()
		o.Code = "45099"
		const n = 5
		seededBy := make([]bool, n)
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() { seededBy[i], errs[i] = st.SeedOffice(ctx, o, office.SeedTerms(loc), t0) })
		}
		wg.Wait()
		wins := 0
		for i := range n {
			if errs[i] != nil {
				t.Errorf("concurrent SeedOffice %d: %v", i, errs[i])
			}
			if seededBy[i] {
				wins++
			}
		}
		if wins != 1 {
			t.Errorf("%d of %d concurrent SeedOffice calls inserted, want 1", wins, n)
		}
		seeded, err := st.OfficeByCode(ctx, o.Code)
		if err != nil {
			t.Fatalf("OfficeByCode(%s): %v", o.Code, err)
		}
		if terms, err := st.TermsVersions(ctx, seeded.ID); err != nil || len(terms) != 3 {
			t.Errorf("TermsVersions after concurrent seeding = %d versions, %v; want 3", len(terms), err)
		}
	})
}

func TestTermsVersions(t *testing.T) {
	ctx := context.Background()
	storetest.ForEachDialect(t, func(t *testing.T, d store.Dialect) {
		st := storetest.Open(t, d)
		o := seededOffice(t, st)
		loc, err := o.Location()
		if err != nil {
			t.Fatal(err)
		}

		got, err := st.TermsVersions(ctx, o.ID)
		if err != nil {
			t.Fatalf("TermsVersions: %v", err)
		}
		if diff := cmp.Diff(office.SeedTerms(loc), got, cmpopts.IgnoreFields(office.TermsVersion{}, "ID")); diff != "" {
			t.Errorf("TermsVersions mismatch (-want +got):\n%s", diff)
		}
		wantDates := []calendar.Date{
			calendar.NewDate(2020, time.February, 17),
			calendar.NewDate(2022, time.July, 15),
			calendar.NewDate(2025, time.March, 10),
		}
		var dates []calendar.Date
		for _, v := range got {
			dates = append(dates, v.EffectiveFrom)
			if v.ID == 0 {
				t.Errorf("version %s has ID 0", v.EffectiveFrom)
			}
		}
		if diff := cmp.Diff(wantDates, dates); diff != "" {
			t.Errorf("effective dates mismatch (-want +got):\n%s", diff)
		}
		if len(got) == 3 {
			current := got[2]
			if !current.TextAvailable || !strings.Contains(current.Text, "第6条") {
				t.Errorf("2025-03-10 version: TextAvailable=%v, text has 第6条=%v; want true, true",
					current.TextAvailable, strings.Contains(current.Text, "第6条"))
			}
			if got[0].TextAvailable || got[1].TextAvailable {
				t.Errorf("historical versions TextAvailable = %v, %v; want false, false", got[0].TextAvailable, got[1].TextAvailable)
			}
		}

		if got, err := st.TermsVersions(ctx, o.ID+1000); err != nil || len(got) != 0 {
			t.Errorf("TermsVersions(unknown office) = %v, %v; want none", got, err)
		}
	})
}

func TestImportHolidays(t *testing.T) {
	ctx := context.Background()
	hol := func(y int, m time.Month, d int, name string) calendar.Holiday {
		return calendar.Holiday{Date: calendar.NewDate(y, m, d), Name: name}
	}
	y2026 := []calendar.Holiday{
		hol(2026, time.January, 1, "元日"),
		hol(2026, time.January, 12, "成人の日"),
		hol(2026, time.December, 31, "テスト休日"), // last day of the year
	}
	y2027 := []calendar.Holiday{
		hol(2027, time.January, 1, "元日"),
		hol(2027, time.January, 11, "成人の日"),
	}

	storetest.ForEachDialect(t, func(t *testing.T, d store.Dialect) {
		st := storetest.Open(t, d)
		o := seededOffice(t, st)
		holidays := func() []calendar.Holiday {
			t.Helper()
			got, _, err := st.CalendarInputs(ctx, o.ID)
			if err != nil {
				t.Fatalf("CalendarInputs: %v", err)
			}
			return got
		}

		if err := st.ImportHolidays(ctx, y2026, t0); err != nil {
			t.Fatalf("ImportHolidays(2026): %v", err)
		}
		if diff := cmp.Diff(y2026, holidays()); diff != "" {
			t.Errorf("after importing 2026 (-want +got):\n%s", diff)
		}

		if err := st.ImportHolidays(ctx, y2027, t0); err != nil {
			t.Fatalf("ImportHolidays(2027): %v", err)
		}
		if diff := cmp.Diff(append(append([]calendar.Holiday{}, y2026...), y2027...), holidays()); diff != "" {
			t.Errorf("after importing 2027, 2026 must stay (-want +got):\n%s", diff)
		}

		// Importing 2026 again replaces all of 2026, and only 2026.
		renamed := []calendar.Holiday{hol(2026, time.January, 1, "元日（改）")}
		if err := st.ImportHolidays(ctx, renamed, t0); err != nil {
			t.Fatalf("ImportHolidays(2026 again): %v", err)
		}
		if diff := cmp.Diff(append(append([]calendar.Holiday{}, renamed...), y2027...), holidays()); diff != "" {
			t.Errorf("after re-importing 2026 (-want +got):\n%s", diff)
		}

		err := st.ImportHolidays(ctx, nil, t0)
		if !errors.Is(err, apperr.ErrValidation) {
			t.Errorf("ImportHolidays(empty) = %v, want VALIDATION", err)
		}
		if got, want := len(holidays()), 3; got != want {
			t.Errorf("after an empty import: %d holidays, want %d", got, want)
		}
	})
}

func TestCalendarInputsOverrides(t *testing.T) {
	ctx := context.Background()
	storetest.ForEachDialect(t, func(t *testing.T, d store.Dialect) {
		st := storetest.Open(t, d)
		mine := seededOffice(t, st)
		other := addOffice(t, st, "45041")
		// The store has no writer for overrides yet: insert them by hand.
		for _, r := range []struct {
			office int64
			date   string
			open   bool
			reason string
		}{
			{mine.ID, "2026-05-02", true, "臨時開庁"},
			{mine.ID, "2026-04-30", false, "棚卸し"},
			{other.ID, "2026-04-29", false, "別の所"},
		} {
			if _, err := st.DB().Exec(`INSERT INTO calendar_overrides (office_id, date, open, reason, created_at)
				VALUES (?, ?, ?, ?, ?)`, r.office, r.date, r.open, r.reason, t0); err != nil {
				t.Fatalf("insert override: %v", err)
			}
		}

		_, got, err := st.CalendarInputs(ctx, mine.ID)
		if err != nil {
			t.Fatalf("CalendarInputs: %v", err)
		}
		want := []calendar.Override{
			{Date: calendar.NewDate(2026, time.April, 30), Open: false, Reason: "棚卸し"},
			{Date: calendar.NewDate(2026, time.May, 2), Open: true, Reason: "臨時開庁"},
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("CalendarInputs overrides mismatch (-want +got):\n%s", diff)
		}
	})
}
