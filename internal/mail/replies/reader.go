// Package replies reads the office's mailbox over IMAP and hands each new
// message to a Handler, which decides whether it is a reply the system
// acts on (Art 6(3): a reply to the application mail confirms the
// reservation). Handled messages are moved to a processed folder; the rest
// stay unread in the mailbox for staff, marked with the keyword
// KeywordLeft so that they are judged once, and are counted.
//
// Every server instance runs a Reader; a lease in the database (Lease)
// lets one of them at a time poll the mailbox. A pass that dies midway
// leaves its messages where they were: the next pass judges them again,
// and the Handler must be idempotent.
package replies

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
)

// KeywordLeft marks a message the Handler left for staff.
const KeywordLeft imap.Flag = "$SoudanLeftForStaff"

// Reader defaults.
const (
	DefaultInterval = time.Minute
	DefaultLease    = 5 * time.Minute
	DefaultBatch    = 100
	// LeaseName is the name of the mailbox's lease row.
	LeaseName = "replies"
)

// Verdict is what the Handler decided about a message.
type Verdict int

const (
	// Leave keeps the message unread in the mailbox for staff.
	Leave Verdict = iota
	// Done moves the message to the processed folder.
	Done
)

// Handler judges one message. An error leaves the message as it was, to
// be judged again by the next pass.
type Handler func(ctx context.Context, r Reply) (Verdict, error)

// Lease lets one instance at a time poll the mailbox (implemented by the
// store with conditional updates).
type Lease interface {
	// TakeInboxLease leases the mailbox name to owner until now+lease if it
	// is free, expired or owner's already, and reports whether it did.
	TakeInboxLease(ctx context.Context, name, owner string, now time.Time, lease time.Duration) (bool, error)
	// ReleaseInboxLease ends owner's lease, recording a poll at at that left
	// unmatched messages for staff; unmatched < 0 records no poll.
	ReleaseInboxLease(ctx context.Context, name, owner string, at time.Time, unmatched int) error
}

// Reader polls a mailbox. Set the exported fields before Run or RunOnce.
type Reader struct {
	Mailbox *Mailbox
	Handler Handler
	Lease   Lease
	// Owner identifies this instance in the lease. Required.
	Owner string
	// Interval is the pause between passes (default DefaultInterval).
	Interval time.Duration
	// LeaseFor bounds one pass (default DefaultLease).
	LeaseFor time.Duration
	// Batch is the most messages one pass judges (default DefaultBatch).
	Batch int
	Now   func() time.Time
	Log   *slog.Logger
}

// Result is what one pass did.
type Result struct {
	// Skipped: another instance holds the lease.
	Skipped bool
	// Done and Left count the messages judged by this pass.
	Done, Left int
	// Failed counts the messages the Handler failed on: they are judged
	// again by the next pass.
	Failed int
	// Unmatched is the number of messages left for staff and still unread
	// (-1 when the pass could not count them).
	Unmatched int
}

func (r *Reader) now() time.Time {
	if r.Now != nil {
		return r.Now()
	}
	return time.Now()
}

func (r *Reader) log() *slog.Logger {
	if r.Log != nil {
		return r.Log
	}
	return slog.Default()
}

// Run polls until ctx ends: a pass at once, then one every Interval.
func (r *Reader) Run(ctx context.Context) {
	interval := r.Interval
	if interval <= 0 {
		interval = DefaultInterval
	}
	t := time.NewTimer(0)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if _, err := r.RunOnce(ctx); err != nil && ctx.Err() == nil {
			r.log().ErrorContext(ctx, "reading replies failed; SOUDAN_IMAP_URL", "mailbox", r.Mailbox.String(), "err", err)
		}
		t.Reset(interval)
	}
}

// RunOnce makes one pass if the lease is free: it judges up to Batch new
// messages, moves the handled ones to the processed folder, marks the rest
// and counts those still unread.
func (r *Reader) RunOnce(ctx context.Context) (Result, error) {
	if r.Mailbox == nil || r.Handler == nil || r.Lease == nil || r.Owner == "" {
		return Result{}, errors.New("replies: Reader needs Mailbox, Handler, Lease and Owner")
	}
	leaseFor := r.LeaseFor
	if leaseFor <= 0 {
		leaseFor = DefaultLease
	}
	took, err := r.Lease.TakeInboxLease(ctx, LeaseName, r.Owner, r.now(), leaseFor)
	if err != nil || !took {
		return Result{Skipped: !took}, err
	}
	// The pass ends well before the lease does.
	pctx, cancel := context.WithTimeout(ctx, leaseFor*4/5)
	res, err := r.pass(pctx)
	cancel()
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if rerr := r.Lease.ReleaseInboxLease(rctx, LeaseName, r.Owner, r.now(), res.Unmatched); rerr != nil {
		err = errors.Join(err, rerr)
	}
	return res, err
}

