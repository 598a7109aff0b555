// Package store is soudan's database layer: GORM on MySQL 8 / MariaDB in
// production and on an embedded pure-Go SQLite file by default. It applies
// the versioned migrations of package migrations, and implements the Store
// interfaces of the domain packages. Row types stay private to this package
// and are mapped to domain types explicitly.
package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/url"
	"strings"
	"time"

	"github.com/glebarez/sqlite"
	mysqldriver "github.com/go-sql-driver/mysql"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
	"gorm.io/driver/mysql"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"soudan/internal/apperr"
	"soudan/internal/secret"
	"soudan/internal/validate"
	"soudan/migrations"
)

// Dialect names the database engine behind a Store.
type Dialect string

// The supported dialects.
const (
	MySQL  Dialect = "mysql"
	SQLite Dialect = "sqlite"
)

// DefaultDSN is the database used with no configuration: an SQLite file in
// the working directory.
const DefaultDSN = "soudan.db"

// Store is the database. It is safe for concurrent use.
type Store struct {
	db      *gorm.DB
	sqlDB   *sql.DB
	dialect Dialect
	log     *slog.Logger
	keys    *secret.Keyring
	// bookings queues the bookings waiting to be written together.
	bookings *coalescer[*queuedBooking, bookingResult]
	// sessions queues the session lookups waiting to be read together.
	sessions *coalescer[sessionLookup, sessionResult]
	// fullSlots queues the checks of bookings found full (fullSlot).
	fullSlots *coalescer[fullSlotCheck, fullSlotFound]
}

// Config says how to open a Store.
type Config struct {
	// DSN is "mysql://user:pass@tcp(host:3306)/dbname?params" for MySQL, or
	// a file path (optionally "sqlite://path" or "file:path") for SQLite.
	DSN string
	// Log receives slow-query and error reports (never query arguments).
	Log *slog.Logger
	// Keys encrypt personal data at rest. Required for every method that
	// reads or writes a sealed column.
	Keys *secret.Keyring
	// MaxConns bounds the MySQL connections of this process (0: the
	// default, DefaultMaxConns).
	MaxConns int
}

// DefaultMaxConns is the default MySQL pool size. More connections than the
// database has cores mostly add lock waits and context switches: in the
// booking storm, 12 connections per instance served more bookings per
// second than 50, with about a quarter less median latency. Requests
// beyond it wait in the pool, in order, which is cheaper than waiting in
// the database.
const DefaultMaxConns = 16

// Open connects to the database named by cfg.DSN. It does not migrate.
func Open(ctx context.Context, cfg Config) (*Store, error) {
	log := cfg.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	dialect, dialector, err := dialectorFor(cfg.DSN)
	if err != nil {
		return nil, err
	}
	db, err := gorm.Open(dialector, &gorm.Config{
		Logger:                                   logger.Discard,
		SkipDefaultTransaction:                   true,
		DisableForeignKeyConstraintWhenMigrating: true,
		NowFunc:                                  func() time.Time { return time.Now().UTC() },
		TranslateError:                           false,
	})
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", dialect, err)
	}
	if err := registerQueryCounter(db); err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	sqlDB, err := db.DB()
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	switch dialect {
	case SQLite:
		// One writer at a time is SQLite's nature; a small pool keeps readers
		// concurrent while BEGIN IMMEDIATE serialises writers without
		// deadlocking on lock upgrades.
		sqlDB.SetMaxOpenConns(4)
	case MySQL:
		n := cfg.MaxConns
		if n <= 0 {
			n = DefaultMaxConns
		}
		sqlDB.SetMaxOpenConns(n)
		sqlDB.SetMaxIdleConns(n)
		sqlDB.SetConnMaxLifetime(5 * time.Minute)
	}
	s := &Store{db: db, sqlDB: sqlDB, dialect: dialect, log: log, keys: cfg.Keys}
	s.bookings, s.sessions, s.fullSlots = s.newBookingQueue(), s.newSessionQueue(), s.newFullSlotQueue()
	pingCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := s.Ping(pingCtx); err != nil {
		_ = sqlDB.Close()
		return nil, err
	}
	return s, nil
}

