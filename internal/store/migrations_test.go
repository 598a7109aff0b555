package store_test

import (
	"context"
	"database/sql"
	"errors"
	"io/fs"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/pressly/goose/v3"

	"soudan/internal/store"
	"soudan/internal/store/storetest"
	"soudan/migrations"
)

// schema is what the parity test compares, by table name.
type schema map[string]tableSchema

type tableSchema struct {
	// Columns in definition order.
	Columns []column
	// PrimaryKey lists the primary key columns in key order, whether MySQL's
	// PRIMARY index or SQLite's rowid alias / autoindex.
	PrimaryKey []string
	// Indexes other than the primary key, sorted by name.
	Indexes []index
	// ForeignKeys sorted by their columns.
	ForeignKeys []foreignKey
}

type column struct {
	Name     string
	Nullable bool
}

type index struct {
	Name    string
	Columns []string
	Unique  bool
}

type foreignKey struct {
	Columns    []string
	RefTable   string
	RefColumns []string
}

// isGooseTable reports goose's own tables (the version table and, on MySQL,
// the table of its migration lock), which are not part of the schema.
func isGooseTable(name string) bool { return strings.HasPrefix(name, "goose_") }

// readSchema reads the tables, columns, keys and indexes of st's database.
func readSchema(t *testing.T, st *store.Store) schema {
	t.Helper()
	if st.Dialect() == store.MySQL {
		return readMySQLSchema(t, st.DB())
	}
	return readSQLiteSchema(t, st.DB())
}

func readSQLiteSchema(t *testing.T, db *sql.DB) schema {
	t.Helper()
	s := schema{}
	for _, name := range queryStrings(t, db,
		"SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name") {
		if isGooseTable(name) {
			continue
		}
		var ts tableSchema
		type pkCol struct {
			name string
			seq  int
		}
		var pk []pkCol
		rows, err := db.Query(`SELECT name, "notnull", pk FROM pragma_table_info(?) ORDER BY cid`, name)
		if err != nil {
			t.Fatalf("table_info(%s): %v", name, err)
		}
		for rows.Next() {
			var col string
			var notNull, pkSeq int
			if err := rows.Scan(&col, &notNull, &pkSeq); err != nil {
				t.Fatal(err)
			}
			ts.Columns = append(ts.Columns, column{Name: col, Nullable: notNull == 0})
			if pkSeq > 0 {
				pk = append(pk, pkCol{col, pkSeq})
			}
		}
		closeRows(t, rows)
		sort.Slice(pk, func(i, j int) bool { return pk[i].seq < pk[j].seq })
		for _, c := range pk {
			ts.PrimaryKey = append(ts.PrimaryKey, c.name)
		}

		type idxHead struct {
			name   string
			unique bool
		}
		var heads []idxHead
		rows, err = db.Query(`SELECT name, "unique", origin FROM pragma_index_list(?)`, name)
		if err != nil {
			t.Fatalf("index_list(%s): %v", name, err)
		}
		for rows.Next() {
			var idx, origin string
			var unique int
			if err := rows.Scan(&idx, &unique, &origin); err != nil {
				t.Fatal(err)
			}
			if origin == "pk" { // the autoindex of a non-rowid primary key
				continue
			}
			heads = append(heads, idxHead{idx, unique == 1})
		}
		closeRows(t, rows)
		for _, h := range heads {
			cols := queryStrings(t, db, "SELECT name FROM pragma_index_info(?) ORDER BY seqno", h.name)
			ts.Indexes = append(ts.Indexes, index{Name: h.name, Columns: cols, Unique: h.unique})
		}

		rows, err = db.Query(`SELECT id, "table", "from", "to" FROM pragma_foreign_key_list(?) ORDER BY id, seq`, name)
		if err != nil {
			t.Fatalf("foreign_key_list(%s): %v", name, err)
		}
		byID := map[int]*foreignKey{}
		var ids []int
		for rows.Next() {
			var id int
			var ref, from string
			var to sql.NullString
			if err := rows.Scan(&id, &ref, &from, &to); err != nil {
				t.Fatal(err)
			}
			fk, ok := byID[id]
			if !ok {
				fk = &foreignKey{RefTable: ref}
				byID[id] = fk
				ids = append(ids, id)
			}
			fk.Columns = append(fk.Columns, from)
			fk.RefColumns = append(fk.RefColumns, to.String)
		}
		closeRows(t, rows)
		for _, id := range ids {
			ts.ForeignKeys = append(ts.ForeignKeys, *byID[id])
		}
		s[name] = ts
	}
	return s.sorted()
}

