package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// ownRowSpec says how the 7-row baseline on the booking's own tables
// copies one of a booking's rows: which row of the real table is the
// booking's, which column the database fills in, and which columns must
// differ from one transaction to the next (unique keys, the reservation's
// id).
type ownRowSpec struct {
	table string
	// where selects the booking's row; its ? is the reservation's id.
	where string
	// auto is the auto-increment column, left out of the copies' INSERTs.
	auto string
	// vary gives the columns that change per transaction i, whose
	// reservation got the id res.
	vary func(i, res int64) map[string]any
}

// ownRowSpecs are the seven rows a site booking writes, in the order a
// naive transaction writes them.
var ownRowSpecs = []ownRowSpec{
	{table: "reservations", where: "id = ?", auto: "id",
		vary: func(i, _ int64) map[string]any { return map[string]any{"active_self_booking": 1<<40 + i} }},
	{table: "slot_seats", where: "reservation_id = ?",
		vary: func(i, res int64) map[string]any { return map[string]any{"seat": 1000 + i, "reservation_id": res} }},
	{table: "idempotency_keys", where: "reservation_id = ?",
		vary: func(i, res int64) map[string]any {
			return map[string]any{"idem_key": fmt.Sprint("own-tables-", i), "reservation_id": res}
		}},
	{table: "events", where: "reservation_id = ? AND type = 'CREATED'", auto: "seq",
		vary: func(_, res int64) map[string]any { return map[string]any{"reservation_id": res} }},
	{table: "terms_consents", where: "reservation_id = ?", auto: "id",
		vary: func(_, res int64) map[string]any { return map[string]any{"reservation_id": res} }},
	{table: "mail_outbox", where: "account_id = (SELECT job_seeker_id FROM reservations WHERE id = ?) ORDER BY id DESC LIMIT 1", auto: "id",
		vary: func(i, _ int64) map[string]any {
			return map[string]any{"message_id": fmt.Sprintf("<own-tables-%d@loadtest.test>", i),
				"attempts": 0, "claimed_by": nil, "claimed_until": nil, "sent_at": nil, "failed_at": nil, "last_error": nil}
		}},
	{table: "notifications", where: "account_id = (SELECT job_seeker_id FROM reservations WHERE id = ?) ORDER BY id DESC LIMIT 1", auto: "id",
		vary: func(int64, int64) map[string]any { return nil }},
}

// ownTablePrefix names the copies of the booking's tables.
const ownTablePrefix = "loadtest_own_"

// seekerColumns are the columns that hold the booking job seeker's
// account id; each transaction puts another job seeker's there, as
// bookings of different job seekers do.
var seekerColumns = map[string]bool{"job_seeker_id": true, "account_id": true, "actor_id": true,
	"created_by": true, "updated_by": true}

// ownRowCopy is one table's INSERT with the booking's row as its values.
type ownRowCopy struct {
	spec    ownRowSpec
	insert  string
	columns []string
	values  []any
	// seekerAt are the indexes in columns of the job seeker's account id.
	seekerAt []int
}

// args returns the INSERT's arguments for transaction i, whose
// reservation got the id res, for the job seeker with account id seeker.
func (c ownRowCopy) args(i, res, seeker int64) []any {
	out := make([]any, len(c.columns))
	copy(out, c.values)
	for _, k := range c.seekerAt {
		out[k] = seeker
	}
	vary := c.spec.vary(i, res)
	for k, col := range c.columns {
		if v, ok := vary[col]; ok {
			out[k] = v
		}
	}
	return out
}

// ownTablesBaseline measures durable 7-row transactions like
// dbBookingRowsBaseline, but on copies of the booking's own tables (the
// same columns, indexes and foreign keys) with the rows of the newest site
// booking as their values: what the database alone does for the very rows
// a booking writes, one INSERT per round trip. It is taken in slices, one
// after each round of the uncontended bookings and as long as it, so that
// the bookings and their baseline meet the same machine.
type ownTablesBaseline struct {
	db      *sql.DB
	clients int
	copies  []ownRowCopy
	seekers []int64
	n       atomic.Int64
	lat     latencies
	result  ThroughputResult
	// failure is the first error of a transaction.
	failure     error
	failureOnce sync.Once
}

