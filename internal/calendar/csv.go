package calendar

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/encoding/japanese"
)

// The header of syukujitsu.csv.
const (
	csvHeaderDate = "国民の祝日・休日月日"
	csvHeaderName = "国民の祝日・休日名称"
)

// MaxCSVSize is the largest syukujitsu.csv [ParseSyukujitsuCSV] reads, in
// bytes. The Cabinet Office's file is about 20 KB.
const MaxCSVSize = 1 << 20

// Errors of [ParseSyukujitsuCSV], wrapped in a [*CSVError] (bad dates wrap
// [ErrInvalidDate]).
var (
	ErrCSVTooLarge  = errors.New("file too large")
	ErrCSVHeader    = errors.New("bad header, want " + csvHeaderDate + "," + csvHeaderName)
	ErrCSVNoRows    = errors.New("no holidays")
	ErrCSVFields    = errors.New("want 2 fields")
	ErrCSVEncoding  = errors.New("text that is neither Shift_JIS nor UTF-8")
	ErrCSVName      = errors.New("empty holiday name")
	ErrCSVDuplicate = errors.New("duplicated date")
)

// CSVError is an error of [ParseSyukujitsuCSV] at one line of the file.
type CSVError struct {
	Line int   // 1-based; 0 when the error is about the whole file
	Err  error // wraps one of the ErrCSV… errors, ErrInvalidDate, or an encoding/csv error
}

// Error returns the message, naming the line.
func (e *CSVError) Error() string {
	if e.Line == 0 {
		return fmt.Sprintf("calendar: syukujitsu.csv: %v", e.Err)
	}
	return fmt.Sprintf("calendar: syukujitsu.csv: line %d: %v", e.Line, e.Err)
}

// Unwrap returns e.Err, for [errors.Is] and [errors.As].
func (e *CSVError) Unwrap() error { return e.Err }

// ParseSyukujitsuCSV reads the Cabinet Office's list of national holidays,
// syukujitsu.csv, and returns its holidays sorted by date.
//
// The file is Shift_JIS (Windows-31J); UTF-8, with or without a byte order
// mark, is accepted too when the bytes are valid UTF-8 and carry the header.
// The header must be 国民の祝日・休日月日,国民の祝日・休日名称, and each row a
// date written YYYY/M/D (zero padding allowed) and a name, such as
// 2026/5/6,休日. Spaces around fields and empty extra fields are ignored.
//
// A file with no rows, a bad header, a bad date, an empty name or a date that
// appears twice is an error: a [*CSVError] naming the line. The file is read
// up to [MaxCSVSize] bytes.
func ParseSyukujitsuCSV(r io.Reader) ([]Holiday, error) {
	b, err := io.ReadAll(io.LimitReader(r, MaxCSVSize+1))
	if err != nil {
		return nil, fmt.Errorf("calendar: read syukujitsu.csv: %w", err)
	}
	if len(b) > MaxCSVSize {
		return nil, &CSVError{Err: fmt.Errorf("%w: more than %d bytes", ErrCSVTooLarge, MaxCSVSize)}
	}
	text, err := decodeCSV(b)
	if err != nil {
		return nil, &CSVError{Err: err}
	}

	cr := csv.NewReader(strings.NewReader(text))
	cr.FieldsPerRecord = -1
	var (
		holidays []Holiday
		seen     = make(map[Date]int) // date → line
		header   = true
	)
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, &CSVError{Line: pe.Line, Err: pe.Err}
			}
			return nil, &CSVError{Err: err}
		}
		line, _ := cr.FieldPos(0)
		for i := range rec {
			rec[i] = strings.TrimSpace(rec[i])
		}
		if strings.ContainsRune(strings.Join(rec, ""), utf8.RuneError) {
			return nil, &CSVError{Line: line, Err: ErrCSVEncoding}
		}
		// Excel and friends may add empty columns.
		for len(rec) > 2 && rec[len(rec)-1] == "" {
			rec = rec[:len(rec)-1]
		}

		if header {
			header = false
			if len(rec) != 2 || rec[0] != csvHeaderDate || rec[1] != csvHeaderName {
				return nil, &CSVError{Line: line, Err: fmt.Errorf("%w, got %q", ErrCSVHeader, strings.Join(rec, ","))}
			}
			continue
		}

		if len(rec) != 2 {
			return nil, &CSVError{Line: line, Err: fmt.Errorf("%w, got %d", ErrCSVFields, len(rec))}
		}
		d, err := parseSlashDate(rec[0])
		if err != nil {
			return nil, &CSVError{Line: line, Err: err}
		}
		if rec[1] == "" {
			return nil, &CSVError{Line: line, Err: fmt.Errorf("%w for %s", ErrCSVName, d)}
		}
		if first, ok := seen[d]; ok {
			return nil, &CSVError{Line: line, Err: fmt.Errorf("%w %s, first on line %d", ErrCSVDuplicate, d, first)}
		}
		seen[d] = line
		holidays = append(holidays, Holiday{Date: d, Name: rec[1]})
	}
	if header {
		return nil, &CSVError{Err: fmt.Errorf("%w: empty file", ErrCSVHeader)}
	}
	if len(holidays) == 0 {
		return nil, &CSVError{Err: ErrCSVNoRows}
	}
	slices.SortFunc(holidays, func(a, b Holiday) int { return a.Date.Compare(b.Date) })
	return holidays, nil
}

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// decodeCSV returns b as text: as UTF-8 when it is valid UTF-8 (after an
// optional byte order mark) that carries the header, else decoded from
// Shift_JIS.
func decodeCSV(b []byte) (string, error) {
	if u := bytes.TrimPrefix(b, utf8BOM); utf8.Valid(u) {
		first, _, _ := bytes.Cut(u, []byte("\n"))
		if bytes.Contains(first, []byte(csvHeaderDate)) {
			return string(u), nil
		}
	}
	s, err := japanese.ShiftJIS.NewDecoder().Bytes(b)
	if err != nil {
		return "", fmt.Errorf("%w: %v", ErrCSVEncoding, err)
	}
	return string(s), nil
}

// parseSlashDate parses a date of syukujitsu.csv, "YYYY/M/D" with optional
// zero padding of month and day.
func parseSlashDate(s string) (Date, error) {
	parts := strings.Split(s, "/")
	if len(parts) != 3 || len(parts[0]) != 4 || len(parts[1]) > 2 || len(parts[2]) > 2 {
		return Date{}, fmt.Errorf("%w %q: want YYYY/M/D", ErrInvalidDate, s)
	}
	y, ok1 := atoi(parts[0])
	m, ok2 := atoi(parts[1])
	d, ok3 := atoi(parts[2])
	if !ok1 || !ok2 || !ok3 {
		return Date{}, fmt.Errorf("%w %q: want YYYY/M/D", ErrInvalidDate, s)
	}
	if err := checkDate(y, m, d); err != nil {
		return Date{}, fmt.Errorf("%w %q: %s", ErrInvalidDate, s, err)
	}
	return Date{Year: y, Month: time.Month(m), Day: d}, nil
}
