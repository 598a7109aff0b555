package calendar_test

import (
	"bytes"
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/encoding/japanese"

	"soudan/internal/calendar"
)

// syukujitsu2026 is the 2026 part of the Cabinet Office's syukujitsu.csv as
// it is published: CRLF line ends, no zero padding, 休日 for 振替休日 and
// 国民の休日.
const syukujitsu2026 = "国民の祝日・休日月日,国民の祝日・休日名称\r\n" +
	"2026/1/1,元日\r\n" +
	"2026/1/12,成人の日\r\n" +
	"2026/2/11,建国記念の日\r\n" +
	"2026/2/23,天皇誕生日\r\n" +
	"2026/3/20,春分の日\r\n" +
	"2026/4/29,昭和の日\r\n" +
	"2026/5/3,憲法記念日\r\n" +
	"2026/5/4,みどりの日\r\n" +
	"2026/5/5,こどもの日\r\n" +
	"2026/5/6,休日\r\n" +
	"2026/7/20,海の日\r\n" +
	"2026/8/11,山の日\r\n" +
	"2026/9/21,敬老の日\r\n" +
	"2026/9/22,休日\r\n" +
	"2026/9/23,秋分の日\r\n" +
	"2026/10/12,スポーツの日\r\n" +
	"2026/11/3,文化の日\r\n" +
	"2026/11/23,勤労感謝の日\r\n"

// want2026 is what syukujitsu2026 holds.
func want2026() []calendar.Holiday {
	var want []calendar.Holiday
	for _, h := range officialHolidays[2026] {
		if h.Name == calendar.NameSubstitute || h.Name == calendar.NameCitizens {
			h.Name = "休日"
		}
		want = append(want, h)
	}
	return want
}

// shiftJIS encodes s as Shift_JIS; s must be encodable.
func shiftJIS(tb testing.TB, s string) []byte {
	tb.Helper()
	b, err := japanese.ShiftJIS.NewEncoder().Bytes([]byte(s))
	if err != nil {
		tb.Fatalf("encoding %q as Shift_JIS: %v", s, err)
	}
	return b
}

