package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

const seekerPassword = "a-long-password-1"

type seeker struct {
	ID, Email, Number, Name, Token string
}

type staff struct {
	Email, Token string
}

// runPool runs f(i) for i in [0,n) with at most conc at once, stopping
// early when ctx ends. It returns the first error.
func runPool(ctx context.Context, n, conc int, f func(ctx context.Context, i int) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var next atomic.Int64
	var firstErr error
	var once sync.Once
	var wg sync.WaitGroup
	for range max(1, min(conc, n)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				if err := f(ctx, i); err != nil {
					once.Do(func() { firstErr = err; cancel() })
					return
				}
			}
		}()
	}
	wg.Wait()
	if firstErr == nil && ctx.Err() != nil {
		return ctx.Err()
	}
	return firstErr
}

// prepareSeekers imports the roster, then signs up, confirms and signs in
// n job seekers with conc at a time.
func prepareSeekers(ctx context.Context, base, admin string, sink *mailSink, run string, n, conc int) ([]seeker, error) {
	runNum := rand.IntN(10000)
	out := make([]seeker, n)
	var csv strings.Builder
	csv.WriteString("求職番号,氏名\n")
	for i := range out {
		out[i].Number = fmt.Sprintf("45040-%04d%04d", runNum, i)
		out[i].Email = fmt.Sprintf("lt-%s-%d@loadtest.test", run, i)
		out[i].Name = fmt.Sprintf("負荷 %d", i)
		fmt.Fprintf(&csv, "%s,%s\n", out[i].Number, out[i].Name)
	}
	var imp struct{ ImportRegistrations struct{ Rows, Verified int } }
	if err := gqlData(ctx, base, admin, `mutation($csv: String!) { importRegistrations(csv: $csv) { rows verified rejected } }`,
		map[string]any{"csv": csv.String()}, &imp); err != nil {
		return nil, fmt.Errorf("importRegistrations: %w", err)
	}
	err := runPool(ctx, n, conc, func(ctx context.Context, i int) error {
		s := &out[i]
		if err := gqlData(ctx, base, "", `mutation($in: SignUpInput!) { signUp(input: $in) { sent } }`, map[string]any{"in": map[string]any{
			"email": s.Email, "password": seekerPassword, "name": s.Name, "jobSeekerNumber": s.Number,
			"phone": "0986-22-1234"}}, nil); err != nil {
			return fmt.Errorf("signUp %d: %w", i, err)
		}
		tok, err := sink.token(ctx, s.Email, 60*time.Second)
		if err != nil {
			return err
		}
		var ve struct{ VerifyEmail struct{ ID string } }
		if err := gqlData(ctx, base, "", `mutation($t: String!) { verifyEmail(token: $t) { id } }`, map[string]any{"t": tok}, &ve); err != nil {
			return fmt.Errorf("verifyEmail %d: %w", i, err)
		}
		s.ID = ve.VerifyEmail.ID
		s.Token, err = signIn(ctx, base, s.Email, seekerPassword)
		return err
	})
	return out, err
}

func signIn(ctx context.Context, base, email, password string) (string, error) {
	var si struct{ SignIn struct{ Token string } }
	if err := gqlData(ctx, base, "", `mutation($e: String!, $p: String!) { signIn(email: $e, password: $p) { token } }`,
		map[string]any{"e": email, "p": password}, &si); err != nil {
		return "", fmt.Errorf("signIn %s: %w", email, err)
	}
	return si.SignIn.Token, nil
}

// prepareStaff creates n counselors (as admin) and signs them in.
func prepareStaff(ctx context.Context, base, admin, run string, n, conc int) ([]staff, error) {
	out := make([]staff, n)
	err := runPool(ctx, n, conc, func(ctx context.Context, i int) error {
		email := fmt.Sprintf("staff-%s-%d@loadtest.test", run, i)
		if err := gqlData(ctx, base, admin, `mutation($in: CreateStaffInput!) { createStaff(input: $in) { id } }`,
			map[string]any{"in": map[string]any{"email": email, "password": "staff-password-123", "name": fmt.Sprintf("職員 %d", i), "role": "COUNSELOR"}}, nil); err != nil {
			return fmt.Errorf("createStaff %d: %w", i, err)
		}
		tok, err := signIn(ctx, base, email, "staff-password-123")
		out[i] = staff{Email: email, Token: tok}
		return err
	})
	return out, err
}

// ---- throughput loops ----

