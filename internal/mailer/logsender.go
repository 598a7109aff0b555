package mailer

import (
	"context"
	"log/slog"
)

// LogSender is the Sender used when no SMTP server is configured: it logs
// each message once ("mail kept") and returns ErrKept, so the Worker keeps
// the row unsent in the outbox (see the package documentation).
//
// The log line carries the outbox id, the Message-ID, the masked recipient
// (MaskAddress) and the subject; the body only when Development is set,
// because bodies hold personal data and one-time links.
type LogSender struct {
	// Log receives the lines; nil means slog.Default().
	Log *slog.Logger
	// Development adds the body to the log line (local development only).
	Development bool
}

var _ Sender = LogSender{}

// Send logs m and returns ErrKept.
func (s LogSender) Send(ctx context.Context, from string, m Message) error {
	log := s.Log
	if log == nil {
		log = slog.Default()
	}
	attrs := []slog.Attr{
		slog.Int64("mail_id", m.ID),
		slog.String("message_id", m.MessageID),
		slog.String("to", MaskAddress(m.To)),
		slog.String("subject", m.Subject),
	}
	if s.Development {
		attrs = append(attrs, slog.String("body", m.Body))
	}
	log.LogAttrs(ctx, slog.LevelInfo, "mail kept", attrs...)
	return ErrKept
}
