// Package mail composes soudan's e-mail: the Japanese texts every change
// that informs someone writes to the mail outbox, in its own transaction.
// It is what the domain packages (account, booking, office) import; sending
// the queued mails is package mailer's job.
//
// # Templates
//
// Mail texts are Japanese text/template files embedded from templates/*.txt.
// Render renders one of them; the first line of a template is
// "Subject: ...", and Render appends the common footer (office name and
// telephone number, "send-only" notice or, with Office.RepliesRead, that
// replies are read, system notice) to every body.
//
// # Outgoing mails
//
// Compose renders a template into an Outgoing mail with a fresh, stable
// Message-ID (NewMessageID in the domain of the site's public URL,
// DomainOf): the id is fixed when the mail is queued and reused on every
// delivery attempt, so that a mail delivered twice can be recognised.
// WithNotice adds the My Page copy of a mail, rendered without its
// one-time links.
package mail
