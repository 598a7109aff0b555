// Command loadtest measures soudan under load: a booking storm with a
// database invariant check, slot browsing, queue fan-out over
// graphql-transport-ws across two instances, baselines (raw durable INSERT
// transactions on the same MariaDB: single rows, a booking's 7 rows in
// scratch tables and in copies of the booking's own tables; and
// `{ __typename }` through the same server) and the server's RSS with many
// open subscriptions.
//
// By default it builds ./server, creates a fresh MySQL/MariaDB database,
// starts two server instances on 127.0.0.1 with an in-process SMTP sink,
// runs every scenario, prints a table, writes JSON (-json) and cleans up:
//
//	go run ./cmd/loadtest -mysql 'mysql://root@tcp(127.0.0.1:3306)/' -json out.json
//	go run ./cmd/loadtest -mysql 'mysql://root@tcp(127.0.0.1:3306)/' -quick
//
// With -url it targets running servers instead (loopback only); they must
// use -smtp-listen as SOUDAN_SMTP_URL, the admin of -admin-email, high
// SOUDAN_RATE_* limits, and -db names their database for the checks.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"maps"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"
)

type config struct {
	mysql, db, urls, jsonOut, smtpListen   string
	profileDir                             string
	adminEmail, adminPassword              string
	quick, keep                            bool
	seekers, attempts, prepConc            int
	browseClients, subscribers, rssSubs    int
	dbConns                                int
	browseDur, baselineDur, timeout, storm time.Duration
	from, to, clock, fanFrom, fanTo        string
	flowSeekers, flowRate                  int
	// The booking targets: uncontended, all at once with one attempt each,
	// and a steady rate, each in a window of its own.
	bookingClients, uncontendedSeekers     int
	uncontendedRounds                      int
	serverDBConns                          int
	serverEnv                              string
	onceSlots, steadySeekers, steadyRate   int
	uncontendedFrom, uncontendedTo         string
	onceFrom, onceTo, steadyFrom, steadyTo string
}

// Report is the JSON output.
type Report struct {
	StartedAt     time.Time         `json:"started_at"`
	Mode          string            `json:"mode"`
	Config        map[string]any    `json:"config"`
	Prep          map[string]any    `json:"preparation"`
	DBInsert      *ThroughputResult `json:"baseline_db_insert,omitempty"`
	DBBookingRows *ThroughputResult `json:"baseline_db_booking_rows,omitempty"`
	// DBOwnTables is the 7-row baseline on copies of the booking's own
	// tables, taken in slices between the rounds of the uncontended
	// bookings.
	DBOwnTables *ThroughputResult  `json:"baseline_db_booking_rows_own_tables,omitempty"`
	Uncontended *ThroughputResult  `json:"bookings_uncontended,omitempty"`
	StormOnce   *StormResult       `json:"booking_storm_one_attempt,omitempty"`
	Steady      *StormResult       `json:"bookings_steady,omitempty"`
	GraphQLNoop *ThroughputResult  `json:"baseline_graphql_typename,omitempty"`
	Browse14    *ThroughputResult  `json:"slot_browsing_14d,omitempty"`
	Browse60    *ThroughputResult  `json:"slot_browsing_60d,omitempty"`
	Storm       *StormResult       `json:"booking_storm,omitempty"`
	Flow        *StormResult       `json:"booking_flow_during_fanout,omitempty"`
	Fanout      *FanoutResult      `json:"queue_fanout,omitempty"`
	RSS         *RSSResult         `json:"rss,omitempty"`
	Ratios      map[string]float64 `json:"ratios"`
	Errors      []string           `json:"errors,omitempty"`
	Seconds     float64            `json:"seconds"`
}

