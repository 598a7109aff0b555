package meeting

import (
	"crypto/rand"
	"fmt"
	"math/big"
	"net/url"
	"strings"

	"soudan/internal/apperr"
)

// Limits of a Booth's fields.
const (
	// MinMeetingIDDigits and MaxMeetingIDDigits bound a Zoom meeting ID.
	MinMeetingIDDigits = 9
	MaxMeetingIDDigits = 11
	// MaxPasscodeLen is Zoom's longest meeting passcode.
	MaxPasscodeLen = 10
	// MaxJoinURLLen is the longest join URL we store.
	MaxJoinURLLen = 500
)

// Booth is one fixed Zoom room of an office (the default provider):
// configured by an administrator.
type Booth struct {
	// Seat is the 1-based booth number the room belongs to.
	Seat int
	// MeetingID is the room's meeting ID, 9 to 11 digits.
	MeetingID string
	// Passcode is the room's passcode, up to 10 printable ASCII characters;
	// it may be empty.
	Passcode string
	// JoinURL is the room's https join URL on zoom.us or a subdomain of it.
	JoinURL string
}

// NormalizeBooth returns b in its stored form (spaces removed from the
// meeting ID), or an apperr Validation error naming the field: input.seat,
// input.meetingId, input.passcode or input.joinUrl.
// The meeting ID loses its spaces (ASCII and ideographic, as in
// "857 4606 5432") and full-width digits become ASCII; the passcode and join
// URL lose surrounding white space.
//
// The rules: Seat >= 1; MeetingID 9 to 11 digits; Passcode at most 10
// printable ASCII characters without spaces; JoinURL an https URL of at most
// 500 characters, without user information or a port other than 443, whose
// host is zoom.us or a subdomain of it. A join URL of the form /j/<digits>
// must name the same meeting ID.
func NormalizeBooth(b Booth) (Booth, error) {
	if b.Seat < 1 {
		return Booth{}, apperr.Invalid("input.seat", "ブース番号は1以上で指定してください。", "the seat must be 1 or more")
	}
	id, ok := normalizeMeetingID(b.MeetingID)
	if !ok {
		return Booth{}, apperr.Invalid("input.meetingId",
			fmt.Sprintf("ミーティングIDは%d〜%d桁の数字で入力してください。", MinMeetingIDDigits, MaxMeetingIDDigits),
			fmt.Sprintf("the meeting ID must be %d to %d digits", MinMeetingIDDigits, MaxMeetingIDDigits))
	}
	b.MeetingID = id
	b.Passcode = strings.TrimSpace(b.Passcode)
	if !validPasscode(b.Passcode) {
		return Booth{}, apperr.Invalid("input.passcode",
			fmt.Sprintf("パスコードは%d文字以内の半角英数字・記号で入力してください。", MaxPasscodeLen),
			fmt.Sprintf("the passcode must be at most %d printable ASCII characters without spaces", MaxPasscodeLen))
	}
	b.JoinURL = strings.TrimSpace(b.JoinURL)
	u, ok := parseZoomURL(b.JoinURL)
	if !ok {
		return Booth{}, apperr.Invalid("input.joinUrl",
			"参加URLは https://zoom.us/ または https://〇〇.zoom.us/ で始まるURLを入力してください。",
			"the join URL must be an https URL on zoom.us or a subdomain of it")
	}
	if rest, found := strings.CutPrefix(u.Path, "/j/"); found && isDigits(rest) && rest != b.MeetingID {
		return Booth{}, apperr.Invalid("input.joinUrl",
			"参加URLのミーティングIDが、入力されたミーティングIDと一致しません。",
			"the join URL is for a different meeting ID")
	}
	return b, nil
}

// normalizeMeetingID removes spaces, turns full-width digits into ASCII and
// reports whether the result is a meeting ID.
func normalizeMeetingID(s string) (string, bool) {
	var sb strings.Builder
	for _, r := range s {
		switch {
		case r == ' ' || r == '\u3000':
		case r >= '0' && r <= '9':
			sb.WriteRune(r)
		case r >= '０' && r <= '９':
			sb.WriteRune('0' + (r - '０'))
		default:
			return "", false
		}
	}
	id := sb.String()
	return id, len(id) >= MinMeetingIDDigits && len(id) <= MaxMeetingIDDigits
}

func validPasscode(s string) bool {
	if len(s) > MaxPasscodeLen {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 0x21 || s[i] > 0x7e {
			return false
		}
	}
	return true
}

// parseZoomURL parses s and reports whether it is an https URL on zoom.us or
// one of its subdomains.
func parseZoomURL(s string) (*url.URL, bool) {
	if s == "" || len(s) > MaxJoinURLLen {
		return nil, false
	}
	u, err := url.Parse(s)
	if err != nil || u.Scheme != "https" || u.Opaque != "" || u.User != nil {
		return nil, false
	}
	if p := u.Port(); p != "" && p != "443" {
		return nil, false
	}
	host := strings.ToLower(u.Hostname())
	if host == "zoom.us" {
		return u, true
	}
	sub, ok := strings.CutSuffix(host, ".zoom.us")
	if !ok || sub == "" {
		return nil, false
	}
	for label := range strings.SplitSeq(sub, ".") {
		if !validLabel(label) {
			return nil, false
		}
	}
	return u, true
}

// validLabel reports whether s is a DNS label of letters, digits and inner
// hyphens.
func validLabel(s string) bool {
	if s == "" || len(s) > 63 || s[0] == '-' || s[len(s)-1] == '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// PasscodeDigits is the length of a passcode made by NewPasscode: Zoom's
// longest (MaxPasscodeLen), digits only so that it can be typed on a phone.
const PasscodeDigits = MaxPasscodeLen

// NewPasscode returns a random passcode of PasscodeDigits digits.
func NewPasscode() string {
	b := make([]byte, PasscodeDigits)
	for i := range b {
		n, err := rand.Int(rand.Reader, big.NewInt(10))
		if err != nil {
			panic("meeting: crypto/rand failed: " + err.Error())
		}
		b[i] = byte('0' + n.Int64())
	}
	return string(b)
}

// WithoutPasscode returns a join URL without the passcode Zoom may embed in
// it (the pwd query parameter).
func WithoutPasscode(joinURL string) string {
	u, err := url.Parse(joinURL)
	if err != nil || u.RawQuery == "" {
		return joinURL
	}
	q := u.Query()
	if !q.Has("pwd") {
		return joinURL
	}
	q.Del("pwd")
	u.RawQuery = q.Encode()
	return u.String()
}
