package validate

import (
	"net/mail"
	"strings"
	"unicode"
	"unicode/utf8"

	"soudan/internal/apperr"
)

// EmailMaxBytes is the longest e-mail address accepted by Email (RFC 5321
// limits a forward path to 256 octets including the angle brackets).
const EmailMaxBytes = 254

// emailProblem is why an e-mail address was rejected, for the message.
type emailProblem int

const (
	emailOK emailProblem = iota
	emailEmpty
	emailTooLong
	emailNotASCII
	emailDisplayName
	emailMalformed
)

// Email checks an e-mail address and returns it normalised: surrounding
// spaces trimmed, the domain lower-cased, the local part kept as typed
// (mailboxes may be case-sensitive).
//
// The input must be exactly one bare address that net/mail.ParseAddress
// accepts and reads back unchanged, so display names ("Taro <t@example.jp>"),
// angle brackets, comments, quoted local parts and lists of addresses are
// rejected. The address must have one "@", a domain of at least two
// dot-separated labels of ASCII letters, digits and hyphens (the last label
// not all digits), and at most 254 bytes.
//
// The whole address must be ASCII: outgoing mail does not use SMTPUTF8, and
// a full-width "＠" or full-width letters typed with a Japanese input method
// get a message that asks for half-width characters. Internationalised
// domains can be entered in their ASCII (xn--) form.
func Email(field, s string) (string, error) {
	out, p := normaliseEmail(s)
	if p == emailOK {
		return out, nil
	}
	switch p {
	case emailEmpty:
		return "", apperr.Invalid(field,
			"メールアドレスを入力してください。",
			"Please enter your e-mail address.")
	case emailTooLong:
		return "", apperr.Invalid(field,
			"メールアドレスが長すぎます。254文字以内で入力してください。",
			"The e-mail address is too long: it may have at most 254 characters.")
	case emailNotASCII:
		return "", apperr.Invalid(field,
			"メールアドレスは半角の英数字と記号で入力してください。「＠」や全角の文字が含まれていないか確認してください。",
			"Please enter the e-mail address in half-width (ASCII) characters; check for a full-width \"＠\" or full-width letters.")
	case emailDisplayName:
		return "", apperr.Invalid(field,
			"メールアドレスだけを入力してください（お名前や「<」「>」は不要です）。",
			"Please enter the e-mail address only, without a name or angle brackets.")
	default:
		return "", apperr.Invalid(field,
			"メールアドレスの形式が正しくありません。「taro@example.jp」のように入力してください。",
			"The e-mail address is not valid. Please enter it like taro@example.jp.")
	}
}

// normaliseEmail is the check behind Email.
func normaliseEmail(s string) (string, emailProblem) {
	if len(s) > utf8Max*EmailMaxBytes {
		return "", emailTooLong
	}
	if !utf8.ValidString(s) {
		return "", emailMalformed
	}
	s = strings.TrimFunc(s, unicode.IsSpace)
	if s == "" {
		return "", emailEmpty
	}
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return "", emailNotASCII
		}
	}
	if len(s) > EmailMaxBytes {
		return "", emailTooLong
	}
	for i := 0; i < len(s); i++ {
		if s[i] < ' ' || s[i] == 0x7f {
			return "", emailMalformed
		}
	}
	a, err := mail.ParseAddress(s)
	if err != nil {
		return "", emailMalformed
	}
	if a.Name != "" || strings.ContainsAny(s, "<>") {
		return "", emailDisplayName
	}
	if a.Address != s || strings.Count(s, "@") != 1 {
		return "", emailMalformed
	}
	at := strings.IndexByte(s, '@')
	local, domain := s[:at], strings.ToLower(s[at+1:])
	if local == "" || !validDomain(domain) {
		return "", emailMalformed
	}
	return local + "@" + domain, emailOK
}

// validDomain reports whether d (lower case) is a host name of at least two
// labels, each 1 to 63 letters, digits and hyphens not starting or ending
// with a hyphen, and whose last label is not all digits.
func validDomain(d string) bool {
	labels := strings.Split(d, ".")
	if len(labels) < 2 {
		return false
	}
	for _, l := range labels {
		if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return false
		}
		for i := 0; i < len(l); i++ {
			c := l[i]
			if (c < 'a' || c > 'z') && (c < '0' || c > '9') && c != '-' {
				return false
			}
		}
	}
	tld := labels[len(labels)-1]
	return strings.Trim(tld, "0123456789") != ""
}
