package validate

import (
	"strings"
	"unicode/utf8"

	"soudan/internal/apperr"
)

// Password bounds.
const (
	// PasswordMinRunes is the shortest password accepted, in characters.
	PasswordMinRunes = 10
	// PasswordMaxBytes is the longest password accepted, in bytes of UTF-8
	// (128 half-width characters).
	PasswordMaxBytes = 128
)

// Password checks a new password: at least 10 characters (runes), at most
// 128 bytes, valid UTF-8, and not equal, ignoring case, to the e-mail
// address or the job-seeker number, whether as typed or normalised (the
// number also without its hyphen). The password is never trimmed or
// otherwise changed; email and jobSeekerNumber may be empty.
func Password(field, password, email, jobSeekerNumber string) error {
	if len(password) > PasswordMaxBytes {
		return apperr.Invalid(field,
			"パスワードが長すぎます。もう少し短くしてください（半角文字で128文字まで）。",
			"The password is too long: it may have at most 128 bytes (128 half-width characters).")
	}
	if !utf8.ValidString(password) {
		return apperr.Invalid(field,
			"パスワードに読み取れない文字が含まれています。入力し直してください。",
			"The password contains characters that could not be read (invalid UTF-8). Please enter it again.")
	}
	if utf8.RuneCountInString(password) < PasswordMinRunes {
		return apperr.Invalid(field,
			"パスワードは10文字以上で入力してください。",
			"The password must have at least 10 characters.")
	}
	if equalsAny(password, emailForms(email)) {
		return apperr.Invalid(field,
			"メールアドレスと同じパスワードは使えません。別のパスワードを入力してください。",
			"The password must not be the same as your e-mail address.")
	}
	if equalsAny(password, jobSeekerForms(jobSeekerNumber)) {
		return apperr.Invalid(field,
			"求職番号と同じパスワードは使えません。別のパスワードを入力してください。",
			"The password must not be the same as your job-seeker number.")
	}
	return nil
}

// emailForms returns the e-mail address as typed, trimmed and normalised.
func emailForms(email string) []string {
	if email == "" || len(email) > utf8Max*EmailMaxBytes {
		return nil
	}
	forms := []string{email, strings.TrimSpace(email)}
	if n, p := normaliseEmail(email); p == emailOK {
		forms = append(forms, n)
	}
	return forms
}

// jobSeekerForms returns the job-seeker number as typed, trimmed, normalised
// and normalised without its hyphen.
func jobSeekerForms(number string) []string {
	if number == "" || len(number) > utf8Max*jobSeekerMaxRunes {
		return nil
	}
	forms := []string{number, strings.TrimSpace(number)}
	if n, ok, _ := normaliseJobSeekerNumber(number); ok {
		forms = append(forms, n, strings.Replace(n, "-", "", 1))
	}
	return forms
}

// equalsAny reports whether s equals one of the non-empty forms, ignoring
// case.
func equalsAny(s string, forms []string) bool {
	for _, f := range forms {
		if f != "" && strings.EqualFold(s, f) {
			return true
		}
	}
	return false
}
