package probe

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// ErrParse is wrapped by every parser error.
var ErrParse = errors.New("unrecognised output")

// ParseOSRelease parses an os-release(5) file.
func ParseOSRelease(b []byte) (OSInfo, error) {
	kv := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		if !ok {
			continue
		}
		if uq, err := strconv.Unquote(v); err == nil {
			v = uq
		} else {
			v = strings.Trim(v, `'"`)
		}
		kv[k] = v
	}
	if kv["ID"] == "" {
		return OSInfo{}, fmt.Errorf("probe: os-release: no ID: %w", ErrParse)
	}
	info := OSInfo{Product: kv["ID"], Release: kv["VERSION_ID"], Version: kv["VERSION_ID"], Name: kv["PRETTY_NAME"]}
	if info.Product == "rhel" || info.Product == "rocky" || info.Product == "almalinux" {
		// The EOL table is per major release.
		info.Release, _, _ = strings.Cut(info.Release, ".")
	}
	return info, nil
}

// ParseAptUpgradable counts the lines of `apt list --upgradable` and how
// many come from a "-security" suite.
func ParseAptUpgradable(b []byte) PatchInfo {
	p := PatchInfo{Method: "apt"}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		line := sc.Text()
		// "openssl/bookworm-security 3.0.17-1~deb12u3 amd64 [upgradable from: ...]"
		name, rest, ok := strings.Cut(line, "/")
		if !ok || strings.Contains(name, " ") || !strings.Contains(rest, "upgradable") {
			continue
		}
		suites, _, _ := strings.Cut(rest, " ")
		if strings.Contains(suites, "-security") {
			p.SecurityUpdates++
		} else {
			p.OtherUpdates++
		}
	}
	return p
}

// ParseUFWConf reports whether /etc/ufw/ufw.conf says ENABLED=yes.
func ParseUFWConf(b []byte) bool {
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		k, v, ok := strings.Cut(strings.TrimSpace(sc.Text()), "=")
		if ok && k == "ENABLED" {
			return strings.EqualFold(strings.Trim(v, `'" `), "yes")
		}
	}
	return false
}

// ParseNmcliWiFi classifies the active Wi-Fi connection from
// `nmcli -t -f ACTIVE,SSID,SECURITY dev wifi`. ok is false when no Wi-Fi
// network is active. The SSID is read past and never returned.
func ParseNmcliWiFi(b []byte) (sec WiFiSecurity, ok bool) {
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		fields := splitNmcli(sc.Text())
		if len(fields) < 3 || fields[0] != "yes" {
			continue
		}
		return classifyNmcli(fields[len(fields)-1]), true
	}
	return "", false
}

// splitNmcli splits a terse nmcli line on ':' honouring "\:" escapes.
func splitNmcli(line string) []string {
	var out []string
	var cur strings.Builder
	for i := 0; i < len(line); i++ {
		switch {
		case line[i] == '\\' && i+1 < len(line):
			i++
			cur.WriteByte(line[i])
		case line[i] == ':':
			out = append(out, cur.String())
			cur.Reset()
		default:
			cur.WriteByte(line[i])
		}
	}
	return append(out, cur.String())
}

func classifyNmcli(s string) WiFiSecurity {
	u := strings.ToUpper(strings.TrimSpace(s))
	switch {
	case u == "" || u == "--":
		return WiFiOpen
	case strings.Contains(u, "OWE"):
		return WiFiOWE
	case strings.Contains(u, "WPA3") || strings.Contains(u, "SAE"):
		return WiFiWPA3
	case strings.Contains(u, "WPA2") || strings.Contains(u, "802.1X"):
		return WiFiWPA2
	case strings.Contains(u, "WPA"):
		return WiFiWPA
	case strings.Contains(u, "WEP"):
		return WiFiWEP
	}
	return WiFiUnknown
}

// WinCurrentVersion holds the values read from
// HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion. ProductName is read only
// to show that it is ignored (it says "Windows 10" on Windows 11).
type WinCurrentVersion struct {
	CurrentBuildNumber string `json:"CurrentBuildNumber"`
	UBR                uint32 `json:"UBR"`
	DisplayVersion     string `json:"DisplayVersion"`
	EditionID          string `json:"EditionID"`
	ProductName        string `json:"ProductName"`
}

// ParseWinCurrentVersionJSON decodes a JSON capture of the CurrentVersion
// key (Get-ItemProperty ... | ConvertTo-Json) for fixtures.
func ParseWinCurrentVersionJSON(b []byte) (WinCurrentVersion, error) {
	var cv WinCurrentVersion
	if err := json.Unmarshal(b, &cv); err != nil {
		return cv, fmt.Errorf("probe: windows version: %w: %w", ErrParse, err)
	}
	return cv, nil
}

