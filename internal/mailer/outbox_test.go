package mailer_test

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"soudan/internal/mailer"
	"soudan/internal/testclock"
)

// fakeOutbox is an in-memory mailer.Outbox with the lease semantics of the
// real store: a mutex-protected slice of rows.
type fakeOutbox struct {
	mu     sync.Mutex
	rows   []*fakeRow
	claims int
}

var _ mailer.Outbox = (*fakeOutbox)(nil)

// fakeRow is one outbox row.
type fakeRow struct {
	Msg        mailer.Message
	NextAt     time.Time
	Owner      string
	LeaseUntil time.Time
	Sent       bool
	SentAt     time.Time
	SentBy     string
	Failed     bool
	Reason     string
}

// Add queues m (ID and MessageID are filled in when zero), due at due.
func (o *fakeOutbox) Add(m mailer.Message, due time.Time) mailer.Message {
	o.mu.Lock()
	defer o.mu.Unlock()
	if m.ID == 0 {
		m.ID = int64(len(o.rows) + 1)
	}
	if m.MessageID == "" {
		m.MessageID = fmt.Sprintf("<test-%d@soudan.example.jp>", m.ID)
	}
	if m.CreatedAt.IsZero() {
		m.CreatedAt = due
	}
	o.rows = append(o.rows, &fakeRow{Msg: m, NextAt: due})
	return m
}

// Lease sets a claim by owner until until on row id, as another instance
// would.
func (o *fakeOutbox) Lease(id int64, owner string, until time.Time) {
	o.mu.Lock()
	defer o.mu.Unlock()
	r := o.find(id)
	r.Owner, r.LeaseUntil = owner, until
}

// Row returns a copy of row id.
func (o *fakeOutbox) Row(id int64) fakeRow {
	o.mu.Lock()
	defer o.mu.Unlock()
	return *o.find(id)
}

// Claims returns how many Claim calls were made.
func (o *fakeOutbox) Claims() int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.claims
}

// Unsent returns the number of rows neither sent nor failed.
func (o *fakeOutbox) Unsent() int {
	o.mu.Lock()
	defer o.mu.Unlock()
	n := 0
	for _, r := range o.rows {
		if !r.Sent && !r.Failed {
			n++
		}
	}
	return n
}

func (o *fakeOutbox) find(id int64) *fakeRow {
	for _, r := range o.rows {
		if r.Msg.ID == id {
			return r
		}
	}
	panic(fmt.Sprintf("fakeOutbox: no row %d", id))
}

func (o *fakeOutbox) Claim(ctx context.Context, owner string, now time.Time, lease time.Duration, limit int) ([]mailer.Message, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	o.claims++
	due := make([]*fakeRow, 0)
	for _, r := range o.rows {
		if r.Sent || r.Failed || r.NextAt.After(now) {
			continue
		}
		if r.Owner != "" && r.LeaseUntil.After(now) {
			continue
		}
		due = append(due, r)
	}
	slices.SortStableFunc(due, func(a, b *fakeRow) int { return a.Msg.CreatedAt.Compare(b.Msg.CreatedAt) })
	var out []mailer.Message
	for _, r := range due {
		if len(out) == limit {
			break
		}
		r.Owner, r.LeaseUntil = owner, now.Add(lease)
		out = append(out, r.Msg)
	}
	return out, nil
}

func (o *fakeOutbox) held(id int64, owner string) (*fakeRow, error) {
	r := o.find(id)
	if r.Owner != owner || r.Sent || r.Failed {
		return nil, mailer.ErrLeaseLost
	}
	return r, nil
}

func (o *fakeOutbox) MarkSent(_ context.Context, id int64, owner string, at time.Time) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	r, err := o.held(id, owner)
	if err != nil {
		return err
	}
	r.Sent, r.SentAt, r.SentBy, r.Owner = true, at, owner, ""
	return nil
}

func (o *fakeOutbox) Retry(_ context.Context, id int64, owner string, next time.Time, reason string) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	r, err := o.held(id, owner)
	if err != nil {
		return err
	}
	r.Msg.Attempts++
	r.NextAt, r.Reason, r.Owner = next, reason, ""
	return nil
}

func (o *fakeOutbox) Fail(_ context.Context, id int64, owner string, at time.Time, reason string) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	r, err := o.held(id, owner)
	if err != nil {
		return err
	}
	r.Failed, r.Reason, r.Owner = true, reason, ""
	return nil
}

func newClock() *testclock.Clock {
	return testclock.New(time.Date(2026, 5, 7, 1, 0, 0, 0, time.UTC))
}
