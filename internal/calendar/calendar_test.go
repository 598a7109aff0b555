package calendar_test

import (
	"fmt"
	"math"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"soudan/internal/calendar"
)

// closedDays returns the closed days of year y in c.
func closedDays(c *calendar.Calendar, y int) []calendar.Date {
	var out []calendar.Date
	for d := calendar.NewDate(y, 1, 1); d.Year == y; d = d.AddDays(1) {
		if !c.IsOfficeDay(d) {
			out = append(out, d)
		}
	}
	return out
}

// wantClosed returns the weekends of year y together with the given dates,
// sorted and without duplicates.
func wantClosed(y int, dates ...string) []calendar.Date {
	extra := make(map[calendar.Date]bool)
	for _, s := range dates {
		extra[date(s)] = true
	}
	var out []calendar.Date
	for d := calendar.NewDate(y, 1, 1); d.Year == y; d = d.AddDays(1) {
		if wd := d.Weekday(); wd == time.Saturday || wd == time.Sunday || extra[d] {
			out = append(out, d)
		}
	}
	return out
}

// TestVectors checks the closed days of CALENDAR.md's test vectors.
func TestVectors(t *testing.T) {
	tests := []struct {
		year   int
		closed []string // besides weekends
	}{
		{2026, []string{
			"2026-01-01", "2026-01-02", "2026-01-03", // 年末年始
			"2026-01-12", "2026-02-11", "2026-02-23", "2026-03-20", "2026-04-29",
			"2026-05-03", "2026-05-04", "2026-05-05", "2026-05-06", "2026-07-20",
			"2026-08-11", "2026-09-21", "2026-09-22", "2026-09-23", "2026-10-12",
			"2026-11-03", "2026-11-23",
			"2026-12-29", "2026-12-30", "2026-12-31",
		}},
		{2027, []string{
			"2027-01-01", "2027-01-02", "2027-01-03",
			"2027-01-11", "2027-02-11", "2027-02-23", "2027-03-21", "2027-03-22",
			"2027-04-29", "2027-05-03", "2027-05-04", "2027-05-05", "2027-07-19",
			"2027-08-11", "2027-09-20", "2027-09-23", "2027-10-11", "2027-11-03",
			"2027-11-23",
			"2027-12-29", "2027-12-30", "2027-12-31",
		}},
	}
	c := calendar.New(calendar.Config{})
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.year), func(t *testing.T) {
			want := wantClosed(tt.year, tt.closed...)
			if diff := cmp.Diff(want, closedDays(c, tt.year)); diff != "" {
				t.Errorf("closed days of %d mismatch (-want +got):\n%s", tt.year, diff)
			}
		})
	}
}

func TestOfficeDayCounts(t *testing.T) {
	tests := []struct {
		year int
		want int
	}{
		{2026, 240},
		{2027, 242},
	}
	c := calendar.New(calendar.Config{})
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.year), func(t *testing.T) {
			got := 0
			for _, d := range c.Days(calendar.NewDate(tt.year, 1, 1), calendar.NewDate(tt.year, 12, 31)) {
				if d.Open {
					got++
				}
			}
			if got != tt.want {
				t.Errorf("office days in %d = %d, want %d", tt.year, got, tt.want)
			}
		})
	}
}

