package probe

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/text/unicode/norm"
)

// ErrLocationDenied means Windows refused the Wi-Fi connection details
// because the user has not allowed desktop apps to use location (Windows 11
// 24H2 and later answer WlanQueryInterface(current_connection) with
// ERROR_ACCESS_DENIED then).
var ErrLocationDenied = errors.New("Wi-Fi details need location access for desktop apps")

// wifiRank orders connections from worst to best; the worst connection of
// several adapters decides.
var wifiRank = map[WiFiSecurity]int{
	WiFiOpen: 0, WiFiWEP: 1, WiFiUnknown: 2, WiFiWPA: 3, WiFiOWE: 4, WiFiWPA2: 5, WiFiWPA3: 6, WiFiWired: 7,
}

// WorseWiFi returns the worse of two connections (open and WEP first, then
// unknown, WPA, OWE, WPA2, WPA3; not on Wi-Fi is best).
func WorseWiFi(a, b WiFiSecurity) WiFiSecurity {
	ra, oka := wifiRank[a]
	rb, okb := wifiRank[b]
	if !oka {
		ra = wifiRank[WiFiUnknown]
	}
	if !okb {
		rb = wifiRank[WiFiUnknown]
	}
	if rb < ra {
		return b
	}
	return a
}

// WorstWiFi is the worst of the connections of all adapters; none is
// WiFiWired.
func WorstWiFi(conns []WiFiSecurity) WiFiSecurity {
	worst := WiFiWired
	for _, c := range conns {
		worst = WorseWiFi(worst, c)
	}
	return worst
}

// WebcamConsent is one ConsentStore value: which hive and key it came from
// and its Value ("Allow", "Deny", or "" when absent).
type WebcamConsent struct {
	Where string // e.g. `HKCU\…\webcam\NonPackaged`
	Value string
}

// WebcamBlocked reports whether the camera privacy settings block desktop
// apps such as Zoom: Deny in ConsentStore\webcam or
// ConsentStore\webcam\NonPackaged, in HKCU or HKLM, blocks. It returns the
// first denying key.
func WebcamBlocked(values []WebcamConsent) (bool, string) {
	for _, v := range values {
		if strings.EqualFold(strings.TrimSpace(v.Value), "Deny") {
			return true, v.Where
		}
	}
	return false, ""
}

// vsFixedFileInfoSignature starts VS_FIXEDFILEINFO in a PE file's version
// resource.
const vsFixedFileInfoSignature = 0xFEEF04BD

// ParsePEFileVersion returns the file version ("6.7.5.30439") from the
// VS_FIXEDFILEINFO of a Windows executable's version resource.
func ParsePEFileVersion(b []byte) (string, error) {
	if len(b) < 2 || b[0] != 'M' || b[1] != 'Z' {
		return "", fmt.Errorf("probe: file version: not an executable: %w", ErrParse)
	}
	sig := binary.LittleEndian.AppendUint32(nil, vsFixedFileInfoSignature)
	for off := 0; ; {
		i := bytes.Index(b[off:], sig)
		if i < 0 {
			return "", fmt.Errorf("probe: file version: no VS_FIXEDFILEINFO: %w", ErrParse)
		}
		p := off + i
		off = p + 4
		// dwSignature, dwStrucVersion (0x00010000), dwFileVersionMS, dwFileVersionLS.
		if p%4 != 0 || len(b) < p+16 || binary.LittleEndian.Uint32(b[p+4:]) != 0x00010000 {
			continue
		}
		ms, ls := binary.LittleEndian.Uint32(b[p+8:]), binary.LittleEndian.Uint32(b[p+12:])
		return fmt.Sprintf("%d.%d.%d.%d", ms>>16, ms&0xFFFF, ls>>16, ls&0xFFFF), nil
	}
}

// UninstallEntry is one key under …\CurrentVersion\Uninstall.
type UninstallEntry struct {
	Key, DisplayName, DisplayVersion, DisplayIcon, Publisher string
}

// ZoomFromUninstall finds the Zoom client among uninstall entries: the
// per-user ZoomUMX key, the Zoom Video Communications installer, or the MSI
// (Publisher "Zoom", DisplayName "Zoom Workplace (64-bit)" under a GUID key),
// never Zoom Rooms or the Outlook plug-in. Names are compared after NFC
// normalisation.
func ZoomFromUninstall(es []UninstallEntry) (AppInfo, bool) {
	for _, e := range es {
		name := strings.ToLower(NormalizeName(e.DisplayName))
		pub := strings.ToLower(NormalizeName(e.Publisher))
		if strings.Contains(name, "rooms") || strings.Contains(name, "outlook") || strings.Contains(name, "plugin") ||
			strings.Contains(name, "plug-in") {
			continue
		}
		zoomName := name == "zoom" || strings.HasPrefix(name, "zoom workplace") || strings.HasPrefix(name, "zoom (")
		if e.Key == "ZoomUMX" || (strings.HasPrefix(pub, "zoom") && zoomName) {
			v, _, _ := strings.Cut(strings.TrimSpace(e.DisplayVersion), " ")
			return AppInfo{Name: "zoom", Found: true, Version: v, Where: "uninstall key"}, true
		}
	}
	return AppInfo{Name: "zoom"}, false
}

// NormalizeName is an application or process name in Unicode NFC with the
// surrounding spaces trimmed, so that names typed in rules and names read
// from the system (macOS bundle names are NFD) compare equal.
func NormalizeName(s string) string {
	return norm.NFC.String(strings.TrimSpace(s))
}

// Firewall profile types of NET_FW_PROFILE_TYPE2 (HNetCfg.FwPolicy2).
const (
	FwProfileDomain  = 1
	FwProfilePrivate = 2
	FwProfilePublic  = 4
)

var fwProfileNames = []struct {
	bit  int32
	name string
}{{FwProfileDomain, "Domain"}, {FwProfilePrivate, "Private"}, {FwProfilePublic, "Public"}}

// FwPolicy2State evaluates what HNetCfg.FwPolicy2 reports: the profiles in
// effect now (CurrentProfileTypes, a bit set) and FirewallEnabled of each.
// The firewall is on when it is on in every current profile — the
// effective state, whatever Group Policy, MDM or the local setting said.
func FwPolicy2State(current int32, enabled map[int32]bool) FirewallInfo {
	if current&(FwProfileDomain|FwProfilePrivate|FwProfilePublic) == 0 {
		return FirewallInfo{State: FirewallUnknown, Method: "HNetCfg.FwPolicy2", Detail: "no current profile"}
	}
	var on, off []string
	for _, p := range fwProfileNames {
		if current&p.bit == 0 {
			continue
		}
		v, ok := enabled[p.bit]
		switch {
		case !ok:
			return FirewallInfo{State: FirewallUnknown, Method: "HNetCfg.FwPolicy2", Detail: p.name + " profile: FirewallEnabled not readable"}
		case v:
			on = append(on, p.name)
		default:
			off = append(off, p.name)
		}
	}
	if len(off) > 0 {
		return FirewallInfo{State: FirewallOff, Method: "HNetCfg.FwPolicy2", Detail: "off in the current profile: " + strings.Join(off, ", ")}
	}
	return FirewallInfo{State: FirewallOn, Method: "HNetCfg.FwPolicy2", Detail: "on in the current profile: " + strings.Join(on, ", ")}
}
