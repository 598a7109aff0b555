package probe

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// wlanAttrs is a WLAN_CONNECTION_ATTRIBUTES buffer with only the security
// part filled in (the layout ParseWlanConnectionAttributes reads).
func wlanAttrs(auth, cipher uint32) []byte {
	b := make([]byte, wlanAttrSize)
	binary.LittleEndian.PutUint32(b[wlanAttrSecurityEnabled:], 1)
	binary.LittleEndian.PutUint32(b[wlanAttrAuth:], auth)
	binary.LittleEndian.PutUint32(b[wlanAttrCipher:], cipher)
	return b
}

// Item 7: with several Wi-Fi adapters the worst connection decides, in any
// order.
func TestWorstWiFiOfSeveralAdapters(t *testing.T) {
	var conns []WiFiSecurity
	for _, b := range [][]byte{wlanAttrs(dot11AuthOpen, dot11CipherNone), wlanAttrs(dot11AuthRSNAPSK, 4)} {
		s, err := ParseWlanConnectionAttributes(b)
		if err != nil {
			t.Fatal(err)
		}
		conns = append(conns, s)
	}
	if got := WorstWiFi(conns); got != WiFiOpen {
		t.Errorf("open then WPA2: %s, want open", got)
	}
	for _, c := range []struct {
		in   []WiFiSecurity
		want WiFiSecurity
	}{
		{nil, WiFiWired},
		{[]WiFiSecurity{WiFiWPA3, WiFiWPA2}, WiFiWPA2},
		{[]WiFiSecurity{WiFiWPA2, WiFiOWE, WiFiWPA3}, WiFiOWE},
		{[]WiFiSecurity{WiFiWEP, WiFiWPA3}, WiFiWEP},
		{[]WiFiSecurity{WiFiWPA2, WiFiUnknown}, WiFiUnknown},
		{[]WiFiSecurity{WiFiWPA2, "something new"}, "something new"},
	} {
		if got := WorstWiFi(c.in); got != c.want {
			t.Errorf("WorstWiFi(%v) = %s, want %s", c.in, got, c.want)
		}
	}
}

// Item 1: the location-denied refusal is its own error, recognisable with
// errors.Is through the wrapping the Windows collector does.
func TestLocationDeniedIsRecognisable(t *testing.T) {
	err := errors.Join(errors.New("probe: WlanQueryInterface"), ErrLocationDenied)
	if !errors.Is(err, ErrLocationDenied) {
		t.Fatal("ErrLocationDenied lost in wrapping")
	}
}

// Item 6: "allow all incoming connections" is the firewall switched off.
func TestSPFirewallAllowAllIsOff(t *testing.T) {
	fw, err := ParseSPFirewall(readFixture(t, "sp-firewall-allow-all.json"))
	if err != nil || fw.State != FirewallOff {
		t.Errorf("allow_all: %+v, %v; want off", fw, err)
	}
	fw, err = ParseSPFirewall(readFixture(t, "sp-firewall.json"))
	if err != nil || fw.State != FirewallOn {
		t.Errorf("limit_connections: %+v, %v; want on", fw, err)
	}
}

// Item 2: Zoom from the MSI's uninstall entry (Publisher "Zoom", GUID key),
// not Zoom Rooms or the Outlook plug-in.
func TestZoomFromUninstallMSI(t *testing.T) {
	var raw []struct{ PSChildName, DisplayName, DisplayVersion, Publisher string }
	if err := json.Unmarshal(readFixture(t, "uninstall-zoom-msi.json"), &raw); err != nil {
		t.Fatal(err)
	}
	var es []UninstallEntry
	for _, r := range raw {
		es = append(es, UninstallEntry{Key: r.PSChildName, DisplayName: r.DisplayName, DisplayVersion: r.DisplayVersion, Publisher: r.Publisher})
	}
	z, ok := ZoomFromUninstall(es)
	if !ok || z.Version != "6.7.30439" {
		t.Errorf("ZoomFromUninstall = %+v, %v; want Zoom Workplace 6.7.30439", z, ok)
	}
	if _, ok := ZoomFromUninstall(es[:2]); ok {
		t.Errorf("Zoom Rooms or the Outlook plug-in taken for Zoom")
	}
	// NFD-composed names (as macOS and some installers write them) still match.
	nfd := []UninstallEntry{{Key: "ZoomUMX", DisplayName: "Zoom", DisplayVersion: "6.4.3 (56010)", Publisher: "Zoom Video Communications, Inc."}}
	if z, ok := ZoomFromUninstall(nfd); !ok || z.Version != "6.4.3" {
		t.Errorf("ZoomUMX: %+v", z)
	}
}

