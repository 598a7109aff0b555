//go:build !linux && !windows && !darwin

package probe

import "context"

var allowedCommands []string

// OS is not implemented on this OS.
func (h Host) OS(ctx context.Context) (OSInfo, error) { return OSInfo{}, unsupported("os") }

// Patches is not implemented on this OS.
func (h Host) Patches(ctx context.Context) (PatchInfo, error) {
	return PatchInfo{}, unsupported("patches")
}

// Firewall is not implemented on this OS.
func (h Host) Firewall(ctx context.Context) (FirewallInfo, error) {
	return FirewallInfo{}, unsupported("firewall")
}

// Antivirus is not implemented on this OS.
func (h Host) Antivirus(ctx context.Context) (AVInfo, error) {
	return AVInfo{}, unsupported("antivirus")
}

// Installed is not implemented on this OS.
func (h Host) Installed(ctx context.Context) (Software, error) {
	return Software{}, unsupported("installed software")
}

// WiFi is not implemented on this OS.
func (h Host) WiFi(ctx context.Context) (WiFiSecurity, error) {
	return WiFiUnknown, unsupported("wifi")
}

// Zoom is not implemented on this OS.
func (h Host) Zoom(ctx context.Context) (AppInfo, error) { return AppInfo{}, unsupported("zoom") }

// Browsers is not implemented on this OS.
func (h Host) Browsers(ctx context.Context) ([]AppInfo, error) {
	return nil, unsupported("browsers")
}

// Camera is not implemented on this OS.
func (h Host) Camera(ctx context.Context) (CameraInfo, error) {
	return CameraInfo{}, unsupported("camera")
}
