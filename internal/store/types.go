package store

import (
	"database/sql/driver"
	"fmt"
	"time"

	"soudan/internal/calendar"
)

// dbDate stores a calendar.Date as DATE (MySQL) or 'YYYY-MM-DD' text
// (SQLite).
type dbDate calendar.Date

func (d dbDate) Value() (driver.Value, error) {
	return calendar.Date(d).String(), nil
}

func (d *dbDate) Scan(src any) error {
	var s string
	switch v := src.(type) {
	case time.Time:
		*d = dbDate(calendar.NewDate(v.Year(), v.Month(), v.Day()))
		return nil
	case string:
		s = v
	case []byte:
		s = string(v)
	default:
		return fmt.Errorf("store: cannot scan %T into a date", src)
	}
	if len(s) > 10 {
		s = s[:10] // SQLite may hand back a timestamp for a DATE column
	}
	parsed, err := calendar.ParseDate(s)
	if err != nil {
		return fmt.Errorf("store: bad date in database: %w", err)
	}
	*d = dbDate(parsed)
	return nil
}

// nullDate is a nullable dbDate.
type nullDate struct {
	Date  calendar.Date
	Valid bool
}

func (n nullDate) Value() (driver.Value, error) {
	if !n.Valid {
		return nil, nil
	}
	return n.Date.String(), nil
}

func (n *nullDate) Scan(src any) error {
	if src == nil {
		*n = nullDate{}
		return nil
	}
	var d dbDate
	if err := d.Scan(src); err != nil {
		return err
	}
	*n = nullDate{Date: calendar.Date(d), Valid: true}
	return nil
}

func toNullDate(d *calendar.Date) nullDate {
	if d == nil {
		return nullDate{}
	}
	return nullDate{Date: *d, Valid: true}
}

func (n nullDate) ptr() *calendar.Date {
	if !n.Valid {
		return nil
	}
	d := n.Date
	return &d
}

// utc normalises a time for storage: UTC, microsecond precision (DATETIME(6)).
func utc(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

func utcPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := utc(*t)
	return &u
}
