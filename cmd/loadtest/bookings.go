package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// bookingRowTables are the scratch tables of the 7-row baseline, shaped
// like the rows a booking writes: the reservation, its idempotency key,
// its seat, its queue event, the consent, the mail and the My Page notice.
var bookingRowTables = []string{
	`loadtest_reservation (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, office_id BIGINT NOT NULL, job_seeker_id BIGINT NOT NULL,
		starts_at DATETIME(6) NOT NULL, status VARCHAR(20) NOT NULL, name_sealed VARBINARY(255) NOT NULL, phone_sealed VARBINARY(255) NOT NULL,
		consultation_sealed VARBINARY(2048) NOT NULL, created_at DATETIME(6) NOT NULL, KEY (office_id, starts_at), KEY (job_seeker_id))`,
	`loadtest_idempotency (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, account_id BIGINT NOT NULL, idem_key VARCHAR(100) NOT NULL,
		request_hash CHAR(64) NOT NULL, reservation_id BIGINT NOT NULL, created_at DATETIME(6) NOT NULL, UNIQUE KEY (account_id, idem_key))`,
	`loadtest_seat (office_id BIGINT NOT NULL, starts_at DATETIME(6) NOT NULL, seat INT NOT NULL, reservation_id BIGINT NOT NULL,
		PRIMARY KEY (office_id, starts_at, seat))`,
	`loadtest_event (seq BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, reservation_id BIGINT NOT NULL, office_id BIGINT NOT NULL,
		kind VARCHAR(40) NOT NULL, version INT NOT NULL, at DATETIME(6) NOT NULL, KEY (office_id, seq))`,
	`loadtest_consent (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, account_id BIGINT NOT NULL, terms_version_id BIGINT NOT NULL,
		reservation_id BIGINT NOT NULL, channel VARCHAR(10) NOT NULL, agreed_at DATETIME(6) NOT NULL)`,
	`loadtest_mail (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, message_id VARCHAR(200) NOT NULL, to_sealed VARBINARY(512) NOT NULL,
		body_sealed MEDIUMBLOB NOT NULL, next_attempt_at DATETIME(6) NOT NULL, sent_at DATETIME(6) NULL, KEY (sent_at, next_attempt_at))`,
	`loadtest_notice (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, account_id BIGINT NOT NULL, title VARCHAR(200) NOT NULL,
		body TEXT NOT NULL, created_at DATETIME(6) NOT NULL, read_at DATETIME(6) NULL, KEY (account_id, id))`,
}

// dbBookingRowsBaseline measures durable transactions that write a
// booking's 7 rows the naive way, one INSERT per round trip, with clients
// goroutines on a pool of as many connections: what the database alone
// does for the rows of a booking.
func dbBookingRowsBaseline(ctx context.Context, db *sql.DB, clients int, d time.Duration) (ThroughputResult, error) {
	cctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	var names []string
	for _, def := range bookingRowTables {
		name := def[:strings.IndexByte(def, ' ')]
		names = append(names, name)
		if _, err := db.ExecContext(cctx, `CREATE TABLE IF NOT EXISTS `+def+` ENGINE=InnoDB`); err != nil {
			return ThroughputResult{}, err
		}
	}
	defer func() {
		for _, n := range names {
			_, _ = db.Exec(`DROP TABLE IF EXISTS ` + n)
		}
	}()
	db.SetMaxOpenConns(clients)
	db.SetMaxIdleConns(clients)
	defer func() { db.SetMaxOpenConns(8); db.SetMaxIdleConns(2) }()
	sealed := strings.Repeat("s", 60)
	body := strings.Repeat("b", 1500)
	var n atomic.Int64
	r := closedLoop(ctx, clients, d, 1<<40, func(ctx context.Context) (string, error) {
		i := n.Add(1)
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return "", err
		}
		stmts := []struct {
			q    string
			args []any
		}{
			{`INSERT INTO loadtest_reservation (office_id, job_seeker_id, starts_at, status, name_sealed, phone_sealed, consultation_sealed, created_at)
				VALUES (1, ?, NOW(6), 'CONFIRMED', ?, ?, ?, NOW(6))`, []any{i, sealed, sealed, sealed + sealed}},
			{`INSERT INTO loadtest_idempotency (account_id, idem_key, request_hash, reservation_id, created_at) VALUES (?, ?, ?, ?, NOW(6))`,
				[]any{i, fmt.Sprint("key-", i), strings.Repeat("h", 64), i}},
			{`INSERT INTO loadtest_seat (office_id, starts_at, seat, reservation_id) VALUES (1, NOW(6), ?, ?)`, []any{i, i}},
			{`INSERT INTO loadtest_event (reservation_id, office_id, kind, version, at) VALUES (?, 1, 'CREATED', 1, NOW(6))`, []any{i}},
			{`INSERT INTO loadtest_consent (account_id, terms_version_id, reservation_id, channel, agreed_at) VALUES (?, 1, ?, 'SITE', NOW(6))`, []any{i, i}},
			{`INSERT INTO loadtest_mail (message_id, to_sealed, body_sealed, next_attempt_at) VALUES (?, ?, ?, NOW(6))`,
				[]any{fmt.Sprint("<", i, "@loadtest>"), sealed, body}},
			{`INSERT INTO loadtest_notice (account_id, title, body, created_at) VALUES (?, 'ご予約を承りました', ?, NOW(6))`, []any{i, body[:300]}},
		}
		for _, s := range stmts {
			if _, err := tx.ExecContext(ctx, s.q, s.args...); err != nil {
				_ = tx.Rollback()
				return "", err
			}
		}
		return "", tx.Commit()
	})
	return r, nil
}

