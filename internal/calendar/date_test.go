package calendar_test

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"soudan/internal/calendar"
)

func TestNewDate(t *testing.T) {
	tests := []struct {
		name    string
		y       int
		m       time.Month
		d       int
		want    calendar.Date
		wantStr string
	}{
		{"plain", 2026, time.May, 1, calendar.Date{Year: 2026, Month: time.May, Day: 1}, "2026-05-01"},
		{"leap day", 2028, time.February, 29, calendar.Date{Year: 2028, Month: time.February, Day: 29}, "2028-02-29"},
		{"Feb 29 of a common year", 2027, time.February, 29, calendar.Date{Year: 2027, Month: time.March, Day: 1}, "2027-03-01"},
		{"Feb 30", 2026, time.February, 30, calendar.Date{Year: 2026, Month: time.March, Day: 2}, "2026-03-02"},
		{"day 0", 2026, time.January, 0, calendar.Date{Year: 2025, Month: time.December, Day: 31}, "2025-12-31"},
		{"month 13", 2026, 13, 1, calendar.Date{Year: 2027, Month: time.January, Day: 1}, "2027-01-01"},
		{"2100 is no leap year", 2100, time.February, 29, calendar.Date{Year: 2100, Month: time.March, Day: 1}, "2100-03-01"},
		{"2000 is a leap year", 2000, time.February, 29, calendar.Date{Year: 2000, Month: time.February, Day: 29}, "2000-02-29"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := calendar.NewDate(tt.y, tt.m, tt.d)
			if got != tt.want {
				t.Errorf("NewDate(%d, %d, %d) = %#v, want %#v", tt.y, tt.m, tt.d, got, tt.want)
			}
			if s := got.String(); s != tt.wantStr {
				t.Errorf("NewDate(%d, %d, %d).String() = %q, want %q", tt.y, tt.m, tt.d, s, tt.wantStr)
			}
		})
	}
}

func TestParseDate(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    calendar.Date
		wantErr bool
	}{
		{"ordinary", "2026-05-01", calendar.NewDate(2026, time.May, 1), false},
		{"leap day 2028", "2028-02-29", calendar.NewDate(2028, time.February, 29), false},
		{"leap day 2000", "2000-02-29", calendar.NewDate(2000, time.February, 29), false},
		{"first year", "1000-01-01", calendar.NewDate(1000, time.January, 1), false},
		{"last year", "9999-12-31", calendar.NewDate(9999, time.December, 31), false},
		{"Feb 29 of a common year", "2027-02-29", calendar.Date{}, true},
		{"Feb 29 of 2100", "2100-02-29", calendar.Date{}, true},
		{"Feb 30", "2026-02-30", calendar.Date{}, true},
		{"April 31", "2026-04-31", calendar.Date{}, true},
		{"month 0", "2026-00-10", calendar.Date{}, true},
		{"month 13", "2026-13-01", calendar.Date{}, true},
		{"day 0", "2026-05-00", calendar.Date{}, true},
		{"day 32", "2026-01-32", calendar.Date{}, true},
		{"year 999", "0999-12-31", calendar.Date{}, true},
		{"year 0", "0000-01-01", calendar.Date{}, true},
		{"no padding", "2026-5-1", calendar.Date{}, true},
		{"slashes", "2026/05/01", calendar.Date{}, true},
		{"compact", "20260501", calendar.Date{}, true},
		{"with time", "2026-05-01T00:00:00Z", calendar.Date{}, true},
		{"trailing space", "2026-05-01 ", calendar.Date{}, true},
		{"leading space", " 026-05-01", calendar.Date{}, true},
		{"sign", "+026-05-01", calendar.Date{}, true},
		{"signed month", "2026-+5-01", calendar.Date{}, true},
		{"full-width digits", "２０２６-05-01", calendar.Date{}, true},
		{"empty", "", calendar.Date{}, true},
		{"five-digit year", "12026-05-01", calendar.Date{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := calendar.ParseDate(tt.in)
			if tt.wantErr {
				if !errors.Is(err, calendar.ErrInvalidDate) {
					t.Errorf("ParseDate(%q) = %v, %v, want an error wrapping ErrInvalidDate", tt.in, got, err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("ParseDate(%q) = %v, %v, want %v, nil", tt.in, got, err, tt.want)
			}
		})
	}
}

func TestDateOfAndIn(t *testing.T) {
	tests := []struct {
		name string
		t    time.Time
		loc  *time.Location
		want calendar.Date
	}{
		{"UTC afternoon is next day in Tokyo", time.Date(2026, 4, 30, 15, 0, 0, 0, time.UTC), calendar.JST(), date("2026-05-01")},
		{"UTC before 15:00 is same day in Tokyo", time.Date(2026, 4, 30, 14, 59, 59, 0, time.UTC), calendar.JST(), date("2026-04-30")},
		{"JST midnight in UTC is previous day", jstTime(2026, 5, 1, 0, 0, 0, 0), time.UTC, date("2026-04-30")},
		{"nil location is UTC", time.Date(2026, 12, 31, 23, 0, 0, 0, time.UTC), nil, date("2026-12-31")},
		{"year end in Tokyo", time.Date(2026, 12, 31, 15, 0, 0, 0, time.UTC), calendar.JST(), date("2027-01-01")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := calendar.DateOf(tt.t, tt.loc); got != tt.want {
				t.Errorf("DateOf(%v, %v) = %v, want %v", tt.t, tt.loc, got, tt.want)
			}
		})
	}

	got := date("2026-05-01").In(calendar.JST())
	if want := time.Date(2026, 4, 30, 15, 0, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("2026-05-01.In(JST) = %v, want %v", got, want)
	}
	if got := date("2026-05-01").In(nil); !got.Equal(time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("2026-05-01.In(nil) = %v, want midnight UTC", got)
	}
}

