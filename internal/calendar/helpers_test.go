package calendar_test

import (
	"time"

	"soudan/internal/calendar"
)

// date parses a "YYYY-MM-DD" fixture; a bad fixture is a bug in the test.
func date(s string) calendar.Date {
	d, err := calendar.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// holidays turns "YYYY-MM-DD name" fixture pairs into Holidays.
func holidays(pairs ...[2]string) []calendar.Holiday {
	out := make([]calendar.Holiday, len(pairs))
	for i, p := range pairs {
		out[i] = calendar.Holiday{Date: date(p[0]), Name: p[1]}
	}
	return out
}

// jstTime returns the instant of a wall-clock time in Japan.
func jstTime(y int, m time.Month, d, hh, mm, ss, ns int) time.Time {
	return time.Date(y, m, d, hh, mm, ss, ns, calendar.JST())
}
