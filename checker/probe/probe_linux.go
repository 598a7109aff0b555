package probe

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// allowedCommands is the Linux command allowlist.
var allowedCommands = []string{
	"/usr/bin/apt", "/usr/bin/systemctl", "/usr/bin/nmcli", "/usr/bin/flatpak",
	"/usr/bin/dpkg-query", "/usr/bin/rpm", "/usr/bin/snap", "/usr/bin/dnf",
	"/usr/bin/google-chrome", "/usr/bin/chromium", "/usr/bin/firefox", "/usr/bin/firefox-esr",
}

// OS reads /etc/os-release (or /usr/lib/os-release).
func (h Host) OS(ctx context.Context) (OSInfo, error) {
	b, err := h.Env.ReadFile("/etc/os-release")
	if err != nil {
		if b, err = h.Env.ReadFile("/usr/lib/os-release"); err != nil {
			return OSInfo{}, fmt.Errorf("probe: read os-release: %w", err)
		}
	}
	return ParseOSRelease(b)
}

// Patches runs `apt list --upgradable` and looks for
// /var/run/reboot-required. Other package managers are unsupported.
func (h Host) Patches(ctx context.Context) (PatchInfo, error) {
	out, err := h.Env.Run(ctx, "/usr/bin/apt", "list", "--upgradable")
	if err != nil {
		return PatchInfo{}, err
	}
	p := ParseAptUpgradable(out)
	if _, err := os.Stat(h.Env.Path("/var/run/reboot-required")); err == nil {
		p.RebootRequired = true
	}
	if ents, err := os.ReadDir(h.Env.Path("/var/lib/apt/lists")); err == nil {
		for _, e := range ents {
			if fi, err := e.Info(); err == nil && fi.Mode().IsRegular() && fi.ModTime().After(p.ListsUpdated) {
				p.ListsUpdated = fi.ModTime()
			}
		}
	}
	return p, nil
}

func (h Host) unitActive(ctx context.Context, unit string) bool {
	out, err := h.Env.Run(ctx, "/usr/bin/systemctl", "is-active", unit)
	return err == nil && strings.TrimSpace(string(out)) == "active"
}

// Firewall looks for ufw (config ENABLED=yes and unit active), then
// firewalld and nftables units.
func (h Host) Firewall(ctx context.Context) (FirewallInfo, error) {
	if b, err := h.Env.ReadFile("/etc/ufw/ufw.conf"); err == nil {
		if ParseUFWConf(b) && h.unitActive(ctx, "ufw") {
			return FirewallInfo{State: FirewallOn, Method: "ufw", Detail: "ufw.conf ENABLED=yes, ufw.service active"}, nil
		}
	}
	if h.unitActive(ctx, "firewalld") {
		return FirewallInfo{State: FirewallOn, Method: "firewalld", Detail: "firewalld.service active"}, nil
	}
	if h.unitActive(ctx, "nftables") {
		return FirewallInfo{State: FirewallOn, Method: "nftables", Detail: "nftables.service active"}, nil
	}
	return FirewallInfo{State: FirewallUnknown, Method: "ufw/firewalld/nftables", Detail: "no active firewall unit found; rules cannot be read without root"}, nil
}

// Antivirus looks for ClamAV: the clamd process and the age of daily.c?d.
func (h Host) Antivirus(ctx context.Context) (AVInfo, error) {
	var av AVInfo
	for _, f := range []string{"daily.cvd", "daily.cld"} {
		if st, err := os.Stat(h.Env.Path(filepath.Join("/var/lib/clamav", f))); err == nil {
			av.ClamInstalled = true
			if st.ModTime().After(av.ClamSigTime) {
				av.ClamSigTime = st.ModTime()
			}
		}
	}
	if _, err := os.Stat(h.Env.Path("/usr/sbin/clamd")); err == nil {
		av.ClamInstalled = true
	}
	names, err := h.Env.Procs(ctx)
	if err != nil {
		return av, err
	}
	for _, n := range names {
		if n == "clamd" {
			av.ClamRunning = true
		}
	}
	return av, nil
}

