// Command release builds the readiness checker for download: one binary per
// target (windows, darwin, linux × amd64, arm64), built with -trimpath and
// without cgo, with the office server's URL built in, the Windows binaries
// signed with osslsigncode when a code-signing certificate is configured, and
// a SHA256SUMS file over what was written.
//
//	go run ./cmd/release -out DIR -server https://soudan.example.jp
//
// Signing: -pkcs12 FILE (password from -pass-file FILE or
// $SOUDAN_SIGN_PASSWORD), or -cert FILE -key FILE (PEM). The same settings
// may come from $SOUDAN_SIGN_PKCS12, $SOUDAN_SIGN_CERT and $SOUDAN_SIGN_KEY.
// The password never appears on a command line: osslsigncode reads it from a
// private temporary file.
package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// Targets are the platforms a release holds, as GOOS/GOARCH.
var Targets = []string{
	"windows/amd64", "windows/arm64",
	"darwin/amd64", "darwin/arm64",
	"linux/amd64", "linux/arm64",
}

// FileName is the name of the checker for goos/goarch in a release
// directory; the server's downloads use the same names (internal/checkerdl).
func FileName(goos, goarch string) string {
	name := "soudan-check-" + goos + "-" + goarch
	if goos == "windows" {
		name += ".exe"
	}
	return name
}

// config is one release run.
type config struct {
	Out, Server, Pkg string
	Targets          []string
	// Signing: PKCS12 with Password, or Cert with Key.
	PKCS12, Password, Cert, Key string
	// Stderr receives progress and the tools' output.
	Stderr io.Writer
}

func (c config) signing() bool { return c.PKCS12 != "" || c.Cert != "" }

func main() {
	cfg, err := parse(os.Args[1:], os.Getenv, os.Stderr)
	if err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "release:", err)
		}
		os.Exit(64)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Minute)
	defer cancel()
	if err := build(ctx, cfg); err != nil {
		fmt.Fprintln(os.Stderr, "release:", err)
		os.Exit(1)
	}
}

