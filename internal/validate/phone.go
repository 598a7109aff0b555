package validate

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/nyaruka/phonenumbers"

	"soudan/internal/apperr"
)

// phoneMaxRunes bounds the raw phone number: "+81 (090) 1234-5678" has 19
// characters; this leaves room for generous spacing.
const phoneMaxRunes = 40

// Phone is a validated Japanese phone number.
type Phone struct {
	// E164 is the stored form, for example "+81986221234".
	E164 string
	// National is the display form, for example "0986-22-1234".
	National string
}

// Is reports whether s is this number, written in any form PhoneNumber
// accepts, without parsing s against the numbering plan: a number given
// again (a booking with the account's number) is not checked twice.
func (p Phone) Is(s string) bool {
	if p.E164 == "" || len(s) > utf8Max*phoneMaxRunes || !utf8.ValidString(s) {
		return false
	}
	nsn, kind := phoneDigits(s)
	return kind == phoneOK && len(p.E164) == 3+len(nsn) && p.E164[:3] == "+81" && p.E164[3:] == nsn
}

// phoneKind says why a number was rejected, for the message.
type phoneKind int

const (
	phoneOK        phoneKind = iota
	phoneEmpty               // nothing typed
	phoneMalformed           // not a phone number, wrong length, unknown range
	phoneForeign             // a country code other than +81
	phoneTollFree            // 0120, 0800 and 00xx free dial: cannot be called back
	phoneNavi                // 0570 navi dial
	phonePremium             // 0990 dial Q2
	phonePager               // 020
)

// PhoneNumber checks a Japanese phone number that the office can call back:
// a fixed line (10 digits with the leading 0), a mobile (070, 080, 090 or 060
// and 11 digits) or an IP phone (050 and 11 digits). Free dial (0120, 0800),
// navi dial (0570), dial Q2 (0990), pagers (020), numbers outside Japan and
// numbers that are not valid are rejected.
//
// Full-width digits, dashes (see the package documentation), spaces and
// parentheses are accepted, as is a leading "+81" (with or without the
// domestic 0 after it). Letters, extensions and international call prefixes
// such as 010 are not.
//
// Validation is github.com/nyaruka/phonenumbers with region "JP", plus one
// rule of this package: its data knows only 060-1[0-4]0X-XXXX of the 060
// mobile range opened in 2026, so every 060 number of 11 digits
// (060-XXXX-XXXX) is accepted here as a mobile number.
func PhoneNumber(field, s string) (Phone, error) {
	p, kind := parsePhone(s)
	if kind == phoneOK {
		return p, nil
	}
	return Phone{}, phoneError(field, kind)
}

// FormatPhone returns the national display form of a stored E.164 value, for
// example "0986-22-1234" for "+81986221234". A value that is no longer valid
// under PhoneNumber is still formatted by phonenumbers when it can be parsed,
// and returned unchanged when it cannot.
func FormatPhone(e164 string) string {
	if p, kind := parsePhone(e164); kind == phoneOK {
		return p.National
	}
	if len(e164) > utf8Max*phoneMaxRunes {
		return e164
	}
	n, err := phonenumbers.Parse(e164, "JP")
	if err != nil {
		return e164
	}
	if n.GetCountryCode() != 81 {
		return phonenumbers.Format(n, phonenumbers.INTERNATIONAL)
	}
	return phonenumbers.Format(n, phonenumbers.NATIONAL)
}

// parsePhone is the check behind PhoneNumber.
func parsePhone(s string) (Phone, phoneKind) {
	if len(s) > utf8Max*phoneMaxRunes || !utf8.ValidString(s) {
		return Phone{}, phoneMalformed
	}
	nsn, kind := phoneDigits(s)
	if kind != phoneOK {
		return Phone{}, kind
	}
	// The national significant number of a Japanese number that can be
	// called back has 9 (fixed line) or 10 (mobile, IP phone) digits.
	if len(nsn) != 9 && len(nsn) != 10 {
		return Phone{}, phoneMalformed
	}
	if is060Mobile(nsn) {
		return Phone{
			E164:     "+81" + nsn,
			National: "0" + nsn[:2] + "-" + nsn[2:6] + "-" + nsn[6:],
		}, phoneOK
	}

	n, err := phonenumbers.Parse("+81"+nsn, "JP")
	if err != nil {
		return Phone{}, phoneMalformed
	}
	// Parse must have read back exactly the digits it was given.
	if n.GetCountryCode() != 81 || n.GetExtension() != "" || n.GetItalianLeadingZero() ||
		phonenumbers.GetNationalSignificantNumber(n) != nsn {
		return Phone{}, phoneMalformed
	}
	if !phonenumbers.IsValidNumberForRegion(n, "JP") {
		return Phone{}, phoneMalformed
	}
	switch phonenumbers.GetNumberType(n) {
	case phonenumbers.FIXED_LINE, phonenumbers.FIXED_LINE_OR_MOBILE:
		if len(nsn) != 9 {
			return Phone{}, phoneMalformed
		}
	case phonenumbers.MOBILE, phonenumbers.VOIP:
		if len(nsn) != 10 {
			return Phone{}, phoneMalformed
		}
	case phonenumbers.TOLL_FREE:
		return Phone{}, phoneTollFree
	case phonenumbers.UAN:
		return Phone{}, phoneNavi
	case phonenumbers.PREMIUM_RATE:
		return Phone{}, phonePremium
	case phonenumbers.PAGER:
		return Phone{}, phonePager
	default:
		// PERSONAL_NUMBER is the old 10-digit 060 range (UPT, closed); a
		// 060 number today has 11 digits, so this one lacks a digit.
		return Phone{}, phoneMalformed
	}
	return Phone{
		E164:     phonenumbers.Format(n, phonenumbers.E164),
		National: phonenumbers.Format(n, phonenumbers.NATIONAL),
	}, phoneOK
}