// WindowsOS turns CurrentVersion values into an OSInfo. Build ≥ 22000 is
// Windows 11; ProductName is never used.
func WindowsOS(cv WinCurrentVersion) (OSInfo, error) {
	build, err := strconv.Atoi(strings.TrimSpace(cv.CurrentBuildNumber))
	if err != nil || build <= 0 {
		return OSInfo{}, fmt.Errorf("probe: windows build %q: %w", cv.CurrentBuildNumber, ErrParse)
	}
	major := 10
	if build >= 22000 {
		major = 11
	}
	return OSInfo{
		Product:        "windows",
		Release:        strconv.Itoa(build),
		Version:        fmt.Sprintf("%d.%d", build, cv.UBR),
		Name:           strings.TrimSpace(fmt.Sprintf("Windows %d %s", major, cv.DisplayVersion)),
		Build:          build,
		UBR:            int(cv.UBR),
		Edition:        cv.EditionID,
		DisplayVersion: cv.DisplayVersion,
		Major:          major,
	}, nil
}

// AVState is the decoded Security Center productState.
type AVState struct {
	On           bool
	Snoozed      bool
	Expired      bool
	OutOfDate    bool // signatures out of date
	Microsoft    bool // product owner is Microsoft
	Unrecognised bool
}

// DecodeProductState decodes a Security Center productState: bits 0xF000 are
// the scanner state (0x1000 on, 0x2000 snoozed, 0x3000 expired, 0 off),
// 0x00F0 the signature state (0x10 out of date) and 0x0F00 the owner
// (0x100 Microsoft).
func DecodeProductState(ps uint32) AVState {
	var s AVState
	switch ps & 0xF000 {
	case 0x0000:
	case 0x1000:
		s.On = true
	case 0x2000:
		s.Snoozed = true
	case 0x3000:
		s.Expired = true
	default:
		s.Unrecognised = true
	}
	s.OutOfDate = ps&0x00F0 == 0x10
	s.Microsoft = ps&0x0F00 == 0x100
	return s
}

// ParseAVProductsJSON decodes a JSON capture of AntiVirusProduct instances
// (one object or an array).
func ParseAVProductsJSON(b []byte) ([]AVProduct, error) {
	b = bytes.TrimPrefix(bytes.TrimSpace(b), []byte("\xef\xbb\xbf"))
	if len(b) > 0 && b[0] == '{' {
		var p AVProduct
		if err := json.Unmarshal(b, &p); err != nil {
			return nil, fmt.Errorf("probe: antivirus products: %w: %w", ErrParse, err)
		}
		return []AVProduct{p}, nil
	}
	var ps []AVProduct
	if err := json.Unmarshal(b, &ps); err != nil {
		return nil, fmt.Errorf("probe: antivirus products: %w: %w", ErrParse, err)
	}
	return ps, nil
}

// WinFirewall evaluates EnableFirewall values per profile ("Domain",
// "Private", "Public"): a policy value, when present, overrides the local
// one. A nil value means "not present". The Private and Public profiles must
// both be on; the Domain profile is ignored on PCs that are not domain
// joined.
func WinFirewall(policy, local map[string]*uint32) FirewallInfo {
	return WinFirewallManaged(policy, nil, local)
}

// WinFirewallManaged is WinFirewall for managed PCs as well: a Group Policy
// value wins, then an MDM value (FirewallPolicy\Mdm\…Profile, written by
// Intune's Firewall CSP), then the local one.
func WinFirewallManaged(policy, mdm, local map[string]*uint32) FirewallInfo {
	var off []string
	for _, p := range []string{"Private", "Public"} {
		v := local[p]
		src := "local"
		if mv := mdm[p]; mv != nil {
			v, src = mv, "MDM"
		}
		if pv := policy[p]; pv != nil {
			v, src = pv, "policy"
		}
		if v == nil {
			return FirewallInfo{State: FirewallUnknown, Method: "registry", Detail: p + " profile: EnableFirewall not readable"}
		}
		if *v == 0 {
			off = append(off, p+" ("+src+")")
		}
	}
	if len(off) > 0 {
		return FirewallInfo{State: FirewallOff, Method: "registry", Detail: "EnableFirewall=0 for " + strings.Join(off, ", ")}
	}
	return FirewallInfo{State: FirewallOn, Method: "registry", Detail: "EnableFirewall=1 for Private and Public profiles"}
}

