package store_test

import (
	"context"
	"testing"

	"soudan/internal/store"
	"soudan/internal/store/storetest"
)

// Every MySQL connection runs at READ COMMITTED, set when it connects, so
// that no transaction spends a round trip on it.
func TestMySQLConnectionsReadCommitted(t *testing.T) {
	storetest.RequireMySQL(t)
	st := storetest.Open(t, store.MySQL)
	ctx := context.Background()
	db := st.DB()
	db.SetMaxOpenConns(3)
	conns := make([]interface{ Close() error }, 0, 3)
	defer func() {
		for _, c := range conns {
			_ = c.Close()
		}
	}()
	for range 3 { // fresh connections, not one reused
		conn, err := db.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		conns = append(conns, conn)
		var level string
		// MySQL 8 names the variable transaction_isolation; MariaDB 10 tx_isolation.
		if err := conn.QueryRowContext(ctx, "SELECT @@SESSION.transaction_isolation").Scan(&level); err != nil {
			if err := conn.QueryRowContext(ctx, "SELECT @@SESSION.tx_isolation").Scan(&level); err != nil {
				t.Fatal(err)
			}
		}
		if level != "READ-COMMITTED" {
			t.Errorf("connection isolation = %q, want READ-COMMITTED", level)
		}
	}
}
