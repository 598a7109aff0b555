package calendar

import (
	"slices"
	"sync"
	"time"
)

// Holiday is one holiday: a date and its Japanese name.
type Holiday struct {
	Date Date
	Name string
}

// Names of the holidays that 国民の祝日に関する法律 第3条 derives from the
// national holidays proper.
const (
	// NameSubstitute is the name of a 振替休日 (Art 3(2)).
	NameSubstitute = "振替休日"
	// NameCitizens is the name of a 国民の休日 (Art 3(3)).
	NameCitizens = "国民の休日"
)

var (
	// lawStart is the day 国民の祝日に関する法律 came into force.
	lawStart = Date{1948, time.July, 20}
	// substituteStart is the day 振替休日 came into force.
	substituteStart = Date{1973, time.April, 12}
	// citizensStart is the day 国民の休日 came into force.
	citizensStart = Date{1985, time.December, 27}
)

// oneOffs are the days a special law made national holidays for one year.
var oneOffs = []Holiday{
	{Date{1959, time.April, 10}, "皇太子明仁親王の結婚の儀"},
	{Date{1989, time.February, 24}, "昭和天皇の大喪の礼"},
	{Date{1990, time.November, 12}, "即位礼正殿の儀"},
	{Date{1993, time.June, 9}, "皇太子徳仁親王の結婚の儀"},
	{Date{2019, time.May, 1}, "即位の日"},
	{Date{2019, time.October, 22}, "即位礼正殿の儀"},
}

// NationalHoliday reports whether d is a holiday under 国民の祝日に関する法律,
// computed by rule, and returns its name.
//
// The rules are those of the law with their history since 1948: the fixed
// days (元日, 建国記念の日 from 1967, 天皇誕生日 on 4/29 until 1988, on 12/23
// in 1989–2018 and on 2/23 from 2020, 4/29 as みどりの日 in 1989–2006 and
// 昭和の日 from 2007, 5/4 みどりの日 from 2007, 山の日 from 2016, ...), the
// Happy Monday days (成人の日 and 体育の日/スポーツの日 from 2000, 海の日 and
// 敬老の日 from 2003), the equinoxes, 振替休日 (named [NameSubstitute]),
// 国民の休日 (named [NameCitizens]), the one-off days of 1959, 1989, 1990,
// 1993 and 2019, and the Olympic moves of 2020 and 2021.
//
// The equinox formula is the usual one of the National Astronomical
// Observatory, exact for 1980–2099 as far as published; other years use the
// formulas for 1900–1979 and 2100–2150 and are approximations. Before
// 1948-07-20 there are no holidays.
func NationalHoliday(d Date) (name string, ok bool) {
	name, ok = computedYear(d.Year).names[d]
	return name, ok
}

// NationalHolidays returns the holidays of year computed by rule (see
// [NationalHoliday]), sorted by date.
func NationalHolidays(year int) []Holiday {
	return slices.Clone(computedYear(year).list)
}

// yearTable holds the holidays of one year.
type yearTable struct {
	list  []Holiday // sorted by date
	names map[Date]string
}

func newYearTable(list []Holiday) *yearTable {
	t := &yearTable{list: list, names: make(map[Date]string, len(list))}
	for _, h := range list {
		t.names[h.Date] = h.Name
	}
	return t
}

// Years whose computed holidays are kept once computed; others are computed
// on each call so that the cache stays bounded.
const cacheFirst, cacheLast = 1900, 2200

var computedCache sync.Map // int → *yearTable

// computedYear returns the computed holidays of year y.
func computedYear(y int) *yearTable {
	if y < cacheFirst || y > cacheLast {
		return newYearTable(computeHolidays(y))
	}
	if v, ok := computedCache.Load(y); ok {
		return v.(*yearTable)
	}
	v, _ := computedCache.LoadOrStore(y, newYearTable(computeHolidays(y)))
	return v.(*yearTable)
}

// computeHolidays returns the holidays of year y, sorted by date.
func computeHolidays(y int) []Holiday {
	base := baseHolidays(y)
	isBase := make(map[Date]bool, len(base))
	for _, h := range base {
		isBase[h.Date] = true
	}
	extra := make(map[Date]string)

	// 振替休日 (Art 3(2)). Until 2006: the day after a national holiday on a
	// Sunday, if that day is not itself a national holiday. From 2007: the
	// first day after it that is not a national holiday.
	for _, h := range base {
		if h.Date.Weekday() != time.Sunday || h.Date.Before(substituteStart) {
			continue
		}
		next := h.Date.AddDays(1)
		if y >= 2007 {
			for isBase[next] {
				next = next.AddDays(1)
			}
		} else if isBase[next] {
			continue
		}
		extra[next] = NameSubstitute
	}

	// 国民の休日 (Art 3(3)): a day that is not a national holiday and whose
	// previous and next days are. Until 2006 neither a Sunday nor a 振替休日.
	for _, h := range base {
		mid := h.Date.AddDays(1)
		if isBase[mid] || !isBase[mid.AddDays(1)] || mid.Before(citizensStart) {
			continue
		}
		if _, ok := extra[mid]; ok {
			continue // already a 振替休日
		}
		if y < 2007 && mid.Weekday() == time.Sunday {
			continue
		}
		extra[mid] = NameCitizens
	}

	for d, name := range extra {
		base = append(base, Holiday{Date: d, Name: name})
	}
	slices.SortFunc(base, func(a, b Holiday) int { return a.Date.Compare(b.Date) })
	return base
}

