// Package probe gathers raw facts about the host for the readiness checker:
// OS version, patch state, firewall, antivirus, installed and running
// software, Wi-Fi security, Zoom, browsers and cameras.
//
// Reading and parsing are separate. The per-OS files (probe_linux.go,
// probe_windows.go, probe_darwin.go, and probe_other.go for everything else)
// only gather raw bytes and values; every command goes through one injected,
// allowlisted Runner and every file is read below an injected root
// directory. The parsers in parse*.go are pure, take []byte or plain values,
// and are tested on any OS with fixtures in testdata/.
//
// Facts stay inside the checker: callers turn them into verdicts and never
// print host names, SSIDs, serials or process lists.
package probe

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/shirou/gopsutil/v4/process"
)

// Runner runs an allowlisted command (absolute path) and returns its
// standard output.
type Runner func(ctx context.Context, name string, args ...string) ([]byte, error)

// ErrNotAllowed is returned by an allowlisted Runner for any other command.
var ErrNotAllowed = errors.New("command not on the allowlist")

// ErrCommandMissing is returned when an allowlisted command is not installed.
var ErrCommandMissing = errors.New("command not installed")

// ExecRunner returns the Runner used in production: it runs only the
// absolute paths in allowed, with LC_ALL=C, and is the only place in the
// checker that starts a process.
func ExecRunner(allowed []string) Runner {
	set := make(map[string]bool, len(allowed))
	for _, a := range allowed {
		set[a] = true
	}
	return func(ctx context.Context, name string, args ...string) ([]byte, error) {
		if !filepath.IsAbs(name) || !set[name] {
			return nil, fmt.Errorf("probe: run %s: %w", name, ErrNotAllowed)
		}
		if _, err := os.Stat(name); err != nil {
			return nil, fmt.Errorf("probe: run %s: %w", name, ErrCommandMissing)
		}
		cmd := exec.CommandContext(ctx, name, args...)
		cmd.Env = append(os.Environ(), "LC_ALL=C", "LANG=C")
		// A child that leaves a grandchild holding its output open must not
		// keep the check waiting past its context.
		cmd.WaitDelay = time.Second
		out, err := cmd.Output()
		if err != nil {
			return out, fmt.Errorf("probe: run %s: %w", filepath.Base(name), err)
		}
		return out, nil
	}
}

// Env is everything a probe touches on the host. Tests replace its fields
// with fixtures; Live returns the real host.
type Env struct {
	Run   Runner
	Root  string // files are read below Root ("/" on the live host)
	Home  string // the user's home directory, below Root
	Now   func() time.Time
	Procs func(ctx context.Context) ([]string, error)
	Dial  func(ctx context.Context, network, addr string) (net.Conn, error)
	// Getenv reads an environment variable (APPDATA, ProgramFiles, ...).
	Getenv func(string) string
}

// Live returns the Env for the running host.
func Live() Env {
	home, _ := os.UserHomeDir()
	d := &net.Dialer{}
	return Env{
		Run:    ExecRunner(allowedCommands),
		Root:   "/",
		Home:   home,
		Now:    time.Now,
		Procs:  ProcessNames,
		Dial:   d.DialContext,
		Getenv: os.Getenv,
	}
}

// ReadFile reads path below e.Root.
func (e Env) ReadFile(path string) ([]byte, error) {
	return os.ReadFile(e.Path(path))
}

// Path returns path below e.Root.
func (e Env) Path(path string) string {
	if e.Root == "" || e.Root == "/" {
		return path
	}
	return filepath.Join(e.Root, path)
}

