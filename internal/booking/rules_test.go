package booking_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"soudan/internal/apperr"
	"soudan/internal/booking"
	"soudan/internal/calendar"
	"soudan/internal/office"
)

// rulesAt returns the default office's rules at now, with the computed
// national holidays and the given overrides.
func rulesAt(now time.Time, overrides ...calendar.Override) booking.Rules {
	o := office.Default()
	o.ID = 1
	cal := calendar.New(calendar.Config{Location: tokyo, Overrides: overrides,
		CutOff: time.Duration(o.ConfirmCutoffMinutes) * time.Minute})
	return booking.Rules{Office: o, Calendar: cal, Now: now}
}

// clocks formats times as "15:04" in Tokyo.
func clocks(ts []time.Time) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.In(tokyo).Format("15:04")
	}
	return out
}

// defaultDay are the starts of a default office day (08:30–17:15,
// 30 minutes): DESIGN.md Art 6(1), "last start 16:30".
var defaultDay = []string{
	"08:30", "09:00", "09:30", "10:00", "10:30", "11:00", "11:30", "12:00", "12:30",
	"13:00", "13:30", "14:00", "14:30", "15:00", "15:30", "16:00", "16:30",
}

func TestStarts(t *testing.T) {
	saturdayOpened := calendar.Override{Date: calendar.NewDate(2026, time.May, 9), Open: true, Reason: "臨時開庁"}
	thursdayClosed := calendar.Override{Date: calendar.NewDate(2026, time.May, 14), Open: false}
	tests := []struct {
		name  string
		rules booking.Rules
		date  calendar.Date
		want  []string
	}{
		{name: "default office day", rules: rulesAt(start), date: calendar.NewDate(2026, time.May, 7), want: defaultDay},
		{name: "Golden Week holiday", rules: rulesAt(start), date: calendar.NewDate(2026, time.May, 4)},
		{name: "振替休日", rules: rulesAt(start), date: calendar.NewDate(2026, time.May, 6)},
		{name: "Saturday", rules: rulesAt(start), date: calendar.NewDate(2026, time.May, 9)},
		{name: "Sunday", rules: rulesAt(start), date: calendar.NewDate(2026, time.May, 10)},
		{name: "year end", rules: rulesAt(start), date: calendar.NewDate(2026, time.December, 29)},
		{name: "Saturday opened by the office", rules: rulesAt(start, saturdayOpened), date: saturdayOpened.Date, want: defaultDay},
		{name: "office day closed by the office", rules: rulesAt(start, thursdayClosed), date: thursdayClosed.Date},
		{
			name: "morning hours",
			rules: func() booking.Rules {
				r := rulesAt(start)
				r.Office.OpensAt, r.Office.ClosesAt = 9*60, 12*60
				return r
			}(),
			date: calendar.NewDate(2026, time.May, 7),
			want: []string{"09:00", "09:30", "10:00", "10:30", "11:00", "11:30"},
		},
		{
			name: "60-minute sessions end by closing",
			rules: func() booking.Rules {
				r := rulesAt(start)
				r.Office.SessionMinutes = 60
				return r
			}(),
			date: calendar.NewDate(2026, time.May, 7),
			want: []string{"08:30", "09:30", "10:30", "11:30", "12:30", "13:30", "14:30", "15:30"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.rules.Starts(tt.date)
			if diff := cmp.Diff(tt.want, clocks(got), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("Starts(%v) mismatch (-want +got):\n%s", tt.date, diff)
			}
			for _, s := range got {
				if got := calendar.DateOf(s, tokyo); got != tt.date {
					t.Errorf("Starts(%v) has %v, on %v", tt.date, s, got)
				}
			}
		})
	}
}

