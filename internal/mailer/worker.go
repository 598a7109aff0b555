package mailer

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	netmail "net/mail"
	"sync"
	"time"

	"soudan/internal/coalesce"
)

// Worker defaults.
const (
	DefaultLease        = 2 * time.Minute
	DefaultBatch        = 20
	DefaultPollInterval = 2 * time.Second
	DefaultMaxAttempts  = 10
	DefaultSendTimeout  = 30 * time.Second
	DefaultKeepFor      = 30 * 24 * time.Hour
	DefaultWakeSettle   = 200 * time.Millisecond
)

// recordTimeout bounds each Outbox call that records a result. Results are
// recorded even after the Run context is cancelled (shutdown flush).
const recordTimeout = 10 * time.Second

// Worker drains the mail outbox: it claims due messages, sends them and
// records the outcome. Run one Worker per server instance, each with its
// own Owner; they share the outbox safely. The exported fields must be set
// before RunOnce or Run is first called and not changed afterwards. RunOnce
// and Run must not run concurrently on one Worker; Wake may be called at any
// time from any goroutine.
type Worker struct {
	// Outbox is the store of queued messages. Required.
	Outbox Outbox
	// Sender delivers messages: an *SMTPSender, or a LogSender when no SMTP
	// server is configured. Required. A BatchSender delivers each claimed
	// batch through one Batch (one SMTP connection).
	Sender Sender
	// From is the sender address, e.g. "ハローワーク都城 <noreply@example.jp>".
	// Required.
	From string
	// ReplyTo, when set, is the Reply-To of every mail: the office's
	// mailbox (SOUDAN_MAIL_REPLY_TO), where replies are read (Art 6(3)).
	ReplyTo string
	// Owner identifies this worker in claims; it must be unique per
	// instance (e.g. host name plus process id plus a random suffix).
	// Required.
	Owner string
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Log receives operational messages (ids only, no personal data); nil
	// means slog.Default().
	Log *slog.Logger

	// Lease is how long a claim lasts (default DefaultLease). The worker
	// stops sending from a claimed batch once less than a fifth of the lease
	// is left, so that a send never outlives its claim.
	Lease time.Duration
	// Batch is the number of messages claimed at a time (default
	// DefaultBatch).
	Batch int
	// PollInterval is the pause between passes of Run when there is nothing
	// to do and nobody calls Wake (default DefaultPollInterval).
	PollInterval time.Duration
	// MaxAttempts is the number of temporary failures after which a message
	// is failed for good (default DefaultMaxAttempts).
	MaxAttempts int
	// Backoff returns the delay before the next attempt after the given
	// failed attempt (1 for the first); nil means DefaultBackoff.
	Backoff func(attempt int) time.Duration
	// SendTimeout bounds one delivery (default DefaultSendTimeout; always
	// cut to the time left on the lease).
	SendTimeout time.Duration
	// KeepFor is how long a message the Sender kept (ErrKept) waits before it
	// is handed to the Sender again (default DefaultKeepFor).
	KeepFor time.Duration
	// WakeSettle is how long Run waits after a Wake for the next one before
	// it starts a pass (default DefaultWakeSettle), at most PollInterval in
	// all: a burst of bookings is mailed in full batches once it has passed,
	// instead of one claim per booking while it is being served. It must
	// be longer than the gaps between a busy server's booking commits,
	// which grow with the load (a batch of bookings commits every 10 to
	// 100 ms in a storm), or mail delivery starts in a gap and takes CPU
	// from the bookings still waiting.
	WakeSettle time.Duration

	wakeOnce sync.Once
	wake     chan struct{}
}

// DefaultBackoff is the default Worker.Backoff: 30s·2^(attempt-1), capped at
// one hour, with ±20% random jitter so that failed messages do not retry in
// lockstep.
func DefaultBackoff(attempt int) time.Duration {
	const base, limit = 30 * time.Second, time.Hour
	d := limit
	if attempt < 1 {
		attempt = 1
	}
	if attempt <= 8 { // 30s·2^7 = 64 min is already past the cap
		d = min(base<<(attempt-1), limit)
	}
	jitter := 0.8 + 0.4*rand.Float64()
	return time.Duration(float64(d) * jitter)
}

// settings are the Worker fields with defaults applied.
type settings struct {
	now          func() time.Time
	log          *slog.Logger
	lease        time.Duration
	batch        int
	pollInterval time.Duration
	maxAttempts  int
	backoff      func(int) time.Duration
	sendTimeout  time.Duration
	keepFor      time.Duration
	wakeSettle   time.Duration
}

