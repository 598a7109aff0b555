package store_test

import (
	"context"
	"testing"
	"time"

	"soudan/internal/mail"
	"soudan/internal/store"
	"soudan/internal/store/storetest"
)

// TestSQLiteWritersWait proves that the store's SQLite transactions start
// with BEGIN IMMEDIATE: a transaction that reads before it writes
// (ConsumeToken) waits for a concurrent writer instead of failing with
// SQLITE_BUSY. A deferred transaction would take its read snapshot, wait
// for the write lock, and then fail at once because the other writer
// committed after the snapshot (the busy timeout does not help there).
func TestSQLiteWritersWait(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := storetest.Open(t, store.SQLite)
	o := seededOffice(t, st)
	a := createStaff(t, st, o.ID, "staff@example.com", mail.Outgoing{})
	h := hashOf("token")
	if err := st.AddToken(ctx, h, "reset", a.ID, t0, t0.Add(time.Hour), mail.Outgoing{}); err != nil {
		t.Fatal(err)
	}

	// Another writer holds the write lock for a while, then commits.
	conn, err := st.DB().Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		t.Fatal(err)
	}
	if _, err := conn.ExecContext(ctx, "INSERT INTO sign_in_failures (email, ip, failed_at) VALUES ('x@example.com', '192.0.2.1', ?)", t0); err != nil {
		t.Fatal(err)
	}

	done := make(chan error, 1)
	go func() {
		_, err := st.ConsumeToken(ctx, h, "reset", t0.Add(time.Minute))
		done <- err
	}()
	time.Sleep(300 * time.Millisecond) // let ConsumeToken start and block
	if _, err := conn.ExecContext(ctx, "COMMIT"); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Errorf("ConsumeToken during another write = %v, want it to wait and succeed", err)
	}
}

// TestSQLiteTimeFormat pins how times are written to SQLite: existing
// databases hold this text, and the store compares times as text in SQL.
func TestSQLiteTimeFormat(t *testing.T) {
	t.Parallel()
	st := storetest.Open(t, store.SQLite)
	o := seededOffice(t, st)
	a := createStaff(t, st, o.ID, "staff@example.com", mail.Outgoing{})
	var got string
	if err := st.DB().QueryRow("SELECT CAST(created_at AS TEXT) FROM accounts WHERE id = ?", a.ID).Scan(&got); err != nil {
		t.Fatal(err)
	}
	if want := "2026-04-01 01:02:03.456789+00:00"; got != want {
		t.Errorf("accounts.created_at is stored as %q, want %q", got, want)
	}
}
