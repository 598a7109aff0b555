package mail

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
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

// NewMessageID returns a random Message-ID "<hex@domain>".
func NewMessageID(domain string) string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	if domain == "" {
		domain = "soudan.localhost"
	}
	return fmt.Sprintf("<%s@%s>", hex.EncodeToString(b[:]), domain)
}
