package checks

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"strings"
	"syscall"
	"testing"

	version "github.com/hashicorp/go-version"
	"golang.org/x/text/unicode/norm"

	"soudan/checker/probe"
	"soudan/checker/report"
	"soudan/checker/rules"
)

// Item 1: Windows withholding Wi-Fi details for want of location access is
// not a generic UNKNOWN: the person is told where to allow it and how to
// go on without.
func TestWiFiLocationDenied(t *testing.T) {
	d := Deps{Rules: testRules(t), Host: wifiHost{err: fmt.Errorf("probe: WlanQueryInterface: %w", probe.ErrLocationDenied)}}
	c, _ := Find("network.secure")
	got := RunAll(context.Background(), d, []Check{c}, DefaultOptions)[0]
	if got.Status != report.Unknown {
		t.Errorf("status %s, want UNKNOWN", got.Status)
	}
	for _, want := range []string{"設定 > プライバシーとセキュリティ > 位置情報", "有線LAN"} {
		if !strings.Contains(got.Fix.JA, want) {
			t.Errorf("fix %q lacks %q", got.Fix.JA, want)
		}
	}
	if strings.Contains(got.Fix.JA, "スタッフ") || strings.Contains(got.Fix.JA, "お問い合わせ") {
		t.Errorf("fix sends the person to the staff: %q", got.Fix.JA)
	}
}

type wifiHost struct {
	fakeHost
	err error
}

func (h wifiHost) WiFi(context.Context) (probe.WiFiSecurity, error) { return probe.WiFiUnknown, h.err }

// Item 2: the MSI's DisplayVersion carries the build in the third field:
// compare major.minor only; file versions compare in full.
func TestZoomBuildInThirdField(t *testing.T) {
	r := testRules(t)
	r.ZoomMinimum = "6.4.0"
	for v, want := range map[string]report.Status{
		"6.7.30439":    report.Pass, // MSI: 6.7 build 30439
		"6.3.30439":    report.Fail, // 6.3 < 6.4
		"6.4.30439":    report.Pass,
		"6.7.5.30439":  report.Pass, // Zoom.exe file version
		"6.3.12.54321": report.Fail,
		"6.4.0":        report.Pass,
		"5.17.11":      report.Fail,
	} {
		got := EvalZoom(r, probe.AppInfo{Name: "zoom", Found: true, Version: v, Where: "test"})
		if got.Status != want {
			t.Errorf("Zoom %s: %s, want %s", v, got.Status, want)
		}
	}
	r.ZoomMinimum = "6.4.5"
	if got := EvalZoom(r, probe.AppInfo{Found: true, Version: "6.4.30439"}); got.Status != report.Pass {
		t.Errorf("6.4 build 30439 against 6.4.5: %s, want PASS (the build is not a patch number)", got.Status)
	}
	if !zoomVersionOK(version.Must(version.NewVersion("7.0.100")), version.Must(version.NewVersion("6.9"))) {
		t.Errorf("7.0 build 100")
	}
}

// Item 10: names compare after NFC (macOS writes decomposed file names);
// network errors are classified by errno, not by their (localised) text.
func TestJapaneseNamesAndErrnos(t *testing.T) {
	r := testRules(t)
	nfd := norm.NFD.String("ウイルスバスター for Mac.app")
	if nfd == "ウイルスバスター for Mac.app" {
		t.Fatal("test string has nothing to decompose")
	}
	if got := EvalAntivirus(r, "darwin", probe.AVInfo{MacApps: []string{nfd}}, date("2026-11-28")); got.Status != report.Pass {
		t.Errorf("decomposed ウイルスバスター: %s (%s), want PASS", got.Status, got.Evidence)
	}
	if got := EvalAntivirus(r, "windows", probe.AVInfo{Products: []probe.AVProduct{{Name: norm.NFD.String("ウイルスバスター クラウド"), ProductState: 0x041000}}}, date("2026-11-28")); got.Status != report.Pass {
		t.Errorf("decomposed Windows product name: %s", got.Status)
	}
	if m := rules.Match(r.P2P, []string{norm.NFD.String("Ｗｉｎｎｙ")}); len(m) != 0 {
		t.Errorf("full-width Winny matched %v; only NFC is applied", m)
	}

	localized := func(errno error, text string) error {
		return &net.OpError{Op: "dial", Net: "tcp", Err: &os.SyscallError{Syscall: "connectex", Err: errnoText{errno, text}}}
	}
	for _, c := range []struct {
		err  error
		want string
	}{
		{localized(syscall.ECONNREFUSED, "対象のコンピューターによって拒否されたため、接続できませんでした。"), "connection refused"},
		{localized(syscall.ENETUNREACH, "到達できないネットワークに対してソケット操作を試行しました。"), "network unreachable"},
		{localized(syscall.ETIMEDOUT, "接続済みの呼び出し先が一定の時間を過ぎても正しく応答しなかったため、接続できませんでした。"), "timed out"},
		{&net.DNSError{Err: "そのようなホストは不明です。", Name: "zoom.us"}, "name lookup failed"},
		{fmt.Errorf("dial: %w", context.DeadlineExceeded), "timed out"},
		{errors.New("connection refused"), "connection failed"}, // text alone proves nothing
	} {
		if got := reason(c.err); got != c.want {
			t.Errorf("reason(%v) = %q, want %q", c.err, got, c.want)
		}
	}
}

// errnoText is an errno with a localised message, as Windows gives.
type errnoText struct {
	errno error
	text  string
}

func (e errnoText) Error() string { return e.text }
func (e errnoText) Unwrap() error { return e.errno }

// Item 11: whether XProtect or ClamAV counts as 「有償版相当」 is the rules
// document's entry; by default WARN with 「ハローワークにご確認ください」.
// A running recorder is a FAIL (recording.absent is required in the rules)
// with 「相談の前に終了してください」.
func TestTermsAsRulesData(t *testing.T) {
	r := testRules(t)
	now := date("2026-11-28")
	xp := probe.AVInfo{XProtect: "5400"}
	got := EvalAntivirus(r, "darwin", xp, now)
	if got.Status != report.Warn || !strings.Contains(got.Fix.JA, "ハローワークにご確認ください") {
		t.Errorf("default: %s %q", got.Status, got.Fix.JA)
	}
	r.Antivirus.PaidEquivalent = map[string]string{"xprotect": "yes", "clamav": "no"}
	if got := EvalAntivirus(r, "darwin", xp, now); got.Status != report.Pass {
		t.Errorf("xprotect yes: %s", got.Status)
	}
	clam := probe.AVInfo{ClamInstalled: true, ClamRunning: true, ClamSigTime: now}
	if got := EvalAntivirus(r, "linux", clam, now); got.Status != report.Fail {
		t.Errorf("clamav no: %s", got.Status)
	}
	bad := strings.Replace(string(rules.Embedded), `"paidEquivalent": {"xprotect": "ask"`, `"paidEquivalent": {"xprotect": "maybe"`, 1)
	if _, err := rules.Parse([]byte(bad)); !errors.Is(err, rules.ErrInvalid) {
		t.Errorf("paidEquivalent maybe accepted: %v", err)
	}

	r = testRules(t)
	d := Deps{Rules: r, Host: fakeHost{running: func(context.Context) ([]string, error) { return []string{"obs64.exe"}, nil }}}
	c, _ := Find("recording.absent")
	got = RunAll(context.Background(), d, []Check{c}, DefaultOptions)[0]
	if got.Status != report.Fail || !strings.Contains(got.Fix.JA, "相談の前に終了してください") {
		t.Errorf("recorder running: %s %q", got.Status, got.Fix.JA)
	}
}
