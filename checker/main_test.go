package main

import (
	"bytes"
	"strings"
	"testing"
)

// The checker has no checks yet: it must say so and never report ready.
func TestRunWithoutChecksIsNeverReady(t *testing.T) {
	tests := []struct {
		args     []string
		wantCode int
		wantOut  string
	}{
		{nil, exitUnknown, "判定できません"},
		{[]string{"--lang", "en"}, exitUnknown, "cannot tell"},
		{[]string{"--lang", "fr"}, exitUsage, ""},
		{[]string{"--bogus"}, exitUsage, ""},
	}
	for _, tt := range tests {
		var out, errOut bytes.Buffer
		code := run(tt.args, &out, &errOut)
		if code != tt.wantCode || !strings.Contains(out.String(), tt.wantOut) {
			t.Errorf("run(%q) = %d, %q; want %d and output containing %q", tt.args, code, out.String(), tt.wantCode, tt.wantOut)
		}
	}
}