func TestDay(t *testing.T) {
	tests := []struct {
		name string
		date string
		want calendar.Day
	}{
		{"ordinary Friday", "2026-05-01", calendar.Day{Open: true}},
		{"Saturday", "2026-05-02", calendar.Day{Reason: "土曜日"}},
		{"Sunday", "2026-05-10", calendar.Day{Reason: "日曜日"}},
		{"holiday on a Sunday", "2026-05-03", calendar.Day{Reason: "憲法記念日"}},
		{"振替休日", "2026-05-06", calendar.Day{Reason: "振替休日"}},
		{"国民の休日", "2026-09-22", calendar.Day{Reason: "国民の休日"}},
		{"元日 over 年末年始", "2026-01-01", calendar.Day{Reason: "元日"}},
		{"year start on a Friday", "2026-01-02", calendar.Day{Reason: "年末年始"}},
		{"年末年始 over Saturday", "2026-01-03", calendar.Day{Reason: "年末年始"}},
		{"first day of the year end", "2026-12-29", calendar.Day{Reason: "年末年始"}},
		{"last day before the year end", "2026-12-28", calendar.Day{Open: true}},
		{"first day after the year start", "2027-01-04", calendar.Day{Open: true}},
		{"year end 2027 on a Wednesday", "2027-12-29", calendar.Day{Reason: "年末年始"}},
		{"leap day", "2028-02-29", calendar.Day{Open: true}},
		{"day after leap day", "2028-03-01", calendar.Day{Open: true}},
	}
	c := calendar.New(calendar.Config{})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := date(tt.date)
			tt.want.Date = d
			if diff := cmp.Diff(tt.want, c.Day(d)); diff != "" {
				t.Errorf("Day(%v) mismatch (-want +got):\n%s", d, diff)
			}
			if got := c.IsOfficeDay(d); got != tt.want.Open {
				t.Errorf("IsOfficeDay(%v) = %v, want %v", d, got, tt.want.Open)
			}
		})
	}
}

func TestDays(t *testing.T) {
	c := calendar.New(calendar.Config{})
	want := []calendar.Day{
		{Date: date("2026-04-28"), Open: true},
		{Date: date("2026-04-29"), Reason: "昭和の日"},
		{Date: date("2026-04-30"), Open: true},
		{Date: date("2026-05-01"), Open: true},
		{Date: date("2026-05-02"), Reason: "土曜日"},
		{Date: date("2026-05-03"), Reason: "憲法記念日"},
		{Date: date("2026-05-04"), Reason: "みどりの日"},
		{Date: date("2026-05-05"), Reason: "こどもの日"},
		{Date: date("2026-05-06"), Reason: "振替休日"},
		{Date: date("2026-05-07"), Open: true},
		{Date: date("2026-05-08"), Open: true},
		{Date: date("2026-05-09"), Reason: "土曜日"},
		{Date: date("2026-05-10"), Reason: "日曜日"},
		{Date: date("2026-05-11"), Open: true},
	}
	if diff := cmp.Diff(want, c.Days(date("2026-04-28"), date("2026-05-11"))); diff != "" {
		t.Errorf("Days(2026-04-28, 2026-05-11) mismatch (-want +got):\n%s", diff)
	}
	if got := c.Days(date("2026-05-01"), date("2026-05-01")); len(got) != 1 || got[0].Date != date("2026-05-01") {
		t.Errorf("Days(2026-05-01, 2026-05-01) = %v, want one day", got)
	}
	if got := c.Days(date("2026-05-02"), date("2026-05-01")); got != nil {
		t.Errorf("Days(2026-05-02, 2026-05-01) = %v, want nil", got)
	}
	// Across a year end and a leap day.
	if got := c.Days(date("2027-12-01"), date("2028-03-01")); len(got) != 92 || got[90].Date != date("2028-02-29") {
		t.Errorf("Days(2027-12-01, 2028-03-01) has %d days, want 92 with 2028-02-29 at [90]", len(got))
	}
}

func TestAddOfficeDays(t *testing.T) {
	tests := []struct {
		name string
		from string
		n    int
		want string
	}{
		{"zero", "2026-05-01", 0, "2026-05-01"},
		{"zero on a closed day", "2026-05-03", 0, "2026-05-03"},
		{"over Golden Week", "2026-05-01", 1, "2026-05-07"},
		{"two over Golden Week", "2026-05-01", 2, "2026-05-08"},
		{"back over Golden Week", "2026-05-07", -1, "2026-05-01"},
		{"two back over Golden Week", "2026-05-07", -2, "2026-04-30"},
		{"from a closed day forward", "2026-05-03", 1, "2026-05-07"},
		{"from a closed day back", "2026-05-03", -1, "2026-05-01"},
		{"over a weekend", "2026-05-08", 1, "2026-05-11"},
		{"over the year end", "2026-12-28", 1, "2027-01-04"},
		{"back over the year end", "2027-01-04", -1, "2026-12-28"},
		{"over Silver Week", "2026-09-18", 1, "2026-09-24"},
		{"June has 22 weekdays", "2026-06-01", 22, "2026-07-01"},
		{"a year of office days", "2025-12-31", 240, "2026-12-28"},
	}
	c := calendar.New(calendar.Config{})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			from := date(tt.from)
			if got := c.AddOfficeDays(from, tt.n); got != date(tt.want) {
				t.Errorf("AddOfficeDays(%v, %d) = %v, want %s", from, tt.n, got, tt.want)
			}
		})
	}
}

