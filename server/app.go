package main

import (
	"context"
	"crypto/rand"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"sync"
	"time"

	"soudan/checker/rules"
	"soudan/graph"
	"soudan/internal/account"
	"soudan/internal/booking"
	"soudan/internal/calendar"
	"soudan/internal/checkerdl"
	"soudan/internal/envrules"
	"soudan/internal/events"
	"soudan/internal/mail/replies"
	"soudan/internal/mailer"
	"soudan/internal/meeting"
	"soudan/internal/office"
	"soudan/internal/password"
	"soudan/internal/records"
	"soudan/internal/secret"
	"soudan/internal/store"
)

func newLogger(w io.Writer, cfg config) *slog.Logger {
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: cfg.LogLevel}))
}

// app is everything the server runs on, built once at start.
type app struct {
	cfg        config
	log        *slog.Logger
	store      *store.Store
	offices    *office.Service
	accounts   *account.Service
	bookings   *booking.Service
	events     *events.Broker
	rules      envrules.Document
	records    *records.Service
	recorder   *records.Recorder
	slotCache  *graph.SharedCache
	websockets *wsGuard
	metrics    *metrics
	mailer     *mailer.Worker
	downloads  *checkerdl.Service
	replies    *replies.Reader // nil without SOUDAN_IMAP_URL
	now        func() time.Time
}

// passwordResetFloor is the least time requestPasswordReset takes: well
// above the write of a link and its mail, so that a registered address does
// not answer more slowly than an unknown one.
const passwordResetFloor = 250 * time.Millisecond

// openApp connects to the database, migrates it, seeds the default office
// on first start, and builds the domain services, each with its hooks at
// construction. On an error, the database is closed again.
func openApp(ctx context.Context, cfg config, log *slog.Logger) (_ *app, err error) {
	keys, err := loadKeys(cfg, log)
	if err != nil {
		return nil, err
	}
	st, err := store.Open(ctx, store.Config{DSN: cfg.DB, Log: log, Keys: keys, MaxConns: cfg.DBMaxConns})
	if err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			_ = st.Close()
		}
	}()
	a := &app{cfg: cfg, log: log, store: st, now: appClock(cfg, log)}
	if err := a.prepareDatabase(ctx); err != nil {
		return nil, err
	}
	if err := a.buildServices(ctx); err != nil {
		return nil, err
	}
	return a, nil
}

// appClock is the server's clock: time.Now, or in development one that
// starts at SOUDAN_CLOCK_START and runs on.
func appClock(cfg config, log *slog.Logger) func() time.Time {
	if cfg.ClockStart.IsZero() {
		return time.Now
	}
	started, offset := time.Now(), cfg.ClockStart
	now := func() time.Time { return offset.Add(time.Since(started)) }
	log.Warn("the clock is set by SOUDAN_CLOCK_START", "now", now())
	return now
}

// prepareDatabase migrates the schema, checks that the data key opens the
// personal data already stored, indexes the phone numbers that need it
// (rows written before the index, or after a change of the index key) and
// seeds the default office.
func (a *app) prepareDatabase(ctx context.Context) error {
	if err := a.store.Migrate(ctx); err != nil {
		return err
	}
	if err := a.store.CheckDataKey(ctx, a.now()); errors.Is(err, store.ErrDataKeyMismatch) {
		if a.cfg.DataKey == "" {
			return fmt.Errorf("the development key file %s cannot open the personal data in this database: "+
				"set SOUDAN_DATA_KEY to the key the data was written with (every instance needs the same keys)", a.cfg.devKeyFile())
		}
		return fmt.Errorf("SOUDAN_DATA_KEY cannot open the personal data in this database: every instance "+
			"needs the key the data was written with (after rotate-key, the new key): %w", err)
	} else if err != nil {
		return err
	}
	// Search by phone misses the rows left out; it is no reason not to serve.
	if n, err := a.store.IndexPhones(ctx); err != nil {
		a.log.Error("indexing phone numbers for search failed; rows are left without an index", "rows", n, "err", err)
	} else if n > 0 {
		a.log.Info("phone numbers indexed for search", "rows", n)
	}
	return a.seed(ctx)
}

