package validate

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// NameKey is the form in which two names are compared: NFKC-normalised
// (full-width letters and digits become half-width, half-width katakana
// become full-width) with every space, half- or full-width, removed. "都城　太郎",
// "都城 太郎" and "都城太郎" have the same key.
func NameKey(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, norm.NFKC.String(s))
}

// SameName reports whether a and b are the same name once normalised
// (NameKey); an empty name matches nothing.
func SameName(a, b string) bool {
	ka := NameKey(a)
	return ka != "" && ka == NameKey(b)
}
