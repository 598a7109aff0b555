package calendar

import (
	"slices"
	"time"
)

// Reasons a [Day] gives for being closed, other than a holiday's name.
const (
	ReasonSaturday = "土曜日"
	ReasonSunday   = "日曜日"
	ReasonYearEnd  = "年末年始"
	// ReasonClosed is the reason of a day an [Override] closes without
	// giving a reason.
	ReasonClosed = "臨時休業"
	// ReasonOpened is the reason of a day an [Override] opens without giving
	// a reason.
	ReasonOpened = "臨時開庁"
)

// MaxSearchDays bounds the searches of a [Calendar], so that they end even
// when overrides close every day: [Calendar.AddOfficeDays] moves at most
// MaxSearchDays office days, and a search gives up after MaxSearchDays
// consecutive closed days (see [Calendar.AddOfficeDays] for what it returns
// then).
const MaxSearchDays = 3660

var jst = time.FixedZone("JST", 9*60*60)

// JST returns the zone of Japan Standard Time, UTC+9, named "JST". Japan has
// kept no daylight saving time since 1951, so it agrees with Asia/Tokyo from
// then on and needs no zone database.
func JST() *time.Location { return jst }

// Override is an administrator's decision for one date of one office: Open
// closes an office day (false) or opens a day the rules close (true).
type Override struct {
	Date   Date
	Open   bool
	Reason string // Japanese, shown to people; may be empty
}

// Config configures a [Calendar].
type Config struct {
	// Location is the office's zone; nil means [JST], which is Asia/Tokyo.
	Location *time.Location

	// Imported are holidays read from the Cabinet Office's syukujitsu.csv
	// ([ParseSyukujitsuCSV]). For every year that appears in Imported these
	// dates replace the computed holidays of that year entirely; other
	// years keep the computed ones. Of two entries for the same date the
	// last wins.
	Imported []Holiday

	// Overrides are the office's own decisions; of two for the same date
	// the last wins.
	Overrides []Override

	// CutOff is the time of day at which a day ends for confirmations: a
	// deadline is that wall-clock time on the deadline's office day. 24h
	// means midnight at the end of the day. Zero, and any value outside
	// (0, 24h], mean 24h.
	CutOff time.Duration
}

// Calendar answers which dates are office days of one office and computes
// notice deadlines. It is immutable after [New] and safe for concurrent use.
type Calendar struct {
	loc       *time.Location
	cutOff    time.Duration
	imported  map[int]*yearTable
	overrides map[Date]Override
}

// New returns the calendar configured by cfg. It copies what it needs, so
// later changes to cfg's slices do not affect it.
func New(cfg Config) *Calendar {
	c := &Calendar{
		loc:       cfg.Location,
		cutOff:    cfg.CutOff,
		imported:  make(map[int]*yearTable),
		overrides: make(map[Date]Override, len(cfg.Overrides)),
	}
	if c.loc == nil {
		c.loc = jst
	}
	if c.cutOff <= 0 || c.cutOff > 24*time.Hour {
		c.cutOff = 24 * time.Hour
	}

	byYear := make(map[int]map[Date]string)
	for _, h := range cfg.Imported {
		m := byYear[h.Date.Year]
		if m == nil {
			m = make(map[Date]string)
			byYear[h.Date.Year] = m
		}
		m[h.Date] = h.Name
	}
	for y, m := range byYear {
		list := make([]Holiday, 0, len(m))
		for d, name := range m {
			list = append(list, Holiday{Date: d, Name: name})
		}
		slices.SortFunc(list, func(a, b Holiday) int { return a.Date.Compare(b.Date) })
		c.imported[y] = newYearTable(list)
	}

	for _, o := range cfg.Overrides {
		c.overrides[o.Date] = o
	}
	return c
}

// Location returns the office's zone.
func (c *Calendar) Location() *time.Location { return c.loc }

// CutOff returns the time of day at which a day ends for confirmations,
// in (0, 24h].
func (c *Calendar) CutOff() time.Duration { return c.cutOff }

// yearTable returns the holidays in force for year y: imported or computed.
func (c *Calendar) yearTable(y int) *yearTable {
	if t, ok := c.imported[y]; ok {
		return t
	}
	return computedYear(y)
}

// Holiday reports whether d is a national holiday (including 振替休日 and
// 国民の休日) and returns its name: from the imported holidays if d's year
// was imported, else computed by [NationalHoliday]. Overrides play no part.
func (c *Calendar) Holiday(d Date) (string, bool) {
	name, ok := c.yearTable(d.Year).names[d]
	return name, ok
}

// Holidays returns the holidays of year in force for c (see
// [Calendar.Holiday]), sorted by date.
func (c *Calendar) Holidays(year int) []Holiday {
	return slices.Clone(c.yearTable(year).list)
}