// baseHolidays returns the national holidays proper (国民の祝日, including the
// days special laws made ones) of year y, in no particular order.
func baseHolidays(y int) []Holiday {
	if y < lawStart.Year {
		return nil
	}
	var hs []Holiday
	add := func(m time.Month, d int, name string) {
		hs = append(hs, Holiday{Date: Date{y, m, d}, Name: name})
	}
	januaryToMay(y, add)
	julyToDecember(y, add)
	for _, h := range oneOffs {
		if h.Date.Year == y {
			hs = append(hs, h)
		}
	}

	if y == lawStart.Year {
		hs = slices.DeleteFunc(hs, func(h Holiday) bool { return h.Date.Before(lawStart) })
	}
	return hs
}

// januaryToMay adds the fixed and Happy Monday holidays of January to May.
func januaryToMay(y int, add func(m time.Month, d int, name string)) {

	add(time.January, 1, "元日")

	if y < 2000 {
		add(time.January, 15, "成人の日")
	} else {
		add(time.January, nthMonday(y, time.January, 2), "成人の日")
	}

	if y >= 1967 {
		add(time.February, 11, "建国記念の日")
	}

	if y >= 2020 {
		add(time.February, 23, "天皇誕生日")
	}

	add(time.March, vernalEquinoxDay(y), "春分の日")

	switch {
	case y < 1989:
		add(time.April, 29, "天皇誕生日")
	case y < 2007:
		add(time.April, 29, "みどりの日")
	default:
		add(time.April, 29, "昭和の日")
	}

	add(time.May, 3, "憲法記念日")
	if y >= 2007 {
		add(time.May, 4, "みどりの日")
	}
	add(time.May, 5, "こどもの日")
}

// julyToDecember adds the holidays of July to December.
func julyToDecember(y int, add func(m time.Month, d int, name string)) {
	switch {
	case y == 2020:
		add(time.July, 23, "海の日")
	case y == 2021:
		add(time.July, 22, "海の日")
	case y >= 2003:
		add(time.July, nthMonday(y, time.July, 3), "海の日")
	case y >= 1996:
		add(time.July, 20, "海の日")
	}

	switch {
	case y == 2020:
		add(time.August, 10, "山の日")
	case y == 2021:
		add(time.August, 8, "山の日")
	case y >= 2016:
		add(time.August, 11, "山の日")
	}

	switch {
	case y >= 2003:
		add(time.September, nthMonday(y, time.September, 3), "敬老の日")
	case y >= 1966:
		add(time.September, 15, "敬老の日")
	}

	add(time.September, autumnalEquinoxDay(y), "秋分の日")

	switch {
	case y == 2020:
		add(time.July, 24, "スポーツの日")
	case y == 2021:
		add(time.July, 23, "スポーツの日")
	case y >= 2020:
		add(time.October, nthMonday(y, time.October, 2), "スポーツの日")
	case y >= 2000:
		add(time.October, nthMonday(y, time.October, 2), "体育の日")
	case y >= 1966:
		add(time.October, 10, "体育の日")
	}

	add(time.November, 3, "文化の日")
	add(time.November, 23, "勤労感謝の日")

	if y >= 1989 && y <= 2018 {
		add(time.December, 23, "天皇誕生日")
	}

}

// nthMonday returns the day of the month of the nth Monday of month m of y.
func nthMonday(y int, m time.Month, n int) int {
	first := Date{y, m, 1}.Weekday()
	return 1 + (int(time.Monday)-int(first)+7)%7 + 7*(n-1)
}

// vernalEquinoxDay returns the day in March of 春分の日 of year y.
func vernalEquinoxDay(y int) int {
	return equinoxDay(y, 20_835_700, 20_843_100, 21_851_000)
}

// autumnalEquinoxDay returns the day in September of 秋分の日 of year y.
func autumnalEquinoxDay(y int) int {
	return equinoxDay(y, 23_258_800, 23_248_800, 24_248_800)
}

// equinoxDay evaluates ⌊c + 0.242194·(y−1980) − ⌊(y−k)/4⌋⌋ in exact integer
// arithmetic (constants in millionths of a day), with c and k as published
// for 1900–1979 (k = 1983), 1980–2099 and 2100–2150 (k = 1980). Years outside
// these spans use the nearest span's constants.
func equinoxDay(y int, c1900, c1980, c2100 int64) int {
	c, k := c1980, 1980
	switch {
	case y < 1980:
		c, k = c1900, 1983
	case y >= 2100:
		c = c2100
	}
	// The leap-year term truncates toward zero, as in the published formula
	// (for 1900–1979 the quotient is negative).
	leap := int64((y - k) / 4)
	return int(floorDiv(c+242_194*int64(y-1980), 1_000_000) - leap)
}

// floorDiv returns ⌊a/b⌋ for b > 0.
func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && a < 0 {
		q--
	}
	return q
}