// ProcessNames returns the executable names of the running processes (name,
// executable base name and argv[0] base name, where readable). It uses
// gopsutil and honours a gopsutil EnvMap in ctx.
func ProcessNames(ctx context.Context) ([]string, error) {
	procs, err := process.ProcessesWithContext(ctx)
	if err != nil {
		return nil, fmt.Errorf("probe: list processes: %w", err)
	}
	seen := map[string]bool{}
	var out []string
	add := func(s string) {
		s = strings.TrimSpace(s)
		if s == "" {
			return
		}
		if i := strings.LastIndexAny(s, `/\`); i >= 0 {
			s = s[i+1:]
		}
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	for _, p := range procs {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if n, err := p.NameWithContext(ctx); err == nil {
			add(n)
		}
		if exe, err := p.ExeWithContext(ctx); err == nil {
			add(exe)
		}
		if args, err := p.CmdlineSliceWithContext(ctx); err == nil && len(args) > 0 {
			add(args[0])
		}
	}
	return out, nil
}

// Reach connects to addr ("host:port") over TCP and closes the connection.
func Reach(ctx context.Context, e Env, addr string) error {
	c, err := e.Dial(ctx, "tcp", addr)
	if err != nil {
		return err
	}
	return c.Close()
}

// OSInfo describes the operating system.
type OSInfo struct {
	Product string // windows, macos, debian, ubuntu, rhel, fedora, ...
	Release string // EOL-table key: Windows build, macOS major, VERSION_ID
	Version string // full version: "26100.7171", "15.7.2", "12"
	Name    string // human name, e.g. "Debian GNU/Linux 12 (bookworm)"
	// Windows only.
	Build          int
	UBR            int
	Edition        string // EditionID
	DisplayVersion string // 24H2
	Major          int    // 10 or 11, from the build number
}

// PatchInfo is the Linux package-manager view of pending updates.
type PatchInfo struct {
	Method          string // "apt", "dnf"
	SecurityUpdates int
	OtherUpdates    int
	RebootRequired  bool
	// ListsUpdated is when the package lists were last refreshed; a clean
	// answer from stale lists proves nothing.
	ListsUpdated time.Time
}

// FirewallState is the proven state of the firewall.
type FirewallState int

// Firewall states.
const (
	FirewallUnknown FirewallState = iota
	FirewallOn
	FirewallOff
)

// FirewallInfo is what a firewall probe proved, and how.
type FirewallInfo struct {
	State  FirewallState
	Method string // e.g. "ufw", "registry policy", "socketfilterfw"
	Detail string // why the state is what it is
}

// AVProduct is one Windows Security Center antivirus registration.
type AVProduct struct {
	Name         string `json:"displayName"`
	ProductState uint32 `json:"productState"`
}

// AVInfo is the antivirus evidence gathered on one OS.
type AVInfo struct {
	Products      []AVProduct // Windows Security Center
	XProtect      string      // macOS XProtect bundle version
	MacApps       []string    // macOS: bundle names in /Applications
	ClamInstalled bool        // Linux
	ClamRunning   bool
	ClamSigTime   time.Time // newest daily.cvd/daily.cld modification time
}

// Software is installed software: executable or bundle names, and package
// ids (dpkg, rpm, flatpak, snap, uninstall keys).
type Software struct {
	Names    []string
	Packages []string
}

// WiFiSecurity classifies the current connection.
type WiFiSecurity string

// Wi-Fi security kinds.
const (
	WiFiWired   WiFiSecurity = "wired" // not on Wi-Fi
	WiFiOpen    WiFiSecurity = "open"
	WiFiWEP     WiFiSecurity = "wep"
	WiFiWPA     WiFiSecurity = "wpa" // WPA1 / TKIP
	WiFiWPA2    WiFiSecurity = "wpa2"
	WiFiWPA3    WiFiSecurity = "wpa3"
	WiFiOWE     WiFiSecurity = "owe"
	WiFiUnknown WiFiSecurity = "unknown"
)

// AppInfo is an installed application and its version.
type AppInfo struct {
	Name    string // chrome, edge, firefox, safari, zoom
	Found   bool
	Version string
	Where   string // which source proved it (not a user path)
}

// CameraInfo says how many usable cameras were found.
type CameraInfo struct {
	Count   int
	Blocked bool // OS privacy setting denies camera access
}

// Collector gathers raw facts. Each method returns an error wrapping
// errors.ErrUnsupported on an OS it does not cover.
type Collector interface {
	OS(ctx context.Context) (OSInfo, error)
	Patches(ctx context.Context) (PatchInfo, error)
	Firewall(ctx context.Context) (FirewallInfo, error)
	Antivirus(ctx context.Context) (AVInfo, error)
	Installed(ctx context.Context) (Software, error)
	Running(ctx context.Context) ([]string, error)
	WiFi(ctx context.Context) (WiFiSecurity, error)
	Zoom(ctx context.Context) (AppInfo, error)
	Browsers(ctx context.Context) ([]AppInfo, error)
	Camera(ctx context.Context) (CameraInfo, error)
	Reach(ctx context.Context, addr string) error
}

// Host is the Collector for the OS this binary was built for, reading
// through Env.
type Host struct{ Env Env }

var _ Collector = Host{}

// Running returns the running process names via Env.Procs.
func (h Host) Running(ctx context.Context) ([]string, error) { return h.Env.Procs(ctx) }

// Reach connects to addr over TCP.
func (h Host) Reach(ctx context.Context, addr string) error { return Reach(ctx, h.Env, addr) }
