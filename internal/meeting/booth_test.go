package meeting_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"soudan/internal/apperr"
	"soudan/internal/meeting"
)

func TestNormalizeBooth(t *testing.T) {
	good := meeting.Booth{Seat: 1, MeetingID: "857 4606 5432", Passcode: "Ab3@_-*x", JoinURL: "https://us05web.zoom.us/j/85746065432?pwd=aBcD1234"}
	tests := []struct {
		name      string
		in        meeting.Booth
		want      meeting.Booth
		wantField string // "" means valid
	}{
		{
			name: "good with spaces in the meeting ID",
			in:   good,
			want: meeting.Booth{Seat: 1, MeetingID: "85746065432", Passcode: "Ab3@_-*x", JoinURL: good.JoinURL},
		},
		{
			name: "9 digits, full-width and ideographic spaces, bare zoom.us, empty passcode",
			in:   meeting.Booth{Seat: 12, MeetingID: "１２３\u3000４５６ ７８９", JoinURL: " https://zoom.us/j/123456789 "},
			want: meeting.Booth{Seat: 12, MeetingID: "123456789", JoinURL: "https://zoom.us/j/123456789"},
		},
		{
			name: "personal link name and port 443",
			in:   meeting.Booth{Seat: 2, MeetingID: "1234567890", Passcode: "123456", JoinURL: "https://HelloWork.Zoom.us:443/my/booth2"},
			want: meeting.Booth{Seat: 2, MeetingID: "1234567890", Passcode: "123456", JoinURL: "https://HelloWork.Zoom.us:443/my/booth2"},
		},
		{name: "seat 0", in: withSeat(good, 0), wantField: "input.seat"},
		{name: "8-digit meeting ID", in: withID(good, "1234 5678"), wantField: "input.meetingId"},
		{name: "12-digit meeting ID", in: withID(good, "123456789012"), wantField: "input.meetingId"},
		{name: "hyphens in the meeting ID", in: withID(good, "857-4606-5432"), wantField: "input.meetingId"},
		{name: "empty meeting ID", in: withID(good, ""), wantField: "input.meetingId"},
		{name: "long passcode", in: withPasscode(good, "12345678901"), wantField: "input.passcode"},
		{name: "space inside the passcode", in: withPasscode(good, "abc def"), wantField: "input.passcode"},
		{name: "non-ASCII passcode", in: withPasscode(good, "パスコード"), wantField: "input.passcode"},
		{name: "http URL", in: withURL(good, "http://zoom.us/j/85746065432"), wantField: "input.joinUrl"},
		{name: "non-zoom host", in: withURL(good, "https://zoom.us.evil.example/j/85746065432"), wantField: "input.joinUrl"},
		{name: "look-alike host", in: withURL(good, "https://evilzoom.us/j/85746065432"), wantField: "input.joinUrl"},
		{name: "user information", in: withURL(good, "https://zoom.us@evil.example/j/85746065432"), wantField: "input.joinUrl"},
		{name: "empty label", in: withURL(good, "https://.zoom.us/j/85746065432"), wantField: "input.joinUrl"},
		{name: "other port", in: withURL(good, "https://zoom.us:8443/j/85746065432"), wantField: "input.joinUrl"},
		{name: "javascript URL", in: withURL(good, "javascript:alert(1)"), wantField: "input.joinUrl"},
		{name: "empty URL", in: withURL(good, ""), wantField: "input.joinUrl"},
		{name: "too long URL", in: withURL(good, "https://zoom.us/j/85746065432?pwd="+strings.Repeat("a", 500)), wantField: "input.joinUrl"},
		{name: "URL of another meeting", in: withURL(good, "https://zoom.us/j/12345678901"), wantField: "input.joinUrl"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := meeting.NormalizeBooth(tt.in)
			if tt.wantField == "" {
				if err != nil {
					t.Fatalf("NormalizeBooth(%+v) error = %v, want nil", tt.in, err)
				}
				if diff := cmp.Diff(tt.want, got); diff != "" {
					t.Errorf("NormalizeBooth(%+v) mismatch (-want +got):\n%s", tt.in, diff)
				}
				return
			}
			ae, ok := apperr.As(err)
			if !ok {
				t.Fatalf("NormalizeBooth(%+v) error = %v, want a Validation error for %s", tt.in, err, tt.wantField)
			}
			if got, want := ae.Code, apperr.Validation; got != want {
				t.Errorf("code = %s, want %s", got, want)
			}
			if got, want := ae.Field, tt.wantField; got != want {
				t.Errorf("field = %q, want %q", got, want)
			}
			if ae.Message == "" || ae.En == "" {
				t.Errorf("error %+v lacks a Japanese or English message", ae)
			}
		})
	}
}

func withSeat(b meeting.Booth, seat int) meeting.Booth      { b.Seat = seat; return b }
func withID(b meeting.Booth, id string) meeting.Booth       { b.MeetingID = id; return b }
func withPasscode(b meeting.Booth, p string) meeting.Booth  { b.Passcode = p; return b }
func withURL(b meeting.Booth, joinURL string) meeting.Booth { b.JoinURL = joinURL; return b }

func TestNewPasscode(t *testing.T) {
	seen := map[string]bool{}
	for range 100 {
		p := meeting.NewPasscode()
		if len(p) != meeting.PasscodeDigits || strings.Trim(p, "0123456789") != "" {
			t.Fatalf("NewPasscode() = %q, want %d digits", p, meeting.PasscodeDigits)
		}
		if _, err := meeting.NormalizeBooth(meeting.Booth{Seat: 1, MeetingID: "81234567890", Passcode: p,
			JoinURL: "https://zoom.us/j/81234567890"}); err != nil {
			t.Fatalf("NewPasscode() = %q is not a valid booth passcode: %v", p, err)
		}
		seen[p] = true
	}
	if len(seen) < 99 {
		t.Errorf("100 passcodes, %d different", len(seen))
	}
}

func TestWithoutPasscode(t *testing.T) {
	for in, want := range map[string]string{
		"https://us02web.zoom.us/j/81234567890?pwd=abcDEF123":   "https://us02web.zoom.us/j/81234567890",
		"https://us02web.zoom.us/j/81234567890?pwd=abc&uname=x": "https://us02web.zoom.us/j/81234567890?uname=x",
		"https://us02web.zoom.us/j/81234567890":                 "https://us02web.zoom.us/j/81234567890",
		"https://us02web.zoom.us/j/81234567890?from=addon":      "https://us02web.zoom.us/j/81234567890?from=addon",
	} {
		if got := meeting.WithoutPasscode(in); got != want {
			t.Errorf("WithoutPasscode(%q) = %q, want %q", in, got, want)
		}
	}
}
