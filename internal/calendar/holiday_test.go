package calendar_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"soudan/internal/calendar"
)

// officialHolidays are the national holidays of 2019–2030, written out by
// hand from the Cabinet Office's lists (国民の祝日について, syukujitsu.csv),
// where the CSV's 休日 is named 振替休日 or 国民の休日 as the law has it and
// 2019's 休日（祝日扱い） by the day's name. Years after the last published
// list follow the same rules with the equinox dates of the formula.
var officialHolidays = map[int][]calendar.Holiday{
	2019: holidays(
		[2]string{"2019-01-01", "元日"},
		[2]string{"2019-01-14", "成人の日"},
		[2]string{"2019-02-11", "建国記念の日"},
		[2]string{"2019-03-21", "春分の日"},
		[2]string{"2019-04-29", "昭和の日"},
		[2]string{"2019-04-30", "国民の休日"},
		[2]string{"2019-05-01", "即位の日"},
		[2]string{"2019-05-02", "国民の休日"},
		[2]string{"2019-05-03", "憲法記念日"},
		[2]string{"2019-05-04", "みどりの日"},
		[2]string{"2019-05-05", "こどもの日"},
		[2]string{"2019-05-06", "振替休日"},
		[2]string{"2019-07-15", "海の日"},
		[2]string{"2019-08-11", "山の日"},
		[2]string{"2019-08-12", "振替休日"},
		[2]string{"2019-09-16", "敬老の日"},
		[2]string{"2019-09-23", "秋分の日"},
		[2]string{"2019-10-14", "体育の日"},
		[2]string{"2019-10-22", "即位礼正殿の儀"},
		[2]string{"2019-11-03", "文化の日"},
		[2]string{"2019-11-04", "振替休日"},
		[2]string{"2019-11-23", "勤労感謝の日"},
	),
	2020: holidays(
		[2]string{"2020-01-01", "元日"},
		[2]string{"2020-01-13", "成人の日"},
		[2]string{"2020-02-11", "建国記念の日"},
		[2]string{"2020-02-23", "天皇誕生日"},
		[2]string{"2020-02-24", "振替休日"},
		[2]string{"2020-03-20", "春分の日"},
		[2]string{"2020-04-29", "昭和の日"},
		[2]string{"2020-05-03", "憲法記念日"},
		[2]string{"2020-05-04", "みどりの日"},
		[2]string{"2020-05-05", "こどもの日"},
		[2]string{"2020-05-06", "振替休日"},
		[2]string{"2020-07-23", "海の日"},
		[2]string{"2020-07-24", "スポーツの日"},
		[2]string{"2020-08-10", "山の日"},
		[2]string{"2020-09-21", "敬老の日"},
		[2]string{"2020-09-22", "秋分の日"},
		[2]string{"2020-11-03", "文化の日"},
		[2]string{"2020-11-23", "勤労感謝の日"},
	),
	2021: holidays(
		[2]string{"2021-01-01", "元日"},
		[2]string{"2021-01-11", "成人の日"},
		[2]string{"2021-02-11", "建国記念の日"},
		[2]string{"2021-02-23", "天皇誕生日"},
		[2]string{"2021-03-20", "春分の日"},
		[2]string{"2021-04-29", "昭和の日"},
		[2]string{"2021-05-03", "憲法記念日"},
		[2]string{"2021-05-04", "みどりの日"},
		[2]string{"2021-05-05", "こどもの日"},
		[2]string{"2021-07-22", "海の日"},
		[2]string{"2021-07-23", "スポーツの日"},
		[2]string{"2021-08-08", "山の日"},
		[2]string{"2021-08-09", "振替休日"},
		[2]string{"2021-09-20", "敬老の日"},
		[2]string{"2021-09-23", "秋分の日"},
		[2]string{"2021-11-03", "文化の日"},
		[2]string{"2021-11-23", "勤労感謝の日"},
	),
	2022: holidays(
		[2]string{"2022-01-01", "元日"},
		[2]string{"2022-01-10", "成人の日"},
		[2]string{"2022-02-11", "建国記念の日"},
		[2]string{"2022-02-23", "天皇誕生日"},
		[2]string{"2022-03-21", "春分の日"},
		[2]string{"2022-04-29", "昭和の日"},
		[2]string{"2022-05-03", "憲法記念日"},
		[2]string{"2022-05-04", "みどりの日"},
		[2]string{"2022-05-05", "こどもの日"},
		[2]string{"2022-07-18", "海の日"},
		[2]string{"2022-08-11", "山の日"},
		[2]string{"2022-09-19", "敬老の日"},
		[2]string{"2022-09-23", "秋分の日"},
		[2]string{"2022-10-10", "スポーツの日"},
		[2]string{"2022-11-03", "文化の日"},
		[2]string{"2022-11-23", "勤労感謝の日"},
	),
	2023: holidays(
		[2]string{"2023-01-01", "元日"},
		[2]string{"2023-01-02", "振替休日"},
		[2]string{"2023-01-09", "成人の日"},
		[2]string{"2023-02-11", "建国記念の日"},
		[2]string{"2023-02-23", "天皇誕生日"},
		[2]string{"2023-03-21", "春分の日"},
		[2]string{"2023-04-29", "昭和の日"},
		[2]string{"2023-05-03", "憲法記念日"},
		[2]string{"2023-05-04", "みどりの日"},
		[2]string{"2023-05-05", "こどもの日"},
		[2]string{"2023-07-17", "海の日"},
		[2]string{"2023-08-11", "山の日"},
		[2]string{"2023-09-18", "敬老の日"},
		[2]string{"2023-09-23", "秋分の日"},
		[2]string{"2023-10-09", "スポーツの日"},
		[2]string{"2023-11-03", "文化の日"},
		[2]string{"2023-11-23", "勤労感謝の日"},
	),
	2024: holidays(
		[2]string{"2024-01-01", "元日"},
		[2]string{"2024-01-08", "成人の日"},
		[2]string{"2024-02-11", "建国記念の日"},
		[2]string{"2024-02-12", "振替休日"},
		[2]string{"2024-02-23", "天皇誕生日"},
		[2]string{"2024-03-20", "春分の日"},
		[2]string{"2024-04-29", "昭和の日"},
		[2]string{"2024-05-03", "憲法記念日"},
		[2]string{"2024-05-04", "みどりの日"},
		[2]string{"2024-05-05", "こどもの日"},
		[2]string{"2024-05-06", "振替休日"},
		[2]string{"2024-07-15", "海の日"},
		[2]string{"2024-08-11", "山の日"},
		[2]string{"2024-08-12", "振替休日"},
		[2]string{"2024-09-16", "敬老の日"},
		[2]string{"2024-09-22", "秋分の日"},
		[2]string{"2024-09-23", "振替休日"},
		[2]string{"2024-10-14", "スポーツの日"},
		[2]string{"2024-11-03", "文化の日"},
		[2]string{"2024-11-04", "振替休日"},
		[2]string{"2024-11-23", "勤労感謝の日"},
	),
	2025: holidays(
		[2]string{"2025-01-01", "元日"},
		[2]string{"2025-01-13", "成人の日"},
		[2]string{"2025-02-11", "建国記念の日"},
		[2]string{"2025-02-23", "天皇誕生日"},
		[2]string{"2025-02-24", "振替休日"},
		[2]string{"2025-03-20", "春分の日"},
		[2]string{"2025-04-29", "昭和の日"},
		[2]string{"2025-05-03", "憲法記念日"},
		[2]string{"2025-05-04", "みどりの日"},
		[2]string{"2025-05-05", "こどもの日"},
		[2]string{"2025-05-06", "振替休日"},
		[2]string{"2025-07-21", "海の日"},
		[2]string{"2025-08-11", "山の日"},
		[2]string{"2025-09-15", "敬老の日"},
		[2]string{"2025-09-23", "秋分の日"},
		[2]string{"2025-10-13", "スポーツの日"},
		[2]string{"2025-11-03", "文化の日"},
		[2]string{"2025-11-23", "勤労感謝の日"},
		[2]string{"2025-11-24", "振替休日"},
	),
	2026: holidays(
		[2]string{"2026-01-01", "元日"},
		[2]string{"2026-01-12", "成人の日"},
		[2]string{"2026-02-11", "建国記念の日"},
		[2]string{"2026-02-23", "天皇誕生日"},
		[2]string{"2026-03-20", "春分の日"},
		[2]string{"2026-04-29", "昭和の日"},
		[2]string{"2026-05-03", "憲法記念日"},
		[2]string{"2026-05-04", "みどりの日"},
		[2]string{"2026-05-05", "こどもの日"},
		[2]string{"2026-05-06", "振替休日"},
		[2]string{"2026-07-20", "海の日"},
		[2]string{"2026-08-11", "山の日"},
		[2]string{"2026-09-21", "敬老の日"},
		[2]string{"2026-09-22", "国民の休日"},
		[2]string{"2026-09-23", "秋分の日"},
		[2]string{"2026-10-12", "スポーツの日"},
		[2]string{"2026-11-03", "文化の日"},
		[2]string{"2026-11-23", "勤労感謝の日"},
	),
	2027: holidays(
		[2]string{"2027-01-01", "元日"},
		[2]string{"2027-01-11", "成人の日"},
		[2]string{"2027-02-11", "建国記念の日"},
		[2]string{"2027-02-23", "天皇誕生日"},
		[2]string{"2027-03-21", "春分の日"},
		[2]string{"2027-03-22", "振替休日"},
		[2]string{"2027-04-29", "昭和の日"},
		[2]string{"2027-05-03", "憲法記念日"},
		[2]string{"2027-05-04", "みどりの日"},
		[2]string{"2027-05-05", "こどもの日"},
		[2]string{"2027-07-19", "海の日"},
		[2]string{"2027-08-11", "山の日"},
		[2]string{"2027-09-20", "敬老の日"},
		[2]string{"2027-09-23", "秋分の日"},
		[2]string{"2027-10-11", "スポーツの日"},
		[2]string{"2027-11-03", "文化の日"},
		[2]string{"2027-11-23", "勤労感謝の日"},
	),
	2028: holidays(
		[2]string{"2028-01-01", "元日"},
		[2]string{"2028-01-10", "成人の日"},
		[2]string{"2028-02-11", "建国記念の日"},
		[2]string{"2028-02-23", "天皇誕生日"},
		[2]string{"2028-03-20", "春分の日"},
		[2]string{"2028-04-29", "昭和の日"},
		[2]string{"2028-05-03", "憲法記念日"},
		[2]string{"2028-05-04", "みどりの日"},
		[2]string{"2028-05-05", "こどもの日"},
		[2]string{"2028-07-17", "海の日"},
		[2]string{"2028-08-11", "山の日"},
		[2]string{"2028-09-18", "敬老の日"},
		[2]string{"2028-09-22", "秋分の日"},
		[2]string{"2028-10-09", "スポーツの日"},
		[2]string{"2028-11-03", "文化の日"},
		[2]string{"2028-11-23", "勤労感謝の日"},
	),
	2029: holidays(
		[2]string{"2029-01-01", "元日"},
		[2]string{"2029-01-08", "成人の日"},
		[2]string{"2029-02-11", "建国記念の日"},
		[2]string{"2029-02-12", "振替休日"},
		[2]string{"2029-02-23", "天皇誕生日"},
		[2]string{"2029-03-20", "春分の日"},
		[2]string{"2029-04-29", "昭和の日"},
		[2]string{"2029-04-30", "振替休日"},
		[2]string{"2029-05-03", "憲法記念日"},
		[2]string{"2029-05-04", "みどりの日"},
		[2]string{"2029-05-05", "こどもの日"},
		[2]string{"2029-07-16", "海の日"},
		[2]string{"2029-08-11", "山の日"},
		[2]string{"2029-09-17", "敬老の日"},
		[2]string{"2029-09-23", "秋分の日"},
		[2]string{"2029-09-24", "振替休日"},
		[2]string{"2029-10-08", "スポーツの日"},
		[2]string{"2029-11-03", "文化の日"},
		[2]string{"2029-11-23", "勤労感謝の日"},
	),
	2030: holidays(
		[2]string{"2030-01-01", "元日"},
		[2]string{"2030-01-14", "成人の日"},
		[2]string{"2030-02-11", "建国記念の日"},
		[2]string{"2030-02-23", "天皇誕生日"},
		[2]string{"2030-03-20", "春分の日"},
		[2]string{"2030-04-29", "昭和の日"},
		[2]string{"2030-05-03", "憲法記念日"},
		[2]string{"2030-05-04", "みどりの日"},
		[2]string{"2030-05-05", "こどもの日"},
		[2]string{"2030-05-06", "振替休日"},
		[2]string{"2030-07-15", "海の日"},
		[2]string{"2030-08-11", "山の日"},
		[2]string{"2030-08-12", "振替休日"},
		[2]string{"2030-09-16", "敬老の日"},
		[2]string{"2030-09-23", "秋分の日"},
		[2]string{"2030-10-14", "スポーツの日"},
		[2]string{"2030-11-03", "文化の日"},
		[2]string{"2030-11-04", "振替休日"},
		[2]string{"2030-11-23", "勤労感謝の日"},
	),
}

