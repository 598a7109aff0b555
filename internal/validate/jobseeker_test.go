package validate_test

import (
	"testing"

	"soudan/internal/validate"
)

func TestJobSeekerNumber(t *testing.T) {
	const field = "input.jobSeekerNumber"
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"Plain", "45040-12345678", "45040-12345678"},
		{"FullWidth", "４５０４０－１２３４５６７８", "45040-12345678"},
		{"ProlongedSoundMark", "45040ー123", "45040-123"},
		{"HalfWidthProlongedSoundMark", "45040ｰ123", "45040-123"},
		{"Hyphen2010", "45040\u2010123", "45040-123"},
		{"FigureDash", "45040\u2012123", "45040-123"},
		{"HorizontalBar", "45040―123", "45040-123"},
		{"Minus", "45040\u2212123", "45040-123"},
		{"ThirteenDigits", "4504012345678", "45040-12345678"},
		{"ThirteenFullWidth", "４５０４０１２３４５６７８", "45040-12345678"},
		{"Spaces", "  45040-1234567 \t", "45040-1234567"},
		{"FullWidthSpaces", "\u300045040-1\u3000", "45040-1"},
		{"OneDigit", "45040-1", "45040-1"},
		{"KeepsLeadingZeros", "01234-00012", "01234-00012"},
		{"OtherOffice", "13010-5", "13010-5"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := validate.JobSeekerNumber(field, tt.in)
			if err != nil || got != tt.want {
				t.Errorf("JobSeekerNumber(%q) = %q, %v, want %q, nil", tt.in, got, err, tt.want)
			}
		})
	}

	rejects := []struct {
		name string
		in   string
	}{
		{"Empty", ""},
		{"Blank", "   "},
		{"TwelveDigits", "450401234567"},
		{"FourteenDigits", "45040123456789"},
		{"FourDigitOffice", "4504-12345678"},
		{"SixDigitOffice", "450401-1234567"},
		{"NineDigitsAfterDash", "45040-123456789"},
		{"NothingAfterDash", "45040-"},
		{"NothingBeforeDash", "-12345678"},
		{"Letters", "45040-1234567A"},
		{"Kanji", "求職45040-123"},
		{"TwoDashes", "45040-1234-5678"},
		{"SpaceInside", "45040 12345678"},
		{"CircledDigit", "45040-①23"},
		{"ArabicIndicDigits", "45040-١٢٣"},
		{"InvalidUTF8", "45040-12\xff"},
		{"Huge", "45040-1" + string(make([]byte, 200))},
	}
	for _, tt := range rejects {
		t.Run("Err"+tt.name, func(t *testing.T) {
			got, err := validate.JobSeekerNumber(field, tt.in)
			if err == nil {
				t.Fatalf("JobSeekerNumber(%q) = %q, nil, want error", tt.in, got)
			}
			checkInvalid(t, "JobSeekerNumber", err, field)
		})
	}
}
