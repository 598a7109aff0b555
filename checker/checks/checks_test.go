package checks

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"soudan/checker/probe"
	"soudan/checker/report"
	"soudan/checker/rules"
)

func testRules(t testing.TB) rules.Rules {
	t.Helper()
	r, err := rules.Parse(rules.Embedded)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func date(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestEvalOSSupported(t *testing.T) {
	r := testRules(t)
	tests := []struct {
		name string
		os   probe.OSInfo
		now  string
		want report.Status
	}{
		{"win11 24H2 pro in support", probe.OSInfo{Product: "windows", Release: "26100", Build: 26100, Edition: "Professional"}, "2026-05-01", report.Pass},
		{"win11 24H2 pro ended", probe.OSInfo{Product: "windows", Release: "26100", Build: 26100, Edition: "Professional"}, "2026-11-28", report.Fail},
		{"win11 24H2 enterprise still in support", probe.OSInfo{Product: "windows", Release: "26100", Build: 26100, Edition: "Enterprise"}, "2026-11-28", report.Pass},
		{"win11 LTSC 2024", probe.OSInfo{Product: "windows", Release: "26100", Build: 26100, Edition: "EnterpriseS"}, "2028-01-01", report.Pass},
		{"win10 home in ESU window is unprovable", probe.OSInfo{Product: "windows", Release: "19045", Build: 19045, Edition: "Core"}, "2026-01-01", report.Unknown},
		{"win10 home after ESU", probe.OSInfo{Product: "windows", Release: "19045", Build: 19045, Edition: "Core"}, "2026-11-28", report.Fail},
		{"unknown edition", probe.OSInfo{Product: "windows", Release: "26200", Build: 26200, Edition: "Mystery"}, "2026-11-28", report.Unknown},
		{"unknown build", probe.OSInfo{Product: "windows", Release: "22000", Build: 22000, Edition: "Core"}, "2026-11-28", report.Unknown},
		{"macOS 15", probe.OSInfo{Product: "macos", Release: "15", Version: "15.7.2"}, "2026-11-28", report.Pass},
		{"macOS 13 ended", probe.OSInfo{Product: "macos", Release: "13", Version: "13.7"}, "2026-11-28", report.Fail},
		{"debian 12 LTS", probe.OSInfo{Product: "debian", Release: "12"}, "2026-11-28", report.Warn},
		{"debian 12 before end", probe.OSInfo{Product: "debian", Release: "12"}, "2026-01-01", report.Pass},
		{"ubuntu 24.04", probe.OSInfo{Product: "ubuntu", Release: "24.04"}, "2026-11-28", report.Pass},
		{"ubuntu 20.04 not in table", probe.OSInfo{Product: "ubuntu", Release: "20.04"}, "2026-11-28", report.Unknown},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := EvalOSSupported(r, tt.os, date(tt.now))
			if got.Status != tt.want {
				t.Errorf("EvalOSSupported(%+v, %s) = %s (%s), want %s", tt.os, tt.now, got.Status, got.Evidence, tt.want)
			}
		})
	}
}