// Installed lists dpkg, rpm and flatpak packages. It fails only when no
// package source could be read.
func (h Host) Installed(ctx context.Context) (Software, error) {
	var sw Software
	var errs []error
	sources := []struct {
		cmd  string
		args []string
	}{
		{"/usr/bin/dpkg-query", []string{"-W", "-f", "${Package}\n"}},
		{"/usr/bin/rpm", []string{"-qa", "--qf", "%{NAME}\n"}},
		{"/usr/bin/flatpak", []string{"list", "--app", "--columns=application"}},
		{"/usr/bin/snap", []string{"list"}},
	}
	ok := false
	for _, s := range sources {
		out, err := h.Env.Run(ctx, s.cmd, s.args...)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		ok = true
		for _, l := range ParseLines(out) {
			f := strings.Fields(l)
			sw.Packages = append(sw.Packages, f[0])
		}
	}
	if !ok {
		return sw, fmt.Errorf("probe: no package list readable: %w", errors.Join(errs...))
	}
	return sw, nil
}

// WiFi asks NetworkManager for the active Wi-Fi network's security.
func (h Host) WiFi(ctx context.Context) (WiFiSecurity, error) {
	out, err := h.Env.Run(ctx, "/usr/bin/nmcli", "-t", "-f", "ACTIVE,SSID,SECURITY", "dev", "wifi")
	if err != nil {
		return WiFiUnknown, err
	}
	if sec, ok := ParseNmcliWiFi(out); ok {
		return sec, nil
	}
	return WiFiWired, nil
}

// Zoom looks for the deb/rpm package, /opt/zoom and the flatpak.
func (h Host) Zoom(ctx context.Context) (AppInfo, error) {
	app := AppInfo{Name: "zoom"}
	if out, err := h.Env.Run(ctx, "/usr/bin/dpkg-query", "-W", "-f", "${Version}", "zoom"); err == nil && len(out) > 0 {
		if v, err := ParseVersionOutput(out); err == nil {
			return AppInfo{Name: "zoom", Found: true, Version: v, Where: "dpkg"}, nil
		}
	}
	if out, err := h.Env.Run(ctx, "/usr/bin/flatpak", "list", "--app", "--columns=application,version"); err == nil {
		if v, ok := ParseFlatpakList(out)["us.zoom.Zoom"]; ok {
			return AppInfo{Name: "zoom", Found: true, Version: v, Where: "flatpak"}, nil
		}
	}
	if b, err := h.Env.ReadFile("/opt/zoom/version.txt"); err == nil {
		if v, err := ParseVersionOutput(b); err == nil {
			return AppInfo{Name: "zoom", Found: true, Version: v, Where: "/opt/zoom"}, nil
		}
	}
	if _, err := os.Stat(h.Env.Path("/opt/zoom/zoom")); err == nil {
		return AppInfo{Name: "zoom", Found: true, Where: "/opt/zoom"}, nil
	}
	return app, nil
}

// Browsers runs `--version` of the browsers it finds.
func (h Host) Browsers(ctx context.Context) ([]AppInfo, error) {
	var out []AppInfo
	for _, b := range []struct{ name, path string }{
		{"chrome", "/usr/bin/google-chrome"}, {"chrome", "/usr/bin/chromium"},
		{"firefox", "/usr/bin/firefox"}, {"firefox", "/usr/bin/firefox-esr"},
	} {
		o, err := h.Env.Run(ctx, b.path, "--version")
		if err != nil {
			continue
		}
		if v, err := ParseVersionOutput(o); err == nil {
			out = append(out, AppInfo{Name: b.name, Found: true, Version: v, Where: filepath.Base(b.path)})
		}
	}
	return out, nil
}

// Camera counts /sys/class/video4linux devices that name themselves.
func (h Host) Camera(ctx context.Context) (CameraInfo, error) {
	ents, err := os.ReadDir(h.Env.Path("/sys/class/video4linux"))
	if errors.Is(err, fs.ErrNotExist) {
		return CameraInfo{}, nil
	}
	if err != nil {
		return CameraInfo{}, fmt.Errorf("probe: video4linux: %w", err)
	}
	n := 0
	for _, e := range ents {
		if _, err := h.Env.ReadFile(filepath.Join("/sys/class/video4linux", e.Name(), "name")); err == nil {
			n++
		}
	}
	return CameraInfo{Count: n}, nil
}
