package mail

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
)

// Outgoing is a mail that a change writes to the outbox in its own
// transaction; the Worker sends it later.
type Outgoing struct {
	// AccountID is the recipient's account, or 0 for none.
	AccountID int64
	To        string
	Subject   string
	Body      string
	// MessageID is the stable RFC 5322 Message-ID, fixed here and reused on
	// every delivery attempt.
	MessageID string
	// Notice, when set, is the My Page copy of the mail, written with it:
	// the same text without secret links.
	Notice *Notice
}

// Notice is a My Page notification.
type Notice struct {
	Title string
	Body  string
}

// WithNotice adds the My Page copy of the mail, rendered from the same
// template with publicData: the mail's data without one-time links.
func (o Outgoing) WithNotice(name string, publicData any) (Outgoing, error) {
	subject, body, err := Render(name, publicData)
	if err != nil {
		return Outgoing{}, err
	}
	o.Notice = &Notice{Title: subject, Body: body}
	return o, nil
}

// Compose renders template name with data into an Outgoing mail to to,
// with a fresh Message-ID in domain.
func Compose(domain string, accountID int64, to, name string, data any) (Outgoing, error) {
	subject, body, err := Render(name, data)
	if err != nil {
		return Outgoing{}, err
	}
	return Outgoing{AccountID: accountID, To: to, Subject: subject, Body: body,
		MessageID: NewMessageID(domain)}, nil
}

// DomainOf returns the host of the site's public URL, the domain of the
// Message-IDs of its mails ("soudan.localhost" when there is none).
func DomainOf(publicURL string) string {
	if u, err := url.Parse(publicURL); err == nil && u.Hostname() != "" {
		return u.Hostname()
	}
	return "soudan.localhost"
}

// NewMessageID returns a random Message-ID "<hex@domain>".
func NewMessageID(domain string) string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	if domain == "" {
		domain = "soudan.localhost"
	}
	return fmt.Sprintf("<%s@%s>", hex.EncodeToString(b[:]), domain)
}