func TestEvalOSPatched(t *testing.T) {
	r := testRules(t)
	win := func(build, ubr int) probe.OSInfo {
		return probe.OSInfo{Product: "windows", Build: build, UBR: ubr}
	}
	tests := []struct {
		name string
		os   probe.OSInfo
		p    *probe.PatchInfo
		now  string
		want report.Status
	}{
		{"newest UBR", win(26100, 7171), nil, "2025-12-20", report.Pass},
		{"previous UBR within grace", win(26100, 6899), nil, "2025-11-20", report.Pass},
		{"previous UBR after grace", win(26100, 6899), nil, "2025-12-20", report.Fail},
		{"old UBR", win(26100, 4946), nil, "2025-12-20", report.Fail},
		{"build not in rules", win(22000, 1), nil, "2025-12-20", report.Unknown},
		{"macOS current", probe.OSInfo{Product: "macos", Release: "15", Version: "15.7.2"}, nil, "2025-12-20", report.Pass},
		{"macOS old", probe.OSInfo{Product: "macos", Release: "15", Version: "15.6"}, nil, "2025-12-20", report.Fail},
		{"apt clean", probe.OSInfo{Product: "debian"}, &probe.PatchInfo{Method: "apt", OtherUpdates: 3, ListsUpdated: date("2025-12-19")}, "2025-12-20", report.Pass},
		{"apt clean but stale lists", probe.OSInfo{Product: "debian"}, &probe.PatchInfo{Method: "apt", ListsUpdated: date("2025-10-01")}, "2025-12-20", report.Unknown},
		{"apt clean, lists age unknown", probe.OSInfo{Product: "debian"}, &probe.PatchInfo{Method: "apt"}, "2025-12-20", report.Unknown},
		{"apt security pending", probe.OSInfo{Product: "debian"}, &probe.PatchInfo{Method: "apt", SecurityUpdates: 2}, "2025-12-20", report.Fail},
		{"reboot required", probe.OSInfo{Product: "debian"}, &probe.PatchInfo{Method: "apt", RebootRequired: true}, "2025-12-20", report.Fail},
		{"no package manager", probe.OSInfo{Product: "arch"}, nil, "2025-12-20", report.Unknown},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := EvalOSPatched(r, tt.os, tt.p, date(tt.now)); got.Status != tt.want {
				t.Errorf("EvalOSPatched(%+v) = %s (%s), want %s", tt.os, got.Status, got.Evidence, tt.want)
			}
		})
	}
}

func TestEvalFirewall(t *testing.T) {
	for _, tt := range []struct {
		state probe.FirewallState
		want  report.Status
	}{{probe.FirewallOn, report.Pass}, {probe.FirewallOff, report.Fail}, {probe.FirewallUnknown, report.Unknown}} {
		if got := EvalFirewall(probe.FirewallInfo{State: tt.state}); got.Status != tt.want {
			t.Errorf("EvalFirewall(%v) = %s, want %s", tt.state, got.Status, tt.want)
		}
	}
}

func av(name string, state uint32) probe.AVProduct {
	return probe.AVProduct{Name: name, ProductState: state}
}

func TestEvalAntivirus(t *testing.T) {
	r := testRules(t)
	now := date("2026-11-28")
	tests := []struct {
		name string
		goos string
		av   probe.AVInfo
		want report.Status
	}{
		{"defender on", "windows", probe.AVInfo{Products: []probe.AVProduct{av("Windows Defender", 0x061100)}}, report.Pass},
		{"defender snoozed", "windows", probe.AVInfo{Products: []probe.AVProduct{av("Windows Defender", 0x062100)}}, report.Fail},
		{"expired", "windows", probe.AVInfo{Products: []probe.AVProduct{av("Norton 360", 0x063000)}}, report.Fail},
		{"out of date", "windows", probe.AVInfo{Products: []probe.AVProduct{av("ESET Security", 0x041010)}}, report.Fail},
		{"off", "windows", probe.AVInfo{Products: []probe.AVProduct{av("ESET Security", 0x040000)}}, report.Fail},
		{"not on allowlist", "windows", probe.AVInfo{Products: []probe.AVProduct{av("FreeAV 2000", 0x041000)}}, report.Fail},
		{"japanese name on", "windows", probe.AVInfo{Products: []probe.AVProduct{av("ウイルスバスター クラウド", 0x041000)}}, report.Pass},
		{"defender off but third party on", "windows", probe.AVInfo{Products: []probe.AVProduct{av("Windows Defender", 0x060100), av("ESET Security", 0x041000)}}, report.Pass},
		{"none", "windows", probe.AVInfo{}, report.Fail},
		{"xprotect current, paid-equivalent not decided", "darwin", probe.AVInfo{XProtect: "5323"}, report.Warn},
		{"xprotect old", "darwin", probe.AVInfo{XProtect: "5200"}, report.Fail},
		{"xprotect unreadable", "darwin", probe.AVInfo{}, report.Unknown},
		{"clamav current, paid-equivalent not decided", "linux", probe.AVInfo{ClamInstalled: true, ClamRunning: true, ClamSigTime: now.Add(-day)}, report.Warn},
		{"clamav stale", "linux", probe.AVInfo{ClamInstalled: true, ClamRunning: true, ClamSigTime: now.Add(-10 * day)}, report.Fail},
		{"clamav not running", "linux", probe.AVInfo{ClamInstalled: true, ClamSigTime: now}, report.Fail},
		{"no clamav", "linux", probe.AVInfo{}, report.Fail},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := EvalAntivirus(r, tt.goos, tt.av, now); got.Status != tt.want {
				t.Errorf("EvalAntivirus(%s, %+v) = %s (%s), want %s", tt.goos, tt.av, got.Status, got.Evidence, tt.want)
			}
		})
	}
}

