package main

import (
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	"soudan/internal/mailer/smtptest"
	"soudan/internal/store"
	"soudan/internal/store/storetest"
)

// freePort returns a loopback port nothing listens on now.
func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// TestCheckerDownloadBoundToReservation: a release directory built by
// cmd/release for this machine, with the server's URL built in, is served
// through readinessDownload; the downloaded file, run with no arguments but
// --yes, finds its upload code in its own name, uploads, and staff see the
// report in the queue. After the reservation ended, the same file is
// refused with a message that says so.
func TestCheckerDownloadBoundToReservation(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a release of the checker")
	}
	port := freePort(t)
	base := fmt.Sprintf("http://127.0.0.1:%d", port)
	rel := filepath.Join(t.TempDir(), "release")
	build := exec.Command("go", "run", "../cmd/release", "-out", rel, "-server", base,
		"-targets", runtime.GOOS+"/"+runtime.GOARCH)
	build.Env = append(os.Environ(), "SOUDAN_SIGN_PKCS12=", "SOUDAN_SIGN_CERT=", "SOUDAN_SIGN_KEY=")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("release: %v\n%s", err, out)
	}

	storetest.ForEachDialectInTurn(t, func(t *testing.T, d store.Dialect) {
		db := dbEnv(t, d)
		smtpd := smtptest.Start(t)
		env := map[string]string{"SOUDAN_DB": db, "SOUDAN_SMTP_URL": smtpd.URL(), "SOUDAN_CHECKER_DIR": rel,
			"SOUDAN_ADDR": fmt.Sprintf("127.0.0.1:%d", port), "SOUDAN_PUBLIC_URL": base,
			"SOUDAN_CLOCK_START": "2026-04-27T10:00:00+09:00", "SOUDAN_ADMIN_EMAIL": adminEmail, "SOUDAN_ADMIN_PASSWORD": adminPassword}
		ts := startServer(t, env)
		admin := signIn(t, ts, adminEmail, adminPassword)
		_, alice := eligibleJobSeeker(t, ts, smtpd, admin, "dl@example.jp", "45040-81")
		_, bob := eligibleJobSeeker(t, ts, smtpd, admin, "dl-other@example.jp", "45040-82")
		var terms struct{ CurrentTerms struct{ ID string } }
		ts.gql(t, "", `{ currentTerms { id } }`, nil).mustData(t, &terms)
		var booked struct{ RequestReservation struct{ ID string } }
		book(ts, t, alice, "2026-05-07T10:00:00+09:00", "45040-81", terms.CurrentTerms.ID).mustData(t, &booked)
		id := booked.RequestReservation.ID

		var plats struct{ CheckerPlatforms []struct{ Os, Arch string } }
		ts.gql(t, "", `{ checkerPlatforms { os arch } }`, nil).mustData(t, &plats)
		if len(plats.CheckerPlatforms) != 1 || plats.CheckerPlatforms[0].Os != runtime.GOOS || plats.CheckerPlatforms[0].Arch != runtime.GOARCH {
			t.Errorf("checkerPlatforms = %+v, want this machine's build only", plats.CheckerPlatforms)
		}

		const dl = `mutation($id: ID!, $os: String!, $arch: String!) { readinessDownload(reservationId: $id, os: $os, arch: $arch) { url fileName expiresAt } }`
		vars := map[string]any{"id": id, "os": runtime.GOOS, "arch": runtime.GOARCH}
		if r := ts.gql(t, bob, dl, vars); r.code() != "NOT_FOUND" {
			t.Errorf("download for another's reservation: %+v, want NOT_FOUND", r.Errors)
		}
		if r := ts.gql(t, "", dl, vars); r.code() != "UNAUTHENTICATED" {
			t.Errorf("download without sign-in: %+v, want UNAUTHENTICATED", r.Errors)
		}
		if r := ts.gql(t, alice, dl, map[string]any{"id": id, "os": "plan9", "arch": "386"}); r.code() != "VALIDATION" {
			t.Errorf("download of a build the server lacks: %+v, want VALIDATION", r.Errors)
		}
		var got struct {
			ReadinessDownload struct {
				URL, FileName string
				ExpiresAt     time.Time
			}
		}
		ts.gql(t, alice, dl, vars).mustData(t, &got)
		rd := got.ReadinessDownload
		if !regexp.MustCompile(`^soudan-check-[23456789ABCDEFGHJKMNPQRSTVWXYZ]{6}(\.exe)?$`).MatchString(rd.FileName) {
			t.Errorf("fileName = %q", rd.FileName)
		}
		if want := time.Date(2026, 4, 28, 1, 0, 0, 0, time.UTC); rd.ExpiresAt.Before(want.Add(-time.Minute)) || rd.ExpiresAt.After(want.Add(time.Minute)) {
			t.Errorf("expiresAt = %v, want a day after the request", rd.ExpiresAt)
		}
		if !strings.HasPrefix(rd.URL, base+"/") {
			t.Fatalf("url = %q, want one on %s", rd.URL, base)
		}

		// GET the URL and save the file under the name it is served with.
		resp, err := http.Get(rd.URL)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || !strings.Contains(resp.Header.Get("Content-Disposition"), `filename="`+rd.FileName+`"`) {
			t.Fatalf("GET url: %d %q", resp.StatusCode, resp.Header.Get("Content-Disposition"))
		}
		release, _ := os.ReadFile(filepath.Join(rel, "soudan-check-"+runtime.GOOS+"-"+runtime.GOARCH))
		if !bytes.Equal(body, release) {
			t.Errorf("the download is not the release build")
		}
		u, _ := url.Parse(rd.URL)
		if code, _ := get(t, base+strings.Replace(u.Path, "soudan-check-", "soudan-check-2", 1)); code != http.StatusNotFound {
			t.Errorf("GET with another file name: %d, want 404", code)
		}
		saved := filepath.Join(t.TempDir(), rd.FileName)
		if err := os.WriteFile(saved, body, 0o755); err != nil {
			t.Fatal(err)
		}

		// An unknown code is refused with a code.
		r := ts.gql(t, "", `mutation { submitReadinessReportWithCode(code: "ZZZZZZ", report: {overall: PASS, rulesVersion: "x", os: "linux", checks: []}) { overall } }`, nil)
		if r.code() != "NOT_FOUND" {
			t.Errorf("unknown code: %+v, want NOT_FOUND", r.Errors)
		}

		// Double-click equivalent: no arguments but --yes.
		stdout, stderr, code := runDownloaded(t, saved, "--yes")
		if !strings.Contains(stdout, "ハローワークに送信しました") || !strings.Contains(stdout, "送信コード "+strings.TrimSuffix(strings.TrimPrefix(rd.FileName, "soudan-check-"), ".exe")) || code > 3 {
			t.Fatalf("downloaded checker: exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
		}
		var q struct {
			Queue struct {
				Reservations []struct {
					ID        string
					Readiness *struct {
						Overall, Os string
						Checks      []struct{ ID, Status string }
					}
				}
			}
		}
		ts.gql(t, admin, `{ queue(date: "2026-05-07") { reservations { id readiness { overall os checks { id status } } } } }`, nil).mustData(t, &q)
		if len(q.Queue.Reservations) != 1 || q.Queue.Reservations[0].ID != id || q.Queue.Reservations[0].Readiness == nil ||
			q.Queue.Reservations[0].Readiness.Os != runtime.GOOS || len(q.Queue.Reservations[0].Readiness.Checks) != 12 {
			t.Fatalf("queue = %+v, want the reservation with the uploaded report", q.Queue)
		}

		// After the reservation ended (10:00–10:30), the same file is refused.
		ts.stop(t)
		env["SOUDAN_CLOCK_START"] = "2026-05-07T11:00:00+09:00"
		ts = startServer(t, env)
		stdout, stderr, code = runDownloaded(t, saved, "--yes")
		if code != 5 || !strings.Contains(stderr, "予約はすでに終了しています") {
			t.Errorf("after the end: exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
		}
		if code, _ := get(t, rd.URL); code != http.StatusGone {
			t.Errorf("GET the download URL ten days later: %d, want 410", code)
		}
		if r := ts.gql(t, alice, dl, vars); r.code() != "CONFLICT" {
			t.Errorf("download after the end: %+v, want CONFLICT", r.Errors)
		}
	})
}

// runDownloaded runs a downloaded checker with args in its own directory.
func runDownloaded(t *testing.T, path string, args ...string) (string, string, int) {
	t.Helper()
	cmd := exec.Command(path, args...)
	cmd.Dir = filepath.Dir(path)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	cmd.WaitDelay = 5 * time.Second
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return out.String(), errOut.String(), code
}

// TestUploadCodeIsRateLimited: guessing upload codes costs an anonymous
// caller its mutation budget; every refusal carries extensions.code.
func TestUploadCodeIsRateLimited(t *testing.T) {
	ts := startServer(t, map[string]string{"SOUDAN_DB": dbEnv(t, store.SQLite), "SOUDAN_RATE_ANONYMOUS": "3"})
	const m = `mutation { submitReadinessReportWithCode(code: "K7Q2M9", report: {overall: PASS, rulesVersion: "x", os: "linux", checks: []}) { overall } }`
	codes := map[string]int{}
	for range 6 {
		r := ts.gql(t, "", m, nil)
		if r.code() == "" {
			t.Fatalf("no extensions.code: %+v", r)
		}
		codes[r.code()]++
	}
	if codes["NOT_FOUND"] == 0 || codes["RATE_LIMITED"] == 0 {
		t.Errorf("codes = %v, want NOT_FOUND then RATE_LIMITED", codes)
	}
	var p struct{ CheckerPlatforms []struct{ Os string } }
	ts.gql(t, "", `{ checkerPlatforms { os } }`, nil).mustData(t, &p)
	if len(p.CheckerPlatforms) != 0 {
		t.Errorf("checkerPlatforms without SOUDAN_CHECKER_DIR = %+v, want none", p.CheckerPlatforms)
	}
}