func parse(args []string, getenv func(string) string, stderr io.Writer) (config, error) {
	fs := flag.NewFlagSet("release", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", "", "release `DIR` to write (created; existing checker files are replaced)")
	server := fs.String("server", "", "office server `URL` built into the checker (http or https)")
	pkg := fs.String("pkg", "soudan/checker", "import path of the checker")
	targets := fs.String("targets", strings.Join(Targets, ","), "comma-separated GOOS/GOARCH list")
	pkcs12 := fs.String("pkcs12", getenv("SOUDAN_SIGN_PKCS12"), "PKCS#12 code-signing `FILE` (default $SOUDAN_SIGN_PKCS12)")
	passFile := fs.String("pass-file", "", "`FILE` holding the PKCS#12 or key password (default $SOUDAN_SIGN_PASSWORD)")
	cert := fs.String("cert", getenv("SOUDAN_SIGN_CERT"), "PEM certificate `FILE` (with -key; default $SOUDAN_SIGN_CERT)")
	key := fs.String("key", getenv("SOUDAN_SIGN_KEY"), "PEM private key `FILE` (with -cert; default $SOUDAN_SIGN_KEY)")
	if err := fs.Parse(args); err != nil {
		return config{}, err
	}
	if fs.NArg() > 0 {
		return config{}, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	cfg := config{Out: *out, Server: strings.TrimSuffix(*server, "/"), Pkg: *pkg,
		PKCS12: *pkcs12, Cert: *cert, Key: *key, Stderr: stderr}
	if cfg.Out == "" {
		return cfg, errors.New("-out is required")
	}
	u, err := url.Parse(cfg.Server)
	if cfg.Server == "" || err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" ||
		strings.ContainsAny(cfg.Server, " \t'\"") {
		return cfg, fmt.Errorf("-server must be an http(s) URL, got %q", *server)
	}
	for _, t := range strings.Split(*targets, ",") {
		t = strings.TrimSpace(t)
		if !knownTarget(t) {
			return cfg, fmt.Errorf("unknown target %q; known: %s", t, strings.Join(Targets, ","))
		}
		cfg.Targets = append(cfg.Targets, t)
	}
	if cfg.PKCS12 != "" && (cfg.Cert != "" || cfg.Key != "") {
		return cfg, errors.New("use either -pkcs12 or -cert and -key, not both")
	}
	if (cfg.Cert == "") != (cfg.Key == "") {
		return cfg, errors.New("-cert and -key go together")
	}
	cfg.Password = getenv("SOUDAN_SIGN_PASSWORD")
	if *passFile != "" {
		b, err := os.ReadFile(*passFile)
		if err != nil {
			return cfg, err
		}
		cfg.Password = strings.TrimRight(string(b), "\r\n")
	}
	return cfg, nil
}

func knownTarget(t string) bool {
	for _, k := range Targets {
		if k == t {
			return true
		}
	}
	return false
}

// build writes the release directory.
func build(ctx context.Context, cfg config) error {
	if err := os.MkdirAll(cfg.Out, 0o755); err != nil {
		return err
	}
	if cfg.signing() {
		if _, err := exec.LookPath("osslsigncode"); err != nil {
			return errors.New("a signing certificate is configured but osslsigncode is not installed")
		}
	}
	var written []string
	for _, t := range cfg.Targets {
		goos, goarch, _ := strings.Cut(t, "/")
		name := FileName(goos, goarch)
		dst := filepath.Join(cfg.Out, name)
		cmd := command(ctx, cfg, "go", "build", "-trimpath",
			"-ldflags", "-s -w -X main.buildServer="+cfg.Server, "-o", dst, cfg.Pkg)
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS="+goos, "GOARCH="+goarch)
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("build %s: %w", t, err)
		}
		if goos == "windows" && cfg.signing() {
			if err := sign(ctx, cfg, dst); err != nil {
				return fmt.Errorf("sign %s: %w", name, err)
			}
		}
		fmt.Fprintf(cfg.Stderr, "release: %s\n", name)
		written = append(written, name)
	}
	return writeSums(cfg.Out, written)
}

func command(ctx context.Context, cfg config, name string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Stdout, cmd.Stderr = cfg.Stderr, cfg.Stderr
	cmd.WaitDelay = 5 * time.Second
	return cmd
}

// sign signs the Windows binary at path in place with osslsigncode.
func sign(ctx context.Context, cfg config, path string) error {
	tmp, err := os.MkdirTemp("", "soudan-sign-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	signed := filepath.Join(tmp, "signed.exe")
	args := []string{"sign"}
	if cfg.PKCS12 != "" {
		args = append(args, "-pkcs12", cfg.PKCS12)
	} else {
		args = append(args, "-certs", cfg.Cert, "-key", cfg.Key)
	}
	if cfg.Password != "" {
		pf := filepath.Join(tmp, "pass")
		if err := os.WriteFile(pf, []byte(cfg.Password), 0o600); err != nil {
			return err
		}
		args = append(args, "-readpass", pf)
	}
	args = append(args, "-h", "sha256", "-n", "soudan readiness checker", "-i", cfg.Server,
		"-in", path, "-out", signed)
	if err := command(ctx, cfg, "osslsigncode", args...).Run(); err != nil {
		return err
	}
	b, err := os.ReadFile(signed)
	if err != nil {
		return err
	}
	return os.WriteFile(path, b, 0o755)
}

// writeSums writes SHA256SUMS in sha256sum's format over the release files
// that exist in dir (the ones just built and any left from an earlier run of
// other targets).
func writeSums(dir string, names []string) error {
	all := map[string]bool{}
	for _, n := range names {
		all[n] = true
	}
	for _, t := range Targets {
		goos, goarch, _ := strings.Cut(t, "/")
		if _, err := os.Stat(filepath.Join(dir, FileName(goos, goarch))); err == nil {
			all[FileName(goos, goarch)] = true
		}
	}
	sorted := make([]string, 0, len(all))
	for n := range all {
		sorted = append(sorted, n)
	}
	sort.Strings(sorted)
	var b strings.Builder
	for _, n := range sorted {
		f, err := os.Open(filepath.Join(dir, n))
		if err != nil {
			return err
		}
		h := sha256.New()
		_, err = io.Copy(h, f)
		f.Close()
		if err != nil {
			return err
		}
		fmt.Fprintf(&b, "%s  %s\n", hex.EncodeToString(h.Sum(nil)), n)
	}
	return os.WriteFile(filepath.Join(dir, "SHA256SUMS"), []byte(b.String()), 0o644)
}