func TestEvalWiFi(t *testing.T) {
	for sec, want := range map[probe.WiFiSecurity]report.Status{
		probe.WiFiOpen: report.Fail, probe.WiFiWEP: report.Fail, probe.WiFiOWE: report.Warn, probe.WiFiWPA: report.Warn,
		probe.WiFiWPA2: report.Pass, probe.WiFiWPA3: report.Pass, probe.WiFiWired: report.Pass, probe.WiFiUnknown: report.Unknown,
	} {
		if got := EvalWiFi(sec); got.Status != want {
			t.Errorf("EvalWiFi(%s) = %s, want %s", sec, got.Status, want)
		}
	}
}

func TestEvalZoomCameraBrowsers(t *testing.T) {
	r := testRules(t)
	for _, tt := range []struct {
		z    probe.AppInfo
		want report.Status
	}{
		{probe.AppInfo{}, report.Fail},
		{probe.AppInfo{Found: true, Version: "5.17.11"}, report.Fail},
		{probe.AppInfo{Found: true, Version: "6.4.3.1370"}, report.Pass},
		{probe.AppInfo{Found: true}, report.Unknown},
	} {
		if got := EvalZoom(r, tt.z); got.Status != tt.want {
			t.Errorf("EvalZoom(%+v) = %s, want %s", tt.z, got.Status, tt.want)
		}
	}
	for _, tt := range []struct {
		c    probe.CameraInfo
		want report.Status
	}{{probe.CameraInfo{}, report.Fail}, {probe.CameraInfo{Count: 1}, report.Pass}, {probe.CameraInfo{Count: 1, Blocked: true}, report.Fail}} {
		if got := EvalCamera(tt.c); got.Status != tt.want {
			t.Errorf("EvalCamera(%+v) = %s, want %s", tt.c, got.Status, tt.want)
		}
	}
	for _, tt := range []struct {
		b    []probe.AppInfo
		want report.Status
	}{
		{nil, report.Unknown},
		{[]probe.AppInfo{{Name: "chrome", Found: true, Version: "142.0.7444.59"}}, report.Pass},
		{[]probe.AppInfo{{Name: "chrome", Found: true, Version: "120.0.1"}}, report.Warn},
	} {
		if got := EvalBrowsers(r, tt.b); got.Status != tt.want {
			t.Errorf("EvalBrowsers(%+v) = %s, want %s", tt.b, got.Status, tt.want)
		}
	}
}

func TestEvalP2PAndRunning(t *testing.T) {
	r := testRules(t)
	if got := EvalP2P(r, probe.Software{Names: []string{"ShareX.exe", "SharePoint.exe"}}, []string{"sharex", "bash"}); got.Status != report.Pass {
		t.Errorf("EvalP2P(ShareX, SharePoint) = %s, want PASS", got.Status)
	}
	got := EvalP2P(r, probe.Software{Names: []string{"Share.exe"}}, nil)
	if got.Status != report.Fail || got.Evidence != "P2P software found: Share" {
		t.Errorf("EvalP2P(Share.exe) = %s %q, want FAIL \"P2P software found: Share\"", got.Status, got.Evidence)
	}
	if got := EvalRunning(r.Recorders, []string{"obs"}, "Recording software", "録画ソフト"); got.Status != report.Fail {
		t.Errorf("EvalRunning(obs) = %s, want FAIL before severity", got.Status)
	}
}

