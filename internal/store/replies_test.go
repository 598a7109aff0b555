package store_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"soudan/internal/store"
	"soudan/internal/store/storetest"
)

// One instance at a time holds the mailbox's lease: concurrent takers get
// it once; the holder renews it (also at the same instant, where MySQL
// reports no changed row); it is free again on release or expiry, and a
// release records the poll.
func TestInboxLease(t *testing.T) {
	storetest.ForEachDialect(t, func(t *testing.T, d store.Dialect) {
		st := storetest.Open(t, d)
		ctx := context.Background()
		var wg sync.WaitGroup
		var mu sync.Mutex
		winners := 0
		for i := range 6 {
			wg.Go(func() {
				ok, err := st.TakeInboxLease(ctx, "replies", string(rune('a'+i)), t0, time.Minute)
				if err != nil {
					t.Errorf("TakeInboxLease: %v", err)
				}
				if ok {
					mu.Lock()
					winners++
					mu.Unlock()
				}
			})
		}
		wg.Wait()
		if winners != 1 {
			t.Fatalf("%d instances took the lease at once, want 1", winners)
		}
		var owner string
		if err := st.DB().QueryRow("SELECT lease_owner FROM mail_inboxes WHERE name = 'replies'").Scan(&owner); err != nil {
			t.Fatal(err)
		}
		if ok, err := st.TakeInboxLease(ctx, "replies", owner, t0, time.Minute); !ok || err != nil {
			t.Errorf("the holder renewing at the same instant: %v, %v; want it kept", ok, err)
		}
		if ok, _ := st.TakeInboxLease(ctx, "replies", "late", t0.Add(30*time.Second), time.Minute); ok {
			t.Error("another instance took a lease that has not expired")
		}
		if ok, _ := st.TakeInboxLease(ctx, "replies", "late", t0.Add(2*time.Minute), time.Minute); !ok {
			t.Error("another instance could not take an expired lease")
		}
		if err := st.ReleaseInboxLease(ctx, "replies", "late", t0.Add(3*time.Minute), 4); err != nil {
			t.Fatal(err)
		}
		polled, left, err := st.InboxStatus(ctx, "replies")
		if err != nil || !polled.Equal(t0.Add(3*time.Minute)) || left != 4 {
			t.Errorf("InboxStatus = %v, %d, %v; want the release's poll with 4 left", polled, left, err)
		}
		if ok, _ := st.TakeInboxLease(ctx, "replies", owner, t0.Add(3*time.Minute), time.Minute); !ok {
			t.Error("a released lease could not be taken")
		}
		// A failed pass releases without recording a poll.
		if err := st.ReleaseInboxLease(ctx, "replies", owner, t0.Add(4*time.Minute), -1); err != nil {
			t.Fatal(err)
		}
		if polled, left, _ := st.InboxStatus(ctx, "replies"); !polled.Equal(t0.Add(3*time.Minute)) || left != 4 {
			t.Errorf("after a failed pass InboxStatus = %v, %d; want the last good poll", polled, left)
		}
	})
}