func main() {
	var c config
	flag.StringVar(&c.mysql, "mysql", "", "MySQL/MariaDB server (loopback) to create a scratch database on, e.g. 'mysql://root@tcp(127.0.0.1:3306)/'")
	flag.StringVar(&c.urls, "url", "", "comma-separated base URLs of running servers to target instead of starting them (127.0.0.1 only)")
	flag.StringVar(&c.db, "db", "", "with -url: the servers' database DSN (mysql://…/dbname) for the invariant and fan-out checks and the DB baseline")
	flag.StringVar(&c.smtpListen, "smtp-listen", "127.0.0.1:0", "address of the in-process SMTP sink (with -url, the servers' SOUDAN_SMTP_URL must point here)")
	flag.StringVar(&c.adminEmail, "admin-email", "admin@loadtest.test", "administrator e-mail (SOUDAN_ADMIN_EMAIL)")
	flag.StringVar(&c.adminPassword, "admin-password", "admin-password-123", "administrator password")
	flag.StringVar(&c.jsonOut, "json", "", "write the results as JSON to this file")
	flag.BoolVar(&c.quick, "quick", false, "smoke test: 50 job seekers, 20 subscribers, 250 subscriptions, 3 s loops (under a minute)")
	flag.StringVar(&c.profileDir, "profile", "", "write CPU profiles of server-1 during slot browsing, each round of the uncontended bookings and the storm to this directory (started servers only)")
	flag.BoolVar(&c.keep, "keep", false, "keep the temporary directory (server logs) and the database")
	flag.IntVar(&c.seekers, "seekers", 500, "job seekers in the booking storm (all at once)")
	flag.IntVar(&c.attempts, "attempts", 4, "booking attempts per job seeker (another random slot after SLOT_FULL)")
	flag.IntVar(&c.prepConc, "prep-concurrency", 8, "concurrency of preparing accounts (argon2 bound)")
	flag.IntVar(&c.browseClients, "clients", 50, "concurrent clients for slot browsing and the baselines")
	flag.IntVar(&c.subscribers, "subscribers", 200, "staff subscriber connections for the fan-out (split over the instances)")
	flag.IntVar(&c.rssSubs, "rss-subscriptions", 1000, "subscriptions opened on one instance for the RSS figure (5 per connection)")
	flag.IntVar(&c.dbConns, "db-conns", 40, "database/sql pool size of the raw INSERT baseline (MariaDB's max_connections is shared with the servers)")
	flag.DurationVar(&c.browseDur, "duration", 10*time.Second, "duration of each slot-browsing and baseline loop")
	flag.DurationVar(&c.baselineDur, "baseline-duration", 0, "duration of the baselines (default: -duration)")
	flag.DurationVar(&c.storm, "storm-timeout", 2*time.Minute, "upper bound on the booking storm")
	flag.DurationVar(&c.timeout, "timeout", 15*time.Minute, "upper bound on the whole run")
	flag.StringVar(&c.from, "from", "2026-05-07", "first date of the booking window")
	flag.StringVar(&c.to, "to", "2026-05-20", "last date of the booking window")
	flag.StringVar(&c.fanFrom, "fanout-from", "2026-05-21", "first date of the fan-out's booking window (apart from the storm's)")
	flag.StringVar(&c.fanTo, "fanout-to", "2026-06-03", "last date of the fan-out's booking window")
	flag.IntVar(&c.flowSeekers, "flow-seekers", 200, "job seekers booking one after another while the fan-out is measured")
	flag.IntVar(&c.flowRate, "flow-rate", 50, "bookings started per second while the fan-out is measured")
	flag.IntVar(&c.serverDBConns, "server-db-conns", 0, "SOUDAN_DB_MAX_CONNS of the started servers (0: their default)")
	flag.StringVar(&c.serverEnv, "server-env", "", "more environment of the started servers, as KEY=VALUE[,KEY=VALUE...] (e.g. GOMAXPROCS=1)")
	flag.IntVar(&c.bookingClients, "booking-clients", 32, "clients of the uncontended bookings and connections of the 7-row baseline")
	flag.IntVar(&c.uncontendedSeekers, "uncontended-seekers", 480, "job seekers booking seats nobody else asks for")
	flag.IntVar(&c.uncontendedRounds, "uncontended-rounds", 3, "rounds of the uncontended bookings (each round's bookings are cancelled before the next)")
	flag.StringVar(&c.uncontendedFrom, "uncontended-from", "2026-06-04", "first date of the uncontended bookings' window")
	flag.StringVar(&c.uncontendedTo, "uncontended-to", "2026-06-24", "last date of the uncontended bookings' window")
	flag.IntVar(&c.onceSlots, "once-slots", 250, "slots of the one-attempt storm (all job seekers at once, one attempt each)")
	flag.StringVar(&c.onceFrom, "once-from", "2026-06-25", "first date of the one-attempt storm's window")
	flag.StringVar(&c.onceTo, "once-to", "2026-07-15", "last date of the one-attempt storm's window")
	flag.IntVar(&c.steadySeekers, "steady-seekers", 300, "job seekers of the steady booking flow")
	flag.IntVar(&c.steadyRate, "steady-rate", 200, "bookings started per second in the steady flow")
	flag.StringVar(&c.steadyFrom, "steady-from", "2026-07-16", "first date of the steady flow's window")
	flag.StringVar(&c.steadyTo, "steady-to", "2026-08-04", "last date of the steady flow's window")
	flag.StringVar(&c.clock, "clock", "2026-04-27T10:00:00+09:00", "SOUDAN_CLOCK_START of the started servers")
	flag.Parse()
	set := map[string]bool{}
	flag.Visit(func(f *flag.Flag) { set[f.Name] = true })
	if c.quick {
		for name, v := range map[string]any{"seekers": 50, "flow-seekers": 20, "uncontended-seekers": 40, "once-slots": 25, "steady-seekers": 40, "subscribers": 20, "rss-subscriptions": 250, "duration": 3 * time.Second,
			"clients": 20, "storm-timeout": 30 * time.Second, "timeout": 3 * time.Minute} {
			if !set[name] {
				_ = flag.Set(name, fmt.Sprint(v))
			}
		}
	}
	if c.baselineDur == 0 {
		c.baselineDur = c.browseDur
	}
	if c.mysql == "" && c.urls == "" {
		fmt.Fprintln(os.Stderr, "loadtest: give -mysql 'mysql://root@tcp(127.0.0.1:3306)/' (start servers) or -url (target running servers)")
		flag.Usage()
		os.Exit(64)
	}
	if c.seekers < 1 || c.flowSeekers < 0 || c.flowRate < 1 || c.steadyRate < 1 || c.bookingClients < 1 || c.uncontendedSeekers > c.seekers || c.uncontendedRounds < 1 || c.steadySeekers > c.seekers || c.attempts < 1 || c.browseClients < 1 || c.subscribers < 0 || c.rssSubs < 0 || c.dbConns < 1 {
		fmt.Fprintln(os.Stderr, "loadtest: counts must be positive")
		os.Exit(64)
	}
	ctx, cancel := context.WithTimeout(context.Background(), c.timeout)
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	rep, err := run(ctx, c)
	stop()
	cancel()
	if rep != nil {
		printTable(os.Stdout, rep)
		if c.jsonOut != "" {
			b, _ := json.MarshalIndent(rep, "", "  ")
			if werr := os.WriteFile(c.jsonOut, append(b, '\n'), 0o644); werr != nil {
				fmt.Fprintln(os.Stderr, "loadtest:", werr)
			}
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "loadtest:", err)
		os.Exit(1)
	}
	broken := func(s *StormResult) bool { return s != nil && s.Invariants != nil && !s.Invariants.OK }
	if broken(rep.Storm) || broken(rep.StormOnce) || broken(rep.Steady) ||
		rep.Fanout != nil && (rep.Fanout.Lost > 0 || rep.Fanout.Duplicated > 0) {
		fmt.Fprintln(os.Stderr, "loadtest: an invariant failed")
		os.Exit(2)
	}
	// The smoke run also fails when a measurement could not be taken (a
	// baseline that no longer fits the schema, say).
	if c.quick && len(rep.Errors) > 0 {
		fmt.Fprintln(os.Stderr, "loadtest: a measurement failed:", strings.Join(rep.Errors, "; "))
		os.Exit(3)
	}
}

