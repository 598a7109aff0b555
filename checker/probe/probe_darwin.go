package probe

import (
	"context"
	"fmt"
)

// allowedCommands is the macOS command allowlist.
var allowedCommands = []string{
	"/usr/bin/sw_vers",
	"/usr/sbin/system_profiler",
	"/usr/libexec/ApplicationFirewall/socketfilterfw",
	"/usr/bin/plutil",
	"/usr/bin/xprotect",
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

// Antivirus reads the live XProtect version and lists applications.
func (h Host) Antivirus(ctx context.Context) (AVInfo, error) {
	return AVInfo{MacApps: macApps(h.Env), XProtect: MacXProtect(ctx, h.Env)}, nil
}

// Installed lists application bundles.
func (h Host) Installed(ctx context.Context) (Software, error) {
	return Software{Names: macApps(h.Env)}, nil
}

// WiFi reads SPAirPortDataType.
func (h Host) WiFi(ctx context.Context) (WiFiSecurity, error) {
	out, err := h.Env.Run(ctx, "/usr/sbin/system_profiler", "SPAirPortDataType", "-json")
	if err != nil {
		return WiFiUnknown, err
	}
	return ParseSPAirPort(out)
}

// Zoom reads zoom.us.app in /Applications or ~/Applications.
func (h Host) Zoom(ctx context.Context) (AppInfo, error) { return MacZoom(ctx, h.Env), nil }

// Browsers reads the app bundles' versions in /Applications and
// ~/Applications.
func (h Host) Browsers(ctx context.Context) ([]AppInfo, error) { return MacBrowsers(ctx, h.Env), nil }

// Camera reads SPCameraDataType.
func (h Host) Camera(ctx context.Context) (CameraInfo, error) {
	out, err := h.Env.Run(ctx, "/usr/sbin/system_profiler", "SPCameraDataType", "-json")
	if err != nil {
		return CameraInfo{}, fmt.Errorf("probe: camera: %w", err)
	}
	return ParseSPCamera(out)
}
