package account

import (
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding/japanese"
)

// FuzzParseRoster: any CSV an administrator uploads parses or fails with a
// clear error, never panics, and every accepted row is a normalised
// 求職番号 with a valid name.
func FuzzParseRoster(f *testing.F) {
	f.Add([]byte("求職番号,氏名\n45040-1234567,山田太郎\nbad,x\n"))
	f.Add([]byte("\xef\xbb\xbf45040-1,A\r\n45040-1,B\r\n"))
	sjis, _ := japanese.ShiftJIS.NewEncoder().String("求職番号,氏名\n45040-12345678,都城 花子\n")
	f.Add([]byte(sjis))
	f.Add([]byte("\"unterminated,quote\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rows, rejected, err := parseRoster(data)
		if err != nil {
			return
		}
		for _, r := range rows {
			if len(r.Number) < 7 || r.Number[5] != '-' || !utf8.ValidString(r.Name) || r.Name == "" {
				t.Errorf("accepted row %+v", r)
			}
		}
		for _, line := range rejected {
			if !utf8.ValidString(line) {
				t.Errorf("rejection %q is not valid UTF-8", line)
			}
		}
	})
}