// Day describes one date of a calendar.
type Day struct {
	Date Date
	// Open reports whether Date is an office day.
	Open bool
	// Reason says why in Japanese. For a closed day by the rules it is the
	// holiday's name, else 年末年始 (12/29–1/3), else 土曜日 or 日曜日 (in this
	// order of precedence); for an ordinary office day it is "". For a date
	// an override decides it is the override's reason, or when that is
	// empty 臨時休業 (closed) or 臨時開庁 (opened).
	Reason string
}

// Day returns the day d of the calendar.
func (c *Calendar) Day(d Date) Day {
	if o, ok := c.overrides[d]; ok {
		r := o.Reason
		if r == "" {
			r = ReasonClosed
			if o.Open {
				r = ReasonOpened
			}
		}
		return Day{Date: d, Open: o.Open, Reason: r}
	}
	open, reason := c.byRule(d)
	return Day{Date: d, Open: open, Reason: reason}
}

// byRule decides d by the rules alone, ignoring overrides.
func (c *Calendar) byRule(d Date) (open bool, reason string) {
	if name, ok := c.Holiday(d); ok {
		return false, name
	}
	if isYearEnd(d) {
		return false, ReasonYearEnd
	}
	switch d.Weekday() {
	case time.Saturday:
		return false, ReasonSaturday
	case time.Sunday:
		return false, ReasonSunday
	}
	return true, ""
}

// isYearEnd reports whether d falls in 年末年始, 12/29 to 1/3.
func isYearEnd(d Date) bool {
	return (d.Month == time.December && d.Day >= 29) || (d.Month == time.January && d.Day <= 3)
}

// Days returns the days from from to to, both included, one [Day] per date;
// nil when to is before from.
func (c *Calendar) Days(from, to Date) []Day {
	if to.Before(from) {
		return nil
	}
	days := make([]Day, 0, DaysBetween(from, to)+1)
	for d := from; !d.After(to); d = d.AddDays(1) {
		days = append(days, c.Day(d))
	}
	return days
}

// IsOfficeDay reports whether d is an office day.
func (c *Calendar) IsOfficeDay(d Date) bool {
	if o, ok := c.overrides[d]; ok {
		return o.Open
	}
	open, _ := c.byRule(d)
	return open
}

// AddOfficeDays counts office days from d: for n > 0 it returns the nth
// office day strictly after d, for n < 0 the |n|th office day strictly
// before d, and for n == 0 d itself, office day or not.
//
// |n| is capped at [MaxSearchDays]. If the search meets MaxSearchDays
// consecutive closed days it gives up and returns the last date it looked
// at, a closed day about ten years on in the direction of the search: so a
// deadline computed from it lies far in the past and a session day far in
// the future, and nothing can be booked. Callers that must tell this apart
// can check [Calendar.IsOfficeDay] on the result.
func (c *Calendar) AddOfficeDays(d Date, n int) Date {
	step := 1
	if n < 0 {
		step = -1
		n = -max(n, -MaxSearchDays) // no overflow for math.MinInt
	}
	n = min(n, MaxSearchDays)
	for ; n > 0; n-- {
		for closed := 0; ; closed++ {
			if closed == MaxSearchDays {
				return d
			}
			d = d.AddDays(step)
			if c.IsOfficeDay(d) {
				break
			}
		}
	}
	return d
}

// endOf returns the end of confirmations on d: the cut-off time of d in the
// office's zone (24h being midnight at the start of the next day).
func (c *Calendar) endOf(d Date) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, int(c.cutOff), c.loc)
}

// ConfirmBy returns the deadline for confirming a session on the date
// session: the end (the cut-off time, 24:00 by default) of the
// noticeOfficeDays-th office day before session, in the office's zone. A
// request at time t is in time when !t.After(ConfirmBy(session, n)).
// A negative noticeOfficeDays counts as 0: the end of the session's own day.
//
// With the default cut-off, ConfirmBy(2026-05-07, 2) is 2026-04-30 24:00 JST,
// that is 2026-05-01T00:00:00+09:00.
func (c *Calendar) ConfirmBy(session Date, noticeOfficeDays int) time.Time {
	n := max(noticeOfficeDays, 0)
	return c.endOf(c.AddOfficeDays(session, -n))
}

// EarliestSessionDay returns the first office day D for which a request at
// time t is in time, that is t <= ConfirmBy(D, noticeOfficeDays). A
// negative noticeOfficeDays counts as 0. If no office day is found within
// [MaxSearchDays] days the result is a closed day far in the future (see
// [Calendar.AddOfficeDays]).
//
// For a request on Saturday 2026-05-02 and 2 days' notice it is 2026-05-11.
func (c *Calendar) EarliestSessionDay(t time.Time, noticeOfficeDays int) Date {
	n := max(noticeOfficeDays, 0)
	// Find the first office day p whose end is not before t; the answer is
	// then the nth office day after p. A day ends no later than the next
	// one starts, so no day before yesterday can qualify.
	p := DateOf(t, c.loc).AddDays(-1)
	for i := 0; !c.IsOfficeDay(p) || t.After(c.endOf(p)); i++ {
		if i == MaxSearchDays {
			return p
		}
		p = p.AddDays(1)
	}
	return c.AddOfficeDays(p, n)
}
