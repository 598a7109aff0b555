// The roster of registered job seekers, imported as CSV (Art 2(1)).

package account

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/transform"

	"soudan/internal/apperr"
	"soudan/internal/auth"
	"soudan/internal/validate"
)

// ImportResult reports a roster import.
type ImportResult struct {
	Rows     int
	Verified int
	Rejected []string
}

// MaxImportBytes bounds the roster CSV.
const MaxImportBytes = 2 << 20

// ImportRegistrations reads a roster of registered job seekers (ADMIN only):
// a CSV with the columns 求職番号 and 氏名 (a header row is recognised and
// skipped), UTF-8 or Shift_JIS. Good rows go on the office's roster and
// verify the matching accounts; bad rows are reported by line.
func (s *Service) ImportRegistrations(ctx context.Context, data string) (ImportResult, error) {
	actor, err := auth.RequireAdmin(ctx)
	if err != nil {
		return ImportResult{}, err
	}
	if len(data) > MaxImportBytes {
		return ImportResult{}, apperr.Invalid("csv", "ファイルが大きすぎます（2MBまで）。", "the CSV is larger than 2 MB")
	}
	rows, rejected, err := parseRoster([]byte(data))
	if err != nil {
		return ImportResult{}, err
	}
	res := ImportResult{Rows: len(rows) + len(rejected), Rejected: rejected}
	if len(rows) > 0 {
		var mismatched []Registration
		res.Verified, mismatched, err = s.Store.ImportRegistrations(ctx, actor.OfficeID, rows, actor.AccountID, s.Now(), validate.SameName)
		if err != nil {
			return ImportResult{}, err
		}
		for _, m := range mismatched {
			res.Rejected = append(res.Rejected, fmt.Sprintf("%d行目: 求職番号 %s は別の氏名のアカウントで登録されています（職員が確認してください）", m.Line, m.Number))
		}
		sort.SliceStable(res.Rejected, func(i, j int) bool { return lineOf(res.Rejected[i]) < lineOf(res.Rejected[j]) })
	}
	s.Log.InfoContext(ctx, "registrations imported", "rows", res.Rows, "verified", res.Verified, "rejected", len(rejected), "by", actor.AccountID)
	return res, nil
}

// lineOf reads the line number at the start of a rejection ("12行目: …").
func lineOf(rejection string) int {
	var n int
	_, _ = fmt.Sscanf(rejection, "%d", &n)
	return n
}

func parseRoster(data []byte) ([]Registration, []string, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		decoded, err := io.ReadAll(transform.NewReader(bytes.NewReader(data), japanese.ShiftJIS.NewDecoder()))
		// The decoder turns bytes that are not Shift_JIS into U+FFFD
		// instead of failing, so look for those (a UTF-16 file, say).
		if err != nil || !utf8.Valid(decoded) || bytes.ContainsRune(decoded, utf8.RuneError) {
			return nil, nil, apperr.Invalid("csv", "文字コードは UTF-8 か Shift_JIS にしてください。", "the CSV must be UTF-8 or Shift_JIS")
		}
		data = decoded
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	r.TrimLeadingSpace = true
	var rows []Registration
	var rejected []string
	seen := map[string]bool{}
	for n := 1; ; n++ {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			line := n
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.Line
			}
			return nil, nil, apperr.Invalid("csv", fmt.Sprintf("%d行目: CSV の形式が正しくありません。", line), fmt.Sprintf("line %d: malformed CSV", line))
		}
		// Report the line of the file, as an editor numbers it: csv.Reader
		// skips blank lines, so the record count n is not the line number.
		line, _ := r.FieldPos(0)
		if len(rec) == 0 || (len(rec) == 1 && strings.TrimSpace(rec[0]) == "") {
			continue
		}
		if n == 1 && strings.Contains(rec[0], "求職番号") {
			continue
		}
		if len(rec) < 2 {
			rejected = append(rejected, fmt.Sprintf("%d行目: 求職番号と氏名の2列が必要です", line))
			continue
		}
		number, err := validate.JobSeekerNumber("csv", rec[0])
		if err != nil {
			rejected = append(rejected, fmt.Sprintf("%d行目: 求職番号の形式が正しくありません", line))
			continue
		}
		name, err := validate.Name("csv", rec[1])
		if err != nil {
			rejected = append(rejected, fmt.Sprintf("%d行目: 氏名が正しくありません", line))
			continue
		}
		if seen[number] {
			rejected = append(rejected, fmt.Sprintf("%d行目: 同じ求職番号が前の行にあります", line))
			continue
		}
		seen[number] = true
		rows = append(rows, Registration{Number: number, Name: name, Line: line})
	}
	if len(rows) == 0 && len(rejected) == 0 {
		return nil, nil, apperr.Invalid("csv", "登録する行がありません。", "the CSV has no rows")
	}
	return rows, rejected, nil
}
