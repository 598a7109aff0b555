package probe

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unsafe"

	"github.com/yusufpapurcu/wmi"
	"golang.org/x/sys/windows"
	"golang.org/x/sys/windows/registry"
)

// allowedCommands is empty on Windows: everything is read through the
// registry, WMI and wlanapi, never through localised command output.
var allowedCommands []string

func regString(root registry.Key, path, name string) (string, error) {
	k, err := registry.OpenKey(root, path, registry.QUERY_VALUE|registry.WOW64_64KEY)
	if err != nil {
		return "", err
	}
	defer k.Close()
	v, _, err := k.GetStringValue(name)
	return v, err
}

func regDword(root registry.Key, path, name string) (*uint32, error) {
	k, err := registry.OpenKey(root, path, registry.QUERY_VALUE|registry.WOW64_64KEY)
	if err != nil {
		return nil, err
	}
	defer k.Close()
	v, _, err := k.GetIntegerValue(name)
	if err != nil {
		return nil, err
	}
	u := uint32(v)
	return &u, nil
}

// OS reads CurrentVersion (never ProductName for the decision).
func (h Host) OS(ctx context.Context) (OSInfo, error) {
	const p = `SOFTWARE\Microsoft\Windows NT\CurrentVersion`
	var cv WinCurrentVersion
	var err error
	if cv.CurrentBuildNumber, err = regString(registry.LOCAL_MACHINE, p, "CurrentBuildNumber"); err != nil {
		return OSInfo{}, fmt.Errorf("probe: CurrentBuildNumber: %w", err)
	}
	if u, err := regDword(registry.LOCAL_MACHINE, p, "UBR"); err == nil {
		cv.UBR = *u
	}
	cv.DisplayVersion, _ = regString(registry.LOCAL_MACHINE, p, "DisplayVersion")
	cv.EditionID, _ = regString(registry.LOCAL_MACHINE, p, "EditionID")
	return WindowsOS(cv)
}

// Patches is answered from the UBR on Windows.
func (h Host) Patches(ctx context.Context) (PatchInfo, error) {
	return PatchInfo{}, unsupported("package manager on windows")
}

type scProduct struct {
	DisplayName  string
	ProductState uint32
}

func securityCenter(class string) ([]AVProduct, error) {
	var dst []scProduct
	q := "SELECT displayName, productState FROM " + class
	if err := wmi.QueryNamespace(q, &dst, `root\SecurityCenter2`); err != nil {
		return nil, fmt.Errorf("probe: WMI %s: %w", class, err)
	}
	out := make([]AVProduct, 0, len(dst))
	for _, p := range dst {
		out = append(out, AVProduct{Name: p.DisplayName, ProductState: p.ProductState})
	}
	return out, nil
}

// securityCenterProducts is what one Security Center query returns.
type securityCenterProducts struct {
	Antivirus, Firewall []AVProduct
	FirewallErr         error
}

// securityCenterOnce queries Security Center once per run, with its own
// deadline, for both the antivirus and the firewall checks: WMI calls are
// serialised by the library and cannot be cancelled, so two checks asking
// separately would wait for each other and overrun their timeouts.
var securityCenterOnce = &Shared[securityCenterProducts]{Deadline: 4 * time.Second, Query: func() (securityCenterProducts, error) {
	var sc securityCenterProducts
	var err error
	if sc.Antivirus, err = securityCenter("AntiVirusProduct"); err != nil {
		return sc, err
	}
	sc.Firewall, sc.FirewallErr = securityCenter("FirewallProduct")
	return sc, nil
}}

