package main

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"encoding/pem"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// selfSigned writes a throwaway code-signing certificate and its key (PEM)
// into dir.
func selfSigned(t *testing.T, dir string) (certFile, keyFile string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "soudan test signing"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageCodeSigning},
		BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kder, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	if err := os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: kder}), 0o600); err != nil {
		t.Fatal(err)
	}
	return certFile, keyFile
}

func TestParse(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	var buf bytes.Buffer
	for _, c := range []struct {
		args []string
		env  map[string]string
		want string
	}{
		{[]string{"-server", "https://x.example"}, nil, "-out is required"},
		{[]string{"-out", "d"}, nil, "-server must be"},
		{[]string{"-out", "d", "-server", "ftp://x"}, nil, "-server must be"},
		{[]string{"-out", "d", "-server", "https://x", "-targets", "plan9/386"}, nil, "unknown target"},
		{[]string{"-out", "d", "-server", "https://x", "-cert", "c"}, nil, "go together"},
		{[]string{"-out", "d", "-server", "https://x", "-cert", "c", "-key", "k"}, map[string]string{"SOUDAN_SIGN_PKCS12": "p"}, "either"},
	} {
		_, err := parse(c.args, env(c.env), &buf)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("parse(%q) = %v, want %q", c.args, err, c.want)
		}
	}
	cfg, err := parse([]string{"-out", "d", "-server", "https://soudan.example/"}, env(map[string]string{
		"SOUDAN_SIGN_PKCS12": "a.p12", "SOUDAN_SIGN_PASSWORD": "pw"}), &buf)
	if err != nil || cfg.Server != "https://soudan.example" || cfg.PKCS12 != "a.p12" || cfg.Password != "pw" || len(cfg.Targets) != 6 {
		t.Errorf("parse = %+v, %v", cfg, err)
	}
}

// TestBuild builds this machine's target and a signed windows/amd64 build,
// and checks the built-in server, SHA256SUMS and the signature.
func TestBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the checker twice")
	}
	if _, err := exec.LookPath("osslsigncode"); err != nil {
		t.Skip("osslsigncode not installed")
	}
	dir := t.TempDir()
	certFile, keyFile := selfSigned(t, t.TempDir())
	native := runtime.GOOS + "/" + runtime.GOARCH
	var log bytes.Buffer
	cfg := config{Out: filepath.Join(dir, "rel"), Server: "http://soudan.test:8080", Pkg: "soudan/checker",
		Targets: []string{native, "windows/amd64"}, Cert: certFile, Key: keyFile, Stderr: &log}
	if native == "windows/amd64" {
		cfg.Targets = cfg.Targets[:1]
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	if err := build(ctx, cfg); err != nil {
		t.Fatalf("build: %v\n%s", err, log.String())
	}

	sums, err := os.ReadFile(filepath.Join(cfg.Out, "SHA256SUMS"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(sums)), "\n")
	if len(lines) != 2 {
		t.Fatalf("SHA256SUMS:\n%s", sums)
	}
	for _, l := range lines {
		sum, name, ok := strings.Cut(l, "  ")
		b, err := os.ReadFile(filepath.Join(cfg.Out, name))
		h := sha256.Sum256(b)
		if !ok || err != nil || hex.EncodeToString(h[:]) != sum {
			t.Errorf("SHA256SUMS line %q does not match the file (%v)", l, err)
		}
	}

	goos, goarch, _ := strings.Cut(native, "/")
	run := func(name string, args ...string) *exec.Cmd {
		c := exec.Command(name, args...)
		c.WaitDelay = 5 * time.Second
		return c
	}
	out, err := run(filepath.Join(cfg.Out, FileName(goos, goarch)), "--version").CombinedOutput()
	if err != nil || !strings.Contains(string(out), "server=http://soudan.test:8080") {
		t.Errorf("--version: %s (%v), want the built-in server", out, err)
	}

	exe := filepath.Join(cfg.Out, FileName("windows", "amd64"))
	out, err = run("osslsigncode", "verify", "-CAfile", certFile, "-in", exe).CombinedOutput()
	if err != nil || !strings.Contains(string(out), "Signature verification: ok") {
		t.Errorf("osslsigncode verify: %v\n%s", err, out)
	}
	if b, _ := os.ReadFile(exe); bytes.Contains(b, []byte(dir)) {
		t.Errorf("the Windows binary holds the build directory: not built with -trimpath")
	}
}
