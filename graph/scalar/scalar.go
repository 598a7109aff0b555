// Package scalar holds the GraphQL custom scalars Time and Date.
//
// Time is written in Asia/Tokyo (+09:00) whatever the zone of the value, and
// read only with an explicit offset. Date is a civil date YYYY-MM-DD.
package scalar

import (
	"io"
	"strconv"
	"time"

	"github.com/99designs/gqlgen/graphql"

	"soudan/internal/apperr"
	"soudan/internal/calendar"
)

// Tokyo is the zone the API answers in. Japan has no daylight saving time.
var Tokyo = mustLoadTokyo()

func mustLoadTokyo() *time.Location {
	loc, err := time.LoadLocation("Asia/Tokyo")
	if err != nil {
		// Systems without tzdata: Japan has used +09:00 without DST since 1951.
		return time.FixedZone("Asia/Tokyo", 9*60*60)
	}
	return loc
}

// MarshalTime writes t as RFC 3339 in Asia/Tokyo.
func MarshalTime(t time.Time) graphql.Marshaler {
	return graphql.WriterFunc(func(w io.Writer) {
		_, _ = io.WriteString(w, strconv.Quote(t.In(Tokyo).Format(time.RFC3339)))
	})
}

// UnmarshalTime reads an RFC 3339 timestamp with an explicit offset.
func UnmarshalTime(v any) (time.Time, error) {
	s, ok := v.(string)
	if !ok || len(s) > 64 {
		return time.Time{}, errInvalidTime
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, errInvalidTime
	}
	return t, nil
}

// MarshalDate writes d as YYYY-MM-DD.
func MarshalDate(d calendar.Date) graphql.Marshaler {
	return graphql.WriterFunc(func(w io.Writer) {
		_, _ = io.WriteString(w, strconv.Quote(d.String()))
	})
}

// UnmarshalDate reads a date written YYYY-MM-DD.
func UnmarshalDate(v any) (calendar.Date, error) {
	s, ok := v.(string)
	if !ok || len(s) > 32 {
		return calendar.Date{}, errInvalidDate
	}
	d, err := calendar.ParseDate(s)
	if err != nil {
		return calendar.Date{}, errInvalidDate
	}
	return d, nil
}

var (
	errInvalidDate = apperr.New(apperr.Validation,
		"日付は YYYY-MM-DD の形で入力してください（例: 2026-05-07）。",
		"a date must be written YYYY-MM-DD, e.g. 2026-05-07")
	errInvalidTime = apperr.New(apperr.Validation,
		"日時は時差を付けた RFC 3339 の形で入力してください（例: 2026-05-07T10:00:00+09:00）。",
		"a time must be RFC 3339 with an offset, e.g. 2026-05-07T10:00:00+09:00")
)

// MarshalInt64ID writes a numeric object id as an ID (a JSON string).
func MarshalInt64ID(id int64) graphql.Marshaler {
	return graphql.WriterFunc(func(w io.Writer) {
		_, _ = io.WriteString(w, strconv.Quote(strconv.FormatInt(id, 10)))
	})
}

// UnmarshalInt64ID reads a numeric object id in its canonical form only:
// ASCII digits without sign or leading zero, within int64, above 0 — so
// that "01" and "+1" are not id 1.
func UnmarshalInt64ID(v any) (int64, error) {
	s, ok := v.(string)
	if !ok || s == "" || len(s) > 19 || s[0] == '0' {
		return 0, errInvalidID
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, errInvalidID
		}
	}
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return 0, errInvalidID
	}
	return id, nil
}

var errInvalidID = apperr.New(apperr.Validation, "ID の形式が正しくありません。", "malformed ID")