// wlan constants from wlanapi.h / windot11.h.
const (
	dot11AuthOpen      = 1
	dot11AuthSharedKey = 2
	dot11AuthWPA       = 3
	dot11AuthWPAPSK    = 4
	dot11AuthWPANone   = 5
	dot11AuthRSNA      = 6
	dot11AuthRSNAPSK   = 7
	dot11AuthWPA3Ent   = 8 // DOT11_AUTH_ALGO_WPA3 (Enterprise 192)
	dot11AuthWPA3SAE   = 9
	dot11AuthOWE       = 10
	dot11AuthWPA3ENT   = 11
	dot11CipherNone    = 0x00
	dot11CipherWEP40   = 0x01
	dot11CipherWEP104  = 0x05
	dot11CipherWEP     = 0x101

	// Offsets in WLAN_CONNECTION_ATTRIBUTES (x86-64 and arm64 layout).
	wlanAttrSecurityEnabled = 588
	wlanAttrAuth            = 596
	wlanAttrCipher          = 600
	wlanAttrSize            = 604
)

// ClassifyWlan classifies DOT11_AUTH_ALGORITHM and DOT11_CIPHER_ALGORITHM.
func ClassifyWlan(auth, cipher uint32) WiFiSecurity {
	switch cipher {
	case dot11CipherWEP40, dot11CipherWEP104, dot11CipherWEP:
		return WiFiWEP
	}
	switch auth {
	case dot11AuthOpen:
		if cipher == dot11CipherNone {
			return WiFiOpen
		}
		return WiFiUnknown
	case dot11AuthSharedKey:
		return WiFiWEP
	case dot11AuthWPA, dot11AuthWPAPSK, dot11AuthWPANone:
		return WiFiWPA
	case dot11AuthRSNA, dot11AuthRSNAPSK:
		return WiFiWPA2
	case dot11AuthWPA3Ent, dot11AuthWPA3SAE, dot11AuthWPA3ENT:
		return WiFiWPA3
	case dot11AuthOWE:
		return WiFiOWE
	}
	return WiFiUnknown
}

// ParseWlanConnectionAttributes reads the security part of the
// WLAN_CONNECTION_ATTRIBUTES buffer returned by WlanQueryInterface
// (wlan_intf_opcode_current_connection). The SSID part is never read.
func ParseWlanConnectionAttributes(b []byte) (WiFiSecurity, error) {
	if len(b) < wlanAttrSize {
		return WiFiUnknown, fmt.Errorf("probe: wlan attributes: %d bytes: %w", len(b), ErrParse)
	}
	auth := binary.LittleEndian.Uint32(b[wlanAttrAuth:])
	cipher := binary.LittleEndian.Uint32(b[wlanAttrCipher:])
	return ClassifyWlan(auth, cipher), nil
}

// ParseSwVers parses `sw_vers` output.
func ParseSwVers(b []byte) (OSInfo, error) {
	kv := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if ok {
			kv[strings.TrimSpace(k)] = strings.TrimSpace(v)
		}
	}
	v := kv["ProductVersion"]
	if v == "" {
		return OSInfo{}, fmt.Errorf("probe: sw_vers: no ProductVersion: %w", ErrParse)
	}
	major, _, _ := strings.Cut(v, ".")
	return OSInfo{Product: "macos", Release: major, Version: v, Name: "macOS " + v}, nil
}

// ParseSocketFilterFW parses `socketfilterfw --getglobalstate`.
func ParseSocketFilterFW(b []byte) FirewallInfo {
	s := string(b)
	m := regexp.MustCompile(`State = (\d)`).FindStringSubmatch(s)
	switch {
	case m != nil && (m[1] == "1" || m[1] == "2"):
		return FirewallInfo{State: FirewallOn, Method: "socketfilterfw", Detail: "global state " + m[1]}
	case m != nil && m[1] == "0":
		return FirewallInfo{State: FirewallOff, Method: "socketfilterfw", Detail: "global state 0"}
	case strings.Contains(s, "is enabled"):
		return FirewallInfo{State: FirewallOn, Method: "socketfilterfw", Detail: "enabled"}
	case strings.Contains(s, "is disabled"):
		return FirewallInfo{State: FirewallOff, Method: "socketfilterfw", Detail: "disabled"}
	}
	return FirewallInfo{State: FirewallUnknown, Method: "socketfilterfw", Detail: "unrecognised output"}
}

