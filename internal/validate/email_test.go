package validate_test

import (
	"strings"
	"testing"

	"soudan/internal/validate"
)

func TestEmail(t *testing.T) {
	const field = "input.email"
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"Plain", "taro@example.jp", "taro@example.jp"},
		{"DomainLowerCased", "taro@Example.CO.JP", "taro@example.co.jp"},
		{"LocalCaseKept", "Taro.Yamada@EXAMPLE.com", "Taro.Yamada@example.com"},
		{"Trimmed", "  taro@example.jp\u3000", "taro@example.jp"},
		{"Plus", "taro+soudan@example.jp", "taro+soudan@example.jp"},
		{"Subdomain", "a@mail.pref.miyazaki.lg.jp", "a@mail.pref.miyazaki.lg.jp"},
		{"Punycode", "a@xn--eckwd4c7c.xn--zckzah", "a@xn--eckwd4c7c.xn--zckzah"},
		{"Max254", strings.Repeat("a", 64) + "@" + longDomain(254-65), strings.Repeat("a", 64) + "@" + longDomain(254-65)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := validate.Email(field, tt.in)
			if err != nil || got != tt.want {
				t.Errorf("Email(%q) = %q, %v, want %q, nil", tt.in, got, err, tt.want)
			}
		})
	}

	rejects := []struct {
		name string
		in   string
	}{
		{"Empty", ""},
		{"Blank", " \u3000 "},
		{"NoAt", "taro.example.jp"},
		{"NoDot", "a@b"},
		{"TwoAts", "a@b@example.jp"},
		{"DisplayName", "Taro <taro@example.jp>"},
		{"QuotedDisplayName", `"山田 太郎" <taro@example.jp>`},
		{"AngleBrackets", "<taro@example.jp>"},
		{"Comment", "taro@example.jp (Taro)"},
		{"TwoAddresses", "a@example.jp, b@example.jp"},
		{"TwoAddressesSemicolon", "a@example.jp; b@example.jp"},
		{"QuotedLocal", `"taro"@example.jp`},
		{"ConsecutiveDots", "taro..yamada@example.jp"},
		{"DomainLiteral", "taro@[192.0.2.1]"},
		{"NumericTLD", "taro@192.0.2.1"},
		{"DomainBang", "taro@exa!mple.jp"},
		{"DomainHyphenStart", "taro@-example.jp"},
		{"DomainTrailingDot", "taro@example.jp."},
		{"EmptyLabel", "taro@example..jp"},
		{"LongLabel", "taro@" + strings.Repeat("a", 64) + ".jp"},
		{"FullWidthAt", "taro＠example.jp"},
		{"FullWidthLetters", "ｔａｒｏ@example.jp"},
		{"UnicodeDomain", "taro@例え.jp"},
		{"Newline", "taro@example.jp\nBcc: x@example.jp"},
		{"InsideSpace", "taro @example.jp"},
		{"InvalidUTF8", "taro@example.jp\xff"},
		{"Too Long 255", strings.Repeat("a", 64) + "@" + longDomain(255-65)},
		{"Huge", strings.Repeat("a", 5000) + "@example.jp"},
	}
	for _, tt := range rejects {
		t.Run("Err"+tt.name, func(t *testing.T) {
			got, err := validate.Email(field, tt.in)
			if err == nil {
				t.Fatalf("Email(%q) = %q, nil, want error", tt.in, got)
			}
			checkInvalid(t, "Email", err, field)
		})
	}
}

// longDomain returns a valid domain name of exactly n bytes (n >= 4):
// labels of x's, at most 63 bytes each, and ".jp".
func longDomain(n int) string {
	var b strings.Builder
	for rest := n - len(".jp"); rest > 0; {
		if rest <= 63 {
			b.WriteString(strings.Repeat("x", rest))
			break
		}
		b.WriteString(strings.Repeat("x", 62) + ".")
		rest -= 63
	}
	return b.String() + ".jp"
}

func TestLongDomain(t *testing.T) {
	for n := 4; n <= 300; n++ {
		if d := longDomain(n); len(d) != n {
			t.Fatalf("len(longDomain(%d)) = %d (%q)", n, len(d), d)
		}
	}
}

func TestPassword(t *testing.T) {
	const field = "input.password"
	ok := []struct {
		name                    string
		password, email, number string
	}{
		{"TenASCII", "abcdefghij", "taro@example.jp", "45040-12345678"},
		{"TenKana", "あいうえおかきくけこ", "", ""},
		{"MaxBytes", strings.Repeat("x", 128), "taro@example.jp", "45040-12345678"},
		{"ContainsEmail", "taro@example.jp!", "taro@example.jp", ""},
		{"SpacesKept", " abcdefghi ", "", ""},
	}
	for _, tt := range ok {
		t.Run(tt.name, func(t *testing.T) {
			if err := validate.Password(field, tt.password, tt.email, tt.number); err != nil {
				t.Errorf("Password(%q, %q, %q) = %v, want nil", tt.password, tt.email, tt.number, err)
			}
		})
	}

	rejects := []struct {
		name                    string
		password, email, number string
	}{
		{"NineChars", "abcdefghi", "", ""},
		{"NineKana", "あいうえおかきくけ", "", ""},
		{"Empty", "", "", ""},
		{"TooManyBytes", strings.Repeat("x", 129), "", ""},
		{"TooManyBytesKana", strings.Repeat("あ", 43), "", ""},
		{"InvalidUTF8", "abcdefghij\xff", "", ""},
		{"EqualsEmail", "taro@example.jp", "taro@example.jp", ""},
		{"EqualsEmailCase", "TARO@EXAMPLE.JP", "taro@example.jp", ""},
		{"EqualsEmailAsTyped", " Taro@Example.JP", " Taro@Example.JP", ""},
		{"EqualsEmailNormalised", "Taro@example.jp", " Taro@EXAMPLE.jp ", ""},
		{"EqualsNumber", "45040-12345678", "", "45040-12345678"},
		{"EqualsNumberAsTyped", "４５０４０－１２３４５６７８", "", "４５０４０－１２３４５６７８"},
		{"EqualsNumberNormalised", "45040-12345678", "", "４５０４０ー１２３４５６７８"},
		{"EqualsNumberWithoutDash", "4504012345678", "", "45040-12345678"},
	}
	for _, tt := range rejects {
		t.Run("Err"+tt.name, func(t *testing.T) {
			err := validate.Password(field, tt.password, tt.email, tt.number)
			if err == nil {
				t.Fatalf("Password(%q, %q, %q) = nil, want error", tt.password, tt.email, tt.number)
			}
			checkInvalid(t, "Password", err, field)
		})
	}
}