func TestConfirmBy(t *testing.T) {
	tests := []struct {
		name    string
		cfg     calendar.Config
		session string
		notice  int
		want    time.Time
	}{
		{"Golden Week", calendar.Config{}, "2026-05-07", 2, jstTime(2026, 5, 1, 0, 0, 0, 0)},
		{"before 昭和の日", calendar.Config{}, "2026-04-30", 2, jstTime(2026, 4, 28, 0, 0, 0, 0)},
		{"Silver Week", calendar.Config{}, "2026-09-24", 2, jstTime(2026, 9, 18, 0, 0, 0, 0)},
		{"year end", calendar.Config{}, "2027-01-04", 2, jstTime(2026, 12, 26, 0, 0, 0, 0)},
		{"Monday", calendar.Config{}, "2026-05-11", 2, jstTime(2026, 5, 8, 0, 0, 0, 0)},
		{"one day's notice", calendar.Config{}, "2026-05-07", 1, jstTime(2026, 5, 2, 0, 0, 0, 0)},
		{"no notice is the session day's end", calendar.Config{}, "2026-05-07", 0, jstTime(2026, 5, 8, 0, 0, 0, 0)},
		{"negative notice counts as none", calendar.Config{}, "2026-05-07", -3, jstTime(2026, 5, 8, 0, 0, 0, 0)},
		{"leap day", calendar.Config{}, "2028-03-02", 2, jstTime(2028, 3, 1, 0, 0, 0, 0)},
		{"cut-off 17:00", calendar.Config{CutOff: 17 * time.Hour}, "2026-05-07", 2, jstTime(2026, 4, 30, 17, 0, 0, 0)},
		{"cut-off 17:30 over the year end", calendar.Config{CutOff: 17*time.Hour + 30*time.Minute}, "2027-01-04", 2, jstTime(2026, 12, 25, 17, 30, 0, 0)},
		{"cut-off 24h is midnight", calendar.Config{CutOff: 24 * time.Hour}, "2026-05-07", 2, jstTime(2026, 5, 1, 0, 0, 0, 0)},
		{"negative cut-off means 24h", calendar.Config{CutOff: -time.Hour}, "2026-05-07", 2, jstTime(2026, 5, 1, 0, 0, 0, 0)},
		{"cut-off over 24h means 24h", calendar.Config{CutOff: 30 * time.Hour}, "2026-05-07", 2, jstTime(2026, 5, 1, 0, 0, 0, 0)},
		{"other zone", calendar.Config{Location: time.UTC}, "2026-05-07", 2, time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)},
		{"closing 4/30 moves the deadline back", calendar.Config{Overrides: []calendar.Override{
			{Date: date("2026-04-30"), Reason: "設備点検"},
		}}, "2026-05-07", 2, jstTime(2026, 4, 29, 0, 0, 0, 0)},
		{"opening Saturday 5/2 moves the deadline on", calendar.Config{Overrides: []calendar.Override{
			{Date: date("2026-05-02"), Open: true, Reason: "土曜開庁"},
		}}, "2026-05-07", 2, jstTime(2026, 5, 2, 0, 0, 0, 0)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := calendar.New(tt.cfg)
			session := date(tt.session)
			got := c.ConfirmBy(session, tt.notice)
			if !got.Equal(tt.want) {
				t.Errorf("ConfirmBy(%v, %d) = %v, want %v", session, tt.notice, got, tt.want)
			}
			if got.Location() != c.Location() {
				t.Errorf("ConfirmBy(%v, %d) is in %v, want %v", session, tt.notice, got.Location(), c.Location())
			}
		})
	}
}

