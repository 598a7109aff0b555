package replies

import (
	"slices"
	"testing"
	"time"
)

func TestParseHeader(t *testing.T) {
	at := time.Date(2026, 4, 30, 1, 0, 0, 0, time.UTC)
	tests := []struct {
		name      string
		header    string
		refs      []string
		from      string
		automatic bool
	}{
		{"reply", "From: =?UTF-8?B?6YO95Z+OIOiKseWtkA==?= <Hanako@Example.jp>\r\nIn-Reply-To: <a@soudan> (the application)\r\nReferences: <x@y> <a@soudan>\r\n",
			[]string{"<a@soudan>", "<a@soudan>", "<x@y>"}, "Hanako@Example.jp", false},
		{"no header of a reply", "From: a@b.jp\r\nSubject: hello\r\n", nil, "a@b.jp", false},
		{"auto-replied", "From: a@b.jp\r\nAuto-Submitted: auto-replied; owner-email=a@b.jp\r\nIn-Reply-To: <a@soudan>\r\n", []string{"<a@soudan>"}, "a@b.jp", true},
		{"written by a person", "From: a@b.jp\r\nAuto-Submitted: no\r\n", nil, "a@b.jp", false},
		{"vacation", "From: a@b.jp\r\nPrecedence: auto_reply\r\n", nil, "a@b.jp", true},
		{"bounce", "From: MAILER-DAEMON@b.jp\r\nContent-Type: multipart/report; report-type=delivery-status; boundary=x\r\n", nil, "MAILER-DAEMON@b.jp", true},
		{"two senders", "From: a@b.jp, c@d.jp\r\n", nil, "", false},
		{"garbage", "not a header", nil, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := parseHeader(7, at, []byte(tt.header))
			if r.UID != 7 || !r.ReceivedAt.Equal(at) {
				t.Errorf("UID, ReceivedAt = %d, %v", r.UID, r.ReceivedAt)
			}
			if !slices.Equal(r.References, tt.refs) || r.From != tt.from || r.Automatic != tt.automatic {
				t.Errorf("parseHeader = %+v, want refs %v from %q automatic %v", r, tt.refs, tt.from, tt.automatic)
			}
		})
	}
}
