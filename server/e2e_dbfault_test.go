package main

import (
	"net/http"
	"os"
	"os/exec"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"soudan/internal/store"
)

// mariadbUp reports whether the local MariaDB answers.
func mariadbUp() bool {
	return exec.Command("mariadb-admin", "-uroot", "--connect-timeout=1", "ping").Run() == nil
}

func startMariaDB(t *testing.T) {
	t.Helper()
	if err := exec.Command("start-stop-daemon", "--start", "--oknodo", "--background", "--exec", "/usr/sbin/mariadbd").Run(); err != nil {
		t.Fatalf("starting MariaDB: %v", err)
	}
	for deadline := time.Now().Add(60 * time.Second); !mariadbUp(); time.Sleep(100 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("MariaDB did not come back within 60 s")
		}
	}
}

// TestDatabaseOutage stops MariaDB for 10 s under load: requests fail fast
// with UNAVAILABLE, /readyz answers 503, the server does not crash, and
// full service returns within 5 s of the database. It stops the machine's
// MariaDB, so it runs only when SOUDAN_TEST_DB_FAULTS=1 (the last step of
// .ci/run, when nothing else uses the database).
func TestDatabaseOutage(t *testing.T) {
	if os.Getenv("SOUDAN_TEST_DB_FAULTS") != "1" {
		t.Skip("SOUDAN_TEST_DB_FAULTS is not set: this test stops MariaDB")
	}
	ts := startServer(t, map[string]string{"SOUDAN_DB": dbEnv(t, store.MySQL), "SOUDAN_RATE_ANONYMOUS": "100000"})
	t.Cleanup(func() {
		if !mariadbUp() {
			startMariaDB(t)
		}
	})

	// Load: 8 clients asking for the office (a database read) in a loop.
	var stop atomic.Bool
	var mu sync.Mutex
	codes := map[string]int{}
	var slowest time.Duration
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for !stop.Load() {
				start := time.Now()
				r := ts.gql(t, "", `{ office { code } }`, nil)
				d := time.Since(start)
				mu.Lock()
				codes[r.code()]++
				if r.code() != "" {
					slowest = max(slowest, d)
				}
				mu.Unlock()
				time.Sleep(20 * time.Millisecond)
			}
		})
	}
	time.Sleep(500 * time.Millisecond)

	if err := exec.Command("mariadb-admin", "-uroot", "shutdown").Run(); err != nil {
		t.Fatalf("stopping MariaDB: %v", err)
	}
	time.Sleep(2 * time.Second)
	if code, _ := get(t, ts.URL+"/readyz"); code != http.StatusServiceUnavailable {
		t.Errorf("/readyz with the database down = %d, want 503", code)
	}
	if code, _ := get(t, ts.URL+"/healthz"); code != http.StatusOK {
		t.Errorf("/healthz with the database down = %d, want 200 (the process is up)", code)
	}
	time.Sleep(8 * time.Second)

	startMariaDB(t)
	back := time.Now()
	recovered := time.Duration(-1)
	for time.Since(back) < 10*time.Second {
		if r := ts.gql(t, "", `{ office { code } }`, nil); r.code() == "" {
			recovered = time.Since(back)
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	stop.Store(true)
	wg.Wait()

	t.Logf("outcomes during the run: %v; slowest failure %v; recovered %v after the database", codes, slowest, recovered)
	if recovered < 0 || recovered > 5*time.Second {
		t.Errorf("service came back %v after the database, want within 5 s", recovered)
	}
	for code, n := range codes {
		if code != "" && code != "UNAVAILABLE" {
			t.Errorf("%d requests failed with %q, want only UNAVAILABLE", n, code)
		}
	}
	if codes["UNAVAILABLE"] == 0 {
		t.Errorf("no request saw UNAVAILABLE during a 10 s outage")
	}
	if slowest > 6*time.Second {
		t.Errorf("a failing request took %v, want within the operation timeout", slowest)
	}
	if code, _ := get(t, ts.URL+"/readyz"); code != http.StatusOK {
		t.Errorf("/readyz after recovery = %d, want 200", code)
	}
}