// buildServices builds the workers and domain services in the order their
// hooks need: the mail worker and the event broker first, then the
// services that wake or invalidate them.
func (a *app) buildServices(ctx context.Context) error {
	cfg, st, log := a.cfg, a.store, a.log
	var err error
	if a.mailer, err = newMailWorker(cfg, st, log, a.now); err != nil {
		return err
	}
	if a.rules, err = envrules.Load(cfg.RulesFile); err != nil {
		return fmt.Errorf("SOUDAN_RULES_FILE: %w", err)
	}
	meetings, err := newMeetingProvider(cfg, log)
	if err != nil {
		return err
	}
	if a.records, err = newRecords(ctx, cfg, st); err != nil {
		return err
	}
	a.recorder = &records.Recorder{Store: st, Log: log}
	a.events = &events.Broker{Source: st, Log: log}
	if err := a.events.Start(ctx); err != nil {
		return err
	}
	// Slot listings are answered from a shared cache while no reservation
	// or office setting has changed (see graph.SharedCache).
	a.slotCache = &graph.SharedCache{Fields: map[string]bool{"availableSlots": true}, Version: a.events.Watermark,
		TTL: time.Second, MaxEntries: 256, MaxEntryBytes: 1 << 20, MaxBytes: 16 << 20}
	a.offices = &office.Service{Store: st, Admin: st, OfficeCode: cfg.OfficeCode, Now: a.now, PublicURL: cfg.PublicURL,
		CacheTTL: time.Second, RepliesRead: cfg.MailReplyTo != "", MailQueued: a.mailer.Wake, Changed: a.slotCache.Invalidate}
	if err := a.buildReplies(); err != nil {
		return err
	}
	a.bookings = &booking.Service{Meetings: meetings, Readiness: st, CheckerCheckIDs: rules.CheckIDs,
		Store: st, BoothStore: st, Offices: a.offices, Accounts: st, PublicURL: cfg.PublicURL, Now: a.now, Log: log,
		MailQueued: a.mailer.Wake, RepliesLeft: a.repliesLeft(),
		Published: func() {
			a.slotCache.Invalidate()
			a.events.Notify()
		},
	}
	a.accounts = &account.Service{
		Store: st, Notices: st, Offices: a.offices, PublicURL: cfg.PublicURL, Now: a.now, Log: log,
		PasswordParams: password.DefaultParams, Limits: account.DefaultSignInLimits,
		MailQueued: a.mailer.Wake, PasswordResetFloor: passwordResetFloor,
		ReservationsCancelled: a.bookings.CancelledElsewhere,
	}
	if a.downloads, err = newCheckerDownloads(a); err != nil {
		return err
	}
	a.websockets = &wsGuard{app: a, conns: map[int64]int{}, open: map[*firstReadConn]struct{}{}}
	if cfg.MetricsAddr != "" {
		a.metrics = newMetrics(a)
	}
	return nil
}

// newMeetingProvider is the Zoom API provider when it is configured; nil
// means the booths' fixed rooms.
func newMeetingProvider(cfg config, log *slog.Logger) (meeting.Provider, error) {
	if cfg.ZoomAccountID == "" {
		return nil, nil
	}
	zoom, err := meeting.NewZoomProvider(meeting.ZoomConfig{AccountID: cfg.ZoomAccountID, ClientID: cfg.ZoomClientID,
		ClientSecret: cfg.ZoomClientSecret, UserID: cfg.ZoomUserID, APIBase: cfg.ZoomAPIBase, OAuthURL: cfg.ZoomOAuthURL})
	if err != nil {
		return nil, fmt.Errorf("the Zoom API settings: %w", err)
	}
	log.Info("meetings: one Zoom meeting per reservation through the Zoom API")
	return zoom, nil
}

// newRecords is the records service in the office's time zone.
func newRecords(ctx context.Context, cfg config, st *store.Store) (*records.Service, error) {
	loc, err := office.Default().Location()
	if o, oerr := st.OfficeByCode(ctx, cfg.OfficeCode); oerr == nil {
		loc, err = o.Location()
	}
	if err != nil {
		return nil, err
	}
	return &records.Service{Store: st, Location: loc}, nil
}

