package probe

import (
	"context"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestParseOSRelease(t *testing.T) {
	tests := []struct {
		file string
		want OSInfo
	}{
		// Data from this CI machine's /etc/os-release.
		{"debian12/etc/os-release", OSInfo{Product: "debian", Release: "12", Version: "12", Name: "Debian GNU/Linux 12 (bookworm)"}},
		{"ubuntu2404/etc/os-release", OSInfo{Product: "ubuntu", Release: "24.04", Version: "24.04", Name: "Ubuntu 24.04.3 LTS"}},
		{"rhel9/etc/os-release", OSInfo{Product: "rhel", Release: "9", Version: "9.4", Name: "Red Hat Enterprise Linux 9.4 (Plow)"}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			got, err := ParseOSRelease(readFixture(t, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ParseOSRelease mismatch (-want +got):\n%s", diff)
			}
		})
	}
	if _, err := ParseOSRelease([]byte("NAME=x\n")); !errors.Is(err, ErrParse) {
		t.Errorf("ParseOSRelease(no ID) = %v, want ErrParse", err)
	}
}

func TestParseAptUpgradable(t *testing.T) {
	got := ParseAptUpgradable(readFixture(t, "apt-upgradable.txt"))
	want := PatchInfo{Method: "apt", SecurityUpdates: 2, OtherUpdates: 3}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ParseAptUpgradable mismatch (-want +got):\n%s", diff)
	}
}