func TestNationalHolidays2019To2030(t *testing.T) {
	for y := 2019; y <= 2030; y++ {
		t.Run(fmt.Sprint(y), func(t *testing.T) {
			want, ok := officialHolidays[y]
			if !ok {
				t.Fatalf("no fixture for %d", y)
			}
			if diff := cmp.Diff(want, calendar.NationalHolidays(y)); diff != "" {
				t.Errorf("NationalHolidays(%d) mismatch (-want +got):\n%s", y, diff)
			}
		})
	}
}

// TestNationalHolidayEveryDay checks NationalHoliday day by day against the
// fixture: listed days have their name, all others are no holiday.
func TestNationalHolidayEveryDay(t *testing.T) {
	for y := 2019; y <= 2030; y++ {
		want := make(map[calendar.Date]string)
		for _, h := range officialHolidays[y] {
			want[h.Date] = h.Name
		}
		for d := calendar.NewDate(y, 1, 1); d.Year == y; d = d.AddDays(1) {
			wantName, wantOK := want[d]
			name, ok := calendar.NationalHoliday(d)
			if name != wantName || ok != wantOK {
				t.Errorf("NationalHoliday(%v) = %q, %v, want %q, %v", d, name, ok, wantName, wantOK)
			}
		}
	}
}

func TestNationalHolidaysIsACopy(t *testing.T) {
	hs := calendar.NationalHolidays(2026)
	hs[0].Name = "changed"
	if got, _ := calendar.NationalHoliday(date("2026-01-01")); got != "元日" {
		t.Errorf("NationalHoliday(2026-01-01) = %q after changing a returned slice, want 元日", got)
	}
}