func (w *Worker) settings() (settings, error) {
	switch {
	case w.Outbox == nil:
		return settings{}, errors.New("mailer: Worker.Outbox is nil")
	case w.Sender == nil:
		return settings{}, errors.New("mailer: Worker.Sender is nil")
	case w.Owner == "":
		return settings{}, errors.New("mailer: Worker.Owner is empty")
	}
	if _, err := netmail.ParseAddress(w.From); err != nil {
		return settings{}, fmt.Errorf("mailer: Worker.From is not an address: %w", err)
	}
	if w.ReplyTo != "" {
		if _, err := netmail.ParseAddress(w.ReplyTo); err != nil {
			return settings{}, fmt.Errorf("mailer: Worker.ReplyTo is not an address: %w", err)
		}
	}
	s := settings{
		now: w.Now, log: w.Log, lease: w.Lease, batch: w.Batch, pollInterval: w.PollInterval,
		maxAttempts: w.MaxAttempts, backoff: w.Backoff, sendTimeout: w.SendTimeout, keepFor: w.KeepFor,
		wakeSettle: w.WakeSettle,
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.log == nil {
		s.log = slog.Default()
	}
	if s.lease <= 0 {
		s.lease = DefaultLease
	}
	if s.batch <= 0 {
		s.batch = DefaultBatch
	}
	if s.pollInterval <= 0 {
		s.pollInterval = DefaultPollInterval
	}
	if s.maxAttempts <= 0 {
		s.maxAttempts = DefaultMaxAttempts
	}
	if s.backoff == nil {
		s.backoff = DefaultBackoff
	}
	if s.sendTimeout <= 0 {
		s.sendTimeout = DefaultSendTimeout
	}
	if s.keepFor <= 0 {
		s.keepFor = DefaultKeepFor
	}
	if s.wakeSettle <= 0 {
		s.wakeSettle = DefaultWakeSettle
	}
	return s, nil
}

// Wake makes a running Run start a pass soon (once the wakes have settled,
// WakeSettle), e.g. right after a transaction that queued a mail committed.
// It never blocks; wakes while a pass is running coalesce into one more
// pass.
func (w *Worker) Wake() {
	select {
	case w.wakeCh() <- struct{}{}:
	default:
	}
}

func (w *Worker) wakeCh() chan struct{} {
	w.wakeOnce.Do(func() { w.wake = make(chan struct{}, 1) })
	return w.wake
}

// RunOnce claims one batch of due messages, sends them one by one (over
// one connection when the Sender is a BatchSender) and records each
// outcome as soon as it is known. It returns the number of messages sent. The error
// reports an invalid configuration, a failed claim, or failures to record
// outcomes (joined); delivery failures are not errors of RunOnce, they are
// recorded on the messages.
//
// When ctx is cancelled, RunOnce finishes the message being sent, records
// its outcome and returns; the other claimed messages stay leased until the
// lease expires and are then claimed again.
func (w *Worker) RunOnce(ctx context.Context) (sent int, err error) {
	s, err := w.settings()
	if err != nil {
		return 0, err
	}
	sent, _, err = w.pass(ctx, s)
	return sent, err
}

// pass is RunOnce with resolved settings; it also returns how many messages
// it claimed.
func (w *Worker) pass(ctx context.Context, s settings) (sent, claimed int, err error) {
	claimedAt := s.now()
	msgs, err := w.Outbox.Claim(ctx, w.Owner, claimedAt, s.lease, s.batch)
	if err != nil {
		return 0, 0, fmt.Errorf("mailer: claim: %w", err)
	}
	// Stop starting sends when less than this is left on the lease, so that
	// the outcome is recorded while the claim still holds.
	safety := s.lease / 5
	leaseEnd := claimedAt.Add(s.lease)

	// One connection for the whole batch when the Sender can keep one.
	sender := w.Sender
	if bs, ok := sender.(BatchSender); ok && len(msgs) > 0 {
		b := bs.Batch()
		defer func() { _ = b.Close() }()
		sender = b
	}

	var errs []error
	for _, m := range msgs {
		if ctx.Err() != nil {
			break
		}
		left := leaseEnd.Sub(s.now()) - safety
		if left < time.Second {
			s.log.WarnContext(ctx, "mail lease running out; leaving the rest of the batch for a later claim",
				"owner", w.Owner, "mail_id", m.ID)
			break
		}
		ok, err := w.deliver(ctx, s, sender, m, min(left, s.sendTimeout))
		if ok {
			sent++
		}
		if err != nil {
			errs = append(errs, err)
		}
	}
	return sent, len(msgs), errors.Join(errs...)
}

// deliver sends one claimed message through sender and records the
// outcome. It reports whether the message was sent; the error is a failure
// to record.
func (w *Worker) deliver(ctx context.Context, s settings, sender Sender, m Message, timeout time.Duration) (bool, error) {
	// The in-flight send and its bookkeeping survive cancellation of ctx
	// (graceful shutdown), bounded by their own timeouts.
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), timeout)
	m.ReplyTo = w.ReplyTo
	sendErr := sender.Send(sctx, w.From, m)
	cancel()

	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), recordTimeout)
	defer cancel()
	now := s.now()
	attempt := m.Attempts + 1
	log := s.log.With("mail_id", m.ID, "message_id", m.MessageID)

	switch {
	case sendErr == nil:
		err := w.Outbox.MarkSent(rctx, m.ID, w.Owner, now)
		if errors.Is(err, ErrLeaseLost) {
			// Sent, but our claim was gone: another worker may send it too.
			log.WarnContext(ctx, "mail sent after its lease was lost", "owner", w.Owner)
			return true, nil
		}
		if err != nil {
			log.ErrorContext(ctx, "mail sent but not marked sent; it will be sent again", "err", err)
			return true, fmt.Errorf("mailer: mark %d sent: %w", m.ID, err)
		}
		log.InfoContext(ctx, "mail sent", "attempt", attempt)
		return true, nil

	case errors.Is(sendErr, ErrKept):
		next := now.Add(s.keepFor)
		err := w.Outbox.Retry(rctx, m.ID, w.Owner, next, "kept: no SMTP server configured")
		if err := w.recordErr(ctx, log, "keep", m.ID, err); err != nil {
			return false, err
		}
		log.DebugContext(ctx, "mail kept in the outbox", "next_attempt_at", next)
		return false, nil

	case errors.Is(sendErr, ErrPermanent) || attempt >= s.maxAttempts:
		reason := sanitizeReason(sendErr.Error())
		if !errors.Is(sendErr, ErrPermanent) {
			reason = sanitizeReason(fmt.Sprintf("gave up after %d attempts: %s", attempt, sendErr))
		}
		log.ErrorContext(ctx, "mail failed for good", "attempt", attempt, "reason", reason)
		err := w.Outbox.Fail(rctx, m.ID, w.Owner, now, reason)
		if err := w.recordErr(ctx, log, "fail", m.ID, err); err != nil {
			return false, err
		}
		return false, nil

	default:
		reason := sanitizeReason(sendErr.Error())
		next := now.Add(s.backoff(attempt))
		log.WarnContext(ctx, "mail delivery failed; will retry", "attempt", attempt,
			"next_attempt_at", next, "reason", reason)
		err := w.Outbox.Retry(rctx, m.ID, w.Owner, next, reason)
		if err := w.recordErr(ctx, log, "retry", m.ID, err); err != nil {
			return false, err
		}
		return false, nil
	}
}

