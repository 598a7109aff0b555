package probe

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

func macMajor(release string) int {
	n, _ := strconv.Atoi(release)
	return n
}

// The macOS collectors read through Env only (commands through Env.Run,
// files below Env.Root, the user's apps in Env.Home), so they are tested on
// any OS with fixtures; probe_darwin.go calls them.

// macAppDirs are the directories holding application bundles: the system's
// and the user's own (per-user installs of Zoom and browsers go to
// ~/Applications).
func macAppDirs(e Env) []string {
	dirs := []string{e.Path("/Applications")}
	if e.Home != "" {
		dirs = append(dirs, filepath.Join(e.Home, "Applications"))
	}
	return dirs
}

// macApps lists bundle names in /Applications and ~/Applications.
func macApps(e Env) []string {
	var out []string
	for _, dir := range macAppDirs(e) {
		ents, err := os.ReadDir(dir)
		if err != nil {
			continue
		}
		for _, d := range ents {
			if strings.HasSuffix(d.Name(), ".app") {
				out = append(out, NormalizeName(d.Name()))
			}
		}
	}
	return out
}

// macPlistVersion reads a bundle's version with plutil; plist is a full
// host path.
func macPlistVersion(ctx context.Context, e Env, plist string) (string, error) {
	out, err := e.Run(ctx, "/usr/bin/plutil", "-convert", "json", "-o", "-", plist)
	if err != nil {
		return "", err
	}
	return ParsePlistVersion(out)
}

// macBundle finds app (e.g. "zoom.us.app") in /Applications or
// ~/Applications and returns its version and where it was found.
func macBundle(ctx context.Context, e Env, app string) (AppInfo, bool) {
	for i, dir := range macAppDirs(e) {
		plist := filepath.Join(dir, app, "Contents", "Info.plist")
		if _, err := os.Stat(plist); err != nil {
			continue
		}
		where := "/Applications"
		if i > 0 {
			where = "~/Applications"
		}
		v, err := macPlistVersion(ctx, e, plist)
		if err != nil {
			return AppInfo{Found: true, Where: where}, true
		}
		return AppInfo{Found: true, Version: v, Where: where}, true
	}
	return AppInfo{}, false
}

// MacZoom finds zoom.us.app.
func MacZoom(ctx context.Context, e Env) AppInfo {
	z, _ := macBundle(ctx, e, "zoom.us.app")
	z.Name = "zoom"
	return z
}

// MacBrowsers finds the browsers' bundles.
func MacBrowsers(ctx context.Context, e Env) []AppInfo {
	var out []AppInfo
	for _, b := range []struct{ name, app string }{
		{"chrome", "Google Chrome.app"}, {"edge", "Microsoft Edge.app"},
		{"firefox", "Firefox.app"}, {"safari", "Safari.app"},
	} {
		if a, ok := macBundle(ctx, e, b.app); ok && a.Version != "" {
			a.Name = b.name
			out = append(out, a)
		}
	}
	return out
}

// XProtect locations: macOS 15 and later update the live bundle under
// /var/protected/xprotect; the copy in CoreServices is only what shipped
// with the OS and may be stale.
const (
	xprotectLive        = "/var/protected/xprotect/XProtect.bundle/Contents/Info.plist"
	xprotectCoreService = "/Library/Apple/System/Library/CoreServices/XProtect.bundle/Contents/Info.plist"
)

// MacXProtect returns the XProtect version in use: the live bundle, else
// `xprotect version` (macOS 15+), else — before macOS 15 only — the
// CoreServices bundle. "" means unknown.
func MacXProtect(ctx context.Context, e Env) string {
	if _, err := os.Stat(e.Path(xprotectLive)); err == nil {
		if v, err := macPlistVersion(ctx, e, e.Path(xprotectLive)); err == nil {
			return v
		}
	}
	if out, err := e.Run(ctx, "/usr/bin/xprotect", "version"); err == nil {
		if v, err := ParseXProtectVersion(out); err == nil {
			return v
		}
	}
	if out, err := e.Run(ctx, "/usr/bin/sw_vers"); err == nil {
		if info, err := ParseSwVers(out); err == nil && macMajor(info.Release) > 0 && macMajor(info.Release) < 15 {
			if v, err := macPlistVersion(ctx, e, e.Path(xprotectCoreService)); err == nil {
				return v
			}
		}
	}
	return ""
}

// ParseXProtectVersion reads the version from `xprotect version` output
// ("Version: 5330" or a bare number).
func ParseXProtectVersion(b []byte) (string, error) {
	for _, line := range ParseLines(b) {
		if _, v, ok := strings.Cut(line, ":"); ok {
			line = strings.TrimSpace(v)
		}
		if line != "" && strings.Trim(line, "0123456789.") == "" {
			return line, nil
		}
	}
	return "", ErrParse
}
