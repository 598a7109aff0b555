package store

import (
	"slices"
	"strings"

	"gorm.io/gorm"
)

// stmtBatch collects statements of one transaction whose results nobody
// waits for (a booking's rows after its seat, a mail with its My Page
// notice) and sends them together: on MySQL in one round trip (the driver's
// multi-statement mode), on SQLite, which has no round trips, one after
// another. The first statement that fails stops the batch, and its error
// is the batch's.
type stmtBatch struct {
	tx    *gorm.DB
	multi bool
	sql   []string
	vars  [][]any
}

func (s *Store) batch(tx *gorm.DB) *stmtBatch {
	return &stmtBatch{tx: tx, multi: s.dialect == MySQL}
}

// create adds the INSERT of value (a row model), as GORM would write it.
// Columns the database fills in (auto-increment ids) are not read back.
func (b *stmtBatch) create(value any) {
	stmt := b.tx.Session(&gorm.Session{DryRun: true, NewDB: true}).Create(value).Statement
	b.add(stmt.SQL.String(), stmt.Vars...)
}

// add adds a statement with its ? parameters.
func (b *stmtBatch) add(sql string, vars ...any) {
	b.sql = append(b.sql, sql)
	b.vars = append(b.vars, vars)
}

// exec sends the statements.
func (b *stmtBatch) exec() error {
	if len(b.sql) == 0 {
		return nil
	}
	if b.multi {
		return b.tx.Exec(strings.Join(b.sql, ";\n"), slices.Concat(b.vars...)...).Error
	}
	for i, q := range b.sql {
		if err := b.tx.Exec(q, b.vars[i]...).Error; err != nil {
			return err
		}
	}
	return nil
}
