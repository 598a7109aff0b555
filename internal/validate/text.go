package validate

import (
	"fmt"
	"math"
	"strings"
	"unicode"
	"unicode/utf8"

	"soudan/internal/apperr"
)

// Bounds of the free-text fields, in characters (runes).
const (
	// NameMaxRunes is the longest name accepted by Name.
	NameMaxRunes = 100
	// ConsultationMaxRunes is the longest consultation accepted by
	// Consultation.
	ConsultationMaxRunes = 1000
)

// utf8Max is the most bytes one rune takes in UTF-8: a string of n runes is
// never longer than utf8Max*n bytes, which is how byte bounds are derived
// from rune bounds.
const utf8Max = utf8.UTFMax

// label names a field for people, in Japanese and English. The zero label is
// used by Text, which does not know what the field means.
type label struct{ ja, en string }

// textProblem is why checkText rejected a string.
type textProblem int

const (
	textOK textProblem = iota
	textEmpty
	textTooShort
	textTooLong
	textBadEncoding
	textControl
)

// Text checks a bounded free-text value and returns it normalised: surrounding
// white space (including the full-width space U+3000) is trimmed and, when
// multiline is true, "\r\n" and "\r" become "\n". The result must have
// between minRunes and maxRunes characters (runes).
//
// The input must be valid UTF-8 and may contain no control characters
// (unicode.IsControl), except "\n" when multiline is true. Input longer than
// 4*maxRunes bytes, the most that maxRunes runes can take, is rejected
// before it is looked at any further. Text panics if minRunes < 0,
// maxRunes < minRunes, maxRunes < 1 or 4*maxRunes overflows an int, which
// are programming errors.
func Text(field, s string, minRunes, maxRunes int, multiline bool) (string, error) {
	return text(field, s, minRunes, maxRunes, multiline, label{})
}

// Name checks a person's name: trimmed, 1 to 100 characters of any script, no
// control characters, valid UTF-8. It returns the trimmed name.
func Name(field, s string) (string, error) {
	return text(field, s, 1, NameMaxRunes, false, label{"お名前", "name"})
}

// Consultation checks the consultation content (相談内容): trimmed, 1 to 1000
// characters, valid UTF-8, no control characters except line breaks. Line
// breaks are normalised to "\n" ("\r\n" and "\r" become "\n") before the
// characters are counted. It returns the normalised text.
func Consultation(field, s string) (string, error) {
	return text(field, s, 1, ConsultationMaxRunes, true, label{"相談内容", "consultation content"})
}

// text is Text with a label for the messages.
func text(field, s string, minRunes, maxRunes int, multiline bool, l label) (string, error) {
	out, p := checkText(s, minRunes, maxRunes, multiline)
	if p == textOK {
		return out, nil
	}
	return "", textError(field, p, minRunes, maxRunes, multiline, l)
}

// checkText is the check behind Text, without the error messages.
func checkText(s string, minRunes, maxRunes int, multiline bool) (string, textProblem) {
	if minRunes < 0 || maxRunes < 1 || maxRunes < minRunes || maxRunes > math.MaxInt/utf8Max {
		panic(fmt.Sprintf("validate: bad text bounds [%d, %d]", minRunes, maxRunes))
	}
	if len(s) > utf8Max*maxRunes {
		return "", textTooLong
	}
	if !utf8.ValidString(s) {
		return "", textBadEncoding
	}
	if multiline && strings.IndexByte(s, '\r') >= 0 {
		s = strings.ReplaceAll(s, "\r\n", "\n")
		s = strings.ReplaceAll(s, "\r", "\n")
	}
	s = strings.TrimFunc(s, unicode.IsSpace)
	n := 0
	for _, r := range s {
		if unicode.IsControl(r) && (!multiline || r != '\n') {
			return "", textControl
		}
		n++
	}
	switch {
	case n == 0 && minRunes > 0:
		return "", textEmpty
	case n < minRunes:
		return "", textTooShort
	case n > maxRunes:
		return "", textTooLong
	}
	return s, textOK
}

// textError builds the Validation error for a problem found by checkText.
func textError(field string, p textProblem, minRunes, maxRunes int, multiline bool, l label) error {
	ja, en := l.ja, l.en
	if ja == "" {
		ja, en = "この項目", "this field"
	}
	switch p {
	case textEmpty:
		return apperr.Invalid(field,
			ja+"を入力してください。",
			"Please fill in "+en+".")
	case textTooShort:
		return apperr.Invalid(field,
			fmt.Sprintf("%sは%d文字以上で入力してください。", ja, minRunes),
			fmt.Sprintf("Please enter at least %d characters in %s.", minRunes, en))
	case textTooLong:
		return apperr.Invalid(field,
			fmt.Sprintf("%sが長すぎます。%d文字以内で入力してください。", ja, maxRunes),
			fmt.Sprintf("The %s is too long: please use at most %d characters.", en, maxRunes))
	case textControl:
		if multiline {
			return apperr.Invalid(field,
				ja+"に使えない文字（タブなどの特殊な文字）が含まれています。取り除いてから入力してください。",
				"The "+en+" contains characters that cannot be used (such as tabs or other control characters).")
		}
		return apperr.Invalid(field,
			ja+"に使えない文字（改行やタブなどの特殊な文字）が含まれています。1行で入力してください。",
			"The "+en+" contains characters that cannot be used (such as line breaks or tabs). Please enter it on one line.")
	default: // textBadEncoding
		return apperr.Invalid(field,
			ja+"に読み取れない文字が含まれています。入力し直してください。",
			"The "+en+" contains characters that could not be read (invalid UTF-8). Please enter it again.")
	}
}

// narrowRune maps a full-width ASCII variant (U+FF01..U+FF5E) to its ASCII
// character and the ideographic space U+3000 to " "; other runes are returned
// unchanged. It is the part of NFKC that matters for digits typed with a
// Japanese input method, without NFKC's other rewritings (circled digits
// such as ① would otherwise become digits).
func narrowRune(r rune) rune {
	switch {
	case r >= 0xFF01 && r <= 0xFF5E:
		return r - 0xFF01 + '!'
	case r == '\u3000':
		return ' '
	}
	return r
}

// isDash reports whether r is one of the dashes people type between groups
// of digits: the ASCII hyphen-minus, U+2010..U+2015 (hyphens and dashes),
// U+2212 (minus), U+30FC (ー, the katakana prolonged sound mark that
// Japanese input methods often produce for "-"), its half-width form U+FF70,
// the full-width hyphen-minus U+FF0D and the small hyphen-minus U+FE63.
func isDash(r rune) bool {
	switch r {
	case '-', '\u2212', '\u30FC', '\uFF70', '\uFF0D', '\uFE63':
		return true
	}
	return r >= '\u2010' && r <= '\u2015'
}