// uncontendedBookings has clients goroutines book, one after another, a
// seat nobody else asks for: seeker i books slot i mod len(slots), so that
// a slot's next seat is booked only after a whole round of the window (its
// first seat's booking long committed). It measures what a booking costs
// when nothing contends. round keeps the idempotency keys of the rounds
// apart; lat collects the latencies of all rounds.
func uncontendedBookings(ctx context.Context, targets []string, seekers []seeker, slots []slotInfo, capacity int, terms string,
	clients, round int, lat *latencies) (ThroughputResult, []booking, error) {
	if capacity < 1 || len(seekers) > len(slots)*capacity {
		return ThroughputResult{}, nil, fmt.Errorf("uncontended bookings: %d job seekers need %d slots of capacity %d, the window has %d",
			len(seekers), (len(seekers)+capacity-1)/max(capacity, 1), capacity, len(slots))
	}
	var next atomic.Int64
	var mu sync.Mutex
	var booked []booking
	errs := counter{}
	start := time.Now()
	var wg sync.WaitGroup
	for c := range clients {
		wg.Go(func() {
			base := targets[c%len(targets)]
			for ctx.Err() == nil {
				i := int(next.Add(1)) - 1
				if i >= len(seekers) {
					return
				}
				s := seekers[i]
				t0 := time.Now()
				r, err := requestReservation(ctx, base, s, slots[i%len(slots)].StartsAt, terms, fmt.Sprintf("uncontended-%d-%d", round, i))
				if err != nil {
					errs.inc("transport")
					continue
				}
				lat.add(time.Since(t0))
				if code := r.code(); code != "" {
					errs.inc(code)
					continue
				}
				mu.Lock()
				booked = append(booked, booking{ReservationID: reservationID(r), SentAt: t0, Seeker: i})
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	res := ThroughputResult{Clients: clients, Seconds: time.Since(start).Seconds(), Requests: len(booked)}
	if e := errs.snapshot(); len(e) > 0 {
		res.Errors = e
	}
	if len(booked) != len(seekers) {
		return res, booked, fmt.Errorf("uncontended bookings: %d of %d booked (%v)", len(booked), len(seekers), res.Errors)
	}
	return res, booked, nil
}

// uncontendedRounds runs the uncontended bookings c.uncontendedRounds
// times, cancelling each round's bookings and waiting for their mail
// before the next, outside the measurement; it reports all rounds as one
// (bookings over the seconds spent booking, CPU seconds of those seconds)
// and returns the last round's bookings. afterRound, if not nil, runs
// after each round, before its bookings are cancelled, with the round's
// duration.
func uncontendedRounds(ctx context.Context, c config, targets []string, procs []*serverProc, seekers []seeker, slots []slotInfo,
	capacity int, terms, debugAddr string, sink *mailSink, sqlDB *sqlHandle, afterRound func(time.Duration)) (ThroughputResult, []booking, error) {
	total := ThroughputResult{Clients: c.bookingClients, CPUSeconds: map[string]float64{}}
	var lat latencies
	var booked []booking
	for round := range c.uncontendedRounds {
		if round > 0 {
			if err := cancelBookings(ctx, targets[0], seekers, booked); err != nil {
				return total, nil, fmt.Errorf("cancelling round %d: %w", round, err)
			}
			sink.quiet(ctx)
		}
		cpu := startCPUMeter(procs)
		var before map[string]int64
		if sqlDB != nil {
			before = dbCounters(ctx, sqlDB.DB)
		}
		stopProfile := startCPUProfile(ctx, debugAddr, c.profileDir, fmt.Sprintf("uncontended-%d", round+1), time.Second)
		r, b, err := uncontendedBookings(ctx, targets, seekers[:c.uncontendedSeekers], slots, capacity, terms, c.bookingClients, round, &lat)
		total.add(r, cpu.stop())
		if sqlDB != nil {
			if total.Database == nil {
				total.Database = map[string]int64{}
			}
			for name, n := range counterDelta(before, dbCounters(ctx, sqlDB.DB)) {
				total.Database[name] += n
			}
		}
		if perr := stopProfile(); perr != nil {
			logf("profile: %v", perr)
		}
		booked = b
		if err != nil {
			return total, booked, err
		}
		if afterRound != nil {
			afterRound(time.Duration(r.Seconds * float64(time.Second)))
		}
	}
	total.Latency = lat.summary()
	if total.Seconds > 0 {
		total.PerSecond = float64(total.Requests) / total.Seconds
	}
	return total, booked, nil
}

// requestReservation books slot for s.
func requestReservation(ctx context.Context, base string, s seeker, slot, terms, key string) (gqlResp, error) {
	return gql(ctx, base, s.Token, `mutation($in: ReservationInput!, $k: String) { requestReservation(input: $in, idempotencyKey: $k) { id status } }`,
		map[string]any{"k": key, "in": map[string]any{"startsAt": slot, "name": s.Name,
			"phone": "0986-22-1234", "jobSeekerNumber": s.Number, "consultation": "負荷試験の相談", "agreedTermsId": terms}})
}

func reservationID(r gqlResp) string {
	var v struct{ RequestReservation struct{ ID string } }
	_ = json.Unmarshal(r.Data, &v)
	return v.RequestReservation.ID
}

// cancelBookings cancels what a scenario booked, so that its job seekers
// can book again in the next one.
func cancelBookings(ctx context.Context, base string, seekers []seeker, booked []booking) error {
	return runPool(ctx, len(booked), 16, func(ctx context.Context, i int) error {
		b := booked[i]
		r, err := gql(ctx, base, seekers[b.Seeker].Token, `mutation($id: ID!) { cancelReservation(id: $id, reason: "負荷試験") { status } }`,
			map[string]any{"id": b.ReservationID})
		if err != nil {
			return err
		}
		if code := r.code(); code != "" {
			return fmt.Errorf("cancelReservation %s: %s", b.ReservationID, code)
		}
		return nil
	})
}

// setHorizon lets the scenarios book in windows of their own.
func setHorizon(ctx context.Context, base, admin string, days int) error {
	return gqlData(ctx, base, admin, `mutation($d: Int!) { updateOffice(input: { horizonDays: $d }) { horizonDays } }`,
		map[string]any{"d": days}, nil)
}

// bookingTargets runs the three booking scenarios, each in a window of
// its own, checking the invariants after each and then cancelling its
// bookings so that the same job seekers can book in the next one.
func bookingTargets(ctx context.Context, c config, rep *Report, targets []string, procs []*serverProc, seekers []seeker,
	terms string, capacity int, sqlDB *sqlHandle, active []booking, debugAddr string, sink *mailSink) error {
	base := targets[0]
	// inWindow runs one scenario over the slots from..to, once the mail of
	// the one before has gone out; then it checks the invariants and
	// cancels what the scenario booked.
	inWindow := func(name, from, to string, run func(slots []slotInfo) ([]booking, error)) (*Invariants, error) {
		slots, err := openSlots(ctx, base, seekers[0].Token, from, to)
		if err != nil {
			return nil, err
		}
		sink.quiet(ctx)
		booked, err := run(slots)
		if err != nil {
			return nil, err
		}
		var inv *Invariants
		if sqlDB != nil {
			if inv, err = checkInvariants(ctx, sqlDB.DB, append(append([]booking(nil), active...), booked...)); err != nil {
				return nil, err
			}
		}
		if err := cancelBookings(ctx, base, seekers, booked); err != nil {
			return inv, fmt.Errorf("cancelling the %s: %w", name, err)
		}
		return inv, nil
	}

	inv, err := inWindow("uncontended bookings", c.uncontendedFrom, c.uncontendedTo, func(slots []slotInfo) ([]booking, error) {
		logf("uncontended bookings: %d job seekers on distinct seats, %d clients over %d instances, %d rounds",
			c.uncontendedSeekers, c.bookingClients, len(targets), c.uncontendedRounds)
		afterRound, ownTables := ownTablesBetweenRounds(ctx, c, rep, procs, sink, sqlDB)
		u, booked, err := uncontendedRounds(ctx, c, targets, procs, seekers, slots, capacity, terms, debugAddr, sink, sqlDB, afterRound)
		rep.Uncontended = &u
		rep.DBOwnTables = ownTables()
		return booked, err
	})
	if err != nil {
		return err
	}
	if inv != nil && !inv.OK {
		return fmt.Errorf("uncontended bookings: an invariant failed: %+v", *inv)
	}

	var once StormResult
	once.Invariants, err = inWindow("one-attempt storm's bookings", c.onceFrom, c.onceTo, func(slots []slotInfo) ([]booking, error) {
		if len(slots) < c.onceSlots {
			return nil, fmt.Errorf("one-attempt storm: the window %s..%s has %d slots, want %d", c.onceFrom, c.onceTo, len(slots), c.onceSlots)
		}
		logf("one-attempt storm: %d job seekers at once over %d instances, %d slots", len(seekers), len(targets), c.onceSlots)
		var booked []booking
		once = measuredStorm(ctx, procs, sqlDB, sink, func() StormResult {
			var r StormResult
			r, booked = bookingStorm(ctx, "once", targets, seekers, slots[:c.onceSlots], terms, 1, c.storm, 0)
			return r
		})
		return booked, nil
	})
	rep.StormOnce = &once
	if err != nil {
		return err
	}

	var steady StormResult
	steady.Invariants, err = inWindow("steady bookings", c.steadyFrom, c.steadyTo, func(slots []slotInfo) ([]booking, error) {
		logf("steady bookings: %d job seekers at %d per second over %d slots", c.steadySeekers, c.steadyRate, len(slots))
		var booked []booking
		steady = measuredStorm(ctx, procs, sqlDB, sink, func() StormResult {
			var r StormResult
			r, booked = bookingStorm(ctx, "steady", targets, seekers[:c.steadySeekers], slots, terms, c.attempts, c.storm,
				time.Second/time.Duration(c.steadyRate))
			return r
		})
		return booked, nil
	})
	rep.Steady = &steady
	return err
}

// measuredStorm runs a booking scenario and adds to its result the CPU
// seconds of every process, the database's counters (lock waits,
// deadlocks, rollbacks, statements) and the mails delivered over it.
func measuredStorm(ctx context.Context, procs []*serverProc, sqlDB *sqlHandle, sink *mailSink, run func() StormResult) StormResult {
	mails := sink.received()
	cpu := startCPUMeter(procs)
	var before map[string]int64
	if sqlDB != nil {
		before = dbCounters(ctx, sqlDB.DB)
	}
	r := run()
	r.CPUSeconds = cpu.stop()
	delivered := sink.received() - mails
	r.MailsDelivered = &delivered
	if sqlDB != nil {
		r.Database = counterDelta(before, dbCounters(ctx, sqlDB.DB))
	}
	return r
}

// ownTablesBetweenRounds returns what runs after each round of the
// uncontended bookings, once the round's mail is out: a slice of the 7-row
// baseline on the booking's own tables as long as the round (started with
// the rows of the first round's newest booking). result ends the baseline
// and returns it, or nil when it could not be taken; an error (the copies
// not made, a transaction that failed) goes to rep.
func ownTablesBetweenRounds(ctx context.Context, c config, rep *Report, procs []*serverProc, sink *mailSink,
	sqlDB *sqlHandle) (afterRound func(time.Duration), result func() *ThroughputResult) {
	if sqlDB == nil {
		return nil, func() *ThroughputResult { return nil }
	}
	logf("baseline: durable 7-row transactions on copies of the booking's own tables, %d connections, after each round for as long as it",
		c.bookingClients)
	fail := func(err error) {
		logf("own-tables baseline: %v", err)
		rep.Errors = append(rep.Errors, "own-tables baseline: "+err.Error())
	}
	var own *ownTablesBaseline
	failed := false
	afterRound = func(d time.Duration) {
		if failed {
			return
		}
		sink.quiet(ctx)
		if own == nil {
			var err error
			if own, err = startOwnTablesBaseline(ctx, sqlDB.DB, c.bookingClients); err != nil {
				fail(err)
				failed = true
				return
			}
		}
		own.slice(ctx, d, procs)
	}
	result = func() *ThroughputResult {
		if own == nil {
			return nil
		}
		r, err := own.finish()
		if err != nil {
			fail(fmt.Errorf("a transaction failed: %w", err))
		}
		return &r
	}
	return afterRound, result
}