// ThroughputResult is the outcome of a fixed-duration closed loop.
type ThroughputResult struct {
	Clients   int            `json:"clients"`
	Seconds   float64        `json:"seconds"`
	Requests  int            `json:"requests"`
	Errors    map[string]int `json:"errors,omitempty"`
	PerSecond float64        `json:"per_second"`
	Latency   Summary        `json:"latency"`
	// CPUSeconds is the CPU time each process used during the loop.
	CPUSeconds map[string]float64 `json:"cpu_seconds,omitempty"`
	// Database is the change of the database's counters during the loop.
	Database map[string]int64 `json:"database_counters,omitempty"`
}

// add adds the seconds, requests, errors and CPU seconds of a part of t
// measured on its own (a round); PerSecond and Latency are left to the
// caller.
func (t *ThroughputResult) add(part ThroughputResult, cpu map[string]float64) {
	t.Seconds += part.Seconds
	t.Requests += part.Requests
	for code, n := range part.Errors {
		if t.Errors == nil {
			t.Errors = map[string]int{}
		}
		t.Errors[code] += n
	}
	for name, s := range cpu {
		if t.CPUSeconds == nil {
			t.CPUSeconds = map[string]float64{}
		}
		t.CPUSeconds[name] += s
	}
}

// closedLoop runs clients goroutines calling op back to back for d (and at
// most maxOps operations in all).
func closedLoop(ctx context.Context, clients int, d time.Duration, maxOps int64, op func(ctx context.Context) (string, error)) ThroughputResult {
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	var lat latencies
	var errs counter
	var n, ok atomic.Int64
	var wg sync.WaitGroup
	start := time.Now()
	for range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil && n.Add(1) <= maxOps {
				t0 := time.Now()
				code, err := op(ctx)
				if ctx.Err() != nil {
					return // cut off by the end of the run: not counted
				}
				switch {
				case err != nil:
					errs.inc("transport")
				case code != "":
					errs.inc(code)
				default:
					ok.Add(1)
					lat.add(time.Since(t0))
				}
			}
		}()
	}
	wg.Wait()
	el := time.Since(start).Seconds()
	return ThroughputResult{Clients: clients, Seconds: el, Requests: int(ok.Load()), Errors: errs.snapshot(),
		PerSecond: float64(ok.Load()) / el, Latency: lat.summary()}
}

func gqlOp(base, query string, vars map[string]any) func(ctx context.Context) (string, error) {
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	return func(ctx context.Context) (string, error) {
		status, code, err := gqlCode(ctx, base, "", body)
		if err != nil {
			return "", err
		}
		if status != 200 && code == "" {
			return fmt.Sprintf("HTTP_%d", status), nil
		}
		return code, nil
	}
}