func TestCheckStart(t *testing.T) {
	// confirmBy(5/7) is the end of 4/30, the 2nd office day before it.
	may7Deadline := jst(2026, time.May, 1, 0, 0)
	tests := []struct {
		name          string
		now           time.Time
		start         time.Time
		mode          booking.Notice
		zeroNotice    bool        // NoticeOfficeDays 0: confirm by the end of the day itself
		wantCode      apperr.Code // "" for success
		wantEnd       time.Time
		wantConfirmBy time.Time
	}{
		{name: "on the grid", now: start, start: may7, wantEnd: jst(2026, time.May, 7, 10, 30), wantConfirmBy: may7Deadline},
		{name: "first start 08:30", now: start, start: jst(2026, time.May, 7, 8, 30), wantEnd: jst(2026, time.May, 7, 9, 0), wantConfirmBy: may7Deadline},
		{name: "last start 16:30", now: start, start: jst(2026, time.May, 7, 16, 30), wantEnd: jst(2026, time.May, 7, 17, 0), wantConfirmBy: may7Deadline},
		{name: "start given in UTC", now: start, start: may7.UTC(), wantEnd: jst(2026, time.May, 7, 10, 30), wantConfirmBy: may7Deadline},
		{name: "2026-04-30 is confirmed by 2026-04-27", now: start, start: jst(2026, time.April, 30, 9, 0), wantEnd: jst(2026, time.April, 30, 9, 30), wantConfirmBy: jst(2026, time.April, 28, 0, 0)},

		{name: "Golden Week holiday", now: start, start: jst(2026, time.May, 4, 10, 0), wantCode: apperr.OfficeClosed},
		{name: "振替休日", now: start, start: jst(2026, time.May, 6, 10, 0), wantCode: apperr.OfficeClosed},
		{name: "Saturday", now: start, start: jst(2026, time.May, 9, 10, 0), wantCode: apperr.OfficeClosed},
		{name: "closed day off the grid", now: start, start: jst(2026, time.May, 9, 10, 10), wantCode: apperr.OfficeClosed},

		{name: "before opening 08:15", now: start, start: jst(2026, time.May, 7, 8, 15), wantCode: apperr.OutsideHours},
		{name: "before opening 08:00", now: start, start: jst(2026, time.May, 7, 8, 0), wantCode: apperr.OutsideHours},
		{name: "16:45 is off the grid", now: start, start: jst(2026, time.May, 7, 16, 45), wantCode: apperr.OutsideHours},
		{name: "17:00 would end after closing", now: start, start: jst(2026, time.May, 7, 17, 0), wantCode: apperr.OutsideHours},
		{name: "10:10 is off the grid", now: start, start: jst(2026, time.May, 7, 10, 10), wantCode: apperr.OutsideHours},
		{name: "seconds 10:00:30", now: start, start: may7.Add(30 * time.Second), wantCode: apperr.OutsideHours},
		{name: "nanoseconds", now: start, start: may7.Add(time.Nanosecond), wantCode: apperr.OutsideHours},
		{name: "midnight", now: start, start: jst(2026, time.May, 7, 0, 0), wantCode: apperr.OutsideHours},

		{name: "inside the notice period", now: start, start: jst(2026, time.April, 28, 10, 0), wantCode: apperr.TooLate},
		{name: "today", now: start, start: jst(2026, time.April, 27, 16, 30), wantCode: apperr.TooLate},
		{name: "at the deadline", now: may7Deadline, start: may7, wantEnd: jst(2026, time.May, 7, 10, 30), wantConfirmBy: may7Deadline},
		{name: "1ns after the deadline", now: may7Deadline.Add(time.Nanosecond), start: may7, wantCode: apperr.TooLate},

		{name: "last day of the horizon", now: start, start: jst(2026, time.June, 26, 16, 30), wantEnd: jst(2026, time.June, 26, 17, 0), wantConfirmBy: jst(2026, time.June, 25, 0, 0)},
		{name: "beyond the horizon", now: start, start: jst(2026, time.June, 29, 10, 0), wantCode: apperr.TooFar},
		{name: "horizon from Thursday 4/30: 6/29", now: jst(2026, time.April, 30, 10, 0), start: jst(2026, time.June, 29, 16, 30), wantEnd: jst(2026, time.June, 29, 17, 0), wantConfirmBy: jst(2026, time.June, 26, 0, 0)},
		{name: "horizon from Thursday 4/30: 6/30 is 61 days ahead", now: jst(2026, time.April, 30, 10, 0), start: jst(2026, time.June, 30, 8, 30), wantCode: apperr.TooFar},
		{name: "far beyond the horizon", now: start, start: jst(2027, time.April, 26, 10, 0), wantCode: apperr.TooFar},

		{name: "no notice: later today", now: start, start: jst(2026, time.April, 27, 10, 30), zeroNotice: true, wantEnd: jst(2026, time.April, 27, 11, 0), wantConfirmBy: jst(2026, time.April, 28, 0, 0)},
		{name: "no notice: started today", now: start, start: jst(2026, time.April, 27, 8, 30), zeroNotice: true, wantCode: apperr.TooLate},
		{name: "no notice: starting now", now: start, start: start, zeroNotice: true, wantCode: apperr.TooLate},

		{name: "override inside the notice period", now: start, start: jst(2026, time.April, 27, 10, 30), mode: booking.NoticeOverride, wantEnd: jst(2026, time.April, 27, 11, 0), wantConfirmBy: jst(2026, time.April, 27, 10, 30)},
		{name: "override beyond the horizon", now: start, start: jst(2026, time.June, 29, 10, 0), mode: booking.NoticeOverride, wantEnd: jst(2026, time.June, 29, 10, 30), wantConfirmBy: jst(2026, time.June, 29, 10, 0)},
		{name: "override at the start", now: start, start: start, mode: booking.NoticeOverride, wantCode: apperr.TooLate},
		{name: "override in the past", now: start, start: jst(2026, time.April, 24, 10, 0), mode: booking.NoticeOverride, wantCode: apperr.TooLate},
		{name: "override on a closed day", now: start, start: jst(2026, time.May, 4, 10, 0), mode: booking.NoticeOverride, wantCode: apperr.OfficeClosed},
		{name: "override off the grid", now: start, start: jst(2026, time.April, 28, 10, 10), mode: booking.NoticeOverride, wantCode: apperr.OutsideHours},
		{name: "exempt 1ns before the start", now: jst(2026, time.April, 27, 10, 30).Add(-time.Nanosecond), start: jst(2026, time.April, 27, 10, 30), mode: booking.NoticeExempt, wantEnd: jst(2026, time.April, 27, 11, 0), wantConfirmBy: jst(2026, time.April, 27, 10, 30)},
		{name: "exempt at the start", now: start, start: start, mode: booking.NoticeExempt, wantCode: apperr.TooLate},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := rulesAt(tt.now)
			if tt.zeroNotice {
				r.Office.NoticeOfficeDays = 0
			}
			end, confirmBy, err := r.CheckStart(tt.start, tt.mode)
			if tt.wantCode != "" {
				if err == nil || apperr.CodeOf(err) != tt.wantCode {
					t.Fatalf("CheckStart(%v, %v) at %v error = %v, want %s", tt.start, tt.mode, tt.now, err, tt.wantCode)
				}
				return
			}
			if err != nil {
				t.Fatalf("CheckStart(%v, %v) at %v error = %v, want nil", tt.start, tt.mode, tt.now, err)
			}
			if !end.Equal(tt.wantEnd) || !confirmBy.Equal(tt.wantConfirmBy) {
				t.Errorf("CheckStart(%v, %v) at %v = %v, %v, want %v, %v", tt.start, tt.mode, tt.now, end, confirmBy, tt.wantEnd, tt.wantConfirmBy)
			}
		})
	}
}