// ParseSPFirewall parses `system_profiler SPFirewallDataType -json`.
func ParseSPFirewall(b []byte) (FirewallInfo, error) {
	var doc struct {
		Items []map[string]any `json:"SPFirewallDataType"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		return FirewallInfo{}, fmt.Errorf("probe: SPFirewallDataType: %w: %w", ErrParse, err)
	}
	for _, it := range doc.Items {
		s, _ := it["spfirewall_globalstate"].(string)
		switch s {
		case "spfirewall_globalstate_limit_connections", "spfirewall_globalstate_block_all":
			return FirewallInfo{State: FirewallOn, Method: "system_profiler", Detail: s}, nil
		case "spfirewall_globalstate_off", "spfirewall_globalstate_allow_all":
			// allow_all is how system_profiler reports the firewall switched
			// off ("Allow all incoming connections").
			return FirewallInfo{State: FirewallOff, Method: "system_profiler", Detail: s}, nil
		}
	}
	return FirewallInfo{State: FirewallUnknown, Method: "system_profiler", Detail: "no global state"}, nil
}

// ParseSPAirPort classifies the current Wi-Fi network from
// `system_profiler SPAirPortDataType -json`. No current network means the
// Mac is not on Wi-Fi.
func ParseSPAirPort(b []byte) (WiFiSecurity, error) {
	var doc struct {
		Items []struct {
			Interfaces []struct {
				Current *struct {
					Security string `json:"spairport_security_mode"`
				} `json:"spairport_current_network_information"`
			} `json:"spairport_airport_interfaces"`
		} `json:"SPAirPortDataType"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		return WiFiUnknown, fmt.Errorf("probe: SPAirPortDataType: %w: %w", ErrParse, err)
	}
	for _, it := range doc.Items {
		for _, ifc := range it.Interfaces {
			if ifc.Current == nil {
				continue
			}
			return classifyMacSecurity(ifc.Current.Security), nil
		}
	}
	return WiFiWired, nil
}

func classifyMacSecurity(s string) WiFiSecurity {
	s = strings.TrimPrefix(strings.ToLower(s), "spairport_security_mode_")
	switch {
	case s == "none" || s == "":
		return WiFiOpen
	case strings.Contains(s, "owe"):
		return WiFiOWE
	case strings.Contains(s, "wep"):
		return WiFiWEP
	case strings.Contains(s, "wpa3"):
		return WiFiWPA3
	case strings.Contains(s, "wpa2"):
		return WiFiWPA2
	case strings.Contains(s, "wpa"):
		return WiFiWPA
	}
	return WiFiUnknown
}

// ParseSPCamera counts cameras in `system_profiler SPCameraDataType -json`.
func ParseSPCamera(b []byte) (CameraInfo, error) {
	var doc struct {
		Items []json.RawMessage `json:"SPCameraDataType"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		return CameraInfo{}, fmt.Errorf("probe: SPCameraDataType: %w: %w", ErrParse, err)
	}
	return CameraInfo{Count: len(doc.Items)}, nil
}

// ParsePlistVersion returns CFBundleShortVersionString (or
// CFBundleVersion) from `plutil -convert json -o - Info.plist` output,
// cut at the first space ("6.4.3 (56010)" → "6.4.3").
func ParsePlistVersion(b []byte) (string, error) {
	var doc struct {
		Short string `json:"CFBundleShortVersionString"`
		Long  string `json:"CFBundleVersion"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		return "", fmt.Errorf("probe: Info.plist: %w: %w", ErrParse, err)
	}
	v := doc.Short
	if v == "" {
		v = doc.Long
	}
	v, _, _ = strings.Cut(strings.TrimSpace(v), " ")
	if v == "" {
		return "", fmt.Errorf("probe: Info.plist: no version: %w", ErrParse)
	}
	return v, nil
}

// ParseVersionOutput extracts the first dotted version number from a
// `--version` line ("Google Chrome 142.0.7444.59" → "142.0.7444.59").
func ParseVersionOutput(b []byte) (string, error) {
	m := regexp.MustCompile(`\d+(\.\d+)+`).Find(b)
	if m == nil {
		return "", fmt.Errorf("probe: version: %w", ErrParse)
	}
	return string(m), nil
}

// ParseFlatpakList returns application id → version from
// `flatpak list --app --columns=application,version`.
func ParseFlatpakList(b []byte) map[string]string {
	out := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) == 0 {
			continue
		}
		v := ""
		if len(f) > 1 {
			v = f[1]
		}
		out[f[0]] = v
	}
	return out
}

// ParseLines returns the non-empty trimmed lines of b.
func ParseLines(b []byte) []string {
	var out []string
	for _, l := range strings.Split(string(b), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// UninstallIconExe returns the executable file name in an Uninstall key's
// DisplayIcon value (`"C:\Program Files\qBittorrent\qbittorrent.exe",0` →
// "qbittorrent.exe"), or "" when it names no .exe.
func UninstallIconExe(icon string) string {
	icon = strings.TrimSpace(icon)
	if i := strings.LastIndex(icon, ","); i > 0 {
		icon = icon[:i]
	}
	icon = strings.Trim(icon, `"`)
	if i := strings.LastIndexAny(icon, `/\`); i >= 0 {
		icon = icon[i+1:]
	}
	if !strings.HasSuffix(strings.ToLower(icon), ".exe") {
		return ""
	}
	return icon
}