func dialectorFor(dsn string) (Dialect, gorm.Dialector, error) {
	if dsn == "" {
		dsn = DefaultDSN
	}
	if rest, ok := strings.CutPrefix(dsn, "mysql://"); ok {
		cfg, err := mysqldriver.ParseDSN(rest)
		if err != nil {
			return "", nil, fmt.Errorf("store: SOUDAN_DB: not a MySQL DSN (mysql://user:pass@tcp(host:3306)/dbname)")
		}
		cfg.ParseTime = true
		cfg.Loc = time.UTC
		if cfg.Params == nil {
			cfg.Params = map[string]string{}
		}
		cfg.Params["time_zone"] = "'+00:00'"
		cfg.Collation = "utf8mb4_bin"
		// Arguments are escaped by the driver (safe with utf8mb4), so a
		// statement is one round trip instead of prepare, execute and close.
		cfg.InterpolateParams = true
		// A booking sends the rows after its seat in one round trip
		// (stmtBatch). Every statement's values go through the driver's
		// escaping; no SQL text is built from input.
		cfg.MultiStatements = true
		if cfg.Timeout == 0 {
			cfg.Timeout = 5 * time.Second
		}
		if cfg.ReadTimeout == 0 {
			cfg.ReadTimeout = 30 * time.Second
			cfg.WriteTimeout = 30 * time.Second
		}
		connector, err := mysqldriver.NewConnector(cfg)
		if err != nil {
			return "", nil, fmt.Errorf("store: SOUDAN_DB: %w", err)
		}
		// GORM adds RETURNING to inserts on MariaDB 10.5 and later; MySQL 8
		// has none, and the statements should be the same on both.
		return MySQL, mysql.New(mysql.Config{DSNConfig: cfg, Conn: sql.OpenDB(readCommitted{connector}),
			DisableWithReturning: true}), nil
	}
	path := strings.TrimPrefix(strings.TrimPrefix(dsn, "sqlite://"), "file:")
	path, query, _ := strings.Cut(path, "?")
	params, err := url.ParseQuery(query)
	if err != nil {
		return "", nil, fmt.Errorf("store: SOUDAN_DB: bad SQLite parameters")
	}
	for _, p := range []string{"busy_timeout(10000)", "journal_mode(WAL)", "foreign_keys(1)", "synchronous(NORMAL)"} {
		params.Add("_pragma", p)
	}
	// No _time_format: glebarez/go-sqlite v1.21.2 stops reading the DSN at
	// _time_format, so _txlock would be ignored and transactions would be
	// DEFERRED (SQLITE_BUSY under concurrent writers). Its default write
	// format is the same as _time_format=sqlite.
	params.Del("_time_format")
	params.Set("_txlock", "immediate")
	return SQLite, sqlite.Open("file:" + path + "?" + params.Encode()), nil
}

// Dialect reports the engine behind the store.
func (s *Store) Dialect() Dialect { return s.dialect }

// DB returns the underlying *sql.DB, for tests and tools.
func (s *Store) DB() *sql.DB { return s.sqlDB }

// Ping reports whether the database answers; the error wraps
// apperr.ErrUnavailable when it does not.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.sqlDB.PingContext(ctx); err != nil {
		return unavailable(err)
	}
	return nil
}

// Close closes the connection pool.
func (s *Store) Close() error { return s.sqlDB.Close() }

func (s *Store) migrationFS() (fs.FS, goose.Dialect, error) {
	dir, gd := "sqlite", goose.DialectSQLite3
	if s.dialect == MySQL {
		dir, gd = "mysql", goose.DialectMySQL
	}
	sub, err := fs.Sub(migrations.FS, dir)
	return sub, gd, err
}

func (s *Store) provider() (*goose.Provider, error) {
	fsys, gd, err := s.migrationFS()
	if err != nil {
		return nil, fmt.Errorf("store: migrations: %w", err)
	}
	var opts []goose.ProviderOption
	if s.dialect == MySQL {
		// Several instances starting at once: one migrates, the others wait.
		locker, err := lock.NewMySQLTableLocker()
		if err != nil {
			return nil, fmt.Errorf("store: migration lock: %w", err)
		}
		opts = append(opts, goose.WithLocker(locker))
	}
	p, err := goose.NewProvider(gd, s.sqlDB, fsys, opts...)
	if err != nil {
		return nil, fmt.Errorf("store: migrations: %w", err)
	}
	return p, nil
}

// ErrSchemaTooNew means the database was migrated by a newer soudan.
var ErrSchemaTooNew = errors.New("store: the database schema is newer than this build knows; upgrade soudan")

// Migrate applies every pending migration. It refuses (ErrSchemaTooNew) a
// database whose schema is newer than this binary's migrations.
func (s *Store) Migrate(ctx context.Context) error {
	if err := s.CheckSchema(ctx, false); err != nil {
		return err
	}
	p, err := s.provider()
	if err != nil {
		return err
	}
	results, err := p.Up(ctx)
	if err != nil {
		return fmt.Errorf("store: migrate: %w", err)
	}
	for _, r := range results {
		s.log.Info("migration applied", "version", r.Source.Version, "file", r.Source.Path, "duration", r.Duration)
	}
	return nil
}

// CheckSchema compares the database's schema version with this binary's
// newest migration. It returns ErrSchemaTooNew for a newer database and,
// when requireCurrent is set, an error for a database that still has
// pending migrations.
func (s *Store) CheckSchema(ctx context.Context, requireCurrent bool) error {
	p, err := s.provider()
	if err != nil {
		return err
	}
	sources := p.ListSources()
	known := sources[len(sources)-1].Version
	current, err := s.schemaVersion(ctx)
	if err != nil {
		return err
	}
	if current > known {
		return fmt.Errorf("%w (database version %d, newest known %d)", ErrSchemaTooNew, current, known)
	}
	if requireCurrent && current < known {
		return fmt.Errorf("store: the database schema is at version %d, this build needs %d: run `server migrate`", current, known)
	}
	return nil
}