// startOwnTablesBaseline creates the copies and reads the rows to copy.
func startOwnTablesBaseline(ctx context.Context, db *sql.DB, clients int) (*ownTablesBaseline, error) {
	cctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	err := createOwnTables(cctx, db)
	var copies []ownRowCopy
	var seekers []int64
	if err == nil {
		copies, seekers, err = ownRowCopies(cctx, db)
	}
	if err != nil {
		dropOwnTables(db)
		return nil, err
	}
	db.SetMaxOpenConns(clients)
	db.SetMaxIdleConns(clients)
	// Every connection is opened now, not in the first slice.
	conns := make([]*sql.Conn, 0, clients)
	for range clients {
		conn, err := db.Conn(cctx)
		if err != nil {
			break
		}
		conns = append(conns, conn)
	}
	for _, conn := range conns {
		_ = conn.Close()
	}
	return &ownTablesBaseline{db: db, clients: clients, copies: copies, seekers: seekers,
		result: ThroughputResult{Clients: clients}}, nil
}

// slice has every client write transactions back to back, starting new
// ones for d, and adds them to the result. A transaction under way at d
// is finished and counted, and the slice lasts until the last one ends,
// as a round of bookings lasts until its last booking: a transaction cut
// off would cost its connection, and each slice would open them anew.
func (b *ownTablesBaseline) slice(ctx context.Context, d time.Duration, procs []*serverProc) {
	cpu := startCPUMeter(procs)
	var done atomic.Int64
	var errs counter
	start := time.Now()
	var wg sync.WaitGroup
	for range b.clients {
		wg.Go(func() {
			for ctx.Err() == nil && time.Since(start) < d {
				t0 := time.Now()
				if err := b.transaction(ctx); err != nil {
					errs.inc("database")
					b.failureOnce.Do(func() { b.failure = err })
					continue
				}
				done.Add(1)
				b.lat.add(time.Since(t0))
			}
		})
	}
	wg.Wait()
	b.result.add(ThroughputResult{Seconds: time.Since(start).Seconds(), Requests: int(done.Load()), Errors: errs.snapshot()},
		cpu.stop())
}

// transaction writes the seven rows of the next booking.
func (b *ownTablesBaseline) transaction(ctx context.Context) error {
	i := b.n.Add(1)
	tx, err := b.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	var res int64
	seeker := b.seekers[i%int64(len(b.seekers))]
	for k, c := range b.copies {
		result, err := tx.ExecContext(ctx, c.insert, c.args(i, res, seeker)...)
		if err == nil && k == 0 {
			res, err = result.LastInsertId()
		}
		if err != nil {
			_ = tx.Rollback()
			return err
		}
	}
	return tx.Commit()
}

// finish drops the copies and returns the result of all the slices, and
// the first error of a transaction if any failed.
func (b *ownTablesBaseline) finish() (ThroughputResult, error) {
	dropOwnTables(b.db)
	b.db.SetMaxOpenConns(8)
	b.db.SetMaxIdleConns(2)
	b.result.Latency = b.lat.summary()
	if b.result.Seconds > 0 {
		b.result.PerSecond = float64(b.result.Requests) / b.result.Seconds
	}
	return b.result, b.failure
}

var (
	createTableName = regexp.MustCompile("^CREATE TABLE `([^`]+)`")
	constraintName  = regexp.MustCompile("CONSTRAINT `([^`]+)`")
	referencedTable = regexp.MustCompile("REFERENCES `([^`]+)`")
)

