package web

import (
	"os"
	"os/exec"
	"testing"
)

// TestBrowser runs the Playwright browser tests (web/tests) against the
// real server binary, on SQLite or, with SOUDAN_TEST_MYSQL, on MySQL. It
// skips when web/node_modules or Chromium is missing, unless
// SOUDAN_TEST_REQUIRE_BROWSER=1 (CI), and when SOUDAN_TEST_BROWSER=off
// (for a run that has them in a step of its own).
func TestBrowser(t *testing.T) {
	if os.Getenv("SOUDAN_TEST_BROWSER") == "off" {
		t.Skip("SOUDAN_TEST_BROWSER=off")
	}
	chromium := os.Getenv("SOUDAN_CHROMIUM")
	if chromium == "" {
		chromium = "/usr/bin/chromium"
	}
	for _, need := range []string{"node_modules/.bin/playwright", chromium} {
		if _, err := os.Stat(need); err != nil {
			if os.Getenv("SOUDAN_TEST_REQUIRE_BROWSER") == "1" {
				t.Fatalf("browser tests required, but %s is missing (run npm ci in web/ and install chromium)", need)
			}
			t.Skipf("%s is missing: run npm ci in web/ to include the browser tests", need)
		}
	}
	cmd := exec.Command("node_modules/.bin/playwright", "test")
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	cmd.Env = append(os.Environ(), "CI=1")
	if err := cmd.Run(); err != nil {
		t.Fatalf("playwright test: %v", err)
	}
}