func (r *Reader) pass(ctx context.Context) (Result, error) {
	res := Result{Unmatched: -1}
	c, err := r.Mailbox.dial(ctx)
	if err != nil {
		return res, err
	}
	stop := context.AfterFunc(ctx, func() { _ = c.Close() })
	defer func() {
		stop()
		_ = c.Logout().Wait()
		_ = c.Close()
	}()
	if err := r.ensureProcessed(c); err != nil {
		return res, err
	}
	if _, err := c.Select(r.Mailbox.Name, nil).Wait(); err != nil {
		return res, fmt.Errorf("select %s: %w", r.Mailbox.Name, err)
	}
	found, err := c.UIDSearch(&imap.SearchCriteria{NotFlag: []imap.Flag{KeywordLeft, imap.FlagDeleted}}, nil).Wait()
	if err != nil {
		return res, fmt.Errorf("search: %w", err)
	}
	uids := found.AllUIDs()
	batch := r.Batch
	if batch <= 0 {
		batch = DefaultBatch
	}
	if len(uids) > batch {
		uids = uids[:batch]
	}
	var failures []error
	if len(uids) > 0 {
		header := &imap.FetchItemBodySection{Specifier: imap.PartSpecifierHeader, Peek: true}
		msgs, err := c.Fetch(imap.UIDSetNum(uids...), &imap.FetchOptions{UID: true, InternalDate: true,
			BodySection: []*imap.FetchItemBodySection{header}}).Collect()
		if err != nil {
			return res, fmt.Errorf("fetch: %w", err)
		}
		for _, m := range msgs {
			if ctx.Err() != nil {
				return res, ctx.Err()
			}
			reply := parseHeader(uint32(m.UID), m.InternalDate, m.FindBodySection(header))
			verdict, err := r.Handler(ctx, reply)
			if err != nil {
				// Left as it is, to be judged again; the others go on.
				res.Failed++
				failures = append(failures, fmt.Errorf("message %d: %w", m.UID, err))
				continue
			}
			set := imap.UIDSetNum(m.UID)
			if verdict == Done {
				if _, err := c.Move(set, r.Mailbox.Processed).Wait(); err != nil {
					return res, fmt.Errorf("move message %d: %w", m.UID, err)
				}
				res.Done++
				continue
			}
			err = c.Store(set, &imap.StoreFlags{Op: imap.StoreFlagsAdd, Silent: true, Flags: []imap.Flag{KeywordLeft}}, nil).Close()
			if err != nil {
				return res, fmt.Errorf("mark message %d: %w", m.UID, err)
			}
			res.Left++
		}
	}
	left, err := c.UIDSearch(&imap.SearchCriteria{Flag: []imap.Flag{KeywordLeft}, NotFlag: []imap.Flag{imap.FlagSeen, imap.FlagDeleted}}, nil).Wait()
	if err != nil {
		return res, fmt.Errorf("search: %w", err)
	}
	res.Unmatched = len(left.AllUIDs())
	level := slog.LevelDebug
	if res.Done+res.Left+res.Failed > 0 {
		level = slog.LevelInfo
	}
	r.log().Log(ctx, level, "replies read", "handled", res.Done, "left_for_staff", res.Left, "failed", res.Failed,
		"unread_for_staff", res.Unmatched)
	return res, errors.Join(failures...)
}

// ensureProcessed creates the processed folder when it is missing.
func (r *Reader) ensureProcessed(c *imapclient.Client) error {
	list, err := c.List("", r.Mailbox.Processed, nil).Collect()
	if err != nil {
		return fmt.Errorf("list: %w", err)
	}
	if len(list) > 0 {
		return nil
	}
	if err := c.Create(r.Mailbox.Processed, nil).Wait(); err != nil {
		var ie *imap.Error
		if errors.As(err, &ie) && ie.Code == imap.ResponseCodeAlreadyExists {
			return nil
		}
		return fmt.Errorf("create %s: %w", r.Mailbox.Processed, err)
	}
	return nil
}
