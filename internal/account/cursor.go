package account

import (
	"encoding/base64"
	"strconv"
	"strings"

	"soudan/internal/apperr"
)

// EncodeCursor returns the opaque cursor after row id.
func EncodeCursor(id int64) string {
	return base64.RawURLEncoding.EncodeToString([]byte("id:" + strconv.FormatInt(id, 10)))
}

// DecodeCursor reads a cursor made by EncodeCursor; "" means the start.
func DecodeCursor(c string) (int64, error) {
	if c == "" {
		return 0, nil
	}
	bad := apperr.Invalid("after", "ページの指定が正しくありません。", "invalid cursor")
	if len(c) > 64 {
		return 0, bad
	}
	raw, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil {
		return 0, bad
	}
	s, ok := strings.CutPrefix(string(raw), "id:")
	if !ok {
		return 0, bad
	}
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id < 0 {
		return 0, bad
	}
	return id, nil
}
