package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"soudan/checker/checks"
	"soudan/checker/probe"
	"soudan/checker/report"
	"soudan/checker/rules"
)

var update = flag.Bool("update", false, "update golden files instead of comparing")

// fakeHost answers every probe with fixed facts: a patched Windows 11 25H2
// Pro PC with one problem (an old Zoom) and a running recorder.
type fakeHost struct{}

func (fakeHost) OS(context.Context) (probe.OSInfo, error) {
	return probe.WindowsOS(probe.WinCurrentVersion{CurrentBuildNumber: "26200", UBR: 7171, DisplayVersion: "25H2", EditionID: "Professional", ProductName: "Windows 10 Pro"})
}
func (fakeHost) Patches(context.Context) (probe.PatchInfo, error) {
	return probe.PatchInfo{}, errors.ErrUnsupported
}
func (fakeHost) Firewall(context.Context) (probe.FirewallInfo, error) {
	return probe.FirewallInfo{State: probe.FirewallOn, Method: "registry", Detail: "EnableFirewall=1 for Private and Public profiles"}, nil
}
func (fakeHost) Antivirus(context.Context) (probe.AVInfo, error) {
	return probe.AVInfo{Products: []probe.AVProduct{{Name: "Windows Defender", ProductState: 0x061100}}}, nil
}
func (fakeHost) Installed(context.Context) (probe.Software, error) {
	return probe.Software{Names: []string{"ShareX.exe"}}, nil
}
func (fakeHost) Running(context.Context) ([]string, error) {
	return []string{"explorer.exe", "obs64.exe", "SharePoint.exe"}, nil
}
func (fakeHost) WiFi(context.Context) (probe.WiFiSecurity, error) { return probe.WiFiWPA3, nil }
func (fakeHost) Zoom(context.Context) (probe.AppInfo, error) {
	return probe.AppInfo{Name: "zoom", Found: true, Version: "5.17.11", Where: "uninstall key"}, nil
}
func (fakeHost) Browsers(context.Context) ([]probe.AppInfo, error) {
	return []probe.AppInfo{{Name: "edge", Found: true, Version: "142.0.3595.53"}}, nil
}
func (fakeHost) Camera(context.Context) (probe.CameraInfo, error) {
	return probe.CameraInfo{Count: 1}, nil
}
func (fakeHost) Reach(context.Context, string) error { return nil }

var fixedNow = time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)

func testEnv(out, errOut *bytes.Buffer) env {
	return env{stdout: out, stderr: errOut, host: fakeHost{}, now: func() time.Time { return fixedNow }, embedded: rules.Embedded, goos: "windows"}
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s mismatch (-want +got):\n%s", name, diff)
	}
}

func TestGoldenReports(t *testing.T) {
	for _, tt := range []struct {
		file string
		args []string
	}{
		{"report.json.golden", []string{"--json"}},
		{"report_en.json.golden", []string{"--json", "--lang", "en"}},
		{"report_ja.txt.golden", nil},
		{"report_en.txt.golden", []string{"--lang", "en"}},
	} {
		t.Run(tt.file, func(t *testing.T) {
			var out, errOut bytes.Buffer
			code := run(context.Background(), tt.args, testEnv(&out, &errOut))
			if code != report.ExitFail {
				t.Errorf("run(%q) = %d, want %d (old Zoom is a required FAIL)", tt.args, code, report.ExitFail)
			}
			golden(t, tt.file, out.Bytes())
		})
	}
}

func TestUsageAndExplain(t *testing.T) {
	tests := []struct {
		args     []string
		wantCode int
		wantOut  string
	}{
		{[]string{"--lang", "fr"}, report.ExitUsage, ""},
		{[]string{"--bogus"}, report.ExitUsage, ""},
		{[]string{"extra"}, report.ExitUsage, ""},
		{[]string{"--explain", "no.such"}, report.ExitUsage, ""},
		{[]string{"--explain", "firewall.enabled", "--lang", "en"}, 0, "EnableFirewall"},
		{[]string{"--explain", "p2p.absent"}, 0, "完全一致"},
	}
	for _, tt := range tests {
		var out, errOut bytes.Buffer
		code := run(context.Background(), tt.args, testEnv(&out, &errOut))
		if code != tt.wantCode || !strings.Contains(out.String(), tt.wantOut) {
			t.Errorf("run(%q) = %d, %q; want %d and output containing %q", tt.args, code, out.String(), tt.wantCode, tt.wantOut)
		}
	}
}

func TestRulesExpiredOrUnreadable(t *testing.T) {
	for name, e := range map[string]func(env) env{
		"expired":    func(e env) env { e.now = func() time.Time { return fixedNow.AddDate(1, 0, 0) }; return e },
		"unreadable": func(e env) env { e.embedded = []byte("{"); return e },
	} {
		t.Run(name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			code := run(context.Background(), []string{"--lang", "en"}, e(testEnv(&out, &errOut)))
			if code != report.ExitRules || !strings.Contains(errOut.String(), "download a new checker") {
				t.Errorf("run() = %d, stderr %q; want %d with an explanation", code, errOut.String(), report.ExitRules)
			}
		})
	}
}

