package probe

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fakeRunner answers commands from a map keyed by "name args...".
func fakeRunner(out map[string]string) Runner {
	return func(ctx context.Context, name string, args ...string) ([]byte, error) {
		key := strings.TrimSpace(name + " " + strings.Join(args, " "))
		if o, ok := out[key]; ok {
			return []byte(o), nil
		}
		return nil, ErrCommandMissing
	}
}

func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for p, c := range files {
		full := filepath.Join(root, p)
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(c), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

func TestLinuxHostWithFixtures(t *testing.T) {
	apt := string(readFixture(t, "apt-upgradable.txt"))
	root := writeTree(t, map[string]string{
		"etc/os-release":                    string(readFixture(t, "debian12/etc/os-release")),
		"etc/ufw/ufw.conf":                  "ENABLED=yes\n",
		"var/run/reboot-required":           "",
		"sys/class/video4linux/video0/name": "Integrated Camera\n",
		"opt/zoom/zoom":                     "",
		"var/lib/clamav/daily.cld":          "",
	})
	h := Host{Env: Env{
		Root: root,
		Run: fakeRunner(map[string]string{
			"/usr/bin/apt list --upgradable":                            apt,
			"/usr/bin/systemctl is-active ufw":                          "active\n",
			"/usr/bin/nmcli -t -f ACTIVE,SSID,SECURITY dev wifi":        string(readFixture(t, "nmcli-wpa2.txt")),
			"/usr/bin/flatpak list --app --columns=application,version": "us.zoom.Zoom\t6.4.6.1370\n",
			"/usr/bin/dpkg-query -W -f ${Package}":                      "bash\nqbittorrent\n",
			"/usr/bin/firefox-esr --version":                            "Mozilla Firefox 140.5.0esr\n",
		}),
		Procs: func(context.Context) ([]string, error) { return []string{"clamd", "bash"}, nil },
	}}
	ctx := context.Background()
	if os, err := h.OS(ctx); err != nil || os.Product != "debian" || os.Release != "12" {
		t.Errorf("OS() = %+v, %v", os, err)
	}
	if p, err := h.Patches(ctx); err != nil || p.SecurityUpdates != 2 || !p.RebootRequired {
		t.Errorf("Patches() = %+v, %v", p, err)
	}
	if fw, err := h.Firewall(ctx); err != nil || fw.State != FirewallOn || fw.Method != "ufw" {
		t.Errorf("Firewall() = %+v, %v", fw, err)
	}
	if w, err := h.WiFi(ctx); err != nil || w != WiFiWPA2 {
		t.Errorf("WiFi() = %q, %v", w, err)
	}
	if z, err := h.Zoom(ctx); err != nil || !z.Found || z.Version != "6.4.6.1370" || z.Where != "flatpak" {
		t.Errorf("Zoom() = %+v, %v", z, err)
	}
	if c, err := h.Camera(ctx); err != nil || c.Count != 1 {
		t.Errorf("Camera() = %+v, %v", c, err)
	}
	if av, err := h.Antivirus(ctx); err != nil || !av.ClamRunning || av.ClamSigTime.IsZero() {
		t.Errorf("Antivirus() = %+v, %v", av, err)
	}
	if sw, err := h.Installed(ctx); err != nil || len(sw.Packages) != 2 {
		t.Errorf("Installed() = %+v, %v", sw, err)
	}
	if b, err := h.Browsers(ctx); err != nil || len(b) != 1 || b[0].Version != "140.5.0" {
		t.Errorf("Browsers() = %+v, %v", b, err)
	}
}

func TestLinuxFirewallUnknownWithoutProof(t *testing.T) {
	h := Host{Env: Env{Root: t.TempDir(), Run: fakeRunner(map[string]string{"/usr/bin/systemctl is-active ufw": "inactive\n"})}}
	fw, err := h.Firewall(context.Background())
	if err != nil || fw.State != FirewallUnknown {
		t.Errorf("Firewall() = %+v, %v; want unknown", fw, err)
	}
}

func TestLinuxWiFiNotConnected(t *testing.T) {
	h := Host{Env: Env{Run: fakeRunner(map[string]string{"/usr/bin/nmcli -t -f ACTIVE,SSID,SECURITY dev wifi": ""})}}
	if w, err := h.WiFi(context.Background()); err != nil || w != WiFiWired {
		t.Errorf("WiFi() = %q, %v; want wired", w, err)
	}
}

func TestExecRunnerAllowlist(t *testing.T) {
	run := ExecRunner([]string{"/bin/true", "/no/such/tool"})
	ctx := context.Background()
	if _, err := run(ctx, "/bin/sh", "-c", "echo hi"); !errors.Is(err, ErrNotAllowed) {
		t.Errorf("run(/bin/sh) = %v, want ErrNotAllowed", err)
	}
	if _, err := run(ctx, "true"); !errors.Is(err, ErrNotAllowed) {
		t.Errorf("run(relative) = %v, want ErrNotAllowed", err)
	}
	if _, err := run(ctx, "/no/such/tool"); !errors.Is(err, ErrCommandMissing) {
		t.Errorf("run(missing) = %v, want ErrCommandMissing", err)
	}
	if _, err := os.Stat("/bin/true"); err == nil {
		if _, err := run(ctx, "/bin/true"); err != nil {
			t.Errorf("run(/bin/true) = %v", err)
		}
	}
}