func TestEquinoxes(t *testing.T) {
	tests := []struct {
		name string
		date string
		want string
	}{
		{"vernal 1979 (1900–1979 formula)", "1979-03-21", "春分の日"},
		{"autumnal 1979 on the 24th", "1979-09-24", "秋分の日"},
		{"vernal 1980", "1980-03-20", "春分の日"},
		{"autumnal 1980", "1980-09-23", "秋分の日"},
		{"vernal 1990", "1990-03-21", "春分の日"},
		{"vernal 2000", "2000-03-20", "春分の日"},
		{"vernal 2010", "2010-03-21", "春分の日"},
		{"vernal 2012", "2012-03-20", "春分の日"},
		{"autumnal 2012 on the 22nd", "2012-09-22", "秋分の日"},
		{"autumnal 2016", "2016-09-22", "秋分の日"},
		{"vernal 2025", "2025-03-20", "春分の日"},
		{"autumnal 2025", "2025-09-23", "秋分の日"},
		{"vernal 2026", "2026-03-20", "春分の日"},
		{"autumnal 2026", "2026-09-23", "秋分の日"},
		{"vernal 2027", "2027-03-21", "春分の日"},
		{"autumnal 2027", "2027-09-23", "秋分の日"},
		{"vernal 2028", "2028-03-20", "春分の日"},
		{"autumnal 2028", "2028-09-22", "秋分の日"},
		{"vernal 2030", "2030-03-20", "春分の日"},
		{"autumnal 2030", "2030-09-23", "秋分の日"},
		{"vernal 2092 on the 19th", "2092-03-19", "春分の日"},
		{"vernal 2099", "2099-03-20", "春分の日"},
		{"autumnal 2099", "2099-09-23", "秋分の日"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := date(tt.date)
			if got, ok := calendar.NationalHoliday(d); got != tt.want || !ok {
				t.Errorf("NationalHoliday(%v) = %q, %v, want %q, true", d, got, ok, tt.want)
			}
			// The equinox is the only one of its name in the year.
			n := 0
			for _, h := range calendar.NationalHolidays(d.Year) {
				if h.Name == tt.want {
					n++
				}
			}
			if n != 1 {
				t.Errorf("NationalHolidays(%d) has %d days named %s, want 1", d.Year, n, tt.want)
			}
		})
	}
}