func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "%s loadtest: %s\n", time.Now().Format("15:04:05.000"), fmt.Sprintf(format, args...))
}

// windowDates lists the weekdays of [from, to] (the office days, holidays
// aside), at most 10 (a connection's subscription limit).
func windowDates(from, to string) ([]string, error) {
	f, err := time.Parse(time.DateOnly, from)
	if err != nil {
		return nil, err
	}
	t, err := time.Parse(time.DateOnly, to)
	if err != nil {
		return nil, err
	}
	var out []string
	for d := f; !d.After(t) && len(out) < 10; d = d.AddDate(0, 0, 1) {
		if d.Weekday() != time.Saturday && d.Weekday() != time.Sunday {
			out = append(out, d.Format(time.DateOnly))
		}
	}
	return out, nil
}

func run(ctx context.Context, c config) (rep *Report, err error) {
	began := time.Now()
	rep = &Report{StartedAt: began, Ratios: map[string]float64{}, Prep: map[string]any{}, Config: map[string]any{
		"seekers": c.seekers, "attempts": c.attempts, "clients": c.browseClients, "subscribers": c.subscribers,
		"rss_subscriptions": c.rssSubs, "duration_s": c.browseDur.Seconds(), "baseline_duration_s": c.baselineDur.Seconds(),
		"db_conns": c.dbConns, "server_db_conns": c.serverDBConns, "server_env": c.serverEnv, "uncontended_rounds": c.uncontendedRounds, "window": c.from + ".." + c.to, "quick": c.quick}}
	defer func() { rep.Seconds = time.Since(began).Seconds() }()
	soft := func(what string, err error) {
		if err != nil {
			msg := what + ": " + err.Error()
			logf("%s", msg)
			rep.Errors = append(rep.Errors, msg)
		}
	}

	tmp, err := os.MkdirTemp("", "soudan-loadtest-")
	if err != nil {
		return rep, err
	}
	defer func() {
		if c.keep {
			logf("kept %s", tmp)
		} else {
			_ = os.RemoveAll(tmp)
		}
	}()
	sink, err := startMailSink(c.smtpListen)
	if err != nil {
		return rep, err
	}
	defer sink.close()

	var procs []*serverProc
	var targets []string
	var tdb *testDB
	var sqlDB = (*sqlHandle)(nil)
	var bin string
	var env map[string]string
	var debugAddr string // server-1's profiler, with -profile
	if c.urls == "" {
		rep.Mode = "started"
		logf("building ./server")
		bin, err = buildServer(ctx, tmp)
		if err != nil {
			return rep, err
		}
		tdb, err = createTestDB(ctx, c.mysql)
		if err != nil {
			return rep, err
		}
		logf("created database %s", tdb.Name)
		defer func() {
			if c.keep {
				logf("kept database %s", tdb.Name)
				return
			}
			if derr := tdb.drop(); derr != nil {
				logf("dropping %s: %v", tdb.Name, derr)
			} else {
				logf("dropped database %s", tdb.Name)
			}
		}()
		sqlDB = &sqlHandle{tdb.DB}
		env = map[string]string{"SOUDAN_DB": tdb.DSN, "SOUDAN_ADDR": "127.0.0.1:0", "SOUDAN_DATA_KEY": dataKey,
			"SOUDAN_CLOCK_START": c.clock, "SOUDAN_ADMIN_EMAIL": c.adminEmail, "SOUDAN_ADMIN_PASSWORD": c.adminPassword,
			"SOUDAN_RATE_JOBSEEKER": "1000000", "SOUDAN_RATE_STAFF": "1000000", "SOUDAN_RATE_ANONYMOUS": "1000000",
			"SOUDAN_RATE_BOOKING": "1000000", "SOUDAN_SMTP_URL": sink.URL(), "SOUDAN_PUBLIC_URL": "http://soudan.loadtest",
			"SOUDAN_LOG_LEVEL": "info"}
		if c.serverDBConns > 0 {
			env["SOUDAN_DB_MAX_CONNS"] = fmt.Sprint(c.serverDBConns)
		}
		for kv := range strings.SplitSeq(c.serverEnv, ",") {
			if k, v, ok := strings.Cut(strings.TrimSpace(kv), "="); ok && k != "" {
				env[k] = v
			}
		}
		defer func() {
			for _, p := range procs {
				if serr := p.stop(); serr != nil {
					logf("stopping %s: %v (log %s)", p.Name, serr, p.LogPath)
				}
			}
			if len(procs) > 0 {
				logf("stopped %d server processes", len(procs))
			}
		}()
		for i := range 2 { // one after the other: the first migrates
			penv := env
			if i == 0 && c.profileDir != "" {
				if debugAddr, err = freeLoopbackAddr(); err != nil {
					return rep, err
				}
				penv = maps.Clone(env)
				penv["SOUDAN_DEBUG_ADDR"] = debugAddr
			}
			p, err := startServerProc(ctx, bin, tmp, fmt.Sprintf("server-%d", i+1), penv)
			if err != nil {
				return rep, err
			}
			procs = append(procs, p)
			targets = append(targets, p.URL)
			logf("server-%d pid %d listening on %s", i+1, p.Pid(), p.Addr)
		}
	} else {
		rep.Mode = "targets"
		for _, u := range strings.Split(c.urls, ",") {
			pu, err := checkLoopbackURL(strings.TrimSpace(u))
			if err != nil {
				return rep, err
			}
			targets = append(targets, strings.TrimRight(pu.String(), "/"))
		}
		if c.db != "" {
			d, err := openDB(c.db)
			if err != nil {
				return rep, err
			}
			defer d.Close()
			sqlDB = &sqlHandle{d}
		}
	}
	addrs := make([]string, len(targets))
	for i, t := range targets {
		addrs[i] = strings.TrimPrefix(t, "http://")
	}
	run := randHex(4)
	base := targets[0]

	// ---- preparation ----
	admin, err := signIn(ctx, base, c.adminEmail, c.adminPassword)
	if err != nil {
		return rep, err
	}
	var info struct {
		Office       struct{ Capacity int }
		CurrentTerms struct{ ID string }
	}
	if err := gqlData(ctx, base, "", `{ office { capacity } currentTerms { id } }`, nil, &info); err != nil {
		return rep, err
	}
	dates, err := windowDates(c.from, c.to)
	if err != nil {
		return rep, err
	}
	t0 := time.Now()
	seekers, err := prepareSeekers(ctx, base, admin, sink, run, c.seekers+c.flowSeekers, c.prepConc)
	if err != nil {
		return rep, fmt.Errorf("preparing job seekers: %w", err)
	}
	stormSeekers, flowSeekers := seekers[:c.seekers], seekers[c.seekers:]
	rep.Prep["job_seekers"] = len(seekers)
	rep.Prep["job_seekers_seconds"] = time.Since(t0).Seconds()
	logf("prepared %d eligible job seekers in %.1fs", len(seekers), time.Since(t0).Seconds())
	nFan := (c.subscribers/max(1, len(targets)) + 4) / 5
	nRSS := (c.rssSubs/5 + 4) / 5
	t0 = time.Now()
	staffs, err := prepareStaff(ctx, base, admin, run, nFan+nRSS, c.prepConc)
	if err != nil {
		return rep, fmt.Errorf("preparing staff: %w", err)
	}
	rep.Prep["staff"] = len(staffs)
	rep.Prep["staff_seconds"] = time.Since(t0).Seconds()
	rep.Prep["office_capacity"] = info.Office.Capacity
	if err := setHorizon(ctx, base, admin, 120); err != nil {
		return rep, fmt.Errorf("booking horizon: %w", err)
	}
	logf("prepared %d staff accounts in %.1fs", len(staffs), time.Since(t0).Seconds())

	// ---- baselines ----
	if sqlDB != nil {
		logf("baseline: durable single-row INSERT transactions, %d clients, pool %d, %v", c.seekers, c.dbConns, c.baselineDur)
		r, err := dbInsertBaseline(ctx, sqlDB.DB, c.seekers, c.dbConns, c.baselineDur)
		soft("db baseline", err)
		if err == nil {
			rep.DBInsert = &r
		}
		logf("baseline: durable 7-row transactions, one INSERT per round trip, %d connections, %v", c.bookingClients, c.baselineDur)
		cpu := startCPUMeter(procs)
		r7, err := dbBookingRowsBaseline(ctx, sqlDB.DB, c.bookingClients, c.baselineDur)
		r7.CPUSeconds = cpu.stop()
		soft("db 7-row baseline", err)
		if err == nil {
			rep.DBBookingRows = &r7
		}
	}
	logf("baseline: { __typename }, %d clients, %v", c.browseClients, c.baselineDur)
	cpu := startCPUMeter(procs)
	noop := closedLoop(ctx, c.browseClients, c.baselineDur, 1<<40, gqlOp(base, `{ __typename }`, nil))
	noop.CPUSeconds = cpu.stop()
	rep.GraphQLNoop = &noop

	// ---- slot browsing ----
	from, _ := time.Parse(time.DateOnly, c.from)
	slotsQ := `query($from: Date!, $to: Date!) { availableSlots(from: $from, to: $to) { startsAt endsAt remaining } }`
	logf("slot browsing: 14 days, %d clients, %v", c.browseClients, c.browseDur)
	stopProfile := startCPUProfile(ctx, debugAddr, c.profileDir, "browse14", c.browseDur-time.Second)
	cpu = startCPUMeter(procs)
	b14 := closedLoop(ctx, c.browseClients, c.browseDur, 1<<40, gqlOp(base, slotsQ,
		map[string]any{"from": c.from, "to": from.AddDate(0, 0, 13).Format(time.DateOnly)}))
	b14.CPUSeconds = cpu.stop()
	soft("profile", stopProfile())
	rep.Browse14 = &b14
	logf("slot browsing: 60 days, %d clients, %v", c.browseClients, c.browseDur)
	b60 := closedLoop(ctx, c.browseClients, c.browseDur, 1<<40, gqlOp(base, slotsQ,
		map[string]any{"from": c.from, "to": from.AddDate(0, 0, 59).Format(time.DateOnly)}))
	rep.Browse60 = &b60
	if ctx.Err() != nil {
		return rep, ctx.Err()
	}

	// ---- queue fan-out: subscribers while bookings flow at a steady rate ----
	terms := info.CurrentTerms.ID
	var allBooked []booking
	if c.subscribers > 0 && len(flowSeekers) > 0 {
		fanDates, err := windowDates(c.fanFrom, c.fanTo)
		if err != nil {
			return rep, err
		}
		fanSlots, err := openSlots(ctx, base, seekers[0].Token, c.fanFrom, c.fanTo)
		if err != nil {
			return rep, err
		}
		var q struct{ Queue struct{ Seq int64 } }
		if err := gqlData(ctx, base, admin, `query($d: Date!) { queue(date: $d) { seq } }`, map[string]any{"d": fanDates[0]}, &q); err != nil {
			return rep, err
		}
		logf("queue fan-out: %d subscriber connections × %d dates over %d instances", c.subscribers, len(fanDates), len(addrs))
		subs, err := openSubscribers(ctx, addrs, staffs[:nFan], c.subscribers, fanDates, q.Queue.Seq)
		if err != nil {
			closeSubscribers(subs)
			return rep, fmt.Errorf("fan-out subscribers: %w", err)
		}
		time.Sleep(time.Second) // let the subscriptions start
		logf("queue fan-out: %d job seekers book at %d per second over %d slots", len(flowSeekers), c.flowRate, len(fanSlots))
		cpu = startCPUMeter(procs)
		flow, booked := bookingStorm(ctx, "flow", targets, flowSeekers, fanSlots, terms, c.attempts, c.storm, time.Second/time.Duration(c.flowRate))
		rep.Flow = &flow
		allBooked = append(allBooked, booked...)
		if sqlDB != nil {
			fr, err := checkFanout(ctx, sqlDB.DB, subs, fanDates, q.Queue.Seq, booked, 20*time.Second)
			soft("fan-out check", err)
			if err == nil {
				fr.CPUSeconds = cpu.stop()
				rep.Fanout = &fr
			}
		}
		closeSubscribers(subs)
	}

	// ---- the booking targets: uncontended, all at once, steady ----
	if err := bookingTargets(ctx, c, rep, targets, procs, stormSeekers, terms, info.Office.Capacity, sqlDB, allBooked, debugAddr, sink); err != nil {
		return rep, err
	}

	// ---- booking storm: every job seeker at once ----
	slots, err := openSlots(ctx, base, seekers[0].Token, c.from, c.to)
	if err != nil {
		return rep, err
	}
	sink.quiet(ctx)
	logf("booking storm: %d job seekers over %d instances, %d slots", len(stormSeekers), len(targets), len(slots))
	var before map[string]int64
	if sqlDB != nil {
		before = dbCounters(ctx, sqlDB.DB)
	}
	cpu = startCPUMeter(procs)
	stopProfile = startCPUProfile(ctx, debugAddr, c.profileDir, "storm", 3*time.Second)
	storm, booked := bookingStorm(ctx, "storm", targets, stormSeekers, slots, terms, c.attempts, c.storm, 0)
	storm.CPUSeconds = cpu.stop()
	soft("profile", stopProfile())
	rep.Storm = &storm
	allBooked = append(allBooked, booked...)
	if sqlDB != nil {
		storm.Database = counterDelta(before, dbCounters(ctx, sqlDB.DB))
		inv, err := checkInvariants(ctx, sqlDB.DB, allBooked)
		soft("invariant check", err)
		storm.Invariants = inv
	}

	// ---- RSS with many subscriptions ----
	if len(procs) > 0 && c.rssSubs > 0 {
		// A fresh instance, so that the figure is not the heap left by the storm.
		p, err := startServerProc(ctx, bin, tmp, "server-rss", env)
		soft("rss server", err)
		if err == nil {
			procs = append(procs, p)
			time.Sleep(time.Second)
			logf("RSS: opening %d subscriptions on %s (pid %d)", c.rssSubs, p.Name, p.Pid())
			r, err := rssWithSubscriptions(ctx, p, staffs[nFan:], c.rssSubs, 5, dates[0])
			soft("rss", err)
			if err == nil {
				rep.RSS = &r
			}
		}
	}

	if rep.DBBookingRows != nil && rep.DBBookingRows.PerSecond > 0 && rep.Uncontended != nil {
		rep.Ratios["uncontended_bookings_per_s_over_db_7_row_tx_per_s"] = rep.Uncontended.PerSecond / rep.DBBookingRows.PerSecond
	}
	if rep.DBOwnTables != nil && rep.DBOwnTables.PerSecond > 0 && rep.Uncontended != nil {
		rep.Ratios["uncontended_bookings_per_s_over_own_tables_7_row_tx_per_s"] = rep.Uncontended.PerSecond / rep.DBOwnTables.PerSecond
	}
	if rep.DBInsert != nil && rep.DBInsert.PerSecond > 0 {
		rep.Ratios["booking_successes_per_s_over_db_inserts_per_s"] = storm.SuccessPerSecond / rep.DBInsert.PerSecond
	}
	if noop.PerSecond > 0 {
		rep.Ratios["slot_browsing_14d_rps_over_typename_rps"] = b14.PerSecond / noop.PerSecond
		rep.Ratios["slot_browsing_60d_rps_over_typename_rps"] = b60.PerSecond / noop.PerSecond
	}
	rep.Prep["mails_received"] = sink.received()
	return rep, nil
}

