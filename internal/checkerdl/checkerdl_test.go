package checkerdl

import (
	"strings"
	"testing"
)

func TestCodes(t *testing.T) {
	seen := map[string]bool{}
	for range 200 {
		c, err := newCode()
		if err != nil {
			t.Fatal(err)
		}
		if len(c) != CodeLength || NormalizeCode(c) != c {
			t.Fatalf("newCode() = %q", c)
		}
		for _, r := range "01ILOU" {
			if strings.ContainsRune(c, r) {
				t.Fatalf("code %q has the look-alike %q", c, r)
			}
		}
		seen[c] = true
	}
	if len(seen) < 199 {
		t.Errorf("%d distinct codes of 200", len(seen))
	}
	for in, want := range map[string]string{" k7q2m9 ": "K7Q2M9", "K7Q2M0": "", "K7Q2M": "", "K7Q2M9X": ""} {
		if got := NormalizeCode(in); got != want {
			t.Errorf("NormalizeCode(%q) = %q, want %q", in, got, want)
		}
	}
	if Hash("K7Q2M9") == "K7Q2M9" || len(Hash("K7Q2M9")) != 64 {
		t.Errorf("Hash is not a SHA-256 hex digest")
	}
}

func TestNames(t *testing.T) {
	p := Platform{"windows", "arm64"}
	if p.ReleaseName() != "soudan-check-windows-arm64.exe" || p.FileName("K7Q2M9") != "soudan-check-K7Q2M9.exe" {
		t.Errorf("names: %s %s", p.ReleaseName(), p.FileName("K7Q2M9"))
	}
	if codeInName("soudan-check-K7Q2M9.exe") != "K7Q2M9" || codeInName("soudan-check-K7Q2M9 (1).exe") != "" {
		t.Errorf("codeInName")
	}
}
