package validate_test

import (
	"errors"
	"strings"
	"testing"

	"soudan/internal/apperr"
	"soudan/internal/validate"
)

// checkInvalid fails the test unless err is a Validation *apperr.Error for
// field with a Japanese message and an English alternative.
func checkInvalid(t testing.TB, call string, err error, field string) {
	t.Helper()
	var e *apperr.Error
	if !errors.As(err, &e) {
		t.Fatalf("%s error = %v (%T), want *apperr.Error", call, err, err)
	}
	if e.Code != apperr.Validation {
		t.Errorf("%s error code = %v, want %v", call, e.Code, apperr.Validation)
	}
	if e.Field != field {
		t.Errorf("%s error field = %q, want %q", call, e.Field, field)
	}
	if e.Message == "" || e.En == "" {
		t.Errorf("%s error messages = %q / %q, want both non-empty", call, e.Message, e.En)
	}
}

func TestName(t *testing.T) {
	const field = "input.name"
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"Kanji", "都城 太郎", "都城 太郎"},
		{"TrimASCII", "  Taro Miyakonojo \t", "Taro Miyakonojo"},
		{"TrimFullWidthSpace", "\u3000山田\u3000花子\u3000", "山田\u3000花子"},
		{"Katakana", "ヤマダ ハナコ", "ヤマダ ハナコ"},
		{"Latin", "Nguyễn Văn An", "Nguyễn Văn An"},
		{"OneRune", "A", "A"},
		{"Max", strings.Repeat("あ", 100), strings.Repeat("あ", 100)},
		{"MaxEmoji", strings.Repeat("😀", 100), strings.Repeat("😀", 100)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := validate.Name(field, tt.in)
			if err != nil || got != tt.want {
				t.Errorf("Name(%q) = %q, %v, want %q, nil", tt.in, got, err, tt.want)
			}
		})
	}

	rejects := []struct {
		name string
		in   string
	}{
		{"Empty", ""},
		{"Blank", " \u3000 "},
		{"TooLong", strings.Repeat("あ", 101)},
		{"TooManyBytes", strings.Repeat("a", 401)},
		{"Newline", "山田\n花子"},
		{"Tab", "山田\t花子"},
		{"NUL", "山田\x00"},
		{"C1", "山田\u0085花子"},
		{"InvalidUTF8", "\xff"},
		{"InvalidUTF8Inside", "山田\xe3\x81花子"},
	}
	for _, tt := range rejects {
		t.Run("Err"+tt.name, func(t *testing.T) {
			got, err := validate.Name(field, tt.in)
			if err == nil {
				t.Fatalf("Name(%q) = %q, nil, want error", tt.in, got)
			}
			checkInvalid(t, "Name", err, field)
		})
	}
}

func TestConsultation(t *testing.T) {
	const field = "input.content"
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"OneLine", "求人の探し方を相談したい", "求人の探し方を相談したい"},
		{"Newlines", "一行目\n二行目", "一行目\n二行目"},
		{"CRLF", "一行目\r\n二行目\r\n", "一行目\n二行目"},
		{"CR", "一行目\r二行目", "一行目\n二行目"},
		{"MixedBreaks", "a\r\n\r\nb\rc\nd", "a\n\nb\nc\nd"},
		{"Trim", "\u3000\n 相談 \n\n", "相談"},
		{"Max", strings.Repeat("相", 1000), strings.Repeat("相", 1000)},
		{"MaxCRLF", strings.Repeat("相\r\n", 499) + "相", strings.Repeat("相\n", 499) + "相"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := validate.Consultation(field, tt.in)
			if err != nil || got != tt.want {
				t.Errorf("Consultation(%q) = %q, %v, want %q, nil", tt.in, got, err, tt.want)
			}
		})
	}

	rejects := []struct {
		name string
		in   string
	}{
		{"Empty", ""},
		{"OnlyNewlines", "\r\n\n \u3000"},
		{"TooLong", strings.Repeat("相", 1001)},
		{"TooLongASCII", strings.Repeat("a", 1001)},
		{"TooManyBytes", strings.Repeat(" ", 4001)},
		{"Tab", "相談\t内容"},
		{"Bell", "相談\a"},
		{"Escape", "\x1b[31m相談"},
		{"DEL", "相談\x7f"},
		{"InvalidUTF8", "\xff"},
	}
	for _, tt := range rejects {
		t.Run("Err"+tt.name, func(t *testing.T) {
			got, err := validate.Consultation(field, tt.in)
			if err == nil {
				t.Fatalf("Consultation(%q) = %q, nil, want error", tt.in, got)
			}
			checkInvalid(t, "Consultation", err, field)
		})
	}
}

func TestText(t *testing.T) {
	const field = "input.note"
	tests := []struct {
		name      string
		in        string
		min, max  int
		multiline bool
		want      string
	}{
		{"EmptyAllowed", "  ", 0, 10, false, ""},
		{"Exact", "abc", 3, 3, false, "abc"},
		{"Multiline", "a\r\nb", 1, 3, true, "a\nb"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := validate.Text(field, tt.in, tt.min, tt.max, tt.multiline)
			if err != nil || got != tt.want {
				t.Errorf("Text(%q, %d, %d, %v) = %q, %v, want %q, nil", tt.in, tt.min, tt.max, tt.multiline, got, err, tt.want)
			}
		})
	}

	rejects := []struct {
		name      string
		in        string
		min, max  int
		multiline bool
	}{
		{"TooShort", "ab", 3, 10, false},
		{"Empty", "", 1, 10, false},
		{"TooLong", "abcd", 1, 3, false},
		{"TooManyBytes", "a" + strings.Repeat(" ", 12), 1, 3, false},
		{"NewlineSingleLine", "a\nb", 1, 10, false},
		{"InvalidUTF8", "a\xc0", 0, 10, false},
	}
	for _, tt := range rejects {
		t.Run("Err"+tt.name, func(t *testing.T) {
			got, err := validate.Text(field, tt.in, tt.min, tt.max, tt.multiline)
			if err == nil {
				t.Fatalf("Text(%q, %d, %d, %v) = %q, nil, want error", tt.in, tt.min, tt.max, tt.multiline, got)
			}
			checkInvalid(t, "Text", err, field)
		})
	}

	t.Run("BadBoundsPanic", func(t *testing.T) {
		defer func() {
			if recover() == nil {
				t.Errorf("Text with maxRunes < minRunes did not panic")
			}
		}()
		validate.Text(field, "x", 5, 4, false)
	})
}

// errMessage returns the Japanese message of an *apperr.Error, or "".
func errMessage(err error) string {
	if e, ok := apperr.As(err); ok {
		return e.Message
	}
	return ""
}

func TestSameName(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		want bool
	}{
		{"都城 太郎", "都城太郎", true},
		{"都城\u3000太郎", " 都城 太郎 ", true},
		{"ﾐﾔｺﾉｼﾞｮｳ ﾀﾛｳ", "ミヤコノジョウ　タロウ", true},
		{"ＴＡＲＯ", "TARO", true},
		{"都城 太郎", "都城 花子", false},
		{"", "", false},
		{" ", "\u3000", false},
	} {
		if got := validate.SameName(tt.a, tt.b); got != tt.want {
			t.Errorf("SameName(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}