// schemaVersion reads the highest applied version from goose's table, or 0
// when the table does not exist yet.
func (s *Store) schemaVersion(ctx context.Context) (int64, error) {
	if !s.db.WithContext(ctx).Migrator().HasTable("goose_db_version") {
		return 0, nil
	}
	var v sql.NullInt64
	err := s.sqlDB.QueryRowContext(ctx,
		"SELECT MAX(version_id) FROM goose_db_version WHERE is_applied = TRUE").Scan(&v)
	if err != nil {
		return 0, fmt.Errorf("store: schema version: %w", classify(err))
	}
	return v.Int64, nil
}

// classify turns driver errors that mean "the database is not there" into
// apperr.ErrUnavailable, keeping the cause for the log.
// scanRows runs a query and calls each with the Scan of every row it
// returns.
func (s *Store) scanRows(ctx context.Context, each func(scan func(dest ...any) error) error, query string, args ...any) error {
	rows, err := s.db.WithContext(ctx).Raw(query, args...).Rows()
	if err != nil {
		return classify(err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := each(rows.Scan); err != nil {
			return classify(err)
		}
	}
	return classify(rows.Err())
}

// batchReadTimeout bounds a query run for a batch of calls (a coalescer's),
// which wait for it whatever their own requests' deadlines.
const batchReadTimeout = 10 * time.Second

func classify(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return fmt.Errorf("%w: %w", apperr.ErrNotFound, err)
	}
	if isConnectionError(err) {
		return unavailable(err)
	}
	return err
}

func unavailable(err error) error {
	return fmt.Errorf("%w: %w", apperr.New(apperr.Unavailable,
		"ただいまシステムに接続できません。しばらくしてからもう一度お試しください。",
		"the service is temporarily unavailable; please try again shortly"), err)
}

func isConnectionError(err error) bool {
	if errors.Is(err, mysqldriver.ErrInvalidConn) || errors.Is(err, sql.ErrConnDone) ||
		errors.Is(err, context.DeadlineExceeded) {
		return true
	}
	var netErr interface{ Timeout() bool }
	if errors.As(err, &netErr) {
		return true
	}
	msg := err.Error()
	for _, s := range []string{"connection refused", "broken pipe", "connection reset", "bad connection", "i/o timeout", "no such host", "database is locked"} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}

// transaction runs fn in one database transaction. On MySQL every
// connection runs at READ COMMITTED (readCommitted): conditional updates and
// unique keys carry the invariants, and the gap locks of REPEATABLE READ
// would only add deadlocks under load.
func (s *Store) transaction(ctx context.Context, fn func(tx *gorm.DB) error) error {
	return classify(s.db.WithContext(ctx).Transaction(fn))
}

// begin starts a transaction; the caller defers Rollback (a no-op once
// committed) and ends with Commit.
func (s *Store) begin(ctx context.Context) (*gorm.DB, error) {
	tx := s.db.WithContext(ctx).Begin()
	return tx, classify(tx.Error)
}

// readCommitted sets READ COMMITTED on each MySQL connection when it
// connects (in standard SQL, which MySQL 8 and MariaDB both accept, unlike
// the name of the variable), so that a transaction does not spend a round
// trip on setting it.
type readCommitted struct{ driver.Connector }

func (c readCommitted) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.Connector.Connect(ctx)
	if err != nil {
		return nil, err
	}
	exec, ok := conn.(driver.ExecerContext)
	if !ok {
		_ = conn.Close()
		return nil, errors.New("store: the MySQL driver cannot execute statements")
	}
	if _, err := exec.ExecContext(ctx, "SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED", nil); err != nil {
		_ = conn.Close()
		return nil, err
	}
	return conn, nil
}

// seal encrypts a personal field for the column named by ad.
func (s *Store) seal(plain, ad string) (string, error) {
	if s.keys == nil {
		return "", errors.New("store: no data key configured")
	}
	return s.keys.SealString(plain, ad)
}

// open decrypts a personal field sealed for the column named by ad.
func (s *Store) open(sealed, ad string) (string, error) {
	if s.keys == nil {
		return "", errors.New("store: no data key configured")
	}
	return s.keys.OpenString(sealed, ad)
}

// sealPhone seals a phone number with its national form, so that reading
// it does not parse and format it again.
func (s *Store) sealPhone(p validate.Phone, ad string) (string, error) {
	national := p.National
	if national == "" {
		national = validate.FormatPhone(p.E164)
	}
	return s.seal(p.E164+"\n"+national, ad)
}

// openPhone opens what sealPhone sealed; a value sealed before the
// national form was kept with it holds the E.164 form alone.
func (s *Store) openPhone(sealed, ad string) (validate.Phone, error) {
	v, err := s.open(sealed, ad)
	if err != nil {
		return validate.Phone{}, err
	}
	if e164, national, ok := strings.Cut(v, "\n"); ok {
		return validate.Phone{E164: e164, National: national}, nil
	}
	return validate.Phone{E164: v, National: validate.FormatPhone(v)}, nil
}
