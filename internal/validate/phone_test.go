package validate_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"soudan/internal/validate"
)

func TestPhoneNumber(t *testing.T) {
	const field = "input.phone"
	tests := []struct {
		name string
		in   string
		want validate.Phone
	}{
		{"FixedLine", "0986-22-1234", validate.Phone{E164: "+81986221234", National: "0986-22-1234"}},
		{"FixedLineDigits", "0986221234", validate.Phone{E164: "+81986221234", National: "0986-22-1234"}},
		{"Parentheses", "(0986)22-1234", validate.Phone{E164: "+81986221234", National: "0986-22-1234"}},
		{"ParenthesesLocal", "0986(22)1234", validate.Phone{E164: "+81986221234", National: "0986-22-1234"}},
		{"FullWidth", "０９８６－２２－１２３４", validate.Phone{E164: "+81986221234", National: "0986-22-1234"}},
		{"FullWidthParentheses", "（０９８６）２２ー１２３４", validate.Phone{E164: "+81986221234", National: "0986-22-1234"}},
		{"Tokyo", "03-1234-5678", validate.Phone{E164: "+81312345678", National: "03-1234-5678"}},
		{"Osaka", "06 6123 4567", validate.Phone{E164: "+81661234567", National: "06-6123-4567"}},
		{"Mobile090", "090-1234-5678", validate.Phone{E164: "+819012345678", National: "090-1234-5678"}},
		{"Mobile080Spaces", "080 1234 5678", validate.Phone{E164: "+818012345678", National: "080-1234-5678"}},
		{"Mobile070", "070-1234-5678", validate.Phone{E164: "+817012345678", National: "070-1234-5678"}},
		{"Mobile060", "060-1234-5678", validate.Phone{E164: "+816012345678", National: "060-1234-5678"}},
		{"Mobile060Digits", "06098765432", validate.Phone{E164: "+816098765432", National: "060-9876-5432"}},
		{"Mobile060Known", "060-1001-2345", validate.Phone{E164: "+816010012345", National: "060-1001-2345"}},
		{"Mobile060International", "+81 60 1234 5678", validate.Phone{E164: "+816012345678", National: "060-1234-5678"}},
		{"IPPhone050", "050-1234-5678", validate.Phone{E164: "+815012345678", National: "050-1234-5678"}},
		{"International", "+81 90 1234 5678", validate.Phone{E164: "+819012345678", National: "090-1234-5678"}},
		{"InternationalNoSpaces", "+81986221234", validate.Phone{E164: "+81986221234", National: "0986-22-1234"}},
		{"InternationalWithZero", "+81 (0)90-1234-5678", validate.Phone{E164: "+819012345678", National: "090-1234-5678"}},
		{"InternationalFullWidth", "＋８１９０１２３４５６７８", validate.Phone{E164: "+819012345678", National: "090-1234-5678"}},
		{"Surrounding", " \u30000986-22-1234\u3000 ", validate.Phone{E164: "+81986221234", National: "0986-22-1234"}},
		{"AnyDash", "090\u20101234\u22125678", validate.Phone{E164: "+819012345678", National: "090-1234-5678"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := validate.PhoneNumber(field, tt.in)
			if err != nil || got != tt.want {
				t.Errorf("PhoneNumber(%q) = %v, %v, want %v, nil", tt.in, got, err, tt.want)
			}
		})
	}

	rejects := []struct {
		name string
		in   string
	}{
		{"TollFree0120", "0120-123-456"},
		{"TollFree0800", "0800-123-4567"},
		{"NaviDial0570", "0570-123-456"},
		{"DialQ2_0990", "0990-123-456"},
		{"Pager020", "020-1234-5678"},
		{"MobileTooShort", "090-1234-567"},
		{"MobileTooLong", "090-1234-56789"},
		{"FixedLineTooShort", "0986-22-123"},
		{"Mobile060TooShort", "060-123-4567"}, // the closed 10-digit UPT range
		{"Mobile060TooLong", "060-1234-56789"},
		{"MobileUnallocated", "090-0123-4567"},
		{"IPPhoneUnallocated", "050-0123-4567"},
		{"USA", "+1 212 555 1234"},
		{"Korea", "+82 2 1234 5678"},
		{"NoLeadingZero", "986-22-1234"},
		{"CountryCodeWithoutPlus", "81 90 1234 5678"},
		{"InternationalPrefix", "010-81-90-1234-5678"},
		{"DoubleZero", "0081-90-1234-5678"},
		{"PlusInside", "090+1234-5678"},
		{"TwoPluses", "++81 90 1234 5678"},
		{"OnlyPlus", "+"},
		{"Letters", "abc"},
		{"Vanity", "090-CALL-NOW1"},
		{"Extension", "03-1234-5678 ext 12"},
		{"ExtensionHash", "03-1234-5678#12"},
		{"TelURI", "tel:+81-90-1234-5678"},
		{"Empty", ""},
		{"Blank", " \u3000"},
		{"OnlySeparators", "(--)"},
		{"InvalidUTF8", "090-1234-5678\xff"},
		{"Huge", strings.Repeat("0", 300)},
		{"HugeSpaces", "090-1234-5678" + strings.Repeat(" ", 287)},
	}
	for _, tt := range rejects {
		t.Run("Err"+tt.name, func(t *testing.T) {
			got, err := validate.PhoneNumber(field, tt.in)
			if err == nil {
				t.Fatalf("PhoneNumber(%q) = %v, nil, want error", tt.in, got)
			}
			checkInvalid(t, "PhoneNumber", err, field)
		})
	}
}