// fakeHost is a Collector with canned answers; nil funcs return ErrUnsupported.
type fakeHost struct {
	probe.Collector
	running func(ctx context.Context) ([]string, error)
}

func (f fakeHost) Running(ctx context.Context) ([]string, error) { return f.running(ctx) }
func (f fakeHost) Installed(ctx context.Context) (probe.Software, error) {
	return probe.Software{}, nil
}

func TestRunAllPanicAndTimeoutAreUnknown(t *testing.T) {
	r := testRules(t)
	list := []Check{
		{ID: "os.supported", Run: func(ctx context.Context, d Deps) report.Result { panic("boom") }},
		{ID: "camera.present", Run: func(ctx context.Context, d Deps) report.Result {
			time.Sleep(2 * time.Second)
			return report.Result{Status: report.Pass}
		}},
		{ID: "apps.unneeded", Run: func(ctx context.Context, d Deps) report.Result { return report.Result{Status: report.Fail} }},
		{ID: "zoom.installed", Run: func(ctx context.Context, d Deps) report.Result { return report.Result{} }},
	}
	start := time.Now()
	got := RunAll(context.Background(), Deps{Rules: r}, list, Options{PerCheck: 100 * time.Millisecond, Total: time.Second})
	if el := time.Since(start); el > time.Second {
		t.Errorf("RunAll took %v, want < 1s", el)
	}
	want := []report.Status{report.Unknown, report.Unknown, report.Warn, report.Unknown}
	for i, w := range want {
		if got[i].Status != w {
			t.Errorf("result %s = %s (%s), want %s", got[i].ID, got[i].Status, got[i].Evidence, w)
		}
	}
	if !got[0].Required || got[2].Required {
		t.Errorf("Required flags = %v, %v; want true, false", got[0].Required, got[2].Required)
	}
}

// startProcess copies /bin/sleep to a temp dir under name and runs it.
func startProcess(t *testing.T, name string) {
	t.Helper()
	src, err := os.ReadFile("/bin/sleep")
	if err != nil {
		t.Skipf("no /bin/sleep: %v", err)
	}
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, src, 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(path, "30")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	time.Sleep(100 * time.Millisecond)
}

func TestLiveProcessMatching(t *testing.T) {
	if _, err := os.Stat("/proc/self"); err != nil {
		t.Skip("needs /proc")
	}
	r := testRules(t)
	live := probe.Live()
	d := Deps{Rules: r, Host: fakeHost{running: live.Procs}, Now: time.Now()}
	tests := []struct {
		proc  string
		check string
		want  report.Status
	}{
		{"qbittorrent", "p2p.absent", report.Fail},
		{"obs", "recording.absent", report.Fail},
		{"ShareX", "p2p.absent", report.Pass},
		{"SharePoint", "p2p.absent", report.Pass},
	}
	for _, tt := range tests {
		t.Run(tt.proc, func(t *testing.T) {
			startProcess(t, tt.proc)
			c, _ := Find(tt.check)
			got := RunAll(context.Background(), d, []Check{c}, DefaultOptions)[0]
			if got.Status != tt.want {
				t.Errorf("%s with %q running = %s (%s), want %s", tt.check, tt.proc, got.Status, got.Evidence, tt.want)
			}
		})
	}
}

func TestFromErr(t *testing.T) {
	got := fromErr("camera.present", errors.ErrUnsupported)
	if got.Status != report.Unknown {
		t.Errorf("fromErr = %s, want UNKNOWN", got.Status)
	}
}
