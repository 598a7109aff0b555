package main

import (
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"soudan/internal/mailer/smtptest"
	"soudan/internal/store"
	"soudan/internal/store/storetest"
)

// BenchmarkQueueFanOut: 200 staff subscribers on the queue of one day,
// spread over two server processes on one MySQL database, while staff
// change a reservation through both instances in turn. It reports events
// delivered per second and the latency from sending a mutation (an upper
// bound of commit-to-delivery) at p50 and p99, and fails on any lost or
// repeated event.
//
//	SOUDAN_TEST_MYSQL='mysql://root@tcp(127.0.0.1:3306)/' go test -run '^$' -bench QueueFanOut -benchtime 200x ./server/
func BenchmarkQueueFanOut(b *testing.B) {
	storetest.RequireMySQL(b)
	const subscribers = 200
	db := storetest.NewDSN(b, store.MySQL)
	smtpd := smtptest.Start(b)
	env := map[string]string{"SOUDAN_DB": db, "SOUDAN_SMTP_URL": smtpd.URL(), "SOUDAN_CLOCK_START": "2026-04-27T10:00:00+09:00", "SOUDAN_RATE_STAFF": "1000000", "SOUDAN_RATE_ANONYMOUS": "1000000",
		"SOUDAN_ADMIN_EMAIL": adminEmail, "SOUDAN_ADMIN_PASSWORD": adminPassword}
	servers := []*testServer{startServer(b, env), startServer(b, env)}
	admin := signIn(b, servers[0], adminEmail, adminPassword)
	_, seeker := eligibleJobSeeker(b, servers[0], smtpd, admin, "fanout@example.jp", "45040-99")
	var terms struct{ CurrentTerms struct{ ID string } }
	servers[0].gql(b, "", `{ currentTerms { id } }`, nil).mustData(b, &terms)
	var booked struct{ RequestReservation struct{ ID string } }
	book(servers[0], b, seeker, "2026-05-07T10:00:00+09:00", "45040-99", terms.CurrentTerms.ID).mustData(b, &booked)
	var me struct{ Me struct{ ID string } }
	servers[0].gql(b, admin, `{ me { id } }`, nil).mustData(b, &me)

	var q struct{ Queue struct{ Seq int } }
	servers[0].gql(b, admin, `{ queue(date: "2026-05-07") { seq } }`, nil).mustData(b, &q)
	type arrival struct {
		seq int
		at  time.Time
	}
	received := make([][]arrival, subscribers)
	var wg sync.WaitGroup
	// Five connections per staff account, the most one account may open.
	tokens := make([]string, subscribers/5)
	for i := range tokens {
		email := fmt.Sprintf("counselor%d@soudan.test", i)
		servers[0].gql(b, admin, `mutation($in: CreateStaffInput!) { createStaff(input: $in) { id } }`,
			map[string]any{"in": map[string]any{"email": email, "password": "counselor-password-1", "name": fmt.Sprintf("相談員 %d", i),
				"role": "COUNSELOR"}}).mustData(b, &struct{}{})
		tokens[i] = signIn(b, servers[0], email, "counselor-password-1")
	}
	clients := make([]*wsClient, subscribers)
	for i := range clients {
		clients[i] = dialWS(b, servers[i%2], tokens[i/5])
		clients[i].subscribe("q", queueSub, map[string]any{"d": "2026-05-07", "after": q.Queue.Seq})
	}
	for i, c := range clients {
		wg.Go(func() {
			for m := range c.msgs {
				if m["type"] != "next" {
					continue
				}
				seq := 0
				if p, ok := m["payload"].(map[string]any); ok {
					if d, ok := p["data"].(map[string]any); ok {
						if ev, ok := d["queueEvents"].(map[string]any); ok {
							seq = int(ev["seq"].(float64))
						}
					}
				}
				received[i] = append(received[i], arrival{seq, time.Now()})
			}
		})
	}
	time.Sleep(200 * time.Millisecond) // every subscription registered

	sent := make([]time.Time, b.N)
	b.ResetTimer()
	began := time.Now()
	for i := range b.N {
		counselor := any(me.Me.ID)
		if i%2 == 1 {
			counselor = nil
		}
		sent[i] = time.Now()
		servers[i%2].gql(b, admin, `mutation($id: ID!, $c: ID) { assignCounselor(id: $id, counselorId: $c) { id } }`,
			map[string]any{"id": booked.RequestReservation.ID, "c": counselor}).mustData(b, &struct{}{})
	}
	// Wait for every subscriber to get every event (or give up after 10 s).
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		done := true
		for i := range clients {
			if len(received[i]) < b.N {
				done = false
			}
		}
		if done {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	elapsed := time.Since(began)
	b.StopTimer()
	for _, c := range clients {
		_ = c.conn.CloseNow()
	}
	wg.Wait()

	var latencies []time.Duration
	lost, repeated := 0, 0
	for i := range received {
		if len(received[i]) < b.N {
			lost += b.N - len(received[i])
		}
		seen := map[int]bool{}
		for k, a := range received[i] {
			if seen[a.seq] {
				repeated++
			}
			seen[a.seq] = true
			if k < b.N {
				latencies = append(latencies, a.at.Sub(sent[k]))
			}
		}
	}
	if lost > 0 || repeated > 0 {
		b.Fatalf("%d events lost, %d repeated", lost, repeated)
	}
	slices.Sort(latencies)
	pct := func(p float64) float64 {
		return float64(latencies[int(p*float64(len(latencies)-1))].Microseconds()) / 1000
	}
	b.ReportMetric(float64(len(latencies))/elapsed.Seconds(), "deliveries/s")
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
	b.ReportMetric(0, "lost")
	fmt.Printf("fan-out: %d events × %d subscribers on 2 instances in %v\n", b.N, subscribers, elapsed.Round(time.Millisecond))
}
