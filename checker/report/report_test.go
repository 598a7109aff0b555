package report

import (
	"strings"
	"testing"
	"time"
)

func TestVerdictAndExitCode(t *testing.T) {
	req := func(s Status) Result { return Result{Status: s, Required: true} }
	adv := func(s Status) Result { return Result{Status: s} }
	tests := []struct {
		name string
		in   []Result
		want Overall
		code int
	}{
		{"all pass", []Result{req(Pass), adv(Pass)}, Ready, 0},
		{"required fail wins", []Result{req(Fail), req(Unknown), adv(Warn)}, NotReady, 1},
		{"warnings only", []Result{req(Pass), adv(Warn), req(Warn)}, Warnings, 2},
		{"advisory unknown is a warning", []Result{req(Pass), adv(Unknown)}, Warnings, 2},
		{"required unknown", []Result{req(Pass), req(Unknown), adv(Warn)}, Undetermined, 3},
		{"empty is never ready", nil, Undetermined, 3},
		{"bad status is unknown", []Result{adv(Status("MAYBE"))}, Undetermined, 3},
	}
	for _, tt := range tests {
		got := Verdict(tt.in)
		if got != tt.want || ExitCode(got) != tt.code {
			t.Errorf("Verdict(%s) = %s (exit %d), want %s (exit %d)", tt.name, got, ExitCode(got), tt.want, tt.code)
		}
	}
	if ExitCode(RulesExpired) != ExitRules {
		t.Errorf("ExitCode(RulesExpired) = %d, want %d", ExitCode(RulesExpired), ExitRules)
	}
}

func TestPad(t *testing.T) {
	for in, want := range map[string]string{"OK": "OK     ", "注意": "注意   ", "UNKNOWN": "UNKNOWN"} {
		if got := pad(in, 7); got != want {
			t.Errorf("pad(%q, 7) = %q, want %q", in, got, want)
		}
	}
}

// Item 12: each check has a Japanese label; dates are written 2026年11月27日.
func TestLabelsAndJapaneseDates(t *testing.T) {
	for _, id := range []string{"os.supported", "os.patched", "firewall.enabled", "antivirus.active", "p2p.absent",
		"apps.unneeded", "recording.absent", "network.secure", "network.reachable", "zoom.installed", "browser.current", "camera.present"} {
		l := Label(id)
		if l.JA == id || l.JA == "" || l.EN != id {
			t.Errorf("Label(%s) = %+v", id, l)
		}
	}
	if got := DateJA(time.Date(2026, 11, 27, 23, 0, 0, 0, time.UTC)); got != "2026年11月27日" {
		t.Errorf("DateJA = %q", got)
	}
	for o, txt := range overallText {
		if strings.Contains(txt.JA, "面談") || strings.Contains(txt.JA, "スタッフ") {
			t.Errorf("overall %s: %q", o, txt.JA)
		}
	}
}
