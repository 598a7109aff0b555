package validate

import (
	"testing"

	"github.com/nyaruka/phonenumbers"
)

func TestIs060Mobile(t *testing.T) {
	tests := []struct {
		nsn  string
		want bool
	}{
		{"6012345678", true},
		{"6000000000", true},
		{"6099999999", true},
		{"601234567", false},   // 10-digit 060: the closed UPT range
		{"60123456789", false}, // 12 digits
		{"7012345678", false},
		{"5012345678", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := is060Mobile(tt.nsn); got != tt.want {
			t.Errorf("is060Mobile(%q) = %v, want %v", tt.nsn, got, tt.want)
		}
	}
}

// TestPhonenumbersJapan pins how github.com/nyaruka/phonenumbers classifies
// the Japanese ranges PhoneNumber relies on. If it fails after an upgrade,
// read the new classification and revisit parsePhone; in particular, once
// the library knows every 060-XXXX-XXXX number as MOBILE, is060Mobile can
// go.
func TestPhonenumbersJapan(t *testing.T) {
	tests := []struct {
		in    string
		valid bool
		typ   phonenumbers.PhoneNumberType
	}{
		{"0986-22-1234", true, phonenumbers.FIXED_LINE},
		{"03-1234-5678", true, phonenumbers.FIXED_LINE},
		{"090-1234-5678", true, phonenumbers.MOBILE},
		{"080-1234-5678", true, phonenumbers.MOBILE},
		{"070-1234-5678", true, phonenumbers.MOBILE},
		{"060-1001-2345", true, phonenumbers.MOBILE}, // 060-1[0-4]0X-XXXX only
		{"060-1234-5678", false, phonenumbers.UNKNOWN},
		{"060-123-4567", true, phonenumbers.PERSONAL_NUMBER},
		{"050-1234-5678", true, phonenumbers.VOIP},
		{"0120-123-456", true, phonenumbers.TOLL_FREE},
		{"0800-123-4567", true, phonenumbers.TOLL_FREE},
		{"0570-123-456", true, phonenumbers.UAN},
		{"0990-123-456", true, phonenumbers.PREMIUM_RATE},
		{"020-1234-5678", true, phonenumbers.PAGER},
	}
	for _, tt := range tests {
		n, err := phonenumbers.Parse(tt.in, "JP")
		if err != nil {
			t.Errorf("phonenumbers.Parse(%q) = %v", tt.in, err)
			continue
		}
		if valid, typ := phonenumbers.IsValidNumber(n), phonenumbers.GetNumberType(n); valid != tt.valid || typ != tt.typ {
			t.Errorf("phonenumbers: %q valid = %v, type = %v, want %v, %v", tt.in, valid, typ, tt.valid, tt.typ)
		}
	}
}