func TestParseUFWConf(t *testing.T) {
	for in, want := range map[string]bool{
		"# comment\nENABLED=yes\nLOGLEVEL=low\n": true,
		"ENABLED=no\n":                           false,
		"":                                       false,
	} {
		if got := ParseUFWConf([]byte(in)); got != want {
			t.Errorf("ParseUFWConf(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestParseNmcliWiFi(t *testing.T) {
	tests := []struct {
		file   string
		want   WiFiSecurity
		wantOK bool
	}{
		{"nmcli-wpa2.txt", WiFiWPA2, true},
		{"nmcli-wpa3.txt", WiFiWPA3, true},
		{"nmcli-open.txt", WiFiOpen, true},
		{"nmcli-owe.txt", WiFiOWE, true},
		{"nmcli-wep.txt", WiFiWEP, true},
		{"nmcli-none.txt", "", false},
	}
	for _, tt := range tests {
		got, ok := ParseNmcliWiFi(readFixture(t, tt.file))
		if got != tt.want || ok != tt.wantOK {
			t.Errorf("ParseNmcliWiFi(%s) = %q, %v; want %q, %v", tt.file, got, ok, tt.want, tt.wantOK)
		}
	}
}

func TestWindowsOS(t *testing.T) {
	tests := []struct {
		file string
		want OSInfo
	}{
		// ProductName says "Windows 10 Pro" on Windows 11: it must be ignored.
		{"win11-24h2-pro.json", OSInfo{Product: "windows", Release: "26100", Version: "26100.7171", Name: "Windows 11 24H2",
			Build: 26100, UBR: 7171, Edition: "Professional", DisplayVersion: "24H2", Major: 11}},
		{"win10-22h2-home-ja.json", OSInfo{Product: "windows", Release: "19045", Version: "19045.6456", Name: "Windows 10 22H2",
			Build: 19045, UBR: 6456, Edition: "CoreSingleLanguage", DisplayVersion: "22H2", Major: 10}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			cv, err := ParseWinCurrentVersionJSON(readFixture(t, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			got, err := WindowsOS(cv)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("WindowsOS mismatch (-want +got):\n%s", diff)
			}
		})
	}
	if _, err := WindowsOS(WinCurrentVersion{CurrentBuildNumber: "x"}); !errors.Is(err, ErrParse) {
		t.Errorf("WindowsOS(bad build) = %v, want ErrParse", err)
	}
}

func TestDecodeProductState(t *testing.T) {
	tests := []struct {
		name  string
		state uint32
		want  AVState
	}{
		{"defender on", 0x061100, AVState{On: true, Microsoft: true}},
		{"snoozed", 0x062100, AVState{Snoozed: true, Microsoft: true}},
		{"expired", 0x063000, AVState{Expired: true}},
		{"on, signatures out of date", 0x041010, AVState{On: true, OutOfDate: true}},
		{"off", 0x060100, AVState{Microsoft: true}},
	}
	for _, tt := range tests {
		if got := DecodeProductState(tt.state); got != tt.want {
			t.Errorf("DecodeProductState(%s 0x%06X) = %+v, want %+v", tt.name, tt.state, got, tt.want)
		}
	}
}

func TestParseAVProductsJSON(t *testing.T) {
	got, err := ParseAVProductsJSON(readFixture(t, "av-ja.json"))
	if err != nil {
		t.Fatal(err)
	}
	want := []AVProduct{{Name: "Windows Defender", ProductState: 0x060100}, {Name: "ウイルスバスター クラウド", ProductState: 0x041000}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ParseAVProductsJSON mismatch (-want +got):\n%s", diff)
	}
	one, err := ParseAVProductsJSON([]byte(`{"displayName":"Windows Defender","productState":397568}`))
	if err != nil || len(one) != 1 {
		t.Errorf("ParseAVProductsJSON(single) = %v, %v", one, err)
	}
}

func TestWinFirewall(t *testing.T) {
	u := func(v uint32) *uint32 { return &v }
	tests := []struct {
		name          string
		policy, local map[string]*uint32
		want          FirewallState
	}{
		{"local on", nil, map[string]*uint32{"Private": u(1), "Public": u(1)}, FirewallOn},
		{"public off", nil, map[string]*uint32{"Private": u(1), "Public": u(0)}, FirewallOff},
		{"policy overrides local", map[string]*uint32{"Public": u(0)}, map[string]*uint32{"Private": u(1), "Public": u(1)}, FirewallOff},
		{"policy turns on", map[string]*uint32{"Private": u(1), "Public": u(1)}, map[string]*uint32{"Private": u(0)}, FirewallOn},
		{"unreadable", nil, map[string]*uint32{"Private": u(1)}, FirewallUnknown},
	}
	for _, tt := range tests {
		if got := WinFirewall(tt.policy, tt.local); got.State != tt.want {
			t.Errorf("WinFirewall(%s) = %v (%s), want %v", tt.name, got.State, got.Detail, tt.want)
		}
	}
}

func TestParseWlanConnectionAttributes(t *testing.T) {
	buf := func(auth, cipher uint32) []byte {
		b := make([]byte, wlanAttrSize)
		binary.LittleEndian.PutUint32(b[wlanAttrAuth:], auth)
		binary.LittleEndian.PutUint32(b[wlanAttrCipher:], cipher)
		return b
	}
	tests := []struct {
		name         string
		auth, cipher uint32
		want         WiFiSecurity
	}{
		{"open", dot11AuthOpen, dot11CipherNone, WiFiOpen},
		{"WEP", dot11AuthOpen, dot11CipherWEP, WiFiWEP},
		{"shared key", dot11AuthSharedKey, dot11CipherWEP40, WiFiWEP},
		{"WPA2-PSK", dot11AuthRSNAPSK, 0x04, WiFiWPA2},
		{"WPA2-Enterprise", dot11AuthRSNA, 0x04, WiFiWPA2},
		{"WPA3-SAE", dot11AuthWPA3SAE, 0x04, WiFiWPA3},
		{"OWE", dot11AuthOWE, 0x04, WiFiOWE},
		{"WPA-PSK", dot11AuthWPAPSK, 0x02, WiFiWPA},
	}
	for _, tt := range tests {
		got, err := ParseWlanConnectionAttributes(buf(tt.auth, tt.cipher))
		if err != nil || got != tt.want {
			t.Errorf("ParseWlanConnectionAttributes(%s) = %q, %v; want %q", tt.name, got, err, tt.want)
		}
	}
	if _, err := ParseWlanConnectionAttributes(make([]byte, 10)); !errors.Is(err, ErrParse) {
		t.Errorf("short buffer: %v, want ErrParse", err)
	}
}

func TestMacParsers(t *testing.T) {
	os, err := ParseSwVers(readFixture(t, "sw_vers.txt"))
	if err != nil || os.Release != "15" || os.Version != "15.7.2" || os.Product != "macos" {
		t.Errorf("ParseSwVers = %+v, %v", os, err)
	}
	if got := ParseSocketFilterFW(readFixture(t, "socketfilterfw-on.txt")).State; got != FirewallOn {
		t.Errorf("ParseSocketFilterFW(on) = %v", got)
	}
	if got := ParseSocketFilterFW(readFixture(t, "socketfilterfw-off.txt")).State; got != FirewallOff {
		t.Errorf("ParseSocketFilterFW(off) = %v", got)
	}
	if got := ParseSocketFilterFW([]byte("garbage")).State; got != FirewallUnknown {
		t.Errorf("ParseSocketFilterFW(garbage) = %v", got)
	}
	if fw, err := ParseSPFirewall(readFixture(t, "sp-firewall.json")); err != nil || fw.State != FirewallOn {
		t.Errorf("ParseSPFirewall = %+v, %v", fw, err)
	}
	for file, want := range map[string]WiFiSecurity{"sp-airport-wpa2.json": WiFiWPA2, "sp-airport-open.json": WiFiOpen, "sp-airport-off.json": WiFiWired} {
		if got, err := ParseSPAirPort(readFixture(t, file)); err != nil || got != want {
			t.Errorf("ParseSPAirPort(%s) = %q, %v; want %q", file, got, err, want)
		}
	}
	for file, want := range map[string]int{"sp-camera.json": 1, "sp-camera-none.json": 0} {
		if got, err := ParseSPCamera(readFixture(t, file)); err != nil || got.Count != want {
			t.Errorf("ParseSPCamera(%s) = %+v, %v; want %d", file, got, err, want)
		}
	}
	for file, want := range map[string]string{"xprotect.json": "5323", "zoom-plist.json": "6.4.3"} {
		if got, err := ParsePlistVersion(readFixture(t, file)); err != nil || got != want {
			t.Errorf("ParsePlistVersion(%s) = %q, %v; want %q", file, got, err, want)
		}
	}
}

func TestParseVersionOutput(t *testing.T) {
	for in, want := range map[string]string{
		"Google Chrome 142.0.7444.59 \n": "142.0.7444.59",
		"Mozilla Firefox 140.5.0esr":     "140.5.0",
		"6.4.6.1370":                     "6.4.6.1370",
	} {
		if got, err := ParseVersionOutput([]byte(in)); err != nil || got != want {
			t.Errorf("ParseVersionOutput(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
}

// TestCollectorsCompile calls every Host method so that each GOOS has an
// implementation or a stub; errors are fine here.
func TestCollectorsCompile(t *testing.T) {
	h := Host{Env: Env{
		Run:    func(context.Context, string, ...string) ([]byte, error) { return nil, ErrCommandMissing },
		Root:   t.TempDir(),
		Procs:  func(context.Context) ([]string, error) { return nil, nil },
		Getenv: func(string) string { return "" },
	}}
	ctx := context.Background()
	h.OS(ctx)
	h.Patches(ctx)
	h.Firewall(ctx)
	h.Antivirus(ctx)
	h.Installed(ctx)
	h.WiFi(ctx)
	h.Zoom(ctx)
	h.Browsers(ctx)
	h.Camera(ctx)
}

func TestUninstallIconExe(t *testing.T) {
	for in, want := range map[string]string{
		`"C:\Program Files\qBittorrent\qbittorrent.exe",0`: "qbittorrent.exe",
		`C:\Program Files\ShareX\ShareX.exe`:               "ShareX.exe",
		`C:\Windows\Installer\{GUID}\icon.ico`:             "",
		``:                                                 "",
	} {
		if got := UninstallIconExe(in); got != want {
			t.Errorf("UninstallIconExe(%q) = %q, want %q", in, got, want)
		}
	}
}
