package calendar

import (
	"errors"
	"fmt"
	"time"
)

// ErrInvalidDate is returned, wrapped, for text that is not a real date in
// the expected format.
var ErrInvalidDate = errors.New("invalid date")

// Date is a civil date: a year, a month and a day, with no time of day and no
// zone. Dates are comparable with == and usable as map keys. The zero Date is
// not a real date; [Date.IsZero] reports it.
//
// Build Dates with [NewDate], [ParseDate] or [DateOf] so that the fields are
// normalised (2026-02-30 is kept as 2026-03-02); the methods assume normalised
// fields.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// NewDate returns the date y-m-d, normalising out-of-range months and days
// the way [time.Date] does: NewDate(2026, 2, 30) is 2026-03-02.
func NewDate(y int, m time.Month, d int) Date {
	t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	return Date{Year: t.Year(), Month: t.Month(), Day: t.Day()}
}

// ParseDate parses s in the strict form "YYYY-MM-DD" (2026-05-01): exactly
// ten ASCII characters, zero-padded, a year from 1000 to 9999 and a day that
// exists (2026-02-30 is an error). Errors wrap [ErrInvalidDate].
func ParseDate(s string) (Date, error) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return Date{}, fmt.Errorf("calendar: %w %q: want YYYY-MM-DD", ErrInvalidDate, s)
	}
	y, ok1 := atoi(s[0:4])
	m, ok2 := atoi(s[5:7])
	d, ok3 := atoi(s[8:10])
	if !ok1 || !ok2 || !ok3 {
		return Date{}, fmt.Errorf("calendar: %w %q: want YYYY-MM-DD", ErrInvalidDate, s)
	}
	if err := checkDate(y, m, d); err != nil {
		return Date{}, fmt.Errorf("calendar: %w %q: %s", ErrInvalidDate, s, err)
	}
	return Date{Year: y, Month: time.Month(m), Day: d}, nil
}

// checkDate reports why y-m-d is not a real date with a year from 1000 to
// 9999, or nil when it is one.
func checkDate(y, m, d int) error {
	switch {
	case y < 1000 || y > 9999:
		return errors.New("year out of range 1000-9999")
	case m < 1 || m > 12:
		return errors.New("month out of range")
	case d < 1 || d > daysIn(y, time.Month(m)):
		return errors.New("day out of range")
	}
	return nil
}

// atoi parses a non-empty string of ASCII digits. It accepts no sign, space or
// other character, and strings longer than 9 digits.
func atoi(s string) (int, bool) {
	if s == "" || len(s) > 9 {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// daysIn returns the number of days of month m of year y.
func daysIn(y int, m time.Month) int {
	switch m {
	case time.February:
		if isLeap(y) {
			return 29
		}
		return 28
	case time.April, time.June, time.September, time.November:
		return 30
	}
	return 31
}

// isLeap reports whether y is a leap year of the Gregorian calendar.
func isLeap(y int) bool {
	return y%4 == 0 && (y%100 != 0 || y%400 == 0)
}

// DateOf returns the date of t in loc; a nil loc means UTC.
func DateOf(t time.Time, loc *time.Location) Date {
	if loc == nil {
		loc = time.UTC
	}
	y, m, d := t.In(loc).Date()
	return Date{Year: y, Month: m, Day: d}
}

// In returns the first instant of d in loc (midnight, or the first instant
// after a gap if loc skips midnight); a nil loc means UTC.
func (d Date) In(loc *time.Location) time.Time {
	if loc == nil {
		loc = time.UTC
	}
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
}

// utc returns midnight UTC at the start of d.
func (d Date) utc() time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC)
}

// AddDays returns the date n days after d (before d when n is negative).
func (d Date) AddDays(n int) Date {
	return NewDate(d.Year, d.Month, d.Day+n)
}

// Weekday returns the day of the week of d.
func (d Date) Weekday() time.Weekday {
	return d.utc().Weekday()
}

// Compare returns -1 if d is before e, +1 if d is after e and 0 if they are
// the same date.
func (d Date) Compare(e Date) int {
	switch {
	case d.Year != e.Year:
		return cmpInt(d.Year, e.Year)
	case d.Month != e.Month:
		return cmpInt(int(d.Month), int(e.Month))
	}
	return cmpInt(d.Day, e.Day)
}

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Before reports whether d is before e.
func (d Date) Before(e Date) bool { return d.Compare(e) < 0 }

// After reports whether d is after e.
func (d Date) After(e Date) bool { return d.Compare(e) > 0 }

// IsZero reports whether d is the zero Date (not a real date).
func (d Date) IsZero() bool { return d == Date{} }

// String returns d as "YYYY-MM-DD", such as "2026-05-01".
func (d Date) String() string {
	if d.Year < 0 || d.Year > 9999 {
		return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
	}
	if d.Month < 0 || d.Month > 99 || d.Day < 0 || d.Day > 99 {
		return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
	}
	var b [10]byte
	put := func(i, n, width int) {
		for j := width - 1; j >= 0; j-- {
			b[i+j] = byte('0' + n%10)
			n /= 10
		}
	}
	put(0, d.Year, 4)
	b[4] = '-'
	put(5, int(d.Month), 2)
	b[7] = '-'
	put(8, d.Day, 2)
	return string(b[:])
}

// MarshalText implements [encoding.TextMarshaler]. A date is written as
// "YYYY-MM-DD" and the zero Date as empty text; a date that [ParseDate] could
// not read back (a year outside 1000–9999, or fields out of range) is an
// error.
func (d Date) MarshalText() ([]byte, error) {
	if d.IsZero() {
		return []byte{}, nil
	}
	if err := checkDate(d.Year, int(d.Month), d.Day); err != nil {
		return nil, fmt.Errorf("calendar: cannot marshal %s: %w: %s", d, ErrInvalidDate, err)
	}
	return []byte(d.String()), nil
}

// UnmarshalText implements [encoding.TextUnmarshaler] with [ParseDate]; empty
// text gives the zero Date.
func (d *Date) UnmarshalText(text []byte) error {
	if len(text) == 0 {
		*d = Date{}
		return nil
	}
	v, err := ParseDate(string(text))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// DaysBetween returns the number of days from a to b: positive when b is
// after a, so that a.AddDays(DaysBetween(a, b)) == b.
func DaysBetween(a, b Date) int {
	return int((b.utc().Unix() - a.utc().Unix()) / (24 * 60 * 60))
}
