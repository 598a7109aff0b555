// Package mailer sends soudan's e-mail from the transactional outbox: the
// Worker that drains it and the Senders that deliver (SMTP, or a log line
// when no SMTP server is configured). The texts themselves are rendered by
// package mail, which is all the domain packages import.
//
// Every mail is first written as a row of a mail outbox, in the same database
// transaction as the change that causes it (DESIGN.md, invariant 4). A Worker
// in each server instance later drains due rows: it claims a batch with a
// lease (Outbox.Claim), hands the messages to a Sender and records each
// result (MarkSent, Retry with back-off, or Fail). Claims make it safe to run
// a Worker on every instance against one database: two workers never hold
// the same row at the same time, and a worker stops sending from a batch
// before its lease runs out. Delivery is at least once: a crash between the
// SMTP server's acceptance and MarkSent sends the message again after the
// lease expires, with the same Message-ID header (Message.MessageID is fixed
// when the row is created), so receiving systems can recognise the
// duplicate.
//
// # Senders
//
// SMTPSender delivers over SMTP (SOUDAN_SMTP_URL, see NewSMTPSender). The
// Worker sends each claimed batch over one connection (SMTPSender.Batch):
// the session is reset (RSET) between messages, a rejected message leaves
// it for the next, and any other failure closes it and the next message
// opens a new one; each outcome is still recorded message by message, as
// soon as it is known. SMTP 5xx
// replies to RCPT TO and DATA reject the message itself and are permanent
// (errors.Is(err, ErrPermanent)): the message is failed without retry.
// Everything else is temporary and retried with back-off: 4xx replies,
// network and TLS errors, and 5xx replies during connection set-up, AUTH and
// MAIL FROM and any 530 "authentication required", because those are
// problems of the server or of our configuration, not of the message, and
// the mail should go out once they are fixed.
//
// LogSender is used when no SMTP server is configured ("logged and kept"):
// it writes one log line per message (recipient masked, body only in
// development) and returns ErrKept. The Worker treats ErrKept as neither
// success nor failure: it calls Outbox.Retry with the next attempt
// Worker.KeepFor (default 30 days) away, so the row stays unsent in the
// outbox and is not logged again on every poll. Kept rows are never failed.
// To send kept rows after configuring SMTP, an operator resets their
// next_attempt_at (and attempts) in the database.
//
// # Replies
//
// With Worker.ReplyTo set (SOUDAN_MAIL_REPLY_TO) every mail carries a
// Reply-To of the office's mailbox. Package replies reads that mailbox
// over IMAP; a reply to an application mail confirms the application
// (Art 6(3)); see booking.Service.ConfirmByReply.
//
// # Personal data
//
// Recipient addresses and bodies never appear in logs or in the failure
// reasons passed to the Outbox: logs carry the outbox id and the Message-ID,
// and e-mail addresses inside SMTP error texts are masked with MaskAddress.
package mailer
