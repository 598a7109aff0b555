package replies

import (
	"bytes"
	"mime"
	netmail "net/mail"
	"regexp"
	"strings"
	"time"
)

// Reply is one message of the mailbox as the Handler sees it. From is
// personal data: never log it.
type Reply struct {
	// UID is the message's IMAP UID (safe to log).
	UID uint32
	// References are the Message-IDs ("<id@domain>") the message answers:
	// In-Reply-To first, then References from the nearest.
	References []string
	// From is the sender's address ("" when there is none).
	From string
	// ReceivedAt is the server's INTERNALDATE: when it arrived.
	ReceivedAt time.Time
	// Automatic marks an auto-reply or a delivery report: an
	// Auto-Submitted header other than "no" (RFC 3834), X-Autoreply,
	// X-Autorespond, Precedence bulk/junk/list/auto_reply, or a
	// multipart/report body.
	Automatic bool
}

// msgIDPattern finds the Message-IDs in In-Reply-To and References (which
// may also hold comments and, in old mail, phrases).
var msgIDPattern = regexp.MustCompile(`<[^<>\s]+>`)

// parseHeader reads the header block of a message.
func parseHeader(uid uint32, received time.Time, header []byte) Reply {
	r := Reply{UID: uid, ReceivedAt: received}
	if !bytes.HasSuffix(header, []byte("\r\n\r\n")) && !bytes.HasSuffix(header, []byte("\n\n")) {
		header = append(header, "\r\n\r\n"...)
	}
	msg, err := netmail.ReadMessage(bytes.NewReader(header))
	if err != nil {
		return r // no usable header: matches nothing
	}
	h := msg.Header
	r.References = append(r.References, msgIDPattern.FindAllString(h.Get("In-Reply-To"), -1)...)
	refs := msgIDPattern.FindAllString(h.Get("References"), -1)
	for i := len(refs) - 1; i >= 0; i-- {
		r.References = append(r.References, refs[i])
	}
	if from, err := h.AddressList("From"); err == nil && len(from) == 1 {
		r.From = from[0].Address
	}
	r.Automatic = automatic(h)
	return r
}

func automatic(h netmail.Header) bool {
	if v := strings.TrimSpace(h.Get("Auto-Submitted")); v != "" {
		kw, _, _ := strings.Cut(v, ";")
		if !strings.EqualFold(strings.TrimSpace(kw), "no") {
			return true
		}
	}
	if h.Get("X-Autoreply") != "" || h.Get("X-Autorespond") != "" {
		return true
	}
	switch strings.ToLower(strings.TrimSpace(h.Get("Precedence"))) {
	case "bulk", "junk", "list", "auto_reply":
		return true
	}
	if mt, _, err := mime.ParseMediaType(h.Get("Content-Type")); err == nil && mt == "multipart/report" {
		return true
	}
	return false
}
