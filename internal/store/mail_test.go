package store_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"soudan/internal/mail"
	"soudan/internal/mailer"
	"soudan/internal/store"
	"soudan/internal/store/storetest"
)

const lease = time.Minute

// queueMails queues n mails for one staff account (AddToken with a mail)
// and returns them by Message-ID.
func queueMails(t *testing.T, st *store.Store, n int) map[string]mail.Outgoing {
	t.Helper()
	ctx := context.Background()
	o := seededOffice(t, st)
	a := createStaff(t, st, o.ID, "staff@example.com", mail.Outgoing{})
	out := make(map[string]mail.Outgoing, n)
	for i := range n {
		m := mail.Outgoing{To: "staff@example.com", Subject: fmt.Sprintf("件名 %d", i),
			Body: fmt.Sprintf("本文 %d\n", i), MessageID: mail.NewMessageID("test.invalid")}
		if err := st.AddToken(ctx, hashOf(fmt.Sprint("mail ", i)), "reset", a.ID, t0, t0.Add(time.Hour), m); err != nil {
			t.Fatalf("AddToken with mail %d: %v", i, err)
		}
		out[m.MessageID] = m
	}
	return out
}

// claim calls Claim and fails the test on an error.
func claim(t *testing.T, st *store.Store, owner string, now time.Time, limit int) []mailer.Message {
	t.Helper()
	msgs, err := st.Claim(context.Background(), owner, now, lease, limit)
	if err != nil {
		t.Fatalf("Claim(%s, %v): %v", owner, now, err)
	}
	return msgs
}

func TestOutboxClaim(t *testing.T) {
	ctx := context.Background()
	storetest.ForEachDialect(t, func(t *testing.T, d store.Dialect) {
		st := storetest.Open(t, d)
		o := seededOffice(t, st)
		m := mail.Outgoing{To: "new-staff@example.com", Subject: "アカウントのご案内",
			Body: "ようこそ。\nパスワードを設定してください。\n", MessageID: mail.NewMessageID("test.invalid")}
		a := createStaff(t, st, o.ID, "new-staff@example.com", m)
		createStaff(t, st, o.ID, "no-mail@example.com", mail.Outgoing{}) // queues nothing

		if got := claim(t, st, "w1", t0.Add(-time.Second), 10); len(got) != 0 {
			t.Errorf("Claim before the mail is due = %v, want none", got)
		}
		now := t0.Add(time.Second)
		got := claim(t, st, "w1", now, 10)
		want := []mailer.Message{{MessageID: m.MessageID, To: m.To, Subject: m.Subject, Body: m.Body, CreatedAt: t0}}
		if diff := cmp.Diff(want, got, cmpopts.IgnoreFields(mailer.Message{}, "ID")); diff != "" {
			t.Fatalf("Claim mismatch (-want +got):\n%s", diff)
		}
		id := got[0].ID
		var accountID int64
		if err := st.DB().QueryRow("SELECT account_id FROM mail_outbox WHERE id = ?", id).Scan(&accountID); err != nil {
			t.Fatal(err)
		}
		if accountID != a.ID {
			t.Errorf("mail account_id = %d, want %d", accountID, a.ID)
		}

		// During the lease nobody else gets it, not even the same owner.
		for _, owner := range []string{"w2", "w1"} {
			if got := claim(t, st, owner, now.Add(lease/2), 10); len(got) != 0 {
				t.Errorf("Claim(%s) during the lease = %v, want none", owner, got)
			}
		}

		// After the lease another owner takes it over; the first lost it.
		later := now.Add(lease + time.Millisecond)
		got = claim(t, st, "w2", later, 10)
		if len(got) != 1 || got[0].ID != id || got[0].Body != m.Body {
			t.Fatalf("Claim(w2) after the lease = %v, want mail %d", got, id)
		}
		for name, call := range map[string]func() error{
			"MarkSent": func() error { return st.MarkSent(ctx, id, "w1", later) },
			"Retry":    func() error { return st.Retry(ctx, id, "w1", later.Add(time.Hour), "x") },
			"Fail":     func() error { return st.Fail(ctx, id, "w1", later, "x") },
		} {
			if err := call(); !errors.Is(err, mailer.ErrLeaseLost) {
				t.Errorf("%s by the first owner = %v, want ErrLeaseLost", name, err)
			}
		}

		if err := st.MarkSent(ctx, id, "w2", later); err != nil {
			t.Fatalf("MarkSent(w2): %v", err)
		}
		if err := st.MarkSent(ctx, id, "w2", later); !errors.Is(err, mailer.ErrLeaseLost) {
			t.Errorf("second MarkSent = %v, want ErrLeaseLost", err)
		}
		if got := claim(t, st, "w3", later.Add(365*24*time.Hour), 10); len(got) != 0 {
			t.Errorf("Claim a year after MarkSent = %v, want none", got)
		}
	})
}

