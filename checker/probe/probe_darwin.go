package probe

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// allowedCommands is the macOS command allowlist.
var allowedCommands = []string{
	"/usr/bin/sw_vers",
	"/usr/sbin/system_profiler",
	"/usr/libexec/ApplicationFirewall/socketfilterfw",
	"/usr/bin/plutil",
}

// OS runs sw_vers.
func (h Host) OS(ctx context.Context) (OSInfo, error) {
	out, err := h.Env.Run(ctx, "/usr/bin/sw_vers")
	if err != nil {
		return OSInfo{}, err
	}
	return ParseSwVers(out)
}

// Patches is answered from the macOS version.
func (h Host) Patches(ctx context.Context) (PatchInfo, error) {
	return PatchInfo{}, unsupported("package manager on macos")
}

// Firewall asks socketfilterfw, then system_profiler.
func (h Host) Firewall(ctx context.Context) (FirewallInfo, error) {
	if out, err := h.Env.Run(ctx, "/usr/libexec/ApplicationFirewall/socketfilterfw", "--getglobalstate"); err == nil {
		if fw := ParseSocketFilterFW(out); fw.State != FirewallUnknown {
			return fw, nil
		}
	}
	out, err := h.Env.Run(ctx, "/usr/sbin/system_profiler", "SPFirewallDataType", "-json")
	if err != nil {
		return FirewallInfo{}, err
	}
	return ParseSPFirewall(out)
}

func (h Host) plistVersion(ctx context.Context, plist string) (string, error) {
	out, err := h.Env.Run(ctx, "/usr/bin/plutil", "-convert", "json", "-o", "-", h.Env.Path(plist))
	if err != nil {
		return "", err
	}
	return ParsePlistVersion(out)
}

// apps lists bundle names in /Applications and ~/Applications.
func (h Host) apps() []string {
	var out []string
	for _, dir := range []string{h.Env.Path("/Applications"), filepath.Join(h.Env.Home, "Applications")} {
		ents, err := os.ReadDir(dir)
		if err != nil {
			continue
		}
		for _, e := range ents {
			if strings.HasSuffix(e.Name(), ".app") {
				out = append(out, e.Name())
			}
		}
	}
	return out
}

// Antivirus reads the XProtect bundle version and lists applications.
func (h Host) Antivirus(ctx context.Context) (AVInfo, error) {
	av := AVInfo{MacApps: h.apps()}
	v, err := h.plistVersion(ctx, "/Library/Apple/System/Library/CoreServices/XProtect.bundle/Contents/Info.plist")
	if err == nil {
		av.XProtect = v
	}
	return av, nil
}

// Installed lists application bundles.
func (h Host) Installed(ctx context.Context) (Software, error) {
	return Software{Names: h.apps()}, nil
}

// WiFi reads SPAirPortDataType.
func (h Host) WiFi(ctx context.Context) (WiFiSecurity, error) {
	out, err := h.Env.Run(ctx, "/usr/sbin/system_profiler", "SPAirPortDataType", "-json")
	if err != nil {
		return WiFiUnknown, err
	}
	return ParseSPAirPort(out)
}

// Zoom reads /Applications/zoom.us.app.
func (h Host) Zoom(ctx context.Context) (AppInfo, error) {
	const plist = "/Applications/zoom.us.app/Contents/Info.plist"
	if _, err := os.Stat(h.Env.Path(plist)); err != nil {
		return AppInfo{Name: "zoom"}, nil
	}
	v, err := h.plistVersion(ctx, plist)
	if err != nil {
		return AppInfo{Name: "zoom", Found: true, Where: "/Applications"}, nil
	}
	return AppInfo{Name: "zoom", Found: true, Version: v, Where: "/Applications"}, nil
}

// Browsers reads the app bundles' versions.
func (h Host) Browsers(ctx context.Context) ([]AppInfo, error) {
	var out []AppInfo
	for _, b := range []struct{ name, app string }{
		{"chrome", "Google Chrome.app"}, {"edge", "Microsoft Edge.app"},
		{"firefox", "Firefox.app"}, {"safari", "Safari.app"},
	} {
		plist := filepath.Join("/Applications", b.app, "Contents/Info.plist")
		if _, err := os.Stat(h.Env.Path(plist)); err != nil {
			continue
		}
		if v, err := h.plistVersion(ctx, plist); err == nil {
			out = append(out, AppInfo{Name: b.name, Found: true, Version: v, Where: b.app})
		}
	}
	return out, nil
}

// Camera reads SPCameraDataType.
func (h Host) Camera(ctx context.Context) (CameraInfo, error) {
	out, err := h.Env.Run(ctx, "/usr/sbin/system_profiler", "SPCameraDataType", "-json")
	if err != nil {
		return CameraInfo{}, fmt.Errorf("probe: camera: %w", err)
	}
	return ParseSPCamera(out)
}