// TestNationalHolidayHistory spot-checks the rules as they changed over time.
func TestNationalHolidayHistory(t *testing.T) {
	tests := []struct {
		name     string
		date     string
		wantName string // "" for no holiday
	}{
		{"before the law", "1948-05-05", ""},
		{"first 秋分の日 under the law", "1948-09-23", "秋分の日"},
		{"one-off 1959", "1959-04-10", "皇太子明仁親王の結婚の儀"},
		{"first 敬老の日", "1966-09-15", "敬老の日"},
		{"first 体育の日", "1966-10-10", "体育の日"},
		{"no 建国記念の日 before 1967", "1966-02-11", ""},
		{"first 建国記念の日", "1967-02-11", "建国記念の日"},
		{"first 振替休日", "1973-04-30", "振替休日"},
		{"Showa emperor's birthday", "1988-04-29", "天皇誕生日"},
		{"Sunday 5/3 before 国民の休日 existed", "1987-05-04", "振替休日"},
		{"first 国民の休日", "1988-05-04", "国民の休日"},
		{"one-off 1989 funeral", "1989-02-24", "昭和天皇の大喪の礼"},
		{"4/29 becomes みどりの日", "1989-04-29", "みどりの日"},
		{"12/23 天皇誕生日", "1989-12-23", "天皇誕生日"},
		{"one-off 1990", "1990-11-12", "即位礼正殿の儀"},
		{"one-off 1993", "1993-06-09", "皇太子徳仁親王の結婚の儀"},
		{"first 海の日 on 7/20", "1996-07-20", "海の日"},
		{"old 国民の休日 skipped Sundays", "1997-05-04", ""},
		{"old 振替休日 wins over 国民の休日", "1998-05-04", "振替休日"},
		{"成人の日 on 1/15", "1999-01-15", "成人の日"},
		{"体育の日 Sunday 10/10", "1999-10-11", "振替休日"},
		{"Happy Monday 成人の日", "2000-01-10", "成人の日"},
		{"no 成人の日 on 1/15 from 2000", "2000-01-14", ""},
		{"Happy Monday 体育の日", "2000-10-09", "体育の日"},
		{"敬老の日 on 9/15 on a Sunday", "2002-09-16", "振替休日"},
		{"海の日 on 7/20 until 2002", "2002-07-20", "海の日"},
		{"Happy Monday 海の日", "2003-07-21", "海の日"},
		{"Happy Monday 敬老の日", "2003-09-15", "敬老の日"},
		{"old 振替休日 only the day after a Sunday", "2003-05-06", ""},
		{"5/4 国民の休日 until 2006", "2006-05-04", "国民の休日"},
		{"4/29 昭和の日 from 2007", "2007-04-29", "昭和の日"},
		{"振替休日 for 昭和の日", "2007-04-30", "振替休日"},
		{"5/4 みどりの日 from 2007", "2007-05-04", "みどりの日"},
		{"new 振替休日 skips holidays", "2008-05-06", "振替休日"},
		{"Silver Week 2009", "2009-09-22", "国民の休日"},
		{"Silver Week 2015", "2015-09-22", "国民の休日"},
		{"no 山の日 before 2016", "2015-08-11", ""},
		{"first 山の日", "2016-08-11", "山の日"},
		{"last 12/23 天皇誕生日 on a Sunday", "2018-12-24", "振替休日"},
		{"no 天皇誕生日 in 2019", "2019-12-23", ""},
		{"no 天皇誕生日 in Feb 2019", "2019-02-23", ""},
		{"2020 usual 海の日 moved", "2020-07-20", ""},
		{"2020 usual 山の日 moved", "2020-08-11", ""},
		{"2020 usual スポーツの日 moved", "2020-10-12", ""},
		{"2021 usual 海の日 moved", "2021-07-19", ""},
		{"2021 usual 山の日 moved", "2021-08-11", ""},
		{"2021 usual スポーツの日 moved", "2021-10-11", ""},
		{"ordinary day", "2026-06-15", ""},
		{"Saturday is not a holiday", "2026-05-02", ""},
		{"year end is not a national holiday", "2026-12-29", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := date(tt.date)
			name, ok := calendar.NationalHoliday(d)
			if name != tt.wantName || ok != (tt.wantName != "") {
				t.Errorf("NationalHoliday(%v) = %q, %v, want %q, %v", d, name, ok, tt.wantName, tt.wantName != "")
			}
		})
	}
}

