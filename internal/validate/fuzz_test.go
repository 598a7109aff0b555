package validate_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"soudan/internal/validate"
)

func FuzzJobSeekerNumber(f *testing.F) {
	for _, s := range []string{
		"45040-12345678", "４５０４０－１２３４５６７８", "45040ー123", "4504012345678", " 45040-1 ",
		"450401234567", "4504-12345678", "45040-123456789", "45040-1234-5678", "abc", "", "\xff",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := validate.JobSeekerNumber("f", s)
		if err != nil {
			checkInvalid(t, "JobSeekerNumber", err, "f")
			return
		}
		if len(got) < 7 || len(got) > 14 || got[5] != '-' || strings.Trim(got[:5]+got[6:], "0123456789") != "" {
			t.Fatalf("JobSeekerNumber(%q) = %q, want NNNNN-N…", s, got)
		}
		again, err := validate.JobSeekerNumber("f", got)
		if err != nil || again != got {
			t.Fatalf("JobSeekerNumber(%q) = %q, %v, want %q, nil", got, again, err, got)
		}
	})
}

func FuzzPhoneNumber(f *testing.F) {
	for _, s := range []string{
		"0986-22-1234", "(0986)22-1234", "０９８６－２２－１２３４", "090-1234-5678", "080 1234 5678",
		"060-1234-5678", "060-1001-2345", "050-1234-5678", "03-1234-5678", "+81 90 1234 5678",
		"+81 (0)90-1234-5678", "0120-123-456", "0800-123-4567", "0570-123-456", "0990-123-456",
		"020-1234-5678", "090-1234-567", "+1 212 555 1234", "010-81-90-1234-5678", "0037-6-123456",
		"abc", "", "+", "\xff",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := validate.PhoneNumber("f", s)
		if err != nil {
			checkInvalid(t, "PhoneNumber", err, "f")
			return
		}
		if !strings.HasPrefix(p.E164, "+81") || !strings.HasPrefix(p.National, "0") {
			t.Fatalf("PhoneNumber(%q) = %v, want +81… and 0…", s, p)
		}
		if n := len(p.E164); n != 12 && n != 13 {
			t.Fatalf("PhoneNumber(%q) = %v, want 10 or 11 digits", s, p)
		}
		for _, in := range []string{p.E164, p.National} {
			again, err := validate.PhoneNumber("f", in)
			if err != nil || again != p {
				t.Fatalf("PhoneNumber(%q) = %v, %v, want %v, nil (from %q)", in, again, err, p, s)
			}
		}
		if got := validate.FormatPhone(p.E164); got != p.National {
			t.Fatalf("FormatPhone(%q) = %q, want %q", p.E164, got, p.National)
		}
	})
}

func FuzzEmail(f *testing.F) {
	for _, s := range []string{
		"taro@example.jp", "Taro@EXAMPLE.JP", " taro@example.jp ", "a@b", "A <a@example.jp>",
		"a@example.jp, b@example.jp", `"a"@example.jp`, "taro＠example.jp", "a@[192.0.2.1]", "", "\xff",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := validate.Email("f", s)
		if err != nil {
			checkInvalid(t, "Email", err, "f")
			return
		}
		if len(got) > validate.EmailMaxBytes || strings.Count(got, "@") != 1 || !utf8.ValidString(got) {
			t.Fatalf("Email(%q) = %q, want one @ and at most %d bytes", s, got, validate.EmailMaxBytes)
		}
		if domain := got[strings.IndexByte(got, '@')+1:]; domain != strings.ToLower(domain) || !strings.Contains(domain, ".") {
			t.Fatalf("Email(%q) = %q, want a lower-case domain with a dot", s, got)
		}
		again, err := validate.Email("f", got)
		if err != nil || again != got {
			t.Fatalf("Email(%q) = %q, %v, want %q, nil", got, again, err, got)
		}
	})
}