// TestPhoneNumberMessages checks that rejected kinds of number get the
// message that names them, so people know why a working number is refused.
func TestPhoneNumberMessages(t *testing.T) {
	tests := []struct {
		in   string
		want string // part of the Japanese message
	}{
		{"0120-123-456", "フリーダイヤル"},
		{"0800-123-4567", "フリーダイヤル"},
		{"0570-123-456", "ナビダイヤル"},
		{"0990-123-456", "0990"},
		{"020-1234-5678", "ポケットベル"},
		{"+1 212 555 1234", "日本国内"},
		{"", "入力してください"},
		{"090-1234-567", "市外局番から"},
	}
	for _, tt := range tests {
		_, err := validate.PhoneNumber("input.phone", tt.in)
		if err == nil || !strings.Contains(errMessage(err), tt.want) {
			t.Errorf("PhoneNumber(%q) = %v, want a message containing %q", tt.in, err, tt.want)
		}
	}
}

func TestFormatPhone(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"FixedLine", "+81986221234", "0986-22-1234"},
		{"Tokyo", "+81312345678", "03-1234-5678"},
		{"Mobile", "+819012345678", "090-1234-5678"},
		{"Mobile060", "+816012345678", "060-1234-5678"},
		{"IPPhone", "+815012345678", "050-1234-5678"},
		{"NoLongerAccepted", "+81120123456", "0120-123-456"},
		{"Foreign", "+12125551234", "+1 212-555-1234"},
		{"Garbage", "not a number", "not a number"},
		{"Empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := validate.FormatPhone(tt.in); got != tt.want {
				t.Errorf("FormatPhone(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestFormatPhoneRoundTrip checks that the display form of a stored number
// is the one PhoneNumber returned, and that it validates back to the same
// number.
func TestFormatPhoneRoundTrip(t *testing.T) {
	for _, in := range []string{
		"0986-22-1234", "(0986)22-1234", "03-1234-5678", "090-1234-5678", "080 1234 5678",
		"070-1234-5678", "060-1234-5678", "050-1234-5678", "+81 90 1234 5678", "011-211-2111",
		"0126-22-1111", "04992-2-1111",
	} {
		p, err := validate.PhoneNumber("input.phone", in)
		if err != nil {
			t.Errorf("PhoneNumber(%q) = %v", in, err)
			continue
		}
		if got := validate.FormatPhone(p.E164); got != p.National {
			t.Errorf("FormatPhone(%q) = %q, want %q", p.E164, got, p.National)
		}
		again, err := validate.PhoneNumber("input.phone", p.National)
		if diff := cmp.Diff(p, again); err != nil || diff != "" {
			t.Errorf("PhoneNumber(%q) = %v, %v; mismatch (-want +got):\n%s", p.National, again, err, diff)
		}
	}
}

func BenchmarkPhoneNumber(b *testing.B) {
	for _, bm := range []struct{ name, in string }{
		{"FixedLine", "0986-22-1234"},
		{"FullWidthMobile", "０９０－１２３４－５６７８"},
		{"Mobile060", "060-1234-5678"},
		{"TollFreeRejected", "0120-123-456"},
	} {
		b.Run(bm.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				validate.PhoneNumber("input.phone", bm.in)
			}
		})
	}
}

func TestPhoneIs(t *testing.T) {
	fixed := validate.Phone{E164: "+81986221234", National: "0986-22-1234"}
	tests := []struct {
		name  string
		phone validate.Phone
		s     string
		want  bool
	}{
		{"National", fixed, "0986-22-1234", true},
		{"Digits", fixed, "0986221234", true},
		{"FullWidthWithSpaces", fixed, " ０９８６ ２２ １２３４ ", true},
		{"E164", fixed, "+81986221234", true},
		{"International", fixed, "+81 986-22-1234", true},
		{"AnotherNumber", fixed, "0986-22-1235", false},
		{"Longer", fixed, "0986-22-12345", false},
		{"Empty", fixed, "", false},
		{"Letters", fixed, "0986-22-abcd", false},
		{"NoNumberOnFile", validate.Phone{}, "0986-22-1234", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.phone.Is(tt.s); got != tt.want {
				t.Errorf("%+v.Is(%q) = %v, want %v", tt.phone, tt.s, got, tt.want)
			}
			// Is never accepts what PhoneNumber would refuse or read as another number.
			if tt.want {
				p, err := validate.PhoneNumber("phone", tt.s)
				if err != nil || p != tt.phone {
					t.Errorf("PhoneNumber(%q) = %+v, %v; Is said it is %+v", tt.s, p, err, tt.phone)
				}
			}
		})
	}
}