func printTable(w *os.File, r *Report) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "scenario\tmetric\tvalue\n")
	fmt.Fprintf(tw, "--------\t------\t-----\n")
	tp := func(name string, t *ThroughputResult) {
		if t == nil {
			return
		}
		errs := ""
		if len(t.Errors) > 0 {
			errs = fmt.Sprintf("  errors %v", t.Errors)
		}
		fmt.Fprintf(tw, "%s\tper second (%d clients, %.1fs)\t%.1f%s\n", name, t.Clients, t.Seconds, t.PerSecond, errs)
		fmt.Fprintf(tw, "%s\tp50 / p99 ms\t%.2f / %.2f\n", name, t.Latency.P50ms, t.Latency.P99ms)
		printCPU(tw, name, t.CPUSeconds)
		if len(t.Database) > 0 {
			fmt.Fprintf(tw, "%s\tdatabase counters\t%v\n", name, t.Database)
		}
	}
	tp("baseline: DB INSERT tx", r.DBInsert)
	tp("baseline: DB 7-row tx", r.DBBookingRows)
	tp("bookings uncontended", r.Uncontended)
	tp("baseline: 7-row tx, own tables", r.DBOwnTables)
	for _, x := range []struct {
		name string
		s    *StormResult
	}{{"one-attempt storm", r.StormOnce}, {"steady bookings", r.Steady}} {
		if s := x.s; s != nil {
			fmt.Fprintf(tw, "%s\tjob seekers / slots / seats\t%d / %d / %d\n", x.name, s.Seekers, s.Slots, s.SeatsOffered)
			fmt.Fprintf(tw, "%s\tsuccesses (attempts)\t%d (%d), all answered in %.3fs\n", x.name, s.Successes, s.Attempts, s.AllAnsweredSeconds)
			fmt.Fprintf(tw, "%s\trequestReservation p50 / p99 ms\t%.1f / %.1f\n", x.name, s.Latency.P50ms, s.Latency.P99ms)
			fmt.Fprintf(tw, "%s\toutcomes\t%v\n", x.name, s.Outcomes)
			if inv := s.Invariants; inv != nil {
				fmt.Fprintf(tw, "%s\tinvariants (DB)\tOK %v\n", x.name, inv.OK)
			}
			printCPU(tw, x.name, s.CPUSeconds)
			if len(s.Database) > 0 {
				fmt.Fprintf(tw, "%s\tdatabase counters\t%v\n", x.name, s.Database)
			}
		}
	}
	tp("baseline: { __typename }", r.GraphQLNoop)
	tp("slot browsing 14 d", r.Browse14)
	tp("slot browsing 60 d", r.Browse60)
	if s := r.Storm; s != nil {
		fmt.Fprintf(tw, "booking storm\tjob seekers / slots / seats\t%d / %d / %d\n", s.Seekers, s.Slots, s.SeatsOffered)
		fmt.Fprintf(tw, "booking storm\tsuccesses (attempts)\t%d (%d) in %.2fs, gave up %d, all answered in %.2fs\n", s.Successes, s.Attempts, s.Seconds, s.GaveUp, s.AllAnsweredSeconds)
		fmt.Fprintf(tw, "booking storm\tsuccesses per second\t%.1f\n", s.SuccessPerSecond)
		fmt.Fprintf(tw, "booking storm\trequestReservation p50 / p99 ms\t%.1f / %.1f\n", s.Latency.P50ms, s.Latency.P99ms)
		fmt.Fprintf(tw, "booking storm\toutcomes\t%v\n", s.Outcomes)
		if inv := s.Invariants; inv != nil {
			verdict := "OK"
			if !inv.OK {
				verdict = "FAILED"
			}
			fmt.Fprintf(tw, "booking storm\tinvariants (DB)\t%s: over capacity %d, two active %d, acked missing %d, acked not CONFIRMED %d, active in DB %d (unacked %d)\n",
				verdict, inv.SlotsOverCapacity, inv.SeekersWithTwoActive, inv.AcknowledgedMissing, inv.AcknowledgedNotConfirm, inv.ActiveInDB, inv.Unacknowledged)
		}
	}
	if s := r.Storm; s != nil {
		printCPU(tw, "booking storm", s.CPUSeconds)
		if len(s.Database) > 0 {
			fmt.Fprintf(tw, "booking storm\tdatabase counters\t%v\n", s.Database)
		}
	}
	if s := r.Flow; s != nil {
		fmt.Fprintf(tw, "booking flow\tjob seekers (%.0f arriving per second)\t%d, %d booked\n", s.ArrivalsPerSecond, s.Seekers, s.Successes)
		fmt.Fprintf(tw, "booking flow\trequestReservation p50 / p99 ms\t%.1f / %.1f\n", s.Latency.P50ms, s.Latency.P99ms)
	}
	if f := r.Fanout; f != nil {
		fmt.Fprintf(tw, "queue fan-out\tsubscribers × dates / instances\t%d × %d / %d\n", f.Subscribers, f.SubsPerConn, f.Instances)
		fmt.Fprintf(tw, "queue fan-out\tevents / deliveries (expected)\t%d / %d (%d)\n", f.EventsInDB, f.Delivered, f.Expected)
		fmt.Fprintf(tw, "queue fan-out\tlost / duplicated / out of order\t%d / %d / %d\n", f.Lost, f.Duplicated, f.OutOfOrder)
		fmt.Fprintf(tw, "queue fan-out\tsend-to-delivery p50 / p99 ms\t%.1f / %.1f (n=%d)\n", f.SendToDelivery.P50ms, f.SendToDelivery.P99ms, f.SendToDelivery.Count)
		printCPU(tw, "queue fan-out", f.CPUSeconds)
	}
	if m := r.RSS; m != nil {
		fmt.Fprintf(tw, "server RSS\tbefore / with %d subscriptions (%d conns)\t%.1f MB / %.1f MB (%.1f KB per subscription)\n",
			m.Subscriptions, m.Connections, m.BeforeMB, m.WithSubsMB, m.PerSubKB)
	}
	for k, v := range r.Ratios {
		fmt.Fprintf(tw, "ratio\t%s\t%.3f\n", k, v)
	}
	for _, e := range r.Errors {
		fmt.Fprintf(tw, "error\t\t%s\n", e)
	}
	_ = tw.Flush()
}
