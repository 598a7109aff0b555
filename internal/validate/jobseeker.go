package validate

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"soudan/internal/apperr"
)

// jobSeekerMaxRunes bounds the raw job-seeker number: 14 characters plus
// room for surrounding spaces.
const jobSeekerMaxRunes = 32

// JobSeekerNumber checks a job-seeker number (求職番号) and returns it as
// "NNNNN-N…": the 5-digit office number, a hyphen and 1 to 8 digits, kept as
// typed (no zero padding; no check digit exists). Any office number is
// accepted, not only 45040.
//
// Full-width digits, any dash (see the package documentation) and
// surrounding spaces are accepted; so are exactly 13 digits without a dash,
// which are read as 5 + 8.
func JobSeekerNumber(field, s string) (string, error) {
	out, ok, empty := normaliseJobSeekerNumber(s)
	switch {
	case ok:
		return out, nil
	case empty:
		return "", apperr.Invalid(field,
			"求職番号を入力してください。",
			"Please enter your job-seeker number.")
	}
	return "", apperr.Invalid(field,
		"求職番号の形式が正しくありません。ハローワーク受付票に書かれている「12345-12345678」のような番号（5桁の数字、ハイフン、8桁以内の数字）を入力してください。",
		"The job-seeker number is not valid. Please enter it as printed on your registration card: 5 digits, a hyphen and up to 8 digits (for example 12345-12345678).")
}

// normaliseJobSeekerNumber is the check behind JobSeekerNumber. empty
// reports an input that is blank after trimming.
func normaliseJobSeekerNumber(s string) (out string, ok, empty bool) {
	if len(s) > utf8Max*jobSeekerMaxRunes || !utf8.ValidString(s) {
		return "", false, false
	}
	var b strings.Builder
	b.Grow(14)
	dash := -1 // position of the dash in b, or -1
	for _, r := range strings.TrimFunc(strings.Map(narrowRune, s), unicode.IsSpace) {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case isDash(r) && dash < 0:
			dash = b.Len()
			b.WriteByte('-')
		default:
			return "", false, false
		}
	}
	out = b.String()
	switch {
	case out == "":
		return "", false, true
	case dash < 0 && len(out) == 13:
		return out[:5] + "-" + out[5:], true, false
	case dash == 5 && len(out) >= 7 && len(out) <= 14:
		return out, true, false
	}
	return "", false, false
}