func TestOutboxClaimOrderAndLimit(t *testing.T) {
	storetest.ForEachDialect(t, func(t *testing.T, d store.Dialect) {
		st := storetest.Open(t, d)
		queueMails(t, st, 5)
		now := t0.Add(time.Second)
		first := claim(t, st, "w1", now, 3)
		second := claim(t, st, "w2", now, 3)
		if len(first) != 3 || len(second) != 2 {
			t.Fatalf("Claim(limit 3) twice returned %d and %d mails, want 3 and 2", len(first), len(second))
		}
		var ids []int64
		for _, m := range append(first, second...) {
			ids = append(ids, m.ID)
		}
		for i := 1; i < len(ids); i++ {
			if ids[i] <= ids[i-1] {
				t.Errorf("claimed ids %v are not oldest first", ids)
				break
			}
		}
	})
}

func TestOutboxRetry(t *testing.T) {
	ctx := context.Background()
	storetest.ForEachDialect(t, func(t *testing.T, d store.Dialect) {
		st := storetest.Open(t, d)
		queueMails(t, st, 1)
		now := t0.Add(time.Second)
		got := claim(t, st, "w1", now, 10)
		if len(got) != 1 {
			t.Fatalf("Claim = %v, want one mail", got)
		}
		id := got[0].ID
		next := now.Add(10 * time.Minute)
		if err := st.Retry(ctx, id, "w1", next, "421 4.7.0 try again later"); err != nil {
			t.Fatalf("Retry: %v", err)
		}
		if err := st.MarkSent(ctx, id, "w1", now); !errors.Is(err, mailer.ErrLeaseLost) {
			t.Errorf("MarkSent after Retry = %v, want ErrLeaseLost (the claim was released)", err)
		}

		var attempts int
		var lastError string
		if err := st.DB().QueryRow("SELECT attempts, last_error FROM mail_outbox WHERE id = ?", id).Scan(&attempts, &lastError); err != nil {
			t.Fatal(err)
		}
		if attempts != 1 || lastError != "421 4.7.0 try again later" {
			t.Errorf("after Retry: attempts=%d last_error=%q, want 1 and the reason", attempts, lastError)
		}

		if got := claim(t, st, "w2", next.Add(-time.Millisecond), 10); len(got) != 0 {
			t.Errorf("Claim before next_attempt_at = %v, want none", got)
		}
		got = claim(t, st, "w2", next, 10)
		if len(got) != 1 || got[0].ID != id || got[0].Attempts != 1 {
			t.Fatalf("Claim at next_attempt_at = %+v, want mail %d with 1 attempt", got, id)
		}
		if err := st.Retry(ctx, id, "w2", next.Add(time.Hour), "again"); err != nil {
			t.Fatal(err)
		}
		got = claim(t, st, "w3", next.Add(time.Hour), 10)
		if len(got) != 1 || got[0].Attempts != 2 {
			t.Errorf("Claim after two retries = %+v, want 2 attempts", got)
		}
	})
}

func TestOutboxFail(t *testing.T) {
	ctx := context.Background()
	storetest.ForEachDialect(t, func(t *testing.T, d store.Dialect) {
		st := storetest.Open(t, d)
		queueMails(t, st, 1)
		now := t0.Add(time.Second)
		got := claim(t, st, "w1", now, 10)
		if len(got) != 1 {
			t.Fatalf("Claim = %v, want one mail", got)
		}
		if err := st.Fail(ctx, got[0].ID, "w1", now, "550 5.1.1 no such user"); err != nil {
			t.Fatalf("Fail: %v", err)
		}
		if got := claim(t, st, "w2", now.Add(365*24*time.Hour), 10); len(got) != 0 {
			t.Errorf("Claim after Fail = %v, want none", got)
		}
		var failed, sent int
		if err := st.DB().QueryRow(`SELECT COUNT(failed_at), COUNT(sent_at) FROM mail_outbox`).Scan(&failed, &sent); err != nil {
			t.Fatal(err)
		}
		if failed != 1 || sent != 0 {
			t.Errorf("after Fail: %d failed, %d sent; want 1 failed and kept unsent", failed, sent)
		}
	})
}

// TestOutboxSealedBodyBoundToRow: a body sealed for one mail cannot be sent
// as another (a sealed body moved between rows fails to open); Claim fails
// such a mail instead of handing it out, and returns the others.
func TestOutboxSealedBodyBoundToRow(t *testing.T) {
	storetest.ForEachDialect(t, func(t *testing.T, d store.Dialect) {
		st := storetest.Open(t, d)
		queueMails(t, st, 2)
		var first, second int64
		if err := st.DB().QueryRow("SELECT MIN(id), MAX(id) FROM mail_outbox").Scan(&first, &second); err != nil {
			t.Fatal(err)
		}
		if _, err := st.DB().Exec(`UPDATE mail_outbox SET body_sealed = (SELECT body_sealed FROM
			(SELECT body_sealed FROM mail_outbox WHERE id = ?) AS src) WHERE id = ?`, first, second); err != nil {
			t.Fatalf("move a sealed body: %v", err)
		}

		now := t0.Add(time.Second)
		got := claim(t, st, "w1", now, 10)
		if len(got) != 1 || got[0].ID != first {
			t.Errorf("Claim = %+v, want only mail %d", got, first)
		}
		var failed int
		if err := st.DB().QueryRow("SELECT COUNT(*) FROM mail_outbox WHERE id = ? AND failed_at IS NOT NULL", second).Scan(&failed); err != nil {
			t.Fatal(err)
		}
		if failed != 1 {
			t.Errorf("mail %d with a foreign body: failed_at not set", second)
		}
		if got := claim(t, st, "w2", now.Add(365*24*time.Hour), 10); len(got) != 1 || got[0].ID != first {
			t.Errorf("Claim a year later = %+v, want only mail %d again (never the failed one)", got, first)
		}
	})
}

