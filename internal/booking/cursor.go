package booking

import (
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
	"time"

	"soudan/internal/apperr"
)

// EncodeCursor returns the opaque cursor after r in a list by (start, id).
func EncodeCursor(r Reservation) string {
	raw := fmt.Sprintf("r:%d:%d", r.StartsAt.UnixMicro(), r.ID)
	return base64.RawURLEncoding.EncodeToString([]byte(raw))
}

// DecodeCursor reads a cursor of EncodeCursor; "" means from the start.
func DecodeCursor(s string) (*Cursor, error) {
	if s == "" {
		return nil, nil
	}
	bad := apperr.Invalid("after", "ページの指定が正しくありません。", "invalid cursor")
	if len(s) > 64 {
		return nil, bad
	}
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return nil, bad
	}
	parts := strings.Split(string(raw), ":")
	if len(parts) != 3 || parts[0] != "r" {
		return nil, bad
	}
	micros, err1 := strconv.ParseInt(parts[1], 10, 64)
	id, err2 := strconv.ParseInt(parts[2], 10, 64)
	if err1 != nil || err2 != nil || id <= 0 {
		return nil, bad
	}
	return &Cursor{StartsAt: time.UnixMicro(micros).UTC(), ID: id}, nil
}
