package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"soudan/checker/report"
)

func TestCodeFromName(t *testing.T) {
	for name, want := range map[string]string{
		"soudan-check-K7Q2M9.exe":        "K7Q2M9",
		"soudan-check-K7Q2M9 (1).exe":    "K7Q2M9", // Chrome, Edge
		"soudan-check-K7Q2M9(2).exe":     "K7Q2M9", // Firefox
		"soudan-check-K7Q2M9":            "K7Q2M9", // macOS, Linux
		"soudan-check-K7Q2M9-2":          "K7Q2M9", // Safari
		"soudan-check-k7q2m9.exe":        "K7Q2M9",
		"soudan-check-K7Q2M9 (12).exe":   "K7Q2M9",
		"soudan-check-linux-amd64":       "", // a release build
		"soudan-check-windows-arm64.exe": "",
		"soudan-check-K7Q2M0.exe":        "", // 0 is not in the alphabet
		"soudan-check-K7Q2M.exe":         "",
		"checker":                        "",
		"soudan-check-K7Q2M9.exe.exe":    "",
	} {
		if got := codeFromName(name); got != want {
			t.Errorf("codeFromName(%q) = %q, want %q", name, got, want)
		}
	}
}

// TestUploadWithCode: the question, the upload with the code and no token,
// and the server's own message when it refuses.
func TestUploadWithCode(t *testing.T) {
	var gotAuth, gotBody string
	refuse := false
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		gotAuth, gotBody = r.Header.Get("Authorization"), string(b)
		if refuse {
			io.WriteString(w, `{"errors":[{"message":"その予約はすでに終了しています。","extensions":{"code":"CONFLICT","en":"ended"}}],"data":null}`)
			return
		}
		io.WriteString(w, `{"data":{"submitReadinessReportWithCode":{"overall":"PASS"}}}`)
	}))
	defer srv.Close()
	rep := report.Report{OS: "windows", RulesVersion: "r1", Overall: report.Ready}

	var out, errOut bytes.Buffer
	e := env{stdout: &out, stderr: &errOut, stdin: strings.NewReader("はい\n")}
	if !uploadWithCode(context.Background(), e, rep, "ja", srv.URL, "K7Q2M9", false) {
		t.Fatalf("upload failed: %s", errOut.String())
	}
	if !strings.Contains(out.String(), "ハローワークに送信しますか？") || !strings.Contains(out.String(), "ハローワークに送信しました") {
		t.Errorf("stdout:\n%s", out.String())
	}
	if gotAuth != "" || !strings.Contains(gotBody, `"code":"K7Q2M9"`) || !strings.Contains(gotBody, "submitReadinessReportWithCode") {
		t.Errorf("request: auth %q body %s", gotAuth, gotBody)
	}

	out.Reset()
	gotBody = ""
	e.stdin = strings.NewReader("n\n")
	uploadWithCode(context.Background(), e, rep, "ja", srv.URL, "K7Q2M9", false)
	if gotBody != "" || !strings.Contains(out.String(), "送信しませんでした") {
		t.Errorf("declined: sent %q, stdout %s", gotBody, out.String())
	}

	refuse = true
	errOut.Reset()
	if uploadWithCode(context.Background(), e, rep, "ja", srv.URL, "K7Q2M9", true) {
		t.Errorf("a refused upload reported success")
	}
	if !strings.Contains(errOut.String(), "その予約はすでに終了しています。") {
		t.Errorf("stderr %q, want the server's message", errOut.String())
	}
}

// TestDownloadedCheckerRun: a checker whose file name carries a code uses
// the built-in server, asks before sending and keeps the window open until
// a key is pressed; --yes sends without asking and closes at once. Without
// a code in its name nothing is sent.
func TestDownloadedCheckerRun(t *testing.T) {
	var posts int
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		if strings.Contains(string(b), "submitReadinessReportWithCode") {
			posts++
			io.WriteString(w, `{"data":{"submitReadinessReportWithCode":{"overall":"FAIL"}}}`)
			return
		}
		http.Error(w, "no rules here", http.StatusNotFound)
	}))
	defer srv.Close()
	runAs := func(exe, stdin string, args ...string) (string, int, int) {
		var out, errOut bytes.Buffer
		e := testEnv(&out, &errOut)
		e.stdin = strings.NewReader(stdin)
		e.exe, e.buildServer = exe, srv.URL
		e.fetch = fetchRules
		paused := 0
		e.pause = func(string) { paused++ }
		code := run(context.Background(), args, e)
		return out.String() + errOut.String(), paused, code
	}

	out, paused, _ := runAs(`C:\Users\a\Downloads\soudan-check-K7Q2M9 (1).exe`, "n\n")
	if !strings.Contains(out, "ハローワークに送信しますか？") || !strings.Contains(out, "送信コード K7Q2M9") || posts != 0 || paused != 1 {
		t.Errorf("declined: posts %d, paused %d\n%s", posts, paused, out)
	}
	out, paused, code := runAs("/tmp/soudan-check-K7Q2M9", "", "--yes")
	if posts != 1 || paused != 0 || strings.Contains(out, "送信しますか") || code != report.ExitFail {
		t.Errorf("--yes: posts %d, paused %d, exit %d\n%s", posts, paused, code, out)
	}
	out, paused, _ = runAs("/tmp/checker", "")
	if posts != 1 || paused != 0 || strings.Contains(out, "送信") {
		t.Errorf("no code: posts %d, paused %d\n%s", posts, paused, out)
	}
}
