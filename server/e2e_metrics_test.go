package main

import (
	"bufio"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"soudan/internal/mailer/smtptest"
	"soudan/internal/store"
	"soudan/internal/store/storetest"
)

var metricsRE = regexp.MustCompile(`"msg":"serving metrics","addr":"([^"]+)"`)

// scrape reads /metrics and returns every sample by its name and labels
// as written (`name{label="value",…}`), and the names of the families.
func scrape(t *testing.T, url string) (samples map[string]float64, families map[string]bool) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: HTTP %d", url, resp.StatusCode)
	}
	samples, families = map[string]float64{}, map[string]bool{}
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if name, ok := strings.CutPrefix(line, "# TYPE "); ok {
			families[strings.Fields(name)[0]] = true
			continue
		}
		if line == "" || line[0] == '#' {
			continue
		}
		i := strings.LastIndexByte(line, ' ')
		v, err := strconv.ParseFloat(line[i+1:], 64)
		if err != nil {
			t.Fatalf("metrics line %q: %v", line, err)
		}
		samples[line[:i]] = v
	}
	return samples, families
}

func TestMetricsOnTheirOwnListener(t *testing.T) {
	storetest.ForEachDialectInTurn(t, func(t *testing.T, d store.Dialect) {
		smtpd := smtptest.Start(t)
		ts := startServer(t, map[string]string{"SOUDAN_DB": dbEnv(t, d), "SOUDAN_SMTP_URL": smtpd.URL(),
			"SOUDAN_ADMIN_EMAIL": adminEmail, "SOUDAN_ADMIN_PASSWORD": adminPassword, "SOUDAN_METRICS_ADDR": "127.0.0.1:0",
			"SOUDAN_CLOCK_START": e2eClockStart})
		m := metricsRE.FindStringSubmatch(ts.logs.String())
		if m == nil {
			t.Fatalf("no metrics address in the log:\n%s", ts.logs)
		}
		metricsURL := "http://" + m[1] + "/metrics"

		admin := signIn(t, ts, adminEmail, adminPassword)
		_, alice := eligibleJobSeeker(t, ts, smtpd, admin, "alice@example.jp", "45040-111")
		var q struct {
			AvailableSlots []struct{ StartsAt string }
			CurrentTerms   struct{ ID string }
		}
		today, _ := time.ParseInLocation("2006-01-02", e2eToday, time.FixedZone("JST", 9*3600))
		ts.gql(t, "", `query($from: Date!, $to: Date!) { availableSlots(from: $from, to: $to) { startsAt } currentTerms { id } }`,
			map[string]any{"from": today.Format("2006-01-02"), "to": today.AddDate(0, 0, 20).Format("2006-01-02")}).mustData(t, &q)
		if len(q.AvailableSlots) < 2 {
			t.Fatal("fewer than two slots in the next 20 days")
		}
		book(ts, t, alice, q.AvailableSlots[0].StartsAt, "45040-111", q.CurrentTerms.ID).mustData(t, &struct{}{})
		if r := book(ts, t, alice, q.AvailableSlots[1].StartsAt, "45040-111", q.CurrentTerms.ID); r.code() != "ALREADY_BOOKED" {
			t.Fatalf("second booking: %q, want ALREADY_BOOKED", r.code())
		}
		ws := dialWS(t, ts, alice)
		ws.subscribe("1", `subscription { myReservationEvents { id } }`, nil)

		var samples map[string]float64
		var families map[string]bool
		// The subscription starts asynchronously; scrape until it shows.
		for deadline := time.Now().Add(5 * time.Second); ; {
			samples, families = scrape(t, metricsURL)
			if samples["soudan_subscriptions"] >= 1 || time.Now().After(deadline) {
				break
			}
			time.Sleep(50 * time.Millisecond)
		}
		for _, family := range []string{
			"soudan_graphql_operations_total", "soudan_graphql_operation_duration_seconds", "soudan_bookings_total",
			"soudan_event_tailer_lag_events", "soudan_event_tailer_last_read_age_seconds",
			"soudan_websocket_connections", "soudan_subscriptions",
			"soudan_mail_outbox_pending", "soudan_mail_outbox_oldest_age_seconds", "soudan_access_log_dropped_total",
			"go_sql_open_connections", "go_sql_max_open_connections", "go_goroutines", "go_memstats_heap_alloc_bytes",
			"process_resident_memory_bytes",
		} {
			if !families[family] {
				t.Errorf("/metrics has no %s", family)
			}
		}
		for sample, want := range map[string]float64{
			`soudan_bookings_total{kind="site",outcome="OK"}`:                                                   1,
			`soudan_bookings_total{kind="site",outcome="ALREADY_BOOKED"}`:                                       1,
			`soudan_graphql_operations_total{operation="mutation requestReservation",outcome="OK"}`:             1,
			`soudan_graphql_operations_total{operation="mutation requestReservation",outcome="ALREADY_BOOKED"}`: 1,
			`soudan_graphql_operation_duration_seconds_count{operation="mutation requestReservation"}`:          2,
			`soudan_websocket_connections`:                                                                      1,
			`soudan_subscriptions`:                                                                              1,
			// The server's own GOGC default, the environment setting none.
			`go_gc_gogc_percent`: 400,
		} {
			if got, ok := samples[sample]; !ok || got != want {
				t.Errorf("%s = %v (present %v), want %v", sample, got, ok, want)
			}
		}
		if got := samples["soudan_metrics_database_errors"]; got != 0 {
			t.Errorf("soudan_metrics_database_errors = %v, want 0", got)
		}

		// Never on the public port.
		if _, body := get(t, ts.URL+"/metrics"); strings.Contains(body, "soudan_graphql_operations_total") {
			t.Error("the public address serves the metrics")
		}
	})
}
