package main

import (
	"bytes"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/japanese"

	"soudan/internal/store/storetest"
)

func contains(s, sub string) bool { return strings.Contains(s, sub) }

// runServerCommand runs the server binary with args to completion.
func runServerCommand(t testing.TB, env map[string]string, args ...string) (string, error) {
	t.Helper()
	cmd := exec.Command(serverBin, args...)
	cmd.Dir = t.TempDir()
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + cmd.Dir, "SOUDAN_DATA_KEY=" + testDataKey}
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		return out.String(), err
	case <-time.After(60 * time.Second):
		_ = cmd.Process.Kill()
		t.Fatalf("server %v did not finish:\n%s", args, out.String())
		return "", nil
	}
}

func TestCommands(t *testing.T) {
	dir := t.TempDir()
	db := dir + "/soudan.db"
	env := map[string]string{"SOUDAN_DB": db}

	t.Run("Migrate", func(t *testing.T) {
		out, err := runServerCommand(t, env, "migrate")
		if err != nil || !contains(out, "database is up to date") {
			t.Fatalf("migrate: %v\n%s", err, out)
		}
	})
	t.Run("ImportHolidays", func(t *testing.T) {
		// A Cabinet Office style file (Shift_JIS) that makes 2030-05-07 a
		// holiday; the import replaces 2030's computed holidays.
		csv := "国民の祝日・休日月日,国民の祝日・休日名称\r\n2030/1/1,元日\r\n2030/5/7,休日\r\n"
		sjis, err := japanese.ShiftJIS.NewEncoder().String(csv)
		if err != nil {
			t.Fatal(err)
		}
		path := dir + "/syukujitsu.csv"
		if err := os.WriteFile(path, []byte(sjis), 0o600); err != nil {
			t.Fatal(err)
		}
		out, err := runServerCommand(t, env, "import-holidays", path)
		if err != nil || !contains(out, "imported 2 holidays") {
			t.Fatalf("import-holidays: %v\n%s", err, out)
		}
		ts := startServer(t, env)
		var got struct {
			Calendar []struct {
				Date   string
				Open   bool
				Reason *string
			}
		}
		ts.gql(t, "", `{ calendar(from: "2030-05-06", to: "2030-05-07") { date open reason } }`, nil).mustData(t, &got)
		// 2030-05-06 is 振替休日 by rule, but the imported year wins.
		if len(got.Calendar) != 2 || !got.Calendar[0].Open || got.Calendar[1].Open || got.Calendar[1].Reason == nil || *got.Calendar[1].Reason != "休日" {
			t.Errorf("calendar after import = %+v, want 05-06 open and 05-07 closed (休日)", got.Calendar)
		}
		ts.stop(t)
	})
	t.Run("ImportHolidaysRejectsBadFile", func(t *testing.T) {
		path := dir + "/bad.csv"
		if err := os.WriteFile(path, []byte("date,name\n2030/5/7,x\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		if out, err := runServerCommand(t, env, "import-holidays", path); err == nil {
			t.Errorf("import of a file without the header succeeded:\n%s", out)
		}
	})
	t.Run("CreateAdmin", func(t *testing.T) {
		out, err := runServerCommand(t, env, "create-admin", "-email", "boss@soudan.test", "-password", "boss-password-1")
		if err != nil || !contains(out, "administrator created") {
			t.Fatalf("create-admin: %v\n%s", err, out)
		}
		if out, err := runServerCommand(t, env, "create-admin", "-email", "boss@soudan.test", "-password", "boss-password-1"); err == nil {
			t.Errorf("second create-admin with the same e-mail succeeded:\n%s", out)
		}
		if out, err := runServerCommand(t, env, "create-admin", "-email", "x@soudan.test", "-password", "short"); err == nil {
			t.Errorf("create-admin with a short password succeeded:\n%s", out)
		}
		ts := startServer(t, env)
		signIn(t, ts, "boss@soudan.test", "boss-password-1")
		ts.stop(t)
	})
	t.Run("RotateKey", func(t *testing.T) {
		// The admin created above has no sealed data; sign up a job seeker
		// (phone, mail body and its My Page copy sealed under the test key, k1).
		ts := startServer(t, env)
		signUp(t, ts, "rotate@example.jp", "45040-909")
		ts.stop(t)
		rotated := map[string]string{"SOUDAN_DB": db, "SOUDAN_DATA_KEY": "k2:ZmVkY2JhOTg3NjU0MzIxMGZlZGNiYTk4NzY1NDMyMTA=,k1:" + testDataKey}
		out, err := runServerCommand(t, rotated, "rotate-key")
		if err != nil || !contains(out, "re-encrypted 4 values under key k2") {
			t.Fatalf("rotate-key: %v\n%s", err, out)
		}
		onlyNew := map[string]string{"SOUDAN_DB": db, "SOUDAN_DATA_KEY": "k2:ZmVkY2JhOTg3NjU0MzIxMGZlZGNiYTk4NzY1NDMyMTA="}
		if out, err := runServerCommand(t, onlyNew, "rotate-key"); err != nil || !contains(out, "re-encrypted 0 values") {
			t.Errorf("rotate-key with the new key alone: %v\n%s", err, out)
		}
	})
	t.Run("RefusesNewerSchema", func(t *testing.T) {
		st := storetest.OpenDSN(t, db, false)
		if _, err := st.DB().Exec("INSERT INTO goose_db_version (version_id, is_applied, tstamp) VALUES (9999, TRUE, CURRENT_TIMESTAMP)"); err != nil {
			t.Fatal(err)
		}
		_ = st.Close()
		out, err := runServerCommand(t, env)
		if err == nil || !contains(out, "newer than this build") {
			t.Errorf("server on a newer schema: err %v, output:\n%s", err, out)
		}
	})
	t.Run("RefusesBadRulesDocument", func(t *testing.T) {
		path := dir + "/rules.json"
		if err := os.WriteFile(path, []byte(`{"version": ""}`), 0o600); err != nil {
			t.Fatal(err)
		}
		out, err := runServerCommand(t, map[string]string{"SOUDAN_DB": dir + "/rules-test.db", "SOUDAN_RULES_FILE": path})
		if err == nil || !contains(out, "SOUDAN_RULES_FILE") {
			t.Errorf("server with an invalid rules document: err %v, output:\n%s", err, out)
		}
	})
	t.Run("UnknownCommand", func(t *testing.T) {
		if out, err := runServerCommand(t, env, "frobnicate"); err == nil || !contains(out, "unknown command") {
			t.Errorf("unknown command: err %v, output %s", err, out)
		}
	})
}
