package store

import (
	"context"
	"sync/atomic"

	"gorm.io/gorm"
)

type queryCounterKey struct{}

// WithQueryCounter returns ctx that counts, in n, every SQL statement the
// store runs for it: the measure behind "a request costs a fixed number of
// queries, whatever the number of rows".
func WithQueryCounter(ctx context.Context, n *atomic.Int64) context.Context {
	return context.WithValue(ctx, queryCounterKey{}, n)
}

func registerQueryCounter(db *gorm.DB) error {
	count := func(tx *gorm.DB) {
		if tx.DryRun || tx.Statement == nil || tx.Statement.Context == nil { // DryRun: built for a batch, not sent
			return
		}
		if n, ok := tx.Statement.Context.Value(queryCounterKey{}).(*atomic.Int64); ok {
			n.Add(1)
		}
	}
	cb := db.Callback()
	for _, err := range []error{
		cb.Query().After("gorm:query").Register("soudan:count_query", count),
		cb.Create().After("gorm:create").Register("soudan:count_create", count),
		cb.Update().After("gorm:update").Register("soudan:count_update", count),
		cb.Delete().After("gorm:delete").Register("soudan:count_delete", count),
		cb.Raw().After("gorm:raw").Register("soudan:count_raw", count),
		cb.Row().After("gorm:row").Register("soudan:count_row", count),
	} {
		if err != nil {
			return err
		}
	}
	return nil
}