// peWithVersion is a minimal executable image holding a VS_FIXEDFILEINFO
// (layout from Microsoft's VS_FIXEDFILEINFO documentation) at a 4-byte
// aligned offset, after a decoy signature that is not aligned.
func peWithVersion(ms, ls uint32) []byte {
	b := make([]byte, 512)
	copy(b, "MZ")
	binary.LittleEndian.PutUint32(b[101:], vsFixedFileInfoSignature) // unaligned decoy
	off := 256
	binary.LittleEndian.PutUint32(b[off:], vsFixedFileInfoSignature)
	binary.LittleEndian.PutUint32(b[off+4:], 0x00010000)
	binary.LittleEndian.PutUint32(b[off+8:], ms)
	binary.LittleEndian.PutUint32(b[off+12:], ls)
	return b
}

func TestParsePEFileVersion(t *testing.T) {
	v, err := ParsePEFileVersion(peWithVersion(6<<16|7, 5<<16|30439))
	if err != nil || v != "6.7.5.30439" {
		t.Errorf("ParsePEFileVersion = %q, %v; want 6.7.5.30439", v, err)
	}
	if _, err := ParsePEFileVersion([]byte("MZ no resource")); !errors.Is(err, ErrParse) {
		t.Errorf("no resource: %v", err)
	}
	if _, err := ParsePEFileVersion([]byte("ELF")); !errors.Is(err, ErrParse) {
		t.Errorf("not an executable: %v", err)
	}
}

// Item 5: Deny under ConsentStore\webcam\NonPackaged (desktop apps) blocks
// even when ConsentStore\webcam allows.
func TestWebcamNonPackagedDeny(t *testing.T) {
	var raw []struct {
		Path  string
		Value *string
	}
	if err := json.Unmarshal(readFixture(t, "consent-webcam-nonpackaged-deny.json"), &raw); err != nil {
		t.Fatal(err)
	}
	var vs []WebcamConsent
	for _, r := range raw {
		v := ""
		if r.Value != nil {
			v = *r.Value
		}
		vs = append(vs, WebcamConsent{Where: r.Path, Value: v})
	}
	blocked, where := WebcamBlocked(vs)
	if !blocked || !strings.HasSuffix(where, `webcam\NonPackaged`) || !strings.HasPrefix(where, "HKCU") {
		t.Errorf("WebcamBlocked = %v %q; want blocked by HKCU NonPackaged", blocked, where)
	}
	if blocked, _ := WebcamBlocked(vs[:3]); blocked {
		t.Errorf("Allow everywhere reported blocked")
	}
	if blocked, _ := WebcamBlocked([]WebcamConsent{{Where: "HKLM webcam", Value: "Deny"}, {Where: "HKCU webcam", Value: "Allow"}}); !blocked {
		t.Errorf("HKLM Deny not blocking")
	}
}

// Item 9: an MDM firewall setting overrides the local one; Group Policy
// overrides both.
func TestWinFirewallManaged(t *testing.T) {
	on, off := uint32(1), uint32(0)
	local := map[string]*uint32{"Private": &on, "Public": &on}
	mdm := map[string]*uint32{"Public": &off}
	if fw := WinFirewallManaged(nil, mdm, local); fw.State != FirewallOff || !strings.Contains(fw.Detail, "MDM") {
		t.Errorf("MDM off: %+v", fw)
	}
	if fw := WinFirewallManaged(map[string]*uint32{"Public": &on}, mdm, local); fw.State != FirewallOn {
		t.Errorf("policy on over MDM off: %+v", fw)
	}
	if fw := WinFirewallManaged(nil, map[string]*uint32{"Private": &on, "Public": &on}, nil); fw.State != FirewallOn {
		t.Errorf("MDM only: %+v", fw)
	}
}