func TestParseSyukujitsuCSV(t *testing.T) {
	tests := []struct {
		name string
		in   []byte
		want []calendar.Holiday
	}{
		{"Shift_JIS as published", shiftJIS(t, syukujitsu2026), want2026()},
		{"UTF-8", []byte(syukujitsu2026), want2026()},
		{"UTF-8 with BOM", append([]byte("\xEF\xBB\xBF"), syukujitsu2026...), want2026()},
		{"LF line ends, no final newline", []byte(strings.TrimSuffix(strings.ReplaceAll(syukujitsu2026, "\r\n", "\n"), "\n")), want2026()},
		{"unsorted rows come back sorted", shiftJIS(t, "国民の祝日・休日月日,国民の祝日・休日名称\r\n2027/1/1,元日\r\n2026/5/6,休日\r\n"),
			holidays([2]string{"2026-05-06", "休日"}, [2]string{"2027-01-01", "元日"})},
		{"zero padding, spaces, quotes and empty columns", []byte("国民の祝日・休日月日,国民の祝日・休日名称,\n 2026/05/06 ,\"休日\",\n\n2026/01/01,元日,,\n"),
			holidays([2]string{"2026-01-01", "元日"}, [2]string{"2026-05-06", "休日"})},
		{"2019's names", shiftJIS(t, "国民の祝日・休日月日,国民の祝日・休日名称\r\n2019/5/1,休日（祝日扱い）\r\n2019/10/22,休日（祝日扱い）\r\n"),
			holidays([2]string{"2019-05-01", "休日（祝日扱い）"}, [2]string{"2019-10-22", "休日（祝日扱い）"})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := calendar.ParseSyukujitsuCSV(bytes.NewReader(tt.in))
			if err != nil {
				t.Fatalf("ParseSyukujitsuCSV() error: %v", err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ParseSyukujitsuCSV() mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestImportedCSVGivesSameOfficeDays feeds a parsed file to a Calendar: the
// office days of 2026 are those of the formula.
func TestImportedCSVGivesSameOfficeDays(t *testing.T) {
	hs, err := calendar.ParseSyukujitsuCSV(bytes.NewReader(shiftJIS(t, syukujitsu2026)))
	if err != nil {
		t.Fatalf("ParseSyukujitsuCSV() error: %v", err)
	}
	imported := calendar.New(calendar.Config{Imported: hs})
	computed := calendar.New(calendar.Config{})
	from, to := date("2026-01-01"), date("2026-12-31")
	var got, want []bool
	for _, d := range imported.Days(from, to) {
		got = append(got, d.Open)
	}
	for _, d := range computed.Days(from, to) {
		want = append(want, d.Open)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("office days with the imported file mismatch (-computed +imported):\n%s", diff)
	}
	if got := imported.Day(date("2026-05-06")).Reason; got != "休日" {
		t.Errorf("Day(2026-05-06).Reason = %q, want 休日", got)
	}
}

func TestParseSyukujitsuCSVErrors(t *testing.T) {
	const header = "国民の祝日・休日月日,国民の祝日・休日名称\r\n"
	tests := []struct {
		name     string
		in       []byte
		wantErr  error
		wantLine int
	}{
		{"empty file", nil, calendar.ErrCSVHeader, 0},
		{"header only", shiftJIS(t, header), calendar.ErrCSVNoRows, 0},
		{"bad header", shiftJIS(t, "日付,名称\r\n2026/1/1,元日\r\n"), calendar.ErrCSVHeader, 1},
		{"header with one column", shiftJIS(t, "国民の祝日・休日月日\r\n2026/1/1,元日\r\n"), calendar.ErrCSVHeader, 1},
		{"no header", shiftJIS(t, "2026/1/1,元日\r\n"), calendar.ErrCSVHeader, 1},
		{"month 13", shiftJIS(t, header+"2026/1/1,元日\r\n2026/13/1,休日\r\n"), calendar.ErrInvalidDate, 3},
		{"Feb 30", shiftJIS(t, header+"2026/2/30,休日\r\n"), calendar.ErrInvalidDate, 2},
		{"Feb 29 of a common year", shiftJIS(t, header+"2027/2/29,休日\r\n"), calendar.ErrInvalidDate, 2},
		{"ISO date", shiftJIS(t, header+"2026-05-06,休日\r\n"), calendar.ErrInvalidDate, 2},
		{"two-digit year", shiftJIS(t, header+"26/5/6,休日\r\n"), calendar.ErrInvalidDate, 2},
		{"empty date", shiftJIS(t, header+",休日\r\n"), calendar.ErrInvalidDate, 2},
		{"full-width digits", shiftJIS(t, header+"２０２６/5/6,休日\r\n"), calendar.ErrInvalidDate, 2},
		{"empty name", shiftJIS(t, header+"2026/1/1,元日\r\n2026/5/6,\r\n"), calendar.ErrCSVName, 3},
		{"blank name", shiftJIS(t, header+"2026/5/6,　\r\n"), calendar.ErrCSVName, 2},
		{"duplicated date", shiftJIS(t, header+"2026/5/6,休日\r\n2026/1/1,元日\r\n2026/05/06,休日\r\n"), calendar.ErrCSVDuplicate, 4},
		{"one field", shiftJIS(t, header+"2026/5/6\r\n"), calendar.ErrCSVFields, 2},
		{"three fields", shiftJIS(t, header+"2026/5/6,休日,振替\r\n"), calendar.ErrCSVFields, 2},
		{"not Shift_JIS", append(shiftJIS(t, header+"2026/5/6,"), 0x81, 0x20, '\r', '\n'), calendar.ErrCSVEncoding, 2},
		{"too large", append(shiftJIS(t, header), bytes.Repeat([]byte("\r\n"), calendar.MaxCSVSize)...), calendar.ErrCSVTooLarge, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := calendar.ParseSyukujitsuCSV(bytes.NewReader(tt.in))
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("ParseSyukujitsuCSV() = %v, %v, want an error wrapping %v", got, err, tt.wantErr)
			}
			var ce *calendar.CSVError
			if !errors.As(err, &ce) {
				t.Fatalf("ParseSyukujitsuCSV() error %v is not a *CSVError", err)
			}
			if ce.Line != tt.wantLine {
				t.Errorf("ParseSyukujitsuCSV() error %q at line %d, want line %d", err, ce.Line, tt.wantLine)
			}
			if tt.wantLine > 0 && !strings.Contains(err.Error(), "line "+strconv.Itoa(tt.wantLine)+":") {
				t.Errorf("ParseSyukujitsuCSV() error %q does not name line %d", err, tt.wantLine)
			}
		})
	}
}

func TestParseSyukujitsuCSVQuoteError(t *testing.T) {
	in := shiftJIS(t, "国民の祝日・休日月日,国民の祝日・休日名称\r\n2026/1/1,元日\r\n2026/5/6,休\"日\r\n")
	_, err := calendar.ParseSyukujitsuCSV(bytes.NewReader(in))
	var ce *calendar.CSVError
	if !errors.As(err, &ce) || ce.Line != 3 {
		t.Errorf("ParseSyukujitsuCSV() = %v, want a *CSVError at line 3", err)
	}
}

func TestParseSyukujitsuCSVReadError(t *testing.T) {
	boom := errors.New("boom")
	_, err := calendar.ParseSyukujitsuCSV(iotest.ErrReader(boom))
	if !errors.Is(err, boom) {
		t.Errorf("ParseSyukujitsuCSV(failing reader) = %v, want an error wrapping %v", err, boom)
	}
}

func FuzzParseSyukujitsuCSV(f *testing.F) {
	f.Add(shiftJIS(f, syukujitsu2026))
	f.Add([]byte("\xEF\xBB\xBF" + syukujitsu2026))
	f.Add(shiftJIS(f, "国民の祝日・休日月日,国民の祝日・休日名称\r\n2026/13/1,休日\r\n"))
	f.Add([]byte("国民の祝日・休日月日,国民の祝日・休日名称\n\"2026/5/6\",\"休\"\"日\"\n"))
	f.Add([]byte{0x81, 0x20, ',', '\n'})
	f.Fuzz(func(t *testing.T, in []byte) {
		hs, err := calendar.ParseSyukujitsuCSV(bytes.NewReader(in))
		if err != nil {
			var ce *calendar.CSVError
			if !errors.As(err, &ce) {
				t.Fatalf("ParseSyukujitsuCSV() error %v is not a *CSVError", err)
			}
			return
		}
		if len(hs) == 0 {
			t.Fatalf("ParseSyukujitsuCSV() = no holidays and no error")
		}
		if !slices.IsSortedFunc(hs, func(a, b calendar.Holiday) int { return a.Date.Compare(b.Date) }) {
			t.Fatalf("ParseSyukujitsuCSV() = %v, not sorted", hs)
		}
		for i, h := range hs {
			if h.Name == "" {
				t.Fatalf("ParseSyukujitsuCSV()[%d] = %v, empty name", i, h)
			}
			if d, err := calendar.ParseDate(h.Date.String()); err != nil || d != h.Date {
				t.Fatalf("ParseSyukujitsuCSV()[%d] = %v, not a real date: %v", i, h, err)
			}
			if i > 0 && hs[i-1].Date == h.Date {
				t.Fatalf("ParseSyukujitsuCSV() has %v twice", h.Date)
			}
		}
	})
}