func readMySQLSchema(t *testing.T, db *sql.DB) schema {
	t.Helper()
	s := schema{}
	for _, name := range queryStrings(t, db,
		"SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE'") {
		if !isGooseTable(name) {
			s[name] = tableSchema{}
		}
	}

	rows, err := db.Query(`SELECT TABLE_NAME, COLUMN_NAME, IS_NULLABLE FROM information_schema.COLUMNS
		WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, ORDINAL_POSITION`)
	if err != nil {
		t.Fatalf("information_schema.COLUMNS: %v", err)
	}
	for rows.Next() {
		var tb, col, nullable string
		if err := rows.Scan(&tb, &col, &nullable); err != nil {
			t.Fatal(err)
		}
		ts, ok := s[tb]
		if !ok {
			continue
		}
		ts.Columns = append(ts.Columns, column{Name: col, Nullable: nullable == "YES"})
		s[tb] = ts
	}
	closeRows(t, rows)

	rows, err = db.Query(`SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, COLUMN_NAME FROM information_schema.STATISTICS
		WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX`)
	if err != nil {
		t.Fatalf("information_schema.STATISTICS: %v", err)
	}
	for rows.Next() {
		var tb, idx, col string
		var nonUnique int
		if err := rows.Scan(&tb, &idx, &nonUnique, &col); err != nil {
			t.Fatal(err)
		}
		ts, ok := s[tb]
		if !ok {
			continue
		}
		switch n := len(ts.Indexes); {
		case idx == "PRIMARY":
			ts.PrimaryKey = append(ts.PrimaryKey, col)
		case n > 0 && ts.Indexes[n-1].Name == idx:
			ts.Indexes[n-1].Columns = append(ts.Indexes[n-1].Columns, col)
		default:
			ts.Indexes = append(ts.Indexes, index{Name: idx, Columns: []string{col}, Unique: nonUnique == 0})
		}
		s[tb] = ts
	}
	closeRows(t, rows)

	rows, err = db.Query(`SELECT TABLE_NAME, CONSTRAINT_NAME, COLUMN_NAME, REFERENCED_TABLE_NAME, REFERENCED_COLUMN_NAME
		FROM information_schema.KEY_COLUMN_USAGE
		WHERE TABLE_SCHEMA = DATABASE() AND REFERENCED_TABLE_NAME IS NOT NULL
		ORDER BY TABLE_NAME, CONSTRAINT_NAME, ORDINAL_POSITION`)
	if err != nil {
		t.Fatalf("information_schema.KEY_COLUMN_USAGE: %v", err)
	}
	lastFK := map[string]string{}
	for rows.Next() {
		var tb, constraint, col, ref, refCol string
		if err := rows.Scan(&tb, &constraint, &col, &ref, &refCol); err != nil {
			t.Fatal(err)
		}
		ts, ok := s[tb]
		if !ok {
			continue
		}
		if n := len(ts.ForeignKeys); n > 0 && lastFK[tb] == constraint {
			ts.ForeignKeys[n-1].Columns = append(ts.ForeignKeys[n-1].Columns, col)
			ts.ForeignKeys[n-1].RefColumns = append(ts.ForeignKeys[n-1].RefColumns, refCol)
		} else {
			ts.ForeignKeys = append(ts.ForeignKeys, foreignKey{Columns: []string{col}, RefTable: ref, RefColumns: []string{refCol}})
		}
		lastFK[tb] = constraint
		s[tb] = ts
	}
	closeRows(t, rows)
	return s.sorted()
}