// TestConfirmByDST checks that a cut-off is a wall-clock time even on a day
// whose length is not 24 hours. Offices are in Japan; this guards the
// arithmetic for any zone.
func TestConfirmByDST(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Skipf("no zone database: %v", err)
	}
	// 2026-03-08 is a Sunday of 23 hours in New York; open it so that it
	// can be a deadline.
	overrides := []calendar.Override{{Date: date("2026-03-08"), Open: true}}
	tests := []struct {
		name   string
		cutOff time.Duration
		want   time.Time
	}{
		{"17:00 EDT", 17 * time.Hour, time.Date(2026, 3, 8, 21, 0, 0, 0, time.UTC)},
		{"midnight EDT", 0, time.Date(2026, 3, 9, 4, 0, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := calendar.New(calendar.Config{Location: ny, CutOff: tt.cutOff, Overrides: overrides})
			if got := c.ConfirmBy(date("2026-03-10"), 2); !got.Equal(tt.want) {
				t.Errorf("ConfirmBy(2026-03-10, 2) = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestEarliestSessionDay(t *testing.T) {
	tests := []struct {
		name   string
		cfg    calendar.Config
		t      time.Time
		notice int
		want   string
	}{
		{"Saturday in Golden Week", calendar.Config{}, jstTime(2026, 5, 2, 10, 0, 0, 0), 2, "2026-05-11"},
		{"Saturday midnight is still in time for Friday", calendar.Config{}, jstTime(2026, 5, 2, 0, 0, 0, 0), 2, "2026-05-08"},
		{"just after Saturday midnight", calendar.Config{}, jstTime(2026, 5, 2, 0, 0, 0, 1), 2, "2026-05-11"},
		{"Friday before Golden Week", calendar.Config{}, jstTime(2026, 5, 1, 12, 0, 0, 0), 2, "2026-05-08"},
		{"Thursday late", calendar.Config{}, jstTime(2026, 4, 30, 23, 59, 59, 0), 2, "2026-05-07"},
		{"same instant in UTC", calendar.Config{}, time.Date(2026, 4, 30, 15, 0, 0, 0, time.UTC), 2, "2026-05-07"},
		{"a second later in UTC", calendar.Config{}, time.Date(2026, 4, 30, 15, 0, 1, 0, time.UTC), 2, "2026-05-08"},
		{"Friday before the year end", calendar.Config{}, jstTime(2026, 12, 25, 12, 0, 0, 0), 2, "2027-01-04"},
		{"Saturday before the year end", calendar.Config{}, jstTime(2026, 12, 26, 12, 0, 0, 0), 2, "2027-01-05"},
		{"in the year end", calendar.Config{}, jstTime(2026, 12, 31, 12, 0, 0, 0), 2, "2027-01-06"},
		{"no notice on a Saturday", calendar.Config{}, jstTime(2026, 5, 2, 10, 0, 0, 0), 0, "2026-05-07"},
		{"no notice on an office day", calendar.Config{}, jstTime(2026, 5, 1, 10, 0, 0, 0), 0, "2026-05-01"},
		{"negative notice counts as none", calendar.Config{}, jstTime(2026, 5, 1, 10, 0, 0, 0), -1, "2026-05-01"},
		{"cut-off 17:00, at 17:00", calendar.Config{CutOff: 17 * time.Hour}, jstTime(2026, 4, 30, 17, 0, 0, 0), 2, "2026-05-07"},
		{"cut-off 17:00, after 17:00", calendar.Config{CutOff: 17 * time.Hour}, jstTime(2026, 4, 30, 17, 0, 1, 0), 2, "2026-05-08"},
		{"cut-off 17:00, Friday evening", calendar.Config{CutOff: 17 * time.Hour}, jstTime(2026, 5, 1, 18, 0, 0, 0), 2, "2026-05-11"},
		{"opened Saturday", calendar.Config{Overrides: []calendar.Override{
			{Date: date("2026-05-02"), Open: true, Reason: "土曜開庁"},
		}}, jstTime(2026, 5, 2, 10, 0, 0, 0), 2, "2026-05-08"},
		{"closed Thursday", calendar.Config{Overrides: []calendar.Override{
			{Date: date("2026-05-07"), Reason: "臨時休業"},
		}}, jstTime(2026, 5, 2, 10, 0, 0, 0), 2, "2026-05-12"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := calendar.New(tt.cfg)
			if got := c.EarliestSessionDay(tt.t, tt.notice); got != date(tt.want) {
				t.Errorf("EarliestSessionDay(%v, %d) = %v, want %s", tt.t, tt.notice, got, tt.want)
			}
		})
	}
}

// TestEarliestSessionDayAgreesWithConfirmBy checks EarliestSessionDay
// against its definition every 5 hours over two years: the result is an
// office day D with t <= ConfirmBy(D), and the office day before it is not
// in time.
func TestEarliestSessionDayAgreesWithConfirmBy(t *testing.T) {
	configs := []struct {
		name string
		cfg  calendar.Config
	}{
		{"default", calendar.Config{}},
		{"cut-off 17:00 with overrides", calendar.Config{CutOff: 17 * time.Hour, Overrides: []calendar.Override{
			{Date: date("2026-05-02"), Open: true},
			{Date: date("2026-05-08"), Open: false},
			{Date: date("2026-12-28"), Open: false},
		}}},
	}
	for _, cc := range configs {
		t.Run(cc.name, func(t *testing.T) {
			c := calendar.New(cc.cfg)
			for _, notice := range []int{0, 1, 2, 3} {
				for at := jstTime(2026, 1, 1, 0, 0, 0, 0); at.Before(jstTime(2028, 1, 1, 0, 0, 0, 0)); at = at.Add(5 * time.Hour) {
					d := c.EarliestSessionDay(at, notice)
					if !c.IsOfficeDay(d) {
						t.Fatalf("EarliestSessionDay(%v, %d) = %v, not an office day", at, notice, d)
					}
					if by := c.ConfirmBy(d, notice); at.After(by) {
						t.Fatalf("EarliestSessionDay(%v, %d) = %v, but ConfirmBy(%v) = %v is before", at, notice, d, d, by)
					}
					prev := c.AddOfficeDays(d, -1)
					if by := c.ConfirmBy(prev, notice); !at.After(by) {
						t.Fatalf("EarliestSessionDay(%v, %d) = %v, but %v is earlier and ConfirmBy = %v", at, notice, d, prev, by)
					}
				}
			}
		})
	}
}

func TestOverrides(t *testing.T) {
	c := calendar.New(calendar.Config{Overrides: []calendar.Override{
		{Date: date("2026-04-30"), Open: false, Reason: "設備点検"},
		{Date: date("2026-05-02"), Open: true, Reason: "土曜開庁"},
		{Date: date("2026-05-04"), Open: true, Reason: "祝日開庁"},
		{Date: date("2026-06-01"), Open: false},
		{Date: date("2026-06-06"), Open: true},
		{Date: date("2026-06-08"), Open: false, Reason: "first"},
		{Date: date("2026-06-08"), Open: true, Reason: "last wins"},
	}})
	tests := []struct {
		name string
		want calendar.Day
	}{
		{"closed office day", calendar.Day{Date: date("2026-04-30"), Reason: "設備点検"}},
		{"opened Saturday", calendar.Day{Date: date("2026-05-02"), Open: true, Reason: "土曜開庁"}},
		{"opened holiday", calendar.Day{Date: date("2026-05-04"), Open: true, Reason: "祝日開庁"}},
		{"closed without a reason", calendar.Day{Date: date("2026-06-01"), Reason: "臨時休業"}},
		{"opened without a reason", calendar.Day{Date: date("2026-06-06"), Open: true, Reason: "臨時開庁"}},
		{"last override wins", calendar.Day{Date: date("2026-06-08"), Open: true, Reason: "last wins"}},
		{"untouched Sunday", calendar.Day{Date: date("2026-05-03"), Reason: "憲法記念日"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, c.Day(tt.want.Date)); diff != "" {
				t.Errorf("Day(%v) mismatch (-want +got):\n%s", tt.want.Date, diff)
			}
			if got := c.IsOfficeDay(tt.want.Date); got != tt.want.Open {
				t.Errorf("IsOfficeDay(%v) = %v, want %v", tt.want.Date, got, tt.want.Open)
			}
		})
	}
	// An override changes office days, not the national holiday.
	if name, ok := c.Holiday(date("2026-05-04")); name != "みどりの日" || !ok {
		t.Errorf("Holiday(2026-05-04) = %q, %v, want みどりの日, true", name, ok)
	}
	// Office days count the overrides: 3 opened (6/8 was open already), 2
	// closed.
	got := 0
	for _, d := range c.Days(date("2026-01-01"), date("2026-12-31")) {
		if d.Open {
			got++
		}
	}
	if want := 240 + 3 - 2; got != want {
		t.Errorf("office days in 2026 with overrides = %d, want %d", got, want)
	}
}

func TestConfigIsCopied(t *testing.T) {
	cfg := calendar.Config{
		Imported:  []calendar.Holiday{{Date: date("2026-06-15"), Name: "創立記念日"}},
		Overrides: []calendar.Override{{Date: date("2026-06-16"), Reason: "臨時休業"}},
	}
	c := calendar.New(cfg)
	cfg.Imported[0].Date = date("2026-06-17")
	cfg.Overrides[0].Date = date("2026-06-18")
	for _, tt := range []struct {
		date string
		want bool
	}{{"2026-06-15", false}, {"2026-06-16", false}, {"2026-06-17", true}, {"2026-06-18", true}} {
		if got := c.IsOfficeDay(date(tt.date)); got != tt.want {
			t.Errorf("IsOfficeDay(%s) = %v after changing cfg, want %v", tt.date, got, tt.want)
		}
	}
}

func TestImported(t *testing.T) {
	// A 2026 file that lacks 春分の日, adds a day and names 振替休日 休日 as
	// the Cabinet Office does; 2025 and 2027 are not in the file.
	var imported []calendar.Holiday
	for _, h := range officialHolidays[2026] {
		switch h.Date {
		case date("2026-03-20"):
			continue
		case date("2026-05-06"), date("2026-09-22"):
			h.Name = "休日"
		}
		imported = append(imported, h)
	}
	imported = append(imported, calendar.Holiday{Date: date("2026-06-15"), Name: "特別の休日"})
	c := calendar.New(calendar.Config{Imported: imported})

	tests := []struct {
		name     string
		date     string
		wantName string
		wantOpen bool
	}{
		{"formula holiday missing from the file", "2026-03-20", "", true},
		{"extra holiday in the file", "2026-06-15", "特別の休日", false},
		{"file's name wins", "2026-05-06", "休日", false},
		{"file's holiday", "2026-01-12", "成人の日", false},
		{"year not in the file uses the formula", "2027-03-22", "振替休日", false},
		{"year before the file uses the formula", "2025-03-20", "春分の日", false},
		{"year end is not from the file", "2026-12-29", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := date(tt.date)
			name, ok := c.Holiday(d)
			if name != tt.wantName || ok != (tt.wantName != "") {
				t.Errorf("Holiday(%v) = %q, %v, want %q, %v", d, name, ok, tt.wantName, tt.wantName != "")
			}
			if got := c.IsOfficeDay(d); got != tt.wantOpen {
				t.Errorf("IsOfficeDay(%v) = %v, want %v", d, got, tt.wantOpen)
			}
		})
	}

	want := slices.Clone(imported)
	slices.SortFunc(want, func(a, b calendar.Holiday) int { return a.Date.Compare(b.Date) })
	if diff := cmp.Diff(want, c.Holidays(2026)); diff != "" {
		t.Errorf("Holidays(2026) mismatch (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(officialHolidays[2027], c.Holidays(2027)); diff != "" {
		t.Errorf("Holidays(2027) mismatch (-want +got):\n%s", diff)
	}
}

func TestDefaults(t *testing.T) {
	c := calendar.New(calendar.Config{})
	loc := c.Location()
	if name, offset := time.Date(2026, 5, 1, 0, 0, 0, 0, loc).Zone(); name != "JST" || offset != 9*60*60 {
		t.Errorf("default Location() zone = %s %+d, want JST +32400", name, offset)
	}
	if got := c.CutOff(); got != 24*time.Hour {
		t.Errorf("default CutOff() = %v, want 24h", got)
	}
	if got := calendar.New(calendar.Config{CutOff: 17 * time.Hour}).CutOff(); got != 17*time.Hour {
		t.Errorf("CutOff() = %v, want 17h", got)
	}
}

// TestSearchesEnd checks that the searches end, with a far-away closed day,
// when overrides close more than MaxSearchDays days in a row, and that
// enormous counts are capped.
func TestSearchesEnd(t *testing.T) {
	start := date("2026-01-01")
	var overrides []calendar.Override
	for i := -calendar.MaxSearchDays - 10; i <= calendar.MaxSearchDays+10; i++ {
		overrides = append(overrides, calendar.Override{Date: start.AddDays(i)})
	}
	closed := calendar.New(calendar.Config{Overrides: overrides})

	tests := []struct {
		name string
		n    int
		want calendar.Date
	}{
		{"forward", 1, start.AddDays(calendar.MaxSearchDays)},
		{"backward", -1, start.AddDays(-calendar.MaxSearchDays)},
		{"many forward", 5, start.AddDays(calendar.MaxSearchDays)},
		{"math.MinInt", math.MinInt, start.AddDays(-calendar.MaxSearchDays)},
		{"math.MaxInt", math.MaxInt, start.AddDays(calendar.MaxSearchDays)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := closed.AddOfficeDays(start, tt.n)
			if got != tt.want {
				t.Errorf("AddOfficeDays(%v, %d) = %v, want %v", start, tt.n, got, tt.want)
			}
			if closed.IsOfficeDay(got) {
				t.Errorf("AddOfficeDays(%v, %d) = %v, an office day, want a closed day", start, tt.n, got)
			}
		})
	}

	t.Run("ConfirmBy", func(t *testing.T) {
		got := closed.ConfirmBy(start, 2)
		if want := start.AddDays(-calendar.MaxSearchDays).AddDays(1).In(calendar.JST()); !got.Equal(want) {
			t.Errorf("ConfirmBy(%v, 2) = %v, want %v", start, got, want)
		}
	})
	t.Run("EarliestSessionDay", func(t *testing.T) {
		at := start.In(calendar.JST()).Add(12 * time.Hour)
		got := closed.EarliestSessionDay(at, 2)
		if closed.IsOfficeDay(got) || calendar.DaysBetween(start, got) < calendar.MaxSearchDays-1 {
			t.Errorf("EarliestSessionDay(%v, 2) = %v, want a closed day about %d days on", at, got, calendar.MaxSearchDays)
		}
	})
	t.Run("huge counts are capped", func(t *testing.T) {
		c := calendar.New(calendar.Config{})
		capped := c.AddOfficeDays(start, calendar.MaxSearchDays)
		if got := c.AddOfficeDays(start, math.MaxInt); got != capped {
			t.Errorf("AddOfficeDays(%v, math.MaxInt) = %v, want %v", start, got, capped)
		}
		capped = c.AddOfficeDays(start, -calendar.MaxSearchDays)
		if got := c.AddOfficeDays(start, math.MinInt); got != capped {
			t.Errorf("AddOfficeDays(%v, math.MinInt) = %v, want %v", start, got, capped)
		}
	})
}

// TestConcurrentUse exercises the shared caches from many goroutines; run
// it with -race.
func TestConcurrentUse(t *testing.T) {
	c := calendar.New(calendar.Config{})
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for y := 2090 + g; y < 2200; y += 8 {
				_ = c.Days(calendar.NewDate(y, 1, 1), calendar.NewDate(y, 12, 31))
				_ = calendar.NationalHolidays(y)
				_ = c.ConfirmBy(calendar.NewDate(y, 5, 7), 2)
			}
		})
	}
	wg.Wait()
	if got, want := c.ConfirmBy(date("2026-05-07"), 2), jstTime(2026, 5, 1, 0, 0, 0, 0); !got.Equal(want) {
		t.Errorf("ConfirmBy(2026-05-07, 2) = %v, want %v", got, want)
	}
}

func BenchmarkDays(b *testing.B) {
	c := calendar.New(calendar.Config{Overrides: []calendar.Override{{Date: date("2026-05-02"), Open: true}}})
	from := date("2026-01-01")
	to := from.AddDays(399)
	for b.Loop() {
		if days := c.Days(from, to); len(days) != 400 {
			b.Fatalf("Days returned %d days, want 400", len(days))
		}
	}
}

func BenchmarkEarliestSessionDay(b *testing.B) {
	c := calendar.New(calendar.Config{})
	at := jstTime(2026, 5, 2, 10, 0, 0, 0)
	for b.Loop() {
		c.EarliestSessionDay(at, 2)
	}
}