func TestDateArithmetic(t *testing.T) {
	tests := []struct {
		name string
		from string
		n    int
		want string
	}{
		{"zero", "2026-05-01", 0, "2026-05-01"},
		{"next day", "2026-05-01", 1, "2026-05-02"},
		{"across a month", "2026-04-30", 1, "2026-05-01"},
		{"across a year", "2026-12-31", 1, "2027-01-01"},
		{"back across a year", "2027-01-01", -1, "2026-12-31"},
		{"into a leap day", "2028-02-28", 1, "2028-02-29"},
		{"over a leap day", "2028-02-28", 2, "2028-03-01"},
		{"no leap day in 2027", "2027-02-28", 1, "2027-03-01"},
		{"a leap year", "2028-01-01", 366, "2029-01-01"},
		{"a common year", "2026-01-01", 365, "2027-01-01"},
		{"four centuries", "2000-01-01", 146097, "2400-01-01"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			from := date(tt.from)
			got := from.AddDays(tt.n)
			if got != date(tt.want) {
				t.Errorf("%v.AddDays(%d) = %v, want %s", from, tt.n, got, tt.want)
			}
			if back := calendar.DaysBetween(from, got); back != tt.n {
				t.Errorf("DaysBetween(%v, %v) = %d, want %d", from, got, back, tt.n)
			}
			if back := calendar.DaysBetween(got, from); back != -tt.n {
				t.Errorf("DaysBetween(%v, %v) = %d, want %d", got, from, back, -tt.n)
			}
		})
	}
}

func TestWeekday(t *testing.T) {
	tests := []struct {
		date string
		want time.Weekday
	}{
		{"2026-01-01", time.Thursday},
		{"2026-05-02", time.Saturday},
		{"2026-05-03", time.Sunday},
		{"2026-05-07", time.Thursday},
		{"2027-01-04", time.Monday},
		{"2028-02-29", time.Tuesday},
		{"2000-01-01", time.Saturday},
		{"1980-01-01", time.Tuesday},
	}
	for _, tt := range tests {
		t.Run(tt.date, func(t *testing.T) {
			if got := date(tt.date).Weekday(); got != tt.want {
				t.Errorf("%s.Weekday() = %v, want %v", tt.date, got, tt.want)
			}
		})
	}
}