// buildReplies sets up the reader of replies to application mails when
// SOUDAN_IMAP_URL is set.
func (a *app) buildReplies() error {
	if a.cfg.IMAPURL == "" {
		return nil
	}
	mb, err := replies.ParseURL(a.cfg.IMAPURL)
	if err != nil {
		return fmt.Errorf("SOUDAN_IMAP_URL: %w", err)
	}
	a.replies = &replies.Reader{Mailbox: mb, Lease: a.store, Owner: a.mailer.Owner, Interval: a.cfg.IMAPPoll,
		Now: a.now, Log: a.log, Handler: a.handleReply}
	a.log.Info("replies to application mails are read from the mailbox", "mailbox", mb.String(), "poll", a.cfg.IMAPPoll.String())
	return nil
}

// repliesLeft counts the mails the reply reader left for staff; nil
// without a mailbox.
func (a *app) repliesLeft() func(ctx context.Context) (int, error) {
	if a.replies == nil {
		return nil
	}
	return func(ctx context.Context) (int, error) {
		_, left, err := a.store.InboxStatus(ctx, replies.LeaseName)
		return left, err
	}
}

// handleReply hands a message of the office's mailbox to the booking
// service: a reply that confirms an application (or was answered) is
// filed away, anything else is left for staff. Logs carry ids only.
func (a *app) handleReply(ctx context.Context, r replies.Reply) (replies.Verdict, error) {
	res, err := a.bookings.ConfirmByReply(ctx, booking.ReplyMail{References: r.References, From: r.From,
		ReceivedAt: r.ReceivedAt, Automatic: r.Automatic})
	if err != nil {
		return replies.Leave, err
	}
	log := a.log.With("imap_uid", r.UID, "outcome", string(res.Outcome), "reservation", res.ReservationID)
	if res.Outcome == booking.ReplyUnmatched {
		log.InfoContext(ctx, "mail left for staff", "reason", res.Reason)
		return replies.Leave, nil
	}
	log.InfoContext(ctx, "reply handled")
	return replies.Done, nil
}

// loadKeys returns the keyring for personal data: SOUDAN_DATA_KEY, or in
// development a key file created beside the SQLite database.
func loadKeys(cfg config, log *slog.Logger) (*secret.Keyring, error) {
	if cfg.DataKey != "" {
		k, err := secret.ParseKeys(cfg.DataKey)
		if err != nil {
			return nil, fmt.Errorf("SOUDAN_DATA_KEY: %w", err)
		}
		return k, nil
	}
	path := cfg.devKeyFile()
	k, created, err := secret.LoadOrCreateKeyFile(path)
	if err != nil {
		return nil, fmt.Errorf("development data key %s: %w", path, err)
	}
	log.Warn("SOUDAN_DATA_KEY is not set: personal data is encrypted with a development key file; set SOUDAN_DATA_KEY in production",
		"file", path, "created", created)
	return k, nil
}

// newMailWorker returns the outbox worker: SMTP when SOUDAN_SMTP_URL is
// set, otherwise a sender that logs each mail and keeps it in the outbox.
func newMailWorker(cfg config, st *store.Store, log *slog.Logger, now func() time.Time) (*mailer.Worker, error) {
	var sender mailer.Sender = mailer.LogSender{Log: log, Development: cfg.logMailBodies()}
	if cfg.SMTPURL != "" {
		smtp, err := mailer.NewSMTPSender(cfg.SMTPURL)
		if err != nil {
			return nil, fmt.Errorf("SOUDAN_SMTP_URL: %w", err)
		}
		sender = smtp
	} else {
		log.Warn("SOUDAN_SMTP_URL is not set: mails are logged and kept in the outbox, not sent",
			"bodies_logged", cfg.logMailBodies())
	}
	host, _ := os.Hostname()
	var nonce [4]byte
	_, _ = rand.Read(nonce[:])
	return &mailer.Worker{
		Outbox: st, Sender: sender, From: cfg.MailFrom, ReplyTo: cfg.MailReplyTo, Log: log, Now: now, Lease: cfg.MailLease,
		Owner: fmt.Sprintf("%s/%d/%x", host, os.Getpid(), nonce),
	}, nil
}