func TestServerRules(t *testing.T) {
	doc := strings.Replace(string(rules.Embedded), `"2026.11.27-1"`, `"server-7"`, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/graphql" || r.Method != http.MethodPost {
			http.NotFound(w, r)
			return
		}
		json.NewEncoder(w).Encode(map[string]any{"data": map[string]any{"environmentRules": map[string]any{
			"version": "server-7", "document": doc, "expiresAt": "2027-02-28T00:00:00Z"}}})
	}))
	defer srv.Close()
	var out, errOut bytes.Buffer
	e := testEnv(&out, &errOut)
	e.fetch = fetchRules
	run(context.Background(), []string{"--json", "--server", srv.URL}, e)
	var got report.JSONReport
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if got.RulesVersion != "server-7" {
		t.Errorf("rulesVersion = %q, want server-7", got.RulesVersion)
	}

	// Offline: fall back to the embedded rules and say how old they are.
	out.Reset()
	e.fetch = func(context.Context, string) ([]byte, error) { return nil, errors.New("dial tcp: connection refused") }
	run(context.Background(), []string{"--lang", "en", "--server", "http://127.0.0.1:1"}, e)
	if !strings.Contains(out.String(), "using the built-in rules") || !strings.Contains(out.String(), "1 days ago") {
		t.Errorf("offline report does not explain the fallback:\n%s", out.String())
	}
}

func TestDecodeRulesResponseError(t *testing.T) {
	_, err := decodeRulesResponse([]byte(`{"errors":[{"message":"Cannot query field \"environmentRules\""}]}`))
	if err == nil || !strings.Contains(err.Error(), "environmentRules") {
		t.Errorf("decodeRulesResponse(error) = %v, want the server's message", err)
	}
}

// TestLiveRun runs the built checker on this machine.
func TestLiveRun(t *testing.T) {
	if testing.Short() {
		t.Skip("live run")
	}
	bin := filepath.Join(t.TempDir(), "checker")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	start := time.Now()
	cmd := exec.Command(bin, "--json")
	out, err := cmd.Output()
	elapsed := time.Since(start)
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	if elapsed > 10*time.Second {
		t.Errorf("live run took %v, want a few seconds", elapsed)
	}
	var rep report.JSONReport
	if err := json.Unmarshal(out, &rep); err != nil {
		t.Fatalf("invalid JSON: %v\n%s", err, out)
	}
	var ids []string
	for _, c := range rep.Checks {
		ids = append(ids, c.ID)
		if c.ID == "network.reachable" && c.Status == report.Pass {
			t.Logf("network.reachable PASS: this machine is online")
		}
	}
	if diff := cmp.Diff(rules.CheckIDs, ids); diff != "" {
		t.Errorf("check ids (-want +got):\n%s", diff)
	}
	if want := report.ExitCode(rep.Overall); code != want {
		t.Errorf("exit code %d, want %d for overall %s", code, want, rep.Overall)
	}
	if rep.SchemaVersion != report.SchemaVersion || rep.RulesVersion == "" || rep.OS == "" || rep.CheckedAt == "" {
		t.Errorf("missing header fields: %+v", rep)
	}
	t.Logf("live: overall %s in %v", rep.Overall, elapsed)
}

var _ = checks.All

func TestSubmit(t *testing.T) {
	var gotAuth, gotQuery string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body struct {
			Query     string            `json:"query"`
			Variables map[string]string `json:"variables"`
		}
		json.NewDecoder(r.Body).Decode(&body)
		gotAuth, gotQuery = r.Header.Get("Authorization"), body.Query
		if strings.Contains(body.Query, "environmentRules") {
			http.Error(w, "no", http.StatusInternalServerError)
			return
		}
		// The mutation does not exist on the server yet.
		w.Write([]byte(`{"errors":[{"message":"Cannot query field \"submitReadinessReport\" on type \"Mutation\"."}]}`))
	}))
	defer srv.Close()

	tests := []struct {
		name       string
		args       []string
		stdin      string
		wantStderr string
		wantCode   int
	}{
		{"needs token", []string{"--submit", "R1", "--server", srv.URL}, "", "needs --server and --token", report.ExitUsage},
		{"declined", []string{"--lang", "en", "--submit", "R1", "--server", srv.URL, "--token", "T"}, "n\n", "Not sent.", report.ExitFail},
		{"server error is shown", []string{"--lang", "en", "--submit", "R1", "--server", srv.URL, "--token", "T", "--yes"}, "", "submitReadinessReport", report.ExitFail},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			e := testEnv(&out, &errOut)
			e.fetch = fetchRules
			e.stdin = strings.NewReader(tt.stdin)
			code := run(context.Background(), tt.args, e)
			if code != tt.wantCode || !strings.Contains(errOut.String(), tt.wantStderr) {
				t.Errorf("run(%q) = %d, stderr %q; want %d and %q", tt.args, code, errOut.String(), tt.wantCode, tt.wantStderr)
			}
		})
	}
	if gotAuth != "Bearer T" || !strings.Contains(gotQuery, "submitReadinessReport") {
		t.Errorf("server saw auth %q query %q", gotAuth, gotQuery)
	}
}
