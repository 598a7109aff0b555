package mailer

import (
	"context"
	"errors"
	netmail "net/mail"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"
)

// Message is one outbox row as the worker sees it.
type Message struct {
	// ID is the outbox row id. It is safe to log.
	ID int64
	// MessageID is the RFC 5322 Message-ID, "<random@domain>". It is fixed
	// when the row is created and reused on every retry, so that a message
	// sent twice (at-least-once delivery) carries the same id. It is safe to
	// log: it is random and identifies no person.
	MessageID string
	// To is the single recipient address. Personal data: never logged.
	To string
	// Subject is the subject line (UTF-8).
	Subject string
	// Body is the plain-text body (UTF-8). Personal data: never logged
	// outside development.
	Body string
	// ReplyTo, when set, is the Reply-To address: the office's mailbox
	// that replies reach (Worker.ReplyTo). It is not stored in the outbox.
	ReplyTo string
	// Attempts counts the earlier attempts (Outbox.Retry calls) of this row.
	Attempts int
	// CreatedAt is when the row was written.
	CreatedAt time.Time
}

// Outbox is the mail outbox the Worker drains. It is implemented in
// internal/store; every method is one conditional update, so several
// workers (one per server instance) can share one database.
type Outbox interface {
	// Claim leases up to limit due, unsent, not failed messages
	// (next_attempt_at <= now, and no lease or an expired one) to owner until
	// now+lease, and returns them oldest first. Two concurrent Claim calls
	// never return the same row.
	Claim(ctx context.Context, owner string, now time.Time, lease time.Duration, limit int) ([]Message, error)
	// MarkSent records that message id was delivered at at. It succeeds only
	// if owner still holds the claim; otherwise it returns ErrLeaseLost.
	MarkSent(ctx context.Context, id int64, owner string, at time.Time) error
	// Retry releases owner's claim on message id, increments its attempts and
	// makes it due again at next. reason is the last error, without personal
	// data. It returns ErrLeaseLost if owner no longer holds the claim.
	Retry(ctx context.Context, id int64, owner string, next time.Time, reason string) error
	// Fail gives up on message id for good (after MaxAttempts attempts or a
	// permanent rejection); the row stays in the outbox, unsent, with reason.
	// It returns ErrLeaseLost if owner no longer holds the claim.
	Fail(ctx context.Context, id int64, owner string, at time.Time, reason string) error
}

// Sender delivers one message.
//
// Send returns nil once the message was accepted for delivery, an error
// wrapping ErrPermanent when retrying cannot help (an SMTP 5xx rejection of
// the message), ErrKept when the sender deliberately keeps the message
// undelivered (LogSender), and any other error for a temporary failure.
// Error texts must not contain personal data other than masked addresses:
// the Worker stores them as the outbox row's reason.
type Sender interface {
	Send(ctx context.Context, from string, m Message) error
}

// BatchSender is a Sender that can deliver several messages over one
// connection. The Worker sends the messages of each claimed batch through
// one Batch.
type BatchSender interface {
	Sender
	// Batch returns a Batch: a Sender for messages sent one after the
	// other, sharing a connection, until Close.
	Batch() Batch
}

// Batch is a Sender for the messages of one batch (see BatchSender). Its
// Send has the contract of Sender.Send for each message; a failure of one
// message does not fail the next. A Batch is not safe for concurrent use.
type Batch interface {
	Sender
	// Close releases the connection, if one is open.
	Close() error
}

var (
	// ErrLeaseLost is returned by Outbox methods when the caller no longer
	// holds the claim on the row (its lease expired and another worker
	// claimed it).
	ErrLeaseLost = errors.New("mailer: lease lost")

	// ErrPermanent is wrapped by Sender errors that retrying cannot fix,
	// such as an SMTP 5xx rejection of the recipient or the content.
	ErrPermanent = errors.New("mailer: permanent delivery failure")

	// ErrKept is returned by a Sender that deliberately did not deliver the
	// message and wants it kept, unsent, in the outbox (LogSender, used when
	// no SMTP server is configured). The Worker parks such a row for
	// Worker.KeepFor instead of counting a failed attempt against it.
	ErrKept = errors.New("mailer: kept in the outbox, not delivered")
)

// MaskAddress masks the local part of an e-mail address for logs:
// "taro@example.jp" becomes "t***@example.jp". Only the first character of
// the local part and the domain remain; the length of the local part is not
// revealed. A display name ("Taro <taro@example.jp>") is dropped. A string
// without "@" becomes "***", and "" stays "".
func MaskAddress(addr string) string {
	addr = strings.TrimSpace(addr)
	if addr == "" {
		return ""
	}
	if a, err := netmail.ParseAddress(addr); err == nil {
		addr = a.Address
	}
	at := strings.LastIndexByte(addr, '@')
	if at < 0 {
		return "***"
	}
	local, domain := addr[:at], addr[at+1:]
	r, size := utf8.DecodeRuneInString(local)
	if size == 0 || r == utf8.RuneError || r == '"' {
		return "***@" + domain
	}
	return local[:size] + "***@" + domain
}

// addrPattern matches things that look like e-mail addresses inside
// free text such as SMTP server replies.
var addrPattern = regexp.MustCompile(`[^\s<>()\[\],;:"']+@[^\s<>()\[\],;:"']+`)

// maxReasonLen bounds the reason text stored in the outbox.
const maxReasonLen = 300

// sanitizeReason makes an error text fit for the outbox and logs: e-mail
// addresses are masked, line breaks flattened and the text shortened.
func sanitizeReason(s string) string {
	s = addrPattern.ReplaceAllStringFunc(s, MaskAddress)
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > maxReasonLen {
		cut := maxReasonLen
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut] + "…"
	}
	return s
}