// seed inserts the default office and its terms when the configured office
// is the default one and the database does not have it yet.
func (a *app) seed(ctx context.Context) error {
	def := office.Default()
	if a.cfg.OfficeCode != def.Code {
		if _, err := a.store.OfficeByCode(ctx, a.cfg.OfficeCode); err != nil {
			return fmt.Errorf("office %s is not in the database: %w", a.cfg.OfficeCode, err)
		}
		return nil
	}
	loc, err := def.Location()
	if err != nil {
		return err
	}
	inserted, err := a.store.SeedOffice(ctx, def, office.SeedTerms(loc), a.now())
	if err != nil {
		return err
	}
	if inserted {
		a.log.Info("seeded the default office", "office", def.Code)
	}
	return nil
}

func (a *app) close() {
	if err := a.store.Close(); err != nil {
		a.log.Warn("closing the database", "err", err)
	}
}

func serve(ctx context.Context, cfg config, log *slog.Logger) error {
	a, err := openApp(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer a.close()
	if err := a.bootstrapAdmin(ctx); err != nil {
		return err
	}

	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.Addr, err)
	}
	srv := &http.Server{
		Handler:           a.routes(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    32 << 10,
		// Once the signal context is done, requests still running must be
		// able to finish: they get a context of their own.
		BaseContext: func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	if cfg.DebugAddr != "" {
		stopDebug, err := serveDebug(cfg.DebugAddr, log)
		if err != nil {
			_ = ln.Close()
			return err
		}
		defer stopDebug()
	}
	if cfg.MetricsAddr != "" {
		stopMetrics, err := serveMetrics(cfg.MetricsAddr, a.metrics, log)
		if err != nil {
			_ = ln.Close()
			return err
		}
		defer stopMetrics()
	}

	log.Info("listening", "addr", ln.Addr().String(), "env", cfg.Env, "db", string(a.store.Dialect()), "office", cfg.OfficeCode)

	workerCtx, stopWorkers := context.WithCancel(context.WithoutCancel(ctx))
	var workers sync.WaitGroup
	workers.Go(func() {
		if err := a.mailer.Run(workerCtx); err != nil && !errors.Is(err, context.Canceled) {
			log.Error("mail worker stopped", "err", err)
		}
	})
	workers.Go(func() { a.events.Run(workerCtx) })
	workers.Go(func() { a.recorder.Run(workerCtx) })
	workers.Go(func() { a.sweep(workerCtx) })
	if a.replies != nil {
		workers.Go(func() { a.replies.Run(workerCtx) })
	}

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	var serveErr error
	select {
	case serveErr = <-errc:
	case <-ctx.Done():
		log.Info("shutting down")
		a.websockets.closeAll()
		shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		if err := srv.Shutdown(shutdownCtx); err != nil {
			log.Warn("shutdown", "err", err)
		}
		cancel()
		if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
			serveErr = err
		}
	}
	// Flush: the workers finish the mail in flight and stop.
	stopWorkers()
	workers.Wait()
	log.Info("stopped")
	return serveErr
}

func migrate(ctx context.Context, cfg config, log *slog.Logger, stdout io.Writer) error {
	st, err := store.Open(ctx, store.Config{DSN: cfg.DB, Log: log})
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.Migrate(ctx); err != nil {
		return err
	}
	fmt.Fprintln(stdout, "database is up to date")
	return nil
}