// Firewall reads the registry first (Group Policy, then MDM, then the local
// setting of each profile); when that proves the firewall on, nothing else
// is asked. Otherwise the effective state of the current profile from
// HNetCfg.FwPolicy2 decides, and a third-party firewall registered with
// Security Center and on counts as on.
func (h Host) Firewall(ctx context.Context) (FirewallInfo, error) {
	profiles := map[string][2]string{
		"Domain":  {"DomainProfile", "DomainProfile"},
		"Private": {"PrivateProfile", "StandardProfile"},
		"Public":  {"PublicProfile", "PublicProfile"},
	}
	const fwPolicy = `SYSTEM\CurrentControlSet\Services\SharedAccess\Parameters\FirewallPolicy\`
	policy, mdm, local := map[string]*uint32{}, map[string]*uint32{}, map[string]*uint32{}
	for name, keys := range profiles {
		policy[name], _ = regDword(registry.LOCAL_MACHINE, `SOFTWARE\Policies\Microsoft\WindowsFirewall\`+keys[0], "EnableFirewall")
		mdm[name], _ = regDword(registry.LOCAL_MACHINE, fwPolicy+`Mdm\`+keys[1], "EnableFirewall")
		local[name], _ = regDword(registry.LOCAL_MACHINE, fwPolicy+keys[1], "EnableFirewall")
	}
	fw := WinFirewallManaged(policy, mdm, local)
	if fw.State == FirewallOn {
		return fw, nil
	}
	// The registry did not prove it on: ask the firewall for its effective
	// state in the current profile.
	if eff, err := fwPolicy2(ctx); err == nil && eff.State != FirewallUnknown {
		if eff.State == FirewallOn {
			return eff, nil
		}
		fw = eff
	}
	if sc, err := securityCenterOnce.Get(ctx); err == nil && sc.FirewallErr == nil {
		for _, f := range sc.Firewall {
			if DecodeProductState(f.ProductState).On {
				return FirewallInfo{State: FirewallOn, Method: "Security Center", Detail: f.Name + " on"}, nil
			}
		}
	}
	return fw, nil
}

// Antivirus reads Security Center AntiVirusProduct (shared query).
func (h Host) Antivirus(ctx context.Context) (AVInfo, error) {
	sc, err := securityCenterOnce.Get(ctx)
	if err != nil {
		return AVInfo{}, err
	}
	return AVInfo{Products: sc.Antivirus}, nil
}

type uninstallEntry = UninstallEntry

func uninstallEntries() ([]uninstallEntry, error) {
	roots := []struct {
		root registry.Key
		path string
	}{
		{registry.LOCAL_MACHINE, `SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall`},
		{registry.LOCAL_MACHINE, `SOFTWARE\WOW6432Node\Microsoft\Windows\CurrentVersion\Uninstall`},
		{registry.CURRENT_USER, `SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall`},
	}
	var out []uninstallEntry
	var errs []error
	for _, r := range roots {
		k, err := registry.OpenKey(r.root, r.path, registry.ENUMERATE_SUB_KEYS|registry.WOW64_64KEY)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		names, _ := k.ReadSubKeyNames(-1)
		k.Close()
		for _, n := range names {
			sk, err := registry.OpenKey(r.root, r.path+`\`+n, registry.QUERY_VALUE|registry.WOW64_64KEY)
			if err != nil {
				continue
			}
			e := uninstallEntry{Key: n}
			e.DisplayName, _, _ = sk.GetStringValue("DisplayName")
			e.DisplayVersion, _, _ = sk.GetStringValue("DisplayVersion")
			e.DisplayIcon, _, _ = sk.GetStringValue("DisplayIcon")
			e.Publisher, _, _ = sk.GetStringValue("Publisher")
			sk.Close()
			out = append(out, e)
		}
	}
	if len(errs) == len(roots) {
		return nil, fmt.Errorf("probe: uninstall keys: %w", errors.Join(errs...))
	}
	return out, nil
}

// Installed returns, for each Uninstall entry, the executable named by
// DisplayIcon and the DisplayName (both compared exactly by the rules).
func (h Host) Installed(ctx context.Context) (Software, error) {
	es, err := uninstallEntries()
	if err != nil {
		return Software{}, err
	}
	var sw Software
	for _, e := range es {
		if icon := UninstallIconExe(e.DisplayIcon); icon != "" {
			sw.Names = append(sw.Names, icon)
		}
		if e.DisplayName != "" {
			sw.Names = append(sw.Names, e.DisplayName)
		}
		sw.Packages = append(sw.Packages, e.Key)
	}
	return sw, nil
}

// Zoom reads the file version of Zoom.exe in %APPDATA%\Zoom\bin (per-user
// install) or %ProgramFiles%\Zoom\bin (MSI), falling back to the uninstall
// entries by DisplayName.
func (h Host) Zoom(ctx context.Context) (AppInfo, error) {
	for _, c := range []struct{ env, where string }{{"APPDATA", "%APPDATA%"}, {"ProgramFiles", "%ProgramFiles%"}} {
		dir := h.Env.Getenv(c.env)
		if dir == "" {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, "Zoom", "bin", "Zoom.exe"))
		if err != nil {
			continue
		}
		if v, err := ParsePEFileVersion(b); err == nil {
			return AppInfo{Name: "zoom", Found: true, Version: v, Where: c.where + `\Zoom\bin\Zoom.exe`}, nil
		}
		return AppInfo{Name: "zoom", Found: true, Where: c.where + `\Zoom\bin\Zoom.exe`}, nil
	}
	es, err := uninstallEntries()
	if err != nil {
		return AppInfo{}, err
	}
	z, _ := ZoomFromUninstall(es)
	return z, nil
}

// Browsers reads Chrome BLBeacon, Edge EdgeUpdate pv and Firefox
// CurrentVersion.
func (h Host) Browsers(ctx context.Context) ([]AppInfo, error) {
	var out []AppInfo
	add := func(name, v, where string) {
		if v == "" {
			return
		}
		v, _, _ = strings.Cut(strings.TrimSpace(v), " ")
		out = append(out, AppInfo{Name: name, Found: true, Version: v, Where: where})
	}
	if v, err := regString(registry.CURRENT_USER, `Software\Google\Chrome\BLBeacon`, "version"); err == nil {
		add("chrome", v, "BLBeacon")
	}
	for _, p := range []string{`SOFTWARE\WOW6432Node\Microsoft\EdgeUpdate\Clients\{56EB18F8-B008-4CBD-B6D2-8C97FE7E9062}`, `SOFTWARE\Microsoft\EdgeUpdate\Clients\{56EB18F8-B008-4CBD-B6D2-8C97FE7E9062}`} {
		if v, err := regString(registry.LOCAL_MACHINE, p, "pv"); err == nil {
			add("edge", v, "EdgeUpdate")
			break
		}
	}
	if v, err := regString(registry.LOCAL_MACHINE, `SOFTWARE\Mozilla\Mozilla Firefox`, "CurrentVersion"); err == nil {
		add("firefox", v, "Mozilla registry")
	}
	return out, nil
}

type pnpEntity struct {
	PNPClass               string
	Status                 string
	ConfigManagerErrorCode uint32
	Present                bool
}

// Camera counts present, working Camera/Image devices and reads the
// ConsentStore\webcam privacy setting.
func (h Host) Camera(ctx context.Context) (CameraInfo, error) {
	var dst []pnpEntity
	q := "SELECT PNPClass, Status, ConfigManagerErrorCode, Present FROM Win32_PnPEntity WHERE PNPClass = 'Camera' OR PNPClass = 'Image'"
	if err := wmi.Query(q, &dst); err != nil {
		return CameraInfo{}, fmt.Errorf("probe: WMI Win32_PnPEntity: %w", err)
	}
	var c CameraInfo
	for _, d := range dst {
		if d.Present && d.ConfigManagerErrorCode == 0 && strings.EqualFold(d.Status, "OK") {
			c.Count++
		}
	}
	const consent = `Software\Microsoft\Windows\CurrentVersion\CapabilityAccessManager\ConsentStore\webcam`
	var values []WebcamConsent
	for _, root := range []struct {
		key  registry.Key
		name string
	}{{registry.LOCAL_MACHINE, "HKLM"}, {registry.CURRENT_USER, "HKCU"}} {
		for _, sub := range []string{"", `\NonPackaged`} {
			v, _ := regString(root.key, consent+sub, "Value")
			values = append(values, WebcamConsent{Where: root.name + `\…\ConsentStore\webcam` + sub, Value: v})
		}
	}
	c.Blocked, _ = WebcamBlocked(values)
	return c, nil
}

var (
	wlanapi                = windows.NewLazySystemDLL("wlanapi.dll")
	procWlanOpenHandle     = wlanapi.NewProc("WlanOpenHandle")
	procWlanCloseHandle    = wlanapi.NewProc("WlanCloseHandle")
	procWlanEnumInterfaces = wlanapi.NewProc("WlanEnumInterfaces")
	procWlanQueryInterface = wlanapi.NewProc("WlanQueryInterface")
	procWlanFreeMemory     = wlanapi.NewProc("WlanFreeMemory")
)

const (
	wlanInterfaceInfoSize           = 532 // GUID + WCHAR[256] + state
	wlanInterfaceStateConnected     = 1
	wlanIntfOpcodeCurrentConnection = 7
)

// WiFi queries the current connection of every connected Wi-Fi interface
// through the Native Wi-Fi API. No wlanapi.dll (desktop without Wi-Fi
// service) or no connected interface means the PC is not on Wi-Fi.
func (h Host) WiFi(ctx context.Context) (WiFiSecurity, error) {
	if err := wlanapi.Load(); err != nil {
		return WiFiWired, nil
	}
	var negotiated uint32
	var handle windows.Handle
	if r, _, _ := procWlanOpenHandle.Call(2, 0, uintptr(unsafe.Pointer(&negotiated)), uintptr(unsafe.Pointer(&handle))); r != 0 {
		if windows.Errno(r) == windows.ERROR_SERVICE_NOT_ACTIVE {
			return WiFiWired, nil
		}
		return WiFiUnknown, fmt.Errorf("probe: WlanOpenHandle: %w", windows.Errno(r))
	}
	defer procWlanCloseHandle.Call(uintptr(handle), 0)
	var list unsafe.Pointer
	if r, _, _ := procWlanEnumInterfaces.Call(uintptr(handle), 0, uintptr(unsafe.Pointer(&list))); r != 0 {
		return WiFiUnknown, fmt.Errorf("probe: WlanEnumInterfaces: %w", windows.Errno(r))
	}
	defer procWlanFreeMemory.Call(uintptr(list))
	n := *(*uint32)(list)
	var conns []WiFiSecurity
	denied := false
	for i := uint32(0); i < n; i++ {
		item := unsafe.Add(list, 8+int(i)*wlanInterfaceInfoSize)
		state := *(*uint32)(unsafe.Add(item, 16+512))
		if state != wlanInterfaceStateConnected {
			continue
		}
		var size uint32
		var data unsafe.Pointer
		r, _, _ := procWlanQueryInterface.Call(uintptr(handle), uintptr(item), wlanIntfOpcodeCurrentConnection, 0,
			uintptr(unsafe.Pointer(&size)), uintptr(unsafe.Pointer(&data)), 0)
		if windows.Errno(r) == windows.ERROR_ACCESS_DENIED {
			// Windows 11 24H2+: location access for desktop apps is off.
			denied = true
			continue
		}
		if r != 0 {
			return WiFiUnknown, fmt.Errorf("probe: WlanQueryInterface: %w", windows.Errno(r))
		}
		buf := make([]byte, size)
		copy(buf, unsafe.Slice((*byte)(data), size))
		procWlanFreeMemory.Call(uintptr(data))
		sec, err := ParseWlanConnectionAttributes(buf)
		if err != nil {
			sec = WiFiUnknown
		}
		conns = append(conns, sec)
	}
	worst := WorstWiFi(conns)
	if denied && worst != WiFiOpen && worst != WiFiWEP {
		return WiFiUnknown, fmt.Errorf("probe: WlanQueryInterface: %w: %w", ErrLocationDenied, windows.ERROR_ACCESS_DENIED)
	}
	return worst, nil
}
