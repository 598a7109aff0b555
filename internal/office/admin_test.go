package office_test

import (
	"context"
	"testing"
	"time"

	"soudan/internal/apperr"
	"soudan/internal/auth"
	"soudan/internal/calendar"
	"soudan/internal/office"
	"soudan/internal/store"
	"soudan/internal/store/storetest"
)

var jst = time.FixedZone("JST", 9*3600)

// now is Monday 2026-04-27 10:00 JST.
func now() time.Time { return time.Date(2026, 4, 27, 10, 0, 0, 0, jst) }

func newService(t *testing.T, d store.Dialect) (*office.Service, office.Office) {
	t.Helper()
	st := storetest.Open(t, d)
	svc := &office.Service{Store: st, Admin: st, OfficeCode: "45040", Now: now}
	o, err := svc.Office(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return svc, o
}

func as(role auth.Role, officeID int64) context.Context {
	return auth.WithActor(context.Background(), auth.Actor{AccountID: 99, Role: role, OfficeID: officeID})
}

func code(err error) apperr.Code {
	if err == nil {
		return ""
	}
	return apperr.CodeOf(err)
}

func ptr[T any](v T) *T { return &v }

func TestUpdateOffice(t *testing.T) {
	storetest.ForEachDialect(t, func(t *testing.T, d store.Dialect) {
		svc, o := newService(t, d)
		admin := as(auth.Admin, o.ID)

		got, err := svc.Update(admin, office.OfficeInput{OpensAt: ptr("09:00"), ClosesAt: ptr("16:00"), Capacity: ptr(3),
			NoticeOfficeDays: ptr(3), HorizonDays: ptr(30)})
		if err != nil {
			t.Fatalf("Update: %v", err)
		}
		reread, err := svc.Office(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			name      string
			got, want int
		}{
			{"OpensAt", reread.OpensAt, 9 * 60}, {"ClosesAt", reread.ClosesAt, 16 * 60}, {"Capacity", reread.Capacity, 3},
			{"NoticeOfficeDays", reread.NoticeOfficeDays, 3}, {"HorizonDays", reread.HorizonDays, 30},
			{"returned Capacity", got.Capacity, 3},
		} {
			if c.got != c.want {
				t.Errorf("%s = %d, want %d", c.name, c.got, c.want)
			}
		}
		if reread.Name != o.Name || reread.SessionMinutes != 30 {
			t.Errorf("unchanged settings changed: %+v", reread)
		}

		bad := []struct {
			name  string
			in    office.OfficeInput
			field string
		}{
			{"Capacity0", office.OfficeInput{Capacity: ptr(0)}, "input.capacity"},
			{"Capacity51", office.OfficeInput{Capacity: ptr(51)}, "input.capacity"},
			{"NegativeNotice", office.OfficeInput{NoticeOfficeDays: ptr(-1)}, "input.noticeOfficeDays"},
			{"Horizon0", office.OfficeInput{HorizonDays: ptr(0)}, "input.horizonDays"},
			{"BadClock", office.OfficeInput{OpensAt: ptr("8時半")}, "input.opensAt"},
			{"OffGrid", office.OfficeInput{OpensAt: ptr("08:31")}, "input.opensAt"},
			{"ClosesBeforeOpens", office.OfficeInput{ClosesAt: ptr("09:15")}, "input.closesAt"},
			{"EmptyName", office.OfficeInput{Name: ptr(" ")}, "input.name"},
		}
		for _, b := range bad {
			t.Run(b.name, func(t *testing.T) {
				_, err := svc.Update(admin, b.in)
				if ae, ok := apperr.As(err); !ok || ae.Code != apperr.Validation || ae.Field != b.field {
					t.Errorf("Update(%s) = %v, want VALIDATION on %s", b.name, err, b.field)
				}
				after, _ := svc.Office(context.Background())
				if after.OpensAt != reread.OpensAt || after.Capacity != reread.Capacity || after.Name != reread.Name {
					t.Errorf("a rejected update changed the office: %+v", after)
				}
			})
		}
		if _, err := svc.Update(as(auth.Counselor, o.ID), office.OfficeInput{Capacity: ptr(1)}); code(err) != apperr.Forbidden {
			t.Errorf("counselor Update: %v, want FORBIDDEN", err)
		}
		if _, err := svc.Update(context.Background(), office.OfficeInput{Capacity: ptr(1)}); code(err) != apperr.Unauthenticated {
			t.Errorf("anonymous Update: %v, want UNAUTHENTICATED", err)
		}
	})
}

func TestCalendarOverrides(t *testing.T) {
	storetest.ForEachDialect(t, func(t *testing.T, d store.Dialect) {
		svc, o := newService(t, d)
		admin := as(auth.Admin, o.ID)
		thu := calendar.NewDate(2026, 5, 7)
		sat := calendar.NewDate(2026, 5, 9)

		day, err := svc.SetOverride(admin, thu, false, "庁舎点検")
		if err != nil || day.Open || day.Reason != "庁舎点検" {
			t.Fatalf("close 5/7: %+v, %v", day, err)
		}
		day, err = svc.SetOverride(admin, sat, true, "土曜開庁")
		if err != nil || !day.Open || day.Reason != "土曜開庁" {
			t.Fatalf("open 5/9: %+v, %v", day, err)
		}
		// The notice rule counts the opened Saturday and skips the closed Thursday.
		_, cal, err := svc.Calendar(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if got, want := cal.ConfirmBy(calendar.NewDate(2026, 5, 11), 2), time.Date(2026, 5, 9, 0, 0, 0, 0, jst); !got.Equal(want) {
			t.Errorf("ConfirmBy(5/11) = %v, want %v (5/8 and 5/9 are the two office days before)", got, want)
		}
		// Replacing an override keeps one row.
		if _, err := svc.SetOverride(admin, thu, false, "停電"); err != nil {
			t.Fatal(err)
		}
		days, err := svc.CalendarDays(context.Background(), thu, thu)
		if err != nil || len(days) != 1 || days[0].Reason != "停電" {
			t.Errorf("after replacing: %+v, %v", days, err)
		}
		day, err = svc.ClearOverride(admin, thu)
		if err != nil || !day.Open || day.Reason != "" {
			t.Errorf("ClearOverride(5/7) = %+v, %v; want an ordinary open day", day, err)
		}
		if _, err := svc.SetOverride(admin, thu, false, ""); code(err) != apperr.Validation {
			t.Errorf("override without a reason: %v, want VALIDATION", err)
		}
		if _, err := svc.SetOverride(as(auth.JobSeeker, o.ID), thu, false, "x"); code(err) != apperr.Forbidden {
			t.Errorf("job seeker SetOverride: %v, want FORBIDDEN", err)
		}
	})
}

func TestPublishTerms(t *testing.T) {
	storetest.ForEachDialect(t, func(t *testing.T, d store.Dialect) {
		svc, o := newService(t, d)
		admin := as(auth.Admin, o.ID)
		in := office.TermsInput{Title: "令和8年6月1日改訂", EffectiveFrom: calendar.NewDate(2026, 6, 1), Text: "第1条（目的）…"}
		v, err := svc.PublishTerms(admin, in)
		if err != nil || v.ID == 0 || !v.TextAvailable {
			t.Fatalf("PublishTerms: %+v, %v", v, err)
		}
		all, current, err := svc.TermsVersions(context.Background())
		if err != nil || len(all) != 4 {
			t.Fatalf("TermsVersions: %d versions, %v; want 4", len(all), err)
		}
		if current.Title != "令和7年3月10日改訂" {
			t.Errorf("in force before 6/1 = %q, want 令和7年3月10日改訂", current.Title)
		}
		later := &office.Service{Store: svc.Store, OfficeCode: "45040",
			Now: func() time.Time { return time.Date(2026, 6, 1, 0, 0, 0, 0, jst) }}
		if _, current, _ := later.TermsVersions(context.Background()); current.ID != v.ID {
			t.Errorf("in force on 6/1 = %q, want the new version", current.Title)
		}

		for name, c := range map[string]struct {
			in   office.TermsInput
			want apperr.Code
		}{
			"Today":         {office.TermsInput{Title: "x", EffectiveFrom: calendar.NewDate(2026, 4, 27), Text: "x"}, apperr.Validation},
			"Past":          {office.TermsInput{Title: "x", EffectiveFrom: calendar.NewDate(2026, 1, 1), Text: "x"}, apperr.Validation},
			"NoTitle":       {office.TermsInput{Title: "", EffectiveFrom: calendar.NewDate(2026, 7, 1), Text: "x"}, apperr.Validation},
			"NoText":        {office.TermsInput{Title: "x", EffectiveFrom: calendar.NewDate(2026, 7, 1), Text: ""}, apperr.Validation},
			"SameDateAgain": {in, apperr.Conflict},
		} {
			t.Run(name, func(t *testing.T) {
				if _, err := svc.PublishTerms(admin, c.in); code(err) != c.want {
					t.Errorf("PublishTerms = %v, want %s", err, c.want)
				}
			})
		}
		if all, _, _ := svc.TermsVersions(context.Background()); len(all) != 4 {
			t.Errorf("rejected publications were stored: %d versions", len(all))
		}
		if _, err := svc.PublishTerms(as(auth.Counselor, o.ID), in); code(err) != apperr.Forbidden {
			t.Errorf("counselor PublishTerms: %v, want FORBIDDEN", err)
		}
	})
}

func TestTermsVersionByID(t *testing.T) {
	storetest.ForEachDialect(t, func(t *testing.T, d store.Dialect) {
		svc, o := newService(t, d)
		future, err := svc.PublishTerms(as(auth.Admin, o.ID), office.TermsInput{Title: "令和8年6月1日改訂",
			EffectiveFrom: calendar.NewDate(2026, 6, 1), Text: "第1条（目的）…"})
		if err != nil {
			t.Fatal(err)
		}
		all, current, err := svc.TermsVersions(context.Background())
		if err != nil || len(all) != 4 {
			t.Fatalf("TermsVersions: %d versions, %v", len(all), err)
		}
		// Every version, in force, earlier or still to come, by anyone.
		for _, want := range all {
			got, cur, ok, err := svc.TermsVersion(context.Background(), want.ID)
			if err != nil || !ok || got.ID != want.ID || got.Title != want.Title || got.Text != want.Text || cur.ID != current.ID {
				t.Errorf("TermsVersion(%d) = %+v, current %d, %v, %v; want %q with current %d", want.ID, got.Title, cur.ID, ok, err, want.Title, current.ID)
			}
		}
		if got, _, ok, _ := svc.TermsVersion(context.Background(), future.ID); !ok || got.EffectiveFrom != calendar.NewDate(2026, 6, 1) {
			t.Errorf("the future version = %+v, %v", got, ok)
		}
		for _, id := range []int64{0, -1, future.ID + 1000} {
			if got, _, ok, err := svc.TermsVersion(context.Background(), id); ok || err != nil {
				t.Errorf("TermsVersion(%d) = %+v, %v, %v; want none without error", id, got, ok, err)
			}
		}
	})
}

// With a cache, a change made elsewhere shows after the TTL, and a change
// made through the service shows at once.
func TestOfficeCache(t *testing.T) {
	st := storetest.Open(t, store.SQLite)
	svc := &office.Service{Store: st, Admin: st, OfficeCode: "45040", Now: now, CacheTTL: time.Hour}
	o, err := svc.Office(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.DB().Exec("UPDATE offices SET capacity = 7"); err != nil {
		t.Fatal(err)
	}
	if got, _ := svc.Office(context.Background()); got.Capacity != o.Capacity {
		t.Errorf("capacity = %d right after an outside change, want the cached %d", got.Capacity, o.Capacity)
	}
	if _, err := svc.Update(as(auth.Admin, o.ID), office.OfficeInput{Capacity: ptr(3)}); err != nil {
		t.Fatal(err)
	}
	if got, _ := svc.Office(context.Background()); got.Capacity != 3 {
		t.Errorf("capacity = %d after Update, want 3 at once", got.Capacity)
	}
	fresh := &office.Service{Store: st, OfficeCode: "45040", Now: now}
	if got, _ := fresh.Office(context.Background()); got.Capacity != 3 {
		t.Errorf("uncached capacity = %d, want 3", got.Capacity)
	}
}