// sorted puts indexes and foreign keys in a dialect-independent order.
func (s schema) sorted() schema {
	for name, ts := range s {
		sort.Slice(ts.Indexes, func(i, j int) bool { return ts.Indexes[i].Name < ts.Indexes[j].Name })
		sort.Slice(ts.ForeignKeys, func(i, j int) bool {
			return strings.Join(ts.ForeignKeys[i].Columns, ",") < strings.Join(ts.ForeignKeys[j].Columns, ",")
		})
		s[name] = ts
	}
	return s
}

func queryStrings(t *testing.T, db *sql.DB, query string, args ...any) []string {
	t.Helper()
	rows, err := db.Query(query, args...)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	closeRows(t, rows)
	return out
}

func closeRows(t *testing.T, rows *sql.Rows) {
	t.Helper()
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if err := rows.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestSchemaParity proves that the MySQL and the SQLite migrations build
// the same tables, columns (name, order, nullability), primary keys,
// indexes and foreign keys.
func TestSchemaParity(t *testing.T) {
	storetest.RequireMySQL(t)
	t.Parallel()
	lite := readSchema(t, storetest.Open(t, store.SQLite))
	my := readSchema(t, storetest.Open(t, store.MySQL))

	// Guard against a reader that finds nothing in both databases.
	wantOutbox := index{Name: "mail_outbox_due", Columns: []string{"sent_at", "failed_at", "next_attempt_at"}}
	for name, s := range map[string]schema{"sqlite": lite, "mysql": my} {
		if len(s) < 10 {
			t.Errorf("%s: %d tables, want at least 10: %v", name, len(s), s)
		}
		out := s["mail_outbox"]
		if diff := cmp.Diff([]string{"id"}, out.PrimaryKey); diff != "" {
			t.Errorf("%s: mail_outbox primary key mismatch (-want +got):\n%s", name, diff)
		}
		if !contains(out.Indexes, wantOutbox) {
			t.Errorf("%s: mail_outbox indexes = %v, want one %v", name, out.Indexes, wantOutbox)
		}
		if got, want := s["calendar_overrides"].PrimaryKey, []string{"office_id", "date"}; !cmp.Equal(got, want) {
			t.Errorf("%s: calendar_overrides primary key = %v, want %v", name, got, want)
		}
	}

	if diff := cmp.Diff(my, lite); diff != "" {
		t.Errorf("schemas differ (-mysql +sqlite):\n%s\n"+
			"(An index only MySQL has, named after a FOREIGN KEY constraint, is the one MySQL adds "+
			"for a foreign key that no index starts with: declare it in both dialects.)", diff)
	}
}

func contains(idx []index, want index) bool {
	for _, i := range idx {
		if cmp.Equal(i, want) {
			return true
		}
	}
	return false
}

// gooseProvider builds a goose provider over st's database from the same
// embedded migrations the store uses.
func gooseProvider(t *testing.T, st *store.Store) *goose.Provider {
	t.Helper()
	dir, dialect := "sqlite", goose.DialectSQLite3
	if st.Dialect() == store.MySQL {
		dir, dialect = "mysql", goose.DialectMySQL
	}
	fsys, err := fs.Sub(migrations.FS, dir)
	if err != nil {
		t.Fatal(err)
	}
	p, err := goose.NewProvider(dialect, st.DB(), fsys)
	if err != nil {
		t.Fatalf("goose.NewProvider: %v", err)
	}
	return p
}

func TestMigrate(t *testing.T) {
	ctx := context.Background()
	storetest.ForEachDialect(t, func(t *testing.T, d store.Dialect) {
		t.Run("TwiceIsANoOp", func(t *testing.T) {
			st := storetest.Open(t, d)
			before := readSchema(t, st)
			versions := storetest.CountRows(t, st, "goose_db_version")
			if err := st.Migrate(ctx); err != nil {
				t.Fatalf("second Migrate: %v", err)
			}
			if err := st.CheckSchema(ctx, true); err != nil {
				t.Errorf("CheckSchema(true) after Migrate: %v", err)
			}
			if diff := cmp.Diff(before, readSchema(t, st)); diff != "" {
				t.Errorf("schema changed by the second Migrate (-before +after):\n%s", diff)
			}
			if diff := cmp.Diff(versions, storetest.CountRows(t, st, "goose_db_version")); diff != "" {
				t.Errorf("goose_db_version rows changed (-before +after):\n%s", diff)
			}
		})

		t.Run("Unmigrated", func(t *testing.T) {
			st := storetest.OpenDSN(t, storetest.NewDSN(t, d), false)
			if err := st.CheckSchema(ctx, true); err == nil {
				t.Error("CheckSchema(true) on an empty database = nil, want an error")
			}
			if err := st.CheckSchema(ctx, false); err != nil {
				t.Errorf("CheckSchema(false) on an empty database = %v, want nil", err)
			}
		})

		t.Run("PendingMigration", func(t *testing.T) {
			st := storetest.OpenDSN(t, storetest.NewDSN(t, d), false)
			if _, err := gooseProvider(t, st).UpTo(ctx, 1); err != nil {
				t.Fatalf("goose UpTo(1): %v", err)
			}
			err := st.CheckSchema(ctx, true)
			if err == nil || errors.Is(err, store.ErrSchemaTooNew) {
				t.Errorf("CheckSchema(true) with a pending migration = %v, want an error other than ErrSchemaTooNew", err)
			}
			if err := st.Migrate(ctx); err != nil {
				t.Fatalf("Migrate: %v", err)
			}
			if err := st.CheckSchema(ctx, true); err != nil {
				t.Errorf("CheckSchema(true) after Migrate = %v, want nil", err)
			}
		})

		t.Run("SchemaTooNew", func(t *testing.T) {
			st := storetest.Open(t, d)
			if _, err := st.DB().Exec("INSERT INTO goose_db_version (version_id, is_applied) VALUES (?, ?)", 99999, true); err != nil {
				t.Fatalf("insert a future version: %v", err)
			}
			if err := st.Migrate(ctx); !errors.Is(err, store.ErrSchemaTooNew) {
				t.Errorf("Migrate = %v, want ErrSchemaTooNew", err)
			}
			for _, current := range []bool{false, true} {
				if err := st.CheckSchema(ctx, current); !errors.Is(err, store.ErrSchemaTooNew) {
					t.Errorf("CheckSchema(%v) = %v, want ErrSchemaTooNew", current, err)
				}
			}
		})

		// Down migrations are not used by the store, but an operator may
		// need them: every one must undo its up migration completely.
		t.Run("DownAndUpAgain", func(t *testing.T) {
			st := storetest.OpenDSN(t, storetest.NewDSN(t, d), true)
			want := readSchema(t, st)
			p := gooseProvider(t, st)
			if _, err := p.DownTo(ctx, 0); err != nil {
				t.Fatalf("goose DownTo(0): %v", err)
			}
			if diff := cmp.Diff(schema{}, readSchema(t, st)); diff != "" {
				t.Errorf("tables left after DownTo(0) (-want +got):\n%s", diff)
			}
			if err := st.Migrate(ctx); err != nil {
				t.Fatalf("Migrate after DownTo(0): %v", err)
			}
			if diff := cmp.Diff(want, readSchema(t, st)); diff != "" {
				t.Errorf("schema after down and up mismatch (-want +got):\n%s", diff)
			}
		})
	})
}