// phoneDigits reduces a typed phone number to its national significant
// number: the digits after the domestic 0 or after "+81". Separators
// (spaces, dashes, parentheses) are dropped; any other character, a "+" that
// is not first, a country code other than 81, a number that does not start
// with 0 and an international prefix (00…, 010…) are rejected.
func phoneDigits(s string) (string, phoneKind) {
	var b strings.Builder
	b.Grow(16)
	plus := false
	for _, r := range strings.TrimFunc(strings.Map(narrowRune, s), unicode.IsSpace) {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == '+' && !plus && b.Len() == 0:
			plus = true
		case r == '(' || r == ')' || r == ' ' || unicode.Is(unicode.Zs, r) || isDash(r):
		default:
			return "", phoneMalformed
		}
	}
	d := b.String()
	switch {
	case plus:
		if !strings.HasPrefix(d, "81") {
			if d == "" {
				return "", phoneMalformed
			}
			return "", phoneForeign
		}
		d = strings.TrimPrefix(d[2:], "0") // "+81 (0)90…" is common
	case d == "":
		return "", phoneEmpty
	case d[0] != '0':
		return "", phoneMalformed
	default:
		d = d[1:]
	}
	if d == "" || d[0] == '0' || strings.HasPrefix(d, "10") {
		// 00… and 010… are international call prefixes (00… is also free
		// dial, which cannot be called back); no Japanese number starts
		// with 010.
		return "", phoneMalformed
	}
	return d, phoneOK
}

// is060Mobile reports whether nsn (digits only) is a mobile number in the 060 range that
// opened in 2026: "60" followed by 8 digits (060-XXXX-XXXX). phonenumbers
// v1.8.1 classifies only 60 1[0-4]0 X XXXX as mobile and every other 11-digit
// 060 number as invalid; its 10-digit 060 numbers are the closed UPT range
// (PERSONAL_NUMBER), which PhoneNumber rejects.
func is060Mobile(nsn string) bool {
	return len(nsn) == 10 && strings.HasPrefix(nsn, "60")
}

// phoneError builds the Validation error for a rejected phone number.
func phoneError(field string, kind phoneKind) error {
	const callable = "固定電話・携帯電話・IP電話（050）など、折り返しご連絡できる番号を入力してください。"
	const callableEn = " Please enter a number we can call back: a fixed line, a mobile or an IP phone (050)."
	switch kind {
	case phoneEmpty:
		return apperr.Invalid(field,
			"電話番号を入力してください。",
			"Please enter your phone number.")
	case phoneForeign:
		return apperr.Invalid(field,
			"日本国内の電話番号を入力してください。",
			"Please enter a Japanese phone number.")
	case phoneTollFree:
		return apperr.Invalid(field,
			"フリーダイヤル（0120・0800など）の番号は登録できません。"+callable,
			"Toll-free numbers (0120, 0800) cannot be registered."+callableEn)
	case phoneNavi:
		return apperr.Invalid(field,
			"ナビダイヤル（0570）の番号は登録できません。"+callable,
			"Navi Dial numbers (0570) cannot be registered."+callableEn)
	case phonePremium:
		return apperr.Invalid(field,
			"0990から始まる番号は登録できません。"+callable,
			"Premium-rate numbers (0990) cannot be registered."+callableEn)
	case phonePager:
		return apperr.Invalid(field,
			"ポケットベル（020）の番号は登録できません。"+callable,
			"Pager numbers (020) cannot be registered."+callableEn)
	default:
		return apperr.Invalid(field,
			"電話番号の形式が正しくありません。市外局番から入力してください。",
			"The phone number is not valid. Please enter a Japanese number starting with the area code (for example 0986-22-1234).")
	}
}