// macEnv is a macOS host below a temporary root: files from the fixtures,
// plutil answered by reading the JSON fixture for that plist.
func macEnv(t *testing.T, files map[string]string, cmds map[string]string) Env {
	t.Helper()
	root := t.TempDir()
	for p, fixture := range files {
		full := filepath.Join(root, p)
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, readFixture(t, fixture), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	run := func(ctx context.Context, name string, args ...string) ([]byte, error) {
		if name == "/usr/bin/plutil" && len(args) == 5 {
			// The fixture holds plutil's JSON for that Info.plist.
			return os.ReadFile(args[4])
		}
		if f, ok := cmds[strings.TrimSpace(name+" "+strings.Join(args, " "))]; ok {
			return readFixture(t, f), nil
		}
		return nil, ErrCommandMissing
	}
	return Env{Run: run, Root: root, Home: filepath.Join(root, "Users", "yamada")}
}

// Item 3: per-user installs in ~/Applications.
func TestMacPerUserApplications(t *testing.T) {
	e := macEnv(t, map[string]string{
		"Users/yamada/Applications/zoom.us.app/Contents/Info.plist":       "zoom-plist.json",
		"Users/yamada/Applications/Google Chrome.app/Contents/Info.plist": "xprotect.json",
		"Applications/Safari.app/Contents/Info.plist":                     "xprotect.json",
	}, nil)
	z := MacZoom(context.Background(), e)
	if !z.Found || z.Version != "6.4.3" || z.Where != "~/Applications" {
		t.Errorf("MacZoom = %+v, want 6.4.3 in ~/Applications", z)
	}
	bs := MacBrowsers(context.Background(), e)
	if len(bs) != 2 || bs[0].Name != "chrome" || bs[0].Where != "~/Applications" || bs[1].Name != "safari" {
		t.Errorf("MacBrowsers = %+v", bs)
	}
	if apps := macApps(e); len(apps) != 3 {
		t.Errorf("macApps = %v", apps)
	}
}

// Item 4: the live XProtect bundle (macOS 15+) wins over the stale
// CoreServices copy; `xprotect version` when the bundle is unreadable;
// UNKNOWN ("") on macOS 15 when neither answers; the CoreServices copy only
// before macOS 15.
func TestMacXProtect(t *testing.T) {
	ctx := context.Background()
	stale := "Library/Apple/System/Library/CoreServices/XProtect.bundle/Contents/Info.plist"
	live := "var/protected/xprotect/XProtect.bundle/Contents/Info.plist"
	sw15 := map[string]string{"/usr/bin/sw_vers": "sw_vers.txt"}
	e := macEnv(t, map[string]string{live: "xprotect-live.json", stale: "xprotect.json"}, sw15)
	if v := MacXProtect(ctx, e); v != "5330" {
		t.Errorf("live bundle: %q, want 5330", v)
	}
	e = macEnv(t, map[string]string{stale: "xprotect.json"}, map[string]string{"/usr/bin/sw_vers": "sw_vers.txt", "/usr/bin/xprotect version": "xprotect-version.txt"})
	if v := MacXProtect(ctx, e); v != "5330" {
		t.Errorf("xprotect version: %q, want 5330", v)
	}
	e = macEnv(t, map[string]string{stale: "xprotect.json"}, sw15)
	if v := MacXProtect(ctx, e); v != "" {
		t.Errorf("macOS 15, only the CoreServices copy: %q, want unknown", v)
	}
	e = macEnv(t, map[string]string{stale: "xprotect.json"}, map[string]string{"/usr/bin/sw_vers": "sw_vers-14.txt"})
	if v := MacXProtect(ctx, e); v != "5323" {
		t.Errorf("macOS 14: %q, want the CoreServices 5323", v)
	}
}

// Item 8: the Security Center query runs once for every check that needs
// it, and a query that hangs (WMI cannot be cancelled) costs each caller at
// most the shared deadline.
func TestSharedQueryOnceWithDeadline(t *testing.T) {
	var calls atomic.Int32
	s := &Shared[int]{Deadline: 5 * time.Second, Query: func() (int, error) {
		calls.Add(1)
		time.Sleep(50 * time.Millisecond)
		return 42, nil
	}}
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if v, err := s.Get(context.Background()); v != 42 || err != nil {
				t.Errorf("Get = %d, %v", v, err)
			}
		}()
	}
	wg.Wait()
	if calls.Load() != 1 {
		t.Errorf("query ran %d times, want once", calls.Load())
	}

	release := make(chan struct{})
	defer close(release)
	hung := &Shared[int]{Deadline: 100 * time.Millisecond, Query: func() (int, error) { <-release; return 1, nil }}
	start := time.Now()
	for range 2 {
		if _, err := hung.Get(context.Background()); !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("hung query: %v, want DeadlineExceeded", err)
		}
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("two callers of a hung query waited %v", d)
	}
}

// Item 9: the effective state from HNetCfg.FwPolicy2 counts only the
// profiles in effect (CurrentProfileTypes).
func TestFwPolicy2State(t *testing.T) {
	for _, c := range []struct {
		current int32
		enabled map[int32]bool
		want    FirewallState
	}{
		{FwProfilePrivate, map[int32]bool{FwProfilePrivate: true, FwProfilePublic: false}, FirewallOn},
		{FwProfilePublic, map[int32]bool{FwProfilePrivate: true, FwProfilePublic: false}, FirewallOff},
		{FwProfileDomain | FwProfilePublic, map[int32]bool{FwProfileDomain: true, FwProfilePublic: true}, FirewallOn},
		{FwProfilePublic, map[int32]bool{}, FirewallUnknown},
		{0, nil, FirewallUnknown},
	} {
		if got := FwPolicy2State(c.current, c.enabled); got.State != c.want {
			t.Errorf("FwPolicy2State(%d, %v) = %+v, want %v", c.current, c.enabled, got, c.want)
		}
	}
}