func TestCompare(t *testing.T) {
	tests := []struct {
		name string
		a, b string
		want int
	}{
		{"equal", "2026-05-01", "2026-05-01", 0},
		{"day", "2026-05-01", "2026-05-02", -1},
		{"month beats day", "2026-04-30", "2026-05-01", -1},
		{"year beats month", "2026-12-31", "2027-01-01", -1},
		{"after", "2027-01-01", "2026-12-31", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, b := date(tt.a), date(tt.b)
			if got := a.Compare(b); got != tt.want {
				t.Errorf("%v.Compare(%v) = %d, want %d", a, b, got, tt.want)
			}
			if got := a.Before(b); got != (tt.want < 0) {
				t.Errorf("%v.Before(%v) = %v, want %v", a, b, got, tt.want < 0)
			}
			if got := a.After(b); got != (tt.want > 0) {
				t.Errorf("%v.After(%v) = %v, want %v", a, b, got, tt.want > 0)
			}
		})
	}
}

func TestIsZero(t *testing.T) {
	if !(calendar.Date{}).IsZero() {
		t.Errorf("Date{}.IsZero() = false, want true")
	}
	if date("2026-05-01").IsZero() {
		t.Errorf("2026-05-01.IsZero() = true, want false")
	}
}

func TestText(t *testing.T) {
	type doc struct {
		Session calendar.Date  `json:"session"`
		Maybe   calendar.Date  `json:"maybe"`
		Ptr     *calendar.Date `json:"ptr,omitempty"`
	}
	in := doc{Session: date("2026-05-07")}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatalf("json.Marshal(%v) error: %v", in, err)
	}
	if got, want := string(b), `{"session":"2026-05-07","maybe":""}`; got != want {
		t.Errorf("json.Marshal = %s, want %s", got, want)
	}
	var out doc
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatalf("json.Unmarshal(%s) error: %v", b, err)
	}
	if diff := cmp.Diff(in, out); diff != "" {
		t.Errorf("JSON round trip mismatch (-want +got):\n%s", diff)
	}

	var d calendar.Date
	if err := d.UnmarshalText([]byte("2026-02-30")); !errors.Is(err, calendar.ErrInvalidDate) {
		t.Errorf("UnmarshalText(2026-02-30) = %v, want an error wrapping ErrInvalidDate", err)
	}
	bad := []calendar.Date{{Year: 999, Month: 1, Day: 1}, {Year: 2026, Month: 2, Day: 30}, {Year: 10000, Month: 1, Day: 1}}
	for _, d := range bad {
		if b, err := d.MarshalText(); err == nil {
			t.Errorf("%#v.MarshalText() = %q, nil, want an error", d, b)
		}
	}
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2026-05-01", "2028-02-29", "2027-02-29", "0999-12-31", "2026-5-1", "", "9999-12-31"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := calendar.ParseDate(s)
		if err != nil {
			if !errors.Is(err, calendar.ErrInvalidDate) {
				t.Fatalf("ParseDate(%q) error %v does not wrap ErrInvalidDate", s, err)
			}
			return
		}
		if got := d.String(); got != s {
			t.Fatalf("ParseDate(%q).String() = %q, want the input", s, got)
		}
		if n := calendar.NewDate(d.Year, d.Month, d.Day); n != d {
			t.Fatalf("ParseDate(%q) = %#v, not normalised (NewDate gives %#v)", s, d, n)
		}
		b, err := d.MarshalText()
		if err != nil || string(b) != s {
			t.Fatalf("%v.MarshalText() = %q, %v, want %q, nil", d, b, err, s)
		}
		var back calendar.Date
		if err := back.UnmarshalText(b); err != nil || back != d {
			t.Fatalf("UnmarshalText(%q) = %v, %v, want %v, nil", b, back, err, d)
		}
	})
}