func TestCheckStartErrorsAreSentinels(t *testing.T) {
	tests := []struct {
		name  string
		start time.Time
		want  error
	}{
		{name: "closed", start: jst(2026, time.May, 4, 10, 0), want: booking.ErrOfficeClosed},
		{name: "outside hours", start: jst(2026, time.May, 7, 10, 10), want: booking.ErrOutsideHours},
		{name: "too late", start: jst(2026, time.April, 28, 10, 0), want: booking.ErrTooLate},
		{name: "too far", start: jst(2026, time.June, 29, 10, 0), want: booking.ErrTooFar},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := rulesAt(start).CheckStart(tt.start, booking.NoticeRule)
			if err != tt.want {
				t.Errorf("CheckStart(%v) error = %v, want %v", tt.start, err, tt.want)
			}
		})
	}
}

func TestSlotStarts(t *testing.T) {
	d := calendar.NewDate
	tests := []struct {
		name       string
		now        time.Time
		zeroNotice bool // NoticeOfficeDays 0
		from, to   calendar.Date
		wantField  string // VALIDATION on this field
		wantN      int
		// wantFirst and wantLast are the first and last starts.
		wantFirst, wantLast time.Time
	}{
		{name: "more than 62 days", now: start, from: d(2026, time.May, 1), to: d(2026, time.July, 2), wantField: "to"},
		{name: "from after to", now: start, from: d(2026, time.May, 8), to: d(2026, time.May, 7), wantField: "to"},
		{
			name: "exactly 62 days", now: start, from: d(2026, time.April, 27), to: d(2026, time.June, 27),
			// 39 office days from 4/30 to 6/26 (the horizon), 17 starts each.
			wantN: 39 * 17, wantFirst: jst(2026, time.April, 30, 8, 30), wantLast: jst(2026, time.June, 26, 16, 30),
		},
		{
			name: "one day", now: start, from: d(2026, time.May, 7), to: d(2026, time.May, 7),
			wantN: 17, wantFirst: jst(2026, time.May, 7, 8, 30), wantLast: jst(2026, time.May, 7, 16, 30),
		},
		{
			name: "clamped to today, past deadlines skipped", now: start, from: d(2026, time.April, 1), to: d(2026, time.April, 30),
			wantN: 17, wantFirst: jst(2026, time.April, 30, 8, 30), wantLast: jst(2026, time.April, 30, 16, 30),
		},
		{name: "only days past their deadline", now: start, from: d(2026, time.April, 27), to: d(2026, time.April, 28)},
		{name: "only Golden Week", now: start, from: d(2026, time.May, 2), to: d(2026, time.May, 6)},
		{name: "entirely in the past", now: start, from: d(2026, time.March, 1), to: d(2026, time.March, 31)},
		{name: "entirely beyond the horizon", now: start, from: d(2026, time.June, 27), to: d(2026, time.July, 31)},
		{
			name: "clamped to the horizon", now: start, from: d(2026, time.June, 20), to: d(2026, time.July, 10),
			wantN: 5 * 17, wantFirst: jst(2026, time.June, 22, 8, 30), wantLast: jst(2026, time.June, 26, 16, 30),
		},
		{
			name: "clamped to the horizon, from Thursday 4/30", now: jst(2026, time.April, 30, 10, 0), from: d(2026, time.June, 22), to: d(2026, time.July, 3),
			wantN: 6 * 17, wantFirst: jst(2026, time.June, 22, 8, 30), wantLast: jst(2026, time.June, 29, 16, 30),
		},
		{
			name: "no notice: the rest of today", now: start, zeroNotice: true, from: today, to: today,
			wantN: 13, wantFirst: jst(2026, time.April, 27, 10, 30), wantLast: jst(2026, time.April, 27, 16, 30),
		},
		{
			name: "at the deadline of 4/30", now: jst(2026, time.April, 28, 0, 0), from: d(2026, time.April, 28), to: d(2026, time.May, 1),
			wantN: 2 * 17, wantFirst: jst(2026, time.April, 30, 8, 30), wantLast: jst(2026, time.May, 1, 16, 30),
		},
		{
			name: "1ns after the deadline of 4/30", now: jst(2026, time.April, 28, 0, 0).Add(time.Nanosecond), from: d(2026, time.April, 28), to: d(2026, time.May, 1),
			wantN: 17, wantFirst: jst(2026, time.May, 1, 8, 30), wantLast: jst(2026, time.May, 1, 16, 30),
		},
		{
			// CALENDAR.md: a request on Saturday 2026-05-02 → earliest session day 2026-05-11.
			name: "request on Saturday 2026-05-02", now: jst(2026, time.May, 2, 12, 0), from: d(2026, time.May, 2), to: d(2026, time.May, 11),
			wantN: 17, wantFirst: jst(2026, time.May, 11, 8, 30), wantLast: jst(2026, time.May, 11, 16, 30),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := rulesAt(tt.now)
			if tt.zeroNotice {
				r.Office.NoticeOfficeDays = 0
			}
			got, err := r.SlotStarts(tt.from, tt.to)
			if tt.wantField != "" {
				wantCode(t, "SlotStarts", err, apperr.Validation, tt.wantField)
				return
			}
			if err != nil {
				t.Fatalf("SlotStarts(%v, %v) error = %v", tt.from, tt.to, err)
			}
			if len(got) != tt.wantN {
				t.Fatalf("SlotStarts(%v, %v) = %d starts, want %d", tt.from, tt.to, len(got), tt.wantN)
			}
			if tt.wantN == 0 {
				return
			}
			if !got[0].Equal(tt.wantFirst) || !got[len(got)-1].Equal(tt.wantLast) {
				t.Errorf("SlotStarts(%v, %v) = %v … %v, want %v … %v", tt.from, tt.to, got[0], got[len(got)-1], tt.wantFirst, tt.wantLast)
			}
			for i, s := range got {
				if i > 0 && !s.After(got[i-1]) {
					t.Errorf("SlotStarts: %v after %v, want ascending", s, got[i-1])
				}
				if _, _, err := r.CheckStart(s, booking.NoticeRule); err != nil {
					t.Errorf("SlotStarts gave %v, but CheckStart(%v) = %v", s, s, err)
				}
			}
		})
	}
}

func TestReviewDue(t *testing.T) {
	now := jst(2026, time.May, 11, 10, 0)
	day := 24 * time.Hour
	window := booking.DefaultNoShowWindow
	tests := []struct {
		name      string
		starts    []time.Time
		threshold int
		want      bool
	}{
		{"None", nil, 2, false},
		{"OneBelowThreshold", []time.Time{now.Add(-day)}, 2, false},
		{"TwoWithinWindow", []time.Time{now.Add(-day), now.Add(-179 * day)}, 2, true},
		{"OneOutsideWindow", []time.Time{now.Add(-day), now.Add(-180 * day)}, 2, false},
		{"ThreeOfWhichTwoWithin", []time.Time{now.Add(-300 * day), now.Add(-2 * day), now.Add(-day)}, 2, true},
		{"ThresholdZeroNeverFlags", []time.Time{now.Add(-day), now.Add(-2 * day)}, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := booking.ReviewDue(tt.starts, tt.threshold, window, now); got != tt.want {
				t.Errorf("ReviewDue(%v, %d, %v, %v) = %v, want %v", tt.starts, tt.threshold, window, now, got, tt.want)
			}
		})
	}
}