// dbInsertBaseline: BEGIN; INSERT one row; COMMIT, back to back.
func dbInsertBaseline(ctx context.Context, db *sql.DB, clients, poolSize int, d time.Duration) (ThroughputResult, error) {
	cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if _, err := db.ExecContext(cctx, `CREATE TABLE IF NOT EXISTS loadtest_scratch (
		id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, v VARCHAR(64) NOT NULL, at DATETIME(6) NOT NULL) ENGINE=InnoDB`); err != nil {
		return ThroughputResult{}, err
	}
	defer func() { _, _ = db.Exec(`DROP TABLE IF EXISTS loadtest_scratch`) }()
	db.SetMaxOpenConns(poolSize)
	db.SetMaxIdleConns(poolSize)
	defer func() { db.SetMaxOpenConns(8); db.SetMaxIdleConns(2) }()
	r := closedLoop(ctx, clients, d, 1<<40, func(ctx context.Context) (string, error) {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return "", err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO loadtest_scratch (v, at) VALUES (?, NOW(6))`, "x"); err != nil {
			_ = tx.Rollback()
			return "", err
		}
		return "", tx.Commit()
	})
	return r, nil
}

// ---- booking storm ----

type slotInfo struct {
	StartsAt  string
	Remaining int
}

// StormResult reports the booking storm.
type StormResult struct {
	Seekers          int            `json:"job_seekers"`
	Slots            int            `json:"slots_offered"`
	SeatsOffered     int            `json:"seats_offered"`
	Successes        int            `json:"successes"`
	Attempts         int            `json:"attempts"`
	Outcomes         map[string]int `json:"outcomes"`
	GaveUp           int            `json:"gave_up"`
	Seconds          float64        `json:"seconds"`
	SuccessPerSecond float64        `json:"successes_per_second"`
	Latency          Summary        `json:"request_reservation_latency"`
	Invariants       *Invariants    `json:"invariants,omitempty"`
	// ArrivalsPerSecond is the steady rate at which job seekers arrived;
	// 0 means all at once.
	ArrivalsPerSecond float64 `json:"arrivals_per_second,omitempty"`
	// AllAnsweredSeconds is the time from the first request to the last
	// answer of any kind.
	AllAnsweredSeconds float64 `json:"all_answered_seconds"`
	// CPUSeconds is the CPU time each process used during the run.
	CPUSeconds map[string]float64 `json:"cpu_seconds,omitempty"`
	// Database is the change of the database's counters during the run.
	Database map[string]int64 `json:"database_counters,omitempty"`
	// MailsDelivered is the number of mails the sink received during the
	// run: mail the servers sent while the bookings were still coming.
	MailsDelivered *int `json:"mails_delivered_during,omitempty"`
}

type booking struct {
	ReservationID string
	SentAt        time.Time
	Seeker        int // index into the scenario's job seekers
}

// bookingStorm has every seeker try to book a random slot (another one on
// SLOT_FULL, up to attempts), spread over targets: all at the same moment
// when every is 0, otherwise one seeker every `every` (a steady flow).
func bookingStorm(ctx context.Context, name string, targets []string, seekers []seeker, slots []slotInfo, terms string, attempts int, limit, every time.Duration) (StormResult, []booking) {
	ctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	res := StormResult{Seekers: len(seekers), Slots: len(slots)}
	if every > 0 {
		res.ArrivalsPerSecond = float64(time.Second) / float64(every)
	}
	for _, s := range slots {
		res.SeatsOffered += s.Remaining
	}
	var full sync.Map
	var fullCount atomic.Int64
	var lat latencies
	var outcomes counter
	var nAttempts, gaveUp atomic.Int64
	var mu sync.Mutex
	var booked []booking
	var lastOK, lastAnswer atomic.Int64
	startGate := make(chan struct{})
	var start time.Time // set before startGate closes
	var wg sync.WaitGroup
	for i, s := range seekers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			base := targets[i%len(targets)]
			rng := rand.New(rand.NewPCG(uint64(i), 42))
			<-startGate
			if every > 0 {
				select {
				case <-time.After(time.Until(start.Add(time.Duration(i) * every))):
				case <-ctx.Done():
					return
				}
			}
			for a := 0; a < attempts && ctx.Err() == nil; a++ {
				if int(fullCount.Load()) >= len(slots) {
					gaveUp.Add(1)
					return
				}
				var slot string
				for range 50 { // pick a slot not known to be full
					slot = slots[rng.IntN(len(slots))].StartsAt
					if _, f := full.Load(slot); !f {
						break
					}
				}
				nAttempts.Add(1)
				t0 := time.Now()
				r, err := requestReservation(ctx, base, s, slot, terms, fmt.Sprintf("%s-%d-%d", name, i, a))
				d := time.Since(t0)
				if err != nil {
					if ctx.Err() == nil {
						outcomes.inc("transport")
					}
					continue
				}
				lat.add(d)
				for now := time.Now().UnixNano(); ; {
					if l := lastAnswer.Load(); l >= now || lastAnswer.CompareAndSwap(l, now) {
						break
					}
				}
				switch code := r.code(); code {
				case "":
					var v struct{ RequestReservation struct{ ID, Status string } }
					_ = json.Unmarshal(r.Data, &v)
					outcomes.inc("OK_" + v.RequestReservation.Status)
					mu.Lock()
					booked = append(booked, booking{ReservationID: v.RequestReservation.ID, SentAt: t0, Seeker: i})
					mu.Unlock()
					lastOK.Store(time.Now().UnixNano())
					return
				case "SLOT_FULL":
					outcomes.inc(code)
					if _, loaded := full.LoadOrStore(slot, true); !loaded {
						fullCount.Add(1)
					}
				default:
					outcomes.inc(code)
					if code == "ALREADY_BOOKED" || code == "NOT_ELIGIBLE" || code == "UNAUTHENTICATED" {
						return
					}
				}
			}
			if ctx.Err() == nil {
				gaveUp.Add(1)
			}
		}()
	}
	start = time.Now()
	close(startGate)
	wg.Wait()
	end := time.Now()
	if l := lastOK.Load(); l > 0 {
		end = time.Unix(0, l) // successes/s over the span in which bookings succeeded
	}
	res.Seconds = end.Sub(start).Seconds()
	if l := lastAnswer.Load(); l > 0 {
		res.AllAnsweredSeconds = time.Unix(0, l).Sub(start).Seconds()
	}
	res.Successes = len(booked)
	res.Attempts = int(nAttempts.Load())
	res.Outcomes = outcomes.snapshot()
	res.GaveUp = int(gaveUp.Load())
	if res.Seconds > 0 {
		res.SuccessPerSecond = float64(res.Successes) / res.Seconds
	}
	res.Latency = lat.summary()
	return res, booked
}

// Invariants is the database check after the storm.
type Invariants struct {
	SlotsOverCapacity      int      `json:"slots_over_capacity"`
	SeekersWithTwoActive   int      `json:"job_seekers_with_two_active_self_bookings"`
	AcknowledgedMissing    int      `json:"acknowledged_missing"`
	AcknowledgedNotConfirm int      `json:"acknowledged_not_confirmed"`
	ActiveInDB             int      `json:"active_reservations_in_db"`
	Unacknowledged         int      `json:"active_in_db_not_acknowledged"`
	OK                     bool     `json:"ok"`
	Details                []string `json:"details,omitempty"`
}

const activeStatuses = `('AWAITING_REPLY','CONFIRMED','CHECKED_IN','IN_SESSION')`

func checkInvariants(ctx context.Context, db *sql.DB, booked []booking) (*Invariants, error) {
	ctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	inv := &Invariants{}
	rows, err := db.QueryContext(ctx, `SELECT r.office_id, CAST(r.starts_at AS CHAR), COUNT(*), o.capacity FROM reservations r
		JOIN offices o ON o.id = r.office_id WHERE r.status IN `+activeStatuses+`
		GROUP BY r.office_id, r.starts_at, o.capacity HAVING COUNT(*) > o.capacity`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var office, n, capacity int
		var at string
		if err := rows.Scan(&office, &at, &n, &capacity); err != nil {
			rows.Close()
			return nil, err
		}
		inv.SlotsOverCapacity++
		inv.Details = append(inv.Details, fmt.Sprintf("office %d slot %s: %d active > capacity %d", office, at, n, capacity))
	}
	rows.Close()
	rows, err = db.QueryContext(ctx, `SELECT job_seeker_id, COUNT(*) FROM reservations WHERE self_booked AND status IN `+activeStatuses+`
		GROUP BY job_seeker_id HAVING COUNT(*) > 1`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var js, n int64
		if err := rows.Scan(&js, &n); err != nil {
			rows.Close()
			return nil, err
		}
		inv.SeekersWithTwoActive++
		inv.Details = append(inv.Details, fmt.Sprintf("job seeker %d has %d active self-booked reservations", js, n))
	}
	rows.Close()
	status := map[string]string{}
	rows, err = db.QueryContext(ctx, `SELECT CAST(id AS CHAR), status FROM reservations`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id, st string
		if err := rows.Scan(&id, &st); err != nil {
			rows.Close()
			return nil, err
		}
		status[id] = st
		if strings.Contains(activeStatuses, "'"+st+"'") {
			inv.ActiveInDB++
		}
	}
	rows.Close()
	acked := map[string]bool{}
	for _, b := range booked {
		acked[b.ReservationID] = true
		switch st, ok := status[b.ReservationID]; {
		case !ok:
			inv.AcknowledgedMissing++
			inv.Details = append(inv.Details, "acknowledged reservation "+b.ReservationID+" is not in the database")
		case st != "CONFIRMED":
			inv.AcknowledgedNotConfirm++
			inv.Details = append(inv.Details, "acknowledged reservation "+b.ReservationID+" is "+st)
		}
	}
	for id, st := range status {
		if !acked[id] && strings.Contains(activeStatuses, "'"+st+"'") {
			inv.Unacknowledged++
		}
	}
	if len(inv.Details) > 20 {
		inv.Details = append(inv.Details[:20], fmt.Sprintf("… %d more", len(inv.Details)-20))
	}
	inv.OK = inv.SlotsOverCapacity == 0 && inv.SeekersWithTwoActive == 0 && inv.AcknowledgedMissing == 0 && inv.AcknowledgedNotConfirm == 0
	return inv, nil
}

// ---- queue fan-out ----

const queueSub = `subscription($d: Date!, $after: Int) { queueEvents(date: $d, afterSeq: $after) { seq type reservation { id } } }`

type delivery struct {
	Seq   int64
	Type  string
	ResID string
	At    time.Time
}

// subscriber is one staff websocket with one subscription per date.
type subscriber struct {
	conn     *wsConn
	instance int
	mu       sync.Mutex
	got      map[string][]delivery // subscription id (= date) -> deliveries
	bad      int
}

func (s *subscriber) onNext(id string, payload json.RawMessage, at time.Time) {
	var p struct {
		Data struct {
			QueueEvents struct {
				Seq         int64
				Type        string
				Reservation struct{ ID string }
			}
		}
		Errors []gqlError
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := json.Unmarshal(payload, &p); err != nil || len(p.Errors) > 0 {
		s.bad++
		return
	}
	e := p.Data.QueueEvents
	s.got[id] = append(s.got[id], delivery{Seq: e.Seq, Type: e.Type, ResID: e.Reservation.ID, At: at})
}

func (s *subscriber) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, d := range s.got {
		n += len(d)
	}
	return n
}

// openSubscribers opens n connections, round robin over the instances
// (addrs), each subscribing to every date with afterSeq.
func openSubscribers(ctx context.Context, addrs []string, accounts []staff, n int, dates []string, after int64) ([]*subscriber, error) {
	subs := make([]*subscriber, n)
	err := runPool(ctx, n, 20, func(ctx context.Context, i int) error {
		s := &subscriber{instance: i % len(addrs), got: map[string][]delivery{}}
		// connection i uses account i/(5*len(addrs)): at most 5 per account and instance.
		acct := accounts[(i/len(addrs))/5%len(accounts)]
		c, err := dialWS(ctx, addrs[s.instance], acct.Token, s.onNext)
		if err != nil {
			return fmt.Errorf("subscriber %d: %w", i, err)
		}
		s.conn = c
		subs[i] = s
		for _, d := range dates {
			if err := c.subscribe(ctx, d, queueSub, map[string]any{"d": d, "after": after}); err != nil {
				return fmt.Errorf("subscriber %d subscribe %s: %w", i, d, err)
			}
		}
		return nil
	})
	return subs, err
}

func closeSubscribers(subs []*subscriber) {
	var wg sync.WaitGroup
	for _, s := range subs {
		if s != nil && s.conn != nil {
			wg.Add(1)
			go func() { defer wg.Done(); s.conn.close() }()
		}
	}
	wg.Wait()
}

// FanoutResult reports the queue fan-out.
type FanoutResult struct {
	Subscribers      int     `json:"subscribers"`
	Instances        int     `json:"instances"`
	SubsPerConn      int     `json:"subscriptions_per_connection"`
	EventsInDB       int     `json:"events_in_db"`
	Expected         int     `json:"deliveries_expected"`
	Delivered        int     `json:"deliveries"`
	Lost             int     `json:"events_lost"`
	Duplicated       int     `json:"events_duplicated"`
	OutOfOrder       int     `json:"out_of_order"`
	Unexpected       int     `json:"unexpected_events"`
	BadMessages      int     `json:"bad_messages"`
	ClosedConns      int     `json:"connections_closed_by_server"`
	SendToDelivery   Summary `json:"send_to_delivery"`
	DrainSeconds     float64 `json:"drain_seconds"`
	ServerErrors     int     `json:"subscription_errors"`
	FirstServerError string  `json:"first_subscription_error,omitempty"`
	// CPUSeconds is the CPU time each process used from the first booking
	// to the last delivery.
	CPUSeconds map[string]float64 `json:"cpu_seconds,omitempty"`
}

// checkFanout waits (up to wait) until every subscriber has every event of
// its dates after seq `after`, then compares with the events table.
func checkFanout(ctx context.Context, db *sql.DB, subs []*subscriber, dates []string, after int64, booked []booking, wait time.Duration) (FanoutResult, error) {
	res := FanoutResult{Subscribers: len(subs), SubsPerConn: len(dates)}
	inst := map[int]bool{}
	for _, s := range subs {
		inst[s.instance] = true
	}
	res.Instances = len(inst)
	want := map[string][]int64{}
	qctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	rows, err := db.QueryContext(qctx, `SELECT seq, DATE_FORMAT(session_date, '%Y-%m-%d') FROM events WHERE seq > ? ORDER BY seq`, after)
	if err != nil {
		return res, err
	}
	dateSet := map[string]bool{}
	for _, d := range dates {
		dateSet[d] = true
	}
	for rows.Next() {
		var seq int64
		var d string
		if err := rows.Scan(&seq, &d); err != nil {
			rows.Close()
			return res, err
		}
		if dateSet[d] {
			want[d] = append(want[d], seq)
			res.EventsInDB++
		}
	}
	rows.Close()
	perSub := res.EventsInDB
	res.Expected = perSub * len(subs)
	start := time.Now()
	deadline := time.Now().Add(wait)
	for time.Now().Before(deadline) && ctx.Err() == nil {
		done := true
		for _, s := range subs {
			if s.count() < perSub && !s.conn.isClosed() {
				done = false
				break
			}
		}
		if done {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	res.DrainSeconds = time.Since(start).Seconds()
	sent := map[string]time.Time{}
	for _, b := range booked {
		sent[b.ReservationID] = b.SentAt
	}
	var lat latencies
	for _, s := range subs {
		if s.conn.isClosed() {
			res.ClosedConns++
		}
		if e := s.conn.errors(); len(e) > 0 {
			res.ServerErrors += len(e)
			if res.FirstServerError == "" {
				res.FirstServerError = e[0]
			}
		}
		s.mu.Lock()
		res.BadMessages += s.bad
		for _, d := range dates {
			got := s.got[d]
			res.Delivered += len(got)
			seen := map[int64]int{}
			var last int64
			for _, g := range got {
				seen[g.Seq]++
				if g.Seq <= last {
					res.OutOfOrder++
				}
				last = g.Seq
				if t, ok := sent[g.ResID]; ok && g.Type == "CREATED" {
					lat.add(g.At.Sub(t))
				}
			}
			wantSet := map[int64]bool{}
			for _, w := range want[d] {
				wantSet[w] = true
				switch c := seen[w]; {
				case c == 0:
					res.Lost++
				case c > 1:
					res.Duplicated += c - 1
				}
			}
			for seq := range seen {
				if !wantSet[seq] {
					res.Unexpected++
				}
			}
		}
		s.mu.Unlock()
	}
	res.SendToDelivery = lat.summary()
	return res, nil
}

// ---- RSS with many open subscriptions ----

// RSSResult reports the server's memory with many subscriptions open.
type RSSResult struct {
	Pid           int     `json:"pid"`
	Connections   int     `json:"connections"`
	Subscriptions int     `json:"subscriptions"`
	BeforeMB      float64 `json:"rss_before_mb"`
	WithSubsMB    float64 `json:"rss_with_subscriptions_mb"`
	PerSubKB      float64 `json:"kb_per_subscription"`
	OpenErrors    int     `json:"subscription_errors"`
}

func rssWithSubscriptions(ctx context.Context, p *serverProc, accounts []staff, total, perConn int, date string) (RSSResult, error) {
	res := RSSResult{Pid: p.Pid()}
	before, err := rssKB(p.Pid())
	if err != nil {
		return res, err
	}
	nConns := (total + perConn - 1) / perConn
	if need := (nConns + 4) / 5; need > len(accounts) {
		return res, fmt.Errorf("need %d staff accounts for %d connections, have %d", need, nConns, len(accounts))
	}
	conns := make([]*wsConn, nConns)
	defer func() {
		var wg sync.WaitGroup
		for _, c := range conns {
			if c != nil {
				wg.Add(1)
				go func() { defer wg.Done(); c.close() }()
			}
		}
		wg.Wait()
	}()
	var opened atomic.Int64
	err = runPool(ctx, nConns, 20, func(ctx context.Context, i int) error {
		c, err := dialWS(ctx, p.Addr, accounts[i/5].Token, nil)
		if err != nil {
			return fmt.Errorf("connection %d: %w", i, err)
		}
		conns[i] = c
		for j := 0; j < perConn && int(opened.Load()) < total; j++ {
			if err := c.subscribe(ctx, fmt.Sprint(j), queueSub, map[string]any{"d": date}); err != nil {
				return err
			}
			opened.Add(1)
		}
		return nil
	})
	if err != nil {
		return res, err
	}
	time.Sleep(2 * time.Second) // let the server set every subscription up
	with, err := rssKB(p.Pid())
	if err != nil {
		return res, err
	}
	for _, c := range conns {
		res.OpenErrors += len(c.errors())
	}
	res.Connections, res.Subscriptions = nConns, int(opened.Load())
	res.BeforeMB, res.WithSubsMB = float64(before)/1024, float64(with)/1024
	if res.Subscriptions > 0 {
		res.PerSubKB = float64(with-before) / float64(res.Subscriptions)
	}
	return res, nil
}