func importHolidays(ctx context.Context, cfg config, log *slog.Logger, args []string, stdout io.Writer) error {
	if len(args) != 1 {
		return fmt.Errorf("usage: server import-holidays FILE")
	}
	f, err := os.Open(args[0])
	if err != nil {
		return err
	}
	defer f.Close()
	holidays, err := calendar.ParseSyukujitsuCSV(f)
	if err != nil {
		return fmt.Errorf("%s: %w", args[0], err)
	}
	a, err := openApp(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer a.close()
	if err := a.store.ImportHolidays(ctx, holidays, a.now()); err != nil {
		return err
	}
	first, last := holidays[0].Date, holidays[0].Date
	for _, h := range holidays {
		if h.Date.Before(first) {
			first = h.Date
		}
		if h.Date.After(last) {
			last = h.Date
		}
	}
	fmt.Fprintf(stdout, "imported %d holidays, %s to %s; they replace the computed holidays of those years\n",
		len(holidays), first, last)
	return nil
}

// bootstrapAdmin creates the first administrator from SOUDAN_ADMIN_EMAIL and
// SOUDAN_ADMIN_PASSWORD when the office has none.
func (a *app) bootstrapAdmin(ctx context.Context) error {
	if a.cfg.AdminEmail == "" {
		return nil
	}
	created, err := a.accounts.CreateAdmin(ctx, a.cfg.AdminEmail, a.cfg.AdminPassword, "管理者", true)
	if err != nil {
		return fmt.Errorf("SOUDAN_ADMIN_EMAIL: %w", err)
	}
	if created {
		a.log.Info("created the first administrator from SOUDAN_ADMIN_EMAIL")
	}
	return nil
}

func createAdmin(ctx context.Context, cfg config, log *slog.Logger, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("create-admin", flag.ContinueOnError)
	email := fs.String("email", "", "the administrator's e-mail address")
	pw := fs.String("password", "", "the password (at least 10 characters)")
	name := fs.String("name", "管理者", "the display name")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *email == "" || *pw == "" {
		return fmt.Errorf("usage: server create-admin -email E -password P [-name N]")
	}
	a, err := openApp(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer a.close()
	if _, err := a.accounts.CreateAdmin(ctx, *email, *pw, *name, false); err != nil {
		return err
	}
	fmt.Fprintln(stdout, "administrator created")
	return nil
}

// sweepInterval is how often the no-show sweeper runs.
const sweepInterval = 30 * time.Second

// sweep runs the no-show sweeper (Art 6(6)), the expiry of unconfirmed
// applications (Art 6(4)), the reminders and, hourly, the retention of
// records (access log, readiness details) until ctx ends. Every instance runs them; each
// change is a compare-and-set, so they never double up.
func (a *app) sweep(ctx context.Context) {
	t := time.NewTicker(sweepInterval)
	defer t.Stop()
	var lastPurge time.Time
	for {
		if _, err := a.bookings.SweepNoShows(ctx); err != nil && ctx.Err() == nil {
			a.log.Warn("no-show sweeper", "err", err)
		}
		if _, err := a.bookings.ExpireApplications(ctx); err != nil && ctx.Err() == nil {
			a.log.Warn("application expiry", "err", err)
		}
		if _, err := a.bookings.SendReminders(ctx); err != nil && ctx.Err() == nil {
			a.log.Warn("reminders", "err", err)
		}
		if now := a.now(); now.Sub(lastPurge) >= time.Hour {
			lastPurge = now
			if n, err := a.store.Purge(ctx, now.Add(-a.cfg.Retention)); err != nil && ctx.Err() == nil {
				a.log.Warn("retention", "err", err)
			} else if n > 0 {
				a.log.Info("retention: old records deleted", "rows", n)
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// rotateKey re-encrypts every sealed value under the current (first) key
// of SOUDAN_DATA_KEY; the servers keep running meanwhile. Afterwards the
// old keys can be removed from SOUDAN_DATA_KEY.
func rotateKey(ctx context.Context, cfg config, log *slog.Logger, stdout io.Writer) error {
	keys, err := loadKeys(cfg, log)
	if err != nil {
		return err
	}
	st, err := store.Open(ctx, store.Config{DSN: cfg.DB, Log: log, Keys: keys, MaxConns: cfg.DBMaxConns})
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.CheckSchema(ctx, true); err != nil {
		return err
	}
	n, err := st.RotateKeys(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "re-encrypted %d values under key %s\n", n, keys.CurrentID())
	return nil
}