// recordErr handles the error of recording an unsuccessful outcome. A lost
// lease is only logged: the row belongs to another worker now, which will
// try it again.
func (w *Worker) recordErr(ctx context.Context, log *slog.Logger, op string, id int64, err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, ErrLeaseLost):
		log.WarnContext(ctx, "mail lease lost before the outcome was recorded", "owner", w.Owner, "op", op)
		return nil
	default:
		return fmt.Errorf("mailer: %s %d: %w", op, id, err)
	}
}

// Run drains the outbox until ctx is done: a pass at start, then one after
// every PollInterval of quiet or after Wake (once no Wake has come for
// WakeSettle, and at most PollInterval after the first). While passes claim full
// batches it runs them back to back. Errors of a pass are logged and the
// loop goes on. When ctx is cancelled, Run finishes the message in flight,
// records its outcome and returns nil. It returns an error only for an
// invalid configuration.
func (w *Worker) Run(ctx context.Context) error {
	s, err := w.settings()
	if err != nil {
		return err
	}
	wake := w.wakeCh()
	timer := time.NewTimer(0)
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-timer.C:
		case <-wake:
			coalesce.Settle(ctx, wake, s.wakeSettle, s.pollInterval)
		}
		for ctx.Err() == nil {
			_, claimed, err := w.pass(ctx, s)
			if err != nil && ctx.Err() == nil {
				s.log.ErrorContext(ctx, "mail worker pass failed", "owner", w.Owner, "err", err)
			}
			if err != nil || claimed < s.batch {
				break
			}
		}
		timer.Reset(s.pollInterval) // Go 1.23+ timers: no stale tick after Reset
	}
}