// TestOutboxCrash: a worker that claimed a mail and died before MarkSent
// (the process is gone, and with it the Store) does not lose the mail: once
// the lease has run out a new process claims it again, with the same
// Message-ID and body.
func TestOutboxCrash(t *testing.T) {
	ctx := context.Background()
	storetest.ForEachDialect(t, func(t *testing.T, d store.Dialect) {
		dsn := storetest.NewDSN(t, d)
		dead := storetest.OpenDSN(t, dsn, true)
		want := queueMails(t, dead, 1)
		now := t0.Add(time.Second)
		claimed := claim(t, dead, "dead-worker", now, 10)
		if len(claimed) != 1 {
			t.Fatalf("Claim = %v, want one mail", claimed)
		}
		if err := dead.Close(); err != nil {
			t.Fatal(err)
		}

		st := storetest.OpenDSN(t, dsn, false)
		if got := claim(t, st, "new-worker", now.Add(lease/2), 10); len(got) != 0 {
			t.Errorf("Claim while the dead worker's lease runs = %v, want none", got)
		}
		got := claim(t, st, "new-worker", now.Add(lease+time.Millisecond), 10)
		if len(got) != 1 {
			t.Fatalf("Claim after the lease = %v, want the mail again", got)
		}
		m, ok := want[got[0].MessageID]
		if !ok || got[0].ID != claimed[0].ID || got[0].Body != m.Body {
			t.Errorf("reclaimed %+v, want mail %d with Message-ID %s and its body", got[0], claimed[0].ID, claimed[0].MessageID)
		}
		if err := st.MarkSent(ctx, got[0].ID, "new-worker", now.Add(lease+time.Second)); err != nil {
			t.Errorf("MarkSent: %v", err)
		}
	})
}

// TestOutboxConcurrentClaims runs several workers against one database and
// proves that no mail is claimed twice and every mail is sent.
func TestOutboxConcurrentClaims(t *testing.T) {
	ctx := context.Background()
	storetest.ForEachDialect(t, func(t *testing.T, d store.Dialect) {
		st := storetest.Open(t, d)
		const total, workers = 200, 4
		queued := queueMails(t, st, total)
		now := t0.Add(time.Second)

		var mu sync.Mutex
		claimedBy := map[int64][]string{}
		messageIDs := map[string]int64{}
		var wg sync.WaitGroup
		for w := range workers {
			owner := fmt.Sprintf("worker-%d", w)
			wg.Go(func() {
				for {
					msgs, err := st.Claim(ctx, owner, now, time.Hour, 10)
					if err != nil {
						t.Errorf("%s: Claim: %v", owner, err)
						return
					}
					if len(msgs) == 0 {
						return // the rest is held by other workers
					}
					for _, m := range msgs {
						mu.Lock()
						claimedBy[m.ID] = append(claimedBy[m.ID], owner)
						messageIDs[m.MessageID] = m.ID
						mu.Unlock()
						if q, ok := queued[m.MessageID]; !ok || q.Body != m.Body {
							t.Errorf("%s: claimed %q with body %q, want a queued mail and its body", owner, m.MessageID, m.Body)
						}
						if err := st.MarkSent(ctx, m.ID, owner, now); err != nil {
							t.Errorf("%s: MarkSent(%d): %v", owner, m.ID, err)
						}
					}
				}
			})
		}
		wg.Wait()

		for id, owners := range claimedBy {
			if len(owners) != 1 {
				t.Errorf("mail %d claimed %d times: %v", id, len(owners), owners)
			}
		}
		if got := len(claimedBy); got != total {
			t.Errorf("%d distinct mails claimed, want %d", got, total)
		}
		if got := len(messageIDs); got != total {
			t.Errorf("%d distinct Message-IDs claimed, want %d", got, total)
		}
		var unsent int
		if err := st.DB().QueryRow("SELECT COUNT(*) FROM mail_outbox WHERE sent_at IS NULL").Scan(&unsent); err != nil {
			t.Fatal(err)
		}
		if unsent != 0 {
			t.Errorf("%d mails left unsent, want 0", unsent)
		}
	})
}
