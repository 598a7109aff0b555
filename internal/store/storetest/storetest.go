// Package storetest opens real databases for tests: a fresh SQLite file
// always, and a fresh MySQL/MariaDB database when SOUDAN_TEST_MYSQL names a
// server, e.g. "mysql://root@tcp(127.0.0.1:3306)/". With
// SOUDAN_TEST_REQUIRE_MYSQL=1 (as in CI) a missing MySQL fails the test
// instead of skipping it. ForEachDialect runs a test on each of them;
// package testenv adds the domain services on top.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	mysqldriver "github.com/go-sql-driver/mysql"

	"soudan/internal/mailer"
	"soudan/internal/office"
	"soudan/internal/secret"
	"soudan/internal/store"
)

// Dialects returns the dialects to test: SQLite, and MySQL when configured.
func Dialects(tb testing.TB) []store.Dialect {
	tb.Helper()
	if MySQLServer(tb) == "" {
		return []store.Dialect{store.SQLite}
	}
	return []store.Dialect{store.SQLite, store.MySQL}
}

// ForEachDialect runs f as a parallel subtest per dialect to test
// (Dialects), named after the dialect.
func ForEachDialect(t *testing.T, f func(t *testing.T, d store.Dialect)) {
	t.Helper()
	forEachDialect(t, true, f)
}

// ForEachDialectInTurn is ForEachDialect with the subtests run one after
// the other, for tests that are heavy on their own: end-to-end tests that
// start a server process, races that hold many connections.
func ForEachDialectInTurn(t *testing.T, f func(t *testing.T, d store.Dialect)) {
	t.Helper()
	forEachDialect(t, false, f)
}

func forEachDialect(t *testing.T, parallel bool, f func(t *testing.T, d store.Dialect)) {
	t.Helper()
	for _, d := range Dialects(t) {
		t.Run(string(d), func(t *testing.T) {
			if parallel {
				t.Parallel()
			}
			f(t, d)
		})
	}
}

// MySQLServer returns SOUDAN_TEST_MYSQL, failing the test when it is unset
// but required.
func MySQLServer(tb testing.TB) string {
	tb.Helper()
	dsn := os.Getenv("SOUDAN_TEST_MYSQL")
	if dsn == "" && os.Getenv("SOUDAN_TEST_REQUIRE_MYSQL") == "1" {
		tb.Fatal("SOUDAN_TEST_REQUIRE_MYSQL=1 but SOUDAN_TEST_MYSQL is not set")
	}
	return dsn
}

// RequireMySQL returns the MySQL server DSN or skips the test (fails it when
// MySQL is required).
func RequireMySQL(tb testing.TB) string {
	tb.Helper()
	dsn := MySQLServer(tb)
	if dsn == "" {
		tb.Skip("SOUDAN_TEST_MYSQL is not set: skipping a MySQL test")
	}
	return dsn
}

// NewDSN returns the DSN of a new, empty database of that dialect, removed
// when the test ends.
func NewDSN(tb testing.TB, d store.Dialect) string {
	tb.Helper()
	if d == store.SQLite {
		return filepath.Join(tb.TempDir(), "soudan.db")
	}
	server := RequireMySQL(tb)
	cfg, err := mysqldriver.ParseDSN(strings.TrimPrefix(server, "mysql://"))
	if err != nil {
		tb.Fatalf("SOUDAN_TEST_MYSQL: %v", err)
	}
	var b [6]byte
	_, _ = rand.Read(b[:])
	name := "soudan_test_" + hex.EncodeToString(b[:])
	admin := *cfg
	admin.DBName = ""
	db, err := sql.Open("mysql", admin.FormatDSN())
	if err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec("CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin"); err != nil {
		tb.Fatalf("create test database: %v", err)
	}
	tb.Cleanup(func() {
		db, err := sql.Open("mysql", admin.FormatDSN())
		if err != nil {
			return
		}
		defer db.Close()
		_, _ = db.Exec("DROP DATABASE IF EXISTS " + name)
	})
	cfg.DBName = name
	return "mysql://" + cfg.FormatDSN()
}

// Keys returns a fixed test keyring.
func Keys(tb testing.TB) *secret.Keyring {
	tb.Helper()
	k, err := secret.NewKeyring("k1", map[string][]byte{"k1": []byte("0123456789abcdef0123456789abcdef")})
	if err != nil {
		tb.Fatal(err)
	}
	return k
}

// Open returns a migrated store of that dialect on a fresh database, seeded
// with the default office, closed when the test ends.
func Open(tb testing.TB, d store.Dialect) *store.Store {
	tb.Helper()
	return OpenDSN(tb, NewDSN(tb, d), true)
}

// OpenDSN opens (and optionally migrates and seeds) the database at dsn.
func OpenDSN(tb testing.TB, dsn string, migrate bool) *store.Store {
	tb.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, store.Config{DSN: dsn, Keys: Keys(tb)})
	if err != nil {
		tb.Fatalf("open %s: %v", redact(dsn), err)
	}
	tb.Cleanup(func() { _ = st.Close() })
	if migrate {
		if err := st.Migrate(ctx); err != nil {
			tb.Fatalf("migrate: %v", err)
		}
		def := office.Default()
		loc, _ := def.Location()
		if _, err := st.SeedOffice(ctx, def, office.SeedTerms(loc), time.Now()); err != nil {
			tb.Fatalf("seed: %v", err)
		}
	}
	return st
}

// Mails claims the mails due at now in st's outbox and marks them sent,
// so that the next call returns only mails queued since; it returns them
// oldest first.
func Mails(tb testing.TB, st *store.Store, now time.Time) []mailer.Message {
	tb.Helper()
	ctx := context.Background()
	ms, err := st.Claim(ctx, "test", now, time.Minute, 1000)
	if err != nil {
		tb.Fatalf("Claim error: %v", err)
	}
	for _, m := range ms {
		if err := st.MarkSent(ctx, m.ID, "test", now); err != nil {
			tb.Fatalf("MarkSent(%d) error: %v", m.ID, err)
		}
	}
	return ms
}

// CountRows returns the number of rows of each table.
func CountRows(tb testing.TB, st *store.Store, tables ...string) map[string]int {
	tb.Helper()
	out := make(map[string]int, len(tables))
	for _, table := range tables {
		var n int
		if err := st.DB().QueryRow("SELECT COUNT(*) FROM " + table).Scan(&n); err != nil {
			tb.Fatalf("count %s: %v", table, err)
		}
		out[table] = n
	}
	return out
}

func redact(dsn string) string {
	if i := strings.Index(dsn, "@"); i >= 0 {
		return fmt.Sprintf("%s…", dsn[:min(i, 8)])
	}
	return dsn
}