// createOwnTables creates the copies from the tables' own definitions,
// foreign keys included: a copy refers to the copy of a table of the
// booking (the seat to its reservation) and to the real table otherwise
// (the reservation to its office, job seeker and terms).
func createOwnTables(ctx context.Context, db *sql.DB) error {
	own := map[string]bool{}
	for _, s := range ownRowSpecs {
		own[s.table] = true
	}
	for _, s := range ownRowSpecs {
		var name, def string
		if err := db.QueryRowContext(ctx, "SHOW CREATE TABLE "+s.table).Scan(&name, &def); err != nil {
			return fmt.Errorf("own tables: %w", err)
		}
		def = createTableName.ReplaceAllString(def, "CREATE TABLE `"+ownTablePrefix+"$1`")
		def = constraintName.ReplaceAllString(def, "CONSTRAINT `"+ownTablePrefix+"$1`")
		def = referencedTable.ReplaceAllStringFunc(def, func(ref string) string {
			if table := referencedTable.FindStringSubmatch(ref)[1]; own[table] {
				return "REFERENCES `" + ownTablePrefix + table + "`"
			}
			return ref
		})
		if _, err := db.ExecContext(ctx, def); err != nil {
			return fmt.Errorf("own tables: creating the copy of %s: %w", s.table, err)
		}
	}
	return nil
}

func dropOwnTables(db *sql.DB) {
	for i := len(ownRowSpecs) - 1; i >= 0; i-- { // the seats refer to the reservations
		_, _ = db.Exec("DROP TABLE IF EXISTS " + ownTablePrefix + ownRowSpecs[i].table)
	}
}

// ownRowCopies reads the rows of the newest site booking and prepares
// their INSERTs into the copies. It also returns the account ids of the
// job seekers, whom the transactions take in turn.
func ownRowCopies(ctx context.Context, db *sql.DB) ([]ownRowCopy, []int64, error) {
	var res, seeker int64
	err := db.QueryRowContext(ctx, `SELECT id, job_seeker_id FROM reservations WHERE channel = 'SITE' AND status = 'CONFIRMED'
		ORDER BY id DESC LIMIT 1`).Scan(&res, &seeker)
	if err != nil {
		return nil, nil, fmt.Errorf("own tables: no site booking to copy: %w", err)
	}
	copies := make([]ownRowCopy, len(ownRowSpecs))
	for k, s := range ownRowSpecs {
		c, err := readOwnRow(ctx, db, s, res, seeker)
		if err != nil {
			return nil, nil, err
		}
		copies[k] = c
	}
	var seekers []int64
	rows, err := db.QueryContext(ctx, "SELECT account_id FROM job_seekers ORDER BY account_id")
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, nil, err
		}
		seekers = append(seekers, id)
	}
	return copies, seekers, rows.Err()
}

func readOwnRow(ctx context.Context, db *sql.DB, s ownRowSpec, res, seeker int64) (ownRowCopy, error) {
	rows, err := db.QueryContext(ctx, "SELECT * FROM "+s.table+" WHERE "+s.where, res)
	if err != nil {
		return ownRowCopy{}, fmt.Errorf("own tables: reading the booking's %s: %w", s.table, err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return ownRowCopy{}, err
	}
	if !rows.Next() {
		return ownRowCopy{}, errors.Join(fmt.Errorf("own tables: reservation %d has no row in %s", res, s.table), rows.Err())
	}
	values := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for k := range values {
		ptrs[k] = &values[k]
	}
	if err := rows.Scan(ptrs...); err != nil {
		return ownRowCopy{}, err
	}
	c := ownRowCopy{spec: s}
	for k, col := range cols {
		if col == s.auto {
			continue
		}
		v := values[k]
		if b, ok := v.([]byte); ok {
			v = string(b) // sent as the servers send text, not as _binary
		}
		if seekerColumns[col] && fmt.Sprint(v) == fmt.Sprint(seeker) { // text or binary protocol
			c.seekerAt = append(c.seekerAt, len(c.columns))
		}
		c.columns = append(c.columns, col)
		c.values = append(c.values, v)
	}
	c.insert = fmt.Sprintf("INSERT INTO %s%s (%s) VALUES (%s)", ownTablePrefix, s.table,
		"`"+strings.Join(c.columns, "`, `")+"`", strings.TrimSuffix(strings.Repeat("?, ", len(c.columns)), ", "))
	return c, rows.Err()
}