func TestNationalHolidays1948(t *testing.T) {
	want := holidays(
		[2]string{"1948-09-23", "秋分の日"},
		[2]string{"1948-11-03", "文化の日"},
		[2]string{"1948-11-23", "勤労感謝の日"},
	)
	if diff := cmp.Diff(want, calendar.NationalHolidays(1948)); diff != "" {
		t.Errorf("NationalHolidays(1948) mismatch (-want +got):\n%s", diff)
	}
	if got := calendar.NationalHolidays(1900); len(got) != 0 {
		t.Errorf("NationalHolidays(1900) = %v, want none", got)
	}
}

// TestNationalHolidaysInvariants checks every year the package is specified
// for against properties that hold whatever the year.
func TestNationalHolidaysInvariants(t *testing.T) {
	for y := 1980; y <= 2099; y++ {
		hs := calendar.NationalHolidays(y)
		if len(hs) < 12 || len(hs) > 24 {
			t.Errorf("NationalHolidays(%d) has %d days, want 12..24", y, len(hs))
		}
		names := make(map[calendar.Date]string)
		for i, h := range hs {
			if h.Date.Year != y {
				t.Errorf("NationalHolidays(%d)[%d] = %v, in another year", y, i, h)
			}
			if i > 0 && !hs[i-1].Date.Before(h.Date) {
				t.Errorf("NationalHolidays(%d) not strictly sorted at %v", y, h.Date)
			}
			if h.Name == "" {
				t.Errorf("NationalHolidays(%d): %v has no name", y, h.Date)
			}
			names[h.Date] = h.Name
		}
		for d := calendar.NewDate(y, 1, 1); d.Year == y; d = d.AddDays(1) {
			name, ok := calendar.NationalHoliday(d)
			if want, wantOK := names[d]; name != want || ok != wantOK {
				t.Errorf("NationalHoliday(%v) = %q, %v; NationalHolidays(%d) says %q, %v", d, name, ok, y, want, wantOK)
			}
			if !ok || d.Weekday() != time.Sunday || name == calendar.NameSubstitute || name == calendar.NameCitizens {
				continue
			}
			// A national holiday on a Sunday gives a 振替休日 on the
			// first day after it that is not a national holiday.
			next := d.AddDays(1)
			for {
				n := names[next]
				if n == "" || n == calendar.NameSubstitute || n == calendar.NameCitizens {
					break
				}
				next = next.AddDays(1)
			}
			if y < 2007 && next != d.AddDays(1) {
				continue // the old law gave nothing then
			}
			if got := names[next]; got != calendar.NameSubstitute {
				t.Errorf("%v (%s) is a Sunday but %v is %q, want %s", d, name, next, got, calendar.NameSubstitute)
			}
		}
	}
}
